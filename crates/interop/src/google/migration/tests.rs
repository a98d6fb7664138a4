use super::*;
use keyfob_otp::uri;

/// `Hello!\xde\xad\xbe\xef`, base32 `JBSWY3DPEHPK3PXP`.
const SECRET: &[u8] = b"Hello!\xde\xad\xbe\xef";

fn entry(name: &str, issuer: &str, algorithm: i32, digits: i32, r#type: i32, counter: i64) -> OtpParameters {
    OtpParameters {
        secret: SECRET.to_vec(),
        name: name.into(),
        issuer: issuer.into(),
        algorithm,
        digits,
        r#type,
        counter,
    }
}

fn export_uri(entries: Vec<OtpParameters>, batch_index: i32, batch_size: i32) -> String {
    let payload = Payload { otp_parameters: entries, version: 1, batch_size, batch_index, batch_id: -7 };
    let data = data_encoding::BASE64.encode(&payload.encode_to_vec());
    format!(
        "otpauth-migration://offline?data={}",
        percent_encoding::utf8_percent_encode(&data, percent_encoding::NON_ALPHANUMERIC)
    )
}

/// The wire bytes written out by hand from the published message layout, so a wrong field number in our
/// declaration cannot go unnoticed.
#[test]
fn reads_hand_encoded_wire_bytes() {
    let mut account = vec![0x0a, 10];
    account.extend_from_slice(SECRET);
    account.extend_from_slice(&[0x12, 5]);
    account.extend_from_slice(b"alice");
    account.extend_from_slice(&[0x1a, 4]);
    account.extend_from_slice(b"ACME");
    account.extend_from_slice(&[0x20, 2, 0x28, 2, 0x30, 1, 0x38, 5]); // SHA256, 8 digits, HOTP, counter 5
    let mut payload = vec![0x0a, u8::try_from(account.len()).unwrap()];
    payload.extend_from_slice(&account);
    payload.extend_from_slice(&[0x10, 1, 0x18, 3, 0x20, 2, 0x28, 9]); // version 1, batch 3 of 3, id 9
    let uri = format!("otpauth-migration://offline?data={}", data_encoding::BASE64.encode(&payload));

    let export = parse(&uri).unwrap();
    assert_eq!(export.batch, Batch { index: 2, size: 3, id: 9 });
    assert!(export.skipped.is_empty());
    let [account] = export.accounts.as_slice() else { panic!("one account expected") };
    assert_eq!(
        uri::to_uri(account).as_str(),
        "otpauth://hotp/ACME:alice?secret=JBSWY3DPEHPK3PXP&issuer=ACME&algorithm=SHA256&digits=8&counter=5"
    );
}

#[test]
fn maps_every_algorithm_digit_count_and_type() {
    let export = parse(&export_uri(
        vec![
            entry("a", "", 0, 0, 0, 0),
            entry("b", "B", 1, 1, 2, 0),
            entry("c", "C", 2, 2, 2, 0),
            entry("d", "D", 3, 1, 1, 99),
            entry("E:e", "", 1, 1, 2, 0),
        ],
        0,
        1,
    ))
    .unwrap();
    let uris: Vec<String> = export.accounts.iter().map(|a| uri::to_uri(a).to_string()).collect();
    assert_eq!(
        uris,
        [
            "otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&algorithm=SHA1&digits=6&period=30",
            "otpauth://totp/B:b?secret=JBSWY3DPEHPK3PXP&issuer=B&algorithm=SHA1&digits=6&period=30",
            "otpauth://totp/C:c?secret=JBSWY3DPEHPK3PXP&issuer=C&algorithm=SHA256&digits=8&period=30",
            "otpauth://hotp/D:d?secret=JBSWY3DPEHPK3PXP&issuer=D&algorithm=SHA512&digits=6&counter=99",
            "otpauth://totp/E:e?secret=JBSWY3DPEHPK3PXP&issuer=E&algorithm=SHA1&digits=6&period=30",
        ]
    );
}

#[test]
fn reports_unsupported_entries_by_name_and_keeps_the_rest() {
    let export = parse(&export_uri(
        vec![
            entry("old", "Legacy", 4, 1, 2, 0),
            entry("good", "Fine", 1, 1, 2, 0),
            entry("weird", "", 1, 1, 9, 0),
            entry("neg", "", 1, 1, 1, -1),
            entry("long", "", 1, 3, 2, 0),
        ],
        0,
        1,
    ))
    .unwrap();
    assert_eq!(export.accounts.len(), 1);
    assert_eq!(export.accounts[0].name(), "good");
    let skipped: Vec<(usize, &str, &Unusable, String)> =
        export.skipped.iter().map(|s| (s.index, s.label.as_str(), &s.reason, s.reason.to_string())).collect();
    assert_eq!(
        skipped,
        [
            (0, "Legacy: old", &Unusable::Md5, "uses the MD5 algorithm, which Keyfob does not support".to_owned()),
            (2, "weird", &Unusable::Type(9), "is of an unknown type (#9)".to_owned()),
            (3, "neg", &Unusable::NegativeCounter, "has a negative counter".to_owned()),
            (4, "long", &Unusable::Digits(3), "uses an unknown number of digits (#3)".to_owned()),
        ]
    );
}

#[test]
fn exports_round_trip_through_import() {
    let accounts: Vec<Account> = [
        "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP",
        "otpauth://totp/Caf%C3%A9:%C3%BC?secret=GEZDGNBVGY3DQOJQ&algorithm=SHA512&digits=8",
        "otpauth://hotp/Bank:bob?secret=JBSWY3DPEHPK3PXP&counter=12",
        "otpauth://totp/Steam:gamer?secret=JBSWY3DPEHPK3PXP&issuer=Steam",
        "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&period=60",
    ]
    .iter()
    .map(|u| uri::parse(u).unwrap())
    .collect();
    let refs: Vec<&Account> = accounts.iter().collect();
    let batch = Batch { index: 1, size: 2, id: 42 };
    let (text, left_out) = to_uri(&refs, batch);
    assert_eq!(left_out, 2, "Steam and a 60-second period have no Google Authenticator form");
    let export = parse(&text).unwrap();
    assert_eq!(export.batch, batch);
    assert_eq!(export.accounts.as_slice(), &accounts[..3]);
}

#[test]
fn rejects_what_is_not_an_export() {
    assert_eq!(parse("otpauth://totp/a?secret=JBSWY3DPEHPK3PXP").err(), Some(Error::NotMigration));
    assert_eq!(parse("otpauth-migration://offline").err(), Some(Error::MissingData));
    assert_eq!(parse("otpauth-migration://offline?data=ab!c").err(), Some(Error::InvalidBase64 { position: 2 }));
    assert_eq!(parse("otpauth-migration://offline?data=%FF%FF%FF").err(), Some(Error::InvalidBase64 { position: 0 }));
    // Valid base64 of bytes that are not a protobuf message (a field with wire type 7).
    assert_eq!(parse("otpauth-migration://offline?data=/////w").err(), Some(Error::InvalidPayload));
    assert!(matches!(parse("otpauth-migration://offline?data=\0"), Err(Error::Uri(_))));
}

#[test]
fn tolerates_unescaped_base64_and_missing_padding() {
    let uri = export_uri(vec![entry("a", "A", 1, 1, 2, 0)], 0, 1);
    let raw = percent_encoding::percent_decode_str(&uri).decode_utf8().unwrap().trim_end_matches('=').to_owned();
    assert_eq!(parse(&raw).unwrap().accounts.len(), 1);
}

/// Regression: an export claiming 2^31 − 1 batches made `keyfob import` allocate gigabytes (one line per
/// missing batch) and abort. The claim is now checked before anything is sized by it.
#[test]
fn an_export_lying_about_its_batch_count_is_damaged_not_a_huge_allocation() {
    for (index, size) in [(0, i32::MAX), (0, 101), (5, 3), (3, 3), (-1, 2), (0, -4)] {
        let text = export_uri(vec![entry("a", "A", 1, 1, 2, 0)], index, size);
        assert_eq!(parse(&text).unwrap_err(), Error::InvalidBatch { index, size }, "{index} of {size}");
        let found = crate::payload::read_texts(&[text]);
        assert!(found.accounts.is_empty());
        assert_eq!(found.problems.len(), 1, "{:?}", found.problems);
        assert!(found.problems[0].to_string().starts_with("the export is damaged"), "{:?}", found.problems);
    }
    for (index, size) in [(0, 0), (0, 1), (99, 100)] {
        assert!(parse(&export_uri(vec![entry("a", "A", 1, 1, 2, 0)], index, size)).is_ok(), "{index} of {size}");
    }
}

/// Found by the round-trip property: an HOTP counter past 2^63 was exported as 2^63 − 1 (a different
/// account), and a name with a colon came back split into an issuer.
#[test]
fn what_an_export_cannot_hold_exactly_is_left_out_and_colons_survive() {
    let huge = uri::parse("otpauth://hotp/Bank:bob?secret=JBSWY3DPEHPK3PXP&counter=9223372036854775808").unwrap();
    assert!(!can_export(&huge));
    let (_, left_out) = to_uri(&[&huge], Batch { index: 0, size: 1, id: 1 });
    assert_eq!(left_out, 1);
    for link in
        ["otpauth://totp/:a:b?secret=JBSWY3DPEHPK3PXP", "otpauth://totp/ACME:x:y?secret=JBSWY3DPEHPK3PXP&issuer=ACME"]
    {
        let account = uri::parse(link).unwrap();
        let (text, _) = to_uri(&[&account], Batch { index: 0, size: 1, id: 1 });
        assert_eq!(parse(&text).unwrap().accounts, [account], "{link}");
    }
}
