//! Keyfob reached from the desktop: GNOME Shell's search provider and KDE's KRunner, called on the test's
//! session bus as the shell and KRunner call them (a connection owning `org.gnome.Shell` or
//! `org.kde.krunner`, from a process running the program the session's `PATH` names `gnome-shell` or
//! `krunner`: this test's own, see [`as_desktop`]), and by strangers with `gdbus`, against the running app.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use serde_json::json;
use zbus::zvariant::OwnedValue;

use crate::util::app::{App, assert_secret_code_copied, page_source, press_ctrl_l, start, unlock};
use crate::util::otp::codes_around_now;
use crate::util::session::Session;
use crate::util::vault::{GITHUB, passphrase_vault};
use keyfob_testkit::wait;
use keyfob_testkit::x11::{self, xdotool};

const GNOME: [&str; 2] = ["/app/keyfob/desktop/SearchProvider", "org.gnome.Shell.SearchProvider2"];
const KRUNNER: [&str; 2] = ["/app/keyfob/desktop/KRunner", "org.kde.krunner1"];
const SEARCH_BUS_NAME: &str = "app.keyfob.desktop.SearchProvider";
const DENIED: &str = "GDBus.Error:org.freedesktop.DBus.Error.AccessDenied";

/// `gdbus call` of `method` on `dest`'s `object` and `interface`, with `args` as gdbus parses them, from
/// a connection of its own (a stranger to the app); what it printed, and whether it succeeded. A
/// connection that does not answer fails it in 5 s.
fn gdbus(session: &Session, dest: &str, [object, interface]: [&str; 2], method: &str, args: &[&str]) -> (bool, String) {
    let member = format!("{interface}.{method}");
    let mut all = vec!["call", "--session", "--timeout", "5", "--dest", dest, "--object-path", object];
    all.extend_from_slice(&["--method", &member, "--"]);
    all.extend_from_slice(args);
    let run = session.tool("gdbus", &all);
    (run.status == Some(0), format!("{}{}", run.stdout.trim(), run.stderr.trim()))
}

/// A stranger's `gdbus call` of the search provider's `method`.
fn call(session: &Session, interface: [&str; 2], method: &str, args: &[&str]) -> (bool, String) {
    gdbus(session, SEARCH_BUS_NAME, interface, method, args)
}

/// Asserts a stranger's call was refused: an `AccessDenied` error, which also proves the app took it.
fn assert_denied((ok, said): (bool, String)) {
    assert!(!ok && said.contains(DENIED), "{said}");
}

/// A connection on the test's bus owning a desktop's name (`org.gnome.Shell`, `org.kde.krunner`), as
/// the shell's own connection does; it calls the search provider as the shell does.
struct Desktop(zbus::blocking::Connection);

impl Desktop {
    fn owning(session: &Session, name: &'static str) -> Self {
        let connection = zbus::blocking::connection::Builder::address(session.bus_address())
            .unwrap()
            .name(name)
            .unwrap()
            .build()
            .unwrap();
        Self(connection)
    }

    fn call<B, R>(&self, [object, interface]: [&str; 2], method: &str, body: &B) -> zbus::Result<R>
    where
        B: serde::Serialize + zbus::zvariant::DynamicType,
        R: for<'d> zbus::zvariant::DynamicDeserialize<'d>,
    {
        let reply = self.0.call_method(Some(SEARCH_BUS_NAME), object, Some(interface), method, body)?;
        reply.body().deserialize()
    }

    fn search(&self, terms: &[&str]) -> Vec<String> {
        self.call(GNOME, "GetInitialResultSet", &(terms,)).unwrap()
    }

    fn metas(&self, ids: &[&str]) -> Vec<HashMap<String, OwnedValue>> {
        self.call(GNOME, "GetResultMetas", &(ids,)).unwrap()
    }

    fn activate(&self, id: &str) {
        self.call::<_, ()>(GNOME, "ActivateResult", &(id, vec!["x"], 0u32)).unwrap();
    }
}

/// A KRunner match: id, text, icon, type, relevance, properties.
type Match = (String, String, String, i32, f64, HashMap<String, OwnedValue>);

/// A string entry of a result's description.
fn meta(metas: &HashMap<String, OwnedValue>, key: &str) -> String {
    String::try_from(metas.get(key).unwrap().try_clone().unwrap()).unwrap()
}

/// Puts a word on the clipboard, so that a code found there later was copied after this (another test on
/// the same display may have left the same account's code).
fn clear_clipboard(session: &Session) {
    let set = session.tool("sh", &["-c", "printf cleared | xclip -selection clipboard >/dev/null 2>&1"]);
    assert_eq!(set.status, Some(0), "set the clipboard: {}", set.stderr);
}

/// Waits until the clipboard holds one of `link`'s codes (a chosen result is copied by the app's main
/// thread, after the call that chose it returned), then checks it is marked secret. Clear the clipboard
/// first ([`clear_clipboard`]).
///
/// # Panics
/// When no code of `link` is on the clipboard within 10 s, or it is not marked secret.
fn wait_for_code_copied(session: &Session, link: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let clipboard = session.tool("xclip", &["-o", "-selection", "clipboard"]).stdout;
        if codes_around_now(link, 0).contains(&clipboard.trim().to_owned()) {
            break;
        }
        assert!(Instant::now() < deadline, "no code of {link} reached the clipboard within 10 s: {clipboard:?}");
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_secret_code_copied(session, link);
}

/// Waits until the app answers on the bus (it starts serving while the window loads): a stranger is
/// refused once it does.
fn wait_for_service(session: &Session) {
    for _ in 0..100 {
        if call(session, GNOME, "GetInitialResultSet", &["['x']"]).1.contains(DENIED) {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("the app never answered on app.keyfob.desktop.SearchProvider");
}

/// The folder whose programs stand for the desktop's in [`as_desktop`].
fn desktop_programs(session: &Session) -> std::path::PathBuf {
    session.home().join("desktop-programs")
}

/// The app's environment in a desktop session that is `desktops` (`XDG_CURRENT_DESKTOP`), where the
/// programs `shells` (`gnome-shell`, `krunner`) found first on `PATH` are this test's own program: the
/// connections this test opens are then the desktop's search, as the real shell's are on a desktop.
#[expect(clippy::disallowed_methods, reason = "test support: the PATH the test runs with, extended")]
fn as_desktop(session: &Session, desktops: &str, shells: &[&str]) -> Vec<(&'static str, String)> {
    let folder = desktop_programs(session);
    std::fs::create_dir_all(&folder).unwrap();
    for shell in shells {
        std::os::unix::fs::symlink(std::env::current_exe().unwrap(), folder.join(shell)).unwrap();
    }
    let path = format!("{}:{}", folder.display(), std::env::var("PATH").unwrap_or_default());
    vec![("XDG_CURRENT_DESKTOP", desktops.to_owned()), ("PATH", path)]
}

/// GNOME's and KDE's search both answered (`XDG_CURRENT_DESKTOP` may list several desktops).
fn both_desktops(session: &Session) -> Vec<(&'static str, String)> {
    as_desktop(session, "GNOME:KDE", &["gnome-shell", "krunner"])
}

/// The app over a vault holding GitHub (id 1) and GitLab (id 2), its list up, on a desktop that is both
/// GNOME and KDE.
fn two_accounts() -> (Session, App) {
    let session = Session::unlocked();
    assert_eq!(session.keyfob(&["add", GITHUB]).status, Some(0));
    assert_eq!(session.keyfob(&["add", GITLAB]).status, Some(0));
    let app = start(&session, &crate::util::app::borrowed(&both_desktops(&session)));
    app.wait_text(".account .issuer", |t| t == "GitHub");
    (session, app)
}

#[test]
fn the_desktops_search_finds_accounts_by_name_and_copies_codes() {
    let (session, app) = two_accounts();
    wait_for_service(&session);
    let shell = Desktop::owning(&session, "org.gnome.Shell");

    // GNOME Shell: the ids of what matches every term, then how to show them: names, no codes.
    assert_eq!(shell.search(&["git"]), ["1", "2"]);
    assert_eq!(shell.search(&["git", "ALICE"]), ["1"]);
    let sub: Vec<String> = shell.call(GNOME, "GetSubsearchResultSet", &(vec!["1", "2"], vec!["hub"])).unwrap();
    assert_eq!(sub, ["1"]);
    let metas = shell.metas(&["1"]);
    assert_eq!(
        (meta(&metas[0], "name"), meta(&metas[0], "description")),
        ("GitHub".into(), "alice@example.com".into())
    );
    // With GitHub's icon as pixels (48 × 48 RGBA), as the list shows it.
    type Icon = (i32, i32, i32, bool, i32, i32, Vec<u8>);
    let icon = Icon::try_from(metas[0].get("icon-data").unwrap().try_clone().unwrap()).unwrap();
    assert_eq!((icon.0, icon.1, icon.2, icon.3, icon.4, icon.5, icon.6.len()), (48, 48, 192, true, 8, 4, 48 * 48 * 4));
    let description = meta(&metas[0], "description");
    assert!(!codes_around_now(GITHUB, 0).iter().any(|c| description.contains(c.as_str())), "no code by default");

    // Choosing it copies the code, marked secret, as a click in the window does.
    clear_clipboard(&session);
    shell.activate("1");
    wait_for_code_copied(&session, GITHUB);

    // KRunner: the same matches, one query string; running a match copies.
    let krunner = Desktop::owning(&session, "org.kde.krunner");
    let matches: Vec<Match> = krunner.call(KRUNNER, "Match", &("github",)).unwrap();
    assert_eq!(matches.len(), 1);
    assert_eq!((matches[0].0.as_str(), matches[0].1.as_str(), matches[0].3, matches[0].4), ("1", "GitHub", 100, 1.0));
    assert_eq!(meta(&matches[0].5, "subtext"), "alice@example.com");
    assert!(matches[0].5.contains_key("icon-data"));
    let _: Vec<Match> = krunner.call(KRUNNER, "Match", &("gitlab",)).unwrap();
    clear_clipboard(&session);
    krunner.call::<_, ()>(KRUNNER, "Run", &("2", "")).unwrap();
    wait_for_code_copied(&session, GITLAB);
    let actions: Vec<(String, String, String)> = krunner.call(KRUNNER, "Actions", &()).unwrap();
    assert!(actions.is_empty());

    // Whatever the shell sends: nothing found, nothing copied, and the app goes on answering.
    let huge = "g".repeat(100_000);
    assert!(shell.search(&[&huge]).is_empty());
    assert!(shell.search(&[]).is_empty());
    assert!(shell.metas(&["999", "x", "-1", ""]).is_empty());
    shell.activate("not-an-id");
    assert!(shell.call::<_, Vec<String>>(GNOME, "GetInitialResultSet", &(42u32,)).is_err(), "a wrong signature");
    assert_secret_code_copied(&session, GITLAB);

    // Codes beside the names only when the user turns that on in Settings.
    app.click("#settings-open");
    app.wait_for("#settings-dialog[open]", Duration::from_secs(5));
    app.click("#settings-search-codes");
    app.wait_text("#settings-saved", |t| t == "Saved.");
    assert_eq!(shell.search(&["hub"]), ["1"]);
    let description = meta(&shell.metas(&["1"])[0], "description");
    assert!(
        codes_around_now(GITHUB, 0).iter().any(|c| description == format!("alice@example.com · {c}")),
        "{description}"
    );

    // "Show more" opens the window with the query in its search field.
    shell.call::<_, ()>(GNOME, "LaunchSearch", &(vec!["lab"], 0u32)).unwrap();
    app.wait_text("#accounts", |t| t.contains("GitLab") && !t.contains("GitHub"));
    assert_eq!(app.execute("return document.getElementById('search').value", json!([])), json!("lab"));
}

/// Any other program on the session bus: every search call is refused with `AccessDenied` (which also
/// shows the app handled it), and nothing is found, described, copied or stepped. The shell itself
/// describes and chooses only what it was handed, and choosing an HOTP account never makes its code.
#[test]
fn strangers_on_the_bus_get_nothing_from_the_desktops_search_and_hotp_is_never_copied() {
    let session = Session::unlocked();
    for link in [GITHUB, GITLAB, BANK_HOTP] {
        assert_eq!(session.keyfob(&["add", link]).status, Some(0));
    }
    let app = start(
        &session,
        &crate::util::app::borrowed(&as_desktop(&session, "ubuntu:GNOME", &["gnome-shell", "krunner"])),
    );
    app.wait_text(".account .issuer", |t| t == "GitHub");
    wait_for_service(&session);

    assert_denied(call(&session, GNOME, "GetInitialResultSet", &["['git']"]));
    assert_denied(call(&session, GNOME, "GetSubsearchResultSet", &["['1']", "['git']"]));
    assert_denied(call(&session, GNOME, "GetResultMetas", &["['1', '2', '3']"]));
    assert_denied(call(&session, GNOME, "ActivateResult", &["1", "['git']", "0"]));
    assert_denied(call(&session, GNOME, "ActivateResult", &["3", "['bank']", "0"]));
    assert_denied(call(&session, GNOME, "LaunchSearch", &["['git']", "0"]));
    assert_denied(call(&session, KRUNNER, "Match", &["git"]));
    assert_denied(call(&session, KRUNNER, "Run", &["1", "''"]));
    assert_denied(call(&session, KRUNNER, "Run", &["3", "''"]));

    // The shell was handed 1 and 2; it is told nothing of 3, which no search gave it, and a stranger
    // cannot use what the shell was given.
    let shell = Desktop::owning(&session, "org.gnome.Shell");
    assert_eq!(shell.search(&["git"]), ["1", "2"]);
    let names: Vec<String> = shell.metas(&["1", "3", "2"]).iter().map(|m| meta(m, "name")).collect();
    assert_eq!(names, ["GitHub", "GitLab"]);
    shell.activate("3");
    assert_denied(call(&session, GNOME, "ActivateResult", &["1", "['git']", "0"]));
    assert_denied(call(&session, GNOME, "GetResultMetas", &["['1']"]));
    // On GNOME, KRunner's name is free for anyone to take: its owner may use neither interface.
    let krunner = Desktop::owning(&session, "org.kde.krunner");
    assert!(krunner.call::<_, Vec<String>>(GNOME, "GetInitialResultSet", &(vec!["git"],)).is_err());
    let refused = krunner.call::<_, Vec<Match>>(KRUNNER, "Match", &("git",)).unwrap_err();
    assert!(refused.to_string().contains("AccessDenied"), "{refused}");
    assert!(krunner.call::<_, ()>(KRUNNER, "Run", &("1", "")).is_err());

    // The shell finds the HOTP account and chooses it: the window opens on it, nothing is copied and
    // its counter does not move (the next code the CLI makes is still the first, RFC 4226's 755224).
    assert_eq!(shell.search(&["bank"]), ["3"]);
    let metas = shell.metas(&["3"]);
    assert_eq!((meta(&metas[0], "name"), meta(&metas[0], "description")), ("Bank".into(), "alice".into()));
    shell.activate("3");
    app.wait_text("#accounts", |t| t.contains("Bank") && !t.contains("GitHub"));
    assert_eq!(app.execute("return document.getElementById('search').value", json!([])), json!("Bank"));
    // The window's answer came after every call above was answered: none of them copied anything.
    let clipboard = session.tool("xclip", &["-o", "-selection", "clipboard"]).stdout;
    let ours = [codes_around_now(GITHUB, 0), codes_around_now(GITLAB, 0), vec!["755224".into()]].concat();
    assert!(!ours.contains(&clipboard.trim().to_owned()), "nothing copied: {clipboard:?}");
    let next = session.keyfob(&["code", "bank"]);
    assert_eq!(next.stdout.trim(), "755224", "the counter never moved: {next:?}");

    // The review's finding: owning `org.gnome.Shell` is not enough. When the session's gnome-shell is
    // another program than the one holding the name, the holder is a stranger like any other.
    let shell_program = desktop_programs(&session).join("gnome-shell");
    std::fs::remove_file(&shell_program).unwrap();
    std::os::unix::fs::symlink("/bin/sleep", &shell_program).unwrap();
    let refused = shell.call::<_, Vec<String>>(GNOME, "GetInitialResultSet", &(vec!["git"],)).unwrap_err();
    assert!(refused.to_string().contains("AccessDenied"), "{refused}");
    assert!(shell.call::<_, ()>(GNOME, "ActivateResult", &("1", vec!["git"], 0u32)).is_err());
    assert!(shell.call::<_, Vec<HashMap<String, OwnedValue>>>(GNOME, "GetResultMetas", &(vec!["1"],)).is_err());

    // The tray's menu is on the bus too, readable and clickable by anyone: it names no account and
    // offers no code (it offered "Copy code: GitHub", and a click from any caller copied it).
    let menu = tray_menu(&session);
    assert!(menu.contains("Quit Keyfob") && menu.contains("Show / hide Keyfob"), "{menu}");
    assert!(!menu.contains("GitHub") && !menu.contains("GitLab") && !menu.contains("Copy code"), "{menu}");
}

/// The tray's menu as any program on the bus reads it (libayatana-appindicator's `com.canonical.dbusmenu`
/// on the app's own connection), found by asking every connection for its notification items; waited
/// for, as the tray is made after the window.
fn tray_menu(session: &Session) -> String {
    let items = "/org/ayatana/NotificationItem";
    let bus = ["/org/freedesktop/DBus", "org.freedesktop.DBus"];
    for _ in 0..100 {
        let (_, names) = gdbus(session, "org.freedesktop.DBus", bus, "ListNames", &[]);
        for connection in names.split('\'').filter(|name| name.starts_with(':')) {
            let (_, found) =
                gdbus(session, connection, [items, "org.freedesktop.DBus.Introspectable"], "Introspect", &[]);
            if found.contains("tray_icon_tray_app_keyfob") {
                let menu = [&format!("{items}/tray_icon_tray_app_keyfob/Menu"), "com.canonical.dbusmenu"];
                let (ok, layout) = gdbus(session, connection, menu, "GetLayout", &["0", "-1", "[]"]);
                assert!(ok, "{layout}");
                return layout;
            }
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("no connection on the bus serves the tray's menu");
}

/// `ExecuteCallback` (the single-instance service) from a stranger opens nothing: no link prompt, no
/// preview, no palette; Keyfob itself started again with the same arguments opens the prompt.
#[test]
fn only_keyfob_started_again_can_hand_the_running_app_arguments() {
    let (session, app) = two_accounts();
    let single = ["/app/keyfob/desktop/SingleInstance", "org.SingleInstance.DBus"];
    let dest = "app.keyfob.desktop.SingleInstance";
    let argv = "['keyfob-app', '--link-site=github.com', '--quick-copy']";
    assert_denied(gdbus(&session, dest, single, "ExecuteCallback", &[argv, "'/'"]));
    let link = format!("['keyfob-app', '{GITLAB}']");
    assert_denied(gdbus(&session, dest, single, "ExecuteCallback", &[&link, "'/'"]));
    assert_denied(gdbus(
        &session,
        dest,
        single,
        "ExecuteCallback",
        &["['keyfob-app', '--link-site=github.com']", "'/'"],
    ));
    // The refusals are answers: the app had handled the calls, and nothing opened.
    let open = "return [...document.querySelectorAll('dialog[open]')].map(d => d.id)";
    assert_eq!(app.execute(open, json!([])), json!([]));
    assert!(x11::find_window(&format!("^{PALETTE}$")).is_none());

    crate::util::app::launch_again(&session, "--link-site=github.com");
    app.wait_for("#site-link-dialog[open]", Duration::from_secs(10));
    assert_eq!(app.text("#site-link-site"), "github.com");
}

/// The review's finding: a second launch handed its arguments (an `otpauth://` link's secret among them)
/// to whoever held the single-instance name. A stranger holding it gets nothing, and the launch says why.
#[test]
fn a_second_launch_hands_nothing_to_a_stranger_holding_keyfobs_name() {
    let session = Session::unlocked();
    let _stranger = Desktop::owning(&session, "app.keyfob.desktop.SingleInstance");
    let mut launch = std::process::Command::new(crate::util::app::app_bin())
        .arg(GITLAB)
        .envs(crate::util::app::app_env(&session))
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Bounded: a launch that handed its arguments to the stranger would wait for an answer that never
    // comes.
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(status) = launch.try_wait().unwrap() {
            break status;
        }
        if std::time::Instant::now() > deadline {
            launch.kill().unwrap();
            panic!("the second launch did not end: it is waiting on the stranger");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let mut said = String::new();
    std::io::Read::read_to_string(&mut launch.stderr.take().unwrap(), &mut said).unwrap();
    assert_eq!(status.code(), Some(1), "{said}");
    assert!(
        said.contains(
            "another program holds Keyfob's single-instance name on the session bus; nothing was handed to it"
        ),
        "{said}"
    );
    assert!(session.keyfob(&["list"]).stdout.is_empty(), "nothing was added either");
}

#[test]
fn a_locked_vault_finds_nothing_in_the_desktops_search() {
    let (session, _) = passphrase_vault();
    let app = start(&session, &crate::util::app::borrowed(&both_desktops(&session)));
    wait_for_service(&session);
    let shell = Desktop::owning(&session, "org.gnome.Shell");
    let krunner = Desktop::owning(&session, "org.kde.krunner");
    assert!(shell.search(&["git"]).is_empty());
    let matches: Vec<Match> = krunner.call(KRUNNER, "Match", &("git",)).unwrap();
    assert!(matches.is_empty());
    unlock(&app);
    assert_eq!(shell.search(&["git"]), ["1"]);
    press_ctrl_l(&app);
    app.wait_for("#unlock-dialog[open]", Duration::from_secs(5));
    assert!(shell.search(&["git"]).is_empty());
    assert!(shell.metas(&["1"]).is_empty(), "handed a minute ago, but locked now");
    shell.activate("1");

    // The palette, opened as a desktop's own shortcut would (`keyfob-app --quick-copy`, handed to the
    // running app): locked, it names nothing and Enter brings the window to unlock.
    crate::util::app::launch_again(&session, "--quick-copy");
    x11::wait_window(&format!("^{PALETTE}$"));
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
    x11::wait_window_gone(&format!("^{PALETTE}$"));
    let back = main.iter().find(|h| **h != palette).expect("the main window");
    app.switch_to(back);
    app.wait_for("#unlock-dialog[open]", Duration::from_secs(5));
    // Nothing to wait for: a copy that must not happen is given half a second to happen (a chosen result
    // is copied in less) before the clipboard is checked for none.
    std::thread::sleep(Duration::from_millis(500));
    // (Another test's clipboard may still be served on the shared display: what matters is no code of ours.)
    let clipboard = session.tool("xclip", &["-o", "-selection", "clipboard"]);
    assert!(!codes_around_now(GITHUB, 0).contains(&clipboard.stdout.trim().to_owned()), "nothing copied while locked");
}

const PALETTE: &str = "Keyfob quick copy";
const GITLAB: &str = "otpauth://totp/GitLab:bob?secret=GEZDGNBVGY3TQOJQ";
/// RFC 4226's secret, counter 0: its first codes are 755224, 287082.
const BANK_HOTP: &str = "otpauth://hotp/Bank:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=0";

/// Types `text` into the open palette, once its field has the keyboard, and waits until the field holds
/// it all (typed into a palette still starting, letters would be lost and another account copied) and
/// the field, a combobox, names `chosen` as its active option for screen readers. axe-core finds nothing
/// serious in it.
fn type_in_palette(app: &App, text: &str, chosen: &str) {
    let handles = app.windows();
    let title = |handle: &String| {
        app.switch_to(handle);
        app.execute("return document.title", json!([])) == json!(PALETTE)
    };
    let palette = handles.iter().find(|h| title(h)).expect("the palette is one of the app's windows").clone();
    app.wait_for("#palette-query:focus", Duration::from_secs(10));
    xdotool(&["type", "--delay", "50", text]);
    app.wait_value("#palette-query", |value| value == text);
    let active = "const field = document.getElementById('palette-query');
        const option = document.getElementById(field.getAttribute('aria-activedescendant'));
        return field.getAttribute('aria-expanded') === 'true' && option?.getAttribute('aria-selected') === 'true'
            ? option.textContent : null";
    wait::until(&format!("the palette's field to name {chosen} as its active option"), wait::LIMIT, || {
        app.execute(active, json!([])).as_str().is_some_and(|option| option.starts_with(chosen))
    });
    assert_eq!(crate::util::axe::serious_violations(app), Vec::<String>::new(), "axe-core in the palette");
    app.switch_to(handles.iter().find(|h| **h != palette).expect("the main window"));
}

/// Opens the palette with `keys` from anywhere on the desktop and gives it the keyboard. The keys are
/// pressed again, each second, while no palette shows: the app grabs its shortcut as it starts, on its
/// own time, and keys pressed before that reach no one.
///
/// # Panics
/// When no palette shows within 10 s.
fn open_palette(keys: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    'pressing: loop {
        xdotool(&["key", "--clearmodifiers", keys]);
        let pressed = Instant::now();
        while pressed.elapsed() < Duration::from_secs(1) {
            if x11::find_window(&format!("^{PALETTE}$")).is_some() {
                break 'pressing;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        assert!(Instant::now() < deadline, "no palette showed within 10 s of pressing {keys}");
    }
    focus_palette();
}

/// Waits for the palette and gives it the keyboard (no window manager runs on the test display to do it).
fn focus_palette() {
    x11::focus_titled(&format!("^{PALETTE}$"));
}

/// Ctrl+Alt+K, pressed anywhere (X11), opens the quick-copy palette: typing filters, Enter copies the
/// code and closes it, Esc closes it; the shortcut can be changed in Settings and a bad one is refused.
#[test]
fn the_quick_copy_shortcut_opens_a_palette_that_copies_a_code() {
    let (session, app) = two_accounts();

    open_palette("ctrl+alt+k");
    type_in_palette(&app, "lab", "GitLab");
    let shot = crate::util::app::screenshot_dir().join("24-palette.png");
    assert!(std::process::Command::new("scrot").arg("--overwrite").arg(&shot).status().unwrap().success());
    xdotool(&["key", "Return"]);
    x11::wait_window_gone(&format!("^{PALETTE}$"));
    assert_secret_code_copied(&session, GITLAB);

    // Esc closes it and copies nothing.
    open_palette("ctrl+alt+k");
    type_in_palette(&app, "hub", "GitHub");
    xdotool(&["key", "Escape"]);
    x11::wait_window_gone(&format!("^{PALETTE}$"));
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
    app.press_keys(&["\u{E00C}"]);
    xdotool(&["key", "--clearmodifiers", "ctrl+alt+k"]);
    // Nothing to wait for: the old shortcut was let go before the status above was shown, and this gives a
    // palette that should not open a second (the palettes above opened in less) before checking for none.
    std::thread::sleep(Duration::from_millis(1000));
    assert!(x11::find_window(&format!("^{PALETTE}$")).is_none(), "the old shortcut was let go");
    open_palette("ctrl+alt+j");
    type_in_palette(&app, "hub", "GitHub");
    xdotool(&["key", "Return"]);
    x11::wait_window_gone(&format!("^{PALETTE}$"));
    assert_secret_code_copied(&session, GITHUB);
}
