//! Aegis exports made here from the published structure (docs/vault.md), encrypted ones by a test-side
//! encryptor that follows the same description. No fixture is copied from Aegis.

use ring::aead::{AES_256_GCM, Aad, LessSafeKey, Nonce, UnboundKey};
use ring::rand::{SecureRandom, SystemRandom};
use serde_json::{Value, json};

use super::*;
use crate::import::{self, Format, Reason};
use keyfob_otp::account::FieldsError;
use keyfob_otp::secret::SecretError;

fn content() -> Value {
    json!({"version": 3, "entries": [
        {"type": "totp", "uuid": "1", "name": "alice@example.com", "issuer": "GitHub", "note": "", "favorite": false, "icon": null,
         "info": {"secret": "JBSWY3DPEHPK3PXP", "algo": "SHA1", "digits": 6, "period": 30}},
        {"type": "hotp", "uuid": "2", "name": "bob", "issuer": "Bank", "icon": null,
         "info": {"secret": "GEZDGNBVGY3TQOJQ", "algo": "SHA256", "digits": 8, "counter": 12}},
        {"type": "steam", "uuid": "3", "name": "gamer", "issuer": "Steam", "icon": null,
         "info": {"secret": "KRSXG5CTMVRXEZLU", "algo": "SHA1", "digits": 5, "period": 30}},
        {"type": "yandex", "uuid": "4", "name": "ivan", "issuer": "Yandex", "icon": null,
         "info": {"secret": "KRSXG5CTMVRXEZLU", "algo": "SHA256", "digits": 8, "period": 30, "pin": "1234"}},
        {"type": "totp", "uuid": "5", "name": "broken", "issuer": "", "icon": null,
         "info": {"secret": "not base32!", "algo": "SHA1", "digits": 6, "period": 30}}
    ]})
}

const EXPECTED: [&str; 3] = [
    "otpauth://totp/GitHub:alice@example.com?secret=JBSWY3DPEHPK3PXP&issuer=GitHub&algorithm=SHA1&digits=6&period=30",
    "otpauth://hotp/Bank:bob?secret=GEZDGNBVGY3TQOJQ&issuer=Bank&algorithm=SHA256&digits=8&counter=12",
    crate::report::canonical::STEAM,
];

fn check(report: &Report) {
    let links: Vec<String> = crate::report::links(report);
    assert_eq!(links, EXPECTED);
    assert_eq!(report.problems.len(), 2, "{:?}", report.problems);
    assert_eq!(report.problems[0].reason, Reason::Fields(FieldsError::Type("yandex".into())));
    assert_eq!(report.problems[0].reason.kind(), keyfob_core::Kind::Unsupported);
    assert!(matches!(
        report.problems[1].reason,
        Reason::Fields(FieldsError::Secret(SecretError::InvalidCharacter { .. }))
    ));
    assert_eq!(report.problems[1].reason.kind(), keyfob_core::Kind::Input);
    assert_eq!(report.problems[0].to_string(), "entry 4 `Yandex (ivan)`: yandex codes are not supported by Keyfob");
    assert!(
        report.problems[1].to_string().starts_with("entry 5 `broken`: the secret has a character"),
        "{:?}",
        report.problems
    );
}

fn plain() -> Vec<u8> {
    serde_json::to_vec(&json!({"version": 1, "header": {"slots": null, "params": null}, "db": content()})).unwrap()
}

fn seal(key: &[u8], plain: &[u8]) -> (String, Value) {
    let mut nonce = [0u8; 12];
    SystemRandom::new().fill(&mut nonce).unwrap();
    let key = LessSafeKey::new(UnboundKey::new(&AES_256_GCM, key).unwrap());
    let mut buffer = plain.to_vec();
    let tag = key.seal_in_place_separate_tag(Nonce::assume_unique_for_key(nonce), Aad::empty(), &mut buffer).unwrap();
    let hexed = |b: &[u8]| data_encoding::HEXLOWER.encode(b);
    (hexed(&buffer), json!({"nonce": hexed(&nonce), "tag": hexed(tag.as_ref())}))
}

/// An encrypted export with one password slot (scrypt `n`, r = 8, p = 1) and one biometric slot.
fn encrypted(password: &str, n: u64) -> Vec<u8> {
    let rng = SystemRandom::new();
    let mut master = [0u8; 32];
    rng.fill(&mut master).unwrap();
    let mut salt = [0u8; 32];
    rng.fill(&mut salt).unwrap();
    let mut derived = [0u8; 32];
    let params = scrypt::Params::new(u8::try_from(n.trailing_zeros()).unwrap(), 8, 1, 32).unwrap();
    scrypt::scrypt(password.as_bytes(), &salt, &params, &mut derived).unwrap();
    let (slot_key, slot_params) = seal(&derived, &master);
    let (biometric_key, biometric_params) = seal(&[7u8; 32], &master);
    let (db, params) = seal(&master, &serde_json::to_vec(&content()).unwrap());
    let db = data_encoding::BASE64.encode(&data_encoding::HEXLOWER.decode(db.as_bytes()).unwrap());
    serde_json::to_vec(&json!({"version": 1, "header": {
        "slots": [
            {"type": 2, "uuid": "b", "key": biometric_key, "key_params": biometric_params},
            {"type": 1, "uuid": "p", "key": slot_key, "key_params": slot_params, "n": n, "r": 8, "p": 1,
             "salt": data_encoding::HEXLOWER.encode(&salt)}
        ],
        "params": params}, "db": db}))
    .unwrap()
}

fn password(text: &str) -> Password {
    Password::new(Zeroizing::new(text.to_owned()))
}

#[test]
fn reads_a_plain_export_and_reports_what_it_cannot_use() {
    let bytes = plain();
    assert_eq!(import::detect(&bytes), Some(Format::Aegis));
    check(&import::read(&bytes, None, None).unwrap());
}

#[test]
fn reads_an_encrypted_export_with_aegis_default_costs() {
    check(&read(&encrypted("hunter2 correct", 32768), Some(&password("hunter2 correct\n"))).unwrap());
}

#[test]
fn a_wrong_or_missing_password_is_named_as_such() {
    let bytes = encrypted("right password", 1024);
    assert_eq!(read(&bytes, Some(&password("wrong password"))).unwrap_err(), Error::WrongPassword);
    assert_eq!(read(&bytes, None).unwrap_err(), Error::PasswordNeeded);
}

#[test]
fn damaged_and_hostile_files_give_clear_errors() {
    let bytes = encrypted("pw pw pw pw", 1024);
    assert!(matches!(read(&bytes[..bytes.len() / 2], None), Err(Error::Malformed { .. })));
    assert!(matches!(read(&plain()[..100], None), Err(Error::Malformed { .. })));
    let hostile = String::from_utf8(bytes.clone()).unwrap().replace("\"n\":1024", "\"n\":1099511627776");
    assert!(matches!(read(hostile.as_bytes(), Some(&password("pw pw pw pw"))), Err(Error::ExcessiveWork { .. })));
    let tampered = String::from_utf8(bytes).unwrap();
    let at = tampered.find("\"db\":\"").unwrap() + 8;
    let mut tampered = tampered.into_bytes();
    tampered[at] = if tampered[at] == b'A' { b'B' } else { b'A' };
    assert!(matches!(read(&tampered, Some(&password("pw pw pw pw"))), Err(Error::Malformed { .. })));
    assert_eq!(import::read(b"hello", None, None).unwrap_err(), Error::UnknownFormat);
}

#[test]
fn reads_a_plain_otpauth_list_line_by_line() {
    let text = format!("{}\n\nnot a link\n{}\n", EXPECTED[0], EXPECTED[1]);
    let report = import::read(text.as_bytes(), None, None).unwrap();
    assert_eq!(report.accounts.len(), 2);
    assert_eq!(crate::report::said(&report.problems), ["line 3: no otpauth:// link in it"]);
}

/// `bytes` with its password slot repeated `copies` times, each at scrypt cost `n`.
fn with_slots(bytes: &[u8], copies: usize, n: u64) -> Vec<u8> {
    let mut file: Value = serde_json::from_slice(bytes).unwrap();
    let slots = file["header"]["slots"].as_array_mut().unwrap();
    let mut slot = slots.iter().find(|s| s["type"] == 1).unwrap().clone();
    slot["n"] = json!(n);
    *slots = vec![slot; copies];
    serde_json::to_vec(&file).unwrap()
}

/// Regression: hundreds of password slots at scrypt 2^17 each kept `keyfob import` busy past 90 s. The
/// total work is checked before the first KDF runs, and the answer is kept apart from a wrong password.
#[test]
fn a_file_asking_for_excessive_key_derivation_work_is_refused_before_any_work() {
    let bytes = encrypted("pw pw pw pw", 1024);
    let started = std::time::Instant::now();
    let hostile = with_slots(&bytes, 300, 1 << 17);
    assert_eq!(
        read(&hostile, Some(&password("pw pw pw pw"))).unwrap_err(),
        Error::ExcessiveWork { required: 300 * (1 << 17) * 8, limit: MAX_SCRYPT_WORK }
    );
    // Few slots, but each beyond the budget on its own; and more slots than are ever tried, each cheap.
    let costly = with_slots(&bytes, 1, 1 << 20);
    assert_eq!(
        read(&costly, Some(&password("x"))).unwrap_err(),
        Error::ExcessiveWork { required: (1 << 20) * 8, limit: MAX_SCRYPT_WORK }
    );
    let many = with_slots(&bytes, MAX_PASSWORD_SLOTS + 1, 2);
    assert!(matches!(read(&many, Some(&password("x"))), Err(Error::ExcessiveWork { .. })));
    assert!(started.elapsed() < std::time::Duration::from_secs(2), "no KDF ran: {:?}", started.elapsed());
    // Within the limits, several slots are tried in turn and the right one opens the file.
    let four = with_slots(&bytes, MAX_PASSWORD_SLOTS, 1024);
    check(&read(&four, Some(&password("pw pw pw pw"))).unwrap());
    assert_eq!(read(&four, Some(&password("wrong"))).unwrap_err(), Error::WrongPassword);
}

/// Groups (version 3 by UUID, version 2 by name), pins and notes come along; a group Keyfob cannot keep is
/// left out and said, the account imported all the same; thousands of group references stay cheap.
#[test]
fn groups_pins_and_notes_come_along_and_what_cannot_be_kept_is_named() {
    let long = "g".repeat(70);
    let many: Vec<String> = (0..20_000).map(|i| format!("u{i}")).collect();
    let defined: Vec<Value> = many.iter().map(|u| json!({"uuid": u, "name": u})).collect();
    let entry = |name: &str, extra: Value| {
        let mut entry = json!({"type": "totp", "uuid": name, "name": name, "issuer": "Corp",
            "info": {"secret": "JBSWY3DPEHPK3PXP", "algo": "SHA1", "digits": 6, "period": 30}});
        entry.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        entry
    };
    let mut groups = vec![json!({"uuid": "w", "name": "Work"}), json!({"uuid": "l", "name": long})];
    groups.extend(defined);
    let content = json!({"version": 3, "groups": groups, "entries": [
        entry("a", json!({"groups": ["w", "missing"], "favorite": true, "note": "recovery 1\nrecovery 2"})),
        entry("b", json!({"group": "Old style"})),
        entry("c", json!({"groups": ["l", "w"], "note": "n".repeat(5000)})),
        entry("d", json!({"groups": many})),
    ]});
    let bytes =
        serde_json::to_vec(&json!({"version": 1, "header": {"slots": null, "params": null}, "db": content})).unwrap();
    let started = std::time::Instant::now();
    let report = import::read(&bytes, None, None).unwrap();
    assert!(started.elapsed() < std::time::Duration::from_secs(2), "{:?}", started.elapsed());
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    let extras: Vec<(&[String], bool, Option<&str>)> =
        report.accounts.iter().map(|p| (p.extras.groups(), p.extras.favourite(), p.extras.note())).collect();
    assert_eq!(extras[0], (&["Work".to_owned()][..], true, Some("recovery 1\nrecovery 2")));
    assert_eq!(extras[1], (&["Old style".to_owned()][..], false, None));
    assert_eq!(extras[2], (&["Work".to_owned()][..], false, None));
    assert_eq!(extras[3].0.len(), 32);
    assert_eq!(
        crate::report::said(&report.left_out),
        [
            format!(
                "entry 3 `Corp (c)`: its group `{}…` was left out: the group name is 70 bytes long, over the limit of 64 bytes",
                &long[..40]
            ),
            "entry 3 `Corp (c)`: its note was left out: the note is 5000 bytes long, over the limit of 4096 bytes"
                .to_owned(),
            "entry 4 `Corp (d)`: 19968 more groups were left out: an account can be in at most 32 groups".to_owned(),
        ]
    );
}

/// An Aegis entry whose icon is a hostile SVG (markers nested to expand to billions of shapes) comes in
/// without it, quickly, and the report says why.
#[test]
fn an_entry_with_a_hostile_svg_icon_comes_in_without_it() {
    let markers = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../fuzz/seeds/icon/nested-markers.svg"));
    let mut db = content();
    db["entries"][0]["icon"] = json!(data_encoding::BASE64.encode(markers.as_bytes()));
    db["entries"][0]["icon_mime"] = json!("image/svg+xml");
    let file = serde_json::to_vec(&json!({"version": 1, "header": {"slots": null, "params": null}, "db": db})).unwrap();
    let started = std::time::Instant::now();
    let report = read(&file, None).unwrap();
    assert!(started.elapsed() < std::time::Duration::from_secs(1));
    check(&report);
    assert_eq!(
        crate::report::said(&report.left_out),
        [
            "entry 1 `GitHub (alice@example.com)`: its icon was left out: the SVG uses `<marker>`, which icons are not drawn with"
        ]
    );
}
