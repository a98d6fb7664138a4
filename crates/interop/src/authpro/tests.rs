//! Authenticator Pro backups made here from the published structure; the encrypted ones sealed by the
//! test as the format describes (the end-to-end tests also open ones made by Python's `cryptography`).

use aes::cipher::{BlockEncryptMut, KeyIvInit, block_padding::Pkcs7};
use ring::aead::{AES_256_GCM, Aad, LessSafeKey, Nonce, UnboundKey};
use serde_json::json;

use super::*;
use crate::import::{self, Format};

fn plain() -> Vec<u8> {
    serde_json::to_vec(&json!({
        "Authenticators": [
            {"Type": 2, "Icon": "github", "Issuer": "GitHub", "Username": "alice", "Secret": "JBSWY3DPEHPK3PXP",
             "Pin": null, "Algorithm": 0, "Digits": 6, "Period": 30, "Counter": 0, "Ranking": 0, "CopyCount": 3},
            {"Type": 1, "Issuer": "Bank", "Username": null, "Secret": "GEZDGNBVGY3TQOJQ", "Algorithm": 2,
             "Digits": 8, "Period": 30, "Counter": 5},
            {"Type": 4, "Issuer": "Steam", "Username": "gamer", "Secret": "KRSXG5CTMVRXEZLU", "Algorithm": 0,
             "Digits": 5, "Period": 30},
            {"Type": 3, "Issuer": "Moto", "Username": "m", "Secret": "abcdef", "Pin": "1234", "Algorithm": 0,
             "Digits": 6, "Period": 10}
        ],
        "Categories": [{"Id": "a8323a2a", "Name": "Web", "Ranking": 0}, {"Id": "b", "Name": "Money", "Ranking": 1}],
        "AuthenticatorCategories": [
            {"CategoryId": "a8323a2a", "AuthenticatorSecret": "JBSWY3DPEHPK3PXP", "Ranking": 0},
            {"CategoryId": "b", "AuthenticatorSecret": "GEZDGNBVGY3TQOJQ", "Ranking": 0},
            {"CategoryId": "a8323a2a", "AuthenticatorSecret": "GEZDGNBVGY3TQOJQ", "Ranking": 1},
            {"CategoryId": "gone", "AuthenticatorSecret": "GEZDGNBVGY3TQOJQ", "Ranking": 2}
        ],
        "CustomIcons": []
    }))
    .unwrap()
}

fn check(report: &Report) {
    let links: Vec<String> = crate::report::links(report);
    assert_eq!(
        links,
        [
            crate::report::canonical::GITHUB,
            "otpauth://hotp/Bank:?secret=GEZDGNBVGY3TQOJQ&issuer=Bank&algorithm=SHA512&digits=8&counter=5",
            crate::report::canonical::STEAM,
        ]
    );
    assert_eq!(report.accounts[0].extras.groups(), ["Web"]);
    assert_eq!(report.accounts[1].extras.groups(), ["Money", "Web"]);
    assert_eq!(
        crate::report::said(&report.problems),
        ["authenticator 4 `Moto`: motp codes are not supported by Keyfob"]
    );
}

fn password(text: &str) -> Password {
    Password::new(Zeroizing::new(text.into()))
}

/// A backup sealed as Authenticator Pro seals it today.
fn encrypted(password: &str, json: &[u8]) -> Vec<u8> {
    let (salt, iv) = ([7u8; 16], [9u8; 12]);
    let key = unlock::argon2id(&self::password(password), &salt, COSTS).unwrap();
    let sealer = LessSafeKey::new(UnboundKey::new(&AES_256_GCM, key.as_ref()).unwrap());
    let mut sealed = json.to_vec();
    sealer.seal_in_place_append_tag(Nonce::assume_unique_for_key(iv), Aad::empty(), &mut sealed).unwrap();
    [&HEADER[..], &salt, &iv, &sealed].concat()
}

/// A backup sealed as Authenticator Pro sealed it before 2023.
fn legacy(password: &str, json: &[u8]) -> Vec<u8> {
    let (salt, iv) = ([3u8; 20], [4u8; 16]);
    let key = unlock::pbkdf2(ring::pbkdf2::PBKDF2_HMAC_SHA1, LEGACY_ROUNDS, &salt, &self::password(password)).unwrap();
    let ciphertext = cbc::Encryptor::<aes::Aes256>::new_from_slices(key.as_ref(), &iv)
        .unwrap()
        .encrypt_padded_vec_mut::<Pkcs7>(json);
    [&LEGACY_HEADER[..], &salt, &iv, &ciphertext].concat()
}

#[test]
fn reads_plain_and_both_encrypted_backups_with_their_categories() {
    assert_eq!(import::detect(&plain()), Some(Format::AuthenticatorPro));
    check(&import::read(&plain(), None, None).unwrap());
    for bytes in [encrypted("correct horse", &plain()), legacy("correct horse", &plain())] {
        assert_eq!(import::detect(&bytes), Some(Format::AuthenticatorPro));
        check(&import::read(&bytes, None, Some(&password("correct horse"))).unwrap());
        assert_eq!(import::read(&bytes, None, Some(&password("wrong horse"))).unwrap_err(), Error::WrongPassword);
        assert_eq!(import::read(&bytes, None, None).unwrap_err(), Error::PasswordNeeded);
    }
}

#[test]
fn damaged_backups_and_hostile_categories_give_clear_answers() {
    let sealed = encrypted("pw", &plain());
    for cut in [0, 10, 16, 20, 31, 40, 44] {
        let answer = read(&sealed[..cut.min(sealed.len())], Some(&password("pw")));
        assert!(matches!(answer, Err(Error::Malformed { .. } | Error::WrongPassword)), "{cut}: {answer:?}");
    }
    let mut flipped = sealed.clone();
    let last = flipped.len() - 1;
    flipped[last] ^= 1;
    assert_eq!(read(&flipped, Some(&password("pw"))).unwrap_err(), Error::WrongPassword);
    // Valid JSON that is not a backup, sealed properly: damaged, not a wrong password.
    let not_a_backup = encrypted("pw", b"{\"Authenticators\": 7}");
    assert!(matches!(read(&not_a_backup, Some(&password("pw"))), Err(Error::Malformed { .. })));
    // One secret bound to 50,000 categories, held by 2,000 authenticators: bounded work.
    let categories: Vec<_> = (0..50_000).map(|i| json!({"Id": i.to_string(), "Name": format!("c{i}")})).collect();
    let bindings: Vec<_> =
        (0..50_000).map(|i| json!({"CategoryId": i.to_string(), "AuthenticatorSecret": "JBSWY3DPEHPK3PXP"})).collect();
    let entries: Vec<_> = (0..2_000)
        .map(|i| json!({"Type": 2, "Issuer": format!("S{i}"), "Secret": "JBSWY3DPEHPK3PXP", "Algorithm": 0}))
        .collect();
    let hostile = serde_json::to_vec(
        &json!({"Authenticators": entries, "Categories": categories, "AuthenticatorCategories": bindings}),
    )
    .unwrap();
    let started = std::time::Instant::now();
    let report = read(&hostile, None).unwrap();
    assert!(started.elapsed() < std::time::Duration::from_secs(5), "{:?}", started.elapsed());
    assert_eq!((report.accounts.len(), report.accounts[0].extras.groups().len()), (2_000, MAX_GROUPS));
}
