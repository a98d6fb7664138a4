//! The vault directory: `vault.json`, its previous generation `vault.json.bak`, and the writers' lock.
//!
//! Every write goes to a temporary file in the same directory, is flushed to disk, and replaces the vault by
//! an atomic rename, after which the directory itself is flushed. A crash at any point leaves either the old
//! or the new vault, never a mix. The previous generation is kept by a hard link made before the rename, so
//! it too is always whole.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The vault file's name inside its directory.
pub const VAULT_FILE: &str = "vault.json";
/// The previous generation.
pub const BACKUP_FILE: &str = "vault.json.bak";
const TEMP_FILE: &str = "vault.json.tmp";
const BACKUP_TEMP_FILE: &str = "vault.json.bak.tmp";
const LOCK_FILE: &str = "vault.lock";

/// A failed file operation, naming the file and what was being done.
#[derive(Debug, thiserror::Error)]
#[error("cannot {action} {}: {source}", path.display())]
pub struct IoError {
    /// What was being done (`read`, `write`, `lock`, …).
    pub action: &'static str,
    /// The file or directory.
    pub path: PathBuf,
    /// The operating system's reason.
    #[source]
    pub source: io::Error,
}

/// One vault's directory.
#[derive(Debug, Clone)]
pub struct VaultDir {
    root: PathBuf,
}

impl VaultDir {
    /// The directory to use: `explicit` (`--vault DIR`), else `$KEYFOB_HOME`, else the platform's data
    /// directory (`~/.local/share/keyfob` on Linux).
    pub fn locate(explicit: Option<PathBuf>) -> Option<Self> {
        explicit
            .or_else(|| std::env::var_os("KEYFOB_HOME").filter(|v| !v.is_empty()).map(PathBuf::from))
            .or_else(|| dirs::data_dir().map(|d| d.join("keyfob")))
            .map(|root| Self { root })
    }

    /// A vault directory at `root`.
    pub fn at(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    /// The directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// `vault.json`'s path.
    pub fn vault_path(&self) -> PathBuf {
        self.root.join(VAULT_FILE)
    }

    /// `vault.json.bak`'s path.
    pub fn backup_path(&self) -> PathBuf {
        self.root.join(BACKUP_FILE)
    }

    /// The vault's bytes, `None` when there is no vault file.
    ///
    /// # Errors
    /// An [`IoError`] when the file exists but cannot be read.
    pub fn read(&self) -> Result<Option<Vec<u8>>, IoError> {
        let path = self.vault_path();
        match fs::read(&path) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(source) => Err(IoError { action: "read", path, source }),
        }
    }

    /// Creates the directory (owner-only on Unix) if needed.
    ///
    /// # Errors
    /// An [`IoError`].
    pub fn ensure_exists(&self) -> Result<(), IoError> {
        let mut builder = fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(&self.root).map_err(|source| IoError { action: "create", path: self.root.clone(), source })
    }

    /// Runs `f` holding the exclusive writers' lock, waiting for another writer (the app, another
    /// `keyfob`) to finish first.
    ///
    /// # Errors
    /// An [`IoError`] when the lock file cannot be opened or locked, or what `f` returns.
    pub fn with_write_lock<T, E: From<IoError>>(&self, f: impl FnOnce() -> Result<T, E>) -> Result<T, E> {
        self.ensure_exists()?;
        let path = self.root.join(LOCK_FILE);
        let file = open_private(&path, false).map_err(|source| IoError {
            action: "open the lock",
            path: path.clone(),
            source,
        })?;
        let mut lock = fd_lock::RwLock::new(file);
        let _guard = lock.write().map_err(|source| IoError { action: "lock", path, source })?;
        f()
    }

    /// Replaces the vault with `bytes`, crash-safely, keeping the current one as the backup. Call it with
    /// the writers' lock held.
    ///
    /// # Errors
    /// An [`IoError`]; the vault on disk is then the old one, unchanged.
    pub fn write_atomic(&self, bytes: &[u8]) -> Result<(), IoError> {
        self.ensure_exists()?;
        let temp = self.root.join(TEMP_FILE);
        write_synced(&temp, bytes)?;

        let vault = self.vault_path();
        if vault.exists() {
            let backup_temp = self.root.join(BACKUP_TEMP_FILE);
            let _ = fs::remove_file(&backup_temp);
            // A hard link keeps the old generation's bytes as they are; where links are not supported, copy.
            if fs::hard_link(&vault, &backup_temp).is_err() {
                fs::copy(&vault, &backup_temp).map_err(io("back up", &vault))?;
            }
            fs::rename(&backup_temp, self.backup_path()).map_err(io("back up", &vault))?;
        }
        fs::rename(&temp, &vault).map_err(io("replace", &vault))?;
        sync_dir(&self.root).map_err(io("flush", &self.root))
    }
}

/// Writes any file crash-safely: a temporary file beside it, flushed, renamed over it, the directory flushed.
/// Used for backups, which must never be left half-written either.
///
/// # Errors
/// An [`IoError`]; the file is then as it was.
pub fn write_file_atomic(path: &Path, bytes: &[u8]) -> Result<(), IoError> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temp = dir.join(format!(".{name}.tmp"));
    write_synced(&temp, bytes)?;
    fs::rename(&temp, path).map_err(io("replace", path))?;
    sync_dir(dir).map_err(io("flush", dir))
}

/// Writes `bytes` to a new private file at `path` and flushes it to disk.
fn write_synced(path: &Path, bytes: &[u8]) -> Result<(), IoError> {
    let mut file = open_private(path, true).map_err(io("create", path))?;
    file.write_all(bytes).map_err(io("write", path))?;
    file.sync_all().map_err(io("flush", path))
}

/// An error-mapping closure for `map_err`: `io("write", &path)`.
fn io(action: &'static str, path: &Path) -> impl FnOnce(io::Error) -> IoError {
    let path = path.to_owned();
    move |source| IoError { action, path, source }
}

/// Opens (creating) a file readable by its owner only; `truncate` empties it.
fn open_private(path: &Path, truncate: bool) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true).truncate(truncate);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

/// Flushes a directory's entries (the renames) to disk; a no-op where directories cannot be opened.
fn sync_dir(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        File::open(path)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_replace_and_keep_the_previous_generation() {
        let temp = tempfile::tempdir().unwrap();
        let dir = VaultDir::at(temp.path().join("nested"));
        assert_eq!(dir.read().unwrap(), None);
        dir.write_atomic(b"one").unwrap();
        dir.write_atomic(b"two").unwrap();
        dir.write_atomic(b"three").unwrap();
        assert_eq!(dir.read().unwrap().as_deref(), Some(&b"three"[..]));
        assert_eq!(fs::read(dir.backup_path()).unwrap(), b"two");
        let names: Vec<String> = fs::read_dir(dir.root())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("tmp"))
            .collect();
        assert!(names.is_empty(), "temporary files left: {names:?}");
    }

    #[cfg(unix)]
    #[test]
    fn files_are_private_to_their_owner() {
        use std::os::unix::fs::PermissionsExt;
        let temp = tempfile::tempdir().unwrap();
        let dir = VaultDir::at(temp.path().join("v"));
        dir.write_atomic(b"x").unwrap();
        assert_eq!(fs::metadata(dir.vault_path()).unwrap().permissions().mode() & 0o777, 0o600);
        assert_eq!(fs::metadata(dir.root()).unwrap().permissions().mode() & 0o777, 0o700);
    }
}
