//! The command line as it reaches the use cases: what clap makes of arguments (the fixed interface other
//! tools call), checked without running anything.

use clap::{CommandFactory, Parser};

use super::{AutoBackupCommand, Cli, Command, LockCommand, PushCommand};

fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
    Cli::try_parse_from(std::iter::once("keyfob").chain(args.iter().copied()))
}

#[test]
fn the_definition_is_consistent() {
    Cli::command().debug_assert();
}

#[test]
fn global_options_come_before_or_after_the_command() {
    for args in [&["--vault", "/v", "list"][..], &["list", "--vault", "/v"]] {
        let cli = parse(args).unwrap();
        assert_eq!(cli.vault.as_deref(), Some(std::path::Path::new("/v")), "{args:?}");
        assert!(matches!(cli.command, Command::List { json: false }));
    }
    let cli = parse(&["code", "git", "--passphrase-file", "/p", "--at", "59"]).unwrap();
    assert_eq!(cli.passphrase_file.as_deref(), Some(std::path::Path::new("/p")));
    assert!(matches!(cli.command, Command::Code { query: Some(q), at: Some(59) } if q == "git"));
}

#[test]
fn rename_takes_an_issuer_or_no_issuer_never_both() {
    let cli = parse(&["rename", "3", "--no-issuer", "--account", "bob"]).unwrap();
    let Command::Rename { id: 3, issuer: None, no_issuer: true, account: Some(account) } = cli.command else {
        panic!("not the rename asked for");
    };
    assert_eq!(account, "bob");
    assert!(parse(&["rename", "3", "--issuer", "X", "--no-issuer"]).is_err());
    assert!(parse(&["rename", "not-a-number", "--issuer", "X"]).is_err());
}

#[test]
fn export_needs_exactly_one_target() {
    assert!(parse(&["export"]).is_err());
    assert!(parse(&["export", "--uris", "--aegis", "/f"]).is_err());
    let cli = parse(&["export", "--google-qr", "/d", "--i-understand-this-prints-secrets"]).unwrap();
    assert!(matches!(cli.command, Command::Export { google_qr: Some(_), i_understand_this_prints_secrets: true, .. }));
}

#[test]
fn push_answers_carry_the_number_or_the_refusal() {
    let cli = parse(&["push", "approve", "n1", "--answer", "47"]).unwrap();
    assert!(
        matches!(cli.command, Command::Push(PushCommand::Approve { id, answer: Some(a) }) if id == "n1" && a == "47")
    );
    let cli = parse(&["push", "deny", "n1", "--not-me"]).unwrap();
    assert!(matches!(cli.command, Command::Push(PushCommand::Deny { not_me: true, .. })));
    assert!(parse(&["push", "approve"]).is_err(), "an id is needed");
}

#[test]
fn lock_and_backup_settings_take_only_what_they_name() {
    let cli = parse(&["lock", "auto", "--minutes", "0", "--on-screen-lock", "off"]).unwrap();
    assert!(matches!(cli.command, Command::Lock(LockCommand::Auto { minutes: Some(0), on_screen_lock: Some(_) })));
    assert!(parse(&["lock", "auto", "--on-screen-lock", "maybe"]).is_err());
    assert!(parse(&["lock", "auto", "--minutes", "-1"]).is_err());
    assert!(parse(&["auto-backup", "on", "/d"]).is_err(), "the password file is required");
    let cli = parse(&["auto-backup", "on", "/d", "--password-file", "/p"]).unwrap();
    assert!(matches!(cli.command, Command::AutoBackup(AutoBackupCommand::On { keep: 10, .. })), "ten by default");
}

#[test]
fn scan_reads_files_or_the_camera() {
    assert!(parse(&["scan"]).is_err(), "files or --camera");
    assert!(parse(&["scan", "--camera", "a.png"]).is_err());
    let cli = parse(&["scan", "--camera", "--timeout", "5"]).unwrap();
    assert!(matches!(cli.command, Command::Scan { camera: true, timeout: 5, .. }));
}

/// Literals that read as words but are no message to a person, each with why.
const ALLOWED: &[keyfob_i18n::lint::Allowed] = &[
    (
        "browser_cmd.rs",
        "the request is {length} bytes",
        "the browser host's protocol reply: a fixed interface, in English",
    ),
    ("browser_cmd.rs", "#!/bin/sh", "the launcher script's own text, read by whoever opens the file"),
    (
        "browser_cmd.rs",
        "Keyfob: one-time codes",
        "the host manifest's description field, read by browsers, a fixed interface",
    ),
];

/// Every sentence the `keyfob` command shows a person comes from the catalogue (`locales/*/cli.ftl`,
/// `errors.ftl`): a literal in `crates/cli/src` that reads as words is a message bypassing it.
///
/// What this catches: any string literal outside comments, attributes (clap's `#[arg]`, lint reasons) and
/// tests with two or more words separated by a space, whatever it is passed to (`eprintln!`, `format!`,
/// `Failure`, `print`). Its limits: a one-word message (`"on"`, `"unnamed"`) passes, as do words joined
/// without a space or built from pieces at run time; text from the layers below (a library error's
/// English `Display`) reaches the terminal as details and is not checked here (import and push problems
/// and a failed backup come as `Message`s, worded from the catalogue); clap's own help and errors (doc comments) stay English and are
/// not checked; and [`ALLOWED`] lists the literals that are file contents or protocol, not messages.
#[test]
fn no_sentence_bypasses_the_catalogue() {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    assert_eq!(keyfob_i18n::lint::worded_in(&src, "tests.rs", ALLOWED), Vec::<String>::new());
}
