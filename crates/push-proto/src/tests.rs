use ring::rand::SystemRandom;
use rsa::rand_core::OsRng;

use super::*;

/// 2048-bit keys keep the tests fast; the protocol is the same at 4096.
pub(super) fn key() -> DeviceKey {
    DeviceKey::generate(2048, &mut OsRng).unwrap()
}

pub(super) fn public(key: &DeviceKey) -> PublicKey {
    PublicKey::from_base64(&key.public_key_base64().unwrap()).unwrap()
}

fn challenge(server: &DeviceKey, options: Option<&str>) -> Challenge {
    let mut challenge = Challenge {
        nonce: "NONCE123".into(),
        url: "http://127.0.0.1:8080/ttype/push".into(),
        serial: "PIPU0001".into(),
        question: "Log in to Payroll?".into(),
        title: "Payroll".into(),
        sslverify: "1".into(),
        require_presence: options.map(str::to_owned),
        signature: String::new(),
        expires: None,
        expires_signature: None,
    };
    challenge.signature =
        sign_with_server_key(server.expose_pkcs8(), &challenge.signed_text(), &SystemRandom::new()).unwrap();
    challenge
}

#[test]
fn signed_texts_are_exactly_privacyideas() {
    let server = key();
    let plain = challenge(&server, None);
    assert_eq!(plain.signed_text(), "NONCE123|http://127.0.0.1:8080/ttype/push|PIPU0001|Log in to Payroll?|Payroll|1");
    let matching = challenge(&server, Some("17,42,86"));
    assert!(matching.signed_text().ends_with("|Payroll|1|17,42,86"));
    assert_eq!(poll_text("PIPU0001", "2026-11-25T15:40:00.000000+00:00"), "PIPU0001|2026-11-25T15:40:00.000000+00:00");
    let approve = Answer::Approve { presence: Some("42".into()) };
    assert_eq!(answer_text("N", "S", &approve), "N|S|42");
    assert_eq!(answer_text("N", "S", &Answer::Approve { presence: None }), "N|S");
    assert_eq!(answer_text("N", "S", &Answer::Deny { not_me: false }), "N|S|decline");
    assert_eq!(answer_text("N", "S", &Answer::Deny { not_me: true }), "N|S|decline|unknown_trigger");
    let form = answer_form("N", "S", &Answer::Deny { not_me: true }, "SIG");
    assert_eq!(
        form,
        [
            ("nonce", "N".to_owned()),
            ("serial", "S".to_owned()),
            ("decline", "1".to_owned()),
            ("decline_reason", "unknown_trigger".to_owned()),
            ("signature", "SIG".to_owned())
        ]
    );
    assert_eq!(timestamp(1_795_612_800_123_456_789), "2026-11-25T13:20:00.123456+00:00");
}

#[test]
fn only_challenges_signed_by_the_pinned_key_for_this_token_verify() {
    let server = key();
    let pinned = public(&server);
    let url = "http://127.0.0.1:8080/ttype/push";
    let good = challenge(&server, Some("17,42,86"));
    let verified = good.verify("PIPU0001", url, &pinned).unwrap();
    assert_eq!(verified.options, ["17", "42", "86"]);
    assert_eq!(verified.question, "Log in to Payroll?");

    let mut tampered = good.clone();
    tampered.require_presence = Some("17,42,99".into());
    assert_eq!(tampered.verify("PIPU0001", url, &pinned), Err(ChallengeError::BadSignature));
    let mut tampered = good.clone();
    tampered.question = "Log in to Bank?".into();
    assert_eq!(tampered.verify("PIPU0001", url, &pinned), Err(ChallengeError::BadSignature));
    let mut unsigned = good.clone();
    unsigned.signature = String::new();
    assert_eq!(unsigned.verify("PIPU0001", url, &pinned), Err(ChallengeError::BadSignature));
    let impostor = challenge(&key(), Some("17,42,86"));
    assert_eq!(impostor.verify("PIPU0001", url, &pinned), Err(ChallengeError::BadSignature));
    assert_eq!(good.verify("PIPU0002", url, &pinned), Err(ChallengeError::WrongSerial));
    assert_eq!(good.verify("PIPU0001", "http://evil/ttype/push", &pinned), Err(ChallengeError::WrongUrl));

    // The reference service's expiry is signed separately; a forged one is refused.
    let rng = SystemRandom::new();
    let mut expiring = good.clone();
    expiring.expires = Some(1_900_000_000);
    expiring.expires_signature =
        Some(sign_with_server_key(server.expose_pkcs8(), "NONCE123|1900000000", &rng).unwrap());
    assert_eq!(expiring.verify("PIPU0001", url, &pinned).unwrap().expires, Some(1_900_000_000));
    expiring.expires = Some(1_999_999_999);
    assert_eq!(expiring.verify("PIPU0001", url, &pinned), Err(ChallengeError::BadSignature));
}

#[test]
fn device_signatures_verify_with_the_registered_public_key_and_keys_round_trip() {
    let device = key();
    let rng = SystemRandom::new();
    let signature = device.sign("PIPU0001|2026-11-25T15:40:00.000000+00:00", &rng).unwrap();
    assert!(signature.len().is_multiple_of(8) && signature.ends_with('='), "padded base32");
    let registered = public(&device);
    assert!(registered.verifies("PIPU0001|2026-11-25T15:40:00.000000+00:00", &signature));
    assert!(!registered.verifies("PIPU0001|2026-11-25T15:41:00.000000+00:00", &signature));
    let reloaded = DeviceKey::from_pkcs8(zeroize::Zeroizing::new(device.expose_pkcs8().to_vec())).unwrap();
    assert_eq!(reloaded.public_key_base64().unwrap(), device.public_key_base64().unwrap());
    assert_eq!(format!("{device:?}"), "DeviceKey([redacted])");
    // PKCS#1 as privacyIDEA sends it, with PEM armour and line breaks, reads as the same key.
    let pkcs1 = data_encoding::BASE64.encode(registered.to_der());
    let pem =
        format!("-----BEGIN RSA PUBLIC KEY-----\n{}\n{}\n-----END RSA PUBLIC KEY-----", &pkcs1[..40], &pkcs1[40..]);
    assert_eq!(PublicKey::from_base64(&pem).unwrap(), registered);
    assert!(PublicKey::from_base64("bm90IGEga2V5").is_err());
}

/// A prompt whose only button is the right number (one option, or one repeated) would defeat number
/// matching even when signed: refused. So are more than ten.
#[test]
fn number_matching_needs_two_to_ten_different_options_even_when_signed() {
    let server = key();
    let (pinned, url) = (public(&server), "http://127.0.0.1:8080/ttype/push");
    for options in ["42", "42,42", "42,42,42", "17,42,17", "1,2,3,4,5,6,7,8,9,10,11", "", "17,,42"] {
        assert!(
            matches!(
                challenge(&server, Some(options)).verify("PIPU0001", url, &pinned),
                Err(ChallengeError::Malformed(_))
            ),
            "{options:?}"
        );
    }
    for options in ["17,42", "1,2,3,4,5,6,7,8,9,10"] {
        assert!(challenge(&server, Some(options)).verify("PIPU0001", url, &pinned).is_ok(), "{options}");
    }
}

/// A challenge whose expiry was stripped is shown two minutes after it was first seen, no longer; a signed
/// expiry is kept to, and one over a day ahead is not believed.
#[test]
fn challenges_are_shown_only_while_they_can_be_answered() {
    let server = key();
    let (pinned, url) = (public(&server), "http://127.0.0.1:8080/ttype/push");
    let unsigned = challenge(&server, Some("17,42,86")).verify("PIPU0001", url, &pinned).unwrap();
    assert!(unsigned.showable_at(1_000, 1_000));
    assert!(unsigned.showable_at(1_119, 1_000));
    assert!(!unsigned.showable_at(1_120, 1_000));
    assert!(!unsigned.showable_at(90_000, 1_000), "a replay a day later");
    let expiring = |at: u64| Verified { expires: Some(at), ..unsigned.clone() };
    assert!(expiring(1_060).showable_at(1_000, 1_000));
    assert!(!expiring(1_000).showable_at(1_000, 1_000));
    assert!(!expiring(1_000 + MAX_VALIDITY_SECS + 1).showable_at(1_000, 1_000));
}
