//! The window as a screen reader meets it: the real accessibility tree that WebKitGTK builds from the page
//! and publishes over AT-SPI, read on every screen by Debian's pyatspi (`tests/atspi/tree.py`) from the
//! test's own accessibility bus. On each screen every control has a name, no Tab stop is a bare container
//! (a screen reader would say nothing of what it does), and the controls a user needs are there with the
//! role and name expected; after a copy, the live region says so.
//!
//! The roles are WebKitGTK's AT-SPI role names ("push button", "entry", "status bar" for `role="status"`).
//! Where WebKitGTK departs from the ARIA mappings the page cannot change that, and the test takes what it
//! says: a `<button aria-haspopup="menu">` is a "combo box" (Core-AAM says a push button with the
//! has-popup state; the state is asserted too).

use std::collections::BTreeMap;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use keyfob_testkit::wait;
use serde::{Deserialize, Serialize};

use crate::util::app::{App, row_action, screenshot_dir, start, wait_closed, wait_focused};
use crate::util::run::temp_dir;
use crate::util::session::Session;
use crate::util::vault::{GITHUB, passphrase_vault};

const PAYROLL: &str = "otpauth://totp/Payroll:alice?secret=GEZDGNBVGY3TQOJQ&issuer=Payroll&digits=8";
const GITLAB: &str = "otpauth://totp/GitLab:bob?secret=JBSWY3DPEHPK3PXQ&issuer=GitLab";
const ESCAPE: &str = "\u{E00C}";

/// The script that prints the tree, run by Debian's Python (where `python3-pyatspi` installs pyatspi).
const TREE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/atspi/tree.py");
const PYTHON: &str = "/usr/bin/python3";
/// The app's name on the accessibility bus (its program name).
const APPLICATION: &str = "keyfob-app";

/// The roles of what a user operates: each must carry a name.
const CONTROLS: &[&str] = &[
    "push button",
    "toggle button",
    "check box",
    "radio button",
    "entry",
    "password text",
    "combo box",
    "menu item",
    "check menu item",
    "radio menu item",
    "list item",
    "table row",
    "spin button",
    "slider",
    "link",
    "page tab",
    "tree item",
];

/// Roles a Tab stop may have besides [`CONTROLS`]: the page itself, GTK's scroller around it, a dialog
/// (focused as a whole when it opens), a heading given the focus from script (tabindex -1).
const FOCUSABLE_CONTAINERS: &[&str] = &["document web", "scroll pane", "dialog", "heading"];

/// One node of the tree, as `tree.py` prints it.
#[derive(Debug, Deserialize, Serialize)]
struct Node {
    role: String,
    name: String,
    #[serde(default)]
    states: Vec<String>,
    #[serde(default)]
    attrs: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    text: Option<String>,
    #[serde(default)]
    children: Vec<Node>,
    /// Whether `tree.py`'s bounds cut the walk short (on the application's node).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    truncated: bool,
}

impl Node {
    fn has(&self, state: &str) -> bool {
        self.states.iter().any(|s| s == state)
    }

    /// This node and every node under it, depth first.
    fn all(&self) -> Vec<&Node> {
        let mut found = vec![self];
        for child in &self.children {
            found.extend(child.all());
        }
        found
    }

    /// The rendered nodes (state "visible": drawn, whether scrolled into view or not; hidden elements
    /// and a closed `<details>`' content are not).
    fn rendered(&self) -> Vec<&Node> {
        self.all().into_iter().filter(|n| n.has("visible")).collect()
    }

    /// The page: the web view's document.
    fn page(&self) -> Option<&Node> {
        self.all().into_iter().find(|n| n.role == "document web")
    }

    fn find(&self, role: &str, name: &str) -> Option<&Node> {
        self.rendered().into_iter().find(|n| n.role == role && matches(name, &n.name))
    }

    /// The node whose element has `id`.
    fn by_id(&self, id: &str) -> Option<&Node> {
        self.all().into_iter().find(|n| n.attrs.get("id").is_some_and(|i| i == id))
    }

    /// The rendered controls and Tab stops, one line each: what a screen reader user can reach.
    fn table(&self) -> String {
        self.rendered()
            .into_iter()
            .filter(|n| CONTROLS.contains(&n.role.as_str()) || n.has("focusable") || n.role == "heading")
            .map(|n| format!("| {} | {} |", n.role, n.name))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// Whether `name` is what `pattern` asks for: the same text, where each `*` stands for any text.
fn matches(pattern: &str, name: &str) -> bool {
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or_default();
    let Some(mut rest) = name.strip_prefix(first) else { return false };
    let parts: Vec<&str> = parts.collect();
    let Some((last, middle)) = parts.split_last() else { return rest.is_empty() };
    for part in middle {
        let Some(at) = rest.find(part) else { return false };
        rest = &rest[at + part.len()..];
    }
    rest.ends_with(last)
}

/// The session's accessibility bus (`at-spi-bus-launcher`, which starts its own `dbus-daemon`), as a
/// desktop session has it: the app publishes its tree there and `tree.py` reads it. Stopped when dropped.
struct AccessibilityBus {
    launcher: Child,
    address: String,
    _runtime: tempfile::TempDir,
}

impl AccessibilityBus {
    fn start(session: &Session) -> Self {
        let runtime = temp_dir();
        let launcher = Command::new("/usr/libexec/at-spi-bus-launcher")
            .arg("--launch-immediately")
            .env("DBUS_SESSION_BUS_ADDRESS", session.bus_address())
            // The bus's socket, in this test's own folder: tests running at once each have theirs.
            .env("XDG_RUNTIME_DIR", runtime.path())
            // With a display the launcher would also write its address on the root window, shared by every
            // test on this display; the app and the reader are given it instead (AT_SPI_BUS_ADDRESS).
            .env_remove("DISPLAY")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("at-spi2-core's at-spi-bus-launcher is needed (scripts/test installs it)");
        let mut bus = Self { launcher, address: String::new(), _runtime: runtime };
        wait::until("the accessibility bus launcher to own org.a11y.Bus on the session bus", wait::LIMIT, || {
            session.name_has_owner("org.a11y.Bus")
        });
        let reply = session.tool(
            "dbus-send",
            &["--session", "--print-reply", "--dest=org.a11y.Bus", "/org/a11y/bus", "org.a11y.Bus.GetAddress"],
        );
        bus.address = reply
            .stdout
            .split('"')
            .nth(1)
            .filter(|a| a.starts_with("unix:"))
            .unwrap_or_else(|| panic!("org.a11y.Bus.GetAddress answered no address: {reply:?}"))
            .to_owned();
        bus
    }

    /// The app's environment for this bus: the accessibility bridge on, and this bus.
    fn app_env(&self) -> [(&'static str, &str); 2] {
        [("GTK_A11Y", "atspi"), ("AT_SPI_BUS_ADDRESS", &self.address)]
    }

    /// The app's tree now, or why it cannot be read (the app not on the bus yet).
    fn tree(&self, session: &Session) -> Result<Node, String> {
        let mut command = Command::new(PYTHON);
        command
            .args([TREE, APPLICATION, "--seconds", "20"])
            .env("DBUS_SESSION_BUS_ADDRESS", session.bus_address())
            .env("AT_SPI_BUS_ADDRESS", &self.address)
            .env_remove("DISPLAY");
        let output = keyfob_testkit::x11::run_bounded(&mut command, Duration::from_secs(30), "tree.py");
        let stdout = String::from_utf8_lossy(&output.stdout);
        if !output.status.success() {
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(
                !stderr.contains("ModuleNotFoundError"),
                "{PYTHON} has no pyatspi: python3-pyatspi is needed (scripts/test installs it): {stderr}"
            );
            return Err(format!("tree.py: {} {stdout} {stderr}", output.status));
        }
        let tree: Node =
            serde_json::from_str(&stdout).map_err(|e| format!("tree.py printed no tree ({e}): {stdout}"))?;
        Ok(tree)
    }

    /// Waits until the app's page shows what `ready` looks for (the tree follows the page a moment after
    /// it changes), and returns the page.
    fn wait_page(&self, session: &Session, what: &str, ready: impl Fn(&Node) -> bool) -> Node {
        let deadline = Instant::now() + wait::LIMIT;
        loop {
            let last = match self.tree(session) {
                Ok(tree) if tree.page().is_some_and(&ready) => return tree,
                Ok(tree) => tree.page().map_or_else(|| "no document yet".to_owned(), Node::table),
                Err(e) => e,
            };
            assert!(
                Instant::now() < deadline,
                "waited {:?} for {what} in the accessibility tree; it has:\n{last}",
                wait::LIMIT
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    /// Waits until dialog `name` is open in the tree with the focus inside it, then checks the page (see
    /// [`check`]) and that the dialog is modal. Returns the tree.
    fn check_dialog(&self, session: &Session, name: &str, expected: &[(&str, &str)], report: &mut Vec<String>) -> Node {
        let focused_in =
            |page: &Node| page.find("dialog", name).is_some_and(|d| d.all().iter().any(|n| n.has("focused")));
        let tree = self.wait_page(session, &format!("the dialog {name:?} with the focus inside it"), focused_in);
        check(&tree, name, expected, report);
        let page = tree.page().expect("the page");
        let dialog = page.find("dialog", name).expect("the dialog awaited");
        if !dialog.has("modal") {
            report.push(format!("{name}: the dialog is not modal: {:?}", dialog.states));
        }
        tree
    }
}

impl Drop for AccessibilityBus {
    fn drop(&mut self) {
        // SIGTERM: the launcher stops its bus daemon on the way out (killed outright, it would leave it).
        let _ = Command::new("kill").args(["-TERM", &self.launcher.id().to_string()]).status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if !matches!(self.launcher.try_wait(), Ok(None)) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.launcher.kill();
        let _ = self.launcher.wait();
    }
}

/// Checks the page of `tree` on `screen`, adding what is wrong to `report`: every rendered control and
/// Tab stop has a name, every Tab stop is a control (or the page, or a dialog), and each `(role, name)` of
/// `expected` is there (`*` in a name stands for any text). The controls are printed (`--no-capture`).
fn check(tree: &Node, screen: &str, expected: &[(&str, &str)], report: &mut Vec<String>) {
    let page = tree.page().expect("the tree has the page");
    assert!(!tree.truncated, "{screen}: the tree is larger than tree.py reads");
    println!("\n{screen}:\n| role | name |\n|---|---|\n{}", page.table());
    // The whole tree beside the screenshots, to read when this test fails.
    let file: String =
        screen.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
    let _ = std::fs::create_dir_all(screenshot_dir());
    let _ = std::fs::write(
        screenshot_dir().join(format!("atspi-{}.json", file.trim_matches('-'))),
        serde_json::to_string_pretty(tree).unwrap_or_default(),
    );
    for node in page.rendered() {
        let control = CONTROLS.contains(&node.role.as_str());
        if (control || node.has("focusable")) && node.name.trim().is_empty() {
            report.push(format!("{screen}: a {} has no name ({:?})", node.role, node.attrs));
        }
        if node.has("focusable") && !control && !FOCUSABLE_CONTAINERS.contains(&node.role.as_str()) {
            report.push(format!(
                "{screen}: a Tab stop has the role {:?}, which says nothing of what it does: {:?} ({:?})",
                node.role, node.name, node.attrs
            ));
        }
    }
    for &(role, name) in expected {
        if page.find(role, name).is_none() {
            let same_name = page.rendered().into_iter().find(|n| matches(name, &n.name) && !n.name.is_empty());
            let seen = same_name.map_or_else(|| "nothing of that name".to_owned(), |n| format!("a {:?}", n.role));
            report.push(format!("{screen}: no {role} {name:?} (there is {seen})"));
        }
    }
}

/// Fails with every finding of `report`, one a line.
fn assert_clean(report: &[String]) {
    assert!(report.is_empty(), "the accessibility tree is wrong in {} places:\n{}", report.len(), report.join("\n"));
}

/// The list, as the account rows show GitHub and Payroll.
const LIST: &[(&str, &str)] = &[
    ("document web", "Keyfob"),
    ("heading", "Keyfob"),
    ("entry", "Search accounts"),
    ("push button", "Add"),
    ("combo box", "Order of the list"),
    ("table row", "GitHub (alice@example.com): code * Press Enter to copy."),
    ("push button", "Copy the code for GitHub (alice@example.com)"),
    ("combo box", "More actions for GitHub (alice@example.com)"),
    ("table row", "Payroll (alice): code * Press Enter to copy."),
    ("push button", "Copy the code for Payroll (alice)"),
    ("combo box", "More actions for Payroll (alice)"),
    ("push button", "Settings"),
    ("push button", "Backups: off"),
    ("push button", "Import or export"),
    ("push button", "Keyboard shortcuts"),
];

/// The row's menu, opened from GitHub's "More actions".
const ROW_MENU: &[(&str, &str)] = &[
    ("menu", "More actions for GitHub (alice@example.com)"),
    ("menu item", "Pin to the top"),
    ("menu item", "Move up"),
    ("menu item", "Move down"),
    ("menu item", "Edit…"),
    ("menu item", "Remove…"),
];

const ADD: &[(&str, &str)] = &[
    ("dialog", "Add an account"),
    ("heading", "Add an account"),
    ("push button", "Scan the screen"),
    ("push button", "Choose an image…"),
    ("push button", "Import from another app…"),
    ("entry", "…or paste the setup link"),
    ("push button", "Add link"),
    // The typed form's summary: a button (aria-expanded says whether the form is open).
    ("push button", "…or type the secret key"),
    ("push button", "Close"),
];

/// The add preview of one pasted link (GitLab).
const PREVIEW: &[(&str, &str)] = &[
    ("dialog", "Add this account?"),
    ("heading", "Add this account?"),
    ("check box", "GitLab (bob)"),
    ("push button", "Cancel"),
    ("push button", "Add"),
];

const SETTINGS: &[(&str, &str)] = &[
    ("dialog", "Settings"),
    ("heading", "Settings"),
    ("password text", "Protect Keyfob with a passphrase"),
    ("password text", "The new passphrase again"),
    ("push button", "Set the passphrase"),
    ("check box", "Hide codes until their row is clicked (for screen sharing)"),
    ("check box", "Show codes in the desktop's search (GNOME, KDE); names are found either way"),
    ("check box", "Start Keyfob when I log in"),
    ("push button", "Backups…"),
    ("push button", "Check the clock"),
    ("push button", "Close"),
];

const EDIT: &[(&str, &str)] = &[
    ("dialog", "Edit"),
    ("heading", "Edit"),
    ("entry", "Service"),
    ("entry", "Account"),
    ("entry", "Groups"),
    ("push button", "Automatic"),
    ("push button", "Letter"),
    ("push button", "From a file…"),
    ("entry", "Search brand icons"),
    ("entry", "Websites"),
    ("entry", "Note"),
    ("push button", "Show as QR code…"),
    ("push button", "Cancel"),
    ("push button", "Save"),
];

const DELETE: &[(&str, &str)] = &[
    ("dialog", "Remove this account?"),
    ("heading", "Remove this account?"),
    ("push button", "Cancel"),
    ("push button", "Remove"),
];

const BACKUPS: &[(&str, &str)] = &[
    ("dialog", "Backups"),
    ("heading", "Backups"),
    ("entry", "Folder"),
    ("push button", "Choose…"),
    ("password text", "Backup password"),
    ("password text", "The same password again"),
    ("entry", "Backups to keep"),
    ("push button", "Close"),
    ("push button", "Turn on backups"),
];

const TRANSFER: &[(&str, &str)] = &[
    ("dialog", "Import or export"),
    ("heading", "Import or export"),
    ("push button", "Choose a file…"),
    ("push button", "To a phone: Google Authenticator QR codes…"),
    ("password text", "To Aegis: an encrypted file, with this password"),
    ("push button", "Save…"),
    ("push button", "Close"),
];

const HELP: &[(&str, &str)] = &[
    ("dialog", "Keyboard shortcuts"),
    ("heading", "Keyboard shortcuts"),
    ("description list", ""),
    ("description term", ""),
    ("description value", ""),
    ("push button", "Close"),
];

const LOCKED: &[(&str, &str)] = &[
    ("dialog", "Unlock your accounts"),
    ("heading", "Unlock your accounts"),
    ("password text", "Passphrase"),
    ("push button", "Unlock"),
];

/// Opens dialog `id` with `button`, checks it in the tree as `name`, and closes it with Escape.
fn dialog(
    app: &App,
    (session, bus): (&Session, &AccessibilityBus),
    button: &str,
    id: &str,
    (name, expected): (&str, &[(&str, &str)]),
    report: &mut Vec<String>,
) {
    app.click(button);
    app.wait_for(&format!("#{id}[open]"), Duration::from_secs(10));
    bus.check_dialog(session, name, expected, report);
    app.press_keys(&[ESCAPE]);
    wait_closed(app, id);
}

/// Opens GitHub's Edit dialog with the keyboard alone: "/" to the search, Down to GitHub's row, Shift+F10
/// for its menu, Down to "Edit…", Enter.
fn open_edit_from_the_keyboard(app: &App) {
    const DOWN: &str = "\u{E015}";
    app.press_keys(&["/"]);
    wait_focused(app, |f| f == "search");
    app.press_keys(&[DOWN]);
    wait_focused(app, |f| f.contains("GitHub"));
    // Shift held for F10: WebDriver's typing keeps a modifier down for the keys after it.
    app.type_into(".account[tabindex=\"0\"]", "\u{E008}\u{E03A}");
    wait_focused(app, |f| f == "Pin to the top");
    app.press_keys(&[DOWN, DOWN, DOWN]);
    wait_focused(app, |f| f == "Edit…");
    app.press_keys(&["\u{E007}"]);
    app.wait_for("#rename-dialog[open]", Duration::from_secs(10));
}

#[test]
fn every_screen_names_its_controls_in_the_accessibility_tree() {
    let session = Session::unlocked();
    assert_eq!(session.keyfob(&["add", GITHUB, PAYROLL]).status, Some(0));
    let bus = AccessibilityBus::start(&session);
    let app = start(&session, &bus.app_env());
    app.wait_text("#accounts", |t| t.contains("GitHub") && t.contains("Payroll"));
    let mut report = Vec::new();
    let both = (&session, &bus);

    let tree = bus.wait_page(&session, "the list with GitHub and Payroll", |page| {
        page.find("table row", "Payroll (alice): code *").is_some()
    });
    check(&tree, "the list", LIST, &mut report);
    let page = tree.page().expect("the page");
    let window = tree.all().into_iter().find(|n| n.role == "frame").map(|n| n.name.as_str());
    assert_eq!(window, Some("Keyfob"), "the window's name");
    // The live region is there before anything is said in it, as screen readers need it.
    let announcer = page.by_id("announcer").expect("the live region (#announcer) is in the tree");
    assert_eq!(announcer.role, "status bar", "role=\"status\" as AT-SPI says it: {announcer:?}");
    // A grid of rows, not a list of items: Orca 43 says nothing of a focused list item that holds other
    // elements, and speaks a focused row with the table's name and size ("Accounts. table with 2 rows").
    if page.find("table", "Accounts").is_none() {
        report.push("the list: the accounts are not a table named \"Accounts\"".to_owned());
    }
    // The grid's selection is the row the keyboard is on (a screen reader says "not selected" of others).
    let selected = |name: &str| page.find("table row", name).is_some_and(|row| row.has("selected"));
    if !selected("GitHub (alice@example.com): code *") || selected("Payroll (alice): code *") {
        report.push("the list: the selected row is not the list's current one (GitHub)".to_owned());
    }
    for name in ["More actions for GitHub (alice@example.com)", "More actions for Payroll (alice)"] {
        let button = page.find("combo box", name).expect("checked above");
        if !button.has("has popup") || button.attrs.get("haspopup").map(String::as_str) != Some("menu") {
            report.push(format!("the list: {name:?} does not say it opens a menu: {button:?}"));
        }
    }

    // The row's menu.
    app.click(".account .more");
    app.wait_for("#row-menu:not([hidden])", Duration::from_secs(10));
    let tree = bus.wait_page(&session, "GitHub's row menu", |page| page.find("menu item", "Remove…").is_some());
    check(&tree, "GitHub's row menu", ROW_MENU, &mut report);
    app.press_keys(&[ESCAPE]);
    wait::until("the row menu to close", wait::LIMIT, || !app.find_all("#row-menu[hidden]").is_empty());

    // A copy: the live region, always in the tree, says what was copied.
    app.click(".account .copy");
    let tree = bus.wait_page(&session, "\"Copied GitHub code\" in the live region", |page| {
        page.by_id("announcer").and_then(|n| n.text.as_deref()) == Some("Copied GitHub code")
    });
    let announcer = tree.page().and_then(|p| p.by_id("announcer")).expect("the live region");
    assert_eq!(announcer.attrs.get("live").map(String::as_str), Some("polite"), "{announcer:?}");
    assert_eq!(announcer.attrs.get("atomic").map(String::as_str), Some("true"), "{announcer:?}");

    // Adding: the dialog, then the preview of a pasted link.
    app.click("#add-button");
    app.wait_for("#add-dialog[open]", Duration::from_secs(10));
    bus.check_dialog(&session, "Add an account", ADD, &mut report);
    app.type_into("#link-input", GITLAB);
    app.click("#link-add");
    app.wait_for("#preview-dialog[open]", Duration::from_secs(10));
    let tree = bus.check_dialog(&session, "Add this account?", PREVIEW, &mut report);
    let chosen = tree.page().and_then(|p| p.find("check box", "GitLab (bob)"));
    if !chosen.is_some_and(|c| c.has("checked")) {
        report.push(format!("Add this account?: the account found is not checked (to be added): {chosen:?}"));
    }
    app.press_keys(&[ESCAPE]);
    wait_closed(&app, "preview-dialog");

    dialog(&app, both, "#settings-open", "settings-dialog", ("Settings", SETTINGS), &mut report);

    // From the keyboard, not the mouse: opened by a click on "Edit…", the dialog's tree read at once (as
    // a screen reader reads it) crashes WebKitGTK 2.50.6's web process in about one run in three
    // (libwebkit2gtk-4.1.so.0.19.9+0x20cc890, a read at address 8), with the pointer left over the dialog;
    // neither the icon's title nor its pointer events is the cause. A WebKitGTK bug, in docs/accessibility.md.
    open_edit_from_the_keyboard(&app);
    bus.check_dialog(&session, "Edit", EDIT, &mut report);
    app.press_keys(&[ESCAPE]);
    wait_closed(&app, "rename-dialog");
    row_action(&app, ".account", "delete");
    app.wait_for("#delete-dialog[open]", Duration::from_secs(10));
    bus.check_dialog(&session, "Remove this account?", DELETE, &mut report);
    app.press_keys(&[ESCAPE]);
    wait_closed(&app, "delete-dialog");

    dialog(&app, both, "#backup-open", "backup-dialog", ("Backups", BACKUPS), &mut report);
    dialog(&app, both, "#transfer-open", "transfer-dialog", ("Import or export", TRANSFER), &mut report);
    dialog(&app, both, "#help-open", "help-dialog", ("Keyboard shortcuts", HELP), &mut report);

    assert_clean(&report);
}

#[test]
fn the_locked_window_names_its_controls_in_the_accessibility_tree() {
    let (session, _) = passphrase_vault();
    let bus = AccessibilityBus::start(&session);
    let app = start(&session, &bus.app_env());
    app.wait_for("#unlock-dialog[open]", Duration::from_secs(10));
    let mut report = Vec::new();
    let tree = bus.check_dialog(&session, "Unlock your accounts", LOCKED, &mut report);
    // Locked, the page holds no account: nothing of GitHub is in the tree either.
    let leaks: Vec<_> = tree
        .all()
        .into_iter()
        .filter(|n| n.name.contains("GitHub") || n.text.as_deref().is_some_and(|t| t.contains("GitHub")))
        .collect();
    assert!(leaks.is_empty(), "the locked window's tree names an account: {leaks:?}");
    assert_clean(&report);
}
