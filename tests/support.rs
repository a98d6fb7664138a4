//! Helpers for the end-to-end tests: run the real `keyfob` binary and look at what it did.

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

/// The `keyfob` binary under test: `$KEYFOB_BIN` when set, else the one Cargo built beside this test
/// (`cargo nextest run --workspace` builds every binary of the workspace before running tests).
///
/// # Panics
/// When the binary cannot be found, with what to run to build it.
pub fn keyfob_bin() -> PathBuf {
    if let Some(bin) = std::env::var_os("KEYFOB_BIN") {
        return PathBuf::from(bin);
    }
    #[allow(clippy::expect_used)] // Test support: a test process always has an executable path.
    let exe = std::env::current_exe().expect("the test binary's path");
    // target/<profile>/deps/e2e-HASH -> target/<profile>/keyfob
    let bin = exe.parent().and_then(|deps| deps.parent()).map(|dir| dir.join("keyfob"));
    match bin {
        Some(bin) if bin.exists() => bin,
        _ => panic!("the keyfob binary is not built; run `cargo build -p keyfob-cli` or set KEYFOB_BIN"),
    }
}

/// What a finished `keyfob` run printed, as text.
#[derive(Debug)]
pub struct Run {
    /// The exit status (`None` if killed by a signal).
    pub status: Option<i32>,
    /// Everything on stdout.
    pub stdout: String,
    /// Everything on stderr.
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(output: Output) -> Self {
        Self {
            status: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

/// Runs `keyfob ARGS…` with no standard input and waits for it.
///
/// # Panics
/// When the binary cannot be started.
pub fn keyfob(args: &[&str]) -> Run {
    #[allow(clippy::expect_used)] // Test support: failing to start the binary is the test's failure.
    let output = Command::new(keyfob_bin()).args(args).stdin(Stdio::null()).output().expect("start keyfob");
    output.into()
}

/// Runs `keyfob ARGS…` with `input` on its standard input.
///
/// # Panics
/// When the binary cannot be started or fed.
pub fn keyfob_with_stdin(args: &[&str], input: &[u8]) -> Run {
    use std::io::Write;
    #[allow(clippy::expect_used)] // Test support: failing to start or feed the binary is the test's failure.
    let mut child = Command::new(keyfob_bin())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start keyfob");
    if let Some(mut stdin) = child.stdin.take() {
        #[allow(clippy::expect_used)]
        stdin.write_all(input).expect("feed keyfob's stdin");
    }
    #[allow(clippy::expect_used)]
    child.wait_with_output().expect("wait for keyfob").into()
}

/// Runs `PROGRAM ARGS…` (a peer such as `oathtool`) and returns its trimmed stdout.
///
/// # Panics
/// When the program is missing or fails: the test command installs every peer, so that is a real failure.
pub fn peer(program: &str, args: &[&str]) -> String {
    let output = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("{program} is needed for this test (scripts/test installs it): {e}"));
    assert!(output.status.success(), "{program} {args:?} failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

/// A fresh temporary directory, removed when dropped.
///
/// # Panics
/// When the system has no usable temp directory.
pub fn temp_dir() -> tempfile::TempDir {
    #[allow(clippy::expect_used)] // Test support.
    tempfile::tempdir().expect("a temporary directory")
}
