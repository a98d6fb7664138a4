//! Automatic backups' settings, kept in the vault itself: the folder, how many to keep, and the backup
//! key sealed under the vault key. Kept here rather than in a settings file so that they are covered by
//! the vault's MAC (nobody can redirect the backups unnoticed) and work the same whether the vault key is
//! in the keychain or behind a passphrase.

use ring::rand::SecureRandom;
use serde::{Deserialize, Serialize};

use super::{Error, KdfParams, Vault, VaultId};
use crate::backup::BackupKey;

/// The most backups kept: a bound, not a recommendation.
pub const MAX_KEEP: u32 = 1000;

/// Where automatic backups go and how many are kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AutoBackup {
    folder: String,
    keep: u32,
}

impl AutoBackup {
    /// Settings the user chose, held to the one rule both programs keep: 1 to [`MAX_KEEP`] backups, and
    /// a folder named plainly, as the confirmation shows it: a full path (the app has no working folder a
    /// relative one could mean), no `..` (a name that reads as one folder and resolves to another), and
    /// its characters as [`AutoBackup::check_characters`] says.
    ///
    /// # Errors
    /// [`Error::BackupFolderNotPlain`], [`Error::KeepOutOfRange`].
    pub fn new(folder: &std::path::Path, keep: u32) -> Result<Self, Error> {
        use std::path::Component;
        check_keep(keep)?;
        let text = Self::check_characters(folder)?;
        let plain =
            folder.is_absolute() && folder.components().all(|c| matches!(c, Component::RootDir | Component::Normal(_)));
        if !plain {
            return Err(Error::BackupFolderNotPlain);
        }
        Ok(Self { folder: text.to_owned(), keep })
    }

    /// A folder's name as text, when it has no control or invisible character (lines and right-to-left
    /// marks that make a dialog or a terminal show another folder) and is UTF-8: checked before a folder
    /// is created, as well as in [`AutoBackup::new`].
    ///
    /// # Errors
    /// [`Error::BackupFolderNotPlain`].
    pub fn check_characters(folder: &std::path::Path) -> Result<&str, Error> {
        folder.to_str().filter(|text| keyfob_core::text::visible(text) == *text).ok_or(Error::BackupFolderNotPlain)
    }

    /// The one check of how many backups may be kept (1 to [`MAX_KEEP`]), for a request to be refused
    /// before anything is done for it.
    ///
    /// # Errors
    /// [`Error::KeepOutOfRange`].
    pub fn check_keep(keep: u32) -> Result<(), Error> {
        check_keep(keep)
    }

    /// The folder, by its real path (as the user chose it, for settings an older Keyfob stored).
    pub fn folder(&self) -> &str {
        &self.folder
    }

    /// How many of the newest backups are kept (1 to [`MAX_KEEP`]); older ones are deleted.
    pub fn keep(&self) -> u32 {
        self.keep
    }
}

/// The one check of how many backups may be kept, for settings chosen and settings read alike.
fn check_keep(keep: u32) -> Result<(), Error> {
    if (1..=MAX_KEEP).contains(&keep) { Ok(()) } else { Err(Error::KeepOutOfRange { keep }) }
}

/// The settings as stored in the vault body.
#[derive(Clone, Serialize, Deserialize)]
pub(super) struct Record {
    folder: String,
    keep: u32,
    kdf: KdfParams,
    /// The backup key's salt, base64: written into every backup so the password alone opens it.
    salt: String,
    /// Nonce and ChaCha20-Poly1305 ciphertext of the backup key, base64.
    key: String,
}

fn aad(vault: &VaultId) -> Vec<u8> {
    let mut aad = b"keyfob vault v1 backup key ".to_vec();
    aad.extend_from_slice(vault.0.as_bytes());
    aad
}

impl Record {
    /// Checks what a file could get wrong before it is used.
    pub(super) fn validate(&self) -> Result<(), Error> {
        let invalid = |reason: &str| Error::Malformed { reason: format!("automatic backup settings: {reason}") };
        check_keep(self.keep).map_err(|_| invalid("keep is out of range"))?;
        if self.folder.is_empty() {
            return Err(invalid("no folder"));
        }
        Ok(())
    }
}

impl Vault {
    /// The automatic backup settings, when they are on.
    pub fn auto_backup(&self) -> Option<AutoBackup> {
        self.auto_backup.as_ref().map(|r| AutoBackup { folder: r.folder.clone(), keep: r.keep })
    }

    /// Turns automatic backups on (or changes them), sealing `key` into the vault.
    ///
    /// # Errors
    /// [`Error::Random`].
    pub fn set_auto_backup(
        &mut self,
        settings: AutoBackup,
        key: &BackupKey,
        rng: &dyn SecureRandom,
    ) -> Result<(), Error> {
        let (raw, salt, kdf) = key.parts();
        let stored = self.keys.seal(&aad(&self.id), raw.expose_secret(), rng)?;
        let record = Record {
            folder: settings.folder,
            keep: settings.keep,
            kdf,
            salt: data_encoding::BASE64.encode(salt),
            key: data_encoding::BASE64.encode(&stored),
        };
        record.validate()?;
        self.auto_backup = Some(record);
        Ok(())
    }

    /// Turns automatic backups off and forgets their key. Backups already written stay.
    pub fn clear_auto_backup(&mut self) {
        self.auto_backup = None;
    }

    /// The key automatic backups are sealed with, when they are on.
    ///
    /// # Errors
    /// [`Error::IntegrityFailure`] when the sealed key does not open.
    pub fn auto_backup_key(&self) -> Result<Option<BackupKey>, Error> {
        let Some(record) = &self.auto_backup else { return Ok(None) };
        let decode = |text: &str| data_encoding::BASE64.decode(text.as_bytes()).map_err(|_| Error::IntegrityFailure);
        let salt: [u8; 16] = decode(&record.salt)?.try_into().map_err(|_| Error::IntegrityFailure)?;
        let opened = self.keys.open(&aad(&self.id), &decode(&record.key)?)?;
        let key = keyfob_crypto::Key::from_bytes(&opened).map_err(|_| Error::IntegrityFailure)?;
        Ok(Some(BackupKey::from_parts(key, salt, record.kdf)))
    }
}
