//! The browser-wide DevTools protocol of a Chromium that chromedriver started, for what WebDriver cannot
//! do: press an extension's toolbar button (`Extensions.triggerAction`, which Chromium allows only on the
//! browser's own connection and with `--enable-unsafe-extension-debugging`), and read or photograph the
//! popup that opens.
// Test support: a protocol failure is the test's failure and panics with the browser's message.
#![allow(clippy::indexing_slicing, clippy::expect_used)]

use std::net::TcpStream;
use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tungstenite::{Message, WebSocket};

use crate::wait;

/// The longest the browser may take to answer one call: it answers in milliseconds unless it is stuck.
const ANSWER_LIMIT: Duration = Duration::from_secs(60);

/// One connection to the browser, found through the profile's `DevToolsActivePort`.
pub struct DevTools {
    socket: WebSocket<TcpStream>,
    next: u64,
}

impl DevTools {
    /// Connects to the browser using `profile` (its `--user-data-dir`).
    ///
    /// # Panics
    /// When the browser wrote no `DevToolsActivePort` within [`wait::LIMIT`], or refuses the connection.
    pub fn connect(profile: &Path) -> Self {
        let file = profile.join("DevToolsActivePort");
        let written = wait::poll(&format!("the browser to write {}", file.display()), wait::LIMIT, || {
            std::fs::read_to_string(&file).ok().filter(|text| text.lines().count() >= 2)
        });
        let mut lines = written.lines();
        let (port, path) = (lines.next().unwrap_or_default(), lines.next().unwrap_or_default());
        let stream = TcpStream::connect(("127.0.0.1", port.parse::<u16>().expect("a port"))).expect("the browser");
        stream.set_read_timeout(Some(ANSWER_LIMIT)).expect("a timeout");
        let (socket, _) =
            tungstenite::client(format!("ws://127.0.0.1:{port}{path}"), stream).expect("a DevTools connection");
        Self { socket, next: 0 }
    }

    /// Calls `method` (on the target attached as `session`, else the browser) and returns its result.
    ///
    /// # Panics
    /// When the browser refuses the call, or has not answered it within a minute (the events it sends
    /// meanwhile are passed over, and do not extend that bound).
    pub fn call(&mut self, method: &str, params: Value, session: Option<&str>) -> Value {
        self.next += 1;
        let id = self.next;
        let mut message = json!({"id": id, "method": method, "params": params});
        if let Some(session) = session {
            message["sessionId"] = json!(session);
        }
        self.socket.send(Message::text(message.to_string())).expect("send to the browser");
        let deadline = Instant::now() + ANSWER_LIMIT;
        loop {
            let waited = || format!("waited {} s for the browser's answer to {method}", ANSWER_LIMIT.as_secs());
            assert!(Instant::now() < deadline, "{}", waited());
            let read = self.socket.read();
            let Message::Text(text) = read.unwrap_or_else(|e| panic!("{}: {e}", waited())) else { continue };
            let answer: Value = serde_json::from_str(&text).expect("DevTools JSON");
            if answer["id"] == json!(id) {
                assert!(answer["error"].is_null(), "{method}: {}", answer["error"]);
                return answer["result"].clone();
            }
        }
    }

    /// The browser's targets (tabs, pages, popups, workers) as `(type, url, id)`.
    pub fn targets(&mut self) -> Vec<(String, String, String)> {
        let found = self.call("Target.getTargets", json!({"filter": [{}]}), None);
        let text = |v: &Value| v.as_str().unwrap_or_default().to_owned();
        let infos = found["targetInfos"].as_array().cloned().unwrap_or_default();
        infos.iter().map(|t| (text(&t["type"]), text(&t["url"]), text(&t["targetId"]))).collect()
    }

    /// Presses extension `id`'s toolbar button on the tab showing a page whose address starts with `page`,
    /// as a user's click does (the popup opens; the extension gets the tab: "activeTab").
    pub fn press_extension_button(&mut self, id: &str, page: &str) {
        let tab = self.targets().into_iter().find(|(kind, url, _)| kind == "tab" && url.starts_with(page));
        let (_, _, tab) = tab.unwrap_or_else(|| panic!("no tab shows {page}"));
        self.call("Extensions.triggerAction", json!({"id": id, "targetId": tab}), None);
    }

    /// Attaches to the page whose address starts with `url` (a popup, say), waiting up to [`wait::LIMIT`]
    /// for it, and returns the session to [`call`](Self::call) it with.
    pub fn attach(&mut self, url: &str) -> String {
        let target = wait::poll(&format!("a page at {url}"), wait::LIMIT, || {
            let found = self.targets().into_iter().find(|(kind, u, _)| kind == "page" && u.starts_with(url));
            found.map(|(_, _, id)| id)
        });
        let attached = self.call("Target.attachToTarget", json!({"targetId": target, "flatten": true}), None);
        attached["sessionId"].as_str().expect("a session").to_owned()
    }

    /// Evaluates `expression` in the attached page `session` (a promise is awaited) and returns its value.
    pub fn evaluate(&mut self, session: &str, expression: &str) -> Value {
        let params = json!({"expression": expression, "awaitPromise": true, "returnByValue": true});
        self.call("Runtime.evaluate", params, Some(session))["result"]["value"].clone()
    }

    /// Waits until `expression` gives a string for which `condition` holds in page `session` (up to
    /// [`wait::LIMIT`]).
    pub fn wait_text(&mut self, session: &str, expression: &str, condition: impl Fn(&str) -> bool) -> String {
        let last = std::cell::RefCell::new(String::new());
        wait::poll_seen(
            &format!("{expression} to match"),
            wait::LIMIT,
            || {
                let text = self.evaluate(session, expression).as_str().unwrap_or_default().to_owned();
                let matched = condition(&text).then(|| text.clone());
                *last.borrow_mut() = text;
                matched
            },
            || format!("it gives {:?}", last.borrow()),
        )
    }

    /// A PNG of the attached page `session`, saved as `path`.
    pub fn screenshot(&mut self, session: &str, path: &Path) {
        let shot = self.call("Page.captureScreenshot", json!({"format": "png"}), Some(session));
        let png = data_encoding::BASE64.decode(shot["data"].as_str().unwrap_or_default().as_bytes()).expect("a PNG");
        std::fs::write(path, png).expect("save the screenshot");
    }
}
