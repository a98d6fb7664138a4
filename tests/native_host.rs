//! `keyfob browser-host`, the browser extension's native messaging host, spoken to as a browser does:
//! framed JSON over real pipes to the real binary, with the real keychain. Codes only to a browser the
//! user paired, and only for the sites an account is linked to; hostile framing refused without a crash.
//! Keyfob's window is a stand-in here (`KEYFOB_APP`, a script noting how it was started): the real
//! window's part is in `tests/extension.rs`.

use std::io::{Read, Write};
use std::process::Stdio;
use std::time::Duration;

use keyfob_testkit::wait;
use serde_json::{Value, json};

use crate::util::otp::codes_around_now;
use crate::util::session::Session;
use crate::util::vault::ok;

const GITHUB: &str = "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP";

/// One message as a browser frames it: a 4-byte length in native byte order, then the JSON.
fn framed(message: &[u8]) -> Vec<u8> {
    [&u32::try_from(message.len()).unwrap().to_ne_bytes()[..], message].concat()
}

/// Keyfob's Chromium extension as Chromium names it to the host.
const CHROMIUM: &str = "chrome-extension://bmicaadjepnaojjkepbgbeoiakipclph/";
/// A paired key (32 bytes 0…31) and another install's.
const KEY: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";
const OTHER_KEY: &str = "HwECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";

/// The stand-in for Keyfob's window the host starts: a script that notes its arguments, one line a start.
fn window_stand_in(session: &Session) -> (std::path::PathBuf, std::path::PathBuf) {
    let script = session.home().join("keyfob-app");
    let log = session.home().join("window-started");
    if !script.exists() {
        std::fs::create_dir_all(session.home()).unwrap();
        std::fs::write(&script, format!("#!/bin/sh\necho \"$@\" >> '{}'\n", log.display())).unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    (script, log)
}

/// How the host started the window so far, one line a start (it starts it without waiting: the lines
/// are waited for when `expected` are; with none expected they are read at once, and a later start that
/// finds only its own line shows that none came before it).
fn window_starts(session: &Session, expected: usize) -> Vec<String> {
    let log = window_stand_in(session).1;
    let lines =
        || -> Vec<String> { std::fs::read_to_string(&log).unwrap_or_default().lines().map(str::to_owned).collect() };
    wait::poll_seen(
        &format!("the host to start the window {expected} times"),
        Duration::from_secs(10),
        || Some(lines()).filter(|started| started.len() >= expected),
        || format!("it started it with {:?}", lines()),
    )
}

/// Sends `input` to `keyfob browser-host` and returns its exit status and every reply it sent.
fn talk(session: &Session, input: &[u8]) -> (Option<i32>, Vec<Value>) {
    talk_as(session, &[CHROMIUM], input)
}

/// As [`talk`], for the extension its browser names with `caller` (Chromium: its origin; Firefox: the
/// manifest's path, then its id).
fn talk_as(session: &Session, caller: &[&str], input: &[u8]) -> (Option<i32>, Vec<Value>) {
    talk_in(session, caller, &[("KEYFOB_APP", window_stand_in(session).0)], input)
}

/// As [`talk_as`], the host run with `env`.
fn talk_in(
    session: &Session,
    caller: &[&str],
    env: &[(&str, std::path::PathBuf)],
    input: &[u8],
) -> (Option<i32>, Vec<Value>) {
    let mut child = session
        .command(&[&["browser-host"][..], caller].concat())
        .envs(env.iter().map(|(k, v)| (*k, v)))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Written from another thread, as a browser does, while the replies are read here (a pipe holds only
    // so much). A host that stops reading (a lying length) leaves the rest unread: a broken pipe is fine.
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    // Read on a thread of its own, so a host that never ends its replies fails the test instead of holding it.
    let mut stdout = child.stdout.take().unwrap();
    let (sender, replied) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut output = Vec::new();
        let _ = sender.send(stdout.read_to_end(&mut output).map(|_| output));
    });
    let output = replied.recv_timeout(wait::LIMIT).unwrap_or_else(|_| {
        let _ = child.kill();
        let _ = child.wait();
        panic!("waited {} s for keyfob browser-host to reply and close its output", wait::LIMIT.as_secs())
    });
    let output = output.unwrap();
    writer.join().unwrap();
    let status = child.wait().unwrap().code();
    let mut replies = Vec::new();
    let mut rest = output.as_slice();
    while let Some((length, after)) = rest.split_first_chunk::<4>() {
        let length = usize::try_from(u32::from_ne_bytes(*length)).unwrap();
        replies.push(serde_json::from_slice(&after[..length]).unwrap());
        rest = &after[length..];
    }
    (status, replies)
}

fn ask_for(url: &str, top: &str) -> Vec<u8> {
    ask_with(url, top, KEY)
}

fn ask_with(url: &str, top: &str, key: &str) -> Vec<u8> {
    framed(&serde_json::to_vec(&json!({"type": "code", "url": url, "top": top, "key": key})).unwrap())
}

/// Pairs `key` as `caller` the way a user does from the terminal: the browser asks, the host starts the
/// window, and `keyfob browser pair` gets the code the extension shows.
fn pair(session: &Session, caller: &[&str], key: &str) -> String {
    let request = framed(&serde_json::to_vec(&json!({"type": "pair", "key": key})).unwrap());
    let (status, replies) = talk_as(session, caller, &request);
    assert_eq!((status, replies.len(), &replies[0]["type"]), (Some(0), 1, &json!("pairing")), "{replies:?}");
    let code = replies[0]["code"].as_str().unwrap().to_owned();
    ok(session.keyfob(&["browser", "pair", &code]))
}

#[test]
fn the_host_gives_codes_only_to_the_site_an_account_is_linked_to() {
    let session = Session::unlocked();
    assert_eq!(session.keyfob(&["add", GITHUB]).status, Some(0));
    let run = session.keyfob(&["sites", "1", "https://github.com/login", "login.example.co.uk"]);
    assert_eq!(run.stdout, "account 1 is linked to github.com, example.co.uk\n", "{run:?}");
    assert_eq!(session.keyfob(&["sites", "1"]).stdout, "github.com\nexample.co.uk\n");
    assert_eq!(pair(&session, &[CHROMIUM], KEY), "paired: browser 1\n");
    let bad = session.keyfob(&["sites", "1", "http://github.com/"]);
    assert_eq!(
        (bad.status, bad.stderr.as_str()),
        (Some(2), "keyfob: Codes only go to secure pages (https://), and to pages on this computer.\n")
    );

    let conversation = [
        framed(br#"{"type": "ping"}"#),
        ask_for("https://github.com/sessions/two-factor", "https://github.com/sessions/two-factor"),
        ask_for("https://sso.example.co.uk/", "https://sso.example.co.uk/"),
        ask_for("https://example.co.uk.evil.com/", "https://example.co.uk.evil.com/"),
        ask_for("https://github.com/", "https://evil.com/"),
        ask_for("http://github.com/", "http://github.com/"),
        framed(b"{not json"),
    ]
    .concat();
    let (status, replies) = talk(&session, &conversation);
    assert_eq!(status, Some(0), "the browser closing the pipe ends the host: {replies:?}");
    assert_eq!(replies.len(), 7, "{replies:?}");
    assert_eq!(replies[0]["type"], "pong");
    let code = replies[1]["codes"][0]["code"].as_str().unwrap().to_owned();
    assert!(codes_around_now(GITHUB, 0).contains(&code), "{}", replies[1]);
    assert_eq!((&replies[1]["site"], &replies[1]["codes"][0]["issuer"]), (&json!("github.com"), &json!("GitHub")));
    assert!((1..=30).contains(&replies[1]["codes"][0]["remaining"].as_u64().unwrap()));
    assert_eq!(replies[2]["codes"][0]["id"], 1, "another page of a linked site");
    let evil = json!({"type": "none", "site": "evil.com", "origins": ["https://evil.com/*", "https://*.evil.com/*"]});
    assert_eq!(replies[3], evil);
    let framed_reason = "codes are not given to frames from another site than the page";
    assert_eq!(replies[4], json!({"type": "refused", "why": "other-site-frame", "reason": framed_reason}));
    let insecure_reason = "codes are only given to https:// pages (and http:// on this computer)";
    assert_eq!(replies[5], json!({"type": "refused", "why": "insecure-page", "reason": insecure_reason}));
    let unread = "the request cannot be read: it is not JSON";
    assert_eq!(replies[6], json!({"type": "error", "why": "unreadable-request", "message": unread}));
    let everything = serde_json::to_string(&replies).unwrap();
    assert!(!everything.contains("JBSWY3DP"), "never a secret");
}

#[test]
fn hostile_framing_ends_the_host_cleanly() {
    let session = Session::unlocked();
    assert_eq!(session.keyfob(&["add", GITHUB]).status, Some(0));
    // A length of 4 GiB: refused without reading (nor allocating) it, said, and the host ends.
    let (status, replies) = talk(&session, &[&u32::MAX.to_ne_bytes()[..], b"{}"].concat());
    assert_eq!(status, Some(1));
    assert_eq!(
        replies,
        [json!({
            "type": "error",
            "why": "request-too-large",
            "message": "the request is 4294967295 bytes; at most 65536 are read"
        })]
    );
    // A message cut short, half a length, and nothing at all.
    let (status, replies) = talk(&session, &[&100u32.to_ne_bytes()[..], b"{\"type\""].concat());
    assert_eq!((status, replies.len()), (Some(1), 0));
    assert_eq!(talk(&session, &[1, 0]).0, Some(0), "a pipe closed mid-length is a browser gone");
    assert_eq!(talk(&session, b"").0, Some(0));
    // An empty message, and 10,000 pings in one go: each answered.
    let many: Vec<u8> = (0..10_000).flat_map(|_| framed(br#"{"type":"ping"}"#)).collect();
    let (status, replies) = talk(&session, &[framed(b""), many].concat());
    assert_eq!((status, replies.len()), (Some(0), 10_001));
    assert_eq!(replies[0]["type"], "error");
}

#[test]
fn a_locked_vault_answers_locked() {
    let session = Session::unlocked();
    assert_eq!(session.keyfob(&["add", GITHUB]).status, Some(0));
    assert_eq!(session.keyfob(&["sites", "1", "github.com"]).status, Some(0));
    // The key moves behind a passphrase: the host has none, so the vault is locked to it.
    let passphrase = session.home().join("passphrase");
    std::fs::create_dir_all(session.home()).unwrap();
    std::fs::write(&passphrase, "correct horse battery staple").unwrap();
    let moved = session.keyfob(&["lock", "set-passphrase", "--new-passphrase-file", passphrase.to_str().unwrap()]);
    assert_eq!(moved.status, Some(0), "{moved:?}");
    let (status, replies) = talk(&session, &ask_for("https://github.com/", "https://github.com/"));
    assert_eq!((status, replies), (Some(0), vec![json!({"type": "locked"})]));
}

/// The review's finding: a host given the passphrase (a passphrase file in the browser's environment)
/// answered while Keyfob itself was locked. It answers from a passphrase vault only while the real app
/// runs unlocked (asked on the session bus, its program checked): not running, or locked, is `locked`.
#[test]
fn a_locked_keyfob_locks_the_browser_out_though_the_host_has_the_passphrase() {
    let session = Session::unlocked();
    ok(session.keyfob(&["add", GITHUB]));
    ok(session.keyfob(&["sites", "1", "github.com"]));
    pair(&session, &[CHROMIUM], KEY);
    let passphrase = session.home().join("passphrase");
    std::fs::write(&passphrase, "correct horse battery").unwrap();
    ok(session.keyfob(&["lock", "set-passphrase", "--new-passphrase-file", passphrase.to_str().unwrap()]));
    let env = [("KEYFOB_APP", crate::util::app::app_bin()), ("KEYFOB_PASSPHRASE_FILE", passphrase)];
    let ask = || talk_in(&session, &[CHROMIUM], &env, &ask_for("https://github.com/", "https://github.com/")).1;
    let locked = vec![json!({"type": "locked"})];
    assert_eq!(ask(), locked, "Keyfob is not running");

    let app = crate::util::app::start(&session, &[]);
    assert_eq!(ask(), locked, "Keyfob runs locked");
    crate::util::app::unlock(&app);
    let replies = ask();
    assert_eq!(replies[0]["type"], "codes", "{replies:?}");
    assert!(codes_around_now(GITHUB, 0).contains(&replies[0]["codes"][0]["code"].as_str().unwrap().to_owned()));
    crate::util::app::press_ctrl_l(&app);
    app.wait_for("#unlock-dialog[open]", std::time::Duration::from_secs(10));
    assert_eq!(ask(), locked, "Keyfob was locked again");
}

/// The review's finding: the host trusted any caller naming Keyfob's extension id, so an add-on published
/// under it got every linked code. Now such a caller gets `unpaired` and nothing else (no code, no site,
/// no name, no window), until the user pairs it; a wrong key a thousand times gets the same; and a
/// browser removed from the paired list gets nothing again.
#[test]
fn a_stranger_carrying_keyfobs_id_gets_nothing_until_the_user_pairs_it() {
    let session = Session::unlocked();
    assert_eq!(session.keyfob(&["add", GITHUB]).status, Some(0));
    assert_eq!(session.keyfob(&["sites", "1", "github.com"]).status, Some(0));
    let manifest = session.home().join(".mozilla/native-messaging-hosts/app.keyfob.browser.json");
    let firefox = [manifest.to_str().unwrap(), "browser@keyfob.app"];
    let page = "https://github.com/sessions/two-factor";
    let strangers = |key: &str| {
        [
            ask_with(page, page, key),
            framed(&serde_json::to_vec(&json!({"type": "link", "url": page, "top": page, "key": key})).unwrap()),
            framed(&serde_json::to_vec(&json!({"type": "open", "key": key})).unwrap()),
        ]
        .concat()
    };
    for caller in [&firefox[..], &[CHROMIUM]] {
        let (status, replies) = talk_as(&session, caller, &strangers(KEY));
        assert_eq!((status, &replies), (Some(0), &vec![json!({"type": "unpaired"}); 3]), "{caller:?}");
    }
    assert_eq!(window_starts(&session, 0), Vec::<String>::new(), "no window for a stranger");

    // The Firefox extension asks to be paired: the window is started with nothing but the question, and
    // a wrong code pairs nothing.
    let request = framed(&serde_json::to_vec(&json!({"type": "pair", "key": KEY})).unwrap());
    let (_, replies) = talk_as(&session, &firefox, &request);
    let code = replies[0]["code"].as_str().unwrap().to_owned();
    assert_eq!(window_starts(&session, 1), ["--pair-browser"]);
    let wrong = if code == "000 000" { "000001" } else { "000000" };
    let refused = session.keyfob(&["browser", "pair", wrong]);
    assert_eq!(
        (refused.status, refused.stderr.as_str()),
        (
            Some(2),
            "keyfob: That is not the code your browser shows, so nothing was paired. Compare the codes and try again.\n"
        )
    );
    assert_eq!(talk_as(&session, &firefox, &strangers(KEY)).1, vec![json!({"type": "unpaired"}); 3]);
    assert_eq!(ok(session.keyfob(&["browser", "pair", &code])), "paired: browser 1\n");

    // Paired: Firefox's extension with its key gets the code; the same key from Chromium's id, and
    // another key from Firefox's, still get nothing.
    let (_, replies) = talk_as(&session, &firefox, &ask_for(page, page));
    assert!(codes_around_now(GITHUB, 0).contains(&replies[0]["codes"][0]["code"].as_str().unwrap().to_owned()));
    assert_eq!(talk_as(&session, &[CHROMIUM], &ask_for(page, page)).1, [json!({"type": "unpaired"})]);
    assert_eq!(talk_as(&session, &firefox, &ask_with(page, page, OTHER_KEY)).1, [json!({"type": "unpaired"})]);

    // A thousand wrong keys in one go: a thousand refusals, and the host ends when the browser closes.
    let guesses: Vec<u8> = (0..1000u32)
        .flat_map(|n| {
            let mut bytes = [9u8; 32];
            bytes[..4].copy_from_slice(&n.to_be_bytes());
            let key = data_encoding::BASE64URL_NOPAD.encode(&bytes);
            ask_with(page, page, &key)
        })
        .collect();
    let (status, replies) = talk_as(&session, &firefox, &guesses);
    assert_eq!((status, replies.len()), (Some(0), 1000));
    assert!(replies.iter().all(|r| *r == json!({"type": "unpaired"})));

    // Listed, then removed: nothing again.
    let listed: Value = serde_json::from_str(&ok(session.keyfob(&["browser", "paired", "--json"]))).unwrap();
    assert_eq!((&listed[0]["id"], &listed[0]["browser"]), (&json!(1), &json!("firefox")), "{listed}");
    assert_eq!(listed[0]["caller"], "browser@keyfob.app");
    assert_eq!(
        ok(session.keyfob(&["browser", "unpair", "1"])),
        "unpaired: browser 1; it gets nothing from Keyfob now\n"
    );
    assert_eq!(talk_as(&session, &firefox, &strangers(KEY)).1, vec![json!({"type": "unpaired"}); 3]);
    assert_eq!(ok(session.keyfob(&["browser", "paired"])), "no browser is paired\n");
}

#[test]
fn install_writes_manifests_for_keyfobs_extension_only_and_uninstall_removes_them() {
    let session = Session::unlocked();
    let home = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| session.command(args).env("HOME", home.path()).output().unwrap();
    let installed = run(&["browser", "install"]);
    assert!(installed.status.success(), "{installed:?}");
    let launcher = home.path().join(".local/share/keyfob/browser-host");
    for (folder, key, allowed) in [
        (
            ".config/chromium/NativeMessagingHosts",
            "allowed_origins",
            "chrome-extension://bmicaadjepnaojjkepbgbeoiakipclph/",
        ),
        (
            ".config/google-chrome/NativeMessagingHosts",
            "allowed_origins",
            "chrome-extension://bmicaadjepnaojjkepbgbeoiakipclph/",
        ),
        (".mozilla/native-messaging-hosts", "allowed_extensions", "browser@keyfob.app"),
    ] {
        let manifest: Value =
            serde_json::from_slice(&std::fs::read(home.path().join(folder).join("app.keyfob.browser.json")).unwrap())
                .unwrap();
        assert_eq!(manifest["name"], "app.keyfob.browser");
        assert_eq!((&manifest["type"], &manifest["path"]), (&json!("stdio"), &json!(launcher)));
        assert_eq!(manifest[key], json!([allowed]), "{folder}");
    }
    // The launcher starts the host as a browser would, passing the extension's origin.
    let mut child = std::process::Command::new(&launcher)
        .arg("chrome-extension://bmicaadjepnaojjkepbgbeoiakipclph/")
        .env("KEYFOB_HOME", session.vault())
        .env("DBUS_SESSION_BUS_ADDRESS", session.bus_address())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&framed(br#"{"type":"ping"}"#)).unwrap();
    let mut output = Vec::new();
    child.stdout.take().unwrap().read_to_end(&mut output).unwrap();
    assert!(child.wait().unwrap().success());
    assert!(String::from_utf8_lossy(&output).contains(r#""type":"pong""#));
    // Another extension (or a web page posing as one) is refused.
    let other = session.command(&["browser-host", "chrome-extension://someoneelse/"]).output().unwrap();
    assert_eq!(other.status.code(), Some(2));
    let removed = run(&["browser", "uninstall"]);
    assert!(removed.status.success());
    assert_eq!(String::from_utf8_lossy(&removed.stdout).lines().count(), 4, "three manifests and the launcher");
    assert!(
        !launcher.exists() && !home.path().join(".mozilla/native-messaging-hosts/app.keyfob.browser.json").exists()
    );
}
