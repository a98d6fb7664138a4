//! How an account turns its secret into codes: HOTP (RFC 4226), TOTP (RFC 6238) and Steam Guard.
//!
//! The parameters are small validated types, so a [`Method`] that exists can always produce a code: there is
//! no 9-digit TOTP, no zero period and no HOTP without a counter to guard against at generation time.

use std::fmt;
use std::num::NonZeroU32;

use crate::secret::OtpSecret;

/// The HMAC hash. MD5 and anything else are refused at parse time, so this is the whole set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Algorithm {
    /// HMAC-SHA-1, the default and what nearly every service issues.
    #[default]
    Sha1,
    /// HMAC-SHA-256.
    Sha256,
    /// HMAC-SHA-512.
    Sha512,
}

impl Algorithm {
    /// Every hash Keyfob makes codes with, in the order people are offered them (a message listing what
    /// is supported lists these).
    pub const ALL: [Self; 3] = [Self::Sha1, Self::Sha256, Self::Sha512];

    /// The name otpauth URIs use: `SHA1`, `SHA256`, `SHA512`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Sha1 => "SHA1",
            Self::Sha256 => "SHA256",
            Self::Sha512 => "SHA512",
        }
    }

    /// Parses a URI's `algorithm` value, in any case; `None` for anything unsupported.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.name().eq_ignore_ascii_case(name))
    }

    fn to_totp_rs(self) -> totp_rs::Algorithm {
        match self {
            Self::Sha1 => totp_rs::Algorithm::SHA1,
            Self::Sha256 => totp_rs::Algorithm::SHA256,
            Self::Sha512 => totp_rs::Algorithm::SHA512,
        }
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The length of a decimal code: 6, 7 or 8, the range RFC 4226 allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Digits(u8);

impl Digits {
    /// Six digits, the default.
    pub const SIX: Self = Self(6);

    /// The shortest code, in digits (RFC 4226 allows no fewer).
    pub const MIN: u8 = 6;

    /// The longest code, in digits (RFC 4226's Appendix C goes no further).
    pub const MAX: u8 = 8;

    /// `None` outside [`Digits::MIN`]..=[`Digits::MAX`].
    pub fn new(digits: u8) -> Option<Self> {
        (Self::MIN..=Self::MAX).contains(&digits).then_some(Self(digits))
    }

    /// The number of digits.
    pub fn get(self) -> u8 {
        self.0
    }
}

impl Default for Digits {
    fn default() -> Self {
        Self::SIX
    }
}

/// The shortest TOTP period, in seconds (a period of 0 would never move on).
pub const MIN_PERIOD: u32 = 1;

/// The longest TOTP period accepted, in seconds: a day. Services use 30 or 60; a longer one is a typo.
pub const MAX_PERIOD: u32 = 86_400;

/// A TOTP time step in seconds: at least 1, at most [`MAX_PERIOD`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Period(NonZeroU32);

impl Period {
    /// Thirty seconds, the default.
    pub const THIRTY: Self = Self(NonZeroU32::MIN.saturating_add(29));

    /// `None` for 0 or more than [`MAX_PERIOD`].
    pub fn new(seconds: u32) -> Option<Self> {
        NonZeroU32::new(seconds).filter(|s| s.get() <= MAX_PERIOD).map(Self)
    }

    /// The period in seconds.
    pub fn get(self) -> u32 {
        self.0.get()
    }

    /// Seconds until the code shown at `unix_time` changes, from `period` down to 1.
    pub fn remaining_at(self, unix_time: u64) -> u32 {
        let period = u64::from(self.get());
        // `period - unix_time % period` lies in 1..=period, and period fits a u32.
        u32::try_from(period - unix_time % period).unwrap_or(self.get())
    }
}

impl Default for Period {
    fn default() -> Self {
        Self::THIRTY
    }
}

/// How codes are made. Steam Guard is its own variant because it fixes the hash (SHA-1) and the output
/// (five characters from Steam's alphabet): no other combination exists to be represented.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// Time-based (RFC 6238): the counter is the Unix time divided by the period.
    Totp {
        /// The HMAC hash.
        algorithm: Algorithm,
        /// Code length.
        digits: Digits,
        /// Time step.
        period: Period,
    },
    /// Counter-based (RFC 4226): the code at `counter`; the counter moves on after each use.
    Hotp {
        /// The HMAC hash.
        algorithm: Algorithm,
        /// Code length.
        digits: Digits,
        /// The counter value of the next code.
        counter: u64,
    },
    /// Steam Guard: TOTP with SHA-1, rendered as five characters from Steam's 26-letter alphabet.
    Steam {
        /// Time step (Steam uses 30 seconds).
        period: Period,
    },
}

impl Method {
    /// A default TOTP: SHA-1, six digits, 30 seconds.
    pub const DEFAULT_TOTP: Self =
        Self::Totp { algorithm: Algorithm::Sha1, digits: Digits::SIX, period: Period::THIRTY };

    /// The method's name in Keyfob's formats and output: `totp`, `hotp` or `steam`.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Totp { .. } => "totp",
            Self::Hotp { .. } => "hotp",
            Self::Steam { .. } => "steam",
        }
    }

    /// The HMAC hash in use (SHA-1 for Steam).
    pub fn algorithm(&self) -> Algorithm {
        match *self {
            Self::Totp { algorithm, .. } | Self::Hotp { algorithm, .. } => algorithm,
            Self::Steam { .. } => Algorithm::Sha1,
        }
    }

    /// The length of a code in characters (5 for Steam).
    pub fn code_len(&self) -> u8 {
        match *self {
            Self::Totp { digits, .. } | Self::Hotp { digits, .. } => digits.get(),
            Self::Steam { .. } => 5,
        }
    }

    /// The period of a time-based method; `None` for HOTP.
    pub fn period(&self) -> Option<Period> {
        match *self {
            Self::Totp { period, .. } | Self::Steam { period } => Some(period),
            Self::Hotp { .. } => None,
        }
    }

    /// The counter of an HOTP method; `None` for time-based ones.
    pub fn counter(&self) -> Option<u64> {
        match *self {
            Self::Hotp { counter, .. } => Some(counter),
            _ => None,
        }
    }

    /// The code at `unix_time` for time-based methods, or at the stored counter for HOTP (the time is then
    /// ignored: an HOTP code changes only when its counter does).
    pub fn code_at(&self, secret: &OtpSecret, unix_time: u64) -> Code {
        let (algorithm, digits, step, moment) = match *self {
            Self::Totp { algorithm, digits, period } => {
                (algorithm.to_totp_rs(), digits.get(), u64::from(period.get()), unix_time)
            }
            // RFC 6238 defines TOTP as HOTP over floor(T / X); with X = 1 and T = the counter, totp-rs computes
            // exactly RFC 4226's HOTP(K, C), truncation included. Appendix D's vectors test this below.
            Self::Hotp { algorithm, digits, counter } => (algorithm.to_totp_rs(), digits.get(), 1, counter),
            Self::Steam { period } => (totp_rs::Algorithm::Steam, 5, u64::from(period.get()), unix_time),
        };
        // `build_noncompliant` skips totp-rs's checks, which would refuse the 80-bit secrets many services
        // still issue. What it leaves to us (digits below 10, a non-zero step) the types above guarantee.
        let generator = totp_rs::Builder::new()
            .with_algorithm(algorithm)
            .with_digits(digits)
            .with_skew(0)
            .with_step_duration(step)
            .with_secret(secret.expose_secret())
            .build_noncompliant();
        Code(generator.generate(moment).to_string())
    }
}

impl Default for Method {
    fn default() -> Self {
        Self::DEFAULT_TOTP
    }
}

/// A one-time code as the user types it: digits, or Steam's letters.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Code(String);

impl Code {
    /// The code's characters.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secret(bytes: &[u8]) -> OtpSecret {
        OtpSecret::from_bytes(bytes.to_vec()).unwrap()
    }

    const RFC_SHA1_KEY: &[u8] = b"12345678901234567890";
    const RFC_SHA256_KEY: &[u8] = b"12345678901234567890123456789012";
    const RFC_SHA512_KEY: &[u8] = b"1234567890123456789012345678901234567890123456789012345678901234";

    /// RFC 4226 Appendix D: HOTP values for counters 0..=9 with the ASCII key "12345678901234567890".
    const RFC4226_HOTP: [&str; 10] =
        ["755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"];

    #[test]
    fn hotp_matches_rfc4226_appendix_d() {
        for (counter, expected) in (0u64..).zip(RFC4226_HOTP) {
            let method = Method::Hotp { algorithm: Algorithm::Sha1, digits: Digits::SIX, counter };
            assert_eq!(method.code_at(&secret(RFC_SHA1_KEY), 0).as_str(), expected, "counter {counter}");
        }
    }

    /// RFC 6238 Appendix B: eight-digit TOTP values with 30-second steps, for each hash and listed time.
    const RFC6238_TOTP: [(u64, &str, &str, &str); 6] = [
        (59, "94287082", "46119246", "90693936"),
        (1_111_111_109, "07081804", "68084774", "25091201"),
        (1_111_111_111, "14050471", "67062674", "99943326"),
        (1_234_567_890, "89005924", "91819424", "93441116"),
        (2_000_000_000, "69279037", "90698825", "38618901"),
        (20_000_000_000, "65353130", "77737706", "47863826"),
    ];

    #[test]
    fn totp_matches_rfc6238_appendix_b() {
        let eight = Digits::new(8).unwrap();
        for (time, sha1, sha256, sha512) in RFC6238_TOTP {
            for (algorithm, key, expected) in [
                (Algorithm::Sha1, RFC_SHA1_KEY, sha1),
                (Algorithm::Sha256, RFC_SHA256_KEY, sha256),
                (Algorithm::Sha512, RFC_SHA512_KEY, sha512),
            ] {
                let method = Method::Totp { algorithm, digits: eight, period: Period::THIRTY };
                assert_eq!(method.code_at(&secret(key), time).as_str(), expected, "{algorithm} at {time}");
            }
        }
    }

    #[test]
    fn six_digit_totp_is_the_low_digits_of_the_eight_digit_one() {
        let code = Method::DEFAULT_TOTP.code_at(&secret(RFC_SHA1_KEY), 59);
        assert_eq!(code.as_str(), "287082");
    }

    /// Steam Guard written out independently with `ring`: RFC 4226 dynamic truncation to 31 bits, then five
    /// base-26 digits, least significant first, in Steam's alphabet.
    fn steam_reference(key: &[u8], time: u64) -> String {
        const ALPHABET: &[u8] = b"23456789BCDFGHJKMNPQRTVWXY";
        let tag = ring::hmac::sign(
            &ring::hmac::Key::new(ring::hmac::HMAC_SHA1_FOR_LEGACY_USE_ONLY, key),
            &(time / 30).to_be_bytes(),
        );
        let tag = tag.as_ref();
        let offset = usize::from(tag[19] & 0x0f);
        let mut value = u32::from_be_bytes(tag[offset..offset + 4].try_into().unwrap()) & 0x7fff_ffff;
        (0..5)
            .map(|_| {
                let c = ALPHABET[(value % 26) as usize] as char;
                value /= 26;
                c
            })
            .collect()
    }

    #[test]
    fn steam_codes_match_an_independent_implementation() {
        let method = Method::Steam { period: Period::THIRTY };
        for time in [0, 59, 1_111_111_109, 1_234_567_890, 2_000_000_000, 20_000_000_000] {
            let code = method.code_at(&secret(RFC_SHA1_KEY), time);
            assert_eq!(code.as_str(), steam_reference(RFC_SHA1_KEY, time), "at {time}");
        }
    }

    #[test]
    fn period_counts_down_to_the_next_code() {
        assert_eq!(Period::THIRTY.remaining_at(0), 30);
        assert_eq!(Period::THIRTY.remaining_at(59), 1);
        assert_eq!(Period::THIRTY.remaining_at(60), 30);
        assert_eq!(Period::new(0), None);
        assert_eq!(Period::new(MAX_PERIOD + 1), None);
        assert_eq!(Period::THIRTY.get(), 30);
    }

    #[test]
    fn digits_are_six_to_eight() {
        assert_eq!(Digits::new(5), None);
        assert_eq!(Digits::new(9), None);
        assert_eq!(Digits::new(7).map(Digits::get), Some(7));
    }

    #[test]
    fn algorithm_names_parse_in_any_case() {
        assert_eq!(Algorithm::from_name("sha256"), Some(Algorithm::Sha256));
        assert_eq!(Algorithm::from_name("SHA512"), Some(Algorithm::Sha512));
        assert_eq!(Algorithm::from_name("MD5"), None);
    }
}
