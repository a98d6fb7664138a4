//! The real Keyfob app for the end-to-end tests: started in a test's keychain session, on the test
//! command's display, through `keyfob_testkit::webdriver`; and what the tests do in its window.

use std::path::{Path, PathBuf};
use std::time::Duration;

use keyfob_testkit::wait;
pub(crate) use keyfob_testkit::webdriver::Driver as App;
use serde_json::json;

use crate::util::otp::codes_around_now;
use crate::util::session::Session;

/// The name the running app holds on the session bus, so that a second launch hands itself over to it
/// (the app's identifier, then the single-instance suffix).
const SINGLE_INSTANCE: &str = "app.keyfob.desktop.SingleInstance";

/// The built app binary, beside the `keyfob` binary Cargo built for these tests. `scripts/test` builds it
/// (`cargo build -p keyfob-app`) before running them.
pub(crate) fn app_bin() -> PathBuf {
    let keyfob = PathBuf::from(env!("CARGO_BIN_EXE_keyfob"));
    let app = keyfob.with_file_name("keyfob-app");
    assert!(app.exists(), "{} is not built; run `cargo build -p keyfob-app` (scripts/test does)", app.display());
    app
}

/// Where end-to-end screenshots are saved: `target/e2e-screenshots`.
pub(crate) fn screenshot_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_keyfob"))
        .parent()
        .and_then(Path::parent)
        .map_or_else(|| PathBuf::from("e2e-screenshots"), |target| target.join("e2e-screenshots"))
}

/// Starts the app in `session` (its vault and keychain), the clock check off unless `env` turns it on.
pub(crate) fn start(session: &Session, env: &[(&str, &str)]) -> App {
    start_with_args(session, &[], env)
}

/// [`start`], with command-line arguments (a deep link, as the OS passes it).
pub(crate) fn start_with_args(session: &Session, args: &[&str], env: &[(&str, &str)]) -> App {
    start_binary(&app_bin(), session, args, env)
}

/// [`start_with_args`] with another build of the app: the one a package installed.
#[expect(clippy::disallowed_methods, reason = "test support: the display the test command started")]
pub(crate) fn start_binary(app: &Path, session: &Session, args: &[&str], env: &[(&str, &str)]) -> App {
    assert!(std::env::var_os("DISPLAY").is_some(), "no DISPLAY: scripts/test starts Xvfb for these tests");
    // A Keyfob still running in this session (its window closed a moment ago, its process not ended yet)
    // would be handed the new launch and leave WebKitWebDriver waiting a minute for a window that never
    // comes: the new one starts once the old one has let its name go.
    wait::until(
        &format!("the Keyfob run before in this session to end (it holds {SINGLE_INSTANCE})"),
        wait::LIMIT,
        || !session.name_has_owner(SINGLE_INSTANCE),
    );
    let base = app_env(session);
    let mut all = borrowed(&base);
    all.extend_from_slice(env);
    App::start(app, args, &all, "#search", &screenshot_dir())
}

/// An environment of owned values (`app_env`, a desktop's or a camera's) as the drivers take it.
pub(crate) fn borrowed<K: Copy>(env: &[(K, String)]) -> Vec<(K, &str)> {
    env.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

/// The app's environment in `session`. HOME and XDG_DATA_HOME point into the session's temporary folder,
/// so what the app registers with the desktop (its otpauth:// handler) never lands in the real home
/// directory. It speaks English whatever the machine's language (an empty variable counts as unset); a
/// test may ask for another language after these.
pub(crate) fn app_env(session: &Session) -> Vec<(&'static str, String)> {
    let text = |path: PathBuf| path.to_str().unwrap_or_default().to_owned();
    vec![
        ("KEYFOB_HOME", text(session.vault())),
        ("DBUS_SESSION_BUS_ADDRESS", session.bus_address().to_owned()),
        ("KEYFOB_TIME_SERVER", "off".to_owned()),
        ("HOME", text(session.home())),
        ("XDG_DATA_HOME", text(session.home())),
        ("XDG_CONFIG_HOME", text(session.home())),
        ("LANG", "C.UTF-8".to_owned()),
        ("LANGUAGE", String::new()),
        ("LC_ALL", String::new()),
        ("LC_MESSAGES", String::new()),
    ]
}

/// Opens `link` as the desktop does when a browser hands it over: a second launch of the app, which passes
/// it to the running window and exits.
pub(crate) fn open_link(session: &Session, link: &str) {
    launch_again(session, link);
}

/// Starts the app again with `argument` while it runs: the second launch hands it to the running app and
/// exits (asserted).
pub(crate) fn launch_again(session: &Session, argument: &str) {
    let status = std::process::Command::new(app_bin())
        .arg(argument)
        .envs(app_env(session))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "the second launch handed {argument:?} over and exited: {status}");
}

/// Waits until dialog `id` is closed (a closed dialog is not drawn, so `wait_for` cannot see it go).
pub(crate) fn wait_closed(app: &App, id: &str) {
    wait::until(&format!("#{id} to close"), wait::LIMIT, || app.find_all(&format!("#{id}[open]")).is_empty());
}

/// Chooses `action` (the item's class: `favourite`, `up`, `down`, `rename`, `delete`) in the "More
/// actions" menu of the row `row` (a CSS selector), with real clicks.
pub(crate) fn row_action(app: &App, row: &str, action: &str) {
    app.click(&format!("{row} .more"));
    app.click(&format!("#row-menu .{action}"));
}

/// The element with focus in the window: its id, or its text when it has none. (Not `:focus`, which
/// matches only in a window the system focused, and no window manager runs on the test display.)
pub(crate) fn focused(app: &App) -> String {
    let script = "const e = document.activeElement; return e.id || e.textContent";
    app.execute(script, json!([])).as_str().unwrap_or_default().to_owned()
}

/// Waits until the element with focus is the one `expected` picks out (see [`focused`]).
pub(crate) fn wait_focused(app: &App, expected: impl Fn(&str) -> bool) -> String {
    let at = |now: String| expected(&now).then_some(now);
    wait::poll_seen(
        "the focus to arrive",
        Duration::from_secs(5),
        || at(focused(app)),
        || format!("it is on {:?}", focused(app)),
    )
}

/// What has the keyboard, as a person hears it: the element's accessible name (its aria-label), else its
/// id, else its name (a radio group's), else its text, else its tag (the host of a closed shadow root,
/// such as the extension's `keyfob-button`, whose inside a page cannot read); "(the page body)" when
/// nothing has it.
pub(crate) fn focus_name(app: &App) -> String {
    let script = "const e = document.activeElement;
        return e === document.body ? '(the page body)'
            : e.getAttribute('aria-label') || e.id || e.name || e.textContent.trim() || e.localName";
    app.execute(script, json!([])).as_str().unwrap_or_default().to_owned()
}

/// Presses Tab until the focus is on what `expected` picks out (see [`focus_name`]; at most 40 times), as
/// a person tabs to a control they cannot click.
pub(crate) fn tab_to(app: &App, what: &str, expected: impl Fn(&str) -> bool) {
    for _ in 0..40 {
        if expected(&focus_name(app)) {
            return;
        }
        app.press_keys(&[keyfob_testkit::webdriver::TAB]);
    }
    panic!("40 presses of Tab never reached {what}; the focus is on {:?}", focus_name(app));
}

/// Ctrl+L in the window: locks a passphrase vault.
pub(crate) fn press_ctrl_l(app: &App) {
    app.execute(
        "document.dispatchEvent(new KeyboardEvent('keydown', { key: 'l', ctrlKey: true, bubbles: true }))",
        json!([]),
    );
}

/// Unlocks the window with the passphrase of [`passphrase_vault`](crate::util::vault::passphrase_vault) and
/// waits for the list.
pub(crate) fn unlock(app: &App) {
    enter_passphrase(app);
    app.wait_text(".account .issuer", |t| t == "GitHub");
}

/// Types "correct horse battery" into the unlock dialog and confirms it.
pub(crate) fn enter_passphrase(app: &App) {
    app.wait_for("#unlock-dialog[open]", Duration::from_secs(10));
    app.execute("document.getElementById('unlock-passphrase').value = ''", json!([]));
    app.type_into("#unlock-passphrase", "correct horse battery");
    app.click("#unlock-confirm");
}

/// The page as the web view holds it: what a locked window must not contain.
pub(crate) fn page_source(app: &App) -> String {
    app.execute("return document.documentElement.outerHTML", json!([])).as_str().unwrap_or_default().to_owned()
}

/// Asserts the clipboard (read by xclip, another X client) holds `link`'s code now, marked as a secret
/// so that clipboard managers keep it out of their history.
pub(crate) fn assert_secret_code_copied(session: &Session, link: &str) {
    let clipboard = session.tool("xclip", &["-o", "-selection", "clipboard"]);
    assert!(codes_around_now(link, 0).contains(&clipboard.stdout.trim().to_owned()), "clipboard: {clipboard:?}");
    let targets = session.tool("xclip", &["-o", "-selection", "clipboard", "-t", "TARGETS"]);
    assert!(targets.stdout.lines().any(|t| t == "x-kde-passwordManagerHint"), "targets: {targets:?}");
    let hint = session.tool("xclip", &["-o", "-selection", "clipboard", "-t", "x-kde-passwordManagerHint"]);
    assert_eq!(hint.stdout, "secret", "{hint:?}");
}
