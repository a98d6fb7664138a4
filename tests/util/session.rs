//! A test's private desktop session: its own D-Bus bus, gnome-keyring and vault directory.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use keyfob_testkit::wait;

use crate::util::run::{Run, feed, keyfob_bin, speaking, temp_dir};

/// A private D-Bus session bus with its own gnome-keyring, and an empty vault directory: the real OS
/// keychain path, isolated from the user's and from other tests. Everything is stopped when dropped.
pub(crate) struct Session {
    bus: Bus,
    keyring: Child,
    dir: tempfile::TempDir,
}

impl Session {
    /// A session whose keyring is unlocked, as after a desktop login.
    pub(crate) fn unlocked() -> Self {
        Self::start(true)
    }

    /// A session whose keyring has never been unlocked: the keychain answers but refuses to store.
    pub(crate) fn locked() -> Self {
        Self::start(false)
    }

    /// An unlocked session whose bus starts no service by itself (see [`Bus::without_activation`]): a
    /// desktop where only what the test starts answers.
    pub(crate) fn without_activation() -> Self {
        Self::with_bus(true, Bus::without_activation())
    }

    fn start(unlock: bool) -> Self {
        Self::with_bus(unlock, Bus::start())
    }

    #[allow(clippy::expect_used)] // Test support: a keychain that cannot start fails the test, loudly.
    fn with_bus(unlock: bool, bus: Bus) -> Self {
        let dir = temp_dir();
        let address = bus.address().to_owned();
        let mut args = vec!["--foreground", "--components=secrets"];
        if unlock {
            args.push("--unlock");
        }
        let mut keyring = Command::new("gnome-keyring-daemon")
            .args(args)
            .env("DBUS_SESSION_BUS_ADDRESS", &address)
            .env("XDG_DATA_HOME", dir.path())
            .env("XDG_RUNTIME_DIR", dir.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("gnome-keyring-daemon is needed (scripts/test installs it)");
        if let Some(mut stdin) = keyring.stdin.take() {
            use std::io::Write;
            // The login keyring's password; closing stdin tells the daemon it has all of it.
            if unlock {
                stdin.write_all(b"test-keyring-password").expect("unlock the keyring");
            }
        }
        let session = Self { bus, keyring, dir };
        session.wait_for_secret_service();
        session
    }

    fn wait_for_secret_service(&self) {
        wait::until("gnome-keyring to own org.freedesktop.secrets on the session bus", wait::LIMIT, || {
            self.name_has_owner("org.freedesktop.secrets")
        });
    }

    /// Whether someone owns `name` on the session bus now.
    pub(crate) fn name_has_owner(&self, name: &str) -> bool {
        Command::new("dbus-send")
            .args([
                "--session",
                "--print-reply",
                "--dest=org.freedesktop.DBus",
                "/org/freedesktop/DBus",
                "org.freedesktop.DBus.NameHasOwner",
                &format!("string:{name}"),
            ])
            .env("DBUS_SESSION_BUS_ADDRESS", self.bus.address())
            .output()
            .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("boolean true"))
    }

    /// The session bus's address (`DBUS_SESSION_BUS_ADDRESS`).
    pub(crate) fn bus_address(&self) -> &str {
        self.bus.address()
    }

    /// A temporary home directory for programs started in this session.
    pub(crate) fn home(&self) -> PathBuf {
        self.dir.path().join("home")
    }

    /// The vault directory (`KEYFOB_HOME` of every command run in this session).
    pub(crate) fn vault(&self) -> PathBuf {
        self.dir.path().join("vault")
    }

    /// `keyfob ARGS…` in this session, in English (see [`speaking`]; a test may set another `LANG`).
    pub(crate) fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(keyfob_bin());
        command
            .args(args)
            .env("KEYFOB_HOME", self.vault())
            .env("DBUS_SESSION_BUS_ADDRESS", self.bus.address())
            .env_remove("KEYFOB_PASSPHRASE_FILE")
            .stdin(Stdio::null());
        speaking(&mut command, "C.UTF-8");
        command
    }

    /// Runs `keyfob ARGS…` in this session and waits for it.
    pub(crate) fn keyfob(&self, args: &[&str]) -> Run {
        #[allow(clippy::expect_used)] // Test support.
        self.command(args).output().expect("start keyfob").into()
    }

    /// Runs `keyfob ARGS…` in this session with `input` on its standard input.
    pub(crate) fn keyfob_with_stdin(&self, args: &[&str], input: &[u8]) -> Run {
        feed(self.command(args), input)
    }

    /// How many Keyfob entries `secret-tool` finds in this session's keychain.
    pub(crate) fn keychain_entries(&self) -> usize {
        let found = self.tool("secret-tool", &["search", "--all", "service", "keyfob"]);
        format!("{}{}", found.stdout, found.stderr).lines().filter(|l| l.starts_with("secret = ")).count()
    }

    /// Runs another program (`secret-tool`) against this session's keychain.
    pub(crate) fn tool(&self, program: &str, args: &[&str]) -> Run {
        let mut command = Command::new(program);
        command.args(args).env("DBUS_SESSION_BUS_ADDRESS", self.bus.address());
        keyfob_testkit::x11::run_bounded(&mut command, std::time::Duration::from_secs(60), program).into()
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.keyring.kill();
        let _ = self.keyring.wait();
    }
}

/// A private D-Bus bus (`dbus-daemon`), stopped when dropped: a test's session bus, or a stand-in for the
/// system bus where logind would speak (no systemd runs here, so the test sends logind's signals itself).
pub(crate) struct Bus {
    daemon: Child,
    address: String,
    _config: Option<tempfile::NamedTempFile>,
}

/// A session bus's configuration without service folders: nothing is started on demand.
const WITHOUT_ACTIVATION: &str = r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=/tmp</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"#;

impl Bus {
    /// A session bus as a desktop's: services it knows of (the portals, the keyring) start when called.
    pub(crate) fn start() -> Self {
        Self::spawn(&["--session"], None)
    }

    /// A session bus that starts nothing on demand, so a service the test did not start (the desktop
    /// portal, say) is absent, as on a desktop without it.
    #[allow(clippy::expect_used)] // Test support.
    pub(crate) fn without_activation() -> Self {
        let mut config = tempfile::NamedTempFile::new().expect("a bus configuration");
        std::io::Write::write_all(&mut config, WITHOUT_ACTIVATION.as_bytes()).expect("a bus configuration");
        let argument = format!("--config-file={}", config.path().display());
        Self::spawn(&[argument.as_str()], Some(config))
    }

    #[allow(clippy::expect_used)] // Test support: a bus that cannot start fails the test, loudly.
    fn spawn(config: &[&str], file: Option<tempfile::NamedTempFile>) -> Self {
        let mut daemon = Command::new("dbus-daemon")
            .args(config)
            .args(["--nofork", "--print-address=1"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("dbus-daemon is needed (scripts/test installs it)");
        let address = wait::first_line(&mut daemon, "dbus-daemon to print its address", Duration::from_secs(30));
        Self { daemon, address: address.trim().to_owned(), _config: file }
    }

    /// The bus's address, for `DBUS_SESSION_BUS_ADDRESS` or `DBUS_SYSTEM_BUS_ADDRESS`.
    pub(crate) fn address(&self) -> &str {
        &self.address
    }
}

impl Drop for Bus {
    fn drop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}
