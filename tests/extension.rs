//! Keyfob's browser extension in real headless Chromium (Debian's, through chromedriver), with the real
//! `keyfob browser-host` installed for the test's home, the real app asking which account a site belongs
//! to, the real keychain and the reference login service on two loopback names: its own
//! (`login.keyfob.localhost`) and a look-alike (`login.keyfob-evil.localhost`).

use std::path::PathBuf;
use std::time::Duration;

use keyfob_core::Clock;
use keyfob_testkit::devtools::DevTools;
use keyfob_testkit::webdriver::Driver;
use serde_json::{Value, json};

use crate::login::LoginService;
use crate::support::Session;
use crate::vault::ok;
use crate::webdriver::{app_env, screenshot_dir, start};

/// Keyfob's extension id in Chromium, fixed by `extension/public-key.txt`.
const EXTENSION: &str = "bmicaadjepnaojjkepbgbeoiakipclph";
/// The Keyfob button the content script puts in a code field, and its bubble (in a closed shadow root).
const BUTTON: &str = "keyfob-button";

/// The unpacked Chromium build `scripts/extension` makes (scripts/test runs it first).
fn extension_dir() -> PathBuf {
    let dir = screenshot_dir().parent().map(|target| target.join("extension/chromium")).unwrap();
    assert!(dir.join("manifest.json").exists(), "{} is not built; run scripts/extension", dir.display());
    dir
}

fn log_in(browser: &Driver, url: &str) {
    browser.navigate(url);
    browser.type_into("#login-username", "alice");
    browser.type_into("#login-password", "correct horse battery");
    browser.click("#login");
    browser.wait_for("#code", Duration::from_secs(10));
}

fn sites(session: &Session) -> Value {
    let list: Vec<Value> = serde_json::from_str(&ok(session.keyfob(&["list", "--json"]))).unwrap();
    let totp = list.iter().find(|a| a["type"] == "totp").unwrap_or_else(|| panic!("{list:?}"));
    totp["sites"].clone()
}

fn code_field(browser: &Driver) -> String {
    browser.execute("return document.getElementById('code').value", json!([])).as_str().unwrap().to_owned()
}

/// Sleeps into the next TOTP step when `used` is the current one (the service refuses a code twice).
fn after_step(used: u64) {
    let now = keyfob_session::SystemClock.now();
    if now / 30 == used / 30 {
        std::thread::sleep(Duration::from_secs(30 - now % 30 + 1));
    }
}

#[test]
fn the_extension_fills_a_linked_sites_code_and_gives_a_look_alike_nothing() {
    let service = LoginService::start(&[]);
    let port = service.url.rsplit(':').next().unwrap().trim_end_matches('/');
    let site = format!("http://login.keyfob.localhost:{port}/");
    let evil = format!("http://login.keyfob-evil.localhost:{port}/");
    let session = Session::unlocked();
    let env = app_env(&session);
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let installed =
        session.command(&["browser", "install", "--browser", "chromium"]).env("HOME", session.home()).output();
    assert!(installed.unwrap().status.success());
    let app = start(&session, &[]);
    let profile = session.home().join(".config/chromium");
    let browser = Driver::chromium_with_extension(&screenshot_dir(), &extension_dir(), &profile, &env);
    let mut devtools = DevTools::connect(&profile);

    // Sign up on the service's own name, enrol its TOTP by scanning the page, confirm it, log out.
    browser.navigate(&site);
    browser.type_into("#signup-username", "alice");
    browser.type_into("#signup-password", "correct horse battery");
    browser.click("#signup");
    browser.wait_for("#push-qr", Duration::from_secs(10));
    let shot = browser.screenshot("40-extension-setup");
    let added = ok(session.keyfob(&["add", "--scan", shot.to_str().unwrap()]));
    assert!(added.contains("Keyfob Demo (alice)"), "{added}");
    let confirmed_at = keyfob_session::SystemClock.now();
    browser.type_into("#totp-code", ok(session.keyfob(&["code", "alice"])).trim());
    browser.click("#totp-confirm");
    browser.wait_text("#totp-state", |t| t == "Authenticator codes are set up.");
    browser.navigate(&site);
    browser.click("#logout");
    browser.wait_for("#login", Duration::from_secs(10));

    // Log in: the site is linked to nothing, so pressing the toolbar button (which lets the extension into
    // the tab) shows the popup's offer to link it and puts a muted Keyfob button in the code field, which
    // fills nothing.
    log_in(&browser, &site);
    devtools.press_extension_button(EXTENSION, &site);
    let popup = devtools.attach(&format!("chrome-extension://{EXTENSION}/popup.html"));
    let said = devtools.wait_text(&popup, "document.getElementById('message').textContent", |t| !t.is_empty());
    assert_eq!(said, "No account in Keyfob is linked to keyfob.localhost.");
    assert_eq!(devtools.evaluate(&popup, "document.getElementById('action').textContent"), "Link this site in Keyfob");
    devtools.screenshot(&popup, &screenshot_dir().join("41-extension-popup-unlinked.png"));
    browser.wait_for(BUTTON, Duration::from_secs(10));
    browser.click_in_shadow(BUTTON, "button");
    let bubble = browser.wait_shadow_text(BUTTON, ".bubble", |t| !t.is_empty());
    assert!(bubble.starts_with("No account in Keyfob is linked to keyfob.localhost."), "{bubble}");
    assert_eq!(code_field(&browser), "");
    browser.screenshot("42-extension-unlinked");

    // "Link this site in Keyfob": the app (not the page) names the site and suggests the account by its
    // issuer; nothing is linked until the user picks it there.
    browser.click_in_shadow(BUTTON, ".bubble button.action");
    browser.wait_shadow_text(BUTTON, ".bubble", |t| t.starts_with("Choose the account for keyfob.localhost in Keyfob"));
    app.wait_for("#site-link-dialog[open]", Duration::from_secs(15));
    assert_eq!(app.text("#site-link-site"), "keyfob.localhost");
    let picked = app.execute(
        "const row = document.querySelector('input[name=site-link-account]:checked').closest('label');
         return [...row.children].slice(2).map(e => e.textContent).join(' · ')",
        json!([]),
    );
    assert_eq!(picked, "Keyfob Demo (alice) · Suggested");
    app.screenshot("43-link-site-prompt");
    assert_eq!(sites(&session), Value::Null, "nothing linked before the user picks");
    app.click("#site-link-confirm");
    app.wait_text("#toast-text", |t| t.starts_with("keyfob.localhost is linked"));
    assert_eq!(sites(&session), json!(["keyfob.localhost"]));

    // The Keyfob button fills the code valid now (a fresh step: the confirmation used the last one), with
    // the events the page's scripts see; nothing is submitted until the user continues.
    after_step(confirmed_at);
    let before = ok(session.keyfob(&["code", "alice"])).trim().to_owned();
    browser.click_in_shadow(BUTTON, "button");
    let filled = browser.wait_value("#code", |v| v.len() == 6);
    let after = ok(session.keyfob(&["code", "alice"])).trim().to_owned();
    assert!(filled == before || filled == after, "{filled} is neither {before} nor {after}");
    assert!(browser.find_all("#signed-in").is_empty() && !browser.find_all("#code").is_empty(), "not sent by itself");
    browser.screenshot("44-extension-filled");
    browser.click("#code-submit");
    browser.wait_for("#signed-in", Duration::from_secs(15));
    assert_eq!(browser.text("#signed-in"), "Signed in as alice");
    browser.click("#logout");
    browser.wait_for("#login", Duration::from_secs(10));

    // The same account on the look-alike name: a button that offers no code, and no code in the field.
    log_in(&browser, &evil);
    devtools.press_extension_button(EXTENSION, &evil);
    browser.wait_for(BUTTON, Duration::from_secs(10));
    browser.click_in_shadow(BUTTON, "button");
    let bubble = browser.wait_shadow_text(BUTTON, ".bubble", |t| !t.is_empty());
    assert!(bubble.starts_with("No account in Keyfob is linked to keyfob-evil.localhost."), "{bubble}");
    std::thread::sleep(Duration::from_secs(1));
    assert_eq!(code_field(&browser), "");
    browser.screenshot("45-extension-look-alike");

    // A vault behind a passphrase the host does not have: "locked", with the offer to open Keyfob.
    let passphrase = session.home().join("passphrase");
    std::fs::write(&passphrase, "correct horse battery staple").unwrap();
    ok(session.keyfob(&["lock", "set-passphrase", "--new-passphrase-file", passphrase.to_str().unwrap()]));
    log_in(&browser, &site);
    devtools.press_extension_button(EXTENSION, &site);
    browser.wait_for(BUTTON, Duration::from_secs(10));
    browser.click_in_shadow(BUTTON, "button");
    let bubble = browser.wait_shadow_text(BUTTON, ".bubble", |t| !t.is_empty());
    assert_eq!(bubble, "Keyfob is locked. Unlock it to fill codes.\nOpen Keyfob to unlock");
    assert_eq!(code_field(&browser), "");
}
