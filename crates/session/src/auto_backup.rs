//! Automatic backups, turned on and off the same way from the terminal and the window: one rule for the
//! settings ([`AutoBackup::new`]), one for the folder (created when missing, kept by its real path, so a
//! symlink swapped later does not redirect the backups), one key derivation.

use std::path::{Path, PathBuf};

use keyfob_core::crypto::Password;
use keyfob_store::{BackupOutcome, SystemRandom};
use keyfob_vault::backup::BackupKey;
use keyfob_vault::{AutoBackup, Error as VaultError, KdfParams};

use crate::{Error, Session};

/// Automatic backups, just turned on.
#[derive(Debug)]
pub struct AutoBackupOn {
    /// The folder, by its real path.
    pub folder: PathBuf,
    /// How many are kept.
    pub keep: u32,
    /// The first backup, made at once.
    pub first: BackupOutcome,
}

impl Session {
    /// Turns automatic backups on (or changes them): into `folder` (a full path; created when missing,
    /// and kept by its real path, which must be named plainly, see [`AutoBackup::new`]), keeping the newest
    /// `keep`, sealed under a key from `password`; the first backup is made at once. A locked vault, or a
    /// `keep` out of range, is said before anything is created.
    ///
    /// # Errors
    /// [`Error::BackupFolder`] when the folder cannot be created or resolved, the vault's refusal of the
    /// settings, [`Error::BackupKey`], or why the vault cannot be opened or written.
    pub fn enable_auto_backup(&self, folder: &Path, keep: u32, password: &Password) -> Result<AutoBackupOn, Error> {
        self.vault()?;
        AutoBackup::check_keep(keep)?;
        AutoBackup::check_characters(folder)?;
        if !folder.is_absolute() {
            return Err(VaultError::BackupFolderNotPlain.into());
        }
        let real = std::fs::create_dir_all(folder)
            .and_then(|()| std::fs::canonicalize(folder))
            .map_err(|source| Error::BackupFolder { folder: folder.to_owned(), source })?;
        let settings = AutoBackup::new(&real, keep)?;
        let key = BackupKey::derive(password, KdfParams::DEFAULT, &SystemRandom::new())?;
        let changed = self.update(|vault, rng| Ok(vault.set_auto_backup(settings, &key, rng)?))?;
        Ok(AutoBackupOn { folder: real, keep, first: changed.backup })
    }

    /// Turns automatic backups off; backups already written stay. Returns the outcome of the backup that
    /// follows every change (none, now that they are off).
    ///
    /// # Errors
    /// Why the vault cannot be opened or written.
    pub fn disable_auto_backup(&self) -> Result<BackupOutcome, Error> {
        let changed = self.update(|vault, _| {
            vault.clear_auto_backup();
            Ok(())
        })?;
        Ok(changed.backup)
    }
}
