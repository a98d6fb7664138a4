//! Keyfob's own encrypted backup: every account, sealed under a key derived from the user's backup
//! password. Specified in `docs/backup-format.md`.
//!
//! ```text
//! {"format":"keyfob-backup","version":1,
//!  "kdf":{"m_kib":65536,"t":3,"p":1,"salt":"<16 bytes, base64>"},
//!  "nonce":"<12 bytes, base64>",
//!  "ciphertext":"<ChaCha20-Poly1305 of the content, base64>"}
//! ```
//!
//! The key is argon2id(password, salt) with the stored costs. The associated data is the header (format,
//! version, kdf, nonce) exactly as written, so a changed cost, salt or version fails authentication like a
//! changed ciphertext does. The content is `{"created": UNIX_SECONDS, "accounts": [canonical otpauth links]}`.

use ring::aead::{self, Aad, Nonce};
use ring::rand::SecureRandom;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::account::Account;
use crate::import::Password;
use crate::uri;
use crate::vault::{KEY_LEN, KdfParams, aead_key, derive_key, key_from_password};

/// The `format` tag.
pub const FORMAT: &str = "keyfob-backup";
/// The version written, and the newest read.
pub const VERSION: u32 = 1;

/// Why a backup could not be made or read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Not JSON, truncated, or a field missing.
    #[error("the backup is damaged or truncated ({0})")]
    Malformed(String),
    /// Written by a newer Keyfob.
    #[error("the backup was written by a newer Keyfob (version {0}); upgrade Keyfob to restore it")]
    UnsupportedVersion(u32),
    /// The password does not open it (or the file was changed).
    #[error("wrong password (or the backup was changed after it was written)")]
    WrongPassword,
    /// The system's random source or the KDF failed.
    #[error("the backup could not be sealed: {0}")]
    Crypto(String),
    /// Its key-derivation costs are far beyond what Keyfob writes: refused before any work, so a hostile
    /// file cannot take gigabytes and minutes. Not a wrong password.
    #[error(
        "opening the backup would take {required} units of key-derivation work (KiB × passes), over Keyfob's limit of {limit}; it was not written by Keyfob's defaults"
    )]
    ExcessiveWork {
        /// What the file asks for: argon2id memory in KiB × passes.
        required: u64,
        /// The most Keyfob does.
        limit: u64,
    },
}

/// The most argon2id work a backup may ask for, in KiB × passes: four times what Keyfob writes
/// ([`KdfParams::DEFAULT`]: 64 MiB, 3 passes), about a second. Memory is bounded separately.
pub const MAX_KDF_WORK: u64 = 4 * KdfParams::DEFAULT.m_kib as u64 * KdfParams::DEFAULT.t as u64;
/// The most argon2id memory a backup may ask for, in KiB: 256 MiB.
pub const MAX_KDF_KIB: u32 = 256 * 1024;

#[derive(Serialize, Deserialize)]
struct Kdf {
    m_kib: u32,
    t: u32,
    p: u32,
    salt: String,
}

#[derive(Serialize, Deserialize)]
struct Header {
    format: String,
    version: u32,
    kdf: Kdf,
    nonce: String,
}

#[derive(Serialize, Deserialize)]
struct File {
    #[serde(flatten)]
    header: Header,
    ciphertext: String,
}

#[derive(Serialize, Deserialize)]
struct Content {
    created: u64,
    accounts: Vec<String>,
}

fn aad(header: &Header) -> Result<Vec<u8>, Error> {
    serde_json::to_vec(header).map_err(|e| Error::Malformed(e.to_string()))
}

/// The key a backup is sealed with, derived from the backup password once. Automatic backups keep it
/// (sealed in the vault) so that each one costs no KDF run and needs no password typed; every backup
/// still gets a fresh random nonce. Zeroized on drop, redacted in `Debug`.
pub struct BackupKey {
    key: Zeroizing<[u8; KEY_LEN]>,
    salt: [u8; SALT_LEN],
    kdf: KdfParams,
}

/// Length of a backup's salt in bytes.
const SALT_LEN: usize = 16;

impl std::fmt::Debug for BackupKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BackupKey").field("kdf", &self.kdf).finish_non_exhaustive()
    }
}

impl BackupKey {
    /// Derives a key from `password` with a fresh salt, at the `kdf` costs (a quarter of a second at
    /// [`KdfParams::DEFAULT`]).
    ///
    /// # Errors
    /// [`Error::Crypto`] when randomness or the KDF fails.
    pub fn derive(password: &Password, kdf: KdfParams, rng: &dyn SecureRandom) -> Result<Self, Error> {
        let mut salt = [0u8; SALT_LEN];
        rng.fill(&mut salt).map_err(|_| Error::Crypto("random".into()))?;
        let key = derive_key(password.expose_secret(), &salt, kdf).map_err(|e| Error::Crypto(e.to_string()))?;
        Ok(Self { key, salt, kdf })
    }

    /// A key from its stored parts (the vault keeps them for automatic backups).
    pub(crate) fn from_parts(key: Zeroizing<[u8; KEY_LEN]>, salt: [u8; SALT_LEN], kdf: KdfParams) -> Self {
        Self { key, salt, kdf }
    }

    /// The raw key, the salt and the costs, for sealing into the vault.
    pub(crate) fn parts(&self) -> (&[u8; KEY_LEN], &[u8; SALT_LEN], KdfParams) {
        (&self.key, &self.salt, self.kdf)
    }
}

/// Seals `accounts` into a backup file's bytes, deriving the key from `password`.
///
/// # Errors
/// [`Error::Crypto`] when randomness or the KDF fails.
pub fn seal(
    accounts: &[Account],
    password: &Password,
    kdf: KdfParams,
    created: u64,
    rng: &dyn SecureRandom,
) -> Result<Vec<u8>, Error> {
    seal_with(accounts, &BackupKey::derive(password, kdf, rng)?, created, rng)
}

/// Seals `accounts` into a backup file's bytes under a key derived earlier. The file is the same as
/// [`seal`]'s: it opens with the password alone.
///
/// # Errors
/// [`Error::Crypto`] when randomness fails.
pub fn seal_with(
    accounts: &[Account],
    key: &BackupKey,
    created: u64,
    rng: &dyn SecureRandom,
) -> Result<Vec<u8>, Error> {
    let mut nonce = [0u8; aead::NONCE_LEN];
    rng.fill(&mut nonce).map_err(|_| Error::Crypto("random".into()))?;
    let header = Header {
        format: FORMAT.to_owned(),
        version: VERSION,
        kdf: Kdf { m_kib: key.kdf.m_kib, t: key.kdf.t, p: key.kdf.p, salt: data_encoding::BASE64.encode(&key.salt) },
        nonce: data_encoding::BASE64.encode(&nonce),
    };
    let content = Content { created, accounts: accounts.iter().map(|a| uri::to_uri(a).to_string()).collect() };
    let mut plain = Zeroizing::new(serde_json::to_vec(&content).map_err(|e| Error::Crypto(e.to_string()))?);
    // The links in `content` hold secrets; wipe them now that they are serialised.
    drop(Zeroizing::new(content.accounts));
    let aead = aead_key(&key.key).map_err(|e| Error::Crypto(e.to_string()))?;
    aead.seal_in_place_append_tag(Nonce::assume_unique_for_key(nonce), Aad::from(aad(&header)?), &mut *plain)
        .map_err(|_| Error::Crypto("sealing".into()))?;
    let file = File { header, ciphertext: data_encoding::BASE64.encode(&plain) };
    let mut bytes = serde_json::to_vec_pretty(&file).map_err(|e| Error::Crypto(e.to_string()))?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// Whether `bytes` look like a Keyfob backup (for format detection).
pub fn looks_like(bytes: &[u8]) -> bool {
    std::str::from_utf8(bytes).is_ok_and(|t| {
        t.contains(&format!("\"format\": \"{FORMAT}\"")) || t.contains(&format!("\"format\":\"{FORMAT}\""))
    })
}

/// Opens a backup: the accounts in it, and when it was made.
///
/// # Errors
/// [`Error::Malformed`], [`Error::UnsupportedVersion`] or [`Error::WrongPassword`].
pub fn open(bytes: &[u8], password: &Password) -> Result<(Vec<Account>, u64), Error> {
    let content = open_content(bytes, |salt, kdf| {
        let required = u64::from(kdf.m_kib).saturating_mul(u64::from(kdf.t));
        if required > MAX_KDF_WORK || kdf.m_kib > MAX_KDF_KIB || kdf.p > 4 {
            return Err(Error::ExcessiveWork { required, limit: MAX_KDF_WORK });
        }
        key_from_password(password.expose_secret(), salt, kdf).map_err(|e| Error::Malformed(e.to_string()))
    })?;
    let accounts = content
        .accounts
        .iter()
        .map(|link| uri::parse(link).map_err(|e| Error::Malformed(format!("an account in it is invalid: {e}"))))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((accounts, content.created))
}

/// When a backup sealed under `key` was made, as written inside it (so authenticated): what automatic
/// backups are ordered by. A file not sealed under this key is [`Error::WrongPassword`], however it is
/// named: it is not one of this vault's backups.
///
/// # Errors
/// [`Error::Malformed`], [`Error::UnsupportedVersion`] or [`Error::WrongPassword`].
pub fn created_with(bytes: &[u8], key: &BackupKey) -> Result<u64, Error> {
    let content = open_content(bytes, |salt, kdf| {
        if salt != key.salt.as_slice() || kdf != key.kdf {
            return Err(Error::WrongPassword);
        }
        aead_key(&key.key).map_err(|e| Error::Crypto(e.to_string()))
    })?;
    Ok(content.created)
}

/// A backup's content once opened. Its links hold secrets: `Zeroizing` wipes every one when dropped.
struct OpenContent {
    created: u64,
    accounts: Zeroizing<Vec<String>>,
}

/// Parses and authenticates a backup, the key coming from `key_for(salt, costs)`.
fn open_content(
    bytes: &[u8],
    key_for: impl FnOnce(&[u8], KdfParams) -> Result<ring::aead::LessSafeKey, Error>,
) -> Result<OpenContent, Error> {
    let file: File = serde_json::from_slice(bytes).map_err(|e| Error::Malformed(e.to_string()))?;
    if file.header.format != FORMAT {
        return Err(Error::Malformed("not a Keyfob backup".into()));
    }
    if file.header.version != VERSION {
        return Err(Error::UnsupportedVersion(file.header.version));
    }
    let decode = |text: &str, what: &str| {
        data_encoding::BASE64.decode(text.as_bytes()).map_err(|_| Error::Malformed(format!("{what} is not base64")))
    };
    let salt = decode(&file.header.kdf.salt, "the salt")?;
    let nonce = decode(&file.header.nonce, "the nonce")?;
    let mut sealed = Zeroizing::new(decode(&file.ciphertext, "the ciphertext")?);
    let kdf = KdfParams { m_kib: file.header.kdf.m_kib, t: file.header.kdf.t, p: file.header.kdf.p };
    let key = key_for(&salt, kdf)?;
    let nonce = Nonce::try_assume_unique_for_key(&nonce).map_err(|_| Error::Malformed("bad nonce".into()))?;
    let plain =
        key.open_in_place(nonce, Aad::from(aad(&file.header)?), &mut sealed).map_err(|_| Error::WrongPassword)?;
    let content: Content = serde_json::from_slice(plain).map_err(|e| Error::Malformed(e.to_string()))?;
    Ok(OpenContent { created: content.created, accounts: Zeroizing::new(content.accounts) })
}

#[cfg(test)]
mod tests {
    use ring::rand::SystemRandom;

    use super::*;

    const CHEAP: KdfParams = KdfParams { m_kib: 1024, t: 1, p: 1 };

    fn accounts() -> Vec<Account> {
        [
            "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub",
            "otpauth://hotp/Bank:bob?secret=GEZDGNBVGY3TQOJQ&counter=7&digits=8&algorithm=SHA512",
            "otpauth://totp/Steam:gamer?secret=KRSXG5CTMVRXEZLU&issuer=Steam",
        ]
        .iter()
        .map(|l| uri::parse(l).unwrap())
        .collect()
    }

    fn password(text: &str) -> Password {
        Password::new(Zeroizing::new(text.into()))
    }

    #[test]
    fn round_trips_every_field_and_hides_every_secret() {
        let bytes = seal(&accounts(), &password("backup pw"), CHEAP, 1_800_000_000, &SystemRandom::new()).unwrap();
        let text = String::from_utf8(bytes.clone()).unwrap();
        assert!(looks_like(&bytes));
        for secret in ["JBSWY3DP", "GEZDGNBV", "KRSXG5CT", "GitHub"] {
            assert!(!text.contains(secret), "{secret} in the clear");
        }
        let (restored, created) = open(&bytes, &password("backup pw")).unwrap();
        assert_eq!(restored, accounts());
        assert_eq!(created, 1_800_000_000);
    }

    #[test]
    fn backups_under_one_derived_key_open_with_the_password_and_differ_in_nonce() {
        let rng = SystemRandom::new();
        let key = BackupKey::derive(&password("auto pw"), CHEAP, &rng).unwrap();
        let first = seal_with(&accounts(), &key, 1, &rng).unwrap();
        let mut one = accounts();
        one.truncate(1);
        let second = seal_with(&one, &key, 2, &rng).unwrap();
        assert_ne!(first, second);
        assert_eq!(open(&first, &password("auto pw")).unwrap(), (accounts(), 1));
        assert_eq!(open(&second, &password("auto pw")).unwrap(), (one, 2));
        assert_eq!(open(&second, &password("other")).unwrap_err(), Error::WrongPassword);
        assert!(!format!("{key:?}").contains(&format!("{:?}", key.parts().0)));
    }

    #[test]
    fn a_wrong_password_a_changed_header_and_damage_are_told_apart() {
        let bytes = seal(&accounts(), &password("backup pw"), CHEAP, 0, &SystemRandom::new()).unwrap();
        assert_eq!(open(&bytes, &password("other pw")).unwrap_err(), Error::WrongPassword);
        let text = String::from_utf8(bytes.clone()).unwrap();
        let cheaper = text.replace("\"t\": 1", "\"t\": 2");
        assert_eq!(
            open(cheaper.as_bytes(), &password("backup pw")).unwrap_err(),
            Error::WrongPassword,
            "header is authenticated"
        );
        let newer = text.replace("\"version\": 1", "\"version\": 2");
        assert_eq!(open(newer.as_bytes(), &password("backup pw")).unwrap_err(), Error::UnsupportedVersion(2));
        assert!(matches!(open(&bytes[..bytes.len() / 2], &password("backup pw")), Err(Error::Malformed(_))));
        // Costs a hostile file might ask for: refused before the KDF runs, apart from a wrong password.
        for (from, to) in [("\"m_kib\": 1024", "\"m_kib\": 4000000000"), ("\"t\": 1", "\"t\": 4000000000")] {
            let hostile = text.replace(from, to);
            let started = std::time::Instant::now();
            assert!(matches!(open(hostile.as_bytes(), &password("backup pw")), Err(Error::ExcessiveWork { .. })));
            assert!(started.elapsed() < std::time::Duration::from_secs(1), "no KDF ran");
        }
        let heavier = text.replace("\"m_kib\": 1024", "\"m_kib\": 262145");
        assert!(matches!(open(heavier.as_bytes(), &password("backup pw")), Err(Error::ExcessiveWork { .. })));
    }
}
