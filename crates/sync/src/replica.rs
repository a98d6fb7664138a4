//! One device's side of sync: its state, its clock, the sequence of its own files and the highest
//! sequence merged from each other device. Local changes are stamped here; [`Replica::read`] decides
//! what a file in the folder is (a newer file merged, one already merged skipped, an older one refused as
//! a rollback, a conflict copy merged only when newer) and [`Replica::write`] seals this device's file
//! when its state changed. Pure: the caller lists the folder, reads the bytes, gives the time and the
//! randomness, and writes the file.

use std::collections::BTreeMap;

use ring::rand::SecureRandom;
use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::file::{self, Content, Header};
use crate::hlc::{Clock, Hlc};
use crate::id::{DeviceId, FolderId, Uid};
use crate::key::SyncKey;
use crate::limit;
use crate::name::Name;
use crate::secret::Credential;
use crate::state::State;
use crate::value::{Edit, Fields, Order};

/// What a device remembers of a folder between exchanges, beside its state (the store keeps both).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Memory {
    /// This device.
    pub device: DeviceId,
    /// The folder.
    pub folder: FolderId,
    /// The sequence of the last file this device wrote (0: none yet).
    pub sequence: u64,
    /// The last stamp it made or saw.
    pub clock: Hlc,
    /// Per other device, the highest sequence merged.
    pub seen: BTreeMap<DeviceId, u64>,
    /// Whether its state changed since its last file.
    pub changed: bool,
}

/// What reading one name of the folder came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// A newer file of `device`, merged; `changed` when it taught this device something.
    Merged {
        /// Whose.
        device: DeviceId,
        /// Its sequence, now remembered.
        sequence: u64,
        /// Whether the state changed.
        changed: bool,
    },
    /// The file already merged (same sequence): not opened.
    AlreadyMerged,
    /// A conflict copy no newer than what was merged from its device: what the tool left behind.
    OlderCopy,
    /// This device's own file, or a copy of it.
    Own,
    /// Not a device file (the folder file, a tool's files, junk).
    Ignored,
}

/// One device's replica of the shared state.
#[derive(Debug, Clone)]
pub struct Replica {
    device: DeviceId,
    folder: FolderId,
    clock: Clock,
    state: State,
    seen: BTreeMap<DeviceId, u64>,
    sequence: u64,
    changed: bool,
}

impl Replica {
    /// A device that has just set up or joined `folder`.
    pub fn new(device: DeviceId, folder: FolderId) -> Self {
        let clock = Clock::new(device);
        Self { device, folder, clock, state: State::default(), seen: BTreeMap::new(), sequence: 0, changed: true }
    }

    /// A device as it was left.
    pub fn resume(memory: Memory, state: State) -> Self {
        let Memory { device, folder, sequence, clock, seen, changed } = memory;
        Self { device, folder, clock: Clock::resume(device, clock), state, seen, sequence, changed }
    }

    /// What to keep until the next exchange, beside [`Replica::state`].
    pub fn memory(&self) -> Memory {
        Memory {
            device: self.device,
            folder: self.folder,
            sequence: self.sequence,
            clock: self.clock.last(),
            seen: self.seen.clone(),
            changed: self.changed,
        }
    }

    /// This device.
    pub fn device(&self) -> DeviceId {
        self.device
    }

    /// The merged state.
    pub fn state(&self) -> &State {
        &self.state
    }

    /// Adds an account (its `uid` drawn by the caller) at `now_ms`; returns the write's stamp.
    ///
    /// # Errors
    /// As [`State::add`].
    pub fn add(
        &mut self,
        now_ms: u64,
        uid: Uid,
        fields: Fields,
        credential: Credential,
        counter: u64,
    ) -> Result<Hlc, Error> {
        let at = self.clock.tick(now_ms);
        self.state.add(uid, at, fields, credential, counter)?;
        Ok(self.wrote(at))
    }

    /// Changes one field of an account.
    ///
    /// # Errors
    /// As [`State::edit`].
    pub fn edit(&mut self, now_ms: u64, uid: Uid, edit: Edit) -> Result<Hlc, Error> {
        let at = self.clock.tick(now_ms);
        self.state.edit(uid, at, edit)?;
        Ok(self.wrote(at))
    }

    /// Gives an account a new secret.
    ///
    /// # Errors
    /// As [`State::replace_secret`].
    pub fn replace_secret(
        &mut self,
        now_ms: u64,
        uid: Uid,
        credential: Credential,
        counter: u64,
    ) -> Result<Hlc, Error> {
        let at = self.clock.tick(now_ms);
        self.state.replace_secret(uid, at, credential, counter)?;
        Ok(self.wrote(at))
    }

    /// Raises an account's HOTP counter.
    ///
    /// # Errors
    /// As [`State::advance`].
    pub fn advance(&mut self, now_ms: u64, uid: Uid, secret: Hlc, counter: u64) -> Result<Hlc, Error> {
        let at = self.clock.tick(now_ms);
        self.state.advance(uid, at, secret, counter)?;
        Ok(self.wrote(at))
    }

    /// Removes an account.
    ///
    /// # Errors
    /// As [`State::remove`].
    pub fn remove(&mut self, now_ms: u64, uid: Uid) -> Result<Hlc, Error> {
        let at = self.clock.tick(now_ms);
        self.state.remove(uid, at)?;
        Ok(self.wrote(at))
    }

    /// Sets the list's order.
    ///
    /// # Errors
    /// As [`State::set_order`].
    pub fn set_order(&mut self, now_ms: u64, order: Order) -> Result<Hlc, Error> {
        let at = self.clock.tick(now_ms);
        self.state.set_order(at, order)?;
        Ok(self.wrote(at))
    }

    /// Names this device for the others' lists.
    ///
    /// # Errors
    /// As [`State::name_device`].
    pub fn name(&mut self, now_ms: u64, name: String) -> Result<Hlc, Error> {
        let at = self.clock.tick(now_ms);
        self.state.name_device(at, name)?;
        Ok(self.wrote(at))
    }

    /// Removes a device from the group.
    pub fn retire(&mut self, device: DeviceId) {
        self.state.retire(device);
        self.changed = true;
    }

    /// Starts again from the folder after being out of touch for longer than removals are remembered
    /// ([`limit::TOMBSTONE_MS`]; the caller knows when it last exchanged): keeps only what this device
    /// wrote after `last_exchange` (its clock then), and takes each device's last merged file as not yet
    /// merged, so the next reads bring the folder's state whole (older files and copies stay refused).
    /// Accounts removed elsewhere meanwhile, whose removal has expired, do not come back from this device.
    pub fn rejoin(&mut self, last_exchange: Hlc) {
        self.state = self.state.written_since(self.device, last_exchange);
        self.seen.values_mut().for_each(|seen| *seen = seen.saturating_sub(1));
        self.changed = true;
    }

    /// Drops removals older than their time (see [`State::expire`]).
    pub fn expire(&mut self, now_ms: u64) {
        self.state.expire(now_ms);
    }

    fn wrote(&mut self, at: Hlc) -> Hlc {
        self.changed = true;
        at
    }

    /// This device's next file, when its state changed since the last one (or it wrote none yet): its
    /// name and bytes, for the caller to write by temporary file, `fsync` and rename.
    ///
    /// # Errors
    /// As [`file::seal`].
    pub fn write(&mut self, key: &SyncKey, rng: &dyn SecureRandom) -> Result<Option<(String, Vec<u8>)>, Error> {
        if !self.changed {
            return Ok(None);
        }
        let sequence = self.sequence.saturating_add(1);
        let header = Header { device: self.device, sequence };
        let content = Content { clock: self.clock.last(), state: self.state.clone() };
        let bytes = file::seal(key, self.folder, header, &content, rng)?;
        self.sequence = sequence;
        self.changed = false;
        Ok(Some((Name::device_file(self.device), bytes)))
    }

    /// Reads one entry of the folder, `name` as listed and `bytes` as read (at most
    /// [`limit::FILE_BYTES`] + 1, so an oversized file is seen as one), at `now_ms`.
    ///
    /// # Errors
    /// The file's refusal, to report in the exchange's problems: [`Error::Name`], [`Error::Retired`],
    /// [`Error::Misnamed`], [`Error::Rollback`], [`Error::ClockAhead`], and [`file::open`]'s. A refused
    /// file changes nothing.
    pub fn read(&mut self, name: &str, bytes: &[u8], now_ms: u64, key: &SyncKey) -> Result<Outcome, Error> {
        let (device, conflict) = match Name::classify(name) {
            Name::Device { device, conflict } => (device, conflict),
            Name::Refused(reason) => return Err(Error::Name(reason)),
            Name::Folder | Name::FolderConflict(_) | Name::Ignored => return Ok(Outcome::Ignored),
        };
        if device == self.device {
            return Ok(Outcome::Own);
        }
        if self.state.is_retired(device) {
            return Err(Error::Retired(device));
        }
        let header = Header::read(bytes)?;
        if header.device != device {
            return Err(Error::Misnamed { named: device, inside: header.device });
        }
        let seen = self.seen.get(&device).copied().unwrap_or(0);
        match (conflict, header.sequence.cmp(&seen)) {
            (Some(_), std::cmp::Ordering::Less | std::cmp::Ordering::Equal) => return Ok(Outcome::OlderCopy),
            (None, std::cmp::Ordering::Equal) => return Ok(Outcome::AlreadyMerged),
            (None, std::cmp::Ordering::Less) => {
                return Err(Error::Rollback { device, sequence: header.sequence, seen });
            }
            (_, std::cmp::Ordering::Greater) => {}
        }
        let (_, content) = file::open(key, self.folder, bytes)?;
        if content.clock.device() != device {
            return Err(Error::Damaged("a clock of another device"));
        }
        let latest = content.state.latest().map_or(content.clock, |l| l.max(content.clock));
        let horizon = now_ms.saturating_add(limit::CLOCK_AHEAD_MS);
        if latest.wall_ms() > horizon {
            return Err(Error::ClockAhead { device, ahead_ms: latest.wall_ms().saturating_sub(now_ms) });
        }
        self.state.check_join(&content.state)?;
        let changed = self.state.join(&content.state);
        self.changed |= changed;
        self.clock.observe(latest);
        self.seen.insert(device, header.sequence);
        Ok(Outcome::Merged { device, sequence: header.sequence, changed })
    }
}
