//! How the app locks, and whether it hides codes on screen: after how many idle minutes, and whether it locks with the screen. Kept in the vault
//! body, so the vault's MAC covers them (nobody turns auto-lock off unnoticed), and where the key lives,
//! which moves between the keychain and a passphrase without changing the key.

use serde::{Deserialize, Serialize};

use super::{Error, KeySource, Keys, Vault, VaultKey};

/// The longest auto-lock delay, in minutes: a day. (0 turns auto-lock off.)
pub const MAX_AUTO_LOCK_MINUTES: u32 = 24 * 60;

/// When the app locks by itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockSettings {
    /// Idle minutes before the app locks; 0: never by idleness.
    pub auto_lock_minutes: u32,
    /// Whether the app locks when the screen locks (and before suspend).
    pub lock_on_screen_lock: bool,
    /// Whether the window shows codes as dots until their row is clicked or focused (for screen sharing).
    #[serde(default)]
    pub hide_codes: bool,
    /// Whether the desktop's search (GNOME Shell, KRunner) shows codes beside the names it finds. Off:
    /// the search overview is on screen for anyone looking, and finding an account should not show it.
    #[serde(default)]
    pub search_shows_codes: bool,
}

impl Default for LockSettings {
    fn default() -> Self {
        Self { auto_lock_minutes: 5, lock_on_screen_lock: true, hide_codes: false, search_shows_codes: false }
    }
}

impl LockSettings {
    /// The one check of the settings, for those chosen ([`Vault::set_lock_settings`]) and those read.
    fn check(&self) -> Result<(), Error> {
        if self.auto_lock_minutes > MAX_AUTO_LOCK_MINUTES {
            return Err(Error::AutoLockTooLong { minutes: self.auto_lock_minutes });
        }
        Ok(())
    }

    /// Checks settings read from a file: out of range is damage there, not a choice.
    pub(super) fn validate(&self) -> Result<(), Error> {
        self.check().map_err(|e| Error::Malformed { reason: e.to_string() })
    }
}

impl Vault {
    /// When the app locks by itself.
    pub fn lock_settings(&self) -> LockSettings {
        self.lock
    }

    /// Changes when the app locks by itself: the one place the limit is kept for both programs.
    ///
    /// # Errors
    /// [`Error::AutoLockTooLong`] for more than [`MAX_AUTO_LOCK_MINUTES`].
    pub fn set_lock_settings(&mut self, settings: LockSettings) -> Result<(), Error> {
        settings.check()?;
        self.lock = settings;
        Ok(())
    }

    /// Records that the vault's key now lives in `source` (the keychain, or a new passphrase wrapping).
    /// `key` must be this vault's key, so a source that wraps another key cannot be written by mistake.
    ///
    /// # Errors
    /// [`Error::WrongKey`] when `key` is not this vault's.
    pub fn set_key_source(&mut self, key: &VaultKey, source: KeySource) -> Result<(), Error> {
        if !Keys::derive(key)?.same_as(&self.keys) {
            return Err(Error::WrongKey);
        }
        self.key_source = source;
        Ok(())
    }
}
