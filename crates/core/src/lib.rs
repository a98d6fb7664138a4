//! Keyfob's core: the vocabulary every Keyfob crate shares, with no UI, no global state and no I/O of its own.
//!
//! Reach first for [`uri::parse`], which turns an `otpauth://` link into an [`Account`], and
//! [`Account::code_at`], which gives its code at a moment:
//!
//! ```
//! let account = keyfob_core::uri::parse(
//!     "otpauth://totp/Example:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&digits=8",
//! )?;
//! assert_eq!(account.issuer(), Some("Example"));
//! assert_eq!(account.code_at(59).as_str(), "94287082"); // RFC 6238, Appendix B
//! # Ok::<(), keyfob_core::uri::Error>(())
//! ```
//!
//! Pictures go through [`qr::decode_image_bytes`]. Secrets live in [`OtpSecret`], which wipes itself and
//! never prints.
//!
//! Beside the crates it re-exports, core holds the vocabulary every format above shares: what went wrong
//! ([`Kind`]), websites ([`site`]), icons ([`icon`], [`svg`]), text safe for a terminal ([`text`]), a
//! browser's pairing ([`pairing`]) and a time server's answer ([`sntp`]). Keyfob's own files are
//! `keyfob-vault`'s, other apps' files `keyfob-interop`'s, the push protocol `keyfob-push-proto`'s: core
//! depends on none of them, and holds no I/O of its own.

pub mod icon;
pub mod kind;
pub mod pairing;
pub mod site;
pub mod sntp;
pub mod svg;
pub mod text;

/// The cryptography every Keyfob file shares (its own crate, `keyfob-crypto`).
pub use keyfob_crypto as crypto;
/// QR codes found and read in pictures (its own crate, `keyfob-qr`).
pub use keyfob_qr as qr;

/// Accounts and their codes: secrets, HOTP/TOTP/Steam, `otpauth://` links, the clock (its own crate,
/// `keyfob-otp`).
pub use keyfob_otp::{account, clock, otp, secret, uri};

pub use account::Account;
pub use clock::{Clock, FixedClock};
pub use kind::Kind;
pub use otp::{Algorithm, Code, Digits, Method, Period};
pub use secret::OtpSecret;
