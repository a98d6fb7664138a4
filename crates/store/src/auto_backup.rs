//! Automatic backups: after every change to the vault, a Keyfob backup of every account goes to the folder
//! the user chose, and the oldest beyond the number to keep are deleted.
//!
//! A failed backup never undoes the change: the vault itself is already safely written. The outcome of the
//! latest attempt is recorded in [`STATUS_FILE`] beside the vault, so the CLI can warn and the app can show
//! it until a backup succeeds again. A missing folder is not created (it may be a drive that is not
//! plugged in; writing to the mount point instead would hide the problem).

use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use keyfob_core::backup;
use keyfob_core::vault::{AutoBackup, Vault};
use ring::rand::SystemRandom;
use serde::{Deserialize, Serialize};

use crate::dir::{VaultDir, write_file_atomic};

/// The status file's name inside the vault directory.
pub const STATUS_FILE: &str = "auto-backup.json";
/// Every automatic backup's name starts with this, then the vault id's first 8 characters and the UTC time
/// (`keyfob-backup-1a2b3c4d-2026-11-25T15-17-00.123Z.json`), so names sort by age and only this vault's
/// backups are ever pruned.
pub const PREFIX: &str = "keyfob-backup-";

/// What the latest automatic backup did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Status {
    /// When the last backup was written, in Unix seconds.
    pub last_success: Option<u64>,
    /// The file it was written to.
    pub last_file: Option<PathBuf>,
    /// Why the latest attempt failed; cleared by the next success.
    pub last_error: Option<String>,
}

/// Why an automatic backup failed.
#[derive(Debug, thiserror::Error)]
#[error(
    "the automatic backup to {} failed: {reason}. Your change itself was saved. Check that the folder exists and is writable, or choose another with: keyfob auto-backup on DIR --password-file FILE",
    folder.display()
)]
pub struct BackupError {
    /// The backup folder.
    pub folder: PathBuf,
    /// What went wrong.
    pub reason: String,
}

/// Reads the status; a missing or unreadable file reads as "never backed up".
pub fn status(dir: &VaultDir) -> Status {
    fs::read(dir.root().join(STATUS_FILE)).ok().and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or_default()
}

/// Writes a backup of `vault` per its settings, prunes old ones, and records the outcome. `None` when
/// automatic backups are off.
pub(crate) fn run(dir: &VaultDir, vault: &Vault, rng: &SystemRandom) -> Option<Result<PathBuf, BackupError>> {
    let settings = vault.auto_backup()?;
    let folder = PathBuf::from(&settings.folder);
    let outcome = write(vault, &settings, SystemTime::now(), rng)
        .map_err(|reason| BackupError { folder: folder.clone(), reason });
    let mut status = status(dir);
    match &outcome {
        Ok(file) => {
            status.last_success = Some(unix(SystemTime::now()));
            status.last_file = Some(file.clone());
            status.last_error = None;
        }
        Err(error) => status.last_error = Some(error.to_string()),
    }
    // The status is advisory: failing to record it must not turn a good backup into an error.
    if let Ok(bytes) = serde_json::to_vec_pretty(&status) {
        let _ = write_file_atomic(&dir.root().join(STATUS_FILE), &bytes);
    }
    Some(outcome)
}

fn unix(time: SystemTime) -> u64 {
    time.duration_since(SystemTime::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}

fn write(vault: &Vault, settings: &AutoBackup, now: SystemTime, rng: &SystemRandom) -> Result<PathBuf, String> {
    let folder = Path::new(&settings.folder);
    if !folder.is_dir() {
        return Err("the folder does not exist (is the drive plugged in?)".into());
    }
    let key = vault.auto_backup_key().map_err(|e| e.to_string())?.ok_or("automatic backups are off")?;
    let accounts = vault.accounts().map_err(|e| e.to_string())?;
    let bytes = backup::seal_with(&accounts, &key, unix(now), rng).map_err(|e| e.to_string())?;
    let prefix = vault_prefix(vault);
    let path = folder.join(format!("{prefix}{}.json", stamp(now)));
    write_file_atomic(&path, &bytes).map_err(|e| e.to_string())?;
    prune(folder, &prefix, settings.keep)
        .map_err(|e| format!("the backup was written but old ones could not be deleted: {e}"))?;
    Ok(path)
}

fn vault_prefix(vault: &Vault) -> String {
    let id = vault.id().as_str();
    format!("{PREFIX}{}-", id.get(..8).unwrap_or(id))
}

/// The UTC time to the millisecond, safe in file names on every platform.
fn stamp(now: SystemTime) -> String {
    let format =
        time::macros::format_description!("[year]-[month]-[day]T[hour]-[minute]-[second].[subsecond digits:3]Z");
    time::OffsetDateTime::from(now).format(format).unwrap_or_else(|_| unix(now).to_string())
}

/// This vault's backups in `folder`, oldest first.
fn list(folder: &Path, prefix: &str) -> std::io::Result<Vec<PathBuf>> {
    let mut found: Vec<PathBuf> = fs::read_dir(folder)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(prefix) && n.ends_with(".json"))
        })
        .collect();
    found.sort();
    Ok(found)
}

fn prune(folder: &Path, prefix: &str, keep: u32) -> std::io::Result<()> {
    let found = list(folder, prefix)?;
    let excess = found.len().saturating_sub(usize::try_from(keep).unwrap_or(usize::MAX));
    for old in found.iter().take(excess) {
        fs::remove_file(old)?;
    }
    Ok(())
}
