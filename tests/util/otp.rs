//! Codes computed beside the program under test, to check the ones it shows.

use keyfob_core::uri;

/// The codes `link` has around now (the current step and its neighbours, in case a step boundary passes
/// between reading the window and computing).
pub(crate) fn codes_around_now(link: &str, offset: i64) -> Vec<String> {
    let now = keyfob_core::Clock::now(&keyfob_session::SystemClock);
    let account = uri::parse(link).unwrap();
    [-30i64, 0, 30].iter().map(|d| account.code_at(now.saturating_add_signed(offset + d)).to_string()).collect()
}
