//! Builds the Simple Icons catalogue into the crate: every icon's slug, title, colour, other names and SVG
//! path, one tab-separated line each, compressed. The catalogue is the npm package `simple-icons`, pinned in
//! the repository's `package.json` and installed by `npm ci` (which `scripts/run` and `scripts/test` do);
//! `KEYFOB_SIMPLE_ICONS` names another copy of its folder.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::PathBuf;

use serde::Deserialize;

#[derive(Deserialize)]
struct Icon {
    title: String,
    slug: String,
    hex: String,
    #[serde(default)]
    aliases: Aliases,
}

#[derive(Deserialize, Default)]
struct Aliases {
    #[serde(default)]
    aka: Vec<String>,
    #[serde(default)]
    old: Vec<String>,
    #[serde(default)]
    dup: Vec<Duplicate>,
    #[serde(default)]
    loc: std::collections::BTreeMap<String, String>,
}

#[derive(Deserialize)]
struct Duplicate {
    title: String,
}

/// The `d` of the one `<path>` in a Simple Icons SVG.
fn path_of(svg: &str) -> Option<&str> {
    let start = svg.find(" d=\"")? + 4;
    let length = svg.get(start..)?.find('"')?;
    svg.get(start..start + length)
}

#[expect(
    clippy::disallowed_methods,
    reason = "a build script learns its folders and options from Cargo through the environment, its only channel"
)]
fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo:rerun-if-env-changed=KEYFOB_SIMPLE_ICONS");
    let folder = match std::env::var_os("KEYFOB_SIMPLE_ICONS") {
        Some(folder) => PathBuf::from(folder),
        None => PathBuf::from(std::env::var("CARGO_MANIFEST_DIR")?).join("../../node_modules/simple-icons"),
    };
    let data = folder.join("data/simple-icons.json");
    println!("cargo:rerun-if-changed={}", data.display());
    let json = std::fs::read_to_string(&data).map_err(|e| {
        format!("{}: {e}; install the pinned Simple Icons with `npm ci` in the repository (scripts/run and scripts/test do)", data.display())
    })?;
    let icons: Vec<Icon> = serde_json::from_str(&json)?;
    let mut table = String::new();
    for icon in &icons {
        let svg = std::fs::read_to_string(folder.join("icons").join(format!("{}.svg", icon.slug)))?;
        let path = path_of(&svg).ok_or_else(|| format!("{}: no path", icon.slug))?;
        let names: BTreeSet<&str> = icon
            .aliases
            .aka
            .iter()
            .chain(&icon.aliases.old)
            .map(String::as_str)
            .chain(icon.aliases.dup.iter().map(|d| d.title.as_str()))
            .chain(icon.aliases.loc.values().map(String::as_str))
            .collect();
        let names: Vec<&str> = names.into_iter().collect();
        for field in [icon.title.as_str(), icon.slug.as_str(), icon.hex.as_str(), path].iter().chain(&names) {
            if field.contains(['\t', '\n', '|']) {
                return Err(format!("{}: a field holds a tab, newline or bar", icon.slug).into());
            }
        }
        writeln!(table, "{}\t{}\t{}\t{}\t{}", icon.slug, icon.title, icon.hex, names.join("|"), path)?;
    }
    let compressed = miniz_oxide::deflate::compress_to_vec(table.as_bytes(), 10);
    std::fs::write(PathBuf::from(std::env::var("OUT_DIR")?).join("simple-icons.deflate"), compressed)?;
    Ok(())
}
