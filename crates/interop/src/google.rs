//! Google Authenticator, both ways: its export protocol ([`migration`], `otpauth-migration://`), and exports
//! written for it to scan ([`write`]). Its export QR codes are read as every text is, by
//! [`crate::payload`], which also names the batches of an export that were not given.

pub mod migration;
mod writer;

pub use writer::{BATCH, batch_id, write};
