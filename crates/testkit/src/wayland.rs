//! A headless Wayland desktop for end-to-end tests, on a test's own D-Bus session bus: sway (its headless
//! backend, the pixman renderer), PipeWire, and xdg-desktop-portal with its wlr backend (Screenshot) and
//! gtk backend (Access), the Screenshot permission granted up front as a user would once. Everything is
//! stopped when it is dropped.
//!
//! sway refuses to run as root, so it runs as [`USER`] (`scripts/test` creates it), with a runtime folder
//! that user owns; root clients (the app, the portals, `grim`, `swaybg`) connect to its socket as they are.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::services::Services;
use crate::wait;

/// The unprivileged user sway runs as.
pub const USER: &str = "keyfob-wayland";

/// The running desktop.
pub struct Desktop {
    services: Services,
    runtime: tempfile::TempDir,
}

impl Desktop {
    /// Starts the compositor and the portals on the session bus at `bus`, with `home` as their HOME.
    ///
    /// # Panics
    /// When a part is missing (`scripts/test` installs them), [`USER`] does not exist, or a part does not
    /// come up within [`wait::LIMIT`].
    pub fn start(bus: &str, home: &Path) -> Self {
        Self::with_portals(bus, home, true)
    }

    /// The compositor alone: no portal answers (a bare window manager session).
    ///
    /// # Panics
    /// As [`start`](Self::start).
    pub fn without_portals(bus: &str, home: &Path) -> Self {
        Self::with_portals(bus, home, false)
    }

    #[expect(clippy::expect_used, reason = "test support: a desktop that cannot start fails the test")]
    fn with_portals(bus: &str, home: &Path, portals: bool) -> Self {
        let runtime = tempfile::Builder::new().prefix("keyfob-wayland-").tempdir().expect("a runtime folder");
        let uid = id(&["-u", USER]);
        let gid = id(&["-g", USER]);
        let config = runtime.path().join("sway.config");
        std::fs::write(
            &config,
            "output HEADLESS-1 resolution 1280x800\n\
             default_border none\n\
             for_window [title=\"Keyfob\"] floating enable, move position 0 0\n",
        )
        .expect("the sway config");
        run("chown", &["-R", &format!("{uid}:{gid}"), path(runtime.path())]);
        run("chmod", &["700", path(runtime.path())]);
        // setpriv execs sway itself (runuser would stay in between), so dropping the child stops sway.
        let sway = Command::new("setpriv")
            .args(["--reuid", &uid, "--regid", &gid, "--init-groups", "sway", "-c", path(&config)])
            .env_clear()
            .env("XDG_RUNTIME_DIR", runtime.path())
            .env("WLR_BACKENDS", "headless")
            .env("WLR_LIBINPUT_NO_DEVICES", "1")
            .env("WLR_RENDERER", "pixman")
            .env("PATH", "/usr/bin:/bin")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("sway (scripts/test installs it)");
        let mut services = Services::new(vec![
            ("XDG_RUNTIME_DIR", path(runtime.path()).to_owned()),
            ("XDG_CURRENT_DESKTOP", "sway".to_owned()),
            ("XDG_SESSION_TYPE", "wayland".to_owned()),
            ("GDK_BACKEND", "wayland".to_owned()),
            ("DBUS_SESSION_BUS_ADDRESS", bus.to_owned()),
            ("HOME", path(home).to_owned()),
        ]);
        services.adopt(sway);
        services.set_env("WAYLAND_DISPLAY", wait_for_socket(runtime.path()));
        if portals {
            services.spawn("/usr/bin/pipewire", &[]);
            services.set_permission("screenshot", "screenshot", "yes");
            services.spawn("/usr/libexec/xdg-desktop-portal-wlr", &[]);
            services.spawn("/usr/libexec/xdg-desktop-portal-gtk", &[]);
            services.wait_for_name("org.freedesktop.impl.portal.desktop.wlr");
            services.wait_for_name("org.freedesktop.impl.portal.desktop.gtk");
            services.spawn("/usr/libexec/xdg-desktop-portal", &["--replace"]);
            services.wait_for_name("org.freedesktop.portal.Desktop");
        }
        Self { services, runtime }
    }

    /// The environment a native Wayland client of this desktop runs with (GTK forced onto Wayland).
    pub fn env(&self) -> Vec<(&'static str, String)> {
        self.services.env().to_vec()
    }

    /// A command that runs as a client of this desktop (`wl-paste`, `grim`, `wtype` …).
    pub fn command(&self, program: &str) -> Command {
        self.services.command(program)
    }

    /// Shows `png` as the desktop's background, centred, for as long as the desktop runs (`swaybg`, a
    /// Wayland client of its own).
    pub fn show_background(&mut self, png: &Path) {
        self.services.spawn("/usr/bin/swaybg", &["-i", path(png), "-m", "center", "-c", "#ffffff"]);
    }

    /// Gives the keyboard to the window titled `title` (`swaymsg`), as a click on it would.
    ///
    /// # Panics
    /// When sway has no such window.
    pub fn focus(&self, title: &str) {
        let socket = std::fs::read_dir(self.runtime.path())
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .find(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("sway-ipc.")));
        let mut command = self.command("swaymsg");
        if let Some(socket) = socket {
            command.env("SWAYSOCK", socket);
        }
        let status = command.arg(format!("[title=\"^{title}$\"] focus")).stdout(Stdio::null()).status();
        assert!(status.is_ok_and(|s| s.success()), "sway could not focus {title}");
    }

    /// Saves what the screen shows now (`grim`) to `file`.
    ///
    /// # Panics
    /// When grim fails, or has not finished within 30 s.
    pub fn screenshot(&self, file: &Path) {
        let output = crate::x11::run_bounded(self.command("grim").arg(file), Duration::from_secs(30), "grim");
        assert!(
            output.status.success(),
            "grim could not capture the screen: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

/// Waits for sway's Wayland socket in `runtime`; its name.
fn wait_for_socket(runtime: &Path) -> String {
    wait::poll("sway to open its Wayland socket", wait::LIMIT, || {
        std::fs::read_dir(runtime)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .find(|name| name.starts_with("wayland-") && !name.ends_with(".lock"))
    })
}

fn path(path: &Path) -> &str {
    path.to_str().unwrap_or_default()
}

#[expect(clippy::expect_used, reason = "test support")]
fn id(args: &[&str]) -> String {
    let output = Command::new("id").args(args).output().expect("id");
    assert!(output.status.success(), "no user {USER}: scripts/test creates it (useradd -m {USER})");
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

fn run(program: &str, args: &[&str]) {
    let status = Command::new(program).args(args).status();
    assert!(status.is_ok_and(|s| s.success()), "{program} {args:?} failed");
}
