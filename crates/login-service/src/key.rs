//! The service's key file, beside the database (`FILE.key`: 32 random bytes, owner-only) and never in it.
//! Recovery codes' HMACs and CSRF tokens are keyed by it, and the database's secrets (TOTP secrets, the
//! challenge-signing key) are sealed under a key derived from it, so a copy of the database alone is
//! worth little.
//!
//! It is made only beside a database that holds nothing yet: a database with users and no key file is
//! refused (a new key would open none of its secrets, and would silently break every recovery code).

use std::path::{Path, PathBuf};

use ring::rand::{SecureRandom, SystemRandom};
use zeroize::Zeroizing;

/// The key file's length.
pub(crate) const KEY_BYTES: usize = 32;

/// Why the key file could not be had.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub(crate) enum Error {
    /// The key file is missing, but the database beside it holds data keyed or sealed under it.
    #[error(
        "{} is missing, but the database beside it holds users and secrets sealed under it: restore the key file \
that belongs to this database (a new key would open none of them)",
        path.display()
    )]
    Missing {
        /// The key file's path.
        path: PathBuf,
    },
    /// The key file is not 32 bytes long.
    #[error("{} is damaged (it holds {len} bytes, not {KEY_BYTES}): restore it", path.display())]
    Damaged {
        /// The key file's path.
        path: PathBuf,
        /// Its length.
        len: usize,
    },
    /// Reading or creating the file failed.
    #[error("cannot {action} {}: {source}", path.display())]
    Io {
        /// `read`, `create` or `write`.
        action: &'static str,
        /// The key file's path.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// The key given in the environment is not 64 hexadecimal digits (its value is never repeated).
    #[error("{variable} must hold the key as 64 hexadecimal digits (it holds {len} characters that are not)")]
    BadVariable {
        /// The variable's name.
        variable: &'static str,
        /// How many characters it holds.
        len: usize,
    },
    /// A PostgreSQL database needs its key named: no file sits beside it.
    #[error(
        "a PostgreSQL database needs its sealing key: give --key-file FILE (made when the database is new) or set \
{variable} to 64 hexadecimal digits"
    )]
    NotGiven {
        /// The variable that would hold it.
        variable: &'static str,
    },
    /// The system has no random source to make a key.
    #[error("no random source to make a key")]
    Random,
}

/// Whether a missing key file may be made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Missing {
    /// Make it (the database beside it holds nothing yet).
    Create,
    /// Refuse (the database holds data under the key).
    Refuse,
}

/// Reads the key file at `path`; when it is missing, makes it (owner-only) if `missing` allows.
///
/// # Errors
/// [`Error::Missing`], [`Error::Damaged`], [`Error::Io`], [`Error::Random`].
pub(crate) fn load(path: &Path, missing: Missing, rng: &SystemRandom) -> Result<Zeroizing<[u8; KEY_BYTES]>, Error> {
    let io = |action, source| Error::Io { action, path: path.to_owned(), source };
    let bytes = match std::fs::read(path) {
        Ok(bytes) => Zeroizing::new(bytes),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && missing == Missing::Create => {
            let mut key = Zeroizing::new([0u8; KEY_BYTES]);
            rng.fill(key.as_mut()).map_err(|_| Error::Random)?;
            // Written whole under a name of its own, then linked into place: several instances starting at
            // once on one new database each try, one link wins, and the others read the winner's key (never
            // a file still being written).
            let mut name = [0u8; 8];
            rng.fill(&mut name).map_err(|_| Error::Random)?;
            let partial = path.with_extension(format!("key.{}", data_encoding::HEXLOWER.encode(&name)));
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            let written = options.open(&partial).and_then(|mut file| {
                std::io::Write::write_all(&mut file, key.as_ref())?;
                file.sync_all()
            });
            let linked = written.and_then(|()| std::fs::hard_link(&partial, path));
            let _ = std::fs::remove_file(&partial);
            return match linked {
                Ok(()) => Ok(key),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => load(path, Missing::Refuse, rng),
                Err(e) => Err(io("create", e)),
            };
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(Error::Missing { path: path.to_owned() }),
        Err(e) => return Err(io("read", e)),
    };
    let mut key = Zeroizing::new([0u8; KEY_BYTES]);
    if bytes.len() != KEY_BYTES {
        return Err(Error::Damaged { path: path.to_owned(), len: bytes.len() });
    }
    key.copy_from_slice(&bytes);
    Ok(key)
}

/// The key given as 64 hexadecimal digits in `variable` (whose value is `text`).
///
/// # Errors
/// [`Error::BadVariable`], without the value.
pub(crate) fn from_hex(variable: &'static str, text: &str) -> Result<Zeroizing<[u8; KEY_BYTES]>, Error> {
    let bad = || Error::BadVariable { variable, len: text.chars().count() };
    let bytes = Zeroizing::new(data_encoding::HEXLOWER_PERMISSIVE.decode(text.trim().as_bytes()).map_err(|_| bad())?);
    let mut key = Zeroizing::new([0u8; KEY_BYTES]);
    if bytes.len() != KEY_BYTES {
        return Err(bad());
    }
    key.copy_from_slice(&bytes);
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_made_owner_only_kept_and_never_made_where_it_must_exist() {
        let rng = SystemRandom::new();
        let dir = std::env::temp_dir().join(format!("keyfob-key-{}", crate::secrets::token(&rng, 8)));
        std::fs::create_dir(&dir).unwrap();
        let path = dir.join("service.key");
        assert!(matches!(load(&path, Missing::Refuse, &rng), Err(Error::Missing { .. })));
        assert!(!path.exists(), "refusing makes nothing");
        let made = load(&path, Missing::Create, &rng).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        }
        assert_eq!(load(&path, Missing::Refuse, &rng).unwrap(), made, "kept");
        assert_eq!(load(&path, Missing::Create, &rng).unwrap(), made, "not replaced");
        std::fs::write(&path, b"short").unwrap();
        let damaged = load(&path, Missing::Create, &rng).unwrap_err().to_string();
        assert!(damaged.ends_with("service.key is damaged (it holds 5 bytes, not 32): restore it"), "{damaged}");
        std::fs::remove_dir_all(dir).unwrap();
    }
}
