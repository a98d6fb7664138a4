//! Keyfob's reference login service: a small web site with sign-up, password login and a second factor
//! (TOTP, push approval with number matching, recovery codes), and the device endpoints of privacyIDEA's
//! push protocol. It is what the tests and the demo log in to; see `docs/push-protocol.md`.
//!
//! State lives in one SQLite file (`--database FILE`), or in PostgreSQL (`--database postgres://…`), where
//! several instances started alike act as one service ([`db`]); users, tokens, pending challenges and
//! limits survive a restart. The key that keys recovery codes' hashes and CSRF tokens, and seals the TOTP
//! secrets and the challenge-signing key in the database, is never in it: beside an SQLite file
//! (`FILE.key`), or given by `--key-file` or `KEYFOB_LOGIN_SERVICE_KEY`. It binds 127.0.0.1 by default.
//! `admin reset-2fa` and `admin audit` are support's tools on the same database.

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
use clap::{Parser, Subcommand};
use ring::rand::SystemRandom;
use zeroize::Zeroizing;

/// Keyfob's reference login service: sign up, set up TOTP, push approval and recovery codes, and log in
/// with them.
#[derive(Parser)]
#[command(name = "keyfob-login-service", version, args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    serve: Args,
}

/// What else the program does besides serving.
#[derive(Subcommand)]
enum Command {
    /// Support's tools, on the service's database (while it runs, too).
    #[command(subcommand)]
    Admin(Admin),
}

/// `admin …`.
#[derive(Subcommand)]
enum Admin {
    /// Removes USER's second factors and prints a backup code that logs them in once within 24 hours and
    /// leads to the setup page (for a user who lost their authenticator); recorded in the audit table.
    #[command(name = "reset-2fa")]
    Reset2fa {
        #[command(flatten)]
        store: Store,
        /// Who is doing this, for the audit table (default: the operating-system user).
        #[arg(long)]
        actor: Option<String>,
        /// The user whose second factors are removed.
        user: String,
    },
    /// Lists the audit table: who reset whose second factors, and when.
    Audit {
        #[command(flatten)]
        store: Store,
        /// One JSON array instead of lines.
        #[arg(long)]
        json: bool,
    },
}

/// Where the service's state and its sealing key are.
#[derive(clap::Args)]
struct Store {
    /// The database: `postgres://user[:password]@host[:port]/db` (or `postgresql://`, `?host=/socket/dir`
    /// for a Unix socket) for PostgreSQL, shared by every instance; anything else is an SQLite file
    /// (created when missing). Default: `$KEYFOB_LOGIN_SERVICE_DATABASE` (a URL holding a password belongs
    /// there, not on the command line, which `ps` shows to every user), else keyfob-login-service.sqlite.
    #[arg(long, value_name = "URL|FILE")]
    database: Option<String>,
    /// The sealing key's file (32 bytes, made owner-only when the database is new). Default: beside an
    /// SQLite file (`FILE.key`); PostgreSQL needs this or `KEYFOB_LOGIN_SERVICE_KEY` (64 hex digits).
    #[arg(long, value_name = "FILE")]
    key_file: Option<PathBuf>,
}

/// `keyfob-login-service [OPTIONS]`: serve.
#[derive(clap::Args)]
struct Args {
    /// The address to listen on (port 0 picks a free port; the address is printed).
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "HOST:PORT")]
    listen: SocketAddr,
    #[command(flatten)]
    store: Store,
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
    /// Everything kept, rate limits included (see [`db`]).
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
    /// Serials whose challenges changed, for the event streams (`*`: any may have).
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

    /// Tells the event streams, on every instance, that `serial`'s challenges changed.
    async fn changed(&self, serial: &str) {
        if let Err(e) = self.db.changed(&self.events, serial).await {
            eprintln!("keyfob-login-service: announcing a challenge change: {e}");
        }
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

/// The variable that may hold the sealing key (64 hex digits), instead of a file.
const KEY_VARIABLE: &str = "KEYFOB_LOGIN_SERVICE_KEY";

/// The variable that may name the database instead of `--database`: a PostgreSQL URL with a password in it
/// stays out of the command line, which every user of the machine can read (`ps`). tokio-postgres reads
/// neither `PGPASSWORD` nor `~/.pgpass`.
const DATABASE_VARIABLE: &str = "KEYFOB_LOGIN_SERVICE_DATABASE";

/// The SQLite file used when neither `--database` nor [`DATABASE_VARIABLE`] names a database.
const DEFAULT_DATABASE: &str = "keyfob-login-service.sqlite";

/// The database named by `--database` (`flag`), else by [`DATABASE_VARIABLE`] (`variable`), else the
/// default file.
fn database_named(flag: Option<&str>, variable: Option<String>) -> String {
    flag.map(str::to_owned).or(variable).unwrap_or_else(|| DEFAULT_DATABASE.to_owned())
}

/// The program's one reading of the environment: the sealing key's and the database's variables and the
/// user's name.
#[expect(clippy::disallowed_methods, reason = "the binary's one door to the environment")]
fn setting(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// The database `store` names, opened (PostgreSQL migrated), under its sealing key; the key's pepper.
/// `overall` is the password checks and sign-ups allowed per minute in all.
async fn open(
    store: &Store,
    rng: &SystemRandom,
    overall: (u32, u32),
) -> Result<(db::Db, db::Location, secrets::Pepper), String> {
    let location = db::Location::parse(&database_named(store.database.as_deref(), setting(DATABASE_VARIABLE)));
    let shown = location.shown();
    let holds_data = match &location {
        db::Location::Sqlite(path) => db::sqlite::Db::holds_data(path),
        db::Location::Postgres(url) => db::pg::holds_data(&db::pg::config(url).map_err(|e| e.to_string())?).await,
    }
    .map_err(|e| format!("{shown}: {e}"))?;
    let missing = if holds_data { key::Missing::Refuse } else { key::Missing::Create };
    let file_key = match (&store.key_file, setting(KEY_VARIABLE), &location) {
        (Some(path), _, _) => key::load(path, missing, rng),
        (None, Some(hex), _) => key::from_hex(KEY_VARIABLE, &hex),
        (None, None, db::Location::Sqlite(path)) => key::load(&path.with_extension("key"), missing, rng),
        (None, None, db::Location::Postgres(_)) => Err(key::Error::NotGiven { variable: KEY_VARIABLE }),
    }
    .map_err(|e| e.to_string())?;
    let pepper = secrets::Pepper::new(&file_key);
    let sealer = seal::Sealer::new(&file_key, rng.clone());
    drop(file_key);
    let (passwords, signups) = overall;
    let db = match &location {
        db::Location::Sqlite(path) => db::sqlite::Db::open(path, sealer).map(|db| db::Db::Sqlite {
            db,
            passwords: limits::Limiter::new(passwords),
            signups: limits::Limiter::new(signups),
        }),
        db::Location::Postgres(url) => match db::pg::config(url) {
            Ok(config) => db::pg::Db::open(config, sealer).await.map(|db| db::Db::Postgres {
                db,
                passwords_overall: passwords,
                signups_overall: signups,
            }),
            Err(e) => Err(e),
        },
    }
    .map_err(|e| format!("{shown}: {e}"))?;
    Ok((db, location, pepper))
}

async fn run(args: Args) -> Result<(), String> {
    let rng = SystemRandom::new();
    let (db, location, pepper) =
        open(&args.store, &rng, (args.wrong_passwords_per_minute, args.signups_per_minute)).await?;
    let (events, _) = tokio::sync::broadcast::channel(256);
    if let db::Location::Postgres(url) = &location {
        let config = db::pg::config(url).map_err(|e| e.to_string())?;
        db::pg::listen(config, events.clone()).await.map_err(|e| format!("PostgreSQL: {e}"))?;
    }
    let server_key = match db.server_key().await.map_err(|e| e.to_string())? {
        Some(key) => key,
        None => {
            eprintln!("keyfob-login-service: making the challenge-signing key (4096-bit RSA, once)…");
            let key = tokio::task::spawn_blocking(secrets::new_server_key).await.map_err(|e| e.to_string())??;
            // Another instance starting at once may have stored its own first: every instance uses that one.
            db.keep_server_key(&key).await.map_err(|e| e.to_string())?
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
    let secure_cookies = base_url.starts_with("https://");
    let app = Arc::new(App {
        db,
        server_key,
        public_key,
        base_url,
        name: args.name,
        challenge_secs: args.challenge_seconds,
        logins_per_minute: args.logins_per_minute,
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

/// How long a backup code from `admin reset-2fa` works.
const BACKUP_CODE_SECS: i64 = 24 * 60 * 60;

/// `admin …`: support's tools.
async fn admin(command: Admin) -> Result<(), String> {
    let rng = SystemRandom::new();
    match command {
        Admin::Reset2fa { store, actor, user } => {
            let (db, _, pepper) = open(&store, &rng, (1, 1)).await?;
            let actor = actor
                .or_else(|| setting("SUDO_USER"))
                .or_else(|| setting("USER"))
                .unwrap_or_else(|| "unknown".to_owned());
            let code = secrets::backup_code(&rng);
            let now = now();
            let expires = now + BACKUP_CODE_SECS;
            match db.reset_2fa(&user, &pepper.recovery_hash(&code), expires, &actor, now).await {
                Ok(Some(_)) => {
                    println!("{}", code.as_str());
                    eprintln!(
                        "keyfob-login-service: {user}'s second factors are removed; the backup code above logs them in once until {} and leads to the setup page",
                        pages::utc(expires)
                    );
                    Ok(())
                }
                Ok(None) => Err(format!("no user is called {user:?}")),
                Err(e) => Err(e.to_string()),
            }
        }
        Admin::Audit { store, json } => {
            let (db, _, _) = open(&store, &rng, (1, 1)).await?;
            let entries = db.audit().await.map_err(|e| e.to_string())?;
            if json {
                println!("{}", serde_json::to_string(&entries).map_err(|e| e.to_string())?);
            } else {
                for entry in entries {
                    println!("{}\t{}\t{}\t{}", pages::utc(entry.at), entry.actor, entry.action, entry.subject);
                }
            }
            Ok(())
        }
    }
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Command::Admin(command)) => admin(command).await,
        None => run(cli.serve).await,
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("keyfob-login-service: {message}");
            std::process::ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_database_is_the_flag_else_the_variable_else_the_default_file() {
        let url = || Some("postgres://keyfob:secret@db/keyfob".to_owned());
        assert_eq!(database_named(Some("given.sqlite"), url()), "given.sqlite");
        assert_eq!(database_named(None, url()), "postgres://keyfob:secret@db/keyfob");
        assert_eq!(database_named(None, None), "keyfob-login-service.sqlite");
    }
}
