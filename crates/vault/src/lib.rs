//! The vault: every account, its metadata in the clear and its secret sealed, in one versioned file.
//!
//! The format is specified in `docs/vault-format.md`. In short: a JSON document whose header names the
//! vault (`id`) and where its key lives (`key`); a `key_check` that tells a wrong key from a damaged file; a
//! `body` with the accounts, each secret sealed with ChaCha20-Poly1305 under a subkey of the vault key with
//! the vault and account ids as associated data; and a `mac` (HMAC-SHA-256 under another subkey) over the
//! id and the exact body bytes, so that any changed byte, metadata included, is caught.
//!
//! This crate is pure: bytes in, bytes out. Reading and writing files, locking, and the keychain live in
//! `keyfob-store`.
//!
//! Beside the vault file, this crate owns Keyfob's other formats of its own, which the vault's accounts
//! travel in: [`portable`] (an account with what it carries: icon, sites, groups, note), [`backup`] (the
//! encrypted backup file, `docs/backup-format.md`) and the rules of [`organise`] (groups and notes). It must
//! not read other apps' files (`keyfob-interop`) or speak a protocol (`keyfob-push-proto`).

pub mod backup;
pub mod organise;
pub mod portable;

mod auto_backup;
mod browsers;
mod key;
mod lock;
mod push;
mod sort;

use ring::hmac;
use ring::rand::SecureRandom;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use zeroize::Zeroizing;

pub use crate::organise::{MAX_GROUP_BYTES, MAX_GROUPS, MAX_NOTE_BYTES, OrganiseError, check_note, groups};
pub use auto_backup::{AutoBackup, MAX_KEEP};
pub use browsers::Paired;
pub use key::{KeySource, VaultKey};
pub use keyfob_crypto::KdfParams;
pub use lock::{LockSettings, MAX_AUTO_LOCK_MINUTES};
pub use push::PushEntry;
pub use sort::Sort;

use crate::portable::{Extras, Portable};
use keyfob_core::icon::Icon;
use keyfob_core::pairing::PairedBrowser;
use keyfob_core::site::{Page, Site, SiteError, sites};
use keyfob_crypto::{Key, SealedBox};
use keyfob_otp::account::{Account, NameError, normalize_names};
use keyfob_otp::otp::{Algorithm, Code, Digits, Method, Period};
use keyfob_otp::secret::OtpSecret;

/// The `format` tag of a vault file.
pub const FORMAT: &str = "keyfob-vault";
/// The version this code writes, and the newest it reads (version 1, the same without groups, favourites,
/// uses, notes and the sort order, is read too).
pub const VERSION: u32 = 2;
/// The most accounts one vault holds: far beyond any person's, a bound on what a hostile file can make us do.
pub const MAX_ACCOUNTS: usize = 100_000;

/// Why a vault could not be read or changed. Kept apart as `age` does: a damaged file, a wrong key and a
/// newer format each call for a different action from the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Not JSON, truncated, or missing a field.
    #[error("the vault file is damaged or truncated ({reason})")]
    Malformed {
        /// What the parser found wrong, with its position.
        reason: String,
    },
    /// JSON, but not a Keyfob vault.
    #[error("this file is not a Keyfob vault")]
    NotAVault,
    /// Written by a newer Keyfob.
    #[error(
        "the vault was written by a newer Keyfob (format version {found}; this one reads up to {VERSION}); upgrade Keyfob"
    )]
    UnsupportedVersion {
        /// The file's version.
        found: u32,
    },
    /// The key does not belong to this vault.
    #[error("the key does not match this vault")]
    WrongKey,
    /// The key matches but the content does not: bytes were changed after it was written.
    #[error("the vault's integrity check failed: the file was changed or damaged after Keyfob wrote it")]
    IntegrityFailure,
    /// A passphrase that does not open the vault.
    #[error("wrong passphrase")]
    WrongPassphrase,
    /// A passphrase too short to protect anything.
    #[error("the passphrase must have at least 8 characters")]
    PassphraseTooShort,
    /// A passphrase was given for a vault whose key is in the keychain.
    #[error("this vault's key is in the OS keychain, not behind a passphrase")]
    NotPassphraseProtected,
    /// The keychain entry is not a Keyfob key.
    #[error("the keychain entry for this vault does not hold a Keyfob key")]
    KeychainEntryInvalid,
    /// An account record that does not describe a valid account.
    #[error("account {id} in the vault is invalid: {reason}")]
    InvalidRecord {
        /// The account's id.
        id: u64,
        /// What is wrong.
        reason: String,
    },
    /// The push token is enrolled here already. Its server key, pinned at the first enrolment, is never
    /// replaced: a second registration reply could come from someone on the path.
    #[error(
        "this push token (serial {serial}) is already enrolled here as id {id}, and the server key pinned then is kept; to enrol it anew, remove it first"
    )]
    PushAlreadyEnrolled {
        /// The token's id in the vault.
        id: u64,
        /// Its serial.
        serial: String,
    },
    /// No account with that id.
    #[error("no account with id {id}")]
    NoSuchAccount {
        /// The id asked for.
        id: u64,
    },
    /// An issuer or account name that is not acceptable.
    #[error(transparent)]
    Name(#[from] NameError),
    /// More than [`MAX_ACCOUNTS`].
    #[error("the vault holds the maximum of {MAX_ACCOUNTS} accounts")]
    Full,
    /// The operation does not apply to this account's type.
    #[error("account {id} is not an HOTP account")]
    NotHotp {
        /// The account's id.
        id: u64,
    },
    /// Groups or a note that cannot be kept.
    #[error(transparent)]
    Organise(#[from] OrganiseError),
    /// A website Keyfob does not link an account to.
    #[error(transparent)]
    Site(#[from] SiteError),
    /// More browsers than [`keyfob_core::pairing::MAX_PAIRED`] would be paired.
    #[error("Keyfob is paired with the most browsers it keeps ({max}); remove one first", max = keyfob_core::pairing::MAX_PAIRED)]
    TooManyBrowsers,
    /// No paired browser with that id.
    #[error("no paired browser with id {id}")]
    NoSuchBrowser {
        /// The id asked for.
        id: u64,
    },
    /// The system's random source failed.
    #[error("the system's random number generator failed")]
    Random,
    /// The app asked to lock only after more than [`MAX_AUTO_LOCK_MINUTES`] idle.
    #[error("lock after 0 (never) to {MAX_AUTO_LOCK_MINUTES} idle minutes, not {minutes}")]
    AutoLockTooLong {
        /// What was asked.
        minutes: u32,
    },
    /// Automatic backups asked to keep none, or more than [`MAX_KEEP`].
    #[error("keep between 1 and {MAX_KEEP} backups, not {keep}")]
    KeepOutOfRange {
        /// What was asked.
        keep: u32,
    },
    /// Automatic backups asked to go to a folder not named plainly (see `AutoBackup::new`).
    #[error("the backup folder must be a full path, without `..`, control or invisible characters")]
    BackupFolderNotPlain,
    /// The passphrase KDF refused its parameters.
    #[error("the passphrase key derivation failed: {0}")]
    Kdf(String),
}

impl Error {
    /// What sort of failure this is, for the programs to word (see [`keyfob_core::Kind`]).
    pub fn kind(&self) -> keyfob_core::Kind {
        use keyfob_core::Kind;
        match self {
            Self::Malformed { .. } | Self::NotAVault | Self::IntegrityFailure | Self::InvalidRecord { .. } => {
                Kind::Integrity
            }
            Self::UnsupportedVersion { .. } => Kind::Unsupported,
            Self::WrongKey | Self::KeychainEntryInvalid => Kind::Integrity,
            Self::WrongPassphrase => Kind::WrongSecret,
            Self::PassphraseTooShort
            | Self::NotPassphraseProtected
            | Self::KeepOutOfRange { .. }
            | Self::AutoLockTooLong { .. }
            | Self::BackupFolderNotPlain => Kind::Input,
            Self::PushAlreadyEnrolled { .. } => Kind::Conflict,
            Self::NoSuchAccount { .. } | Self::NoSuchBrowser { .. } => Kind::NotFound,
            // A website typed is the user's input to fix; names and groups are refused by the vault's rules,
            // or are over a limit.
            Self::Site(_) => Kind::Input,
            Self::Name(e) => e.kind(),
            Self::Organise(e) => e.kind(),
            Self::NotHotp { .. } => Kind::Rejected,
            Self::Full | Self::TooManyBrowsers => Kind::Limit,
            Self::Random | Self::Kdf(_) => Kind::Environment,
        }
    }
}

/// Identifies one vault, and so its keychain entry. 16 random bytes, lower-case hex.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct VaultId(String);

impl VaultId {
    fn generate(rng: &dyn SecureRandom) -> Result<Self, Error> {
        let mut bytes = [0u8; 16];
        rng.fill(&mut bytes).map_err(|_| Error::Random)?;
        Ok(Self(data_encoding::HEXLOWER.encode(&bytes)))
    }

    fn parse(text: &str) -> Result<Self, Error> {
        let valid = text.len() == 32 && text.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        valid.then(|| Self(text.to_owned())).ok_or_else(|| Error::Malformed { reason: "bad vault id".into() })
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What can be read from a vault file without its key: enough to find the key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// The vault's id.
    pub id: VaultId,
    /// Where its key lives.
    pub key_source: KeySource,
}

/// One account's metadata: everything but the secret. This is what lists and UIs show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Stable id, unique within the vault, never reused.
    pub id: u64,
    /// The issuing service, when known.
    pub issuer: Option<String>,
    /// The user's name at the service.
    pub name: String,
    /// How codes are made (for HOTP, with the counter of the next code).
    pub method: Method,
    /// The icon it shows.
    pub icon: Icon,
    /// When the account was added, in Unix seconds.
    pub created: u64,
    /// The groups it is in, in the order the user gave them (see [`groups`]).
    pub groups: Vec<String>,
    /// Pinned to the top of the list.
    pub favourite: bool,
    /// How many times its code was copied (for "most used" order).
    pub uses: u64,
    /// The websites it belongs to: only their pages are given its codes.
    pub sites: Vec<Site>,
    /// Nonce and sealed secret.
    sealed: Vec<u8>,
    /// Nonce and sealed note, when there is one.
    note: Option<Vec<u8>>,
}

impl Entry {
    /// Whether every one of `terms` is part of the issuer or the account name, in any case: how
    /// `keyfob code QUERY` and the desktop's search find accounts. No terms match every entry.
    pub fn matches(&self, terms: &[&str]) -> bool {
        let name = self.name.to_lowercase();
        let issuer = self.issuer.as_deref().map(str::to_lowercase).unwrap_or_default();
        terms.iter().map(|t| t.to_lowercase()).all(|t| name.contains(&t) || issuer.contains(&t))
    }

    /// Whether it has a note (which stays sealed until [`Vault::note`] is asked for it).
    pub fn has_note(&self) -> bool {
        self.note.is_some()
    }
}

/// The file's JSON shape.
#[derive(Serialize, Deserialize)]
struct File<'a> {
    format: String,
    version: u32,
    id: String,
    key: KeySource,
    key_check: String,
    #[serde(borrow)]
    body: &'a RawValue,
    mac: String,
}

/// Just enough to tell the format and version before committing to a shape.
#[derive(Deserialize)]
struct Preamble {
    format: Option<String>,
    version: Option<u32>,
}

#[derive(Serialize, Deserialize)]
struct Body {
    next_id: u64,
    accounts: Vec<Record>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    auto_backup: Option<auto_backup::Record>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    push: Vec<push::Record>,
    #[serde(default)]
    lock: LockSettings,
    #[serde(default, skip_serializing_if = "Sort::is_manual")]
    sort: Sort,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    browsers: Vec<browsers::Record>,
}

/// One account as stored.
#[derive(Serialize, Deserialize)]
struct Record {
    id: u64,
    issuer: Option<String>,
    account: String,
    r#type: String,
    algorithm: String,
    digits: u8,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    period: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    counter: Option<u64>,
    /// `letter`, or the Simple Icons name the user chose; absent for the automatic icon.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    icon: Option<String>,
    /// A picture the user gave, as Keyfob re-encoded it: base64 of a PNG.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    picture: Option<String>,
    created: u64,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    groups: Vec<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    favourite: bool,
    #[serde(default, skip_serializing_if = "is_zero")]
    uses: u64,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    sites: Vec<String>,
    secret: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    note: Option<String>,
}

fn is_zero(value: &u64) -> bool {
    *value == 0
}

/// The subkeys derived from a vault key, each for one purpose.
struct Keys {
    seal: Key,
    mac: hmac::Key,
}

/// The HKDF salt of the vault's subkeys.
const SUBKEY_SALT: &[u8] = b"keyfob vault v1";

/// What `key_check` is the MAC of: a fixed text, so any holder of the key can recompute it and nobody else.
const KEY_CHECK_INPUT: &[u8] = b"keyfob vault v1 key check";

impl Keys {
    fn derive(key: &VaultKey) -> Result<Self, Error> {
        let seal = key.key().subkey(SUBKEY_SALT, b"seal");
        let mac = hmac::Key::new(hmac::HMAC_SHA256, key.key().subkey(SUBKEY_SALT, b"mac").expose_secret());
        Ok(Self { seal, mac })
    }

    fn aad(vault: &VaultId, id: u64) -> Vec<u8> {
        Self::labelled(b"keyfob vault v1 secret ", vault, id)
    }

    /// The associated data of an account's sealed note.
    fn note_aad(vault: &VaultId, id: u64) -> Vec<u8> {
        Self::labelled(b"keyfob vault v1 note ", vault, id)
    }

    fn labelled(label: &[u8], vault: &VaultId, id: u64) -> Vec<u8> {
        let mut aad = label.to_vec();
        aad.extend_from_slice(vault.0.as_bytes());
        aad.extend_from_slice(&id.to_be_bytes());
        aad
    }

    /// Seals `plain` under the sealing subkey into a sealed box's bytes.
    fn seal(&self, aad: &[u8], plain: &[u8], rng: &dyn SecureRandom) -> Result<Vec<u8>, Error> {
        let sealed = SealedBox::seal(&self.seal, plain, aad, rng).map_err(|_| Error::Random)?;
        Ok(sealed.as_bytes().to_vec())
    }

    /// Opens what [`Keys::seal`] made with the same associated data.
    fn open(&self, aad: &[u8], stored: &[u8]) -> Result<Zeroizing<Vec<u8>>, Error> {
        SealedBox::from_bytes(stored.to_vec()).open(&self.seal, aad).map_err(|_| Error::IntegrityFailure)
    }

    /// Whether these are the subkeys of the same vault key as `other`'s (compared by their key check, in
    /// time that does not depend on where they differ).
    fn same_as(&self, other: &Self) -> bool {
        let check = hmac::sign(&other.mac, KEY_CHECK_INPUT);
        hmac::verify(&self.mac, KEY_CHECK_INPUT, check.as_ref()).is_ok()
    }

    fn mac_input(vault: &VaultId, body: &str) -> Vec<u8> {
        let mut input = vault.0.as_bytes().to_vec();
        input.push(b'\n');
        input.extend_from_slice(body.as_bytes());
        input
    }
}

/// A vault file's bytes around `body` (the body's JSON text), with its key check and MAC.
fn file_bytes(keys: &Keys, id: &VaultId, key_source: &KeySource, body: String) -> Result<Vec<u8>, Error> {
    let mac = hmac::sign(&keys.mac, &Keys::mac_input(id, &body));
    let body = RawValue::from_string(body).map_err(malformed)?;
    let file = File {
        format: FORMAT.to_owned(),
        version: VERSION,
        id: id.0.clone(),
        key: key_source.clone(),
        key_check: data_encoding::BASE64.encode(hmac::sign(&keys.mac, KEY_CHECK_INPUT).as_ref()),
        body: &body,
        mac: data_encoding::BASE64.encode(mac.as_ref()),
    };
    let mut bytes = serde_json::to_vec_pretty(&file).map_err(malformed)?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// An open vault: its key and its accounts. Secrets stay sealed until asked for one by one.
pub struct Vault {
    id: VaultId,
    key_source: KeySource,
    keys: Keys,
    next_id: u64,
    entries: Vec<Entry>,
    auto_backup: Option<auto_backup::Record>,
    push: Vec<PushEntry>,
    lock: LockSettings,
    sort: Sort,
    browsers: Vec<PairedBrowser>,
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vault").field("id", &self.id).field("accounts", &self.entries.len()).finish_non_exhaustive()
    }
}

/// What adding an account did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Added {
    /// Stored under this id.
    New(u64),
    /// The same secret, issuer and name were already there, under this id; nothing changed.
    Duplicate(u64),
}

impl Vault {
    /// A new, empty vault with a fresh id.
    ///
    /// # Errors
    /// [`Error::Random`].
    pub fn create(key: &VaultKey, key_source: KeySource, rng: &dyn SecureRandom) -> Result<Self, Error> {
        Ok(Self {
            id: VaultId::generate(rng)?,
            key_source,
            keys: Keys::derive(key)?,
            next_id: 1,
            entries: Vec::new(),
            auto_backup: None,
            push: Vec::new(),
            lock: LockSettings::default(),
            sort: Sort::default(),
            browsers: Vec::new(),
        })
    }

    /// Reads the header (id and key source) without the key.
    ///
    /// # Errors
    /// [`Error::Malformed`], [`Error::NotAVault`] or [`Error::UnsupportedVersion`].
    pub fn header(bytes: &[u8]) -> Result<Header, Error> {
        let file = parse_file(bytes)?;
        Ok(Header { id: VaultId::parse(&file.id)?, key_source: file.key })
    }

    /// Opens a vault with its key, checking the key and the integrity of every byte.
    ///
    /// # Errors
    /// [`Error::WrongKey`] for a key that is not this vault's, [`Error::IntegrityFailure`] for a changed
    /// file, or the errors of [`Vault::header`].
    pub fn open(bytes: &[u8], key: &VaultKey) -> Result<Self, Error> {
        let file = parse_file(bytes)?;
        let id = VaultId::parse(&file.id)?;
        let keys = Keys::derive(key)?;
        let check = data_encoding::BASE64.decode(file.key_check.as_bytes()).map_err(|_| Error::WrongKey)?;
        hmac::verify(&keys.mac, KEY_CHECK_INPUT, &check).map_err(|_| Error::WrongKey)?;
        let mac = data_encoding::BASE64.decode(file.mac.as_bytes()).map_err(|_| Error::IntegrityFailure)?;
        hmac::verify(&keys.mac, &Keys::mac_input(&id, file.body.get()), &mac).map_err(|_| Error::IntegrityFailure)?;
        let body: Body = serde_json::from_str(file.body.get()).map_err(malformed)?;
        if body.accounts.len() > MAX_ACCOUNTS {
            return Err(Error::Full);
        }
        let entries = body.accounts.into_iter().map(Entry::try_from).collect::<Result<Vec<_>, _>>()?;
        if let Some(record) = &body.auto_backup {
            record.validate()?;
        }
        let push = body.push.into_iter().map(PushEntry::try_from).collect::<Result<Vec<_>, _>>()?;
        if entries.len() + push.len() > MAX_ACCOUNTS {
            return Err(Error::Full);
        }
        body.lock.validate()?;
        let browsers = browsers::read(body.browsers)?;
        Ok(Self {
            id,
            key_source: file.key,
            keys,
            next_id: body.next_id,
            entries,
            auto_backup: body.auto_backup,
            push,
            lock: body.lock,
            sort: body.sort,
            browsers,
        })
    }

    /// The vault as file bytes, authenticated.
    ///
    /// # Errors
    /// Never in practice: serialising plain data cannot fail, but the error is passed on rather than hidden.
    pub fn to_bytes(&self) -> Result<Vec<u8>, Error> {
        let body = Body {
            next_id: self.next_id,
            accounts: self.entries.iter().map(Record::from).collect(),
            auto_backup: self.auto_backup.clone(),
            push: self.push.iter().map(push::Record::from).collect(),
            lock: self.lock,
            sort: self.sort,
            browsers: self.browsers.iter().map(browsers::Record::from).collect(),
        };
        let body = serde_json::to_string(&body).map_err(malformed)?;
        file_bytes(&self.keys, &self.id, &self.key_source, body)
    }

    /// A vault file whose body is `body` as given, authenticated under `key` as Keyfob would: the MAC
    /// holds, so opening it reaches the body and record parsers. For fuzzing and tests that attack those
    /// parsers with bodies only a key holder could write; nothing else needs it.
    ///
    /// # Errors
    /// [`Error::Malformed`] when `body` is not JSON, [`Error::Kdf`].
    #[doc(hidden)]
    pub fn dangerous_authenticate_body(id: &VaultId, body: &str, key: &VaultKey) -> Result<Vec<u8>, Error> {
        file_bytes(&Keys::derive(key)?, id, &KeySource::Keychain, body.to_owned())
    }

    /// The vault's id (names its keychain entry).
    pub fn id(&self) -> &VaultId {
        &self.id
    }

    /// Where the key lives.
    pub fn key_source(&self) -> &KeySource {
        &self.key_source
    }

    /// Every account's metadata, in display order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The account with `id`, secret unsealed.
    ///
    /// # Errors
    /// [`Error::NoSuchAccount`], or [`Error::IntegrityFailure`] if its secret does not open.
    pub fn account(&self, id: u64) -> Result<Account, Error> {
        let entry = self.entry(id)?;
        self.unseal(entry)
    }

    /// Every account, secrets unsealed, in display order: for backups and exports.
    ///
    /// # Errors
    /// [`Error::IntegrityFailure`] if a secret does not open.
    pub fn accounts(&self) -> Result<Vec<Account>, Error> {
        self.entries.iter().map(|e| self.unseal(e)).collect()
    }

    /// Every account with its groups, pin and note, in the stored order: what a backup or an export
    /// carries.
    ///
    /// # Errors
    /// [`Error::IntegrityFailure`] if a secret or note does not open.
    pub fn portable(&self) -> Result<Vec<Portable>, Error> {
        self.entries
            .iter()
            .map(|entry| {
                let note = self.note(entry.id)?;
                // The vault's own groups and note passed these checks when they were stored or read.
                let extras = Extras::new(&entry.groups, entry.favourite, note.as_deref().map(String::as_str))
                    .map_err(|e| Error::InvalidRecord { id: entry.id, reason: e.to_string() })?
                    .with_icon(entry.icon.clone())
                    .with_sites(entry.sites.clone());
                Ok(Portable { account: self.unseal(entry)?, extras })
            })
            .collect()
    }

    /// Account `id`'s metadata.
    ///
    /// # Errors
    /// [`Error::NoSuchAccount`].
    pub fn entry(&self, id: u64) -> Result<&Entry, Error> {
        self.entries.iter().find(|e| e.id == id).ok_or(Error::NoSuchAccount { id })
    }

    fn unseal(&self, entry: &Entry) -> Result<Account, Error> {
        let secret = self.keys.open(&Keys::aad(&self.id, entry.id), &entry.sealed)?;
        let secret = OtpSecret::from_bytes(secret.to_vec())
            .map_err(|e| Error::InvalidRecord { id: entry.id, reason: e.to_string() })?;
        Ok(Account::from_stored(entry.issuer.clone(), entry.name.clone(), secret, entry.method))
    }

    /// Adds an account, unless one with the same secret, issuer and name is already there.
    ///
    /// # Errors
    /// [`Error::Full`], [`Error::Random`], or [`Error::IntegrityFailure`] if an existing secret does not open.
    pub fn add(&mut self, account: &Account, now: u64, rng: &dyn SecureRandom) -> Result<Added, Error> {
        self.add_with(account, &Extras::default(), now, rng)
    }

    /// Adds an account with its groups, pin and note (from an import or a backup), unless one with the
    /// same secret, issuer and name is already there: that one keeps its own.
    ///
    /// # Errors
    /// As [`Vault::add`].
    pub fn add_portable(&mut self, portable: &Portable, now: u64, rng: &dyn SecureRandom) -> Result<Added, Error> {
        self.add_with(&portable.account, &portable.extras, now, rng)
    }

    fn add_with(
        &mut self,
        account: &Account,
        extras: &Extras,
        now: u64,
        rng: &dyn SecureRandom,
    ) -> Result<Added, Error> {
        // Names are held to the rules as they are written: an `Account` may have been made unchecked
        // (`Account::from_stored`, public for the vault's reader), and the MAC would vouch for it after.
        normalize_names(account.issuer(), account.name())?;
        if let Some(id) = self.find(account)? {
            return Ok(Added::Duplicate(id));
        }
        if self.entries.len() >= MAX_ACCOUNTS {
            return Err(Error::Full);
        }
        let id = self.next_id;
        let stored = self.keys.seal(&Keys::aad(&self.id, id), account.secret().expose_secret(), rng)?;
        let note = extras
            .note()
            .map(|text| self.keys.seal(&Keys::note_aad(&self.id, id), text.as_bytes(), rng))
            .transpose()?;
        self.entries.push(Entry {
            id,
            issuer: account.issuer().map(str::to_owned),
            name: account.name().to_owned(),
            method: *account.method(),
            icon: extras.icon().clone(),
            created: now,
            groups: extras.groups().to_vec(),
            favourite: extras.favourite(),
            uses: 0,
            sites: extras.sites().to_vec(),
            sealed: stored,
            note,
        });
        self.next_id += 1;
        Ok(Added::New(id))
    }

    /// The id of the account with the same secret, issuer and name as `account`, if there is one.
    ///
    /// # Errors
    /// [`Error::IntegrityFailure`] if a candidate's secret does not open.
    pub fn find(&self, account: &Account) -> Result<Option<u64>, Error> {
        for entry in &self.entries {
            if entry.issuer.as_deref() == account.issuer()
                && entry.name == account.name()
                && self.unseal(entry)?.secret() == account.secret()
            {
                return Ok(Some(entry.id));
            }
        }
        Ok(None)
    }

    /// Renames an account: `issuer` replaces the issuer when given (`Some(None)` clears it), `name` the name.
    ///
    /// # Errors
    /// [`Error::NoSuchAccount`] or [`Error::Name`].
    pub fn rename(&mut self, id: u64, issuer: Option<Option<&str>>, name: Option<&str>) -> Result<(), Error> {
        // Accounts and push tokens share one id sequence: the id names exactly one of them.
        let (current_issuer, current_name) = match self.entries.iter_mut().find(|e| e.id == id) {
            Some(entry) => (&mut entry.issuer, &mut entry.name),
            None => {
                let token = self.push.iter_mut().find(|p| p.id == id).ok_or(Error::NoSuchAccount { id })?;
                (&mut token.issuer, &mut token.name)
            }
        };
        let (new_issuer, new_name) =
            normalize_names(issuer.unwrap_or(current_issuer.as_deref()), name.unwrap_or(current_name))?;
        *current_issuer = new_issuer;
        *current_name = new_name;
        Ok(())
    }

    /// Removes an account and returns its metadata.
    ///
    /// # Errors
    /// [`Error::NoSuchAccount`].
    pub fn remove(&mut self, id: u64) -> Result<Entry, Error> {
        let index = self.entries.iter().position(|e| e.id == id).ok_or(Error::NoSuchAccount { id })?;
        Ok(self.entries.remove(index))
    }

    /// Puts a removed entry back at `index` (clamped to the end), as it was: same id, same sealed secret.
    /// This is how "undo" works without the secret ever leaving its seal.
    ///
    /// # Errors
    /// [`Error::InvalidRecord`] if an entry with that id is already there.
    pub fn reinsert(&mut self, entry: Entry, index: usize) -> Result<(), Error> {
        if self.entries.iter().any(|e| e.id == entry.id) {
            return Err(Error::InvalidRecord {
                id: entry.id,
                reason: "an account with this id is already there".into(),
            });
        }
        self.next_id = self.next_id.max(entry.id.saturating_add(1));
        let index = index.min(self.entries.len());
        self.entries.insert(index, entry);
        Ok(())
    }

    /// Moves an account to position `index` in the display order (clamped to the end).
    ///
    /// # Errors
    /// [`Error::NoSuchAccount`].
    pub fn move_to(&mut self, id: u64, index: usize) -> Result<(), Error> {
        let from = self.entries.iter().position(|e| e.id == id).ok_or(Error::NoSuchAccount { id })?;
        let entry = self.entries.remove(from);
        let index = index.min(self.entries.len());
        self.entries.insert(index, entry);
        Ok(())
    }

    /// Every account's metadata in the order the list shows it: favourites first, then as
    /// [`Vault::sort`] says, the stored order breaking ties.
    pub fn ordered_entries(&self) -> Vec<&Entry> {
        sort::order(&self.entries, self.sort)
    }

    /// How the list is ordered.
    pub fn sort(&self) -> Sort {
        self.sort
    }

    /// Orders the list another way (the stored, manual order is kept for when it comes back).
    pub fn set_sort(&mut self, sort: Sort) {
        self.sort = sort;
    }

    /// Every group some account is in, in the order they first appear in the stored order.
    pub fn group_names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = Vec::new();
        for group in self.entries.iter().flat_map(|e| &e.groups) {
            if !names.iter().any(|n| n.to_lowercase() == group.to_lowercase()) {
                names.push(group);
            }
        }
        names
    }

    /// Puts an account in exactly these groups (checked and kept as [`groups`] says).
    ///
    /// # Errors
    /// [`Error::NoSuchAccount`], or [`Error::Organise`] for names that cannot be kept.
    pub fn set_groups<S: AsRef<str>>(&mut self, id: u64, names: &[S]) -> Result<(), Error> {
        let kept = groups(names)?;
        self.entry_mut(id)?.groups = kept;
        Ok(())
    }

    /// Chooses the icon an account shows.
    ///
    /// # Errors
    /// [`Error::NoSuchAccount`].
    pub fn set_icon(&mut self, id: u64, icon: Icon) -> Result<(), Error> {
        self.entry_mut(id)?.icon = icon;
        Ok(())
    }

    /// Links an account to exactly these websites (each a page address or a domain; see [`Site`]).
    ///
    /// # Errors
    /// [`Error::Site`] for one Keyfob does not link, [`Error::NoSuchAccount`].
    pub fn set_sites<S: AsRef<str>>(&mut self, id: u64, given: &[S]) -> Result<(), Error> {
        let kept = sites(given)?;
        self.entry_mut(id)?.sites = kept;
        Ok(())
    }

    /// Which of the sites `given` (as [`set_sites`](Self::set_sites) takes them) account `id` is not linked
    /// to yet: what linking them would newly give its codes to, for the user to confirm.
    ///
    /// # Errors
    /// As [`set_sites`](Self::set_sites).
    pub fn sites_added<S: AsRef<str>>(&self, id: u64, given: &[S]) -> Result<Vec<Site>, Error> {
        let current = &self.entry(id)?.sites;
        Ok(sites(given)?.into_iter().filter(|site| !current.contains(site)).collect())
    }

    /// Links an account to one more website (kept once), as the user chose when a browser asked.
    ///
    /// # Errors
    /// [`Error::Site`] when the account already has [`MAX_SITES`](keyfob_core::site::MAX_SITES),
    /// [`Error::NoSuchAccount`].
    pub fn link_site(&mut self, id: u64, site: Site) -> Result<(), Error> {
        Ok(keyfob_core::site::add(&mut self.entry_mut(id)?.sites, site)?)
    }

    /// The accounts a page asking to be linked only looks like it belongs to: their issuer is named like
    /// the page's site ([`Site::named_like`]: `git-hub.com` for GitHub), they are linked to other sites,
    /// and none of those covers the page. An account already linked elsewhere asked for by a new site is
    /// how phishing looks: the window warns "this is not github.com".
    pub fn lookalikes(&self, page: &Page) -> Vec<&Entry> {
        let resembles = |e: &&Entry| {
            !e.sites.is_empty()
                && !e.sites.iter().any(|s| s.covers(page))
                && e.issuer.as_deref().is_some_and(|i| page.site().named_like(i))
        };
        self.ordered_entries().into_iter().filter(resembles).collect()
    }

    /// The accounts linked to a site that covers `page`, in the list's order: the only ones whose codes
    /// it gets.
    pub fn accounts_for_page(&self, page: &Page) -> Vec<&Entry> {
        self.ordered_entries().into_iter().filter(|e| e.sites.iter().any(|s| s.covers(page))).collect()
    }

    /// Pins an account to the top of the list, or unpins it.
    ///
    /// # Errors
    /// [`Error::NoSuchAccount`].
    pub fn set_favourite(&mut self, id: u64, favourite: bool) -> Result<(), Error> {
        self.entry_mut(id)?.favourite = favourite;
        Ok(())
    }

    /// Counts one more copy of an account's code (for "most used" order).
    ///
    /// # Errors
    /// [`Error::NoSuchAccount`].
    pub fn record_use(&mut self, id: u64) -> Result<(), Error> {
        let entry = self.entry_mut(id)?;
        entry.uses = entry.uses.saturating_add(1);
        Ok(())
    }

    /// Seals `note` as the account's note; an empty or absent note removes it.
    ///
    /// # Errors
    /// [`Error::NoSuchAccount`], [`Error::Organise`] past [`MAX_NOTE_BYTES`], [`Error::Random`].
    pub fn set_note(&mut self, id: u64, note: Option<&str>, rng: &dyn SecureRandom) -> Result<(), Error> {
        let note = note.filter(|n| !n.trim().is_empty());
        if let Some(text) = note {
            check_note(text)?;
        }
        let sealed =
            note.map(|text| self.keys.seal(&Keys::note_aad(&self.id, id), text.as_bytes(), rng)).transpose()?;
        self.entry_mut(id)?.note = sealed;
        Ok(())
    }

    /// The account's note, unsealed; `None` when it has none.
    ///
    /// # Errors
    /// [`Error::NoSuchAccount`], or [`Error::IntegrityFailure`] if it does not open (moved from another
    /// account or vault, or changed).
    pub fn note(&self, id: u64) -> Result<Option<Zeroizing<String>>, Error> {
        let entry = self.entry(id)?;
        let Some(sealed) = &entry.note else { return Ok(None) };
        let plain = self.keys.open(&Keys::note_aad(&self.id, id), sealed)?;
        let text = std::str::from_utf8(&plain)
            .map_err(|_| Error::InvalidRecord { id, reason: "the note is not UTF-8".into() })?;
        Ok(Some(Zeroizing::new(text.to_owned())))
    }

    fn entry_mut(&mut self, id: u64) -> Result<&mut Entry, Error> {
        self.entries.iter_mut().find(|e| e.id == id).ok_or(Error::NoSuchAccount { id })
    }

    /// The position of an account in the display order.
    pub fn position(&self, id: u64) -> Option<usize> {
        self.entries.iter().position(|e| e.id == id)
    }

    /// For an HOTP account: the code at its counter, with the counter moved on. The caller must save the
    /// vault *before* showing the code, so a crash can never show the same code twice.
    ///
    /// # Errors
    /// [`Error::NoSuchAccount`], [`Error::NotHotp`], or [`Error::IntegrityFailure`].
    pub fn next_hotp_code(&mut self, id: u64) -> Result<Code, Error> {
        let account = self.account(id)?;
        let code = account.code_at(0);
        let entry = self.entries.iter_mut().find(|e| e.id == id).ok_or(Error::NoSuchAccount { id })?;
        match &mut entry.method {
            Method::Hotp { counter, .. } => *counter = counter.saturating_add(1),
            _ => return Err(Error::NotHotp { id }),
        }
        Ok(code)
    }
}

fn malformed(error: serde_json::Error) -> Error {
    Error::Malformed { reason: keyfob_core::text::json_fault(&error) }
}

fn parse_file(bytes: &[u8]) -> Result<File<'_>, Error> {
    let preamble: Preamble = serde_json::from_slice(bytes).map_err(malformed)?;
    if preamble.format.as_deref() != Some(FORMAT) {
        return Err(Error::NotAVault);
    }
    match preamble.version {
        Some(1 | VERSION) => {}
        Some(found) => return Err(Error::UnsupportedVersion { found }),
        None => return Err(Error::Malformed { reason: "no version".into() }),
    }
    serde_json::from_slice(bytes).map_err(malformed)
}

impl From<&Entry> for Record {
    fn from(entry: &Entry) -> Self {
        let method = entry.method;
        let (icon, picture) = entry.icon.to_stored();
        Self {
            id: entry.id,
            issuer: entry.issuer.clone(),
            account: entry.name.clone(),
            r#type: method.kind().to_owned(),
            algorithm: method.algorithm().name().to_owned(),
            digits: method.code_len(),
            period: method.period().map(Period::get),
            counter: method.counter(),
            icon,
            picture,
            created: entry.created,
            groups: entry.groups.clone(),
            favourite: entry.favourite,
            uses: entry.uses,
            sites: entry.sites.iter().map(|s| s.as_str().to_owned()).collect(),
            secret: data_encoding::BASE64.encode(&entry.sealed),
            note: entry.note.as_ref().map(|n| data_encoding::BASE64.encode(n)),
        }
    }
}

impl TryFrom<Record> for Entry {
    type Error = Error;

    fn try_from(record: Record) -> Result<Self, Error> {
        let id = record.id;
        let invalid = |reason: &str| Error::InvalidRecord { id, reason: reason.to_owned() };
        let algorithm = Algorithm::from_name(&record.algorithm).ok_or_else(|| invalid("unknown algorithm"))?;
        let digits = Digits::new(record.digits);
        let period = record.period.map(|p| Period::new(p).ok_or_else(|| invalid("invalid period"))).transpose()?;
        let method = match record.r#type.as_str() {
            "totp" => Method::Totp {
                algorithm,
                digits: digits.ok_or_else(|| invalid("invalid digits"))?,
                period: period.ok_or_else(|| invalid("missing period"))?,
            },
            "hotp" => Method::Hotp {
                algorithm,
                digits: digits.ok_or_else(|| invalid("invalid digits"))?,
                counter: record.counter.ok_or_else(|| invalid("missing counter"))?,
            },
            "steam" => Method::Steam { period: period.ok_or_else(|| invalid("missing period"))? },
            _ => return Err(invalid("unknown type")),
        };
        let sealed =
            data_encoding::BASE64.decode(record.secret.as_bytes()).map_err(|_| invalid("secret is not base64"))?;
        let note = record
            .note
            .map(|n| data_encoding::BASE64.decode(n.as_bytes()).map_err(|_| invalid("note is not base64")))
            .transpose()?;
        let icon = Icon::from_stored(record.icon.as_deref(), record.picture.as_deref())
            .map_err(|e| invalid(&e.to_string()))?;
        let kept = groups(&record.groups).map_err(|e| invalid(&e.to_string()))?;
        let kept_sites = sites(&record.sites).map_err(|e| invalid(&e.to_string()))?;
        if kept_sites.iter().map(Site::as_str).ne(record.sites.iter().map(String::as_str)) {
            return Err(invalid("sites are not as Keyfob keeps them"));
        }
        if kept != record.groups {
            return Err(invalid("groups are not as Keyfob keeps them"));
        }
        Ok(Self {
            id,
            issuer: record.issuer,
            name: record.account,
            method,
            icon,
            created: record.created,
            groups: kept,
            favourite: record.favourite,
            uses: record.uses,
            sites: kept_sites,
            sealed,
            note,
        })
    }
}

#[cfg(test)]
mod tests;
