//! Interop with a real privacyIDEA server (PyPI `privacyidea` 3.14, pinned in tests/privacyidea/
//! requirements.txt and installed by scripts/test into .tools/pi-venv): SQLite, a local user, the push
//! enrolment policy in poll-only mode, started on 127.0.0.1 and stopped when the test ends.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::{Session, temp_dir};
use crate::vault::ok;

/// A privacyIDEA server on loopback with an admin session, a realm `company` holding user `alice`.
struct PrivacyIdea {
    server: Child,
    base: String,
    token: String,
    _dir: tempfile::TempDir,
}

fn venv() -> PathBuf {
    let venv = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../.tools/pi-venv/bin");
    assert!(
        venv.join("pi-manage").exists(),
        "privacyIDEA is not installed; scripts/test installs it into .tools/pi-venv"
    );
    venv
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

impl PrivacyIdea {
    fn start() -> Self {
        let dir = temp_dir();
        let path = |name: &str| dir.path().join(name).to_str().unwrap().to_owned();
        let config = format!(
            "SQLALCHEMY_DATABASE_URI = 'sqlite:///{}'\nSECRET_KEY = 'test only'\nPI_PEPPER = 'test only'\nPI_ENCFILE = '{}'\nPI_AUDIT_KEY_PRIVATE = '{}'\nPI_AUDIT_KEY_PUBLIC = '{}'\nPI_LOGFILE = '{}'\n",
            path("pi.sqlite"),
            path("enckey"),
            path("audit-private.pem"),
            path("audit-public.pem"),
            path("pi.log"),
        );
        std::fs::write(dir.path().join("pi.cfg"), config).unwrap();
        std::fs::write(dir.path().join("users.passwd"), "alice:x:1000:1000:Alice,,,:/home/alice:/bin/bash\n").unwrap();
        let manage = |args: &[&str]| {
            let output = Command::new(venv().join("pi-manage"))
                .args(args)
                .env("PRIVACYIDEA_CONFIGFILE", path("pi.cfg"))
                .output()
                .unwrap();
            assert!(output.status.success(), "pi-manage {args:?}: {}", String::from_utf8_lossy(&output.stderr));
        };
        manage(&["setup", "create_enckey"]);
        manage(&["setup", "create_audit_keys"]);
        manage(&["setup", "create_tables"]);
        manage(&["admin", "add", "admin", "-p", "admin password"]);
        let port = free_port();
        let server = Command::new(venv().join("pi-manage"))
            .args(["run", "-h", "127.0.0.1", "-p", &port.to_string()])
            .env("PRIVACYIDEA_CONFIGFILE", path("pi.cfg"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let base = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(60);
        while ureq::get(&format!("{base}/healthz/")).call().is_err() {
            assert!(Instant::now() < deadline, "privacyIDEA did not start");
            std::thread::sleep(Duration::from_millis(200));
        }
        let auth = ureq::post(&format!("{base}/auth"))
            .send_form(&[("username", "admin"), ("password", "admin password")])
            .unwrap()
            .into_json::<Value>()
            .unwrap();
        let token = auth.pointer("/result/value/token").unwrap().as_str().unwrap().to_owned();
        let mut pi = Self { server, base, token, _dir: dir };
        let users = pi.path("users.passwd");
        pi.admin("/resolver/users", &serde_json::json!({"type": "passwdresolver", "fileName": users}));
        pi.admin("/realm/company", &serde_json::json!({"resolvers": "users"}));
        let registration = format!("{}/ttype/push", pi.base);
        pi.admin(
            "/policy/push-enrol",
            &serde_json::json!({
                "scope": "enrollment",
                "action": format!("push_firebase_configuration=poll only, push_registration_url={registration}, push_ssl_verify=0"),
                "active": true,
            }),
        );
        pi
    }

    fn path(&self, name: &str) -> String {
        self._dir.path().join(name).to_str().unwrap().to_owned()
    }

    /// An admin REST call; panics unless privacyIDEA says it worked.
    fn admin(&mut self, path: &str, body: &Value) -> Value {
        let reply: Value = ureq::post(&format!("{}{path}", self.base))
            .set("Authorization", &self.token)
            .send_json(body.clone())
            .unwrap()
            .into_json()
            .unwrap();
        assert_eq!(reply.pointer("/result/status"), Some(&Value::Bool(true)), "{path}: {reply}");
        reply
    }

    fn post(&self, path: &str, form: &[(&str, &str)]) -> Value {
        let response = match ureq::post(&format!("{}{path}", self.base)).send_form(form) {
            Ok(response) | Err(ureq::Error::Status(_, response)) => response,
            Err(e) => panic!("{path}: {e}"),
        };
        response.into_json().unwrap()
    }

    fn accepted(&self, transaction: &str) -> bool {
        let reply: Value = ureq::get(&format!("{}/validate/polltransaction", self.base))
            .query("transaction_id", transaction)
            .call()
            .unwrap()
            .into_json()
            .unwrap();
        reply.pointer("/result/value") == Some(&Value::Bool(true))
    }

    /// Starts a login for alice with her PIN: privacyIDEA sends a push challenge. Returns the transaction.
    fn trigger(&self) -> String {
        let reply = self.post("/validate/check", &[("user", "alice"), ("realm", "company"), ("pass", "1234")]);
        reply.pointer("/detail/transaction_id").and_then(Value::as_str).unwrap_or_else(|| panic!("{reply}")).to_owned()
    }
}

impl Drop for PrivacyIdea {
    fn drop(&mut self) {
        let _ = self.server.kill();
        let _ = self.server.wait();
    }
}

fn waiting(session: &Session) -> Vec<Value> {
    serde_json::from_str(&ok(session.keyfob(&["push", "list", "--json"]))).unwrap()
}

#[test]
fn push_and_totp_tokens_work_against_a_real_privacyidea_server() {
    let mut pi = PrivacyIdea::start();
    let session = Session::unlocked();

    // Push: enrol through the pipush link privacyIDEA returns, as if scanned.
    let init = pi.admin(
        "/token/init",
        &serde_json::json!({"type": "push", "genkey": 1, "user": "alice", "realm": "company", "pin": "1234"}),
    );
    let link = init.pointer("/detail/pushurl/value").and_then(Value::as_str).unwrap().to_owned();
    assert!(link.starts_with("otpauth://pipush/"), "{link}");
    let added = ok(session.keyfob(&["add", &link]));
    assert!(added.contains("(push approval, serial PIPU"), "{added}");
    let reused = session.keyfob(&["add", &link]);
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
