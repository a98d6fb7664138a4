//! The cryptography every Keyfob file shares, in one place: passwords, 256-bit keys, the argon2id key
//! derivation with its limits, and the sealed box (ChaCha20-Poly1305, `nonce ‖ ciphertext ‖ tag`, with
//! associated data) that holds vault secrets, the wrapped vault key, the automatic backups' key and
//! backups themselves. Each caller chooses only its associated data, which binds a box to its place (a
//! vault, an account id, a header), so a box moved elsewhere does not open.
//!
//! Keyfob's own crate for it, at the bottom of the house: it owns these primitives and their one set of
//! limits, and must not know any format (the vault, backups and imports use it; it uses none of them),
//! read a file, a clock or the environment, or hold a key longer than its caller does.

use std::fmt;

use argon2::{Algorithm as ArgonAlgorithm, Argon2, Params, Version};
use ring::aead::{self, Aad, LessSafeKey, Nonce, UnboundKey};
use ring::rand::SecureRandom;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

/// Length of every Keyfob key in bytes (256 bits).
pub const KEY_LEN: usize = 32;
/// The fewest characters a password Keyfob asks the user to choose may have (vault passphrase, backup and
/// export passwords). Passwords of other apps' exports are taken as they are.
pub const MIN_PASSWORD_CHARS: usize = 8;
/// Length of a sealed box's nonce.
pub const NONCE_LEN: usize = aead::NONCE_LEN;
/// Length of a sealed box's tag.
pub const TAG_LEN: usize = 16;

/// Why a cryptographic operation failed. None of these carries secret material.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The system's random source failed.
    #[error("the system's random number generator failed")]
    Random,
    /// A sealed box did not open: wrong key, other associated data, or changed bytes.
    #[error("the sealed data does not open with this key")]
    Unauthentic,
    /// Key-derivation costs beyond the [`KdfLimits`] that apply: refused before any work.
    #[error("the key derivation asks for {required} units of work (KiB × passes), over Keyfob's limit of {limit}")]
    ExcessiveCost {
        /// The work asked for, in KiB × passes.
        required: u64,
        /// The most allowed.
        limit: u64,
    },
    /// The KDF refused its parameters.
    #[error("the key derivation failed: {0}")]
    Kdf(String),
    /// Text that should hold a key does not (not base64, or not 32 bytes).
    #[error("not a {KEY_LEN}-byte key")]
    NotAKey,
}

/// A password the user typed or gave in a file. A trailing line end (files and pipes add one) is not part
/// of it. Zeroized on drop, redacted in `Debug`.
pub struct Password(Zeroizing<String>);

/// A chosen password shorter than [`MIN_PASSWORD_CHARS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("use a password of at least {MIN_PASSWORD_CHARS} characters")]
pub struct PasswordTooShort;

impl Password {
    /// Wraps a password as given, for opening something (any length: it is someone else's choice).
    pub fn new(text: Zeroizing<String>) -> Self {
        Self(Zeroizing::new(text.trim_end_matches(['\r', '\n']).to_owned()))
    }

    /// Wraps a password the user chooses now, to protect something Keyfob writes.
    ///
    /// # Errors
    /// [`PasswordTooShort`] under [`MIN_PASSWORD_CHARS`] characters (counted as characters, not bytes).
    pub fn choose(text: Zeroizing<String>) -> Result<Self, PasswordTooShort> {
        let password = Self::new(text);
        password.check_strength()?;
        Ok(password)
    }

    /// Whether this password is long enough to protect what Keyfob writes.
    ///
    /// # Errors
    /// [`PasswordTooShort`].
    pub fn check_strength(&self) -> Result<(), PasswordTooShort> {
        if self.0.chars().count() < MIN_PASSWORD_CHARS { Err(PasswordTooShort) } else { Ok(()) }
    }

    /// The password's bytes (UTF-8).
    ///
    /// # Security
    /// Every caller is a place the password leaves this type.
    pub fn expose_secret(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password([redacted])")
    }
}

/// A 256-bit secret key. Zeroized on drop, redacted in `Debug`, not `Clone` (see
/// [`duplicate`](Self::duplicate)).
pub struct Key(Zeroizing<[u8; KEY_LEN]>);

impl Key {
    /// Draws a fresh key.
    ///
    /// # Errors
    /// [`Error::Random`].
    pub fn generate(rng: &dyn SecureRandom) -> Result<Self, Error> {
        let mut key = Zeroizing::new([0u8; KEY_LEN]);
        rng.fill(key.as_mut()).map_err(|_| Error::Random)?;
        Ok(Self(key))
    }

    /// A key from exactly [`KEY_LEN`] bytes.
    ///
    /// # Errors
    /// [`Error::NotAKey`] for any other length.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
        let mut key = Zeroizing::new([0u8; KEY_LEN]);
        if bytes.len() != KEY_LEN {
            return Err(Error::NotAKey);
        }
        key.copy_from_slice(bytes);
        Ok(Self(key))
    }

    /// A key from its base64 text (surrounding whitespace ignored).
    ///
    /// # Errors
    /// [`Error::NotAKey`] when the text is not base64 of [`KEY_LEN`] bytes.
    pub fn from_base64(text: &str) -> Result<Self, Error> {
        let bytes = Zeroizing::new(data_encoding::BASE64.decode(text.trim().as_bytes()).map_err(|_| Error::NotAKey)?);
        Self::from_bytes(&bytes)
    }

    /// The key as one line of base64.
    ///
    /// # Security
    /// The result is the key; it is wiped when dropped.
    pub fn to_base64(&self) -> Zeroizing<String> {
        Zeroizing::new(data_encoding::BASE64.encode(self.0.as_ref()))
    }

    /// An explicit copy, for a process that keeps a key while it runs.
    pub fn duplicate(&self) -> Self {
        Self(self.0.clone())
    }

    /// A key for one purpose, derived from this one with HKDF-SHA-256 (`salt` names the file format,
    /// `info` the purpose): keys for different purposes are independent, so one never serves two.
    pub fn subkey(&self, salt: &[u8], info: &[u8]) -> Self {
        let prk = ring::hkdf::Salt::new(ring::hkdf::HKDF_SHA256, salt).extract(self.0.as_ref());
        let mut key = Zeroizing::new([0u8; KEY_LEN]);
        // HKDF-SHA-256 expands up to 255 × 32 bytes; one 32-byte key is always within that.
        #[expect(clippy::expect_used, reason = "32 bytes is within HKDF-SHA-256's 8160-byte limit")]
        prk.expand(&[info], KeyLen).and_then(|okm| okm.fill(key.as_mut())).expect("HKDF expands 32 bytes");
        Self(key)
    }

    /// The raw key bytes.
    ///
    /// # Security
    /// Every caller is a place the key leaves this type.
    pub fn expose_secret(&self) -> &[u8; KEY_LEN] {
        &self.0
    }

    fn aead(&self) -> LessSafeKey {
        // CHACHA20_POLY1305 takes exactly KEY_LEN bytes, which this type always holds.
        #[expect(clippy::expect_used, reason = "a 32-byte key is always a valid ChaCha20-Poly1305 key")]
        let key = UnboundKey::new(&aead::CHACHA20_POLY1305, self.0.as_ref()).expect("32-byte ChaCha20 key");
        LessSafeKey::new(key)
    }
}

/// HKDF output of [`KEY_LEN`] bytes.
struct KeyLen;

impl ring::hkdf::KeyType for KeyLen {
    fn len(&self) -> usize {
        KEY_LEN
    }
}

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Key([redacted])")
    }
}

/// argon2id cost parameters. Stored beside what they protect, so they can be raised later without
/// breaking old files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfParams {
    /// Memory in KiB.
    pub m_kib: u32,
    /// Passes.
    pub t: u32,
    /// Lanes.
    pub p: u32,
}

/// How much argon2id work a file may ask of Keyfob, checked before any work: a hostile file cannot keep
/// Keyfob busy or take its memory. Every such limit Keyfob keeps is one of the sets here, and
/// [`KdfParams::derive_within`] is the one place they are checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KdfLimits {
    /// The most work, in KiB × passes.
    work: u64,
    /// The most memory, in KiB.
    m_kib: u32,
    /// The most lanes.
    lanes: u32,
}

impl KdfLimits {
    /// A vault's passphrase: up to 1 GiB, ten passes over it, 4 lanes (the most a user could mean).
    pub const VAULT: Self = Self { work: 1024 * 1024 * 10, m_kib: 1024 * 1024, lanes: 4 };
    /// Keyfob's backups: four times the work Keyfob writes ([`KdfParams::DEFAULT`], about a second), at
    /// most 256 MiB and 4 lanes. A backup can come from anywhere; it never needs more.
    pub const BACKUP: Self =
        Self { work: 4 * KdfParams::DEFAULT.m_kib as u64 * KdfParams::DEFAULT.t as u64, m_kib: 256 * 1024, lanes: 4 };
    /// Other apps' exports: 1 GiB at 4 passes, libsodium's "sensitive" setting and the strongest Ente
    /// Auth writes (about 20 seconds here), and 16 lanes, as Bitwarden allows. What they write by default
    /// is far less (Proton Authenticator 19 MiB × 2, Authenticator Pro 64 MiB × 3).
    pub const IMPORT: Self = Self { work: 1024 * 1024 * 4, m_kib: 1024 * 1024, lanes: 16 };
}

impl KdfParams {
    /// OWASP's first recommendation for argon2id: 64 MiB, 3 passes, 1 lane (about a quarter of a second).
    pub const DEFAULT: Self = Self { m_kib: 64 * 1024, t: 3, p: 1 };

    /// Costs as a file gives them (any width), when they are within `limits`.
    ///
    /// # Errors
    /// [`Error::ExcessiveCost`].
    pub fn within(m_kib: u64, t: u64, p: u64, limits: KdfLimits) -> Result<Self, Error> {
        let required = m_kib.saturating_mul(t);
        let fits = required <= limits.work && m_kib <= u64::from(limits.m_kib) && p <= u64::from(limits.lanes);
        match (fits, u32::try_from(m_kib), u32::try_from(t), u32::try_from(p)) {
            (true, Ok(m_kib), Ok(t), Ok(p)) => Ok(Self { m_kib, t, p }),
            _ => Err(Error::ExcessiveCost { required, limit: limits.work }),
        }
    }

    /// The key argon2id derives from `password` and `salt` at these costs, held to a vault passphrase's
    /// limits ([`KdfLimits::VAULT`]).
    ///
    /// # Errors
    /// As [`KdfParams::derive_within`].
    pub fn derive(&self, password: &Password, salt: &[u8]) -> Result<Key, Error> {
        self.derive_within(KdfLimits::VAULT, password, salt)
    }

    /// The key argon2id derives from `password` and `salt` at these costs, once they are found within
    /// `limits`.
    ///
    /// # Errors
    /// [`Error::ExcessiveCost`] past `limits` (before any work), [`Error::Kdf`] for costs argon2 refuses.
    pub fn derive_within(&self, limits: KdfLimits, password: &Password, salt: &[u8]) -> Result<Key, Error> {
        Self::within(self.m_kib.into(), self.t.into(), self.p.into(), limits)?;
        let params = Params::new(self.m_kib, self.t, self.p, Some(KEY_LEN)).map_err(|e| Error::Kdf(e.to_string()))?;
        let mut key = Zeroizing::new([0u8; KEY_LEN]);
        Argon2::new(ArgonAlgorithm::Argon2id, Version::V0x13, params)
            .hash_password_into(password.expose_secret(), salt, key.as_mut())
            .map_err(|e| Error::Kdf(e.to_string()))?;
        Ok(Key(key))
    }
}

/// Sealed bytes: `nonce (12) ‖ ChaCha20-Poly1305 ciphertext ‖ tag (16)`, under a [`Key`] and associated
/// data that must be the same to open them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealedBox(Vec<u8>);

impl SealedBox {
    /// Seals `plain` under `key` with a fresh random nonce, bound to `aad`.
    ///
    /// # Errors
    /// [`Error::Random`].
    pub fn seal(key: &Key, plain: &[u8], aad: &[u8], rng: &dyn SecureRandom) -> Result<Self, Error> {
        let mut nonce = [0u8; NONCE_LEN];
        rng.fill(&mut nonce).map_err(|_| Error::Random)?;
        let mut sealed = Zeroizing::new(plain.to_vec());
        key.aead()
            .seal_in_place_append_tag(Nonce::assume_unique_for_key(nonce), Aad::from(aad), &mut *sealed)
            .map_err(|_| Error::Random)?;
        let mut bytes = Vec::with_capacity(NONCE_LEN + sealed.len());
        bytes.extend_from_slice(&nonce);
        bytes.extend_from_slice(&sealed);
        Ok(Self(bytes))
    }

    /// Sealed bytes as stored (any length: a short or changed box simply does not open).
    pub fn from_bytes(bytes: Vec<u8>) -> Self {
        Self(bytes)
    }

    /// The bytes to store.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The plain bytes, in memory wiped on drop.
    ///
    /// # Errors
    /// [`Error::Unauthentic`]: another key, other associated data, a truncated or changed box.
    pub fn open(&self, key: &Key, aad: &[u8]) -> Result<Zeroizing<Vec<u8>>, Error> {
        let (nonce, sealed) = self.0.split_at_checked(NONCE_LEN).ok_or(Error::Unauthentic)?;
        if sealed.len() < TAG_LEN {
            return Err(Error::Unauthentic);
        }
        let nonce = Nonce::try_assume_unique_for_key(nonce).map_err(|_| Error::Unauthentic)?;
        let mut buffer = Zeroizing::new(sealed.to_vec());
        let plain = key.aead().open_in_place(nonce, Aad::from(aad), &mut buffer).map_err(|_| Error::Unauthentic)?;
        Ok(Zeroizing::new(plain.to_vec()))
    }
}

#[cfg(test)]
mod tests {
    use ring::rand::SystemRandom;

    use super::*;

    #[test]
    fn one_check_holds_every_kdf_to_its_limits_before_any_work() {
        let within = |m: u64, t: u64, p: u64, limits| KdfParams::within(m, t, p, limits);
        let default = KdfParams::DEFAULT;
        // A backup: four times what Keyfob writes, and no more; 256 MiB; 4 lanes.
        let four = within(u64::from(default.m_kib), 4 * u64::from(default.t), 1, KdfLimits::BACKUP);
        assert_eq!(four, Ok(KdfParams { t: 12, ..default }));
        let more = within(u64::from(default.m_kib), 13, 1, KdfLimits::BACKUP);
        assert_eq!(more, Err(Error::ExcessiveCost { required: 64 * 1024 * 13, limit: KdfLimits::BACKUP.work }));
        assert!(within(512 * 1024, 1, 1, KdfLimits::BACKUP).is_err(), "memory is bounded apart from work");
        // Lanes: Bitwarden's 16 for imports only.
        assert!(within(64 * 1024, 3, 16, KdfLimits::IMPORT).is_ok());
        assert!(within(64 * 1024, 3, 17, KdfLimits::IMPORT).is_err());
        assert!(within(64 * 1024, 3, 5, KdfLimits::VAULT).is_err());
        // Numbers a file lies with: past u32, or overflowing the product.
        for (m, t, p) in [(u64::MAX, u64::MAX, 1), (1 << 33, 1, 1), (8, 1, 1 << 40), (8, u64::MAX, 1)] {
            assert!(matches!(within(m, t, p, KdfLimits::IMPORT), Err(Error::ExcessiveCost { .. })), "{m} {t} {p}");
        }
        let password = Password::new(Zeroizing::new("pw".into()));
        let wide = KdfParams { m_kib: 256, t: 1, p: 16 };
        assert!(wide.derive(&password, b"saltsaltsaltsalt").is_err(), "a vault's passphrase has 4 lanes at most");
        assert!(wide.derive_within(KdfLimits::IMPORT, &password, b"saltsaltsaltsalt").is_ok());
    }

    #[test]
    fn a_box_opens_only_with_its_key_and_its_associated_data() {
        let rng = SystemRandom::new();
        let key = Key::generate(&rng).unwrap();
        let sealed = SealedBox::seal(&key, b"secret", b"place 1", &rng).unwrap();
        assert_eq!(sealed.as_bytes().len(), NONCE_LEN + 6 + TAG_LEN);
        assert_eq!(&**sealed.open(&key, b"place 1").unwrap(), b"secret");
        assert_eq!(sealed.open(&key, b"place 2"), Err(Error::Unauthentic));
        assert_eq!(sealed.open(&Key::generate(&rng).unwrap(), b"place 1"), Err(Error::Unauthentic));
        for cut in 0..sealed.as_bytes().len() {
            let truncated = SealedBox::from_bytes(sealed.as_bytes()[..cut].to_vec());
            assert_eq!(truncated.open(&key, b"place 1"), Err(Error::Unauthentic), "cut at {cut}");
        }
        let mut flipped = sealed.as_bytes().to_vec();
        *flipped.last_mut().unwrap() ^= 1;
        assert_eq!(SealedBox::from_bytes(flipped).open(&key, b"place 1"), Err(Error::Unauthentic));
    }

    #[test]
    fn passwords_count_characters_not_bytes_and_drop_the_line_end() {
        let pw = |s: &str| Zeroizing::new(s.to_owned());
        assert_eq!(Password::choose(pw("1234567\n")).unwrap_err(), PasswordTooShort);
        assert!(Password::choose(pw("ééééééé")).is_err(), "7 characters, 14 bytes");
        assert!(Password::choose(pw("éééééééé")).is_ok());
        assert_eq!(Password::new(pw("short\r\n")).expose_secret(), b"short");
        assert_eq!(format!("{:?}", Password::new(pw("hunter22"))), "Password([redacted])");
    }

    #[test]
    fn keys_decode_only_from_32_bytes() {
        let rng = SystemRandom::new();
        let key = Key::generate(&rng).unwrap();
        let again = Key::from_base64(&format!(" {}\n", *key.to_base64())).unwrap();
        assert_eq!(again.expose_secret(), key.expose_secret());
        assert_eq!(Key::from_base64("AAAA").unwrap_err(), Error::NotAKey);
        assert_eq!(Key::from_base64("not base64!").unwrap_err(), Error::NotAKey);
        assert_eq!(format!("{key:?}"), "Key([redacted])");
    }

    #[test]
    fn hostile_costs_are_refused_before_any_work() {
        let password = Password::new(Zeroizing::new("password".into()));
        let huge = KdfParams { m_kib: u32::MAX, t: 1, p: 1 };
        let refused = huge.derive(&password, b"saltsaltsaltsalt").unwrap_err();
        assert!(matches!(refused, Error::ExcessiveCost { .. }), "{refused}");
        let cheap = KdfParams { m_kib: 64, t: 1, p: 1 };
        let a = cheap.derive(&password, b"saltsaltsaltsalt").unwrap();
        let b = cheap.derive(&password, b"saltsaltsaltsalt").unwrap();
        assert_eq!(a.expose_secret(), b.expose_secret());
    }
}
