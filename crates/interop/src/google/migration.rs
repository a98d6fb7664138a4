//! Google Authenticator's export QR codes: `otpauth-migration://offline?data=…`.
//!
//! `data` is base64 of a protobuf `MigrationPayload` listing accounts; a large export is split over several
//! QR codes ("batches") that share a `batch_id`. The message layout below is the one Google Authenticator has
//! written since 2020, declared by hand with `prost`'s derive so no protobuf compiler is needed to build.
//!
//! One unusable entry (MD5, an unknown type) never loses the others: it is reported in
//! [`Export::skipped`] by name, and the rest are returned.

use data_encoding::Encoding;
use prost::Message;
use zeroize::Zeroizing;

use keyfob_otp::Kind;
use keyfob_otp::account::{Account, NameError, split_label};
use keyfob_otp::otp::{Algorithm, Digits, Method, Period};
use keyfob_otp::secret::{OtpSecret, SecretError, lenient};
use keyfob_otp::uri::{self, check_raw, strip_scheme};

/// Why an export QR could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The text is too long or holds control characters.
    #[error(transparent)]
    Uri(#[from] uri::Error),
    /// Not an `otpauth-migration://` URI.
    #[error("this is not a Google Authenticator export (otpauth-migration://)")]
    NotMigration,
    /// No `data` parameter.
    #[error("the export has no `data` parameter; scan the QR code again")]
    MissingData,
    /// `data` is not base64.
    #[error("the export's `data` is not valid base64 (at character {position}); scan the QR code again")]
    InvalidBase64 {
        /// 0-based position in the percent-decoded value.
        position: usize,
    },
    /// `data` decodes, but not to a `MigrationPayload`.
    #[error("the export's data is damaged or from an unknown version of Google Authenticator")]
    InvalidPayload,
    /// The export says it is split over an impossible number of QR codes, or that this one lies outside
    /// them: a damaged or forged export (nothing is sized by these numbers before this check).
    #[error(
        "the export is damaged: it claims to be QR code {index} of {size} (an export has 1 to {MAX_BATCHES} QR codes)"
    )]
    InvalidBatch {
        /// The batch index the payload states, from 0, as written.
        index: i32,
        /// The batch count the payload states, as written.
        size: i32,
    },
}

impl Error {
    /// What sort of failure this is: a text that is no export is [`Kind::Input`], an export whose data is
    /// damaged [`Kind::Integrity`].
    pub fn kind(&self) -> Kind {
        match self {
            Self::Uri(e) => e.kind(),
            Self::NotMigration | Self::MissingData => Kind::Input,
            Self::InvalidBase64 { .. } | Self::InvalidPayload | Self::InvalidBatch { .. } => Kind::Integrity,
        }
    }
}

/// The most QR codes one export may claim. Google Authenticator puts about ten accounts in each code, so
/// this allows thousands of accounts while keeping everything sized by a batch count small.
pub const MAX_BATCHES: u32 = 100;

/// An entry of the export that could not become an account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The entry's position in this QR code's list, from 0.
    pub index: usize,
    /// `Issuer: name` as Google Authenticator showed it, so the user knows which account to move by hand.
    pub label: String,
    /// Why it was left out.
    pub reason: Unusable,
}

/// Why an entry of an export could not become an account. Each reads after "it" (`it uses an unknown
/// algorithm (#7)`), as the report words it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Unusable {
    /// MD5, which Google Authenticator lists and Keyfob does not make codes with.
    #[error("uses the MD5 algorithm, which Keyfob does not support")]
    Md5,
    /// An algorithm number Google Authenticator does not define.
    #[error("uses an unknown algorithm (#{0})")]
    Algorithm(i32),
    /// A digits number Google Authenticator does not define.
    #[error("uses an unknown number of digits (#{0})")]
    Digits(i32),
    /// A type number Google Authenticator does not define.
    #[error("is of an unknown type (#{0})")]
    Type(i32),
    /// An HOTP counter below zero.
    #[error("has a negative counter")]
    NegativeCounter,
    /// The secret is empty or too long.
    #[error(transparent)]
    Secret(#[from] SecretError),
    /// The issuer or name breaks the rules for names.
    #[error(transparent)]
    Name(#[from] NameError),
}

impl Unusable {
    /// What sort of failure this is: an algorithm or type Keyfob does not make codes for is
    /// [`Kind::Unsupported`]; a secret or name says its own.
    pub fn kind(&self) -> Kind {
        match self {
            Self::Md5 | Self::Algorithm(_) | Self::Digits(_) | Self::Type(_) => Kind::Unsupported,
            Self::NegativeCounter => Kind::Input,
            Self::Secret(e) => e.kind(),
            Self::Name(e) => e.kind(),
        }
    }
}

/// Which part of a multi-QR export this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Batch {
    /// This QR code's position, from 0.
    pub index: u32,
    /// How many QR codes the export has (at least 1).
    pub size: u32,
    /// Shared by every QR code of one export, so batches of different exports are not mixed up.
    pub id: i32,
}

/// The decoded content of one export QR code.
#[derive(Debug)]
pub struct Export {
    /// Every usable account, in the export's order.
    pub accounts: Vec<Account>,
    /// Entries that could not be used, each with its reason.
    pub skipped: Vec<Skipped>,
    /// Where this QR code sits in the whole export.
    pub batch: Batch,
}

/// `MigrationPayload` as Google Authenticator writes it.
#[derive(Clone, PartialEq, prost::Message)]
pub(crate) struct Payload {
    #[prost(message, repeated, tag = "1")]
    pub otp_parameters: Vec<OtpParameters>,
    #[prost(int32, tag = "2")]
    pub version: i32,
    #[prost(int32, tag = "3")]
    pub batch_size: i32,
    #[prost(int32, tag = "4")]
    pub batch_index: i32,
    #[prost(int32, tag = "5")]
    pub batch_id: i32,
}

/// One account of a `MigrationPayload`. Enumerations are kept as raw integers so unknown values are reported
/// by number instead of failing the whole payload.
#[derive(Clone, PartialEq, prost::Message)]
pub(crate) struct OtpParameters {
    #[prost(bytes = "vec", tag = "1")]
    pub secret: Vec<u8>,
    #[prost(string, tag = "2")]
    pub name: String,
    #[prost(string, tag = "3")]
    pub issuer: String,
    /// 0 unspecified (SHA-1), 1 SHA-1, 2 SHA-256, 3 SHA-512, 4 MD5.
    #[prost(int32, tag = "4")]
    pub algorithm: i32,
    /// 0 unspecified (6), 1 six, 2 eight.
    #[prost(int32, tag = "5")]
    pub digits: i32,
    /// 0 unspecified (TOTP), 1 HOTP, 2 TOTP.
    #[prost(int32, tag = "6")]
    pub r#type: i32,
    #[prost(int64, tag = "7")]
    pub counter: i64,
}

impl Drop for OtpParameters {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.secret);
    }
}

/// Reads one export QR code's text.
///
/// # Errors
/// An [`Error`] when the text is not a readable export; entries that are unusable one by one go to
/// [`Export::skipped`] instead.
pub fn parse(text: &str) -> Result<Export, Error> {
    let text = text.trim();
    check_raw(text)?;
    let rest = strip_scheme(text, "otpauth-migration").ok_or(Error::NotMigration)?;
    let query = rest.split_once('?').map_or("", |(_, q)| q);
    let data = query.split('&').find_map(|pair| pair.strip_prefix("data=")).ok_or(Error::MissingData)?;
    // `+` here is base64's, not a space: the value is percent-encoded, not form-encoded.
    let data = Zeroizing::new(percent_encoding::percent_decode_str(data).collect::<Vec<u8>>());
    let trimmed = data.strip_suffix(b"==").or_else(|| data.strip_suffix(b"=")).unwrap_or(&data);
    let bytes =
        Zeroizing::new(lenient_base64().decode(trimmed).map_err(|e| Error::InvalidBase64 { position: e.position })?);
    let payload = Payload::decode(bytes.as_slice()).map_err(|_| Error::InvalidPayload)?;
    let batch = batch_of(&payload)?;
    Ok(from_payload(payload, batch))
}

/// The batch fields, checked: 0 for the size or index means "not split" (older exports leave them out).
fn batch_of(payload: &Payload) -> Result<Batch, Error> {
    let invalid = Error::InvalidBatch { index: payload.batch_index, size: payload.batch_size };
    let size = u32::try_from(payload.batch_size).map_err(|_| invalid.clone())?.max(1);
    let index = u32::try_from(payload.batch_index).map_err(|_| invalid.clone())?;
    if size > MAX_BATCHES || index >= size {
        return Err(invalid);
    }
    Ok(Batch { index, size, id: payload.batch_id })
}

fn from_payload(payload: Payload, batch: Batch) -> Export {
    let mut accounts = Vec::new();
    let mut skipped = Vec::new();
    for (index, entry) in payload.otp_parameters.into_iter().enumerate() {
        match account_from(&entry) {
            Ok(account) => accounts.push(account),
            Err(reason) => {
                let (issuer, name) = split_label(&entry.name, Some(&entry.issuer));
                let label = match issuer {
                    Some(issuer) => format!("{issuer}: {name}"),
                    None => name.to_owned(),
                };
                skipped.push(Skipped { index, label, reason });
            }
        }
    }
    Export { accounts, skipped, batch }
}

fn account_from(entry: &OtpParameters) -> Result<Account, Unusable> {
    let algorithm = match entry.algorithm {
        0 | 1 => Algorithm::Sha1,
        2 => Algorithm::Sha256,
        3 => Algorithm::Sha512,
        4 => return Err(Unusable::Md5),
        other => return Err(Unusable::Algorithm(other)),
    };
    let digits = match entry.digits {
        0 | 1 => Digits::SIX,
        // Eight is within 6..=8, so `new` cannot refuse it; SIX stands in to satisfy the types.
        2 => Digits::new(8).unwrap_or(Digits::SIX),
        other => return Err(Unusable::Digits(other)),
    };
    let method = match entry.r#type {
        0 | 2 => Method::Totp { algorithm, digits, period: Period::THIRTY },
        1 => Method::Hotp {
            algorithm,
            digits,
            counter: u64::try_from(entry.counter).map_err(|_| Unusable::NegativeCounter)?,
        },
        other => return Err(Unusable::Type(other)),
    };
    let secret = OtpSecret::from_bytes(entry.secret.clone())?;
    let (issuer, name) = split_label(&entry.name, Some(&entry.issuer));
    Ok(Account::new(issuer, name, secret, method)?)
}

/// The name as an export writes it. Readers split `Issuer:name` off a name with a colon, as in an
/// otpauth label, so such a name is written with its issuer (or an empty one) in front: `ACME:a:b`,
/// `:a:b`. It reads back as itself.
fn export_name(account: &Account) -> String {
    match (account.issuer(), account.name()) {
        (issuer, name) if name.contains(':') => format!("{}:{name}", issuer.unwrap_or_default()),
        (_, name) => name.to_owned(),
    }
}

/// Standard base64, padding stripped before decoding, non-zero trailing bits tolerated.
fn lenient_base64() -> Encoding {
    lenient(&data_encoding::BASE64_NOPAD)
}

/// Whether Google Authenticator can hold `account`: TOTP with a 30-second period or HOTP (counter below
/// 2^63), 6 or 8 digits.
pub fn can_export(account: &Account) -> bool {
    let method = account.method();
    let kind_ok = match *method {
        Method::Totp { period, .. } => period == Period::THIRTY,
        // Its counter field is a signed 64-bit number: a larger counter would be written wrong.
        Method::Hotp { counter, .. } => i64::try_from(counter).is_ok(),
        Method::Steam { .. } => false,
    };
    kind_ok && matches!(method.code_len(), 6 | 8)
}

/// Encodes accounts as one export QR code's text, as Google Authenticator would.
///
/// Exports to a phone build on this, and tests use it to make real exports without binary fixtures. Google
/// Authenticator knows only 30-second TOTP and HOTP with 6 or 8 digits; any other account (Steam, 7 digits,
/// another period) is left out and counted in the returned number rather than exported wrong.
///
/// # Security
/// The text contains every secret; it is wiped when dropped.
pub fn to_uri(accounts: &[&Account], batch: Batch) -> (Zeroizing<String>, usize) {
    let mut left_out = 0;
    let mut entries = Vec::new();
    for account in accounts {
        if !can_export(account) {
            left_out += 1;
            continue;
        }
        let method = account.method();
        let (r#type, counter) = match *method {
            Method::Hotp { counter, .. } => (1, i64::try_from(counter).unwrap_or(i64::MAX)),
            _ => (2, 0),
        };
        let digits = if method.code_len() == 8 { 2 } else { 1 };
        entries.push(OtpParameters {
            secret: account.secret().expose_secret().to_vec(),
            name: export_name(account),
            issuer: account.issuer().unwrap_or_default().to_owned(),
            algorithm: match method.algorithm() {
                Algorithm::Sha1 => 1,
                Algorithm::Sha256 => 2,
                Algorithm::Sha512 => 3,
            },
            digits,
            r#type,
            counter,
        });
    }
    let payload = Payload {
        otp_parameters: entries,
        version: 1,
        batch_size: i32::try_from(batch.size).unwrap_or(i32::MAX),
        batch_index: i32::try_from(batch.index).unwrap_or(i32::MAX),
        batch_id: batch.id,
    };
    let bytes = Zeroizing::new(payload.encode_to_vec());
    let data = Zeroizing::new(data_encoding::BASE64.encode(&bytes));
    let data = percent_encoding::utf8_percent_encode(&data, percent_encoding::NON_ALPHANUMERIC);
    (Zeroizing::new(format!("otpauth-migration://offline?data={data}")), left_out)
}

#[cfg(test)]
mod tests;
