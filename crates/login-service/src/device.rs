//! The device endpoints, as privacyIDEA serves them under `/ttype/push`: registration and answers
//! (`POST`), polling (`GET`), and Keyfob's addition, an event stream (`GET /ttype/push/stream`) that sends
//! the open challenges whenever they change.

use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Form, Query, State};
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use keyfob_push_proto::{self as push, Answer, PublicKey};
use serde_json::{Value, json};
use tokio_stream::wrappers::ReceiverStream;

use crate::db::ChallengeRow;
use crate::secrets;
use crate::{App, now};

/// How far a poll's timestamp may be from the server's clock (privacyIDEA: one minute).
const POLL_WINDOW_SECS: i64 = 60;

type Params = HashMap<String, String>;

fn reply(value: Value) -> Response {
    axum::Json(json!({"jsonrpc": "2.0", "result": {"status": true, "value": value}})).into_response()
}

/// A refusal, privacyIDEA-style. Signature failures all say the same, so a caller learns nothing about
/// which serials exist.
fn refuse(status: StatusCode, message: &str) -> Response {
    (
        status,
        axum::Json(json!({"jsonrpc": "2.0", "result": {"status": false, "error": {"code": 905, "message": message}}})),
    )
        .into_response()
}

fn unverified() -> Response {
    refuse(StatusCode::BAD_REQUEST, "Could not verify signature!")
}

/// A failure on our side: 503 when the database cannot be reached (try again shortly), otherwise 500.
fn internal(error: impl std::fmt::Display + 'static) -> Response {
    eprintln!("keyfob-login-service: {error}");
    let unavailable = (&error as &dyn std::any::Any)
        .downcast_ref::<crate::db::DbError>()
        .is_some_and(crate::db::DbError::is_unavailable);
    if unavailable {
        return refuse(StatusCode::SERVICE_UNAVAILABLE, "the service is unavailable; try again shortly");
    }
    refuse(StatusCode::INTERNAL_SERVER_ERROR, "internal error")
}

fn field<'a>(params: &'a Params, name: &str) -> &'a str {
    params.get(name).map_or("", String::as_str)
}

/// `POST /ttype/push`: a registration (enrolment step 2) or an answer to a challenge.
pub(crate) async fn post(State(app): State<Arc<App>>, Form(params): Form<Params>) -> Response {
    if params.contains_key("pubkey") {
        register(&app, &params).await
    } else if params.contains_key("nonce") {
        answer(&app, &params).await
    } else {
        refuse(
            StatusCode::BAD_REQUEST,
            "Invalid parameters: give (enrollment_credential, serial, fbtoken, pubkey) or (nonce, serial, signature)",
        )
    }
}

async fn register(app: &App, params: &Params) -> Response {
    let serial = field(params, "serial");
    let pubkey = field(params, "pubkey");
    if PublicKey::from_base64(pubkey).is_err() {
        return refuse(StatusCode::BAD_REQUEST, "The public key is not an RSA public key.");
    }
    let issued_after = now() - crate::pages::PUSH_ENROLMENT_MINUTES * 60;
    let credential = secrets::hash(field(params, "enrollment_credential"));
    match app.db.register_device(serial, &credential, pubkey, issued_after).await {
        Ok(Some((user, session))) => {
            // The two-factor set-up changed: every session but the one that showed the QR code ends.
            if let Err(e) = app.db.revoke_other_sessions(user, session.as_deref()).await {
                return internal(e);
            }
            app.changed(serial).await;
            axum::Json(json!({
                "jsonrpc": "2.0",
                "result": {"status": true, "value": true},
                "detail": {"public_key": app.public_key, "rollout_state": "enrolled", "serial": serial},
            }))
            .into_response()
        }
        Ok(None) => refuse(
            StatusCode::BAD_REQUEST,
            "Invalid enrollment credential, or the token is already enrolled. You are not authorized to finalize this token.",
        ),
        Err(e) => internal(e),
    }
}

async fn device_key(app: &App, serial: &str) -> Result<Option<PublicKey>, Response> {
    let token = app.db.push_token(serial).await.map_err(internal)?;
    Ok(token.and_then(|t| t.device_key).and_then(|k| PublicKey::from_base64(&k).ok()))
}

async fn answer(app: &App, params: &Params) -> Response {
    let (nonce, serial, signature) = (field(params, "nonce"), field(params, "serial"), field(params, "signature"));
    let key = match device_key(app, serial).await {
        Ok(Some(key)) => key,
        Ok(None) => return unverified(),
        Err(response) => return response,
    };
    let answer = if matches!(field(params, "decline"), "1" | "true" | "True") {
        Answer::Deny { not_me: field(params, "decline_reason") == "unknown_trigger" }
    } else {
        Answer::Approve { presence: params.get("presence_answer").cloned() }
    };
    if !key.verifies(&push::answer_text(nonce, serial, &answer), signature) {
        return unverified();
    }
    let challenge = match app.db.open_challenge(nonce, serial, now()).await {
        Ok(Some(challenge)) => challenge,
        // Answered already, expired, or never sent: a replay changes nothing.
        Ok(None) => return reply(json!(false)),
        Err(e) => return internal(e),
    };
    let status = match &answer {
        Answer::Deny { not_me: true } => "not_me",
        Answer::Deny { not_me: false } => "declined",
        Answer::Approve { presence: Some(picked) } if *picked == challenge.correct => "approved",
        Answer::Approve { .. } => "wrong_number",
    };
    // Approved, the login is verified; denied in any way (Deny, not me, the wrong number), it ends.
    let next = if status == "approved" { "verified" } else { "denied" };
    let closed = match app.db.close_challenge(nonce, status).await {
        Ok(true) => match app.db.advance_login(&challenge.login_hash, "waiting", next).await {
            Ok(advanced) => Ok(advanced || status != "approved"),
            Err(e) => Err(e),
        },
        Ok(false) => Ok(false),
        Err(e) => Err(e),
    };
    app.changed(serial).await;
    match closed {
        Ok(true) => reply(json!(status == "approved" || status == "declined" || status == "not_me")),
        Ok(false) => reply(json!(false)),
        Err(e) => internal(e),
    }
}

/// Checks a poll's serial, timestamp and signature; the device's key when they hold.
async fn authenticate(app: &App, params: &Params) -> Result<String, Response> {
    let serial = field(params, "serial");
    let timestamp = field(params, "timestamp");
    let when = time::OffsetDateTime::parse(timestamp, &time::format_description::well_known::Rfc3339)
        .map_err(|_| refuse(StatusCode::BAD_REQUEST, "Could not parse the timestamp; ISO-8601 is required."))?;
    if (when.unix_timestamp() - now()).abs() > POLL_WINDOW_SECS {
        return Err(refuse(StatusCode::BAD_REQUEST, &format!("Timestamp {timestamp} not in valid range.")));
    }
    let key = device_key(app, serial).await?.ok_or_else(unverified)?;
    if !key.verifies(&push::poll_text(serial, timestamp), field(params, "signature")) {
        return Err(unverified());
    }
    Ok(serial.to_owned())
}

/// The open challenges of `serial`, each signed as privacyIDEA signs them, plus Keyfob's signed expiry.
async fn open_challenges(app: &App, serial: &str) -> Result<Value, Response> {
    let rows = app.db.open_challenges(serial, now()).await.map_err(internal)?;
    rows.iter().map(|row| app.signed(row)).collect::<Result<Vec<_>, _>>().map(Value::Array).map_err(internal)
}

/// `GET /ttype/push`: the token's open challenges.
pub(crate) async fn poll(State(app): State<Arc<App>>, Query(params): Query<Params>) -> Response {
    let listed = match authenticate(&app, &params).await {
        Ok(serial) => open_challenges(&app, &serial).await,
        Err(response) => Err(response),
    };
    match listed {
        Ok(list) => reply(list),
        Err(response) => response,
    }
}

/// `GET /ttype/push/stream`: server-sent events, each the token's open challenges, sent at connection and
/// whenever they change.
pub(crate) async fn stream(State(app): State<Arc<App>>, Query(params): Query<Params>) -> Response {
    let serial = match authenticate(&app, &params).await {
        Ok(serial) => serial,
        Err(response) => return response,
    };
    let (sender, receiver) = tokio::sync::mpsc::channel::<Result<Event, Infallible>>(16);
    let mut changes = app.events.subscribe();
    tokio::spawn(async move {
        loop {
            let data = match open_challenges(&app, &serial).await {
                Ok(list) => list.to_string(),
                Err(_) => return,
            };
            if sender.send(Ok(Event::default().event("challenges").data(data))).await.is_err() {
                return;
            }
            loop {
                match changes.recv().await {
                    // `*`: any token's may have changed (a listening connection was re-opened).
                    Ok(changed) if changed == serial || changed == "*" => break,
                    Ok(_) => {}
                    Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => break,
                    Err(tokio::sync::broadcast::error::RecvError::Closed) => return,
                }
            }
        }
    });
    Sse::new(ReceiverStream::new(receiver))
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response()
}

impl App {
    /// A challenge as sent to the device, signed (once; then from the cache until it expires).
    fn signed(&self, row: &ChallengeRow) -> Result<Value, push::KeyError> {
        let mut cache = self.signed.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((_, value)) = cache.get(&row.nonce) {
            return Ok(value.clone());
        }
        let value = self.sign_challenge(row)?;
        let now = now();
        cache.retain(|_, (expires, _)| *expires > now);
        cache.insert(row.nonce.clone(), (row.expires, value.clone()));
        Ok(value)
    }

    fn sign_challenge(&self, row: &ChallengeRow) -> Result<Value, push::KeyError> {
        let mut challenge = push::Challenge {
            nonce: row.nonce.clone(),
            url: self.push_url(),
            serial: row.serial.clone(),
            question: format!("Log in to {}?", self.name),
            title: self.name.clone(),
            sslverify: if self.push_url().starts_with("https://") { "1" } else { "0" }.to_owned(),
            require_presence: Some(row.options.clone()),
            signature: String::new(),
            expires: None,
            expires_signature: None,
        };
        challenge.signature = push::sign_with_server_key(&self.server_key, &challenge.signed_text(), &self.rng)?;
        let expires_signature =
            push::sign_with_server_key(&self.server_key, &format!("{}|{}", row.nonce, row.expires), &self.rng)?;
        Ok(json!({
            "nonce": challenge.nonce,
            "url": challenge.url,
            "serial": challenge.serial,
            "question": challenge.question,
            "title": challenge.title,
            "sslverify": challenge.sslverify,
            "require_presence": challenge.require_presence,
            "signature": challenge.signature,
            "expires": row.expires,
            "expires_signature": expires_signature,
        }))
    }
}
