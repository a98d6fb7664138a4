use super::*;

const SECRET: &str = "JBSWY3DPEHPK3PXP";

fn ok(uri: &str) -> Account {
    parse(uri).unwrap_or_else(|e| panic!("{uri}: {e}"))
}

#[test]
fn parses_a_minimal_totp_uri_with_defaults() {
    let account = ok("otpauth://totp/alice@example.com?secret=JBSWY3DPEHPK3PXP");
    assert_eq!(account.issuer(), None);
    assert_eq!(account.name(), "alice@example.com");
    assert_eq!(*account.method(), Method::DEFAULT_TOTP);
    assert_eq!(account.secret().to_base32().as_str(), SECRET);
}

#[test]
fn parses_every_parameter() {
    let account = ok(
        "otpauth://totp/ACME%20Co:alice@example.com?secret=jbsw%20y3dp%20ehpk%203pxp&issuer=ACME%20Co&algorithm=sha512&digits=8&period=60",
    );
    assert_eq!(account.issuer(), Some("ACME Co"));
    assert_eq!(account.name(), "alice@example.com");
    assert_eq!(
        *account.method(),
        Method::Totp {
            algorithm: Algorithm::Sha512,
            digits: Digits::new(8).unwrap(),
            period: Period::new(60).unwrap()
        }
    );
}

#[test]
fn parses_hotp_with_its_counter() {
    let account = ok("otpauth://hotp/Bank:bob?secret=JBSWY3DPEHPK3PXP&counter=42&digits=7");
    assert_eq!(
        *account.method(),
        Method::Hotp { algorithm: Algorithm::Sha1, digits: Digits::new(7).unwrap(), counter: 42 }
    );
}

/// Label, issuer and account name as they should come out, table-driven.
#[test]
fn splits_labels_like_google_authenticator() {
    let cases: &[(&str, Option<&str>, &str)] = &[
        ("otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP", Some("Example"), "alice"),
        ("otpauth://totp/Example%3Aalice?secret=JBSWY3DPEHPK3PXP", Some("Example"), "alice"),
        ("otpauth://totp/Example:%20alice?secret=JBSWY3DPEHPK3PXP", Some("Example"), "alice"),
        ("otpauth://totp/Old:alice?secret=JBSWY3DPEHPK3PXP&issuer=New", Some("New"), "alice"),
        ("otpauth://totp/alice?secret=JBSWY3DPEHPK3PXP&issuer=Example", Some("Example"), "alice"),
        ("otpauth://totp/A%3AB:alice?secret=JBSWY3DPEHPK3PXP&issuer=A%3AB", Some("A:B"), "alice"),
        ("otpauth://totp/Caf%C3%A9:z%C3%BC?secret=JBSWY3DPEHPK3PXP", Some("Café"), "zü"),
        ("otpauth://totp/?secret=JBSWY3DPEHPK3PXP&issuer=Example", Some("Example"), ""),
        ("otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP&issuer=Big+Corp", Some("Big Corp"), "alice"),
        ("OTPAUTH://TOTP/Example:alice?SECRET=JBSWY3DPEHPK3PXP", Some("Example"), "alice"),
        ("otpauth://totp/Example:a/b?secret=JBSWY3DPEHPK3PXP#ignored", Some("Example"), "a/b"),
    ];
    for &(uri, issuer, name) in cases {
        let account = ok(uri);
        assert_eq!((account.issuer(), account.name()), (issuer, name), "{uri}");
    }
}

#[test]
fn recognises_steam_guard_accounts() {
    for uri in [
        "otpauth://totp/Steam:gamer?secret=JBSWY3DPEHPK3PXP&issuer=Steam",
        "otpauth://totp/gamer?secret=JBSWY3DPEHPK3PXP&encoder=steam&digits=5",
        "otpauth://steam/Steam:gamer?secret=JBSWY3DPEHPK3PXP",
    ] {
        assert_eq!(*ok(uri).method(), Method::Steam { period: Period::THIRTY }, "{uri}");
    }
}

/// Each malformed URI and the error it must give, table-driven. None may panic.
#[test]
fn rejects_malformed_uris_with_the_field_named() {
    let long_label = format!("otpauth://totp/{}?secret=JBSWY3DPEHPK3PXP", "a".repeat(300));
    let long_uri = format!("otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&x={}", "a".repeat(5000));
    let cases: Vec<(&str, Error)> = vec![
        ("https://example.com/?secret=JBSWY3DPEHPK3PXP", Error::NotOtpauth { found: "https://".into() }),
        ("JBSWY3DPEHPK3PXP", Error::NotOtpauth { found: "JBSWY3DPEHPK3PXP".into() }),
        ("otpauth-migration://offline?data=CgA", Error::MigrationExport),
        ("otpauth://xotp/a?secret=JBSWY3DPEHPK3PXP", Error::UnsupportedType { found: "xotp".into() }),
        ("otpauth://?secret=JBSWY3DPEHPK3PXP", Error::UnsupportedType { found: "".into() }),
        ("otpauth://totp/alice", Error::MissingSecret),
        ("otpauth://totp/alice?issuer=x", Error::MissingSecret),
        ("otpauth://totp/alice?secret=", Error::Secret(SecretError::Empty)),
        ("otpauth://totp/alice?secret=JBSWY3DP0HPK3PXP", Error::Secret(SecretError::InvalidCharacter { position: 9 })),
        ("otpauth://totp/alice?secret=JBSWY3DPE", Error::Secret(SecretError::InvalidLength { len: 9 })),
        ("otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&digits=5", Error::InvalidDigits { found: "5".into() }),
        ("otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&digits=9", Error::InvalidDigits { found: "9".into() }),
        ("otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&digits=six", Error::InvalidDigits { found: "six".into() }),
        ("otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&digits=", Error::InvalidDigits { found: "".into() }),
        ("otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&period=0", Error::InvalidPeriod { found: "0".into() }),
        ("otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&period=-30", Error::InvalidPeriod { found: "-30".into() }),
        ("otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&period=1.5", Error::InvalidPeriod { found: "1.5".into() }),
        ("otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&algorithm=MD5", Error::UnsupportedAlgorithm { found: "MD5".into() }),
        (
            "otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&algorithm=SHA3",
            Error::UnsupportedAlgorithm { found: "SHA3".into() },
        ),
        ("otpauth://hotp/a?secret=JBSWY3DPEHPK3PXP", Error::MissingCounter),
        ("otpauth://hotp/a?secret=JBSWY3DPEHPK3PXP&counter=-1", Error::InvalidCounter { found: "-1".into() }),
        (
            "otpauth://hotp/a?secret=JBSWY3DPEHPK3PXP&counter=18446744073709551616",
            Error::InvalidCounter { found: "18446744073709551616".into() },
        ),
        (
            "otpauth://totp/a%ZZ?secret=JBSWY3DPEHPK3PXP",
            Error::BadPercentEncoding { field: "label".into(), position: 1 },
        ),
        (
            "otpauth://totp/a%4?secret=JBSWY3DPEHPK3PXP",
            Error::BadPercentEncoding { field: "label".into(), position: 1 },
        ),
        (
            "otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&issuer=%G1",
            Error::BadPercentEncoding { field: "issuer".into(), position: 0 },
        ),
        ("otpauth://totp/a%FF?secret=JBSWY3DPEHPK3PXP", Error::InvalidUtf8 { field: "label".into() }),
        (
            "otpauth://totp/a%00b?secret=JBSWY3DPEHPK3PXP",
            Error::Name(NameError::ControlCharacter { field: "account name", position: 1 }),
        ),
        (
            "otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&issuer=x%00",
            Error::Name(NameError::ControlCharacter { field: "issuer", position: 1 }),
        ),
        ("otpauth://totp/a\0?secret=JBSWY3DPEHPK3PXP", Error::ControlCharacter { position: 16 }),
        ("otpauth://totp/a\n?secret=JBSWY3DPEHPK3PXP", Error::ControlCharacter { position: 16 }),
        (
            "otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&secret=GEZDGNBV",
            Error::DuplicateParameter { name: "secret".into() },
        ),
        (
            "otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&Issuer=a&issuer=b",
            Error::DuplicateParameter { name: "issuer".into() },
        ),
        (&long_label, Error::Name(NameError::TooLong { field: "account name", len: 300 })),
        // A label that names nothing, however it is spelled.
        ("otpauth://totp/?secret=JBSWY3DPEHPK3PXP", Error::Name(NameError::Nameless)),
        ("otpauth://totp/%20:%20?secret=JBSWY3DPEHPK3PXP&issuer=", Error::Name(NameError::Nameless)),
        ("otpauth://totp/:?secret=JBSWY3DPEHPK3PXP", Error::Name(NameError::Nameless)),
        // A right-to-left override or a zero-width space would let one name pose as another.
        (
            "otpauth://totp/Pay%E2%80%AElaP:alice?secret=JBSWY3DPEHPK3PXP",
            Error::Name(NameError::InvisibleCharacter { field: "issuer", position: 3, code: 0x202E }),
        ),
        (
            "otpauth://totp/ACME:ali%E2%80%8Bce?secret=JBSWY3DPEHPK3PXP",
            Error::Name(NameError::InvisibleCharacter { field: "account name", position: 3, code: 0x200B }),
        ),
        (&long_uri, Error::TooLong { len: long_uri.len() }),
    ];
    for (uri, expected) in cases {
        assert_eq!(parse(uri).err(), Some(expected), "{uri}");
    }
}

#[test]
fn errors_never_contain_the_secret() {
    let secret = "JBSWY3DPEHPK3PXP";
    for uri in [
        format!("otpauth://totp/a?secret={secret}&digits=12"),
        format!("otpauth://totp/a?secret={secret}1"),
        format!("otpauth://totp/a?secret={secret}&secret={secret}"),
        format!("otpauth://totp/a?secret={secret}&algorithm=MD5"),
        format!("https://x/?secret={secret}"),
    ] {
        let message = parse(&uri).unwrap_err().to_string();
        assert!(!message.contains(secret) && !message.contains("JBSWY3"), "{message}");
    }
}

#[test]
fn quotes_of_long_values_are_cut() {
    let uri = format!("otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&digits={}", "9".repeat(100));
    let message = parse(&uri).unwrap_err().to_string();
    assert!(message.len() < 80, "{message}");
}

#[test]
fn formats_canonically() {
    let account = ok("otpauth://totp/ACME%20Co:alice@example.com?issuer=ACME+Co&secret=jbswy3dpehpk3pxp");
    assert_eq!(
        to_uri(&account).as_str(),
        "otpauth://totp/ACME%20Co:alice@example.com?secret=JBSWY3DPEHPK3PXP&issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30"
    );
    let hotp = ok("otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP&counter=7");
    assert_eq!(to_uri(&hotp).as_str(), "otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP&algorithm=SHA1&digits=6&counter=7");
    let steam = ok("otpauth://totp/Steam:gamer?secret=JBSWY3DPEHPK3PXP&issuer=Steam");
    assert_eq!(
        to_uri(&steam).as_str(),
        "otpauth://totp/Steam:gamer?secret=JBSWY3DPEHPK3PXP&issuer=Steam&algorithm=SHA1&digits=5&period=30&encoder=steam"
    );
}

#[test]
fn format_then_parse_round_trips() {
    let uris = [
        "otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP",
        "otpauth://totp/A%3AB:alice?secret=JBSWY3DPEHPK3PXP&issuer=A%3AB",
        "otpauth://totp/:a:b?secret=JBSWY3DPEHPK3PXP",
        "otpauth://totp/%25%26%3F%23%2F%2B?secret=JBSWY3DPEHPK3PXP&issuer=%26%3D%2B%20x&digits=8&period=45",
        "otpauth://hotp/Bank:bob?secret=GEZDGNBVGY3DQOJQGEZDGNBVGY3DQOJQ&counter=18446744073709551615&algorithm=SHA256",
        "otpauth://totp/Caf%C3%A9:%E2%9C%93?secret=JBSWY3DPEHPK3PXP&algorithm=SHA512",
        "otpauth://steam/Steam:gamer?secret=JBSWY3DPEHPK3PXP",
    ];
    for uri in uris {
        let account = ok(uri);
        let formatted = to_uri(&account);
        let again = ok(&formatted);
        assert_eq!(again, account, "{uri} -> {}", formatted.as_str());
        assert_eq!(to_uri(&again), formatted, "formatting is stable for {uri}");
    }
}

/// Regression (found by the `uri` fuzz target): `Steam :name` (a space before the colon) was read as TOTP,
/// but written back as `issuer=Steam`, which reads as Steam: the link changed the account on a round trip.
#[test]
fn a_steam_issuer_with_spaces_is_steam_both_ways() {
    let account = parse("oTPAUTH://totp/steam :Nb:?secret=mM").unwrap();
    assert!(matches!(account.method(), Method::Steam { .. }), "{account:?}");
    assert_eq!(parse(to_uri(&account).as_str()).unwrap(), account);
}
