//! The sync key and the folder file. One passphrase, typed once per computer, gives every device the
//! same key through argon2id and the salt in the folder file; the file's key check tells a wrong
//! passphrase apart from a changed device file.

use keyfob_crypto::{KEY_LEN, KdfLimits, KdfParams, Key, Password};
use ring::hmac;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::error::Error;
use crate::id::FolderId;

/// The fewest characters a sync passphrase has: it guards every secret against anyone who can read the
/// folder, offline.
pub const MIN_PASSPHRASE_CHARS: usize = 10;
/// Bytes of the folder's salt.
pub const SALT_LEN: usize = 16;
/// The largest folder file read.
pub const MAX_FOLDER_FILE_BYTES: usize = 4096;
/// The folder file's format version.
const VERSION: u64 = 1;
/// HKDF salt naming the format, for both subkeys.
const HKDF_SALT: &[u8] = b"keyfob sync v1";
/// What the key check authenticates, before the folder id.
const CHECK_LABEL: &[u8] = b"keyfob sync v1 key check";

/// A passphrase chosen for a new sync folder.
///
/// # Errors
/// [`Error::PassphraseTooShort`] under [`MIN_PASSPHRASE_CHARS`] characters.
pub fn choose_passphrase(text: Zeroizing<String>) -> Result<Password, Error> {
    let passphrase = Password::new(text);
    let chars = std::str::from_utf8(passphrase.expose_secret()).map_or(0, |s| s.chars().count());
    if chars < MIN_PASSPHRASE_CHARS {
        return Err(Error::PassphraseTooShort(MIN_PASSPHRASE_CHARS));
    }
    Ok(passphrase)
}

/// The folder's key: the argon2id output (kept by each computer so the KDF runs once) and the two keys
/// derived from it. Not `Clone`, redacted in `Debug` (its parts are [`Key`]s).
#[derive(Debug)]
pub struct SyncKey {
    root: Key,
    seal: Key,
    check: Key,
}

impl SyncKey {
    /// The key from the root a computer kept (the argon2id output).
    pub fn from_root(root: Key) -> Self {
        let seal = root.subkey(HKDF_SALT, b"seal");
        let check = root.subkey(HKDF_SALT, b"check");
        Self { root, seal, check }
    }

    /// The root, for the computer to keep (keychain, or sealed in its vault).
    ///
    /// # Security
    /// It opens every file of the folder.
    pub fn root(&self) -> &Key {
        &self.root
    }

    /// The key that seals device files.
    pub(crate) fn seal(&self) -> &Key {
        &self.seal
    }

    /// The folder's key check under this key.
    fn key_check(&self, folder: FolderId) -> [u8; KEY_LEN] {
        let key = hmac::Key::new(hmac::HMAC_SHA256, self.check.expose_secret());
        let mut context = hmac::Context::with_key(&key);
        context.update(CHECK_LABEL);
        context.update(folder.as_bytes());
        let mut check = [0u8; KEY_LEN];
        check.copy_from_slice(context.sign().as_ref());
        check
    }
}

/// The folder file as stored.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Stored {
    format: String,
    version: u64,
    folder: FolderId,
    kdf: KdfParams,
    salt: String,
    key_check: String,
}

/// The folder file, `keyfob-sync.json`: the folder id, the KDF's costs and salt, the key check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FolderFile {
    folder: FolderId,
    kdf: KdfParams,
    salt: [u8; SALT_LEN],
    key_check: [u8; KEY_LEN],
}

impl FolderFile {
    /// A new folder, `folder` and `salt` drawn by the caller, its key derived from `passphrase` at `kdf`.
    ///
    /// # Errors
    /// [`Error::Crypto`] when the KDF refuses its costs.
    pub fn create(
        folder: FolderId,
        salt: [u8; SALT_LEN],
        kdf: KdfParams,
        passphrase: &Password,
    ) -> Result<(Self, SyncKey), Error> {
        let key = SyncKey::from_root(kdf.derive_within(KdfLimits::VAULT, passphrase, &salt)?);
        let key_check = key.key_check(folder);
        Ok((Self { folder, kdf, salt, key_check }, key))
    }

    /// The folder's id.
    pub fn id(&self) -> FolderId {
        self.folder
    }

    /// The key `passphrase` gives, if it is this folder's.
    ///
    /// # Errors
    /// [`Error::WrongPassphrase`]; [`Error::Crypto`] for costs past [`KdfLimits::VAULT`] (refused before
    /// any work).
    pub fn unlock(&self, passphrase: &Password) -> Result<SyncKey, Error> {
        let key = SyncKey::from_root(self.kdf.derive_within(KdfLimits::VAULT, passphrase, &self.salt)?);
        self.check(&key)?;
        Ok(key)
    }

    /// Whether a kept key is still this folder's (the folder may have been set up again since).
    ///
    /// # Errors
    /// [`Error::WrongPassphrase`].
    pub fn check(&self, key: &SyncKey) -> Result<(), Error> {
        let check = hmac::Key::new(hmac::HMAC_SHA256, key.check.expose_secret());
        let mut message = CHECK_LABEL.to_vec();
        message.extend_from_slice(self.folder.as_bytes());
        hmac::verify(&check, &message, &self.key_check).map_err(|_| Error::WrongPassphrase)
    }

    /// The file's bytes (compact JSON).
    pub fn to_bytes(&self) -> Vec<u8> {
        let stored = Stored {
            format: "keyfob-sync".to_owned(),
            version: VERSION,
            folder: self.folder,
            kdf: self.kdf,
            salt: data_encoding::BASE64.encode(&self.salt),
            key_check: data_encoding::BASE64.encode(&self.key_check),
        };
        // A struct of strings and numbers always serialises.
        serde_json::to_vec(&stored).unwrap_or_default()
    }

    /// Reads a folder file.
    ///
    /// # Errors
    /// [`Error::TooLarge`] past [`MAX_FOLDER_FILE_BYTES`], [`Error::NotSync`], [`Error::Unsupported`] for
    /// a newer version, [`Error::Damaged`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
        if bytes.len() > MAX_FOLDER_FILE_BYTES {
            return Err(Error::TooLarge { size: bytes.len() as u64, limit: MAX_FOLDER_FILE_BYTES as u64 });
        }
        let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|_| Error::NotSync)?;
        if value.get("format").and_then(serde_json::Value::as_str) != Some("keyfob-sync") {
            return Err(Error::NotSync);
        }
        match value.get("version").and_then(serde_json::Value::as_u64) {
            Some(VERSION) => {}
            Some(newer) if newer > VERSION => return Err(Error::Unsupported(newer)),
            _ => return Err(Error::Damaged("the folder file's version")),
        }
        let stored: Stored = serde_json::from_value(value).map_err(|_| Error::Damaged("the folder file"))?;
        let decode = |text: &str| data_encoding::BASE64.decode(text.as_bytes()).ok();
        let salt = decode(&stored.salt).and_then(|s| s.try_into().ok()).ok_or(Error::Damaged("the folder's salt"))?;
        let key_check =
            decode(&stored.key_check).and_then(|c| c.try_into().ok()).ok_or(Error::Damaged("the key check"))?;
        Ok(Self { folder: stored.folder, kdf: stored.kdf, salt, key_check })
    }
}
