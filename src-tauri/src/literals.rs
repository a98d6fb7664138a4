//! Every sentence the app's Rust side shows a person comes from the catalogue (`locales/*/app.ftl`,
//! `errors.ftl`): a literal in `src-tauri/src` that reads as words is a message bypassing it.
//!
//! What this catches: any string literal outside comments, attributes and unit tests with two or more
//! words separated by a space (`keyfob_i18n::lint`), whatever it is passed to (a `CommandError`, a menu
//! item, a notification, a dialog, `format!`). Its limits: a one-word label (`"Keyfob"`, the tray's
//! tooltip) passes, as do words joined without a space or built from pieces at run time; text from the
//! layers below that reaches a person as it is (a library error's English `Display` given as a failure's
//! details) is not seen here (the session says its import and push problems and the backup's failure as
//! `Message`s, worded here before they reach the window: see `keyfob_session::message`); and
//! [`ALLOWED`] lists the literals that are for developers or support, not for the person at the window.

/// Literals that read as words but are no message to a person, each with why.
const ALLOWED: &[keyfob_i18n::lint::Allowed] = &[
    (
        "main.rs",
        "keyfob-app: ",
        "a line on standard error, for whoever started the app from a terminal or reads its log",
    ),
    ("push.rs", "keyfob-app: ", "a line on standard error, for developers"),
    ("quick_copy.rs", "keyfob-app: ", "a line on standard error, for developers"),
    ("search.rs", "keyfob-app: ", "a line on standard error, for developers"),
    ("single_instance.rs", "keyfob-app: ", "a line on standard error, for developers"),
    ("quick_copy.rs", "the app has no config folder", "a failure's details, copied for support in English"),
];

#[test]
fn no_sentence_bypasses_the_catalogue() {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    assert_eq!(keyfob_i18n::lint::worded_in(&src, "literals.rs", ALLOWED), Vec::<String>::new());
}
