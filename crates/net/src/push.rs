//! The device side of privacyIDEA's push protocol over HTTP: register, poll, answer, and the reference
//! service's event stream. The texts and checks are `keyfob_core::push`'s; this module only carries them.

pub mod inbox;

use std::io::BufRead;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use keyfob_core::push::{self, Answer, Challenge, DeviceKey, Enrolment, PublicKey};
use keyfob_core::vault::PushEntry;
use ring::rand::SystemRandom;
use serde_json::Value;

/// Why a push call failed, each saying what to do.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PushError {
    /// Nothing answered at the address.
    #[error(
        "cannot reach the push server at {url} ({reason}); check the network, or that the login service is running"
    )]
    Unreachable {
        /// The server address.
        url: String,
        /// The network's reason.
        reason: String,
    },
    /// The server answered with a refusal.
    #[error("the push server at {url} refused: {message}")]
    Refused {
        /// The server address.
        url: String,
        /// The server's own message, or the HTTP status.
        message: String,
    },
    /// The server's answer is not the protocol's.
    #[error("the push server at {url} sent an answer Keyfob does not understand ({reason})")]
    BadResponse {
        /// The server address.
        url: String,
        /// What was wrong.
        reason: String,
    },
    /// Signing failed, or the server's key is unusable.
    #[error(transparent)]
    Key(#[from] push::KeyError),
}

fn agent() -> ureq::Agent {
    ureq::AgentBuilder::new().timeout_connect(Duration::from_secs(5)).timeout_read(Duration::from_secs(15)).build()
}

/// The `result` of a privacyIDEA-style JSON reply, or the refusal it carries.
fn result(url: &str, response: Result<ureq::Response, ureq::Error>) -> Result<Value, PushError> {
    let (status, response) = match response {
        Ok(response) => (response.status(), response),
        Err(ureq::Error::Status(status, response)) => (status, response),
        Err(ureq::Error::Transport(transport)) => {
            return Err(PushError::Unreachable { url: url.to_owned(), reason: transport.to_string() });
        }
    };
    let body: Value = response
        .into_json()
        .map_err(|e| PushError::BadResponse { url: url.to_owned(), reason: format!("HTTP {status}, not JSON: {e}") })?;
    if status >= 400 || body.pointer("/result/status") == Some(&Value::Bool(false)) {
        let message = body
            .pointer("/result/error/message")
            .and_then(Value::as_str)
            .map_or_else(|| format!("HTTP {status}"), str::to_owned);
        return Err(PushError::Refused { url: url.to_owned(), message });
    }
    Ok(body)
}

/// Registers the device's public key with the server named in `enrolment`, and returns the server's key to
/// pin. The enrolment credential is used once; the server refuses it a second time.
///
/// # Errors
/// A [`PushError`].
pub fn register(enrolment: &Enrolment, device: &DeviceKey) -> Result<PublicKey, PushError> {
    let url = &enrolment.url;
    let pubkey = device.public_key_base64()?;
    let form = [
        ("enrollment_credential", enrolment.enrollment_credential.as_str()),
        ("serial", enrolment.serial.as_str()),
        // Poll mode: no Firebase token exists; privacyIDEA requires the field and ignores its value.
        ("fbtoken", "poll-only"),
        ("pubkey", pubkey.as_str()),
    ];
    let body = result(url, agent().post(url).send_form(&form))?;
    let key = body.pointer("/detail/public_key").and_then(Value::as_str).ok_or_else(|| PushError::BadResponse {
        url: url.clone(),
        reason: "no detail.public_key in the registration reply".into(),
    })?;
    Ok(PublicKey::from_base64(key)?)
}

fn now_nanos() -> i128 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos() as i128).unwrap_or(0)
}

/// The query of a signed poll (or stream) request: serial, timestamp, signature.
fn signed_query(token: &PushEntry, device: &DeviceKey) -> Result<[(&'static str, String); 3], PushError> {
    let timestamp = push::timestamp(now_nanos());
    let signature = device.sign(&push::poll_text(&token.serial, &timestamp), &SystemRandom::new())?;
    Ok([("serial", token.serial.clone()), ("timestamp", timestamp), ("signature", signature)])
}

/// Asks the server for the token's open challenges. They are returned unverified: call
/// [`Challenge::verify`] before showing any.
///
/// # Errors
/// A [`PushError`].
pub fn poll(token: &PushEntry, device: &DeviceKey) -> Result<Vec<Challenge>, PushError> {
    let url = &token.url;
    let mut request = agent().get(url);
    for (name, value) in signed_query(token, device)? {
        request = request.query(name, &value);
    }
    let body = result(url, request.call())?;
    challenges(url, body.pointer("/result/value").unwrap_or(&Value::Null))
}

fn challenges(url: &str, value: &Value) -> Result<Vec<Challenge>, PushError> {
    match value {
        Value::Array(items) => Ok(items.iter().filter_map(|c| serde_json::from_value(c.clone()).ok()).collect()),
        Value::Bool(false) | Value::Null => Ok(Vec::new()),
        _ => Err(PushError::BadResponse { url: url.to_owned(), reason: "the poll reply holds no list".into() }),
    }
}

/// Sends the user's answer. Returns whether the server accepted the signed answer.
///
/// # Errors
/// A [`PushError`].
pub fn answer(token: &PushEntry, device: &DeviceKey, nonce: &str, answer: &Answer) -> Result<bool, PushError> {
    let signature = device.sign(&push::answer_text(nonce, &token.serial, answer), &SystemRandom::new())?;
    let form = push::answer_form(nonce, &token.serial, answer, &signature);
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let body = result(&token.url, agent().post(&token.url).send_form(&form))?;
    Ok(body.pointer("/result/value") == Some(&Value::Bool(true)))
}

/// The reference service's event stream (`GET <url>/stream`, server-sent events), when the server offers
/// it: calls `on_challenges` with each batch of open challenges it sends, until the stream ends, `keep_on`
/// says stop, or the connection fails. Returns `Ok(false)` when the server has no stream (privacyIDEA), so
/// the caller polls instead.
///
/// # Errors
/// A [`PushError`] when the connection fails or drops; the caller reconnects with backoff.
pub fn stream(
    token: &PushEntry,
    device: &DeviceKey,
    on_challenges: &impl Fn(Vec<Challenge>),
    keep_on: &impl Fn() -> bool,
) -> Result<bool, PushError> {
    let url = format!("{}/stream", token.url.trim_end_matches('/'));
    let mut request = ureq::AgentBuilder::new()
        .timeout_connect(Duration::from_secs(5))
        .timeout_read(Duration::from_secs(40))
        .build()
        .get(&url)
        .set("Accept", "text/event-stream");
    for (name, value) in signed_query(token, device)? {
        request = request.query(name, &value);
    }
    let response = match request.call() {
        Ok(response) => response,
        Err(ureq::Error::Status(404 | 405, _)) => return Ok(false),
        Err(ureq::Error::Status(status, _)) => {
            return Err(PushError::Refused { url, message: format!("HTTP {status}") });
        }
        Err(ureq::Error::Transport(transport)) => {
            return Err(PushError::Unreachable { url, reason: transport.to_string() });
        }
    };
    if !response.content_type().starts_with("text/event-stream") {
        return Ok(false);
    }
    let reader = std::io::BufReader::new(response.into_reader());
    for line in reader.lines() {
        if !keep_on() {
            return Ok(true);
        }
        let line = line.map_err(|e| PushError::Unreachable { url: url.clone(), reason: e.to_string() })?;
        let Some(data) = line.strip_prefix("data:") else { continue };
        let value: Value = serde_json::from_str(data.trim())
            .map_err(|e| PushError::BadResponse { url: url.clone(), reason: e.to_string() })?;
        on_challenges(challenges(&url, &value)?);
    }
    Err(PushError::Unreachable { url, reason: "the stream ended".into() })
}
