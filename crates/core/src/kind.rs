//! What sort of failure an error is: [`Kind`], defined beside accounts in `keyfob-otp` (the lowest crate
//! whose errors say their kind) and named here too, where every crate above has always found it.

pub use keyfob_otp::kind::Kind;
