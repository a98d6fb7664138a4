//! One device's side of sync: its state, its clock, the sequence of its own files and the highest
//! sequence merged from each other device. Local changes are stamped here; [`Replica::read`] decides
//! what a file in the folder is (a newer file merged, one already merged skipped, an older one refused as
//! a rollback, a conflict copy merged only when newer, a file too old refused) and [`Replica::prepare`]
//! seals this device's next file, which [`Replica::commit`] takes as written once the caller's rename
//! succeeded. Pure: the caller lists the folder, reads the bytes, gives the time and the randomness, and
//! writes the file.

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
    /// The clock its last file carries (absent: none written yet, or kept by an older Keyfob), to write
    /// it again once it is [`limit::REFRESH_MS`] old.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub written: Option<Hlc>,
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
    /// This device's own file, or a copy of it, no newer than its last file.
    Own,
    /// This device's own file (or a copy) with a sequence past the one it remembers: written by it before
    /// it last kept its memory (a crash after the rename), merged back, and its next file numbered after it.
    Adopted {
        /// The file's sequence, now this device's.
        sequence: u64,
    },
    /// Not a device file (the folder file, a tool's files, junk).
    Ignored,
}

/// This device's next file, sealed and not yet written: the caller writes [`Prepared::bytes`] to a
/// temporary file, `fsync`s it, renames it over [`Prepared::name`], and only then calls
/// [`Replica::commit`]. Until then nothing is taken as written: a failed write is prepared again.
#[derive(Debug)]
pub struct Prepared {
    name: String,
    bytes: Vec<u8>,
    sequence: u64,
    clock: Hlc,
    /// The replica's count of changes when it was sealed: a change made meanwhile is still to write.
    changes: u64,
}

impl Prepared {
    /// The file's name in the folder.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The file's bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The sequence the file carries.
    pub fn sequence(&self) -> u64 {
        self.sequence
    }
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
    written: Option<Hlc>,
    /// Changes made since this replica was built (not kept): tells a commit whether the state moved on
    /// after its file was prepared.
    changes: u64,
}

impl Replica {
    /// A device that has just set up or joined `folder`.
    pub fn new(device: DeviceId, folder: FolderId) -> Self {
        let clock = Clock::new(device);
        Self {
            device,
            folder,
            clock,
            state: State::default(),
            seen: BTreeMap::new(),
            sequence: 0,
            changed: true,
            written: None,
            changes: 0,
        }
    }

    /// A device as it was left.
    pub fn resume(memory: Memory, state: State) -> Self {
        let Memory { device, folder, sequence, clock, seen, changed, written } = memory;
        Self {
            device,
            folder,
            clock: Clock::resume(device, clock),
            state,
            seen,
            sequence,
            changed,
            written,
            changes: 0,
        }
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
            written: self.written,
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
    ///
    /// # Errors
    /// As [`State::retire`].
    pub fn retire(&mut self, device: DeviceId) -> Result<(), Error> {
        self.state.retire(device)?;
        self.touch();
        Ok(())
    }

    /// Whether a device whose last exchange was at `last_exchange` (its clock then) is stale at `now_ms`:
    /// out of touch for longer than [`limit::STALE_MS`], two skews before removals expire. A stale device
    /// calls [`Replica::rejoin`] before it reads or writes anything else.
    pub fn is_stale(last_exchange: Hlc, now_ms: u64) -> bool {
        now_ms.saturating_sub(last_exchange.wall_ms()) > limit::STALE_MS
    }

    /// Starts again from the folder after being out of touch for longer than [`limit::STALE_MS`] (see
    /// [`Replica::is_stale`]; the caller knows when it last exchanged): keeps only what this device
    /// wrote after `last_exchange` (its clock then), and takes each device's last merged file as not yet
    /// merged, so the next reads bring the folder's state whole (older files and copies stay refused, and
    /// files older than [`limit::FILE_AGE_MS`] too). Accounts removed elsewhere meanwhile, whose removal
    /// has expired, do not come back from this device.
    pub fn rejoin(&mut self, last_exchange: Hlc) {
        self.state = self.state.written_since(self.device, last_exchange);
        self.seen.values_mut().for_each(|seen| *seen = seen.saturating_sub(1));
        self.touch();
    }

    /// Drops removals older than their time (see [`State::expire`]).
    pub fn expire(&mut self, now_ms: u64) {
        self.state.expire(now_ms);
    }

    fn wrote(&mut self, at: Hlc) -> Hlc {
        self.touch();
        at
    }

    fn touch(&mut self) {
        self.changed = true;
        self.changes = self.changes.wrapping_add(1);
    }

    /// This device's next file at `now_ms`, when its state changed since its last file, it wrote none yet,
    /// or its last is [`limit::REFRESH_MS`] old: sealed, with the sequence after the last one written and
    /// the clock ticked to now. Nothing is taken as written until [`Replica::commit`].
    ///
    /// # Errors
    /// [`Error::TooMany`] for a state over a bound (which the checks on every write and read keep from
    /// happening); [`Error::Damaged`] when its sequence is at its end (a forged file of this device's,
    /// adopted); as [`file::seal`].
    ///
    /// # Security
    /// A stale device ([`Replica::is_stale`]) rejoins first: its file would otherwise carry a fresh clock
    /// over accounts whose removal may have expired elsewhere.
    pub fn prepare(&mut self, now_ms: u64, key: &SyncKey, rng: &dyn SecureRandom) -> Result<Option<Prepared>, Error> {
        let due = self.written.is_none_or(|at| now_ms.saturating_sub(at.wall_ms()) >= limit::REFRESH_MS);
        if !self.changed && !due {
            return Ok(None);
        }
        self.state.check_counts()?;
        let clock = self.clock.tick(now_ms);
        // Only a file forged under this device's id, adopted, leaves no next sequence.
        let sequence = self.sequence.checked_add(1).ok_or(Error::Damaged("no sequence left after this device's"))?;
        let header = Header { device: self.device, sequence };
        let content = Content { clock, state: self.state.clone() };
        let bytes = file::seal(key, self.folder, header, &content, rng)?;
        let name = Name::device_file(self.device);
        Ok(Some(Prepared { name, bytes, sequence, clock, changes: self.changes }))
    }

    /// Takes `file` as written: the caller's rename over its name succeeded. Its sequence is this device's
    /// from now on, and the state is unchanged since it unless something changed after it was prepared.
    /// A file older than one already committed changes nothing.
    pub fn commit(&mut self, file: &Prepared) {
        if file.sequence <= self.sequence {
            return;
        }
        self.sequence = file.sequence;
        self.written = Some(file.clock);
        if file.changes == self.changes {
            self.changed = false;
        }
    }

    /// Reads one entry of the folder, `name` as listed and `bytes` as read (at most
    /// [`limit::FILE_BYTES`] + 1, so an oversized file is seen as one), at `now_ms`.
    ///
    /// # Errors
    /// The file's refusal, to report in the exchange's problems: [`Error::Name`], [`Error::Retired`],
    /// [`Error::Misnamed`], [`Error::Rollback`], [`Error::ClockAhead`], [`Error::TooOld`],
    /// [`State::join_within`]'s, and [`file::open`]'s. A refused file changes nothing.
    pub fn read(&mut self, name: &str, bytes: &[u8], now_ms: u64, key: &SyncKey) -> Result<Outcome, Error> {
        let (device, conflict) = match Name::classify(name) {
            Name::Device { device, conflict } => (device, conflict),
            Name::Refused(reason) => return Err(Error::Name(reason)),
            Name::Folder | Name::FolderConflict(_) | Name::Ignored => return Ok(Outcome::Ignored),
        };
        if device != self.device && self.state.is_retired(device) {
            return Err(Error::Retired(device));
        }
        let header = Header::read(bytes)?;
        if header.device != device {
            return Err(Error::Misnamed { named: device, inside: header.device });
        }
        if device == self.device {
            if header.sequence <= self.sequence {
                return Ok(Outcome::Own);
            }
            self.merge(device, bytes, now_ms, key)?;
            self.sequence = header.sequence;
            // The folder holds a file this device did not remember writing: write the next one over it.
            self.touch();
            return Ok(Outcome::Adopted { sequence: header.sequence });
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
        let changed = self.merge(device, bytes, now_ms, key)?;
        self.seen.insert(device, header.sequence);
        Ok(Outcome::Merged { device, sequence: header.sequence, changed })
    }

    /// Opens `device`'s file and merges it, or refuses it whole: whether the state changed.
    fn merge(&mut self, device: DeviceId, bytes: &[u8], now_ms: u64, key: &SyncKey) -> Result<bool, Error> {
        let (_, content) = file::open(key, self.folder, bytes)?;
        if content.clock.device() != device {
            return Err(Error::Damaged("a clock of another device"));
        }
        let latest = content.state.latest().map_or(content.clock, |l| l.max(content.clock));
        let horizon = now_ms.saturating_add(limit::CLOCK_AHEAD_MS);
        if latest.wall_ms() > horizon {
            return Err(Error::ClockAhead { device, ahead_ms: latest.wall_ms().saturating_sub(now_ms) });
        }
        let age_ms = now_ms.saturating_sub(content.clock.wall_ms());
        if age_ms > limit::FILE_AGE_MS {
            return Err(Error::TooOld { device, age_ms });
        }
        let changed = self.state.join_within(&content.state)?;
        if changed {
            self.touch();
        }
        self.clock.observe(latest);
        Ok(changed)
    }
}
