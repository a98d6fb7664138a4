//! The values an account's fields hold as they travel: as the vault keeps them (docs/vault-format.md),
//! checked here only for size. Whether a name or group follows the vault's rules is the store's to check
//! when it turns a record into a vault entry, where a refusal can name the account.

use std::fmt;

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::error::Error;
use crate::id::Uid;
use crate::limit;

/// A note: may hold recovery codes, so it is wiped on drop and never printed.
/// `Clone` because the merge copies records between states; every copy is wiped too.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Note(Zeroizing<String>);

impl Note {
    /// A note of at most [`limit::NOTE_BYTES`].
    ///
    /// # Errors
    /// [`Error::TooLong`].
    pub fn new(text: Zeroizing<String>) -> Result<Self, Error> {
        limit::bytes("note", text.len(), limit::NOTE_BYTES)?;
        Ok(Self(text))
    }

    /// The text.
    ///
    /// # Security
    /// May hold recovery codes: show it only where the user asked to see it.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }
}

impl PartialOrd for Note {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Note {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.as_str().cmp(other.0.as_str())
    }
}

impl fmt::Debug for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Note([redacted])")
    }
}

/// The icon an account shows, as the vault stores it.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase", deny_unknown_fields)]
pub enum Icon {
    /// The brand its issuer names, else its letter.
    #[default]
    Automatic,
    /// Its letter avatar.
    Letter,
    /// A Simple Icons brand, by name.
    Brand(String),
    /// A picture: base64 of the PNG Keyfob made.
    Picture(String),
}

/// How the list is ordered; favourites come first in each.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sort {
    /// As the user placed them.
    #[default]
    Manual,
    /// By issuer, then account name.
    Name,
    /// Most copied on this computer first.
    Used,
}

/// The list's order, one value for the whole list.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Order {
    /// The sort.
    pub sort: Sort,
    /// The manual order, by uid.
    pub manual: Vec<Uid>,
}

/// What an account's fields hold (not its secret): what a device adds, and what the merged state shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fields {
    /// The service (`GitHub`), if known.
    pub issuer: Option<String>,
    /// The user's name there.
    pub name: String,
    /// Its groups, in the user's order.
    pub groups: Vec<String>,
    /// Pinned to the top.
    pub favourite: bool,
    /// Its note.
    pub note: Option<Note>,
    /// Its icon.
    pub icon: Icon,
    /// Its websites (registrable domains).
    pub sites: Vec<String>,
}

/// One change to one field of an account.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Edit {
    /// Renames the issuer.
    Issuer(Option<String>),
    /// Renames the account.
    Name(String),
    /// Sets its groups.
    Groups(Vec<String>),
    /// Pins or unpins it.
    Favourite(bool),
    /// Sets or clears its note.
    Note(Option<Note>),
    /// Sets its icon.
    Icon(Icon),
    /// Sets its websites.
    Sites(Vec<String>),
}

impl Edit {
    /// Checks the sizes of what this edit writes.
    ///
    /// # Errors
    /// [`Error::TooLong`] or [`Error::TooMany`].
    pub fn check(&self) -> Result<(), Error> {
        match self {
            Self::Issuer(issuer) => {
                issuer.as_ref().map_or(Ok(()), |i| limit::bytes("issuer", i.len(), limit::NAME_BYTES))
            }
            Self::Name(name) => limit::bytes("name", name.len(), limit::NAME_BYTES),
            Self::Groups(groups) => limit::list("groups", groups, limit::GROUPS, limit::GROUP_BYTES),
            Self::Favourite(_) | Self::Note(None) => Ok(()),
            Self::Note(Some(note)) => limit::bytes("note", note.expose_secret().len(), limit::NOTE_BYTES),
            Self::Icon(Icon::Automatic | Icon::Letter) => Ok(()),
            Self::Icon(Icon::Brand(name)) => limit::bytes("icon", name.len(), limit::BRAND_BYTES),
            Self::Icon(Icon::Picture(png)) => limit::bytes("picture", png.len(), limit::PICTURE_BYTES),
            Self::Sites(sites) => limit::list("sites", sites, limit::SITES, limit::SITE_BYTES),
        }
    }
}
