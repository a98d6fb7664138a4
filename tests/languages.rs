//! The window in every language Keyfob speaks: Dutch and German from the system's language, the page's
//! `lang` following; a pseudo-language 40 % longer than English at the narrowest window without a word
//! cut off or a word that is not from the catalogue; and the checks that keep every string of the window
//! in `locales/*/window*.ftl`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::json;

use crate::util::app::{App, start};
use crate::util::session::Session;
use crate::util::vault::GITHUB;

const PAYROLL: &str = "otpauth://totp/Payroll:alice?secret=GEZDGNBVGY3TQOJQ&issuer=Payroll&digits=8";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The value of message `id` (one line, no variables) in `language`'s window catalogues.
fn message(language: &str, id: &str) -> String {
    for file in ["window.ftl", "window-messages.ftl"] {
        let text = std::fs::read_to_string(root().join(format!("locales/{language}/{file}"))).unwrap();
        if let Some(line) = text.lines().find(|l| l.starts_with(&format!("{id} = "))) {
            return line[id.len() + 3..].to_owned();
        }
    }
    panic!("no message {id} in locales/{language}");
}

/// The window started in `session` with the system's language `lang`.
fn in_language(session: &Session, lang: &str) -> App {
    start(session, &[("LANG", lang)])
}

#[test]
fn the_window_speaks_dutch_and_german_from_the_systems_language() {
    for (lang, language) in [("nl_NL.UTF-8", "nl"), ("de_DE.UTF-8", "de")] {
        let session = Session::unlocked();
        let app = in_language(&session, lang);
        app.wait_for("#empty", Duration::from_secs(10));
        assert_eq!(app.execute("return document.documentElement.lang", json!([])), json!(language));
        assert_eq!(app.text("#empty h2"), message(language, "empty-h2-no-accounts-yet"));
        assert_eq!(app.text("#add-button"), format!("+ {}", message(language, "add-button-add")));
        app.screenshot(&format!("40-{language}-empty"));
        drop(app);
        session.keyfob(&["add", GITHUB, PAYROLL]);
        // The list in the dark theme too (the README shows both).
        let app = start(&session, &[("LANG", lang), ("GTK_THEME", "Adwaita:dark")]);
        app.wait_text("#accounts", |t| t.contains("Payroll"));
        app.screenshot(&format!("41-{language}-list-dark"));
        drop(app);
        let app = in_language(&session, lang);
        app.wait_text("#accounts", |t| t.contains("Payroll"));
        // A message the script words, with a variable: the copy's confirmation.
        app.execute("document.querySelector('.account .copy').click()", json!([]));
        let copied = message(language, "copied").replace("{ $service }", "GitHub");
        app.wait_text("#toast-text", |t| t == copied);
        app.screenshot(&format!("41-{language}-list"));
    }
}

/// Every text a person sees on the current screen that is not from the catalogue in the pseudo-language
/// (which brackets each message) nor one of `data` (names, codes), and every element whose text is cut
/// off (wider than its box where the box clips it).
fn unworded_and_clipped(app: &App, data: &[&str]) -> Vec<String> {
    let found = app.execute(
        "const data = arguments[0];
         const problems = [];
         const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
         for (let node = walker.nextNode(); node; node = walker.nextNode()) {
           const el = node.parentElement;
           // A message with inline markup is checked whole (its brackets are around all of it).
           const text = (el.dataset.l10nId ? el : node).textContent.trim();
           if (!text || !/[A-Za-z]{2}/.test(text) || !el.getClientRects().length || el.closest('[hidden], .visually-hidden, template, script')) continue;
           // A message's inline markup (<kbd>, <strong>) is checked as part of the message around it.
           const message = el.closest('[data-l10n-id]');
           if (message && message !== el && !message.querySelector('[data-l10n-id]')) continue;
           const inDialog = el.closest('dialog');
           if (inDialog && !inDialog.open) continue;
           const rest = data.reduce((t, d) => t.split(d).join(''), text).replace(/\\[[^\\]]*\\]/g, '').replace(/[\\s\\d·:★✕⋮↑↓+()\\-–,.@]/g, '');
           if (/[A-Za-z]{2}/.test(rest)) problems.push('not from the catalogue: ' + text.slice(0, 80));
         }
         for (const el of document.querySelectorAll('body *')) {
           if (!el.getClientRects().length || el.closest('[hidden], .visually-hidden, template, svg')) continue;
           const style = getComputedStyle(el);
           const clips = ['hidden', 'clip', 'auto', 'scroll'].includes(style.overflowX) || style.textOverflow === 'ellipsis';
           if (clips && el.scrollWidth > el.clientWidth + 1 && el.textContent.trim()) problems.push('cut off: ' + el.outerHTML.slice(0, 100));
         }
         const page = document.documentElement;
         if (page.scrollWidth > page.clientWidth) problems.push('the page scrolls sideways by ' + (page.scrollWidth - page.clientWidth) + ' px');
         return problems;",
        json!([data]),
    );
    found.as_array().unwrap().iter().map(|p| p.as_str().unwrap().to_owned()).collect()
}

#[test]
fn a_language_40_percent_longer_fits_every_screen_at_440_px_and_every_word_is_from_the_catalogue() {
    let session = Session::unlocked();
    session.keyfob(&["add", GITHUB, PAYROLL]);
    let app = start(&session, &[("KEYFOB_PSEUDO_LOCALE", "1")]);
    app.wait_text("#accounts", |t| t.contains("Payroll"));
    let width = app.execute("return window.innerWidth", json!([]));
    assert_eq!(width, json!(440), "the window opens at its narrowest useful width");
    // What is not words: the accounts' names, the app's, the shortcut (a variable in its sentence).
    let data = ["GitHub", "alice@example.com", "alice", "Payroll", "Keyfob", "Ctrl+Alt+K"];
    let mut problems = Vec::new();
    let mut check = |app: &App, screen: &str| {
        problems.extend(unworded_and_clipped(app, &data).into_iter().map(|p| format!("{screen}: {p}")));
    };
    check(&app, "the list");
    app.screenshot("42-pseudo-list");
    for (button, dialog) in [
        ("#add-button", "add-dialog"),
        ("#settings-open", "settings-dialog"),
        ("#backup-open", "backup-dialog"),
        ("#transfer-open", "transfer-dialog"),
        ("#help-open", "help-dialog"),
    ] {
        app.click(button);
        app.wait_for(&format!("#{dialog}[open]"), Duration::from_secs(10));
        check(&app, dialog);
        if dialog == "settings-dialog" {
            app.screenshot("43-pseudo-settings");
        }
        app.press_keys(&["\u{E00C}"]);
        crate::util::app::wait_closed(&app, dialog);
    }
    crate::util::app::row_action(&app, ".account", "rename");
    app.wait_for("#rename-dialog[open]", Duration::from_secs(10));
    check(&app, "rename-dialog");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The message ids a script passes to `t(…)` or `setL10n(…)`: the literals among their arguments, leaving
/// out the arguments' objects (`{ account: … }`) and what a literal is compared with (`kind === "push"`).
fn called_ids(script: &str) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for call in ["t(", "setL10n("] {
        for (at, _) in script.match_indices(call) {
            let starts_word = at == 0 || !script[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == '.');
            if !starts_word {
                continue;
            }
            let mut depth = 0usize;
            let mut arguments = String::new();
            for c in script[at + call.len()..].chars() {
                match c {
                    '(' | '{' => depth += 1,
                    ')' if depth == 0 => break,
                    ')' | '}' => depth = depth.saturating_sub(1),
                    _ if depth == 0 => arguments.push(c),
                    _ => {}
                }
            }
            let parts: Vec<&str> = arguments.split('"').collect();
            for (i, literal) in parts.iter().enumerate().skip(1).step_by(2) {
                let compared = ["===", "!==", "=="].iter().any(|op| parts[i - 1].trim_end().ends_with(op));
                if !compared && !literal.is_empty() {
                    ids.insert((*literal).to_owned());
                }
            }
        }
    }
    ids
}

/// Every id the English window catalogues hold.
fn held_ids() -> BTreeSet<String> {
    ids_used_and_held().1
}

/// Every message id the window's files name (`data-l10n-id`, and the literals its scripts pass to `t`
/// and `setL10n`), and every id the English catalogue holds.
fn ids_used_and_held() -> (BTreeSet<String>, BTreeSet<String>) {
    let mut used = BTreeSet::new();
    let mut scripts = vec![root().join("ui/app.js")];
    scripts.extend(std::fs::read_dir(root().join("ui/js")).unwrap().map(|e| e.unwrap().path()));
    let literal = |text: &str| -> Vec<String> { text.split('"').skip(1).step_by(2).map(str::to_owned).collect() };
    for file in ["ui/index.html", "ui/palette.html"] {
        let text = std::fs::read_to_string(root().join(file)).unwrap();
        used.extend(text.split("data-l10n-id=\"").skip(1).map(|s| s.split('"').next().unwrap().to_owned()));
    }
    for script in &scripts {
        used.extend(literal(&std::fs::read_to_string(script).unwrap()));
    }
    let mut held = BTreeSet::new();
    for file in ["window.ftl", "window-messages.ftl"] {
        let text = std::fs::read_to_string(root().join("locales/en").join(file)).unwrap();
        held.extend(
            text.lines()
                .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_lowercase()) && l.contains(" ="))
                .map(|l| l.split(" =").next().unwrap().to_owned()),
        );
    }
    (used, held)
}

/// The words of the window live in the catalogue only: no text between the page's tags, no sentence in
/// a script's string, every `data-l10n-id` a message that exists, and every message used somewhere.
///
/// Its limits: a script's string (in any quotes, a template's placeholders left out) counts as words when
/// it holds two words of letters with a space between (one word, such as a CSS class or a key name,
/// passes), so a one-word label written into the page would slip through: the pseudo-language test above
/// catches it on every screen it visits. A string split over lines is not seen whole.
#[test]
fn every_word_of_the_window_comes_from_the_catalogue() {
    let mut found = Vec::new();
    for file in ["ui/index.html", "ui/palette.html"] {
        let text = std::fs::read_to_string(root().join(file)).unwrap();
        let without_comments: String = text
            .split("<!--")
            .enumerate()
            .map(|(i, part)| if i == 0 { part } else { part.split_once("-->").map_or("", |(_, rest)| rest) })
            .collect();
        for between in without_comments.split('>').map(|s| s.split('<').next().unwrap_or_default().trim()) {
            // A constant's name (SHA256) is no word to translate.
            let words = between.chars().any(|c| c.is_alphabetic() && c.is_lowercase());
            if words && between != "Keyfob" && between != "Keyfob quick copy" {
                found.push(format!("{file}: text in the page: {between:?}"));
            }
        }
        for attribute in ["aria-label=\"", "title=\"", "placeholder=\"", "alt=\""] {
            for value in text.split(attribute).skip(1).map(|s| s.split('"').next().unwrap_or_default()) {
                if value.chars().any(char::is_alphabetic) && !value.contains("://") {
                    found.push(format!("{file}: {attribute}{value}\" is not from the catalogue"));
                }
            }
        }
    }
    let two_words = |s: &str| {
        let words: Vec<&str> = s.split_whitespace().collect();
        words.windows(2).any(|w| w.iter().all(|w| w.chars().filter(char::is_ascii_alphabetic).count() >= 2))
    };
    let mut scripts = vec![root().join("ui/app.js")];
    scripts.extend(std::fs::read_dir(root().join("ui/js")).unwrap().map(|e| e.unwrap().path()));
    for script in &scripts {
        let text = std::fs::read_to_string(script).unwrap();
        // Code, not words: a literal right after one of these is a selector or a class name.
        let selectors = ["className: ", "className = ", "querySelector(", "querySelectorAll(", "closest(", "matches("];
        for line in text
            .lines()
            .map(str::trim)
            // Comments, and what only a developer reads (the console, a programming error).
            .filter(|l| !l.starts_with("//") && !l.starts_with('*') && !l.starts_with("/*"))
            .filter(|l| !l.contains("console.") && !l.contains("new Error("))
        {
            let code = line.split(" // ").next().unwrap_or_default();
            for quote in ['"', '\'', '`'] {
                let parts: Vec<&str> = code.split(quote).collect();
                for (i, literal) in parts.iter().enumerate().skip(1).step_by(2) {
                    let before = parts[i - 1];
                    // A template's words, its placeholders left out.
                    let words: String =
                        literal.split("${").map(|part| part.split_once('}').map_or(part, |(_, rest)| rest)).collect();
                    if two_words(&words) && !selectors.iter().any(|s| before.ends_with(s)) {
                        found.push(format!("{}: {literal:?}", script.display()));
                    }
                }
            }
        }
        found.extend(
            called_ids(&text)
                .difference(&held_ids())
                .map(|id| format!("{}: t({id:?}) is not in locales/en", script.display())),
        );
    }
    let (used, held) = ids_used_and_held();
    let html_ids: BTreeSet<String> = ["ui/index.html", "ui/palette.html"]
        .iter()
        .flat_map(|f| {
            let text = std::fs::read_to_string(root().join(f)).unwrap();
            text.split("data-l10n-id=\"").skip(1).map(|s| s.split('"').next().unwrap().to_owned()).collect::<Vec<_>>()
        })
        .collect();
    found.extend(html_ids.difference(&held).map(|id| format!("data-l10n-id {id:?} is not in locales/en")));
    found.extend(held.difference(&used).map(|id| format!("message {id:?} is used nowhere in ui/")));
    assert!(found.is_empty(), "{}", found.join("\n"));
}

/// Fluent's formatter in `ui/vendor/fluent-bundle` is npm's `@fluent/bundle` as `package-lock.json` pins
/// it, byte for byte (copied, not edited: the window cannot load from `node_modules`).
#[test]
fn the_windows_fluent_is_the_pinned_npm_package() {
    let vendored = root().join("ui/vendor/fluent-bundle");
    let npm = root().join("node_modules/@fluent/bundle/esm");
    let mut files: Vec<_> = std::fs::read_dir(&npm)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.ends_with(".js"))
        .collect();
    files.sort();
    assert!(files.len() >= 9, "{files:?}");
    for file in &files {
        assert_eq!(std::fs::read(npm.join(file)).unwrap(), std::fs::read(vendored.join(file)).unwrap(), "{file}");
    }
    assert_eq!(std::fs::read_dir(&vendored).unwrap().count(), files.len(), "nothing else in ui/vendor/fluent-bundle");
}

/// The value of message `id` (one line) in `language`'s catalogue `file`.
fn catalogue_message(language: &str, file: &str, id: &str) -> String {
    let text = std::fs::read_to_string(root().join(format!("locales/{language}/{file}"))).unwrap();
    let line = text.lines().find(|l| l.starts_with(&format!("{id} = "))).unwrap_or_else(|| panic!("no {id} in {file}"));
    line[id.len() + 3..].to_owned()
}

/// A failure Rust reports is worded in the system's language from the shared catalogue (errors.ftl), with
/// no path or system error in the banner; its technical details go to the clipboard only when asked for,
/// through "Copy details for support".
#[test]
fn a_failure_is_said_in_german_and_its_details_are_copied_for_support() {
    let session = Session::unlocked();
    session.keyfob(&["add", GITHUB]);
    // A real failure: the file that holds the accounts is damaged.
    let vault = std::fs::read_dir(session.vault())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().is_some_and(|n| n == "vault.json"))
        .expect("the vault file");
    std::fs::write(&vault, b"{ this is not a vault").unwrap();
    let app = in_language(&session, "de_DE.UTF-8");
    let damaged = catalogue_message("de", "errors.ftl", "error-accounts-damaged");
    let said = app.wait_text("#error-text", |t| !t.is_empty());
    assert_eq!(said, damaged);
    let banner = app.text("#error-banner");
    assert!(!banner.contains('/') && !banner.contains("os error"), "a path or a system error in the banner: {banner}");
    let button = app.text("#error-copy-details");
    assert_eq!(button, message("de", "error-copy-details"));
    app.click("#error-copy-details");
    app.wait_text("#toast-text", |t| t == message("de", "error-copy-details-done"));
    let copied = session.tool("xclip", &["-o", "-selection", "clipboard"]);
    assert!(copied.stdout.contains(&vault.display().to_string()), "the details name the file: {copied:?}");
    // The page never held the details, and its script cannot have Keyfob copy words of its own (a text,
    // or a number no failure was given): the clipboard keeps what Rust copied.
    let shown = app.execute("return document.body.textContent + JSON.stringify(window.localStorage)", json!([]));
    assert!(!shown.as_str().unwrap_or_default().contains("vault.json"), "details in the page: {shown}");
    let forge = "return window.__TAURI__.core.invoke('copy_details', { details: arguments[0] }) \
        .then(() => 'copied', (e) => e.code || 'refused')";
    for forged in [json!("call +31 20 555 0100 for help"), json!(u32::MAX), json!(-1)] {
        assert_ne!(app.execute(forge, json!([forged])), "copied", "{forged}");
    }
    assert_eq!(session.tool("xclip", &["-o", "-selection", "clipboard"]).stdout, copied.stdout);
    app.screenshot("42-de-failure-details");
}
