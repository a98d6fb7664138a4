//! The clocks the applications run on: the system's (the one place Keyfob reads it) and the app's
//! corrected clock, which adds the offset time servers agree on when the system clock is off.

use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use keyfob_core::Clock;

pub use keyfob_net::{AgreementError, TOLERANCE_SECS, configured_time_servers, server_list};

/// How far this computer's clock is off, in seconds (positive: behind), as a majority of `servers` agree
/// (each asked for 3 s at most), for `keyfob time`. The app keeps its [`CorrectedClock`] instead.
///
/// # Errors
/// An [`AgreementError`] when none answers, or too few agree.
pub fn measure_offset(servers: &[String]) -> Result<f64, AgreementError> {
    keyfob_net::agreed_clock_offset(servers, Duration::from_secs(3), &SystemClock)
}

/// The operating system's clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    #[expect(
        clippy::disallowed_methods,
        reason = "the one place Keyfob reads the system clock; everything else takes a Clock"
    )]
    fn since_epoch(&self) -> Duration {
        // A clock set before 1970 is broken beyond what codes can fix; 0 gives visibly wrong codes, not a
        // crash.
        SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).unwrap_or_default()
    }
}

/// What the clock check found, as the app's banner shows it.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, Default)]
pub struct ClockView {
    /// Seconds the system clock is behind (positive) or ahead (negative); `None` until measured, or offline.
    pub offset: Option<f64>,
    /// Whether the offset is past the tolerance, so the banner shows.
    pub off: bool,
    /// Whether codes are being corrected.
    pub correcting: bool,
    /// Whether the offset is too large to correct without the user's word, and they have not given it.
    pub needs_confirmation: bool,
}

/// What the user said about correcting the clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Correction {
    /// Nothing: offsets within the automatic limit are corrected.
    Automatic,
    /// Correct whatever the offset.
    Confirmed,
    /// Never correct.
    Off,
}

#[derive(Debug, Clone, Copy)]
struct State {
    offset: Option<f64>,
    correction: Correction,
}

impl State {
    fn off(&self) -> bool {
        self.offset.is_some_and(|o| o.abs() > keyfob_net::TOLERANCE_SECS)
    }

    fn large(&self) -> bool {
        self.offset.is_some_and(|o| o.abs() > keyfob_net::AUTO_CORRECT_LIMIT_SECS)
    }

    /// The offset applied, if any.
    fn applied(&self) -> Option<f64> {
        let applies = match self.correction {
            Correction::Automatic => !self.large(),
            Correction::Confirmed => true,
            Correction::Off => false,
        };
        self.offset.filter(|_| self.off() && applies)
    }
}

/// The system clock, corrected by the offset time servers agree on when it is more than
/// [`keyfob_net::TOLERANCE_SECS`] off and the user has not turned correction off. An offset past
/// [`keyfob_net::AUTO_CORRECT_LIMIT_SECS`] is applied only once the user confirms it: unauthenticated
/// time replies must not be able to move codes (or push request times) by hours on their own.
///
/// Codes, push polls and answers, and expiry all read this one clock.
pub struct CorrectedClock<C = SystemClock> {
    system: C,
    state: Mutex<State>,
}

impl<C: Clock> CorrectedClock<C> {
    /// A clock over `system`, uncorrected until [`measure`](Self::measure) finds an offset.
    pub fn new(system: C) -> Self {
        Self { system, state: Mutex::new(State { offset: None, correction: Correction::Automatic }) }
    }

    fn state(&self) -> State {
        // The state is two plain values replaced whole; a panic elsewhere cannot leave it half-changed.
        *self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn set(&self, change: impl FnOnce(&mut State)) {
        change(&mut self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner));
    }

    /// Records the offset measured against the system clock (positive: the system clock is behind).
    pub fn set_offset(&self, offset: f64) {
        if offset.is_finite() {
            self.set(|s| s.offset = Some(offset));
        }
    }

    /// Turns correction on (whatever the offset: the user confirmed it) or off.
    pub fn set_correction(&self, enabled: bool) {
        self.set(|s| s.correction = if enabled { Correction::Confirmed } else { Correction::Off });
    }

    /// The uncorrected clock, the one time servers measure.
    pub fn system(&self) -> &C {
        &self.system
    }

    /// The banner's view.
    pub fn view(&self) -> ClockView {
        let state = self.state();
        ClockView {
            offset: state.offset,
            off: state.off(),
            correcting: state.applied().is_some(),
            needs_confirmation: state.off() && state.large() && state.correction == Correction::Automatic,
        }
    }
}

impl<C: Clock + Sync> CorrectedClock<C> {
    /// Asks `servers` how far the system clock is off (in the calling thread: call it from a background
    /// thread), and records the offset a majority of them agree on; a server that does not answer counts
    /// against it (see [`keyfob_net::agreed_clock_offset`]). Offline, or when they disagree, nothing
    /// changes; the disagreement is returned for the log.
    pub fn measure(&self, servers: &[String]) -> Option<keyfob_net::AgreementError> {
        match keyfob_net::agreed_clock_offset(servers, Duration::from_secs(3), &self.system) {
            Ok(offset) => {
                self.set_offset(offset);
                None
            }
            Err(e @ keyfob_net::AgreementError::Disagreement(_)) => Some(e),
            Err(_) => None,
        }
    }
}

impl<C: Clock> Clock for CorrectedClock<C> {
    fn since_epoch(&self) -> Duration {
        let system = self.system.since_epoch();
        match self.state().applied() {
            Some(offset) if offset >= 0.0 => system.saturating_add(Duration::from_secs_f64(offset)),
            Some(offset) => system.saturating_sub(Duration::from_secs_f64(-offset)),
            None => system,
        }
    }
}

#[cfg(test)]
mod tests {
    use keyfob_core::FixedClock;
    use keyfob_net::time_server::TimeServer;

    use super::*;

    const NOW: u64 = 1_800_000_000;

    /// A time server whose clock is `skew` seconds ahead of [`NOW`] (`None`: silent).
    fn time_server(skew: Option<f64>) -> TimeServer {
        TimeServer::start(NOW, skew)
    }

    fn measure(servers: &[TimeServer]) -> CorrectedClock<FixedClock> {
        let clock = CorrectedClock::new(FixedClock(NOW));
        clock.set_correction(true);
        let addresses: Vec<String> = servers.iter().map(|s| s.address.clone()).collect();
        clock.measure(&addresses);
        clock
    }

    /// Regression: the silent were left out of the vote, so one forged reply among three servers asked
    /// (the other two's packets dropped) moved the codes by an hour.
    #[test]
    fn one_forged_answer_while_two_servers_are_silent_corrects_nothing() {
        let clock = measure(&[time_server(Some(3600.0)), time_server(None), time_server(None)]);
        assert_eq!(clock.view().offset, None);
        assert_eq!(clock.now(), NOW, "even with correction confirmed, the system clock's time");
    }

    #[test]
    fn two_of_three_servers_agreeing_correct_the_clock() {
        let clock = measure(&[time_server(Some(3600.0)), time_server(None), time_server(Some(3600.0))]);
        assert_eq!(clock.view().offset, Some(3600.0));
        assert_eq!(clock.now(), NOW + 3600);
    }

    #[test]
    fn small_offsets_are_corrected_large_ones_only_when_confirmed() {
        let clock = CorrectedClock::new(FixedClock(1_000_000));
        assert_eq!(clock.now(), 1_000_000);
        clock.set_offset(10.0);
        assert_eq!(clock.now(), 1_000_000, "within the tolerance: left alone");
        clock.set_offset(-60.4);
        assert_eq!(clock.now(), 999_939, "a minute ahead: corrected");
        assert!(clock.view().correcting);
        clock.set_offset(3600.0);
        assert_eq!(clock.now(), 1_000_000, "an hour: not without the user's word");
        assert!(clock.view().needs_confirmation);
        clock.set_correction(true);
        assert_eq!(clock.now(), 1_003_600);
        clock.set_correction(false);
        assert_eq!(clock.now(), 1_000_000);
        clock.set_offset(f64::NAN);
        assert_eq!(clock.view().offset, Some(3600.0), "a non-number is never recorded");
    }
}
