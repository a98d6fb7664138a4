//! One account as it travels: each field a last-writer-wins register, the secrets a multi-value
//! register, and two version vectors that decide whether a removal holds. `writes` is, per device, the
//! stamp of its latest write on the account; a removal records the `writes` its device had seen. The
//! account is gone only while every device's latest write is one the removals had seen: an edit made
//! without seeing the removal (on another computer, at the same time) keeps the account, whole.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::hlc::Hlc;
use crate::id::DeviceId;
use crate::limit;
use crate::lww::Lww;
use crate::secret::{Credential, Secrets};
use crate::value::{Edit, Fields, Icon, Note};

/// Per device, the stamp of its latest write seen. The join is the pointwise maximum.
pub type Versions = BTreeMap<DeviceId, Hlc>;

/// The pointwise maximum; whether it changed `ours`.
fn join_versions(ours: &mut Versions, theirs: &Versions) -> bool {
    let mut changed = false;
    for (device, at) in theirs {
        match ours.get_mut(device) {
            Some(mine) if *mine >= *at => {}
            Some(mine) => {
                *mine = *at;
                changed = true;
            }
            None => {
                ours.insert(*device, *at);
                changed = true;
            }
        }
    }
    changed
}

/// One account's record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// The stamp of the write that added it (the smallest, should two claim it).
    created: Hlc,
    issuer: Lww<Option<String>>,
    name: Lww<String>,
    groups: Lww<Vec<String>>,
    favourite: Lww<bool>,
    note: Lww<Option<Note>>,
    icon: Lww<Icon>,
    sites: Lww<Vec<String>>,
    secrets: Secrets,
    writes: Versions,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    removed: Option<Versions>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    removed_at: Option<Hlc>,
}

impl Record {
    /// An account added at `at` (by `at`'s device) with these fields, secret and HOTP counter.
    pub fn new(at: Hlc, fields: Fields, credential: Credential, counter: u64) -> Self {
        let Fields { issuer, name, groups, favourite, note, icon, sites } = fields;
        Self {
            created: at,
            issuer: Lww::new(at, issuer),
            name: Lww::new(at, name),
            groups: Lww::new(at, groups),
            favourite: Lww::new(at, favourite),
            note: Lww::new(at, note),
            icon: Lww::new(at, icon),
            sites: Lww::new(at, sites),
            secrets: Secrets::first(at, credential, counter),
            writes: Versions::from([(at.device(), at)]),
            removed: None,
            removed_at: None,
        }
    }

    /// Whether the account is there: never removed, or written to by a device after (or without
    /// seeing) every removal.
    pub fn is_alive(&self) -> bool {
        let Some(removed) = &self.removed else { return true };
        self.writes.iter().any(|(device, at)| removed.get(device).is_none_or(|seen| at > seen))
    }

    /// The fields as merged.
    pub fn fields(&self) -> Fields {
        Fields {
            issuer: self.issuer.value().clone(),
            name: self.name.value().clone(),
            groups: self.groups.value().clone(),
            favourite: *self.favourite.value(),
            note: self.note.value().clone(),
            icon: self.icon.value().clone(),
            sites: self.sites.value().clone(),
        }
    }

    /// Its secrets.
    pub fn secrets(&self) -> &Secrets {
        &self.secrets
    }

    /// When it was added.
    pub fn created(&self) -> Hlc {
        self.created
    }

    /// `device`'s latest write to it (its removals not counted).
    pub fn latest_by(&self, device: DeviceId) -> Option<Hlc> {
        self.writes.get(&device).copied()
    }

    /// When it was last removed, if ever (kept until the removal expires).
    pub fn removed_at(&self) -> Option<Hlc> {
        self.removed_at
    }

    /// Applies `edit`, written at `at`.
    pub(crate) fn edit(&mut self, at: Hlc, edit: Edit) {
        match edit {
            Edit::Issuer(v) => self.issuer.set(at, v),
            Edit::Name(v) => self.name.set(at, v),
            Edit::Groups(v) => self.groups.set(at, v),
            Edit::Favourite(v) => self.favourite.set(at, v),
            Edit::Note(v) => self.note.set(at, v),
            Edit::Icon(v) => self.icon.set(at, v),
            Edit::Sites(v) => self.sites.set(at, v),
        }
        self.wrote(at);
    }

    /// Replaces its secrets with `credential`, written at `at`.
    pub(crate) fn replace_secret(&mut self, at: Hlc, credential: Credential, counter: u64) {
        self.secrets.replace(at, credential, counter);
        self.wrote(at);
    }

    /// Raises the HOTP counter of the secret written at `secret`, at `at`.
    pub(crate) fn advance(&mut self, at: Hlc, secret: Hlc, counter: u64) -> Result<(), Error> {
        self.secrets.advance(secret, counter)?;
        self.wrote(at);
        Ok(())
    }

    /// Removes it at `at`: a tombstone over every write seen here.
    pub(crate) fn remove(&mut self, at: Hlc) {
        let mut seen = self.writes.clone();
        seen.insert(at.device(), at);
        join_versions(self.removed.get_or_insert_with(Versions::new), &seen);
        self.removed_at = self.removed_at.max(Some(at));
    }

    fn wrote(&mut self, at: Hlc) {
        join_versions(&mut self.writes, &Versions::from([(at.device(), at)]));
    }

    /// The join, field by field. Commutative, associative, idempotent, as each part is. Whether it
    /// changed this one.
    pub fn join(&mut self, other: &Self) -> bool {
        let mut changed = other.created < self.created || other.removed_at > self.removed_at;
        self.created = self.created.min(other.created);
        self.removed_at = self.removed_at.max(other.removed_at);
        changed |= self.issuer.join(&other.issuer);
        changed |= self.name.join(&other.name);
        changed |= self.groups.join(&other.groups);
        changed |= self.favourite.join(&other.favourite);
        changed |= self.note.join(&other.note);
        changed |= self.icon.join(&other.icon);
        changed |= self.sites.join(&other.sites);
        changed |= self.secrets.join(&other.secrets);
        changed |= join_versions(&mut self.writes, &other.writes);
        if let Some(theirs) = &other.removed {
            changed |= self.removed.is_none();
            changed |= join_versions(self.removed.get_or_insert_with(Versions::new), theirs);
        }
        changed
    }

    /// Every stamp it holds (to move the reader's clock past them, and to find one too far ahead).
    pub(crate) fn stamps(&self) -> impl Iterator<Item = Hlc> + '_ {
        [
            self.created,
            self.issuer.at(),
            self.name.at(),
            self.groups.at(),
            self.favourite.at(),
            self.note.at(),
            self.icon.at(),
            self.sites.at(),
        ]
        .into_iter()
        .chain(self.secrets.stamps())
        .chain(self.writes.values().copied())
        .chain(self.removed.iter().flat_map(|r| r.values().copied()))
        .chain(self.removed_at)
    }

    /// Forgets what expires at `horizon_ms` (replaced secrets' stamps).
    pub(crate) fn expire(&mut self, horizon_ms: u64) {
        self.secrets.expire(horizon_ms);
    }

    /// Checks what a merge or a local write can grow past its bound: the secrets kept and replaced, and
    /// the devices in the version vectors (the fields are each one side's value, checked where written).
    pub(crate) fn check_counts(&self) -> Result<(), Error> {
        self.secrets.check()?;
        limit::count("devices", self.writes.len(), limit::DEVICES)?;
        limit::count("devices", self.removed.as_ref().map_or(0, BTreeMap::len), limit::DEVICES)
    }

    /// Checks the bounds of a record read from a file.
    pub(crate) fn check(&self) -> Result<(), Error> {
        let fields = self.fields();
        [
            Edit::Issuer(fields.issuer),
            Edit::Name(fields.name),
            Edit::Groups(fields.groups),
            Edit::Note(fields.note),
            Edit::Icon(fields.icon),
            Edit::Sites(fields.sites),
        ]
        .iter()
        .try_for_each(Edit::check)?;
        self.check_counts()?;
        // Each device's own stamps in the version vectors, or the vectors mean nothing.
        let keyed = |v: &Versions| v.iter().all(|(device, at)| at.device() == *device);
        if !keyed(&self.writes) || !self.removed.as_ref().is_none_or(keyed) {
            return Err(Error::Damaged("a version vector with another device's stamp"));
        }
        Ok(())
    }
}
