//! The bounds a state and a file are held to, checked when a file is read and when a device writes, so
//! a hostile or broken device cannot make the others allocate, store or show without end.

use crate::error::Error;

/// The largest device file read (an account with a 64 KiB picture is about 90 KiB in it).
pub const FILE_BYTES: usize = 64 * 1024 * 1024;
/// The most names of the folder a reader looks at (more are counted, not read): thousands of junk files
/// cost a listing, not thousands of reads.
pub const FOLDER_ENTRIES: usize = 10_000;
/// The most devices a state names.
pub const DEVICES: usize = 32;
/// The most records a state holds, removed ones included.
pub const RECORDS: usize = 10_000;
/// The most secrets one account keeps at once (each written without seeing the others).
pub const SECRETS: usize = 8;
/// The most replaced secrets one account remembers.
pub const SUPERSEDED: usize = 256;
/// The longest secret, in bytes.
pub const SECRET_BYTES: usize = 1024;
/// The longest issuer, account or device name (as the vault's names).
pub const NAME_BYTES: usize = 256;
/// The most groups of an account, and the longest group name (as the vault's).
pub const GROUPS: usize = 32;
/// See [`GROUPS`].
pub const GROUP_BYTES: usize = 64;
/// The longest note (as the vault's).
pub const NOTE_BYTES: usize = 4096;
/// The most websites of an account, and the longest (a domain name).
pub const SITES: usize = 16;
/// See [`SITES`].
pub const SITE_BYTES: usize = 253;
/// The longest Simple Icons name.
pub const BRAND_BYTES: usize = 64;
/// The longest picture, as base64 of a PNG of at most 64 KiB.
pub const PICTURE_BYTES: usize = 87_384;
/// How far ahead of the reader's clock a stamp in a file may be: one day.
pub const CLOCK_AHEAD_MS: u64 = 24 * 60 * 60 * 1000;
/// How long a removal is remembered: 180 days.
pub const TOMBSTONE_MS: u64 = 180 * 24 * 60 * 60 * 1000;

/// `len` bytes of `field` within `limit`.
pub(crate) fn bytes(field: &'static str, len: usize, limit: usize) -> Result<(), Error> {
    if len > limit { Err(Error::TooLong { field, len, limit }) } else { Ok(()) }
}

/// `count` of `what` within `limit`.
pub(crate) fn count(what: &'static str, count: usize, limit: usize) -> Result<(), Error> {
    if count > limit { Err(Error::TooMany { what, count, limit }) } else { Ok(()) }
}

/// A list of at most `most` strings of at most `each` bytes.
pub(crate) fn list(what: &'static str, items: &[String], most: usize, each: usize) -> Result<(), Error> {
    count(what, items.len(), most)?;
    items.iter().try_for_each(|item| bytes(what, item.len(), each))
}
