//! Bitwarden's JSON export: `{encrypted, items: [{name, login: {username, totp}}]}`. `totp` holds an
//! `otpauth://` link, a bare base32 secret (then the item's name is the issuer and the username the
//! account), or `steam://SECRET`. Items without `totp` are passwords, not authenticator accounts. An item's
//! folder (`folderId` into `folders`) becomes its group, `favorite` its pin, `notes` its note.
//!
//! A password-protected export is `{encrypted: true, passwordProtected: true, salt, kdfType,
//! kdfIterations, kdfMemory, kdfParallelism, encKeyValidation_DO_NOT_EDIT, data}`: the key is
//! PBKDF2-HMAC-SHA256(password, salt) (`kdfType` 0) or argon2id(password, SHA-256(salt); `kdfMemory`
//! MiB, `kdfIterations` passes, `kdfParallelism` lanes) (`kdfType` 1), stretched by HKDF-Expand-SHA256
//! into an encryption key (info `enc`) and a MAC key (info `mac`). `data` and the validation string are
//! Bitwarden "type 2" strings, `2.IV|CIPHERTEXT|MAC` in base64: AES-256-CBC, and HMAC-SHA256 over IV ‖
//! ciphertext. A MAC that does not match the validation string means a wrong password. An export
//! encrypted with the account's own key (no `passwordProtected`) opens only in that Bitwarden account.

use std::collections::HashMap;

use ring::hmac;
use serde::Deserialize;
use zeroize::Zeroizing;

use crate::payload;
use crate::report::{Carried, Entry, Error, Reason, Report, collect_carried};
use crate::unlock::{self, Argon2Costs};
use keyfob_core::text::json_fault;
use keyfob_crypto::Password;
use keyfob_otp::account::Account;
use keyfob_otp::otp::{Method, Period};
use keyfob_otp::secret::OtpSecret;

const FORMAT: &str = "a Bitwarden";

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct File {
    #[serde(default)]
    encrypted: bool,
    #[serde(default)]
    items: Vec<Item>,
    #[serde(default)]
    folders: Vec<Folder>,
    #[serde(default)]
    password_protected: bool,
    salt: Option<String>,
    kdf_type: Option<u8>,
    kdf_iterations: Option<u64>,
    kdf_memory: Option<u64>,
    kdf_parallelism: Option<u64>,
    #[serde(rename = "encKeyValidation_DO_NOT_EDIT")]
    validation: Option<String>,
    data: Option<String>,
}

#[derive(Deserialize)]
struct Folder {
    id: String,
    name: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Item {
    #[serde(default)]
    name: String,
    login: Option<Login>,
    #[serde(default)]
    favorite: bool,
    folder_id: Option<String>,
    notes: Option<String>,
}

#[derive(Deserialize)]
struct Login {
    username: Option<String>,
    totp: Option<String>,
    /// The login's web addresses (and app ids, which are no site).
    #[serde(default)]
    uris: Vec<LoginUri>,
}

#[derive(Deserialize)]
struct LoginUri {
    uri: Option<String>,
}

/// The file is malformed for `reason`: Keyfob's own words (never a parser's, which may quote a secret:
/// see [`json_fault`](keyfob_core::text::json_fault)).
fn malformed(reason: impl Into<String>) -> Error {
    Error::Malformed { format: FORMAT, reason: reason.into() }
}

/// The two keys a password-protected export is sealed with.
struct Keys {
    enc: Zeroizing<[u8; 32]>,
    mac: hmac::Key,
}

impl Keys {
    fn derive(file: &File, password: &Password) -> Result<Self, Error> {
        let salt = file.salt.as_deref().ok_or_else(|| malformed("the salt is missing"))?;
        let rounds = file.kdf_iterations.ok_or_else(|| malformed("kdfIterations is missing"))?;
        let master = match file.kdf_type {
            Some(0) => unlock::pbkdf2(ring::pbkdf2::PBKDF2_HMAC_SHA256, rounds, salt.as_bytes(), password)?,
            Some(1) => {
                let salt = ring::digest::digest(&ring::digest::SHA256, salt.as_bytes());
                let (memory, lanes) = (file.kdf_memory.unwrap_or(64), file.kdf_parallelism.unwrap_or(4));
                let costs = Argon2Costs { m_kib: memory.saturating_mul(1024), t: rounds, p: lanes };
                unlock::argon2id(password, salt.as_ref(), costs)?
            }
            other => return Err(Error::Unsupported(format!("Bitwarden key derivation type {other:?}"))),
        };
        let prk = ring::hkdf::Prk::new_less_safe(ring::hkdf::HKDF_SHA256, master.as_ref());
        let expand = |info: &'static [u8]| -> Result<Zeroizing<[u8; 32]>, Error> {
            let mut key = Zeroizing::new([0u8; 32]);
            let infos = [info];
            let okm = prk.expand(&infos, ring::hkdf::HKDF_SHA256).map_err(|_| malformed("key stretching"))?;
            okm.fill(key.as_mut()).map_err(|_| malformed("key stretching"))?;
            Ok(key)
        };
        let mac = expand(b"mac")?;
        Ok(Self { enc: expand(b"enc")?, mac: hmac::Key::new(hmac::HMAC_SHA256, mac.as_ref()) })
    }

    /// Opens a type 2 string; `None` when its MAC does not match (a wrong password, or a changed file).
    fn open(&self, sealed: &EncString, what: &str) -> Result<Option<Zeroizing<Vec<u8>>>, Error> {
        let EncString { iv, ciphertext, mac } = sealed;
        if hmac::verify(&self.mac, &[iv.as_slice(), ciphertext.as_slice()].concat(), mac).is_err() {
            return Ok(None);
        }
        unlock::aes_cbc_open(self.enc.as_ref(), iv, ciphertext)
            .map(Some)
            .ok_or_else(|| malformed(format!("{what} has bad padding")))
    }
}

/// A Bitwarden "type 2" encrypted string, `2.IV|CIPHERTEXT|MAC`, decoded.
struct EncString {
    iv: Vec<u8>,
    ciphertext: Vec<u8>,
    mac: Vec<u8>,
}

impl EncString {
    fn parse(text: Option<&str>, what: &str) -> Result<Self, Error> {
        let text = text.ok_or_else(|| malformed(format!("{what} is missing")))?;
        let body =
            text.strip_prefix("2.").ok_or_else(|| malformed(format!("{what} is not a type 2 encrypted string")))?;
        let parts: Vec<&str> = body.split('|').collect();
        let [iv, ciphertext, mac] = parts.as_slice() else {
            return Err(malformed(format!("{what} does not have three parts")));
        };
        let decode = |part: &str| unlock::base64(part, what, FORMAT);
        Ok(Self { iv: decode(iv)?, ciphertext: decode(ciphertext)?, mac: decode(mac)? })
    }
}

/// The plain export inside a password-protected one; its layout is checked before the password is asked
/// for.
fn decrypt(file: &File, password: Option<&Password>) -> Result<File, Error> {
    let validation = EncString::parse(file.validation.as_deref(), "the key validation")?;
    let data = EncString::parse(file.data.as_deref(), "the data")?;
    let keys = Keys::derive(file, password.ok_or(Error::PasswordNeeded)?)?;
    keys.open(&validation, "the key validation")?.ok_or(Error::WrongPassword)?;
    let plain =
        keys.open(&data, "the data")?.ok_or_else(|| malformed("the data was changed: its MAC does not match"))?;
    let inner: File = serde_json::from_slice(&plain).map_err(|e| malformed(json_fault(&e)))?;
    if inner.encrypted {
        return Err(malformed("an encrypted export inside an encrypted export"));
    }
    Ok(inner)
}

/// Reads a Bitwarden JSON export, plain or password-protected.
///
/// # Errors
/// [`Error::Malformed`], [`Error::PasswordNeeded`], [`Error::WrongPassword`], [`Error::ExcessiveWork`], or
/// [`Error::Unsupported`] for an export encrypted with the account's own key.
pub fn read(bytes: &[u8], password: Option<&Password>) -> Result<Report, Error> {
    let file: File = serde_json::from_slice(bytes).map_err(|e| malformed(json_fault(&e)))?;
    let file = match (file.encrypted, file.password_protected) {
        (false, _) => file,
        (true, true) => decrypt(&file, password)?,
        (true, false) => {
            return Err(Error::Unsupported(
                "it is encrypted with the Bitwarden account's own key; export it again from Bitwarden as \"password protected\" or unencrypted JSON".into(),
            ));
        }
    };
    let with_codes: Vec<(&Item, &Login, &str)> = file
        .items
        .iter()
        .filter_map(|item| {
            let login = item.login.as_ref()?;
            let totp = login.totp.as_deref().map(str::trim).filter(|t| !t.is_empty())?;
            Some((item, login, totp))
        })
        .collect();
    let folders: HashMap<&str, &str> = file.folders.iter().map(|f| (f.id.as_str(), f.name.as_str())).collect();
    Ok(collect_carried(
        &with_codes,
        |_, (item, _, _)| Entry::named("item", &item.name),
        |(item, login, totp)| {
            let username = login.username.as_deref().unwrap_or_default();
            let account = if totp.contains("://") && !totp.to_ascii_lowercase().starts_with("steam://") {
                payload::first_account(totp)?
            } else {
                bare(&item.name, username, totp)?
            };
            let folder = item.folder_id.as_deref().and_then(|id| folders.get(id)).map(|name| (*name).to_owned());
            Ok((
                account,
                Carried {
                    groups: folder.into_iter().collect(),
                    favourite: item.favorite,
                    note: item.notes.clone(),
                    sites: login.uris.iter().filter_map(|u| u.uri.clone()).collect(),
                    ..Carried::default()
                },
            ))
        },
    ))
}

fn bare(name: &str, username: &str, totp: &str) -> Result<Account, Reason> {
    let (method, secret) = match totp.get(..8) {
        Some(prefix) if prefix.eq_ignore_ascii_case("steam://") => {
            (Method::Steam { period: Period::THIRTY }, totp.get(8..).unwrap_or_default())
        }
        _ => (Method::DEFAULT_TOTP, totp),
    };
    let secret = OtpSecret::from_base32(secret)?;
    Ok(Account::new(Some(name), username, secret, method)?)
}

#[cfg(test)]
mod tests {
    use aes::cipher::{BlockEncryptMut, KeyIvInit, block_padding::Pkcs7};
    use serde_json::{Value, json};

    use super::*;
    use crate::import::{self, Format};
    use keyfob_otp::uri;

    #[test]
    fn reads_links_bare_secrets_and_steam_and_skips_plain_logins() {
        let bytes = serde_json::to_vec(&json!({"encrypted": false, "folders": [], "items": [
            {"type": 1, "name": "GitHub", "login": {"username": "alice", "password": "pw",
             "totp": "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub&digits=8"}},
            {"type": 1, "name": "Payroll", "login": {"username": "bob", "password": "pw", "totp": "gezd gnbv gy3t qojq"}},
            {"type": 1, "name": "Steam", "login": {"username": "gamer", "totp": "steam://KRSXG5CTMVRXEZLU"}},
            {"type": 1, "name": "Mail", "login": {"username": "carol", "password": "pw", "totp": null}},
            {"type": 2, "name": "A note", "secureNote": {"type": 0}},
            {"type": 1, "name": "Broken", "login": {"username": "dan", "totp": "not a secret!"}}
        ]}))
        .unwrap();
        assert_eq!(import::detect(&bytes), Some(Format::Bitwarden));
        let report = import::read(&bytes, None, None).unwrap();
        let links: Vec<String> = crate::report::links(&report);
        assert_eq!(
            links,
            [
                "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub&algorithm=SHA1&digits=8&period=30",
                "otpauth://totp/Payroll:bob?secret=GEZDGNBVGY3TQOJQ&issuer=Payroll&algorithm=SHA1&digits=6&period=30",
                crate::report::canonical::STEAM,
            ]
        );
        assert_eq!(report.problems.len(), 1);
        assert!(
            report.problems[0].to_string().starts_with("item `Broken`: the secret has a character"),
            "{:?}",
            report.problems
        );
    }

    /// A login's web addresses become the account's sites; app ids are no site and pass unsaid; an
    /// address Keyfob would never give codes to is left out, said why.
    #[test]
    fn a_logins_web_addresses_become_its_sites() {
        let bytes = serde_json::to_vec(&json!({"encrypted": false, "folders": [], "items": [
            {"type": 1, "name": "GitHub", "login": {"username": "alice", "totp": "JBSWY3DPEHPK3PXP", "uris": [
                {"match": null, "uri": "https://github.com/login"},
                {"match": null, "uri": "androidapp://com.github.android"},
                {"match": null, "uri": "http://github.example.com/"},
                {"match": null, "uri": "gist.github.com"},
                {"match": null, "uri": null}
            ]}}
        ]}))
        .unwrap();
        let report = import::read(&bytes, None, None).unwrap();
        let sites: Vec<&str> = report.accounts[0].extras.sites().iter().map(keyfob_core::site::Site::as_str).collect();
        assert_eq!(sites, ["github.com"]);
        assert_eq!(
            crate::report::said(&report.left_out),
            [
                "item `GitHub`: its website `http://github.example.com/` was left out: codes are only given to https:// pages (and http:// on this computer)"
            ]
        );
    }

    #[test]
    fn an_export_under_the_accounts_own_key_says_how_to_export_instead() {
        let bytes = serde_json::to_vec(
            &json!({"encrypted": true, "encKeyValidation_DO_NOT_EDIT": "2.a|b|c", "items": [], "folders": []}),
        )
        .unwrap();
        assert!(matches!(read(&bytes, None), Err(Error::Unsupported(_))));
    }

    fn password(text: &str) -> Password {
        Password::new(Zeroizing::new(text.into()))
    }

    /// A password-protected export sealed as Bitwarden seals it, at `kdf` (type and costs).
    fn protected(password: &str, kdf: Value, inner: &Value) -> Vec<u8> {
        let mut file = json!({"encrypted": true, "passwordProtected": true, "salt": "a salt string"});
        file.as_object_mut().unwrap().extend(kdf.as_object().unwrap().clone());
        let parsed: File = serde_json::from_value(file.clone()).unwrap();
        let keys = Keys::derive(&parsed, &self::password(password)).unwrap();
        let seal = |plain: &[u8], iv: [u8; 16]| {
            let ciphertext = cbc::Encryptor::<aes::Aes256>::new_from_slices(keys.enc.as_ref(), &iv)
                .unwrap()
                .encrypt_padded_vec_mut::<Pkcs7>(plain);
            let mac = hmac::sign(&keys.mac, &[&iv[..], &ciphertext].concat());
            let b64 = |b: &[u8]| data_encoding::BASE64.encode(b);
            format!("2.{}|{}|{}", b64(&iv), b64(&ciphertext), b64(mac.as_ref()))
        };
        file["encKeyValidation_DO_NOT_EDIT"] = json!(seal(b"6f1c0b0e-guid", [1; 16]));
        file["data"] = json!(seal(&serde_json::to_vec(inner).unwrap(), [2; 16]));
        serde_json::to_vec(&file).unwrap()
    }

    fn vault() -> Value {
        json!({"encrypted": false, "folders": [{"id": "f1", "name": "Work"}], "items": [
            {"type": 1, "name": "GitHub", "favorite": true, "folderId": "f1", "notes": "recovery 1111",
             "login": {"username": "alice", "totp": "JBSWY3DPEHPK3PXP"}},
            {"type": 1, "name": "Mail", "login": {"username": "carol", "password": "pw"}}
        ]})
    }

    #[test]
    fn reads_password_protected_exports_with_either_key_derivation() {
        for kdf in [
            json!({"kdfType": 0, "kdfIterations": 5000}),
            json!({"kdfType": 1, "kdfIterations": 2, "kdfMemory": 16, "kdfParallelism": 2}),
        ] {
            let bytes = protected("correct horse", kdf.clone(), &vault());
            assert_eq!(import::detect(&bytes), Some(Format::Bitwarden));
            let report = import::read(&bytes, None, Some(&password("correct horse"))).unwrap();
            assert_eq!(report.accounts.len(), 1, "{kdf}");
            let github = &report.accounts[0];
            assert_eq!(uri::to_uri(&github.account).as_str(), crate::report::canonical::GITHUB);
            assert_eq!(
                (github.extras.groups(), github.extras.favourite(), github.extras.note()),
                (&["Work".to_owned()][..], true, Some("recovery 1111"))
            );
            assert_eq!(read(&bytes, Some(&password("correct horse!"))).unwrap_err(), Error::WrongPassword, "{kdf}");
            assert_eq!(read(&bytes, None).unwrap_err(), Error::PasswordNeeded);
        }
    }

    #[test]
    fn changed_or_hostile_protected_exports_are_told_apart_from_a_wrong_password() {
        let bytes = protected("pw", json!({"kdfType": 0, "kdfIterations": 5000}), &vault());
        let mut file: Value = serde_json::from_slice(&bytes).unwrap();
        let data = file["data"].as_str().unwrap().to_owned();
        let mut parts: Vec<String> = data.split('|').map(str::to_owned).collect();
        let mut ciphertext = data_encoding::BASE64.decode(parts[1].as_bytes()).unwrap();
        ciphertext[0] ^= 1;
        parts[1] = data_encoding::BASE64.encode(&ciphertext);
        file["data"] = json!(parts.join("|"));
        let changed = serde_json::to_vec(&file).unwrap();
        assert!(matches!(read(&changed, Some(&password("pw"))), Err(Error::Malformed { .. })));
        for (key, value) in [
            ("kdfIterations", json!(4_000_000_000u64)),
            ("kdfType", json!(9)),
            ("data", json!("2.x")),
            ("encKeyValidation_DO_NOT_EDIT", json!("0.abc|def")),
        ] {
            let mut hostile: Value = serde_json::from_slice(&bytes).unwrap();
            hostile[key] = value;
            let started = std::time::Instant::now();
            let answer = read(&serde_json::to_vec(&hostile).unwrap(), Some(&password("pw")));
            assert!(started.elapsed() < std::time::Duration::from_secs(2), "{key}");
            assert!(
                matches!(answer, Err(Error::Malformed { .. } | Error::ExcessiveWork { .. } | Error::Unsupported(_))),
                "{key}: {answer:?}"
            );
        }
        let mut heavy: Value = serde_json::from_slice(&bytes).unwrap();
        heavy["kdfType"] = json!(1);
        heavy["kdfMemory"] = json!(1_000_000);
        let answer = read(&serde_json::to_vec(&heavy).unwrap(), Some(&password("pw")));
        assert!(matches!(answer, Err(Error::ExcessiveWork { .. })), "{answer:?}");
    }
}
