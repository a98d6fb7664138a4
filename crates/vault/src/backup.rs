//! Keyfob's own encrypted backup: every account, sealed under a key derived from the user's backup
//! password. Specified in `docs/backup-format.md`; a worked example is `vectors/backup-v3.json`.
//!
//! ```text
//! {"format":"keyfob-backup","version":3,
//!  "kdf":{"m_kib":65536,"t":3,"p":1,"salt":"<16 bytes, base64>"},
//!  "check":"<32 bytes, base64>",
//!  "sealed":"<nonce ‖ ChaCha20-Poly1305 ciphertext ‖ tag of the content, base64>"}
//! ```
//!
//! K = argon2id(password, salt) at the stored costs. Two keys are derived from it with HKDF-SHA-256 (salt
//! `keyfob backup v2`): `check` (stored as it is) and `seal`. The associated data is the header (format,
//! version, kdf, check) exactly as written, so a changed cost, salt or version fails like a changed
//! ciphertext does. A password that gives another `check` is wrong; one that gives the same `check`
//! while the box does not open means the file was changed. The content is `{"created": UNIX_SECONDS,
//! "accounts": [canonical otpauth link, or {link, groups, favourite, note}]}`; version 2 (links only) is
//! what is written when no account has groups, a pin or a note, and is read as well. Version 1 files (the box under K itself, nonce and
//! ciphertext apart, no check) are still read; they cannot tell a wrong password from a changed file.

use ring::rand::SecureRandom;
use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use crate::portable::{Extras, Portable};
use keyfob_core::icon::Icon;
use keyfob_crypto::{KdfLimits, KdfParams, Key, Password, SealedBox};
use keyfob_otp::uri;

/// The largest backup file read, in bytes: far beyond any real backup (and the bound of every import
/// file, since a backup is one).
pub const MAX_FILE_BYTES: usize = 64 * 1024 * 1024;
/// The `format` tag.
pub const FORMAT: &str = "keyfob-backup";
/// The version written when some account has groups, a pin or a note, and the newest read.
pub const VERSION: u32 = 3;
/// The version written when no account has any: readable by a Keyfob that knows no version 3.
const VERSION_LINKS_ONLY: u32 = 2;
/// The HKDF salt of a version 2 backup's keys.
const SUBKEY_SALT: &[u8] = b"keyfob backup v2";

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
    /// The password does not open it. (For a version 1 backup: or the file was changed.)
    #[error("wrong password")]
    WrongPassword,
    /// The password is right, but the sealed content was changed after it was written.
    #[error(
        "the password is right, but the backup was changed or damaged after it was written; its content cannot be trusted"
    )]
    Changed,
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

#[derive(Clone, Serialize, Deserialize)]
struct Kdf {
    m_kib: u32,
    t: u32,
    p: u32,
    salt: String,
}

/// A version 2 header: what the associated data is made of.
#[derive(Serialize)]
struct Header<'a> {
    format: &'a str,
    version: u32,
    kdf: &'a Kdf,
    check: &'a str,
}

/// A version 1 header.
#[derive(Serialize)]
struct HeaderV1<'a> {
    format: &'a str,
    version: u32,
    kdf: &'a Kdf,
    nonce: &'a str,
}

/// A backup file of either version, as read.
#[derive(Serialize, Deserialize)]
struct File {
    format: String,
    version: u32,
    kdf: Kdf,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    check: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    sealed: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    nonce: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    ciphertext: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct Content {
    created: u64,
    accounts: Vec<Stored>,
}

/// One account in the content: its canonical link, or (version 3) an object with its groups, pin and
/// note as well. Holds secrets: wiped on drop.
#[derive(Serialize, Deserialize, Zeroize, ZeroizeOnDrop)]
#[serde(untagged)]
enum Stored {
    Link(String),
    Organised {
        link: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        groups: Vec<String>,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        favourite: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
        /// As the vault stores it: `letter` or a Simple Icons name.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        icon: Option<String>,
        /// As the vault stores it: base64 of a PNG.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        picture: Option<String>,
        /// The websites it belongs to.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        sites: Vec<String>,
    },
}

impl Stored {
    fn of(portable: &Portable) -> Self {
        let link = uri::to_uri(&portable.account).to_string();
        let extras = &portable.extras;
        if extras.is_empty() {
            return Self::Link(link);
        }
        let (icon, picture) = extras.icon().to_stored();
        Self::Organised {
            link,
            groups: extras.groups().to_vec(),
            favourite: extras.favourite(),
            note: extras.note().map(str::to_owned),
            icon,
            picture,
            sites: extras.sites().iter().map(|s| s.as_str().to_owned()).collect(),
        }
    }

    fn read(&self) -> Result<Portable, Error> {
        let invalid = |e: &dyn std::fmt::Display| Error::Malformed(format!("an account in it is invalid: {e}"));
        let (link, extras) = match self {
            Self::Link(link) => (link, Extras::default()),
            Self::Organised { link, groups, favourite, note, icon, picture, sites } => {
                let icon = Icon::from_stored(icon.as_deref(), picture.as_deref()).map_err(|e| invalid(&e))?;
                let sites = keyfob_core::site::sites(sites).map_err(|e| invalid(&e))?;
                let extras = Extras::new(groups, *favourite, note.as_deref()).map_err(|e| invalid(&e))?;
                (link, extras.with_icon(icon).with_sites(sites))
            }
        };
        Ok(Portable { account: uri::parse(link).map_err(|e| invalid(&e))?, extras })
    }
}

fn json<T: Serialize>(value: &T) -> Result<Vec<u8>, Error> {
    serde_json::to_vec(value).map_err(|e| Error::Malformed(e.to_string()))
}

/// Length of a backup's salt in bytes.
const SALT_LEN: usize = 16;

/// The key a backup is sealed with, derived from the backup password once. Automatic backups keep it
/// (sealed in the vault) so that each one costs no KDF run and needs no password typed; every backup
/// still gets a fresh random nonce. Zeroized on drop, redacted in `Debug`.
pub struct BackupKey {
    key: Key,
    salt: [u8; SALT_LEN],
    kdf: KdfParams,
}

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
        let key = kdf.derive(password, &salt).map_err(|e| Error::Crypto(e.to_string()))?;
        Ok(Self { key, salt, kdf })
    }

    /// A key from its stored parts (the vault keeps them for automatic backups).
    pub(crate) fn from_parts(key: Key, salt: [u8; SALT_LEN], kdf: KdfParams) -> Self {
        Self { key, salt, kdf }
    }

    /// The key, the salt and the costs, for sealing into the vault.
    pub(crate) fn parts(&self) -> (&Key, &[u8; SALT_LEN], KdfParams) {
        (&self.key, &self.salt, self.kdf)
    }

    fn kdf_record(&self) -> Kdf {
        Kdf { m_kib: self.kdf.m_kib, t: self.kdf.t, p: self.kdf.p, salt: data_encoding::BASE64.encode(&self.salt) }
    }
}

/// The published check of a version 2 key: tells a wrong password from a changed file without revealing
/// anything about the sealing key.
fn check_of(key: &Key) -> String {
    data_encoding::BASE64.encode(key.subkey(SUBKEY_SALT, b"check").expose_secret())
}

/// Seals `accounts` into a backup file's bytes, deriving the key from `password`.
///
/// # Errors
/// [`Error::Crypto`] when randomness or the KDF fails.
pub fn seal(
    accounts: &[Portable],
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
    accounts: &[Portable],
    key: &BackupKey,
    created: u64,
    rng: &dyn SecureRandom,
) -> Result<Vec<u8>, Error> {
    let version = if accounts.iter().all(|a| a.extras.is_empty()) { VERSION_LINKS_ONLY } else { VERSION };
    // `Stored` wipes the links and notes when `content` is dropped.
    let content = Content { created, accounts: accounts.iter().map(Stored::of).collect() };
    let plain = Zeroizing::new(serde_json::to_vec(&content).map_err(|e| Error::Crypto(e.to_string()))?);
    seal_content(&plain, version, key, rng)
}

/// A backup file of `plain` (the content's JSON) as `version`, sealed under `key`.
fn seal_content(plain: &[u8], version: u32, key: &BackupKey, rng: &dyn SecureRandom) -> Result<Vec<u8>, Error> {
    let kdf = key.kdf_record();
    let check = check_of(&key.key);
    let aad = json(&Header { format: FORMAT, version, kdf: &kdf, check: &check })?;
    let sealed = SealedBox::seal(&key.key.subkey(SUBKEY_SALT, b"seal"), plain, &aad, rng)
        .map_err(|e| Error::Crypto(e.to_string()))?;
    let file = File {
        format: FORMAT.to_owned(),
        version,
        kdf,
        check: Some(check),
        sealed: Some(data_encoding::BASE64.encode(sealed.as_bytes())),
        nonce: None,
        ciphertext: None,
    };
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
/// [`Error::Malformed`], [`Error::UnsupportedVersion`], [`Error::ExcessiveWork`], [`Error::WrongPassword`]
/// or [`Error::Changed`].
pub fn open(bytes: &[u8], password: &Password) -> Result<(Vec<Portable>, u64), Error> {
    let content = open_content(bytes, |salt, kdf| {
        kdf.derive_within(KdfLimits::BACKUP, password, salt).map_err(|e| match e {
            keyfob_crypto::Error::ExcessiveCost { required, limit } => Error::ExcessiveWork { required, limit },
            other => Error::Malformed(other.to_string()),
        })
    })?;
    let accounts = content.accounts.iter().map(Stored::read).collect::<Result<Vec<_>, _>>()?;
    Ok((accounts, content.created))
}

/// When a backup sealed under `key` was made, as written inside it (so authenticated): what automatic
/// backups are ordered by. A file not sealed under this key is [`Error::WrongPassword`], however it is
/// named: it is not one of this vault's backups.
///
/// # Errors
/// [`Error::Malformed`], [`Error::UnsupportedVersion`], [`Error::WrongPassword`] or [`Error::Changed`].
pub fn created_with(bytes: &[u8], key: &BackupKey) -> Result<u64, Error> {
    let content = open_content(bytes, |salt, kdf| {
        if salt != key.salt.as_slice() || kdf != key.kdf {
            return Err(Error::WrongPassword);
        }
        Ok(key.key.duplicate())
    })?;
    Ok(content.created)
}

/// A backup's content once opened. Its links hold secrets: each is wiped when dropped.
struct OpenContent {
    created: u64,
    accounts: Vec<Stored>,
}

/// Parses and authenticates a backup of either version, K coming from `key_for(salt, costs)`.
fn open_content(
    bytes: &[u8],
    key_for: impl FnOnce(&[u8], KdfParams) -> Result<Key, Error>,
) -> Result<OpenContent, Error> {
    let file: File = serde_json::from_slice(bytes).map_err(|e| Error::Malformed(keyfob_core::text::json_fault(&e)))?;
    if file.format != FORMAT {
        return Err(Error::Malformed("not a Keyfob backup".into()));
    }
    let decode = |text: Option<&String>, what: &str| {
        let text = text.ok_or_else(|| Error::Malformed(format!("{what} is missing")))?;
        data_encoding::BASE64.decode(text.as_bytes()).map_err(|_| Error::Malformed(format!("{what} is not base64")))
    };
    let salt = decode(Some(&file.kdf.salt), "the salt")?;
    let kdf = KdfParams { m_kib: file.kdf.m_kib, t: file.kdf.t, p: file.kdf.p };
    let plain = match file.version {
        1 => {
            let nonce_text = file.nonce.as_deref().unwrap_or_default();
            let aad = json(&HeaderV1 { format: &file.format, version: 1, kdf: &file.kdf, nonce: nonce_text })?;
            let mut boxed = decode(file.nonce.as_ref(), "the nonce")?;
            if boxed.len() != keyfob_crypto::NONCE_LEN {
                return Err(Error::Malformed("bad nonce".into()));
            }
            boxed.extend_from_slice(&decode(file.ciphertext.as_ref(), "the ciphertext")?);
            let key = key_for(&salt, kdf)?;
            SealedBox::from_bytes(boxed).open(&key, &aad).map_err(|_| Error::WrongPassword)?
        }
        version @ (VERSION_LINKS_ONLY | VERSION) => {
            let check = file.check.as_deref().ok_or_else(|| Error::Malformed("the check is missing".into()))?;
            let aad = json(&Header { format: &file.format, version, kdf: &file.kdf, check })?;
            let boxed = SealedBox::from_bytes(decode(file.sealed.as_ref(), "the sealed content")?);
            let key = key_for(&salt, kdf)?;
            // The check is public (it is in the file): comparing it need not hide timing.
            if check_of(&key) != check {
                return Err(Error::WrongPassword);
            }
            boxed.open(&key.subkey(SUBKEY_SALT, b"seal"), &aad).map_err(|_| Error::Changed)?
        }
        newer => return Err(Error::UnsupportedVersion(newer)),
    };
    let content: Content =
        serde_json::from_slice(&plain).map_err(|e| Error::Malformed(keyfob_core::text::json_fault(&e)))?;
    // Version 2 holds links only; an object in it is not what Keyfob wrote.
    if file.version == VERSION_LINKS_ONLY && content.accounts.iter().any(|a| matches!(a, Stored::Organised { .. })) {
        return Err(Error::Malformed("a version 2 backup holds an account that is not a link".into()));
    }
    Ok(OpenContent { created: content.created, accounts: content.accounts })
}

#[cfg(test)]
mod tests {
    use ring::rand::SystemRandom;
    use serde_json::json;

    use super::*;
    use keyfob_core::icon::{BrandName, Picture};

    const CHEAP: KdfParams = KdfParams { m_kib: 1024, t: 1, p: 1 };

    /// Three accounts; GitHub in two groups, pinned, with a note.
    fn accounts() -> Vec<Portable> {
        let mut accounts: Vec<Portable> = [
            "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub",
            "otpauth://hotp/Bank:bob?secret=GEZDGNBVGY3TQOJQ&counter=7&digits=8&algorithm=SHA512",
            "otpauth://totp/Steam:gamer?secret=KRSXG5CTMVRXEZLU&issuer=Steam",
        ]
        .iter()
        .map(|l| uri::parse(l).unwrap().into())
        .collect();
        accounts[0].extras = Extras::new(&["Work", "Code"], true, Some("recovery: 1111-2222")).unwrap();
        accounts[1].extras = Extras::default()
            .with_icon(Icon::Brand(BrandName::new("github").unwrap()))
            .with_sites(keyfob_core::site::sites(&["github.com", "https://login.example.co.uk/"]).unwrap());
        let png = image::RgbaImage::from_pixel(8, 8, image::Rgba([0, 128, 0, 255]));
        let mut bytes = Vec::new();
        png.write_to(&mut std::io::Cursor::new(&mut bytes), image::ImageFormat::Png).unwrap();
        accounts[2].extras = Extras::default().with_icon(Icon::Picture(Picture::from_image(&bytes).unwrap()));
        accounts
    }

    fn version_of(bytes: &[u8]) -> u64 {
        serde_json::from_slice::<serde_json::Value>(bytes).unwrap()["version"].as_u64().unwrap()
    }

    fn password(text: &str) -> Password {
        Password::new(Zeroizing::new(text.into()))
    }

    #[test]
    fn round_trips_every_field_and_hides_every_secret() {
        let bytes = seal(&accounts(), &password("backup pw"), CHEAP, 1_800_000_000, &SystemRandom::new()).unwrap();
        let text = String::from_utf8(bytes.clone()).unwrap();
        assert!(looks_like(&bytes));
        for secret in ["JBSWY3DP", "GEZDGNBV", "KRSXG5CT", "GitHub", "recovery", "Work"] {
            assert!(!text.contains(secret), "{secret} in the clear");
        }
        assert_eq!(version_of(&bytes), 3);
        let (restored, created) = open(&bytes, &password("backup pw")).unwrap();
        assert_eq!(restored, accounts());
        assert_eq!(restored[0].extras.note(), Some("recovery: 1111-2222"));
        assert_eq!(created, 1_800_000_000);
    }

    #[test]
    fn accounts_without_groups_pins_or_notes_are_written_as_version_2() {
        let plain: Vec<Portable> = accounts().into_iter().map(|p| p.account.into()).collect();
        let bytes = seal(&plain, &password("backup pw"), CHEAP, 5, &SystemRandom::new()).unwrap();
        assert_eq!(version_of(&bytes), 2, "a Keyfob that knows only version 2 can still restore it");
        assert_eq!(open(&bytes, &password("backup pw")).unwrap(), (plain, 5));
    }

    #[test]
    fn groups_and_notes_in_a_backup_follow_the_vaults_rules() {
        let key = BackupKey::derive(&password("pw"), CHEAP, &SystemRandom::new()).unwrap();
        let seal_content = |version: u32, content: serde_json::Value| {
            super::seal_content(&serde_json::to_vec(&content).unwrap(), version, &key, &SystemRandom::new()).unwrap()
        };
        let link = "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub";
        let hostile = [
            json!({"link": link, "groups": ["x".repeat(65)]}),
            json!({"link": link, "groups": ["a\u{202E}b"]}),
            json!({"link": link, "note": "n".repeat(4097)}),
            json!({"link": link, "groups": (0..33).map(|i| i.to_string()).collect::<Vec<_>>()}),
            json!({"groups": ["Work"]}),
            json!(7),
            json!({"link": link, "icon": "GitHub!"}),
            json!({"link": link, "picture": "bm90IGEgcG5n"}),
            json!({"link": link, "icon": "github", "picture": "bm90IGEgcG5n"}),
        ];
        for account in hostile {
            let bytes = seal_content(3, json!({"created": 1, "accounts": [account]}));
            assert!(matches!(open(&bytes, &password("pw")), Err(Error::Malformed(_))), "{account}");
        }
        let organised = seal_content(2, json!({"created": 1, "accounts": [{"link": link, "favourite": true}]}));
        assert!(matches!(open(&organised, &password("pw")), Err(Error::Malformed(_))), "version 2 holds links only");
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
        let newer = text.replace("\"version\": 3", "\"version\": 4");
        assert_eq!(open(newer.as_bytes(), &password("backup pw")).unwrap_err(), Error::UnsupportedVersion(4));
        let older = text.replace("\"version\": 3", "\"version\": 2");
        assert_eq!(
            open(older.as_bytes(), &password("backup pw")).unwrap_err(),
            Error::Changed,
            "the version is authenticated"
        );
        // The password is right but the sealed content changed: said so, not "wrong password".
        let file: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        let mut sealed = data_encoding::BASE64.decode(file["sealed"].as_str().unwrap().as_bytes()).unwrap();
        sealed[20] ^= 1;
        let changed = text.replace(file["sealed"].as_str().unwrap(), &data_encoding::BASE64.encode(&sealed));
        assert_eq!(open(changed.as_bytes(), &password("backup pw")).unwrap_err(), Error::Changed);
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
