//! What one account is and the codes it gives: the secret (which wipes itself and never prints), HOTP,
//! TOTP and Steam codes, the account with its issuer and name, `otpauth://` links, and the clock codes are
//! computed at; and the [`Kind`] of failure that every library error of Keyfob's names (here, the lowest
//! crate with errors; `keyfob_core::Kind` is the same type).
//!
//! Its own crate, near the bottom of the house: it owns these and must not know where accounts are kept
//! or how they travel (the vault is `keyfob-vault`'s, exports and imports `keyfob-interop`'s; `keyfob-core` re-exports this crate's
//! modules), nor read a file, the system clock or the environment: time comes in as a [`Clock`].

pub mod account;
pub mod clock;
pub mod kind;
pub mod otp;
pub mod quote;
pub mod secret;
pub mod uri;

pub use account::Account;
pub use clock::{Clock, FixedClock};
pub use kind::Kind;
pub use otp::{Algorithm, Code, Digits, Method, Period};
pub use secret::OtpSecret;
