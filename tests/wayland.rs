//! Keyfob on a Wayland desktop, as GNOME and KDE now start by default: a real compositor (sway, headless)
//! with the real portals, the app a native Wayland client (`GDK_BACKEND=wayland`). No X server is
//! involved in what is tested: the QR code is shown by another Wayland client (`swaybg`), the screen is
//! seen through the Screenshot portal, the clipboard is Wayland's (`wl-copy`, `wl-paste`) and the keys
//! are typed through the compositor (`wtype`).

use std::path::Path;
use std::time::Duration;

use image::{DynamicImage, GrayImage, Luma};
use keyfob_testkit as kit;
use keyfob_testkit::wayland::Desktop;

use crate::util::app::{app_bin, screenshot_dir, start_binary};
use crate::util::otp::codes_around_now;
use crate::util::qr::{png, wait_until_shown};
use crate::util::session::Session;

/// Where xdg-desktop-portal-wlr (0.7) has grim write every screenshot.
const PORTAL_SHOT: &str = "/tmp/out.png";

#[test]
fn on_wayland_the_screen_is_scanned_through_the_portal_and_the_clipboard_works() {
    let session = Session::unlocked();
    std::fs::create_dir_all(session.home()).unwrap();
    let mut desktop = Desktop::start(session.bus_address(), &session.home());

    // The setup page's QR code, on the right of the screen, drawn by another Wayland client.
    let payload = kit::enrolment_uri(&mut kit::rng(22), 22);
    let mut screen = GrayImage::from_pixel(1280, 800, Luma([255]));
    image::imageops::replace(&mut screen, &kit::render(&payload, 5), 820, 150);
    let background = session.home().join("setup-page.png");
    std::fs::write(&background, png(DynamicImage::ImageLuma8(screen))).unwrap();
    desktop.show_background(&background);

    let env = desktop.env();
    let env = crate::util::app::borrowed(&env);
    let app = start_binary(&app_bin(), &session, &[], &env);
    // The screenshot kept is the first that shows the code beside the window (swaybg draws it a moment
    // after it starts).
    wait_until_shown(&payload, &screenshot_dir().join("22-wayland.png"), |shot| desktop.screenshot(shot));

    // Scan the screen: the portal's screenshot is read, decoded, and deleted.
    let _ = std::fs::remove_file(PORTAL_SHOT);
    app.click("#empty-scan");
    app.wait_for("#preview-dialog[open]", Duration::from_secs(30));
    let preview = app.text("#preview-list");
    assert!(preview.contains("Example Payroll (employee22@example.com)"), "{preview}");
    assert!(!Path::new(PORTAL_SHOT).exists(), "the screenshot (with the secret's QR code) was deleted");
    app.click_armed("#preview-confirm");
    app.wait_for("#backup-dialog[open]", Duration::from_secs(10));
    app.click("#backup-close");
    app.wait_text("#accounts", |t| t.contains("Example Payroll"));

    // Copying a code puts it on Wayland's clipboard, marked secret for clipboard managers.
    app.click(".account");
    app.wait_text("#toast-text", |t| t.starts_with("Copied"));
    let pasted = desktop.command("wl-paste").arg("--no-newline").output().unwrap();
    let code = String::from_utf8_lossy(&pasted.stdout).into_owned();
    assert!(codes_around_now(&payload, 0).contains(&code), "wl-paste: {code:?}");
    let types = desktop.command("wl-paste").arg("--list-types").output().unwrap();
    assert!(String::from_utf8_lossy(&types.stdout).lines().any(|t| t == "x-kde-passwordManagerHint"), "{types:?}");

    // Pasting a screenshot: an image on Wayland's clipboard, Ctrl+V typed through the compositor.
    let other = kit::enrolment_uri(&mut kit::rng(23), 23);
    let copied = desktop
        .command("wl-copy")
        .args(["--type", "image/png"])
        .stdin(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().unwrap().write_all(&png(DynamicImage::ImageLuma8(kit::render(&other, 5))))?;
            child.wait()
        })
        .unwrap();
    assert!(copied.success());
    desktop.focus("Keyfob");
    app.execute("document.activeElement && document.activeElement.blur()", serde_json::json!([]));
    // (A new virtual keyboard's first keys can arrive before its keymap: wtype waits 300 ms first.)
    let typed = desktop.command("wtype").args(["-s", "300", "-M", "ctrl", "v", "-m", "ctrl"]).status().unwrap();
    assert!(typed.success());
    app.wait_for("#preview-dialog[open]", Duration::from_secs(15));
    let preview = app.text("#preview-list");
    assert!(preview.contains("(employee23@example.com)"), "{preview}");
    desktop.screenshot(&screenshot_dir().join("23-wayland-paste.png"));
}

/// Where no portal answers (a bare compositor), "scan the screen" says so and what to do instead.
#[test]
fn on_wayland_without_a_portal_scanning_says_to_paste_a_screenshot() {
    let session = Session::unlocked();
    std::fs::create_dir_all(session.home()).unwrap();
    let desktop = Desktop::without_portals(session.bus_address(), &session.home());
    let env = desktop.env();
    let env = crate::util::app::borrowed(&env);
    let app = start_binary(&app_bin(), &session, &[], &env);
    app.click("#empty-scan");
    let said = app.wait_text("#error-text", |t| t.starts_with("Keyfob cannot see the screen"));
    // Why (no screenshot portal answered) is support's: kept for "Copy details for support", not said.
    assert_eq!(said, "Keyfob cannot see the screen.");
    assert_eq!(app.find_all("#error-copy-details:not([hidden])").len(), 1, "the reason is there to copy");
    let hint = app.text("#error-hint");
    assert!(hint.contains("Take a screenshot and paste it (Ctrl+V)"), "{hint}");

    // No app may take a global shortcut on Wayland: Settings say so, and how the desktop can run the palette.
    app.click("#settings-open");
    let status = app.wait_text("#settings-shortcut-status", |t| !t.is_empty());
    assert!(status.ends_with("runs: keyfob-app --quick-copy"), "{status}");
    assert_eq!(
        app.execute("return document.getElementById('settings-shortcut').disabled", serde_json::json!([])),
        serde_json::json!(true)
    );
}
