//! Everything the service keeps, behind one seam: [`Db`] is the SQLite file of one instance
//! ([`sqlite`], the default, embedded) or a PostgreSQL database shared by several instances ([`pg`]), chosen
//! by `--database` ([`Location::parse`]). Handlers see only [`Db`]'s methods; each is one atomic step
//! (a single statement or one transaction), so two instances answering at once never both use a code,
//! both finish a login, or both pass a limit.
//!
//! Rate limits are the one difference in where state lives: one SQLite instance keeps them in memory
//! ([`crate::limits::Limiter`]), several PostgreSQL instances count them in the database.

pub(crate) mod pg;
pub(crate) mod sqlite;

use std::path::PathBuf;

use zeroize::Zeroizing;

use crate::client::Client;
use crate::limits::{self, Limiter, Refusal, Reservation};
use crate::seal;

/// A database failure; the service answers 500 and logs it, or 503 when the database cannot be reached
/// ([`DbError::is_unavailable`]); at start, it stops with it.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub(crate) enum DbError {
    /// SQLite failed.
    #[error("database: {0}")]
    Sql(#[from] rusqlite::Error),
    /// PostgreSQL refused or failed a statement, or the connection broke.
    #[error("database: {0}")]
    Postgres(#[from] tokio_postgres::Error),
    /// No PostgreSQL connection could be had in time (the server is down, restarting or saturated).
    #[error("database unreachable: {0}")]
    Unreachable(String),
    /// The `--database` URL is not one PostgreSQL takes (the URL itself is never repeated: it may hold a
    /// password).
    #[error("the PostgreSQL URL given to --database is malformed: {0}")]
    BadUrl(String),
    /// The schema is newer than this program (a later version migrated it).
    #[error("the database's schema is version {found}, newer than this program's {known}: run a newer version")]
    NewerSchema {
        /// The database's version.
        found: i32,
        /// The newest this program knows.
        known: i32,
    },
    /// The key file is not the one this database's secrets are sealed under.
    #[error(
        "the key file beside the database does not open its secrets (it belongs to another database, or was \
replaced): restore this database's key file"
    )]
    WrongKey,
    /// A sealed value did not open (changed in the file, or moved from another row).
    #[error("the sealed {what} does not open: {source}")]
    Sealed {
        /// Which value.
        what: &'static str,
        /// Why.
        source: seal::Error,
    },
}

/// Sealing as both backends need it: a value that does not seal or open is a [`DbError::Sealed`].
impl seal::Sealer {
    /// `clear` sealed, bound to `place`.
    pub(super) fn seal_value(&self, place: &str, clear: &[u8]) -> Result<Vec<u8>, DbError> {
        self.seal(place, clear).map_err(|source| DbError::Sealed { what: "value", source })
    }

    /// The value `what`, sealed bound to `place`, opened.
    pub(super) fn open_value(
        &self,
        what: &'static str,
        place: &str,
        sealed: &[u8],
    ) -> Result<Zeroizing<Vec<u8>>, DbError> {
        self.open(place, sealed).map_err(|source| DbError::Sealed { what, source })
    }
}

impl DbError {
    /// Whether the database could not be reached (down, restarting, no connection in time): a request
    /// failing so is answered 503 with `Retry-After`, since trying again shortly may work.
    pub(crate) fn is_unavailable(&self) -> bool {
        match self {
            Self::Unreachable(_) => true,
            Self::Postgres(e) => {
                postgres_unavailable(e.is_closed(), e.code().map(tokio_postgres::error::SqlState::code), io_kind(e))
            }
            _ => false,
        }
    }
}

/// The kind of the I/O failure beneath a PostgreSQL error, if there is one (a failed connect, a broken
/// connection; also a malformed message, whose kind is `InvalidData` or `InvalidInput`).
fn io_kind(error: &tokio_postgres::Error) -> Option<std::io::ErrorKind> {
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        if let Some(io) = cause.downcast_ref::<std::io::Error>() {
            return Some(io.kind());
        }
        source = cause.source();
    }
    None
}

/// Whether a PostgreSQL failure means the database cannot be reached now, so that trying again shortly
/// may work (503): the connection closed; a SQLSTATE of class 08 (connection exception), 53300 (too many
/// connections), 57P01-57P03 or 57P05 (the server shutting down, crashed, starting, or ending an idle
/// session); or no SQLSTATE and a network failure beneath (refused, reset, timed out, the socket missing).
/// Anything else is a fault (500): a statement the server refused, or a client-side error without SQLSTATE
/// (a value that does not convert, a malformed URL or message).
fn postgres_unavailable(closed: bool, sqlstate: Option<&str>, io: Option<std::io::ErrorKind>) -> bool {
    use std::io::ErrorKind as Io;
    if closed {
        return true;
    }
    match sqlstate {
        Some(code) => code.starts_with("08") || matches!(code, "53300" | "57P01" | "57P02" | "57P03" | "57P05"),
        None => matches!(
            io,
            Some(
                Io::ConnectionRefused
                    | Io::ConnectionReset
                    | Io::ConnectionAborted
                    | Io::NotConnected
                    | Io::BrokenPipe
                    | Io::TimedOut
                    | Io::UnexpectedEof
                    | Io::NotFound
                    | Io::AddrNotAvailable
                    | Io::HostUnreachable
                    | Io::NetworkUnreachable
                    | Io::NetworkDown
                    | Io::Interrupted
            )
        ),
    }
}

/// The most wrong second-factor codes one login takes; then it ends.
pub(crate) const WRONG_CODES_PER_LOGIN: i64 = 5;
/// The most wrong second-factor codes one user's logins take in an hour; then code entry is locked.
pub(crate) const WRONG_CODES_PER_HOUR: i64 = 20;

/// What the key check opens to: proof the key file is this database's.
const KEY_CHECK: &[u8] = b"keyfob-login-service key check";
/// Where the key check is sealed.
const KEY_CHECK_PLACE: &str = "key-check";
/// Where the challenge-signing key is sealed.
const SERVER_KEY_PLACE: &str = "server-key";

/// Where a user's TOTP secret is sealed: the same for the pending and the confirmed one (confirming moves
/// the sealed bytes), different for each user.
fn totp_place(user: i64) -> String {
    format!("totp:{user}")
}

/// A user as stored, secrets opened.
pub(crate) struct User {
    /// Row id.
    pub id: i64,
    /// Login name.
    pub username: String,
    /// argon2id PHC string.
    pub password_hash: String,
    /// The confirmed TOTP secret, once set up.
    pub totp_secret: Option<Zeroizing<Vec<u8>>>,
    /// The secret shown at setup, until a code confirms it.
    pub totp_pending: Option<Zeroizing<Vec<u8>>>,
    /// The pending secret as stored (sealed, so no secret): confirming it requires the row to hold these
    /// very bytes still ([`Db::confirm_totp`]), so a code checked against one pending secret never confirms
    /// another, or a secret confirmed meanwhile.
    pub totp_pending_stored: Option<Vec<u8>>,
    /// Until when the backup code support issued (`admin reset-2fa`) works, while it is unused.
    pub backup_expires: Option<i64>,
    /// Support removed the second factors (`admin reset-2fa`) and no new one is set up yet (TOTP confirmed
    /// or a push device registered): the password alone must not sign in; only a backup code does.
    pub must_enrol: bool,
}

/// A push token as stored.
pub(crate) struct PushToken {
    /// Its serial.
    pub serial: String,
    /// The device's public key, once registered.
    pub device_key: Option<String>,
}

/// A challenge as stored.
#[derive(Clone)]
pub(crate) struct ChallengeRow {
    /// Its nonce.
    pub nonce: String,
    /// The token it is for.
    pub serial: String,
    /// The login waiting on it (hashed id).
    pub login_hash: String,
    /// The options offered, comma-separated.
    pub options: String,
    /// The option the login page shows.
    pub correct: String,
    /// Unix seconds.
    pub expires: i64,
    /// `open`, `approved`, `declined`, `not_me` or `wrong_number`.
    pub status: String,
}

/// A second-factor code about to be judged, counted first (as passwords are: see [`crate::limits`]), so
/// codes sent together to one or several instances are judged at most as often as the limits allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CodeTry {
    /// Counted: `id` is given back with [`Db::release_code`] if the code is right; the counts include it.
    Counted {
        /// The failure row standing for this try.
        id: i64,
        /// Wrong codes (and tries under way) of this login.
        for_login: i64,
        /// Wrong codes (and tries under way) of this user within the hour.
        for_user: i64,
    },
    /// The login took its [`WRONG_CODES_PER_LOGIN`] already (or is no longer waiting).
    LoginSpent,
    /// The user's logins took [`WRONG_CODES_PER_HOUR`] within the hour.
    UserSpent,
}

/// One line of the audit table: who did what to whom, when.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub(crate) struct AuditEntry {
    /// Unix seconds.
    pub at: i64,
    /// Who did it (the operating-system user who ran the command, or `--actor`).
    pub actor: String,
    /// What: `reset-2fa`.
    pub action: String,
    /// The user it was done to.
    pub subject: String,
}

/// What `--database` names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Location {
    /// An SQLite file (created when missing).
    Sqlite(PathBuf),
    /// A PostgreSQL URL (`postgres://` or `postgresql://`, `?host=/dir` for a Unix socket).
    Postgres(String),
}

impl Location {
    /// `postgres://…` and `postgresql://…` are PostgreSQL; anything else is an SQLite file's path, as
    /// before PostgreSQL was supported (so no existing file name changes meaning).
    pub(crate) fn parse(text: &str) -> Self {
        if text.starts_with("postgres://") || text.starts_with("postgresql://") {
            Self::Postgres(text.to_owned())
        } else {
            Self::Sqlite(PathBuf::from(text))
        }
    }

    /// The database as error messages and logs name it: the file's path, or `PostgreSQL` (a URL may hold a
    /// password).
    pub(crate) fn shown(&self) -> String {
        match self {
            Self::Sqlite(path) => path.display().to_string(),
            Self::Postgres(_) => "PostgreSQL".to_owned(),
        }
    }
}

/// The service's state: one instance's SQLite file, or a PostgreSQL database several instances share.
#[expect(clippy::large_enum_variant, reason = "one value per process, made once at start")]
pub(crate) enum Db {
    /// One instance; its limits in memory.
    Sqlite {
        /// The file.
        db: sqlite::Db,
        /// Password checks, per name and client, per client and overall.
        passwords: Limiter,
        /// Sign-ups, per client and overall.
        signups: Limiter,
    },
    /// Any number of instances on one database; limits counted in it.
    Postgres {
        /// The pool and statements.
        db: pg::Db,
        /// Password checks allowed per minute in all.
        passwords_overall: u32,
        /// Sign-ups allowed per minute in all.
        signups_overall: u32,
    },
}

/// Calls the same method on either backend: SQLite's statements run at once (each holds the file's lock
/// for a few microseconds), PostgreSQL's are awaited.
macro_rules! delegate {
    ($( $(#[$meta:meta])* fn $name:ident(&self $(, $arg:ident : $ty:ty)*) -> $ret:ty; )*) => {
        impl Db {
            $(
                $(#[$meta])*
                pub(crate) async fn $name(&self $(, $arg: $ty)*) -> Result<$ret, DbError> {
                    match self {
                        Self::Sqlite { db, .. } => db.$name($($arg),*),
                        Self::Postgres { db, .. } => db.$name($($arg),*).await,
                    }
                }
            )*
        }
    };
}

delegate! {
    /// The server's signing key (PKCS#8), once made.
    fn server_key(&self) -> Option<Zeroizing<Vec<u8>>>;
    /// Keeps `pkcs8` as the signing key unless another instance stored one first; the key kept.
    fn keep_server_key(&self, pkcs8: &[u8]) -> Zeroizing<Vec<u8>>;
    /// Creates a user; `None` when the name is taken.
    fn create_user(&self, username: &str, password_hash: &str, now: i64) -> Option<i64>;
    /// A user by name.
    fn user_by_name(&self, username: &str) -> Option<User>;
    /// A user by id.
    fn user(&self, id: i64) -> Option<User>;
    /// Keeps the TOTP secret shown at setup, sealed, until a code confirms it.
    fn set_totp_pending(&self, user: i64, secret: &[u8]) -> ();
    /// Confirms the pending TOTP secret the code was checked against (`pending_stored`, as stored), `step`
    /// being the code's step (not accepted again), and clears `must_enrol`, in one statement: only while
    /// that secret is still pending and none is confirmed. `false` when another request confirmed it first
    /// (a second click, a retry through another instance) or a setup page replaced it: nothing changed.
    fn confirm_totp(&self, user: i64, pending_stored: &[u8], step: i64) -> bool;
    /// Records a used TOTP step, only if it is later than the last one, in one statement: `false` when it
    /// was not (a reused code, or another instance using it at the same moment).
    fn use_totp_step(&self, user: i64, step: i64) -> bool;
    /// Replaces a user's recovery codes with these hashes, in one transaction holding the user's row, so
    /// replacements at once leave one set, never both.
    fn set_recovery_codes(&self, user: i64, hashes: &[String]) -> ();
    /// Uses a recovery code once, in one statement: `true` when it was there and unused.
    fn use_recovery_code(&self, user: i64, hash: &str) -> bool;
    /// Uses the backup code support issued, once, before it expires: `true` when it matched.
    fn use_backup_code(&self, user: i64, hash: &str, now: i64) -> bool;
    /// How many unused recovery codes a user has.
    fn recovery_codes_left(&self, user: i64) -> i64;
    /// Opens a browser session.
    fn create_session(&self, token_hash: &str, user: i64, now: i64) -> ();
    /// The user of a live session (moving its idle deadline on); expired sessions are deleted.
    fn session_user(&self, token_hash: &str, now: i64, created_after: i64, seen_after: i64) -> Option<i64>;
    /// Ends every session of `user` but `keep`.
    fn revoke_other_sessions(&self, user: i64, keep: Option<&str>) -> ();
    /// Ends a session.
    fn delete_session(&self, token_hash: &str) -> ();
    /// Creates a push token waiting for its device, replacing any the user had.
    fn create_push_token(&self, serial: &str, user: i64, credential_hash: &str, session_hash: &str, now: i64) -> ();
    /// A push token by serial.
    fn push_token(&self, serial: &str) -> Option<PushToken>;
    /// A user's push token.
    fn push_token_of(&self, user: i64) -> Option<PushToken>;
    /// Registers a device once, forgetting the enrolment credential in the same statement, and clears the
    /// user's `must_enrol` in the same transaction.
    fn register_device(&self, serial: &str, credential_hash: &str, device_key: &str, issued_after: i64)
        -> Option<(i64, Option<String>)>;
    /// Counts a second-factor try before it is judged (see [`CodeTry`]).
    fn reserve_code(&self, user: i64, login_hash: &str, now: i64, hour_ago: i64) -> CodeTry;
    /// Gives a counted try back: the code was right.
    fn release_code(&self, id: i64) -> ();
    /// Locks code entry for `user` until `until`; the owner is told at the next sign-in.
    fn lock_codes(&self, user: i64, now: i64, until: i64) -> ();
    /// Until when code entry is locked for `user`, if it is at `now`.
    fn codes_locked_until(&self, user: i64, now: i64) -> Option<i64>;
    /// A lockout the owner has not been told of yet, marked told.
    fn take_lockout_notice(&self, user: i64) -> Option<(i64, i64)>;
    /// Records a login waiting for its second factor, unless the user started `limit` since `since`
    /// (counted and inserted atomically): `false` when over the limit.
    fn create_login_limited(&self, id_hash: &str, user: i64, now: i64, since: i64, limit: i64) -> bool;
    /// A login's user, state and creation time.
    fn login(&self, id_hash: &str) -> Option<(i64, String, i64)>;
    /// Moves a login from `from` to `to` in one statement; `false` when it was not in `from`.
    fn advance_login(&self, id_hash: &str, from: &str, to: &str) -> bool;
    /// Stores a new open challenge.
    fn create_challenge(&self, row: &ChallengeRow, user: i64, now: i64) -> ();
    /// A token's open, unexpired challenges, oldest first.
    fn open_challenges(&self, serial: &str, now: i64) -> Vec<ChallengeRow>;
    /// The challenge of a login.
    fn challenge_of_login(&self, login_hash: &str) -> Option<ChallengeRow>;
    /// An open, unexpired challenge of `serial` by nonce.
    fn open_challenge(&self, nonce: &str, serial: &str, now: i64) -> Option<ChallengeRow>;
    /// Closes the open challenge of a login that ended otherwise.
    fn close_challenge_of_login(&self, login_hash: &str, status: &str) -> ();
    /// Closes an open challenge with `status` in one statement; `false` when it was no longer open.
    fn close_challenge(&self, nonce: &str, status: &str) -> bool;
    /// Removes a user's second factors (TOTP, push, recovery codes), sessions, pending logins and
    /// lock-outs, gives them a backup code (its hash) working until `expires`, sets `must_enrol` (cleared
    /// only by confirming TOTP or registering a push device), and records it in the audit table, in one
    /// transaction: the user's id, or `None` when there is no such user.
    fn reset_2fa(&self, username: &str, backup_hash: &str, expires: i64, actor: &str, now: i64) -> Option<i64>;
    /// The audit table, oldest first.
    fn audit(&self) -> Vec<AuditEntry>;
}

impl Db {
    /// Reserves a password check for `name` from `client` (see [`crate::limits`]); counted in the database
    /// on PostgreSQL, so every instance's tries count together.
    ///
    /// # Errors
    /// `Ok(Err(refusal))` when a limit is reached; [`DbError`] when the database fails.
    pub(crate) async fn reserve_password(
        &self,
        name: &str,
        client: &Client,
        now: i64,
    ) -> Result<Result<Reservation, Refusal>, DbError> {
        match self {
            Self::Sqlite { passwords, .. } => Ok(passwords.reserve_password(name, client, now)),
            Self::Postgres { db, passwords_overall, .. } => {
                db.reserve("p", &limits::password_keys(name, client), *passwords_overall, now).await
            }
        }
    }

    /// Reserves a sign-up from `client`; as [`Db::reserve_password`].
    ///
    /// # Errors
    /// As [`Db::reserve_password`].
    pub(crate) async fn reserve_signup(
        &self,
        client: &Client,
        now: i64,
    ) -> Result<Result<Reservation, Refusal>, DbError> {
        match self {
            Self::Sqlite { signups, .. } => Ok(signups.reserve_signup(client, now)),
            Self::Postgres { db, signups_overall, .. } => {
                db.reserve("s", &limits::signup_keys(client), *signups_overall, now).await
            }
        }
    }

    /// Gives a password reservation back (the password was right, or it was never judged).
    ///
    /// # Errors
    /// [`DbError`] when the database fails (the try then stays counted, which fails safe).
    pub(crate) async fn release_password(&self, reservation: Reservation) -> Result<(), DbError> {
        match self {
            Self::Sqlite { passwords, .. } => {
                passwords.release(reservation);
                Ok(())
            }
            Self::Postgres { db, .. } => db.release("p", &reservation).await,
        }
    }

    /// Gives a sign-up reservation back (it was never hashed).
    ///
    /// # Errors
    /// As [`Db::release_password`].
    pub(crate) async fn release_signup(&self, reservation: Reservation) -> Result<(), DbError> {
        match self {
            Self::Sqlite { signups, .. } => {
                signups.release(reservation);
                Ok(())
            }
            Self::Postgres { db, .. } => db.release("s", &reservation).await,
        }
    }

    /// Tells every instance's event streams that `serial`'s challenges changed: on SQLite, this
    /// instance's `events`; on PostgreSQL, a `NOTIFY` that every instance's listener (this one's too) hands
    /// to its streams ([`pg::listen`]).
    ///
    /// # Errors
    /// [`DbError`] when the notification could not be sent (the streams then show it at their next
    /// change or reconnection; polling devices are not affected).
    pub(crate) async fn changed(
        &self,
        events: &tokio::sync::broadcast::Sender<String>,
        serial: &str,
    ) -> Result<(), DbError> {
        match self {
            Self::Sqlite { .. } => {
                // No stream listening is normal.
                let _ = events.send(serial.to_owned());
                Ok(())
            }
            Self::Postgres { db, .. } => db.notify(serial).await,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::ErrorKind as Io;
    use std::str::FromStr;

    use super::*;

    #[test]
    fn too_many_connections_connection_errors_and_shutdowns_are_unavailable_and_other_failures_are_not() {
        let unavailable = [
            (false, Some("53300"), None, "too many connections"),
            (false, Some("08000"), None, "connection exception"),
            (false, Some("08001"), None, "the client could not establish a connection"),
            (false, Some("08006"), None, "connection failure"),
            (false, Some("08P01"), None, "protocol violation"),
            (false, Some("57P01"), None, "admin shutdown"),
            (false, Some("57P02"), None, "crash shutdown"),
            (false, Some("57P03"), None, "cannot connect now (starting up)"),
            (false, Some("57P05"), None, "idle session timeout"),
            (true, None, None, "the connection closed"),
            (false, None, Some(Io::ConnectionRefused), "connect refused"),
            (false, None, Some(Io::ConnectionReset), "connection reset"),
            (false, None, Some(Io::TimedOut), "connect timed out"),
            (false, None, Some(Io::UnexpectedEof), "the server went away mid-message"),
            (false, None, Some(Io::NotFound), "the Unix socket is missing"),
        ];
        let faults = [
            (false, Some("23505"), None, "unique violation"),
            (false, Some("42P01"), None, "undefined table"),
            (false, Some("53100"), None, "disk full: waiting does not help"),
            (false, Some("53200"), None, "out of memory"),
            (false, Some("57014"), None, "query cancelled"),
            (false, Some("57P04"), None, "database dropped"),
            (false, Some("40001"), None, "serialization failure"),
            (false, Some("28P01"), None, "wrong password"),
            (false, None, None, "a client-side error without SQLSTATE (a value that does not convert)"),
            (false, None, Some(Io::InvalidData), "a malformed message from the server"),
            (false, None, Some(Io::InvalidInput), "a malformed message to the server"),
            (false, None, Some(Io::PermissionDenied), "a read-only server"),
        ];
        for (closed, code, io, what) in unavailable {
            assert!(postgres_unavailable(closed, code, io), "{what} is 503");
        }
        for (closed, code, io, what) in faults {
            assert!(!postgres_unavailable(closed, code, io), "{what} is 500");
        }
    }

    #[tokio::test]
    async fn a_refused_connection_is_unavailable_and_a_client_side_error_without_sqlstate_is_not() {
        // A port nothing listens on: the listener is dropped before the connect.
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let config = format!("host=127.0.0.1 port={port} user=keyfob dbname=keyfob connect_timeout=5");
        let refused = tokio_postgres::connect(&config, tokio_postgres::NoTls).await.err().unwrap();
        assert!(DbError::Postgres(refused).is_unavailable(), "a refused connect is 503");
        let malformed = tokio_postgres::Config::from_str("port=not-a-port").err().unwrap();
        assert_eq!(malformed.code(), None);
        assert!(!DbError::Postgres(malformed).is_unavailable(), "a client-side error is 500");
        assert!(DbError::Unreachable("pool timeout".into()).is_unavailable());
        assert!(!DbError::WrongKey.is_unavailable());
    }
}
