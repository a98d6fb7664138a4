//! The vault key and where it comes from: the OS keychain, or a passphrase through argon2id.

use std::fmt;

use argon2::{Algorithm as ArgonAlgorithm, Argon2, Params, Version};
use ring::aead::{self, Aad, LessSafeKey, Nonce, UnboundKey};
use ring::rand::SecureRandom;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::Error;

/// Length of the vault key in bytes (256 bits).
pub const KEY_LEN: usize = 32;

/// The random key that seals every secret in one vault. Zeroized on drop, redacted in `Debug`, not `Clone`.
pub struct VaultKey(Zeroizing<[u8; KEY_LEN]>);

impl VaultKey {
    /// Draws a fresh key.
    ///
    /// # Errors
    /// [`Error::Random`] when the system's random source fails.
    pub fn generate(rng: &dyn SecureRandom) -> Result<Self, Error> {
        let mut key = Zeroizing::new([0u8; KEY_LEN]);
        rng.fill(key.as_mut()).map_err(|_| Error::Random)?;
        Ok(Self(key))
    }

    /// The key as the keychain stores it: one line of base64. (Multi-line values have broken Secret Service
    /// keyrings in other apps.)
    ///
    /// # Security
    /// The result is the key; it is wiped when dropped.
    pub fn to_keychain_text(&self) -> Zeroizing<String> {
        Zeroizing::new(data_encoding::BASE64.encode(self.0.as_ref()))
    }

    /// Reads the keychain's text form back.
    ///
    /// # Errors
    /// [`Error::KeychainEntryInvalid`] when the text is not a base64 key of the right length.
    pub fn from_keychain_text(text: &str) -> Result<Self, Error> {
        let bytes = Zeroizing::new(
            data_encoding::BASE64.decode(text.trim().as_bytes()).map_err(|_| Error::KeychainEntryInvalid)?,
        );
        let mut key = Zeroizing::new([0u8; KEY_LEN]);
        if bytes.len() != KEY_LEN {
            return Err(Error::KeychainEntryInvalid);
        }
        key.copy_from_slice(&bytes);
        Ok(Self(key))
    }

    /// An explicit copy, for a process that keeps the key while it runs (the app, so it reads the keychain
    /// once rather than on every refresh).
    pub fn duplicate(&self) -> Self {
        Self(self.0.clone())
    }

    /// The raw key bytes.
    ///
    /// # Security
    /// Every caller is a place the key leaves this type.
    pub(crate) fn expose_secret(&self) -> &[u8] {
        self.0.as_ref()
    }
}

impl fmt::Debug for VaultKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("VaultKey([redacted])")
    }
}

/// A passphrase typed by the user for the fallback key source. Zeroized on drop, redacted in `Debug`.
pub struct Passphrase(Zeroizing<String>);

impl Passphrase {
    /// Wraps a passphrase (a trailing newline, as files and pipes add, is removed).
    ///
    /// # Errors
    /// [`Error::PassphraseTooShort`] under 8 characters: it would protect nothing.
    pub fn new(text: Zeroizing<String>) -> Result<Self, Error> {
        let trimmed = text.trim_end_matches(['\r', '\n']);
        if trimmed.chars().count() < 8 {
            return Err(Error::PassphraseTooShort);
        }
        Ok(Self(Zeroizing::new(trimmed.to_owned())))
    }
}

impl fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Passphrase([redacted])")
    }
}

/// argon2id cost parameters, stored in the vault so they can be raised later without breaking old vaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfParams {
    /// Memory in KiB.
    pub m_kib: u32,
    /// Passes.
    pub t: u32,
    /// Lanes.
    pub p: u32,
}

impl KdfParams {
    /// OWASP's first recommendation for argon2id: 64 MiB, 3 passes, 1 lane (about a quarter of a second).
    pub const DEFAULT: Self = Self { m_kib: 64 * 1024, t: 3, p: 1 };

    /// The most a vault file may ask for: 1 GiB, 10 passes, 4 lanes. A hostile file cannot make opening
    /// it exhaust memory.
    const MAX: Self = Self { m_kib: 1024 * 1024, t: 10, p: 4 };
}

/// How a vault's key is kept. Stored (without secrets) in the vault file's header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "source", rename_all = "snake_case")]
pub enum KeySource {
    /// In the OS keychain, under service `keyfob`, user `vault-<id>`.
    Keychain,
    /// Wrapped by a key derived from the user's passphrase with argon2id.
    Passphrase {
        /// argon2id costs.
        kdf: KdfParams,
        /// 16 random bytes, base64.
        salt: String,
        /// Nonce and ChaCha20-Poly1305 ciphertext of the vault key, base64.
        wrapped: String,
    },
}

const WRAP_AAD: &[u8] = b"keyfob vault v1 key wrap";

impl KeySource {
    /// Wraps `key` under `passphrase`.
    ///
    /// # Errors
    /// [`Error::Random`] or [`Error::Kdf`].
    pub fn wrap(
        key: &VaultKey,
        passphrase: &Passphrase,
        kdf: KdfParams,
        rng: &dyn SecureRandom,
    ) -> Result<Self, Error> {
        let mut salt = [0u8; 16];
        rng.fill(&mut salt).map_err(|_| Error::Random)?;
        let kek = key_from_password(passphrase.0.as_bytes(), &salt, kdf)?;
        let mut nonce = [0u8; aead::NONCE_LEN];
        rng.fill(&mut nonce).map_err(|_| Error::Random)?;
        let mut sealed = Zeroizing::new(key.expose_secret().to_vec());
        kek.seal_in_place_append_tag(Nonce::assume_unique_for_key(nonce), Aad::from(WRAP_AAD), &mut *sealed)
            .map_err(|_| Error::Random)?;
        let mut wrapped = nonce.to_vec();
        wrapped.extend_from_slice(&sealed);
        Ok(Self::Passphrase {
            kdf,
            salt: data_encoding::BASE64.encode(&salt),
            wrapped: data_encoding::BASE64.encode(&wrapped),
        })
    }

    /// Recovers the vault key from a passphrase-wrapped source.
    ///
    /// # Errors
    /// [`Error::WrongPassphrase`] when the passphrase does not open it; [`Error::Malformed`] for a damaged
    /// header; [`Error::NotPassphraseProtected`] for a keychain vault.
    pub fn unwrap(&self, passphrase: &Passphrase) -> Result<VaultKey, Error> {
        let Self::Passphrase { kdf, salt, wrapped } = self else {
            return Err(Error::NotPassphraseProtected);
        };
        let malformed = |what: &str| Error::Malformed { reason: format!("the passphrase {what} is not valid base64") };
        let salt = data_encoding::BASE64.decode(salt.as_bytes()).map_err(|_| malformed("salt"))?;
        let wrapped = data_encoding::BASE64.decode(wrapped.as_bytes()).map_err(|_| malformed("wrapped key"))?;
        let kek = key_from_password(passphrase.0.as_bytes(), &salt, *kdf)?;
        let (nonce, sealed) = wrapped
            .split_at_checked(aead::NONCE_LEN)
            .ok_or_else(|| Error::Malformed { reason: "the wrapped key is too short".into() })?;
        let nonce = Nonce::try_assume_unique_for_key(nonce).map_err(|_| Error::WrongPassphrase)?;
        let mut buffer = Zeroizing::new(sealed.to_vec());
        let opened = kek.open_in_place(nonce, Aad::from(WRAP_AAD), &mut buffer).map_err(|_| Error::WrongPassphrase)?;
        let mut key = Zeroizing::new([0u8; KEY_LEN]);
        if opened.len() != KEY_LEN {
            return Err(Error::WrongPassphrase);
        }
        key.copy_from_slice(opened);
        Ok(VaultKey(key))
    }
}

/// The ChaCha20-Poly1305 key argon2id derives from a password and salt at the given costs. Shared by the
/// vault's passphrase fallback and Keyfob's backups.
pub(crate) fn key_from_password(password: &[u8], salt: &[u8], kdf: KdfParams) -> Result<LessSafeKey, Error> {
    aead_key(&*derive_key(password, salt, kdf)?)
}

/// The raw 256-bit key argon2id derives from a password and salt, refusing costs past Keyfob's limits (a
/// hostile file must not make opening it exhaust memory). Kept raw only where it must be stored sealed:
/// the automatic backups' key.
pub(crate) fn derive_key(password: &[u8], salt: &[u8], kdf: KdfParams) -> Result<Zeroizing<[u8; KEY_LEN]>, Error> {
    if kdf.m_kib > KdfParams::MAX.m_kib || kdf.t > KdfParams::MAX.t || kdf.p > KdfParams::MAX.p {
        return Err(Error::Malformed { reason: "the passphrase costs exceed Keyfob's limits".into() });
    }
    let params = Params::new(kdf.m_kib, kdf.t, kdf.p, Some(KEY_LEN)).map_err(|e| Error::Kdf(e.to_string()))?;
    let mut key = Zeroizing::new([0u8; KEY_LEN]);
    Argon2::new(ArgonAlgorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(password, salt, key.as_mut())
        .map_err(|e| Error::Kdf(e.to_string()))?;
    Ok(key)
}

/// A ChaCha20-Poly1305 key from raw key bytes.
pub(crate) fn aead_key(key: &[u8; KEY_LEN]) -> Result<LessSafeKey, Error> {
    let key = UnboundKey::new(&aead::CHACHA20_POLY1305, key).map_err(|_| Error::Kdf("key length".into()))?;
    Ok(LessSafeKey::new(key))
}
