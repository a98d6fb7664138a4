//! andOTP's backups: plain JSON, an array of `{secret, issuer, label, digits, type, algorithm, period,
//! counter, tags}` (`type` `TOTP`, `HOTP` or `STEAM`; tags become groups); or that JSON encrypted
//! (`otp_accounts.json.aes`, told apart by its name): a 4-byte big-endian PBKDF2 round count, a 12-byte
//! salt, a 12-byte IV, then AES-256-GCM ciphertext with its tag, the key PBKDF2-HMAC-SHA1(password, salt);
//! or, from andOTP before 0.6.3, the IV and ciphertext alone under SHA-256(password).

use serde::Deserialize;
use zeroize::Zeroizing;

use crate::report::{self, Carried, Error, Report, collect_carried};
use crate::unlock::{self, MAX_PBKDF2_ROUNDS};
use keyfob_core::text::json_fault;
use keyfob_crypto::Password;
use keyfob_otp::account::{Fields, split_label};

const FORMAT: &str = "an andOTP";

#[derive(Deserialize)]
struct Entry {
    secret: String,
    #[serde(default)]
    issuer: String,
    #[serde(default)]
    label: String,
    digits: Option<u8>,
    r#type: Option<String>,
    algorithm: Option<String>,
    period: Option<u32>,
    counter: Option<u64>,
    #[serde(default)]
    tags: Vec<String>,
}

/// The JSON inside an encrypted backup.
fn decrypt(bytes: &[u8], password: &Password) -> Result<Zeroizing<Vec<u8>>, Error> {
    let malformed = || Error::Malformed { format: FORMAT, reason: "the file is too short".into() };
    let (rounds, rest) = bytes.split_first_chunk::<4>().ok_or_else(malformed)?;
    let rounds = u32::from_be_bytes(*rounds);
    if (1..=MAX_PBKDF2_ROUNDS).contains(&rounds) {
        let (salt, rest) = rest.split_at_checked(12).ok_or_else(malformed)?;
        let (iv, sealed) = rest.split_at_checked(12).ok_or_else(malformed)?;
        let key = unlock::pbkdf2(ring::pbkdf2::PBKDF2_HMAC_SHA1, u64::from(rounds), salt, password)?;
        if let Some(plain) = unlock::aes_gcm_open(key.as_ref(), iv, b"", sealed) {
            return Ok(plain);
        }
    }
    // The older layout: its first bytes are the IV, so any number can appear where the rounds would be.
    let (iv, sealed) = bytes.split_at_checked(12).ok_or_else(malformed)?;
    let key = ring::digest::digest(&ring::digest::SHA256, password.expose_secret());
    unlock::aes_gcm_open(key.as_ref(), iv, b"", sealed).ok_or(Error::WrongPassword)
}

/// Reads an andOTP backup: plain JSON, or encrypted (anything else) with `password`.
///
/// # Errors
/// [`Error::Malformed`], [`Error::PasswordNeeded`], [`Error::WrongPassword`] or [`Error::ExcessiveWork`].
pub fn read(bytes: &[u8], password: Option<&Password>) -> Result<Report, Error> {
    let plain;
    let json = if bytes.trim_ascii_start().starts_with(b"[") {
        bytes
    } else {
        plain = decrypt(bytes, password.ok_or(Error::PasswordNeeded)?)?;
        plain.as_slice()
    };
    let entries: Vec<Entry> =
        serde_json::from_slice(json).map_err(|e| Error::Malformed { format: FORMAT, reason: json_fault(&e) })?;
    Ok(collect_carried(
        &entries,
        |position, entry| report::Entry::numbered("entry", position, &entry.label),
        |entry| {
            let (issuer, name) = split_label(&entry.label, Some(&entry.issuer));
            let account = Fields {
                kind: entry.r#type.as_deref().unwrap_or("totp"),
                algorithm: entry.algorithm.as_deref(),
                digits: entry.digits,
                period: entry.period,
                counter: entry.counter,
                secret: &entry.secret,
                issuer,
                name,
            }
            .build()?;
            Ok((account, Carried { groups: entry.tags.clone(), ..Carried::default() }))
        },
    ))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::import::{self, Format, ImportProblem, Reason};

    #[test]
    fn reads_every_type_and_reports_the_rest() {
        let bytes = serde_json::to_vec(&json!([
            {"secret": "JBSWY3DPEHPK3PXP", "issuer": "GitHub", "label": "alice", "digits": 6, "type": "TOTP",
             "algorithm": "SHA1", "thumbnail": "Default", "last_used": 0, "used_frequency": 0, "period": 30, "tags": []},
            {"secret": "GEZDGNBVGY3TQOJQ", "issuer": "", "label": "Bank:bob", "digits": 7, "type": "HOTP",
             "algorithm": "SHA256", "counter": 9},
            {"secret": "KRSXG5CTMVRXEZLU", "issuer": "Steam", "label": "gamer", "digits": 5, "type": "STEAM", "period": 30},
            {"secret": "KRSXG5CTMVRXEZLU", "issuer": "Moto", "label": "m", "type": "MOTP"}
        ]))
        .unwrap();
        assert_eq!(import::detect(&bytes), Some(Format::AndOtp));
        let report = import::read(&bytes, None, None).unwrap();
        let links: Vec<String> = crate::report::links(&report);
        assert_eq!(
            links,
            [
                crate::report::canonical::GITHUB,
                "otpauth://hotp/Bank:bob?secret=GEZDGNBVGY3TQOJQ&issuer=Bank&algorithm=SHA256&digits=7&counter=9",
                crate::report::canonical::STEAM,
            ]
        );
        assert_eq!(crate::report::said(&report.problems), ["entry 4 `m`: MOTP codes are not supported by Keyfob"]);
    }

    /// A code length Keyfob does not make is the entry's problem, typed, in the words people read.
    #[test]
    fn a_bad_digits_value_is_the_entrys_problem() {
        let bytes = serde_json::to_vec(&json!([
            {"secret": "JBSWY3DPEHPK3PXP", "issuer": "Odd", "label": "nine", "digits": 9, "type": "TOTP"}
        ]))
        .unwrap();
        let report = import::read(&bytes, Some(Format::AndOtp), None).unwrap();
        assert!(report.accounts.is_empty());
        let problem = ImportProblem {
            entry: Some(crate::report::Entry::numbered("entry", 1, "nine")),
            reason: Reason::Fields(keyfob_otp::account::FieldsError::Digits(9)),
        };
        assert_eq!(report.problems, [problem]);
        assert_eq!(report.problems[0].reason.kind(), keyfob_core::Kind::Input);
        assert_eq!(report.problems[0].to_string(), "entry 1 `nine`: digits must be 6, 7 or 8, not 9");
    }
}

#[cfg(test)]
mod encrypted_tests {
    use ring::aead::{AES_256_GCM, Aad, LessSafeKey, Nonce, UnboundKey};
    use zeroize::Zeroizing;

    use super::*;
    use crate::import::{self, Format};

    const JSON: &[u8] = br#"[{"secret": "JBSWY3DPEHPK3PXP", "issuer": "GitHub", "label": "alice", "digits": 6,
        "type": "TOTP", "algorithm": "SHA1", "period": 30, "tags": ["Work", "Code"]}]"#;

    fn password(text: &str) -> Password {
        Password::new(Zeroizing::new(text.into()))
    }

    fn seal(key: &[u8], iv: [u8; 12], plain: &[u8]) -> Vec<u8> {
        let sealer = LessSafeKey::new(UnboundKey::new(&AES_256_GCM, key).unwrap());
        let mut sealed = plain.to_vec();
        sealer.seal_in_place_append_tag(Nonce::assume_unique_for_key(iv), Aad::empty(), &mut sealed).unwrap();
        [&iv[..], &sealed].concat()
    }

    /// As andOTP writes it today: rounds, salt, IV, ciphertext and tag.
    fn current(password: &str, rounds: u32) -> Vec<u8> {
        let salt = [4u8; 12];
        let key =
            unlock::pbkdf2(ring::pbkdf2::PBKDF2_HMAC_SHA1, rounds.into(), &salt, &self::password(password)).unwrap();
        [&rounds.to_be_bytes()[..], &salt, &seal(key.as_ref(), [5; 12], JSON)].concat()
    }

    /// As andOTP wrote it before 0.6.3: IV, ciphertext and tag, under SHA-256 of the password.
    fn legacy(password: &str) -> Vec<u8> {
        let key = ring::digest::digest(&ring::digest::SHA256, password.as_bytes());
        seal(key.as_ref(), [0xfe; 12], JSON)
    }

    #[test]
    fn reads_both_encrypted_layouts_found_by_the_file_name() {
        for bytes in [current("correct horse", 140_000), legacy("correct horse")] {
            assert_eq!(import::detect(&bytes), None, "random bytes say nothing");
            let named = [("/home/alice/otp_accounts_2026-12-02.json.aes", bytes.as_slice())];
            let report = import::read_files(&named, None, Some(&password("correct horse"))).unwrap();
            assert_eq!(report.accounts.len(), 1);
            assert_eq!(report.accounts[0].extras.groups(), ["Work", "Code"]);
            assert_eq!(import::read_files(&named, None, Some(&password("wrong"))).unwrap_err(), Error::WrongPassword);
            assert_eq!(import::read_files(&named, None, None).unwrap_err(), Error::PasswordNeeded);
            let unnamed = [("backup.bin", bytes.as_slice())];
            assert_eq!(import::read_files(&unnamed, None, None).unwrap_err(), Error::UnknownFormat);
            let forced = import::read(&bytes, Some(Format::AndOtp), Some(&password("correct horse"))).unwrap();
            assert_eq!(forced.accounts.len(), 1);
        }
    }

    #[test]
    fn short_and_hostile_files_are_answered_quickly() {
        let bytes = current("pw", 1000);
        for cut in [0, 3, 4, 15, 27, 28, 40] {
            let answer = read(&bytes[..cut], Some(&password("pw")));
            assert!(matches!(answer, Err(Error::Malformed { .. } | Error::WrongPassword)), "{cut}: {answer:?}");
        }
        let started = std::time::Instant::now();
        let mut heavy = bytes.clone();
        heavy[..4].copy_from_slice(&u32::MAX.to_be_bytes());
        assert_eq!(read(&heavy, Some(&password("pw"))).unwrap_err(), Error::WrongPassword);
        assert!(started.elapsed() < std::time::Duration::from_secs(1), "no PBKDF2 past the limit ran");
    }
}
