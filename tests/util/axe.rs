//! axe-core (npm, pinned in the root `package.json`) run inside a real page through WebDriver: the app's
//! window (WebKitGTK through tauri-driver) or a Chromium page. The page's CSP refuses an injected script
//! element, but WebDriver's own script evaluation is not one: axe's source is sent as a script's body.

use std::path::PathBuf;

use keyfob_testkit::webdriver::Driver;
use serde_json::{Value, json};

/// The impacts that fail a test (WCAG 2.2 AA rules, as axe rates them).
const FAILING: &[&str] = &["serious", "critical"];

fn source() -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!("{}: {e} (scripts/test installs the npm packages package.json pins)", path.display())
    })
}

/// axe's serious and critical violations of the WCAG 2.x A/AA and best-practice rules on what `page`
/// shows now, each as "rule (impact): the elements", empty when there are none.
pub(crate) fn serious_violations(page: &Driver) -> Vec<String> {
    page.execute(&source(), json!([]));
    let found = page.execute(
        "return window.axe.run(document, {
            runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
            resultTypes: ['violations'],
         }).then(r => r.violations.map(v => ({
            id: v.id, impact: v.impact,
            nodes: v.nodes.map(n => n.target.join(' ') + ': ' + (n.failureSummary || '').replace(/\\s+/g, ' ').slice(0, 160)),
         })))",
        json!([]),
    );
    let Value::Array(violations) = found else { panic!("axe.run returned {found}") };
    violations
        .iter()
        .filter(|v| FAILING.contains(&v["impact"].as_str().unwrap_or_default()))
        .map(|v| {
            let nodes: Vec<&str> = v["nodes"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
            format!(
                "{} ({}): {}",
                v["id"].as_str().unwrap_or("?"),
                v["impact"].as_str().unwrap_or("?"),
                nodes.join(" | ")
            )
        })
        .collect()
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
