//! Challenges, answers and polls: the texts each side signs, and the checks a challenge passes before it
//! is shown to anyone.

use serde::{Deserialize, Deserializer};

use super::keys::PublicKey;

/// The longest question or title shown; a server sending more is not showing a login prompt.
const MAX_TEXT_CHARS: usize = 500;
/// The most options a number-matching prompt may offer (privacyIDEA allows up to 10).
const MAX_OPTIONS: usize = 10;

/// A challenge as the server sends it, before any check. Field values are kept exactly as received,
/// because the signature covers them as text.
#[derive(Debug, Clone, Deserialize)]
pub struct Challenge {
    /// The challenge's unique id; answers name it.
    pub nonce: String,
    /// Where to answer (must be the token's registration URL).
    pub url: String,
    /// The token it is for.
    pub serial: String,
    /// What the service asks ("Do you want to log in to Payroll?").
    pub question: String,
    /// A heading for the prompt.
    pub title: String,
    /// `1` or `0`, as the server wrote it.
    #[serde(deserialize_with = "as_text")]
    pub sslverify: String,
    /// Number matching: the options offered, comma-separated; the right one is shown on the login page.
    #[serde(default, deserialize_with = "as_optional_text")]
    pub require_presence: Option<String>,
    /// The server's signature, padded base32.
    pub signature: String,
    /// Keyfob's reference service only: when the challenge expires (Unix seconds), signed separately in
    /// `expires_signature` over `nonce|expires` so privacyIDEA's signed text is unchanged.
    #[serde(default)]
    pub expires: Option<u64>,
    /// The signature over `nonce|expires`.
    #[serde(default)]
    pub expires_signature: Option<String>,
}

/// Python formats booleans and numbers its own way into the signed text; keep what was sent.
fn as_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    Ok(match serde_json::Value::deserialize(deserializer)? {
        serde_json::Value::String(s) => s,
        serde_json::Value::Bool(true) => "True".to_owned(),
        serde_json::Value::Bool(false) => "False".to_owned(),
        other => other.to_string(),
    })
}

fn as_optional_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    Ok(match serde_json::Value::deserialize(deserializer)? {
        serde_json::Value::Null => None,
        serde_json::Value::String(s) => Some(s),
        other => Some(other.to_string()),
    })
}

/// Why a challenge is not shown.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ChallengeError {
    /// Not for this token.
    #[error("the challenge is for another token")]
    WrongSerial,
    /// Names an answer address other than the token's.
    #[error("the challenge names another server address")]
    WrongUrl,
    /// The signature is missing, malformed or not the pinned server key's.
    #[error("the challenge's signature does not verify against the server key pinned at enrolment")]
    BadSignature,
    /// Text too long, or options out of bounds.
    #[error("the challenge is malformed: {0}")]
    Malformed(&'static str),
}

/// A challenge whose signature verified against the token's pinned key: safe to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    /// The challenge's nonce: its id everywhere.
    pub nonce: String,
    /// The token's serial.
    pub serial: String,
    /// The service's question.
    pub question: String,
    /// The prompt's title.
    pub title: String,
    /// Number matching: the options to offer, in the server's order (empty when none is asked).
    pub options: Vec<String>,
    /// When it expires (Unix seconds), when the server said so with a valid signature.
    pub expires: Option<u64>,
}

/// How long a challenge whose server signs no expiry is shown after this device first saw it:
/// privacyIDEA's default challenge validity.
pub const UNSIGNED_VALIDITY_SECS: u64 = 120;

/// The furthest ahead a signed expiry may lie; a challenge claiming longer is not shown.
pub const MAX_VALIDITY_SECS: u64 = 24 * 3600;

impl Verified {
    /// Whether it may be shown at `now`: before its signed expiry (at most [`MAX_VALIDITY_SECS`] ahead),
    /// or, with none, within [`UNSIGNED_VALIDITY_SECS`] of `first_seen`, when this device first saw it.
    /// An old challenge replayed into view is shown no longer than it was the first time.
    pub fn showable_at(&self, now: u64, first_seen: u64) -> bool {
        match self.expires {
            Some(at) => now < at && at <= now.saturating_add(MAX_VALIDITY_SECS),
            None => now < first_seen.saturating_add(UNSIGNED_VALIDITY_SECS),
        }
    }
}

impl Challenge {
    /// The text the server signs.
    pub fn signed_text(&self) -> String {
        let mut text = [&self.nonce, &self.url, &self.serial, &self.question, &self.title, &self.sslverify]
            .map(String::as_str)
            .join("|");
        if let Some(options) = &self.require_presence {
            text.push('|');
            text.push_str(options);
        }
        text
    }

    /// Checks the challenge against the token it arrived for: serial, address, signature, sizes.
    ///
    /// # Errors
    /// A [`ChallengeError`]; such a challenge must never be shown.
    pub fn verify(&self, serial: &str, url: &str, server: &PublicKey) -> Result<Verified, ChallengeError> {
        if self.serial != serial {
            return Err(ChallengeError::WrongSerial);
        }
        if self.url != url {
            return Err(ChallengeError::WrongUrl);
        }
        if !server.verifies(&self.signed_text(), &self.signature) {
            return Err(ChallengeError::BadSignature);
        }
        if self.question.chars().count() > MAX_TEXT_CHARS || self.title.chars().count() > MAX_TEXT_CHARS {
            return Err(ChallengeError::Malformed("the question or title is too long"));
        }
        if self.nonce.is_empty() || self.nonce.len() > 256 {
            return Err(ChallengeError::Malformed("the nonce is empty or too long"));
        }
        let options: Vec<String> = match &self.require_presence {
            Some(list) => list.split(',').map(|o| o.trim().to_owned()).collect(),
            None => Vec::new(),
        };
        if options.len() > MAX_OPTIONS || options.iter().any(|o| o.is_empty() || o.chars().count() > 16) {
            return Err(ChallengeError::Malformed("the options are empty, too many or too long"));
        }
        // Number matching offers a choice: one option, or one repeated, would make the right answer the
        // only button, and a prompt shown by someone who knows the login page's number could not fail.
        let distinct: std::collections::BTreeSet<&String> = options.iter().collect();
        if self.require_presence.is_some() && (options.len() < 2 || distinct.len() != options.len()) {
            return Err(ChallengeError::Malformed("number matching needs 2 to 10 different options"));
        }
        let expires = match (self.expires, &self.expires_signature) {
            (Some(at), Some(signature)) if server.verifies(&format!("{}|{at}", self.nonce), signature) => Some(at),
            (None, None) => None,
            _ => return Err(ChallengeError::BadSignature),
        };
        let clean = |text: &str| text.chars().filter(|c| !c.is_control()).collect();
        Ok(Verified {
            nonce: self.nonce.clone(),
            serial: self.serial.clone(),
            question: clean(&self.question),
            title: clean(&self.title),
            options,
            expires,
        })
    }
}

/// What the user decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// Approve; with number matching, the option picked.
    Approve {
        /// The option picked, when the challenge asked for one.
        presence: Option<String>,
    },
    /// Deny; `not_me` says the user did not start this login (privacyIDEA's `unknown_trigger`).
    Deny {
        /// "This wasn't me."
        not_me: bool,
    },
}

/// The reason privacyIDEA records for "this wasn't me".
const NOT_ME: &str = "unknown_trigger";

/// The text the device signs to answer.
pub fn answer_text(nonce: &str, serial: &str, answer: &Answer) -> String {
    match answer {
        Answer::Approve { presence: Some(option) } => format!("{nonce}|{serial}|{option}"),
        Answer::Approve { presence: None } => format!("{nonce}|{serial}"),
        Answer::Deny { not_me: true } => format!("{nonce}|{serial}|decline|{NOT_ME}"),
        Answer::Deny { not_me: false } => format!("{nonce}|{serial}|decline"),
    }
}

/// The form fields of an answer, `signature` being [`answer_text`] signed.
pub fn answer_form(nonce: &str, serial: &str, answer: &Answer, signature: &str) -> Vec<(&'static str, String)> {
    let mut form = vec![("nonce", nonce.to_owned()), ("serial", serial.to_owned())];
    match answer {
        Answer::Approve { presence: Some(option) } => form.push(("presence_answer", option.clone())),
        Answer::Approve { presence: None } => {}
        Answer::Deny { not_me } => {
            form.push(("decline", "1".to_owned()));
            if *not_me {
                form.push(("decline_reason", NOT_ME.to_owned()));
            }
        }
    }
    form.push(("signature", signature.to_owned()));
    form
}

/// The text the device signs to poll.
pub fn poll_text(serial: &str, timestamp: &str) -> String {
    format!("{serial}|{timestamp}")
}

/// An ISO-8601 UTC timestamp for a poll, as privacyIDEA parses it (`2026-11-25T15:40:00.123456+00:00`).
pub fn timestamp(unix_nanos: i128) -> String {
    let format =
        time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]+00:00");
    time::OffsetDateTime::from_unix_timestamp_nanos(unix_nanos)
        .ok()
        .and_then(|t| t.format(format).ok())
        .unwrap_or_else(|| "1970-01-01T00:00:00.000000+00:00".to_owned())
}
