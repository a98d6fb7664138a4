//! The service's state in PostgreSQL, shared by every instance started with the same `--database`: the
//! same tables as [`super::sqlite`], plus the rate-limit windows, so nothing that matters is per instance.
//!
//! Every guarantee is one statement or one short transaction: a code is used by an `UPDATE … WHERE` that
//! the row lock re-checks (two instances using one code at once: one row changes), counted tries lock the
//! user's row first (so counting and inserting cannot interleave), and limit windows lock their keys in
//! sorted order (no deadlock between instances). Challenge changes are sent to every instance with
//! `NOTIFY`; each instance `LISTEN`s on one connection of its own ([`listen`]).
//!
//! The schema is migrated on start in versions, under `pg_advisory_xact_lock`, so instances starting
//! together migrate once. Secrets are sealed as on SQLite, under a key that is never in the database.

use std::str::FromStr;
use std::time::Duration;

use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod, Runtime};
use tokio_postgres::{AsyncMessage, NoTls, Row};
use zeroize::Zeroizing;

use super::{
    AuditEntry, ChallengeRow, CodeTry, DbError, KEY_CHECK, KEY_CHECK_PLACE, PushToken, SERVER_KEY_PLACE, User,
    WRONG_CODES_PER_HOUR, WRONG_CODES_PER_LOGIN, totp_place,
};
use crate::limits::{self, Refusal, Reservation};
use crate::seal::Sealer;

/// The advisory lock that migrations hold ("keyfob" in ASCII): one instance migrates, the others wait and
/// find it done.
const MIGRATION_LOCK: i64 = 0x6b65_7966_6f62;
/// The channel challenge changes are announced on; the payload is the token's serial.
const CHANNEL: &str = "keyfob_challenges";
/// The connections one instance keeps at most.
const POOL_SIZE: usize = 16;
/// How long a request waits for a connection (or a new one to open) before it is answered 503.
const CONNECT_WAIT: Duration = Duration::from_secs(5);

/// The schema's versions, applied in order, each once (recorded in `schema_migrations`).
const MIGRATIONS: &[(i32, &str)] = &[
    (
        1,
        "
CREATE TABLE meta (name TEXT PRIMARY KEY, value BYTEA NOT NULL);
CREATE TABLE server_key (id INTEGER PRIMARY KEY CHECK (id = 1), pkcs8 BYTEA NOT NULL);
CREATE TABLE users (
  id BIGSERIAL PRIMARY KEY, username TEXT NOT NULL UNIQUE, password_hash TEXT NOT NULL,
  totp_secret BYTEA, totp_pending BYTEA, totp_last_step BIGINT,
  backup_code_hash TEXT, backup_expires BIGINT, created BIGINT NOT NULL);
CREATE TABLE recovery_codes (
  user_id BIGINT NOT NULL, code_hash TEXT NOT NULL, used BOOLEAN NOT NULL DEFAULT FALSE,
  PRIMARY KEY (user_id, code_hash));
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY, user_id BIGINT NOT NULL, created BIGINT NOT NULL, last_seen BIGINT NOT NULL);
CREATE INDEX sessions_by_user ON sessions (user_id);
CREATE TABLE push_tokens (
  serial TEXT PRIMARY KEY, user_id BIGINT NOT NULL, credential_hash TEXT, device_key TEXT, session_hash TEXT,
  created BIGINT NOT NULL);
CREATE INDEX push_tokens_by_user ON push_tokens (user_id);
CREATE TABLE logins (
  id_hash TEXT PRIMARY KEY, user_id BIGINT NOT NULL, state TEXT NOT NULL, created BIGINT NOT NULL);
CREATE INDEX logins_by_user ON logins (user_id, created);
CREATE TABLE challenges (
  seq BIGSERIAL, nonce TEXT PRIMARY KEY, serial TEXT NOT NULL, user_id BIGINT NOT NULL, login_hash TEXT NOT NULL,
  options TEXT NOT NULL, correct TEXT NOT NULL, created BIGINT NOT NULL, expires BIGINT NOT NULL,
  status TEXT NOT NULL);
CREATE INDEX challenges_by_serial ON challenges (serial, status);
CREATE INDEX challenges_by_login ON challenges (login_hash);
CREATE TABLE code_failures (
  id BIGSERIAL PRIMARY KEY, user_id BIGINT NOT NULL, login_hash TEXT NOT NULL, at BIGINT NOT NULL);
CREATE INDEX code_failures_by_user ON code_failures (user_id, at);
CREATE INDEX code_failures_by_login ON code_failures (login_hash);
CREATE TABLE code_lockouts (
  user_id BIGINT PRIMARY KEY, since BIGINT NOT NULL, until BIGINT NOT NULL, noticed BOOLEAN NOT NULL DEFAULT FALSE);
CREATE TABLE limit_windows (key TEXT PRIMARY KEY, start BIGINT NOT NULL, count INTEGER NOT NULL);
CREATE TABLE audit (
  id BIGSERIAL PRIMARY KEY, at BIGINT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, subject TEXT NOT NULL);
",
    ),
    (
        2,
        // Support's reset leaves the user to enrol a new factor; until then the password alone is refused.
        // Users reset before this version who set nothing up since are marked too.
        "
ALTER TABLE users ADD COLUMN must_enrol BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE users SET must_enrol = TRUE
 WHERE totp_secret IS NULL
   AND username IN (SELECT subject FROM audit WHERE action = 'reset-2fa')
   AND NOT EXISTS (SELECT 1 FROM push_tokens WHERE push_tokens.user_id = users.id AND device_key IS NOT NULL);
",
    ),
];

/// The PostgreSQL database, through a pool of connections.
pub(crate) struct Db {
    pool: Pool,
    sealer: Sealer,
}

/// The connection settings of a `postgres://` or `postgresql://` URL (`?host=/dir` for a Unix socket),
/// with a connect timeout and the service's name for `pg_stat_activity`.
///
/// # Errors
/// [`DbError::BadUrl`], without the URL (it may hold a password).
pub(crate) fn config(url: &str) -> Result<tokio_postgres::Config, DbError> {
    let mut config = tokio_postgres::Config::from_str(url).map_err(|e| DbError::BadUrl(e.to_string()))?;
    config.connect_timeout(CONNECT_WAIT).application_name("keyfob-login-service");
    Ok(config)
}

fn unreachable(error: impl std::fmt::Display) -> DbError {
    DbError::Unreachable(error.to_string())
}

/// Whether the database holds anything (users, the signing key, the key check): then its key must exist.
///
/// # Errors
/// [`DbError`] when the server cannot be reached or refuses.
pub(crate) async fn holds_data(config: &tokio_postgres::Config) -> Result<bool, DbError> {
    let (client, connection) = config.connect(NoTls).await?;
    let driver = tokio::spawn(connection);
    let exists: bool = client
        .query_one("SELECT to_regclass('meta') IS NOT NULL AND to_regclass('users') IS NOT NULL", &[])
        .await?
        .get(0);
    let holds = if exists {
        client
            .query_one(
                "SELECT EXISTS (SELECT 1 FROM meta) OR EXISTS (SELECT 1 FROM users) OR EXISTS (SELECT 1 FROM server_key)",
                &[],
            )
            .await?
            .get(0)
    } else {
        false
    };
    drop(client);
    let _ = driver.await;
    Ok(holds)
}

/// Listens for challenge changes on a connection of its own and hands each serial to `events`, from the
/// first `LISTEN` (done before this returns, so a change made once the instance is up always reaches its
/// streams) until the program ends; a broken connection is opened again, and `*` tells every stream to
/// re-read, since changes made meanwhile were not heard.
///
/// # Errors
/// [`DbError`] when the first connection or `LISTEN` fails.
pub(crate) async fn listen(
    config: tokio_postgres::Config,
    events: tokio::sync::broadcast::Sender<String>,
) -> Result<(), DbError> {
    let first = listening(&config, events.clone()).await?;
    tokio::spawn(async move {
        let mut done = first;
        loop {
            let _ = done.await;
            loop {
                tokio::time::sleep(Duration::from_millis(500)).await;
                match listening(&config, events.clone()).await {
                    Ok(next) => {
                        done = next;
                        break;
                    }
                    Err(e) => eprintln!("keyfob-login-service: listening for challenge changes: {e}"),
                }
            }
            // Changes while nobody listened were not heard: every stream reads its challenges again.
            let _ = events.send("*".to_owned());
        }
    });
    Ok(())
}

/// One listening connection: the task that forwards its notifications (ending when the connection does).
async fn listening(
    config: &tokio_postgres::Config,
    events: tokio::sync::broadcast::Sender<String>,
) -> Result<tokio::task::JoinHandle<()>, DbError> {
    let (client, mut connection) = config.connect(NoTls).await?;
    let (ready, is_ready) = tokio::sync::oneshot::channel::<tokio_postgres::Client>();
    let task = tokio::spawn(async move {
        let mut is_ready = is_ready;
        let mut client = None;
        loop {
            let message = tokio::select! {
                message = std::future::poll_fn(|cx| connection.poll_message(cx)) => message,
                kept = &mut is_ready, if client.is_none() => {
                    // The client is kept here so the connection stays open while this task runs.
                    client = kept.ok();
                    continue;
                }
            };
            match message {
                Some(Ok(AsyncMessage::Notification(note))) => {
                    // No stream listening is normal.
                    let _ = events.send(note.payload().to_owned());
                }
                Some(Ok(_)) => {}
                Some(Err(e)) => {
                    eprintln!("keyfob-login-service: the listening connection broke: {e}");
                    return;
                }
                None => return,
            }
        }
    });
    client.batch_execute(&format!("LISTEN {CHANNEL}")).await?;
    let _ = ready.send(client);
    Ok(task)
}

fn challenge_row(row: &Row) -> ChallengeRow {
    ChallengeRow {
        nonce: row.get(0),
        serial: row.get(1),
        login_hash: row.get(2),
        options: row.get(3),
        correct: row.get(4),
        expires: row.get(5),
        status: row.get(6),
    }
}

const USER_COLUMNS: &str = "id, username, password_hash, totp_secret, totp_pending, backup_expires, must_enrol";
const CHALLENGE_COLUMNS: &str = "nonce, serial, login_hash, options, correct, expires, status";

impl Db {
    /// Opens a pool on `config`, migrates the schema (once, whoever else starts now) and checks that
    /// `sealer` is this database's key, writing the key check into a new database.
    ///
    /// # Errors
    /// [`DbError::WrongKey`], [`DbError::NewerSchema`], or the database's failure.
    pub(crate) async fn open(config: tokio_postgres::Config, sealer: Sealer) -> Result<Self, DbError> {
        let manager = Manager::from_config(config, NoTls, ManagerConfig { recycling_method: RecyclingMethod::Fast });
        let pool = Pool::builder(manager)
            .max_size(POOL_SIZE)
            .runtime(Runtime::Tokio1)
            .wait_timeout(Some(CONNECT_WAIT))
            .create_timeout(Some(CONNECT_WAIT))
            .recycle_timeout(Some(CONNECT_WAIT))
            .build()
            .map_err(unreachable)?;
        let db = Self { pool, sealer };
        db.migrate().await?;
        Ok(db)
    }

    async fn client(&self) -> Result<deadpool_postgres::Client, DbError> {
        self.pool.get().await.map_err(|e| match e {
            deadpool_postgres::PoolError::Backend(e) => DbError::Postgres(e),
            other => unreachable(other),
        })
    }

    async fn migrate(&self) -> Result<(), DbError> {
        let mut client = self.client().await?;
        let tx = client.transaction().await?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK]).await?;
        tx.batch_execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied BIGINT NOT NULL)",
        )
        .await?;
        let current: i32 = tx.query_one("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", &[]).await?.get(0);
        let known = MIGRATIONS.last().map_or(0, |(version, _)| *version);
        if current > known {
            return Err(DbError::NewerSchema { found: current, known });
        }
        for (version, sql) in MIGRATIONS.iter().filter(|(version, _)| *version > current) {
            tx.batch_execute(sql).await?;
            tx.execute("INSERT INTO schema_migrations (version, applied) VALUES ($1, $2)", &[version, &crate::now()])
                .await?;
        }
        let check: Option<Vec<u8>> =
            tx.query_opt("SELECT value FROM meta WHERE name = 'key_check'", &[]).await?.map(|r| r.get(0));
        match check {
            Some(check) => match self.sealer.open(KEY_CHECK_PLACE, &check) {
                Ok(opened) if opened.as_slice() == KEY_CHECK => {}
                _ => return Err(DbError::WrongKey),
            },
            None => {
                let sealed = self.sealer.seal_value(KEY_CHECK_PLACE, KEY_CHECK)?;
                tx.execute("INSERT INTO meta (name, value) VALUES ('key_check', $1)", &[&sealed]).await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }

    fn user_of(&self, row: Option<Row>) -> Result<Option<User>, DbError> {
        let Some(row) = row else { return Ok(None) };
        let id: i64 = row.get(0);
        let place = totp_place(id);
        let open = |sealed: Option<Vec<u8>>| {
            sealed.map(|sealed| self.sealer.open_value("TOTP secret", &place, &Zeroizing::new(sealed))).transpose()
        };
        let pending: Option<Vec<u8>> = row.get(4);
        Ok(Some(User {
            id,
            username: row.get(1),
            password_hash: row.get(2),
            totp_secret: open(row.get(3))?,
            totp_pending: open(pending.clone())?,
            totp_pending_stored: pending,
            backup_expires: row.get(5),
            must_enrol: row.get(6),
        }))
    }

    /// Runs one statement; the rows it changed.
    async fn execute(&self, sql: &str, params: &[&(dyn tokio_postgres::types::ToSql + Sync)]) -> Result<u64, DbError> {
        let client = self.client().await?;
        let statement = client.prepare_cached(sql).await?;
        Ok(client.execute(&statement, params).await?)
    }

    /// Runs one query for at most one row.
    async fn query_opt(
        &self,
        sql: &str,
        params: &[&(dyn tokio_postgres::types::ToSql + Sync)],
    ) -> Result<Option<Row>, DbError> {
        let client = self.client().await?;
        let statement = client.prepare_cached(sql).await?;
        Ok(client.query_opt(&statement, params).await?)
    }

    /// The server's signing key (PKCS#8), once made.
    pub(crate) async fn server_key(&self) -> Result<Option<Zeroizing<Vec<u8>>>, DbError> {
        let row = self.query_opt("SELECT pkcs8 FROM server_key WHERE id = 1", &[]).await?;
        row.map(|row| {
            self.sealer.open_value("signing key", SERVER_KEY_PLACE, &Zeroizing::new(row.get::<_, Vec<u8>>(0)))
        })
        .transpose()
    }

    /// Stores the signing key unless another instance stored one first; the key kept.
    pub(crate) async fn keep_server_key(&self, pkcs8: &[u8]) -> Result<Zeroizing<Vec<u8>>, DbError> {
        let sealed = self.sealer.seal_value(SERVER_KEY_PLACE, pkcs8)?;
        self.execute("INSERT INTO server_key (id, pkcs8) VALUES (1, $1) ON CONFLICT (id) DO NOTHING", &[&sealed])
            .await?;
        self.server_key().await?.ok_or_else(|| unreachable("the signing key vanished"))
    }

    /// Creates a user; `None` when the name is taken.
    pub(crate) async fn create_user(
        &self,
        username: &str,
        password_hash: &str,
        now: i64,
    ) -> Result<Option<i64>, DbError> {
        let row = self
            .query_opt(
                "INSERT INTO users (username, password_hash, created) VALUES ($1, $2, $3)
                 ON CONFLICT (username) DO NOTHING RETURNING id",
                &[&username, &password_hash, &now],
            )
            .await?;
        Ok(row.map(|r| r.get(0)))
    }

    /// A user by name.
    pub(crate) async fn user_by_name(&self, username: &str) -> Result<Option<User>, DbError> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE username = $1");
        let row = self.query_opt(&sql, &[&username]).await?;
        self.user_of(row)
    }

    /// A user by id.
    pub(crate) async fn user(&self, id: i64) -> Result<Option<User>, DbError> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1");
        let row = self.query_opt(&sql, &[&id]).await?;
        self.user_of(row)
    }

    /// Keeps the TOTP secret shown at setup, sealed.
    pub(crate) async fn set_totp_pending(&self, user: i64, secret: &[u8]) -> Result<(), DbError> {
        let sealed = self.sealer.seal_value(&totp_place(user), secret)?;
        self.execute("UPDATE users SET totp_pending = $2 WHERE id = $1", &[&user, &sealed]).await?;
        Ok(())
    }

    /// Confirms the pending TOTP secret `pending_stored` in one statement: the row lock re-checks that it is
    /// still pending and no secret is confirmed, so of two confirms at once (on any instances) one changes
    /// the row and the other finds nothing to do, rather than copying the emptied pending column over the
    /// secret.
    pub(crate) async fn confirm_totp(&self, user: i64, pending_stored: &[u8], step: i64) -> Result<bool, DbError> {
        let changed = self
            .execute(
                "UPDATE users SET totp_secret = totp_pending, totp_pending = NULL, totp_last_step = $2, must_enrol = FALSE
                 WHERE id = $1 AND totp_pending = $3 AND totp_secret IS NULL",
                &[&user, &step, &pending_stored],
            )
            .await?;
        Ok(changed == 1)
    }

    /// Records a used TOTP step if later than the last: the row lock re-checks the condition, so of two
    /// instances using one code at once, one changes the row.
    pub(crate) async fn use_totp_step(&self, user: i64, step: i64) -> Result<bool, DbError> {
        let changed = self
            .execute(
                "UPDATE users SET totp_last_step = $2 WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2)",
                &[&user, &step],
            )
            .await?;
        Ok(changed == 1)
    }

    /// Replaces a user's recovery codes, the user's row locked first: a replacement at the same moment (on
    /// any instance) waits, then deletes these, so one set is left (without the lock, neither delete sees
    /// the other's uncommitted rows, and both sets stay).
    pub(crate) async fn set_recovery_codes(&self, user: i64, hashes: &[String]) -> Result<(), DbError> {
        let mut client = self.client().await?;
        let tx = client.transaction().await?;
        tx.execute("SELECT 1 FROM users WHERE id = $1 FOR UPDATE", &[&user]).await?;
        tx.execute("DELETE FROM recovery_codes WHERE user_id = $1", &[&user]).await?;
        tx.execute(
            "INSERT INTO recovery_codes (user_id, code_hash) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING",
            &[&user, &hashes],
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Uses a recovery code once.
    pub(crate) async fn use_recovery_code(&self, user: i64, hash: &str) -> Result<bool, DbError> {
        let changed = self
            .execute(
                "UPDATE recovery_codes SET used = TRUE WHERE user_id = $1 AND code_hash = $2 AND NOT used",
                &[&user, &hash],
            )
            .await?;
        Ok(changed == 1)
    }

    /// Uses the backup code once, before it expires.
    pub(crate) async fn use_backup_code(&self, user: i64, hash: &str, now: i64) -> Result<bool, DbError> {
        let changed = self
            .execute(
                "UPDATE users SET backup_code_hash = NULL, backup_expires = NULL
                 WHERE id = $1 AND backup_code_hash = $2 AND backup_expires > $3",
                &[&user, &hash, &now],
            )
            .await?;
        Ok(changed == 1)
    }

    /// How many unused recovery codes a user has.
    pub(crate) async fn recovery_codes_left(&self, user: i64) -> Result<i64, DbError> {
        let row =
            self.query_opt("SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1 AND NOT used", &[&user]).await?;
        Ok(row.map_or(0, |r| r.get(0)))
    }

    /// Opens a browser session.
    pub(crate) async fn create_session(&self, token_hash: &str, user: i64, now: i64) -> Result<(), DbError> {
        self.execute(
            "INSERT INTO sessions (token_hash, user_id, created, last_seen) VALUES ($1, $2, $3, $3)",
            &[&token_hash, &user, &now],
        )
        .await?;
        Ok(())
    }

    /// The user of a live session, its idle deadline moved on, in one statement; expired ones deleted.
    pub(crate) async fn session_user(
        &self,
        token_hash: &str,
        now: i64,
        created_after: i64,
        seen_after: i64,
    ) -> Result<Option<i64>, DbError> {
        self.execute(
            "DELETE FROM sessions WHERE token_hash = $1 AND (created <= $2 OR last_seen <= $3)",
            &[&token_hash, &created_after, &seen_after],
        )
        .await?;
        let row = self
            .query_opt(
                "UPDATE sessions SET last_seen = $2 WHERE token_hash = $1 RETURNING user_id",
                &[&token_hash, &now],
            )
            .await?;
        Ok(row.map(|r| r.get(0)))
    }

    /// Ends every session of `user` but `keep`.
    pub(crate) async fn revoke_other_sessions(&self, user: i64, keep: Option<&str>) -> Result<(), DbError> {
        self.execute("DELETE FROM sessions WHERE user_id = $1 AND token_hash IS DISTINCT FROM $2", &[&user, &keep])
            .await?;
        Ok(())
    }

    /// Ends a session.
    pub(crate) async fn delete_session(&self, token_hash: &str) -> Result<(), DbError> {
        self.execute("DELETE FROM sessions WHERE token_hash = $1", &[&token_hash]).await?;
        Ok(())
    }

    /// Creates a push token waiting for its device, replacing any the user had.
    pub(crate) async fn create_push_token(
        &self,
        serial: &str,
        user: i64,
        credential_hash: &str,
        session_hash: &str,
        now: i64,
    ) -> Result<(), DbError> {
        let mut client = self.client().await?;
        let tx = client.transaction().await?;
        tx.execute("DELETE FROM push_tokens WHERE user_id = $1", &[&user]).await?;
        tx.execute(
            "INSERT INTO push_tokens (serial, user_id, credential_hash, session_hash, created) VALUES ($1, $2, $3, $4, $5)",
            &[&serial, &user, &credential_hash, &session_hash, &now],
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// A push token by serial.
    pub(crate) async fn push_token(&self, serial: &str) -> Result<Option<PushToken>, DbError> {
        let row = self.query_opt("SELECT serial, device_key FROM push_tokens WHERE serial = $1", &[&serial]).await?;
        Ok(row.map(|r| PushToken { serial: r.get(0), device_key: r.get(1) }))
    }

    /// A user's push token.
    pub(crate) async fn push_token_of(&self, user: i64) -> Result<Option<PushToken>, DbError> {
        let row = self.query_opt("SELECT serial, device_key FROM push_tokens WHERE user_id = $1", &[&user]).await?;
        Ok(row.map(|r| PushToken { serial: r.get(0), device_key: r.get(1) }))
    }

    /// Registers a device once, the credential forgotten and the user's `must_enrol` cleared in the same
    /// statement.
    pub(crate) async fn register_device(
        &self,
        serial: &str,
        credential_hash: &str,
        device_key: &str,
        issued_after: i64,
    ) -> Result<Option<(i64, Option<String>)>, DbError> {
        let row = self
            .query_opt(
                "WITH registered AS (
                   UPDATE push_tokens SET device_key = $3, credential_hash = NULL
                   WHERE serial = $1 AND credential_hash = $2 AND device_key IS NULL AND created > $4
                   RETURNING user_id, session_hash),
                 enrolled AS (UPDATE users SET must_enrol = FALSE WHERE id IN (SELECT user_id FROM registered))
                 SELECT user_id, session_hash FROM registered",
                &[&serial, &credential_hash, &device_key, &issued_after],
            )
            .await?;
        Ok(row.map(|r| (r.get(0), r.get(1))))
    }

    /// Counts a second-factor try before it is judged, the user's row locked while counting, so tries at
    /// once on several instances are counted one after another.
    pub(crate) async fn reserve_code(
        &self,
        user: i64,
        login_hash: &str,
        now: i64,
        hour_ago: i64,
    ) -> Result<CodeTry, DbError> {
        let mut client = self.client().await?;
        let tx = client.transaction().await?;
        tx.execute("SELECT 1 FROM users WHERE id = $1 FOR UPDATE", &[&user]).await?;
        tx.execute("DELETE FROM code_failures WHERE user_id = $1 AND at <= $2", &[&user, &hour_ago]).await?;
        let waiting = tx
            .query_opt("SELECT 1 FROM logins WHERE id_hash = $1 AND state = 'waiting'", &[&login_hash])
            .await?
            .is_some();
        let login: i64 =
            tx.query_one("SELECT COUNT(*) FROM code_failures WHERE login_hash = $1", &[&login_hash]).await?.get(0);
        if !waiting || login >= WRONG_CODES_PER_LOGIN {
            return Ok(CodeTry::LoginSpent);
        }
        let hour: i64 = tx
            .query_one("SELECT COUNT(*) FROM code_failures WHERE user_id = $1 AND at > $2", &[&user, &hour_ago])
            .await?
            .get(0);
        if hour >= WRONG_CODES_PER_HOUR {
            return Ok(CodeTry::UserSpent);
        }
        let id: i64 = tx
            .query_one(
                "INSERT INTO code_failures (user_id, login_hash, at) VALUES ($1, $2, $3) RETURNING id",
                &[&user, &login_hash, &now],
            )
            .await?
            .get(0);
        tx.commit().await?;
        Ok(CodeTry::Counted { id, for_login: login + 1, for_user: hour + 1 })
    }

    /// Gives a counted try back.
    pub(crate) async fn release_code(&self, id: i64) -> Result<(), DbError> {
        self.execute("DELETE FROM code_failures WHERE id = $1", &[&id]).await?;
        Ok(())
    }

    /// Locks code entry for `user` until `until`.
    pub(crate) async fn lock_codes(&self, user: i64, now: i64, until: i64) -> Result<(), DbError> {
        self.execute(
            "INSERT INTO code_lockouts (user_id, since, until, noticed) VALUES ($1, $2, $3, FALSE)
             ON CONFLICT (user_id) DO UPDATE SET since = EXCLUDED.since, until = EXCLUDED.until, noticed = FALSE",
            &[&user, &now, &until],
        )
        .await?;
        Ok(())
    }

    /// Until when code entry is locked for `user`.
    pub(crate) async fn codes_locked_until(&self, user: i64, now: i64) -> Result<Option<i64>, DbError> {
        let row =
            self.query_opt("SELECT until FROM code_lockouts WHERE user_id = $1 AND until > $2", &[&user, &now]).await?;
        Ok(row.map(|r| r.get(0)))
    }

    /// A lockout not told yet, marked told in the same statement (told once, whichever instance).
    pub(crate) async fn take_lockout_notice(&self, user: i64) -> Result<Option<(i64, i64)>, DbError> {
        let row = self
            .query_opt(
                "UPDATE code_lockouts SET noticed = TRUE WHERE user_id = $1 AND NOT noticed RETURNING since, until",
                &[&user],
            )
            .await?;
        Ok(row.map(|r| (r.get(0), r.get(1))))
    }

    /// Records a login unless the user started `limit` since `since`, the user's row locked meanwhile.
    pub(crate) async fn create_login_limited(
        &self,
        id_hash: &str,
        user: i64,
        now: i64,
        since: i64,
        limit: i64,
    ) -> Result<bool, DbError> {
        let mut client = self.client().await?;
        let tx = client.transaction().await?;
        tx.execute("SELECT 1 FROM users WHERE id = $1 FOR UPDATE", &[&user]).await?;
        let started: i64 = tx
            .query_one("SELECT COUNT(*) FROM logins WHERE user_id = $1 AND created >= $2", &[&user, &since])
            .await?
            .get(0);
        if started >= limit {
            return Ok(false);
        }
        tx.execute(
            "INSERT INTO logins (id_hash, user_id, state, created) VALUES ($1, $2, 'waiting', $3)",
            &[&id_hash, &user, &now],
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// A login's user, state and creation time.
    pub(crate) async fn login(&self, id_hash: &str) -> Result<Option<(i64, String, i64)>, DbError> {
        let row = self.query_opt("SELECT user_id, state, created FROM logins WHERE id_hash = $1", &[&id_hash]).await?;
        Ok(row.map(|r| (r.get(0), r.get(1), r.get(2))))
    }

    /// Moves a login from `from` to `to` in one statement.
    pub(crate) async fn advance_login(&self, id_hash: &str, from: &str, to: &str) -> Result<bool, DbError> {
        let changed = self
            .execute("UPDATE logins SET state = $3 WHERE id_hash = $1 AND state = $2", &[&id_hash, &from, &to])
            .await?;
        Ok(changed == 1)
    }

    /// Stores a new open challenge.
    pub(crate) async fn create_challenge(&self, row: &ChallengeRow, user: i64, now: i64) -> Result<(), DbError> {
        self.execute(
            "INSERT INTO challenges (nonce, serial, user_id, login_hash, options, correct, created, expires, status)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'open')",
            &[&row.nonce, &row.serial, &user, &row.login_hash, &row.options, &row.correct, &now, &row.expires],
        )
        .await?;
        Ok(())
    }

    /// A token's open, unexpired challenges, oldest first.
    pub(crate) async fn open_challenges(&self, serial: &str, now: i64) -> Result<Vec<ChallengeRow>, DbError> {
        let sql = format!(
            "SELECT {CHALLENGE_COLUMNS} FROM challenges WHERE serial = $1 AND status = 'open' AND expires > $2 ORDER BY created, seq"
        );
        let client = self.client().await?;
        let statement = client.prepare_cached(&sql).await?;
        Ok(client.query(&statement, &[&serial, &now]).await?.iter().map(challenge_row).collect())
    }

    /// The challenge of a login.
    pub(crate) async fn challenge_of_login(&self, login_hash: &str) -> Result<Option<ChallengeRow>, DbError> {
        let sql = format!("SELECT {CHALLENGE_COLUMNS} FROM challenges WHERE login_hash = $1");
        Ok(self.query_opt(&sql, &[&login_hash]).await?.as_ref().map(challenge_row))
    }

    /// An open, unexpired challenge of `serial` by nonce.
    pub(crate) async fn open_challenge(
        &self,
        nonce: &str,
        serial: &str,
        now: i64,
    ) -> Result<Option<ChallengeRow>, DbError> {
        let sql = format!(
            "SELECT {CHALLENGE_COLUMNS} FROM challenges WHERE nonce = $1 AND serial = $2 AND status = 'open' AND expires > $3"
        );
        Ok(self.query_opt(&sql, &[&nonce, &serial, &now]).await?.as_ref().map(challenge_row))
    }

    /// Closes the open challenge of a login that ended otherwise.
    pub(crate) async fn close_challenge_of_login(&self, login_hash: &str, status: &str) -> Result<(), DbError> {
        self.execute(
            "UPDATE challenges SET status = $2 WHERE login_hash = $1 AND status = 'open'",
            &[&login_hash, &status],
        )
        .await?;
        Ok(())
    }

    /// Closes an open challenge in one statement; `false` when it was no longer open.
    pub(crate) async fn close_challenge(&self, nonce: &str, status: &str) -> Result<bool, DbError> {
        let changed = self
            .execute("UPDATE challenges SET status = $2 WHERE nonce = $1 AND status = 'open'", &[&nonce, &status])
            .await?;
        Ok(changed == 1)
    }

    /// Removes a user's second factors and pending state, gives them a backup code, and records it.
    pub(crate) async fn reset_2fa(
        &self,
        username: &str,
        backup_hash: &str,
        expires: i64,
        actor: &str,
        now: i64,
    ) -> Result<Option<i64>, DbError> {
        let mut client = self.client().await?;
        let tx = client.transaction().await?;
        let row = tx
            .query_opt(
                "UPDATE users SET totp_secret = NULL, totp_pending = NULL, backup_code_hash = $2, backup_expires = $3,
                   must_enrol = TRUE
                 WHERE username = $1 RETURNING id",
                &[&username, &backup_hash, &expires],
            )
            .await?;
        let Some(user) = row.map(|r| r.get::<_, i64>(0)) else { return Ok(None) };
        for statement in [
            "DELETE FROM push_tokens WHERE user_id = $1",
            "DELETE FROM recovery_codes WHERE user_id = $1",
            "DELETE FROM sessions WHERE user_id = $1",
            "DELETE FROM code_failures WHERE user_id = $1",
            "DELETE FROM code_lockouts WHERE user_id = $1",
            "UPDATE logins SET state = 'ended' WHERE user_id = $1 AND state IN ('waiting', 'verified')",
            "UPDATE challenges SET status = 'ended' WHERE user_id = $1 AND status = 'open'",
        ] {
            tx.execute(statement, &[&user]).await?;
        }
        tx.execute(
            "INSERT INTO audit (at, actor, action, subject) VALUES ($1, $2, 'reset-2fa', $3)",
            &[&now, &actor, &username],
        )
        .await?;
        tx.commit().await?;
        Ok(Some(user))
    }

    /// The audit table, oldest first.
    pub(crate) async fn audit(&self) -> Result<Vec<AuditEntry>, DbError> {
        let client = self.client().await?;
        let rows = client.query("SELECT at, actor, action, subject FROM audit ORDER BY id", &[]).await?;
        Ok(rows
            .iter()
            .map(|r| AuditEntry { at: r.get(0), actor: r.get(1), action: r.get(2), subject: r.get(3) })
            .collect())
    }

    /// Reserves a try of `kind` (`p` passwords, `s` sign-ups) under `keyed` and the overall key, in one
    /// transaction: each key's window row is locked (in sorted order, so instances never deadlock), reset
    /// when its minute is over, checked, and counted only if none is at its limit.
    ///
    /// # Errors
    /// `Ok(Err(refusal))` at a limit; [`DbError`] when the database fails.
    pub(crate) async fn reserve(
        &self,
        kind: &str,
        keyed: &[(String, u32, Refusal)],
        overall: u32,
        now: i64,
    ) -> Result<Result<Reservation, Refusal>, DbError> {
        let mut all: Vec<(String, u32, Refusal)> = keyed.to_vec();
        all.push((limits::OVERALL.to_owned(), overall, Refusal::Overall));
        let stored = |key: &str| format!("{kind} {key}");
        let mut order: Vec<usize> = (0..all.len()).collect();
        order.sort_by_key(|i| all.get(*i).map(|(key, ..)| stored(key)));
        let mut client = self.client().await?;
        let tx = client.transaction().await?;
        let window = tx
            .prepare_cached(
                "INSERT INTO limit_windows (key, start, count) VALUES ($1, $2, 0)
                 ON CONFLICT (key) DO UPDATE SET
                   start = CASE WHEN limit_windows.start <= $2 - $3 THEN $2 ELSE limit_windows.start END,
                   count = CASE WHEN limit_windows.start <= $2 - $3 THEN 0 ELSE limit_windows.count END
                 RETURNING count",
            )
            .await?;
        let mut counts = vec![0i32; all.len()];
        for i in order {
            let (Some((key, ..)), Some(count)) = (all.get(i), counts.get_mut(i)) else { continue };
            *count = tx.query_one(&window, &[&stored(key), &now, &limits::WINDOW]).await?.get(0);
        }
        let at_limit = |(key, limit, _): &(String, u32, Refusal), count: &i32| {
            key == limits::OVERALL && u32::try_from(*count).unwrap_or(0) >= *limit
        };
        if all.iter().zip(&counts).any(|(entry, count)| at_limit(entry, count)) {
            return Ok(Err(Refusal::Overall));
        }
        if let Some(((_, _, refusal), _)) =
            all.iter().zip(&counts).find(|((_, limit, _), count)| u32::try_from(**count).unwrap_or(0) >= *limit)
        {
            return Ok(Err(*refusal));
        }
        let keys: Vec<String> = all.iter().map(|(key, ..)| stored(key)).collect();
        tx.execute("UPDATE limit_windows SET count = count + 1 WHERE key = ANY($1)", &[&keys]).await?;
        tx.commit().await?;
        // Windows of a minute ago are dropped by whichever instance comes by; rows another reservation holds
        // are skipped, never waited for.
        let _ = self
            .execute(
                "DELETE FROM limit_windows WHERE key IN
                   (SELECT key FROM limit_windows WHERE start <= $1 FOR UPDATE SKIP LOCKED)",
                &[&(now - limits::WINDOW)],
            )
            .await;
        Ok(Ok(Reservation { keys: all.into_iter().map(|(key, ..)| key).collect(), at: now }))
    }

    /// Gives a reservation of `kind` back; a window begun since is left alone.
    pub(crate) async fn release(&self, kind: &str, reservation: &Reservation) -> Result<(), DbError> {
        let keys: Vec<String> = reservation.keys.iter().map(|key| format!("{kind} {key}")).collect();
        self.execute(
            "UPDATE limit_windows SET count = GREATEST(count - 1, 0) WHERE key = ANY($1) AND start <= $2",
            &[&keys, &reservation.at],
        )
        .await?;
        Ok(())
    }

    /// Announces that `serial`'s challenges changed, to every instance.
    pub(crate) async fn notify(&self, serial: &str) -> Result<(), DbError> {
        self.execute("SELECT pg_notify($1, $2)", &[&CHANNEL, &serial]).await?;
        Ok(())
    }
}
