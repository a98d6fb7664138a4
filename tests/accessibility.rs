//! The window checked by a machine for what keyboard and screen-reader users meet: axe-core inside the
//! real window (WebKitGTK, through WebDriver) on each screen a user reaches, in the light and the dark
//! theme, with 0 serious or critical violations allowed.

use std::time::Duration;

use serde_json::json;

use crate::util::app::{App, row_action, start, wait_closed};
use crate::util::axe;
use crate::util::session::Session;
use crate::util::vault::{GITHUB, passphrase_vault};

const PAYROLL: &str = "otpauth://totp/Payroll:alice?secret=GEZDGNBVGY3TQOJQ&issuer=Payroll&digits=8";

/// The desktop's theme for the app: GTK's, which WebKitGTK follows for `prefers-color-scheme`.
#[derive(Clone, Copy)]
enum Theme {
    Light,
    Dark,
}

impl Theme {
    fn env(self) -> Vec<(&'static str, &'static str)> {
        match self {
            Theme::Light => vec![("GTK_THEME", "Adwaita")],
            Theme::Dark => vec![("GTK_THEME", "Adwaita:dark")],
        }
    }

    /// The page's background in this theme (style.css's `--bg`): proof that the theme took.
    fn background(self) -> &'static str {
        match self {
            Theme::Light => "rgb(246, 247, 251)",
            Theme::Dark => "rgb(20, 22, 28)",
        }
    }
}

/// Opens dialog `id` by pressing `button`, checks it, and closes it with Escape (which cancels).
fn check_dialog(app: &App, button: &str, id: &str, state: &str, report: &mut Vec<(String, Vec<String>)>) {
    app.click(button);
    app.wait_for(&format!("#{id}[open]"), Duration::from_secs(10));
    axe::check(app, state, report);
    app.press_keys(&["\u{E00C}"]);
    wait_closed(app, id);
}

fn add_link(app: &App, link: &str) {
    app.click("#add-button");
    app.wait_for("#add-dialog[open]", Duration::from_secs(10));
    app.type_into("#link-input", link);
    app.click("#link-add");
    app.wait_for("#preview-dialog[open]", Duration::from_secs(10));
}

/// Every screen a user reaches with a keychain vault, then the locked window of a passphrase vault.
fn every_screen(theme: Theme) -> Vec<(String, Vec<String>)> {
    let mut report = Vec::new();
    let session = Session::unlocked();
    let app = start(&session, &theme.env());
    app.wait_for("#empty", Duration::from_secs(10));
    let background = app.execute("return getComputedStyle(document.body).backgroundColor", json!([]));
    assert_eq!(background, json!(theme.background()), "the theme the desktop asked for");
    axe::check(&app, "no accounts yet", &mut report);

    check_dialog(&app, "#add-button", "add-dialog", "add an account", &mut report);
    add_link(&app, GITHUB);
    axe::check(&app, "add: the preview", &mut report);
    app.click_armed("#preview-confirm");
    wait_closed(&app, "preview-dialog");
    // The first account in: Keyfob offers backups at once.
    app.wait_for("#backup-dialog[open]", Duration::from_secs(10));
    axe::check(&app, "backups, offered after the first account", &mut report);
    app.press_keys(&["\u{E00C}"]);
    wait_closed(&app, "backup-dialog");
    add_link(&app, PAYROLL);
    app.click_armed("#preview-confirm");
    wait_closed(&app, "preview-dialog");
    app.wait_text("#accounts", |t| t.contains("Payroll") && t.contains("GitHub"));
    axe::check(&app, "the list", &mut report);

    row_action(&app, ".account", "rename");
    app.wait_for("#rename-dialog[open]", Duration::from_secs(10));
    axe::check(&app, "edit an account", &mut report);
    app.press_keys(&["\u{E00C}"]);
    wait_closed(&app, "rename-dialog");
    row_action(&app, ".account", "delete");
    app.wait_for("#delete-dialog[open]", Duration::from_secs(10));
    axe::check(&app, "remove an account", &mut report);
    app.press_keys(&["\u{E00C}"]);
    wait_closed(&app, "delete-dialog");

    check_dialog(&app, "#settings-open", "settings-dialog", "settings", &mut report);
    check_dialog(&app, "#backup-open", "backup-dialog", "backups", &mut report);
    check_dialog(&app, "#transfer-open", "transfer-dialog", "import or export", &mut report);
    app.click("#transfer-open");
    check_dialog(&app, "#export-phone", "phone-dialog", "move to a phone", &mut report);
    check_dialog(&app, "#help-open", "help-dialog", "keyboard shortcuts", &mut report);

    // Codes hidden for screen sharing.
    app.execute(
        "return window.__TAURI__.core.invoke('set_lock_settings', { autoLockMinutes: 5, lockOnScreenLock: true, hideCodes: true, searchShowsCodes: false })",
        json!([]),
    );
    app.execute("location.reload()", json!([]));
    app.wait_for("body.hide-codes .account", Duration::from_secs(10));
    axe::check(&app, "the list, codes hidden", &mut report);
    drop(app);

    let (locked, _) = passphrase_vault();
    let app = start(&locked, &theme.env());
    app.wait_for("#unlock-dialog[open]", Duration::from_secs(10));
    axe::check(&app, "locked: the passphrase prompt", &mut report);
    report
}

#[test]
fn axe_finds_nothing_serious_on_any_screen_in_the_light_theme() {
    axe::assert_clean(&every_screen(Theme::Light));
}

#[test]
fn axe_finds_nothing_serious_on_any_screen_in_the_dark_theme() {
    axe::assert_clean(&every_screen(Theme::Dark));
}

/// A colour of style.css, by its custom property, in `theme`: the light value, or the dark one where the
/// dark block sets it.
fn colour(css: &str, theme: Theme, name: &str) -> (u8, u8, u8) {
    let dark_at = css.find("@media (prefers-color-scheme: dark)").expect("style.css has a dark block");
    let value_in = |block: &str| {
        let key = format!("--{name}: #");
        let at = block.find(&key)? + key.len();
        let hex = block.get(at..at + 6)?;
        let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
        Some((byte(0)?, byte(2)?, byte(4)?))
    };
    let dark_block = &css[dark_at..dark_at + css[dark_at..].find("}\n}").expect("the dark block ends")];
    let light = value_in(&css[..dark_at]);
    match theme {
        Theme::Light => light,
        Theme::Dark => value_in(dark_block).or(light),
    }
    .unwrap_or_else(|| panic!("style.css sets no colour --{name}"))
}

/// WCAG 2.x contrast ratio of two sRGB colours.
fn contrast((r1, g1, b1): (u8, u8, u8), (r2, g2, b2): (u8, u8, u8)) -> f64 {
    let channel = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
    };
    let luminance = |r, g, b| 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    let (a, b) = (luminance(r1, g1, b1), luminance(r2, g2, b2));
    (a.max(b) + 0.05) / (a.min(b) + 0.05)
}

/// Every pair of the window's colours that must stand apart, with WCAG 2.2 AA's minimum: 4.5 for text,
/// 3 for the parts of controls (field and button outlines, the focus ring, the countdown ring).
const PAIRS: &[(&str, &str, f64, &str)] = &[
    ("text", "bg", 4.5, "text on the page"),
    ("text", "card", 4.5, "text on a row or dialog"),
    ("muted", "bg", 4.5, "secondary text on the page (footer, filters)"),
    ("muted", "card", 4.5, "secondary text on a row or dialog"),
    ("accent", "bg", 4.5, "links on the page (footer)"),
    ("accent", "card", 4.5, "links in a dialog"),
    ("accent-text", "accent", 4.5, "a main button's label"),
    ("danger", "card", 4.5, "error text"),
    ("danger-text", "danger", 4.5, "a danger button's label (Remove, This wasn't me)"),
    ("urgent", "card", 4.5, "a code about to change"),
    ("warn-text", "warn-bg", 4.5, "a banner's text"),
    ("bg", "text", 4.5, "a toast's text"),
    ("field", "card", 3.0, "a field's or button's outline in a dialog"),
    ("field", "bg", 3.0, "a field's outline on the page (search)"),
    ("accent", "bg", 3.0, "the focus ring on the page"),
    ("accent", "card", 3.0, "the focus ring in a dialog, the countdown ring"),
    ("muted", "card", 3.0, "a disabled control's outline"),
];

/// The contrast of every pair in [`PAIRS`], in both themes, at least WCAG 2.2 AA's; the table is printed
/// (`--no-capture`) for the record.
#[test]
fn every_colour_pair_meets_wcag_aa_in_both_themes() {
    let css = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../ui/style.css")).unwrap();
    let mut failing = Vec::new();
    println!("| pair | what | light | dark | needs |\n|---|---|---|---|---|");
    for &(fg, bg, needs, what) in PAIRS {
        let [light, dark] =
            [Theme::Light, Theme::Dark].map(|theme| contrast(colour(&css, theme, fg), colour(&css, theme, bg)));
        println!("| --{fg} on --{bg} | {what} | {light:.2} | {dark:.2} | {needs} |");
        for (theme, ratio) in [("light", light), ("dark", dark)] {
            if ratio < needs {
                failing.push(format!("{theme}: --{fg} on --{bg} ({what}) is {ratio:.2}:1, needs {needs}:1"));
            }
        }
    }
    assert!(failing.is_empty(), "{}", failing.join("\n"));
}
