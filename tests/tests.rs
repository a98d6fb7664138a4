//! Keyfob's end-to-end tests: the real `keyfob` binary, real image files, real peer implementations.
//!
//! - [`util`]: the helpers every suite shares (sessions, vaults, the app, the login service).
//! - [`accessibility`]: axe-core inside the real window on every screen, in both themes.
//! - [`atspi`]: the window as screen readers get it: the real accessibility tree (AT-SPI) on every screen.
//! - [`app`]: the desktop app in a real window (Xvfb), driven through WebDriver, with the real keychain.
//! - [`backup`]: automatic backups after every change, pruned, restorable, failing loudly but safely.
//! - [`camera`]: scanning with a camera, through a real PipeWire (and portal) fed by a virtual camera.
//! - [`browser`]: the reference login service's pages in headless Chromium, with keyfob scanning and approving.
//! - [`desktop`]: the desktop's search (GNOME Shell, KRunner) answered by the running app.
//! - [`cli`]: the command-line interface itself: output formats, exit statuses, error messages.
//! - [`imports`]: other authenticators' exports, sealed by independent implementations, imported whole.
//! - [`scan`]: QR codes in image files of every format, degraded as screens and cameras degrade them.
//! - [`privacyidea`]: push approval and TOTP against a real privacyIDEA server.
//! - [`native_host`]: `keyfob browser-host`, spoken to over pipes as a browser does.
//! - [`extension`]: the browser extension in headless Chromium and Firefox: linking a site in the app, filling its code.
//! - [`keyboard`]: the window with real key presses alone, the focus checked at every step.
//! - [`languages`]: the window in Dutch, German and a pseudo-language; every word of it from the catalogue.
//! - [`layers`]: the crates' dependencies point down, and the programs speak only to the application layer.
//! - [`lock`]: the vault key moved between the keychain and a passphrase, and auto-lock settings.
//! - [`package`]: the .deb and .rpm checked by the distributions' tools, installed, used and purged.
//! - [`login`]: push approval with number matching, TOTP and recovery codes against the reference login service.
//! - [`login_pg`]: the login service on PostgreSQL, several instances as one: shared state, each code once, limits as one.
//! - [`peers`]: codes checked against an independent implementation (`oathtool`).
//! - [`wayland`]: the app on a real Wayland compositor with the real portals and clipboard.
//! - [`vault`]: accounts kept in the vault, its key in the real OS keychain: crashes, races, damage.
//! - [`worded`]: what the layers below report (import problems, a failed backup, a bad link) in the user's language.

// Helpers here are part of the tests: a panic is how they report a failure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod util;

mod accessibility;
mod app;
mod atspi;
mod backup;
mod browser;
mod camera;
mod cli;
mod desktop;
mod extension;
mod imports;
mod keyboard;
mod languages;
mod layers;
mod lock;
mod login;
mod login_pg;
mod native_host;
mod package;
mod peers;
mod privacyidea;
mod scan;
mod vault;
mod wayland;
mod worded;
