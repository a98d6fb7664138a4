//! The app's clock: the system clock, corrected by the offset a time server reports when it is more than
//! [`keyfob_net::TOLERANCE_SECS`] off and the user has not turned correction off.

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
}

#[derive(Debug, Clone, Copy)]
struct State {
    offset: Option<f64>,
    correction_wanted: bool,
}

/// The corrected clock. Cheap to ask; measured once in the background at start.
pub struct AppClock {
    state: Mutex<State>,
}

impl Default for AppClock {
    fn default() -> Self {
        Self { state: Mutex::new(State { offset: None, correction_wanted: true }) }
    }
}

impl AppClock {
    fn state(&self) -> State {
        *self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn set(&self, change: impl FnOnce(&mut State)) {
        change(&mut self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner));
    }

    /// Asks the configured time server (in the calling thread; call it from a background thread). Offline,
    /// nothing changes and nothing is shown.
    pub fn measure(&self) {
        let Some(server) = keyfob_net::configured_time_server() else { return };
        if let Ok(offset) = keyfob_net::clock_offset(&server, Duration::from_secs(3)) {
            self.set(|s| s.offset = Some(offset));
        }
    }

    /// Turns correction on or off.
    pub fn set_correction(&self, enabled: bool) {
        self.set(|s| s.correction_wanted = enabled);
    }

    /// The banner's view.
    pub fn view(&self) -> ClockView {
        let state = self.state();
        let off = state.offset.is_some_and(|o| o.abs() > keyfob_net::TOLERANCE_SECS);
        ClockView { offset: state.offset, off, correcting: off && state.correction_wanted }
    }
}

impl Clock for AppClock {
    fn now(&self) -> u64 {
        let system = SystemClock.now();
        let state = self.state();
        match state.offset {
            Some(offset) if state.correction_wanted && offset.abs() > keyfob_net::TOLERANCE_SECS => {
                system.saturating_add_signed(offset.round() as i64)
            }
            _ => system,
        }
    }
}
