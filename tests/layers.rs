//! The architecture as docs/architecture.md draws it, checked against the manifests themselves (`cargo
//! metadata`): dependencies point one way, down, and the two programs speak only to the application
//! layer. A new crate must be placed here before it builds into the tests.

use std::collections::BTreeMap;

/// Each workspace crate's layer, lowest first. A crate may depend (for its build, not its tests) only on
/// crates of a lower layer.
const LAYERS: &[(&str, u8)] = &[
    // Pure: no I/O, no UI, no clock or environment reads.
    ("keyfob-core", 0),
    ("keyfob-icons", 0),
    // Files and the keychain; HTTP; the camera, a device the programs use directly. Side by side: none
    // depends on another.
    ("keyfob-store", 1),
    ("keyfob-net", 1),
    ("keyfob-camera", 1),
    // The application layer: the use cases both programs share.
    ("keyfob-session", 2),
    // The programs, and the reference login service beside them.
    ("keyfob-cli", 3),
    ("keyfob-app", 3),
    ("keyfob-login-service", 3),
];

/// Crates outside the layers: test support (depends on no Keyfob crate) and the benchmark, a program
/// that measures every layer and so may name each.
const OUTSIDE: &[&str] = &["keyfob-testkit", "keyfob-bench"];

/// What the two programs may depend on among Keyfob's crates: the application layer, and the camera.
const PROGRAMS_USE: &[&str] = &["keyfob-session", "keyfob-camera"];

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
