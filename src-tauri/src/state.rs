//! What the app keeps while it runs, and the one thing done after every change: the tray is rebuilt and
//! the window told to refresh.

use std::ffi::OsString;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use keyfob_session::{CorrectedClock, Session};

/// The app's state: one session (the window, the tray and push all use it), the corrected clock (codes
/// and push alike), and the files picked for import until they are read.
pub(crate) struct AppState {
    /// The vault, unlocked for this run.
    pub session: Arc<Session>,
    /// The system clock, corrected by the measured offset when that is on.
    pub clock: Arc<CorrectedClock>,
    /// The files picked for import, kept until they are read (again with a password, when encrypted).
    pub import_paths: Mutex<Vec<PathBuf>>,
    /// `KEYFOB_AUTO_LOCK_SECONDS`: idle time before locking, standing in for the vault's minutes (for
    /// tests and demonstrations).
    pub auto_lock_stand_in: Option<std::time::Duration>,
    /// When the user last did something in a window (for the idle lock, see `main::lock_when_idle`).
    pub idle: keyfob_session::idle::Idle,
    /// A site a browser asked to link, until the user answers in the window.
    pub site_link: Mutex<Option<keyfob_session::model::site::Page>>,
}

/// Locks a mutex whose value is replaced whole: a panic elsewhere cannot leave it half-changed.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A reading of the clock the idle lock counts with (see `keyfob_session::idle`): on Linux the time since
/// boot, sleep included (`CLOCK_BOOTTIME`); elsewhere the time since this process started.
pub(crate) fn awake_time() -> std::time::Duration {
    #[cfg(target_os = "linux")]
    {
        let now = rustix::time::clock_gettime(rustix::time::ClockId::Boottime);
        let seconds = u64::try_from(now.tv_sec).unwrap_or(0);
        let nanos = u32::try_from(now.tv_nsec).unwrap_or(0);
        std::time::Duration::new(seconds, nanos)
    }
    #[cfg(not(target_os = "linux"))]
    {
        static STARTED: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
        STARTED.get_or_init(std::time::Instant::now).elapsed()
    }
}

/// One of Keyfob's environment variables, `None` when unset or empty.
#[expect(
    clippy::disallowed_methods,
    reason = "the app's one place that reads the environment: KEYFOB_HOME, KEYFOB_TIME_SERVER, KEYFOB_AUTO_LOCK_SECONDS, and the desktop session's XDG_CURRENT_DESKTOP and PATH"
)]
pub(crate) fn setting(name: &str) -> Option<OsString> {
    std::env::var_os(name).filter(|v| !v.is_empty())
}
