//! What may organise an account, wherever it comes from (typed, imported, restored, read from the vault):
//! its groups and its note, with their limits. Below the vault and the portable form, which both keep
//! these rules and neither holds them.

use keyfob_otp::account::{NameError, check_name};

/// The most groups one account is in.
pub const MAX_GROUPS: usize = 32;
/// The longest group name, in bytes.
pub const MAX_GROUP_BYTES: usize = 64;
/// The longest note, in bytes of UTF-8.
pub const MAX_NOTE_BYTES: usize = 4096;

/// Why groups or a note were refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum OrganiseError {
    /// A group name that is empty once trimmed.
    #[error("a group needs a name")]
    EmptyGroup,
    /// A group name over [`MAX_GROUP_BYTES`].
    #[error("the group name is {len} bytes long, over the limit of {MAX_GROUP_BYTES} bytes")]
    GroupTooLong {
        /// Its length in bytes.
        len: usize,
    },
    /// More than [`MAX_GROUPS`] groups for one account.
    #[error("an account can be in at most {MAX_GROUPS} groups")]
    TooManyGroups,
    /// A group name with a control or invisible formatting character.
    #[error(transparent)]
    Name(#[from] NameError),
    /// A note over [`MAX_NOTE_BYTES`].
    #[error("the note is {len} bytes long, over the limit of {MAX_NOTE_BYTES} bytes")]
    NoteTooLong {
        /// Its length in bytes.
        len: usize,
    },
}

impl OrganiseError {
    /// What sort of failure this is: a group or note over its limit, or too many groups, is
    /// [`keyfob_core::Kind::Limit`]; a name the rules refuse is [`keyfob_core::Kind::Rejected`].
    pub fn kind(&self) -> keyfob_core::Kind {
        match self {
            Self::GroupTooLong { .. } | Self::TooManyGroups | Self::NoteTooLong { .. } => keyfob_core::Kind::Limit,
            Self::EmptyGroup => keyfob_core::Kind::Rejected,
            Self::Name(e) => e.kind(),
        }
    }
}

/// The groups as they are kept: each trimmed and checked like a name, duplicates (ignoring case) dropped
/// after the first, in the order given.
///
/// # Errors
/// [`OrganiseError`] for an empty, over-long or invisible-character name, or too many groups.
pub fn groups<S: AsRef<str>>(names: &[S]) -> Result<Vec<String>, OrganiseError> {
    let mut kept: Vec<String> = Vec::new();
    for name in names {
        let name = name.as_ref().trim();
        if name.is_empty() {
            return Err(OrganiseError::EmptyGroup);
        }
        if name.len() > MAX_GROUP_BYTES {
            return Err(OrganiseError::GroupTooLong { len: name.len() });
        }
        check_name("group", name)?;
        if !kept.iter().any(|k| k.to_lowercase() == name.to_lowercase()) {
            kept.push(name.to_owned());
        }
    }
    if kept.len() > MAX_GROUPS {
        return Err(OrganiseError::TooManyGroups);
    }
    Ok(kept)
}

/// Checks a note's length.
///
/// # Errors
/// [`OrganiseError::NoteTooLong`].
pub fn check_note(note: &str) -> Result<(), OrganiseError> {
    if note.len() > MAX_NOTE_BYTES {
        return Err(OrganiseError::NoteTooLong { len: note.len() });
    }
    Ok(())
}
