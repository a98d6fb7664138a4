//! One Keyfob per session: the first launch owns `IDENTIFIER.SingleInstance` on the session bus; a second
//! launch hands its arguments to it (`ExecuteCallback(argv, cwd)`, the name, object and method
//! `tauri-plugin-single-instance` used) and exits. Those arguments open things: `otpauth://` links stage a
//! preview, `--link-site=SITE` asks which account a site belongs to, `--quick-copy` opens the palette.
//!
//! The plugin ran whatever any connection on the bus sent. Here the call is honoured only when the
//! calling process runs the same program file as this one (`bus_caller`: the bus daemon states
//! the caller's process, `/proc/PID/exe` the file it runs). Anyone else gets `AccessDenied` and nothing
//! happens; and a second launch hands its arguments only to a holder of the name that is Keyfob too.
//!
//! # Security
//! This narrows the bus to "what starting Keyfob with arguments can do". A program that can start
//! Keyfob itself (any program of the user's outside a sandbox) can still pass it these arguments; each
//! handler therefore shows the user what came and changes nothing without them (see
//! `docs/threat-model.md`). What the check removes is the bus-only path: a sandboxed app allowed to talk
//! on the session bus but not to start host programs, or a caller forging another app's arguments
//! without a trace in the process list.

use std::sync::Arc;

use zbus::fdo;
use zbus::message::Header;

use super::bus_caller::{ask_bus, caller_process, first_on_path, runs_program, runs_this_program};

/// What a verified second launch's arguments and working directory are handed to.
pub type OnLaunch = Arc<dyn Fn(Vec<String>, String) + Send + Sync>;

/// Whether the running Keyfob's vault is unlocked now (asked by [`running_and_unlocked`]).
pub type IsUnlocked = Arc<dyn Fn() -> bool + Send + Sync>;

/// The interface, beside the plugin's, that tells whether the running Keyfob is unlocked.
const LOCK_STATE_INTERFACE: &str = "app.keyfob.desktop.LockState";

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
/// later launch of this same program and answering `unlocked` to whoever asks whether it is unlocked;
/// or, when another Keyfob already serves it, hands it this process's arguments and says so.
///
/// # Errors
/// [`Error::Bus`]: no session bus; [`Error::HandOver`]: the running Keyfob refused or did not answer.
pub fn start(identifier: &str, on_launch: OnLaunch, unlocked: IsUnlocked) -> Result<Started, Error> {
    let name = bus_name(identifier);
    let path = object_path(&name);
    let built = zbus::blocking::connection::Builder::session()?
        .name(name.as_str())?
        .replace_existing_names(false)
        .allow_name_replacements(false)
        .serve_at(path.as_str(), Receiver { on_launch })?
        .serve_at(path.as_str(), LockState { unlocked })?
        .build();
    match built {
        Ok(connection) => Ok(Started::First(Instance { _connection: connection })),
        Err(zbus::Error::NameTaken) => {
            let cwd = std::env::current_dir().unwrap_or_default().to_string_lossy().into_owned();
            let argv: Vec<String> = std::env::args_os().map(|a| a.to_string_lossy().into_owned()).collect();
            let bus = zbus::blocking::Connection::session()?;
            // The name's holder gets the arguments only when it is Keyfob too: anyone may take a free
            // name on the bus, and a link's secret must not go to whoever did.
            let holder = zbus::block_on(async {
                let owner: String = ask_bus(bus.inner(), "GetNameOwner", name.as_str()).await?;
                let pid = ask_bus::<u32>(bus.inner(), "GetConnectionUnixProcessID", owner.as_str()).await?;
                Some((owner, pid))
            });
            let Some((owner, _)) = holder.filter(|(_, pid)| runs_this_program(*pid)) else {
                return Err(Error::Impostor);
            };
            // Sent to the connection checked, not to the name: should Keyfob quit meanwhile, whoever takes
            // the name next gets nothing.
            bus.call_method(Some(owner.as_str()), path.as_str(), Some(INTERFACE), "ExecuteCallback", &(argv, cwd))
                .map_err(Error::HandOver)?;
            Ok(Started::HandedOver)
        }
        Err(e) => Err(e.into()),
    }
}

/// Whether the Keyfob of app `identifier` runs, as the program file `program` (a bare name is looked up in
/// `search_path`, a `PATH`, never in the working folder), with its vault unlocked.
/// The browser host asks before it answers from a passphrase vault it could open itself: locking Keyfob
/// locks the browser out too. `false` whenever that cannot be told (no bus, no Keyfob, another program
/// holding the name, no answer): the host then answers `locked`.
pub fn running_and_unlocked(identifier: &str, program: &std::path::Path, search_path: &std::ffi::OsStr) -> bool {
    let program = if program.components().count() > 1 {
        program.to_owned()
    } else {
        let Some(found) = first_on_path(program, search_path) else { return false };
        found
    };
    let name = bus_name(identifier);
    // A holder that never answers must not keep the browser waiting: a second, then `locked`.
    let connected = zbus::blocking::connection::Builder::session()
        .map(|builder| builder.method_timeout(std::time::Duration::from_secs(2)).build());
    let Ok(Ok(bus)) = connected else { return false };
    zbus::block_on(async {
        let Some(owner) = ask_bus::<String>(bus.inner(), "GetNameOwner", name.as_str()).await else { return false };
        let pid = ask_bus::<u32>(bus.inner(), "GetConnectionUnixProcessID", owner.as_str()).await;
        if !pid.is_some_and(|pid| runs_program(pid, &program)) {
            return false;
        }
        let path = object_path(&name);
        let asked =
            bus.inner().call_method(Some(owner.as_str()), path.as_str(), Some(LOCK_STATE_INTERFACE), "Unlocked", &());
        asked.await.is_ok_and(|reply| reply.body().deserialize::<bool>().unwrap_or(false))
    })
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
        if !caller_process(connection, &header).await.is_some_and(runs_this_program) {
            return Err(denied());
        }
        (self.on_launch)(argv, cwd);
        Ok(())
    }
}

/// Whether Keyfob is unlocked, for anyone who asks: one bit, which the window shows anyone at the screen.
struct LockState {
    unlocked: IsUnlocked,
}

#[zbus::interface(name = "app.keyfob.desktop.LockState")]
impl LockState {
    fn unlocked(&self) -> bool {
        (self.unlocked)()
    }
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
}
