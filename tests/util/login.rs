//! Keyfob's reference login service, run for a test, and an HTTP client standing in for a browser.

use std::io::BufRead;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use keyfob_testkit::wait;
use serde_json::Value;

use crate::util::run::temp_dir;
use crate::util::session::Session;

/// The reference login service, started from the binary `scripts/test` builds beside `keyfob`.
pub(crate) struct LoginService {
    /// The running service (tests read its memory use by its process id).
    pub(crate) child: Child,
    pub(crate) url: String,
    /// The port it listens on, the same across restarts.
    pub(crate) port: u16,
    args: Vec<String>,
    /// What `--database` says: the SQLite file in `dir`, or a PostgreSQL URL.
    database: String,
    pub(crate) dir: tempfile::TempDir,
}

/// The service's binary, beside the `keyfob` binary Cargo built for these tests.
pub(crate) fn service_bin() -> PathBuf {
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_keyfob")).with_file_name("keyfob-login-service");
    assert!(
        bin.exists(),
        "{} is not built; run `cargo build -p keyfob-login-service` (scripts/test does)",
        bin.display()
    );
    bin
}

impl LoginService {
    pub(crate) fn start(extra: &[&str]) -> Self {
        let dir = temp_dir();
        let database = dir.path().join("service.sqlite").to_str().unwrap().to_owned();
        Self::start_on(dir, database, extra)
    }

    /// Starts the service on `database` (a PostgreSQL URL, or an SQLite file), keeping `dir` (its key file,
    /// if `extra` names one there) as long as it runs.
    pub(crate) fn start_on(dir: tempfile::TempDir, database: String, extra: &[&str]) -> Self {
        let args: Vec<String> = extra.iter().map(|a| (*a).to_owned()).collect();
        // Port 0: the service takes a free port as it binds (a port picked here first could be taken by
        // another test while it makes its key), and says which.
        let (child, url, port) = Self::spawn(&database, 0, &args);
        Self { child, url, port, args, database, dir }
    }

    /// Starts the service on `port` (0: any free one), returning it, the address it prints, and the port
    /// it holds.
    fn spawn(database: &str, port: u16, args: &[String]) -> (Child, String, u16) {
        let mut child = Command::new(service_bin())
            .args(["--listen", &format!("127.0.0.1:{port}"), "--database", database])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // It makes its signing key first (4096-bit RSA, slow on a loaded machine), then says where it listens.
        let line = wait::first_line(&mut child, "the login service to say where it listens", Duration::from_secs(60));
        let url = line.trim().strip_prefix("keyfob-login-service: listening on ").unwrap_or_else(|| panic!("{line}"));
        let held = match port {
            0 => held_port(child.id()).unwrap_or_else(|| panic!("the login service ({url}) holds no listening port")),
            port => port,
        };
        (child, url.to_owned(), held)
    }

    /// Stops the service (its database stays).
    pub(crate) fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Stops the service and starts it again on the same port and database, after an outage of
    /// `down_for` (the scenario's length, not a wait for anything).
    pub(crate) fn restart(&mut self, down_for: Duration) {
        self.stop();
        std::thread::sleep(down_for);
        let (child, _, _) = Self::spawn(&self.database, self.port, &self.args);
        self.child = child;
    }
}

impl Drop for LoginService {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A browser stand-in: cookies kept, redirects followed.
pub(crate) struct Browser {
    agent: ureq::Agent,
    base: String,
}

/// A page as the browser got it: its final address and HTML.
pub(crate) struct Page {
    pub(crate) url: String,
    pub(crate) html: String,
}

impl Page {
    /// The text of the element with `id` (up to its first tag end), or "".
    pub(crate) fn text_of(&self, id: &str) -> String {
        let Some(start) = self.html.find(&format!("id=\"{id}\"")) else { return String::new() };
        let rest = &self.html[start..];
        let open = rest.find('>').map_or(rest.len(), |i| i + 1);
        rest[open..].split('<').next().unwrap_or_default().to_owned()
    }

    /// The PNG bytes of the image with `id` (a data: URL).
    pub(crate) fn image(&self, id: &str) -> Vec<u8> {
        let start = self.html.find(&format!("id=\"{id}\"")).unwrap_or_else(|| panic!("no #{id} in {}", self.html));
        let data = &self.html[start..];
        let data = &data[data.find("base64,").unwrap() + 7..];
        data_encoding::BASE64.decode(&data.as_bytes()[..data.find('"').unwrap()]).unwrap()
    }

    /// The CSRF token the page's forms carry.
    pub(crate) fn csrf(&self) -> String {
        let field = "name=\"csrf\" value=\"";
        let start = self.html.find(field).unwrap_or_else(|| panic!("no csrf in {}", self.html));
        self.html[start + field.len()..].split('"').next().unwrap().to_owned()
    }

    /// The login id in a `/login/{id}` address.
    pub(crate) fn login_id(&self) -> String {
        self.url.rsplit('/').next().unwrap().to_owned()
    }
}

impl Browser {
    pub(crate) fn new(service: &LoginService) -> Self {
        // Every request bounded: a service that stops answering fails the test rather than holding it.
        let agent = ureq::AgentBuilder::new().redirects(5).timeout(Duration::from_secs(60)).build();
        Self { agent, base: service.url.clone() }
    }

    /// The same browser (its cookies, which name the host, not the port) sending to another instance.
    pub(crate) fn at(&self, service: &LoginService) -> Self {
        Self { agent: self.agent.clone(), base: service.url.clone() }
    }

    fn page(response: Result<ureq::Response, ureq::Error>) -> (u16, Page) {
        let response = match response {
            Ok(response) | Err(ureq::Error::Status(_, response)) => response,
            Err(e) => panic!("{e}"),
        };
        let status = response.status();
        let url = response.get_url().to_owned();
        (status, Page { url, html: response.into_string().unwrap() })
    }

    pub(crate) fn get(&self, path: &str) -> (u16, Page) {
        Self::page(self.agent.get(&format!("{}{path}", self.base)).call())
    }

    pub(crate) fn post(&self, path: &str, form: &[(&str, &str)]) -> (u16, Page) {
        Self::page(self.agent.post(&format!("{}{path}", self.base)).send_form(form))
    }

    /// Fills the home page's form `action` (`/login` or `/signup`) with `username` and `password` and sends
    /// it, as a person does: the form's CSRF token comes from the page.
    pub(crate) fn fill(&self, action: &str, username: &str, password: &str) -> (u16, Page) {
        let (_, home) = self.get("/");
        self.post(action, &[("username", username), ("password", password), ("csrf", &home.csrf())])
    }

    pub(crate) fn login_state(&self, id: &str) -> String {
        let (_, page) = self.get(&format!("/login/{id}/status"));
        serde_json::from_str::<Value>(&page.html).unwrap()["state"].as_str().unwrap().to_owned()
    }
}

/// Signs up `user` and returns the browser, on the setup page.
pub(crate) fn sign_up(service: &LoginService, user: &str) -> (Browser, Page) {
    let browser = Browser::new(service);
    let (status, page) = browser.fill("/signup", user, "correct horse battery");
    assert_eq!(status, 200, "{}", page.html);
    assert!(page.html.contains("Two-factor setup for"), "{}", page.html);
    (browser, page)
}

/// `keyfob push listen`, its lines collected as they come.
pub(crate) struct Listener {
    child: Child,
    lines: mpsc::Receiver<Value>,
}

impl Listener {
    pub(crate) fn start(session: &Session) -> Self {
        let mut child =
            session.command(&["push", "listen"]).stdout(Stdio::piped()).stderr(Stdio::null()).spawn().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (sender, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = sender.send(serde_json::from_str(&line).unwrap());
            }
        });
        Self { child, lines }
    }

    pub(crate) fn next(&self, within: Duration) -> Value {
        self.lines.recv_timeout(within).expect("keyfob push listen printed the challenge in time")
    }

    /// Waits until `keyfob push listen` holds a connection to `service` (its challenge stream): from then
    /// on, a login reaches it as soon as it exists.
    pub(crate) fn wait_connected(&self, service: &LoginService) {
        let what = format!("keyfob push listen to connect to the login service on port {}", service.port);
        wait::until(&what, wait::LIMIT, || connected(self.child.id(), service.port));
    }
}

/// Whether process `pid` holds an established TCP connection to `port` on this machine.
fn connected(pid: u32, port: u16) -> bool {
    let port = format!(":{port:04X}");
    // State 01: established; the remote address ends with the port.
    tcp_sockets_of(pid).iter().any(|(_, remote, state)| remote.ends_with(&port) && state == "01")
}

/// The port process `pid` listens on (state 0A), if any.
fn held_port(pid: u32) -> Option<u16> {
    tcp_sockets_of(pid)
        .iter()
        .find(|(_, _, state)| state == "0A")
        .and_then(|(local, _, _)| u16::from_str_radix(local.rsplit(':').next()?, 16).ok())
}

/// Process `pid`'s TCP sockets as Linux lists them (its `/proc/PID/fd` among the rows of `/proc/net/tcp`
/// and `tcp6`): local address, remote address and state, in the tables' hexadecimal.
fn tcp_sockets_of(pid: u32) -> Vec<(String, String, String)> {
    let sockets: Vec<String> = std::fs::read_dir(format!("/proc/{pid}/fd"))
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|fd| std::fs::read_link(fd.path()).ok())
        .filter_map(|link| link.to_str()?.strip_prefix("socket:[")?.strip_suffix(']').map(str::to_owned))
        .collect();
    ["/proc/net/tcp", "/proc/net/tcp6"]
        .iter()
        .flat_map(|table| {
            std::fs::read_to_string(table)
                .unwrap_or_default()
                .lines()
                .skip(1)
                .filter_map(|row| {
                    // sl, local address, remote address, state, …, inode (the tenth).
                    let fields: Vec<&str> = row.split_whitespace().collect();
                    (fields.len() > 9 && sockets.iter().any(|s| s == fields[9]))
                        .then(|| (fields[1].to_owned(), fields[2].to_owned(), fields[3].to_owned()))
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
