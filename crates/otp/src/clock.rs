//! Where "now" comes from. Code generation takes the time as an argument (`*_at`) so tests can fix it;
//! everything else that needs the time takes a [`Clock`], so a corrected clock (the app's, set by time
//! servers) or a fixed one (tests, `--at`) can stand in for the system's. The core never reads the system
//! clock itself: the one clock that does is `keyfob_session::SystemClock`.

use std::time::Duration;

/// A source of the current time.
pub trait Clock {
    /// Time since 1970-01-01T00:00:00Z, to the precision the source has (push requests are signed with
    /// nanosecond timestamps, time servers answer in fractions of a second).
    fn since_epoch(&self) -> Duration;

    /// Whole seconds since 1970-01-01T00:00:00Z: what codes, expiries and file names use.
    fn now(&self) -> u64 {
        self.since_epoch().as_secs()
    }
}

/// A clock stopped at one instant, for `--at` and for tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FixedClock(pub u64);

impl Clock for FixedClock {
    fn since_epoch(&self) -> Duration {
        Duration::from_secs(self.0)
    }
}

impl<C: Clock + ?Sized> Clock for &C {
    fn since_epoch(&self) -> Duration {
        (**self).since_epoch()
    }
}

impl<C: Clock + ?Sized> Clock for std::sync::Arc<C> {
    fn since_epoch(&self) -> Duration {
        (**self).since_epoch()
    }
}
