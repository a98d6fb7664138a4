//! An account's secret as it travels, and the register that keeps it: a multi-value register, so two
//! secrets written for one account without either writer seeing the other are both kept, never one
//! dropped by a clock. A new secret replaces only the secrets its writer had; HOTP counters merge by
//! maximum, so a counter never goes back.

use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::marker::PhantomData;

use serde::de::{IgnoredAny, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use zeroize::Zeroizing;

use crate::error::Error;
use crate::hlc::Hlc;
use crate::limit;

/// The shared secret's bytes. Wiped on drop, redacted in `Debug`; `Clone` because the merge copies
/// records between states (each copy wiped too); ordered only so the join can break a tie the same way
/// on every device.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretBytes(Zeroizing<Vec<u8>>);

impl PartialOrd for SecretBytes {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for SecretBytes {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.as_slice().cmp(other.0.as_slice())
    }
}

impl SecretBytes {
    /// 1 to [`limit::SECRET_BYTES`] bytes.
    ///
    /// # Errors
    /// [`Error::TooLong`], or [`Error::Damaged`] for none.
    pub fn new(bytes: Zeroizing<Vec<u8>>) -> Result<Self, Error> {
        if bytes.is_empty() {
            return Err(Error::Damaged("an empty secret"));
        }
        limit::bytes("secret", bytes.len(), limit::SECRET_BYTES)?;
        Ok(Self(bytes))
    }

    /// The bytes.
    ///
    /// # Security
    /// Every caller is a place the secret leaves this type.
    pub fn expose_secret(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for SecretBytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretBytes([redacted])")
    }
}

impl Serialize for SecretBytes {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&Zeroizing::new(data_encoding::BASE64.encode(&self.0)))
    }
}

impl<'de> Deserialize<'de> for SecretBytes {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = Zeroizing::new(String::deserialize(deserializer)?);
        let bytes =
            data_encoding::BASE64.decode(text.as_bytes()).map_err(|_| serde::de::Error::custom("not base64"))?;
        Self::new(Zeroizing::new(bytes)).map_err(serde::de::Error::custom)
    }
}

/// How codes are made: `totp`, `hotp` or `steam`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CodeType {
    /// Time-based (RFC 6238).
    Totp,
    /// Counter-based (RFC 4226).
    Hotp,
    /// Steam Guard.
    Steam,
}

/// The HMAC hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Algorithm {
    /// HMAC-SHA-1.
    #[serde(rename = "SHA1")]
    Sha1,
    /// HMAC-SHA-256.
    #[serde(rename = "SHA256")]
    Sha256,
    /// HMAC-SHA-512.
    #[serde(rename = "SHA512")]
    Sha512,
}

/// A secret with how it makes codes: what one write of an account's secret sets, whole.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Credential {
    /// The secret.
    pub secret: SecretBytes,
    /// The type of code.
    #[serde(rename = "type")]
    pub code_type: CodeType,
    /// The hash.
    pub algorithm: Algorithm,
    /// Code length.
    pub digits: u8,
    /// TOTP and Steam period in seconds (HOTP: 0).
    pub period: u32,
    /// When it was added, Unix seconds.
    pub created: u64,
}

/// One secret kept, with its HOTP counter (the counter of the next code).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kept {
    /// The secret and its method.
    pub credential: Credential,
    /// HOTP's next counter (0 for the others); merged by maximum.
    pub counter: u64,
}

/// The multi-value register of an account's secrets.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "Stored", from = "Loaded")]
pub struct Secrets {
    /// Secrets no later write has replaced, by the stamp of their write.
    live: BTreeMap<Hlc, Kept>,
    /// Stamps of secrets a later write replaced (only stamps: their bytes are gone).
    superseded: BTreeSet<Hlc>,
    /// Set only when read from a file whose lists are over their limits (the entries past the limit
    /// counted, never decoded): [`Secrets::check`] refuses it before anything is merged.
    over: Option<Error>,
}

/// The register as a file holds it: a list, as a stamp cannot be a JSON object's key.
#[derive(Serialize)]
struct Stored {
    live: Vec<StoredKept>,
    superseded: BTreeSet<Hlc>,
}

/// The register as it is read: each list decoded up to its limit, the rest only counted.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Loaded {
    live: Bounded<StoredKept, { limit::SECRETS }>,
    superseded: Bounded<Hlc, { limit::SUPERSEDED }>,
}

/// One kept secret as a file holds it.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct StoredKept {
    at: Hlc,
    credential: Credential,
    counter: u64,
}

/// A list read from a file: its first `N` entries decoded, the others only counted (`IgnoredAny`, no
/// allocation), so a list of 400,000 entries costs one pass over its bytes and is then refused by count.
struct Bounded<T, const N: usize> {
    /// The entries, when there are at most `N` (none otherwise).
    items: Vec<T>,
    /// How many the list holds.
    count: usize,
}

impl<'de, T: Deserialize<'de>, const N: usize> Deserialize<'de> for Bounded<T, N> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visit<T, const N: usize>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>, const N: usize> Visitor<'de> for Visit<T, N> {
            type Value = Bounded<T, N>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list")
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut items = Vec::new();
                while items.len() < N {
                    match seq.next_element()? {
                        Some(item) => items.push(item),
                        None => {
                            let count = items.len();
                            return Ok(Bounded { items, count });
                        }
                    }
                }
                let mut count = items.len();
                while seq.next_element::<IgnoredAny>()?.is_some() {
                    count = count.saturating_add(1);
                }
                if count > N {
                    items.clear();
                }
                Ok(Bounded { items, count })
            }
        }
        deserializer.deserialize_seq(Visit(PhantomData))
    }
}

impl From<Secrets> for Stored {
    fn from(secrets: Secrets) -> Self {
        let live = secrets
            .live
            .into_iter()
            .map(|(at, Kept { credential, counter })| StoredKept { at, credential, counter })
            .collect();
        Self { live, superseded: secrets.superseded }
    }
}

impl From<Loaded> for Secrets {
    /// Built once, in n log n: entries listed twice under one stamp (never from honest devices) are joined
    /// as the merge joins them, and entries the register says were replaced are dropped. Lists over their
    /// limits are kept as a refusal, for [`Secrets::check`].
    fn from(loaded: Loaded) -> Self {
        let over = if loaded.live.count > limit::SECRETS {
            Some(Error::TooMany { what: "secrets", count: loaded.live.count, limit: limit::SECRETS })
        } else if loaded.superseded.count > limit::SUPERSEDED {
            Some(Error::TooMany { what: "replaced secrets", count: loaded.superseded.count, limit: limit::SUPERSEDED })
        } else {
            None
        };
        let superseded: BTreeSet<Hlc> = loaded.superseded.items.into_iter().collect();
        let mut live: BTreeMap<Hlc, Kept> = BTreeMap::new();
        for StoredKept { at, credential, counter } in loaded.live.items {
            if superseded.contains(&at) {
                continue;
            }
            match live.entry(at) {
                Entry::Vacant(slot) => {
                    slot.insert(Kept { credential, counter });
                }
                Entry::Occupied(mut slot) => {
                    let ours = slot.get_mut();
                    if credential > ours.credential {
                        ours.credential = credential;
                    }
                    ours.counter = ours.counter.max(counter);
                }
            }
        }
        Self { live, superseded, over }
    }
}

impl Secrets {
    /// An account's first secret.
    pub fn first(at: Hlc, credential: Credential, counter: u64) -> Self {
        Self { live: BTreeMap::from([(at, Kept { credential, counter })]), superseded: BTreeSet::new(), over: None }
    }

    /// Writes a new secret at `at`, replacing every secret this state holds (the ones its writer sees).
    pub fn replace(&mut self, at: Hlc, credential: Credential, counter: u64) {
        let replaced = std::mem::take(&mut self.live);
        self.superseded.extend(replaced.into_keys());
        self.live.insert(at, Kept { credential, counter });
    }

    /// Raises the HOTP counter of the secret written at `secret` (a counter never goes back).
    ///
    /// # Errors
    /// [`Error::Damaged`] when no such secret is kept.
    pub fn advance(&mut self, secret: Hlc, counter: u64) -> Result<(), Error> {
        let kept = self.live.get_mut(&secret).ok_or(Error::Damaged("no such secret"))?;
        kept.counter = kept.counter.max(counter);
        Ok(())
    }

    /// The secrets kept, by the stamp of their write: one, or several written without seeing each other
    /// (the account then asks the user to choose).
    pub fn live(&self) -> &BTreeMap<Hlc, Kept> {
        &self.live
    }

    /// The join: union, counters by maximum, less what either side saw replaced. Equal stamps with
    /// different secrets (never from honest devices) keep the larger, the same way on every side.
    /// Whether it changed this one.
    pub fn join(&mut self, other: &Self) -> bool {
        let mut changed = false;
        for at in &other.superseded {
            changed |= self.superseded.insert(*at);
        }
        for (at, theirs) in other.live.iter().filter(|(at, _)| !self.superseded.contains(at)) {
            match self.live.get_mut(at) {
                Some(ours) => {
                    if theirs.credential > ours.credential {
                        ours.credential.clone_from(&theirs.credential);
                        changed = true;
                    }
                    changed |= theirs.counter > ours.counter;
                    ours.counter = ours.counter.max(theirs.counter);
                }
                None => {
                    self.live.insert(*at, theirs.clone());
                    changed = true;
                }
            }
        }
        let superseded = &self.superseded;
        self.live.retain(|at, _| !superseded.contains(at));
        changed
    }

    /// Forgets replaced stamps older than `horizon_ms`: a copy of such a secret arriving later from a
    /// device gone quiet for that long shows as a second secret, never as a lost one.
    pub fn expire(&mut self, horizon_ms: u64) {
        self.superseded.retain(|at| at.wall_ms() >= horizon_ms);
    }

    /// Every stamp held.
    pub(crate) fn stamps(&self) -> impl Iterator<Item = Hlc> + '_ {
        self.live.keys().chain(&self.superseded).copied()
    }

    /// Checks the bounds of a register read from a file.
    pub(crate) fn check(&self) -> Result<(), Error> {
        if let Some(over) = &self.over {
            return Err(over.clone());
        }
        if self.live.is_empty() {
            return Err(Error::Damaged("an account without a secret"));
        }
        limit::count("secrets", self.live.len(), limit::SECRETS)?;
        limit::count("replaced secrets", self.superseded.len(), limit::SUPERSEDED)
    }
}
