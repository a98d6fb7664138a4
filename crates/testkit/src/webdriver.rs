//! A small W3C WebDriver client over plain HTTP, driving the real Keyfob app through `tauri-driver` (which
//! starts `WebKitWebDriver`, which starts the app) on the current display, or headless Chromium through
//! `chromedriver` for the login service's pages. Used by the end-to-end tests and the app benchmark.
// Test support: a WebDriver failure is the test's failure and panics with the server's message; indexing
// a `serde_json::Value` by key yields `Null` rather than panicking.
#![allow(clippy::indexing_slicing, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::wait;

/// The W3C element reference key.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";
/// The W3C shadow root reference key.
const SHADOW: &str = "shadow-6066-11e4-a52e-4f735466cecf";

/// The longest one WebDriver request may take. Scripts time out in the browser after 30 s (WebDriver's
/// default); a request past this bound is a browser or app that stopped answering, and the test fails
/// naming the request (ureq's error carries its address) instead of waiting until the run's deadline.
const REQUEST_LIMIT: Duration = Duration::from_secs(90);

/// The longest a new session (the browser or the app starting) may take to be answered.
const SESSION_LIMIT: Duration = Duration::from_secs(60);

/// The HTTP client of session requests, bounded by [`SESSION_LIMIT`].
fn session_agent() -> ureq::Agent {
    ureq::AgentBuilder::new().timeout(SESSION_LIMIT).build()
}

/// The HTTP client of every WebDriver request, bounded by [`REQUEST_LIMIT`].
fn http() -> ureq::Agent {
    static AGENT: std::sync::OnceLock<ureq::Agent> = std::sync::OnceLock::new();
    AGENT.get_or_init(|| ureq::AgentBuilder::new().timeout(REQUEST_LIMIT).build()).clone()
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map_or(0, |a| a.port())
}

/// The Enter key, for [`Driver::press_keys`] (WebDriver's code for it).
pub const ENTER: &str = "\u{E007}";
/// The Tab key, for [`Driver::press_keys`].
pub const TAB: &str = "\u{E004}";

/// The app running under `tauri-driver`, with a WebDriver session open on it. Everything stops on drop.
pub struct Driver {
    driver: Child,
    base: String,
    screenshots: PathBuf,
}

impl Driver {
    /// Starts `app` with arguments `args` and the environment `env` (vault, keychain bus, …), waiting until its window shows
    /// `ready` (a CSS selector). Screenshots go to `screenshots`.
    ///
    /// # Panics
    /// When there is no display, `tauri-driver` is missing, or the app does not come up in 20 s.
    #[expect(clippy::disallowed_methods, reason = "test support: the display the test command started")]
    pub fn start(app: &Path, args: &[&str], env: &[(&str, &str)], ready: &str, screenshots: &Path) -> Self {
        assert!(std::env::var_os("DISPLAY").is_some(), "no DISPLAY: scripts/test starts Xvfb for these tests");
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "wry",
            "tauri:options": {"application": app, "args": args}
        }}});
        // A port picked free can be taken before WebKitWebDriver binds it, and then every session request
        // fails: a fresh tauri-driver on fresh ports, up to three times. (The app itself is not retried
        // past a failure to start: a crash shows as that.)
        let mut failures = Vec::new();
        for _ in 0..3 {
            let (port, native) = (free_port(), free_port());
            let mut command = Command::new("tauri-driver");
            command.args(["--port", &port.to_string(), "--native-port", &native.to_string()]);
            for (key, value) in env {
                command.env(key, value);
            }
            match Self::try_open(command, "tauri-driver", port, &capabilities, screenshots) {
                Ok(session) => {
                    session.wait_for(ready, Duration::from_secs(20));
                    return session;
                }
                Err(failure) => {
                    // Said as it happens: a retry costs up to a minute, and a slow test should say why.
                    eprintln!("no WebDriver session ({failure}): starting tauri-driver afresh");
                    failures.push(failure);
                }
            }
        }
        panic!("no WebDriver session in three tries: {failures:?}");
    }

    /// Starts headless Chromium (Debian's `chromium`) through `chromedriver`, with a fresh profile and no
    /// background connections (this machine's network is closed).
    ///
    /// # Panics
    /// When `chromedriver` or `chromium` is missing.
    pub fn chromium(screenshots: &Path) -> Self {
        let port = free_port();
        let profile = std::env::temp_dir().join(format!("keyfob-chromium-{port}"));
        Self::open_chromium(port, &profile, &[], &[], screenshots)
    }

    /// [`chromium`](Self::chromium) with the unpacked extension in `extension` loaded, the profile
    /// `profile` (where Chromium also looks for native messaging hosts), the DevTools protocol open to
    /// [`DevTools`](crate::devtools::DevTools), and `env` added to the browser's environment (which the
    /// native messaging hosts it starts inherit).
    ///
    /// # Panics
    /// When `chromedriver` or `chromium` is missing.
    pub fn chromium_with_extension(screenshots: &Path, extension: &Path, profile: &Path, env: &[(&str, &str)]) -> Self {
        Self::chromium_with_extension_in(screenshots, extension, profile, env, None)
    }

    /// [`chromium_with_extension`](Self::chromium_with_extension) with the browser's own language set to
    /// `language` (`--lang`, `de` say: what `chrome.i18n` picks the extension's catalogue by), or the
    /// machine's when `None`.
    ///
    /// # Panics
    /// When `chromedriver` or `chromium` is missing.
    pub fn chromium_with_extension_in(
        screenshots: &Path,
        extension: &Path,
        profile: &Path,
        env: &[(&str, &str)],
        language: Option<&str>,
    ) -> Self {
        let extension = extension.display();
        let mut args = vec![
            format!("--load-extension={extension}"),
            format!("--disable-extensions-except={extension}"),
            "--enable-unsafe-extension-debugging".to_owned(),
        ];
        args.extend(language.map(|language| format!("--lang={language}")));
        Self::open_chromium(free_port(), profile, &args, env, screenshots)
    }

    /// Starts headless Firefox (Debian's `firefox-esr`) through `geckodriver` with the unpacked extension in
    /// `extension` installed as a temporary add-on under the internal id `uuid` (so its pages have a known
    /// address), permission requests granted without a prompt (a headless browser cannot show one), and
    /// `env` added to the browser's environment (which the native messaging hosts it starts inherit).
    ///
    /// # Panics
    /// When `geckodriver` or `firefox-esr` is missing, or the add-on is refused.
    pub fn firefox_with_extension(
        screenshots: &Path,
        extension: &Path,
        id: &str,
        uuid: &str,
        env: &[(&str, &str)],
    ) -> Self {
        let port = free_port();
        let mut command = Command::new("geckodriver");
        // System access: WebDriver may then open the extension's own pages (moz-extension://).
        command.args(["--port", &port.to_string(), "--allow-system-access"]).envs(env.iter().copied());
        let uuids = json!({ id: uuid }).to_string();
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "firefox",
            "moz:firefoxOptions": {"binary": "/usr/bin/firefox-esr", "args": ["-headless", "-width", "820", "-height", "1100"], "prefs": {
                "extensions.webextOptionalPermissionPrompts": false,
                "extensions.webextensions.uuids": uuids,
            }}
        }}});
        let session = Self::open(command, "geckodriver", port, &capabilities, screenshots);
        let installed = session.post("/moz/addon/install", &json!({"path": extension, "temporary": true}));
        assert_eq!(installed, json!(id), "the add-on was not installed");
        session
    }

    fn open_chromium(port: u16, profile: &Path, args: &[String], env: &[(&str, &str)], screenshots: &Path) -> Self {
        let mut command = Command::new("chromedriver");
        command.arg(format!("--port={port}")).envs(env.iter().copied());
        let mut all = vec![
            "--headless".to_owned(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-quic".into(),
            "--no-first-run".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--window-size=820,1100".into(),
            format!("--user-data-dir={}", profile.display()),
        ];
        all.extend_from_slice(args);
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": "/usr/bin/chromium", "args": all}
        }}});
        Self::open(command, "chromedriver", port, &capabilities, screenshots)
    }

    /// Starts a WebDriver server (`command`, listening on `port`) and opens a session with `capabilities`.
    fn open(command: Command, name: &str, port: u16, capabilities: &Value, screenshots: &Path) -> Self {
        Self::try_open(command, name, port, capabilities, screenshots).unwrap_or_else(|failure| panic!("{failure}"))
    }

    /// [`Driver::open`], or the transport failure that kept a session from opening after brief retries
    /// (the server stopped and its process gone).
    fn try_open(
        mut command: Command,
        name: &str,
        port: u16,
        capabilities: &Value,
        screenshots: &Path,
    ) -> Result<Self, String> {
        let driver = command
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("{name} is needed (scripts/test installs it): {e}"));
        let _ = std::fs::create_dir_all(screenshots);
        let mut session = Self { driver, base: String::new(), screenshots: screenshots.to_owned() };
        let url = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            if Instant::now() > deadline {
                return Err(format!("{name} did not start"));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        // The driver accepts connections a moment before the browser behind it does: retry briefly. A
        // request that was taken but not answered in time is a session set-up that hung (WebKit's has, on
        // a loaded machine): the caller starts afresh rather than wait on it.
        let mut attempts = 0;
        let created = loop {
            let asked = Instant::now();
            let response = session_agent().post(&format!("{url}/session")).send_json(capabilities.clone());
            match response {
                Err(ureq::Error::Transport(e)) if asked.elapsed() >= SESSION_LIMIT => {
                    return Err(format!(
                        "{name} took the session request and did not answer in {SESSION_LIMIT:?}: {e}"
                    ));
                }
                Err(ureq::Error::Transport(_)) if attempts < 20 => {
                    attempts += 1;
                    std::thread::sleep(Duration::from_millis(250));
                }
                Err(ureq::Error::Transport(e)) => return Err(format!("WebDriver transport error: {e}")),
                response => break read(response),
            }
        };
        let id = created["value"]["sessionId"].as_str().expect("a WebDriver session").to_owned();
        session.base = format!("{url}/session/{id}");
        Ok(session)
    }

    /// Opens `url` in the browser.
    pub fn navigate(&self, url: &str) {
        self.post("/url", &json!({"url": url}));
    }

    /// The address of the page shown.
    pub fn current_url(&self) -> String {
        self.get("/url").as_str().unwrap_or_default().to_owned()
    }

    fn post(&self, path: &str, body: &Value) -> Value {
        post(&format!("{}{path}", self.base), body)["value"].clone()
    }

    fn get(&self, path: &str) -> Value {
        let response = http().get(&format!("{}{path}", self.base)).call();
        read(response)["value"].clone()
    }

    /// Like `get` and `post`, but a WebDriver error (a stale element after a re-render) is `None`, for
    /// callers that poll.
    fn attempt(&self, path: &str, body: Option<&Value>) -> Option<Value> {
        let url = format!("{}{path}", self.base);
        let response = match body {
            Some(body) => http().post(&url).send_json(body.clone()),
            None => http().get(&url).call(),
        };
        response.ok()?.into_json::<Value>().ok().map(|v| v["value"].clone())
    }

    /// The handles of the app's windows (its web views), in the driver's order.
    pub fn windows(&self) -> Vec<String> {
        let handles = self.get("/window/handles");
        handles.as_array().map(|a| a.iter().filter_map(|h| h.as_str().map(str::to_owned)).collect()).unwrap_or_default()
    }

    /// Sends what follows to the window `handle` (from [`windows`](Self::windows)).
    pub fn switch_to(&self, handle: &str) {
        self.post("/window", &json!({"handle": handle}));
    }

    /// Runs JavaScript in the window and returns its value (a returned promise is awaited).
    pub fn execute(&self, script: &str, args: Value) -> Value {
        self.post("/execute/sync", &json!({"script": script, "args": args}))
    }

    /// The elements matching a CSS selector.
    pub fn find_all(&self, css: &str) -> Vec<String> {
        let found = self.post("/elements", &json!({"using": "css selector", "value": css}));
        found
            .as_array()
            .map(|a| a.iter().filter_map(|e| e[ELEMENT].as_str().map(str::to_owned)).collect())
            .unwrap_or_default()
    }

    /// Waits until `css` matches a displayed element, and returns it.
    ///
    /// # Panics
    /// After `timeout`, naming `css` and giving the text the window shows.
    pub fn wait_for(&self, css: &str, timeout: Duration) -> String {
        let displayed = |e: &String| self.attempt(&format!("/element/{e}/displayed"), None) == Some(json!(true));
        wait::poll_seen(
            &format!("{css} to be shown"),
            timeout,
            || self.find_all(css).into_iter().find(displayed),
            || format!("screen text: {}", self.text("body")),
        )
    }

    /// Waits until `condition` holds for the text of `css`.
    pub fn wait_text(&self, css: &str, condition: impl Fn(&str) -> bool) -> String {
        self.wait_read(css, |css| self.text(css), condition)
    }

    /// Waits until `condition` holds for the value of the form field `css` (filled in asynchronously).
    pub fn wait_value(&self, css: &str, condition: impl Fn(&str) -> bool) -> String {
        let value = |css: &str| {
            let found =
                self.execute("const e = document.querySelector(arguments[0]); return e ? e.value : ''", json!([css]));
            found.as_str().unwrap_or_default().to_owned()
        };
        self.wait_read(css, value, condition)
    }

    /// Reads `css` with `read` until `condition` holds for what it gives ([`wait::LIMIT`] at most).
    fn wait_read(&self, css: &str, read: impl Fn(&str) -> String, condition: impl Fn(&str) -> bool) -> String {
        let last = std::cell::RefCell::new(String::new());
        wait::poll_seen(
            &format!("{css} to match"),
            wait::LIMIT,
            || {
                let text = read(css);
                let matched = condition(&text).then(|| text.clone());
                *last.borrow_mut() = text;
                matched
            },
            || format!("it shows: {:?}", last.borrow()),
        )
    }

    /// The visible text of the first element matching `css` (empty when none).
    pub fn text(&self, css: &str) -> String {
        self.find_all(css)
            .first()
            .and_then(|element| self.attempt(&format!("/element/{element}/text"), None))
            .and_then(|text| text.as_str().map(str::to_owned))
            .unwrap_or_default()
    }

    /// Clicks the first displayed element matching `css`, scrolled into view first (WebKit's driver does
    /// not scroll a dialog's own overflow to reach a button below its fold).
    pub fn click(&self, css: &str) {
        for _ in 0..20 {
            let element = self.wait_for(css, Duration::from_secs(10));
            let script = "arguments[0].scrollIntoView({block: 'nearest'})";
            let _ = self.attempt("/execute/sync", Some(&json!({"script": script, "args": [{ELEMENT: element}]})));
            if self.attempt(&format!("/element/{element}/click"), Some(&json!({}))).is_some() {
                return;
            }
            // The element was re-rendered between finding and clicking it: find it again.
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("could not click {css}");
    }

    /// Clicks `css` once it is armed: Keyfob's confirming buttons act only after their dialog has been up
    /// for a moment (`ui/js/arming.js`), saying so with `aria-disabled` until then.
    pub fn click_armed(&self, css: &str) {
        self.wait_for(&format!("{css}:not([aria-disabled=true])"), Duration::from_secs(10));
        self.click(css);
    }

    /// The element `inner` in the shadow root (open or closed) of the `nth` element matching `host`.
    fn in_shadow(&self, host: &str, nth: usize, inner: &str) -> Option<String> {
        let host = self.find_all(host).into_iter().nth(nth)?;
        let root = self.attempt(&format!("/element/{host}/shadow"), None)?;
        let root = root[SHADOW].as_str()?.to_owned();
        let found =
            self.attempt(&format!("/shadow/{root}/element"), Some(&json!({"using": "css selector", "value": inner})))?;
        found[ELEMENT].as_str().map(str::to_owned)
    }

    /// Waits until `condition` holds for the text of `inner` in the shadow root of the `nth` `host`.
    pub fn wait_shadow_text(&self, host: &str, nth: usize, inner: &str, condition: impl Fn(&str) -> bool) -> String {
        let read = |_: &str| {
            let text = self.in_shadow(host, nth, inner).and_then(|e| self.attempt(&format!("/element/{e}/text"), None));
            text.and_then(|t| t.as_str().map(str::to_owned)).unwrap_or_default()
        };
        self.wait_read(&format!("{host} » {inner}"), read, condition)
    }

    /// Clicks `inner` in the shadow root of the `nth` `host` as a user would (a trusted click), waiting up
    /// to [`wait::LIMIT`] for it to take the click.
    pub fn click_in_shadow(&self, host: &str, nth: usize, inner: &str) {
        wait::poll(&format!("{inner} in {host} (number {nth}) to take a click"), wait::LIMIT, || {
            self.in_shadow(host, nth, inner)
                .and_then(|e| self.attempt(&format!("/element/{e}/click"), Some(&json!({}))))
        });
    }

    /// Runs `script` in the page with the element `inner` in the shadow root (open or closed) of the `nth`
    /// `host` as `arguments[0]`, and returns its value (a returned promise is awaited). From that element
    /// a script reaches a closed root too (`getRootNode()`), which a page's own scripts cannot.
    ///
    /// # Panics
    /// When there is no such element.
    pub fn execute_in_shadow(&self, host: &str, nth: usize, inner: &str, script: &str) -> Value {
        let element = self.in_shadow(host, nth, inner).unwrap_or_else(|| panic!("no {inner} in {host} ({nth})"));
        self.execute(script, json!([{ ELEMENT: element }]))
    }

    /// Presses and releases each of `keys` in turn, as a keyboard does, into whatever has focus (W3C
    /// key actions; [`ENTER`], [`TAB`], or a character such as `" "`).
    pub fn press_keys(&self, keys: &[&str]) {
        let actions: Vec<Value> = keys
            .iter()
            .flat_map(|k| [json!({"type": "keyDown", "value": k}), json!({"type": "keyUp", "value": k})])
            .collect();
        self.post("/actions", &json!({"actions": [{"type": "key", "id": "keyboard", "actions": actions}]}));
    }

    /// Types into the first displayed element matching `css`.
    pub fn type_into(&self, css: &str, text: &str) {
        let element = self.wait_for(css, Duration::from_secs(10));
        self.post(&format!("/element/{element}/value"), &json!({"text": text}));
    }

    /// Saves a screenshot of the window as `NAME.png` in the screenshot folder.
    pub fn screenshot(&self, name: &str) -> PathBuf {
        // Let the page paint what the last change rendered before capturing it. WebKit captures at the next
        // paint after the request, and a window rendered without compositing paints only when something
        // changes: a transparent outline toggled just after the request gives it one, unseen.
        self.execute(
            "const b = document.body;
             for (const ms of [150, 400, 1000]) setTimeout(() => { b.style.outline = b.style.outline ? '' : '1px solid transparent'; }, ms);
             return new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))",
            json!([]),
        );
        let data = self.get("/screenshot");
        let png = data_encoding::BASE64.decode(data.as_str().unwrap_or_default().as_bytes()).expect("a PNG screenshot");
        let path = self.screenshots.join(format!("{name}.png"));
        std::fs::write(&path, png).expect("save the screenshot");
        path
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        if !self.base.is_empty() {
            // Closing the session closes the window; a driver that no longer answers is killed instead.
            let closing = ureq::AgentBuilder::new().timeout(Duration::from_secs(20)).build();
            let _ = closing.delete(&self.base).call();
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn post(url: &str, body: &Value) -> Value {
    read(http().post(url).send_json(body.clone()))
}

fn read(response: Result<ureq::Response, ureq::Error>) -> Value {
    match response {
        Ok(response) => response.into_json().expect("WebDriver JSON"),
        Err(ureq::Error::Status(code, response)) => {
            panic!("WebDriver error {code}: {}", response.into_string().unwrap_or_default())
        }
        Err(e) => panic!("WebDriver transport error: {e}"),
    }
}
