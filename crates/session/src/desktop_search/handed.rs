//! Which result ids the desktop's search gave to which caller, and when: only those may be described or
//! activated, by that caller, for [`HANDED_FOR_SECS`]. An id is an account's number, so without this any
//! caller could name ids it was never given (1, 2, 3…) and have them described or copied.
//!
//! Pure bookkeeping: the time comes from the caller (the injected clock), and the caller's name is
//! whatever the bus says it is (its unique name, `:1.42`), so this is testable without a bus.

use std::collections::VecDeque;
use std::sync::Mutex;

/// How long a result stays usable after it was handed out: the overview asks for names and activates a
/// result within seconds of searching; a minute leaves room for a slow user.
pub const HANDED_FOR_SECS: u64 = 60;

/// The most (caller, id) pairs remembered; the oldest are forgotten first. A search hands out at most
/// [`MAX_RESULTS`](super::MAX_RESULTS) ids, so this holds the last dozen searches, whoever made them,
/// and a caller searching in a loop costs bounded memory.
pub const MAX_HANDED: usize = 256;

/// One id handed to one caller at one time.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Handed {
    caller: String,
    id: String,
    at: u64,
}

/// The ids recently handed to each caller (see the module's documentation).
#[derive(Debug, Default)]
pub struct HandedOut {
    /// Oldest first; at most [`MAX_HANDED`].
    handed: Mutex<VecDeque<Handed>>,
}

impl HandedOut {
    /// Remembers that `ids` were handed to `caller` at `now` (seconds), forgetting what is older than
    /// [`HANDED_FOR_SECS`] and, past [`MAX_HANDED`], the oldest.
    pub fn remember(&self, caller: &str, ids: &[String], now: u64) {
        let mut handed = self.lock();
        handed.retain(|h| fresh(h.at, now) && !(h.caller == caller && ids.contains(&h.id)));
        handed.extend(ids.iter().map(|id| Handed { caller: caller.to_owned(), id: id.clone(), at: now }));
        while handed.len() > MAX_HANDED {
            handed.pop_front();
        }
    }

    /// Whether `id` was handed to `caller` within [`HANDED_FOR_SECS`] of `now`.
    pub fn was_handed(&self, caller: &str, id: &str, now: u64) -> bool {
        self.lock().iter().any(|h| h.caller == caller && h.id == id && fresh(h.at, now))
    }

    /// The ids among `ids` that were handed to `caller` within [`HANDED_FOR_SECS`] of `now`, in
    /// `ids`' order.
    pub fn only_handed<'a>(&self, caller: &str, ids: &'a [String], now: u64) -> Vec<&'a str> {
        let handed = self.lock();
        let given = |id: &str| handed.iter().any(|h| h.caller == caller && h.id == id && fresh(h.at, now));
        ids.iter().map(String::as_str).filter(|id| given(id)).collect()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, VecDeque<Handed>> {
        // Every change leaves the list whole (retain, extend, pop); a panic elsewhere cannot half-change it.
        self.handed.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Whether something handed out `at` is still usable at `now`. A clock that went back (the app's clock
/// is corrected by time servers) counts the same distance: an id is never usable for longer than it would
/// be on a steady clock.
fn fresh(at: u64, now: u64) -> bool {
    at.abs_diff(now) <= HANDED_FOR_SECS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(ids: &[&str]) -> Vec<String> {
        ids.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn an_id_is_usable_only_by_the_caller_it_was_handed_to_for_a_minute() {
        let handed = HandedOut::default();
        handed.remember(":1.7", &ids(&["1", "2"]), 1000);
        assert!(handed.was_handed(":1.7", "1", 1000));
        assert!(handed.was_handed(":1.7", "2", 1060), "60 s later: still usable");
        assert!(!handed.was_handed(":1.7", "2", 1061), "61 s later: forgotten");
        assert!(!handed.was_handed(":1.8", "1", 1000), "another caller was handed nothing");
        assert!(!handed.was_handed(":1.7", "3", 1000), "an id no search returned");
        assert!(!handed.was_handed(":1.7", "1", 939), "a clock gone back more than a minute");
        assert_eq!(handed.only_handed(":1.7", &ids(&["3", "2", "x", "1"]), 1010), ["2", "1"]);
        assert!(handed.only_handed(":1.8", &ids(&["1", "2"]), 1010).is_empty());
    }

    #[test]
    fn searching_again_renews_an_id_and_old_searches_are_forgotten() {
        let handed = HandedOut::default();
        handed.remember(":1.7", &ids(&["1"]), 1000);
        handed.remember(":1.7", &ids(&["1"]), 1050);
        assert!(handed.was_handed(":1.7", "1", 1100), "renewed at 1050");
        assert_eq!(handed.lock().len(), 1, "one entry per caller and id");
        handed.remember(":1.9", &ids(&["2"]), 1200);
        assert_eq!(handed.lock().len(), 1, "the entry from 1050 expired and was dropped");
    }

    #[test]
    fn a_caller_searching_in_a_loop_is_bounded_and_pushes_out_the_oldest() {
        let handed = HandedOut::default();
        handed.remember(":1.7", &ids(&["1"]), 1000);
        let many: Vec<String> = (0..20).map(|i| i.to_string()).collect();
        for caller in 0..100 {
            handed.remember(&format!(":2.{caller}"), &many, 1000);
        }
        assert_eq!(handed.lock().len(), MAX_HANDED);
        assert!(!handed.was_handed(":1.7", "1", 1000), "the oldest went first");
        assert!(handed.was_handed(":2.99", "19", 1000), "the newest stays");
    }
}
