//! Programs a test desktop runs beside the app on the test's session bus (PipeWire, the portals, a
//! compositor), started with one environment and stopped, newest first, when dropped.

use std::process::{Child, Command, Stdio};

use crate::wait;

/// Running programs sharing one environment.
pub(crate) struct Services {
    env: Vec<(&'static str, String)>,
    children: Vec<Child>,
}

impl Services {
    pub(crate) fn new(env: Vec<(&'static str, String)>) -> Self {
        Self { env, children: Vec::new() }
    }

    /// Adds `key` to the environment of the programs started from now on.
    pub(crate) fn set_env(&mut self, key: &'static str, value: String) {
        self.env.push((key, value));
    }

    /// The environment every program here gets.
    pub(crate) fn env(&self) -> &[(&'static str, String)] {
        &self.env
    }

    /// A command with this environment (and no X display, no standard input).
    pub(crate) fn command(&self, program: &str) -> Command {
        let mut command = Command::new(program);
        command.env_remove("DISPLAY").envs(self.env.iter().map(|(k, v)| (*k, v))).stdin(Stdio::null());
        command
    }

    /// Starts `program`, quietly, to be stopped with the rest.
    ///
    /// # Panics
    /// When it cannot be started (`scripts/test` installs every one).
    pub(crate) fn spawn(&mut self, program: &str, args: &[&str]) {
        let child = self
            .command(program)
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("{program} (scripts/test installs it): {e}"));
        self.adopt(child);
    }

    /// Takes a child started elsewhere, to be stopped with the rest.
    pub(crate) fn adopt(&mut self, child: Child) {
        self.children.push(child);
    }

    /// Waits until `name` is owned on the session bus.
    ///
    /// # Panics
    /// After [`wait::LIMIT`].
    pub(crate) fn wait_for_name(&self, name: &str) {
        self.wait_until(&format!("{name} on the bus"), || {
            self.command("gdbus")
                .args(["call", "--session", "--dest", "org.freedesktop.DBus", "--object-path", "/org/freedesktop/DBus"])
                .args(["--method", "org.freedesktop.DBus.NameHasOwner", name])
                .output()
                .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("true"))
        });
    }

    /// Waits until `ready` holds.
    ///
    /// # Panics
    /// After [`wait::LIMIT`], naming `what`.
    pub(crate) fn wait_until(&self, what: &str, ready: impl Fn() -> bool) {
        wait::until(what, wait::LIMIT, ready);
    }

    /// Starts the permission store and records `answer` ("yes" or "no") for the host's apps in `table`,
    /// as a user answering the portal's dialog once would.
    ///
    /// # Panics
    /// When the store does not take it.
    pub(crate) fn set_permission(&mut self, table: &str, id: &str, answer: &str) {
        self.spawn("/usr/libexec/xdg-permission-store", &["--replace"]);
        self.wait_for_name("org.freedesktop.impl.portal.PermissionStore");
        let set = self
            .command("gdbus")
            .args(["call", "--session", "--dest", "org.freedesktop.impl.portal.PermissionStore"])
            .args(["--object-path", "/org/freedesktop/impl/portal/PermissionStore"])
            .args(["--method", "org.freedesktop.impl.portal.PermissionStore.SetPermission"])
            .args([table, "true", id, "", &format!("['{answer}']")])
            .stdout(Stdio::null())
            .status();
        assert!(set.is_ok_and(|s| s.success()), "the {table} permission could not be set");
    }
}

impl Drop for Services {
    fn drop(&mut self) {
        for child in self.children.iter_mut().rev() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}
