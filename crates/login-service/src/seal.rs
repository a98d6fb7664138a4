//! Sealing the secrets the database keeps (TOTP secrets, the challenge-signing key) with ChaCha20-Poly1305
//! under a key derived from the key file beside the database, so a copy of the database alone reveals
//! none of them. Each value is bound to where it belongs (its associated data names it, e.g. `totp:7`),
//! so sealed values cannot be swapped between users.
//!
//! A sealed value is `1 ‖ nonce (12 bytes) ‖ ciphertext ‖ tag (16 bytes)`; the nonce is random (a few
//! values per user over the service's life are far from the birthday bound of 96 bits).

use ring::aead::{self, Aad, LessSafeKey, Nonce, UnboundKey};
use ring::rand::{SecureRandom, SystemRandom};
use zeroize::Zeroizing;

/// The format byte of a sealed value.
const VERSION: u8 = 1;
/// HKDF's salt: this file format.
const SALT: &[u8] = b"keyfob-login-service sealed values";
/// HKDF's info: this key's one purpose.
const INFO: &[u8] = b"chacha20-poly1305 v1";

/// Why a sealed value did not open, or a value could not be sealed.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[non_exhaustive]
pub(crate) enum Error {
    /// Too short to be a sealed value.
    #[error("a sealed value of {len} bytes is too short")]
    Malformed {
        /// Its length.
        len: usize,
    },
    /// A format this version does not know.
    #[error("a sealed value of unknown format {version}")]
    UnsupportedVersion {
        /// Its first byte.
        version: u8,
    },
    /// Sealed under another key, or changed since.
    #[error("a sealed value does not open under this key (another key, or the value was changed)")]
    Integrity,
    /// Longer than ChaCha20-Poly1305 seals in one message (256 GiB).
    #[error("a value of {len} bytes is too long to seal")]
    TooLong {
        /// Its length.
        len: usize,
    },
    /// The system has no random source for a nonce.
    #[error("no random source")]
    Random,
}

/// Seals and opens values under the sealing key.
pub(crate) struct Sealer {
    key: LessSafeKey,
    rng: SystemRandom,
}

impl Sealer {
    /// The sealer of the key file's 32 bytes (an HKDF-SHA-256 subkey, apart from the key's other uses).
    pub(crate) fn new(file_key: &[u8; 32], rng: SystemRandom) -> Self {
        let prk = ring::hkdf::Salt::new(ring::hkdf::HKDF_SHA256, SALT).extract(file_key);
        // HKDF-SHA-256 expands up to 8160 bytes; one 32-byte key is always within that.
        #[expect(clippy::expect_used, reason = "32 bytes is within HKDF-SHA-256's 8160-byte limit")]
        let okm = prk.expand(&[INFO], &aead::CHACHA20_POLY1305).expect("HKDF expands 32 bytes");
        Self { key: LessSafeKey::new(UnboundKey::from(okm)), rng }
    }

    /// `plain` sealed, bound to `place`.
    ///
    /// # Errors
    /// [`Error::Random`] without a random source; [`Error::TooLong`] past 256 GiB.
    pub(crate) fn seal(&self, place: &str, plain: &[u8]) -> Result<Vec<u8>, Error> {
        let mut nonce = [0u8; aead::NONCE_LEN];
        self.rng.fill(&mut nonce).map_err(|_| Error::Random)?;
        // Zeroizing: the buffer holds the clear value until it is sealed in place (and if sealing fails).
        let mut buffer = Zeroizing::new(plain.to_vec());
        self.key
            .seal_in_place_append_tag(Nonce::assume_unique_for_key(nonce), Aad::from(place.as_bytes()), &mut *buffer)
            .map_err(|_| Error::TooLong { len: plain.len() })?;
        let mut out = Vec::with_capacity(1 + nonce.len() + buffer.len());
        out.push(VERSION);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&buffer);
        Ok(out)
    }

    /// A value sealed bound to `place`, opened.
    ///
    /// # Errors
    /// [`Error::Malformed`], [`Error::UnsupportedVersion`], or [`Error::Integrity`] (another key, another
    /// place, or changed bytes).
    pub(crate) fn open(&self, place: &str, sealed: &[u8]) -> Result<Zeroizing<Vec<u8>>, Error> {
        let malformed = || Error::Malformed { len: sealed.len() };
        let (version, rest) = sealed.split_first().ok_or_else(malformed)?;
        if *version != VERSION {
            return Err(Error::UnsupportedVersion { version: *version });
        }
        let (nonce, body) = rest.split_at_checked(aead::NONCE_LEN).ok_or_else(malformed)?;
        if body.len() < aead::CHACHA20_POLY1305.tag_len() {
            return Err(malformed());
        }
        let nonce = Nonce::try_assume_unique_for_key(nonce).map_err(|_| malformed())?;
        let mut buffer = Zeroizing::new(body.to_vec());
        let plain_len = self
            .key
            .open_in_place(nonce, Aad::from(place.as_bytes()), &mut buffer)
            .map_err(|_| Error::Integrity)?
            .len();
        buffer.truncate(plain_len);
        Ok(buffer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_value_opens_only_under_its_key_and_in_its_place() {
        let sealer = Sealer::new(&[7; 32], SystemRandom::new());
        let sealed = sealer.seal("totp:1", b"12345678901234567890").unwrap();
        assert_eq!(sealed.len(), 1 + 12 + 20 + 16);
        assert!(!sealed.windows(20).any(|w| w == b"12345678901234567890"), "no clear bytes");
        assert_eq!(sealer.open("totp:1", &sealed).unwrap().as_slice(), b"12345678901234567890");
        assert_ne!(sealer.seal("totp:1", b"12345678901234567890").unwrap(), sealed, "a fresh nonce each time");
        assert_eq!(sealer.open("totp:2", &sealed), Err(Error::Integrity), "another user's place");
        let other = Sealer::new(&[8; 32], SystemRandom::new());
        assert_eq!(other.open("totp:1", &sealed), Err(Error::Integrity), "another key");
        let mut changed = sealed.clone();
        *changed.last_mut().unwrap() ^= 1;
        assert_eq!(sealer.open("totp:1", &changed), Err(Error::Integrity));
        assert_eq!(sealer.open("totp:1", &sealed[..20]), Err(Error::Malformed { len: 20 }));
        assert_eq!(sealer.open("totp:1", &[]), Err(Error::Malformed { len: 0 }));
        let mut future = sealed;
        future[0] = 2;
        assert_eq!(sealer.open("totp:1", &future), Err(Error::UnsupportedVersion { version: 2 }));
    }
}
