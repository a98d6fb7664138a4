//! Automatic backups: after every change to the vault, a Keyfob backup of every account goes to the folder
//! the user chose, and the oldest beyond the number to keep are deleted.
//!
//! A failed backup never undoes the change: the vault itself is already safely written. The outcome of the
//! latest attempt is recorded in [`STATUS_FILE`] beside the vault, so the CLI can warn and the app can show
//! it until a backup succeeds again. A missing folder is not created (it may be a drive that is not
//! plugged in; writing to the mount point instead would hide the problem).

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use keyfob_core::Clock;
use keyfob_vault::backup::{self, BackupKey};
use keyfob_vault::{AutoBackup, Vault};
use ring::rand::SystemRandom;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};

use crate::dir::{VaultDir, write_file_atomic};

/// The status file's name inside the vault directory.
pub const STATUS_FILE: &str = "auto-backup.json";
/// Every automatic backup's name starts with this, then the vault id's first 8 characters and the UTC time
/// (`keyfob-backup-1a2b3c4d-2026-11-25T15-17-00.123Z.json`), so names sort by age and only this vault's
/// backups are ever pruned.
pub const PREFIX: &str = "keyfob-backup-";
/// The largest status file read, in bytes: Keyfob writes a few hundred. A larger one is not Keyfob's and
/// reads as "never backed up", without reading past this.
pub const MAX_STATUS_BYTES: u64 = 64 * 1024;

/// What the latest automatic backup did.
///
/// Each field is read on its own: one a newer Keyfob wrote differently, or that is damaged, reads as
/// absent and the others are kept (losing them all would show "never backed up", and the next backup
/// would write over `last_success`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Status {
    /// When the last backup was written, in Unix seconds.
    #[serde(default, deserialize_with = "lenient")]
    pub last_success: Option<u64>,
    /// The file it was written to.
    #[serde(default, deserialize_with = "lenient")]
    pub last_file: Option<PathBuf>,
    /// Why the latest attempt failed, in English (the [`BackupError`]'s words); cleared by the next
    /// success. Other tools read it, so it stays as it is; the programs word [`Status::last_failure`].
    #[serde(default, deserialize_with = "lenient")]
    pub last_error: Option<String>,
    /// What the latest attempt failed at, and where: what each program words in the user's language.
    /// Cleared with `last_error`; absent from status files written before it existed (those read as
    /// `None`, and are worded as a failure in general), and `None` when it cannot be read.
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub last_failure: Option<LastFailure>,
}

/// One field of the status, or `None` when its value is not what this Keyfob reads (only the JSON
/// itself being broken loses the whole status).
fn lenient<'de, D: Deserializer<'de>, T: DeserializeOwned>(deserializer: D) -> Result<Option<T>, D::Error> {
    let value = serde_json::Value::deserialize(deserializer)?;
    Ok(serde_json::from_value(value).ok())
}

/// What an automatic backup failed at, and in which folder, as the status file keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LastFailure {
    /// What went wrong.
    pub failure: Failure,
    /// The backup folder.
    pub folder: PathBuf,
}

/// What an automatic backup failed at: people act differently on each (plug the drive in; check the
/// folder can be written; clear out old backups by hand).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Failure {
    /// The folder is not there (a drive unplugged, a folder removed).
    FolderMissing,
    /// The backup could not be made or written into the folder.
    NotWritten,
    /// The backup was written, but older ones could not be deleted.
    NotPruned,
    /// A failure this Keyfob does not know, read from a status a newer Keyfob wrote: worded as a failure
    /// in general. This Keyfob never records it.
    #[serde(other)]
    Other,
}

/// Why an automatic backup failed.
#[derive(Debug, thiserror::Error)]
#[error(
    "the automatic backup to {} failed: {reason}. Your change itself was saved. Check that the folder exists and is writable, or choose another",
    folder.display()
)]
pub struct BackupError {
    /// The backup folder.
    pub folder: PathBuf,
    /// What it failed at.
    pub failure: Failure,
    /// What went wrong, in English.
    pub reason: String,
}

/// Reads the status; a missing or unreadable file, or one over [`MAX_STATUS_BYTES`], reads as "never
/// backed up". A last file that is no longer there (deleted, or on a drive unplugged since) is not named.
pub fn status(dir: &VaultDir) -> Status {
    let mut status: Status = read_status(&dir.root().join(STATUS_FILE)).unwrap_or_default();
    status.last_file = status.last_file.filter(|file| file.is_file());
    status
}

/// The status file's contents, read no further than one byte past [`MAX_STATUS_BYTES`].
fn read_status(path: &Path) -> Option<Status> {
    let mut bytes = Vec::new();
    fs::File::open(path).ok()?.take(MAX_STATUS_BYTES + 1).read_to_end(&mut bytes).ok()?;
    if bytes.len() as u64 > MAX_STATUS_BYTES {
        return None;
    }
    serde_json::from_slice(&bytes).ok()
}

/// What the automatic backup after a change did. Returned by `Store::update`, so the caller that made the
/// change learns at once whether its backup went wrong (the CLI warns; the app shows it).
#[derive(Debug)]
#[must_use = "a failed backup should be told to the user"]
pub enum Outcome {
    /// Automatic backups are off.
    Off,
    /// A backup was written to this file.
    Written(PathBuf),
    /// The backup failed; the change itself was saved.
    Failed(BackupError),
}

impl Outcome {
    /// The failure, if the backup failed.
    pub fn error(&self) -> Option<&BackupError> {
        match self {
            Self::Failed(error) => Some(error),
            Self::Off | Self::Written(_) => None,
        }
    }
}

/// Writes a backup of `vault` per its settings, prunes old ones, and records the outcome (for the status
/// shown later) before returning it.
pub(crate) fn run(dir: &VaultDir, vault: &Vault, clock: &dyn Clock, rng: &SystemRandom) -> Outcome {
    let Some(settings) = vault.auto_backup() else { return Outcome::Off };
    let folder = PathBuf::from(settings.folder());
    let now = clock.since_epoch();
    let mut status = status(dir);
    let outcome = record(&mut status, write(vault, &settings, now, rng), folder, now);
    // The status is advisory: failing to record it must not turn a good backup into an error.
    if let Ok(bytes) = serde_json::to_vec_pretty(&status) {
        let _ = write_file_atomic(&dir.root().join(STATUS_FILE), &bytes);
    }
    outcome
}

/// Records in `status` how the attempt at `now` into `folder` went, and returns it as an [`Outcome`].
fn record(status: &mut Status, attempt: Result<PathBuf, Failed>, folder: PathBuf, now: Duration) -> Outcome {
    match attempt {
        Ok(file) => {
            status.last_success = Some(now.as_secs());
            status.last_file = Some(file.clone());
            status.last_error = None;
            status.last_failure = None;
            Outcome::Written(file)
        }
        Err(Failed { failure, reason, written }) => {
            // Written but not pruned: the backup was made, and the status says so beside the failure.
            if let Some(file) = written {
                status.last_success = Some(now.as_secs());
                status.last_file = Some(file);
            }
            let error = BackupError { folder, failure, reason };
            status.last_error = Some(error.to_string());
            status.last_failure = Some(LastFailure { failure, folder: error.folder.clone() });
            Outcome::Failed(error)
        }
    }
}

/// Why a backup attempt failed: what at and why, in English; and the file written when the backup was
/// made but older ones could not be deleted.
#[derive(Debug)]
struct Failed {
    failure: Failure,
    reason: String,
    written: Option<PathBuf>,
}

impl Failed {
    /// Failed at `failure` before a backup was written.
    fn before_writing(failure: Failure, reason: impl Into<String>) -> Self {
        Self { failure, reason: reason.into(), written: None }
    }
}

/// Writes one backup into the folder and prunes old ones: the file written, or what failed and why.
fn write(vault: &Vault, settings: &AutoBackup, now: Duration, rng: &SystemRandom) -> Result<PathBuf, Failed> {
    let folder = Path::new(settings.folder());
    if !folder.is_dir() {
        return Err(Failed::before_writing(
            Failure::FolderMissing,
            "the folder does not exist (is the drive plugged in?)",
        ));
    }
    let not_written = |e: &dyn std::fmt::Display| Failed::before_writing(Failure::NotWritten, e.to_string());
    let key = vault
        .auto_backup_key()
        .map_err(|e| not_written(&e))?
        .ok_or_else(|| Failed::before_writing(Failure::NotWritten, "automatic backups are off"))?;
    let accounts = vault.portable().map_err(|e| not_written(&e))?;
    let bytes = backup::seal_with(&accounts, &key, now.as_secs(), rng).map_err(|e| not_written(&e))?;
    let prefix = vault_prefix(vault);
    let path = folder.join(format!("{prefix}{}.json", stamp(now)));
    write_file_atomic(&path, &bytes).map_err(|e| not_written(&e))?;
    match prune(folder, &prefix, settings.keep(), &key, &path) {
        Ok(()) => Ok(path),
        Err(e) => Err(Failed {
            failure: Failure::NotPruned,
            reason: format!("the backup was written but old ones could not be deleted: {e}"),
            written: Some(path),
        }),
    }
}

fn vault_prefix(vault: &Vault) -> String {
    let id = vault.id().as_str();
    format!("{PREFIX}{}-", id.get(..8).unwrap_or(id))
}

/// The UTC time to the millisecond, safe in file names on every platform.
fn stamp(now: Duration) -> String {
    let format =
        time::macros::format_description!("[year]-[month]-[day]T[hour]-[minute]-[second].[subsecond digits:3]Z");
    i128::try_from(now.as_nanos())
        .ok()
        .and_then(|nanos| time::OffsetDateTime::from_unix_timestamp_nanos(nanos).ok())
        .and_then(|at| at.format(format).ok())
        .unwrap_or_else(|| now.as_secs().to_string())
}

/// This vault's backups in `folder` other than `written`, oldest first: the files named like them that
/// open with its backup key, ordered by the creation time sealed inside each. Names and file times can
/// be planted or skewed by a clock that went back; the sealed time cannot be forged without the key.
fn list(folder: &Path, prefix: &str, key: &BackupKey, written: &Path) -> std::io::Result<Vec<(u64, PathBuf)>> {
    let mut found: Vec<(u64, PathBuf)> = fs::read_dir(folder)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(prefix) && n.ends_with(".json"))
        })
        .filter(|p| p != written)
        .filter_map(|p| Some((sealed_time(&p, key)?, p)))
        .collect();
    found.sort();
    Ok(found)
}

/// When the backup at `path` was made, if it is one of ours: a regular file no larger than any real backup
/// that opens with `key`.
fn sealed_time(path: &Path, key: &BackupKey) -> Option<u64> {
    let meta = fs::symlink_metadata(path).ok()?;
    if !meta.is_file() || meta.len() > backup::MAX_FILE_BYTES as u64 {
        return None;
    }
    backup::created_with(&fs::read(path).ok()?, key).ok()
}

/// Deletes this vault's oldest backups beyond `keep`, counting `written` (the one just made, never deleted).
fn prune(folder: &Path, prefix: &str, keep: u32, key: &BackupKey, written: &Path) -> std::io::Result<()> {
    let found = list(folder, prefix, key, written)?;
    let keep_others = usize::try_from(keep).unwrap_or(usize::MAX).saturating_sub(1);
    let excess = found.len().saturating_sub(keep_others);
    for (_, old) in found.iter().take(excess) {
        fs::remove_file(old)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use keyfob_core::crypto::Password;
    use keyfob_vault::{KdfParams, KeySource, VaultKey};
    use zeroize::Zeroizing;

    use super::*;

    fn at(unix: u64) -> Duration {
        Duration::from_secs(unix)
    }

    fn names(folder: &Path) -> Vec<String> {
        let mut names: Vec<String> =
            fs::read_dir(folder).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        names
    }

    /// Before: five files named like "future" backups made the next backup delete every real one (and the
    /// status still named a deleted file); a clock that went back did the same. Now only files that open
    /// with this vault's backup key are pruned, by the time sealed inside, and never the one just written.
    #[test]
    fn planted_files_and_a_clock_gone_back_never_delete_real_backups() {
        let rng = SystemRandom::new();
        let temp = tempfile::tempdir().unwrap();
        let folder = temp.path().join("backups");
        fs::create_dir(&folder).unwrap();
        let mut vault = Vault::create(&VaultKey::generate(&rng).unwrap(), KeySource::Keychain, &rng).unwrap();
        let password = Password::new(Zeroizing::new("auto backup password".into()));
        let key = BackupKey::derive(&password, KdfParams { m_kib: 1024, t: 1, p: 1 }, &rng).unwrap();
        let settings = AutoBackup::new(&folder, 2).unwrap();
        vault.set_auto_backup(settings.clone(), &key, &rng).unwrap();
        let prefix = vault_prefix(&vault);
        let planted: Vec<String> = (1..=5).map(|n| format!("{prefix}9999-12-31T23-59-0{n}.000Z.json")).collect();
        for name in &planted {
            fs::write(folder.join(name), b"{\"format\": \"keyfob-backup\"}").unwrap();
        }
        // Another vault's real backup, renamed to pose as one of ours.
        let other = backup::seal(&[], &password, KdfParams { m_kib: 1024, t: 1, p: 1 }, 9_999_999_999, &rng).unwrap();
        fs::write(folder.join(format!("{prefix}9999-12-31T23-59-09.000Z.json")), other).unwrap();

        let first = write(&vault, &settings, at(2_000_000_000), &rng).unwrap();
        let second = write(&vault, &settings, at(2_000_000_100), &rng).unwrap();
        // The clock goes back a year: the backup just written is kept, the oldest by sealed time goes.
        let third = write(&vault, &settings, at(1_968_000_000), &rng).unwrap();
        let left = names(&folder);
        assert!(!first.exists(), "the oldest real one was pruned: {left:?}");
        assert!(second.exists() && third.exists(), "{left:?}");
        for name in &planted {
            assert!(left.contains(name), "a file that is not ours is never deleted: {left:?}");
        }
        assert_eq!(left.len(), 2 + planted.len() + 1, "{left:?}");
    }

    /// A failure is recorded twice: `last_error` in English exactly as before (other tools read it) and
    /// `last_failure`, what failed and where, for the programs to word; a success clears both.
    #[test]
    fn a_failed_backup_records_what_failed_beside_its_english() {
        let rng = SystemRandom::new();
        let temp = tempfile::tempdir().unwrap();
        let dir = VaultDir::at(temp.path().join("vault"));
        dir.ensure_exists().unwrap();
        let folder = temp.path().join("usb");
        fs::create_dir(&folder).unwrap();
        let mut vault = Vault::create(&VaultKey::generate(&rng).unwrap(), KeySource::Keychain, &rng).unwrap();
        let password = Password::new(Zeroizing::new("auto backup password".into()));
        let key = BackupKey::derive(&password, KdfParams { m_kib: 1024, t: 1, p: 1 }, &rng).unwrap();
        vault.set_auto_backup(AutoBackup::new(&folder, 2).unwrap(), &key, &rng).unwrap();
        fs::remove_dir(&folder).unwrap();
        let clock = keyfob_core::FixedClock(2_000_000_000);
        let Outcome::Failed(error) = run(&dir, &vault, &clock, &rng) else { panic!("the folder is gone") };
        assert_eq!(error.failure, Failure::FolderMissing);
        let expected = format!(
            "the automatic backup to {} failed: the folder does not exist (is the drive plugged in?). Your change itself was saved. Check that the folder exists and is writable, or choose another",
            folder.display()
        );
        let failure = LastFailure { failure: Failure::FolderMissing, folder: folder.clone() };
        assert_eq!(
            status(&dir),
            Status { last_error: Some(expected.clone()), last_failure: Some(failure), ..Status::default() }
        );
        let file: serde_json::Value = serde_json::from_slice(&fs::read(dir.root().join(STATUS_FILE)).unwrap()).unwrap();
        assert_eq!(
            file,
            serde_json::json!({
                "last_success": null,
                "last_file": null,
                "last_error": expected,
                "last_failure": { "failure": "folder-missing", "folder": folder },
            })
        );
        fs::create_dir(&folder).unwrap();
        assert!(matches!(run(&dir, &vault, &clock, &rng), Outcome::Written(_)));
        let after = status(&dir);
        assert_eq!((after.last_error, after.last_failure), (None, None));
        let file: serde_json::Value = serde_json::from_slice(&fs::read(dir.root().join(STATUS_FILE)).unwrap()).unwrap();
        assert!(file.get("last_failure").is_none(), "a success writes the file as before: {file}");
    }

    /// A status file written before `last_failure` existed still reads, its English error kept.
    #[test]
    fn an_old_status_file_without_what_failed_still_loads() {
        let temp = tempfile::tempdir().unwrap();
        let dir = VaultDir::at(temp.path().join("vault"));
        dir.ensure_exists().unwrap();
        let old = br#"{"last_success": 5, "last_file": null, "last_error": "the automatic backup to /media/usb failed: gone"}"#;
        write_file_atomic(&dir.root().join(STATUS_FILE), old).unwrap();
        assert_eq!(
            status(&dir),
            Status {
                last_success: Some(5),
                last_file: None,
                last_error: Some("the automatic backup to /media/usb failed: gone".into()),
                last_failure: None,
            }
        );
    }

    /// Before: a backup written whose older ones could not be deleted left `last_success` and `last_file`
    /// as they were, though the user is told the backup was made. Now they name it, beside the failure.
    #[test]
    fn a_backup_written_but_not_pruned_is_recorded_as_made() {
        let temp = tempfile::tempdir().unwrap();
        let folder = temp.path().join("usb");
        let file = folder.join("keyfob-backup-1a2b3c4d-2033-05-18T03-33-20.000Z.json");
        let reason = "the backup was written but old ones could not be deleted: permission denied";
        let mut status = Status { last_success: Some(5), ..Status::default() };
        let failed = Failed { failure: Failure::NotPruned, reason: reason.into(), written: Some(file.clone()) };
        let Outcome::Failed(error) = record(&mut status, Err(failed), folder.clone(), at(2_000_000_000)) else {
            panic!("pruning failed")
        };
        assert_eq!(
            (error.failure, error.folder.as_path(), error.reason.as_str()),
            (Failure::NotPruned, folder.as_path(), reason)
        );
        assert_eq!(
            status,
            Status {
                last_success: Some(2_000_000_000),
                last_file: Some(file),
                last_error: Some(error.to_string()),
                last_failure: Some(LastFailure { failure: Failure::NotPruned, folder }),
            }
        );
    }

    /// Writes `text` as the status file of a new vault directory.
    fn status_file(temp: &tempfile::TempDir, text: &[u8]) -> VaultDir {
        let dir = VaultDir::at(temp.path().join("vault"));
        dir.ensure_exists().unwrap();
        write_file_atomic(&dir.root().join(STATUS_FILE), text).unwrap();
        dir
    }

    /// Before: a failure kind this Keyfob does not know (a newer one's) lost the whole status, so "never
    /// backed up" was shown and the next backup wrote over `last_success`. Now it reads as a failure in
    /// general, and every other field is kept.
    #[test]
    fn an_unknown_failure_kind_keeps_the_rest_of_the_status() {
        let temp = tempfile::tempdir().unwrap();
        let newer = br#"{"last_success": 5, "last_file": null, "last_error": "the disk is full",
            "last_failure": {"failure": "disk-full", "folder": "/media/usb"}}"#;
        assert_eq!(
            status(&status_file(&temp, newer)),
            Status {
                last_success: Some(5),
                last_file: None,
                last_error: Some("the disk is full".into()),
                last_failure: Some(LastFailure { failure: Failure::Other, folder: PathBuf::from("/media/usb") }),
            }
        );
    }

    /// Before: a value of the wrong type in `last_failure` (or any field) lost the whole status. Now that
    /// field alone reads as absent.
    #[test]
    fn a_mistyped_failure_keeps_the_rest_of_the_status() {
        let kept =
            Status { last_success: Some(5), last_file: None, last_error: Some("gone".into()), last_failure: None };
        for last_failure in ["7", r#""folder-missing""#, r#"{"failure": 3, "folder": "/media/usb"}"#] {
            let temp = tempfile::tempdir().unwrap();
            let text = format!(
                r#"{{"last_success": 5, "last_file": null, "last_error": "gone", "last_failure": {last_failure}}}"#
            );
            assert_eq!(status(&status_file(&temp, text.as_bytes())), kept, "{last_failure}");
        }
        let temp = tempfile::tempdir().unwrap();
        let text = br#"{"last_success": "yesterday", "last_file": 12, "last_error": "gone",
            "last_failure": {"failure": "not-written", "folder": "/media/usb"}}"#;
        let failure = LastFailure { failure: Failure::NotWritten, folder: PathBuf::from("/media/usb") };
        assert_eq!(
            status(&status_file(&temp, text)),
            Status { last_success: None, last_failure: Some(failure), ..kept },
            "a mistyped field other than last_failure loses only itself"
        );
    }

    /// A status file far larger than any Keyfob writes is not read past the limit: it reads as "never
    /// backed up", like an unreadable one.
    #[test]
    fn a_huge_status_file_reads_as_never_backed_up() {
        let temp = tempfile::tempdir().unwrap();
        let mut huge = br#"{"last_success": 5, "last_file": null, "last_error": null}"#.to_vec();
        huge.resize(64 * 1024, b' ');
        let dir = status_file(&temp, &huge);
        assert_eq!(status(&dir).last_success, Some(5), "at the limit it is read");
        huge.push(b' ');
        write_file_atomic(&dir.root().join(STATUS_FILE), &huge).unwrap();
        assert_eq!(status(&dir), Status::default());
    }

    #[test]
    fn the_status_never_names_a_file_that_is_not_there() {
        let temp = tempfile::tempdir().unwrap();
        let dir = VaultDir::at(temp.path().join("vault"));
        dir.ensure_exists().unwrap();
        let file = temp.path().join("gone.json");
        fs::write(&file, b"x").unwrap();
        let written = Status { last_success: Some(1), last_file: Some(file.clone()), ..Status::default() };
        write_file_atomic(&dir.root().join(STATUS_FILE), &serde_json::to_vec(&written).unwrap()).unwrap();
        assert_eq!(status(&dir).last_file, Some(file.clone()));
        fs::remove_file(&file).unwrap();
        assert_eq!(status(&dir), Status { last_file: None, ..written });
    }
}
