//! Helpers shared by the suites, and their only home: a suite imports from here, never from another suite.
//!
//! - [`run`]: the `keyfob` binary and peers such as `oathtool`, run to completion and isolated.
//! - [`session`]: a test's private D-Bus session with its own keychain and vault directory.
//! - [`sntp`]: a time server whose clock is off.
//! - [`vault`]: vaults to start from (random accounts, a passphrase vault, old push tokens) and `keyfob`'s answers.
//! - [`otp`]: the codes an account has around now, computed beside the program under test.
//! - [`qr`]: pictures to scan, as PNG files.
//! - [`app`]: the desktop app started in a session, and what tests do in its window.
//! - [`axe`]: axe-core run inside a real page (the app's window, Chromium), its serious violations listed.
//! - [`login`]: the reference login service, and an HTTP client standing in for a browser.
//! - [`postgres`]: a private PostgreSQL cluster, started and stopped by the test.

pub(crate) mod app;
pub(crate) mod axe;
pub(crate) mod login;
pub(crate) mod otp;
pub(crate) mod postgres;
pub(crate) mod qr;
pub(crate) mod run;
pub(crate) mod session;
pub(crate) mod sntp;
pub(crate) mod vault;
