//! A real privacyIDEA server on loopback, set up for push approval: SQLite, an admin, a realm `company`
//! holding user `alice`, and the enrolment policy in poll-only mode. Started from a virtualenv with
//! privacyIDEA installed (scripts/test and scripts/bench install a pinned one) and stopped on drop. Used by
//! the interop tests and, as the peer, by the push benchmark.
// Test support: a failure to set up is the caller's failure, loudly.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::Value;

use crate::wait;

/// The longest one request to privacyIDEA may take: a server that stops answering fails the test.
const REQUEST_LIMIT: Duration = Duration::from_secs(60);

/// The HTTP client of every request, bounded by [`REQUEST_LIMIT`].
fn http() -> ureq::Agent {
    ureq::AgentBuilder::new().timeout(REQUEST_LIMIT).build()
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map_or(0, |a| a.port())
}

/// A privacyIDEA server on loopback with an admin session, a realm `company` holding user `alice`.
pub struct PrivacyIdea {
    server: Child,
    /// Its address, `http://127.0.0.1:PORT`.
    pub base: String,
    token: String,
    _dir: tempfile::TempDir,
}

impl PrivacyIdea {
    /// Sets up and starts privacyIDEA from the virtualenv `venv` (about 15 s).
    ///
    /// # Panics
    /// When it cannot be set up or does not start.
    pub fn start(venv: &Path) -> Self {
        let dir = tempfile::tempdir().expect("a temporary folder");
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
            let output = Command::new(venv.join("bin/pi-manage"))
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
        let server = Command::new(venv.join("bin/pi-manage"))
            .args(["run", "-h", "127.0.0.1", "-p", &port.to_string()])
            .env("PRIVACYIDEA_CONFIGFILE", path("pi.cfg"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let base = format!("http://127.0.0.1:{port}");
        let health = format!("{base}/healthz/");
        wait::until(&format!("privacyIDEA to answer {health}"), Duration::from_secs(60), || {
            http().get(&health).call().is_ok()
        });
        let auth = http()
            .post(&format!("{base}/auth"))
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
    pub fn admin(&mut self, path: &str, body: &Value) -> Value {
        let reply: Value = http()
            .post(&format!("{}{path}", self.base))
            .set("Authorization", &self.token)
            .send_json(body.clone())
            .unwrap()
            .into_json()
            .unwrap();
        assert_eq!(reply.pointer("/result/status"), Some(&Value::Bool(true)), "{path}: {reply}");
        reply
    }

    /// How many device polls (`GET /ttype/push`) privacyIDEA has answered with success so far, as its
    /// audit log counts them: the sign that a device watching for logins is heard.
    pub fn polls_answered(&self) -> u64 {
        let reply: Value = http()
            .get(&format!("{}/audit/", self.base))
            .set("Authorization", &self.token)
            .query("action", "GET /ttype/*")
            .query("success", "1")
            .call()
            .unwrap()
            .into_json()
            .unwrap();
        reply.pointer("/result/value/count").and_then(Value::as_u64).unwrap_or_else(|| panic!("/audit/: {reply}"))
    }

    /// A form POST to `path` (no admin session), the JSON reply whatever the status.
    pub fn post(&self, path: &str, form: &[(&str, &str)]) -> Value {
        let response = match http().post(&format!("{}{path}", self.base)).send_form(form) {
            Ok(response) | Err(ureq::Error::Status(_, response)) => response,
            Err(e) => panic!("{path}: {e}"),
        };
        response.into_json().unwrap()
    }

    /// Whether the push login `transaction` was accepted (`/validate/polltransaction`).
    pub fn accepted(&self, transaction: &str) -> bool {
        let reply: Value = http()
            .get(&format!("{}/validate/polltransaction", self.base))
            .query("transaction_id", transaction)
            .call()
            .unwrap()
            .into_json()
            .unwrap();
        reply.pointer("/result/value") == Some(&Value::Bool(true))
    }

    /// Starts a login for alice with her PIN: privacyIDEA sends a push challenge. Returns the transaction.
    pub fn trigger(&self) -> String {
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
