//! Where Keyfob keeps its vault: a directory of crash-safe files ([`dir`]) and a key in the OS keychain
//! ([`keychain`]), or behind a passphrase where no keychain exists.
//!
//! Reach for [`Store`]: [`Store::load`] to read, [`Store::update`] to change the vault under the writers' lock.
//! The rule that matters most: a vault file that exists is never paired with a new key. If the keychain has
//! no key for it, or cannot be reached, Keyfob stops and says so; it does not start an empty vault over
//! accounts it cannot read.

#![forbid(unsafe_code)]

pub mod auto_backup;
pub mod dir;
pub mod keychain;
pub mod pairing_request;
pub mod push_state;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use keyfob_core::Clock;
use keyfob_core::crypto::Password;
use keyfob_vault::{self as vault, KdfParams, KeySource, Vault, VaultId, VaultKey};
use zeroize::Zeroizing;

pub use auto_backup::{
    BackupError, Failure as BackupFailure, LastFailure, Outcome as BackupOutcome, Status as BackupStatus,
};
pub use dir::{IoError, Stamp, VaultDir, write_file_atomic};
pub use keychain::{KeyStore, KeychainError, MemoryKeychain, OsKeychain};
pub use push_state::PushState;
/// The random source [`Store::update`] hands to changes (for sealing new secrets).
pub use ring::rand::SystemRandom;

/// What went wrong with the stored vault, each with what to do about it.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file could not be read or written.
    #[error(transparent)]
    Io(#[from] IoError),
    /// The vault file is damaged; it was left as it is.
    #[error("the vault file {} cannot be used: {source}. It was left untouched.{}", path.display(), restore_hint(backup, path))]
    Damaged {
        /// The vault file.
        path: PathBuf,
        /// The previous generation, when there is one.
        backup: Option<PathBuf>,
        /// What is wrong.
        source: vault::Error,
    },
    /// The keychain's key does not open the vault.
    #[error("the key in the OS keychain (service `keyfob`, entry `{entry}`) does not open {}; nothing was changed. If this vault came from another computer, bring that computer's keychain entry too", path.display())]
    WrongKey {
        /// The vault file.
        path: PathBuf,
        /// The keychain entry's user name.
        entry: String,
    },
    /// The vault exists but the keychain has no key for it.
    #[error("the vault {} exists but the OS keychain has no key for it (service `keyfob`, entry `{entry}`). Nothing was changed and no new key was made. If the keychain was reset, restore it from its backup; if the vault came from another computer, bring its keychain entry too", path.display())]
    KeyMissing {
        /// The vault file.
        path: PathBuf,
        /// The keychain entry's user name.
        entry: String,
    },
    /// The keychain could not be used.
    #[error(
        "{source}. Keyfob keeps its vault key in the OS keychain: on Linux, a Secret Service such as gnome-keyring or KeePassXC must be running and unlocked in your session. Where none can be, keep the key behind a passphrase instead"
    )]
    Keychain {
        /// The keychain's failure.
        #[from]
        source: KeychainError,
    },
    /// A passphrase vault was opened without its passphrase.
    #[error("the vault {} is protected by a passphrase", path.display())]
    PassphraseNeeded {
        /// The vault file.
        path: PathBuf,
    },
    /// The passphrase does not open the vault.
    #[error("wrong passphrase for {}", path.display())]
    WrongPassphrase {
        /// The vault file.
        path: PathBuf,
    },
    /// `vault.json` is gone but its backup is there: someone must decide.
    #[error("the vault file {} is missing but its previous version {} is there; restore it with: cp {} {}", vault.display(), backup.display(), backup.display(), vault.display())]
    VaultMissing {
        /// The missing vault file.
        vault: PathBuf,
        /// The backup that exists.
        backup: PathBuf,
    },
    /// `init` on a directory that already has a vault.
    #[error("there is already a vault at {}", path.display())]
    AlreadyExists {
        /// The vault file.
        path: PathBuf,
    },
    /// No vault has been created yet.
    #[error("there is no vault at {} yet; add an account to create one", path.display())]
    NoVault {
        /// Where it was looked for.
        path: PathBuf,
    },
    /// An automatic backup asked for now failed.
    #[error(transparent)]
    AutoBackup(#[from] BackupError),
    /// A backup was asked for but automatic backups are off.
    #[error("automatic backups are off")]
    AutoBackupOff,
    /// The operation on the open vault failed (no such account, invalid name, …).
    #[error(transparent)]
    Vault(#[from] vault::Error),
}

impl Error {
    /// What sort of failure this is, for the programs to word (see [`keyfob_core::Kind`]).
    pub fn kind(&self) -> keyfob_core::Kind {
        use keyfob_core::Kind;
        match self {
            Self::Io(_) | Self::Keychain { .. } | Self::AutoBackup(_) => Kind::Environment,
            Self::Damaged { source, .. } => match source.kind() {
                Kind::Unsupported => Kind::Unsupported,
                _ => Kind::Integrity,
            },
            Self::WrongKey { .. } => Kind::Integrity,
            Self::KeyMissing { .. } | Self::VaultMissing { .. } => Kind::Conflict,
            Self::PassphraseNeeded { .. } => Kind::Locked,
            Self::WrongPassphrase { .. } => Kind::WrongSecret,
            Self::AlreadyExists { .. } | Self::AutoBackupOff => Kind::Conflict,
            Self::NoVault { .. } => Kind::NotFound,
            Self::Vault(error) => error.kind(),
        }
    }
}

fn restore_hint(backup: &Option<PathBuf>, path: &std::path::Path) -> String {
    match backup {
        Some(backup) => {
            format!(
                " The previous version is {}; to go back to it: cp {} {}",
                backup.display(),
                backup.display(),
                path.display()
            )
        }
        None => " There is no previous version to go back to; restore a Keyfob backup".to_owned(),
    }
}

/// How to unlock a vault whose key is behind a passphrase: nothing (a keychain vault, or a locked
/// one), the passphrase the user gave, or the key a passphrase unwrapped before ([`Store::unlock_key`]),
/// which is what a process keeps while the vault stays unlocked.
#[derive(Debug, Default)]
pub struct Unlock {
    /// The passphrase, when the user gave one.
    pub passphrase: Option<Password>,
    /// The key the passphrase unwrapped, kept instead of it.
    key: Option<PassphraseKey>,
}

impl Unlock {
    /// Unlocks with `passphrase` (one KDF run per open, unless this store unwrapped the key with the same
    /// passphrase just before).
    pub fn with_passphrase(passphrase: Password) -> Self {
        Self { passphrase: Some(passphrase), key: None }
    }

    /// Unlocks with a key a passphrase unwrapped before: no KDF, and no passphrase in memory.
    pub fn with_key(key: PassphraseKey) -> Self {
        Self { passphrase: None, key: Some(key) }
    }
}

/// A passphrase vault's key, unwrapped once by [`Store::unlock_key`], with the vault and the wrapping
/// it came from. What a session keeps while unlocked instead of the passphrase: the passphrase may open
/// other things (people reuse them), this opens one vault, and only while its wrapping is the one it
/// came from (a passphrase changed elsewhere asks for the new one). Wiped on drop, redacted in `Debug`.
pub struct PassphraseKey {
    vault: VaultId,
    source: KeySource,
    key: VaultKey,
}

impl std::fmt::Debug for PassphraseKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PassphraseKey").field("vault", &self.vault).finish_non_exhaustive()
    }
}

/// What [`Store::update`] returns: the change's own result, and what the automatic backup that follows
/// every change did.
#[derive(Debug)]
pub struct Changed<T> {
    /// What the change returned.
    pub value: T,
    /// The automatic backup's outcome.
    pub backup: BackupOutcome,
}

/// A vault key this process opened before, and what it came from.
struct CachedKey {
    vault: VaultId,
    source: KeySource,
    /// For a passphrase vault: a digest of the passphrase that unwrapped it, so that only the same
    /// passphrase reuses the key (a different one runs the KDF, and is refused if wrong).
    passphrase: Option<Zeroizing<[u8; 32]>>,
    key: VaultKey,
}

fn passphrase_digest(passphrase: &Password) -> Zeroizing<[u8; 32]> {
    let digest = ring::digest::digest(&ring::digest::SHA256, passphrase.expose_secret());
    let mut bytes = Zeroizing::new([0u8; 32]);
    bytes.copy_from_slice(digest.as_ref());
    bytes
}

/// The clock a store reads: shared with the rest of the application, so a test can fix it.
pub type SharedClock = Arc<dyn Clock + Send + Sync>;

/// A vault directory and the keychain that holds its key.
pub struct Store {
    dir: VaultDir,
    keychain: Box<dyn KeyStore + Send + Sync>,
    clock: SharedClock,
    rng: SystemRandom,
    /// The key read from the keychain or unwrapped by the passphrase, with where it came from, kept for
    /// later opens of the same vault by this process: one keychain read (or one KDF run) per run, not one
    /// per refresh or change.
    key_cache: Mutex<Option<CachedKey>>,
    kdf_runs: std::sync::atomic::AtomicU64,
}

impl Store {
    /// A store over `dir`, with keys in `keychain`; `clock` dates automatic backups.
    pub fn new(dir: VaultDir, keychain: Box<dyn KeyStore + Send + Sync>, clock: SharedClock) -> Self {
        Self { dir, keychain, clock, rng: SystemRandom::new(), key_cache: Mutex::new(None), kdf_runs: 0.into() }
    }

    /// Forgets the key kept for this process (it is wiped): the next open reads the keychain again, or
    /// needs the passphrase again. What locking the app does.
    pub fn forget_key(&self) {
        self.forget();
    }

    /// How many times this store ran the passphrase KDF: once per unlock, however often the vault is
    /// opened or changed afterwards.
    pub fn kdf_runs(&self) -> u64 {
        self.kdf_runs.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// The clock this store dates things by.
    pub fn clock(&self) -> &SharedClock {
        &self.clock
    }

    /// The vault directory.
    pub fn dir(&self) -> &VaultDir {
        &self.dir
    }

    /// The system's random source, for sealing new secrets.
    pub fn rng(&self) -> &SystemRandom {
        &self.rng
    }

    /// Opens the vault: one file read, one keychain read.
    ///
    /// # Errors
    /// [`Error::NoVault`] when there is none yet, or any reason it cannot be opened.
    pub fn load(&self, unlock: &Unlock) -> Result<Vault, Error> {
        match self.dir.read()? {
            Some(bytes) => self.open(&bytes, unlock),
            None => Err(self.missing()),
        }
    }

    /// Creates an empty vault, its key in the keychain, or behind `unlock`'s passphrase when one is given.
    ///
    /// # Errors
    /// [`Error::AlreadyExists`], or why the key could not be stored.
    pub fn init(&self, unlock: &Unlock) -> Result<Vault, Error> {
        self.dir.with_write_lock(|| {
            if self.dir.read()?.is_some() {
                return Err(Error::AlreadyExists { path: self.dir.vault_path() });
            }
            let vault = self.create(unlock)?;
            self.dir.write_atomic(&vault.to_bytes()?)?;
            Ok(vault)
        })
    }

    /// Changes the vault under the writers' lock: reads the current version (creating the vault with a
    /// keychain key when there is none and no backup either), applies `change`, and writes the result
    /// crash-safely, then makes the automatic backup, before returning. `change` returning an error
    /// writes nothing. A failed backup does not fail the update (the change is saved): it is in
    /// [`Changed::backup`] for the caller to tell the user.
    ///
    /// # Errors
    /// Any reason the vault cannot be opened or written, or `change`'s error.
    pub fn update<T>(
        &self,
        unlock: &Unlock,
        change: impl FnOnce(&mut Vault, &SystemRandom) -> Result<T, Error>,
    ) -> Result<Changed<T>, Error> {
        self.write(unlock, change, true)
    }

    /// [`Store::update`] for a change no backup holds (how often each code was copied, for the "most
    /// used" order): written the same way, but no automatic backup follows, so copying codes does not
    /// rotate real backups out of the folder.
    ///
    /// # Errors
    /// As [`Store::update`].
    pub fn update_unbacked<T>(
        &self,
        unlock: &Unlock,
        change: impl FnOnce(&mut Vault, &SystemRandom) -> Result<T, Error>,
    ) -> Result<T, Error> {
        Ok(self.write(unlock, change, false)?.value)
    }

    fn write<T>(
        &self,
        unlock: &Unlock,
        change: impl FnOnce(&mut Vault, &SystemRandom) -> Result<T, Error>,
        back_up: bool,
    ) -> Result<Changed<T>, Error> {
        self.dir.with_write_lock(|| {
            let mut vault = match self.dir.read()? {
                Some(bytes) => self.open(&bytes, unlock)?,
                None => {
                    let missing = self.missing();
                    if matches!(missing, Error::VaultMissing { .. }) {
                        return Err(missing);
                    }
                    self.create(unlock)?
                }
            };
            let value = change(&mut vault, &self.rng)?;
            self.dir.write_atomic(&vault.to_bytes()?)?;
            let backup =
                if back_up { auto_backup::run(&self.dir, &vault, &*self.clock, &self.rng) } else { BackupOutcome::Off };
            Ok(Changed { value, backup })
        })
    }

    /// Writes an automatic backup now (the app's "Back up now"), under the writers' lock.
    ///
    /// # Errors
    /// [`Error::AutoBackupOff`], [`Error::AutoBackup`], or why the vault cannot be opened.
    pub fn backup_now(&self, unlock: &Unlock) -> Result<PathBuf, Error> {
        self.dir.with_write_lock(|| {
            let vault = self.load(unlock)?;
            match auto_backup::run(&self.dir, &vault, &*self.clock, &self.rng) {
                BackupOutcome::Off => Err(Error::AutoBackupOff),
                BackupOutcome::Written(file) => Ok(file),
                BackupOutcome::Failed(error) => Err(error.into()),
            }
        })
    }

    /// Moves the vault key behind `new` (a passphrase the user chooses): from the keychain, whose entry
    /// is then deleted, or from the current passphrase or its key (`current`). The key itself does not
    /// change, so accounts, push tokens and backups are untouched. The new wrapping is written
    /// (crash-safely) before the old way in is removed: a crash at any point leaves one that opens the
    /// vault. Returns the key under its new wrapping, to keep instead of `new`.
    ///
    /// # Errors
    /// [`Error::Vault`] with `PassphraseTooShort`; [`Error::WrongPassphrase`] or
    /// [`Error::PassphraseNeeded`] for the current one (nothing is changed then); why the vault or the
    /// keychain cannot be read or written.
    pub fn set_passphrase(&self, current: &Unlock, new: &Password) -> Result<PassphraseKey, Error> {
        new.check_strength().map_err(|_| vault::Error::PassphraseTooShort)?;
        self.dir.with_write_lock(|| {
            let bytes = self.dir.read()?.ok_or_else(|| self.missing())?;
            let (mut vault, key) = self.open_with_key(&bytes, current)?;
            let from_keychain = matches!(vault.key_source(), KeySource::Keychain);
            let source = KeySource::wrap(&key, new, KdfParams::DEFAULT, &self.rng)?;
            self.count_kdf();
            vault.set_key_source(&key, source.clone())?;
            self.dir.write_atomic(&vault.to_bytes()?)?;
            self.remember(vault.id(), source.clone(), None, key.duplicate());
            if from_keychain {
                self.keychain.delete(vault.id())?;
            }
            Ok(PassphraseKey { vault: vault.id().clone(), source, key })
        })
    }

    /// Unwraps the passphrase vault's key with `passphrase` (one KDF run, none when this store unwrapped
    /// it with the same passphrase just before) and checks that it opens the vault, for keeping instead
    /// of the passphrase ([`Unlock::with_key`]). The store keeps no trace of the passphrase afterwards.
    ///
    /// # Errors
    /// [`Error::NoVault`] (or `VaultMissing`) when there is no vault; [`Error::Vault`] with
    /// `NotPassphraseProtected` for a keychain vault; [`Error::WrongPassphrase`]; a damaged file.
    pub fn unlock_key(&self, passphrase: &Password) -> Result<PassphraseKey, Error> {
        let bytes = self.dir.read()?.ok_or_else(|| self.missing())?;
        if matches!(Vault::header(&bytes).map(|h| h.key_source), Ok(KeySource::Keychain)) {
            return Err(vault::Error::NotPassphraseProtected.into());
        }
        let (vault, key) = self.open_with(&bytes, Some(passphrase), None)?;
        let source = vault.key_source().clone();
        // The open above kept a digest of the passphrase with the key (for reopening with it); only the
        // key stays.
        self.remember(vault.id(), source.clone(), None, key.duplicate());
        Ok(PassphraseKey { vault: vault.id().clone(), source, key })
    }

    /// Moves the vault key from behind its passphrase (`current`) back into the keychain. The keychain
    /// entry is written before the vault says so: a crash in between leaves the passphrase working.
    ///
    /// # Errors
    /// [`Error::Vault`] with `NotPassphraseProtected` for a keychain vault; [`Error::WrongPassphrase`] or
    /// [`Error::PassphraseNeeded`]; why the vault or the keychain cannot be read or written.
    pub fn remove_passphrase(&self, current: &Unlock) -> Result<(), Error> {
        self.dir.with_write_lock(|| {
            let bytes = self.dir.read()?.ok_or_else(|| self.missing())?;
            if matches!(Vault::header(&bytes).map(|h| h.key_source), Ok(KeySource::Keychain)) {
                return Err(vault::Error::NotPassphraseProtected.into());
            }
            let (mut vault, key) = self.open_with_key(&bytes, current)?;
            self.keychain.set(vault.id(), &key.to_keychain_text())?;
            vault.set_key_source(&key, KeySource::Keychain)?;
            self.dir.write_atomic(&vault.to_bytes()?)?;
            self.remember(vault.id(), KeySource::Keychain, None, key);
            Ok(())
        })
    }

    /// Where the vault's key lives, read from the file's header alone (no key needed): what `keyfob lock
    /// status` reports, and what tells the app to open locked.
    ///
    /// # Errors
    /// [`Error::NoVault`], or a damaged file.
    pub fn key_source(&self) -> Result<KeySource, Error> {
        let bytes = self.dir.read()?.ok_or_else(|| self.missing())?;
        Vault::header(&bytes).map(|h| h.key_source).map_err(|source| Error::Damaged {
            path: self.dir.vault_path(),
            backup: Some(self.dir.backup_path()).filter(|b| b.exists()),
            source,
        })
    }

    /// What the latest automatic backup did.
    pub fn backup_status(&self) -> BackupStatus {
        auto_backup::status(&self.dir)
    }

    fn missing(&self) -> Error {
        let backup = self.dir.backup_path();
        if backup.exists() {
            Error::VaultMissing { vault: self.dir.vault_path(), backup }
        } else {
            Error::NoVault { path: self.dir.vault_path() }
        }
    }

    fn create(&self, unlock: &Unlock) -> Result<Vault, Error> {
        let key = VaultKey::generate(&self.rng)?;
        let Some(passphrase) = &unlock.passphrase else {
            let vault = Vault::create(&key, KeySource::Keychain, &self.rng)?;
            self.keychain.set(vault.id(), &key.to_keychain_text())?;
            self.remember(vault.id(), KeySource::Keychain, None, key);
            return Ok(vault);
        };
        let source = KeySource::wrap(&key, passphrase, KdfParams::DEFAULT, &self.rng)?;
        self.count_kdf();
        let vault = Vault::create(&key, source.clone(), &self.rng)?;
        self.remember(vault.id(), source, Some(passphrase), key);
        Ok(vault)
    }

    fn open(&self, bytes: &[u8], unlock: &Unlock) -> Result<Vault, Error> {
        self.open_with_key(bytes, unlock).map(|(vault, _)| vault)
    }

    /// Opens the vault, returning its key too (for moving it to another source).
    fn open_with_key(&self, bytes: &[u8], unlock: &Unlock) -> Result<(Vault, VaultKey), Error> {
        self.open_with(bytes, unlock.passphrase.as_ref(), unlock.key.as_ref())
    }

    /// Opens the vault with `passphrase` or a `kept` key (used only for the vault and wrapping it came
    /// from), returning its key too.
    fn open_with(
        &self,
        bytes: &[u8],
        passphrase: Option<&Password>,
        kept: Option<&PassphraseKey>,
    ) -> Result<(Vault, VaultKey), Error> {
        let path = self.dir.vault_path();
        let damaged = |source| {
            let backup = Some(self.dir.backup_path()).filter(|b| b.exists());
            Error::Damaged { path: path.clone(), backup, source }
        };
        let header = Vault::header(bytes).map_err(damaged)?;
        let entry = keychain::entry_name(&header.id);
        let kept = kept.filter(|k| k.vault == header.id && k.source == header.key_source);
        let key = match (&header.key_source, passphrase, kept) {
            (KeySource::Keychain, _, _) => self.keychain_key(&header.id, &path, &entry)?,
            (KeySource::Passphrase { .. }, _, Some(kept)) => kept.key.duplicate(),
            (KeySource::Passphrase { .. }, None, None) => return Err(Error::PassphraseNeeded { path }),
            (KeySource::Passphrase { .. }, Some(passphrase), None) => {
                match self.cached(&header.id, &header.key_source, Some(passphrase)) {
                    // The same wrapping, unwrapped before by this process with this same passphrase.
                    Some(key) => key,
                    None => {
                        self.count_kdf();
                        match header.key_source.unwrap(passphrase) {
                            Ok(key) => key,
                            Err(vault::Error::WrongPassphrase) => return Err(Error::WrongPassphrase { path }),
                            Err(e) => return Err(damaged(e)),
                        }
                    }
                }
            }
        };
        match Vault::open(bytes, &key) {
            Ok(vault) => {
                self.remember(&header.id, header.key_source, passphrase, key.duplicate());
                Ok((vault, key))
            }
            Err(vault::Error::WrongKey) => {
                self.forget();
                Err(Error::WrongKey { path, entry })
            }
            Err(e) => Err(damaged(e)),
        }
    }

    fn count_kdf(&self) {
        self.kdf_runs.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }

    /// The key kept for vault `id` when it came from `source` (and, for a passphrase vault, `passphrase`).
    fn cached(&self, id: &VaultId, source: &KeySource, passphrase: Option<&Password>) -> Option<VaultKey> {
        let cache = self.cache();
        let cached = cache.as_ref()?;
        let same_passphrase = match (&cached.passphrase, passphrase) {
            (None, None) => true,
            // Equal digests, compared in time that does not depend on where they differ.
            (Some(kept), Some(given)) => {
                kept.iter().zip(passphrase_digest(given).iter()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
            }
            _ => false,
        };
        (cached.vault == *id && cached.source == *source && same_passphrase).then(|| cached.key.duplicate())
    }

    fn keychain_key(&self, id: &VaultId, path: &std::path::Path, entry: &str) -> Result<VaultKey, Error> {
        if let Some(key) = self.cached(id, &KeySource::Keychain, None) {
            return Ok(key);
        }
        let text = self
            .keychain
            .get(id)?
            .ok_or_else(|| Error::KeyMissing { path: path.to_owned(), entry: entry.to_owned() })?;
        VaultKey::from_keychain_text(&text)
            .map_err(|_| Error::WrongKey { path: path.to_owned(), entry: entry.to_owned() })
    }

    fn cache(&self) -> std::sync::MutexGuard<'_, Option<CachedKey>> {
        // A panic while holding this lock leaves at worst a stale cache entry, which the key check catches.
        self.key_cache.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn remember(&self, id: &VaultId, source: KeySource, passphrase: Option<&Password>, key: VaultKey) {
        let passphrase = match source {
            KeySource::Keychain => None,
            KeySource::Passphrase { .. } => passphrase.map(passphrase_digest),
        };
        *self.cache() = Some(CachedKey { vault: id.clone(), source, passphrase, key });
    }

    fn forget(&self) {
        *self.cache() = None;
    }
}

#[cfg(test)]
mod tests {
    use keyfob_core::FixedClock;
    use keyfob_vault::AutoBackup;
    use keyfob_vault::backup::BackupKey;

    use super::*;

    fn store(dir: &std::path::Path) -> Store {
        Store::new(VaultDir::at(dir), Box::new(MemoryKeychain::default()), Arc::new(FixedClock(1_800_000_000)))
    }

    #[test]
    fn an_update_returns_its_backup_outcome_and_the_status_agrees() {
        let temp = tempfile::tempdir().unwrap();
        let store = store(&temp.path().join("vault"));
        let unlock = Unlock::default();
        let account = keyfob_core::uri::parse("otpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP").unwrap();
        let first = store.update(&unlock, |vault, rng| Ok(vault.add(&account, 0, rng)?)).unwrap();
        assert!(matches!(first.backup, BackupOutcome::Off));

        let folder = temp.path().join("backups");
        std::fs::create_dir(&folder).unwrap();
        let password = Password::new(Zeroizing::new("backup password".into()));
        let key = BackupKey::derive(&password, KdfParams { m_kib: 64, t: 1, p: 1 }, store.rng()).unwrap();
        let settings = AutoBackup::new(&folder, 3).unwrap();
        let on = store.update(&unlock, |vault, rng| Ok(vault.set_auto_backup(settings, &key, rng)?)).unwrap();
        let BackupOutcome::Written(file) = on.backup else { panic!("{:?}", on.backup) };
        assert!(file.starts_with(&folder) && file.to_string_lossy().contains("2027-01-15T08-00-00.000Z"), "{file:?}");
        assert_eq!(store.backup_status().last_success, Some(1_800_000_000), "dated by the store's clock");

        // Counting copies writes the vault, and no backup: copying codes never rotates backups away.
        for _ in 0..5 {
            store.update_unbacked(&unlock, |vault, _| Ok(vault.record_use(1)?)).unwrap();
        }
        assert_eq!(store.load(&unlock).unwrap().entries()[0].uses, 5);
        assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 1, "still only the one backup");

        std::fs::remove_dir_all(&folder).unwrap();
        let failed = store.update(&unlock, |vault, _| Ok(vault.rename(1, None, Some("b"))?)).unwrap();
        let error = failed.backup.error().expect("the folder is gone");
        assert!(error.to_string().contains("does not exist"), "{error}");
        assert!(!error.to_string().contains("keyfob "), "no command line in a message the app shows: {error}");
        assert_eq!(store.backup_status().last_error, Some(error.to_string()));
        assert_eq!(store.load(&unlock).unwrap().entries()[0].name, "b", "the change itself was saved");
    }

    #[test]
    fn the_key_moves_behind_a_passphrase_and_back_without_changing() {
        let temp = tempfile::tempdir().unwrap();
        let keychain = MemoryKeychain::default();
        let store = || Store::new(VaultDir::at(temp.path()), Box::new(keychain.clone()), Arc::new(FixedClock(0)));
        let account = keyfob_core::uri::parse("otpauth://totp/A:a?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ").unwrap();
        let id = store().update(&Unlock::default(), |vault, rng| Ok(vault.add(&account, 0, rng)?)).unwrap().value;
        let keyfob_vault::Added::New(id) = id else { panic!() };
        let code = |vault: &Vault| vault.account(id).unwrap().code_at(59).to_string();
        let vault_id = store().load(&Unlock::default()).unwrap().id().clone();
        let password = |text: &str| Password::new(Zeroizing::new(text.into()));
        let with = |text: &str| Unlock::with_passphrase(password(text));

        assert!(matches!(store().set_passphrase(&Unlock::default(), &password("short")), Err(Error::Vault(_))));
        store().set_passphrase(&Unlock::default(), &password("correct horse battery")).unwrap();
        assert!(keychain.get(&vault_id).unwrap().is_none(), "the keychain entry is gone");
        assert!(matches!(store().load(&Unlock::default()), Err(Error::PassphraseNeeded { .. })));
        assert_eq!(code(&store().load(&with("correct horse battery")).unwrap()), "287082");

        // A wrong current passphrase changes nothing, byte for byte.
        let before = std::fs::read(temp.path().join("vault.json")).unwrap();
        let wrong = store().set_passphrase(&with("wrong horse battery"), &password("another passphrase"));
        assert!(matches!(wrong, Err(Error::WrongPassphrase { .. })));
        assert!(matches!(store().remove_passphrase(&with("wrong horse battery")), Err(Error::WrongPassphrase { .. })));
        assert_eq!(std::fs::read(temp.path().join("vault.json")).unwrap(), before);
        assert!(keychain.get(&vault_id).unwrap().is_none());

        store().set_passphrase(&with("correct horse battery"), &password("another passphrase")).unwrap();
        assert!(matches!(store().load(&with("correct horse battery")), Err(Error::WrongPassphrase { .. })));
        store().remove_passphrase(&with("another passphrase")).unwrap();
        assert!(keychain.get(&vault_id).unwrap().is_some(), "back in the keychain");
        assert_eq!(code(&store().load(&Unlock::default()).unwrap()), "287082", "the same key all along");
        assert!(matches!(store().key_source(), Ok(KeySource::Keychain)));
        assert!(matches!(
            store().remove_passphrase(&Unlock::default()),
            Err(Error::Vault(vault::Error::NotPassphraseProtected))
        ));
    }

    #[test]
    fn a_kept_passphrase_key_opens_only_for_the_same_passphrase() {
        let temp = tempfile::tempdir().unwrap();
        let right = || Unlock::with_passphrase(Password::new(Zeroizing::new("correct horse battery".into())));
        store(temp.path()).init(&right()).unwrap();
        let store = store(temp.path());
        store.load(&right()).unwrap();
        store.load(&right()).unwrap();
        assert_eq!(store.kdf_runs(), 1);
        let wrong = Unlock::with_passphrase(Password::new(Zeroizing::new("correct horse battery!".into())));
        assert!(matches!(store.load(&wrong), Err(Error::WrongPassphrase { .. })));
        assert!(matches!(store.load(&Unlock::default()), Err(Error::PassphraseNeeded { .. })));
        assert_eq!(store.kdf_runs(), 2);
    }
}
