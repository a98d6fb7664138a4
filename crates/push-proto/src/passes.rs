//! Poll passes: poll requests signed ahead of time, so that a locked Keyfob can go on asking its push
//! servers what waits while the device key stays sealed.
//!
//! A poll is signed over `serial|timestamp` and a server takes it within one minute of its clock
//! (privacyIDEA's window, and the reference service's). A pass is such a signature for a fixed time on a
//! [`PASS_SPACING_SECS`] grid; the pass nearest to now is never more than half a spacing away, which leaves
//! the rest of the minute for the two clocks to disagree. A pass lets its holder poll, and nothing more:
//! answering signs the challenge's nonce, which only the key can do.

use std::collections::VecDeque;

use ring::rand::SecureRandom;

use super::challenge::{poll_text, timestamp};
use super::keys::{DeviceKey, KeyError};

/// The time between two passes: each is used within half of it of its own time.
pub const PASS_SPACING_SECS: u64 = 60;

/// What signs poll (and event-stream) requests.
pub trait PollSigner {
    /// The timestamp text for `unix_secs` and the signature over `serial|timestamp`.
    ///
    /// # Errors
    /// [`KeyError::Sign`] or [`KeyError::Invalid`] from a key; [`KeyError::NoPass`] from passes that do
    /// not reach `unix_secs`.
    fn sign_poll(&self, serial: &str, unix_secs: u64) -> Result<(String, String), KeyError>;
}

impl PollSigner for DeviceKey {
    fn sign_poll(&self, serial: &str, unix_secs: u64) -> Result<(String, String), KeyError> {
        let stamp = timestamp(i128::from(unix_secs) * 1_000_000_000);
        let signature = self.sign(&poll_text(serial, &stamp), &ring::rand::SystemRandom::new())?;
        Ok((stamp, signature))
    }
}

/// One token's passes, in time order.
#[derive(Debug)]
pub struct PollPasses {
    serial: String,
    passes: VecDeque<Pass>,
}

#[derive(Debug)]
struct Pass {
    at: u64,
    timestamp: String,
    signature: String,
}

impl PollPasses {
    /// No passes yet, for the token `serial`.
    pub fn new(serial: &str) -> Self {
        Self { serial: serial.to_owned(), passes: VecDeque::new() }
    }

    /// Forgets the passes whose time is past (as of `now`) and signs new ones, nearest first, until one
    /// covers `until` or `budget` signatures were made (RSA-4096 signing takes milliseconds: a budget keeps
    /// each call short). Returns how many were signed.
    ///
    /// # Errors
    /// [`KeyError::Invalid`] or [`KeyError::Sign`]; the passes signed before stay.
    pub fn top_up(
        &mut self,
        device: &DeviceKey,
        now: u64,
        until: u64,
        budget: usize,
        rng: &dyn SecureRandom,
    ) -> Result<usize, KeyError> {
        let half = PASS_SPACING_SECS / 2;
        while self.passes.front().is_some_and(|p| p.at.saturating_add(half) <= now) {
            self.passes.pop_front();
        }
        // The grid time nearest to now; passes made for a later one (the clock was set back) are no use.
        let first = now.saturating_sub(half).div_ceil(PASS_SPACING_SECS).saturating_mul(PASS_SPACING_SECS);
        if self.passes.front().is_some_and(|p| p.at > first) {
            self.passes.clear();
        }
        let mut next = self.passes.back().map_or(first, |p| p.at.saturating_add(PASS_SPACING_SECS)).max(first);
        let mut signed = 0;
        let mut signer = None;
        while next <= until.saturating_add(half) && signed < budget {
            let signer = match &mut signer {
                Some(signer) => signer,
                None => signer.insert(device.signer()?),
            };
            let stamp = timestamp(i128::from(next) * 1_000_000_000);
            let signature = signer.sign(&poll_text(&self.serial, &stamp), rng)?;
            self.passes.push_back(Pass { at: next, timestamp: stamp, signature });
            signed += 1;
            next = next.saturating_add(PASS_SPACING_SECS);
        }
        Ok(signed)
    }

    /// Whether a pass is there for `unix_secs`.
    pub fn covers(&self, unix_secs: u64) -> bool {
        self.pass(unix_secs).is_some()
    }

    /// The time of the last pass, `None` when there are none.
    pub fn until(&self) -> Option<u64> {
        self.passes.back().map(|p| p.at)
    }

    fn pass(&self, unix_secs: u64) -> Option<&Pass> {
        self.passes.iter().find(|p| p.at.abs_diff(unix_secs) <= PASS_SPACING_SECS / 2)
    }
}

impl PollSigner for PollPasses {
    fn sign_poll(&self, serial: &str, unix_secs: u64) -> Result<(String, String), KeyError> {
        match self.pass(unix_secs) {
            Some(pass) if serial == self.serial => Ok((pass.timestamp.clone(), pass.signature.clone())),
            _ => Err(KeyError::NoPass),
        }
    }
}

#[cfg(test)]
mod tests {
    use ring::rand::SystemRandom;

    use super::*;
    use crate::tests::{key, public};

    #[test]
    fn passes_sign_what_the_key_signs_on_a_grid_and_run_out() {
        let device = key();
        let public = public(&device);
        let mut passes = PollPasses::new("PIPU1");
        let now = 1_800_000_017;
        assert_eq!(passes.top_up(&device, now, now + 300, 100, &SystemRandom::new()).unwrap(), 6);
        assert_eq!(passes.until(), Some(1_800_000_300));
        let (stamp, signature) = passes.sign_poll("PIPU1", now).unwrap();
        assert_eq!(stamp, "2027-01-15T08:00:00.000000+00:00");
        assert!(public.verifies(&poll_text("PIPU1", &stamp), &signature));
        // Half a spacing either side at most, then the next pass.
        assert_eq!(passes.sign_poll("PIPU1", 1_800_000_030).unwrap().0, stamp);
        assert_eq!(passes.sign_poll("PIPU1", 1_800_000_031).unwrap().0, "2027-01-15T08:01:00.000000+00:00");
        assert_eq!(passes.sign_poll("PIPU1", 1_800_000_330), Ok(passes.sign_poll("PIPU1", 1_800_000_300).unwrap()));
        assert_eq!(passes.sign_poll("PIPU1", 1_800_000_331), Err(KeyError::NoPass));
        assert!(!passes.covers(1_800_000_331));
        assert_eq!(passes.sign_poll("PIPU2", now), Err(KeyError::NoPass), "another token's serial");
    }

    #[test]
    fn topping_up_drops_the_past_signs_only_what_is_missing_and_keeps_to_its_budget() {
        let device = key();
        let rng = SystemRandom::new();
        let mut passes = PollPasses::new("PIPU1");
        let times = |passes: &PollPasses| passes.passes.iter().map(|p| p.at).collect::<Vec<_>>();
        assert_eq!(passes.top_up(&device, 1_000_000, 1_003_600, 3, &rng).unwrap(), 3, "the budget");
        assert_eq!(times(&passes), [1_000_020, 1_000_080, 1_000_140], "nearest first; 1 000 020 covers now");
        assert_eq!(passes.top_up(&device, 1_000_000, 1_000_260, 10, &rng).unwrap(), 2);
        assert_eq!(passes.top_up(&device, 1_000_000, 1_000_260, 10, &rng).unwrap(), 0, "nothing missing");
        // An hour later every pass is past: they go, and the new ones start at the new now.
        assert_eq!(passes.top_up(&device, 1_003_600, 1_003_600, 10, &rng).unwrap(), 1);
        assert_eq!(times(&passes), [1_003_620]);
        assert!(!passes.covers(1_000_000));
        assert!(passes.covers(1_003_600));
        // A clock set back: what was signed for its future is dropped and now is covered again.
        assert_eq!(passes.top_up(&device, 1_000_000, 1_000_060, 10, &rng).unwrap(), 2);
        assert_eq!(times(&passes), [1_000_020, 1_000_080]);
    }
}
