//! Systems other than Linux: what the programs call on every system, doing nothing yet (see
//! docs/packaging.md for the Windows and macOS plans).

/// The desktop's lock and sleep signals, not watched here yet.
pub mod screen_lock {
    /// Watches nothing: the desktop's own lock signals are planned, not built.
    pub fn watch(_on_lock: impl Fn() + Send + Sync + 'static) {}
}
