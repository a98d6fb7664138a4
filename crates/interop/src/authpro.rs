//! Authenticator Pro (and its successor Stratum) backups, as its `doc/BACKUP_FORMAT.md` describes:
//! JSON `{Authenticators: [{Type, Issuer, Username, Secret, Algorithm, Digits, Period, Counter}],
//! Categories: [{Id, Name}], AuthenticatorCategories: [{CategoryId, AuthenticatorSecret}]}`; `Type` 1 HOTP,
//! 2 TOTP, 3 mOTP, 4 Steam, 5 Yandex; `Algorithm` 0 SHA-1, 1 SHA-256, 2 SHA-512. Categories become groups.
//!
//! Encrypted backups are the JSON behind a 16-byte header: `AUTHENTICATORPRO`, then a 16-byte salt, a
//! 12-byte IV and AES-256-GCM ciphertext with its tag, the key argon2id(password, salt; 64 MiB, 3 passes,
//! 4 lanes); or, from versions before 2023, `AuthenticatorPro`, a 20-byte salt, a 16-byte IV and
//! AES-256-CBC with PKCS#7 padding, the key PBKDF2-HMAC-SHA1 over 64,000 rounds.

use std::collections::HashMap;

use serde::Deserialize;
use zeroize::Zeroizing;

use crate::report::{Carried, Entry, Error, Report, collect_carried};
use crate::unlock::{self, Argon2Costs};
use keyfob_core::text::json_fault;
use keyfob_crypto::Password;
use keyfob_otp::account::Fields;
use keyfob_vault::organise::MAX_GROUPS;

const FORMAT: &str = "an Authenticator Pro";
/// The header of an encrypted backup.
pub(crate) const HEADER: &[u8; 16] = b"AUTHENTICATORPRO";
/// The header of an encrypted backup from before 2023.
pub(crate) const LEGACY_HEADER: &[u8; 16] = b"AuthenticatorPro";
/// argon2id costs of [`HEADER`] backups.
const COSTS: Argon2Costs = Argon2Costs { m_kib: 65_536, t: 3, p: 4 };
/// PBKDF2 rounds of [`LEGACY_HEADER`] backups.
const LEGACY_ROUNDS: u64 = 64_000;

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct File {
    authenticators: Vec<Authenticator>,
    #[serde(default)]
    categories: Vec<Category>,
    #[serde(default)]
    authenticator_categories: Vec<Binding>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Authenticator {
    r#type: u8,
    #[serde(default)]
    issuer: String,
    #[serde(default)]
    username: Option<String>,
    secret: String,
    #[serde(default)]
    algorithm: u8,
    digits: Option<u8>,
    period: Option<u32>,
    counter: Option<u64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Category {
    id: String,
    name: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Binding {
    category_id: String,
    authenticator_secret: String,
}

/// The file is malformed for `reason`: Keyfob's own words (never a parser's, which may quote a secret:
/// see [`json_fault`](keyfob_core::text::json_fault)).
fn malformed(reason: impl Into<String>) -> Error {
    Error::Malformed { format: FORMAT, reason: reason.into() }
}

/// The JSON of an encrypted backup; its layout is checked before the password is asked for.
fn decrypt(bytes: &[u8], password: Option<&Password>) -> Result<Zeroizing<Vec<u8>>, Error> {
    let (header, rest) = bytes.split_at_checked(16).ok_or_else(|| malformed("the file is too short"))?;
    let current = header == HEADER;
    let (salt, rest) =
        rest.split_at_checked(if current { 16 } else { 20 }).ok_or_else(|| malformed("the salt is cut short"))?;
    let (iv, sealed) =
        rest.split_at_checked(if current { 12 } else { 16 }).ok_or_else(|| malformed("the IV is cut short"))?;
    let password = password.ok_or(Error::PasswordNeeded)?;
    if current {
        let key = unlock::argon2id(password, salt, COSTS)?;
        return unlock::aes_gcm_open(key.as_ref(), iv, b"", sealed).ok_or(Error::WrongPassword);
    }
    let key = unlock::pbkdf2(ring::pbkdf2::PBKDF2_HMAC_SHA1, LEGACY_ROUNDS, salt, password)?;
    // CBC has no tag: a wrong key shows as bad padding, or as bytes that are not JSON.
    let plain = unlock::aes_cbc_open(key.as_ref(), iv, sealed).ok_or(Error::WrongPassword)?;
    if plain.first() != Some(&b'{') {
        return Err(Error::WrongPassword);
    }
    Ok(plain)
}

/// Whether `bytes` are an encrypted Authenticator Pro backup.
pub(crate) fn is_encrypted(bytes: &[u8]) -> bool {
    bytes.starts_with(HEADER) || bytes.starts_with(LEGACY_HEADER)
}

/// Reads an Authenticator Pro backup, plain or encrypted.
///
/// # Errors
/// [`Error::Malformed`], [`Error::PasswordNeeded`], [`Error::WrongPassword`], or [`Error::ExcessiveWork`].
pub fn read(bytes: &[u8], password: Option<&Password>) -> Result<Report, Error> {
    let plain;
    let json = if is_encrypted(bytes) {
        plain = decrypt(bytes, password)?;
        plain.as_slice()
    } else {
        bytes
    };
    let file: File = serde_json::from_slice(json).map_err(|e| malformed(json_fault(&e)))?;
    let names: HashMap<&str, &str> = file.categories.iter().map(|c| (c.id.as_str(), c.name.as_str())).collect();
    let mut groups: HashMap<&str, Vec<String>> = HashMap::new();
    for binding in &file.authenticator_categories {
        let Some(name) = names.get(binding.category_id.as_str()) else { continue };
        let list = groups.entry(binding.authenticator_secret.as_str()).or_default();
        // Bounded: a file binding one secret to thousands of categories costs no more than this.
        if list.len() < 4 * MAX_GROUPS && !list.iter().any(|g| g == name) {
            list.push((*name).to_owned());
        }
    }
    Ok(collect_carried(
        &file.authenticators,
        |position, entry| Entry::numbered("authenticator", position, &entry.issuer),
        |entry| {
            let kind = match entry.r#type {
                1 => "hotp",
                2 => "totp",
                3 => "motp",
                4 => "steam",
                5 => "yandex",
                _ => "unknown",
            };
            let algorithm = match entry.algorithm {
                0 => "SHA1",
                1 => "SHA256",
                2 => "SHA512",
                _ => "unknown",
            };
            let account = Fields {
                kind,
                algorithm: Some(algorithm),
                digits: if kind == "steam" { None } else { entry.digits },
                period: entry.period,
                counter: entry.counter,
                secret: &entry.secret,
                issuer: Some(entry.issuer.as_str()),
                name: entry.username.as_deref().unwrap_or_default(),
            }
            .build()?;
            let groups = groups.get(entry.secret.as_str()).cloned().unwrap_or_default();
            Ok((account, Carried { groups, ..Carried::default() }))
        },
    ))
}

#[cfg(test)]
mod tests;
