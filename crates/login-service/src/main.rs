//! Keyfob's reference login service: a small web site with sign-up, password login and a second factor
//! (TOTP, push approval with number matching, recovery codes), and the device endpoints of privacyIDEA's
//! push protocol. It is what the tests and the demo log in to; see `docs/push-protocol.md`.
//!
//! State lives in one SQLite file (`--database`), so users, tokens and pending challenges survive a
//! restart; the key that keys recovery codes' hashes and CSRF tokens, and seals the TOTP secrets and the
//! challenge-signing key in the database, lives beside it (`FILE.key`), not in it. It binds 127.0.0.1 by
//! default: a demo, not a production identity provider.

// Handler helpers fail with the HTTP response to send; it is built at most once per request, so its size
// on the stack does not matter.
#![allow(clippy::result_large_err)]

mod client;
mod db;
mod device;
mod key;
mod limits;
mod pages;
mod seal;
mod secrets;
mod work;

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::routing::{get, post};
use clap::Parser;
use ring::rand::SystemRandom;
use zeroize::Zeroizing;

/// Keyfob's reference login service: sign up, set up TOTP, push approval and recovery codes, and log in
/// with them.
#[derive(Parser)]
#[command(name = "keyfob-login-service", version)]
struct Args {
    /// The address to listen on (port 0 picks a free port; the address is printed).
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "HOST:PORT")]
    listen: SocketAddr,
    /// The SQLite database file (created when missing).
    #[arg(long, default_value = "keyfob-login-service.sqlite", value_name = "FILE")]
    database: PathBuf,
    /// The address devices and browsers reach the service at (default: http:// and the listening
    /// address).
    #[arg(long, value_name = "URL")]
    public_url: Option<String>,
    /// The service's name, shown on its pages and in push prompts.
    #[arg(long, default_value = "Keyfob Demo")]
    name: String,
    /// How long a push challenge stays answerable, in seconds.
    #[arg(long, default_value_t = 120, value_parser = clap::value_parser!(i64).range(1..=3600))]
    challenge_seconds: i64,
    /// At most this many logins per user per minute (a prompt flood is cut off here; the benchmark raises it).
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(i64).range(1..))]
    logins_per_minute: i64,
    /// At most this many wrong passwords per minute in all, whatever the names and addresses (bounds
    /// password spraying; each also has its own limits per name and address).
    #[arg(long, default_value_t = 300, value_parser = clap::value_parser!(u32).range(1..))]
    wrong_passwords_per_minute: u32,
    /// At most this many sign-ups per minute in all, whatever the addresses (each address also has its own
    /// limit of 10 a minute).
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..))]
    signups_per_minute: u32,
    /// Believe the X-Forwarded-For header of requests from this address (a reverse proxy in front of the
    /// service), and count limits per the client it names; from any other peer the header is ignored.
    /// Repeat for several proxies.
    #[arg(long, value_name = "PROXY_ADDR")]
    trust_forwarded_for: Vec<IpAddr>,
}

/// What every handler shares.
pub struct App {
    db: db::Db,
    /// The challenge-signing key, PKCS#8.
    server_key: Zeroizing<Vec<u8>>,
    /// Its public half, base64 PKCS#1, returned at registration.
    public_key: String,
    /// Where the service is reached, without a trailing slash.
    base_url: String,
    /// The service's name.
    name: String,
    /// How long a push challenge stays answerable, in seconds.
    challenge_secs: i64,
    /// At most this many logins per user per minute.
    logins_per_minute: i64,
    /// Password checks (wrong ones and those under way), limited per name and client, per client and
    /// overall (in memory, bounded).
    wrong_passwords: limits::Limiter,
    /// Sign-ups, limited per client and overall.
    signups: limits::Limiter,
    /// Bounds the argon2id work (and so its memory) running at once.
    work: work::Gate,
    /// Proxies whose `X-Forwarded-For` is believed.
    trusted_proxies: Vec<IpAddr>,
    /// The key beside the database: recovery codes' HMACs and CSRF tokens.
    pepper: secrets::Pepper,
    /// A password hash checked when the name is unknown, so unknown names cost the same argon2id time.
    decoy_hash: String,
    /// Whether cookies are `Secure` (the public address is https).
    secure_cookies: bool,
    /// Serials whose challenges changed, for the event streams.
    events: tokio::sync::broadcast::Sender<String>,
    /// Challenges as signed for devices, by nonce, until they expire: PKCS#1 v1.5 signatures are
    /// deterministic, so each challenge is signed once however many polls and streams send it.
    signed: std::sync::Mutex<std::collections::HashMap<String, (i64, serde_json::Value)>>,
    rng: SystemRandom,
}

impl App {
    /// The push registration, poll and answer address.
    fn push_url(&self) -> String {
        format!("{}/ttype/push", self.base_url)
    }

    /// Tells the event streams that `serial`'s challenges changed.
    fn changed(&self, serial: &str) {
        // No stream listening is normal.
        let _ = self.events.send(serial.to_owned());
    }
}

/// Now, in Unix seconds.
#[expect(
    clippy::disallowed_methods,
    reason = "the reference login service's one clock: it stands for a real service, apart from the app"
)]
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// The largest request body read.
const MAX_BODY_BYTES: usize = 64 * 1024;

fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/", get(pages::home))
        .route("/signup", post(pages::signup))
        .route("/login", post(pages::login))
        .route("/logout", post(pages::logout))
        .route("/login/{id}", get(pages::waiting))
        .route("/login/{id}/status", get(pages::status))
        .route("/login/{id}/code", post(pages::code))
        .route("/login/{id}/finish", get(pages::finish_page).post(pages::finish))
        .route("/setup", get(pages::setup))
        .route("/setup/totp", post(pages::confirm_totp))
        .route("/setup/recovery", post(pages::recovery))
        .route("/ttype/push", get(device::poll).post(device::post))
        .route("/ttype/push/stream", get(device::stream))
        // Every form and device message is a few hundred bytes; anything far larger is refused unread.
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(app)
}

async fn run(args: Args) -> Result<(), String> {
    let rng = SystemRandom::new();
    let shown = args.database.display();
    // The key file is made only beside a database that holds nothing yet.
    let holds_data = db::Db::holds_data(&args.database).map_err(|e| format!("{shown}: {e}"))?;
    let missing = if holds_data { key::Missing::Refuse } else { key::Missing::Create };
    let file_key = key::load(&args.database.with_extension("key"), missing, &rng).map_err(|e| e.to_string())?;
    let pepper = secrets::Pepper::new(&file_key);
    let sealer = seal::Sealer::new(&file_key, rng.clone());
    drop(file_key);
    let db = db::Db::open(&args.database, sealer).map_err(|e| format!("{shown}: {e}"))?;
    let server_key = match db.server_key().map_err(|e| e.to_string())? {
        Some(key) => key,
        None => {
            eprintln!("keyfob-login-service: making the challenge-signing key (4096-bit RSA, once)…");
            let key = tokio::task::spawn_blocking(secrets::new_server_key).await.map_err(|e| e.to_string())??;
            db.set_server_key(&key).map_err(|e| e.to_string())?;
            key
        }
    };
    let public_key = secrets::public_key_base64(&server_key)?;
    let work = work::Gate::new();
    let decoy = (secrets::token(&rng, 16), rng.clone());
    let decoy_hash = work
        .run(move |memory| secrets::hash_password(&decoy.0, &decoy.1, memory))
        .await
        .map_err(|e| e.to_string())??;
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", args.listen))?;
    let address = listener.local_addr().map_err(|e| e.to_string())?;
    let base_url = args.public_url.unwrap_or_else(|| format!("http://{address}")).trim_end_matches('/').to_owned();
    let (events, _) = tokio::sync::broadcast::channel(256);
    let secure_cookies = base_url.starts_with("https://");
    let app = Arc::new(App {
        db,
        server_key,
        public_key,
        base_url,
        name: args.name,
        challenge_secs: args.challenge_seconds,
        logins_per_minute: args.logins_per_minute,
        wrong_passwords: limits::Limiter::new(args.wrong_passwords_per_minute),
        signups: limits::Limiter::new(args.signups_per_minute),
        work,
        trusted_proxies: args.trust_forwarded_for,
        pepper,
        decoy_hash,
        secure_cookies,
        events,
        signed: std::sync::Mutex::default(),
        rng,
    });
    println!("keyfob-login-service: listening on {}", app.base_url);
    axum::serve(listener, router(app).into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(|e| e.to_string())
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    match run(Args::parse()).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("keyfob-login-service: {message}");
            std::process::ExitCode::FAILURE
        }
    }
}
