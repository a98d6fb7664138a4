//! An account: who issued it, whose it is, its secret and how it makes codes.

use crate::kind::Kind;
use crate::otp::{Algorithm, Code, Digits, MAX_PERIOD, Method, Period};
use crate::secret::{OtpSecret, SecretError};

/// The longest issuer or account name accepted, in bytes. Real ones are a few dozen; a longer one is junk or
/// an attempt to flood the list.
pub const MAX_NAME_BYTES: usize = 256;

/// Why an issuer or account name was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum NameError {
    /// Over [`MAX_NAME_BYTES`].
    #[error("the {field} is {len} bytes long, over the limit of {max} bytes", max = MAX_NAME_BYTES)]
    TooLong {
        /// `issuer` or `account name`.
        field: &'static str,
        /// Its length in bytes.
        len: usize,
    },
    /// Holds a NUL or another control character, which no real name has and which can hide text in a terminal.
    #[error("the {field} contains a control character (such as NUL) at byte {position}")]
    ControlCharacter {
        /// `issuer` or `account name`.
        field: &'static str,
        /// 0-based byte offset.
        position: usize,
    },
    /// Holds a character that changes how text around it is shown without being seen itself (a bidi
    /// override, a zero-width space or joiner): `PayPal` could then pose as another name.
    #[error("the {field} contains an invisible formatting character (U+{code:04X}) at byte {position}")]
    InvisibleCharacter {
        /// `issuer` or `account name`.
        field: &'static str,
        /// 0-based byte offset.
        position: usize,
        /// The character's code point.
        code: u32,
    },
    /// Neither an issuer nor an account name: the account could not be told apart in a list.
    #[error("neither an account name nor an issuer is given; an account needs at least one of them")]
    Nameless,
}

impl NameError {
    /// What sort of failure this is: a name over the length limit is [`Kind::Limit`], any other is
    /// refused by the rules for names ([`Kind::Rejected`]).
    pub fn kind(&self) -> Kind {
        match self {
            Self::TooLong { .. } => Kind::Limit,
            Self::ControlCharacter { .. } | Self::InvisibleCharacter { .. } | Self::Nameless => Kind::Rejected,
        }
    }
}

/// Whether `c` is one of the invisible characters that reorder or join text (Unicode's bidi controls, zero
/// width characters, the BOM, the soft hyphen and similar format characters). They have no place in an
/// issuer or account name, and in a terminal or a list they can make one name look like another.
pub fn is_invisible_format(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}' | '\u{180B}'..='\u{180F}'
        | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{3164}'
        | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{FFA0}' | '\u{FFF0}'..='\u{FFFB}'
        | '\u{E0000}'..='\u{E0FFF}')
}

/// One OTP account, valid by construction: every `Account` can produce a code.
///
/// It is deliberately not `Clone`: it holds a secret. Use [`Account::duplicate`] where a copy is really needed.
#[derive(Debug, PartialEq, Eq)]
pub struct Account {
    issuer: Option<String>,
    name: String,
    secret: OtpSecret,
    method: Method,
}

impl Account {
    /// Builds an account. Surrounding whitespace is trimmed from both names and an empty issuer becomes
    /// `None`, so the same account typed twice compares equal.
    ///
    /// # Errors
    /// A [`NameError`] for a name that is too long or contains control or invisible formatting
    /// characters, or when neither an issuer nor a name is given.
    pub fn new(issuer: Option<&str>, name: &str, secret: OtpSecret, method: Method) -> Result<Self, NameError> {
        let (issuer, name) = normalize_names(issuer, name)?;
        Ok(Self { issuer, name, secret, method })
    }

    /// An account as the vault stored it. The names were checked when it was added (under the rules of the
    /// Keyfob that added it) and the vault's MAC vouches that nothing changed since; they are not checked
    /// again, so a rule added later never makes an existing vault unreadable. Printing them is the
    /// caller's care, as for any text.
    pub fn from_stored(issuer: Option<String>, name: String, secret: OtpSecret, method: Method) -> Self {
        Self { issuer, name, secret, method }
    }

    /// The service that issued the account (`GitHub`), when known.
    pub fn issuer(&self) -> Option<&str> {
        self.issuer.as_deref()
    }

    /// The user's name at that service (`alice@example.com`); may be empty.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// How codes are made.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The shared secret.
    pub fn secret(&self) -> &OtpSecret {
        &self.secret
    }

    /// The code at `unix_time` (for HOTP: the code at the stored counter). See [`Method::code_at`].
    pub fn code_at(&self, unix_time: u64) -> Code {
        self.method.code_at(&self.secret, unix_time)
    }

    /// An explicit copy, secret included.
    pub fn duplicate(&self) -> Self {
        Self {
            issuer: self.issuer.clone(),
            name: self.name.clone(),
            secret: self.secret.duplicate(),
            method: self.method,
        }
    }
}

/// The rules every issuer and account name follows, wherever it comes from: trimmed, an empty issuer is
/// none, bounded length, no control characters.
///
/// # Errors
/// A [`NameError`] naming the field.
pub fn normalize_names(issuer: Option<&str>, name: &str) -> Result<(Option<String>, String), NameError> {
    let issuer = issuer.map(str::trim).filter(|i| !i.is_empty());
    let name = name.trim();
    if let Some(issuer) = issuer {
        check_name("issuer", issuer)?;
    }
    check_name("account name", name)?;
    if issuer.is_none() && name.is_empty() {
        return Err(NameError::Nameless);
    }
    Ok((issuer.map(str::to_owned), name.to_owned()))
}

/// Checks one name (an issuer, an account name, a group): bounded length, no control or invisible
/// formatting characters.
///
/// # Errors
/// A [`NameError`] naming `field`.
pub fn check_name(field: &'static str, value: &str) -> Result<(), NameError> {
    if value.len() > MAX_NAME_BYTES {
        return Err(NameError::TooLong { field, len: value.len() });
    }
    match value.char_indices().find(|(_, c)| c.is_control() || is_invisible_format(*c)) {
        Some((position, c)) if c.is_control() => Err(NameError::ControlCharacter { field, position }),
        Some((position, c)) => Err(NameError::InvisibleCharacter { field, position, code: u32::from(c) }),
        None => Ok(()),
    }
}

/// Why [`Fields::build`] made no account: one variant per rule, with what the user gave, so a program can
/// say which rule in the user's language (the session's `message::account_fields`); the English
/// `Display` is for logs and support. None quotes the secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FieldsError {
    /// A hash other than SHA1, SHA256 or SHA512.
    #[error("unsupported algorithm `{0}` (expected SHA1, SHA256 or SHA512)")]
    Algorithm(String),
    /// A code length other than 6, 7 or 8.
    #[error("digits must be 6, 7 or 8, not {0}")]
    Digits(u8),
    /// A period of 0, or over [`MAX_PERIOD`] seconds.
    #[error("the period must be 1 to {MAX_PERIOD} seconds, not {0}")]
    Period(u32),
    /// A type of code other than TOTP, HOTP and Steam (mOTP, Yandex…), as the fields name it.
    #[error("{0} codes are not supported by Keyfob")]
    Type(String),
    /// The secret is empty, not base32, or too long.
    #[error(transparent)]
    Secret(#[from] SecretError),
    /// The issuer or account name breaks the rules for names.
    #[error(transparent)]
    Name(#[from] NameError),
}

impl FieldsError {
    /// What sort of failure this is: a value Keyfob cannot use is [`Kind::Input`], one over a limit
    /// [`Kind::Limit`], a hash or type of code Keyfob does not make [`Kind::Unsupported`].
    pub fn kind(&self) -> Kind {
        match self {
            Self::Algorithm(_) | Self::Type(_) => Kind::Unsupported,
            Self::Digits(_) | Self::Period(_) => Kind::Input,
            Self::Secret(e) => e.kind(),
            Self::Name(e) => e.kind(),
        }
    }
}

/// An account's fields, loosely typed, as other apps' exports and people typing them in give them. One
/// builder for all of them, so an import and a typed-in account follow the same rules and messages.
#[derive(Debug, Clone, Copy)]
pub struct Fields<'a> {
    /// `totp`, `hotp` or `steam`, any case.
    pub kind: &'a str,
    /// The hash's name (SHA1 when absent or empty).
    pub algorithm: Option<&'a str>,
    /// Code length (6 when absent).
    pub digits: Option<u8>,
    /// Seconds per code (30 when absent).
    pub period: Option<u32>,
    /// HOTP counter (0 when absent).
    pub counter: Option<u64>,
    /// Base32 secret.
    pub secret: &'a str,
    /// The service.
    pub issuer: Option<&'a str>,
    /// The user's name there.
    pub name: &'a str,
}

impl Fields<'_> {
    /// Builds the account, or says what is wrong in words a user can act on (never quoting the secret).
    ///
    /// # Errors
    /// A [`FieldsError`] naming the first field that cannot be used.
    pub fn build(&self) -> Result<Account, FieldsError> {
        let algorithm = match self.algorithm.filter(|a| !a.is_empty()) {
            None => Algorithm::default(),
            Some(name) => {
                Algorithm::from_name(name).ok_or_else(|| FieldsError::Algorithm(crate::quote::quote(name)))?
            }
        };
        let digits = || {
            let n = self.digits.unwrap_or(6);
            Digits::new(n).ok_or(FieldsError::Digits(n))
        };
        let period = || {
            let p = self.period.unwrap_or(30);
            Period::new(p).ok_or(FieldsError::Period(p))
        };
        let method = match self.kind.to_ascii_lowercase().as_str() {
            "totp" => Method::Totp { algorithm, digits: digits()?, period: period()? },
            "hotp" => Method::Hotp { algorithm, digits: digits()?, counter: self.counter.unwrap_or(0) },
            "steam" => Method::Steam { period: period()? },
            _ => return Err(FieldsError::Type(crate::quote::quote(self.kind))),
        };
        let secret = OtpSecret::from_base32(self.secret)?;
        Ok(Account::new(self.issuer, self.name, secret, method)?)
    }
}

/// Splits an otpauth label (`Issuer:account`) into issuer and account name, given the separate `issuer`
/// parameter if there was one.
///
/// How accounts are named to people, in the terminal, the tray and the window alike: `Issuer (name)`, or
/// whichever of the two there is.
pub fn label(issuer: Option<&str>, name: &str) -> String {
    match (issuer, name.is_empty()) {
        (Some(issuer), true) => issuer.to_owned(),
        (Some(issuer), false) => format!("{issuer} ({name})"),
        (None, _) => name.to_owned(),
    }
}

/// Google's Key URI format puts the issuer both before the first colon of the label and in a parameter; when
/// they differ the parameter wins. When the label starts with the parameter's issuer and a colon, exactly that
/// prefix is removed, so an issuer that itself contains a colon survives a round trip.
pub fn split_label<'a>(label: &'a str, issuer_param: Option<&'a str>) -> (Option<&'a str>, &'a str) {
    let issuer_param = issuer_param.filter(|i| !i.is_empty());
    if let Some(rest) = issuer_param.and_then(|i| label.strip_prefix(i)?.strip_prefix(':')) {
        return (issuer_param, rest);
    }
    match label.split_once(':') {
        Some((prefix, rest)) => (issuer_param.or(Some(prefix).filter(|p| !p.is_empty())), rest),
        None => (issuer_param, label),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_name_whichever_there_is() {
        assert_eq!(label(Some("GitHub"), "alice"), "GitHub (alice)");
        assert_eq!(label(Some("GitHub"), ""), "GitHub");
        assert_eq!(label(None, "alice"), "alice");
    }

    fn secret() -> OtpSecret {
        OtpSecret::from_base32("JBSWY3DPEHPK3PXP").unwrap()
    }

    #[test]
    fn label_prefix_gives_the_issuer() {
        assert_eq!(split_label("ACME:alice", None), (Some("ACME"), "alice"));
        assert_eq!(split_label("alice", None), (None, "alice"));
        assert_eq!(split_label("alice", Some("ACME")), (Some("ACME"), "alice"));
    }

    #[test]
    fn issuer_parameter_wins_over_label_prefix() {
        assert_eq!(split_label("Old:alice", Some("New")), (Some("New"), "alice"));
    }

    #[test]
    fn issuer_with_a_colon_is_stripped_whole() {
        assert_eq!(split_label("A:B:alice", Some("A:B")), (Some("A:B"), "alice"));
    }

    #[test]
    fn empty_prefix_means_no_issuer_and_keeps_colons_in_the_name() {
        assert_eq!(split_label(":a:b", None), (None, "a:b"));
    }

    #[test]
    fn names_are_trimmed_and_empty_issuer_is_none() {
        let account = Account::new(Some("  "), "  alice ", secret(), Method::default()).unwrap();
        assert_eq!(account.issuer(), None);
        assert_eq!(account.name(), "alice");
    }

    fn fields<'a>(kind: &'a str, secret: &'a str) -> Fields<'a> {
        Fields {
            kind,
            algorithm: None,
            digits: None,
            period: None,
            counter: None,
            secret,
            issuer: Some("ACME"),
            name: "alice",
        }
    }

    /// Each field refused is its own reason, with its kind, in the words people have always read.
    #[test]
    fn fields_refused_say_which_and_why() {
        let cases = [
            (
                Fields { algorithm: Some("MD5"), ..fields("totp", "JBSWY3DPEHPK3PXP") }.build(),
                FieldsError::Algorithm("MD5".into()),
                Kind::Unsupported,
                "unsupported algorithm `MD5` (expected SHA1, SHA256 or SHA512)",
            ),
            (
                Fields { digits: Some(9), ..fields("totp", "JBSWY3DPEHPK3PXP") }.build(),
                FieldsError::Digits(9),
                Kind::Input,
                "digits must be 6, 7 or 8, not 9",
            ),
            (
                Fields { period: Some(0), ..fields("steam", "JBSWY3DPEHPK3PXP") }.build(),
                FieldsError::Period(0),
                Kind::Input,
                "the period must be 1 to 86400 seconds, not 0",
            ),
            (
                fields("mOTP", "JBSWY3DPEHPK3PXP").build(),
                FieldsError::Type("mOTP".into()),
                Kind::Unsupported,
                "mOTP codes are not supported by Keyfob",
            ),
            (
                fields("TOTP", "JBSWY3DPEHPK3PX1").build(),
                FieldsError::Secret(SecretError::InvalidCharacter { position: 16 }),
                Kind::Input,
                "the secret has a character that is not base32 at position 16 (only letters A-Z and digits 2-7 are allowed)",
            ),
            (
                Fields { name: &"x".repeat(300), ..fields("hotp", "JBSWY3DPEHPK3PXP") }.build(),
                FieldsError::Name(NameError::TooLong { field: "account name", len: 300 }),
                Kind::Limit,
                "the account name is 300 bytes long, over the limit of 256 bytes",
            ),
        ];
        for (built, error, kind, words) in cases {
            assert_eq!(built.as_ref().err(), Some(&error));
            assert_eq!((error.kind(), error.to_string().as_str()), (kind, words));
        }
        assert!(fields("Steam", "JBSWY3DPEHPK3PXP").build().is_ok());
    }

    #[test]
    fn rejects_control_characters_and_huge_names() {
        assert_eq!(
            Account::new(Some("A\0B"), "x", secret(), Method::default()),
            Err(NameError::ControlCharacter { field: "issuer", position: 1 })
        );
        assert_eq!(
            Account::new(None, &"x".repeat(300), secret(), Method::default()),
            Err(NameError::TooLong { field: "account name", len: 300 })
        );
    }
}
