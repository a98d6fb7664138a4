//! The windows name the commands they call from one table, `ui/js/commands.js`; `build.rs` lists the
//! commands Tauri guards with a capability. These tests fail when the two lists differ, or when a window's
//! module calls a command by a string of its own instead of the table.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const BUILD_RS: &str = include_str!("../build.rs");
const MAIN_RS: &str = include_str!("../src/main.rs");
const CAPABILITIES: [&str; 2] =
    [include_str!("../capabilities/main.json"), include_str!("../capabilities/palette.json")];
const TABLE_JS: &str = include_str!("../../ui/js/commands.js");

/// The quoted names in `build.rs`'s `.commands(&[…])`.
fn build_rs_commands() -> BTreeSet<String> {
    let start =
        BUILD_RS.find(".commands(&[").unwrap_or_else(|| panic!("build.rs lists its commands in .commands(&[…])"));
    let list = &BUILD_RS[start..];
    let list = &list[..list.find("])").unwrap_or_else(|| panic!("the list ends in ])"))];
    list.split('"').skip(1).step_by(2).map(str::to_owned).collect()
}

/// The table's entries, `name: "name",` each, between `Object.freeze({` and `});`.
fn table_entries() -> Vec<(String, String)> {
    let start = TABLE_JS.find("Object.freeze({").unwrap_or_else(|| panic!("commands.js holds Object.freeze({{…}})"));
    let body = &TABLE_JS[start + "Object.freeze({".len()..];
    let body = &body[..body.find("});").unwrap_or_else(|| panic!("the table ends in }});"))];
    body.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with("//"))
        .map(|line| {
            let (key, value) = line.split_once(':').unwrap_or_else(|| panic!("not `name: \"name\",`: {line}"));
            let value = value.trim().strip_suffix(',').unwrap_or_else(|| panic!("no comma after: {line}"));
            let value = value.strip_prefix('"').and_then(|v| v.strip_suffix('"'));
            (key.trim().to_owned(), value.unwrap_or_else(|| panic!("not a plain string: {line}")).to_owned())
        })
        .collect()
}

fn table_names() -> BTreeSet<String> {
    table_entries().into_iter().map(|(_, name)| name).collect()
}

/// Every `.js` file of the windows (`ui/`).
fn window_modules() -> Vec<PathBuf> {
    fn walk(dir: &Path, found: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap_or_else(|e| panic!("{}: {e}", dir.display())).path();
            if path.is_dir() {
                walk(&path, found);
            } else if path.extension().is_some_and(|e| e == "js") {
                found.push(path);
            }
        }
    }
    let mut found = Vec::new();
    walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui"), &mut found);
    assert!(found.len() > 5, "the window's modules are in ui/: {found:?}");
    found
}

#[test]
fn the_js_table_names_each_command_build_rs_lists_and_no_other() {
    let listed = build_rs_commands();
    assert!(listed.len() > 20, "read build.rs's list: {listed:?}");
    let table = table_names();
    let missing: Vec<_> = listed.difference(&table).collect();
    let unknown: Vec<_> = table.difference(&listed).collect();
    assert!(missing.is_empty(), "in build.rs but not in ui/js/commands.js: {missing:?}");
    assert!(unknown.is_empty(), "in ui/js/commands.js but not in build.rs (Tauri refuses them): {unknown:?}");
}

#[test]
fn the_js_table_keys_each_name_by_itself_once() {
    let entries = table_entries();
    for (key, name) in &entries {
        assert_eq!(key, name, "commands.js: {key} names {name}");
    }
    assert_eq!(entries.len(), table_names().len(), "commands.js names a command twice");
}

#[test]
fn the_windows_call_commands_only_from_the_table() {
    let names = table_names();
    for path in window_modules() {
        let source = std::fs::read_to_string(&path).unwrap();
        let file = path.display();
        // No command named in a string: `ask("…")`, `call('…')`, `invoke(`…`)`.
        for call in ["ask(", "call(", "invoke("] {
            for (at, _) in source.match_indices(call) {
                let argument = source[at + call.len()..].trim_start();
                assert!(
                    !argument.starts_with(['"', '\'', '`']),
                    "{file}: {call}{} names a command in a string: use Command from commands.js",
                    argument.lines().next().unwrap_or_default()
                );
            }
        }
        // Every `Command.name` used is in the table.
        for (at, _) in source.match_indices("Command.") {
            let name: String = source[at + "Command.".len()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            assert!(names.contains(&name), "{file}: Command.{name} is not in ui/js/commands.js");
        }
    }
}

/// The commands `main.rs` hands to `tauri::generate_handler![…]`, without their modules.
fn handled_commands() -> BTreeSet<String> {
    let start = MAIN_RS.find("generate_handler![").unwrap_or_else(|| panic!("main.rs registers its commands"));
    let list = &MAIN_RS[start + "generate_handler![".len()..];
    let list = &list[..list.find(']').unwrap_or_else(|| panic!("the handler list ends in ]"))];
    list.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| s.rsplit("::").next().unwrap_or(s).to_owned())
        .collect()
}

/// A command is only callable when it is registered, listed in build.rs and allowed to some window: one
/// missing link and Tauri refuses it with "not allowed" at run time, in silence (`user_active` was, and
/// the idle lock then never saw the user's input).
#[test]
fn every_listed_command_is_handled_and_allowed_to_a_window() {
    let listed = build_rs_commands();
    let handled = handled_commands();
    assert_eq!(listed, handled, "build.rs's list and main.rs's generate_handler! differ");
    for name in &listed {
        let permission = format!("\"allow-{}\"", name.replace('_', "-"));
        assert!(
            CAPABILITIES.iter().any(|c| c.contains(&permission)),
            "{name} is allowed to no window: add {permission} to a capabilities/*.json"
        );
    }
}
