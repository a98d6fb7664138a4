//! The architecture as docs/architecture.md draws it, checked against the manifests themselves (`cargo
//! metadata`): dependencies point one way, down, and the two programs speak only to the application
//! layer. A new crate must be placed here before it builds into the tests.

use std::collections::BTreeMap;

/// Each workspace crate's layer, lowest first. A crate may depend (for its build, not its tests) only on
/// crates of a lower layer.
const LAYERS: &[(&str, u8)] = &[
    // Pure, and knowing no file Keyfob keeps: the cryptography, QR decoding, accounts and their codes,
    // the icons.
    ("keyfob-crypto", 0),
    ("keyfob-otp", 0),
    ("keyfob-qr", 0),
    ("keyfob-icons", 0),
    // The words: the catalogues and the choice of language, pure; lower layers name messages by id.
    ("keyfob-i18n", 0),
    // Pure (no I/O, no UI, no clock or environment reads, true of every layer up to 3): the vocabulary
    // the formats share; the push protocol, which knows no file.
    ("keyfob-core", 1),
    ("keyfob-push-proto", 1),
    // Keyfob's own files: the vault, portable accounts, backups; the sync folder's device files and
    // their merge.
    ("keyfob-vault", 2),
    ("keyfob-sync", 2),
    // Other apps' files, each read (and written) as that app does.
    ("keyfob-interop", 3),
    // Files and the keychain; HTTP; the devices the programs use directly: the camera, and the desktop
    // (the screen, its lock signals, the single instance and the search on D-Bus). Side by side: none
    // depends on another.
    ("keyfob-store", 4),
    ("keyfob-net", 4),
    ("keyfob-camera", 4),
    ("keyfob-desktop", 4),
    // The application layer: the use cases both programs share.
    ("keyfob-session", 5),
    // The programs, and the reference login service beside them.
    ("keyfob-cli", 6),
    ("keyfob-app", 6),
    ("keyfob-login-service", 6),
];

/// Crates outside the layers: test support (depends on no Keyfob crate) and the benchmark, a program
/// that measures every layer and so may name each.
const OUTSIDE: &[&str] = &["keyfob-testkit", "keyfob-bench"];

/// What the two programs may depend on among Keyfob's crates: the application layer, the devices (the
/// camera, the desktop), and the catalogue they word everything from.
const PROGRAMS_USE: &[&str] = &["keyfob-session", "keyfob-camera", "keyfob-desktop", "keyfob-i18n"];

/// Every workspace crate with the Keyfob crates it depends on to build (dev-dependencies left out: the
/// end-to-end tests make their fixtures with the lower crates, as another app would).
fn workspace() -> BTreeMap<String, Vec<String>> {
    let output = std::process::Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--no-deps", "--offline"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(output.status.success(), "cargo metadata: {}", String::from_utf8_lossy(&output.stderr));
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let packages = metadata["packages"].as_array().unwrap();
    packages
        .iter()
        .map(|package| {
            let dependencies = package["dependencies"].as_array().unwrap();
            let keyfob = dependencies
                .iter()
                .filter(|d| d["kind"].is_null() && d["name"].as_str().unwrap().starts_with("keyfob-"))
                .map(|d| d["name"].as_str().unwrap().to_owned())
                .collect();
            (package["name"].as_str().unwrap().to_owned(), keyfob)
        })
        .collect()
}

fn layer(name: &str) -> Option<u8> {
    LAYERS.iter().find(|(crate_name, _)| *crate_name == name).map(|(_, layer)| *layer)
}

#[test]
fn dependencies_point_down_and_the_programs_speak_only_to_the_application_layer() {
    let workspace = workspace();
    assert!(workspace.len() >= LAYERS.len(), "read the workspace: {workspace:?}");
    for (name, dependencies) in &workspace {
        if OUTSIDE.contains(&name.as_str()) {
            continue;
        }
        let own = layer(name).unwrap_or_else(|| panic!("{name} has no layer: place it in tests/layers.rs"));
        for dependency in dependencies {
            let below = layer(dependency).is_some_and(|theirs| theirs < own);
            assert!(below, "{name} (layer {own}) depends on {dependency}, which is not below it");
        }
    }
    for program in ["keyfob-cli", "keyfob-app"] {
        let reaching: Vec<_> = workspace[program].iter().filter(|d| !PROGRAMS_USE.contains(&d.as_str())).collect();
        assert!(reaching.is_empty(), "{program} reaches around the application layer to {reaching:?}");
    }
    assert!(workspace["keyfob-testkit"].is_empty(), "test support depends on no Keyfob crate");
}

/// Each top-level module of the crate whose sources are in `src` (a folder's files count as its module's)
/// with the modules it names (`crate::name`, `use crate::{name, …}`), comments and tests left out (a
/// module's tests may check it against the modules above it).
fn modules(src: &std::path::Path) -> BTreeMap<String, std::collections::BTreeSet<String>> {
    fn files(dir: &std::path::Path, found: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                files(&path, found);
            } else if path.extension().is_some_and(|e| e == "rs") && path.file_name().is_some_and(|n| n != "tests.rs") {
                found.push(path);
            }
        }
    }
    let mut found = Vec::new();
    files(src, &mut found);
    let mut graph: BTreeMap<String, std::collections::BTreeSet<String>> = BTreeMap::new();
    for path in found {
        let relative = path.strip_prefix(src).unwrap();
        let first = relative.components().next().unwrap().as_os_str().to_str().unwrap();
        let module = first.trim_end_matches(".rs").to_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        let code: String = text[..text.find("#[cfg(test)]\nmod tests").unwrap_or(text.len())]
            .lines()
            .filter(|line| !line.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        let named = graph.entry(module.clone()).or_default();
        for (at, _) in code.match_indices("crate::") {
            let rest = &code[at + "crate::".len()..];
            let group = rest.strip_prefix('{').map(|g| &g[..g.find('}').unwrap_or(g.len())]);
            let names: Vec<&str> = match group {
                Some(group) => group.split(',').map(|n| n.trim().split("::").next().unwrap_or("")).collect(),
                None => vec![rest.split(|c: char| !(c.is_ascii_lowercase() || c == '_')).next().unwrap_or("")],
            };
            named.extend(names.into_iter().filter(|n| !n.is_empty() && *n != module).map(str::to_owned));
        }
    }
    let known: std::collections::BTreeSet<String> = graph.keys().cloned().collect();
    for named in graph.values_mut() {
        named.retain(|n| known.contains(n));
    }
    graph
}

/// The groups of modules that reach each other (strongly connected, more than one module), sorted.
fn circles(graph: &BTreeMap<String, std::collections::BTreeSet<String>>) -> Vec<Vec<String>> {
    let reaches = |from: &str| {
        let mut seen = std::collections::BTreeSet::new();
        let mut next = vec![from.to_owned()];
        while let Some(module) = next.pop() {
            for named in &graph[&module] {
                if seen.insert(named.clone()) {
                    next.push(named.clone());
                }
            }
        }
        seen
    };
    let reach: BTreeMap<&String, _> = graph.keys().map(|m| (m, reaches(m))).collect();
    let mut groups: Vec<Vec<String>> = Vec::new();
    for module in graph.keys() {
        let group: Vec<String> = graph
            .keys()
            .filter(|other| reach[module].contains(*other) && reach[other].contains(module))
            .cloned()
            .collect();
        if group.len() > 1 && !groups.contains(&group) {
            groups.push(group);
        }
    }
    groups
}

/// No module of a crate reaches itself through others: each one can be read, tested and moved on its own.
#[test]
fn no_module_reaches_itself_through_others() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    for crate_src in [
        "crates/crypto/src",
        "crates/qr/src",
        "crates/otp/src",
        "crates/core/src",
        "crates/push-proto/src",
        "crates/vault/src",
        "crates/interop/src",
        "crates/icons/src",
        "crates/i18n/src",
        "crates/store/src",
        "crates/net/src",
        "crates/camera/src",
        "crates/desktop/src",
        "crates/session/src",
        "crates/cli/src",
        "src-tauri/src",
        "crates/login-service/src",
        "crates/testkit/src",
    ] {
        let graph = modules(&root.join(crate_src));
        assert!(!graph.is_empty(), "read {crate_src}");
        assert_eq!(circles(&graph), Vec::<Vec<String>>::new(), "module circles in {crate_src}");
    }
}

/// The application layer is tested without a desktop: no D-Bus, portal, GTK or Tauri reaches it, even
/// through another crate (`cargo tree` of its build dependencies). The desktop is `keyfob-desktop`'s.
#[test]
fn the_application_layer_needs_no_desktop() {
    let output = std::process::Command::new(env!("CARGO"))
        .args(["tree", "--offline", "-p", "keyfob-session", "-e", "normal", "--prefix", "none", "--target", "all"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(output.status.success(), "cargo tree: {}", String::from_utf8_lossy(&output.stderr));
    let tree = String::from_utf8(output.stdout).unwrap();
    let names: std::collections::BTreeSet<&str> = tree.lines().filter_map(|l| l.split(' ').next()).collect();
    assert!(names.contains("keyfob-store") && names.contains("ring"), "read the tree: {tree}");
    for desktop in ["zbus", "ashpd", "gdk", "gtk", "tauri", "keyfob-desktop"] {
        assert!(!names.contains(desktop), "keyfob-session depends on {desktop}");
    }
}
