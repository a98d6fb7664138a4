//! The `keyfob` binary and its peers run to completion, kept away from the user's vault and keychain.

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

/// The `keyfob` binary under test: `$KEYFOB_BIN` when set (to test an installed build), else the one Cargo
/// built for this test run.
#[expect(clippy::disallowed_methods, reason = "test support: which binary to test")]
pub(crate) fn keyfob_bin() -> PathBuf {
    std::env::var_os("KEYFOB_BIN").map_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_keyfob")), PathBuf::from)
}

/// What a finished `keyfob` run printed, as text.
#[derive(Debug)]
pub(crate) struct Run {
    /// The exit status (`None` if killed by a signal).
    pub(crate) status: Option<i32>,
    /// Everything on stdout.
    pub(crate) stdout: String,
    /// Everything on stderr.
    pub(crate) stderr: String,
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

/// `command` speaking `locale` (`LANG`), whatever the machine's language variables say: the tests'
/// expected words are English unless a test asks for another language, so `LANGUAGE`, `LC_ALL` and
/// `LC_MESSAGES`, which would win over `LANG`, are cleared.
pub(crate) fn speaking<'a>(command: &'a mut Command, locale: &str) -> &'a mut Command {
    command.env("LANG", locale).env_remove("LANGUAGE").env_remove("LC_ALL").env_remove("LC_MESSAGES")
}

/// `keyfob ARGS…` kept away from any real vault and keychain: commands that need neither must work
/// without them, and a slip must fail here rather than touch the user's accounts. It speaks English.
fn isolated(args: &[&str]) -> Command {
    let mut command = Command::new(keyfob_bin());
    command
        .args(args)
        .env("KEYFOB_HOME", "/nonexistent/keyfob-test-vault")
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/keyfob-test-bus")
        .env_remove("KEYFOB_PASSPHRASE_FILE");
    speaking(&mut command, "C.UTF-8");
    command
}

/// Runs `keyfob ARGS…` (isolated, no standard input) and waits for it.
///
/// # Panics
/// When the binary cannot be started.
pub(crate) fn keyfob(args: &[&str]) -> Run {
    #[allow(clippy::expect_used)] // Test support: failing to start the binary is the test's failure.
    let output = isolated(args).stdin(Stdio::null()).output().expect("start keyfob");
    output.into()
}

/// Runs `keyfob ARGS…` with `input` on its standard input.
///
/// # Panics
/// When the binary cannot be started or fed.
pub(crate) fn keyfob_with_stdin(args: &[&str], input: &[u8]) -> Run {
    feed(isolated(args), input)
}

/// Runs `command` with `input` on its standard input, and waits for it.
pub(super) fn feed(mut command: Command, input: &[u8]) -> Run {
    use std::io::Write;
    #[allow(clippy::expect_used)] // Test support: failing to start or feed the binary is the test's failure.
    let mut child =
        command.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("start keyfob");
    if let Some(mut stdin) = child.stdin.take() {
        // A program that refuses an oversized input stops reading it: a broken pipe is its answer, not ours.
        let _ = stdin.write_all(input);
    }
    #[allow(clippy::expect_used)]
    child.wait_with_output().expect("wait for keyfob").into()
}

/// Runs `PROGRAM ARGS…` (a peer such as `oathtool`) and returns its trimmed stdout.
///
/// # Panics
/// When the program is missing or fails: the test command installs every peer, so that is a real failure.
pub(crate) fn peer(program: &str, args: &[&str]) -> String {
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
pub(crate) fn temp_dir() -> tempfile::TempDir {
    #[allow(clippy::expect_used)] // Test support.
    tempfile::tempdir().expect("a temporary directory")
}
