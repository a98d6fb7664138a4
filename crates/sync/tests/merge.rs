//! The merge, proven against an oracle over random schedules: 2 to 5 devices add, edit, rename, regroup,
//! re-key, use HOTP codes, reorder and remove accounts, and read each other's sealed files delivered late,
//! twice, out of order, as conflict copies, rolled back or tampered with. After everyone exchanges, every
//! device holds the same state, and that state is exactly what the oracle says:
//!
//! - **0 edits lost**: each field of each account holds the value of its last write by HLC, among every
//!   write anyone made to it;
//! - **0 removed accounts back**: an account is there exactly when it was never removed, or some write to
//!   it was made by a device that had not seen (directly or through others) any of its removals (an edit
//!   concurrent with a removal keeps the account: by design);
//! - **0 secrets lost**: its secrets are exactly those no later secret write had seen, each with the
//!   highest HOTP counter anyone reached;
//! - **0 duplicates**: the ordered list names every account there exactly once.
//!
//! The oracle knows nothing of version vectors or tombstones: it tracks which writes each device has
//! learnt (its own, and those in every file it merged), as sets. Each read's outcome (merged, already
//! merged, older copy, rollback refused) is checked against the sequences the oracle expects. Before the
//! final exchange, the devices' diverged states are also checked for the join's laws: commutative,
//! associative, idempotent.
//!
//! The devices' clocks are up to a day apart (what readers accept). Schedules span seconds: expiry, old
//! files, staleness and rejoining are tested one scenario at a time in `hostile.rs`.
//!
//! `cargo test` runs 10,000 schedules; `PROPTEST_CASES=100000` runs more.

#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "test helpers: a failure is the test failing"
)]

use std::collections::{BTreeMap, BTreeSet};

use keyfob_crypto::Key;
use keyfob_sync::secret::Kept;
use keyfob_sync::{
    Algorithm, CodeType, Credential, DeviceId, Edit, Error, Fields, FolderId, Hlc, Icon, Note, Order, Outcome, Replica,
    SecretBytes, Sort, State, SyncKey, Uid,
};
use proptest::prelude::*;
use ring::rand::SystemRandom;
use zeroize::Zeroizing;

const START_MS: u64 = 1_800_000_000_000;

/// An account's secrets as the oracle sees them: by the stamp of their write, with their counter.
type Secrets = BTreeMap<Hlc, (Credential, u64)>;

#[derive(Debug, Clone)]
enum Op {
    Add { dev: usize, seed: u8 },
    Edit { dev: usize, pick: usize, field: u8, seed: u8 },
    Secret { dev: usize, pick: usize, seed: u8 },
    Hotp { dev: usize, pick: usize, by: u8 },
    Remove { dev: usize, pick: usize },
    Order { dev: usize, seed: u8 },
    Write { dev: usize },
    Read { reader: usize, writer: usize, back: usize, conflict: Option<bool>, tamper: bool },
    Sleep { ms: u16 },
}

fn op() -> impl Strategy<Value = Op> {
    let dev = 0..5usize;
    prop_oneof![
        3 => (dev.clone(), any::<u8>()).prop_map(|(dev, seed)| Op::Add { dev, seed }),
        4 => (dev.clone(), any::<usize>(), 0..7u8, any::<u8>())
            .prop_map(|(dev, pick, field, seed)| Op::Edit { dev, pick, field, seed }),
        1 => (dev.clone(), any::<usize>(), any::<u8>()).prop_map(|(dev, pick, seed)| Op::Secret { dev, pick, seed }),
        1 => (dev.clone(), any::<usize>(), 0..3u8).prop_map(|(dev, pick, by)| Op::Hotp { dev, pick, by }),
        2 => (dev.clone(), any::<usize>()).prop_map(|(dev, pick)| Op::Remove { dev, pick }),
        1 => (dev.clone(), any::<u8>()).prop_map(|(dev, seed)| Op::Order { dev, seed }),
        4 => dev.clone().prop_map(|dev| Op::Write { dev }),
        6 => (dev.clone(), dev, prop_oneof![4 => Just(0usize), 1 => 1..4usize],
              prop_oneof![4 => Just(None), 1 => any::<bool>().prop_map(Some)], proptest::bool::weighted(0.05))
            .prop_map(|(reader, writer, back, conflict, tamper)| Op::Read { reader, writer, back, conflict, tamper }),
        1 => (0..3000u16).prop_map(|ms| Op::Sleep { ms }),
    ]
}

/// What the oracle remembers of each write.
#[derive(Debug, Clone)]
enum Kind {
    Add(Fields, Credential),
    Field(Edit),
    Secret(Credential),
    Hotp { secret: Hlc, counter: u64 },
    Remove,
    Order(Order),
}

#[derive(Debug)]
struct Event {
    uid: Option<Uid>,
    at: Hlc,
    kind: Kind,
    /// What its device had learnt when it wrote (itself included).
    knew: BTreeSet<usize>,
}

struct Written {
    bytes: Vec<u8>,
    knew: BTreeSet<usize>,
}

struct Device {
    replica: Replica,
    skew_ms: i64,
    knows: BTreeSet<usize>,
    seen: BTreeMap<usize, u64>,
}

struct Sim {
    key: SyncKey,
    rng: SystemRandom,
    now: u64,
    devices: Vec<Device>,
    files: Vec<Vec<Written>>,
    log: Vec<Event>,
    next_uid: u128,
}

fn device_id(i: usize) -> DeviceId {
    DeviceId::from_bytes([u8::try_from(i + 1).unwrap(); 16])
}

fn credential(seed: u8, code_type: CodeType) -> Credential {
    Credential {
        secret: SecretBytes::new(Zeroizing::new(vec![seed; 10])).unwrap(),
        code_type,
        algorithm: Algorithm::Sha1,
        digits: 6,
        period: if code_type == CodeType::Hotp { 0 } else { 30 },
        created: 1_800_000_000,
    }
}

fn edit(field: u8, seed: u8) -> Edit {
    match field {
        0 => Edit::Issuer((!seed.is_multiple_of(4)).then(|| format!("issuer {seed}"))),
        1 => Edit::Name(format!("name {seed}")),
        2 => Edit::Groups((0..seed % 3).map(|g| format!("group {}", (seed + g) % 5)).collect()),
        3 => Edit::Favourite(seed.is_multiple_of(2)),
        4 => Edit::Note((!seed.is_multiple_of(3)).then(|| Note::new(Zeroizing::new(format!("note {seed}"))).unwrap())),
        5 => Edit::Icon(match seed % 3 {
            0 => Icon::Automatic,
            1 => Icon::Letter,
            _ => Icon::Brand(format!("brand{seed}")),
        }),
        _ => Edit::Sites((0..seed % 2).map(|s| format!("site{}.example", seed + s)).collect()),
    }
}

/// The seven fields as edits, in field order.
fn as_edits(fields: Fields) -> [Edit; 7] {
    let Fields { issuer, name, groups, favourite, note, icon, sites } = fields;
    [
        Edit::Issuer(issuer),
        Edit::Name(name),
        Edit::Groups(groups),
        Edit::Favourite(favourite),
        Edit::Note(note),
        Edit::Icon(icon),
        Edit::Sites(sites),
    ]
}

fn field_of(edit: &Edit) -> usize {
    match edit {
        Edit::Issuer(_) => 0,
        Edit::Name(_) => 1,
        Edit::Groups(_) => 2,
        Edit::Favourite(_) => 3,
        Edit::Note(_) => 4,
        Edit::Icon(_) => 5,
        Edit::Sites(_) => 6,
        _ => unreachable!("the seven fields"),
    }
}

impl Sim {
    fn new(skews: &[i64]) -> Self {
        let rng = SystemRandom::new();
        let key = SyncKey::from_root(Key::from_bytes(&[42; 32]).unwrap());
        let folder = FolderId::from_bytes([7; 16]);
        let devices = skews
            .iter()
            .enumerate()
            .map(|(i, skew)| Device {
                replica: Replica::new(device_id(i), folder),
                skew_ms: *skew,
                knows: BTreeSet::new(),
                seen: BTreeMap::new(),
            })
            .collect();
        Self {
            key,
            rng,
            now: START_MS,
            devices,
            files: skews.iter().map(|_| Vec::new()).collect(),
            log: Vec::new(),
            next_uid: 1,
        }
    }

    fn now_at(&self, dev: usize) -> u64 {
        self.now.saturating_add_signed(self.devices[dev].skew_ms)
    }

    fn pick(&self, dev: usize, pick: usize) -> Option<Uid> {
        let uids: Vec<Uid> = self.devices[dev].replica.state().accounts().map(|(uid, _)| uid).collect();
        (!uids.is_empty()).then(|| uids[pick % uids.len()])
    }

    /// Logs a write, checking the clock's promise: after everything its device had learnt.
    fn log(&mut self, dev: usize, uid: Option<Uid>, at: Hlc, kind: Kind) {
        let id = self.log.len();
        let device = &mut self.devices[dev];
        for &k in &device.knows {
            assert!(self.log[k].at < at, "the clock went back: {:?} then {at:?}", self.log[k].at);
        }
        device.knows.insert(id);
        self.log.push(Event { uid, at, kind, knew: device.knows.clone() });
    }

    fn run(&mut self, op: &Op) {
        self.now += 1;
        let n = self.devices.len();
        match *op {
            Op::Add { dev, seed } => {
                let dev = dev % n;
                let uid = Uid::from_bytes(self.next_uid.to_be_bytes());
                self.next_uid += 1;
                let mut fields = Fields::default();
                for field in 0..7 {
                    apply(&mut fields, edit(field, seed.wrapping_add(field)));
                }
                let code_type = if seed % 3 == 0 { CodeType::Hotp } else { CodeType::Totp };
                let cred = credential(seed, code_type);
                let now = self.now_at(dev);
                let at = self.devices[dev].replica.add(now, uid, fields.clone(), cred.clone(), 0).unwrap();
                self.log(dev, Some(uid), at, Kind::Add(fields, cred));
            }
            Op::Edit { dev, pick, field, seed } => {
                let dev = dev % n;
                let Some(uid) = self.pick(dev, pick) else { return };
                let now = self.now_at(dev);
                let change = edit(field, seed);
                let at = self.devices[dev].replica.edit(now, uid, change.clone()).unwrap();
                self.log(dev, Some(uid), at, Kind::Field(change));
            }
            Op::Secret { dev, pick, seed } => {
                let dev = dev % n;
                let Some(uid) = self.pick(dev, pick) else { return };
                let now = self.now_at(dev);
                let cred = credential(seed, CodeType::Hotp);
                let at = self.devices[dev].replica.replace_secret(now, uid, cred.clone(), 0).unwrap();
                self.log(dev, Some(uid), at, Kind::Secret(cred));
            }
            Op::Hotp { dev, pick, by } => {
                let dev = dev % n;
                let Some(uid) = self.pick(dev, pick) else { return };
                let record = self.devices[dev].replica.state().account(uid).unwrap();
                let (&secret, kept) = record.secrets().live().iter().next().unwrap();
                let counter = kept.counter + 1 + u64::from(by);
                let now = self.now_at(dev);
                let at = self.devices[dev].replica.advance(now, uid, secret, counter).unwrap();
                self.log(dev, Some(uid), at, Kind::Hotp { secret, counter });
            }
            Op::Remove { dev, pick } => {
                let dev = dev % n;
                let Some(uid) = self.pick(dev, pick) else { return };
                let now = self.now_at(dev);
                let at = self.devices[dev].replica.remove(now, uid).unwrap();
                self.log(dev, Some(uid), at, Kind::Remove);
            }
            Op::Order { dev, seed } => {
                let dev = dev % n;
                let mut manual: Vec<Uid> = self.devices[dev].replica.state().ordered();
                if !manual.is_empty() {
                    let len = manual.len();
                    manual.rotate_left(usize::from(seed) % len);
                }
                let sort = [Sort::Manual, Sort::Name, Sort::Used][usize::from(seed % 3)];
                let order = Order { sort, manual };
                let now = self.now_at(dev);
                let at = self.devices[dev].replica.set_order(now, order.clone()).unwrap();
                self.log(dev, None, at, Kind::Order(order));
            }
            Op::Write { dev } => self.write(dev % n),
            Op::Read { reader, writer, back, conflict, tamper } => {
                self.read(reader % n, writer % n, back, conflict, tamper);
            }
            Op::Sleep { ms } => self.now += u64::from(ms),
        }
    }

    fn write(&mut self, dev: usize) {
        let now = self.now_at(dev);
        let device = &mut self.devices[dev];
        if let Some(file) = device.replica.prepare(now, &self.key, &self.rng).unwrap() {
            assert_eq!(file.name(), format!("device-{}.kfsync", device_id(dev)));
            assert_eq!(file.sequence(), u64::try_from(self.files[dev].len() + 1).unwrap());
            device.replica.commit(&file);
            self.files[dev].push(Written { bytes: file.bytes().to_vec(), knew: device.knows.clone() });
        }
    }

    fn read(&mut self, reader: usize, writer: usize, back: usize, conflict: Option<bool>, tamper: bool) {
        let written = &self.files[writer];
        if reader == writer || written.is_empty() {
            return;
        }
        let index = written.len().saturating_sub(1 + back);
        let sequence = u64::try_from(index + 1).unwrap();
        let id = device_id(writer);
        let name = match conflict {
            None => format!("device-{id}.kfsync"),
            Some(true) => format!("device-{id}.sync-conflict-20270101-101010-ABCDEFG.kfsync"),
            Some(false) => format!("device-{id} (conflicted copy 2027-01-01 101010).kfsync"),
        };
        let mut bytes = written[index].bytes.clone();
        if tamper {
            let last = bytes.len() - 1;
            bytes[last] ^= 1;
        }
        let now = self.now_at(reader);
        let device = &mut self.devices[reader];
        let seen = device.seen.get(&writer).copied().unwrap_or(0);
        let fresh = sequence > seen && !tamper;
        let before = (!fresh).then(|| device.replica.state().clone());
        let outcome = device.replica.read(&name, &bytes, now, &self.key);
        match (conflict.is_some(), sequence.cmp(&seen)) {
            (true, std::cmp::Ordering::Less | std::cmp::Ordering::Equal) => assert_eq!(outcome, Ok(Outcome::OlderCopy)),
            (false, std::cmp::Ordering::Equal) => assert_eq!(outcome, Ok(Outcome::AlreadyMerged)),
            (false, std::cmp::Ordering::Less) => {
                assert_eq!(outcome, Err(Error::Rollback { device: id, sequence, seen }));
            }
            _ if tamper => assert_eq!(outcome, Err(Error::Unauthentic(id))),
            _ => assert!(matches!(outcome, Ok(Outcome::Merged { sequence: s, .. }) if s == sequence), "{outcome:?}"),
        }
        match before {
            None => {
                device.seen.insert(writer, sequence);
                device.knows.extend(self.files[writer][index].knew.iter().copied());
            }
            Some(before) => assert_eq!(device.replica.state(), &before, "a file not merged changed nothing"),
        }
    }

    /// Everyone writes, then everyone reads everyone's latest file.
    fn exchange(&mut self) {
        let n = self.devices.len();
        (0..n).for_each(|dev| self.write(dev));
        for reader in 0..n {
            for writer in 0..n {
                self.read(reader, writer, 0, None, false);
            }
        }
    }

    /// The oracle's state of one account: `None` when it should be gone.
    fn expected(&self, uid: Uid) -> Option<(Fields, Secrets)> {
        let events: Vec<(usize, &Event)> = self.log.iter().enumerate().filter(|(_, e)| e.uid == Some(uid)).collect();
        let removals: Vec<&Event> =
            events.iter().filter(|(_, e)| matches!(e.kind, Kind::Remove)).map(|(_, e)| *e).collect();
        let writes = events.iter().filter(|(_, e)| !matches!(e.kind, Kind::Remove));
        let kept = removals.is_empty() || writes.clone().any(|(id, _)| removals.iter().all(|r| !r.knew.contains(id)));
        if !kept {
            return None;
        }
        let mut fields: [Option<(Hlc, Edit)>; 7] = Default::default();
        let mut secrets: Vec<(usize, Hlc, &Credential)> = Vec::new();
        for &(id, event) in &events {
            let mut set = |edit: Edit| {
                let slot = &mut fields[field_of(&edit)];
                if slot.as_ref().is_none_or(|(at, _)| *at < event.at) {
                    *slot = Some((event.at, edit));
                }
            };
            match &event.kind {
                Kind::Add(added, cred) => {
                    as_edits(added.clone()).into_iter().for_each(&mut set);
                    secrets.push((id, event.at, cred));
                }
                Kind::Field(edit) => set(edit.clone()),
                Kind::Secret(cred) => secrets.push((id, event.at, cred)),
                Kind::Hotp { .. } | Kind::Remove | Kind::Order(_) => {}
            }
        }
        let mut merged = Fields::default();
        fields.into_iter().for_each(|f| apply(&mut merged, f.unwrap().1));
        let live = secrets
            .iter()
            .filter(|(id, _, _)| {
                !events.iter().any(|(later, e)| later != id && matches!(e.kind, Kind::Secret(_)) && e.knew.contains(id))
            })
            .map(|&(_, at, cred)| {
                let counter = events
                    .iter()
                    .filter_map(|(_, e)| match e.kind {
                        Kind::Hotp { secret, counter } if secret == at => Some(counter),
                        _ => None,
                    })
                    .max()
                    .unwrap_or(0);
                (at, (cred.clone(), counter))
            })
            .collect();
        Some((merged, live))
    }

    fn check(&self) {
        let state = self.devices[0].replica.state();
        for device in &self.devices[1..] {
            assert_eq!(device.replica.state(), state, "every device holds the same state");
        }
        let uids: BTreeSet<Uid> = self.log.iter().filter_map(|e| e.uid).collect();
        for uid in uids {
            let record = state.account(uid);
            match (self.expected(uid), record) {
                (None, None) => {}
                (None, Some(_)) => panic!("removed account {uid} came back"),
                (Some(_), None) => panic!("account {uid} lost"),
                (Some((fields, secrets)), Some(record)) => {
                    assert_eq!(record.fields(), fields, "the last write of each field of {uid} survives");
                    let live: Secrets = record
                        .secrets()
                        .live()
                        .iter()
                        .map(|(at, Kept { credential, counter })| (*at, (credential.clone(), *counter)))
                        .collect();
                    assert_eq!(live, secrets, "no secret of {uid} lost or revived");
                }
            }
        }
        let order = self.log.iter().filter_map(|e| match &e.kind {
            Kind::Order(order) => Some((e.at, order)),
            _ => None,
        });
        assert_eq!(state.order(), order.max_by_key(|(at, _)| *at).map(|(_, o)| o.clone()).unwrap_or_default());
        let listed = state.ordered();
        let there: BTreeSet<Uid> = state.accounts().map(|(uid, _)| uid).collect();
        assert_eq!(listed.len(), there.len(), "each account listed once");
        assert_eq!(listed.into_iter().collect::<BTreeSet<_>>(), there);
    }
}

fn apply(fields: &mut Fields, edit: Edit) {
    match edit {
        Edit::Issuer(v) => fields.issuer = v,
        Edit::Name(v) => fields.name = v,
        Edit::Groups(v) => fields.groups = v,
        Edit::Favourite(v) => fields.favourite = v,
        Edit::Note(v) => fields.note = v,
        Edit::Icon(v) => fields.icon = v,
        Edit::Sites(v) => fields.sites = v,
        _ => unreachable!("the seven fields"),
    }
}

fn join(a: &State, b: &State) -> State {
    let mut joined = a.clone();
    let changed = joined.join(b);
    assert_eq!(changed, &joined != a, "the join says whether it changed the state");
    joined
}

proptest! {
    #![proptest_config(ProptestConfig {
        // 10,000 by default; PROPTEST_CASES raises it (proptest reads it into the default).
        cases: ProptestConfig::default().cases.max(10_000),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn after_everyone_exchanges_every_device_holds_what_the_oracle_says(
        // Each clock within two seconds of the others, or anywhere within half a day of the right time: up
        // to a day apart, as far as readers accept.
        skews in proptest::collection::vec(prop_oneof![-2000i64..2000, -43_199_999i64..43_200_000], 2..=5),
        ops in proptest::collection::vec(op(), 1..40),
    ) {
        let mut sim = Sim::new(&skews);
        for op in &ops {
            sim.run(op);
        }
        let states: Vec<&State> = sim.devices.iter().map(|d| d.replica.state()).collect();
        let (a, b, c) = (states[0], states[1], states[states.len() - 1]);
        prop_assert_eq!(join(a, b), join(b, a), "commutative");
        prop_assert_eq!(join(&join(a, b), c), join(a, &join(b, c)), "associative");
        prop_assert_eq!(&join(a, a), a, "idempotent");
        sim.exchange();
        sim.check();
    }
}
