//! The app's clock: the system clock, corrected by the offset time servers agree on when it is more than
//! [`keyfob_net::TOLERANCE_SECS`] off and the user has not turned correction off. An offset past
//! [`keyfob_net::AUTO_CORRECT_LIMIT_SECS`] is corrected only once the user confirms it: unauthenticated
//! time replies must not be able to move the codes by hours on their own.

use std::sync::Mutex;
use std::time::Duration;

use keyfob_core::{Clock, SystemClock};
use serde::Serialize;

/// What the clock check found, as the banner shows it.
#[derive(Debug, Clone, Copy, Serialize, Default)]
pub struct ClockView {
    /// Seconds the system clock is behind (positive) or ahead (negative); `None` until measured, or offline.
    offset: Option<f64>,
    /// Whether the offset is past the tolerance, so the banner shows.
    off: bool,
    /// Whether codes are being corrected.
    correcting: bool,
    /// Whether the offset is too large to correct without the user's word, and they have not given it.
    needs_confirmation: bool,
}

/// What the user said about correcting codes.
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

    /// The offset applied to codes, if any.
    fn applied(&self) -> Option<f64> {
        let applies = match self.correction {
            Correction::Automatic => !self.large(),
            Correction::Confirmed => true,
            Correction::Off => false,
        };
        self.offset.filter(|_| self.off() && applies)
    }
}

/// The corrected clock. Cheap to ask; measured once in the background at start.
pub struct AppClock {
    state: Mutex<State>,
}

impl Default for AppClock {
    fn default() -> Self {
        Self { state: Mutex::new(State { offset: None, correction: Correction::Automatic }) }
    }
}

impl AppClock {
    fn state(&self) -> State {
        *self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn set(&self, change: impl FnOnce(&mut State)) {
        change(&mut self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner));
    }

    /// Asks the configured time servers (in the calling thread; call it from a background thread).
    /// Offline, or when they disagree, nothing changes and nothing is shown.
    pub fn measure(&self) {
        let Some(servers) = keyfob_net::configured_time_servers() else { return };
        match keyfob_net::agreed_clock_offset(&servers, Duration::from_secs(3)) {
            Ok(offset) => self.set(|s| s.offset = Some(offset)),
            Err(e @ keyfob_net::AgreementError::Disagreement(_)) => eprintln!("keyfob-app: clock check: {e}"),
            Err(_) => {}
        }
    }

    /// Turns correction on (whatever the offset: the user confirmed it) or off.
    pub fn set_correction(&self, enabled: bool) {
        self.set(|s| s.correction = if enabled { Correction::Confirmed } else { Correction::Off });
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

impl Clock for AppClock {
    fn now(&self) -> u64 {
        let system = SystemClock.now();
        match self.state().applied() {
            // An offset is a finite number of seconds (SNTP times span 136 years), so it fits in i64.
            Some(offset) => system.saturating_add_signed(offset.round() as i64),
            None => system,
        }
    }
}
