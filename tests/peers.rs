//! Codes checked against `oathtool` (Debian's oath-toolkit), an implementation that shares no code with ours.

use crate::util::run::{keyfob, peer};
use rand::{Rng, SeedableRng};

/// Random accounts across every algorithm, length and period oathtool supports, at random times.
#[test]
fn totp_codes_match_oathtool() {
    let mut rng = rand::rngs::StdRng::seed_from_u64(6238);
    for _ in 0..40 {
        let secret: Vec<u8> = (0..rng.random_range(10..=64)).map(|_| rng.random()).collect();
        let secret = data_encoding_base32(&secret);
        let algorithm = ["SHA1", "SHA256", "SHA512"][rng.random_range(0..3)];
        let digits = rng.random_range(6..=8);
        let period = [30, 60, 15][rng.random_range(0..3)];
        let at: u64 = rng.random_range(0..20_000_000_000);
        let uri = format!("otpauth://totp/x?secret={secret}&algorithm={algorithm}&digits={digits}&period={period}");
        let ours = keyfob(&["code", &uri, "--at", &at.to_string()]);
        let theirs = peer(
            "oathtool",
            &[
                &format!("--totp={}", algorithm.to_lowercase()),
                "--base32",
                "--digits",
                &digits.to_string(),
                "--time-step-size",
                &format!("{period}s"),
                "--now",
                &format!("@{at}"),
                &secret,
            ],
        );
        assert_eq!(ours.stdout.trim(), theirs, "{algorithm} digits={digits} period={period} at={at}");
    }
}

#[test]
fn hotp_codes_match_oathtool() {
    let mut rng = rand::rngs::StdRng::seed_from_u64(4226);
    for _ in 0..25 {
        let secret: Vec<u8> = (0..20).map(|_| rng.random()).collect();
        let secret = data_encoding_base32(&secret);
        let digits = rng.random_range(6..=8);
        let counter: u64 = rng.random_range(0..u64::from(u32::MAX) * 4);
        let uri = format!("otpauth://hotp/x?secret={secret}&digits={digits}&counter={counter}");
        let ours = keyfob(&["code", &uri]);
        let theirs = peer(
            "oathtool",
            &["--hotp", "--base32", "--digits", &digits.to_string(), "--counter", &counter.to_string(), &secret],
        );
        assert_eq!(ours.stdout.trim(), theirs, "digits={digits} counter={counter}");
    }
}

fn data_encoding_base32(bytes: &[u8]) -> String {
    keyfob_core::OtpSecret::from_bytes(bytes.to_vec()).unwrap().to_base32().to_string()
}
