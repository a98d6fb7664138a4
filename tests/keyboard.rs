//! The window with the keyboard alone: real key presses through WebDriver, no clicks, and after each step
//! the focus where a person expects it (never lost to the page's body).

use std::time::Duration;

use keyfob_testkit::wait;
use keyfob_testkit::x11::{answer_native_dialog, pick_in_file_dialog};
use serde_json::json;

use crate::util::app::{App, assert_secret_code_copied, focus_name, start, tab_to, wait_closed};
use crate::util::session::Session;
use crate::util::vault::GITHUB;

const PAYROLL: &str = "otpauth://totp/Payroll:alice?secret=GEZDGNBVGY3TQOJQ&issuer=Payroll&digits=8";
const TAB: &str = "\u{E004}";
const ENTER: &str = "\u{E007}";
const ESCAPE: &str = "\u{E00C}";
const DOWN: &str = "\u{E015}";
const UP: &str = "\u{E013}";
const LEFT: &str = "\u{E012}";
const RIGHT: &str = "\u{E014}";
const END: &str = "\u{E010}";
const DELETE: &str = "\u{E017}";
const SHIFT: &str = "\u{E008}";
const CONTROL: &str = "\u{E009}";
const F10: &str = "\u{E03A}";
const F1: &str = "\u{E031}";

const BACKSPACE: &str = "\u{E003}";

/// The titles of the native confirmations the window asks for (src-tauri's confirm.rs).
const CONFIRM_BACKUP: &str = "Back up to this folder?";
const CONFIRM_PASSPHRASE: &str = "Protect Keyfob with this passphrase?";

/// Waits until the focus is on what `expected` picks out.
fn wait_focus(app: &App, what: &str, expected: impl Fn(&str) -> bool) {
    wait::poll_seen(
        &format!("the focus on {what}"),
        Duration::from_secs(10),
        || expected(&focus_name(app)).then_some(()),
        || format!("it is on {:?}", focus_name(app)),
    );
}

/// The row that is the list's Tab stop (the one with the focus, in these tests).
const CURRENT_ROW: &str = ".account[tabindex=\"0\"]";

/// Presses `keys` together on the current row: WebDriver's typing holds a modifier (Shift, Control) down
/// for the keys after it.
fn chord(app: &App, keys: &str) {
    app.type_into(CURRENT_ROW, keys);
}

/// Types `text` where the focus is, key by key.
fn type_text(app: &App, text: &str) {
    let keys: Vec<String> = text.chars().map(String::from).collect();
    app.press_keys(&keys.iter().map(String::as_str).collect::<Vec<_>>());
}

/// Puts `text` on the clipboard, as copying it in another app does.
fn copy_to_clipboard(text: &str) {
    let mut xclip = std::process::Command::new("xclip")
        .args(["-selection", "clipboard", "-t", "UTF8_STRING", "-i"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut xclip.stdin.take().unwrap(), text.as_bytes()).unwrap();
    assert!(xclip.wait().unwrap().success());
}

/// Confirms the add preview from the keyboard: Tab to Add, and Enter once it takes presses (it waits a
/// moment after showing, so that a key meant for what was there adds nothing).
fn confirm_preview(app: &App) {
    app.wait_for("#preview-dialog[open]", Duration::from_secs(15));
    tab_to(app, "Add", |f| f == "preview-confirm");
    app.wait_for("#preview-confirm:not([aria-disabled=true])", Duration::from_secs(10));
    app.press_keys(&[ENTER]);
    wait_closed(app, "preview-dialog");
}

#[test]
fn the_list_works_from_the_keyboard_alone() {
    let session = Session::unlocked();
    session.keyfob(&["add", GITHUB, PAYROLL]);
    let app = start(&session, &[]);
    app.wait_text("#accounts", |t| t.contains("Payroll") && t.contains("GitHub"));

    // Down from the search field reaches the list's one Tab stop (the first row); Tab its Copy, its More.
    // "/" goes to the search field from anywhere outside a field.
    app.press_keys(&["/"]);
    wait_focus(&app, "the search field", |f| f == "Search accounts");
    app.press_keys(&[DOWN]);
    wait_focus(&app, "the first row", |f| f.starts_with("GitHub (alice@example.com): code"));
    app.press_keys(&[TAB]);
    wait_focus(&app, "its Copy button", |f| f == "Copy the code for GitHub (alice@example.com)");
    app.press_keys(&[TAB]);
    wait_focus(&app, "its More button", |f| f == "More actions for GitHub (alice@example.com)");
    // The row and its buttons are a grid's cells: Right and Left between them, stopping at either end.
    app.press_keys(&[LEFT]);
    wait_focus(&app, "the Copy button, left of More", |f| f == "Copy the code for GitHub (alice@example.com)");
    app.press_keys(&[LEFT, LEFT]);
    wait_focus(&app, "the row, left of Copy", |f| f.starts_with("GitHub (alice@example.com): code"));
    app.press_keys(&[RIGHT, RIGHT, RIGHT]);
    wait_focus(&app, "the More button, the row's last", |f| f == "More actions for GitHub (alice@example.com)");
    // The next Tab leaves the list: the other rows are reached with the arrows.
    app.press_keys(&[TAB]);
    wait_focus(&app, "the footer, past the list", |f| f == "settings-open");

    // Arrows between rows, Enter copies the row's code.
    app.press_keys(&["/"]);
    wait_focus(&app, "the search field", |f| f == "Search accounts");
    app.press_keys(&[DOWN, DOWN]);
    wait_focus(&app, "the second row", |f| f.starts_with("Payroll (alice): code"));
    app.press_keys(&[UP]);
    wait_focus(&app, "the first row again", |f| f.starts_with("GitHub"));
    app.press_keys(&[ENTER]);
    app.wait_text("#toast-text", |t| t == "Copied GitHub code");
    assert_secret_code_copied(&session, GITHUB);

    // Shift+F10: the row's menu, focus on its first item; arrows move in it; Escape gives focus back.
    app.press_keys(&[END]);
    wait_focus(&app, "the last row", |f| f.starts_with("Payroll"));
    chord(&app, &format!("{SHIFT}{F10}"));
    wait_focus(&app, "the menu's first item", |f| f == "Pin to the top");
    assert_eq!(
        app.execute("return document.getElementById('row-menu').getAttribute('aria-label')", json!([])),
        json!("More actions for Payroll (alice)")
    );
    app.press_keys(&[DOWN]);
    wait_focus(&app, "Move up", |f| f == "Move up");
    app.press_keys(&[ESCAPE]);
    wait_focus(&app, "the row's More button", |f| f == "More actions for Payroll (alice)");
    assert!(app.find_all("#row-menu:not([hidden])").is_empty(), "the menu closed");
    // Pin from the menu: the list is rebuilt (Payroll goes first) and the focus stays with Payroll.
    app.press_keys(&[ENTER]);
    wait_focus(&app, "the menu's first item", |f| f == "Pin to the top");
    app.press_keys(&[ENTER]);
    app.wait_text(".account .issuer", |t| t == "Payroll");
    wait_focus(&app, "Payroll's More button, after the rebuild", |f| f == "More actions for Payroll (alice)");

    // Delete asks first; Escape keeps the account and gives focus back.
    app.press_keys(&[DOWN]);
    wait_focus(&app, "GitHub's row", |f| f.starts_with("GitHub"));
    app.press_keys(&[DELETE]);
    app.wait_for("#delete-dialog[open]", Duration::from_secs(10));
    app.press_keys(&[ESCAPE]);
    wait_closed(&app, "delete-dialog");
    wait_focus(&app, "GitHub's More button", |f| f == "More actions for GitHub (alice@example.com)");
    assert!(session.keyfob(&["list"]).stdout.contains("GitHub"));
    // Delete, then Tab to Remove and Enter: it goes, and the focus lands on the row that took its place.
    app.press_keys(&[UP, DOWN, DELETE]);
    app.wait_for("#delete-dialog[open]", Duration::from_secs(10));
    app.press_keys(&[TAB, ENTER]);
    wait_closed(&app, "delete-dialog");
    app.wait_text("#accounts", |t| !t.contains("GitHub"));
    wait_focus(&app, "the remaining row", |f| f.starts_with("Payroll"));
    assert!(!session.keyfob(&["list"]).stdout.contains("GitHub"));
    // Ctrl+Z brings it back, with the focus on it.
    chord(&app, &format!("{CONTROL}z"));
    app.wait_text("#accounts", |t| t.contains("GitHub"));
    wait_focus(&app, "the account brought back", |f| f.starts_with("GitHub"));
    assert!(session.keyfob(&["list"]).stdout.contains("GitHub"));

    // F1 lists the shortcuts; Escape closes it and the focus comes back.
    app.press_keys(&[F1]);
    app.wait_for("#help-dialog[open]", Duration::from_secs(10));
    assert!(app.text("#help-dialog").contains("Bring back the account you last removed"));
    app.press_keys(&[ESCAPE]);
    wait_closed(&app, "help-dialog");
    wait_focus(&app, "the row again", |f| f.starts_with("GitHub"));
}

/// Adding by paste, backing up, editing, a passphrase, locking and unlocking, and importing a file, with
/// key presses alone (the native confirmations and the file chooser answered with keys too).
#[test]
fn adding_backing_up_editing_locking_and_importing_from_the_keyboard_alone() {
    let session = Session::unlocked();
    std::fs::create_dir_all(session.home()).unwrap();
    let links = session.home().join("links.txt");
    std::fs::write(&links, format!("{PAYROLL}\n")).unwrap();
    let folder = session.home().join("Backups");
    let app = start(&session, &[]);
    app.wait_for("#empty", Duration::from_secs(10));

    // Add by paste: a setup link copied elsewhere, Ctrl+V in the window.
    copy_to_clipboard(GITHUB);
    tab_to(&app, "Other ways to add", |f| f == "empty-add");
    app.type_into("#empty-add", &format!("{CONTROL}v"));
    confirm_preview(&app);
    app.wait_text("#accounts", |t| t.contains("GitHub"));
    assert!(session.keyfob(&["list"]).stdout.contains("GitHub (alice@example.com)"));

    // Backups, offered after the first account: the folder and the password typed, Enter turns them on.
    app.wait_for("#backup-dialog[open]", Duration::from_secs(10));
    tab_to(&app, "the backup folder", |f| f == "backup-folder");
    type_text(&app, folder.to_str().unwrap());
    tab_to(&app, "the backup password", |f| f == "backup-password");
    type_text(&app, "backup password");
    tab_to(&app, "the password again", |f| f == "backup-password2");
    type_text(&app, "backup password");
    let confirming = std::thread::spawn(|| answer_native_dialog(CONFIRM_BACKUP, "Return"));
    app.press_keys(&[ENTER]);
    confirming.join().unwrap();
    app.wait_text("#backup-state", |t| t.starts_with("On: after every change"));
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 1, "one backup made");
    app.press_keys(&[ESCAPE]);
    wait_closed(&app, "backup-dialog");

    // Edit: the row's menu, Edit…, a new name, Enter saves.
    app.press_keys(&["/"]);
    app.press_keys(&[DOWN]);
    wait_focus(&app, "the row", |f| f.starts_with("GitHub"));
    chord(&app, &format!("{SHIFT}{F10}"));
    wait_focus(&app, "the menu", |f| f == "Pin to the top");
    for _ in 0..3 {
        app.press_keys(&[DOWN]);
    }
    wait_focus(&app, "Edit…", |f| f == "Edit…");
    app.press_keys(&[ENTER]);
    app.wait_for("#rename-dialog[open]", Duration::from_secs(10));
    wait_focus(&app, "the name field", |f| f == "rename-name");
    let name_length = "alice@example.com".len();
    app.press_keys(&vec![BACKSPACE; name_length]);
    type_text(&app, "work");
    app.press_keys(&[ENTER]);
    wait_closed(&app, "rename-dialog");
    app.wait_text(".account .name", |t| t == "work");
    assert!(session.keyfob(&["list"]).stdout.contains("GitHub (work)"));

    // A passphrase, from Settings in the footer.
    tab_to(&app, "Settings", |f| f == "settings-open");
    app.press_keys(&[ENTER]);
    app.wait_for("#settings-dialog[open]", Duration::from_secs(10));
    tab_to(&app, "the passphrase field", |f| f == "settings-passphrase");
    type_text(&app, "correct horse battery");
    tab_to(&app, "the passphrase again", |f| f == "The new passphrase again");
    type_text(&app, "correct horse battery");
    let confirming = std::thread::spawn(|| answer_native_dialog(CONFIRM_PASSPHRASE, "Return"));
    app.press_keys(&[ENTER]);
    confirming.join().unwrap();
    app.wait_text("#settings-mode", |t| t.starts_with("Passphrase:"));
    app.press_keys(&[ESCAPE]);
    wait_closed(&app, "settings-dialog");

    // Lock with Ctrl+L, unlock by typing the passphrase and Enter.
    app.press_keys(&["/"]);
    app.press_keys(&[DOWN]);
    chord(&app, &format!("{CONTROL}l"));
    app.wait_for("#unlock-dialog[open]", Duration::from_secs(10));
    assert!(app.find_all(".account").is_empty(), "locked: no account shown");
    wait_focus(&app, "the passphrase field", |f| f == "unlock-passphrase");
    type_text(&app, "correct horse battery");
    app.press_keys(&[ENTER]);
    wait_closed(&app, "unlock-dialog");
    app.wait_text(".account .issuer", |t| t == "GitHub");

    // Import: Import or export, Choose a file…, the file chooser typed into, the preview confirmed.
    tab_to(&app, "Import or export", |f| f == "transfer-open");
    app.press_keys(&[ENTER]);
    app.wait_for("#transfer-dialog[open]", Duration::from_secs(10));
    tab_to(&app, "Choose a file…", |f| f == "import-choose");
    let picking = std::thread::spawn(move || pick_in_file_dialog("Choose the export file", &links));
    app.press_keys(&[ENTER]);
    picking.join().unwrap();
    confirm_preview(&app);
    app.wait_text("#accounts", |t| t.contains("Payroll"));
    let pass = session.home().join("pass");
    std::fs::write(&pass, "correct horse battery").unwrap();
    let listed = session.keyfob(&["list", "--passphrase-file", pass.to_str().unwrap()]).stdout;
    assert!(listed.contains("GitHub (work)") && listed.contains("Payroll (alice)"), "{listed}");
    wait_focus(&app, "somewhere in the window, not the page body", |f| f != "(the page body)");
}
