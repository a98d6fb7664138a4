//! Locking a passphrase vault left alone. The windows report the user's input ([`Idle::touch`]) and the
//! app asks every second whether the vault's idle time has passed ([`Session::idle_lock_due`]), in Rust:
//! a window's script is throttled while hidden, stopped while it hangs, and is the page's to change, so it
//! cannot be what keeps the lock.
//!
//! Time is passed in as a reading of a clock that never goes back and goes on while the computer sleeps
//! (on Linux `CLOCK_BOOTTIME`; the app reads it): a wall clock set back by an hour must not keep the vault
//! open an hour longer, and a laptop that slept for hours must not wake with the vault open for the rest
//! of its idle minutes (`std::time::Instant` stops while asleep).

use std::sync::Mutex;
use std::time::Duration;

use crate::Session;

/// When the user last did something in one of Keyfob's windows.
#[derive(Debug)]
pub struct Idle {
    /// The last input, as a reading of the caller's clock.
    last: Mutex<Duration>,
}

impl Idle {
    /// Idle since `now` (the app starting, or the vault being unlocked).
    pub fn new(now: Duration) -> Self {
        Self { last: Mutex::new(now) }
    }

    /// The user did something at `now`. An older report than the last one is ignored.
    pub fn touch(&self, now: Duration) {
        let mut last = self.last.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        *last = (*last).max(now);
    }

    /// How long the user has done nothing, at `now`.
    fn idle_for(&self, now: Duration) -> Duration {
        now.saturating_sub(*self.last.lock().unwrap_or_else(std::sync::PoisonError::into_inner))
    }
}

impl Session {
    /// How long the vault may be left idle before it locks: `None` for never (the setting is 0) and for a
    /// keychain vault, which opens with the desktop session and cannot lock. `stand_in` replaces the
    /// vault's minutes (the app's `KEYFOB_AUTO_LOCK_SECONDS`, for tests and demonstrations).
    pub fn idle_limit(&self, stand_in: Option<Duration>) -> Option<Duration> {
        if !self.behind_passphrase() {
            return None;
        }
        let minutes = self.vault().ok().flatten().map_or(0, |o| o.vault().lock_settings().auto_lock_minutes);
        stand_in.or_else(|| (minutes > 0).then(|| Duration::from_secs(u64::from(minutes) * 60)))
    }

    /// Whether the vault is unlocked now and has been idle, by `idle` at `now`, past its limit (see
    /// [`idle_limit`](Self::idle_limit)): then the caller locks it ([`lock`](Self::lock)) and says so.
    pub fn idle_lock_due(&self, idle: &Idle, now: Duration, stand_in: Option<Duration>) -> bool {
        let unlocked = matches!(self.vault(), Ok(Some(_)));
        unlocked && self.idle_limit(stand_in).is_some_and(|limit| idle.idle_for(now) >= limit)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use keyfob_core::FixedClock;
    use keyfob_core::crypto::Password;
    use keyfob_store::{MemoryKeychain, Store, Unlock, VaultDir};
    use zeroize::Zeroizing;

    use super::*;

    fn passphrase() -> Password {
        Password::new(Zeroizing::new("correct horse battery".into()))
    }

    fn store(dir: &std::path::Path) -> Store {
        Store::new(VaultDir::at(dir), Box::new(MemoryKeychain::default()), Arc::new(FixedClock(0)))
    }

    #[test]
    fn an_unlocked_passphrase_vault_is_due_once_idle_past_its_limit_and_input_starts_again() {
        let temp = tempfile::tempdir().unwrap();
        store(temp.path()).init(&Unlock::with_passphrase(passphrase())).unwrap();
        let session = Session::new(store(temp.path()), Unlock::default());
        let start = Duration::from_secs(1_000);
        let idle = Idle::new(start);
        let at = |secs| start + Duration::from_secs(secs);
        assert!(!session.idle_lock_due(&idle, at(10_000), None), "locked already: nothing to lock");

        session.unlock(passphrase()).unwrap();
        // Five minutes, as the vault is made.
        assert_eq!(session.idle_limit(None), Some(Duration::from_secs(300)));
        assert!(!session.idle_lock_due(&idle, at(299), None));
        assert!(session.idle_lock_due(&idle, at(300), None));
        idle.touch(at(250));
        assert!(!session.idle_lock_due(&idle, at(300), None), "input at 250 s starts the time again");
        assert!(session.idle_lock_due(&idle, at(550), None));
        idle.touch(at(100));
        assert!(session.idle_lock_due(&idle, at(550), None), "an older report moves nothing back");
        assert!(session.idle_lock_due(&idle, at(254), Some(Duration::from_secs(4))), "the stand-in rules");
        assert!(!session.idle_lock_due(&idle, at(0), None), "a time before the last input is not idle");

        session
            .update(|vault, _| {
                let off = keyfob_vault::LockSettings { auto_lock_minutes: 0, ..vault.lock_settings() };
                Ok(vault.set_lock_settings(off)?)
            })
            .unwrap();
        assert_eq!(session.idle_limit(None), None, "0 minutes: never");
        assert!(!session.idle_lock_due(&idle, at(1_000_000), None));
        assert!(session.lock().unwrap());
        assert!(!session.idle_lock_due(&idle, at(1_000_000), Some(Duration::ZERO)), "locked: nothing to do");
    }

    #[test]
    fn a_keychain_vault_never_locks_when_idle() {
        let temp = tempfile::tempdir().unwrap();
        store(temp.path()).init(&Unlock::default()).unwrap();
        let session = Session::new(store(temp.path()), Unlock::default());
        let start = Duration::from_secs(1_000);
        assert_eq!(session.idle_limit(Some(Duration::ZERO)), None);
        assert!(!session.idle_lock_due(&Idle::new(start), start + Duration::from_secs(86_400), Some(Duration::ZERO)));
    }
}
