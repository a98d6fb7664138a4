//! An account with what travels with it between Keyfob's vault, its backups and other apps' exports: the
//! groups it is in, whether it is pinned to the top, and its note. What an import finds, what a backup
//! holds and what an Aegis export writes is a [`Portable`], so none of it is dropped on the way.

use zeroize::Zeroizing;

use crate::organise::{MAX_GROUPS, OrganiseError, check_note, groups};
use keyfob_core::icon::Icon;
use keyfob_core::site::Site;
use keyfob_otp::account::Account;

/// A part of another app's entry that [`Extras::salvage`] could not keep, and why; the account itself
/// comes in without it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LeftOut {
    /// A group the vault's rules refuse, named by its first 40 characters.
    #[error("its group `{name}` was left out: {reason}")]
    Group {
        /// The group's name, shortened.
        name: String,
        /// Why the vault refuses it.
        reason: OrganiseError,
    },
    /// Groups past [`MAX_GROUPS`]: how many.
    #[error("{0} more groups were left out: {reason}", reason = OrganiseError::TooManyGroups)]
    MoreGroups(usize),
    /// A note the vault refuses (over its length limit).
    #[error("its note was left out: {0}")]
    Note(OrganiseError),
}

/// What organises an account, valid by construction: the groups follow the vault's rules, the note its
/// length limit. The note may hold recovery codes: it is wiped on drop and kept out of `Debug`.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Extras {
    groups: Vec<String>,
    favourite: bool,
    note: Option<Zeroizing<String>>,
    icon: Icon,
    sites: Vec<Site>,
}

impl std::fmt::Debug for Extras {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Extras")
            .field("groups", &self.groups)
            .field("favourite", &self.favourite)
            .field("note", &self.note.as_ref().map(|_| "<redacted>"))
            .field("icon", &self.icon)
            .field("sites", &self.sites)
            .finish()
    }
}

impl Extras {
    /// Checks and keeps `groups` (trimmed, case-duplicates dropped), the pin and the note (none when it is
    /// blank).
    ///
    /// # Errors
    /// [`OrganiseError`] for a group or note the vault would refuse.
    pub fn new<S: AsRef<str>>(groups_given: &[S], favourite: bool, note: Option<&str>) -> Result<Self, OrganiseError> {
        let note = note.filter(|n| !n.trim().is_empty());
        if let Some(text) = note {
            check_note(text)?;
        }
        let note = note.map(|n| Zeroizing::new(n.to_owned()));
        Ok(Self { groups: groups(groups_given)?, favourite, note, icon: Icon::Automatic, sites: Vec::new() })
    }

    /// The same, showing `icon`.
    #[must_use]
    pub fn with_icon(self, icon: Icon) -> Self {
        Self { icon, ..self }
    }

    /// What another app's export gave, keeping every part Keyfob can and saying what it could not: one
    /// [`LeftOut`] per group or note left out, with the reason. Nothing about the account itself is lost.
    pub fn salvage<S: AsRef<str>>(groups_given: &[S], favourite: bool, note: Option<&str>) -> (Self, Vec<LeftOut>) {
        let mut left_out = Vec::new();
        let mut kept: Vec<&str> = Vec::new();
        let mut over = 0usize;
        for name in groups_given.iter().map(AsRef::as_ref).filter(|n| !n.trim().is_empty()) {
            if kept.iter().any(|k| k.trim().to_lowercase() == name.trim().to_lowercase()) {
                continue;
            }
            if kept.len() == MAX_GROUPS {
                over += 1;
                continue;
            }
            let mut trial = kept.clone();
            trial.push(name);
            match groups(&trial) {
                Ok(_) => kept = trial,
                Err(reason) => left_out.push(LeftOut::Group { name: shorten(name), reason }),
            }
        }
        if over > 0 {
            left_out.push(LeftOut::MoreGroups(over));
        }
        let note = match note.filter(|n| !n.trim().is_empty()).map(|n| check_note(n).map(|()| n)) {
            Some(Err(e)) => {
                left_out.push(LeftOut::Note(e));
                None
            }
            Some(Ok(text)) => Some(text),
            None => None,
        };
        // Every group kept was checked above, and the note: this cannot fail.
        let extras = Self::new(&kept, favourite, note).unwrap_or_default();
        (extras, left_out)
    }

    /// The groups, in the order given.
    pub fn groups(&self) -> &[String] {
        &self.groups
    }

    /// Whether it is pinned to the top of the list.
    pub fn favourite(&self) -> bool {
        self.favourite
    }

    /// The note, if there is one.
    ///
    /// # Security
    /// It may hold recovery codes: show it only where the user asked to see it.
    pub fn note(&self) -> Option<&str> {
        self.note.as_deref().map(String::as_str)
    }

    /// The same, linked to `sites` (as [`keyfob_core::site::sites`] keeps them).
    #[must_use]
    pub fn with_sites(self, sites: Vec<Site>) -> Self {
        Self { sites, ..self }
    }

    /// The icon it shows.
    pub fn icon(&self) -> &Icon {
        &self.icon
    }

    /// The websites it belongs to.
    pub fn sites(&self) -> &[Site] {
        &self.sites
    }

    /// Whether there is nothing to keep (no group, pin, note or site, the automatic icon).
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
            && !self.favourite
            && self.note.is_none()
            && self.icon == Icon::Automatic
            && self.sites.is_empty()
    }
}

/// A group name as a message shows it: the first 40 characters of a name that may be long or hostile.
fn shorten(name: &str) -> String {
    let mut short: String = name.chars().take(40).collect();
    if short.len() < name.len() {
        short.push('…');
    }
    short.escape_debug().to_string()
}

/// An account and its [`Extras`].
#[derive(Debug, PartialEq, Eq)]
pub struct Portable {
    /// The account.
    pub account: Account,
    /// Its groups, pin and note.
    pub extras: Extras,
}

impl From<Account> for Portable {
    fn from(account: Account) -> Self {
        Self { account, extras: Extras::default() }
    }
}

impl Portable {
    /// A copy (it holds a secret, so this is explicit, as [`Account::duplicate`] is).
    pub fn duplicate(&self) -> Self {
        Self { account: self.account.duplicate(), extras: self.extras.clone() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn salvage_keeps_what_the_vault_keeps_and_names_the_rest() {
        let long = "x".repeat(65);
        let (extras, left_out) =
            Extras::salvage(&["Work", "", "work", &long, "bad\u{202E}name", " Banking "], true, Some(" note "));
        assert_eq!(extras.groups(), ["Work", "Banking"]);
        assert!(extras.favourite());
        assert_eq!(extras.note(), Some(" note "));
        assert_eq!(left_out.len(), 2, "{left_out:?}");
        assert!(matches!(&left_out[0], LeftOut::Group { reason: OrganiseError::GroupTooLong { len: 65 }, .. }));
        assert!(left_out[0].to_string().starts_with(
            "its group `xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…` was left out: the group name is 65 bytes"
        ));
        assert!(matches!(&left_out[1], LeftOut::Group { reason: OrganiseError::Name(_), .. }));
        assert!(left_out[1].to_string().contains("invisible formatting character"), "{left_out:?}");

        let (extras, left_out) = Extras::salvage::<&str>(&[], false, Some(&"n".repeat(5000)));
        assert!(extras.is_empty());
        assert_eq!(left_out, [LeftOut::Note(OrganiseError::NoteTooLong { len: 5000 })]);
        assert_eq!(
            left_out[0].to_string(),
            "its note was left out: the note is 5000 bytes long, over the limit of 4096 bytes"
        );
        let many: Vec<String> = (0..40).map(|i| format!("g{i}")).collect();
        let (extras, left_out) = Extras::salvage(&many, false, None);
        assert_eq!(extras.groups().len(), 32);
        assert_eq!(left_out, [LeftOut::MoreGroups(8)]);
        assert_eq!(left_out[0].to_string(), "8 more groups were left out: an account can be in at most 32 groups");
    }

    #[test]
    fn a_note_never_shows_in_debug() {
        let extras = Extras::new(&["Work"], false, Some("recovery 1234-5678")).unwrap();
        assert!(!format!("{extras:?}").contains("1234"));
        assert_eq!(Extras::new::<&str>(&[], false, Some("   ")).unwrap().note(), None);
    }
}
