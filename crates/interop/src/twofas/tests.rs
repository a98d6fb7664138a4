//! 2FAS backups made here from the format's published structure; the encrypted one by a test-side encryptor.

use ring::aead::{AES_256_GCM, Aad, LessSafeKey, Nonce, UnboundKey};
use serde_json::{Value, json};

use super::*;
use crate::import::{self, Format};

fn services() -> Value {
    json!([
        {"name": "GitHub", "secret": "JBSWY3DPEHPK3PXP", "updatedAt": 1,
         "otp": {"label": "GitHub:alice", "account": "alice", "issuer": "GitHub", "digits": 6, "period": 30, "algorithm": "SHA1", "tokenType": "TOTP"},
         "order": {"position": 0}},
        {"name": "Bank", "secret": "GEZDGNBVGY3TQOJQ",
         "otp": {"account": "bob", "digits": 8, "algorithm": "SHA512", "tokenType": "HOTP", "counter": 4}},
        {"name": "Odd", "secret": "KRSXG5CTMVRXEZLU", "otp": {"account": "x", "tokenType": "YAOTP"}}
    ])
}

const EXPECTED: [&str; 2] = [
    crate::report::canonical::GITHUB,
    "otpauth://hotp/Bank:bob?secret=GEZDGNBVGY3TQOJQ&issuer=Bank&algorithm=SHA512&digits=8&counter=4",
];

fn check(report: &Report) {
    let links: Vec<String> = crate::report::links(report);
    assert_eq!(links, EXPECTED);
    assert_eq!(crate::report::said(&report.problems), ["service 3 `Odd`: YAOTP codes are not supported by Keyfob"]);
}

fn encrypted(password: &str) -> Vec<u8> {
    let (salt, iv) = ([5u8; 256], [9u8; 12]);
    let mut key = [0u8; 32];
    ring::pbkdf2::derive(
        ring::pbkdf2::PBKDF2_HMAC_SHA256,
        std::num::NonZeroU32::new(10_000).unwrap(),
        &salt,
        password.as_bytes(),
        &mut key,
    );
    let key = LessSafeKey::new(UnboundKey::new(&AES_256_GCM, &key).unwrap());
    let mut buffer = serde_json::to_vec(&services()).unwrap();
    key.seal_in_place_append_tag(Nonce::assume_unique_for_key(iv), Aad::empty(), &mut buffer).unwrap();
    let b64 = |b: &[u8]| data_encoding::BASE64.encode(b);
    let blob = format!("{}:{}:{}", b64(&buffer), b64(&salt), b64(&iv));
    serde_json::to_vec(&json!({"schemaVersion": 4, "services": [], "servicesEncrypted": blob, "reference": "x"}))
        .unwrap()
}

#[test]
fn reads_a_plain_backup() {
    let bytes = serde_json::to_vec(&json!({"schemaVersion": 4, "services": services(), "groups": []})).unwrap();
    assert_eq!(import::detect(&bytes), Some(Format::TwoFas));
    check(&import::read(&bytes, None, None).unwrap());
}

#[test]
fn reads_an_encrypted_backup_and_names_a_wrong_password() {
    let bytes = encrypted("open sesame");
    assert_eq!(import::detect(&bytes), Some(Format::TwoFas));
    check(&read(&bytes, Some(&Password::new(Zeroizing::new("open sesame".into())))).unwrap());
    assert_eq!(
        read(&bytes, Some(&Password::new(Zeroizing::new("open sesam".into())))).unwrap_err(),
        Error::WrongPassword
    );
    assert_eq!(read(&bytes, None).unwrap_err(), Error::PasswordNeeded);
}

#[test]
fn damaged_blobs_are_malformed_not_wrong_passwords() {
    let pw = Password::new(Zeroizing::new("pw".into()));
    for blob in ["onlyonepart", "a:b", "!!:AAAA:AAAA", "AAAA:AAAA:AAAA"] {
        let bytes = serde_json::to_vec(&json!({"servicesEncrypted": blob})).unwrap();
        assert!(matches!(read(&bytes, Some(&pw)), Err(Error::Malformed { .. })), "{blob}");
    }
}
