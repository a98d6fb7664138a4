//! The web pages: sign up, log in, wait for the push approval (showing the number to pick), or give a TOTP
//! or recovery code instead; set up the second factors. Plain HTML, one small script that asks for the
//! login's state each second.

use std::collections::HashMap;
use std::sync::Arc;

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Form, Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use keyfob_core::{Account, Method, OtpSecret};
use serde_json::json;
use zeroize::Zeroizing;

use crate::db::{ChallengeRow, CodeTry, DbError, User, WRONG_CODES_PER_HOUR, WRONG_CODES_PER_LOGIN};
use crate::{App, client, limits, now, secrets, work};

const COOKIE: &str = "keyfob_demo_session";
/// The cookie that keys the CSRF token of the forms a browser fills before it has a session (log in, sign
/// up): random, set by the page that shows them.
const FORM_COOKIE: &str = "keyfob_demo_form";
/// How many random bytes the form cookie holds (hex in the cookie).
const FORM_COOKIE_BYTES: usize = 16;
/// A session unused this long ends.
const SESSION_IDLE_SECS: i64 = 30 * 60;
/// A session ends this long after sign-in, however busy.
const SESSION_LIFETIME_SECS: i64 = 12 * 60 * 60;
/// The longest username, in bytes: longer ones are refused before any work.
const MAX_USERNAME_BYTES: usize = 64;

type Params = HashMap<String, String>;

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}

fn page(app: &App, title: &str, body: &str) -> Html<String> {
    let name = escape(&app.name);
    Html(format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">\
<title>{title} · {name}</title><style>\
body{{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1b1f2a}}\
h1{{font-size:1.3rem}}form{{display:grid;gap:.5rem;margin:1rem 0}}input,button{{font:inherit;padding:.4rem .6rem}}\
button{{background:#2f6fed;color:#fff;border:0;border-radius:.4rem}}.number{{font-size:4rem;font-weight:700;letter-spacing:.1em}}\
.muted{{color:#5b6475}}.error{{color:#c62828}}img{{image-rendering:pixelated;width:16rem}}code{{font-size:1.1rem}}\
section{{border-top:1px solid #dde1ea;margin-top:1.5rem}}</style></head><body><p class=\"muted\">{name}</p>{body}</body></html>",
        title = escape(title)
    ))
}

fn failure(app: &App, status: StatusCode, message: &str) -> Response {
    (
        status,
        page(
            app,
            "Error",
            &format!(
                "<h1>Sorry</h1><p class=\"error\" id=\"error\">{}</p><p><a href=\"/\">Back</a></p>",
                escape(message)
            ),
        ),
    )
        .into_response()
}

/// A limit of [`limits`] refused the request: 429, saying which in `message`.
fn too_many(app: &App, message: &str) -> Response {
    failure(app, StatusCode::TOO_MANY_REQUESTS, message)
}

/// A failure on our side: 503 with `Retry-After` when the database cannot be reached (a restart or an
/// outage: trying again shortly may work), otherwise 500. Logged; the page says nothing of it.
fn internal(app: &App, error: impl std::fmt::Display + 'static) -> Response {
    eprintln!("keyfob-login-service: {error}");
    let unavailable = (&error as &dyn std::any::Any).downcast_ref::<DbError>().is_some_and(DbError::is_unavailable);
    if unavailable {
        return busy(app);
    }
    failure(app, StatusCode::INTERNAL_SERVER_ERROR, "Something went wrong on our side.")
}

/// `unix` as an RFC 3339 UTC time (`2026-12-07T10:00:00Z`), or the number if it is out of range.
pub(crate) fn utc(unix: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(unix)
        .ok()
        .and_then(|t| t.format(&time::format_description::well_known::Rfc3339).ok())
        .unwrap_or_else(|| unix.to_string())
}

fn cookie(app: &App, headers: &HeaderMap) -> Option<String> {
    cookie_named(headers, &cookie_name(app, COOKIE))
}

/// The name a cookie goes by: `__Host-` first over https, so the browser keeps it only as this very host
/// set it (`Secure`, `Path=/`, no `Domain`): a sibling subdomain cannot plant or overwrite a session or a
/// form cookie. (Plain http on loopback cannot carry the prefix: browsers refuse it without `Secure`.)
fn cookie_name(app: &App, base: &str) -> String {
    if app.secure_cookies { format!("__Host-{base}") } else { base.to_owned() }
}

fn cookie_named(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|h| h.to_str().ok())
        .flat_map(|h| h.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

/// The browser's form cookie, when it has a well-formed one.
fn form_cookie(app: &App, headers: &HeaderMap) -> Option<String> {
    cookie_named(headers, &cookie_name(app, FORM_COOKIE))
        .filter(|v| v.len() == 2 * FORM_COOKIE_BYTES && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// A form sent before sign-in (log in, sign up) that carries the CSRF token of the browser's form cookie;
/// otherwise the response to send. A page of another site knows neither, and the cookie is `SameSite=Strict`,
/// so another site cannot log a browser in to the attacker's account or make accounts through it.
fn signed_out_form(app: &App, headers: &HeaderMap, form: &Params) -> Result<(), Response> {
    let expected = form_cookie(app, headers).map(|cookie| app.pepper.form_csrf(&cookie));
    match (form.get("csrf"), expected) {
        (Some(given), Some(expected)) if same(given.as_bytes(), expected.as_bytes()) => Ok(()),
        _ => Err(failure(app, StatusCode::FORBIDDEN, "This form has expired. Go back, reload the page and try again.")),
    }
}

/// A signed-in browser: its user and session token.
struct SignedIn {
    user: User,
    token: String,
}

async fn signed_in(app: &App, headers: &HeaderMap) -> Option<SignedIn> {
    let token = cookie(app, headers)?;
    let now = now();
    let user = app
        .db
        .session_user(&secrets::hash(&token), now, now - SESSION_LIFETIME_SECS, now - SESSION_IDLE_SECS)
        .await
        .ok()??;
    Some(SignedIn { user: app.db.user(user).await.ok()??, token })
}

/// The hidden form field that proves a form came from this site's own page.
fn csrf_field(app: &App, token: &str) -> String {
    format!("<input type=\"hidden\" name=\"csrf\" value=\"{}\">", app.pepper.csrf(token))
}

/// A signed-in browser whose form carries its session's CSRF token; otherwise the response to send.
async fn signed_in_form(app: &App, headers: &HeaderMap, form: &Params) -> Result<SignedIn, Response> {
    let Some(session) = signed_in(app, headers).await else { return Err(Redirect::to("/").into_response()) };
    let expected = app.pepper.csrf(&session.token);
    match form.get("csrf") {
        Some(given) if same(given.as_bytes(), expected.as_bytes()) => Ok(session),
        _ => Err(failure(app, StatusCode::FORBIDDEN, "This form has expired. Go back, reload the page and try again.")),
    }
}

/// Starts a new session (ending any the browser had: the token changes at every sign-in) and sends the
/// browser to `to`.
async fn start_session(app: &App, headers: &HeaderMap, user: i64, to: &str) -> Response {
    if let Some(old) = cookie(app, headers) {
        let _ = app.db.delete_session(&secrets::hash(&old)).await;
    }
    let token = secrets::token(&app.rng, 32);
    if let Err(e) = app.db.create_session(&secrets::hash(&token), user, now()).await {
        return internal(app, e);
    }
    ([(header::SET_COOKIE, set_cookie(app, COOKIE, &token))], Redirect::to(to)).into_response()
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Strict, for a session's lifetime, Secure (and `__Host-`
/// named) over https; `max_age` 0 ends it.
fn set_cookie_for(app: &App, name: &str, value: &str, max_age: i64) -> String {
    let (name, secure) = (cookie_name(app, name), if app.secure_cookies { "; Secure" } else { "" });
    format!("{name}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}")
}

/// [`set_cookie_for`] a session's lifetime.
fn set_cookie(app: &App, name: &str, value: &str) -> String {
    set_cookie_for(app, name, value, SESSION_LIFETIME_SECS)
}

/// When `unix` is, as `HH:MM UTC`.
fn clock_time(unix: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(unix)
        .map(|t| format!("{:02}:{:02} UTC", t.hour(), t.minute()))
        .unwrap_or_default()
}

/// `GET /`: signed in, who you are; otherwise sign up or log in.
pub(crate) async fn home(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    if let Some(SignedIn { user, token }) = signed_in(&app, &headers).await {
        let notice = match app.db.take_lockout_notice(user.id).await {
            Ok(Some((since, until))) => format!(
                "<p class=\"error\" id=\"lockout-notice\">Someone entered {WRONG_CODES_PER_HOUR} wrong codes for your account within an hour, \
so code entry was locked from {} to {}. If that was not you, your password is known: change it, and approve only logins you start.</p>",
                clock_time(since),
                clock_time(until)
            ),
            _ => String::new(),
        };
        let body = format!(
            "<h1 id=\"signed-in\">Signed in as {}</h1>{notice}<p><a href=\"/setup\">Two-factor setup</a></p>\
<form method=\"post\" action=\"/logout\">{}<button id=\"logout\">Log out</button></form>",
            escape(&user.username),
            csrf_field(&app, &token)
        );
        return page(&app, "Home", &body).into_response();
    }
    // The form cookie is kept while the browser has one, so pages open in two tabs both work.
    let (form, new_cookie) = match form_cookie(&app, &headers) {
        Some(cookie) => (cookie, None),
        None => {
            let cookie = secrets::token(&app.rng, FORM_COOKIE_BYTES);
            (cookie.clone(), Some(set_cookie(&app, FORM_COOKIE, &cookie)))
        }
    };
    let csrf = format!("<input type=\"hidden\" name=\"csrf\" value=\"{}\">", app.pepper.form_csrf(&form));
    let body = format!(
        "<h1>Welcome</h1>\
<h2>Log in</h2><form method=\"post\" action=\"/login\" id=\"login-form\">{csrf}\
<input name=\"username\" id=\"login-username\" placeholder=\"Username\" autocomplete=\"username\" required>\
<input name=\"password\" id=\"login-password\" type=\"password\" placeholder=\"Password\" autocomplete=\"current-password\" required>\
<button id=\"login\">Log in</button></form>\
<h2>New here?</h2><form method=\"post\" action=\"/signup\" id=\"signup-form\">{csrf}\
<input name=\"username\" id=\"signup-username\" placeholder=\"Username\" required>\
<input name=\"password\" id=\"signup-password\" type=\"password\" placeholder=\"Password (10 characters or more)\" autocomplete=\"new-password\" required>\
<button id=\"signup\">Sign up</button></form>"
    );
    let page = page(&app, "Welcome", &body);
    match new_cookie {
        Some(cookie) => ([(header::SET_COOKIE, cookie)], page).into_response(),
        None => page.into_response(),
    }
}

/// `POST /signup`: limited per client and overall before the password is hashed.
pub(crate) async fn signup(
    State(app): State<Arc<App>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<Params>,
) -> Response {
    if let Err(response) = signed_out_form(&app, &headers, &form) {
        return response;
    }
    let username = form.get("username").map_or("", |u| u.trim()).to_owned();
    let password = form.get("password").cloned().unwrap_or_default();
    if username.is_empty() || username.len() > MAX_USERNAME_BYTES || username.chars().any(char::is_control) {
        return failure(&app, StatusCode::BAD_REQUEST, "Choose a username of 1 to 64 characters.");
    }
    if password.chars().count() < 10 {
        return failure(&app, StatusCode::BAD_REQUEST, "Choose a password of 10 characters or more.");
    }
    let client = client::of(peer, &headers, &app.trusted_proxies);
    // Counted whatever the outcome (a taken name cost a hash too); given back only when never hashed.
    let reservation = match app.db.reserve_signup(&client, now()).await {
        Ok(Ok(reservation)) => reservation,
        Err(e) => return internal(&app, e),
        Ok(Err(refusal)) => {
            return too_many(
                &app,
                match refusal {
                    limits::Refusal::Overall => "Too many sign-ups right now. Wait a minute and try again.",
                    _ => "Too many sign-ups from here. Wait a minute and try again.",
                },
            );
        }
    };
    let rng = app.rng.clone();
    let hash = match app.work.run(move |memory| secrets::hash_password(&password, &rng, memory)).await {
        Ok(Ok(hash)) => hash,
        Err(work::Error::Busy) => {
            let _ = app.db.release_signup(reservation).await;
            return busy(&app);
        }
        Ok(Err(e)) => return internal(&app, e),
        Err(e) => return internal(&app, e),
    };
    match app.db.create_user(&username, &hash, now()).await {
        Ok(Some(id)) => start_session(&app, &headers, id, "/setup").await,
        Ok(None) => failure(&app, StatusCode::CONFLICT, "That username is taken."),
        Err(e) => internal(&app, e),
    }
}

/// The answer when every password-hashing slot is taken: 503, try again in a second.
fn busy(app: &App) -> Response {
    let mut response =
        failure(app, StatusCode::SERVICE_UNAVAILABLE, "The service is busy. Wait a moment and try again.");
    response.headers_mut().insert(header::RETRY_AFTER, header::HeaderValue::from(work::RETRY_AFTER_SECS));
    response
}

/// `POST /logout`.
pub(crate) async fn logout(State(app): State<Arc<App>>, headers: HeaderMap, Form(form): Form<Params>) -> Response {
    match signed_in_form(&app, &headers, &form).await {
        Ok(session) => {
            let _ = app.db.delete_session(&secrets::hash(&session.token)).await;
        }
        Err(response) => return response,
    }
    ([(header::SET_COOKIE, set_cookie_for(&app, COOKIE, "", 0))], Redirect::to("/")).into_response()
}

/// `POST /login`: the password, then (when set up) a second factor: a push challenge with three numbers.
pub(crate) async fn login(
    State(app): State<Arc<App>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<Params>,
) -> Response {
    if let Err(response) = signed_out_form(&app, &headers, &form) {
        return response;
    }
    let username = form.get("username").map_or("", |u| u.trim());
    let password = form.get("password").cloned().unwrap_or_default();
    if username.len() > MAX_USERNAME_BYTES {
        return failure(&app, StatusCode::BAD_REQUEST, "Wrong username or password.");
    }
    // The try is counted before the password is checked, so tries arriving together cannot all be judged
    // before the first is counted; only a right password gives it back.
    let client = client::of(peer, &headers, &app.trusted_proxies);
    let reservation = match app.db.reserve_password(username, &client, now()).await {
        Ok(Ok(reservation)) => reservation,
        Err(e) => return internal(&app, e),
        Ok(Err(refusal)) => {
            return too_many(
                &app,
                match refusal {
                    limits::Refusal::Name => "Too many wrong passwords. Wait a minute and try again.",
                    _ => "Too many wrong passwords from here. Wait a minute and try again.",
                },
            );
        }
    };
    let user = match app.db.user_by_name(username).await {
        Ok(user) => user,
        Err(e) => {
            let _ = app.db.release_password(reservation).await;
            return internal(&app, e);
        }
    };
    // An unknown name is checked against a decoy hash: it costs the same argon2id time as a known one.
    let hash = user.as_ref().map_or_else(|| app.decoy_hash.clone(), |u| u.password_hash.clone());
    let checked = match app.work.run(move |memory| secrets::password_matches(&password, &hash, memory)).await {
        Ok(matched) => matched,
        Err(work::Error::Busy) => {
            // Not judged: the try does not count.
            let _ = app.db.release_password(reservation).await;
            return busy(&app);
        }
        Err(e) => return internal(&app, e),
    };
    let (Some(user), true) = (user, checked) else {
        // The reservation stays: this wrong password counts for the rest of the minute.
        return failure(&app, StatusCode::UNAUTHORIZED, "Wrong username or password.");
    };
    if let Err(e) = app.db.release_password(reservation).await {
        // The right password's try stays counted: it fails safe, and the login goes on.
        eprintln!("keyfob-login-service: {e}");
    }
    let push = match app.db.push_token_of(user.id).await {
        Ok(push) => push.filter(|t| t.device_key.is_some()),
        Err(e) => return internal(&app, e),
    };
    if push.is_none() && user.totp_secret.is_none() {
        match user.backup_expires {
            // Support removed the second factors: the backup code it gave is the second factor, once.
            Some(expires) if expires > now() => {}
            Some(_) => {
                return failure(
                    &app,
                    StatusCode::FORBIDDEN,
                    "The backup code support gave you has expired. Ask support for a new one.",
                );
            }
            // The backup code was used and setup abandoned: the password alone never signs in (a phisher
            // who has it would enrol their own factor), nor leads to setup; only a new backup code does.
            None if user.must_enrol => {
                return failure(
                    &app,
                    StatusCode::FORBIDDEN,
                    "Your second factors were reset and the setup was not finished. Ask support for a new backup code.",
                );
            }
            None => return start_session(&app, &headers, user.id, "/").await,
        }
    }
    let id = secrets::token(&app.rng, 16);
    let login_hash = secrets::hash(&id);
    match app.db.create_login_limited(&login_hash, user.id, now(), now() - 60, app.logins_per_minute).await {
        Ok(true) => {}
        Ok(false) => {
            return failure(
                &app,
                StatusCode::TOO_MANY_REQUESTS,
                "Too many login attempts. Wait a minute and try again.",
            );
        }
        Err(e) => return internal(&app, e),
    }
    if let Some(token) = push {
        let options = three_numbers(&app);
        let correct = options.get(pick(&app, options.len())).cloned().unwrap_or_default();
        let row = ChallengeRow {
            nonce: secrets::token(&app.rng, 20).to_ascii_uppercase(),
            serial: token.serial.clone(),
            login_hash,
            options: options.join(","),
            correct,
            expires: now() + app.challenge_secs,
            status: "open".into(),
        };
        if let Err(e) = app.db.create_challenge(&row, user.id, now()).await {
            return internal(&app, e);
        }
        app.changed(&token.serial).await;
    }
    Redirect::to(&format!("/login/{id}")).into_response()
}

fn random_byte(app: &App) -> u8 {
    let mut byte = [0u8; 1];
    let _ = ring::rand::SecureRandom::fill(&app.rng, &mut byte);
    byte[0]
}

/// An index below `n` (n ≤ 10), nearly uniform.
fn pick(app: &App, n: usize) -> usize {
    usize::from(random_byte(app)) % n.max(1)
}

/// Three different two-digit numbers, in random order.
fn three_numbers(app: &App) -> Vec<String> {
    let mut numbers: Vec<String> = Vec::new();
    while numbers.len() < 3 {
        let candidate = format!("{}", 10 + u32::from(random_byte(app)) % 90);
        if !numbers.contains(&candidate) {
            numbers.push(candidate);
        }
    }
    numbers
}

/// A login's state for the waiting page: `waiting`, `verified`, `denied` (the push was denied, "not me",
/// or the wrong number), `ended` (too many wrong codes), `expired` (its lifetime is over, whatever its
/// challenge's state) or `finished`. Only a `waiting` login takes a code; only a `verified` one finishes.
async fn login_state(app: &App, id: &str) -> Result<Option<(i64, String, Option<ChallengeRow>)>, Response> {
    let hash = secrets::hash(id);
    let Some((user, state, created)) = app.db.login(&hash).await.map_err(|e| internal(app, e))? else {
        return Ok(None);
    };
    let challenge = app.db.challenge_of_login(&hash).await.map_err(|e| internal(app, e))?;
    let shown = match (&*state, &challenge) {
        ("waiting", Some(c)) if c.status != "open" && c.status != "approved" => "denied".to_owned(),
        ("waiting" | "verified", _) if now() > created + app.challenge_secs => "expired".to_owned(),
        _ => state,
    };
    Ok(Some((user, shown, challenge)))
}

/// `GET /login/{id}`: the number to pick in Keyfob, and a code form as the other way in.
pub(crate) async fn waiting(State(app): State<Arc<App>>, Path(id): Path<String>) -> Response {
    let (_, state, challenge) = match login_state(&app, &id).await {
        Ok(Some(found)) => found,
        Ok(None) => return failure(&app, StatusCode::NOT_FOUND, "This login has ended. Log in again."),
        Err(response) => return response,
    };
    let id = escape(&id);
    let push = match challenge {
        Some(c) => format!(
            "<h1>Approve this login in Keyfob</h1><p>Keyfob shows three numbers. Pick this one:</p>\
<p class=\"number\" id=\"number\">{}</p><p id=\"state\" data-state=\"{state}\">Waiting for your approval…</p>",
            escape(&c.correct)
        ),
        None => format!("<h1>Two-factor login</h1><p id=\"state\" data-state=\"{state}\"></p>"),
    };
    let body = format!(
        "{push}<section><h2>Or use a code</h2><form method=\"post\" action=\"/login/{id}/code\">\
<input name=\"code\" id=\"code\" placeholder=\"6-digit code, or a recovery code\" autocomplete=\"one-time-code\" required>\
<button id=\"code-submit\">Continue</button></form></section>\
<form method=\"post\" action=\"/login/{id}/finish\" id=\"finish-form\" hidden></form>\
<script>const s=document.getElementById('state');const words={{denied:'This login was denied.',expired:'This login expired. Log in again.',ended:'Too many wrong codes: this login has ended. Log in again.'}};\
let sent=false;document.querySelector('form[action$=\"/code\"]').addEventListener('submit',()=>{{sent=true}});\
async function tick(){{if(sent)return;const r=await fetch('/login/{id}/status');const j=await r.json();s.dataset.state=j.state;\
if(sent)return;if(j.state==='verified'){{sent=true;document.getElementById('finish-form').submit();return}}if(words[j.state]){{s.textContent=words[j.state];return}}setTimeout(tick,700)}}tick();</script>"
    );
    page(&app, "Approve the login", &body).into_response()
}

/// `GET /login/{id}/status`.
pub(crate) async fn status(State(app): State<Arc<App>>, Path(id): Path<String>) -> Response {
    match login_state(&app, &id).await {
        Ok(Some((_, state, _))) => axum::Json(json!({"state": state})).into_response(),
        Ok(None) => (StatusCode::NOT_FOUND, axum::Json(json!({"state": "unknown"}))).into_response(),
        Err(response) => response,
    }
}

/// The TOTP account of a secret, as set up: SHA-1, 6 digits, 30 s.
fn totp(secret: &[u8]) -> Option<Account> {
    let secret = OtpSecret::from_bytes(secret.to_vec()).ok()?;
    let method = Method::Totp {
        algorithm: keyfob_core::Algorithm::Sha1,
        digits: keyfob_core::Digits::new(6)?,
        period: keyfob_core::Period::new(30)?,
    };
    Account::new(None, "user", secret, method).ok()
}

/// The step of `code` within ±1 step of now, if it is a valid code of `secret`.
fn totp_step(secret: &[u8], code: &str) -> Option<i64> {
    let account = totp(secret)?;
    let now = now();
    (-1..=1).map(|d| now / 30 + d).find(|step| {
        let at = u64::try_from(step * 30).unwrap_or(0);
        same(account.code_at(at).to_string().as_bytes(), code.as_bytes())
    })
}

/// Equal bytes, compared in time that depends only on the length.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// `POST /login/{id}/code`: a TOTP code (each accepted once) or a recovery code (each usable once).
///
/// The login id in the address is the form's CSRF token: it is random, and only the browser that logged in
/// was sent it. A right code finishes the login at once (a session, then home).
pub(crate) async fn code(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<Params>,
) -> Response {
    let code: String = form.get("code").map_or("", |c| c.trim()).chars().filter(|c| !c.is_whitespace()).collect();
    let (user_id, state) = match login_state(&app, &id).await {
        Ok(Some((user, state, _))) => (user, state),
        Ok(None) => return failure(&app, StatusCode::NOT_FOUND, "This login has ended. Log in again."),
        Err(response) => return response,
    };
    if state != "waiting" {
        return failure(&app, StatusCode::BAD_REQUEST, "This login has ended. Log in again.");
    }
    let now = now();
    let locked = |until: i64| {
        failure(
            &app,
            StatusCode::TOO_MANY_REQUESTS,
            &format!(
                "Too many wrong codes were entered for this account, so codes are not accepted until {}. Approve the login in Keyfob instead, or wait.",
                clock_time(until)
            ),
        )
    };
    match app.db.codes_locked_until(user_id, now).await {
        Ok(None) => {}
        Ok(Some(until)) => return locked(until),
        Err(e) => return internal(&app, e),
    }
    let user = match app.db.user(user_id).await {
        Ok(Some(user)) => user,
        Ok(None) => return internal(&app, "no such user"),
        Err(e) => return internal(&app, e),
    };
    let hash = secrets::hash(&id);
    // Counted before it is judged, in the database: codes sent at once, to any instance, are judged at
    // most as often as the limits allow; a right code gives its count back.
    let (counted, for_login, for_user) = match app.db.reserve_code(user.id, &hash, now, now - 3600).await {
        Ok(CodeTry::Counted { id, for_login, for_user }) => (id, for_login, for_user),
        Ok(CodeTry::LoginSpent) => {
            return failure(&app, StatusCode::BAD_REQUEST, "This login has ended. Log in again.");
        }
        Ok(CodeTry::UserSpent) => return locked(now + 3600),
        Err(e) => return internal(&app, e),
    };
    let by_totp = match (&user.totp_secret, code.len()) {
        (Some(secret), 6) => match totp_step(secret, &code) {
            Some(step) => app.db.use_totp_step(user.id, step).await.unwrap_or(false),
            None => false,
        },
        _ => false,
    };
    let typed = app.pepper.recovery_hash(&code);
    let by_recovery = !by_totp && app.db.use_recovery_code(user.id, &typed).await.unwrap_or(false);
    let by_backup = !by_totp
        && !by_recovery
        && user.backup_expires.is_some()
        && app.db.use_backup_code(user.id, &typed, now).await.unwrap_or(false);
    if !(by_totp || by_recovery || by_backup) {
        return wrong_code(&app, user.id, &hash, now, for_login, for_user).await;
    }
    if let Err(e) = app.db.release_code(counted).await {
        eprintln!("keyfob-login-service: {e}");
    }
    match app.db.advance_login(&hash, "waiting", "finished").await {
        // A backup code leads to the setup page: the user has no second factor left.
        Ok(true) => start_session(&app, &headers, user.id, if by_backup { "/setup" } else { "/" }).await,
        // Approved or ended meanwhile (by the device, or another tab): not this code's to finish.
        Ok(false) => failure(&app, StatusCode::BAD_REQUEST, "This login has ended. Log in again."),
        Err(e) => internal(&app, e),
    }
}

/// A wrong code, counted already ([`CodeTry::Counted`]: `for_login` and `for_user` include it): the login
/// ends at its fifth, and the user's code entry is locked for the rest of the hour at the twentieth within
/// an hour. Counted in the database, so a restart or another instance forgets nothing.
async fn wrong_code(app: &App, user: i64, login_hash: &str, now: i64, for_login: i64, for_user: i64) -> Response {
    if for_user >= WRONG_CODES_PER_HOUR
        && let Err(e) = app.db.lock_codes(user, now, now + 3600).await
    {
        return internal(app, e);
    }
    if for_login >= WRONG_CODES_PER_LOGIN {
        let ended = match app.db.advance_login(login_hash, "waiting", "ended").await {
            Ok(_) => app.db.close_challenge_of_login(login_hash, "ended").await,
            Err(e) => Err(e),
        };
        if let Err(e) = ended {
            return internal(app, e);
        }
        if let Ok(Some(challenge)) = app.db.challenge_of_login(login_hash).await {
            app.changed(&challenge.serial).await;
        }
        return failure(app, StatusCode::UNAUTHORIZED, "Too many wrong codes: this login has ended. Log in again.");
    }
    failure(app, StatusCode::UNAUTHORIZED, "That code is not right, or was used already.")
}

/// A verified login's user; otherwise the response to send (403 not approved, 404 unknown).
async fn verified_login(app: &App, id: &str) -> Result<i64, Response> {
    match login_state(app, id).await? {
        Some((user, state, _)) if state == "verified" => Ok(user),
        Some(_) => Err(failure(app, StatusCode::FORBIDDEN, "This login is not approved.")),
        None => Err(failure(app, StatusCode::NOT_FOUND, "This login has ended. Log in again.")),
    }
}

/// `GET /login/{id}/finish`: a page with the button that finishes a verified login; it changes nothing, so
/// a prefetch, a link preview or an image tag on another page cannot finish a login (or learn more than
/// its state).
pub(crate) async fn finish_page(State(app): State<Arc<App>>, Path(id): Path<String>) -> Response {
    if let Err(response) = verified_login(&app, &id).await {
        return response;
    }
    let body = format!(
        "<h1>Approved</h1><form method=\"post\" action=\"/login/{}/finish\" id=\"finish-form\">\
<button id=\"finish\">Continue</button></form>",
        escape(&id)
    );
    page(&app, "Approved", &body).into_response()
}

/// `POST /login/{id}/finish`: a verified login becomes a session, once, within the login's lifetime. The
/// login id in the address is the form's CSRF token (random, sent only to the browser that logged in).
pub(crate) async fn finish(State(app): State<Arc<App>>, headers: HeaderMap, Path(id): Path<String>) -> Response {
    let user = match verified_login(&app, &id).await {
        Ok(user) => user,
        Err(response) => return response,
    };
    match app.db.advance_login(&secrets::hash(&id), "verified", "finished").await {
        Ok(true) => start_session(&app, &headers, user, "/").await,
        Ok(false) => failure(&app, StatusCode::FORBIDDEN, "This login is not approved."),
        Err(e) => internal(&app, e),
    }
}

/// How long a push enrolment QR code works, in minutes (its link's `ttl`; the server holds it to that).
pub(crate) const PUSH_ENROLMENT_MINUTES: i64 = 10;

fn qr(app: &App, text: &str) -> Result<String, Response> {
    let png = keyfob_interop::export::qr_png(text).map_err(|e| internal(app, e))?;
    Ok(format!("data:image/png;base64,{}", data_encoding::BASE64.encode(&png)))
}

fn component(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// `GET /setup`: the TOTP enrolment QR (until confirmed), a fresh push enrolment QR (until a device
/// registers), and recovery codes.
pub(crate) async fn setup(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    let Some(SignedIn { user, token: session }) = signed_in(&app, &headers).await else {
        return Redirect::to("/").into_response();
    };
    let csrf = csrf_field(&app, &session);
    let issuer = component(&app.name);
    let account = component(&user.username);
    let totp_part = if user.totp_secret.is_some() {
        "<p id=\"totp-state\">Authenticator codes are set up.</p>".to_owned()
    } else {
        let secret = match user.totp_pending.clone() {
            Some(secret) => secret,
            None => {
                let mut secret = Zeroizing::new(vec![0u8; 20]);
                let _ = ring::rand::SecureRandom::fill(&app.rng, &mut secret[..]);
                if let Err(e) = app.db.set_totp_pending(user.id, &secret).await {
                    return internal(&app, e);
                }
                secret
            }
        };
        let base32 = data_encoding::BASE32_NOPAD.encode(&secret);
        let link = format!(
            "otpauth://totp/{issuer}:{account}?secret={base32}&issuer={issuer}&algorithm=SHA1&digits=6&period=30"
        );
        let image = match qr(&app, &link) {
            Ok(image) => image,
            Err(response) => return response,
        };
        format!(
            "<p>Scan this with Keyfob, then type the code it shows.</p><img id=\"totp-qr\" alt=\"TOTP setup QR code\" src=\"{image}\">\
<p class=\"muted\">Or type the key: <code id=\"totp-secret\">{base32}</code></p>\
<form method=\"post\" action=\"/setup/totp\">{csrf}<input name=\"code\" id=\"totp-code\" placeholder=\"6-digit code\" required>\
<button id=\"totp-confirm\">Confirm</button></form>"
        )
    };
    let token = app.db.push_token_of(user.id).await.ok().flatten();
    let push_part = if token.as_ref().is_some_and(|t| t.device_key.is_some()) {
        "<p id=\"push-state\">Push approval is set up.</p>".to_owned()
    } else {
        let serial = format!("KFPU{}", secrets::token(&app.rng, 6).to_ascii_uppercase());
        let credential = secrets::token(&app.rng, 20);
        let created = app
            .db
            .create_push_token(&serial, user.id, &secrets::hash(&credential), &secrets::hash(&session), now())
            .await;
        if let Err(e) = created {
            return internal(&app, e);
        }
        let url = component(&app.push_url());
        let sslverify = u8::from(app.push_url().starts_with("https://"));
        let link = format!(
            "otpauth://pipush/{issuer}:{account}?url={url}&ttl={PUSH_ENROLMENT_MINUTES}&issuer={issuer}&enrollment_credential={credential}&v=1&serial={serial}&sslverify={sslverify}&poll_only=True"
        );
        let image = match qr(&app, &link) {
            Ok(image) => image,
            Err(response) => return response,
        };
        format!(
            "<p>Scan this with Keyfob to approve logins with one tap.</p><img id=\"push-qr\" alt=\"Push setup QR code\" src=\"{image}\">\
<p id=\"push-state\" class=\"muted\">Waiting for your device… (reload this page once Keyfob has it)</p>"
        )
    };
    let left = app.db.recovery_codes_left(user.id).await.unwrap_or(0);
    let body = format!(
        "<h1>Two-factor setup for {}</h1><section><h2>1. Authenticator codes</h2>{totp_part}</section>\
<section><h2>2. Push approval</h2>{push_part}</section>\
<section><h2>3. Recovery codes</h2><p>Each gets you in once if you lose your device. You have <span id=\"recovery-left\">{left}</span> unused.</p>\
<form method=\"post\" action=\"/setup/recovery\">{csrf}<button id=\"recovery-make\">Make new recovery codes</button></form></section>\
<p><a href=\"/\">Done</a></p>",
        escape(&user.username)
    );
    page(&app, "Two-factor setup", &body).into_response()
}

/// `POST /setup/totp`: confirms the TOTP secret with a code from the authenticator.
pub(crate) async fn confirm_totp(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Form(form): Form<Params>,
) -> Response {
    let SignedIn { user, token } = match signed_in_form(&app, &headers, &form).await {
        Ok(session) => session,
        Err(response) => return response,
    };
    let code = form.get("code").map_or("", |c| c.trim());
    let (secret, stored) = match (&user.totp_pending, &user.totp_pending_stored) {
        (Some(secret), Some(stored)) => (secret, stored),
        // Confirmed by the first of two clicks (or a retry) before this one read the user.
        _ if user.totp_secret.is_some() => return totp_set_up_already(&app),
        _ => return Redirect::to("/setup").into_response(),
    };
    let Some(step) = totp_step(secret, code) else {
        return failure(
            &app,
            StatusCode::BAD_REQUEST,
            "That code is not right. Check the computer's clock and try the next code.",
        );
    };
    // One statement confirms exactly the secret this code was checked against, only while it is pending:
    // of confirms at once, on any instances, one wins and the others change nothing.
    match app.db.confirm_totp(user.id, stored, step).await {
        Ok(true) => {}
        Ok(false) => {
            return match app.db.user(user.id).await {
                Ok(Some(now)) if now.totp_secret.is_some() => totp_set_up_already(&app),
                Ok(_) => failure(
                    &app,
                    StatusCode::CONFLICT,
                    "The setup changed meanwhile (in another tab or window): reload the setup page and scan its new code.",
                ),
                Err(e) => internal(&app, e),
            };
        }
        Err(e) => return internal(&app, e),
    }
    match app.db.revoke_other_sessions(user.id, Some(&secrets::hash(&token))).await {
        Ok(()) => Redirect::to("/setup").into_response(),
        Err(e) => internal(&app, e),
    }
}

/// A TOTP confirm that another (a second click, a retry through another instance) beat: 409, nothing
/// changed, and the setup stands.
fn totp_set_up_already(app: &App) -> Response {
    failure(
        app,
        StatusCode::CONFLICT,
        "Authenticator codes are already set up (by another click or window): nothing changed.",
    )
}

/// `POST /setup/recovery`: new recovery codes, shown this once.
pub(crate) async fn recovery(State(app): State<Arc<App>>, headers: HeaderMap, Form(form): Form<Params>) -> Response {
    let SignedIn { user, token } = match signed_in_form(&app, &headers, &form).await {
        Ok(session) => session,
        Err(response) => return response,
    };
    let codes = secrets::recovery_codes(&app.rng);
    let hashes: Vec<String> = codes.iter().map(|c| app.pepper.recovery_hash(c)).collect();
    let stored = match app.db.set_recovery_codes(user.id, &hashes).await {
        Ok(()) => app.db.revoke_other_sessions(user.id, Some(&secrets::hash(&token))).await,
        Err(e) => Err(e),
    };
    if let Err(e) = stored {
        return internal(&app, e);
    }
    let items: String = codes.iter().map(|c| format!("<li><code>{}</code></li>", escape(c))).collect();
    let body = format!(
        "<h1>Your recovery codes</h1><p><strong>Save them now</strong>, somewhere apart from this computer: they are shown only this once.</p>\
<ul id=\"recovery-codes\">{items}</ul><p><a href=\"/setup\">Back to setup</a></p>"
    );
    page(&app, "Recovery codes", &body).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn totp_codes_are_accepted_one_step_either_side_and_no_further() {
        let secret = b"12345678901234567890";
        let account = totp(secret).unwrap();
        let step = now() / 30;
        let code_at = |s: i64| account.code_at(u64::try_from(s * 30).unwrap()).to_string();
        for offset in -1..=1 {
            assert_eq!(totp_step(secret, &code_at(step + offset)), Some(step + offset), "offset {offset}");
        }
        for offset in [-3, -2, 2, 3] {
            let code = code_at(step + offset);
            // A code of a far step may equal a near one by chance (1 in 10^6); then it is that step's.
            let near = (-1..=1).any(|o| code_at(step + o) == code);
            assert_eq!(totp_step(secret, &code).is_some(), near, "offset {offset}");
        }
        assert_eq!(totp_step(secret, "12345"), None);
        assert!(same(b"123456", b"123456"));
        assert!(!same(b"123456", b"123457"));
        assert!(!same(b"123456", b"1234567"));
    }
}
