//! Opening other apps' password-protected exports: their key derivations, held to limits checked before
//! any work (a hostile file cannot keep Keyfob busy or take its memory), and their ciphers.

use std::num::NonZeroU32;

use aes::cipher::{BlockDecryptMut, KeyIvInit, block_padding::Pkcs7};
use keyfob_crypto::{KdfLimits, KdfParams};
use ring::aead::{AES_256_GCM, Aad, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};
use zeroize::Zeroizing;

use crate::report::Error;
use keyfob_crypto::Password;

/// The most PBKDF2 rounds an import may ask for: Bitwarden allows up to two million.
pub const MAX_PBKDF2_ROUNDS: u32 = 2_000_000;

/// A 32-byte key, wiped on drop.
pub(crate) type Key = Zeroizing<[u8; 32]>;

/// argon2id costs as a file gives them.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Argon2Costs {
    /// Memory in KiB.
    pub m_kib: u64,
    /// Passes.
    pub t: u64,
    /// Lanes.
    pub p: u64,
}

/// The key argon2id derives, or [`Error::ExcessiveWork`] (before any work) for costs past what an import
/// may ask ([`KdfLimits::IMPORT`]).
pub(crate) fn argon2id(password: &Password, salt: &[u8], costs: Argon2Costs) -> Result<Key, Error> {
    let refused = |error: keyfob_crypto::Error| match error {
        keyfob_crypto::Error::ExcessiveCost { required, limit } => Error::ExcessiveWork { required, limit },
        other => {
            Error::Unsupported(format!("argon2id costs m={} KiB, t={}, p={}: {other}", costs.m_kib, costs.t, costs.p))
        }
    };
    let kdf = KdfParams::within(costs.m_kib, costs.t, costs.p, KdfLimits::IMPORT).map_err(refused)?;
    let key = kdf.derive_within(KdfLimits::IMPORT, password, salt).map_err(refused)?;
    Ok(Zeroizing::new(*key.expose_secret()))
}

/// The key PBKDF2 derives with `algorithm` over `rounds`, or [`Error::ExcessiveWork`] past
/// [`MAX_PBKDF2_ROUNDS`] (before any work).
pub(crate) fn pbkdf2(
    algorithm: ring::pbkdf2::Algorithm,
    rounds: u64,
    salt: &[u8],
    password: &Password,
) -> Result<Key, Error> {
    let limit = u64::from(MAX_PBKDF2_ROUNDS);
    let rounds = u32::try_from(rounds)
        .ok()
        .filter(|r| *r <= MAX_PBKDF2_ROUNDS)
        .and_then(NonZeroU32::new)
        .ok_or(Error::ExcessiveWork { required: rounds, limit })?;
    let mut key = Zeroizing::new([0u8; 32]);
    ring::pbkdf2::derive(algorithm, rounds, salt, password.expose_secret(), key.as_mut());
    Ok(key)
}

/// AES-256-GCM: `sealed` is the ciphertext with its 16-byte tag appended. `None` when it does not open
/// (a wrong key, or changed bytes: GCM cannot tell them apart).
pub(crate) fn aes_gcm_open(key: &[u8], nonce: &[u8], aad: &[u8], sealed: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    let key = LessSafeKey::new(UnboundKey::new(&AES_256_GCM, key).ok()?);
    let nonce = Nonce::try_assume_unique_for_key(nonce.get(..NONCE_LEN).filter(|_| nonce.len() == NONCE_LEN)?).ok()?;
    let mut buffer = Zeroizing::new(sealed.to_vec());
    let plain = key.open_in_place(nonce, Aad::from(aad), &mut buffer).ok()?.len();
    buffer.truncate(plain);
    Some(buffer)
}

/// AES-256-CBC with PKCS#7 padding. `None` when the padding is wrong (the caller's MAC or the format's
/// structure says why).
pub(crate) fn aes_cbc_open(key: &[u8], iv: &[u8], ciphertext: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    let decryptor = cbc::Decryptor::<aes::Aes256>::new_from_slices(key, iv).ok()?;
    decryptor.decrypt_padded_vec_mut::<Pkcs7>(ciphertext).ok().map(Zeroizing::new)
}

/// Base64 (standard alphabet, padded) or [`Error::Malformed`] naming `what`.
pub(crate) fn base64(text: &str, what: &str, format: &'static str) -> Result<Vec<u8>, Error> {
    data_encoding::BASE64
        .decode(text.trim().as_bytes())
        .map_err(|_| Error::Malformed { format, reason: format!("{what} is not base64") })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn password() -> Password {
        Password::new(Zeroizing::new("pw".into()))
    }

    #[test]
    fn costs_past_the_limits_are_refused_before_any_work() {
        let started = std::time::Instant::now();
        for costs in [
            Argon2Costs { m_kib: u64::MAX, t: 1, p: 1 },
            Argon2Costs { m_kib: 2 * 1024 * 1024, t: 1, p: 1 },
            Argon2Costs { m_kib: 1024 * 1024, t: 5, p: 1 },
            Argon2Costs { m_kib: 64, t: u64::MAX, p: 1 },
            Argon2Costs { m_kib: 1024, t: 1, p: 17 },
        ] {
            assert!(
                matches!(argon2id(&password(), b"saltsaltsalt", costs), Err(Error::ExcessiveWork { .. })),
                "{costs:?}"
            );
        }
        for rounds in [0, u64::from(MAX_PBKDF2_ROUNDS) + 1, u64::MAX] {
            assert!(matches!(
                pbkdf2(ring::pbkdf2::PBKDF2_HMAC_SHA256, rounds, b"salt", &password()),
                Err(Error::ExcessiveWork { .. })
            ));
        }
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
        // Costs argon2 itself refuses (too little memory for the lanes) are unsupported, not a crash.
        let refused = argon2id(&password(), b"saltsaltsalt", Argon2Costs { m_kib: 1, t: 1, p: 4 });
        assert!(matches!(refused, Err(Error::Unsupported(_))), "{refused:?}");
    }

    #[test]
    fn ciphers_refuse_wrong_sizes_without_panicking() {
        assert!(aes_gcm_open(&[0; 31], &[0; 12], b"", &[0; 16]).is_none());
        assert!(aes_gcm_open(&[0; 32], &[0; 11], b"", &[0; 16]).is_none());
        assert!(aes_gcm_open(&[0; 32], &[0; 12], b"", &[0; 3]).is_none());
        assert!(aes_cbc_open(&[0; 32], &[0; 15], &[0; 16]).is_none());
        assert!(aes_cbc_open(&[0; 32], &[0; 16], &[0; 15]).is_none());
        assert!(aes_cbc_open(&[0; 32], &[0; 16], &[]).is_none());
    }
}
