//! The technical details of the failures the window was told about (a path, the operating system's
//! words), kept here for "Copy details for support". The window is sent a number naming them, never their
//! text, and `clipboard::copy_details` copies what Rust kept under that number: the window has nothing to
//! show by mistake, and a script in the page (gone wrong, or injected) cannot put words of its own on the
//! clipboard through Keyfob.

use std::collections::VecDeque;
use std::sync::Mutex;

use crate::state::lock;

/// How many failures' details are kept: the banner shows one failure at a time, and the next few may be
/// reported while a person reaches for the button. The oldest go first.
const KEPT: usize = 32;

/// How much of one failure's details is kept: enough for any path and system reason, while a failure
/// that lists what a pasted text held (one line per word) cannot make the app hold megabytes.
const MAX_BYTES: usize = 16 * 1024;

/// The details kept for the app's run. A static because serde serialises the error without the app's
/// state ([`keep`] is called from `CommandError`'s `Serialize`).
static DETAILS: Mutex<Kept> = Mutex::new(Kept::new());

/// Failures' details, newest last, each under its number.
struct Kept {
    /// The number given last (numbers are never reused while the app runs).
    last: u64,
    details: VecDeque<(u64, String)>,
}

impl Kept {
    const fn new() -> Self {
        Self { last: 0, details: VecDeque::new() }
    }

    /// Keeps `details` (cut to [`MAX_BYTES`], the oldest forgotten past [`KEPT`]) under a new number.
    fn keep(&mut self, details: &str) -> u64 {
        self.last = self.last.wrapping_add(1);
        if self.details.len() == KEPT {
            self.details.pop_front();
        }
        let cut = (0..=MAX_BYTES.min(details.len())).rev().find(|&at| details.is_char_boundary(at)).unwrap_or(0);
        let mut kept = details[..cut].to_owned();
        if cut < details.len() {
            kept.push_str("\n[…]");
        }
        self.details.push_back((self.last, kept));
        self.last
    }

    /// The details kept under `number`, `None` when no failure was given it (or it is one of the forgotten).
    fn get(&self, number: u64) -> Option<&str> {
        self.details.iter().find(|(n, _)| *n == number).map(|(_, details)| details.as_str())
    }
}

/// Keeps `details` for support and gives the number the window asks for them by; `None` when there are
/// none (the window then offers no button).
pub(crate) fn keep(details: &str) -> Option<u64> {
    (!details.is_empty()).then(|| lock(&DETAILS).keep(details))
}

/// The details kept under `number` (see [`Kept::get`]).
pub(crate) fn kept(number: u64) -> Option<String> {
    lock(&DETAILS).get(number).map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn details_are_found_by_their_number_until_newer_ones_push_them_out() {
        let mut kept = Kept::new();
        let first = kept.keep("/home/ann/vault.json: Permission denied (os error 13)");
        assert_eq!(kept.get(first), Some("/home/ann/vault.json: Permission denied (os error 13)"));
        let later: Vec<u64> = (0..KEPT).map(|i| kept.keep(&format!("failure {i}"))).collect();
        assert_eq!(kept.get(first), None, "the oldest is forgotten");
        assert_eq!(kept.get(later[KEPT - 1]), Some(format!("failure {}", KEPT - 1).as_str()));
        assert!(later.windows(2).all(|w| w[0] < w[1]), "numbers are never reused");
        assert_eq!(kept.get(0), None);
        assert_eq!(kept.get(u64::MAX), None, "a number no failure was given names nothing");
        assert_eq!(keep(""), None, "no details, no number");
    }

    #[test]
    fn huge_details_are_cut_at_a_character_not_kept_whole() {
        let mut kept = Kept::new();
        // A multi-byte character across the cut: the cut falls before it, never inside it.
        let huge = format!("{}é{}", "a".repeat(MAX_BYTES - 1), "no otpauth:// link in it\n".repeat(100_000));
        let number = kept.keep(&huge);
        let held = kept.get(number).unwrap();
        assert_eq!(held, format!("{}\n[…]", "a".repeat(MAX_BYTES - 1)));
        let exact = "b".repeat(MAX_BYTES);
        let number = kept.keep(&exact);
        assert_eq!(kept.get(number), Some(exact.as_str()), "details of the limit's size are kept whole");
    }
}
