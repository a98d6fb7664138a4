//! The shared secret behind an account's codes.
//!
//! Whoever holds it can mint every future code, so it lives in one type that wipes its bytes on drop, never
//! prints them in `Debug`, and hands them out only through [`OtpSecret::expose_secret`]: every read is a place a
//! reviewer can grep for.

use std::fmt;

use data_encoding::Encoding;
use zeroize::{Zeroize, Zeroizing};

/// The longest secret accepted, in bytes. Real secrets are 10 to 64 bytes; anything past this is not a secret
/// anyone issued but an attempt to make us hash megabytes per code.
pub const MAX_SECRET_BYTES: usize = 1024;

/// The most base32 characters a secret may have (spaces and padding not counted): as many as
/// [`MAX_SECRET_BYTES`] need, so a person can be told the limit in what they type.
pub const MAX_SECRET_CHARS: usize = MAX_SECRET_BYTES * 8 / 5 + 1;

/// Why a base32 secret was refused. Positions count characters after spaces are removed; no variant ever
/// carries the secret or a piece of it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SecretError {
    /// Nothing was left once spaces and padding were removed.
    #[error("the secret is empty")]
    Empty,
    /// A character outside base32's `A`–`Z` and `2`–`7`.
    #[error(
        "the secret has a character that is not base32 at position {position} (only letters A-Z and digits 2-7 are allowed)"
    )]
    InvalidCharacter {
        /// 1-based, counting only the characters that are not spaces.
        position: usize,
    },
    /// A length no base32 encoding of whole bytes can have (1, 3 or 6 characters past a multiple of 8).
    #[error("the secret has {len} base32 characters, a length that cannot encode whole bytes; is a character missing?")]
    InvalidLength {
        /// The number of base32 characters, spaces and padding left out.
        len: usize,
    },
    /// Longer than [`MAX_SECRET_BYTES`].
    #[error("the secret is longer than {max} bytes", max = MAX_SECRET_BYTES)]
    TooLong,
}

impl SecretError {
    /// What sort of failure this is: a secret over [`MAX_SECRET_BYTES`] is [`crate::Kind::Limit`],
    /// any other cannot be used as given ([`crate::Kind::Input`]).
    pub fn kind(&self) -> crate::Kind {
        match self {
            Self::TooLong => crate::Kind::Limit,
            Self::Empty | Self::InvalidCharacter { .. } | Self::InvalidLength { .. } => crate::Kind::Input,
        }
    }
}

/// An account's HMAC key: zeroized on drop, redacted in `Debug`.
///
/// It derives neither `Clone` nor `Serialize`: a copy is made only by [`OtpSecret::duplicate`], by name.
#[derive(PartialEq, Eq)]
pub struct OtpSecret(Zeroizing<Vec<u8>>);

impl OtpSecret {
    /// Wraps raw key bytes.
    ///
    /// # Errors
    /// [`SecretError::Empty`] for no bytes, [`SecretError::TooLong`] past [`MAX_SECRET_BYTES`].
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Self, SecretError> {
        let bytes = Zeroizing::new(bytes);
        match bytes.len() {
            0 => Err(SecretError::Empty),
            n if n > MAX_SECRET_BYTES => Err(SecretError::TooLong),
            _ => Ok(Self(bytes)),
        }
    }

    /// Decodes base32 the way people and QR generators write it: any case, `=` padding optional, spaces
    /// anywhere (secrets are often shown in groups of four), and trailing bits that a sloppy encoder left
    /// non-zero are tolerated.
    ///
    /// # Errors
    /// A [`SecretError`] naming what is wrong, never the secret itself.
    pub fn from_base32(text: &str) -> Result<Self, SecretError> {
        let mut clean: Zeroizing<Vec<u8>> =
            Zeroizing::new(text.bytes().filter(|b| !b.is_ascii_whitespace()).map(|b| b.to_ascii_uppercase()).collect());
        while clean.last() == Some(&b'=') {
            clean.pop();
        }
        if clean.is_empty() {
            return Err(SecretError::Empty);
        }
        if let Some(index) = clean.iter().position(|b| !matches!(b, b'A'..=b'Z' | b'2'..=b'7')) {
            return Err(SecretError::InvalidCharacter { position: index + 1 });
        }
        if clean.len() > MAX_SECRET_CHARS {
            return Err(SecretError::TooLong);
        }
        let encoding = lenient_base32();
        let invalid_length = SecretError::InvalidLength { len: clean.len() };
        let len = encoding.decode_len(clean.len()).map_err(|_| invalid_length.clone())?;
        let mut bytes = Zeroizing::new(vec![0; len]);
        // Every character was checked above, so only the length can be wrong here.
        let written = encoding.decode_mut(&clean, &mut bytes).map_err(|_| invalid_length)?;
        bytes.truncate(written);
        Self::from_bytes(std::mem::take(&mut *bytes))
    }

    /// The canonical text form: upper-case base32 without padding, as otpauth URIs carry it.
    ///
    /// # Security
    /// The result is the secret; it is wiped when dropped.
    pub fn to_base32(&self) -> Zeroizing<String> {
        Zeroizing::new(data_encoding::BASE32_NOPAD.encode(&self.0))
    }

    /// The raw key bytes.
    ///
    /// # Security
    /// Every caller is a place the secret leaves this type; keep the borrow short and copy nothing.
    pub fn expose_secret(&self) -> &[u8] {
        &self.0
    }

    /// An explicit copy, for the rare place that must own a second one (handing the key to another library).
    pub fn duplicate(&self) -> Self {
        Self(self.0.clone())
    }
}

impl fmt::Debug for OtpSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "OtpSecret([redacted; {} bytes])", self.0.len())
    }
}

impl Drop for OtpSecret {
    fn drop(&mut self) {
        // `Zeroizing` wipes the bytes; this also wipes the spare capacity a `Vec` may keep.
        self.0.zeroize();
    }
}

/// RFC 4648 base32 without padding, accepting non-zero trailing bits.
fn lenient_base32() -> Encoding {
    lenient(&data_encoding::BASE32_NOPAD)
}

/// `encoding` with its trailing-bits check turned off: sloppy encoders leave those bits set, and rejecting
/// an otherwise readable secret or export over them helps nobody.
pub fn lenient(encoding: &Encoding) -> Encoding {
    let mut spec = encoding.specification();
    spec.check_trailing_bits = false;
    // Turning off the trailing-bits check cannot make a valid specification invalid.
    #[allow(clippy::expect_used)]
    spec.encoding().expect("a valid specification stays valid without the trailing-bits check")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_any_case_with_spaces_and_padding() {
        let canonical = OtpSecret::from_base32("JBSWY3DPEHPK3PXP").unwrap();
        for text in ["jbswy3dpehpk3pxp", "JBSW Y3DP EHPK 3PXP", "JBSWY3DPEHPK3PXP====", " jbsw y3dp ehpk 3pxp "] {
            assert_eq!(OtpSecret::from_base32(text).unwrap(), canonical, "{text}");
        }
        assert_eq!(canonical.expose_secret(), b"Hello!\xde\xad\xbe\xef");
    }

    #[test]
    fn round_trips_through_base32() {
        let secret = OtpSecret::from_bytes(b"12345678901234567890".to_vec()).unwrap();
        assert_eq!(secret.to_base32().as_str(), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        assert_eq!(OtpSecret::from_base32(&secret.to_base32()).unwrap(), secret);
    }

    #[test]
    fn rejects_what_is_not_base32() {
        assert_eq!(OtpSecret::from_base32(""), Err(SecretError::Empty));
        assert_eq!(OtpSecret::from_base32(" == "), Err(SecretError::Empty));
        assert_eq!(OtpSecret::from_base32("ABC1"), Err(SecretError::InvalidCharacter { position: 4 }));
        assert_eq!(OtpSecret::from_base32("AB CD 0"), Err(SecretError::InvalidCharacter { position: 5 }));
        assert_eq!(OtpSecret::from_base32("A"), Err(SecretError::InvalidLength { len: 1 }));
        assert_eq!(OtpSecret::from_base32("ABCDEFGHI"), Err(SecretError::InvalidLength { len: 9 }));
        assert_eq!(OtpSecret::from_base32(&"A".repeat(5000)), Err(SecretError::TooLong));
    }

    #[test]
    fn debug_never_shows_the_secret() {
        let secret = OtpSecret::from_base32("JBSWY3DPEHPK3PXP").unwrap();
        let shown = format!("{secret:?}");
        assert_eq!(shown, "OtpSecret([redacted; 10 bytes])");
    }
}
