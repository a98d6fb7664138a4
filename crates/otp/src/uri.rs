//! `otpauth://` URIs, Google's Key URI format, as enrolment QR codes carry them.
//!
//! ```text
//! otpauth://totp/ACME%20Co:alice@example.com?secret=JBSWY3DPEHPK3PXP&issuer=ACME%20Co&period=30
//! ```
//!
//! The parser is written by hand over `percent-encoding` rather than on a general URL parser: a URL parser
//! normalises paths (`a/../b`), drops tabs and newlines, and decodes bad percent escapes and invalid UTF-8
//! lossily. A label is opaque text that must come back byte for byte or be refused, never repaired.
//!
//! Every refusal is an [`Error`] naming the field and what is wrong; none carries the secret or the whole URI.

use std::fmt::Write as _;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use zeroize::Zeroizing;

use crate::account::{Account, NameError, split_label};
use crate::otp::{Algorithm, Digits, Method, Period};
use crate::quote::quote;
use crate::secret::{OtpSecret, SecretError};

/// The longest URI accepted, in bytes. The largest QR code holds under 3 KB; a longer URI did not come
/// from one.
pub const MAX_URI_BYTES: usize = 4096;

/// Why an `otpauth://` URI was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Longer than [`MAX_URI_BYTES`].
    #[error("the link is {len} bytes long, over the limit of {max} bytes", max = MAX_URI_BYTES)]
    TooLong {
        /// Its length in bytes.
        len: usize,
    },
    /// A raw NUL, newline or other control character, which no valid URI contains.
    #[error("the link contains a control character (such as NUL or a newline) at byte {position}")]
    ControlCharacter {
        /// 0-based byte offset.
        position: usize,
    },
    /// Not an `otpauth://` URI at all.
    #[error("this is not an otpauth:// link (it starts with `{found}`); copy the link or QR code shown at setup")]
    NotOtpauth {
        /// The start of what was given.
        found: String,
    },
    /// A Google Authenticator export, which holds several accounts and is read by `keyfob_interop::google::migration`.
    #[error(
        "this is a Google Authenticator export (otpauth-migration://) holding several accounts; scan or import it instead"
    )]
    MigrationExport,
    /// The type after `otpauth://` is not one we make codes for.
    #[error("unsupported OTP type `{found}` (expected `totp` or `hotp`)")]
    UnsupportedType {
        /// The type given.
        found: String,
    },
    /// A `%` not followed by two hex digits.
    #[error("bad percent-encoding in the {field} at byte {position}: `%` must be followed by two hex digits")]
    BadPercentEncoding {
        /// `label` or the parameter's name.
        field: String,
        /// 0-based byte offset within that field.
        position: usize,
    },
    /// Percent-decoded bytes that are not UTF-8 text.
    #[error("the {field} is not valid UTF-8 text once percent-decoded")]
    InvalidUtf8 {
        /// `label` or the parameter's name.
        field: String,
    },
    /// A parameter given twice, which makes the URI ambiguous.
    #[error("the `{name}` parameter appears more than once")]
    DuplicateParameter {
        /// The parameter.
        name: String,
    },
    /// An issuer or account name that is too long or holds control characters.
    #[error(transparent)]
    Name(#[from] NameError),
    /// No `secret` parameter.
    #[error("the link has no `secret` parameter")]
    MissingSecret,
    /// A `secret` that is not usable base32.
    #[error("{0}")]
    Secret(#[from] SecretError),
    /// An `algorithm` other than SHA1, SHA256 or SHA512.
    #[error("unsupported algorithm `{found}` (expected SHA1, SHA256 or SHA512)")]
    UnsupportedAlgorithm {
        /// The algorithm given.
        found: String,
    },
    /// `digits` not a number from 6 to 8.
    #[error("`digits` must be 6, 7 or 8, not `{found}`")]
    InvalidDigits {
        /// The value given.
        found: String,
    },
    /// `period` not a whole number of seconds from 1 to a day.
    #[error("`period` must be a whole number of seconds from 1 to {max}, not `{found}`", max = crate::otp::MAX_PERIOD)]
    InvalidPeriod {
        /// The value given.
        found: String,
    },
    /// An HOTP URI without `counter`.
    #[error("an hotp link needs a `counter` parameter")]
    MissingCounter,
    /// `counter` not a non-negative whole number.
    #[error("`counter` must be a whole number from 0 to 18446744073709551615, not `{found}`")]
    InvalidCounter {
        /// The value given.
        found: String,
    },
}

impl Error {
    /// What sort of failure this is: a link over the length limit is [`crate::Kind::Limit`], a type or
    /// algorithm Keyfob does not make codes with [`crate::Kind::Unsupported`], any other fault in the
    /// link [`crate::Kind::Input`]; a secret or name says its own.
    pub fn kind(&self) -> crate::Kind {
        use crate::Kind;
        match self {
            Self::TooLong { .. } => Kind::Limit,
            Self::UnsupportedType { .. } | Self::UnsupportedAlgorithm { .. } => Kind::Unsupported,
            Self::Name(e) => e.kind(),
            Self::Secret(e) => e.kind(),
            Self::ControlCharacter { .. }
            | Self::NotOtpauth { .. }
            | Self::MigrationExport
            | Self::BadPercentEncoding { .. }
            | Self::InvalidUtf8 { .. }
            | Self::DuplicateParameter { .. }
            | Self::MissingSecret
            | Self::InvalidDigits { .. }
            | Self::InvalidPeriod { .. }
            | Self::MissingCounter
            | Self::InvalidCounter { .. } => Kind::Input,
        }
    }
}

/// The parameters of one URI, each at most once, percent-decoded. All are held in wiped memory: the secret
/// must be, and one rule for all keeps a mis-sorted field from leaking.
#[derive(Default)]
struct Params {
    secret: Option<Zeroizing<String>>,
    issuer: Option<Zeroizing<String>>,
    algorithm: Option<Zeroizing<String>>,
    digits: Option<Zeroizing<String>>,
    period: Option<Zeroizing<String>>,
    counter: Option<Zeroizing<String>>,
    encoder: Option<Zeroizing<String>>,
}

impl Params {
    fn parse(query: &str) -> Result<Self, Error> {
        let mut params = Self::default();
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let key = key.to_ascii_lowercase();
            let slot = match key.as_str() {
                "secret" => &mut params.secret,
                "issuer" => &mut params.issuer,
                "algorithm" => &mut params.algorithm,
                "digits" => &mut params.digits,
                "period" => &mut params.period,
                "counter" => &mut params.counter,
                "encoder" => &mut params.encoder,
                // Unknown parameters (`image`, `color`, vendor extensions) carry nothing we need.
                _ => continue,
            };
            if slot.is_some() {
                return Err(Error::DuplicateParameter { name: key });
            }
            *slot = Some(decode_component(&key, value)?);
        }
        Ok(params)
    }
}

/// The text of an optional parameter.
fn text(param: &Option<Zeroizing<String>>) -> Option<&str> {
    param.as_ref().map(|p| p.as_str())
}

/// Percent-decodes one query value; `+` is a space, as form encoding (and many QR generators) use it.
///
/// # Errors
/// As [`decode_strict`].
pub fn decode_component(field: &str, raw: &str) -> Result<Zeroizing<String>, Error> {
    let raw = Zeroizing::new(raw.replace('+', " "));
    decode_strict(field, &raw).map(Zeroizing::new)
}

/// Percent-decodes, refusing malformed escapes and non-UTF-8 results instead of repairing them.
///
/// # Errors
/// [`Error::BadPercentEncoding`], [`Error::InvalidUtf8`].
pub fn decode_strict(field: &str, raw: &str) -> Result<String, Error> {
    let bytes = raw.as_bytes();
    for (position, _) in raw.match_indices('%') {
        let escape = bytes.get(position + 1..position + 3);
        if !escape.is_some_and(|e| e.iter().all(u8::is_ascii_hexdigit)) {
            return Err(Error::BadPercentEncoding { field: field.to_owned(), position });
        }
    }
    percent_decode_str(raw)
        .decode_utf8()
        .map(|s| s.into_owned())
        .map_err(|_| Error::InvalidUtf8 { field: field.to_owned() })
}

/// Splits `scheme://rest`, matching the scheme case-insensitively.
pub fn strip_scheme<'a>(uri: &'a str, scheme: &str) -> Option<&'a str> {
    let head = uri.get(..scheme.len())?;
    let rest = uri.get(scheme.len()..)?;
    head.eq_ignore_ascii_case(scheme).then_some(rest)?.strip_prefix("://")
}

/// Checks what every URI we read must satisfy before it is looked at: a sane length and no control bytes.
///
/// # Errors
/// [`Error::TooLong`], [`Error::ControlCharacter`].
pub fn check_raw(uri: &str) -> Result<(), Error> {
    if uri.len() > MAX_URI_BYTES {
        return Err(Error::TooLong { len: uri.len() });
    }
    match uri.char_indices().find(|(_, c)| c.is_control()) {
        Some((position, _)) => Err(Error::ControlCharacter { position }),
        None => Ok(()),
    }
}

/// Parses an `otpauth://totp/…` or `otpauth://hotp/…` URI (surrounding whitespace ignored).
///
/// Steam Guard accounts are recognised by `encoder=steam`, by `issuer=Steam`, or by the `otpauth://steam/` form
/// some apps export.
///
/// # Errors
/// An [`Error`] naming the first thing wrong.
pub fn parse(uri: &str) -> Result<Account, Error> {
    let uri = uri.trim();
    check_raw(uri)?;
    let Some(rest) = strip_scheme(uri, "otpauth") else {
        if strip_scheme(uri, "otpauth-migration").is_some() {
            return Err(Error::MigrationExport);
        }
        let end = uri.find("://").map_or(uri.len(), |i| i + 3);
        return Err(Error::NotOtpauth { found: quote(uri.get(..end).unwrap_or(uri)) });
    };
    let rest = rest.split_once('#').map_or(rest, |(before, _fragment)| before);
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    let (kind, label) = path.split_once('/').unwrap_or((path, ""));
    let kind = kind.to_ascii_lowercase();
    if !matches!(kind.as_str(), "totp" | "hotp" | "steam") {
        return Err(Error::UnsupportedType { found: quote(&kind) });
    }

    let label = decode_strict("label", label)?;
    let params = Params::parse(query)?;
    let secret = OtpSecret::from_base32(text(&params.secret).ok_or(Error::MissingSecret)?)?;
    let (issuer, name) = split_label(&label, text(&params.issuer));

    let is_steam = kind == "steam"
        || text(&params.encoder).is_some_and(|e| e.eq_ignore_ascii_case("steam"))
        // As the account will keep it: trimmed (`Steam :name` is Steam's, like `Steam:name`).
        || issuer.is_some_and(|i| i.trim().eq_ignore_ascii_case("steam"));
    let method = if is_steam && kind != "hotp" {
        Method::Steam { period: parse_period(text(&params.period))? }
    } else {
        let algorithm = match text(&params.algorithm) {
            None => Algorithm::default(),
            Some(found) => {
                Algorithm::from_name(found).ok_or_else(|| Error::UnsupportedAlgorithm { found: quote(found) })?
            }
        };
        let digits = match text(&params.digits) {
            None => Digits::default(),
            Some(found) => {
                found.parse().ok().and_then(Digits::new).ok_or_else(|| Error::InvalidDigits { found: quote(found) })?
            }
        };
        if kind == "hotp" {
            let found = text(&params.counter).ok_or(Error::MissingCounter)?;
            let counter = found.parse().map_err(|_| Error::InvalidCounter { found: quote(found) })?;
            Method::Hotp { algorithm, digits, counter }
        } else {
            Method::Totp { algorithm, digits, period: parse_period(text(&params.period))? }
        }
    };
    Ok(Account::new(issuer, name, secret, method)?)
}

fn parse_period(value: Option<&str>) -> Result<Period, Error> {
    match value {
        None => Ok(Period::default()),
        Some(found) => {
            found.parse().ok().and_then(Period::new).ok_or_else(|| Error::InvalidPeriod { found: quote(found) })
        }
    }
}

/// Characters left as they are in a label or parameter: RFC 3986's unreserved set plus `@`, which email-like
/// account names are full of. Everything else, `:` `/` `?` `&` `#` `%` and space included, is escaped.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~').remove(b'@');

/// Formats an account as a canonical otpauth URI: every parameter explicit, in a fixed order, secret in
/// upper-case unpadded base32. `parse(&to_uri(a))` gives back an equal account.
///
/// Steam accounts come out as `otpauth://totp/…&digits=5&encoder=steam`, the form other authenticators read.
///
/// # Security
/// The URI contains the secret; it is wiped when dropped. Print it only where the user asked for it.
pub fn to_uri(account: &Account) -> Zeroizing<String> {
    let method = account.method();
    let kind = match method {
        Method::Hotp { .. } => "hotp",
        Method::Totp { .. } | Method::Steam { .. } => "totp",
    };
    let name = utf8_percent_encode(account.name(), COMPONENT);
    let label = match account.issuer() {
        Some(issuer) => format!("{}:{name}", utf8_percent_encode(issuer, COMPONENT)),
        // A leading empty issuer keeps a colon inside the name from being read as the separator.
        None if account.name().contains(':') => format!(":{name}"),
        None => name.to_string(),
    };
    let mut uri = Zeroizing::new(format!("otpauth://{kind}/{label}?secret="));
    uri.push_str(&account.secret().to_base32());
    // Writing to a String cannot fail; the results are ignored for that reason.
    if let Some(issuer) = account.issuer() {
        let _ = write!(uri, "&issuer={}", utf8_percent_encode(issuer, COMPONENT));
    }
    let _ = write!(uri, "&algorithm={}&digits={}", method.algorithm(), method.code_len());
    match *method {
        Method::Hotp { counter, .. } => {
            let _ = write!(uri, "&counter={counter}");
        }
        Method::Totp { period, .. } => {
            let _ = write!(uri, "&period={}", period.get());
        }
        Method::Steam { period } => {
            let _ = write!(uri, "&period={}&encoder=steam", period.get());
        }
    }
    uri
}

#[cfg(test)]
mod tests;
