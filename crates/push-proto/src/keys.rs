//! The RSA keys of push approval. The device's key pair is made here (with the `rsa` crate: `ring` signs
//! and verifies RSA but cannot generate keys) and kept as PKCS#8; signing and verifying go through `ring`.
//! The server's public key is pinned at registration.

use ring::rand::SecureRandom;
use ring::signature::{self, RsaKeyPair, UnparsedPublicKey};
use rsa::pkcs1::{DecodeRsaPublicKey, EncodeRsaPublicKey};
use rsa::pkcs8::{DecodePublicKey, EncodePrivateKey, EncodePublicKey};
use rsa::rand_core::CryptoRngCore;
use zeroize::Zeroizing;

/// Why a key could not be made, read or used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum KeyError {
    /// Key generation or encoding failed.
    #[error("the key could not be made: {0}")]
    Generate(String),
    /// A stored or received key is not a usable RSA key.
    #[error("not a usable RSA key: {0}")]
    Invalid(String),
    /// Signing failed.
    #[error("signing failed")]
    Sign,
    /// The poll passes signed ahead do not reach this time (see [`super::PollPasses`]).
    #[error("Keyfob has been locked for too long to keep asking the server; unlock it")]
    NoPass,
}

/// The device's RSA key pair, as PKCS#8 DER. Zeroized on drop, redacted in `Debug`; stored only sealed
/// in the vault.
pub struct DeviceKey {
    pkcs8: Zeroizing<Vec<u8>>,
}

impl std::fmt::Debug for DeviceKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DeviceKey([redacted])")
    }
}

impl DeviceKey {
    /// Makes a new key pair of `bits` bits (privacyIDEA's apps use 4096; it takes a few seconds).
    ///
    /// # Errors
    /// [`KeyError::Generate`].
    pub fn generate(bits: usize, rng: &mut impl CryptoRngCore) -> Result<Self, KeyError> {
        let key = rsa::RsaPrivateKey::new(rng, bits).map_err(|e| KeyError::Generate(e.to_string()))?;
        let der = key.to_pkcs8_der().map_err(|e| KeyError::Generate(e.to_string()))?;
        Ok(Self { pkcs8: Zeroizing::new(der.as_bytes().to_vec()) })
    }

    /// A key from its PKCS#8 DER (as unsealed from the vault).
    ///
    /// # Errors
    /// [`KeyError::Invalid`] when `ring` does not accept it.
    pub fn from_pkcs8(der: Zeroizing<Vec<u8>>) -> Result<Self, KeyError> {
        RsaKeyPair::from_pkcs8(&der).map_err(|e| KeyError::Invalid(e.to_string()))?;
        Ok(Self { pkcs8: der })
    }

    /// The PKCS#8 DER, for sealing into the vault.
    ///
    /// # Security
    /// The private key: seal it, never show or log it.
    pub fn expose_pkcs8(&self) -> &[u8] {
        &self.pkcs8
    }

    /// The public key as base64 of its SubjectPublicKeyInfo DER: the `pubkey` field of registration.
    ///
    /// # Errors
    /// [`KeyError::Invalid`].
    pub fn public_key_base64(&self) -> Result<String, KeyError> {
        use rsa::pkcs8::DecodePrivateKey;
        let key = rsa::RsaPrivateKey::from_pkcs8_der(&self.pkcs8).map_err(|e| KeyError::Invalid(e.to_string()))?;
        let spki = key.to_public_key().to_public_key_der().map_err(|e| KeyError::Invalid(e.to_string()))?;
        Ok(data_encoding::BASE64.encode(spki.as_bytes()))
    }

    /// Signs `text` (RSA PKCS#1 v1.5, SHA-256) and returns the signature in padded base32.
    ///
    /// # Errors
    /// [`KeyError::Sign`].
    pub fn sign(&self, text: &str, rng: &dyn SecureRandom) -> Result<String, KeyError> {
        self.signer()?.sign(text, rng)
    }

    /// The key parsed for signing many texts: parsing checks the key, which costs about a signature.
    pub(super) fn signer(&self) -> Result<Signer, KeyError> {
        Signer::from_pkcs8(&self.pkcs8)
    }
}

/// A parsed RSA private key.
pub(super) struct Signer(RsaKeyPair);

impl Signer {
    fn from_pkcs8(pkcs8: &[u8]) -> Result<Self, KeyError> {
        RsaKeyPair::from_pkcs8(pkcs8).map(Self).map_err(|e| KeyError::Invalid(e.to_string()))
    }

    /// Signs `text` (RSA PKCS#1 v1.5, SHA-256); the signature in padded base32.
    pub(super) fn sign(&self, text: &str, rng: &dyn SecureRandom) -> Result<String, KeyError> {
        let mut signature = vec![0u8; self.0.public().modulus_len()];
        self.0.sign(&signature::RSA_PKCS1_SHA256, rng, text.as_bytes(), &mut signature).map_err(|_| KeyError::Sign)?;
        Ok(data_encoding::BASE32.encode(&signature))
    }
}

/// Signs `text` with a server's PKCS#8 private key: the reference login service's side of the protocol,
/// kept beside the device's so both sides sign the same way.
///
/// # Errors
/// [`KeyError::Invalid`] or [`KeyError::Sign`].
pub fn sign_with_server_key(pkcs8: &[u8], text: &str, rng: &dyn SecureRandom) -> Result<String, KeyError> {
    Signer::from_pkcs8(pkcs8)?.sign(text, rng)
}

/// An RSA public key as PKCS#1 `RSAPublicKey` DER: the server's, pinned by the device at registration, or
/// the device's, kept by the server.
#[derive(Clone, PartialEq, Eq)]
pub struct PublicKey {
    pkcs1: Vec<u8>,
}

impl std::fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PublicKey").field("bytes", &self.pkcs1.len()).finish()
    }
}

impl PublicKey {
    /// Reads the key a server returned at registration: base64 (standard or URL-safe, line breaks and PEM
    /// armour allowed) of a PKCS#1 `RSAPublicKey` (privacyIDEA) or a SubjectPublicKeyInfo.
    ///
    /// # Errors
    /// [`KeyError::Invalid`].
    pub fn from_base64(text: &str) -> Result<Self, KeyError> {
        let body: String = text
            .lines()
            .filter(|l| !l.starts_with("-----"))
            .flat_map(str::chars)
            .filter(|c| !c.is_whitespace())
            .map(|c| match c {
                '-' => '+',
                '_' => '/',
                c => c,
            })
            .collect();
        let der = data_encoding::BASE64
            .decode(body.as_bytes())
            .map_err(|_| KeyError::Invalid("the server key is not base64".into()))?;
        Self::from_der(&der)
    }

    /// A key from DER, PKCS#1 or SubjectPublicKeyInfo.
    ///
    /// # Errors
    /// [`KeyError::Invalid`].
    pub fn from_der(der: &[u8]) -> Result<Self, KeyError> {
        let key = rsa::RsaPublicKey::from_pkcs1_der(der)
            .or_else(|_| rsa::RsaPublicKey::from_public_key_der(der))
            .map_err(|e| KeyError::Invalid(e.to_string()))?;
        let pkcs1 = key.to_pkcs1_der().map_err(|e| KeyError::Invalid(e.to_string()))?;
        Ok(Self { pkcs1: pkcs1.as_bytes().to_vec() })
    }

    /// The PKCS#1 DER, for storing.
    pub fn to_der(&self) -> &[u8] {
        &self.pkcs1
    }

    /// Whether `signature` (padded base32) is this key's signature over `text`.
    pub fn verifies(&self, text: &str, signature: &str) -> bool {
        let Ok(signature) = data_encoding::BASE32.decode(signature.as_bytes()) else { return false };
        UnparsedPublicKey::new(&signature::RSA_PKCS1_2048_8192_SHA256, &self.pkcs1)
            .verify(text.as_bytes(), &signature)
            .is_ok()
    }
}
