//! Parsers face hostile input: QR payloads, pasted links and image files come from anyone. Random and mutated
//! inputs must give an answer or an error, never a panic. (A bounded run here; fuzz targets go deeper.)

// A panic is how a test reports failure; indexing here is over ranges drawn from the same lengths.
#![allow(clippy::indexing_slicing, clippy::unwrap_used)]

use keyfob_core::{qr, uri};
use keyfob_interop::google::migration;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const VALID: &[&str] = &[
    "otpauth://totp/ACME%20Co:alice@example.com?secret=JBSWY3DPEHPK3PXP&issuer=ACME%20Co&algorithm=SHA256&digits=8&period=60",
    "otpauth://hotp/Bank:bob?secret=GEZDGNBVGY3TQOJQ&counter=42",
    "otpauth://totp/Steam:gamer?secret=JBSWY3DPEHPK3PXP&issuer=Steam",
    "otpauth-migration://offline?data=CjMKCkhlbGxvId6tvu8SBWFsaWNlGgRBQ01FIAIoAjABOAUQARgDIAIoCQ%3D%3D",
];

/// Mutates `text` by inserting, deleting and replacing characters, biased towards URI syntax.
fn mutate(text: &str, rng: &mut StdRng) -> String {
    let alphabet: Vec<char> = "%:/?&=#+ 0123456789ABCDEFabcdef\0\u{7f}é✓-._~".chars().collect();
    let mut chars: Vec<char> = text.chars().collect();
    for _ in 0..rng.random_range(1..6) {
        let at = rng.random_range(0..=chars.len());
        let c = alphabet[rng.random_range(0..alphabet.len())];
        match rng.random_range(0..3) {
            0 => chars.insert(at, c),
            1 if at < chars.len() => {
                chars.remove(at);
            }
            _ if at < chars.len() => chars[at] = c,
            _ => chars.push(c),
        }
    }
    chars.into_iter().collect()
}

#[test]
fn mutated_links_never_panic() {
    let mut rng = StdRng::seed_from_u64(1);
    for _ in 0..20_000 {
        let base = VALID[rng.random_range(0..VALID.len())];
        let text = mutate(base, &mut rng);
        let _ = uri::parse(&text);
        let _ = migration::parse(&text);
    }
}

#[test]
fn random_bytes_as_images_never_panic() {
    let mut rng = StdRng::seed_from_u64(2);
    // Real headers followed by garbage reach deep into each decoder.
    let headers: [&[u8]; 5] = [b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff\xe0", b"RIFF\0\0\0\0WEBPVP8 ", b"GIF89a", b"BM"];
    for round in 0..400 {
        let mut bytes = headers[round % headers.len()].to_vec();
        bytes.extend((0..rng.random_range(0..2000)).map(|_| rng.random::<u8>()));
        assert!(qr::decode_image_bytes(&bytes).is_err());
    }
}

#[test]
fn random_protobuf_payloads_never_panic() {
    let mut rng = StdRng::seed_from_u64(3);
    for _ in 0..5_000 {
        let bytes: Vec<u8> = (0..rng.random_range(0..200)).map(|_| rng.random()).collect();
        let data = data_encoding_base64(&bytes);
        let _ = migration::parse(&format!("otpauth-migration://offline?data={data}"));
    }
}

fn data_encoding_base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    // Base64 by hand keeps this test free of the encoder it would otherwise share with the code under test.
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, &b)| n | (u32::from(b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            let index = ((n >> (18 - 6 * i)) & 63) as usize;
            match index {
                62 => out.push_str("%2B"),
                63 => out.push_str("%2F"),
                _ => out.push(ALPHABET[index] as char),
            }
        }
    }
    out
}

/// Before: a file that was not what its format says was refused with serde_json's own words, which quote
/// the value they met (`invalid type: string "JBSWY3DP…"`): a secret reached the error, and from it "Copy
/// details for support". Now the reason is the kind of fault and its place, never a value.
#[test]
fn a_damaged_export_never_quotes_a_secret() {
    use keyfob_interop::import::{self, Error, Format, Password};
    let secret = "JBSWY3DPEHPK3PXP";
    let freeotp = format!(r#"{{"tokens": [{{"type": "TOTP", "label": "alice", "secret": "{secret}"}}]}}"#);
    let Err(Error::Malformed { format, reason }) = import::read(freeotp.as_bytes(), Some(Format::FreeOtp), None) else {
        panic!("a secret that is not an array of bytes is malformed")
    };
    assert_eq!(
        (format, reason.as_str()),
        ("a FreeOTP+", "a value has the wrong type or is missing at line 1, column 75")
    );
    // Every JSON format, given the secret where its file (or its list of entries) should be.
    let password = Password::new(zeroize::Zeroizing::new("pw".into()));
    let formats = [
        Format::Aegis,
        Format::TwoFas,
        Format::Bitwarden,
        Format::Ente,
        Format::Proton,
        Format::FreeOtp,
        Format::AuthenticatorPro,
        Format::LastPass,
        Format::Keyfob,
    ];
    for format in formats {
        let answer = import::read(format!(r#""{secret}""#).as_bytes(), Some(format), Some(&password));
        let Err(error @ Error::Malformed { .. }) = answer else { panic!("{format:?}: {answer:?}") };
        assert!(!error.to_string().contains("JBSW"), "{format:?}: {error}");
    }
    let andotp = format!(r#"["{secret}"]"#);
    let answer = import::read(andotp.as_bytes(), Some(Format::AndOtp), None);
    let Err(error @ Error::Malformed { .. }) = answer else { panic!("andOTP: {answer:?}") };
    assert_eq!(
        error.to_string(),
        "the file is damaged or not an andOTP export (a value has the wrong type or is missing at line 1, column 19)"
    );
}
