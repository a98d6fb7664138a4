//! The worked examples of docs/ are the files in `vectors/`: these tests open each with the library, so
//! the docs cannot drift from what Keyfob reads. (vectors/README.md says what each holds.)

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test helpers: a failure is the test failing")]

use keyfob_crypto::Password;
use keyfob_otp::uri;
use keyfob_push_proto::{self as push, Answer, Challenge, PublicKey};
use keyfob_vault::{Vault, VaultKey, backup};
use zeroize::Zeroizing;

fn vector(name: &str) -> Vec<u8> {
    let path = format!("{}/../../vectors/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn text(name: &str) -> String {
    String::from_utf8(vector(name)).unwrap().trim().to_owned()
}

const PASSWORD: &str = "correct horse battery staple";
/// RFC 6238's SHA-1 secret: its published 8-digit code at 59 s is 94287082, at 1111111109 s 07081804.
const RFC_6238: &str = "otpauth://totp/GitHub:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=GitHub&digits=8";

#[test]
fn the_vault_opens_under_its_key_and_gives_the_rfc_codes() {
    let bytes = vector("vault.json");
    let key = VaultKey::from_keychain_text(&text("vault-key.txt")).unwrap();
    let mut vault = Vault::open(&bytes, &key).unwrap();
    let names: Vec<(Option<&str>, &str)> =
        vault.entries().iter().map(|e| (e.issuer.as_deref(), e.name.as_str())).collect();
    assert_eq!(names, [(Some("GitHub"), "alice"), (Some("Bank"), "bob")]);
    let github = vault.account(1).unwrap();
    assert_eq!(github.code_at(59).as_str(), "94287082");
    assert_eq!(github.code_at(1_111_111_109).as_str(), "07081804");
    // RFC 4226's first HOTP codes.
    assert_eq!(vault.next_hotp_code(2).unwrap().as_str(), "755224");
    assert_eq!(vault.next_hotp_code(2).unwrap().as_str(), "287082");
    // Another key is told apart from a changed file.
    let other = VaultKey::from_keychain_text("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=").unwrap();
    assert_eq!(Vault::open(&bytes, &other).unwrap_err(), keyfob_vault::Error::WrongKey);
    let changed = String::from_utf8(bytes).unwrap().replace("\"alice\"", "\"mallory\"");
    assert_eq!(Vault::open(changed.as_bytes(), &key).unwrap_err(), keyfob_vault::Error::IntegrityFailure);
}

#[test]
fn every_backup_version_opens_with_the_password() {
    let password = Password::new(Zeroizing::new(PASSWORD.into()));
    let (accounts, created) = backup::open(&vector("backup-v3.json"), &password).unwrap();
    assert_eq!(created, 1_800_000_000);
    assert_eq!(accounts[0].account, uri::parse(RFC_6238).unwrap());
    let extras = &accounts[0].extras;
    assert_eq!(
        (extras.groups(), extras.favourite(), extras.note()),
        (&["Work".to_owned(), "Code".to_owned()][..], true, Some("recovery: 1111-2222"))
    );
    assert!(accounts[1].extras.is_empty());
    assert_eq!(accounts[1].account.method().counter(), Some(7));
    let (accounts, created) = backup::open(&vector("backup-v2.json"), &password).unwrap();
    assert_eq!(created, 1_800_000_000);
    assert_eq!(accounts[0].account, uri::parse(RFC_6238).unwrap());
    assert_eq!(accounts[1].account.method().counter(), Some(7));
    let (accounts, created) = backup::open(&vector("backup-v1.json"), &password).unwrap();
    assert_eq!((accounts.len(), created), (1, 1_790_000_000));
    assert_eq!(accounts[0].account.code_at(59).as_str(), "94287082");

    let wrong = Password::new(Zeroizing::new("wrong horse battery staple".into()));
    for version in ["backup-v3.json", "backup-v2.json", "backup-v1.json"] {
        assert_eq!(backup::open(&vector(version), &wrong).unwrap_err(), backup::Error::WrongPassword, "{version}");
    }
}

#[test]
fn the_push_enrolment_link_and_challenge_verify_against_the_server_key() {
    let enrolment = push::parse_link(&text("push-enrolment.txt")).unwrap();
    assert_eq!(
        (enrolment.serial.as_str(), enrolment.url.as_str()),
        ("KFPU00000001", "https://push.example.com/ttype/push")
    );
    let server = PublicKey::from_base64(&text("push-server-key.txt")).unwrap();
    let challenge: Challenge = serde_json::from_slice(&vector("push-challenge.json")).unwrap();
    let verified = challenge.verify(&enrolment.serial, &enrolment.url, &server).unwrap();
    assert_eq!(verified.options, ["17", "42", "86"]);
    assert_eq!(verified.expires, Some(1_800_000_120));
    assert_eq!(
        push::answer_text(&verified.nonce, &verified.serial, &Answer::Approve { presence: Some("42".into()) }),
        "A3THSTG3OCS2726YAH3JQIQ67MZLMVFD|KFPU00000001|42"
    );
    // The same challenge for another token, or with a changed question, is refused.
    assert!(challenge.verify("KFPU00000002", &enrolment.url, &server).is_err());
    let mut changed = challenge.clone();
    changed.question = "Log in to Evil?".into();
    assert!(changed.verify(&enrolment.serial, &enrolment.url, &server).is_err());
}

#[test]
fn the_docs_show_the_vectors_as_they_are() {
    for (doc, vectors) in [
        ("vault-format.md", &["vault.json"][..]),
        ("backup-format.md", &["backup-v3.json"][..]),
        ("push-protocol.md", &["push-challenge.json"][..]),
    ] {
        let path = format!("{}/../../docs/{doc}", env!("CARGO_MANIFEST_DIR"));
        let shown = std::fs::read_to_string(&path).unwrap();
        for name in vectors {
            let content = String::from_utf8(vector(name)).unwrap();
            assert!(shown.contains(&content), "docs/{doc} shows vectors/{name} exactly");
        }
    }
}
