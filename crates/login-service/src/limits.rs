//! Per-minute limits, in memory: on password checks (per name and client, per client, and overall) and on
//! sign-ups (per client and overall). A name alone is never the key, so an attacker guessing at a user's
//! name from their address does not lock the user out from theirs; the per-client and overall limits bound
//! password spraying across names and account creation.
//!
//! A try is *reserved* before the expensive check runs (argon2id takes tens of milliseconds, during which
//! other requests arrive) and counted from that moment; only a right password gives its reservation back.
//! So however many guesses arrive at once, at most the limit of them are judged (checking first and
//! counting after the check let 40 concurrent guesses all through).
//!
//! Memory is bounded whatever the traffic: entries last one window (a minute), only reservations create
//! them, and the overall limit caps reservations per window.

use std::collections::HashMap;
use std::sync::Mutex;

use crate::client::Client;

/// How long a window lasts, in seconds.
const WINDOW_SECS: i64 = 60;
/// Password checks (wrong ones, and those under way) per name from one client per window (the name
/// compared lower-cased).
pub(crate) const PER_NAME: u32 = 10;
/// Password checks (wrong ones, and those under way) from one client per window, across every name.
pub(crate) const PER_ADDRESS: u32 = 30;
/// Sign-ups from one client per window.
pub(crate) const SIGNUPS_PER_ADDRESS: u32 = 10;
/// The most entries kept at once; past it (which the overall limit prevents) every try waits.
const MAX_ENTRIES: usize = 10_000;

/// Which limit refused a try.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// Too many tries for this name from this client.
    Name,
    /// Too many tries from this client.
    Address,
    /// Too many tries service-wide.
    Overall,
}

/// One counted try: given back with [`Limiter::release`] when it turns out not to count (a right
/// password), otherwise it stays counted until its window ends. Dropping it keeps it counted, so a request
/// abandoned halfway (the client hung up during the check) still counts.
#[must_use = "a reservation is released only on success; drop it to keep it counted"]
pub(crate) struct Reservation {
    /// The keys counted (the overall one included).
    pub(crate) keys: Vec<String>,
    /// When: a window that began later never counted it.
    pub(crate) at: i64,
}

/// The keys and limits of a password check for `name` from `client`: per name and client, per client.
pub(crate) fn password_keys(name: &str, client: &Client) -> [(String, u32, Refusal); 2] {
    [
        (format!("n {client} {}", name.to_lowercase()), PER_NAME, Refusal::Name),
        (format!("a {client}"), PER_ADDRESS, Refusal::Address),
    ]
}

/// The keys and limits of a sign-up from `client`: per client.
pub(crate) fn signup_keys(client: &Client) -> [(String, u32, Refusal); 1] {
    [(format!("a {client}"), SIGNUPS_PER_ADDRESS, Refusal::Address)]
}

/// The key every try of a kind counts under besides its own (the overall limit).
pub(crate) const OVERALL: &str = "*";

/// How long a window lasts, in seconds (the database's windows too).
pub(crate) const WINDOW: i64 = WINDOW_SECS;

/// A window's start and count.
struct Window {
    start: i64,
    count: u32,
}

/// Counts of tries per key, each over a fixed window of a minute.
pub(crate) struct Limiter {
    windows: Mutex<HashMap<String, Window>>,
    overall: u32,
}

impl Limiter {
    /// A limiter allowing `overall` tries per minute in all (besides its per-client limits).
    pub(crate) fn new(overall: u32) -> Self {
        Self { windows: Mutex::default(), overall }
    }

    /// Reserves a password check for `name` from `client` at `now`: refused when its name and client, its
    /// client, or everyone has used up the minute's tries (wrong passwords and checks under way).
    pub(crate) fn reserve_password(&self, name: &str, client: &Client, now: i64) -> Result<Reservation, Refusal> {
        self.reserve(&password_keys(name, client), now)
    }

    /// Reserves a sign-up from `client` at `now`: refused when the client or everyone has used up the
    /// minute's sign-ups.
    pub(crate) fn reserve_signup(&self, client: &Client, now: i64) -> Result<Reservation, Refusal> {
        self.reserve(&signup_keys(client), now)
    }

    /// Counts one try under every key (and overall) if none is at its limit; otherwise counts nothing.
    fn reserve(&self, keyed: &[(String, u32, Refusal)], now: i64) -> Result<Reservation, Refusal> {
        let mut windows = self.windows.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        windows.retain(|_, w| now - w.start < WINDOW_SECS);
        let count = |key: &str| windows.get(key).map_or(0, |w| w.count);
        // Every key's entry may be new: the overall limit keeps their number far below MAX_ENTRIES.
        if count(OVERALL) >= self.overall || windows.len() + keyed.len() + 1 > MAX_ENTRIES {
            return Err(Refusal::Overall);
        }
        if let Some((_, _, refusal)) = keyed.iter().find(|(key, limit, _)| count(key) >= *limit) {
            return Err(*refusal);
        }
        let keys: Vec<String> = keyed.iter().map(|(key, ..)| key.clone()).chain([OVERALL.to_owned()]).collect();
        for key in &keys {
            let window = windows.entry(key.clone()).or_insert(Window { start: now, count: 0 });
            window.count = window.count.saturating_add(1);
        }
        Ok(Reservation { keys, at: now })
    }

    /// Gives a reservation back: the try does not count (the password was right). A window that has ended
    /// since is left alone (its successor never counted the try).
    pub(crate) fn release(&self, reservation: Reservation) {
        let mut windows = self.windows.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        for key in &reservation.keys {
            if let Some(window) = windows.get_mut(key)
                && window.start <= reservation.at
            {
                window.count = window.count.saturating_sub(1);
            }
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
    use std::net::IpAddr;

    use super::*;

    fn at(n: u8) -> Client {
        Client::from(IpAddr::from([127, 0, 0, n]))
    }

    #[test]
    fn a_name_is_limited_per_address_so_an_attacker_cannot_lock_its_owner_out() {
        let limiter = Limiter::new(1000);
        for _ in 0..PER_NAME {
            let _counted = limiter.reserve_password("Alice", &at(1), 0).unwrap();
        }
        assert_eq!(limiter.reserve_password("alice", &at(1), 30).err(), Some(Refusal::Name));
        assert!(limiter.reserve_password("alice", &at(2), 30).is_ok(), "the owner, elsewhere");
        assert!(limiter.reserve_password("bob", &at(1), 30).is_ok());
        assert!(limiter.reserve_password("alice", &at(1), 60).is_ok(), "a minute later");
    }

    #[test]
    fn tries_under_way_count_and_only_a_released_one_is_given_back() {
        let limiter = Limiter::new(1000);
        // Ten checks under way at once (none finished): the eleventh is refused before any is judged.
        let under_way: Vec<Reservation> =
            (0..PER_NAME).map(|_| limiter.reserve_password("alice", &at(1), 0).unwrap()).collect();
        assert_eq!(limiter.reserve_password("alice", &at(1), 0).err(), Some(Refusal::Name));
        // One was the right password: given back, one more may be tried; the wrong ones stay counted.
        let mut under_way = under_way.into_iter();
        limiter.release(under_way.next().unwrap());
        drop(under_way);
        let again = limiter.reserve_password("alice", &at(1), 1).unwrap();
        assert_eq!(limiter.reserve_password("alice", &at(1), 1).err(), Some(Refusal::Name));
        // Released after its window ended: the next window's count is not lowered.
        let next = limiter.reserve_password("alice", &at(1), 60).unwrap();
        limiter.release(again);
        assert_eq!(limiter.windows.lock().unwrap()["n 127.0.0.1 alice"].count, 1);
        limiter.release(next);
        assert_eq!(limiter.windows.lock().unwrap()["n 127.0.0.1 alice"].count, 0);
    }

    #[test]
    fn spraying_is_bounded_per_address_and_overall_and_memory_stays_bounded() {
        let limiter = Limiter::new(100);
        for n in 0..PER_ADDRESS {
            let _wrong = limiter.reserve_password(&format!("user{n}"), &at(1), 0).unwrap();
        }
        assert_eq!(limiter.reserve_password("someone-else", &at(1), 1).err(), Some(Refusal::Address));
        assert!(limiter.reserve_password("someone-else", &at(2), 1).is_ok());
        for n in 0..100_000u32 {
            let _wrong = limiter.reserve_password(&format!("user{n}"), &Client::from(IpAddr::from(n.to_be_bytes())), 2);
        }
        assert_eq!(limiter.reserve_password("anyone", &at(9), 3).err(), Some(Refusal::Overall));
        assert!(limiter.len() <= 2 * 100 + 1 + 2 * PER_ADDRESS as usize, "{}", limiter.len());
        assert!(limiter.reserve_password("anyone", &at(9), 62).is_ok(), "the next minute");
    }

    #[test]
    fn sign_ups_are_limited_per_address_and_overall() {
        let limiter = Limiter::new(15);
        let from_one: Vec<bool> = (0..300).map(|_| limiter.reserve_signup(&at(1), 0).is_ok()).collect();
        assert_eq!(from_one.iter().filter(|ok| **ok).count(), SIGNUPS_PER_ADDRESS as usize);
        assert_eq!(from_one.iter().position(|ok| !ok), Some(SIGNUPS_PER_ADDRESS as usize));
        let spread: Vec<bool> = (2..22).map(|n| limiter.reserve_signup(&at(n), 0).is_ok()).collect();
        assert_eq!(spread.iter().filter(|ok| **ok).count(), 15 - SIGNUPS_PER_ADDRESS as usize);
        assert_eq!(limiter.reserve_signup(&at(30), 0).err(), Some(Refusal::Overall));
    }
}
