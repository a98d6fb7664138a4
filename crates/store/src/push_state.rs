//! What the device remembers about push challenges between runs, beside the vault in `push-state.json`:
//! the nonces it answered (so a server that lists them again is not obeyed twice) and the tokens the user
//! silenced with "this wasn't me", and when each challenge without a signed expiry was first seen (so a
//! replayed one is not shown anew). Nothing here is secret; entries expire and are dropped.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::dir::{IoError, VaultDir, write_file_atomic};

/// The file's name inside the vault directory.
pub const FILE: &str = "push-state.json";

/// How long an answered or seen nonce is remembered: far longer than anything older can be shown (a
/// signed expiry is at most a day ahead, an unsigned challenge is shown for two minutes after it is first
/// seen), so an old signed challenge replayed into view is recognised for 30 days.
pub const REMEMBERED_FOR_SECS: u64 = 30 * 24 * 3600;

/// The most nonces remembered of each kind; past it the oldest are forgotten first. A real server sends
/// a few a day; this bounds the file whatever one sends.
pub const MAX_REMEMBERED: usize = 10_000;

/// Push state, keyed by nonce and serial, each with the Unix time it lapses.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct PushState {
    answered: BTreeMap<String, u64>,
    silenced: BTreeMap<String, u64>,
    /// Challenges without a signed expiry: when each was first seen.
    #[serde(default)]
    seen: BTreeMap<String, u64>,
}

/// Drops the entries that lapsed by `now` (`lapse` gives when), then the oldest past [`MAX_REMEMBERED`].
fn prune(map: &mut BTreeMap<String, u64>, now: u64, lapse: impl Fn(u64) -> u64) {
    map.retain(|_, at| lapse(*at) > now);
    if map.len() > MAX_REMEMBERED {
        let mut times: Vec<u64> = map.values().copied().collect();
        times.sort_unstable();
        let cut = times.get(map.len() - MAX_REMEMBERED).copied().unwrap_or(0);
        map.retain(|_, at| *at >= cut);
    }
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
        prune(&mut self.answered, now, |until| until);
        self.silenced.retain(|_, until| *until > now);
        prune(&mut self.seen, now, |first| first.saturating_add(REMEMBERED_FOR_SECS));
        dir.ensure_exists()?;
        let bytes = serde_json::to_vec_pretty(self).unwrap_or_default();
        write_file_atomic(&Self::path(dir), &bytes)
    }

    /// Notes that the challenge `nonce` was answered.
    pub fn answered(&mut self, nonce: &str, now: u64) {
        self.answered.insert(nonce.to_owned(), now.saturating_add(REMEMBERED_FOR_SECS));
    }

    /// Whether `nonce` was answered already.
    pub fn was_answered(&self, nonce: &str) -> bool {
        self.answered.contains_key(nonce)
    }

    /// When the challenge `nonce` was first seen: `now`, the first time it is asked about.
    pub fn first_seen(&mut self, nonce: &str, now: u64) -> u64 {
        *self.seen.entry(nonce.to_owned()).or_insert(now)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_sightings_are_kept_and_the_files_size_is_bounded_whatever_a_server_sends() {
        let mut state = PushState::default();
        assert_eq!(state.first_seen("A", 100), 100);
        assert_eq!(state.first_seen("A", 500), 100, "a replay is not new");
        for n in 0..MAX_REMEMBERED + 50 {
            state.first_seen(&format!("N{n}"), 1_000 + n as u64);
            state.answered(&format!("N{n}"), 1_000 + n as u64);
        }
        let temp = tempfile::tempdir().unwrap();
        let dir = VaultDir::at(temp.path().join("vault"));
        state.save(&dir, 2_000).unwrap();
        let reloaded = PushState::load(&dir);
        assert_eq!((reloaded.seen.len(), reloaded.answered.len()), (MAX_REMEMBERED, MAX_REMEMBERED));
        assert!(!reloaded.seen.contains_key("A") && !reloaded.was_answered("N0"), "the oldest went first");
        assert!(reloaded.was_answered(&format!("N{}", MAX_REMEMBERED + 49)));
        let mut later = reloaded;
        later.save(&dir, 1_000 + REMEMBERED_FOR_SECS + MAX_REMEMBERED as u64 + 100).unwrap();
        assert!(PushState::load(&dir).seen.is_empty(), "all lapse after 30 days");
    }
}
