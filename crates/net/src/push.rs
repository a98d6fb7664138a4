//! The device side of privacyIDEA's push protocol over HTTP: register, poll, answer, and the reference
//! service's event stream. The texts and checks are `keyfob_push_proto`'s, and what is shown and when is
//! the application layer's (`keyfob_session::push::inbox`); this module only carries them.

#[cfg(test)]
mod tests;

use std::io::{BufRead, Read};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use keyfob_core::Clock;
use keyfob_push_proto::{self as push, Answer, Challenge, DeviceKey, Enrolment, PollSigner, PublicKey};
use keyfob_vault::PushEntry;
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

/// privacyIDEA's apps make 4096-bit keys; so does Keyfob.
pub const KEY_BITS: usize = 4096;

/// Makes this device's key for `enrolment` and registers it; returns the key and the server key to pin.
/// Key generation takes a few seconds.
///
/// # Errors
/// A [`PushError`] (the server refused, or cannot be reached).
pub fn enrol(enrolment: &Enrolment) -> Result<(DeviceKey, PublicKey), PushError> {
    let device = DeviceKey::generate(KEY_BITS, &mut rsa::rand_core::OsRng)?;
    let server = register(enrolment, &device)?;
    Ok((device, server))
}

/// The largest reply read: privacyIDEA's answers are a few KiB.
pub const MAX_BODY_BYTES: usize = 1 << 20;
/// The longest event-stream line read: one line carries the open challenges, a few KiB.
pub const MAX_LINE_BYTES: usize = 64 * 1024;
/// The longest one request may take from connecting to the last byte of its reply, however slowly a
/// server trickles it.
pub const REQUEST_DEADLINE: Duration = Duration::from_secs(30);

/// The TLS settings of every push connection: the bundled roots and the platform's trust store, together.
fn tls() -> Arc<rustls::ClientConfig> {
    static CONFIG: OnceLock<Arc<rustls::ClientConfig>> = OnceLock::new();
    Arc::clone(CONFIG.get_or_init(|| {
        let mut roots = rustls::RootCertStore { roots: webpki_roots::TLS_SERVER_ROOTS.to_vec() };
        // A machine without a readable trust store still has the bundled roots.
        let native = rustls_native_certs::load_native_certs();
        roots.add_parsable_certificates(native.certs);
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        #[allow(clippy::expect_used)]
        let builder = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            // ring implements both default versions (TLS 1.2 and 1.3); the builder refuses only a provider
            // that lacks one.
            .expect("ring supports the default TLS versions");
        Arc::new(builder.with_root_certificates(roots).with_no_client_auth())
    }))
}

fn agent() -> ureq::Agent {
    agent_within(REQUEST_DEADLINE)
}

fn agent_within(deadline: Duration) -> ureq::Agent {
    ureq::AgentBuilder::new()
        .tls_config(tls())
        .timeout_connect(Duration::from_secs(5))
        .timeout_read(Duration::from_secs(15))
        .timeout(deadline)
        .build()
}

/// A reply's body, at most [`MAX_BODY_BYTES`] (read no further), as JSON.
fn json_body(url: &str, status: u16, response: ureq::Response) -> Result<Value, PushError> {
    let bad = |reason: String| PushError::BadResponse { url: url.to_owned(), reason };
    let mut bytes = Vec::new();
    response
        .into_reader()
        .take(MAX_BODY_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| PushError::Unreachable { url: url.to_owned(), reason: format!("the reply broke off: {e}") })?;
    if bytes.len() > MAX_BODY_BYTES {
        return Err(bad(format!("HTTP {status}, a reply over {} KiB", MAX_BODY_BYTES >> 10)));
    }
    serde_json::from_slice(&bytes).map_err(|e| bad(format!("HTTP {status}, not JSON: {e}")))
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
    let body = json_body(url, status, response)?;
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

/// The query of a signed poll (or stream) request: serial, timestamp (from `clock`), signature.
fn signed_query(
    token: &PushEntry,
    signer: &dyn PollSigner,
    clock: &dyn Clock,
) -> Result<[(&'static str, String); 3], PushError> {
    let (timestamp, signature) = signer.sign_poll(&token.serial, clock.since_epoch().as_secs())?;
    Ok([("serial", token.serial.clone()), ("timestamp", timestamp), ("signature", signature)])
}

/// Asks the server for the token's open challenges. They are returned unverified: call
/// [`Challenge::verify`] before showing any.
///
/// # Errors
/// A [`PushError`].
pub fn poll(token: &PushEntry, signer: &dyn PollSigner, clock: &dyn Clock) -> Result<Vec<Challenge>, PushError> {
    let url = &token.url;
    let mut request = agent().get(url);
    for (name, value) in signed_query(token, signer, clock)? {
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
    signer: &dyn PollSigner,
    clock: &dyn Clock,
    on_challenges: &impl Fn(Vec<Challenge>),
    keep_on: &impl Fn() -> bool,
) -> Result<bool, PushError> {
    let url = format!("{}/stream", token.url.trim_end_matches('/'));
    // Long-lived: no total deadline, but a keep-alive arrives every 15 s, so 40 s of silence is a failure.
    let mut request = ureq::AgentBuilder::new()
        .tls_config(tls())
        .timeout_connect(Duration::from_secs(5))
        .timeout_read(Duration::from_secs(40))
        .build()
        .get(&url)
        .set("Accept", "text/event-stream");
    for (name, value) in signed_query(token, signer, clock)? {
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
    let mut reader = std::io::BufReader::new(response.into_reader());
    loop {
        if !keep_on() {
            return Ok(true);
        }
        let line = match bounded_line(&mut reader, MAX_LINE_BYTES) {
            Ok(Some(line)) => line,
            Ok(None) => break,
            Err(e) if e.kind() == std::io::ErrorKind::InvalidData => {
                return Err(PushError::BadResponse { url, reason: e.to_string() });
            }
            Err(e) => return Err(PushError::Unreachable { url, reason: e.to_string() }),
        };
        let Some(data) = line.strip_prefix("data:") else { continue };
        let value: Value = serde_json::from_str(data.trim())
            .map_err(|e| PushError::BadResponse { url: url.clone(), reason: e.to_string() })?;
        on_challenges(challenges(&url, &value)?);
    }
    Err(PushError::Unreachable { url, reason: "the stream ended".into() })
}

/// The next line of `reader` without its line end, `None` at the end. A line over `max` bytes is an
/// `InvalidData` error, found holding at most `max` bytes of it plus one buffered read.
fn bounded_line(reader: &mut impl BufRead, max: usize) -> std::io::Result<Option<String>> {
    let too_long =
        || std::io::Error::new(std::io::ErrorKind::InvalidData, format!("an event-stream line over {} KiB", max >> 10));
    let finish = |line: Vec<u8>| {
        let text = text_line(line)?;
        if text.len() > max { Err(too_long()) } else { Ok(Some(text)) }
    };
    let mut line = Vec::new();
    loop {
        let available = reader.fill_buf()?;
        if available.is_empty() {
            return if line.is_empty() { Ok(None) } else { finish(line) };
        }
        let (taken, done) = match available.iter().position(|b| *b == b'\n') {
            Some(end) => (end + 1, true),
            None => (available.len(), false),
        };
        line.extend_from_slice(available.get(..taken).unwrap_or_default());
        reader.consume(taken);
        // The line end (up to two bytes) does not count.
        if line.len() > max.saturating_add(2) {
            return Err(too_long());
        }
        if done {
            return finish(line);
        }
    }
}

fn text_line(mut line: Vec<u8>) -> std::io::Result<String> {
    while line.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
        line.pop();
    }
    String::from_utf8(line)
        .map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidData, "a line that is not UTF-8"))
}
