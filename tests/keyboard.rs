//! The window with the keyboard alone: real key presses through WebDriver, no clicks, and after each step
//! the focus where a person expects it (never lost to the page's body).

use std::time::Duration;

use keyfob_testkit::wait;
use serde_json::json;

use crate::util::app::{App, assert_secret_code_copied, start, wait_closed};
use crate::util::session::Session;
use crate::util::vault::GITHUB;

const PAYROLL: &str = "otpauth://totp/Payroll:alice?secret=GEZDGNBVGY3TQOJQ&issuer=Payroll&digits=8";
const TAB: &str = "\u{E004}";
const ENTER: &str = "\u{E007}";
const ESCAPE: &str = "\u{E00C}";
const DOWN: &str = "\u{E015}";
const UP: &str = "\u{E013}";
const END: &str = "\u{E010}";
const DELETE: &str = "\u{E017}";
const SHIFT: &str = "\u{E008}";
const CONTROL: &str = "\u{E009}";
const F10: &str = "\u{E03A}";
const F1: &str = "\u{E031}";

/// What has the keyboard: an element's accessible name (its aria-label), else its id, else its text.
fn focus(app: &App) -> String {
    let script = "const e = document.activeElement;
        return e === document.body ? '(the page body)' : e.getAttribute('aria-label') || e.id || e.textContent.trim()";
    app.execute(script, json!([])).as_str().unwrap_or_default().to_owned()
}

/// Waits until the focus is on what `expected` picks out.
fn wait_focus(app: &App, what: &str, expected: impl Fn(&str) -> bool) {
    wait::poll_seen(
        &format!("the focus on {what}"),
        Duration::from_secs(10),
        || expected(&focus(app)).then_some(()),
        || format!("it is on {:?}", focus(app)),
    );
}

/// The row that is the list's Tab stop (the one with the focus, in these tests).
const CURRENT_ROW: &str = ".account[tabindex=\"0\"]";

/// Presses `keys` together on the current row: WebDriver's typing holds a modifier (Shift, Control) down
/// for the keys after it.
fn chord(app: &App, keys: &str) {
    app.type_into(CURRENT_ROW, keys);
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
