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
pub mod push_state;

use std::path::PathBuf;
use std::sync::Mutex;

use keyfob_core::vault::{self, KdfParams, KeySource, Passphrase, Vault, VaultId, VaultKey};

pub use auto_backup::{BackupError, Status as BackupStatus};
pub use dir::{IoError, VaultDir, write_file_atomic};
pub use keychain::{KeyStore, KeychainError, OsKeychain};
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
        "{source}. Keyfob keeps its vault key in the OS keychain: on Linux, a Secret Service such as gnome-keyring or KeePassXC must be running and unlocked in your session. Where none can be, keep the key behind a passphrase instead: keyfob init --passphrase-file FILE"
    )]
    Keychain {
        /// The keychain's failure.
        #[from]
        source: KeychainError,
    },
    /// A passphrase vault was opened without its passphrase.
    #[error("the vault {} is protected by a passphrase; give it with --passphrase-file FILE or KEYFOB_PASSPHRASE_FILE", path.display())]
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
    #[error("automatic backups are off; turn them on with: keyfob auto-backup on DIR --password-file FILE")]
    AutoBackupOff,
    /// The operation on the open vault failed (no such account, invalid name, …).
    #[error(transparent)]
    Vault(#[from] vault::Error),
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

/// How to unlock a vault whose key is behind a passphrase.
#[derive(Debug, Default)]
pub struct Unlock {
    /// The passphrase, when the user gave one.
    pub passphrase: Option<Passphrase>,
}

/// A vault directory and the keychain that holds its key.
pub struct Store {
    dir: VaultDir,
    keychain: Box<dyn KeyStore + Send + Sync>,
    rng: SystemRandom,
    /// The key read from the keychain, kept for later opens of the same vault by this process: one
    /// keychain read per run, not one per refresh.
    key_cache: Mutex<Option<(VaultId, VaultKey)>>,
}

impl Store {
    /// A store over `dir`, with keys in `keychain`.
    pub fn new(dir: VaultDir, keychain: Box<dyn KeyStore + Send + Sync>) -> Self {
        Self { dir, keychain, rng: SystemRandom::new(), key_cache: Mutex::new(None) }
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
    /// crash-safely before returning. `change` returning an error writes nothing.
    ///
    /// # Errors
    /// Any reason the vault cannot be opened or written, or `change`'s error.
    pub fn update<T>(
        &self,
        unlock: &Unlock,
        change: impl FnOnce(&mut Vault, &SystemRandom) -> Result<T, Error>,
    ) -> Result<T, Error> {
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
            let result = change(&mut vault, &self.rng)?;
            self.dir.write_atomic(&vault.to_bytes()?)?;
            // A failed backup is recorded in the status, not returned: the change itself is saved.
            let _ = auto_backup::run(&self.dir, &vault, &self.rng);
            Ok(result)
        })
    }

    /// Writes an automatic backup now (the app's "Back up now"), under the writers' lock.
    ///
    /// # Errors
    /// [`Error::AutoBackupOff`], [`Error::AutoBackup`], or why the vault cannot be opened.
    pub fn backup_now(&self, unlock: &Unlock) -> Result<PathBuf, Error> {
        self.dir.with_write_lock(|| {
            let vault = self.load(unlock)?;
            auto_backup::run(&self.dir, &vault, &self.rng).ok_or(Error::AutoBackupOff)?.map_err(Error::from)
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
            self.remember(vault.id(), key);
            return Ok(vault);
        };
        let source = KeySource::wrap(&key, passphrase, KdfParams::DEFAULT, &self.rng)?;
        Ok(Vault::create(&key, source, &self.rng)?)
    }

    fn open(&self, bytes: &[u8], unlock: &Unlock) -> Result<Vault, Error> {
        let path = self.dir.vault_path();
        let damaged = |source| {
            let backup = Some(self.dir.backup_path()).filter(|b| b.exists());
            Error::Damaged { path: path.clone(), backup, source }
        };
        let header = Vault::header(bytes).map_err(damaged)?;
        let entry = keychain::entry_name(&header.id);
        let key = match (&header.key_source, &unlock.passphrase) {
            (KeySource::Keychain, _) => self.keychain_key(&header.id, &path, &entry)?,
            (KeySource::Passphrase { .. }, None) => return Err(Error::PassphraseNeeded { path }),
            (source @ KeySource::Passphrase { .. }, Some(passphrase)) => match source.unwrap(passphrase) {
                Ok(key) => key,
                Err(vault::Error::WrongPassphrase) => return Err(Error::WrongPassphrase { path }),
                Err(e) => return Err(damaged(e)),
            },
        };
        match Vault::open(bytes, &key) {
            Ok(vault) => {
                self.remember(&header.id, key);
                Ok(vault)
            }
            Err(vault::Error::WrongKey) => {
                self.forget();
                Err(Error::WrongKey { path, entry })
            }
            Err(e) => Err(damaged(e)),
        }
    }

    fn keychain_key(&self, id: &VaultId, path: &std::path::Path, entry: &str) -> Result<VaultKey, Error> {
        if let Some((cached_id, key)) = self.cache().as_ref()
            && cached_id == id
        {
            return Ok(key.duplicate());
        }
        let text = self
            .keychain
            .get(id)?
            .ok_or_else(|| Error::KeyMissing { path: path.to_owned(), entry: entry.to_owned() })?;
        VaultKey::from_keychain_text(&text)
            .map_err(|_| Error::WrongKey { path: path.to_owned(), entry: entry.to_owned() })
    }

    fn cache(&self) -> std::sync::MutexGuard<'_, Option<(VaultId, VaultKey)>> {
        // A panic while holding this lock leaves at worst a stale cache entry, which the key check catches.
        self.key_cache.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn remember(&self, id: &VaultId, key: VaultKey) {
        *self.cache() = Some((id.clone(), key));
    }

    fn forget(&self) {
        *self.cache() = None;
    }
}
