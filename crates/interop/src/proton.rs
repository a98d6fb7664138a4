//! Proton Authenticator's export: `{version: 1, entries: [{id, content: {uri, entry_type, name}, note}]}`,
//! `entry_type` `Totp` (an `otpauth://` link) or `Steam` (`steam://SECRET`, named by `name`).
//!
//! With a password, the file is `{version: 1, salt, content}`: the key argon2id(password, salt; 19 MiB,
//! 2 passes, 1 lane), `content` base64 of a 12-byte nonce ‖ AES-256-GCM ciphertext ‖ tag over the plain
//! export, with associated data `proton.authenticator.export.v1`.

use serde::Deserialize;

use crate::payload;
use crate::report::{self, Carried, Error, Reason, Report, collect_carried};
use crate::unlock::{self, Argon2Costs};
use keyfob_core::text::json_fault;
use keyfob_crypto::Password;
use keyfob_otp::account::Account;
use keyfob_otp::otp::{Method, Period};
use keyfob_otp::secret::OtpSecret;

const FORMAT: &str = "a Proton Authenticator";
/// The key derivation of a password-protected export.
const COSTS: Argon2Costs = Argon2Costs { m_kib: 19 * 1024, t: 2, p: 1 };
/// The associated data of a password-protected export.
const AAD: &[u8] = b"proton.authenticator.export.v1";

#[derive(Deserialize)]
struct File {
    version: u32,
    #[serde(default)]
    entries: Vec<Entry>,
    salt: Option<String>,
    content: Option<String>,
}

#[derive(Deserialize)]
struct Entry {
    content: Content,
    #[serde(default)]
    note: Option<String>,
}

#[derive(Deserialize)]
struct Content {
    uri: String,
    entry_type: String,
    #[serde(default)]
    name: String,
}

/// The file is malformed for `reason`: Keyfob's own words (never a parser's, which may quote a secret:
/// see [`json_fault`](keyfob_core::text::json_fault)).
fn malformed(reason: impl Into<String>) -> Error {
    Error::Malformed { format: FORMAT, reason: reason.into() }
}

fn account(content: &Content) -> Result<Account, Reason> {
    match content.entry_type.as_str() {
        "Steam" => {
            let secret =
                content.uri.get(..8).filter(|p| p.eq_ignore_ascii_case("steam://")).and_then(|_| content.uri.get(8..));
            let secret = secret.ok_or(Reason::SteamWithoutLink)?;
            let secret = OtpSecret::from_base32(secret)?;
            Ok(Account::new(Some("Steam"), &content.name, secret, Method::Steam { period: Period::THIRTY })?)
        }
        "Totp" => payload::first_account(&content.uri),
        other => Err(Reason::EntryType(keyfob_otp::quote::quote(other))),
    }
}

/// Reads a Proton Authenticator export, plain or password-protected.
///
/// # Errors
/// [`Error::Malformed`], [`Error::Unsupported`] for another version, [`Error::PasswordNeeded`],
/// [`Error::WrongPassword`], or [`Error::ExcessiveWork`].
pub fn read(bytes: &[u8], password: Option<&Password>) -> Result<Report, Error> {
    let file: File = serde_json::from_slice(bytes).map_err(|e| malformed(json_fault(&e)))?;
    if file.version != 1 {
        return Err(Error::Unsupported(format!("Proton Authenticator export version {}", file.version)));
    }
    let file = match (&file.salt, &file.content) {
        (Some(salt), Some(content)) => {
            let salt = unlock::base64(salt, "the salt", FORMAT)?;
            let sealed = unlock::base64(content, "the content", FORMAT)?;
            let (nonce, sealed) = sealed.split_at_checked(12).ok_or_else(|| malformed("the content is cut short"))?;
            let password = password.ok_or(Error::PasswordNeeded)?;
            let key = unlock::argon2id(password, &salt, COSTS)?;
            let plain = unlock::aes_gcm_open(key.as_ref(), nonce, AAD, sealed).ok_or(Error::WrongPassword)?;
            let inner: File = serde_json::from_slice(&plain).map_err(|e| malformed(json_fault(&e)))?;
            if inner.salt.is_some() || inner.content.is_some() {
                return Err(malformed("an encrypted export inside an encrypted export"));
            }
            inner
        }
        _ => file,
    };
    Ok(collect_carried(
        &file.entries,
        |position, entry| report::Entry::numbered("entry", position, &entry.content.name),
        |entry| Ok((account(&entry.content)?, Carried { note: entry.note.clone(), ..Carried::default() })),
    ))
}

#[cfg(test)]
mod tests {
    use ring::aead::{AES_256_GCM, Aad, LessSafeKey, Nonce, UnboundKey};
    use serde_json::json;
    use zeroize::Zeroizing;

    use super::*;
    use crate::import::{self, Format};

    fn plain() -> Vec<u8> {
        serde_json::to_vec(&json!({"version": 1, "entries": [
            {"id": "1", "content": {"uri": "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub",
             "entry_type": "Totp", "name": "alice"}, "note": "recovery 1111"},
            {"id": "2", "content": {"uri": "steam://KRSXG5CTMVRXEZLU", "entry_type": "Steam", "name": "gamer"}, "note": null},
            {"id": "3", "content": {"uri": "otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP", "entry_type": "Hotp", "name": "x"}},
            {"id": "4", "content": {"uri": "https://example.com", "entry_type": "Totp", "name": "y"}}
        ]}))
        .unwrap()
    }

    fn password(text: &str) -> Password {
        Password::new(Zeroizing::new(text.into()))
    }

    fn encrypted(password: &str, inner: &[u8]) -> Vec<u8> {
        let (salt, nonce) = ([5u8; 16], [6u8; 12]);
        let key = unlock::argon2id(&self::password(password), &salt, COSTS).unwrap();
        let sealer = LessSafeKey::new(UnboundKey::new(&AES_256_GCM, key.as_ref()).unwrap());
        let mut sealed = inner.to_vec();
        sealer.seal_in_place_append_tag(Nonce::assume_unique_for_key(nonce), Aad::from(AAD), &mut sealed).unwrap();
        let content = data_encoding::BASE64.encode(&[&nonce[..], &sealed].concat());
        serde_json::to_vec(&json!({"version": 1, "salt": data_encoding::BASE64.encode(&salt), "content": content}))
            .unwrap()
    }

    fn check(report: &Report) {
        let links: Vec<String> = crate::report::links(report);
        assert_eq!(links, [crate::report::canonical::GITHUB, crate::report::canonical::STEAM,]);
        assert_eq!(report.accounts[0].extras.note(), Some("recovery 1111"));
        assert_eq!(report.problems.len(), 2, "{:?}", report.problems);
        assert_eq!(report.problems[0].to_string(), "entry 3 `x`: Hotp entries are not supported by Keyfob");
        assert!(report.problems[1].to_string().starts_with("entry 4 `y`: "), "{:?}", report.problems);
    }

    #[test]
    fn reads_plain_and_password_protected_exports() {
        assert_eq!(import::detect(&plain()), Some(Format::Proton));
        check(&import::read(&plain(), None, None).unwrap());
        let sealed = encrypted("correct horse", &plain());
        assert_eq!(import::detect(&sealed), Some(Format::Proton));
        check(&import::read(&sealed, None, Some(&password("correct horse"))).unwrap());
        assert_eq!(read(&sealed, Some(&password("correct horsE"))).unwrap_err(), Error::WrongPassword);
        assert_eq!(read(&sealed, None).unwrap_err(), Error::PasswordNeeded);
    }

    #[test]
    fn damaged_and_nested_exports_are_refused_clearly() {
        let sealed = encrypted("pw", &plain());
        let text = String::from_utf8(sealed).unwrap();
        let short = text.replace(&text[text.find("\"content\":\"").unwrap() + 11..text.len() - 2], "AAAA");
        assert!(matches!(read(short.as_bytes(), Some(&password("pw"))), Err(Error::Malformed { .. })), "{short}");
        let nested = encrypted("pw", &encrypted("pw", &plain()));
        assert!(matches!(read(&nested, Some(&password("pw"))), Err(Error::Malformed { .. })));
        assert!(matches!(read(br#"{"version": 2, "entries": []}"#, None), Err(Error::Unsupported(_))));
        assert!(matches!(
            read(br#"{"version": 1, "salt": "!!", "content": "AAAA"}"#, Some(&password("pw"))),
            Err(Error::Malformed { .. })
        ));
    }
}
