//! Keyfob reached from the desktop: GNOME Shell's search provider and KDE's KRunner, called with `gdbus`
//! on the test's session bus as the shell and KRunner call them, against the running app.

use std::time::Duration;

use serde_json::json;

use crate::app::{
    GITHUB, assert_secret_code_copied, codes_around_now, page_source, passphrase_vault, press_ctrl_l, unlock, xdotool,
};
use crate::support::Session;
use crate::webdriver::{App, start};

const GNOME: [&str; 2] = ["/app/keyfob/desktop/SearchProvider", "org.gnome.Shell.SearchProvider2"];
const KRUNNER: [&str; 2] = ["/app/keyfob/desktop/KRunner", "org.kde.krunner1"];

/// `gdbus call` of `method` on one of the interfaces (object, interface), with `args` as gdbus parses
/// them; what it printed, and whether it succeeded.
fn call(session: &Session, [object, interface]: [&str; 2], method: &str, args: &[&str]) -> (bool, String) {
    let member = format!("{interface}.{method}");
    let mut all = vec!["call", "--session", "--dest", "app.keyfob.desktop.SearchProvider"];
    all.extend(["--object-path", object, "--method", &member]);
    all.extend_from_slice(args);
    let run = session.tool("gdbus", &all);
    (run.status == Some(0), format!("{}{}", run.stdout.trim(), run.stderr.trim()))
}

/// Waits until the app answers on the bus (it starts serving while the window loads).
fn wait_for_service(session: &Session) {
    for _ in 0..100 {
        if call(session, GNOME, "GetInitialResultSet", &["['x']"]).0 {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("the app never answered on app.keyfob.desktop.SearchProvider");
}

/// The app over a vault holding GitHub (id 1) and GitLab (id 2), its list up.
fn two_accounts() -> (Session, App) {
    let session = Session::unlocked();
    assert_eq!(session.keyfob(&["add", GITHUB]).status, Some(0));
    assert_eq!(session.keyfob(&["add", GITLAB]).status, Some(0));
    let app = start(&session, &[]);
    app.wait_text(".account .issuer", |t| t == "GitHub");
    (session, app)
}

#[test]
fn the_desktops_search_finds_accounts_by_name_and_copies_codes() {
    let (session, app) = two_accounts();
    wait_for_service(&session);

    // GNOME Shell: the ids of what matches every term, then how to show them: names, no codes.
    assert_eq!(call(&session, GNOME, "GetInitialResultSet", &["['git']"]), (true, "(['1', '2'],)".into()));
    assert_eq!(call(&session, GNOME, "GetInitialResultSet", &["['git', 'ALICE']"]), (true, "(['1'],)".into()));
    assert_eq!(call(&session, GNOME, "GetSubsearchResultSet", &["['1', '2']", "['hub']"]), (true, "(['1'],)".into()));
    let (ok, metas) = call(&session, GNOME, "GetResultMetas", &["['1']"]);
    assert!(ok && metas.contains("'name': <'GitHub'>") && metas.contains("'description': <'alice@example.com'>"));
    // With GitHub's icon as pixels (48 × 48 RGBA), as the list shows it.
    assert!(metas.contains("'icon-data': <(48, 48, 192, true, 8, 4, [byte 0x"), "{metas}");
    assert_eq!(metas.matches("0x").count(), 48 * 48 * 4, "every pixel, nothing more");
    assert!(!codes_around_now(GITHUB, 0).iter().any(|c| metas.contains(c.as_str())), "no code by default: {metas}");

    // Choosing it copies the code, marked secret, as a click in the window does.
    assert!(call(&session, GNOME, "ActivateResult", &["1", "['git']", "0"]).0);
    std::thread::sleep(Duration::from_millis(500));
    assert_secret_code_copied(&session, GITHUB);

    // KRunner: the same matches, one query string; running a match copies.
    let (ok, matches) = call(&session, KRUNNER, "Match", &["github"]);
    assert!(ok && matches.starts_with("([('1', 'GitHub', 'keyfob-app', 100, 1.0, {"), "{matches}");
    assert!(matches.contains("'subtext': <'alice@example.com'>"), "{matches}");
    assert!(matches.contains("'icon-data': <(48, 48, 192, true, 8, 4, [byte 0x"), "{matches}");
    assert!(call(&session, KRUNNER, "Run", &["2", "''"]).0);
    std::thread::sleep(Duration::from_millis(500));
    assert_secret_code_copied(&session, GITLAB);
    assert_eq!(call(&session, KRUNNER, "Actions", &[]), (true, "(@a(sss) [],)".into()));

    // Whatever anyone on the bus sends: nothing found, nothing copied, and the app goes on answering.
    let huge = format!("['{}']", "g".repeat(100_000));
    assert_eq!(call(&session, GNOME, "GetInitialResultSet", &[&huge]), (true, "(@as [],)".into()));
    assert_eq!(call(&session, GNOME, "GetInitialResultSet", &["@as []"]), (true, "(@as [],)".into()));
    assert_eq!(call(&session, GNOME, "GetResultMetas", &["['999', 'x', '-1', '']"]), (true, "(@aa{sv} [],)".into()));
    assert!(call(&session, GNOME, "ActivateResult", &["not-an-id", "@as []", "0"]).0);
    assert!(!call(&session, GNOME, "GetInitialResultSet", &["42"]).0, "a wrong signature is an error");
    assert_secret_code_copied(&session, GITLAB);

    // Codes beside the names only when the user turns that on in Settings.
    app.click("#settings-open");
    app.wait_for("#settings-dialog[open]", Duration::from_secs(5));
    app.click("#settings-search-codes");
    app.click("#settings-save");
    app.wait_text("#toast-text", |t| t == "Settings saved");
    let (_, metas) = call(&session, GNOME, "GetResultMetas", &["['1']"]);
    assert!(codes_around_now(GITHUB, 0).iter().any(|c| metas.contains(&format!("alice@example.com · {c}"))), "{metas}");

    // "Show more" opens the window with the query in its search field.
    assert!(call(&session, GNOME, "LaunchSearch", &["['lab']", "0"]).0);
    app.wait_text("#accounts", |t| t.contains("GitLab") && !t.contains("GitHub"));
    assert_eq!(app.execute("return document.getElementById('search').value", json!([])), json!("lab"));
}

#[test]
fn a_locked_vault_finds_nothing_in_the_desktops_search() {
    let (session, _) = passphrase_vault();
    let app = start(&session, &[]);
    wait_for_service(&session);
    assert_eq!(call(&session, GNOME, "GetInitialResultSet", &["['git']"]), (true, "(@as [],)".into()));
    assert_eq!(call(&session, KRUNNER, "Match", &["git"]), (true, "(@a(sssida{sv}) [],)".into()));
    unlock(&app);
    assert_eq!(call(&session, GNOME, "GetInitialResultSet", &["['git']"]), (true, "(['1'],)".into()));
    press_ctrl_l(&app);
    app.wait_for("#unlock-dialog[open]", Duration::from_secs(5));
    assert_eq!(call(&session, GNOME, "GetInitialResultSet", &["['git']"]), (true, "(@as [],)".into()));
    assert_eq!(call(&session, GNOME, "GetResultMetas", &["['1']"]), (true, "(@aa{sv} [],)".into()));
    assert!(call(&session, GNOME, "ActivateResult", &["1", "@as []", "0"]).0, "answered");

    // The palette, opened as a desktop's own shortcut would (`keyfob-app --quick-copy`, handed to the
    // running app): locked, it names nothing and Enter brings the window to unlock.
    let opened = std::process::Command::new(crate::webdriver::app_bin())
        .arg("--quick-copy")
        .envs(crate::webdriver::app_env(&session))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(opened.success());
    wait_window(PALETTE, true);
    let main = app.windows();
    let palette = main.iter().find(|h| {
        app.switch_to(h);
        app.execute("return document.title", json!([])) == json!(PALETTE)
    });
    let palette = palette.expect("the palette is one of the app's windows").clone();
    let said = app.wait_text("#palette-empty", |t| !t.is_empty());
    assert_eq!(said, "Keyfob is locked. Press Enter to unlock it.");
    assert!(app.find_all("#palette-list li").is_empty());
    assert!(!page_source(&app).contains("GitHub"), "no name while locked");
    focus_palette();
    xdotool(&["key", "Return"]);
    wait_window(PALETTE, false);
    let back = main.iter().find(|h| **h != palette).expect("the main window");
    app.switch_to(back);
    app.wait_for("#unlock-dialog[open]", Duration::from_secs(5));
    std::thread::sleep(Duration::from_millis(500));
    // (Another test's clipboard may still be served on the shared display: what matters is no code of ours.)
    let clipboard = session.tool("xclip", &["-o", "-selection", "clipboard"]);
    assert!(!codes_around_now(GITHUB, 0).contains(&clipboard.stdout.trim().to_owned()), "nothing copied while locked");
}

/// Whether a window titled exactly `title` is mapped on the test display.
fn window_shown(title: &str) -> bool {
    let found = std::process::Command::new("xdotool")
        .args(["search", "--onlyvisible", "--name", &format!("^{title}$")])
        .output()
        .unwrap();
    found.status.success() && !found.stdout.is_empty()
}

/// Waits until the window titled `title` is shown (`true`) or gone (`false`).
fn wait_window(title: &str, shown: bool) {
    for _ in 0..100 {
        if window_shown(title) == shown {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("the window {title:?} never became {}", if shown { "shown" } else { "hidden" });
}

const PALETTE: &str = "Keyfob quick copy";
const GITLAB: &str = "otpauth://totp/GitLab:bob?secret=GEZDGNBVGY3TQOJQ";

/// Opens the palette with `keys` from anywhere on the desktop and gives it the keyboard.
fn open_palette(keys: &str) {
    xdotool(&["key", "--clearmodifiers", keys]);
    focus_palette();
}

/// Waits for the palette and gives it the keyboard (no window manager runs on the test display to do it).
fn focus_palette() {
    wait_window(PALETTE, true);
    xdotool(&["search", "--onlyvisible", "--name", &format!("^{PALETTE}$"), "windowfocus", "--sync"]);
    std::thread::sleep(Duration::from_millis(300));
}

/// Ctrl+Alt+K, pressed anywhere (X11), opens the quick-copy palette: typing filters, Enter copies the
/// code and closes it, Esc closes it; the shortcut can be changed in Settings and a bad one is refused.
#[test]
fn the_quick_copy_shortcut_opens_a_palette_that_copies_a_code() {
    let (session, app) = two_accounts();
    std::thread::sleep(Duration::from_millis(500));

    open_palette("ctrl+alt+k");
    xdotool(&["type", "--delay", "50", "lab"]);
    std::thread::sleep(Duration::from_millis(500));
    let shot = crate::webdriver::screenshot_dir().join("24-palette.png");
    assert!(std::process::Command::new("scrot").arg("--overwrite").arg(&shot).status().unwrap().success());
    xdotool(&["key", "Return"]);
    wait_window(PALETTE, false);
    assert_secret_code_copied(&session, GITLAB);

    // Esc closes it and copies nothing.
    open_palette("ctrl+alt+k");
    xdotool(&["type", "--delay", "50", "hub"]);
    xdotool(&["key", "Escape"]);
    wait_window(PALETTE, false);
    assert_secret_code_copied(&session, GITLAB);

    // Another shortcut, from Settings: the old one is let go. One that is no shortcut is refused.
    app.click("#settings-open");
    app.wait_for("#settings-dialog[open]", Duration::from_secs(5));
    assert_eq!(
        app.execute("return document.getElementById('settings-shortcut').value", json!([])),
        json!("Ctrl+Alt+K")
    );
    app.execute("document.getElementById('settings-shortcut').value = 'Ctrl+Nonsense'", json!([]));
    app.click("#settings-shortcut-set");
    app.wait_text("#settings-shortcut-status", |t| t.starts_with("Ctrl+Nonsense cannot be the shortcut"));
    app.execute("document.getElementById('settings-shortcut').value = 'Ctrl+Alt+J'", json!([]));
    app.click("#settings-shortcut-set");
    app.wait_text("#settings-shortcut-status", |t| t == "Press Ctrl+Alt+J anywhere to copy a code.");
    app.execute("document.getElementById('settings-shortcut').scrollIntoView({ block: 'center' })", json!([]));
    app.screenshot("25-settings-quick-copy");
    app.click("#settings-save");
    xdotool(&["key", "--clearmodifiers", "ctrl+alt+k"]);
    std::thread::sleep(Duration::from_millis(1000));
    assert!(!window_shown(PALETTE), "the old shortcut was let go");
    open_palette("ctrl+alt+j");
    xdotool(&["type", "--delay", "50", "hub"]);
    xdotool(&["key", "Return"]);
    wait_window(PALETTE, false);
    assert_secret_code_copied(&session, GITHUB);
}
