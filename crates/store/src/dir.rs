//! The vault directory: `vault.json`, its previous generation `vault.json.bak`, and the writers' lock.
//!
//! Every write goes to a temporary file in the same directory, is flushed to disk, and replaces the vault by
//! an atomic rename, after which the directory itself is flushed. A crash at any point leaves either the old
//! or the new vault, never a mix. The previous generation is kept by a hard link made before the rename, so
//! it too is always whole.
//!
//! Temporary files have unique names and are created exclusively (`O_EXCL`), owner-only: a file or
//! symlink planted under a predictable name cannot redirect a write, and the lock file is opened without
//! following a symlink.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The vault file's name inside its directory.
pub const VAULT_FILE: &str = "vault.json";
/// The previous generation.
pub const BACKUP_FILE: &str = "vault.json.bak";
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

/// A vault file's generation, as the file system describes it: its identity (a rename gives a new inode),
/// size and modification time. Two equal stamps mean the same bytes for every writer that replaces the
/// file whole, as Keyfob's writers do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    identity: (u64, u64),
    len: u64,
    modified: Option<std::time::SystemTime>,
}

impl Stamp {
    fn of(meta: &fs::Metadata) -> Self {
        #[cfg(unix)]
        let identity = {
            use std::os::unix::fs::MetadataExt;
            (meta.dev(), meta.ino())
        };
        // Elsewhere the size and the modification time (at the file system's precision) tell generations
        // apart.
        #[cfg(not(unix))]
        let identity = (0, 0);
        Self { identity, len: meta.len(), modified: meta.modified().ok() }
    }
}

/// One vault's directory.
#[derive(Debug, Clone)]
pub struct VaultDir {
    root: PathBuf,
}

impl VaultDir {
    /// The directory to use: `explicit` (`--vault DIR`, else `$KEYFOB_HOME`, which the binaries read),
    /// else the platform's data directory (`~/.local/share/keyfob` on Linux). `None` when there is neither.
    pub fn locate(explicit: Option<PathBuf>) -> Option<Self> {
        explicit
            .filter(|p| !p.as_os_str().is_empty())
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

    /// What identifies the vault file's current generation without opening it: every write replaces the
    /// file by a rename, so any change (by this process, the app, or another `keyfob`) gives a new stamp.
    /// `None` when there is no vault file.
    ///
    /// # Errors
    /// An [`IoError`] when the file exists but cannot be inspected.
    pub fn stamp(&self) -> Result<Option<Stamp>, IoError> {
        let path = self.vault_path();
        match fs::metadata(&path) {
            Ok(meta) => Ok(Some(Stamp::of(&meta))),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(source) => Err(IoError { action: "inspect", path, source }),
        }
    }

    /// Creates the directory (owner-only on Unix) if needed, and makes an existing one owner-only.
    ///
    /// # Errors
    /// An [`IoError`].
    pub fn ensure_exists(&self) -> Result<(), IoError> {
        let mut builder = fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(&self.root).map_err(io("create", &self.root))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&self.root).map_err(io("inspect", &self.root))?.permissions().mode();
            if mode & 0o077 != 0 {
                fs::set_permissions(&self.root, fs::Permissions::from_mode(mode & 0o700))
                    .map_err(io("make owner-only", &self.root))?;
            }
        }
        Ok(())
    }

    /// Runs `f` holding the exclusive writers' lock, waiting for another writer (the app, another
    /// `keyfob`) to finish first.
    ///
    /// # Errors
    /// An [`IoError`] when the lock file cannot be opened or locked, or what `f` returns.
    pub fn with_write_lock<T, E: From<IoError>>(&self, f: impl FnOnce() -> Result<T, E>) -> Result<T, E> {
        self.ensure_exists()?;
        let path = self.root.join(LOCK_FILE);
        let file = open_lock(&path).map_err(io("open the lock", &path))?;
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
        let vault = self.vault_path();
        let temp = write_temp(&self.root, VAULT_FILE, bytes)?;
        if fs::symlink_metadata(&vault).is_ok() {
            // The old generation is copied into a fresh temporary file (its bytes as they are) and renamed
            // over the backup, so the backup too is always whole.
            let old = fs::read(&vault).map_err(io("back up", &vault))?;
            let backup = write_temp(&self.root, BACKUP_FILE, &old)?;
            backup.persist(self.backup_path()).map_err(|e| io("back up", &vault)(e.error))?;
        }
        temp.persist(&vault).map_err(|e| io("replace", &vault)(e.error))?;
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
    write_temp(dir, &name, bytes)?.persist(path).map_err(|e| io("replace", path)(e.error))?;
    sync_dir(dir).map_err(io("flush", dir))
}

/// Writes `bytes` to a new temporary file in `dir` (`.NAME.XXXXXX.tmp`: a unique name, created
/// exclusively, owner-only) and flushes it to disk. Dropped without being persisted, it is removed.
fn write_temp(dir: &Path, name: &str, bytes: &[u8]) -> Result<tempfile::NamedTempFile, IoError> {
    let mut file = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(io("create a temporary file in", dir))?;
    file.write_all(bytes).map_err(io("write", file.path()))?;
    file.as_file().sync_all().map_err(io("flush", file.path()))?;
    Ok(file)
}

/// An error-mapping closure for `map_err`: `io("write", &path)`.
fn io(action: &'static str, path: &Path) -> impl FnOnce(io::Error) -> IoError {
    let path = path.to_owned();
    move |source| IoError { action, path, source }
}

/// Opens (creating) the lock file, owner-only. A symlink in its place is refused rather than followed: the
/// lock never opens a file elsewhere.
fn open_lock(path: &Path) -> io::Result<File> {
    if fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, "it is a symbolic link; remove it"));
    }
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
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

    /// Files and symlinks planted under the names earlier versions used for temporary files, and a symlink
    /// as the lock, never redirect a write; an existing folder open to others is made owner-only.
    #[cfg(unix)]
    #[test]
    fn planted_symlinks_never_redirect_a_write_and_a_loose_folder_is_tightened() {
        use std::os::unix::fs::PermissionsExt;
        let temp = tempfile::tempdir().unwrap();
        let root = temp.path().join("v");
        fs::create_dir(&root).unwrap();
        fs::set_permissions(&root, fs::Permissions::from_mode(0o777)).unwrap();
        let victim = temp.path().join("victim");
        fs::write(&victim, b"untouched").unwrap();
        for name in ["vault.json.tmp", "vault.json.bak.tmp", ".push-state.json.tmp", ".vault.json.tmp"] {
            std::os::unix::fs::symlink(&victim, root.join(name)).unwrap();
        }
        let dir = VaultDir::at(&root);
        dir.write_atomic(b"one").unwrap();
        dir.write_atomic(b"two").unwrap();
        write_file_atomic(&root.join("push-state.json"), b"{}").unwrap();
        assert_eq!(fs::read(&victim).unwrap(), b"untouched");
        assert_eq!(dir.read().unwrap().as_deref(), Some(&b"two"[..]));
        assert_eq!(fs::metadata(&root).unwrap().permissions().mode() & 0o777, 0o700);

        std::os::unix::fs::symlink(&victim, root.join(LOCK_FILE)).unwrap();
        let locked = dir.with_write_lock(|| Ok::<_, IoError>(()));
        assert!(locked.unwrap_err().to_string().contains("symbolic link"));
        assert_eq!(fs::read(&victim).unwrap(), b"untouched");
    }
}
