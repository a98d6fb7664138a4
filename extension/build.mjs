// Builds the extension from its one source (extension/src) for each browser family: an unpacked folder
// and a zip under target/extension/, then checks the Firefox build with Mozilla's web-ext lint (warnings
// count as failures). Run by scripts/extension. Before anything is built, messages-lint.mjs checks that
// every word shown comes from the catalogues (src/_locales) and that they agree; a problem fails the build.
//
// Chromium and Firefox differ only in the manifest: Chromium's carries the public key that fixes the
// extension's id and runs the background as a service worker; Firefox's names its id and runs the
// background as a module script (Firefox has no extension service workers).

import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { lintMessages } from "./messages-lint.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const out = join(root, "target", "extension");
const webExt = join(here, "node_modules", ".bin", "web-ext");
const problems = lintMessages(join(here, "src"));
if (problems.length) {
  console.error(`extension/src: ${problems.length} problem(s) with its words (extension/messages-lint.mjs):`);
  for (const problem of problems) console.error(`  ${problem}`);
  process.exit(1);
}
const source = JSON.parse(readFileSync(join(here, "src", "manifest.json"), "utf8"));
const version = /^version\s*=\s*"([^"]+)"/m.exec(readFileSync(join(root, "Cargo.toml"), "utf8"))?.[1];
if (!version) throw new Error("no workspace version in Cargo.toml");

function firefox(manifest) {
  const { key: _key, background: _background, ...rest } = manifest;
  return {
    ...rest,
    background: { scripts: ["background.js"], type: "module" },
    browser_specific_settings: {
      gecko: { id: "browser@keyfob.app", strict_min_version: "142.0", data_collection_permissions: { required: ["none"] } },
    },
  };
}

const builds = { chromium: { ...source, version }, firefox: { ...firefox(source), version } };

rmSync(out, { recursive: true, force: true });
for (const [browser, manifest] of Object.entries(builds)) {
  const folder = join(out, browser);
  cpSync(join(here, "src"), folder, { recursive: true });
  mkdirSync(join(folder, "icons"), { recursive: true });
  for (const size of [32, 64, 128]) cpSync(join(root, "icons", `${size}x${size}.png`), join(folder, "icons", `${size}.png`));
  writeFileSync(join(folder, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  const run = (...args) => execFileSync(webExt, args, { stdio: ["ignore", "inherit", "inherit"] });
  if (browser === "firefox") run("lint", "--source-dir", folder, "--warnings-as-errors", "--output", "text");
  run("build", "--source-dir", folder, "--artifacts-dir", out, "--filename", `keyfob-${browser}.zip`, "--overwrite-dest");
}
console.log(`built ${Object.keys(builds).map((b) => `target/extension/keyfob-${b}.zip`).join(", ")}`);
