//! Push approval, TOTP and recovery codes against Keyfob's reference login service: the real server on
//! 127.0.0.1 (its own SQLite file), the real `keyfob` with the real keychain, and HTTP clients standing in
//! for browsers (tests/browser.rs drives a real one).

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use keyfob_core::Clock;
use keyfob_testkit::wait;
use serde_json::Value;

use crate::util::login::{Browser, Listener, LoginService, Page, service_bin, sign_up};
use crate::util::run::temp_dir;
use crate::util::session::Session;
use crate::util::vault::ok;

/// Saves an image from a page to a file and adds what it holds with `keyfob add --scan`.
pub(crate) fn scan_into(session: &Session, png: &[u8], name: &str) -> String {
    std::fs::create_dir_all(session.home()).unwrap();
    let file = session.home().join(name);
    std::fs::write(&file, png).unwrap();
    ok(session.keyfob(&["add", "--scan", file.to_str().unwrap()]))
}

fn log_in(service: &LoginService) -> (Browser, Page) {
    let browser = Browser::new(service);
    let (status, page) = browser.fill("/login", "alice", "correct horse battery");
    assert_eq!(status, 200, "{}", page.html);
    (browser, page)
}

fn waiting(session: &Session) -> Vec<Value> {
    serde_json::from_str(&ok(session.keyfob(&["push", "list", "--json"]))).unwrap()
}

#[test]
fn push_login_with_number_matching_survives_a_service_restart() {
    let mut service = LoginService::start(&[]);
    let session = Session::unlocked();
    let (setup_browser, setup) = sign_up(&service, "alice");
    let added = scan_into(&session, &setup.image("push-qr"), "push-qr.png");
    assert!(added.contains("Keyfob Demo (alice) (push approval"), "added: {added:?}");
    assert_eq!(setup_browser.get("/setup").1.text_of("push-state"), "Push approval is set up.");
    let list = ok(session.keyfob(&["list"]));
    assert!(list.contains("push"), "{list}");

    // The login page shows one number; Keyfob offers three, that one among them, as soon as it exists.
    let listener = Listener::start(&session);
    listener.wait_connected(&service);
    let (browser, page) = log_in(&service);
    let number = page.text_of("number");
    let id = page.login_id();
    let started = Instant::now();
    let pushed = listener.next(Duration::from_secs(10));
    println!("challenge reached the device in {:?}", started.elapsed());
    let options: Vec<String> =
        pushed["options"].as_array().unwrap().iter().map(|o| o.as_str().unwrap().to_owned()).collect();
    assert_eq!(options.len(), 3);
    assert!(options.contains(&number), "{number} in {options:?}");
    assert_eq!(pushed["title"], "Keyfob Demo");
    assert!(pushed["expires"].as_u64().unwrap() > keyfob_session::SystemClock.now());
    let listed = waiting(&session);
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["id"], pushed["id"]);
    let challenge = pushed["id"].as_str().unwrap().to_owned();

    let without = session.keyfob(&["push", "approve", &challenge]);
    assert_eq!(without.status, Some(2), "number matching needs the number: {without:?}");
    assert!(without.stderr.contains("which number the login page shows"), "{}", without.stderr);
    assert!(ok(session.keyfob(&["push", "approve", &challenge, "--answer", &number])).starts_with("approved"));
    assert_eq!(browser.login_state(&id), "verified");
    let (_, home) = browser.post(&format!("/login/{id}/finish"), &[]);
    assert_eq!(home.text_of("signed-in"), "Signed in as alice");

    // Restart with a login pending: it is still answerable, and the listener reconnects by itself.
    let (pending_browser, pending) = log_in(&service);
    let pending_challenge = listener.next(Duration::from_secs(10));
    service.restart(Duration::from_secs(1));
    let (later_browser, later) = log_in(&service);
    let reconnected = listener.next(Duration::from_secs(30));
    assert_ne!(reconnected["id"], pending_challenge["id"]);
    for (browser, page, challenge) in
        [(&pending_browser, &pending, &pending_challenge), (&later_browser, &later, &reconnected)]
    {
        let id = challenge["id"].as_str().unwrap();
        let approved = session.keyfob(&["push", "approve", id, "--answer", &page.text_of("number")]);
        assert_eq!(approved.status, Some(0), "{approved:?}");
        assert_eq!(browser.login_state(&page.login_id()), "verified");
    }
}

#[test]
fn totp_and_recovery_codes_each_log_in_once() {
    let service = LoginService::start(&[]);
    let session = Session::unlocked();
    let (setup_browser, setup) = sign_up(&service, "alice");
    scan_into(&session, &setup.image("totp-qr"), "totp-qr.png");
    let code = ok(session.keyfob(&["code", "alice"])).trim().to_owned();
    let recovery = set_up_codes(&setup_browser, &setup, &code);

    // A TOTP code logs in once; the same code again is refused even within its 30 s.
    let next_code = || {
        // The setup used the current step's code: wait for the next step so a fresh code exists.
        let now = keyfob_session::SystemClock.now();
        std::thread::sleep(Duration::from_secs(30 - now % 30 + 1));
        ok(session.keyfob(&["code", "alice"])).trim().to_owned()
    };
    let code = next_code();
    let (browser, page) = log_in(&service);
    let (_, home) = browser.post(&format!("/login/{}/code", page.login_id()), &[("code", &code)]);
    assert_eq!(home.text_of("signed-in"), "Signed in as alice");
    let (browser, page) = log_in(&service);
    let (status, refused) = browser.post(&format!("/login/{}/code", page.login_id()), &[("code", &code)]);
    assert_eq!(status, 401, "{}", refused.html);
    assert!(refused.text_of("error").contains("used already"));

    // A recovery code logs in once (typed in capitals, without its dash), then never again.
    let typed = recovery[3].to_uppercase().replace('-', "");
    let (status, home) = browser.post(&format!("/login/{}/code", page.login_id()), &[("code", &typed)]);
    assert_eq!(status, 200);
    assert_eq!(home.text_of("signed-in"), "Signed in as alice");
    let (browser, page) = log_in(&service);
    let (status, _) = browser.post(&format!("/login/{}/code", page.login_id()), &[("code", &recovery[3])]);
    assert_eq!(status, 401, "a used recovery code stays used");
    assert_eq!(setup_browser.get("/setup").1.text_of("recovery-left"), "7");
}

/// Confirms TOTP with `code` and makes recovery codes, from the setup page; the codes.
fn set_up_codes(browser: &Browser, setup: &Page, code: &str) -> Vec<String> {
    let (_, confirmed) = browser.post("/setup/totp", &[("code", code), ("csrf", &setup.csrf())]);
    assert_eq!(confirmed.text_of("totp-state"), "Authenticator codes are set up.");
    let (_, codes_page) = browser.post("/setup/recovery", &[("csrf", &confirmed.csrf())]);
    let recovery: Vec<String> =
        codes_page.html.split("<code>").skip(1).map(|c| c.split('<').next().unwrap().to_owned()).collect();
    assert_eq!(recovery.len(), 8);
    recovery
}

/// A device made by the test itself from keyfob-push-proto and keyfob-net, so it can do what Keyfob never would:
/// replay, answer late, sign with the wrong key.
struct RogueDevice {
    vault: keyfob_vault::Vault,
    key: keyfob_push_proto::DeviceKey,
}

impl RogueDevice {
    fn enrol(link: &str) -> Result<Self, keyfob_net::push::PushError> {
        use keyfob_vault::{KeySource, Vault, VaultKey};
        let enrolment = keyfob_push_proto::parse_link(link).unwrap();
        let key = keyfob_push_proto::DeviceKey::generate(2048, &mut rsa::rand_core::OsRng).unwrap();
        let server = keyfob_net::push::register(&enrolment, &key)?;
        let rng = ring::rand::SystemRandom::new();
        let mut vault = Vault::create(&VaultKey::generate(&rng).unwrap(), KeySource::Keychain, &rng).unwrap();
        vault.add_push(&enrolment, server, &key, 0, &rng).unwrap();
        Ok(Self { vault, key })
    }

    fn token(&self) -> &keyfob_vault::PushEntry {
        &self.vault.push_tokens()[0]
    }

    fn poll(&self) -> Vec<keyfob_push_proto::Verified> {
        let token = self.token();
        keyfob_net::push::poll(token, &self.key, &keyfob_session::SystemClock)
            .unwrap()
            .iter()
            .map(|c| c.verify(&token.serial, &token.url, &token.server_key).unwrap())
            .collect()
    }

    fn approve(&self, nonce: &str, number: &str) -> Result<bool, keyfob_net::push::PushError> {
        let answer = keyfob_push_proto::Answer::Approve { presence: Some(number.to_owned()) };
        keyfob_net::push::answer(self.token(), &self.key, nonce, &answer)
    }
}

fn push_link(session: &Session, page: &Page) -> String {
    std::fs::create_dir_all(session.home()).unwrap();
    let file = session.home().join("push.png");
    std::fs::write(&file, page.image("push-qr")).unwrap();
    ok(session.keyfob(&["scan", file.to_str().unwrap()])).trim().to_owned()
}

#[test]
fn attacks_fail_and_leave_every_login_consistent() {
    let service = LoginService::start(&["--challenge-seconds", "4"]);
    let session = Session::unlocked();
    let (_, setup) = sign_up(&service, "alice");
    let link = push_link(&session, &setup);
    let device = RogueDevice::enrol(&link).unwrap();
    let reused = RogueDevice::enrol(&link).err().expect("the enrolment credential works once");
    assert!(reused.to_string().contains("Invalid enrollment credential"), "{reused}");

    // A tampered challenge is never shown: any changed field breaks the server's signature.
    let (browser, page) = log_in(&service);
    let token = device.token();
    let raw = keyfob_net::push::poll(token, &device.key, &keyfob_session::SystemClock).unwrap();
    let mut tampered = raw[0].clone();
    tampered.question = "Log in to your bank?".into();
    assert!(tampered.verify(&token.serial, &token.url, &token.server_key).is_err());
    let mut other_numbers = raw[0].clone();
    other_numbers.require_presence = Some("11,22,33".into());
    assert!(other_numbers.verify(&token.serial, &token.url, &token.server_key).is_err());

    // Signed by another device's key: refused, the login still waiting.
    let challenge = &device.poll()[0];
    let impostor = keyfob_push_proto::DeviceKey::generate(2048, &mut rsa::rand_core::OsRng).unwrap();
    let forged = keyfob_net::push::answer(
        token,
        &impostor,
        &challenge.nonce,
        &keyfob_push_proto::Answer::Approve { presence: Some(page.text_of("number")) },
    );
    assert!(forged.unwrap_err().to_string().contains("Could not verify signature"));
    assert_eq!(browser.login_state(&page.login_id()), "waiting");

    // The wrong number: the login is denied, not approved, and cannot be finished.
    let wrong = challenge.options.iter().find(|o| **o != page.text_of("number")).unwrap();
    assert!(!device.approve(&challenge.nonce, wrong).unwrap());
    assert_eq!(browser.login_state(&page.login_id()), "denied");
    assert_eq!(browser.post(&format!("/login/{}/finish", page.login_id()), &[]).0, 403);

    // A replayed answer changes nothing, and a login is finished once.
    let (browser, page) = log_in(&service);
    let challenge = device.poll().pop().unwrap();
    assert!(device.approve(&challenge.nonce, &page.text_of("number")).unwrap());
    assert!(!device.approve(&challenge.nonce, &page.text_of("number")).unwrap(), "a replay is refused");
    assert_eq!(browser.login_state(&page.login_id()), "verified");
    assert_eq!(
        browser.post(&format!("/login/{}/finish", page.login_id()), &[]).1.text_of("signed-in"),
        "Signed in as alice"
    );
    assert_eq!(browser.post(&format!("/login/{}/finish", page.login_id()), &[]).0, 403, "finished once");

    // Answered after expiry: refused; the challenge is no longer offered. (It lives the service's four
    // seconds: slept out to its signed expiry, a moment in time like a TOTP step's end.)
    let (browser, page) = log_in(&service);
    let challenge = device.poll().pop().unwrap();
    let expires = challenge.expires.expect("the service signs an expiry");
    let now = keyfob_session::SystemClock.now();
    assert!(expires <= now + 4, "the challenge lives four seconds: it expires at {expires}, now is {now}");
    std::thread::sleep(Duration::from_secs(expires.saturating_sub(now) + 1));
    assert!(device.poll().is_empty(), "an expired challenge is not offered");
    assert!(!device.approve(&challenge.nonce, &page.text_of("number")).unwrap());
    assert_eq!(browser.login_state(&page.login_id()), "expired");

    // A poll whose timestamp is five minutes old: refused, however well signed.
    let stale = keyfob_push_proto::timestamp((i128::from(keyfob_session::SystemClock.now()) - 300) * 1_000_000_000);
    let signature = device
        .key
        .sign(&keyfob_push_proto::poll_text(&token.serial, &stale), &ring::rand::SystemRandom::new())
        .unwrap();
    let refused = ureq::get(&token.url)
        .query("serial", &token.serial)
        .query("timestamp", &stale)
        .query("signature", &signature)
        .call();
    let Err(ureq::Error::Status(400, response)) = refused else { panic!("a stale poll was answered") };
    assert!(response.into_string().unwrap().contains("not in valid range"));
}

#[test]
fn a_prompt_flood_is_cut_off_collapses_into_one_prompt_and_not_me_declines_it_all() {
    let service = LoginService::start(&[]);
    let session = Session::unlocked();
    let (_, setup) = sign_up(&service, "alice");
    scan_into(&session, &setup.image("push-qr"), "push-qr.png");
    // An attacker with the password starts logins as fast as the service lets them.
    let statuses: Vec<u16> =
        (0..8).map(|_| Browser::new(&service).fill("/login", "alice", "correct horse battery").0).collect();
    assert_eq!(statuses.iter().filter(|s| **s == 200).count(), 5, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == 429).count(), 3, "{statuses:?}");
    let shown = waiting(&session);
    assert_eq!(shown.len(), 1, "five challenges, one prompt: {shown:?}");
    let id = shown[0]["id"].as_str().unwrap();
    let denied = ok(session.keyfob(&["push", "deny", id, "--not-me"]));
    assert!(denied.starts_with("denied and reported as not you"), "{denied}");
    assert!(waiting(&session).is_empty(), "the whole flood is declined and the account silenced");
}

#[test]
fn a_login_service_that_is_down_is_named_and_nothing_changes() {
    let service = LoginService::start(&[]);
    let session = Session::unlocked();
    let (_, setup) = sign_up(&service, "alice");
    scan_into(&session, &setup.image("push-qr"), "push-qr.png");
    let address = format!("{}/ttype/push", service.url);
    drop(service);
    for args in [&["push", "list"][..], &["push", "approve", "ABC", "--answer", "17"]] {
        let run = session.keyfob(args);
        assert_eq!(run.status, Some(1), "{args:?}: {run:?}");
        assert!(run.stderr.contains(&format!("cannot reach the push server at {address}")), "{}", run.stderr);
        assert!(run.stderr.contains("login service is running"), "{}", run.stderr);
    }
    assert!(ok(session.keyfob(&["list"])).contains("[push, serial KFPU"), "the token stays");
}

#[test]
fn password_guessing_is_cut_off_per_name() {
    let service = LoginService::start(&[]);
    sign_up(&service, "alice");
    for attempt in 0..10 {
        let (status, _) = Browser::new(&service).fill("/login", "alice", &format!("guess {attempt}"));
        assert_eq!(status, 401, "attempt {attempt}");
    }
    let (status, page) = Browser::new(&service).fill("/login", "Alice", "correct horse battery");
    assert_eq!(status, 429, "even the right password waits: {}", page.html);
    assert!(page.text_of("error").contains("Too many wrong passwords"));
    let (status, _) = Browser::new(&service).fill("/login", "bob", "anything at all");
    assert_eq!(status, 401, "other names are not affected");
}

/// Posts `code` to a login's code form.
fn enter_code(browser: &Browser, page: &Page, code: &str) -> (u16, Page) {
    browser.post(&format!("/login/{}/code", page.login_id()), &[("code", code)])
}

#[test]
fn second_factor_guessing_ends_each_login_at_5_and_locks_code_entry_at_20_an_hour() {
    let mut service = LoginService::start(&["--logins-per-minute", "100"]);
    let session = Session::unlocked();
    let (setup_browser, setup) = sign_up(&service, "alice");
    scan_into(&session, &setup.image("totp-qr"), "totp-qr.png");
    scan_into(&session, &setup.image("push-qr"), "push-qr.png");
    let recovery = set_up_codes(&setup_browser, &setup, ok(session.keyfob(&["code", "alice"])).trim());
    let left = || setup_browser.get("/setup").1.text_of("recovery-left");

    // Before: 60 wrong codes over two logins were all judged. Now a login takes 5, then ends, and a
    // genuine recovery code is not even looked at.
    let mut judged = 0;
    for _ in 0..4 {
        let (browser, page) = log_in(&service);
        for guess in 0..15 {
            let (status, answer) = enter_code(&browser, &page, &format!("{:06}", guess * 7919 % 1_000_000));
            judged += usize::from(status == 401);
            match guess {
                0..4 => assert_eq!(
                    (status, answer.text_of("error").as_str()),
                    (401, "That code is not right, or was used already.")
                ),
                4 => assert_eq!(
                    (status, answer.text_of("error").as_str()),
                    (401, "Too many wrong codes: this login has ended. Log in again.")
                ),
                _ => assert_eq!(status, 400, "an ended login takes no code"),
            }
        }
        assert_eq!(browser.login_state(&page.login_id()), "ended");
        let (status, _) = enter_code(&browser, &page, &recovery[0]);
        assert_eq!(status, 400, "not even a genuine recovery code");
    }
    assert_eq!(judged, 20, "60 guesses over 4 logins: 5 judged in each");
    assert_eq!(left(), "8", "no recovery code was used up");

    // 20 wrong codes within the hour: code entry is locked for the user, right codes included, across a
    // restart; push approval keeps working, and the next sign-in tells the owner.
    service.restart(Duration::from_millis(200));
    let (browser, page) = log_in(&service);
    let totp = ok(session.keyfob(&["code", "alice"])).trim().to_owned();
    for code in [totp.as_str(), recovery[1].as_str()] {
        let (status, refused) = enter_code(&browser, &page, code);
        assert_eq!(status, 429, "{code}: {}", refused.html);
        assert!(refused.text_of("error").contains("Approve the login in Keyfob instead"), "{}", refused.html);
    }
    assert_eq!(left(), "8");
    let challenge = &waiting(&session)[0];
    ok(session.keyfob(&["push", "approve", challenge["id"].as_str().unwrap(), "--answer", &page.text_of("number")]));
    let (_, home) = browser.post(&format!("/login/{}/finish", page.login_id()), &[]);
    assert_eq!(home.text_of("signed-in"), "Signed in as alice");
    assert!(home.text_of("lockout-notice").starts_with("Someone entered 20 wrong codes"), "{}", home.html);
    assert_eq!(browser.get("/").1.text_of("lockout-notice"), "", "told once");
}

#[test]
fn a_denied_login_ends_and_takes_no_code() {
    let service = LoginService::start(&[]);
    let session = Session::unlocked();
    let (setup_browser, setup) = sign_up(&service, "alice");
    scan_into(&session, &setup.image("push-qr"), "push-qr.png");
    let (_, codes_page) = setup_browser.post("/setup/recovery", &[("csrf", &setup_browser.get("/setup").1.csrf())]);
    let recovery = codes_page.html.split("<code>").nth(1).unwrap().split('<').next().unwrap().to_owned();
    for not_me in [&[][..], &["--not-me"]] {
        let (browser, page) = log_in(&service);
        let id = waiting(&session)[0]["id"].as_str().unwrap().to_owned();
        ok(session.keyfob(&[&["push", "deny", &id][..], not_me].concat()));
        assert_eq!(browser.login_state(&page.login_id()), "denied");
        assert_eq!(enter_code(&browser, &page, &recovery).0, 400, "a denied login takes no code");
        assert_eq!(browser.post(&format!("/login/{}/finish", page.login_id()), &[]).0, 403);
    }
    assert_eq!(setup_browser.get("/setup").1.text_of("recovery-left"), "8");
}

/// The service's resident memory, in KiB.
fn resident_kib(service: &LoginService) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{}/status", service.child.id())).unwrap();
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

/// A form cookie and its CSRF token, as the home page gives them: what a log-in or sign-up form sends.
struct FormPass {
    cookie: String,
    csrf: String,
}

impl FormPass {
    fn get(service: &LoginService) -> Self {
        let response = ureq::get(&format!("http://127.0.0.1:{}/", service.port)).call().unwrap();
        let cookie = response.header("set-cookie").unwrap().split(';').next().unwrap().to_owned();
        let csrf = Page { url: String::new(), html: response.into_string().unwrap() }.csrf();
        Self { cookie, csrf }
    }
}

/// `POST /login` for `username` sent from `from` (a loopback address of the test's choosing): its status.
fn login_from(service: &LoginService, from: [u8; 4], username: &str, password: &str) -> u16 {
    post_from(service, from, "/login", &format!("username={username}&password={password}"), &[]).0
}

/// `POST path` with a form `body` (and the home page's form cookie and CSRF token), sent from `from` (a
/// loopback address of the test's choosing) to the service's 127.0.0.1 with extra `headers`: its status and
/// whole response.
fn post_from(service: &LoginService, from: [u8; 4], path: &str, body: &str, headers: &[(&str, &str)]) -> (u16, String) {
    post_with(service, &FormPass::get(service), from, path, body, headers)
}

/// [`post_from`] with a form cookie and token fetched beforehand.
fn post_with(
    service: &LoginService,
    pass: &FormPass,
    from: [u8; 4],
    path: &str,
    body: &str,
    headers: &[(&str, &str)],
) -> (u16, String) {
    use std::io::{Read, Write};
    let socket = socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None).unwrap();
    socket.bind(&std::net::SocketAddr::from((from, 0)).into()).unwrap();
    socket.connect(&std::net::SocketAddr::from(([127, 0, 0, 1], service.port)).into()).unwrap();
    let mut stream: std::net::TcpStream = socket.into();
    let body = format!("{body}&csrf={}", pass.csrf);
    let extra: String = headers.iter().map(|(name, value)| format!("{name}: {value}\r\n")).collect();
    // A server that refuses a huge body before reading it may close the connection while it is still being
    // sent: then the write fails, and the status is 0 (nothing read).
    let _ = write!(
        stream,
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nCookie: {}\r\n{extra}Connection: close\r\n\r\n{body}",
        body.len(),
        pass.cookie
    );
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let response = String::from_utf8_lossy(&response).into_owned();
    (response.split(' ').nth(1).unwrap_or_default().parse().unwrap_or(0), response)
}

#[test]
fn huge_usernames_are_refused_unread_and_memory_stays_flat() {
    let service = LoginService::start(&[]);
    sign_up(&service, "alice");
    let before = resident_kib(&service);
    // Before: 150 distinct 1 MB names grew the service by 158 MB (every name kept for rate limiting).
    for n in 0..150 {
        let name = format!("{n}{}", "x".repeat(1 << 20));
        let status = login_from(&service, [127, 0, 0, 1], &name, "whatever pw");
        assert!(status == 413 || status == 0, "over the body limit, refused unread: {status}");
        let name = format!("{n}{}", "y".repeat(60_000));
        assert_eq!(login_from(&service, [127, 0, 0, 1], &name, "whatever pw"), 400, "a name over 64 bytes");
    }
    let grown = resident_kib(&service).saturating_sub(before);
    println!("300 huge names: the service grew by {grown} KiB");
    assert!(grown < 16 * 1024, "grew by {grown} KiB");
}

#[test]
fn password_guessing_is_bounded_per_address_and_overall_without_locking_the_owner_out() {
    let service = LoginService::start(&["--wrong-passwords-per-minute", "45"]);
    sign_up(&service, "alice");
    let attacker = [127, 0, 0, 2];
    for attempt in 0..10 {
        assert_eq!(login_from(&service, attacker, "alice", &format!("guess{attempt}")), 401);
    }
    assert_eq!(login_from(&service, attacker, "alice", "correct+horse+battery"), 429, "the attacker waits");
    assert_eq!(login_from(&service, [127, 0, 0, 3], "alice", "correct+horse+battery"), 303, "the owner does not");
    // Spraying one password over many names from one address: cut off at 30, others unaffected.
    let statuses: Vec<u16> =
        (0..25).map(|n| login_from(&service, attacker, &format!("user{n}"), "Spring2026")).collect();
    assert_eq!(statuses.iter().filter(|s| **s == 401).count(), 20, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == 429).count(), 5, "{statuses:?}");
    // Spraying from many addresses: the overall limit (45 a minute here) bounds it.
    let spread: Vec<u16> =
        (4..30).map(|n| login_from(&service, [127, 0, 0, n], &format!("user{n}"), "Spring2026")).collect();
    assert_eq!(spread.iter().filter(|s| **s == 401).count(), 15, "{spread:?}");
    assert_eq!(spread.iter().filter(|s| **s == 429).count(), 11, "{spread:?}");
}

#[test]
fn unknown_names_cost_the_same_password_check_as_known_ones() {
    let service = LoginService::start(&[]);
    sign_up(&service, "alice");
    let median = |name: &str| {
        let mut times: Vec<Duration> = (0..5)
            .map(|n| {
                let started = Instant::now();
                assert_eq!(login_from(&service, [127, 0, 0, 5 + n], name, "wrong password"), 401);
                started.elapsed()
            })
            .collect();
        times.sort();
        times[2]
    };
    let (known, unknown) = (median("alice"), median("nobody-by-this-name"));
    println!("wrong password: known name {known:?}, unknown name {unknown:?}");
    let ratio = unknown.as_secs_f64() / known.as_secs_f64();
    // Before, an unknown name was answered ~50 times faster (no argon2id at all); a wide bound keeps the
    // check steady on a loaded machine.
    assert!((0.25..4.0).contains(&ratio), "known {known:?}, unknown {unknown:?}");
}

/// Runs `openssl ARGS…` in `dir`, failing the test if it fails.
fn openssl(dir: &std::path::Path, args: &[&str]) {
    let run = Command::new("openssl").args(args).current_dir(dir).output().unwrap();
    assert!(run.status.success(), "openssl {args:?}: {}", String::from_utf8_lossy(&run.stderr));
}

/// Before: only the bundled roots were trusted, so a push server behind an enterprise CA failed over
/// https (and admins fell back to http://, which Keyfob now refuses). The platform's trust store counts
/// too: here a private CA, made for the test and named by SSL_CERT_FILE as a system store would hold it.
#[test]
fn push_servers_behind_a_private_ca_are_trusted_through_the_platform_store() {
    let dir = temp_dir();
    let path = dir.path();
    openssl(
        path,
        &[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "ca.key",
            "-out",
            "ca.pem",
            "-days",
            "2",
            "-subj",
            "/CN=Keyfob Test Enterprise CA",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign",
        ],
    );
    openssl(
        path,
        &[
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "server.key",
            "-out",
            "server.csr",
            "-subj",
            "/CN=localhost",
        ],
    );
    std::fs::write(
        path.join("ext.cnf"),
        "subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n",
    )
    .unwrap();
    openssl(
        path,
        &[
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            "server.pem",
            "-days",
            "2",
            "-extfile",
            "ext.cnf",
        ],
    );
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    // A TLS server that completes the handshake and hangs up: enough to tell trusted from untrusted.
    let mut server = Command::new("openssl")
        .args(["s_server", "-quiet", "-accept", &port.to_string(), "-cert", "server.pem", "-key", "server.key"])
        .current_dir(path)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    wait::until(&format!("openssl s_server to listen on port {port}"), Duration::from_secs(10), || {
        std::net::TcpStream::connect(("127.0.0.1", port)).is_ok()
    });
    let link = format!(
        "otpauth://pipush/Corp:alice?url=https%3A//localhost%3A{port}/ttype/push&issuer=Corp&enrollment_credential=ab&v=1&serial=PIPU1&sslverify=1&poll_only=True"
    );
    let session = Session::unlocked();
    let add = |ca: Option<&std::path::Path>| {
        let mut command = session.command(&["add", &link]);
        command.env_remove("SSL_CERT_FILE").env_remove("SSL_CERT_DIR");
        if let Some(ca) = ca {
            command.env("SSL_CERT_FILE", ca);
        }
        crate::util::run::Run::from(command.output().unwrap())
    };
    let untrusted = add(None);
    assert!(untrusted.stderr.contains("invalid peer certificate: UnknownIssuer"), "{untrusted:?}");
    let trusted = add(Some(&path.join("ca.pem")));
    assert_eq!(trusted.status, Some(1), "the server hangs up after the handshake: {trusted:?}");
    assert!(trusted.stderr.contains(&format!("push server at https://localhost:{port}/ttype/push")), "{trusted:?}");
    assert!(!trusted.stderr.contains("certificate"), "the handshake succeeded: {trusted:?}");
    let _ = server.kill();
    let _ = server.wait();
}

/// The session cookie a sign-up sets, as the raw header.
fn session_cookie(service: &LoginService, user: &str) -> String {
    let agent = ureq::AgentBuilder::new().redirects(0).build();
    let home = agent.get(&format!("http://127.0.0.1:{}/", service.port)).call().unwrap().into_string().unwrap();
    let csrf = Page { url: String::new(), html: home }.csrf();
    let response = agent
        .post(&format!("http://127.0.0.1:{}/signup", service.port))
        .send_form(&[("username", user), ("password", "correct horse battery"), ("csrf", &csrf)])
        .unwrap();
    response.header("set-cookie").unwrap().to_owned()
}

#[test]
fn forms_need_their_csrf_token_and_a_two_factor_change_signs_other_sessions_out() {
    let service = LoginService::start(&[]);
    let (owner, setup) = sign_up(&service, "alice");
    // Someone who had the password signed in elsewhere before the second factor was set up.
    let (other, home) = log_in(&service);
    assert_eq!(home.text_of("signed-in"), "Signed in as alice");
    // A form posted from another site carries no token (or a made-up one): refused, nothing changes.
    for form in [&[][..], &[("csrf", "00112233")]] {
        let (status, refused) = owner.post("/setup/recovery", form);
        assert_eq!(status, 403, "{}", refused.html);
        assert!(refused.text_of("error").contains("This form has expired"));
    }
    assert_eq!(owner.get("/setup").1.text_of("recovery-left"), "0");
    // One session's token is not another's.
    let (status, _) = other.post("/logout", &[("csrf", &setup.csrf())]);
    assert_eq!(status, 403);
    // With its token the change is made, and every other session of the user ends.
    let (status, codes) = owner.post("/setup/recovery", &[("csrf", &setup.csrf())]);
    assert_eq!(status, 200, "{}", codes.html);
    assert_eq!(other.get("/").1.text_of("signed-in"), "", "the other session was signed out");
    assert_eq!(owner.get("/").1.text_of("signed-in"), "Signed in as alice");

    let cookie = session_cookie(&service, "bob");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Max-Age="),
        "{cookie}"
    );
    assert!(!cookie.contains("Secure"), "plain http on loopback: {cookie}");
    let public = LoginService::start(&["--public-url", "https://login.example.com"]);
    let cookie = session_cookie(&public, "carol");
    assert!(cookie.starts_with("__Host-keyfob_demo_session=") && cookie.contains("; Secure"), "over https: {cookie}");
}

/// Before: `/login` and `/signup` took any form, so another site could post them (log a visitor in to the
/// attacker's account, or make accounts through visitors' browsers). Now each needs the CSRF token of the
/// browser's form cookie, both from the home page.
#[test]
fn log_in_and_sign_up_forms_are_refused_without_their_pages_csrf_token() {
    let service = LoginService::start(&[]);
    sign_up(&service, "alice");
    let browser = Browser::new(&service);
    let (_, home) = browser.get("/");
    let token = home.csrf();
    let (_, elsewhere) = Browser::new(&service).get("/");
    let login = [("username", "alice"), ("password", "correct horse battery")];
    let signup = [("username", "mallory"), ("password", "correct horse battery")];
    for action in ["/login", "/signup"] {
        let fields = if action == "/login" { login } else { signup };
        let another_browsers = elsewhere.csrf();
        for csrf in [None, Some("00112233"), Some(another_browsers.as_str())] {
            let mut form = fields.to_vec();
            form.extend(csrf.map(|c| ("csrf", c)));
            let (status, refused) = browser.post(action, &form);
            assert_eq!(
                (status, refused.text_of("error").as_str()),
                (403, "This form has expired. Go back, reload the page and try again."),
                "{action} with {csrf:?}"
            );
        }
        // The right token, but from a client without the cookie it belongs to.
        let mut form = fields.to_vec();
        form.push(("csrf", token.as_str()));
        assert_eq!(Browser::new(&service).post(action, &form).0, 403, "{action} without the form cookie");
    }
    assert_eq!(browser.get("/").1.text_of("signed-in"), "", "no refused form signed the browser in");
    // With the page's token both work: mallory was not made by a refused form (the name is free).
    let (status, signed_up) = browser.post("/signup", &[&signup[..], &[("csrf", token.as_str())]].concat());
    assert_eq!(status, 200, "{}", signed_up.html);
    assert!(signed_up.html.contains("Two-factor setup for mallory"), "{}", signed_up.html);
    let (status, home) = Browser::new(&service).fill("/login", "alice", "correct horse battery");
    assert_eq!((status, home.text_of("signed-in").as_str()), (200, "Signed in as alice"));
}

/// Before: `GET /login/{id}/finish` turned a verified login into a session, so a prefetch, a link preview or
/// an `<img>` could finish it. Now GET shows a page with a button and changes nothing; POST finishes, once.
#[test]
fn get_finish_changes_nothing_and_only_a_post_finishes_a_login() {
    let service = LoginService::start(&[]);
    let (_, setup) = sign_up(&service, "alice");
    let link = keyfob_core::qr::decode_image_bytes(&setup.image("push-qr")).unwrap().pop().unwrap();
    let device = RogueDevice::enrol(&link).unwrap();
    let (browser, page) = log_in(&service);
    let id = page.login_id();
    let challenge = device.poll().pop().unwrap();
    assert!(device.approve(&challenge.nonce, &page.text_of("number")).unwrap());
    assert_eq!(browser.login_state(&id), "verified");
    for _ in 0..2 {
        let (status, shown) = browser.get(&format!("/login/{id}/finish"));
        assert_eq!(status, 200, "{}", shown.html);
        assert!(shown.html.contains(&format!("action=\"/login/{id}/finish\"")), "a button that posts: {}", shown.html);
        assert_eq!(shown.text_of("signed-in"), "", "GET starts no session");
        assert_eq!(browser.login_state(&id), "verified", "GET leaves the login as it was");
        assert_eq!(browser.get("/").1.text_of("signed-in"), "");
    }
    let (status, home) = browser.post(&format!("/login/{id}/finish"), &[]);
    assert_eq!((status, home.text_of("signed-in").as_str()), (200, "Signed in as alice"));
    assert_eq!(browser.login_state(&id), "finished");
    assert_eq!(browser.post(&format!("/login/{id}/finish"), &[]).0, 403, "finished once");
    assert_eq!(browser.get(&format!("/login/{id}/finish")).0, 403, "and no longer offered");
}

/// Sends `count` login requests at once, each from `from(n)` with `body(n)` on its own thread (its form
/// cookie and token fetched before they all start), and returns their answers.
fn at_once(
    service: &LoginService,
    count: usize,
    from: impl Fn(usize) -> [u8; 4] + Sync,
    body: impl Fn(usize) -> String + Sync,
) -> Vec<(u16, String)> {
    let start = std::sync::Barrier::new(count);
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..count)
            .map(|n| {
                let (start, from, body) = (&start, &from, &body);
                scope.spawn(move || {
                    let pass = FormPass::get(service);
                    start.wait();
                    post_with(service, &pass, from(n), "/login", &body(n), &[])
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    })
}

/// How many of `statuses` are `status`.
fn count(statuses: &[u16], status: u16) -> usize {
    statuses.iter().filter(|s| **s == status).count()
}

/// Before: the limit was checked before the argon2id await and the failure counted after it, so 40 guesses
/// sent together were all judged (40 × 401). Now each is counted before it is checked: exactly 10 judged.
#[test]
fn forty_concurrent_wrong_passwords_for_one_name_get_exactly_ten_judged() {
    let service = LoginService::start(&[]);
    sign_up(&service, "alice");
    let answers = at_once(&service, 40, |_| [127, 0, 0, 2], |n| format!("username=alice&password=guess{n}"));
    let statuses: Vec<u16> = answers.iter().map(|(status, _)| *status).collect();
    assert_eq!((count(&statuses, 401), count(&statuses, 429)), (10, 30), "judged vs refused: {statuses:?}");
    assert_eq!(login_from(&service, [127, 0, 0, 2], "alice", "correct+horse+battery"), 429, "the attacker waits");
    assert_eq!(login_from(&service, [127, 0, 0, 3], "alice", "correct+horse+battery"), 303, "the owner does not");
}

/// `POST /signup` for `username` from `from`: its status.
fn signup_from(service: &LoginService, from: [u8; 4], username: &str) -> u16 {
    post_from(service, from, "/signup", &format!("username={username}&password=correct+horse+battery"), &[]).0
}

/// Before: sign-up was unlimited (300 accounts a minute from one address, each an argon2id hash). Now 10 a
/// minute per address, and `--signups-per-minute` (100 by default) in all.
#[test]
fn sign_ups_are_cut_off_at_10_a_minute_per_address_and_at_the_overall_limit() {
    let service = LoginService::start(&[]);
    let statuses: Vec<u16> = (0..300).map(|n| signup_from(&service, [127, 0, 0, 2], &format!("user{n}"))).collect();
    assert_eq!(statuses[..10], [303; 10], "{statuses:?}");
    assert!(statuses[10..].iter().all(|s| *s == 429), "{statuses:?}");
    let (_, refused) =
        post_from(&service, [127, 0, 0, 2], "/signup", "username=late&password=correct+horse+battery", &[]);
    assert!(refused.contains("Too many sign-ups from here. Wait a minute and try again."), "{refused}");
    assert_eq!(signup_from(&service, [127, 0, 0, 3], "elsewhere"), 303, "another address has its own limit");
    assert_eq!(Browser::new(&service).fill("/login", "user10", "correct horse battery").0, 401, "never made");

    let service = LoginService::start(&["--signups-per-minute", "15"]);
    let spread: Vec<u16> = (10..30).map(|n| signup_from(&service, [127, 0, 0, n], &format!("user{n}"))).collect();
    assert_eq!(spread, [[303; 15].as_slice(), &[429; 5]].concat(), "{spread:?}");
}

/// `POST /login` for alice with a wrong password from `from`, saying it forwards for `forwarded`: its status.
fn guess_forwarded(service: &LoginService, from: [u8; 4], forwarded: &str) -> u16 {
    post_from(service, from, "/login", "username=alice&password=wrong+guess", &[("X-Forwarded-For", forwarded)]).0
}

/// Limits count the peer's address; `X-Forwarded-For` is believed only from the proxy named by
/// `--trust-forwarded-for`, its rightmost entry (the one the proxy appended) counting, and IPv6 clients are
/// counted by /64. Only loopback is used: the IPv6 clients reach the service through the trusted proxy.
#[test]
fn forwarded_for_counts_only_from_the_named_proxy_and_ipv6_clients_share_their_64() {
    let service = LoginService::start(&["--trust-forwarded-for", "127.0.0.9"]);
    sign_up(&service, "alice");
    // Not the proxy: a different made-up client each time, all counted as 127.0.0.2.
    let direct: Vec<u16> = (0..11).map(|n| guess_forwarded(&service, [127, 0, 0, 2], &format!("10.0.0.{n}"))).collect();
    assert_eq!(direct, [[401; 10].as_slice(), &[429]].concat(), "{direct:?}");
    // Through the proxy: each forwarded client has its own limit, whatever the client wrote on the left.
    let proxied: Vec<u16> = (0..11).map(|_| guess_forwarded(&service, [127, 0, 0, 9], "10.0.0.1")).collect();
    assert_eq!(proxied, [[401; 10].as_slice(), &[429]].concat(), "{proxied:?}");
    assert_eq!(guess_forwarded(&service, [127, 0, 0, 9], "10.0.0.1, 10.0.0.77"), 401, "10.0.0.77 is fresh");
    assert_eq!(guess_forwarded(&service, [127, 0, 0, 9], "10.0.0.77, 10.0.0.1"), 429, "the proxy's entry counts");
    // Two IPv6 addresses in one /64 share a limit; the next /64 does not.
    let first: Vec<u16> = (0..10).map(|_| guess_forwarded(&service, [127, 0, 0, 9], "2001:db8:1:2::1")).collect();
    assert_eq!(first, [401; 10], "{first:?}");
    assert_eq!(guess_forwarded(&service, [127, 0, 0, 9], "2001:db8:1:2:ffff:abcd::9"), 429, "the same /64");
    assert_eq!(guess_forwarded(&service, [127, 0, 0, 9], "2001:db8:1:3::1"), 401, "the next /64");
}

/// The service's peak resident memory (VmHWM), in KiB.
fn peak_kib(service: &LoginService) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{}/status", service.child.id())).unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

/// The bound on the service's peak memory under a burst of logins: 4 argon2id checks at once (19 MiB each),
/// the rest waiting or turned away (503), plus the service itself.
const PEAK_MIB: u64 = 128;

/// Before: every login's argon2id check ran at once (19 MiB each), so 200 logins together took the service
/// to gigabytes. Now at most 4 run, 64 wait, and the rest are told to retry (503, Retry-After).
#[test]
fn two_hundred_concurrent_logins_keep_peak_memory_bounded_and_the_excess_is_told_to_retry() {
    let service = LoginService::start(&[]);
    sign_up(&service, "alice");
    let answers = at_once(
        &service,
        200,
        |n| [127, 0, 1, u8::try_from(10 + n).unwrap()],
        |_| "username=alice&password=correct+horse+battery".to_owned(),
    );
    let statuses: Vec<u16> = answers.iter().map(|(status, _)| *status).collect();
    let peak = peak_kib(&service);
    println!(
        "200 concurrent logins: {:?} signed in, {:?} busy; peak {} MiB",
        count(&statuses, 303),
        count(&statuses, 503),
        peak / 1024
    );
    assert_eq!(count(&statuses, 303) + count(&statuses, 503), 200, "signed in or told to retry: {statuses:?}");
    assert!(count(&statuses, 303) >= 68, "the 4 running and 64 waiting are answered: {statuses:?}");
    for (_, response) in answers.iter().filter(|(status, _)| *status == 503) {
        assert!(response.to_ascii_lowercase().contains("\r\nretry-after: 1\r\n"), "{response}");
    }
    assert!(peak < PEAK_MIB * 1024, "peak {peak} KiB");
}

/// The bytes of the service's database as a thief copying it would get them: the file and its write-ahead
/// log.
fn database_bytes(service: &LoginService) -> Vec<u8> {
    let path = service.dir.path().join("service.sqlite");
    let mut bytes = std::fs::read(&path).unwrap();
    bytes.extend(std::fs::read(path.with_extension("sqlite-wal")).unwrap_or_default());
    bytes
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The rsaEncryption OID as DER writes it: every PKCS#8 RSA private key holds these bytes.
const RSA_OID_DER: &[u8] = &[0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];

/// Before: TOTP secrets and the challenge-signing key sat in clear in SQLite, though the threat model counts
/// a stolen database as covered. Now they are sealed under the key file beside it.
#[test]
fn totp_secrets_and_the_signing_key_are_sealed_in_the_database_and_codes_still_work_after_a_restart() {
    let mut service = LoginService::start(&[]);
    let (browser, setup) = sign_up(&service, "alice");
    let base32 = setup.text_of("totp-secret");
    let raw = data_encoding::BASE32_NOPAD.decode(base32.as_bytes()).unwrap();
    assert_eq!(raw.len(), 20);
    let account = keyfob_core::uri::parse(&format!("otpauth://totp/Demo:alice?secret={base32}")).unwrap();
    let code = |step: u64| account.code_at(step * 30).to_string();
    let step = keyfob_session::SystemClock.now() / 30;
    let secret_absent = |service: &LoginService, when: &str| {
        let bytes = database_bytes(service);
        assert!(!contains(&bytes, base32.as_bytes()), "{when}: the base32 secret is in the database");
        assert!(!contains(&bytes, base32.to_lowercase().as_bytes()), "{when}: the base32 secret, lower-case");
        assert!(!contains(&bytes, &raw), "{when}: the raw secret is in the database");
        assert!(!contains(&bytes, RSA_OID_DER), "{when}: a PKCS#8 RSA key is in the database in clear");
    };
    secret_absent(&service, "pending");
    let (_, confirmed) = browser.post("/setup/totp", &[("code", &code(step)), ("csrf", &setup.csrf())]);
    assert_eq!(confirmed.text_of("totp-state"), "Authenticator codes are set up.");
    secret_absent(&service, "confirmed");

    service.restart(Duration::from_millis(200));
    secret_absent(&service, "after a restart");
    // The next step's code (within the ±1 step accepted, and later than the one used to confirm).
    let (browser, page) = log_in(&service);
    let (status, home) = enter_code(&browser, &page, &code(step + 1));
    assert_eq!((status, home.text_of("signed-in").as_str()), (200, "Signed in as alice"), "{}", home.html);
}

/// Before: each "Confirm" of TOTP setup loaded the pending secret, and a second click's write copied the
/// pending column, emptied by the first, over the secret: the account was left password-only. Now one
/// statement confirms it only while it is pending: one wins, the others are told, and the secret stays.
#[test]
fn a_double_confirm_of_totp_setup_keeps_the_secret() {
    let service = LoginService::start(&[]);
    let (browser, setup) = sign_up(&service, "alice");
    let base32 = setup.text_of("totp-secret");
    let account = keyfob_core::uri::parse(&format!("otpauth://totp/Demo:alice?secret={base32}")).unwrap();
    let code = |step: u64| account.code_at(step * 30).to_string();
    // A step with 6 s left, so its code and the next one's stay valid while the test uses them.
    let clock = keyfob_session::SystemClock;
    wait::until("a TOTP step with 6 s left", Duration::from_secs(31), || clock.now() % 30 < 24);
    let step = clock.now() / 30;
    let (confirm, csrf) = (code(step), setup.csrf());
    // A double click, and more: six confirms of one code at once.
    let start = std::sync::Barrier::new(6);
    let mut outcomes: Vec<(u16, String)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..6)
            .map(|_| {
                let (browser, start, confirm, csrf) = (browser.at(&service), &start, &confirm, &csrf);
                scope.spawn(move || {
                    start.wait();
                    let (status, page) = browser.post("/setup/totp", &[("code", confirm), ("csrf", csrf)]);
                    (status, if status == 200 { page.text_of("totp-state") } else { page.text_of("error") })
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    outcomes.sort();
    let won = (200, "Authenticator codes are set up.".to_owned());
    let told =
        (409, "Authenticator codes are already set up (by another click or window): nothing changed.".to_owned());
    assert_eq!(outcomes, [vec![won], vec![told; 5]].concat());

    // She still has TOTP: her password asks for a code, and the next code signs her in.
    let (browser, page) = log_in(&service);
    assert!(page.url.contains("/login/"), "a second factor is asked for: {}", page.url);
    let (status, home) = enter_code(&browser, &page, &code(step + 1));
    assert_eq!((status, home.text_of("signed-in").as_str()), (200, "Signed in as alice"), "{}", home.html);
}

/// Runs the service on `dir`'s database until it stops (it should refuse to start): its exit status and
/// what it said.
fn start_refused(dir: &std::path::Path) -> (Option<i32>, String) {
    let output = Command::new(service_bin())
        .args(["--listen", "127.0.0.1:0", "--database"])
        .arg(dir.join("service.sqlite"))
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let said = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    (output.status.code(), said)
}

/// A database's secrets are sealed under its key file: without it (or with another) the service stops with
/// a clear error, never a panic, and never makes a new key over the old secrets.
#[test]
fn a_database_without_its_key_file_is_refused_with_a_clear_error() {
    let mut service = LoginService::start(&[]);
    sign_up(&service, "alice");
    service.stop();
    let dir = service.dir.path().to_owned();
    let key = dir.join("service.key");
    let kept = std::fs::read(&key).unwrap();
    std::fs::remove_file(&key).unwrap();
    let (status, said) = start_refused(&dir);
    assert_eq!(status, Some(1), "{said}");
    assert_eq!(
        said.trim(),
        format!(
            "keyfob-login-service: {} is missing, but the database beside it holds users and secrets sealed under it: \
restore the key file that belongs to this database (a new key would open none of them)",
            key.display()
        )
    );
    assert!(!key.exists(), "no new key was made");
    std::fs::write(&key, [7u8; 32]).unwrap();
    let (status, said) = start_refused(&dir);
    assert_eq!(status, Some(1), "{said}");
    assert!(said.contains("the key file beside the database does not open its secrets"), "{said}");
    assert!(!said.contains("panicked"), "{said}");
    std::fs::write(&key, kept).unwrap();
    service.restart(Duration::ZERO);
    assert_eq!(
        Browser::new(&service).fill("/login", "alice", "correct horse battery").1.text_of("signed-in"),
        "Signed in as alice"
    );
}
