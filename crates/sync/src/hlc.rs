//! The hybrid logical clock: every write is stamped `[wall_ms, counter, device]`, ordered in that order.
//! Wall time keeps stamps close to when things happened, so "the last write wins" means what a person
//! expects; the counter keeps a device's stamps strictly increasing when its clock stands still or goes
//! back; the device id makes any two devices' stamps differ. A device's clock moves past every stamp it
//! reads, so a write made after seeing another is always stamped after it.

use serde::{Deserialize, Serialize};

use crate::id::DeviceId;

/// One stamp. Totally ordered: wall time, then counter, then device.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Hlc(u64, u32, DeviceId);

impl Hlc {
    /// A stamp as given (reading one back, or in tests).
    pub const fn new(wall_ms: u64, counter: u32, device: DeviceId) -> Self {
        Self(wall_ms, counter, device)
    }

    /// Milliseconds since the Unix epoch, as the writer's clock (or a clock it had seen) said.
    pub const fn wall_ms(&self) -> u64 {
        self.0
    }

    /// Which write within that millisecond.
    pub const fn counter(&self) -> u32 {
        self.1
    }

    /// The device that wrote it.
    pub const fn device(&self) -> DeviceId {
        self.2
    }
}

/// One device's clock: the last stamp it made or saw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clock {
    device: DeviceId,
    wall_ms: u64,
    counter: u32,
}

impl Clock {
    /// A clock that has made and seen nothing yet.
    pub const fn new(device: DeviceId) -> Self {
        Self { device, wall_ms: 0, counter: 0 }
    }

    /// The clock as it was left: `last` is the last stamp it made or saw (from any device).
    pub const fn resume(device: DeviceId, last: Hlc) -> Self {
        Self { device, wall_ms: last.0, counter: last.1 }
    }

    /// A stamp for a write now (`now_ms`: the system's wall clock), after every stamp made or seen.
    pub fn tick(&mut self, now_ms: u64) -> Hlc {
        if now_ms > self.wall_ms {
            self.wall_ms = now_ms;
            self.counter = 0;
        } else if let Some(next) = self.counter.checked_add(1) {
            self.counter = next;
        } else {
            // Four billion writes in one millisecond: borrow the next one. Wall time is bounded by the
            // readers' clock-ahead check long before this could overflow.
            self.wall_ms = self.wall_ms.saturating_add(1);
            self.counter = 0;
        }
        Hlc(self.wall_ms, self.counter, self.device)
    }

    /// Moves the clock past `seen`, a stamp read from another device, so the next tick is after it.
    pub fn observe(&mut self, seen: Hlc) {
        if (seen.0, seen.1) > (self.wall_ms, self.counter) {
            self.wall_ms = seen.0;
            self.counter = seen.1;
        }
    }

    /// The last stamp made or seen, as this device's (to store, and to stamp a file with).
    pub const fn last(&self) -> Hlc {
        Hlc(self.wall_ms, self.counter, self.device)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::id::ID_LEN;

    #[test]
    fn stamps_increase_when_the_wall_clock_stands_still_or_goes_back_and_pass_what_was_seen() {
        let me = DeviceId::from_bytes([1; ID_LEN]);
        let other = DeviceId::from_bytes([2; ID_LEN]);
        let mut clock = Clock::new(me);
        let a = clock.tick(1000);
        let b = clock.tick(1000);
        let c = clock.tick(900);
        assert!(a < b && b < c, "{a:?} {b:?} {c:?}");
        assert_eq!(c, Hlc::new(1000, 2, me));
        clock.observe(Hlc::new(5000, 7, other));
        let d = clock.tick(1200);
        assert_eq!(d, Hlc::new(5000, 8, me));
        assert!(Hlc::new(5000, 7, other) < d);
        let mut full = Clock::resume(me, Hlc::new(10, u32::MAX, me));
        assert_eq!(full.tick(0), Hlc::new(11, 0, me));
    }
}
