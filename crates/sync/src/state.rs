//! Everything a device knows and shares: the records by uid, the devices' names, the devices removed
//! from the group, the list's order. Its join is the join of each part, so it is a join-semilattice:
//! commutative, associative and idempotent. Devices that have merged the same files hold the same state,
//! whatever the order, the repetitions and the delays.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::hlc::Hlc;
use crate::id::{DeviceId, Uid};
use crate::limit;
use crate::lww::Lww;
use crate::record::Record;
use crate::secret::Credential;
use crate::value::{Edit, Fields, Order};

/// The shared state.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct State {
    records: BTreeMap<Uid, Record>,
    devices: BTreeMap<DeviceId, Lww<String>>,
    retired: BTreeSet<DeviceId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    order: Option<Lww<Order>>,
}

impl State {
    /// The join: `other`'s knowledge added to this state's. Whether it changed this one. Unchecked: the
    /// lattice itself, which may exceed the bounds; reading a file uses [`State::join_within`].
    pub fn join(&mut self, other: &Self) -> bool {
        let mut changed = false;
        for (uid, theirs) in &other.records {
            match self.records.get_mut(uid) {
                Some(ours) => changed |= ours.join(theirs),
                None => {
                    self.records.insert(*uid, theirs.clone());
                    changed = true;
                }
            }
        }
        changed | self.join_rest(other)
    }

    /// The join of all but the records.
    fn join_rest(&mut self, other: &Self) -> bool {
        let mut changed = false;
        for (device, theirs) in &other.devices {
            match self.devices.get_mut(device) {
                Some(ours) => changed |= ours.join(theirs),
                None => {
                    self.devices.insert(*device, theirs.clone());
                    changed = true;
                }
            }
        }
        for device in &other.retired {
            changed |= self.retired.insert(*device);
        }
        match (&mut self.order, &other.order) {
            (Some(ours), Some(theirs)) => changed |= ours.join(theirs),
            (None, Some(theirs)) => {
                self.order = Some(theirs.clone());
                changed = true;
            }
            (_, None) => {}
        }
        changed
    }

    /// The join, refused whole when its result would be over a bound this crate refuses to read or write
    /// (two files each within bounds may not be, merged): `self` is then as it was. Whether it changed.
    ///
    /// # Errors
    /// [`Error::TooMany`] for records, devices, retired devices, an account's secrets, replaced secrets
    /// or the devices that wrote to it, counted on the merged result.
    pub fn join_within(&mut self, other: &Self) -> Result<bool, Error> {
        // The records `other` touches, joined aside and checked, before any is committed.
        let mut joined = Vec::new();
        let mut added = 0usize;
        for (uid, theirs) in &other.records {
            let (record, changed) = match self.records.get(uid) {
                // The common case, a record both already agree on: nothing to copy.
                Some(ours) if ours == theirs => continue,
                Some(ours) => {
                    let mut record = ours.clone();
                    let changed = record.join(theirs);
                    (record, changed)
                }
                None => {
                    added = added.saturating_add(1);
                    (theirs.clone(), true)
                }
            };
            if changed {
                record.check_counts()?;
                joined.push((*uid, record));
            }
        }
        limit::count("records", self.records.len().saturating_add(added), limit::RECORDS)?;
        let devices = other.devices.keys().filter(|d| !self.devices.contains_key(d)).count();
        limit::count("devices", self.devices.len().saturating_add(devices), limit::DEVICES)?;
        let retired = other.retired.difference(&self.retired).count();
        limit::count("retired devices", self.retired.len().saturating_add(retired), limit::DEVICES)?;
        let mut changed = !joined.is_empty();
        self.records.extend(joined);
        changed |= self.join_rest(other);
        Ok(changed)
    }

    /// Checks what a join or a local write can grow past its bound: the counts of the state and of each
    /// record (the values themselves are checked where they are written or read).
    pub(crate) fn check_counts(&self) -> Result<(), Error> {
        limit::count("records", self.records.len(), limit::RECORDS)?;
        limit::count("devices", self.devices.len(), limit::DEVICES)?;
        limit::count("retired devices", self.retired.len(), limit::DEVICES)?;
        self.records.values().try_for_each(Record::check_counts)
    }

    /// Adds an account under a new `uid`, at `at`.
    ///
    /// # Errors
    /// [`Error::AccountExists`] when `uid` is taken (removed accounts' uids too: uids are never reused);
    /// size errors for fields over their limits.
    pub fn add(
        &mut self,
        uid: Uid,
        at: Hlc,
        fields: Fields,
        credential: Credential,
        counter: u64,
    ) -> Result<(), Error> {
        if self.records.contains_key(&uid) {
            return Err(Error::AccountExists(uid));
        }
        limit::count("records", self.records.len() + 1, limit::RECORDS)?;
        let record = Record::new(at, fields, credential, counter);
        record.check()?;
        self.records.insert(uid, record);
        Ok(())
    }

    /// Changes one field of an account there, at `at`.
    ///
    /// # Errors
    /// [`Error::NoAccount`]; size errors.
    pub fn edit(&mut self, uid: Uid, at: Hlc, edit: Edit) -> Result<(), Error> {
        edit.check()?;
        self.update(uid, |r| {
            r.edit(at, edit);
            Ok(())
        })
    }

    /// Gives an account a new secret at `at`, replacing the ones it has here.
    ///
    /// # Errors
    /// [`Error::NoAccount`]; [`Error::TooMany`] past [`limit::SUPERSEDED`] replaced secrets.
    pub fn replace_secret(&mut self, uid: Uid, at: Hlc, credential: Credential, counter: u64) -> Result<(), Error> {
        self.update(uid, |r| {
            r.replace_secret(at, credential, counter);
            Ok(())
        })
    }

    /// Raises the HOTP counter of an account's secret (the one written at `secret`) at `at`.
    ///
    /// # Errors
    /// [`Error::NoAccount`], or [`Error::Damaged`] for a secret it does not keep.
    pub fn advance(&mut self, uid: Uid, at: Hlc, secret: Hlc, counter: u64) -> Result<(), Error> {
        self.update(uid, |r| r.advance(at, secret, counter))
    }

    /// Removes an account at `at`.
    ///
    /// # Errors
    /// [`Error::NoAccount`].
    pub fn remove(&mut self, uid: Uid, at: Hlc) -> Result<(), Error> {
        self.update(uid, |r| {
            r.remove(at);
            Ok(())
        })
    }

    /// Sets the list's order at `at`.
    ///
    /// # Errors
    /// [`Error::TooMany`] for a list longer than [`limit::RECORDS`].
    pub fn set_order(&mut self, at: Hlc, order: Order) -> Result<(), Error> {
        limit::count("accounts in the order", order.manual.len(), limit::RECORDS)?;
        match &mut self.order {
            Some(ours) => ours.set(at, order),
            None => self.order = Some(Lww::new(at, order)),
        }
        Ok(())
    }

    /// Names a device (`at`'s device names itself).
    ///
    /// Device names are never dropped (a retired device's included): a folder names at most
    /// [`limit::DEVICES`] devices in its life, and a new folder starts with none.
    ///
    /// # Errors
    /// [`Error::TooLong`]; [`Error::TooMany`] for a device past [`limit::DEVICES`] named.
    pub fn name_device(&mut self, at: Hlc, name: String) -> Result<(), Error> {
        limit::bytes("device name", name.len(), limit::NAME_BYTES)?;
        match self.devices.get_mut(&at.device()) {
            Some(ours) => ours.set(at, name),
            None => {
                limit::count("devices", self.devices.len().saturating_add(1), limit::DEVICES)?;
                self.devices.insert(at.device(), Lww::new(at, name));
            }
        }
        Ok(())
    }

    /// Removes a device from the group: everyone refuses its files from now on.
    ///
    /// # Errors
    /// [`Error::TooMany`] past [`limit::DEVICES`] retired.
    pub fn retire(&mut self, device: DeviceId) -> Result<(), Error> {
        if !self.retired.contains(&device) {
            limit::count("retired devices", self.retired.len().saturating_add(1), limit::DEVICES)?;
            self.retired.insert(device);
        }
        Ok(())
    }

    /// Whether a device was removed from the group.
    pub fn is_retired(&self, device: DeviceId) -> bool {
        self.retired.contains(&device)
    }

    /// The devices' names.
    pub fn devices(&self) -> impl Iterator<Item = (DeviceId, &str)> {
        self.devices.iter().map(|(device, name)| (*device, name.value().as_str()))
    }

    /// The accounts there (not removed), by uid.
    pub fn accounts(&self) -> impl Iterator<Item = (Uid, &Record)> {
        self.records.iter().filter(|(_, r)| r.is_alive()).map(|(uid, r)| (*uid, r))
    }

    /// How many records the state holds, removed ones not yet expired included: what counts against
    /// [`limit::RECORDS`].
    pub fn held(&self) -> usize {
        self.records.len()
    }

    /// One account, if it is there.
    pub fn account(&self, uid: Uid) -> Option<&Record> {
        self.records.get(&uid).filter(|r| r.is_alive())
    }

    /// The order's value as merged (the default before anyone set one).
    pub fn order(&self) -> Order {
        self.order.as_ref().map(|o| o.value().clone()).unwrap_or_default()
    }

    /// The accounts there in the manual order: those the order names, then the others (added
    /// elsewhere meanwhile) oldest first; each once.
    pub fn ordered(&self) -> Vec<Uid> {
        let mut placed = BTreeSet::new();
        let order = self.order();
        let mut list: Vec<Uid> =
            order.manual.iter().copied().filter(|uid| self.account(*uid).is_some() && placed.insert(*uid)).collect();
        let mut rest: Vec<(Hlc, Uid)> =
            self.accounts().filter(|(uid, _)| !placed.contains(uid)).map(|(uid, r)| (r.created(), uid)).collect();
        rest.sort_unstable();
        list.extend(rest.into_iter().map(|(_, uid)| uid));
        list
    }

    /// Drops what has expired at `now_ms`: records removed more than [`limit::TOMBSTONE_MS`] ago (and
    /// still removed), and replaced secrets' stamps as old.
    pub fn expire(&mut self, now_ms: u64) {
        let horizon = now_ms.saturating_sub(limit::TOMBSTONE_MS);
        self.records.retain(|_, r| r.is_alive() || r.removed_at().is_none_or(|at| at.wall_ms() >= horizon));
        self.records.values_mut().for_each(|r| r.expire(horizon));
    }

    /// What `device` wrote after `since`, whole: the records it wrote to since then (all their fields),
    /// its name and the order if it set them since. What a stale device keeps when it rejoins.
    pub fn written_since(&self, device: DeviceId, since: Hlc) -> Self {
        let mine = |at: Hlc| at.device() == device && at > since;
        let records = self
            .records
            .iter()
            .filter(|(_, r)| r.latest_by(device).is_some_and(mine))
            .map(|(uid, r)| (*uid, r.clone()))
            .collect();
        let devices = self.devices.iter().filter(|(_, n)| mine(n.at())).map(|(d, n)| (*d, n.clone())).collect();
        let order = self.order.as_ref().filter(|o| mine(o.at())).cloned();
        Self { records, devices, retired: self.retired.clone(), order }
    }

    /// The latest stamp anywhere in the state.
    pub(crate) fn latest(&self) -> Option<Hlc> {
        let records = self.records.values().flat_map(Record::stamps);
        let names = self.devices.values().map(Lww::at);
        records.chain(names).chain(self.order.as_ref().map(Lww::at)).max()
    }

    /// Checks the bounds of a state read from a file.
    pub(crate) fn check(&self) -> Result<(), Error> {
        limit::count("records", self.records.len(), limit::RECORDS)?;
        limit::count("devices", self.devices.len(), limit::DEVICES)?;
        limit::count("retired devices", self.retired.len(), limit::DEVICES)?;
        if let Some(order) = &self.order {
            limit::count("accounts in the order", order.value().manual.len(), limit::RECORDS)?;
        }
        for (device, name) in &self.devices {
            limit::bytes("device name", name.value().len(), limit::NAME_BYTES)?;
            if name.at().device() != *device {
                return Err(Error::Damaged("a device named by another"));
            }
        }
        self.records.values().try_for_each(Record::check)
    }

    /// Applies a local write to an account there, on a copy first: refused whole when the record would be
    /// over a bound ([`Record::check_counts`]), so this device never holds a state others refuse.
    fn update(&mut self, uid: Uid, write: impl FnOnce(&mut Record) -> Result<(), Error>) -> Result<(), Error> {
        let ours = self.records.get_mut(&uid).filter(|r| r.is_alive()).ok_or(Error::NoAccount(uid))?;
        let mut record = ours.clone();
        write(&mut record)?;
        record.check_counts()?;
        *ours = record;
        Ok(())
    }
}
