//! What the device remembers about push challenges between runs, beside the vault in `push-state.json`:
//! the nonces it answered (so a server that lists them again is not obeyed twice) and the tokens the user
//! silenced with "this wasn't me". Nothing here is secret; entries expire and are dropped.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::dir::{IoError, VaultDir, write_file_atomic};

/// The file's name inside the vault directory.
pub const FILE: &str = "push-state.json";

/// How long an answered nonce is remembered: longer than any challenge lives.
pub const ANSWERED_FOR_SECS: u64 = 24 * 3600;

/// Push state, keyed by nonce and serial, each with the Unix time it lapses.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct PushState {
    answered: BTreeMap<String, u64>,
    silenced: BTreeMap<String, u64>,
}

impl PushState {
    fn path(dir: &VaultDir) -> PathBuf {
        dir.root().join(FILE)
    }

    /// Reads the state; missing or unreadable reads as empty (the server's own checks still hold).
    pub fn load(dir: &VaultDir) -> Self {
        std::fs::read(Self::path(dir)).ok().and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or_default()
    }

    /// Writes the state crash-safely, dropping what has lapsed by `now`.
    ///
    /// # Errors
    /// An [`IoError`].
    pub fn save(&mut self, dir: &VaultDir, now: u64) -> Result<(), IoError> {
        self.answered.retain(|_, until| *until > now);
        self.silenced.retain(|_, until| *until > now);
        dir.ensure_exists()?;
        let bytes = serde_json::to_vec_pretty(self).unwrap_or_default();
        write_file_atomic(&Self::path(dir), &bytes)
    }

    /// Notes that the challenge `nonce` was answered.
    pub fn answered(&mut self, nonce: &str, now: u64) {
        self.answered.insert(nonce.to_owned(), now + ANSWERED_FOR_SECS);
    }

    /// Whether `nonce` was answered already.
    pub fn was_answered(&self, nonce: &str) -> bool {
        self.answered.contains_key(nonce)
    }

    /// Silences the token `serial` until `until`.
    pub fn silence(&mut self, serial: &str, until: u64) {
        self.silenced.insert(serial.to_owned(), until);
    }

    /// Until when the token `serial` is silenced, if it is at `now`.
    pub fn silenced_until(&self, serial: &str, now: u64) -> Option<u64> {
        self.silenced.get(serial).copied().filter(|until| *until > now)
    }
}
