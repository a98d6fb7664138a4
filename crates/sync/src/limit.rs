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
/// How far apart two devices' clocks may be: as far as a file's stamps may be ahead of its reader's.
pub const SKEW_MS: u64 = CLOCK_AHEAD_MS;
/// What old files and staleness keep back from [`TOMBSTONE_MS`]: twice the skew. A file written just
/// before a removal may carry a clock one skew past the removal's stamp, and its reader's clock may be one
/// skew behind the clock of the device that let the removal expire; with two skews of margin such a file
/// is refused everywhere once the removal has expired anywhere.
pub const MARGIN_MS: u64 = 2 * SKEW_MS;
/// The oldest a device file may be, by its writer's clock against its reader's: 178 days. An older file
/// may list accounts whose removal has expired elsewhere, so it is refused ([`crate::Error::TooOld`]).
pub const FILE_AGE_MS: u64 = TOMBSTONE_MS - MARGIN_MS;
/// A device that has not exchanged for longer than this is stale and rejoins
/// ([`crate::Replica::is_stale`], [`crate::Replica::rejoin`]): 178 days, before removals expire.
pub const STALE_MS: u64 = TOMBSTONE_MS - MARGIN_MS;
/// A device writes its file again, even unchanged, when its last file is this old (a week), so the files
/// of a group that changes nothing stay younger than [`FILE_AGE_MS`] and a new device can read them.
pub const REFRESH_MS: u64 = 7 * 24 * 60 * 60 * 1000;

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
