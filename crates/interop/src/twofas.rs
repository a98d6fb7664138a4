//! 2FAS backups (`.2fas`): `{schemaVersion, services: [...]}`, or with a password,
//! `servicesEncrypted: "base64(ciphertext ‖ tag):base64(salt):base64(iv)"`, the key PBKDF2-HMAC-SHA256
//! (10,000 rounds, 32 bytes) of the password, the cipher AES-256-GCM; the plaintext is the services array.
//! A service's `groupId` names one of the file's `groups` (`{id, name}`, never encrypted).

use std::collections::HashMap;

use serde::Deserialize;
use zeroize::Zeroizing;

use crate::report::{Carried, Entry, Error, Report, collect_carried};
use crate::unlock;
use keyfob_core::text::json_fault;
use keyfob_crypto::Password;
use keyfob_otp::account::Fields;

const FORMAT: &str = "a 2FAS";
/// PBKDF2 rounds 2FAS uses.
const ROUNDS: u32 = 10_000;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct File {
    #[serde(default)]
    services: Vec<Service>,
    services_encrypted: Option<String>,
    #[serde(default)]
    groups: Vec<Group>,
}

#[derive(Deserialize)]
struct Group {
    id: String,
    name: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Service {
    #[serde(default)]
    name: String,
    secret: String,
    #[serde(default)]
    otp: Otp,
    group_id: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct Otp {
    account: Option<String>,
    issuer: Option<String>,
    digits: Option<u8>,
    period: Option<u32>,
    algorithm: Option<String>,
    token_type: Option<String>,
    counter: Option<u64>,
}

/// The file is malformed for `reason`: Keyfob's own words (never a parser's, which may quote a secret:
/// see [`json_fault`](keyfob_core::text::json_fault)).
fn malformed(reason: impl Into<String>) -> Error {
    Error::Malformed { format: FORMAT, reason: reason.into() }
}

fn decrypt(blob: &str, password: &Password) -> Result<Vec<Service>, Error> {
    let parts: Vec<&str> = blob.split(':').collect();
    let [ciphertext, salt, iv] = parts.as_slice() else {
        return Err(malformed("servicesEncrypted does not have three parts"));
    };
    let decode = |part: &str, what: &str| {
        data_encoding::BASE64.decode(part.as_bytes()).map_err(|_| malformed(format!("the {what} is not base64")))
    };
    let (sealed, salt, iv) =
        (Zeroizing::new(decode(ciphertext, "ciphertext")?), decode(salt, "salt")?, decode(iv, "IV")?);
    if iv.len() != 12 {
        return Err(malformed("the IV is not 12 bytes"));
    }
    let key = unlock::pbkdf2(ring::pbkdf2::PBKDF2_HMAC_SHA256, ROUNDS.into(), &salt, password)?;
    let plain = unlock::aes_gcm_open(key.as_ref(), &iv, b"", &sealed).ok_or(Error::WrongPassword)?;
    serde_json::from_slice(&plain).map_err(|e| malformed(json_fault(&e)))
}

/// Reads a 2FAS backup.
///
/// # Errors
/// [`Error::Malformed`], [`Error::PasswordNeeded`] or [`Error::WrongPassword`].
pub fn read(bytes: &[u8], password: Option<&Password>) -> Result<Report, Error> {
    let file: File = serde_json::from_slice(bytes).map_err(|e| malformed(json_fault(&e)))?;
    let services = match file.services_encrypted {
        Some(blob) => decrypt(&blob, password.ok_or(Error::PasswordNeeded)?)?,
        None => file.services,
    };
    let groups: HashMap<&str, &str> = file.groups.iter().map(|g| (g.id.as_str(), g.name.as_str())).collect();
    Ok(collect_carried(
        &services,
        |position, service| Entry::numbered("service", position, &service.name),
        |service| {
            let otp = &service.otp;
            let account = Fields {
                kind: otp.token_type.as_deref().unwrap_or("totp"),
                algorithm: otp.algorithm.as_deref(),
                digits: otp.digits,
                period: otp.period,
                counter: otp.counter,
                secret: &service.secret,
                issuer: otp.issuer.as_deref().filter(|i| !i.is_empty()).or(Some(service.name.as_str())),
                name: otp.account.as_deref().unwrap_or_default(),
            }
            .build()?;
            let group = service.group_id.as_deref().and_then(|id| groups.get(id)).map(|name| (*name).to_owned());
            Ok((account, Carried { groups: group.into_iter().collect(), ..Carried::default() }))
        },
    ))
}

#[cfg(test)]
mod tests;
