//! Ente exports made here from Ente's published description; the encrypted one sealed by a test-side
//! secretstream writer (the end-to-end tests also open exports sealed by libsodium itself, through PyNaCl).

use serde_json::json;

use super::*;
use crate::import::{self, Format};

fn display(value: serde_json::Value) -> String {
    percent_encoding::utf8_percent_encode(&value.to_string(), percent_encoding::NON_ALPHANUMERIC).to_string()
}

fn list() -> String {
    [
        format!(
            "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub&codeDisplay={}",
            display(json!({"pinned": true, "trashed": false, "lastUsedAt": 0, "tapCount": 3, "tags": ["Work", "Code"], "note": "recovery 1111"}))
        ),
        format!(
            "otpauth://hotp/Bank:bob?secret=GEZDGNBVGY3TQOJQ&issuer=Bank&counter=4&codeDisplay={}",
            display(json!({"pinned": false, "trashed": true, "tags": []}))
        ),
        "otpauth://totp/Payroll:carol?secret=KRSXG5CTMVRXEZLU&issuer=Payroll&algorithm=SHA256&digits=8&period=60".to_owned(),
        format!("otpauth://totp/Odd:x?secret=JBSWY3DPEHPK3PXP&codeDisplay={}", display(json!({"tags": ["x".repeat(70)]}))),
        "otpauth://totp/Garbled:y?secret=JBSWY3DPEHPK3PXP&codeDisplay=%7Bnot%20json".to_owned(),
    ]
    .join("\n")
}

fn check(report: &Report) {
    let links: Vec<String> = crate::report::links(report);
    assert_eq!(
        links,
        [
            crate::report::canonical::GITHUB,
            "otpauth://totp/Payroll:carol?secret=KRSXG5CTMVRXEZLU&issuer=Payroll&algorithm=SHA256&digits=8&period=60",
            "otpauth://totp/Odd:x?secret=JBSWY3DPEHPK3PXP&issuer=Odd&algorithm=SHA1&digits=6&period=30",
            "otpauth://totp/Garbled:y?secret=JBSWY3DPEHPK3PXP&issuer=Garbled&algorithm=SHA1&digits=6&period=30",
        ]
    );
    let github = &report.accounts[0].extras;
    assert_eq!(
        (github.groups(), github.favourite(), github.note()),
        (&["Work".to_owned(), "Code".to_owned()][..], true, Some("recovery 1111"))
    );
    assert!(report.accounts[1].extras.is_empty() && report.accounts[3].extras.is_empty());
    assert_eq!(crate::report::said(&report.problems), ["line 2: it is in Ente's trash"]);
    assert_eq!(report.left_out.len(), 1);
    assert!(report.left_out[0].to_string().starts_with("line 4: its group `xxxx"), "{:?}", report.left_out);
}

/// libsodium's secretstream push of one message, written from its description (as `secretstream_open`
/// reads it, so this checks the framing both ways; libsodium itself is the end-to-end tests' writer).
fn secretstream_seal(key: &[u8; 32], header: &[u8; 24], plain: &[u8], tag: u8) -> Vec<u8> {
    let subkey: [u8; 32] = hchacha::<U10>(key.into(), header[..16].into()).into();
    let mut nonce = [0u8; 12];
    nonce[..4].copy_from_slice(&1u32.to_le_bytes());
    nonce[4..].copy_from_slice(&header[16..]);
    let mut stream = ChaCha20::new(&subkey.into(), &nonce.into());
    let mut block = [0u8; 64];
    stream.apply_keystream(&mut block);
    let poly_key: [u8; 32] = block[..32].try_into().unwrap();
    let mut tag_block = [0u8; 64];
    tag_block[0] = tag;
    stream.apply_keystream(&mut tag_block);
    let mut ciphertext = plain.to_vec();
    stream.apply_keystream(&mut ciphertext);
    let mut authenticated = tag_block.to_vec();
    authenticated.extend_from_slice(&ciphertext);
    authenticated.resize(authenticated.len() + ciphertext.len() % 16, 0);
    authenticated.extend_from_slice(&0u64.to_le_bytes());
    authenticated.extend_from_slice(&(64 + ciphertext.len() as u64).to_le_bytes());
    let mac = Poly1305::new(&poly_key.into()).compute_unpadded(&authenticated);
    [&[tag_block[0]][..], &ciphertext, mac.as_slice()].concat()
}

fn encrypted(password: &str, text: &str, mem_limit: u64, ops_limit: u64) -> Vec<u8> {
    let salt = [8u8; 16];
    let header = [9u8; 24];
    let costs = Argon2Costs { m_kib: mem_limit / 1024, t: ops_limit, p: 1 };
    let key = unlock::argon2id(&self::password(password), &salt, costs).unwrap();
    let sealed = secretstream_seal(&key, &header, text.as_bytes(), 3);
    serde_json::to_vec(&json!({"version": 1, "kdfParams": {"memLimit": mem_limit, "opsLimit": ops_limit,
        "salt": data_encoding::BASE64.encode(&salt)}, "encryptedData": data_encoding::BASE64.encode(&sealed),
        "encryptionNonce": data_encoding::BASE64.encode(&header)}))
    .unwrap()
}

fn password(text: &str) -> Password {
    Password::new(Zeroizing::new(text.into()))
}

#[test]
fn a_plain_list_brings_pins_tags_and_notes_and_leaves_the_trash() {
    assert_eq!(import::detect(list().as_bytes()), Some(Format::OtpauthList));
    check(&import::read(list().as_bytes(), None, None).unwrap());
}

#[test]
fn reads_an_encrypted_export() {
    let bytes = encrypted("correct horse", &list(), 64 * 1024 * 1024, 2);
    assert_eq!(import::detect(&bytes), Some(Format::Ente));
    check(&import::read(&bytes, None, Some(&password("correct horse"))).unwrap());
    assert_eq!(read(&bytes, Some(&password("correct horsE"))).unwrap_err(), Error::WrongPassword);
    assert_eq!(read(&bytes, None).unwrap_err(), Error::PasswordNeeded);
}

#[test]
fn a_changed_byte_anywhere_in_the_message_is_refused() {
    let key = [1u8; 32];
    let header = [2u8; 24];
    let sealed = secretstream_seal(&key, &header, b"otpauth://totp/x?secret=JBSWY3DPEHPK3PXP", 3);
    assert_eq!(
        secretstream_open(&key, &header, &sealed).unwrap().as_slice(),
        b"otpauth://totp/x?secret=JBSWY3DPEHPK3PXP"
    );
    for at in 0..sealed.len() {
        let mut changed = sealed.clone();
        changed[at] ^= 0x40;
        assert!(secretstream_open(&key, &header, &changed).is_none(), "byte {at}");
    }
    let mut other_header = header;
    other_header[20] ^= 1;
    assert!(secretstream_open(&key, &other_header, &sealed).is_none());
    for cut in 0..17 {
        assert!(secretstream_open(&key, &header, &sealed[..cut]).is_none(), "{cut}");
    }
    // An empty message still carries its tag and MAC.
    let empty = secretstream_seal(&key, &header, b"", 3);
    assert_eq!(secretstream_open(&key, &header, &empty).unwrap().len(), 0);
}

#[test]
fn hostile_costs_and_sizes_are_refused_before_any_work() {
    let bytes = encrypted("pw", "x", 1024 * 1024, 1);
    let mut file: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    let started = std::time::Instant::now();
    for (field, value) in [("memLimit", json!(4u64 << 40)), ("opsLimit", json!(1_000_000))] {
        let mut hostile = file.clone();
        hostile["kdfParams"][field] = value;
        let answer = read(&serde_json::to_vec(&hostile).unwrap(), Some(&password("pw")));
        assert!(matches!(answer, Err(Error::ExcessiveWork { .. })), "{field}: {answer:?}");
    }
    assert!(started.elapsed() < std::time::Duration::from_secs(1));
    file["encryptionNonce"] = json!(data_encoding::BASE64.encode(&[0u8; 23]));
    assert!(matches!(read(&serde_json::to_vec(&file).unwrap(), Some(&password("pw"))), Err(Error::Malformed { .. })));
    file["version"] = json!(2);
    assert!(matches!(read(&serde_json::to_vec(&file).unwrap(), Some(&password("pw"))), Err(Error::Unsupported(_))));
}
