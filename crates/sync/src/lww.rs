//! The last-writer-wins register: a value and the stamp of the write that set it. The join keeps the
//! later stamp; equal stamps (which honest devices never make: a stamp names its device and each device's
//! stamps increase) keep the larger value, so the join is still the same whichever side it runs on.

use serde::{Deserialize, Serialize};

use crate::hlc::Hlc;

/// A value with the stamp of its write.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lww<T> {
    at: Hlc,
    value: T,
}

impl<T: Ord + Clone> Lww<T> {
    /// `value`, written at `at`.
    pub const fn new(at: Hlc, value: T) -> Self {
        Self { at, value }
    }

    /// The value that won.
    pub const fn value(&self) -> &T {
        &self.value
    }

    /// When it was written.
    pub const fn at(&self) -> Hlc {
        self.at
    }

    /// Writes `value` at `at`, as a join with that write (an older stamp changes nothing).
    pub fn set(&mut self, at: Hlc, value: T) {
        if (at, &value) > (self.at, &self.value) {
            *self = Self { at, value };
        }
    }

    /// The join: the later write of the two. Commutative, associative, idempotent. Whether it changed
    /// this one.
    pub fn join(&mut self, other: &Self) -> bool {
        let later = (other.at, &other.value) > (self.at, &self.value);
        if later {
            self.clone_from(other);
        }
        later
    }
}
