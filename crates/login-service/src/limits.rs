//! Wrong-password limits, in memory: per name and client address, per client address, and overall. A
//! name alone is never the key, so an attacker guessing at a user's name from their address does not
//! lock the user out from theirs; the per-address and overall limits bound password spraying across
//! names. Memory is bounded whatever the traffic: entries last one window (a minute), and only wrong
//! passwords create them, which the overall limit caps per window.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;

/// How long a window lasts, in seconds.
const WINDOW_SECS: i64 = 60;
/// Wrong passwords per name from one address per window (the name compared lower-cased).
pub(crate) const PER_NAME: u32 = 10;
/// Wrong passwords from one address per window, across every name.
pub(crate) const PER_ADDRESS: u32 = 30;
/// The most entries kept at once; past it (which the overall limit prevents) every try waits.
const MAX_ENTRIES: usize = 10_000;

/// Counts of wrong passwords per key, each over a fixed window.
pub(crate) struct Limiter {
    windows: Mutex<HashMap<String, (i64, u32)>>,
    overall: u32,
}

/// Which limit refused a try.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// Too many wrong passwords for this name from this address.
    Name,
    /// Too many wrong passwords from this address.
    Address,
    /// Too many wrong passwords service-wide.
    Overall,
}

impl Limiter {
    /// A limiter allowing `overall` wrong passwords per minute in all.
    pub(crate) fn new(overall: u32) -> Self {
        Self { windows: Mutex::default(), overall }
    }

    fn keys(name: &str, address: IpAddr) -> [(String, u32, Refusal); 2] {
        [
            (format!("n {address} {}", name.to_lowercase()), PER_NAME, Refusal::Name),
            (format!("a {address}"), PER_ADDRESS, Refusal::Address),
        ]
    }

    /// Whether a password for `name` from `address` may be checked at `now`.
    pub(crate) fn check(&self, name: &str, address: IpAddr, now: i64) -> Result<(), Refusal> {
        let windows = self.windows.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let count = |key: &str| windows.get(key).filter(|(start, _)| now - start < WINDOW_SECS).map_or(0, |w| w.1);
        if count("*") >= self.overall || windows.len() >= MAX_ENTRIES {
            return Err(Refusal::Overall);
        }
        match Self::keys(name, address).into_iter().find(|(key, limit, _)| count(key) >= *limit) {
            Some((_, _, refusal)) => Err(refusal),
            None => Ok(()),
        }
    }

    /// Notes a wrong password for `name` from `address` at `now`.
    pub(crate) fn wrong(&self, name: &str, address: IpAddr, now: i64) {
        let mut windows = self.windows.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        windows.retain(|_, (start, _)| now - *start < WINDOW_SECS);
        for key in Self::keys(name, address).map(|(key, ..)| key).into_iter().chain(["*".to_owned()]) {
            if windows.len() >= MAX_ENTRIES && !windows.contains_key(&key) {
                continue;
            }
            let window = windows.entry(key).or_insert((now, 0));
            window.1 = window.1.saturating_add(1);
        }
    }

    /// How many entries are kept (for tests of the memory bound).
    #[cfg(test)]
    fn len(&self) -> usize {
        self.windows.lock().map_or(0, |w| w.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(n: u8) -> IpAddr {
        IpAddr::from([127, 0, 0, n])
    }

    #[test]
    fn a_name_is_limited_per_address_so_an_attacker_cannot_lock_its_owner_out() {
        let limiter = Limiter::new(1000);
        for _ in 0..PER_NAME {
            assert_eq!(limiter.check("Alice", at(1), 0), Ok(()));
            limiter.wrong("Alice", at(1), 0);
        }
        assert_eq!(limiter.check("alice", at(1), 30), Err(Refusal::Name));
        assert_eq!(limiter.check("alice", at(2), 30), Ok(()), "the owner, elsewhere");
        assert_eq!(limiter.check("bob", at(1), 30), Ok(()));
        assert_eq!(limiter.check("alice", at(1), 60), Ok(()), "a minute later");
    }

    #[test]
    fn spraying_is_bounded_per_address_and_overall_and_memory_stays_bounded() {
        let limiter = Limiter::new(100);
        for n in 0..PER_ADDRESS {
            limiter.wrong(&format!("user{n}"), at(1), 0);
        }
        assert_eq!(limiter.check("someone-else", at(1), 1), Err(Refusal::Address));
        assert_eq!(limiter.check("someone-else", at(2), 1), Ok(()));
        for n in 0..100_000u32 {
            let address = IpAddr::from(n.to_be_bytes());
            if limiter.check(&format!("user{n}"), address, 2).is_ok() {
                limiter.wrong(&format!("user{n}"), address, 2);
            }
        }
        assert_eq!(limiter.check("anyone", at(9), 3), Err(Refusal::Overall));
        assert!(limiter.len() <= 2 * 100 + 1 + 2 * PER_ADDRESS as usize, "{}", limiter.len());
        assert_eq!(limiter.check("anyone", at(9), 62), Ok(()), "the next minute");
    }
}
