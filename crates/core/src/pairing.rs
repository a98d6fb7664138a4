//! Pairing a browser's Keyfob extension with this Keyfob. A browser names the extension that starts the
//! native messaging host only by its id, and an id proves nothing: anyone can publish an add-on under
//! Keyfob's Firefox id or load an unpacked copy carrying its Chromium key. So each install of the
//! extension draws a random [`PairingKey`], keeps it in its own storage and sends it with every request;
//! Keyfob keeps only its [`Verifier`] (a hash, in the vault) and answers nothing else.
//!
//! The key reaches Keyfob first in a pairing request, which the user confirms in Keyfob's own window:
//! both the window and the extension show the [`PairingCode`] derived from the key, and the user pairs only
//! when the two agree. A stranger's extension shows another code (or none the user can see).
//!
//! The derivation, which the extension repeats in JavaScript (`extension/src/host.js`):
//! - the key: 32 random bytes, sent as unpadded base64url (43 characters);
//! - the verifier: SHA-256 of `keyfob browser pairing v1` followed by the key's 32 bytes;
//! - the code: the verifier's first four bytes as a big-endian number, modulo 1,000,000, six digits.

use ring::digest;
use zeroize::Zeroizing;

/// How many bytes a pairing key has: 256 bits, beyond guessing.
pub const KEY_BYTES: usize = 32;

/// What the verifier's hash starts with, so it is a hash of nothing else.
const VERIFIER_DOMAIN: &[u8] = b"keyfob browser pairing v1";

/// Seconds a pairing request waits for the user to confirm it in Keyfob's window.
pub const REQUEST_LIFETIME_SECS: u64 = 5 * 60;

/// The most browsers paired at once (a person has a few; the list is shown in Settings).
pub const MAX_PAIRED: usize = 16;

/// Why a pairing key, verifier or code cannot be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PairingError {
    /// Not 32 bytes as unpadded base64url.
    #[error("the pairing key is not 32 bytes of base64url")]
    MalformedKey,
    /// Not 64 hexadecimal digits.
    #[error("the pairing verifier is not 64 hexadecimal digits")]
    MalformedVerifier,
    /// Not six digits.
    #[error("a pairing code is six digits")]
    MalformedCode,
}

/// An extension install's secret: it proves, on every request, that the caller is the extension the
/// user paired. Wiped when dropped; never printed.
pub struct PairingKey(Zeroizing<[u8; KEY_BYTES]>);

impl PairingKey {
    /// Reads a key as the extension sends it: 43 characters of unpadded base64url.
    ///
    /// # Errors
    /// [`PairingError::MalformedKey`] for anything else (the text is never echoed).
    pub fn parse(text: &str) -> Result<Self, PairingError> {
        // Checked before decoding so a huge text costs nothing; 43 characters are exactly 32 bytes.
        if text.len() != 43 {
            return Err(PairingError::MalformedKey);
        }
        let decoded = Zeroizing::new(
            data_encoding::BASE64URL_NOPAD.decode(text.as_bytes()).map_err(|_| PairingError::MalformedKey)?,
        );
        let mut key = Zeroizing::new([0u8; KEY_BYTES]);
        if decoded.len() != KEY_BYTES {
            return Err(PairingError::MalformedKey);
        }
        key.copy_from_slice(&decoded);
        Ok(Self(key))
    }

    /// What Keyfob keeps of this key.
    pub fn verifier(&self) -> Verifier {
        let mut context = digest::Context::new(&digest::SHA256);
        context.update(VERIFIER_DOMAIN);
        context.update(self.0.as_slice());
        let mut hash = [0u8; 32];
        hash.copy_from_slice(context.finish().as_ref());
        Verifier(hash)
    }
}

impl std::fmt::Debug for PairingKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PairingKey(redacted)")
    }
}

/// The hash of a pairing key: what Keyfob stores, and compares a request's key against. Not secret (the
/// key cannot be worked out from it), so it may be written to the vault's body and a request file.
#[derive(Clone, PartialEq, Eq)]
pub struct Verifier([u8; 32]);

impl Verifier {
    /// Reads a verifier as stored: 64 lowercase or uppercase hexadecimal digits.
    ///
    /// # Errors
    /// [`PairingError::MalformedVerifier`].
    pub fn from_hex(text: &str) -> Result<Self, PairingError> {
        let bytes =
            data_encoding::HEXLOWER_PERMISSIVE.decode(text.as_bytes()).map_err(|_| PairingError::MalformedVerifier)?;
        Ok(Self(bytes.try_into().map_err(|_| PairingError::MalformedVerifier)?))
    }

    /// The verifier as stored: 64 lowercase hexadecimal digits.
    pub fn to_hex(&self) -> String {
        data_encoding::HEXLOWER.encode(&self.0)
    }

    /// The code the user compares between Keyfob's window and the extension.
    pub fn code(&self) -> PairingCode {
        let [a, b, c, d, ..] = self.0;
        PairingCode(u32::from_be_bytes([a, b, c, d]) % 1_000_000)
    }
}

impl std::fmt::Debug for Verifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Verifier({})", self.to_hex())
    }
}

/// Six digits shown on both sides of a pairing, as `123 456`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PairingCode(u32);

impl PairingCode {
    /// Reads a code as a user types it: six digits, spaces anywhere.
    ///
    /// # Errors
    /// [`PairingError::MalformedCode`].
    pub fn parse(text: &str) -> Result<Self, PairingError> {
        let digits: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        if digits.len() != 6 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(PairingError::MalformedCode);
        }
        digits.parse().map(Self).map_err(|_| PairingError::MalformedCode)
    }
}

impl std::fmt::Display for PairingCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:03} {:03}", self.0 / 1000, self.0 % 1000)
    }
}

/// Which kind of browser a caller is, from how the browser named the extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BrowserKind {
    /// Chromium, Chrome, Edge, Brave…: the extension is named by its `chrome-extension://` origin.
    Chromium,
    /// Firefox: the extension is named by its id.
    Firefox,
    /// No browser named a caller: the host was started by hand.
    Unnamed,
}

impl BrowserKind {
    /// How the browser named its extension tells which kind it is.
    pub fn of_caller(caller: &str) -> Self {
        if caller.starts_with("chrome-extension://") {
            Self::Chromium
        } else if caller.is_empty() {
            Self::Unnamed
        } else {
            Self::Firefox
        }
    }
}

/// A browser asking to be paired, waiting for the user's answer in Keyfob's window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairingRequest {
    /// The extension as its browser named it (`chrome-extension://…/`, a Firefox id, or empty).
    pub caller: String,
    /// The hash of the key it will send.
    pub verifier: Verifier,
    /// When it asked, Unix seconds.
    pub requested: u64,
}

impl PairingRequest {
    /// Whether the request still waits at `now` (a request from the future, a clock set back, does not).
    pub fn is_current_at(&self, now: u64) -> bool {
        now >= self.requested && now - self.requested < REQUEST_LIFETIME_SECS
    }

    /// The code both sides show.
    pub fn code(&self) -> PairingCode {
        self.verifier.code()
    }

    /// Which kind of browser asks.
    pub fn browser(&self) -> BrowserKind {
        BrowserKind::of_caller(&self.caller)
    }
}

/// A browser the user paired: its requests carrying the key behind `verifier` are answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairedBrowser {
    /// Stable id, for removing it.
    pub id: u64,
    /// The extension as its browser named it; a request from another caller is not this browser's.
    pub caller: String,
    /// The hash of its key.
    pub verifier: Verifier,
    /// When it was paired, Unix seconds.
    pub paired: u64,
}

impl PairedBrowser {
    /// Which kind of browser it is.
    pub fn browser(&self) -> BrowserKind {
        BrowserKind::of_caller(&self.caller)
    }

    /// Whether `caller` sending `key` is this browser. Both the caller and the key's hash must match;
    /// the hashes are compared in constant time.
    pub fn is(&self, caller: &str, key: &PairingKey) -> bool {
        use subtle::ConstantTimeEq;
        let same_key: bool = key.verifier().0.ct_eq(&self.verifier.0).into();
        same_key && self.caller == caller
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The key of 32 bytes 0, 1, …, 31: its verifier and code, as `extension/src/host.js` must derive them
    /// too (its test in tests/extension.rs compares the code the extension shows with Keyfob's).
    #[test]
    fn a_key_derives_its_verifier_and_code_as_documented() {
        let bytes: Vec<u8> = (0u8..32).collect();
        let text = data_encoding::BASE64URL_NOPAD.encode(&bytes);
        assert_eq!(text, "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8");
        let key = PairingKey::parse(&text).unwrap();
        let mut input = VERIFIER_DOMAIN.to_vec();
        input.extend_from_slice(&bytes);
        let expected = digest::digest(&digest::SHA256, &input);
        assert_eq!(key.verifier().to_hex(), data_encoding::HEXLOWER.encode(expected.as_ref()));
        let [a, b, c, d, ..] = expected.as_ref() else { panic!() };
        let number = u32::from_be_bytes([*a, *b, *c, *d]) % 1_000_000;
        assert_eq!(key.verifier().code().to_string(), format!("{:03} {:03}", number / 1000, number % 1000));
        assert_eq!(Verifier::from_hex(&key.verifier().to_hex()).unwrap(), key.verifier());
        // The same key's code as extension/src/host.js derives it (checked with Node's Web Crypto).
        assert_eq!(key.verifier().code().to_string(), "390 616");
        assert_eq!(format!("{key:?}"), "PairingKey(redacted)");
    }

    #[test]
    fn only_32_bytes_of_base64url_are_a_key() {
        for bad in [
            "",
            "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh",
            "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
            "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh+",
            "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh/",
            "ÄAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdH",
        ] {
            assert_eq!(PairingKey::parse(bad).unwrap_err(), PairingError::MalformedKey, "{bad}");
        }
        assert_eq!(PairingKey::parse(&"A".repeat(1 << 20)).unwrap_err(), PairingError::MalformedKey);
        assert_eq!(Verifier::from_hex("00").unwrap_err(), PairingError::MalformedVerifier);
        assert_eq!(Verifier::from_hex(&"g".repeat(64)).unwrap_err(), PairingError::MalformedVerifier);
    }

    #[test]
    fn codes_read_as_typed_and_print_grouped() {
        assert_eq!(PairingCode::parse("012 345").unwrap().to_string(), "012 345");
        assert_eq!(PairingCode::parse(" 012345 ").unwrap(), PairingCode(12_345));
        for bad in ["12345", "1234567", "12a456", "-12345", "", "１２３４５６"] {
            assert_eq!(PairingCode::parse(bad).unwrap_err(), PairingError::MalformedCode, "{bad}");
        }
    }

    #[test]
    fn a_paired_browser_is_its_caller_with_its_key_and_nothing_else() {
        let key = PairingKey::parse("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8").unwrap();
        let other = PairingKey::parse("HwECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8").unwrap();
        let paired = PairedBrowser { id: 1, caller: "browser@keyfob.app".into(), verifier: key.verifier(), paired: 0 };
        assert!(paired.is("browser@keyfob.app", &key));
        assert!(!paired.is("browser@keyfob.app", &other), "another install's key");
        assert!(!paired.is("chrome-extension://bmicaadjepnaojjkepbgbeoiakipclph/", &key), "another caller");
        assert_eq!(paired.browser(), BrowserKind::Firefox);
        assert_eq!(BrowserKind::of_caller("chrome-extension://x/"), BrowserKind::Chromium);
        assert_eq!(BrowserKind::of_caller(""), BrowserKind::Unnamed);
    }

    #[test]
    fn a_request_waits_five_minutes_and_never_from_the_future() {
        let key = PairingKey::parse("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8").unwrap();
        let request = PairingRequest { caller: String::new(), verifier: key.verifier(), requested: 1_000 };
        assert!(request.is_current_at(1_000) && request.is_current_at(1_299));
        assert!(!request.is_current_at(1_300) && !request.is_current_at(999));
        assert_eq!(request.code(), key.verifier().code());
    }
}
