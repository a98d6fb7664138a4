//! The vault key and where it comes from: the OS keychain, or a passphrase through argon2id.

use std::fmt;

use ring::rand::SecureRandom;
use serde::{Deserialize, Serialize};

use super::Error;
use keyfob_crypto::{KdfParams, Key, Password, SealedBox};

/// The random key that seals every secret in one vault. Zeroized on drop, redacted in `Debug`, not `Clone`.
pub struct VaultKey(Key);

impl VaultKey {
    /// Draws a fresh key.
    ///
    /// # Errors
    /// [`Error::Random`] when the system's random source fails.
    pub fn generate(rng: &dyn SecureRandom) -> Result<Self, Error> {
        Key::generate(rng).map(Self).map_err(|_| Error::Random)
    }

    /// The key as the keychain stores it: one line of base64. (Multi-line values have broken Secret Service
    /// keyrings in other apps.)
    ///
    /// # Security
    /// The result is the key; it is wiped when dropped.
    pub fn to_keychain_text(&self) -> zeroize::Zeroizing<String> {
        self.0.to_base64()
    }

    /// Reads the keychain's text form back.
    ///
    /// # Errors
    /// [`Error::KeychainEntryInvalid`] when the text is not a base64 key of the right length.
    pub fn from_keychain_text(text: &str) -> Result<Self, Error> {
        Key::from_base64(text).map(Self).map_err(|_| Error::KeychainEntryInvalid)
    }

    /// An explicit copy, for a process that keeps the key while it runs (the app, so it reads the keychain
    /// once rather than on every refresh).
    pub fn duplicate(&self) -> Self {
        Self(self.0.duplicate())
    }

    /// The key itself, for deriving the vault's subkeys.
    pub(crate) fn key(&self) -> &Key {
        &self.0
    }
}

impl fmt::Debug for VaultKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("VaultKey([redacted])")
    }
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
        /// The vault key in a sealed box (nonce ‖ ChaCha20-Poly1305 ciphertext ‖ tag), base64.
        wrapped: String,
    },
}

const WRAP_AAD: &[u8] = b"keyfob vault v1 key wrap";

impl KeySource {
    /// Wraps `key` under `passphrase`, which must be one the user may choose
    /// ([`Password::check_strength`]).
    ///
    /// # Errors
    /// [`Error::PassphraseTooShort`], [`Error::Random`] or [`Error::Kdf`].
    pub fn wrap(key: &VaultKey, passphrase: &Password, kdf: KdfParams, rng: &dyn SecureRandom) -> Result<Self, Error> {
        passphrase.check_strength().map_err(|_| Error::PassphraseTooShort)?;
        let mut salt = [0u8; 16];
        rng.fill(&mut salt).map_err(|_| Error::Random)?;
        let kek = kdf.derive(passphrase, &salt).map_err(kdf_error)?;
        let sealed = SealedBox::seal(&kek, key.0.expose_secret(), WRAP_AAD, rng).map_err(|_| Error::Random)?;
        Ok(Self::Passphrase {
            kdf,
            salt: data_encoding::BASE64.encode(&salt),
            wrapped: data_encoding::BASE64.encode(sealed.as_bytes()),
        })
    }

    /// Recovers the vault key from a passphrase-wrapped source.
    ///
    /// # Errors
    /// [`Error::WrongPassphrase`] when the passphrase does not open it; [`Error::Malformed`] for a damaged
    /// header; [`Error::NotPassphraseProtected`] for a keychain vault.
    pub fn unwrap(&self, passphrase: &Password) -> Result<VaultKey, Error> {
        let Self::Passphrase { kdf, salt, wrapped } = self else {
            return Err(Error::NotPassphraseProtected);
        };
        let malformed = |what: &str| Error::Malformed { reason: format!("the passphrase {what} is not valid base64") };
        let salt = data_encoding::BASE64.decode(salt.as_bytes()).map_err(|_| malformed("salt"))?;
        let wrapped = data_encoding::BASE64.decode(wrapped.as_bytes()).map_err(|_| malformed("wrapped key"))?;
        let kek = kdf.derive(passphrase, &salt).map_err(kdf_error)?;
        let opened = SealedBox::from_bytes(wrapped).open(&kek, WRAP_AAD).map_err(|_| Error::WrongPassphrase)?;
        Key::from_bytes(&opened).map(VaultKey).map_err(|_| Error::WrongPassphrase)
    }
}

/// The KDF's failures, as the vault reports them.
pub(super) fn kdf_error(error: keyfob_crypto::Error) -> Error {
    match error {
        keyfob_crypto::Error::ExcessiveCost { .. } => {
            Error::Malformed { reason: "the passphrase costs exceed Keyfob's limits".into() }
        }
        other => Error::Kdf(other.to_string()),
    }
}
