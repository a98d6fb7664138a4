//! axe-core (npm, pinned once, in the root `package.json`; every build installs it) run inside a real page:
//! the app's window (WebKitGTK through tauri-driver), a Chromium page through WebDriver, or an extension's
//! popup through the DevTools protocol. The page's CSP refuses an injected script element, but neither
//! WebDriver's nor DevTools' own script evaluation is one: axe's source is sent as a script's body.
//! Every caller runs the same rules ([`run_script`]) and reads the answer the same way ([`violations`]).

use std::path::PathBuf;

use keyfob_testkit::webdriver::Driver;
use serde_json::{Value, json};

/// The impacts that fail a test (WCAG 2.2 AA rules, as axe rates them).
const FAILING: &[&str] = &["serious", "critical"];

/// axe-core's source, to be evaluated in a page (it sets `window.axe`).
pub(crate) fn source() -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!("{}: {e} (scripts/test installs the npm packages package.json pins)", path.display())
    })
}

/// A script expression (a promise) that runs axe-core, already loaded, on `context` (`document`, or an
/// element in the page) with the WCAG 2.x A/AA and best-practice rules, and gives its violations as JSON
/// text: each rule's id, impact and help, and the nodes it found (their selectors, through shadow roots,
/// with why they fail). JSON text, so WebDriver and DevTools both hand it back whole.
pub(crate) fn run_script(context: &str) -> String {
    format!(
        "window.axe.run({context}, {{
            runOnly: {{ type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] }},
            resultTypes: ['violations'],
         }}).then(r => JSON.stringify(r.violations.map(v => ({{
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(n => JSON.stringify(n.target) + ': ' + (n.failureSummary || '').replace(/\\s+/g, ' ').slice(0, 160)),
         }}))))"
    )
}

/// One rule axe-core found broken, as [`run_script`] gives it.
pub(crate) struct Violation {
    id: String,
    impact: String,
    help: String,
    nodes: Vec<String>,
}

impl Violation {
    /// Whether it fails a test: serious or critical.
    pub(crate) fn is_serious(&self) -> bool {
        FAILING.contains(&self.impact.as_str())
    }
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({}): {}: {}", self.id, self.impact, self.help, self.nodes.join(" | "))
    }
}

/// The violations in `found`, [`run_script`]'s answer on `page` (named in the panic when it is not one).
pub(crate) fn violations(found: &Value, page: &str) -> Vec<Violation> {
    let parsed: Vec<Value> = serde_json::from_str(found.as_str().unwrap_or("null"))
        .unwrap_or_else(|e| panic!("axe-core on {page} gave {found}: {e}"));
    let text = |v: &Value| v.as_str().unwrap_or("?").to_owned();
    parsed
        .iter()
        .map(|v| Violation {
            id: text(&v["id"]),
            impact: text(&v["impact"]),
            help: text(&v["help"]),
            nodes: v["nodes"].as_array().into_iter().flatten().map(text).collect(),
        })
        .collect()
}

/// axe's serious and critical violations on what `page` shows now, each as "rule (impact): help: the
/// elements", empty when there are none.
pub(crate) fn serious_violations(page: &Driver) -> Vec<String> {
    page.execute(&source(), json!([]));
    let found = page.execute(&format!("return {}", run_script("document")), json!([]));
    violations(&found, "the page").iter().filter(|v| v.is_serious()).map(ToString::to_string).collect()
}

/// Runs axe on `page` in `state` and records what it found in `report` (asserted by the caller at the end,
/// so that one run lists every state's violations).
pub(crate) fn check(page: &Driver, state: &str, report: &mut Vec<(String, Vec<String>)>) {
    let found = serious_violations(page);
    eprintln!("axe: {state}: {} serious or critical", found.len());
    report.push((state.to_owned(), found));
}

/// Fails with every state's violations, when any state has one.
pub(crate) fn assert_clean(report: &[(String, Vec<String>)]) {
    let failing: Vec<String> = report
        .iter()
        .filter(|(_, found)| !found.is_empty())
        .map(|(state, found)| format!("{state}:\n  {}", found.join("\n  ")))
        .collect();
    assert!(failing.is_empty(), "axe-core found serious or critical violations:\n{}", failing.join("\n"));
}
