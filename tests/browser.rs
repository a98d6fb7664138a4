//! The reference login service in a real browser (Debian's headless Chromium through chromedriver), with
//! the real `keyfob` and keychain: sign up, set up TOTP, push and recovery codes from the page's QR codes
//! as a screenshot, and log in each way.

use std::time::Duration;

use keyfob_core::Clock;
use keyfob_testkit::webdriver::Driver;
use serde_json::{Value, json};

use crate::util::app::screenshot_dir;
use crate::util::login::LoginService;
use crate::util::session::Session;
use crate::util::vault::ok;

fn log_in(browser: &Driver, service: &LoginService) {
    browser.navigate(&service.url);
    browser.type_into("#login-username", "alice");
    browser.type_into("#login-password", "correct horse battery");
    browser.click("#login");
    browser.wait_for("#code", Duration::from_secs(10));
}

fn log_out(browser: &Driver) {
    browser.click("#logout");
    browser.wait_for("#login", Duration::from_secs(10));
}

fn signed_in(browser: &Driver) {
    browser.wait_for("#signed-in", Duration::from_secs(15));
    assert_eq!(browser.text("#signed-in"), "Signed in as alice");
}

/// Waits for the next TOTP step, so the code `keyfob` prints has not been used yet.
fn fresh_code(session: &Session) -> String {
    let now = keyfob_session::SystemClock.now();
    std::thread::sleep(Duration::from_secs(30 - now % 30 + 1));
    ok(session.keyfob(&["code", "alice"])).trim().to_owned()
}

#[test]
fn sign_up_set_up_and_log_in_with_push_totp_and_a_recovery_code_in_chromium() {
    let service = LoginService::start(&[]);
    let session = Session::unlocked();
    let browser = Driver::chromium(&screenshot_dir());
    browser.navigate(&service.url);
    browser.type_into("#signup-username", "alice");
    browser.type_into("#signup-password", "correct horse battery");
    browser.click("#signup");
    browser.wait_for("#push-qr", Duration::from_secs(10));

    // Both setup QR codes, as the user sees them: screenshots of the page, scanned by keyfob.
    let top = browser.screenshot("20-service-setup");
    browser.execute("document.getElementById('push-qr').scrollIntoView()", json!([]));
    let scrolled = browser.screenshot("20-service-setup-push");
    let added = ok(session.keyfob(&["add", "--scan", top.to_str().unwrap(), scrolled.to_str().unwrap()]));
    assert!(added.contains("added 1: Keyfob Demo (alice)"), "{added}");
    let host = service.url.trim_start_matches("http://");
    assert!(added.contains(&format!("(push approval from {host}, serial KFPU")), "the server is named: {added}");
    let code = ok(session.keyfob(&["code", "alice"])).trim().to_owned();
    browser.type_into("#totp-code", &code);
    browser.click("#totp-confirm");
    browser.wait_text("#totp-state", |t| t == "Authenticator codes are set up.");
    assert_eq!(browser.text("#push-state"), "Push approval is set up.");
    browser.click("#recovery-make");
    browser.wait_for("#recovery-codes", Duration::from_secs(10));
    let codes = browser
        .execute("return [...document.querySelectorAll('#recovery-codes code')].map(c => c.textContent)", json!([]));
    let codes: Vec<String> = codes.as_array().unwrap().iter().map(|c| c.as_str().unwrap().to_owned()).collect();
    assert_eq!(codes.len(), 8);
    browser.navigate(&service.url);
    log_out(&browser);

    // Push: the page shows one number; keyfob is told it, and the page moves on by itself.
    log_in(&browser, &service);
    let number = browser.text("#number");
    browser.screenshot("21-service-waiting-for-push");
    let waiting: Vec<Value> = serde_json::from_str(&ok(session.keyfob(&["push", "list", "--json"]))).unwrap();
    assert_eq!(waiting.len(), 1);
    assert!(waiting[0]["options"].as_array().unwrap().contains(&json!(number)));
    let id = waiting[0]["id"].as_str().unwrap();
    assert!(ok(session.keyfob(&["push", "approve", id, "--answer", &number])).starts_with("approved"));
    signed_in(&browser);
    browser.screenshot("22-service-signed-in");
    log_out(&browser);

    // TOTP.
    log_in(&browser, &service);
    let code = fresh_code(&session);
    browser.type_into("#code", &code);
    browser.click("#code-submit");
    signed_in(&browser);
    log_out(&browser);

    // A recovery code, once.
    for attempt in 0..2 {
        log_in(&browser, &service);
        browser.type_into("#code", &codes[0]);
        browser.click("#code-submit");
        if attempt == 0 {
            signed_in(&browser);
            log_out(&browser);
        } else {
            browser.wait_text("#error", |t| t.contains("used already"));
            assert!(browser.current_url().contains("/code"));
        }
    }
}
