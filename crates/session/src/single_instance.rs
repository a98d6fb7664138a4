//! One Keyfob per session: the first launch owns `IDENTIFIER.SingleInstance` on the session bus; a second
//! launch hands its arguments to it (`ExecuteCallback(argv, cwd)`, the name, object and method
//! `tauri-plugin-single-instance` used) and exits. Those arguments open things: `otpauth://` links stage a
//! preview, `--link-site=SITE` asks which account a site belongs to, `--quick-copy` opens the palette.
//!
//! The plugin ran whatever any connection on the bus sent. Here the call is honoured only when the
//! calling process runs the same program file as this one: the bus daemon tells the caller's process id
//! (`GetConnectionUnixProcessID`, which the caller cannot choose), and `/proc/PID/exe` names the file it
//! runs, compared with our own `/proc/self/exe` (same file, or same path when an upgrade replaced the
//! file while this one runs). Anyone else gets `AccessDenied` and nothing happens.
//!
//! # Security
//! This narrows the bus to "what starting Keyfob with arguments can do". A program that can start
//! Keyfob itself (any program of the user's outside a sandbox) can still pass it these arguments; each
//! handler therefore shows the user what came and changes nothing without them (see
//! `docs/threat-model.md`). What the check removes is the bus-only path: a sandboxed app allowed to talk
//! on the session bus but not to start host programs, or a caller forging another app's arguments
//! without a trace in the process list.

use std::path::Path;
use std::sync::Arc;

use zbus::fdo;
use zbus::message::Header;

/// What a verified second launch's arguments and working directory are handed to.
pub type OnLaunch = Arc<dyn Fn(Vec<String>, String) + Send + Sync>;

/// Why the single instance could not be set up.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The session bus cannot be reached, or refused the name: this Keyfob runs on its own.
    #[error("the session bus: {0}")]
    Bus(#[from] zbus::Error),
    /// Another Keyfob runs but did not take this launch's arguments.
    #[error("the running Keyfob did not take this launch's arguments: {0}")]
    HandOver(#[source] zbus::Error),
    /// Keyfob's single-instance name is held by another program: this launch's arguments (an
    /// `otpauth://` link's secret among them) are not handed to it.
    #[error("another program holds Keyfob's single-instance name on the session bus; nothing was handed to it")]
    Impostor,
}

/// How this launch went.
pub enum Started {
    /// This is the first Keyfob: it serves the name for as long as this is kept.
    First(Instance),
    /// Another Keyfob runs and was handed this launch's arguments: this one should exit.
    HandedOver,
}

/// The name being served: dropping it stops serving.
pub struct Instance {
    _connection: zbus::blocking::Connection,
}

/// The bus name for the app `identifier` (the plugin's: `IDENTIFIER.SingleInstance`).
pub fn bus_name(identifier: &str) -> String {
    format!("{identifier}.SingleInstance")
}

/// The object path for `bus_name` (the plugin's: dots become slashes, dashes underscores).
pub fn object_path(bus_name: &str) -> String {
    format!("/{}", bus_name.replace('.', "/").replace('-', "_"))
}

/// Serves the single instance of app `identifier`, calling `on_launch` with the arguments of every
/// later launch of this same program; or, when another Keyfob already serves it, hands it this process's
/// arguments and says so.
///
/// # Errors
/// [`Error::Bus`]: no session bus; [`Error::HandOver`]: the running Keyfob refused or did not answer.
pub fn start(identifier: &str, on_launch: OnLaunch) -> Result<Started, Error> {
    let name = bus_name(identifier);
    let path = object_path(&name);
    let built = zbus::blocking::connection::Builder::session()?
        .name(name.as_str())?
        .replace_existing_names(false)
        .allow_name_replacements(false)
        .serve_at(path.as_str(), Receiver { on_launch })?
        .build();
    match built {
        Ok(connection) => Ok(Started::First(Instance { _connection: connection })),
        Err(zbus::Error::NameTaken) => {
            let cwd = std::env::current_dir().unwrap_or_default().to_string_lossy().into_owned();
            let argv: Vec<String> = std::env::args_os().map(|a| a.to_string_lossy().into_owned()).collect();
            let bus = zbus::blocking::Connection::session()?;
            // The name's holder gets the arguments only when it is Keyfob too: anyone may take a free
            // name on the bus, and a link's secret must not go to whoever did.
            let owner: String = bus_call(&bus, "GetNameOwner", name.as_str())?;
            let pid: u32 = bus_call(&bus, "GetConnectionUnixProcessID", owner.as_str())?;
            if !runs_this_program(pid) {
                return Err(Error::Impostor);
            }
            bus.call_method(Some(name.as_str()), path.as_str(), Some(INTERFACE), "ExecuteCallback", &(argv, cwd))
                .map_err(Error::HandOver)?;
            Ok(Started::HandedOver)
        }
        Err(e) => Err(e.into()),
    }
}

/// Asks the bus itself `method` about the connection or name `about`.
fn bus_call<T: serde::de::DeserializeOwned + zbus::zvariant::Type>(
    bus: &zbus::blocking::Connection,
    method: &str,
    about: &str,
) -> Result<T, Error> {
    let reply = bus.call_method(
        Some("org.freedesktop.DBus"),
        "/org/freedesktop/DBus",
        Some("org.freedesktop.DBus"),
        method,
        &(about,),
    )?;
    Ok(reply.body().deserialize()?)
}

/// The plugin's interface name, kept so the bus API is unchanged.
const INTERFACE: &str = "org.SingleInstance.DBus";

struct Receiver {
    on_launch: OnLaunch,
}

#[zbus::interface(name = "org.SingleInstance.DBus")]
impl Receiver {
    async fn execute_callback(
        &self,
        argv: Vec<String>,
        cwd: String,
        #[zbus(header)] header: Header<'_>,
        #[zbus(connection)] connection: &zbus::Connection,
    ) -> fdo::Result<()> {
        let denied = || fdo::Error::AccessDenied("only Keyfob itself, started again, may hand it arguments".into());
        let sender = header.sender().ok_or_else(denied)?;
        let reply = connection
            .call_method(
                Some("org.freedesktop.DBus"),
                "/org/freedesktop/DBus",
                Some("org.freedesktop.DBus"),
                "GetConnectionUnixProcessID",
                &(sender.as_str(),),
            )
            .await
            .map_err(|_| denied())?;
        let pid: u32 = reply.body().deserialize().map_err(|_| denied())?;
        if !runs_this_program(pid) {
            return Err(denied());
        }
        (self.on_launch)(argv, cwd);
        Ok(())
    }
}

/// Whether process `pid` runs the same program file as this process.
pub fn runs_this_program(pid: u32) -> bool {
    let ours = Path::new("/proc/self/exe");
    let theirs = format!("/proc/{pid}/exe");
    let theirs = Path::new(&theirs);
    same_file(ours, theirs)
        || matches!((std::fs::read_link(ours), std::fs::read_link(theirs)), (Ok(o), Ok(t)) if same_path(&o, &t))
}

/// Whether two `/proc/*/exe` links lead to one file (device and inode: no path games).
fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// Whether two `/proc/*/exe` link targets name the same path, once the kernel's " (deleted)" mark (the
/// file was replaced, as a package upgrade does, while the process runs) is taken off.
fn same_path(ours: &Path, theirs: &Path) -> bool {
    let plain = |p: &Path| -> String {
        let text = p.to_string_lossy();
        text.strip_suffix(" (deleted)").unwrap_or(&text).to_owned()
    };
    plain(ours) == plain(theirs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plugins_bus_name_and_path_are_kept() {
        let name = bus_name("app.keyfob.desktop");
        assert_eq!(name, "app.keyfob.desktop.SingleInstance");
        assert_eq!(object_path(&name), "/app/keyfob/desktop/SingleInstance");
        assert_eq!(object_path("a.b-c.SingleInstance"), "/a/b_c/SingleInstance");
    }

    #[test]
    fn this_process_runs_this_program_and_another_program_does_not() {
        assert!(runs_this_program(std::process::id()));
        let mut other = std::process::Command::new("sleep").arg("5").spawn().unwrap();
        let verdict = runs_this_program(other.id());
        other.kill().unwrap();
        other.wait().unwrap();
        assert!(!verdict, "sleep is another program");
        assert!(!runs_this_program(u32::MAX), "no such process");
    }

    #[test]
    fn a_program_replaced_while_running_is_still_itself_and_no_other_path_is() {
        let path = |s: &str| std::path::PathBuf::from(s);
        assert!(same_path(&path("/usr/bin/keyfob-app (deleted)"), &path("/usr/bin/keyfob-app")));
        assert!(same_path(&path("/usr/bin/keyfob-app"), &path("/usr/bin/keyfob-app")));
        assert!(!same_path(&path("/usr/bin/keyfob-app"), &path("/tmp/keyfob-app")));
        assert!(!same_path(&path("/usr/bin/keyfob-app"), &path("/usr/bin/keyfob-app-evil (deleted)")));
    }
}
