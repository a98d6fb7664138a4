//! Keyfob's browser extension in real headless Chromium (Debian's, through chromedriver), with the real
//! `keyfob browser-host` installed for the test's home, the real app asking which account a site belongs
//! to, the real keychain and the reference login service on two loopback names: its own
//! (`login.keyfob.localhost`) and a look-alike (`login.keyfob-evil.localhost`).

use std::path::PathBuf;
use std::time::Duration;

use keyfob_core::Clock;
use keyfob_testkit::devtools::DevTools;
use keyfob_testkit::wait;
use keyfob_testkit::webdriver::{Driver, ENTER, TAB};
use serde_json::{Value, json};

use crate::util::app::{app_env, borrowed, focus_name, screenshot_dir, start, tab_to};
use crate::util::axe;
use crate::util::login::LoginService;
use crate::util::session::Session;
use crate::util::vault::ok;

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

/// Installs Keyfob's native messaging host for `browser` in `session`'s home, and returns the environment
/// a browser needs to start it there (which the host inherits: the vault, the keychain's bus, the home).
fn install_host(session: &Session, browser: &str) -> Vec<(&'static str, String)> {
    let installed = session.command(&["browser", "install", "--browser", browser]).env("HOME", session.home()).output();
    assert!(installed.unwrap().status.success());
    app_env(session)
}

/// Keyfob's host installed for `session`'s home, and headless Chromium with the extension, in that home's
/// Chromium profile (where it finds the host) and `session`'s environment (which the host inherits).
fn browser_for(session: &Session) -> (Driver, DevTools) {
    let env = install_host(session, "chromium");
    let profile = session.home().join(".config/chromium");
    let browser = Driver::chromium_with_extension(&screenshot_dir(), &extension_dir(), &profile, &borrowed(&env));
    let devtools = DevTools::connect(&profile);
    (browser, devtools)
}

/// Keyfob's host installed for `session`'s home with a stand-in for Keyfob's window (`KEYFOB_APP`: pairing
/// is confirmed from the terminal), and headless Chromium with the extension, in the browser's language
/// `language` (`None`: the machine's).
fn chromium_without_window(session: &Session, language: Option<&str>) -> (Driver, DevTools) {
    let mut env = install_host(session, "chromium");
    env.push(("KEYFOB_APP", "/bin/true".to_owned()));
    let profile = session.home().join(".config/chromium");
    let browser =
        Driver::chromium_with_extension_in(&screenshot_dir(), &extension_dir(), &profile, &borrowed(&env), language);
    (browser, DevTools::connect(&profile))
}

/// Pairs the browser from its popup on the tab showing `page` ("Pair with Keyfob" shows its code), the
/// code confirmed from the terminal as `keyfob browser pair CODE` does; returns the popup's session.
fn pair_from_terminal(session: &Session, devtools: &mut DevTools, page: &str) -> String {
    let popup = open_popup(devtools, page);
    devtools.wait_text(&popup, "document.getElementById('action').hidden ? '' : 'shown'", |t| t == "shown");
    devtools.evaluate(&popup, "document.getElementById('action').click()");
    let code = devtools.wait_text(&popup, "document.getElementById('pairing-code').textContent", |t| t.len() == 7);
    ok(session.keyfob(&["browser", "pair", &code]));
    popup
}

/// Presses the extension's toolbar button on the tab showing `page` and attaches to the popup it opens.
fn open_popup(devtools: &mut DevTools, page: &str) -> String {
    devtools.press_extension_button(EXTENSION, page);
    devtools.attach(&format!("chrome-extension://{EXTENSION}/popup.html"))
}

/// How many Keyfob buttons the page has once it settles: at least `expected` (waited for), then the count
/// after a moment more. That moment is a grace, not a wait: a button too many would come with them or
/// just after (the content script scans again 250 ms after the page changes), and no signal announces
/// that none will.
fn buttons_after_settling(browser: &Driver, expected: usize) -> usize {
    wait::poll_seen(
        &format!("{expected} Keyfob buttons on the page"),
        wait::LIMIT,
        || (browser.find_all(BUTTON).len() >= expected).then_some(()),
        || format!("it has {}", browser.find_all(BUTTON).len()),
    );
    std::thread::sleep(Duration::from_millis(600));
    browser.find_all(BUTTON).len()
}

/// Asserts the link prompt preselects no account and its Link is off.
fn assert_nothing_preselected(app: &Driver) {
    let unpicked = app.execute(
        "return [document.querySelectorAll('input[name=site-link-account]:checked').length,
                 document.getElementById('site-link-confirm').getAttribute('aria-disabled')]",
        json!([]),
    );
    assert_eq!(unpicked, json!([0, "true"]), "nothing preselected, Link off");
}

/// Pairs the browser whose extension shows `code`, through Keyfob's window as a user does: the window
/// shows the same code, and Pair is pressed once it is armed (a second after the dialog shows).
fn pair_in_app(app: &Driver, code: &str) {
    app.wait_for("#pairing-dialog[open]", Duration::from_secs(15));
    assert_eq!(app.text("#pairing-code"), code, "the window shows the code the extension shows");
    app.wait_for("#pairing-confirm:not([aria-disabled=true])", Duration::from_secs(5));
    app.screenshot("52-pairing-prompt");
    assert_eq!(axe::serious_violations(app), Vec::<String>::new(), "axe-core on the pairing prompt");
    app.click_armed("#pairing-confirm");
    app.wait_text("#toast-text", |t| t.starts_with("Paired"));
}

/// Pairs through the toolbar popup: an unpaired browser is offered "Pair with Keyfob", which shows this
/// browser's code beside Keyfob's window's.
fn pair_from_popup(devtools: &mut DevTools, app: &Driver, page: &str) {
    let popup = open_popup(devtools, page);
    let said = devtools.wait_text(&popup, "document.getElementById('message').textContent", |t| !t.is_empty());
    assert_eq!(said, "This browser is not paired with Keyfob yet. Pair it from the Keyfob button in the toolbar.");
    assert_eq!(devtools.evaluate(&popup, "document.getElementById('action').textContent"), "Pair with Keyfob");
    devtools.evaluate(&popup, "document.getElementById('action').click()");
    let code = devtools.wait_text(&popup, "document.getElementById('pairing-code').textContent", |t| t.len() == 7);
    pair_in_app(app, &code);
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
    let app = start(&session, &[]);
    let (browser, mut devtools) = browser_for(&session);

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

    // Log in. The browser is not paired with Keyfob yet: its button gets nothing, not even the site's
    // name. Pairing in Keyfob's window, comparing the code the popup shows.
    log_in(&browser, &site);
    devtools.press_extension_button(EXTENSION, &site);
    browser.wait_for(BUTTON, Duration::from_secs(10));
    browser.click_in_shadow(BUTTON, 0, "button");
    let bubble = browser.wait_shadow_text(BUTTON, 0, ".bubble", |t| !t.is_empty());
    assert_eq!(bubble, "This browser is not paired with Keyfob yet. Pair it from the Keyfob button in the toolbar.");
    pair_from_popup(&mut devtools, &app, &site);

    // The site is linked to nothing, so pressing the toolbar button (which lets the extension into the
    // tab) shows the popup's offer to link it and puts a muted Keyfob button in the code field, which
    // fills nothing.
    let popup = open_popup(&mut devtools, &site);
    let said = devtools.wait_text(&popup, "document.getElementById('message').textContent", |t| !t.is_empty());
    assert_eq!(said, "No account in Keyfob is linked to keyfob.localhost.");
    assert_eq!(devtools.evaluate(&popup, "document.getElementById('action').textContent"), "Link this site in Keyfob");
    devtools.screenshot(&popup, &screenshot_dir().join("41-extension-popup-unlinked.png"));
    browser.wait_for(BUTTON, Duration::from_secs(10));
    browser.click_in_shadow(BUTTON, 0, "button");
    let bubble = browser.wait_shadow_text(BUTTON, 0, ".bubble", |t| t.starts_with("No account"));
    assert!(bubble.starts_with("No account in Keyfob is linked to keyfob.localhost."), "{bubble}");
    assert_eq!(code_field(&browser), "");
    browser.screenshot("42-extension-unlinked");

    // The page's bubble offers no way to link (two clicks on a page are too close to a prompt); the
    // popup's "Link this site in Keyfob" does: the app (not the page) names the site; nothing is linked
    // until the user picks the account there.
    assert!(browser.find_all(&format!("{BUTTON} .bubble button.action")).is_empty());
    assert!(bubble.ends_with("To link it, use the Keyfob button in the toolbar."), "{bubble}");
    // (The popup closed when the page took the focus: opened again.)
    let popup = open_popup(&mut devtools, &site);
    devtools.wait_text(&popup, "document.getElementById('action').textContent", |t| t == "Link this site in Keyfob");
    devtools.evaluate(&popup, "document.getElementById('action').click()");
    let said =
        devtools.wait_text(&popup, "document.getElementById('message').textContent", |t| t.starts_with("Choose"));
    assert_eq!(said, "Choose the account for keyfob.localhost in Keyfob, then fill again.");
    app.wait_for("#site-link-dialog[open]", Duration::from_secs(15));
    // The site large, the page's host before it dimmed; nothing preselected, Link off until a choice.
    assert_eq!(app.text("#site-link-site"), "login.keyfob.localhost");
    assert_eq!(
        (app.text("#site-link-host-part"), app.text("#site-link-domain")),
        ("login.".into(), "keyfob.localhost".into())
    );
    assert_nothing_preselected(&app);
    assert_eq!(axe::serious_violations(&app), Vec::<String>::new(), "axe-core on the link prompt");
    // Chosen and confirmed from the keyboard: Tab to the first account, Space picks it, Tab to Link, Space.
    tab_to(&app, "the first account", |f| f == "site-link-account");
    app.press_keys(&["\u{E00D}"]);
    wait::until("the first account chosen", Duration::from_secs(10), || {
        app.execute("return document.querySelector('input[name=site-link-account]:checked')?.value", json!([]))
            == json!("1")
    });
    app.screenshot("43-link-site-prompt");
    assert_eq!(sites(&session), Value::Null, "nothing linked before the user confirms");
    app.wait_for("#site-link-confirm:not([aria-disabled=true])", Duration::from_secs(10));
    tab_to(&app, "Link", |f| f == "site-link-confirm");
    app.press_keys(&["\u{E00D}"]);
    app.wait_text("#toast-text", |t| t.starts_with("keyfob.localhost is linked"));
    assert_eq!(sites(&session), json!(["keyfob.localhost"]));

    // The Keyfob button fills the code valid now (a fresh step: the confirmation used the last one), with
    // the events the page's scripts see; nothing is submitted until the user continues.
    after_step(confirmed_at);
    let before = ok(session.keyfob(&["code", "alice"])).trim().to_owned();
    browser.click_in_shadow(BUTTON, 0, "button");
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
    browser.click_in_shadow(BUTTON, 0, "button");
    let bubble = browser.wait_shadow_text(BUTTON, 0, ".bubble", |t| !t.is_empty());
    assert!(bubble.starts_with("No account in Keyfob is linked to keyfob-evil.localhost."), "{bubble}");
    // The bubble is the click's whole answer: a code would have been filled before it was said.
    assert_eq!(code_field(&browser), "");
    browser.screenshot("45-extension-look-alike");

    // A vault behind a passphrase the host does not have: "locked", with the offer to open Keyfob.
    let passphrase = session.home().join("passphrase");
    std::fs::write(&passphrase, "correct horse battery staple").unwrap();
    ok(session.keyfob(&["lock", "set-passphrase", "--new-passphrase-file", passphrase.to_str().unwrap()]));
    log_in(&browser, &site);
    devtools.press_extension_button(EXTENSION, &site);
    browser.wait_for(BUTTON, Duration::from_secs(10));
    browser.click_in_shadow(BUTTON, 0, "button");
    let bubble = browser.wait_shadow_text(BUTTON, 0, ".bubble", |t| !t.is_empty());
    assert_eq!(bubble, "Keyfob is locked. Unlock it to fill codes.\nOpen Keyfob to unlock");
    assert_eq!(code_field(&browser), "");
    // "Open Keyfob to unlock": the host starts the app, which hands itself to the running window.
    browser.click_in_shadow(BUTTON, 0, ".bubble button.action");
    browser.wait_shadow_text(BUTTON, 0, ".bubble", |t| t == "Unlock Keyfob, then fill again.");
}

/// The review's findings on the link prompt: it preselected an account by its name, so `git-hub.com`
/// came up with GitHub chosen and Link enabled; and a link always covered the whole registrable domain.
/// Now nothing is preselected, a site named like an account linked elsewhere is warned about plainly, and
/// the user may link the page's host alone, which the browser host then honours.
#[test]
fn the_link_prompt_warns_of_lookalikes_preselects_nothing_and_can_link_one_host_only() {
    let session = Session::unlocked();
    ok(session.keyfob(&["add", "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP"]));
    ok(session.keyfob(&["sites", "1", "github.com"]));
    ok(session.keyfob(&["add", "otpauth://totp/Example%20University:bob?secret=GEZDGNBVGY3TQOJQ"]));

    // What the browser host starts for a look-alike page's "Link this site".
    let app = crate::util::app::start_with_args(&session, &["--link-site=login.git-hub.com"], &[]);
    app.wait_for("#site-link-dialog[open]", Duration::from_secs(15));
    assert_eq!(app.text("#site-link-domain"), "git-hub.com");
    assert_eq!(
        app.text("#site-link-warnings"),
        "This is not github.com. GitHub (alice) is linked to github.com: a site named like it is how a phishing page looks."
    );
    assert_nothing_preselected(&app);
    app.screenshot("53-link-site-lookalike");
    app.click("#site-link-dismiss");
    wait::until("the link dialog to close on Not now", Duration::from_secs(10), || {
        app.execute("return document.getElementById('site-link-dialog').open", json!([])) == json!(false)
    });

    // A university's login host alone: "Only login.example.edu" links just it.
    crate::util::app::open_link(&session, "--link-site=login.example.edu");
    app.wait_text("#site-link-domain", |t| t == "example.edu");
    assert_eq!(app.text("#site-link-scope-host"), "Only login.example.edu");
    app.click("input[name=site-link-account][value='2']");
    app.click("input[name=site-link-scope][value=host]");
    app.screenshot("54-link-site-one-host");
    app.click_armed("#site-link-confirm");
    app.wait_text("#toast-text", |t| t == "login.example.edu is linked: only its pages get this account's codes");
    assert_eq!(ok(session.keyfob(&["sites", "2"])), "=login.example.edu\n");
}

/// Serves `tests/pages/code-fields.html` at `/`, `tests/pages/decoy.html` at `/decoy`, and a page saying
/// what a form sent at any other address, on a loopback port, until the test ends. Each connection is
/// answered on a thread of its own, and one that sends no request within 30 s is dropped: a browser opens
/// connections ahead of need, and one it leaves silent must not hold up the next page.
fn serve_code_fields() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || answer_code_fields(&stream));
        }
    });
    port
}

/// Answers one request for [`serve_code_fields`].
fn answer_code_fields(stream: &std::net::TcpStream) {
    use std::io::{BufRead, Write};
    if stream.set_read_timeout(Some(Duration::from_secs(30))).is_err() {
        return;
    }
    let mut line = String::new();
    if std::io::BufReader::new(stream).read_line(&mut line).is_err() {
        return;
    }
    let path = line.split(' ').nth(1).unwrap_or("/").to_owned();
    let body = if path == "/" {
        include_str!("pages/code-fields.html").to_owned()
    } else if path == "/decoy" {
        include_str!("pages/decoy.html").to_owned()
    } else {
        format!("<!doctype html><title>Sent</title><p id=sent>{}</p>", path.replace(['<', '&'], ""))
    };
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let mut stream = stream;
    let _ = stream.write_all(head.as_bytes()).and_then(|()| stream.write_all(body.as_bytes()));
}

/// The account the code-field tests fill.
const LINK: &str = "otpauth://totp/Keyfob:alice?secret=JBSWY3DPEHPK3PXP";

/// A keychain session whose one account, [`LINK`], is linked to `keyfob.localhost`.
fn linked_session() -> Session {
    let session = Session::unlocked();
    ok(session.keyfob(&["add", LINK]));
    ok(session.keyfob(&["sites", "1", "keyfob.localhost"]));
    session
}

/// Seconds until the current TOTP step (30 s) ends.
fn remaining() -> u64 {
    30 - keyfob_session::SystemClock.now() % 30
}

/// The fields sites use for codes each get the button and take the code with the events their scripts
/// listen for (a framework's own state included); look-alike fields get nothing; in a period's last
/// seconds the next code is waited for; the form is sent only where the user turned that on.
#[test]
fn the_extension_finds_code_fields_fills_them_as_typing_would_and_waits_out_a_period() {
    let session = linked_session();
    let page = format!("http://fields.keyfob.localhost:{}/", serve_code_fields());
    let app = start(&session, &[]);
    let (browser, mut devtools) = browser_for(&session);
    browser.navigate(&page);
    pair_from_popup(&mut devtools, &app, &page);
    let popup = open_popup(&mut devtools, &page);
    devtools.wait_text(&popup, "document.querySelector('#codes .who')?.textContent ?? ''", |t| t == "Keyfob (alice)");

    // Four targets, in the page's order: the named field, the numeric one, the framework's, the boxes.
    assert_eq!(buttons_after_settling(&browser, 4), 4, "no button by the postal code or the search field");
    browser.screenshot("46-extension-code-fields");
    // Not in a period's last seconds, where the fill would wait.
    if remaining() <= 5 {
        std::thread::sleep(Duration::from_secs(remaining() + 1));
    }
    let code = |offset: u64| crate::util::otp::codes_around_now(LINK, i64::try_from(offset).unwrap())[1].clone();
    for nth in 0..4 {
        browser.click_in_shadow(BUTTON, nth, "button");
    }
    let now = code(0);
    let read = |script: &str| browser.execute(script, json!([])).as_str().unwrap_or_default().to_owned();
    // Each fill asks Keyfob in turn: wait for all four before reading them.
    for field in ["#named", "#numeric", "#framework", "#boxes input:last-child"] {
        browser.wait_value(field, |v| !v.is_empty());
    }
    assert_eq!(read("return document.getElementById('named').value"), now);
    assert_eq!(read("return document.getElementById('numeric').value"), now);
    assert_eq!(read("return document.getElementById('framework').value"), now);
    assert_eq!(read("return [...document.querySelectorAll('#boxes input')].map(b => b.value).join('')"), now);
    assert_eq!(browser.text("#state"), now, "the framework saw the change");
    let events = browser.text("#events");
    for expected in ["named:input", "named:change", "numeric:input", "framework:input", "box:input", "box:change"] {
        assert!(events.split(' ').any(|e| e == expected), "{expected} in {events}");
    }
    assert!(!events.contains("zip") && !events.contains("search"), "{events}");
    assert_eq!(read("return document.getElementById('zip').value + document.getElementById('search').value"), "");
    assert!(browser.current_url().ends_with('/'), "nothing was sent");
    browser.screenshot("47-extension-code-fields-filled");

    // Two seconds before the code changes: the button waits, then fills the next code.
    while remaining() != 2 {
        std::thread::sleep(Duration::from_millis(200));
    }
    let next = code(2);
    browser.click_in_shadow(BUTTON, 1, "button");
    let waiting = browser.wait_shadow_text(BUTTON, 1, ".bubble", |t| t.starts_with("Waiting"));
    assert!(waiting.ends_with("s for the next code…"), "{waiting}");
    browser.wait_value("#numeric", |v| v == next);

    // Signing in after filling, once the user turned it on for the site (in the popup, opened again: it
    // closed when the page took the focus).
    let popup = open_popup(&mut devtools, &page);
    devtools.wait_text(&popup, "String(document.getElementById('options').hidden)", |t| t == "false");
    devtools.screenshot(&popup, &screenshot_dir().join("48-extension-popup-codes.png"));
    // The popup's Fill puts the code in the focused code field, or with none focused the page's first.
    browser.execute("document.activeElement.blur(); document.getElementById('named').value = ''", json!([]));
    devtools.evaluate(&popup, "document.querySelector('#codes button').click()");
    browser.wait_value("#named", |v| crate::util::otp::codes_around_now(LINK, 0).iter().any(|c| c == v));
    // (It closes when it filled.) Open it once more for the site's choices.
    let popup = open_popup(&mut devtools, &page);
    devtools.wait_text(&popup, "String(document.getElementById('options').hidden)", |t| t == "false");
    devtools.evaluate(&popup, "document.getElementById('submit').click()");
    let key = "submit:keyfob.localhost";
    let stored = devtools.evaluate(&popup, &format!("chrome.storage.local.get('{key}').then(s => String(s['{key}']))"));
    assert_eq!(stored, "true");
    browser.click_in_shadow(BUTTON, 0, "button");
    browser.wait_for("#sent", Duration::from_secs(10));
    let sent = browser.text("#sent");
    assert!(sent.starts_with("/signed-in?otp=") && sent.len() == "/signed-in?otp=".len() + 6, "{sent}");

    // The review's finding: a page could fade the button and draw a decoy where it sits, so a click on
    // the decoy filled (or linked). On a page of the linked site that does so, the click fills nothing.
    let decoy = format!("{page}decoy");
    browser.navigate(&decoy);
    devtools.press_extension_button(EXTENSION, &decoy);
    // (The page made the button transparent, so WebDriver calls it not displayed: counted, not waited for.)
    assert_eq!(buttons_after_settling(&browser, 1), 1);
    browser.click_in_shadow(BUTTON, 0, "button");
    let bubble = browser.wait_shadow_text(BUTTON, 0, ".bubble", |t| !t.is_empty());
    assert_eq!(bubble, "Keyfob's button is hidden or covered on this page, so it does nothing here.");
    assert_eq!(browser.execute("return document.getElementById('otp').value", json!([])), "");
    browser.screenshot("55-extension-decoy");
}

/// Waits, if need be, until the current TOTP step has more than five seconds left: a fill in a period's last
/// three waits for the next code, and the code a test expects is the one of the step the key is pressed in.
fn wait_for_a_fresh_step() {
    wait::until("a TOTP step with more than 5 s left", Duration::from_secs(10), || remaining() > 5);
}

/// Whether the element with the focus is the `nth` Keyfob button of the page.
fn keyfob_button_focused(browser: &Driver, nth: usize) -> bool {
    let script = "return document.activeElement === document.querySelectorAll('keyfob-button')[arguments[0]]";
    browser.execute(script, json!([nth])) == json!(true)
}

/// The last of issue 26's keyboard tasks: filling a code from the page with the keyboard alone. Tab reaches
/// the Keyfob button (after the page's own controls: the buttons are drawn over the fields but come last
/// in the page, where a page's styles cannot reach them), it shows its focus ring, Enter fills the linked
/// account's code of this moment into its own field, and the focus goes to that field (where Enter then
/// signs in), never to the page's body; Tab on to the next field's button, and Space fills that one.
#[test]
fn the_keyfob_button_is_reached_by_tab_and_fills_the_code_with_enter_or_space() {
    let session = linked_session();
    let (browser, mut devtools) = chromium_without_window(&session, None);
    let page = format!("http://fields.keyfob.localhost:{}/", serve_code_fields());
    browser.navigate(&page);
    pair_from_terminal(&session, &mut devtools, &page);
    // Paired: the page afresh, the extension let in again by the toolbar button, four buttons offering codes.
    browser.navigate(&page);
    devtools.press_extension_button(EXTENSION, &page);
    assert_eq!(buttons_after_settling(&browser, 4), 4);
    let label = browser.execute_in_shadow(BUTTON, 0, "button", "return arguments[0].getAttribute('aria-label')");
    assert_eq!(label, "Fill the code from Keyfob");

    // Tab from the top of the page to the first Keyfob button, the named field's; its ring shows.
    tab_to(&browser, "the first Keyfob button", |f| f == BUTTON);
    assert!(keyfob_button_focused(&browser, 0), "the named field's button comes first");
    let ring = "const s = getComputedStyle(arguments[0]);
        return [arguments[0].matches(':focus-visible'), s.outlineStyle, s.outlineWidth]";
    assert_eq!(browser.execute_in_shadow(BUTTON, 0, "button", ring), json!([true, "solid", "2px"]));
    browser.screenshot("58-extension-button-focused");
    wait_for_a_fresh_step();
    let now = crate::util::otp::codes_around_now(LINK, 0)[1].clone();
    browser.press_keys(&[ENTER]);
    assert_eq!(browser.wait_value("#named", |v| !v.is_empty()), now, "Enter filled the code of this moment");
    wait::until("the focus on the field filled", Duration::from_secs(10), || focus_name(&browser) == "named");
    let others = "return document.getElementById('numeric').value + document.getElementById('framework').value";
    assert_eq!(browser.execute(others, json!([])), "", "only the button's own field");

    // From the field, Tab past the page's fields to the buttons again, once more to the numeric field's
    // button, and Space.
    tab_to(&browser, "a Keyfob button", |f| f == BUTTON);
    assert!(keyfob_button_focused(&browser, 0), "the buttons in the page's order");
    browser.press_keys(&[TAB]);
    assert!(keyfob_button_focused(&browser, 1), "Tab went on to the numeric field's button: {}", focus_name(&browser));
    wait_for_a_fresh_step();
    let now = crate::util::otp::codes_around_now(LINK, 0)[1].clone();
    browser.press_keys(&[" "]);
    assert_eq!(browser.wait_value("#numeric", |v| !v.is_empty()), now, "Space filled the code of this moment");
    wait::until("the focus on the field filled", Duration::from_secs(10), || focus_name(&browser) == "numeric");
    browser.screenshot("59-extension-filled-by-keyboard");
}

/// The message `key` of the extension's catalogue `catalogue` (a `_locales/*/messages.json`).
fn catalogue_text(catalogue: &str, key: &str) -> String {
    let messages: Value = serde_json::from_str(catalogue).unwrap();
    messages[key]["message"].as_str().unwrap_or_else(|| panic!("{key} is not in the catalogue")).to_owned()
}

/// Keyfob's refusals reach the user in the browser's language `language` (its `_locales` file
/// `catalogue`), worded by their kind (`why`), never in the host's English: a name typed on the options
/// page that is no one's website (`co.uk`: `no-site`), and a page that is not https:// nor on this computer
/// as Keyfob counts it (an IPv4-mapped loopback address, `[::ffff:127.0.0.1]`: `insecure-page`), which gets
/// no Keyfob button either.
fn refusals_are_worded_in(language: &str, catalogue: &str) {
    let session = Session::unlocked();
    ok(session.keyfob(&["add", LINK]));
    let (browser, mut devtools) = chromium_without_window(&session, Some(language));
    let port = serve_code_fields();

    browser.navigate(&format!("chrome-extension://{EXTENSION}/options.html"));
    browser.type_into("#site", "co.uk");
    browser.click("#add");
    let said = browser.wait_text("#message", |t| !t.is_empty());
    let no_site = catalogue_text(catalogue, "refused_no_site");
    assert_eq!(said, catalogue_text(catalogue, "options_not_a_site").replace("$REASON$", &no_site));
    assert!(!said.contains("co.uk"), "no text from the host: {said}");

    let page = format!("http://fields.keyfob.localhost:{port}/");
    browser.navigate(&page);
    pair_from_terminal(&session, &mut devtools, &page);
    // (Written as the browser writes it, which the tab's address then is.)
    let insecure = format!("http://[::ffff:7f00:1]:{port}/");
    browser.navigate(&insecure);
    let popup = open_popup(&mut devtools, &insecure);
    let said = devtools.wait_text(&popup, "document.getElementById('message').textContent", |t| !t.is_empty());
    assert_eq!(said, catalogue_text(catalogue, "refused_insecure_page"));
    devtools.screenshot(&popup, &screenshot_dir().join(format!("60-extension-refused-{language}.png")));
    assert_eq!(buttons_after_settling(&browser, 0), 0, "a page that gets no code gets no button");
}

#[test]
fn in_a_dutch_browser_keyfobs_refusals_are_worded_in_dutch() {
    refusals_are_worded_in("nl", include_str!("../extension/src/_locales/nl/messages.json"));
}

#[test]
fn in_a_german_browser_keyfobs_refusals_are_worded_in_german() {
    refusals_are_worded_in("de", include_str!("../extension/src/_locales/de/messages.json"));
}

/// The Firefox build (`target/extension/firefox`), in Debian's headless Firefox ESR through geckodriver:
/// the sites where the button shows by itself are chosen on the extension's options page (host permissions
/// asked one site at a time, granted without a prompt here), the content script then comes with every page
/// of them, fills a linked site's code and gives a look-alike none.
#[test]
fn in_firefox_the_button_shows_by_itself_on_sites_the_user_allowed_and_fills_only_linked_ones() {
    const UUID: &str = "5d1c7c7e-6b1a-4c55-9a0e-6b65796f6201";
    let session = linked_session();
    let env = install_host(&session, "firefox");
    let app = start(&session, &[]);
    let port = serve_code_fields();
    let firefox = extension_dir().with_file_name("firefox");
    let browser =
        Driver::firefox_with_extension(&screenshot_dir(), &firefox, "browser@keyfob.app", UUID, &borrowed(&env));

    // Paired first, on the options page: its code is the one Keyfob's window shows.
    browser.navigate(&format!("moz-extension://{UUID}/options.html"));
    let code = browser.wait_text("#pairing-code", |t| t.len() == 7);
    browser.click("#pair");
    pair_in_app(&app, &code);
    browser.wait_text("#pairing-message", |t| {
        t == format!("Keyfob asks you to compare codes. Pair only if Keyfob shows {code}.")
    });
    // Keyfob judges what a typed name is: a public suffix is no one's site, and gets no button.
    browser.type_into("#site", "co.uk");
    browser.click("#add");
    let no_site =
        "Not added. This is not a website one owner holds (like example.com), so Keyfob links no account to it.";
    browser.wait_text("#message", |t| t == no_site);
    assert!(browser.find_all("#allow:not([hidden])").is_empty(), "nothing to allow");
    browser.execute("document.getElementById('site').value = ''", json!([]));
    for site in ["keyfob.localhost", "keyfob-evil.localhost"] {
        browser.type_into("#site", site);
        browser.click("#add");
        browser.wait_text("#allow", |t| t == format!("Show the button on {site}"));
        browser.click("#allow");
        browser.wait_text("#sites", |t| t.contains(site));
    }
    browser.screenshot("49-firefox-options");

    // The linked site: four buttons as soon as the page opens, and the code from the first.
    let code_now = || crate::util::otp::codes_around_now(LINK, 0);
    browser.navigate(&format!("http://fields.keyfob.localhost:{port}/"));
    let buttons = buttons_after_settling(&browser, 4);
    browser.screenshot("50-firefox-buttons");
    assert_eq!(buttons, 4);
    browser.click_in_shadow(BUTTON, 0, "button");
    let filled = browser.wait_value("#named", |v| v.len() == 6);
    assert!(code_now().contains(&filled), "{filled} is not the code around now");
    assert_eq!(browser.text("#state"), "", "only the field asked for was filled");
    browser.screenshot("51-firefox-filled");

    // The look-alike, allowed too: its button offers to link it and fills nothing.
    browser.navigate(&format!("http://fields.keyfob-evil.localhost:{port}/"));
    browser.wait_for(BUTTON, Duration::from_secs(10));
    browser.click_in_shadow(BUTTON, 0, "button");
    let bubble = browser.wait_shadow_text(BUTTON, 0, ".bubble", |t| !t.is_empty());
    assert!(bubble.starts_with("No account in Keyfob is linked to keyfob-evil.localhost."), "{bubble}");
    assert_eq!(browser.execute("return document.getElementById('named').value", json!([])), "");
}

/// Shows the page attached as `session` in the dark theme (`dark`) or the light one, as the system's
/// setting would (`prefers-color-scheme`).
fn color_scheme(devtools: &mut DevTools, session: &str, dark: bool) {
    let scheme = if dark { "dark" } else { "light" };
    let features = json!({"features": [{"name": "prefers-color-scheme", "value": scheme}]});
    devtools.call("Emulation.setEmulatedMedia", features, Some(session));
}

/// A function of a document or shadow root giving, as JSON text, every control shown in it smaller than
/// WCAG 2.2's 24×24 CSS px (a check box counts with its label, which takes its clicks too): its markup's
/// start and its size. axe-core's target-size rule lets a small target pass when nothing is near it.
const SMALL_TARGETS: &str = "(root => JSON.stringify(
    [...root.querySelectorAll('button, a[href], select, input:not([type=checkbox]), label:has(input[type=checkbox])')]
      .filter(e => e.getClientRects().length)
      .map(e => [e, e.getBoundingClientRect()])
      .filter(([, r]) => r.width < 24 || r.height < 24)
      .map(([e, r]) => `${e.outerHTML.slice(0, 60)}: ${r.width}x${r.height}`)))";

/// What axe-core found on the extension's pages, page by page, and the controls under 24×24 px.
#[derive(Default)]
struct Audit {
    pages: Vec<(String, Vec<axe::Violation>)>,
    small: Vec<(String, Vec<String>)>,
}

impl Audit {
    /// Records what axe found on `page` (`found`: [`axe::run_script`]'s JSON text), and the controls there
    /// smaller than 24×24 px (`small`: [`SMALL_TARGETS`]' JSON text).
    fn record(&mut self, page: &str, found: &Value, small: &Value) {
        self.pages.push((page.to_owned(), axe::violations(found, page)));
        let small: Vec<String> = serde_json::from_str(small.as_str().unwrap_or("null"))
            .unwrap_or_else(|e| panic!("measuring {page}'s controls gave {small}: {e}"));
        self.small.push((page.to_owned(), small));
    }

    /// Runs axe-core in the extension page attached as `session` (the popup), as `page`.
    fn popup(&mut self, devtools: &mut DevTools, session: &str, page: &str) {
        devtools.evaluate(session, &format!("{}\n;0", axe::source()));
        let found = devtools.evaluate(session, &axe::run_script("document"));
        let small = devtools.evaluate(session, &format!("{SMALL_TARGETS}(document)"));
        self.record(page, &found, &small);
    }

    /// Runs axe-core in the page the browser shows, as `page`.
    fn page(&mut self, browser: &Driver, page: &str) {
        browser.execute(&axe::source(), json!([]));
        let found = browser.execute(&format!("return {}", axe::run_script("document")), json!([]));
        let small = browser.execute(&format!("return {SMALL_TARGETS}(document)"), json!([]));
        self.record(page, &found, &small);
    }

    /// Runs axe-core on the first Keyfob button and its bubble, as `page`. Their shadow root is closed (a
    /// page's scripts must not reach the button), and axe-core sees only open ones: the root's nodes (its
    /// style sheet, the button, the bubble as shown now) are copied into an open shadow root on a host
    /// placed where the real one is, axe-core runs on that copy alone, and the copy is taken away. The
    /// controls are measured in the real root.
    fn bubble(&mut self, browser: &Driver, page: &str) {
        browser.execute(&axe::source(), json!([]));
        let copy = "const root = arguments[0].getRootNode();
            const copy = document.createElement('keyfob-axe-copy');
            copy.style.cssText = root.host.style.cssText;
            const open = copy.attachShadow({mode: 'open'});
            for (const node of root.childNodes) open.append(node.cloneNode(true));
            document.documentElement.append(copy);";
        let run = axe::run_script("document.querySelector('keyfob-axe-copy')");
        let script = format!("{copy} return {run}.finally(() => copy.remove())");
        let found = browser.execute_in_shadow(BUTTON, 0, ".bubble", &script);
        let measure = format!("return {SMALL_TARGETS}(arguments[0].getRootNode())");
        let small = browser.execute_in_shadow(BUTTON, 0, ".bubble", &measure);
        self.record(page, &found, &small);
    }

    /// Prints the serious and critical violations' count on each page, and every violation found, then
    /// fails if any page has a serious or critical one, or a control under 24×24 px.
    fn assert_clean(&self) {
        let mut failed = Vec::new();
        for (page, violations) in &self.pages {
            let count = violations.iter().filter(|v| v.is_serious()).count();
            eprintln!("axe-core: {page}: {count} serious or critical, {} in all", violations.len());
            for v in violations {
                eprintln!("  {v}");
            }
            if count > 0 {
                failed.push(format!("{page}: {count}"));
            }
        }
        let small: Vec<String> = self
            .small
            .iter()
            .filter(|(_, found)| !found.is_empty())
            .map(|(page, found)| format!("{page}: {found:?}"))
            .collect();
        eprintln!("controls under 24×24 CSS px: {small:?}");
        assert!(failed.is_empty(), "serious or critical accessibility violations: {}", failed.join(", "));
        assert!(small.is_empty(), "controls under 24×24 CSS px: {}", small.join("; "));
    }
}

/// The extension's popup (not paired, pairing, a site linked to nothing, codes listed, Keyfob locked),
/// its options page, and the page's Keyfob button with its bubble, checked by axe-core in Chromium in the
/// browser's language `language` (`None`: the machine's, English here); returns what axe-core found, and
/// what the last popup (Keyfob locked) says and its `lang`. Keyfob's window is a stand-in (`KEYFOB_APP`):
/// pairing is confirmed from the terminal.
fn audit_extension(language: Option<&str>) -> (Audit, String, String) {
    const LINK: &str = "otpauth://totp/Keyfob:alice?secret=JBSWY3DPEHPK3PXP&digits=7";
    let session = Session::unlocked();
    ok(session.keyfob(&["add", LINK]));
    ok(session.keyfob(&["add", "otpauth://totp/Keyfob:bob?secret=GEZDGNBVGY3TQOJQ"]));
    ok(session.keyfob(&["sites", "1", "keyfob.localhost"]));
    ok(session.keyfob(&["sites", "2", "keyfob.localhost"]));
    let (browser, mut devtools) = chromium_without_window(&session, language);
    let port = serve_code_fields();
    let page = format!("http://fields.keyfob.localhost:{port}/");
    let mut audit = Audit::default();
    let message = "document.getElementById('message').textContent";

    // Not paired, then pairing (the code shown), confirmed from the terminal.
    browser.navigate(&page);
    let popup = open_popup(&mut devtools, &page);
    devtools.wait_text(&popup, message, |t| !t.is_empty());
    audit.popup(&mut devtools, &popup, "popup, not paired");
    devtools.evaluate(&popup, "document.getElementById('action').click()");
    let code = devtools.wait_text(&popup, "document.getElementById('pairing-code').textContent", |t| t.len() == 7);
    audit.popup(&mut devtools, &popup, "popup, pairing");
    ok(session.keyfob(&["browser", "pair", &code]));

    // Codes listed, grouped as Keyfob's window groups them (the host sends them so: group_code).
    devtools.evaluate(&popup, "document.getElementById('action').click()");
    let shown =
        devtools.wait_text(&popup, "document.querySelector('#codes .code')?.textContent ?? ''", |t| !t.is_empty());
    let codes = crate::util::otp::codes_around_now(LINK, 0);
    assert!(codes.iter().any(|c| keyfob_session::group_code(c) == shown), "{shown} is one of {codes:?}, grouped");
    assert_eq!(shown.len(), "123 4567".len(), "{shown}");
    devtools.wait_text(&popup, "String(document.getElementById('options').hidden)", |t| t == "false");
    let shot =
        |theme: &str| screenshot_dir().join(format!("56-extension-popup-{}-{theme}.png", language.unwrap_or("en")));
    audit.popup(&mut devtools, &popup, "popup, codes");
    devtools.screenshot(&popup, &shot("light"));
    color_scheme(&mut devtools, &popup, true);
    audit.popup(&mut devtools, &popup, "popup, codes, dark");
    devtools.screenshot(&popup, &shot("dark"));

    // The button's bubble, choosing between the two accounts.
    browser.wait_for(BUTTON, Duration::from_secs(10));
    browser.click_in_shadow(BUTTON, 0, "button");
    browser.wait_shadow_text(BUTTON, 0, ".bubble", |t| t.contains("Keyfob (bob)"));
    audit.bubble(&browser, "in-page button and bubble");
    browser.screenshot(&format!("57-extension-bubble-{}", language.unwrap_or("en")));
    let tab = devtools.attach(&page);
    color_scheme(&mut devtools, &tab, true);
    audit.bubble(&browser, "in-page button and bubble, dark");
    color_scheme(&mut devtools, &tab, false);

    // A site linked to nothing.
    let unlinked = format!("http://fields.keyfob-evil.localhost:{port}/");
    browser.navigate(&unlinked);
    let popup = open_popup(&mut devtools, &unlinked);
    devtools.wait_text(&popup, message, |t| !t.is_empty());
    audit.popup(&mut devtools, &popup, "popup, site not linked");
    color_scheme(&mut devtools, &popup, true);
    audit.popup(&mut devtools, &popup, "popup, site not linked, dark");

    // The options page.
    browser.navigate(&format!("chrome-extension://{EXTENSION}/options.html"));
    browser.wait_text("#pairing-code", |t| t.len() == 7);
    audit.page(&browser, "options page");
    let tab = devtools.attach(&format!("chrome-extension://{EXTENSION}/options.html"));
    color_scheme(&mut devtools, &tab, true);
    audit.page(&browser, "options page, dark");
    color_scheme(&mut devtools, &tab, false);

    // Keyfob locked (a passphrase the host does not have, and no window unlocked).
    let passphrase = session.home().join("passphrase");
    std::fs::write(&passphrase, "correct horse battery staple").unwrap();
    ok(session.keyfob(&["lock", "set-passphrase", "--new-passphrase-file", passphrase.to_str().unwrap()]));
    browser.navigate(&page);
    let popup = open_popup(&mut devtools, &page);
    let said = devtools.wait_text(&popup, message, |t| !t.is_empty());
    audit.popup(&mut devtools, &popup, "popup, locked");
    let lang = devtools.evaluate(&popup, "document.documentElement.lang").as_str().unwrap_or_default().to_owned();
    (audit, said, lang)
}

/// axe-core finds no serious or critical violation on the extension's pages in their states.
#[test]
fn the_extensions_popup_options_and_bubble_pass_axe() {
    let (audit, said, lang) = audit_extension(None);
    assert_eq!((said.as_str(), lang.as_str()), ("Keyfob is locked. Unlock it to fill codes.", "en-US"));
    audit.assert_clean();
}

/// In a German browser the extension speaks German (its `_locales/de`), its pages say so in `lang`, and
/// axe-core finds them as clean.
#[test]
fn in_a_german_browser_the_extension_speaks_german_and_passes_axe() {
    let (audit, said, lang) = audit_extension(Some("de"));
    assert_eq!(said, "Keyfob ist gesperrt. Entsperren Sie Keyfob, um Codes einzutragen.");
    assert!(lang == "de" || lang.starts_with("de-"), "lang={lang}");
    audit.assert_clean();
}
