//! The real desktop app, in a real window under Xvfb, driven through WebDriver, with the real keychain.

use std::time::Duration;

use image::DynamicImage;
use keyfob_core::uri;
use keyfob_interop::google::migration;
use keyfob_testkit as kit;
use keyfob_testkit::wait;
use keyfob_testkit::x11::{self, answer_native_dialog, pick_in_file_dialog, xdotool};
use keyfob_vault::portable::{Extras, Portable};
use serde_json::json;

use crate::util::app::{
    App, assert_secret_code_copied, enter_passphrase, focused, page_source, press_ctrl_l, row_action, start,
    start_with_args, tab_to, unlock, wait_closed, wait_focused,
};
use crate::util::otp::codes_around_now;
use crate::util::qr::{png, wait_until_shown};
use crate::util::session::Session;
use crate::util::sntp::SkewedTimeServer;
use crate::util::vault::{GITHUB, passphrase_vault};

const PAYROLL: &str = "otpauth://totp/Payroll:alice?secret=GEZDGNBVGY3TQOJQ&issuer=Payroll&digits=8";

fn digits(text: &str) -> String {
    text.chars().filter(char::is_ascii_alphanumeric).collect()
}

fn paste_link(app: &App, link: &str) {
    app.click("#add-button");
    app.type_into("#link-input", link);
    app.click("#link-add");
    app.wait_for("#preview-dialog[open]", Duration::from_secs(10));
}

/// Pastes an image into the window as a user pasting a screenshot would (a `paste` event carrying a file).
fn paste_image(app: &App, png: &[u8]) {
    app.execute(
        "const bytes = new Uint8Array(arguments[0]);
         const data = new DataTransfer();
         data.items.add(new File([bytes], 'screenshot.png', { type: 'image/png' }));
         document.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true }));",
        json!([png]),
    );
}

#[test]
fn add_by_link_copy_rename_delete_undo_and_search() {
    let session = Session::unlocked();
    let app = start(&session, &[]);
    app.wait_for("#empty", Duration::from_secs(10));
    assert!(app.text("#empty").contains("No accounts yet"));
    app.screenshot("01-empty");

    // A click on Add in the same moment the preview shows (meant for what was under the pointer) adds
    // nothing: Add arms a second later. The click is made by the page itself as the dialog opens.
    let click_on_show = "window.earlyClick = null; const dialog = document.getElementById('preview-dialog'); \
        new MutationObserver((_, observer) => { if (!dialog.open) return; observer.disconnect(); \
          document.getElementById('preview-confirm').click(); window.earlyClick = dialog.open; }) \
        .observe(dialog, { attributes: true, attributeFilter: ['open'] });";
    app.execute(click_on_show, json!([]));
    paste_link(&app, GITHUB);
    assert_eq!(app.text("#preview-title"), "Add this account?");
    assert!(app.text("#preview-list").contains("GitHub (alice@example.com)"));
    assert_eq!(app.execute("return window.earlyClick", json!([])), json!(true), "the early click left it open");
    app.screenshot("02-preview");
    app.click_armed("#preview-confirm");
    app.wait_text(".account .issuer", |t| t == "GitHub");
    // The first account brings the offer to back up; declined here (tested in the import test).
    app.wait_for("#backup-dialog[open]", Duration::from_secs(5));
    app.click("#backup-close");

    // The window shows the code `keyfob` computes for the same account at the same moment.
    let shown = digits(&app.wait_text(".account .code", |t| t.len() == 7));
    assert!(codes_around_now(GITHUB, 0).contains(&shown), "window shows {shown}");
    let cli = session.keyfob(&["code", "github"]);
    assert!(codes_around_now(GITHUB, 0).contains(&cli.stdout.trim().to_owned()), "{cli:?}");

    // Click copies: the clipboard (read by xclip, another X client) holds the code, and the window says so.
    app.click(".account");
    app.wait_text("#toast-text", |t| t == "Copied GitHub code");
    // Said to screen readers through the live region that is always in the page.
    // (Its text is read from the page: WebDriver's text of an element is what is drawn, and the region
    // is drawn nowhere.)
    wait::until("the live region to say \"Copied GitHub code\"", wait::LIMIT, || {
        app.execute("return document.getElementById('announcer').textContent", json!([])) == json!("Copied GitHub code")
    });
    assert_secret_code_copied(&session, GITHUB);
    // Brought forward (the tray's menu, a second launch and the desktop's search can, for anyone on the
    // session bus), the window takes no click for a moment: one meant for the window that was there
    // copies nothing, and says so.
    app.execute("window.dispatchEvent(new Event('focus')); document.querySelector('.account').click()", json!([]));
    app.wait_text("#toast-text", |t| t == "Keyfob just came forward: click again to copy");

    // A bad link, entered with Enter (the field's own action, never the dialog's Close): the add dialog
    // stays open, says what is wrong and adds nothing.
    app.click("#add-button");
    app.type_into("#link-input", "otpauth://totp/x?secret=JBSWY3DPEHPK3PX1\u{E007}");
    // What is wrong with it (a character that is not base32) is support's: kept as the failure's details.
    app.wait_text("#add-error", |t| t.starts_with("Keyfob cannot set up an account from this link"));
    assert_eq!(app.find_all("#add-dialog[open]").len(), 1, "Enter in the link field closed the dialog");
    app.click("#add-dialog [data-dismiss]");
    wait_closed(&app, "add-dialog");

    paste_link(&app, PAYROLL);
    app.click_armed("#preview-confirm");
    app.wait_text("#accounts", |t| t.contains("Payroll"));
    app.screenshot("03-list");

    // Search as you type, then Escape clears it.
    app.type_into("#search", "pay");
    app.wait_text("#accounts", |t| t.contains("Payroll") && !t.contains("GitHub"));
    app.type_into("#search", "\u{E00C}"); // Escape
    app.wait_text("#accounts", |t| t.contains("Payroll") && t.contains("GitHub"));

    // Rename through the dialog.
    row_action(&app, ".account", "rename");
    app.wait_for("#rename-dialog[open]", Duration::from_secs(5));
    app.execute("document.getElementById('rename-issuer').value = ''", json!([]));
    // Enter in a field saves (the dialog's default button is Save, not Cancel).
    app.type_into("#rename-issuer", "GitHub Enterprise\u{E007}");
    app.wait_text(".account .issuer", |t| t == "GitHub Enterprise");
    assert!(session.keyfob(&["list"]).stdout.contains("GitHub Enterprise (alice@example.com)"));

    // Remove with confirmation, then undo.
    row_action(&app, ".account", "delete");
    app.wait_for("#delete-dialog[open]", Duration::from_secs(5));
    app.screenshot("04-delete");
    app.click("#delete-confirm");
    app.wait_text("#accounts", |t| !t.contains("GitHub"));
    assert!(!session.keyfob(&["list"]).stdout.contains("GitHub"));
    app.click("#toast-action");
    app.wait_text("#accounts", |t| t.contains("GitHub Enterprise"));
    let listed = session.keyfob(&["list"]).stdout;
    assert!(listed.starts_with("   1  GitHub Enterprise"), "undo puts it back in its place: {listed}");

    // Escape never confirms, even right after a confirmed Remove: the next Remove dialog, left with Escape,
    // removes nothing, and neither does a rename typed and then left with Escape. Then a rename saved with
    // Enter: once it shows, everything asked before it has been answered.
    row_action(&app, ".account", "delete");
    app.wait_for("#delete-dialog[open]", Duration::from_secs(5));
    app.press_keys(&["\u{E00C}"]);
    wait_closed(&app, "delete-dialog");
    row_action(&app, ".account", "rename");
    app.wait_for("#rename-dialog[open]", Duration::from_secs(5));
    app.type_into("#rename-name", " (escaped)");
    app.press_keys(&["\u{E00C}"]);
    wait_closed(&app, "rename-dialog");
    row_action(&app, ".account", "rename");
    app.wait_for("#rename-dialog[open]", Duration::from_secs(5));
    app.execute("document.getElementById('rename-issuer').value = ''", json!([]));
    app.type_into("#rename-issuer", "GitHub\u{E007}");
    app.wait_text(".account .issuer", |t| t == "GitHub");
    let listed = session.keyfob(&["list"]).stdout;
    assert!(listed.contains("GitHub (alice@example.com)") && listed.contains("Payroll"), "{listed}");
    assert!(!listed.contains("escaped"), "{listed}");
}

#[test]
fn add_from_pasted_screenshots_and_a_google_export_batch() {
    let session = Session::unlocked();
    session.keyfob(&["add", GITHUB]);
    let app = start(&session, &[]);
    app.wait_text("#accounts", |t| t.contains("GitHub"));

    // A screenshot with the enrolment QR somewhere on it.
    let payload = kit::enrolment_uri(&mut kit::rng(9), 9);
    let screen = kit::screenshot(&kit::render(&payload, 4), 1280, 720, 800, 200, &mut kit::rng(9));
    paste_image(&app, &png(DynamicImage::ImageLuma8(screen)));
    app.wait_for("#preview-dialog[open]", Duration::from_secs(10));
    app.click_armed("#preview-confirm");
    app.wait_text("#accounts", |t| t.contains("Example Payroll"));

    // A Google Authenticator export with three accounts, one already in Keyfob.
    let links = [GITHUB, PAYROLL, "otpauth://hotp/Bank:bob?secret=KRSXG5CTMVRXEZLU&issuer=Bank&counter=3"];
    let accounts: Vec<_> = links.iter().map(|l| uri::parse(l).unwrap()).collect();
    let refs: Vec<_> = accounts.iter().collect();
    let (text, _) = migration::to_uri(&refs, migration::Batch { index: 0, size: 1, id: 5 });
    paste_image(&app, &png(DynamicImage::ImageLuma8(kit::render(&text, 4))));
    app.wait_for("#preview-dialog[open]", Duration::from_secs(10));
    assert_eq!(app.text("#preview-title"), "Add these 3 accounts?");
    assert!(app.text("#preview-list").contains("already added"));
    assert_eq!(app.text("#preview-confirm"), "Add 2");
    app.screenshot("05-export-preview");
    app.click_armed("#preview-confirm");
    app.wait_text("#accounts", |t| t.contains("Bank") && t.contains("Payroll"));
    assert_eq!(session.keyfob(&["list", "--json"]).stdout.matches("\"id\"").count(), 4);

    // HOTP codes are made on request and the counter is saved.
    app.execute(
        "[...document.querySelectorAll('.account')].find(a => a.textContent.includes('Bank')).click()",
        json!([]),
    );
    app.wait_text("#accounts", |t| !t.contains("Get code"));
    assert!(session.keyfob(&["list"]).stdout.contains("counter 4"));

    // An image without a QR code: a clear error, nothing added.
    paste_image(&app, &png(DynamicImage::ImageLuma8(image::GrayImage::from_pixel(300, 200, image::Luma([255])))));
    app.wait_text("#error-text", |t| t.starts_with("No QR code found"));
    app.screenshot("06-error");
}

/// Ctrl+V in the window (outside a text field) pastes what the clipboard holds, as another X client put it
/// there: WebKitGTK fires no paste event outside text fields, so Rust reads the clipboard.
#[test]
fn ctrl_v_pastes_a_copied_screenshot_or_link_from_the_clipboard() {
    let session = Session::unlocked();
    let app = start(&session, &[]);
    app.wait_for("#empty", Duration::from_secs(10));
    let copy = |kind: &str, bytes: &[u8]| {
        let mut xclip = std::process::Command::new("xclip")
            .args(["-selection", "clipboard", "-t", kind, "-i"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::io::Write::write_all(&mut xclip.stdin.take().unwrap(), bytes).unwrap();
        assert!(xclip.wait().unwrap().success());
    };
    let paste = || {
        x11::focus_titled("^Keyfob$");
        app.execute("document.activeElement && document.activeElement.blur()", json!([]));
        xdotool(&["key", "--clearmodifiers", "ctrl+v"]);
    };

    let payload = kit::enrolment_uri(&mut kit::rng(31), 31);
    let screen = kit::screenshot(&kit::render(&payload, 4), 1280, 720, 700, 150, &mut kit::rng(31));
    copy("image/png", &png(DynamicImage::ImageLuma8(screen)));
    paste();
    app.wait_text("#preview-list", |t| t.contains("(employee31@example.com)"));
    app.click("#preview-cancel");

    copy("UTF8_STRING", PAYROLL.as_bytes());
    paste();
    app.wait_text("#preview-list", |t| t.contains("Payroll (alice)"));
    app.click("#preview-cancel");

    copy("UTF8_STRING", b"just some text");
    paste();
    app.wait_text("#error-text", |t| t.to_lowercase().contains("no otpauth:// link"));
    copy("image/png", &png(DynamicImage::ImageLuma8(image::GrayImage::from_pixel(300, 200, image::Luma([255])))));
    paste();
    app.wait_text("#error-text", |t| t.starts_with("No QR code found"));
    assert!(session.keyfob(&["list"]).stdout.trim().is_empty(), "nothing was added without a confirmation");
}

#[test]
fn a_drifting_clock_shows_a_banner_and_codes_are_corrected() {
    let session = Session::unlocked();
    session.keyfob(&["add", GITHUB]);
    let skew = 95.0;
    let server = SkewedTimeServer::start(skew);

    // The command reports the offset.
    let time = session.keyfob(&["time", "--server", server.address()]);
    assert_eq!(time.status, Some(0), "{time:?}");
    let offset: f64 = time.stdout.trim().parse().unwrap();
    assert!((offset - skew).abs() < 2.0, "{offset}");

    let app = start(&session, &[("KEYFOB_TIME_SERVER", server.address())]);
    app.wait_for("#clock-banner", Duration::from_secs(15));
    assert!(app.text("#clock-text").contains("95 s behind"), "{}", app.text("#clock-text"));
    let shown = digits(&app.wait_text(".account .code", |t| t.len() == 7));
    assert!(codes_around_now(GITHUB, 95).contains(&shown), "corrected code expected, window shows {shown}");
    app.screenshot("07-clock-banner");
}

/// Before: one unauthenticated SNTP reply moved the codes by any amount. Now servers must agree, and an
/// offset of hours is shown but corrected only when the user says so.
#[test]
fn a_clock_hours_off_is_corrected_only_when_the_user_confirms() {
    let session = Session::unlocked();
    session.keyfob(&["add", GITHUB]);
    let servers = [SkewedTimeServer::start(3.0 * 3600.0), SkewedTimeServer::start(3.0 * 3600.0 + 0.5)];
    let list = format!("{},{}", servers[0].address(), servers[1].address());
    let app = start(&session, &[("KEYFOB_TIME_SERVER", &list)]);
    app.wait_for("#clock-banner", Duration::from_secs(15));
    let text = app.text("#clock-text");
    assert!(text.contains("3 hours behind") && text.contains("more than Keyfob corrects by itself"), "{text}");
    let shown = digits(&app.wait_text(".account .code", |t| t.len() == 7));
    assert!(codes_around_now(GITHUB, 0).contains(&shown), "the system clock's code until confirmed, not {shown}");
    app.screenshot("07b-clock-hours-off");
    app.click("#clock-toggle");
    app.wait_text("#clock-text", |t| t.contains("Codes are corrected"));
    let shown = digits(&app.wait_text(".account .code", |t| t.len() == 7));
    assert!(codes_around_now(GITHUB, 3 * 3600).contains(&shown), "corrected once confirmed, not {shown}");
}

#[test]
fn a_deep_link_opens_the_add_confirmation() {
    let session = Session::unlocked();
    let app = start_with_args(&session, &[PAYROLL], &[]);
    app.wait_for("#preview-dialog[open]", Duration::from_secs(10));
    assert!(app.text("#preview-list").contains("Payroll (alice)"));
    app.click_armed("#preview-confirm");
    app.wait_text("#accounts", |t| t.contains("Payroll"));
    assert!(session.keyfob(&["list"]).stdout.contains("Payroll (alice)"));
}

/// A link that arrives while a preview is open replaces what is shown; a confirmation that names the preview
/// seen before (a click racing the link) adds nothing, and confirming adds exactly what is on screen.
#[test]
fn a_link_arriving_during_a_preview_is_never_added_unseen() {
    let session = Session::unlocked();
    let app = start(&session, &[]);
    paste_link(&app, PAYROLL);
    let seen = app.execute("return Number(document.getElementById('preview-dialog').dataset.generation)", json!([]));
    crate::util::app::open_link(&session, GITHUB);
    app.wait_text("#preview-list", |t| t.contains("GitHub") && !t.contains("Payroll"));
    let raced = app.execute(
        "return window.__TAURI__.core.invoke('commit_pending', { generation: arguments[0], indices: null })
           .then(() => 'added', (e) => e.code)",
        json!([seen]),
    );
    assert_eq!(raced, "preview.changed");
    assert!(!session.keyfob(&["list"]).stdout.contains("Payroll"), "nothing unseen was added");
    app.click_armed("#preview-confirm");
    app.wait_text("#accounts", |t| t.contains("GitHub"));
    let list = session.keyfob(&["list"]).stdout;
    assert!(list.contains("GitHub") && !list.contains("Payroll"), "{list}");
}

/// Every control a person can reach has a name a screen reader can say.
#[test]
fn every_control_has_an_accessible_name() {
    let session = Session::unlocked();
    session.keyfob(&["add", GITHUB, PAYROLL]);
    // Backed up, as a settled user's vault is (this screenshot is the README's).
    std::fs::create_dir_all(session.home()).unwrap();
    let password = session.home().join("backup-password");
    std::fs::write(&password, "backup password").unwrap();
    let folder = session.home().join("Backups");
    let on =
        session.keyfob(&["auto-backup", "on", folder.to_str().unwrap(), "--password-file", password.to_str().unwrap()]);
    assert_eq!(on.status, Some(0), "{on:?}");
    let app = start(&session, &[]);
    app.wait_text("#accounts", |t| t.contains("Payroll"));
    app.wait_text("#backup-open", |t| t.starts_with("Backed up"));
    app.screenshot("00-accounts");
    let unnamed = app.execute(
        "const named = (el) => (el.getAttribute('aria-label') || '').trim()
            || (el.labels && [...el.labels].some(l => l.textContent.trim()))
            || (el.tagName === 'BUTTON' && el.textContent.trim())
            || (/^H[1-6]$/.test(el.tagName) && el.textContent.trim())
            || (el.getAttribute('aria-labelledby') && document.getElementById(el.getAttribute('aria-labelledby'))?.textContent.trim());
         return [...document.querySelectorAll('button, input, select, textarea, [tabindex], dialog, ul#accounts')]
            .filter(el => !named(el)).map(el => el.outerHTML.slice(0, 80));",
        json!([]),
    );
    assert_eq!(unnamed, json!([]), "controls without an accessible name");
}

/// Dark theme from the desktop, and a readable layout at 200 % zoom.
#[test]
fn follows_the_dark_theme_and_reads_at_double_zoom() {
    let session = Session::unlocked();
    session.keyfob(&["add", GITHUB, PAYROLL]);
    let app = start(&session, &[("GTK_THEME", "Adwaita:dark")]);
    app.wait_text("#accounts", |t| t.contains("Payroll"));
    let background = app.execute("return getComputedStyle(document.body).backgroundColor", json!([]));
    assert_eq!(background, json!("rgb(20, 22, 28)"), "dark background");
    app.screenshot("08-dark");
    app.execute("document.documentElement.style.zoom = '2'", json!([]));
    app.screenshot("09-zoom-200");
    let overflow =
        app.execute("return document.documentElement.scrollWidth - document.documentElement.clientWidth", json!([]));
    assert_eq!(overflow, json!(0), "no horizontal scrolling at 200 %");
}

#[test]
fn scan_the_screen_finds_the_code_on_the_desktop() {
    let session = Session::unlocked();
    // The enrolment QR in another window on the same desktop, as a setup page in a browser would be.
    let payload = kit::enrolment_uri(&mut kit::rng(21), 21);
    let image = session.home().join("setup-page.png");
    std::fs::create_dir_all(session.home()).unwrap();
    std::fs::write(&image, png(DynamicImage::ImageLuma8(kit::render(&payload, 5)))).unwrap();
    let app = start(&session, &[]);
    let mut viewer = std::process::Command::new("feh")
        .args(["--borderless", "--geometry", "+700+150", image.to_str().unwrap()])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("feh is needed (scripts/test installs it)");
    wait_until_shown(&payload, &session.home().join("screen.png"), |shot| {
        let mut scrot = std::process::Command::new("scrot");
        let taken = x11::run_bounded(scrot.arg("--overwrite").arg(shot), Duration::from_secs(20), "scrot");
        assert!(taken.status.success(), "scrot: {}", String::from_utf8_lossy(&taken.stderr));
    });

    app.click("#empty-scan");
    app.wait_for("#preview-dialog[open]", Duration::from_secs(15));
    assert!(
        app.text("#preview-list").contains("Example Payroll (employee21@example.com)"),
        "{}",
        app.text("#preview-list")
    );
    app.click_armed("#preview-confirm");
    app.wait_text("#accounts", |t| t.contains("Example Payroll"));
    let exported = session.keyfob(&["export", "--uris", "--i-understand-this-prints-secrets"]).stdout;
    let _ = viewer.kill();
    let _ = viewer.wait();
    assert_eq!(exported.trim(), uri::to_uri(&uri::parse(&payload).unwrap()).as_str());
}

#[test]
fn a_passphrase_vault_asks_for_its_passphrase() {
    let (session, _) = passphrase_vault();

    let app = start(&session, &[]);
    app.wait_for("#unlock-dialog[open]", Duration::from_secs(10));
    app.type_into("#unlock-passphrase", "wrong horse battery");
    app.click("#unlock-confirm");
    app.wait_text("#unlock-error", |t| t == WRONG_PASSPHRASE);
    app.screenshot("10-unlock");
    unlock(&app);
}

/// Settings: the lock mode said plainly, auto-lock and screen-lock kept in the vault, and codes hidden as
/// dots until their row is focused (clicked or reached by keyboard).
#[test]
fn settings_hide_codes_until_a_row_is_focused_and_keep_the_lock_settings() {
    let session = Session::unlocked();
    assert_eq!(session.keyfob(&["add", GITHUB]).status, Some(0));
    let app = start(&session, &[]);
    app.wait_text(".account .issuer", |t| t == "GitHub");
    app.click("#settings-open");
    app.wait_for("#settings-dialog[open]", Duration::from_secs(5));
    let mode = app.text("#settings-mode");
    assert!(mode.starts_with("Your computer's password store:") && mode.contains("anyone at this computer"), "{mode}");
    app.screenshot("18-settings");
    // Locking applies to a passphrase only: with the keychain its settings are not offered.
    let offered = "return document.getElementById('settings-minutes').getClientRects().length > 0";
    assert_eq!(app.execute(offered, json!([])), json!(false), "no idle lock without a passphrase");
    // A switch applies at once (there is no Save).
    app.click("#settings-hide-codes");
    app.wait_text("#settings-saved", |t| t == "Saved.");
    app.press_keys(&["\u{E00C}"]);
    wait_closed(&app, "settings-dialog");
    let shown_as = || {
        let value = app.execute(
            "return getComputedStyle(document.querySelector('.account .code')).getPropertyValue('-webkit-text-security')",
            json!([]),
        );
        value.as_str().unwrap_or_default().to_owned()
    };
    app.execute("document.activeElement && document.activeElement.blur()", json!([]));
    assert_eq!(shown_as(), "disc", "hidden until focused");
    app.screenshot("19-hidden-codes");
    app.execute("document.querySelector('.account').focus()", json!([]));
    assert_eq!(shown_as(), "none", "the focused row shows its code");
    let kept = invoke_from_page(&app, "lock_settings", json!({}));
    assert_eq!(kept["value"]["hide_codes"], json!(true), "kept in the vault: {kept}");
}

/// The lock mode switched from Settings, both ways: the keychain entry goes and comes back (`secret-tool`),
/// the passphrase then guards the window, and the codes stay the same.
#[test]
fn settings_move_the_key_behind_a_passphrase_and_back() {
    let session = Session::unlocked();
    assert_eq!(session.keyfob(&["add", GITHUB]).status, Some(0));
    let entries = || session.keychain_entries();
    let code_at_59 = || session.keyfob(&["code", "github", "--at", "59"]);
    let before = code_at_59().stdout;
    assert_eq!(entries(), 1);
    let app = start(&session, &[]);
    app.wait_text(".account .issuer", |t| t == "GitHub");
    app.click("#settings-open");
    app.wait_for("#settings-dialog[open]", Duration::from_secs(5));
    app.type_into("#settings-passphrase", "correct horse battery");
    app.type_into("#settings-passphrase2", "correct horse batterz");
    app.click("#settings-set-passphrase");
    app.wait_text("#settings-error", |t| t == "The two passphrases are not the same.");
    assert_eq!(entries(), 1, "nothing changed");
    app.execute("document.getElementById('settings-passphrase2').value = ''", json!([]));
    app.type_into("#settings-passphrase2", "correct horse battery");
    // The page's own script setting a passphrase the user never typed: the native confirmation, which
    // the page cannot answer, is cancelled, and the vault stays in the keychain.
    let refusing = std::thread::spawn(|| answer_native_dialog(CONFIRM_PASSPHRASE, "Escape"));
    let asked = invoke_from_page(&app, "set_passphrase", json!({"current": null, "passphrase": "someone else's"}));
    refusing.join().unwrap();
    assert_eq!(asked["code"], "confirm.cancelled", "{asked}");
    assert_eq!(entries(), 1, "nothing changed");
    let confirming = std::thread::spawn(|| answer_native_dialog(CONFIRM_PASSPHRASE, "Return"));
    app.click("#settings-set-passphrase");
    confirming.join().unwrap();
    app.wait_text("#settings-mode", |t| t.starts_with("Passphrase:"));
    assert_eq!(entries(), 0, "the keychain entry is gone");
    assert_eq!(code_at_59().status, Some(2), "the CLI now needs the passphrase");
    // Behind a passphrase, turning its locking off is confirmed natively: the page's own script asking
    // for it, cancelled there, changes nothing.
    let refusing = std::thread::spawn(|| answer_native_dialog(CONFIRM_LOCK_OFF, "Escape"));
    let off = json!({"autoLockMinutes": 0, "lockOnScreenLock": false, "hideCodes": false, "searchShowsCodes": false});
    let asked = invoke_from_page(&app, "set_lock_settings", off);
    refusing.join().unwrap();
    assert_eq!(asked["code"], "confirm.cancelled", "{asked}");
    let kept = invoke_from_page(&app, "lock_settings", json!({}));
    assert_eq!((&kept["value"]["auto_lock_minutes"], &kept["value"]["lock_on_screen_lock"]), (&json!(5), &json!(true)));
    // Behind a passphrase the idle lock is offered, and a number applies once the field is left.
    app.execute("document.getElementById('settings-minutes').value = ''", json!([]));
    app.type_into("#settings-minutes", "7\u{E004}");
    app.wait_text("#settings-saved", |t| t == "Saved.");
    let kept = invoke_from_page(&app, "lock_settings", json!({}));
    assert_eq!(kept["value"]["auto_lock_minutes"], json!(7), "kept in the vault: {kept}");
    // Removing it (or changing it) takes the current passphrase, not only the unlocked window.
    app.click("#settings-remove-passphrase");
    app.wait_text("#settings-error", |t| {
        t == "Enter your current passphrase to change or remove it. Nothing was changed."
    });
    app.type_into("#settings-current-passphrase", "wrong horse battery");
    app.click("#settings-remove-passphrase");
    app.wait_text("#settings-error", |t| t == WRONG_PASSPHRASE);
    app.screenshot("18-settings-current-passphrase");
    let asked = invoke_from_page(&app, "remove_passphrase", json!({"current": null}));
    assert_eq!(asked["code"], "vault.current_passphrase", "{asked}");
    assert_eq!(entries(), 0, "still behind the passphrase");
    app.execute("document.getElementById('settings-current-passphrase').value = ''", json!([]));
    app.type_into("#settings-current-passphrase", "correct horse battery");
    app.click("#settings-remove-passphrase");
    app.wait_text("#settings-mode", |t| t.starts_with("Your computer's password store:"));
    assert_eq!(entries(), 1, "the keychain entry is back");
    assert_eq!(code_at_59().stdout, before, "the same key all along");
}

/// Asserts the window holds no account name and none of the codes around now.
fn assert_nothing_shown(app: &App, when: &str) {
    let source = page_source(app);
    // (The add form's placeholder shows an example address, so the issuer and the rows are what tell.)
    assert!(!source.contains("GitHub"), "{when}: a name is in the page");
    assert!(app.find_all(".account").is_empty(), "{when}: account rows are in the page");
    for code in codes_around_now(GITHUB, 0) {
        let grouped = format!("{} {}", &code[..3], &code[3..]);
        assert!(!source.contains(&code) && !source.contains(&grouped), "{when}: a code is in the page");
    }
}

#[test]
fn a_passphrase_vault_locks_on_ctrl_l_and_when_left_idle() {
    let (session, _) = passphrase_vault();

    // KEYFOB_AUTO_LOCK_SECONDS stands in for the vault's auto-lock minutes.
    let app = start(&session, &[("KEYFOB_AUTO_LOCK_SECONDS", "6")]);
    app.wait_for("#unlock-dialog[open]", Duration::from_secs(10));
    assert_nothing_shown(&app, "opened locked");
    unlock(&app);

    // Ctrl+L locks at once: the list is gone from the page, the passphrase is asked again.
    press_ctrl_l(&app);
    app.wait_for("#unlock-dialog[open]", Duration::from_secs(5));
    assert_nothing_shown(&app, "after Ctrl+L");
    app.screenshot("17-locked");
    unlock(&app);
    // The codes are back: drawn a moment after the list (waited for; read at once, a loaded machine missed it).
    app.wait_text(".account .code", |code| code.chars().filter(char::is_ascii_digit).count() == 6);

    // The user's input keeps it open: a key every half second for ten seconds, past the six-second limit.
    // (Tauri once refused the window's reports as not allowed, and then no input counted.) The pauses are
    // the user's pace, not a wait: what is checked is an absence (no lock), which no signal announces.
    let reported = invoke_from_page(&app, "user_active", json!({}));
    assert!(reported.is_object() && reported.get("code").is_none(), "the report is allowed: {reported}");
    for _ in 0..20 {
        app.press_keys(&["\u{E008}"]); // Shift: types nothing
        std::thread::sleep(Duration::from_millis(500));
    }
    assert!(app.find_all("#unlock-dialog[open]").is_empty(), "input kept it open");

    // Left alone, it locks by itself. Rust keeps the time and locks: a page whose timers do not run (a
    // hidden window's are throttled; here every one is stopped) does not keep the vault open.
    let stop_timers = "const last = setTimeout(() => {}, 0); \
        for (let id = 0; id <= last; id++) { clearTimeout(id); clearInterval(id); } return last > 0";
    assert_eq!(app.execute(stop_timers, json!([])), json!(true));
    app.wait_for("#unlock-dialog[open]", Duration::from_secs(20));
    assert_nothing_shown(&app, "after idling");
}

/// The screen saver's `ActiveChanged(true)` on the session bus locks the window, unless the user turned
/// locking with the screen off; `false` (the screen unlocking) does nothing.
#[test]
fn a_passphrase_vault_locks_with_the_screen() {
    let (session, pass) = passphrase_vault();
    let pass = pass.as_str();
    let send = |interface: &str, member: &str, argument: &str| {
        let (path, member) = (format!("/{}", interface.replace('.', "/")), format!("{interface}.{member}"));
        let sent = session.tool("dbus-send", &["--session", "--type=signal", &path, &member, argument]);
        assert_eq!(sent.status, Some(0), "{sent:?}");
    };
    let signal = |interface: &str, active: bool| send(interface, "ActiveChanged", &format!("boolean:{active}"));

    // Turned off, the screen locking leaves Keyfob open. `Session::locks_with_screen` decides (unit-tested);
    // here, end to end, a signal ignored cannot be told from one not handled yet, so the window is given
    // two seconds: a bounded check that can only miss a late lock, never hang.
    assert_eq!(session.keyfob(&["lock", "auto", "--on-screen-lock", "off", "--passphrase-file", pass]).status, Some(0));
    let app = start(&session, &[]);
    unlock(&app);
    signal("org.freedesktop.ScreenSaver", true);
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(app.text(".account .issuer"), "GitHub", "turned off: the screen locking leaves Keyfob open");
    drop(app);

    assert_eq!(session.keyfob(&["lock", "auto", "--on-screen-lock", "on", "--passphrase-file", pass]).status, Some(0));
    let app = start(&session, &[]);
    unlock(&app);
    signal("org.gnome.ScreenSaver", false);
    // Signals that are not the screen locking, from anyone on the bus: a body of another type, a huge
    // string, another member, another interface. None locks, and the app keeps listening.
    send("org.gnome.ScreenSaver", "ActiveChanged", "string:true");
    send("org.gnome.ScreenSaver", "ActiveChanged", &format!("string:{}", "x".repeat(100_000)));
    send("org.freedesktop.ScreenSaver", "ActiveChanged", "int32:1");
    send("org.gnome.ScreenSaver", "WakeUpScreen", "boolean:true");
    send("org.example.NotTheScreenSaver", "ActiveChanged", "boolean:true");
    // That none of them locks is `screen_lock::tests`' to show, message by message; here, end to end, as
    // above, with two seconds' grace. Then the app, still listening after them, locks at the real one.
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(app.text(".account .issuer"), "GitHub", "the screen unlocking and stray signals do nothing");
    signal("org.gnome.ScreenSaver", true);
    app.wait_for("#unlock-dialog[open]", Duration::from_secs(10));
    assert_nothing_shown(&app, "after the screen locked");
    unlock(&app);
    signal("org.freedesktop.ScreenSaver", true);
    app.wait_for("#unlock-dialog[open]", Duration::from_secs(10));
    assert_nothing_shown(&app, "after the freedesktop screen saver locked");
}

/// logind's `Session.Lock` and `Manager.PrepareForSleep(true)` on the system bus lock the window;
/// `PrepareForSleep(false)` (waking up) does not. No systemd runs here, so a private bus stands in for the
/// system bus and the test sends the signals as logind does.
#[test]
fn a_passphrase_vault_locks_when_logind_locks_the_session_or_the_system_sleeps() {
    let (session, _) = passphrase_vault();
    let system = crate::util::session::Bus::start();
    let send = |path: &str, member: &str, arguments: &[&str]| {
        // (`dbus-send --address` sends before saying hello, and the bus delivers such signals to nobody.)
        let sent = std::process::Command::new("dbus-send")
            .args(["--system", "--type=signal", path, member])
            .args(arguments)
            .env("DBUS_SYSTEM_BUS_ADDRESS", system.address())
            .status()
            .unwrap();
        assert!(sent.success());
    };
    let sleep = |now: bool| {
        let argument = format!("boolean:{now}");
        send("/org/freedesktop/login1", "org.freedesktop.login1.Manager.PrepareForSleep", &[&argument]);
    };
    let app = start(&session, &[("DBUS_SYSTEM_BUS_ADDRESS", system.address())]);
    unlock(&app);
    send("/org/freedesktop/login1/session/_32", "org.freedesktop.login1.Session.Lock", &[]);
    app.wait_for("#unlock-dialog[open]", Duration::from_secs(10));
    assert_nothing_shown(&app, "after logind locked the session");
    unlock(&app);
    sleep(false);
    send("/org/freedesktop/login1/session/_32", "org.freedesktop.login1.Session.Unlock", &[]);
    // Waking up and unlocking lock nothing (`screen_lock::tests`; here with two seconds' grace, as above);
    // the app still listens after them.
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(app.text(".account .issuer"), "GitHub", "waking up and unlocking lock nothing");
    sleep(true);
    app.wait_for("#unlock-dialog[open]", Duration::from_secs(10));
    assert_nothing_shown(&app, "before the system slept");
}

/// The title of the native confirmation shown before secrets become QR codes on screen.
const CONFIRM_EXPORT: &str = "Show your secrets as QR codes?";

/// In the open phone dialog: asks for the codes, confirms the native dialog, waits for the single QR code,
/// takes the screenshot `shot`, and saves the image shown to `file` (returned).
fn confirm_and_save_phone_qr(app: &App, file: &std::path::Path, shot: &str) -> std::path::PathBuf {
    let confirming = std::thread::spawn(|| answer_native_dialog(CONFIRM_EXPORT, "Return"));
    app.click("#phone-show");
    confirming.join().unwrap();
    app.wait_text("#phone-count", |t| t == "QR code 1 of 1");
    app.screenshot(shot);
    let src = app.execute("return document.getElementById('phone-qr').src", json!([]));
    let png = data_encoding::BASE64
        .decode(src.as_str().unwrap().strip_prefix("data:image/png;base64,").unwrap().as_bytes())
        .unwrap();
    std::fs::write(file, png).unwrap();
    file.to_owned()
}

/// The titles of the native confirmations before an account gives codes to new websites, backups go to a
/// folder, and a vault moves behind a passphrase.
/// What the window says of a wrong passphrase (errors.ftl's `error-wrong-passphrase`).
const WRONG_PASSPHRASE: &str = "Wrong passphrase: it does not open your accounts. Check it and try again.";
const CONFIRM_SITES: &str = "Give codes to these websites?";
const CONFIRM_BACKUP: &str = "Back up to this folder?";
const CONFIRM_PASSPHRASE: &str = "Protect Keyfob with this passphrase?";
const CONFIRM_LOCK_OFF: &str = "Stop locking Keyfob?";

/// Calls Rust's `command` with `args` from the page's own script, as a script gone wrong (or injected)
/// could: what it answered, or the error it threw.
fn invoke_from_page(app: &App, command: &str, args: serde_json::Value) -> serde_json::Value {
    let script = "const [command, args] = arguments; \
        return window.__TAURI__.core.invoke(command, args).then((value) => ({ value }), (error) => error);";
    app.execute(script, json!([command, args]))
}

#[test]
fn imports_an_encrypted_aegis_export_then_offers_and_makes_backups() {
    let session = Session::unlocked();
    std::fs::create_dir_all(session.home()).unwrap();
    // The fixture: an encrypted Aegis export, made as Aegis makes it (keyfob-interop's Aegis writer is checked against
    // the format's importer in its own tests).
    let links = [GITHUB, PAYROLL, "otpauth://hotp/Bank:bob?secret=MFRGGZDFMZTWQ2LK&issuer=Bank&counter=3"];
    let accounts: Vec<keyfob_core::Account> = links.iter().map(|l| uri::parse(l).unwrap()).collect();
    // GitHub in a group with a note (recovery codes, as people keep them), Bank pinned.
    let mut organised: Vec<Portable> = accounts.iter().map(|a| a.duplicate().into()).collect();
    organised[0].extras = Extras::new(&["Work"], false, Some("recovery: 1111-2222")).unwrap();
    organised[2].extras = Extras::new(&["Money"], true, None).unwrap();
    let password = keyfob_interop::import::Password::new(zeroize::Zeroizing::new("aegis password".into()));
    let export = keyfob_interop::aegis::write(&organised, &password, &ring::rand::SystemRandom::new()).unwrap();
    let file = session.home().join("aegis-export.json");
    std::fs::write(&file, &*export).unwrap();

    let app = start(&session, &[]);
    app.wait_for("#empty", Duration::from_secs(10));
    assert!(app.text("#empty").contains("recovery codes"), "first-run guidance: {}", app.text("#empty"));
    app.click("#empty-import");
    pick_in_file_dialog("Choose the export file", &file);
    app.wait_for("#import-password-dialog[open]", Duration::from_secs(15));
    app.type_into("#import-password", "not the password");
    app.click("#import-password-confirm");
    app.wait_text("#import-password-error", |t| t.starts_with("Wrong password"));
    app.screenshot("11-import-password");
    app.execute("document.getElementById('import-password').value = ''", json!([]));
    app.type_into("#import-password", "aegis password");
    app.click("#import-password-confirm");
    app.wait_for("#preview-dialog[open]", Duration::from_secs(15));
    let preview = app.text("#preview-list");
    for name in ["GitHub (alice@example.com)Work · with a note", "Payroll (alice)", "Bank (bob)★ Pinned · Money"] {
        assert!(preview.contains(name), "{preview}");
    }
    app.click_armed("#preview-confirm");

    // Right after the first accounts, the backup is offered.
    app.wait_for("#backup-dialog[open]", Duration::from_secs(10));
    assert!(app.text("#backup-intro").contains("Your first account is in"));
    assert_eq!(app.text("#backup-open"), "Backups: off");
    app.screenshot("12-backup-offer");
    app.click("#backup-close");
    // Declined: a gentle reminder stays until backups are on.
    app.wait_for("#backup-banner", Duration::from_secs(5));
    app.screenshot("13-backup-reminder");
    let exported = session.keyfob(&["export", "--uris", "--i-understand-this-prints-secrets"]).stdout;
    let expected: Vec<String> = accounts.iter().map(|a| uri::to_uri(a).to_string()).collect();
    assert_eq!(exported.lines().collect::<Vec<_>>(), expected);
    // The groups, the pin and the note came in with them: pinned Bank on top, GitHub's note in its dialog.
    app.wait_text("#accounts", |t| t.contains("Bank"));
    assert_eq!(app.text(".account[data-id=\"3\"] .tags"), "★ Pinned · Money");
    assert_eq!(app.text(".account[data-id=\"1\"] .tags"), "Work");
    row_action(&app, ".account[data-id=\"1\"]", "rename");
    app.wait_for("#rename-dialog[open]", Duration::from_secs(5));
    app.wait_value("#rename-note", |v| v == "recovery: 1111-2222");
    app.click("#rename-dialog button[value='cancel']");
    // And they go out again with an Aegis export (the note sealed inside it).
    let aegis_password = session.home().join("aegis-password");
    std::fs::write(&aegis_password, "aegis password").unwrap();
    let again = session.home().join("again.json");
    let run = session.keyfob(&[
        "export",
        "--aegis",
        again.to_str().unwrap(),
        "--password-file",
        aegis_password.to_str().unwrap(),
    ]);
    assert_eq!(run.status, Some(0), "{run:?}");
    let reread = keyfob_interop::import::read(&std::fs::read(&again).unwrap(), None, Some(&password)).unwrap();
    assert_eq!(reread.accounts, organised);

    let folder = session.home().join("Backups");
    std::fs::create_dir_all(&folder).unwrap();
    app.click("#backup-banner-open");
    app.type_into("#backup-folder", folder.to_str().unwrap());
    app.type_into("#backup-password", "backup password");
    app.type_into("#backup-password2", "backup passwort");
    app.click("#backup-on");
    app.wait_text("#backup-error", |t| t.contains("not the same"));
    app.execute("document.getElementById('backup-password2').value = ''", json!([]));
    app.type_into("#backup-password2", "backup password");
    // The page's own script choosing the folder and password: cancelled in the native dialog, nothing on.
    let refusing = std::thread::spawn(|| answer_native_dialog(CONFIRM_BACKUP, "Escape"));
    let args = json!({"folder": session.home().to_str().unwrap(), "password": "chosen by a script", "keep": 3});
    let asked = invoke_from_page(&app, "enable_auto_backup", args);
    refusing.join().unwrap();
    assert_eq!(asked["code"], "confirm.cancelled", "{asked}");
    assert!(session.keyfob(&["auto-backup", "status"]).stdout.starts_with("off:"), "backups stay off");
    let confirming = std::thread::spawn(|| answer_native_dialog(CONFIRM_BACKUP, "Return"));
    app.click("#backup-on");
    confirming.join().unwrap();
    app.wait_text("#backup-state", |t| t.starts_with("On: after every change"));
    app.screenshot("14-backup-on");
    app.click("#backup-close");
    app.wait_text("#backup-open", |t| t == "Backed up just now");
    assert!(app.find_all("#backup-banner:not([hidden])").is_empty(), "the reminder is gone");
    let written: Vec<_> = std::fs::read_dir(&folder).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(written.len(), 1, "{written:?}");
    let backup_password = session.home().join("backup-password");
    std::fs::write(&backup_password, "backup password").unwrap();
    let restored = Session::unlocked();
    let run = restored.keyfob(&[
        "import",
        written[0].to_str().unwrap(),
        "--password-file",
        backup_password.to_str().unwrap(),
    ]);
    assert!(run.stdout.ends_with("3 added, 0 already there, 0 not imported\n"), "{run:?}");
    let listed: serde_json::Value = serde_json::from_str(&restored.keyfob(&["list", "--json"]).stdout).unwrap();
    assert_eq!(
        (&listed[0]["groups"], &listed[0]["has_note"]),
        (&json!(["Work"]), &json!(true)),
        "the backup kept them"
    );
    assert_eq!((&listed[2]["groups"], &listed[2]["favourite"]), (&json!(["Money"]), &json!(true)));

    // Moving to a phone: the QR codes shown one after another hold every account.
    app.click("#transfer-open");
    app.click("#export-phone");
    app.wait_for("#phone-dialog[open]", Duration::from_secs(5));
    assert!(app.find_all("#phone-figure:not([hidden])").is_empty(), "nothing secret is shown before asking");
    // The web view asking for the images by itself (as a hostile page would) gets a native confirmation it
    // cannot answer: declined there, nothing is made.
    let declining = std::thread::spawn(|| answer_native_dialog(CONFIRM_EXPORT, "Escape"));
    let asked = app
        .execute("return window.__TAURI__.core.invoke('phone_export').then(() => 'shown', (e) => e.code)", json!([]));
    declining.join().unwrap();
    assert_eq!(asked, "export.cancelled");
    let image = confirm_and_save_phone_qr(&app, &session.home().join("phone.png"), "15-phone-export");
    let phone = Session::unlocked();
    let run = phone.keyfob(&["import", image.to_str().unwrap()]);
    assert!(run.stdout.ends_with("3 added, 0 already there, 0 not imported\n"), "{run:?}");
    app.click("#phone-done");
    assert_eq!(app.execute("return document.getElementById('phone-qr').hasAttribute('src')", json!([])), json!(false));
}

/// Runs `during` and returns what it returned with the OS notifications sent meanwhile, as `dbus-monitor`
/// on the test's session bus printed them: from the moment the monitor is watching (its `NameLost`) until
/// a sentinel call sent a second and a half after the first notification arrived, so that every
/// notification sent by then is in, whatever the machine's load.
fn notifications<T>(session: &Session, during: impl FnOnce() -> T) -> (T, String) {
    use std::io::BufRead;
    const SENTINEL: &str = "keyfob-test-sentinel";
    let mut monitor = std::process::Command::new("dbus-monitor")
        .args(["--address", session.bus_address(), "interface='org.freedesktop.Notifications',member='Notify'"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let seen = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let lines = std::io::BufReader::new(monitor.stdout.take().unwrap());
    let writer = std::sync::Arc::clone(&seen);
    std::thread::spawn(move || {
        for line in lines.lines().map_while(Result::ok) {
            let mut seen = writer.lock().unwrap();
            seen.push_str(&line);
            seen.push('\n');
        }
    });
    let wait_for = |what: &str, found: &dyn Fn(&str) -> bool| {
        wait::poll_seen(
            &format!("dbus-monitor to show {what}"),
            Duration::from_secs(30),
            || found(&seen.lock().unwrap()).then_some(()),
            || format!("it showed: {}", seen.lock().unwrap()),
        );
    };
    wait_for("that it watches (NameLost)", &|s| s.contains("member=NameLost"));
    let value = during();
    wait_for("a notification", &|s| s.contains("member=Notify"));
    // A second notification for the same login would follow within a poll: it is given a second and a
    // half to come, as before (a grace, not a wait: its absence is what is checked, and no signal says a
    // notification will not come); the sentinel then makes sure everything sent by then is in.
    std::thread::sleep(Duration::from_millis(1500));
    let sent = session.tool(
        "dbus-send",
        &[
            "--session",
            "--type=method_call",
            "--dest=org.freedesktop.Notifications",
            "/org/freedesktop/Notifications",
            "org.freedesktop.Notifications.Notify",
            &format!("string:{SENTINEL}"),
        ],
    );
    assert_eq!(sent.status, Some(0), "{sent:?}");
    wait_for("the sentinel", &|s| s.contains(SENTINEL));
    let _ = monitor.kill();
    let _ = monitor.wait();
    let seen = seen.lock().unwrap().clone();
    // Up to the sentinel's own call, which is a Notify too.
    let sentinel = seen.find(SENTINEL).unwrap_or(seen.len());
    let cut = seen[..sentinel].rfind("method call").unwrap_or(sentinel);
    (value, seen[..cut].to_owned())
}

/// The app with Keyfob Demo's push token for alice, enrolled by pasting the setup page's QR code.
fn push_enrolled() -> (crate::util::login::LoginService, Session, App) {
    use crate::util::login::{LoginService, sign_up};
    let service = LoginService::start(&[]);
    let session = Session::unlocked();
    let (_, setup) = sign_up(&service, "alice");
    let app = start(&session, &[]);
    app.wait_for("#empty", Duration::from_secs(10));

    // Enrol by pasting a screenshot of the setup page's push QR code.
    paste_image(&app, &setup.image("push-qr"));
    app.wait_for("#preview-dialog[open]", Duration::from_secs(10));
    let host = service.url.trim_start_matches("http://").to_owned();
    let preview = app.text("#preview-list");
    assert!(
        preview.contains(&format!("Keyfob Demo (alice)push approval from {host}")),
        "the server is named: {preview}"
    );
    app.screenshot("16a-push-preview");
    app.click_armed("#preview-confirm");
    app.wait_for("#backup-dialog[open]", Duration::from_secs(40));
    app.click("#backup-close");
    app.wait_text(".account .code", |t| t == "Push approval");
    (service, session, app)
}

/// Alice logs in on the service's page; returns the browser and the page once the prompt is up.
fn push_login(
    service: &crate::util::login::LoginService,
    app: &App,
) -> (crate::util::login::Browser, crate::util::login::Page) {
    let browser = crate::util::login::Browser::new(service);
    let (status, page) = browser.fill("/login", "alice", "correct horse battery");
    assert_eq!(status, 200);
    app.wait_for("#push-dialog[open]", Duration::from_secs(20));
    app.wait_text("#push-title", |t| t == "Log in to Keyfob Demo?");
    (browser, page)
}

#[test]
fn approves_a_pushed_login_with_one_tap_on_the_right_number() {
    let (service, session, app) = push_enrolled();
    let listed = session.keyfob(&["list"]).stdout;
    assert!(listed.contains("[push, serial KFPU"), "{listed}");

    // A login: the prompt appears by itself, with three numbers, the page's among them.
    let login = |expect: &str| {
        assert_eq!(expect, "Log in to Keyfob Demo?");
        push_login(&service, &app)
    };
    // The window is not in front (no window manager gives it focus): the prompt is also an OS notification,
    // sent once, seen on the session bus.
    let ((browser, page), seen) = notifications(&session, || login("Log in to Keyfob Demo?"));
    let number = page.text_of("number");
    assert_eq!(seen.matches("member=Notify").count(), 1, "{seen}");
    assert!(seen.contains("open Keyfob and pick the number the login page shows"), "{seen}");
    let shown = push_numbers(&app);
    assert_eq!(shown.len(), 3, "{shown:?}");
    assert!(shown.contains(&number), "{number} in {shown:?}");
    let time = app.text("#push-time");
    assert!(time == "Expires in 2:00" || time.starts_with("Expires in 1:5"), "the service's 120 s: {time}");
    // The prompt shows the account's icon as the list does (no brand is named "Keyfob Demo": its letter).
    assert_eq!(app.text("#push-icon"), "K");
    app.screenshot("16-push-prompt");
    assert_eq!(crate::util::axe::serious_violations(&app), Vec::<String>::new(), "axe-core on the push prompt");
    app.execute(
        "[...document.querySelectorAll('.push-option')].find(b => b.textContent === arguments[0]).click()",
        json!([number]),
    );
    app.wait_text("#toast-text", |t| t == "Approved");
    assert_eq!(browser.login_state(&page.login_id()), "verified");

    // From the keyboard alone: Tab to the page's number and Space approves (Enter answers nothing here);
    // Tab to Deny and Space denies.
    let (browser, page) = login("Log in to Keyfob Demo?");
    let number = page.text_of("number");
    let approve = format!("Approve: the login page shows {number}");
    // The first answer's toast may still show: this answer's is waited for, not that one.
    let forget_toast = "document.getElementById('toast-text').textContent = ''";
    app.execute(forget_toast, json!([]));
    tab_to(&app, "the page's number", |f| f == approve);
    app.press_keys(&[SPACE]);
    app.wait_text("#toast-text", |t| t == "Approved");
    assert_eq!(browser.login_state(&page.login_id()), "verified");
    let (browser, page) = login("Log in to Keyfob Demo?");
    app.execute(forget_toast, json!([]));
    tab_to(&app, "Deny", |f| f == "push-deny");
    app.press_keys(&[SPACE]);
    app.wait_text("#toast-text", |t| t == "Denied");
    assert_eq!(browser.login_state(&page.login_id()), "denied");

    // "This wasn't me" (by keyboard too): denied, the page says so, and a panel says what to do next until
    // it is closed.
    let (browser, page) = login("Log in to Keyfob Demo?");
    tab_to(&app, "This wasn't me", |f| f == "push-not-me");
    app.press_keys(&[SPACE]);
    app.wait_for("#push-report-dialog[open]", Duration::from_secs(10));
    assert_eq!(browser.login_state(&page.login_id()), "denied");
    assert_report_stays_until_closed(&app);
}

/// Space, the key that presses a button where Enter is held back (the push prompt).
const SPACE: &str = "\u{E00D}";

/// The "what to do next" panel is open, names the steps, and is still open after the page ran its
/// timers 2.5 s on (past the 1.8 s a toast lasts; the page's own timer resolving is the signal), until
/// Close is pressed.
fn assert_report_stays_until_closed(app: &App) {
    let report = app.text("#push-report-dialog");
    assert!(report.contains("Login denied and reported"), "{report}");
    assert!(report.contains("Change the password of this account now"), "{report}");
    assert!(report.contains("Tell your IT or security team"), "{report}");
    assert!(app.find_all("#push-dialog[open]").is_empty(), "the prompt made way for the panel");
    let later =
        "return new Promise(done => setTimeout(() => done(document.getElementById('push-report-dialog').open), 2500))";
    assert_eq!(app.execute(later, json!([])), json!(true), "still open 2.5 s later");
    app.click("#push-report-close");
    let open = "return document.getElementById('push-report-dialog').open";
    assert_eq!(app.execute(open, json!([])), json!(false), "closed by Close");
}

/// The numbers the open push prompt offers, in the order shown.
fn push_numbers(app: &App) -> Vec<String> {
    let shown = app.execute("return [...document.querySelectorAll('.push-option')].map(b => b.textContent)", json!([]));
    shown.as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_owned()).collect()
}

/// Enter, pressed by habit as the prompt opens, answers nothing: focus is on the prompt's heading, and
/// Enter on a number the user tabbed to answers nothing either; "None of these numbers" denies and reports.
#[test]
fn a_stray_enter_answers_no_push_prompt_and_none_of_these_numbers_denies() {
    use keyfob_testkit::webdriver::{ENTER, TAB};
    let (service, _session, app) = push_enrolled();
    let (browser, page) = push_login(&service, &app);
    assert_eq!(focused(&app), "push-title", "focus on the heading, which answers nothing");
    assert_eq!(app.text("#push-none"), "None of these numbers");
    app.screenshot("16b-push-prompt-heading-focused");
    let numbers = push_numbers(&app);
    assert_eq!(numbers.len(), 3, "{numbers:?}");

    // Enter on the heading, then Tab: focus reaching the first number shows both keys were handled.
    app.press_keys(&[ENTER, TAB]);
    wait_focused(&app, |f| f == numbers[0]);
    assert_eq!(browser.login_state(&page.login_id()), "waiting", "Enter on the heading answered nothing");
    assert_eq!(app.find_all("#push-dialog[open]").len(), 1);

    // Enter on a number the user tabbed to: still nothing; Tab then moves on to the next number.
    app.press_keys(&[ENTER, TAB]);
    wait_focused(&app, |f| f == numbers[1]);
    assert_eq!(browser.login_state(&page.login_id()), "waiting", "Enter on a number answered nothing");
    assert_eq!(app.find_all("#push-dialog[open]").len(), 1);

    // None of the numbers is the page's: someone else's login (Tab to it, Space). Denied and reported, with
    // what to do next.
    tab_to(&app, "None of these numbers", |f| f == "push-none");
    app.press_keys(&[SPACE]);
    app.wait_for("#push-report-dialog[open]", Duration::from_secs(10));
    assert_eq!(browser.login_state(&page.login_id()), "denied");
    assert_eq!(focused(&app), "push-report-title");
    app.screenshot("16c-push-report");
    assert_report_stays_until_closed(&app);
}

/// The review's finding: a push token enrolled over plain http to another computer (before Keyfob refused
/// that) went on working with no word in the window (the CLI warned). The list says so under it, to
/// screen readers too; tokens over https, or http on this computer, say nothing.
#[test]
fn a_push_token_set_up_over_remote_http_is_marked_in_the_list() {
    let session = Session::unlocked();
    crate::util::vault::vault_with_push_over_http(&session.vault());
    let app = start(&session, &[]);
    enter_passphrase(&app);
    app.wait_for(".account[data-id=\"3\"]", Duration::from_secs(10));
    let warning = "Set up without encryption: set it up again from an https:// page";
    // Waited for: unlocking reads the list twice (the unlock, then the change it announces), and a row
    // read between the two is gone when its text is asked for.
    app.wait_text(".account[data-id=\"1\"] .caution", |t| t == warning);
    assert!(
        app.find_all(".account[data-id=\"2\"] .caution:not([hidden]), .account[data-id=\"3\"] .caution:not([hidden])")
            .is_empty()
    );
    let named = "return document.querySelector('.account[data-id=\"1\"]').getAttribute('aria-label')";
    let named = app.execute(named, json!([]));
    assert!(named.as_str().unwrap().ends_with(&format!("Warning: {warning}")), "{named}");
    app.screenshot("19-push-over-http");
}

/// A login pushed while the vault is locked: the locked window says only that a login waits (no service,
/// no account, no number, in the page or the notification), and after the unlock it is the normal prompt,
/// answered with the number. The watcher polls with passes signed before the lock; the device key stays
/// sealed until the unlock.
#[test]
fn a_push_prompt_while_locked_says_unlock_to_answer() {
    use crate::util::login::{Browser, LoginService, sign_up};
    let service = LoginService::start(&[]);
    let (session, pass) = passphrase_vault();
    let (_, setup) = sign_up(&service, "alice");
    let qr = session.home().join("push.png");
    std::fs::write(&qr, setup.image("push-qr")).unwrap();
    let added = session.keyfob(&["add", "--scan", qr.to_str().unwrap(), "--passphrase-file", &pass]);
    assert_eq!(added.status, Some(0), "{added:?}");

    let app = start(&session, &[]);
    unlock(&app);
    app.wait_text("#accounts", |t| t.contains("Push approval"));
    press_ctrl_l(&app);
    app.wait_for("#unlock-dialog[open]", Duration::from_secs(5));
    assert!(app.find_all("#unlock-push:not([hidden])").is_empty(), "nothing waits yet");

    let browser = Browser::new(&service);
    let ((status, page), seen) = notifications(&session, || {
        let posted = browser.fill("/login", "alice", "correct horse battery");
        app.wait_text("#unlock-push", |t| t == "A login is waiting. Unlock to answer it.");
        posted
    });
    assert_eq!(status, 200);
    let number = page.text_of("number");
    assert_eq!(seen.matches("member=Notify").count(), 1, "{seen}");
    // What the notification says: the strings of the Notify call (dbus-monitor's other lines hold serials,
    // times, and bus names such as ":1.18", whose digits once matched the number).
    let notify = seen.split("member=Notify").nth(1).unwrap_or_default();
    let notify = notify
        .split(['\n'])
        .take_while(|l| !l.starts_with("signal ") && !l.starts_with("method "))
        .collect::<Vec<_>>()
        .join("\n");
    let said: Vec<&str> = notify.lines().filter_map(|l| l.trim().strip_prefix("string ")).collect();
    assert!(said.contains(&"\"A login is waiting\"") && said.contains(&"\"Unlock Keyfob to answer it.\""), "{seen}");
    let source = page_source(&app);
    // (Not "alice": the add form's placeholder has an example address with that name.)
    for named in ["Keyfob Demo", "GitHub"] {
        assert!(!said.iter().any(|s| s.contains(named)), "the notification names {named}: {seen}");
        assert!(!source.contains(named), "the locked page names {named}");
    }
    assert!(!said.iter().any(|s| s.split(|c: char| !c.is_ascii_digit()).any(|n| n == number)), "{seen}");
    assert!(app.find_all("#push-dialog[open]").is_empty() && app.find_all(".push-option").is_empty(), "no numbers");
    app.screenshot("20-locked-push");

    unlock(&app);
    app.wait_for("#push-dialog[open]", Duration::from_secs(10));
    app.wait_text("#push-title", |t| t == "Log in to Keyfob Demo?");
    assert!(app.find_all("#unlock-push:not([hidden])").is_empty(), "the note went with the lock");
    app.execute(
        "[...document.querySelectorAll('.push-option')].find(b => b.textContent === arguments[0]).click()",
        json!([number]),
    );
    app.wait_text("#toast-text", |t| t == "Approved");
    assert_eq!(browser.login_state(&page.login_id()), "verified");
}

/// Favourites pinned to the top, groups with a filter, the order by name, and a note: set in the window,
/// kept in the vault (the note sealed), and all still there after a restart.
#[test]
fn favourites_groups_and_notes_organise_the_list_and_survive_a_restart() {
    let session = Session::unlocked();
    for link in [
        "otpauth://totp/Payroll:alice?secret=JBSWY3DPEHPK3PXP",
        "otpauth://totp/GitHub:alice?secret=KRSXG5CTMVRXEZLU",
        "otpauth://totp/Bank:bob?secret=MFRGGZDFMZTWQ2LK",
    ] {
        assert_eq!(session.keyfob(&["add", link]).status, Some(0));
    }
    let issuers = |app: &App| {
        app.execute(
            "return [...document.querySelectorAll('#accounts .account .issuer')].map(e => e.textContent)",
            json!([]),
        )
    };
    // A new order is drawn once the vault has it: wait for it (5 s at most).
    let wait_order = |app: &App, expected: serde_json::Value| {
        wait::poll_seen(
            &format!("the list in the order {expected}"),
            Duration::from_secs(5),
            || (issuers(app) == expected).then_some(()),
            || format!("it shows {}", issuers(app)),
        );
    };
    let app = start(&session, &[]);
    app.wait_text("#accounts", |t| t.contains("Bank"));
    assert_eq!(issuers(&app), json!(["Payroll", "GitHub", "Bank"]));
    // GitHub shows its brand; the others a letter avatar in their service's own colour (as core fixes it).
    assert_eq!(drawn_icon(&app, 2)[0], json!("github"));
    let payroll_avatar = app.execute(
        "const a = document.querySelector('.account[data-id=\"1\"] .avatar'); return [a.textContent, getComputedStyle(a).backgroundColor]",
        json!([]),
    );
    let [r, g, b] = keyfob_core::icon::avatar(Some("Payroll"), "alice").colour;
    assert_eq!(payroll_avatar, json!(["P", format!("rgb({r}, {g}, {b})")]));

    // Pin Bank: it goes to the top.
    row_action(&app, ".account[data-id=\"3\"]", "favourite");
    app.wait_text("#toast-text", |t| t.contains("pinned to the top"));
    assert_eq!(issuers(&app), json!(["Bank", "Payroll", "GitHub"]));
    assert_eq!(app.text(".account[data-id=\"3\"] .tags"), "★ Pinned");

    // GitHub in two groups, with a note.
    row_action(&app, ".account[data-id=\"2\"]", "rename");
    app.wait_for("#rename-dialog[open]", Duration::from_secs(5));
    app.type_into("#rename-groups", "Work, Code, work");
    app.type_into("#rename-sites", "https://login.example.co.uk/sign-in, github.com");
    app.type_into("#rename-note", "recovery codes in the safe, envelope 3");
    // New websites are confirmed in a native dialog, which the page cannot answer.
    let confirming = std::thread::spawn(|| answer_native_dialog(CONFIRM_SITES, "Return"));
    app.click("#rename-confirm");
    confirming.join().unwrap();
    app.wait_text(".account[data-id=\"2\"] .tags", |t| t == "Work · Code");
    // Its websites, kept as registrable domains: the browser host gives its codes to their pages only.
    let sites = || session.keyfob(&["sites", "2"]).stdout;
    wait::poll_seen(
        "GitHub's websites in the vault",
        Duration::from_secs(5),
        || (sites() == "example.co.uk\ngithub.com\n").then_some(()),
        || format!("`keyfob sites 2` says {:?}", sites()),
    );
    // The page's own script asking to link GitHub to another site: the user cancels the native dialog
    // and nothing is linked.
    let refusing = std::thread::spawn(|| answer_native_dialog(CONFIRM_SITES, "Escape"));
    let asked = invoke_from_page(&app, "set_sites", json!({"id": 2, "sites": ["github.com", "evil.example"]}));
    refusing.join().unwrap();
    assert_eq!(asked["code"], "confirm.cancelled", "{asked}");
    assert_eq!(session.keyfob(&["sites", "2"]).stdout, "example.co.uk\ngithub.com\n");

    // Show one group; order by name.
    app.execute(
        "const f = document.getElementById('group-filter'); f.value = 'Code'; f.dispatchEvent(new Event('change'))",
        json!([]),
    );
    app.wait_text("#accounts", |t| !t.contains("Payroll"));
    assert_eq!(issuers(&app), json!(["GitHub"]));
    app.execute(
        "const f = document.getElementById('group-filter'); f.value = ''; f.dispatchEvent(new Event('change'))",
        json!([]),
    );
    app.execute(
        "const s = document.getElementById('sort'); s.value = 'name'; s.dispatchEvent(new Event('change'))",
        json!([]),
    );
    app.wait_text("#accounts", |t| t.contains("Payroll"));
    wait_order(&app, json!(["Bank", "GitHub", "Payroll"]));
    app.execute(
        "const f = document.getElementById('group-filter'); f.value = 'Work'; f.dispatchEvent(new Event('change'))",
        json!([]),
    );
    app.wait_text("#accounts", |t| !t.contains("Bank"));
    app.execute(
        "const f = document.getElementById('group-filter'); f.value = ''; f.dispatchEvent(new Event('change'))",
        json!([]),
    );
    app.wait_text("#accounts", |t| t.contains("Bank"));
    app.screenshot("26-organised");
    app.execute(
        "const f = document.getElementById('group-filter'); f.value = 'Work'; f.dispatchEvent(new Event('change'))",
        json!([]),
    );
    app.wait_text("#accounts", |t| !t.contains("Bank"));

    // The note is sealed in the vault file.
    let vault = std::fs::read_to_string(session.vault().join("vault.json")).unwrap();
    assert!(!vault.contains("envelope"), "the note is not in the clear");
    assert!(vault.contains("\"groups\":[\"Work\",\"Code\"]") && vault.contains("\"favourite\":true"), "{vault}");
    drop(app);

    // After a restart: the favourite first, by name, the group shown as left, the note there.
    let app = start(&session, &[]);
    app.wait_text("#accounts", |t| t.contains("GitHub"));
    assert_eq!(issuers(&app), json!(["GitHub"]), "the Work group is still the one shown");
    assert_eq!(app.execute("return document.getElementById('sort').value", json!([])), json!("name"));
    app.execute(
        "const f = document.getElementById('group-filter'); f.value = ''; f.dispatchEvent(new Event('change'))",
        json!([]),
    );
    assert_eq!(issuers(&app), json!(["Bank", "GitHub", "Payroll"]));
    row_action(&app, ".account[data-id=\"2\"]", "rename");
    app.wait_for("#rename-dialog[open]", Duration::from_secs(5));
    app.wait_value("#rename-note", |v| v == "recovery codes in the safe, envelope 3");

    // Show as QR code: just this account, for a phone, after the native confirmation; any authenticator
    // reads it back as the same account.
    app.click("#rename-qr");
    app.wait_for("#phone-dialog[open]", Duration::from_secs(5));
    assert_eq!(app.text("#phone-title"), "Show GitHub (alice) as a QR code");
    assert!(app.find_all("#phone-figure:not([hidden])").is_empty(), "nothing secret is shown before asking");
    let image = confirm_and_save_phone_qr(&app, &session.home().join("one.png"), "27-account-qr");
    let scanned = session.keyfob(&["scan", image.to_str().unwrap()]);
    assert_eq!(
        scanned.stdout.trim(),
        "otpauth://totp/GitHub:alice?secret=KRSXG5CTMVRXEZLU&issuer=GitHub&algorithm=SHA1&digits=6&period=30"
    );
    app.click("#phone-done");

    // Most used: GitHub copied three times, Payroll once (by clicking, as a user copies); the pinned Bank
    // stays first. The list does not jump while copying: it re-sorts when it is next shown.
    app.execute(
        "const s = document.getElementById('sort'); s.value = 'used'; s.dispatchEvent(new Event('change'))",
        json!([]),
    );
    wait_order(&app, json!(["Bank", "Payroll", "GitHub"]));
    for (id, issuer) in [(2, "GitHub"), (2, "GitHub"), (1, "Payroll"), (2, "GitHub")] {
        app.click(&format!(".account[data-id=\"{id}\"] .code"));
        app.wait_text("#toast-text", |t| t == format!("Copied {issuer} code"));
        app.execute("document.getElementById('toast-text').textContent = ''", json!([]));
    }
    assert_eq!(issuers(&app), json!(["Bank", "Payroll", "GitHub"]), "no jumping while copying");
    drop(app);
    let app = start(&session, &[]);
    app.wait_text("#accounts", |t| t.contains("Payroll"));
    assert_eq!(app.execute("return document.getElementById('sort').value", json!([])), json!("used"));
    assert_eq!(issuers(&app), json!(["Bank", "GitHub", "Payroll"]));
}

/// What stands for an account in the list, as drawn: `(data-brand, picture shown, letter, SVG fill)`.
fn drawn_icon(app: &App, id: u64) -> serde_json::Value {
    app.execute(
        "const a = document.querySelector(`.account[data-id=\"${arguments[0]}\"] .avatar`); \
         const path = a.querySelector('svg path'); \
         return [a.dataset.brand || null, Boolean(a.querySelector('img')), a.textContent, path ? getComputedStyle(path).fill : null]",
        json!([id]),
    )
}

#[test]
fn brand_icons_a_chosen_brand_and_a_picture_from_a_file_in_both_themes() {
    let session = Session::unlocked();
    for link in [
        "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP",
        "otpauth://totp/Example%20Payroll:alice?secret=KRSXG5CTMVRXEZLU",
        "otpauth://totp/Bank:bob?secret=MFRGGZDFMZTWQ2LK",
        "otpauth://totp/Bitwarden:carol?secret=GEZDGNBVGY3TQOJQ",
    ] {
        assert_eq!(session.keyfob(&["add", link]).status, Some(0));
    }
    let app = start(&session, &[]);
    app.wait_text("#accounts", |t| t.contains("Bitwarden"));
    // Known issuers show their brand in its colour; the others their letter.
    assert_eq!(drawn_icon(&app, 1), json!(["github", false, "", "rgb(24, 23, 23)"]));
    assert_eq!(drawn_icon(&app, 4), json!(["bitwarden", false, "", "rgb(23, 93, 220)"]));
    assert_eq!(drawn_icon(&app, 2), json!([null, false, "E", null]));

    // Payroll gets a brand from the picker, then its letter back.
    row_action(&app, ".account[data-id=\"2\"]", "rename");
    app.wait_for("#rename-dialog[open]", Duration::from_secs(5));
    assert_eq!(app.text("#rename-icon-name"), "Letter avatar");
    app.type_into("#icon-search", "gitlab");
    app.wait_for(".icon-choice[data-slug=\"gitlab\"]", Duration::from_secs(5));
    app.screenshot("28-icon-picker");
    app.click(".icon-choice[data-slug=\"gitlab\"]");
    app.wait_text("#rename-icon-name", |t| t == "GitLab");
    assert_eq!(drawn_icon(&app, 2)[0], json!("gitlab"));

    // Bank gets a picture from a file: re-encoded in Rust, shown as the PNG Keyfob made.
    app.click("#rename-dialog button[value='cancel']");
    let picture = session.home().join("bank-logo.png");
    std::fs::create_dir_all(session.home()).unwrap();
    image::RgbaImage::from_fn(300, 300, |x, _| {
        if x < 150 { image::Rgba([0, 120, 60, 255]) } else { image::Rgba([250, 200, 0, 255]) }
    })
    .save(&picture)
    .unwrap();
    row_action(&app, ".account[data-id=\"3\"]", "rename");
    app.wait_for("#rename-dialog[open]", Duration::from_secs(5));
    let picking = {
        let picture = picture.clone();
        std::thread::spawn(move || pick_in_file_dialog("Choose an image for the icon", &picture))
    };
    app.click("#icon-file");
    picking.join().unwrap();
    app.wait_text("#rename-icon-name", |t| t == "Your picture");
    app.click("#rename-dialog button[value='cancel']");
    let shown = app.execute(
        "const img = document.querySelector('.account[data-id=\"3\"] .avatar img'); \
         return img.decode().then(() => [img.naturalWidth, img.naturalHeight, img.src.startsWith('blob:')])",
        json!([]),
    );
    assert_eq!(shown, json!([128, 128, true]), "scaled to fit, and never the file itself");
    let vault = std::fs::read_to_string(session.vault().join("vault.json")).unwrap();
    assert!(vault.contains("\"icon\":\"gitlab\"") && vault.contains("\"picture\":\"iVBORw0KGgo"), "{vault}");
    app.screenshot("29-icons");
    drop(app);

    // Dark theme, after a restart: the choices kept, GitHub's near-black lightened to stand out.
    let app = start(&session, &[("GTK_THEME", "Adwaita:dark")]);
    app.wait_text("#accounts", |t| t.contains("Bitwarden"));
    let github = drawn_icon(&app, 1);
    assert_eq!(github[0], json!("github"));
    assert_ne!(github[3], json!("rgb(24, 23, 23)"), "lightened on the dark card: {github}");
    assert_eq!(drawn_icon(&app, 2)[0], json!("gitlab"));
    assert_eq!(drawn_icon(&app, 3)[1], json!(true));
    app.screenshot("30-icons-dark");
}
