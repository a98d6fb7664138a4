//! Why sync refused a file, a passphrase or an edit. Malformed, changed, wrong passphrase, newer
//! version, over a limit and rolled back are kept apart, because a person acts differently on each:
//! a wrong passphrase is typed again, a changed or rolled-back file is someone else's doing.

use keyfob_otp::Kind;

use crate::id::{DeviceId, Uid};

/// A refusal. Carries ids, sizes and sequences, never a secret or a name from inside a file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Not a Keyfob sync file at all (another magic, not the folder file's JSON).
    #[error("not a Keyfob sync file")]
    NotSync,
    /// Cut short or inconsistent: its stated length is not what is there, or its content is not the
    /// format's.
    #[error("the sync file is damaged or truncated ({0})")]
    Damaged(&'static str),
    /// Written by a newer Keyfob in a format version this one does not read.
    #[error("the sync file has format version {0}, written by a newer Keyfob")]
    Unsupported(u64),
    /// Bigger than what is read at all.
    #[error("the sync file is {size} bytes, over the limit of {limit}")]
    TooLarge {
        /// Its size, as found or as stated.
        size: u64,
        /// The most read.
        limit: u64,
    },
    /// More of something than a state may hold.
    #[error("the sync file holds {count} {what}, over the limit of {limit}")]
    TooMany {
        /// What there is too much of (`records`, `devices`, `secrets`…).
        what: &'static str,
        /// How many.
        count: usize,
        /// The most allowed.
        limit: usize,
    },
    /// A value over its length limit.
    #[error("a {field} of {len} bytes is over the limit of {limit}")]
    TooLong {
        /// Which field.
        field: &'static str,
        /// Its length in bytes.
        len: usize,
        /// The most allowed.
        limit: usize,
    },
    /// The passphrase does not open this folder: its key check differs.
    #[error("the sync passphrase does not open this folder")]
    WrongPassphrase,
    /// A chosen passphrase under the minimum length.
    #[error("a sync passphrase needs at least {0} characters")]
    PassphraseTooShort(usize),
    /// The right key, but the file does not open: changed after it was written, or from another
    /// folder, or relabelled with another sequence.
    #[error("the file from device {0} was changed, or belongs to another folder")]
    Unauthentic(DeviceId),
    /// The file's header names another device than its file name.
    #[error("the file named for device {named} holds device {inside}'s data")]
    Misnamed {
        /// The device its name says.
        named: DeviceId,
        /// The device its header says.
        inside: DeviceId,
    },
    /// An older file of a device than one already merged: put back by someone or something.
    #[error("device {device}'s file has sequence {sequence}, older than {seen} already read: refused as a rollback")]
    Rollback {
        /// The device.
        device: DeviceId,
        /// The file's sequence.
        sequence: u64,
        /// The highest already merged.
        seen: u64,
    },
    /// The file holds a stamp too far ahead of this computer's clock.
    #[error("device {device}'s clock is {ahead_ms} ms ahead of this computer's")]
    ClockAhead {
        /// The device whose file it is.
        device: DeviceId,
        /// How far ahead of the reader's clock.
        ahead_ms: u64,
    },
    /// A device file written longer ago than removals are safely remembered ([`crate::limit::FILE_AGE_MS`]):
    /// it may list accounts whose removal has expired.
    #[error("device {device}'s file was written {age_ms} ms ago, longer ago than removals are remembered")]
    TooOld {
        /// The device whose file it is.
        device: DeviceId,
        /// How old, by the writer's clock against the reader's.
        age_ms: u64,
    },
    /// A name in the folder dressed as Keyfob's but not one of its forms, or a path trick.
    #[error("a name in the sync folder was refused: {0}")]
    Name(&'static str),
    /// A device removed from the group.
    #[error("device {0} was removed from the group")]
    Retired(DeviceId),
    /// An edit of an account the state does not hold (or holds removed).
    #[error("no account {0}")]
    NoAccount(Uid),
    /// An account added under a uid already used.
    #[error("account {0} is already there")]
    AccountExists(Uid),
    /// The key derivation or the random source failed.
    #[error(transparent)]
    Crypto(#[from] keyfob_crypto::Error),
}

impl Error {
    /// What sort of failure this is, for the programs' tables of words and exit statuses.
    pub fn kind(&self) -> Kind {
        match self {
            Self::NotSync | Self::Damaged(_) | Self::Unauthentic(_) | Self::Misnamed { .. } | Self::Rollback { .. } => {
                Kind::Integrity
            }
            Self::Unsupported(_) => Kind::Unsupported,
            Self::TooLarge { .. } | Self::TooMany { .. } | Self::TooLong { .. } => Kind::Limit,
            Self::WrongPassphrase => Kind::WrongSecret,
            Self::PassphraseTooShort(_) => Kind::Input,
            Self::ClockAhead { .. } | Self::TooOld { .. } | Self::Retired(_) | Self::Name(_) => Kind::Rejected,
            Self::NoAccount(_) => Kind::NotFound,
            Self::AccountExists(_) => Kind::Conflict,
            Self::Crypto(keyfob_crypto::Error::ExcessiveCost { .. }) => Kind::Limit,
            Self::Crypto(keyfob_crypto::Error::Unauthentic | keyfob_crypto::Error::NotAKey) => Kind::Integrity,
            Self::Crypto(_) => Kind::Environment,
        }
    }
}
