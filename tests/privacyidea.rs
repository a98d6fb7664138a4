//! Interop with a real privacyIDEA server (PyPI `privacyidea` 3.14, pinned in tests/privacyidea/
//! requirements.txt and installed by scripts/test into .tools/pi-venv): SQLite, a local user, the push
//! enrolment policy in poll-only mode, started on 127.0.0.1 and stopped when the test ends.

use keyfob_testkit::privacyidea::PrivacyIdea;
use keyfob_testkit::wait;
use std::time::Duration;

use serde_json::Value;

use crate::util::session::Session;
use crate::util::vault::ok;

fn venv() -> std::path::PathBuf {
    let venv = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../.tools/pi-venv");
    assert!(
        venv.join("bin/pi-manage").exists(),
        "privacyIDEA is not installed; scripts/test installs it into .tools/pi-venv"
    );
    venv
}

fn waiting(session: &Session) -> Vec<Value> {
    serde_json::from_str(&ok(session.keyfob(&["push", "list", "--json"]))).unwrap()
}

#[test]
fn push_and_totp_tokens_work_against_a_real_privacyidea_server() {
    let mut pi = PrivacyIdea::start(&venv());
    let session = Session::unlocked();

    // Push: enrol by scanning the pipush link privacyIDEA returns, as its QR code.
    let init = pi.admin(
        "/token/init",
        &serde_json::json!({"type": "push", "genkey": 1, "user": "alice", "realm": "company", "pin": "1234"}),
    );
    let link = init.pointer("/detail/pushurl/value").and_then(Value::as_str).unwrap().to_owned();
    assert!(link.starts_with("otpauth://pipush/"), "{link}");
    std::fs::create_dir_all(session.home()).unwrap();
    let qr = session.home().join("pipush.png");
    std::fs::write(&qr, &*keyfob_interop::export::qr_png(&link).unwrap()).unwrap();
    let added = ok(session.keyfob(&["add", "--scan", qr.to_str().unwrap()]));
    assert!(added.contains("(push approval from 127.0.0.1:"), "the server is named: {added}");
    assert!(added.contains(", serial PIPU"), "{added}");
    let again = ok(session.keyfob(&["add", &link]));
    assert!(again.starts_with("already there as 1, skipped"), "{again}");
    let elsewhere = Session::unlocked();
    let reused = elsewhere.keyfob(&["add", &link]);
    assert_eq!(reused.status, Some(1), "the enrolment credential works once: {reused:?}");
    assert!(reused.stderr.contains("refused"), "{}", reused.stderr);

    // Approve: the login's transaction turns accepted.
    let transaction = pi.trigger();
    assert!(!pi.accepted(&transaction));
    let list = waiting(&session);
    assert_eq!(list.len(), 1, "{list:?}");
    assert_eq!(list[0]["question"], "Do you want to confirm the login?");
    let id = list[0]["id"].as_str().unwrap().to_owned();
    assert!(ok(session.keyfob(&["push", "approve", &id])).starts_with("approved: privacyIDEA"));
    assert!(pi.accepted(&transaction), "privacyIDEA accepted the login");
    assert!(waiting(&session).is_empty(), "an answered challenge is not shown again");
    let replay = session.keyfob(&["push", "approve", &id]);
    assert_eq!(replay.status, Some(1), "{replay:?}");

    // Watching, as the app does (locked or not): `keyfob push listen` polls every 3 s with passes signed
    // ahead on a one-minute grid, so privacyIDEA gets the same signed timestamp many times, up to half a
    // minute from its clock. It takes them (two polls answered, as its audit log counts them), and the
    // login shows up.
    let answered = pi.polls_answered();
    let listener = crate::util::login::Listener::start(&session);
    wait::until("privacyIDEA to answer two polls of keyfob push listen", Duration::from_secs(60), || {
        pi.polls_answered() >= answered + 2
    });
    let transaction = pi.trigger();
    let line = listener.next(Duration::from_secs(15));
    assert_eq!(line["question"], "Do you want to confirm the login?", "{line}");
    assert!(ok(session.keyfob(&["push", "approve", line["id"].as_str().unwrap()])).starts_with("approved"));
    assert!(pi.accepted(&transaction));
    drop(listener);

    // Deny ("this wasn't me"): the login is declined and the transaction never accepted.
    let transaction = pi.trigger();
    let id = waiting(&session)[0]["id"].as_str().unwrap().to_owned();
    assert!(ok(session.keyfob(&["push", "deny", &id, "--not-me"])).starts_with("denied and reported as not you"));
    assert!(!pi.accepted(&transaction));
    let finish = pi.post(
        "/validate/check",
        &[("user", "alice"), ("realm", "company"), ("pass", "1234"), ("transaction_id", &transaction)],
    );
    assert_eq!(finish.pointer("/result/value"), Some(&Value::Bool(false)), "{finish}");

    // TOTP: the code `keyfob code` prints is accepted by /validate/check (PIN followed by the code).
    let init = pi.admin(
        "/token/init",
        &serde_json::json!({"type": "totp", "genkey": 1, "user": "alice", "realm": "company", "pin": "5678", "description": "laptop"}),
    );
    let link = init.pointer("/detail/googleurl/value").and_then(Value::as_str).unwrap().to_owned();
    ok(session.keyfob(&["add", &link]));
    let code = ok(session.keyfob(&["code", "TOTP"])).trim().to_owned();
    assert_eq!(code.len(), 6, "{code}");
    let check =
        pi.post("/validate/check", &[("user", "alice"), ("realm", "company"), ("pass", &format!("5678{code}"))]);
    assert_eq!(check.pointer("/result/value"), Some(&Value::Bool(true)), "{check}");
}
