//! The service's state in SQLite: users, sessions, TOTP and recovery codes, push tokens, logins waiting
//! for a second factor, and their challenges. One connection behind a mutex: every statement is short,
//! and the file survives restarts, pending challenges included.
//!
//! The secrets it keeps (TOTP secrets, pending and confirmed, and the challenge-signing key) are sealed
//! (see [`crate::seal`]) under the key file beside it, so a stolen copy of the file reveals none of them; a
//! database from before they were sealed is sealed when first opened. Deleted content is overwritten
//! (`secure_delete`), so clear values replaced do not linger in free pages.

use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use zeroize::Zeroizing;

use super::{
    AuditEntry, ChallengeRow, CodeTry, DbError, KEY_CHECK, KEY_CHECK_PLACE, PushToken, SERVER_KEY_PLACE, User,
    WRONG_CODES_PER_HOUR, WRONG_CODES_PER_LOGIN, totp_place,
};
use crate::seal::Sealer;

const SCHEMA: &str = "
PRAGMA journal_mode = WAL;
PRAGMA secure_delete = ON;
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS server_key (id INTEGER PRIMARY KEY CHECK (id = 1), pkcs8 BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS users (
  id INTEGER PRIMARY KEY, username TEXT NOT NULL UNIQUE, password_hash TEXT NOT NULL,
  totp_secret BLOB, totp_pending BLOB, totp_last_step INTEGER, created INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS recovery_codes (
  user_id INTEGER NOT NULL, code_hash TEXT NOT NULL, used INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS sessions (token_hash TEXT PRIMARY KEY, user_id INTEGER NOT NULL, created INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS push_tokens (
  serial TEXT PRIMARY KEY, user_id INTEGER NOT NULL, credential_hash TEXT, device_key TEXT, created INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS logins (
  id_hash TEXT PRIMARY KEY, user_id INTEGER NOT NULL, state TEXT NOT NULL, created INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS challenges (
  nonce TEXT PRIMARY KEY, serial TEXT NOT NULL, user_id INTEGER NOT NULL, login_hash TEXT NOT NULL,
  options TEXT NOT NULL, correct TEXT NOT NULL, created INTEGER NOT NULL, expires INTEGER NOT NULL,
  status TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS challenges_by_serial ON challenges (serial, status);
CREATE TABLE IF NOT EXISTS code_failures (user_id INTEGER NOT NULL, login_hash TEXT NOT NULL, at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS code_failures_by_user ON code_failures (user_id, at);
CREATE INDEX IF NOT EXISTS code_failures_by_login ON code_failures (login_hash);
CREATE TABLE IF NOT EXISTS code_lockouts (
  user_id INTEGER PRIMARY KEY, since INTEGER NOT NULL, until INTEGER NOT NULL, noticed INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS audit (
  id INTEGER PRIMARY KEY, at INTEGER NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, subject TEXT NOT NULL);
";

/// Columns added after the first release, each added to an older database when missing, then filled by
/// the statement beside it, if any.
const ADDED_COLUMNS: &[(&str, &str, &str, Option<&str>)] = &[
    ("sessions", "last_seen", "INTEGER NOT NULL DEFAULT 0", None),
    ("push_tokens", "session_hash", "TEXT", None),
    ("users", "backup_code_hash", "TEXT", None),
    ("users", "backup_expires", "INTEGER", None),
    // Support's reset leaves the user to enrol a new factor; until then the password alone is refused.
    // Users reset before this column who set nothing up since are marked too.
    (
        "users",
        "must_enrol",
        "INTEGER NOT NULL DEFAULT 0",
        Some(
            "UPDATE users SET must_enrol = 1
             WHERE totp_secret IS NULL
               AND username IN (SELECT subject FROM audit WHERE action = 'reset-2fa')
               AND NOT EXISTS (SELECT 1 FROM push_tokens WHERE push_tokens.user_id = users.id AND device_key IS NOT NULL)",
        ),
    ),
];

/// The tables whose rows mean the database holds something (a key file beside it is then needed).
const DATA_TABLES: [&str; 3] = ["meta", "server_key", "users"];

/// A user's TOTP secrets as a database from before sealing kept them: id, confirmed, pending.
type ClearTotp = (i64, Option<Vec<u8>>, Option<Vec<u8>>);

/// A user's row as stored, secrets sealed.
type UserRow = (i64, String, String, Option<Vec<u8>>, Option<Vec<u8>>, Option<i64>, bool);

/// The database.
pub(crate) struct Db {
    conn: Mutex<Connection>,
    sealer: Sealer,
}

fn user_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<UserRow> {
    Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?, row.get(5)?, row.get(6)?))
}

fn challenge_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<ChallengeRow> {
    Ok(ChallengeRow {
        nonce: row.get(0)?,
        serial: row.get(1)?,
        login_hash: row.get(2)?,
        options: row.get(3)?,
        correct: row.get(4)?,
        expires: row.get(5)?,
        status: row.get(6)?,
    })
}

const USER_COLUMNS: &str = "id, username, password_hash, totp_secret, totp_pending, backup_expires, must_enrol";
const CHALLENGE_COLUMNS: &str = "nonce, serial, login_hash, options, correct, expires, status";

impl Db {
    /// Whether the database at `path` holds anything (users, the signing key, sealed values): then the key
    /// file beside it must exist. A missing or empty file holds nothing.
    ///
    /// # Errors
    /// [`DbError::Sql`] when the file is there but cannot be read as a database.
    pub(crate) fn holds_data(path: &Path) -> Result<bool, DbError> {
        if matches!(std::fs::metadata(path), Err(e) if e.kind() == std::io::ErrorKind::NotFound) {
            return Ok(false);
        }
        let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        for table in DATA_TABLES {
            let exists: i64 = conn.query_row(
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?1",
                params![table],
                |r| r.get(0),
            )?;
            // `table` is one of DATA_TABLES, never input.
            let rows: i64 = if exists == 0 {
                0
            } else {
                conn.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))?
            };
            if rows > 0 {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Opens (creating) the database at `path`, its secrets sealed by `sealer`; one from before secrets were
    /// sealed is sealed now, once.
    ///
    /// # Errors
    /// [`DbError::WrongKey`] when `sealer` is not this database's key; [`DbError::Sql`].
    pub(crate) fn open(path: &Path, sealer: Sealer) -> Result<Self, DbError> {
        let conn = Connection::open(path)?;
        conn.execute_batch(SCHEMA)?;
        for (table, column, definition, fill) in ADDED_COLUMNS {
            let present: i64 = conn.query_row(
                &format!("SELECT COUNT(*) FROM pragma_table_info('{table}') WHERE name = ?1"),
                params![column],
                |r| r.get(0),
            )?;
            if present == 0 {
                conn.execute_batch(&format!("ALTER TABLE {table} ADD COLUMN {column} {definition}"))?;
                if let Some(fill) = fill {
                    conn.execute_batch(fill)?;
                }
            }
        }
        let db = Self { conn: Mutex::new(conn), sealer };
        db.check_key_or_seal()?;
        Ok(db)
    }

    /// Checks that the key opens this database's key check; where there is none (a new database, or one
    /// from before secrets were sealed), seals every clear secret and writes one, in one transaction.
    fn check_key_or_seal(&self) -> Result<(), DbError> {
        let mut conn = self.conn();
        let check: Option<Vec<u8>> =
            conn.query_row("SELECT value FROM meta WHERE name = 'key_check'", [], |r| r.get(0)).optional()?;
        if let Some(check) = check {
            return match self.sealer.open(KEY_CHECK_PLACE, &check) {
                Ok(opened) if opened.as_slice() == KEY_CHECK => Ok(()),
                _ => Err(DbError::WrongKey),
            };
        }
        let tx = conn.transaction()?;
        let clear: Vec<ClearTotp> = tx
            .prepare("SELECT id, totp_secret, totp_pending FROM users")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<Result<_, _>>()?;
        for (user, secret, pending) in clear {
            let (secret, pending) = (secret.map(Zeroizing::new), pending.map(Zeroizing::new));
            let place = totp_place(user);
            let seal = |clear: &Option<Zeroizing<Vec<u8>>>| {
                clear.as_ref().map(|c| self.sealer.seal_value(&place, c)).transpose()
            };
            tx.execute(
                "UPDATE users SET totp_secret = ?2, totp_pending = ?3 WHERE id = ?1",
                params![user, seal(&secret)?, seal(&pending)?],
            )?;
        }
        let server_key: Option<Vec<u8>> =
            tx.query_row("SELECT pkcs8 FROM server_key WHERE id = 1", [], |r| r.get(0)).optional()?;
        if let Some(pkcs8) = server_key.map(Zeroizing::new) {
            tx.execute(
                "UPDATE server_key SET pkcs8 = ?1 WHERE id = 1",
                params![self.sealer.seal_value(SERVER_KEY_PLACE, &pkcs8)?],
            )?;
        }
        tx.execute(
            "INSERT INTO meta (name, value) VALUES ('key_check', ?1)",
            params![self.sealer.seal_value(KEY_CHECK_PLACE, KEY_CHECK)?],
        )?;
        tx.commit()?;
        // The clear values may linger where secure_delete was not yet on (free space an older version left)
        // and in the write-ahead log: the file is rewritten whole, and the log emptied.
        conn.execute_batch("VACUUM")?;
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(())
    }

    fn user_of(&self, row: Option<UserRow>) -> Result<Option<User>, DbError> {
        let Some((id, username, password_hash, secret, pending, backup_expires, must_enrol)) = row else {
            return Ok(None);
        };
        let place = totp_place(id);
        let open = |sealed: Option<Vec<u8>>| {
            sealed.map(|sealed| self.sealer.open_value("TOTP secret", &place, &sealed)).transpose()
        };
        Ok(Some(User {
            id,
            username,
            password_hash,
            totp_secret: open(secret)?,
            totp_pending: open(pending.clone())?,
            totp_pending_stored: pending,
            backup_expires,
            must_enrol,
        }))
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        // Every statement completes or fails whole; a panic elsewhere leaves nothing half-done here.
        self.conn.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The server's signing key (PKCS#8), once made.
    pub(crate) fn server_key(&self) -> Result<Option<Zeroizing<Vec<u8>>>, DbError> {
        let sealed: Option<Vec<u8>> =
            self.conn().query_row("SELECT pkcs8 FROM server_key WHERE id = 1", [], |r| r.get(0)).optional()?;
        sealed.map(|sealed| self.sealer.open_value("signing key", SERVER_KEY_PLACE, &sealed)).transpose()
    }

    /// Stores the server's signing key, sealed, unless one is there already; the key kept.
    pub(crate) fn keep_server_key(&self, pkcs8: &[u8]) -> Result<Zeroizing<Vec<u8>>, DbError> {
        let sealed = self.sealer.seal_value(SERVER_KEY_PLACE, pkcs8)?;
        self.conn().execute("INSERT OR IGNORE INTO server_key (id, pkcs8) VALUES (1, ?1)", params![sealed])?;
        self.server_key()?.ok_or(DbError::Sql(rusqlite::Error::QueryReturnedNoRows))
    }

    /// Creates a user; `None` when the name is taken.
    pub(crate) fn create_user(&self, username: &str, password_hash: &str, now: i64) -> Result<Option<i64>, DbError> {
        let conn = self.conn();
        let inserted = conn.execute(
            "INSERT OR IGNORE INTO users (username, password_hash, created) VALUES (?1, ?2, ?3)",
            params![username, password_hash, now],
        )?;
        Ok((inserted == 1).then(|| conn.last_insert_rowid()))
    }

    /// A user by name.
    pub(crate) fn user_by_name(&self, username: &str) -> Result<Option<User>, DbError> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE username = ?1");
        let row = self.conn().query_row(&sql, params![username], user_row).optional()?;
        self.user_of(row)
    }

    /// A user by id.
    pub(crate) fn user(&self, id: i64) -> Result<Option<User>, DbError> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE id = ?1");
        let row = self.conn().query_row(&sql, params![id], user_row).optional()?;
        self.user_of(row)
    }

    /// Keeps the TOTP secret shown at setup, sealed, until a code confirms it.
    pub(crate) fn set_totp_pending(&self, user: i64, secret: &[u8]) -> Result<(), DbError> {
        let sealed = self.sealer.seal_value(&totp_place(user), secret)?;
        self.conn().execute("UPDATE users SET totp_pending = ?2 WHERE id = ?1", params![user, sealed])?;
        Ok(())
    }

    /// Confirms the pending TOTP secret `pending_stored`, `step` being the code's step (not accepted
    /// again), in one statement that re-checks it is still pending and none is confirmed: `false` when
    /// another request confirmed or replaced it first (nothing changed).
    pub(crate) fn confirm_totp(&self, user: i64, pending_stored: &[u8], step: i64) -> Result<bool, DbError> {
        let changed = self.conn().execute(
            "UPDATE users SET totp_secret = totp_pending, totp_pending = NULL, totp_last_step = ?2, must_enrol = 0
             WHERE id = ?1 AND totp_pending = ?3 AND totp_secret IS NULL",
            params![user, step, pending_stored],
        )?;
        Ok(changed == 1)
    }

    /// Records a used TOTP step, only if it is later than the last one: `false` when it was not (a reused
    /// code, or a race with another login using it).
    pub(crate) fn use_totp_step(&self, user: i64, step: i64) -> Result<bool, DbError> {
        let changed = self.conn().execute(
            "UPDATE users SET totp_last_step = ?2 WHERE id = ?1 AND (totp_last_step IS NULL OR totp_last_step < ?2)",
            params![user, step],
        )?;
        Ok(changed == 1)
    }

    /// Replaces a user's recovery codes with these hashes.
    pub(crate) fn set_recovery_codes(&self, user: i64, hashes: &[String]) -> Result<(), DbError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        tx.execute("DELETE FROM recovery_codes WHERE user_id = ?1", params![user])?;
        for hash in hashes {
            tx.execute("INSERT INTO recovery_codes (user_id, code_hash) VALUES (?1, ?2)", params![user, hash])?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Uses a recovery code once: `true` when it was there and unused.
    pub(crate) fn use_recovery_code(&self, user: i64, hash: &str) -> Result<bool, DbError> {
        let changed = self.conn().execute(
            "UPDATE recovery_codes SET used = 1 WHERE user_id = ?1 AND code_hash = ?2 AND used = 0",
            params![user, hash],
        )?;
        Ok(changed == 1)
    }

    /// Uses the backup code support issued, once, before it expires.
    pub(crate) fn use_backup_code(&self, user: i64, hash: &str, now: i64) -> Result<bool, DbError> {
        let changed = self.conn().execute(
            "UPDATE users SET backup_code_hash = NULL, backup_expires = NULL
             WHERE id = ?1 AND backup_code_hash = ?2 AND backup_expires > ?3",
            params![user, hash, now],
        )?;
        Ok(changed == 1)
    }

    /// How many unused recovery codes a user has.
    pub(crate) fn recovery_codes_left(&self, user: i64) -> Result<i64, DbError> {
        Ok(self.conn().query_row(
            "SELECT COUNT(*) FROM recovery_codes WHERE user_id = ?1 AND used = 0",
            params![user],
            |r| r.get(0),
        )?)
    }

    /// Opens a browser session.
    pub(crate) fn create_session(&self, token_hash: &str, user: i64, now: i64) -> Result<(), DbError> {
        self.conn().execute(
            "INSERT INTO sessions (token_hash, user_id, created, last_seen) VALUES (?1, ?2, ?3, ?3)",
            params![token_hash, user, now],
        )?;
        Ok(())
    }

    /// The user of a session that began after `created_after` and was last used after `seen_after`; using
    /// it moves its idle deadline on. Expired sessions are deleted on the way.
    pub(crate) fn session_user(
        &self,
        token_hash: &str,
        now: i64,
        created_after: i64,
        seen_after: i64,
    ) -> Result<Option<i64>, DbError> {
        let conn = self.conn();
        conn.execute(
            "DELETE FROM sessions WHERE created <= ?1 OR last_seen <= ?2",
            params![created_after, seen_after],
        )?;
        conn.execute("UPDATE sessions SET last_seen = ?2 WHERE token_hash = ?1", params![token_hash, now])?;
        Ok(conn
            .query_row("SELECT user_id FROM sessions WHERE token_hash = ?1", params![token_hash], |r| r.get(0))
            .optional()?)
    }

    /// Ends every session of `user` but `keep`: the two-factor set-up changed, so a session someone else
    /// may hold is closed.
    pub(crate) fn revoke_other_sessions(&self, user: i64, keep: Option<&str>) -> Result<(), DbError> {
        self.conn().execute("DELETE FROM sessions WHERE user_id = ?1 AND token_hash IS NOT ?2", params![user, keep])?;
        Ok(())
    }

    /// Ends a session.
    pub(crate) fn delete_session(&self, token_hash: &str) -> Result<(), DbError> {
        self.conn().execute("DELETE FROM sessions WHERE token_hash = ?1", params![token_hash])?;
        Ok(())
    }

    /// Creates a push token waiting for its device, replacing any the user had; `session_hash` is the
    /// session that showed its enrolment QR code (kept when the device registers, the others revoked).
    pub(crate) fn create_push_token(
        &self,
        serial: &str,
        user: i64,
        credential_hash: &str,
        session_hash: &str,
        now: i64,
    ) -> Result<(), DbError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        tx.execute("DELETE FROM push_tokens WHERE user_id = ?1", params![user])?;
        tx.execute(
            "INSERT INTO push_tokens (serial, user_id, credential_hash, session_hash, created) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![serial, user, credential_hash, session_hash, now],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// A push token by serial.
    pub(crate) fn push_token(&self, serial: &str) -> Result<Option<PushToken>, DbError> {
        Ok(self
            .conn()
            .query_row("SELECT serial, device_key FROM push_tokens WHERE serial = ?1", params![serial], |r| {
                Ok(PushToken { serial: r.get(0)?, device_key: r.get(1)? })
            })
            .optional()?)
    }

    /// A user's push token.
    pub(crate) fn push_token_of(&self, user: i64) -> Result<Option<PushToken>, DbError> {
        Ok(self
            .conn()
            .query_row("SELECT serial, device_key FROM push_tokens WHERE user_id = ?1", params![user], |r| {
                Ok(PushToken { serial: r.get(0)?, device_key: r.get(1)? })
            })
            .optional()?)
    }

    /// Registers a device, once: only while the credential matches, was made after `issued_after` (its
    /// link's `ttl`) and no device is registered. The credential is forgotten in the same statement, so it
    /// cannot be used again, and the user's `must_enrol` cleared in the same transaction. The token's user
    /// and the session that showed the QR code, when registered.
    pub(crate) fn register_device(
        &self,
        serial: &str,
        credential_hash: &str,
        device_key: &str,
        issued_after: i64,
    ) -> Result<Option<(i64, Option<String>)>, DbError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let changed = tx.execute(
            "UPDATE push_tokens SET device_key = ?3, credential_hash = NULL
             WHERE serial = ?1 AND credential_hash = ?2 AND device_key IS NULL AND created > ?4",
            params![serial, credential_hash, device_key, issued_after],
        )?;
        if changed != 1 {
            return Ok(None);
        }
        let registered: Option<(i64, Option<String>)> = tx
            .query_row("SELECT user_id, session_hash FROM push_tokens WHERE serial = ?1", params![serial], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        if let Some((user, _)) = &registered {
            tx.execute("UPDATE users SET must_enrol = 0 WHERE id = ?1", params![user])?;
        }
        tx.commit()?;
        Ok(registered)
    }

    /// Counts a second-factor try before it is judged: refused when the login or the user (within the hour
    /// since `hour_ago`) has used its tries; otherwise a failure row stands for it until it is given back.
    pub(crate) fn reserve_code(
        &self,
        user: i64,
        login_hash: &str,
        now: i64,
        hour_ago: i64,
    ) -> Result<CodeTry, DbError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        tx.execute("DELETE FROM code_failures WHERE at <= ?1", params![hour_ago])?;
        let waiting: i64 = tx.query_row(
            "SELECT COUNT(*) FROM logins WHERE id_hash = ?1 AND state = 'waiting'",
            params![login_hash],
            |r| r.get(0),
        )?;
        let login: i64 =
            tx.query_row("SELECT COUNT(*) FROM code_failures WHERE login_hash = ?1", params![login_hash], |r| {
                r.get(0)
            })?;
        if waiting == 0 || login >= WRONG_CODES_PER_LOGIN {
            return Ok(CodeTry::LoginSpent);
        }
        let hour: i64 = tx.query_row(
            "SELECT COUNT(*) FROM code_failures WHERE user_id = ?1 AND at > ?2",
            params![user, hour_ago],
            |r| r.get(0),
        )?;
        if hour >= WRONG_CODES_PER_HOUR {
            return Ok(CodeTry::UserSpent);
        }
        tx.execute(
            "INSERT INTO code_failures (user_id, login_hash, at) VALUES (?1, ?2, ?3)",
            params![user, login_hash, now],
        )?;
        let id = tx.last_insert_rowid();
        tx.commit()?;
        Ok(CodeTry::Counted { id, for_login: login + 1, for_user: hour + 1 })
    }

    /// Gives a counted try back: the code was right.
    pub(crate) fn release_code(&self, id: i64) -> Result<(), DbError> {
        self.conn().execute("DELETE FROM code_failures WHERE rowid = ?1", params![id])?;
        Ok(())
    }

    /// Locks code entry for `user` until `until`; the owner is told at the next sign-in.
    pub(crate) fn lock_codes(&self, user: i64, now: i64, until: i64) -> Result<(), DbError> {
        self.conn().execute(
            "INSERT OR REPLACE INTO code_lockouts (user_id, since, until, noticed) VALUES (?1, ?2, ?3, 0)",
            params![user, now, until],
        )?;
        Ok(())
    }

    /// Until when code entry is locked for `user`, if it is at `now`.
    pub(crate) fn codes_locked_until(&self, user: i64, now: i64) -> Result<Option<i64>, DbError> {
        Ok(self
            .conn()
            .query_row("SELECT until FROM code_lockouts WHERE user_id = ?1 AND until > ?2", params![user, now], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// A lockout the owner has not been told of yet (when it began and ended), marked told.
    pub(crate) fn take_lockout_notice(&self, user: i64) -> Result<Option<(i64, i64)>, DbError> {
        let conn = self.conn();
        let notice = conn
            .query_row(
                "SELECT since, until FROM code_lockouts WHERE user_id = ?1 AND noticed = 0",
                params![user],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        conn.execute("UPDATE code_lockouts SET noticed = 1 WHERE user_id = ?1", params![user])?;
        Ok(notice)
    }

    /// Records a login waiting for its second factor, unless the user started `limit` since `since`.
    pub(crate) fn create_login_limited(
        &self,
        id_hash: &str,
        user: i64,
        now: i64,
        since: i64,
        limit: i64,
    ) -> Result<bool, DbError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let started: i64 = tx.query_row(
            "SELECT COUNT(*) FROM logins WHERE user_id = ?1 AND created >= ?2",
            params![user, since],
            |r| r.get(0),
        )?;
        if started >= limit {
            return Ok(false);
        }
        tx.execute(
            "INSERT INTO logins (id_hash, user_id, state, created) VALUES (?1, ?2, 'waiting', ?3)",
            params![id_hash, user, now],
        )?;
        tx.commit()?;
        Ok(true)
    }

    /// A login's user and state (`waiting`, `verified`, `finished`).
    pub(crate) fn login(&self, id_hash: &str) -> Result<Option<(i64, String, i64)>, DbError> {
        Ok(self
            .conn()
            .query_row("SELECT user_id, state, created FROM logins WHERE id_hash = ?1", params![id_hash], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?)
    }

    /// Moves a login from `from` to `to`; `false` when it was not in `from` (so each step happens once).
    pub(crate) fn advance_login(&self, id_hash: &str, from: &str, to: &str) -> Result<bool, DbError> {
        let changed = self
            .conn()
            .execute("UPDATE logins SET state = ?3 WHERE id_hash = ?1 AND state = ?2", params![id_hash, from, to])?;
        Ok(changed == 1)
    }

    /// Stores a new open challenge.
    pub(crate) fn create_challenge(&self, row: &ChallengeRow, user: i64, now: i64) -> Result<(), DbError> {
        self.conn().execute(
            "INSERT INTO challenges (nonce, serial, user_id, login_hash, options, correct, created, expires, status)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'open')",
            params![row.nonce, row.serial, user, row.login_hash, row.options, row.correct, now, row.expires],
        )?;
        Ok(())
    }

    /// A token's open, unexpired challenges, oldest first.
    pub(crate) fn open_challenges(&self, serial: &str, now: i64) -> Result<Vec<ChallengeRow>, DbError> {
        let sql = format!(
            "SELECT {CHALLENGE_COLUMNS} FROM challenges WHERE serial = ?1 AND status = 'open' AND expires > ?2 ORDER BY created, rowid"
        );
        let conn = self.conn();
        let mut statement = conn.prepare(&sql)?;
        let rows = statement.query_map(params![serial, now], challenge_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The challenge of a login.
    pub(crate) fn challenge_of_login(&self, login_hash: &str) -> Result<Option<ChallengeRow>, DbError> {
        let sql = format!("SELECT {CHALLENGE_COLUMNS} FROM challenges WHERE login_hash = ?1");
        Ok(self.conn().query_row(&sql, params![login_hash], challenge_row).optional()?)
    }

    /// An open, unexpired challenge of `serial` by nonce.
    pub(crate) fn open_challenge(&self, nonce: &str, serial: &str, now: i64) -> Result<Option<ChallengeRow>, DbError> {
        let sql = format!(
            "SELECT {CHALLENGE_COLUMNS} FROM challenges WHERE nonce = ?1 AND serial = ?2 AND status = 'open' AND expires > ?3"
        );
        Ok(self.conn().query_row(&sql, params![nonce, serial, now], challenge_row).optional()?)
    }

    /// Closes the open challenge of a login that ended otherwise, so the device stops showing it.
    pub(crate) fn close_challenge_of_login(&self, login_hash: &str, status: &str) -> Result<(), DbError> {
        self.conn().execute(
            "UPDATE challenges SET status = ?2 WHERE login_hash = ?1 AND status = 'open'",
            params![login_hash, status],
        )?;
        Ok(())
    }

    /// Closes an open challenge with `status`; `false` when it was no longer open (answered meanwhile).
    pub(crate) fn close_challenge(&self, nonce: &str, status: &str) -> Result<bool, DbError> {
        let changed = self.conn().execute(
            "UPDATE challenges SET status = ?2 WHERE nonce = ?1 AND status = 'open'",
            params![nonce, status],
        )?;
        Ok(changed == 1)
    }

    /// Removes a user's second factors and pending state, gives them a backup code, and records it.
    pub(crate) fn reset_2fa(
        &self,
        username: &str,
        backup_hash: &str,
        expires: i64,
        actor: &str,
        now: i64,
    ) -> Result<Option<i64>, DbError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let user: Option<i64> =
            tx.query_row("SELECT id FROM users WHERE username = ?1", params![username], |r| r.get(0)).optional()?;
        let Some(user) = user else { return Ok(None) };
        tx.execute(
            "UPDATE users SET totp_secret = NULL, totp_pending = NULL, backup_code_hash = ?2, backup_expires = ?3,
               must_enrol = 1
             WHERE id = ?1",
            params![user, backup_hash, expires],
        )?;
        for statement in [
            "DELETE FROM push_tokens WHERE user_id = ?1",
            "DELETE FROM recovery_codes WHERE user_id = ?1",
            "DELETE FROM sessions WHERE user_id = ?1",
            "DELETE FROM code_failures WHERE user_id = ?1",
            "DELETE FROM code_lockouts WHERE user_id = ?1",
            "UPDATE logins SET state = 'ended' WHERE user_id = ?1 AND state IN ('waiting', 'verified')",
            "UPDATE challenges SET status = 'ended' WHERE user_id = ?1 AND status = 'open'",
        ] {
            tx.execute(statement, params![user])?;
        }
        tx.execute(
            "INSERT INTO audit (at, actor, action, subject) VALUES (?1, ?2, 'reset-2fa', ?3)",
            params![now, actor, username],
        )?;
        tx.commit()?;
        Ok(Some(user))
    }

    /// The audit table, oldest first.
    pub(crate) fn audit(&self) -> Result<Vec<AuditEntry>, DbError> {
        let conn = self.conn();
        let mut statement = conn.prepare("SELECT at, actor, action, subject FROM audit ORDER BY id")?;
        let rows = statement.query_map([], |r| {
            Ok(AuditEntry { at: r.get(0)?, actor: r.get(1)?, action: r.get(2)?, subject: r.get(3)? })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sealer(key: u8) -> Sealer {
        Sealer::new(&[key; 32], ring::rand::SystemRandom::new())
    }

    /// The database file and its write-ahead log, as a thief copying them would get them.
    fn file_bytes(path: &Path) -> Vec<u8> {
        let mut bytes = std::fs::read(path).unwrap();
        bytes.extend(std::fs::read(path.with_extension("sqlite-wal")).unwrap_or_default());
        bytes
    }

    fn holds(haystack: &[u8], needle: &[u8]) -> bool {
        haystack.windows(needle.len()).any(|w| w == needle)
    }

    #[test]
    fn a_clear_database_is_sealed_on_open_and_refused_under_another_key() {
        let dir = std::env::temp_dir().join(format!("keyfob-db-seal-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("service.sqlite");
        assert!(!Db::holds_data(&path).unwrap(), "no file: nothing");
        // As the service before sealing left it: clear secrets, one confirmed (moved from pending by an
        // UPDATE, which left the old row's bytes in free space), one pending, and a clear signing key.
        let (confirmed, pending, pkcs8) =
            (b"confirmed-secret-0123", b"pending-secret-456789", b"PKCS8-server-key-bytes");
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch(
                "PRAGMA journal_mode = WAL;
                 CREATE TABLE server_key (id INTEGER PRIMARY KEY CHECK (id = 1), pkcs8 BLOB NOT NULL);
                 CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT NOT NULL UNIQUE, password_hash TEXT NOT NULL,
                   totp_secret BLOB, totp_pending BLOB, totp_last_step INTEGER, created INTEGER NOT NULL);",
            )
            .unwrap();
            conn.execute("INSERT INTO server_key (id, pkcs8) VALUES (1, ?1)", params![&pkcs8[..]]).unwrap();
            conn.execute("INSERT INTO users (id, username, password_hash, totp_pending, created) VALUES (1, 'alice', 'h', ?1, 0)", params![&confirmed[..]]).unwrap();
            conn.execute("UPDATE users SET totp_secret = totp_pending, totp_pending = NULL WHERE id = 1", []).unwrap();
            conn.execute(
                "INSERT INTO users (id, username, password_hash, totp_pending, created) VALUES (2, 'bob', 'h', ?1, 0)",
                params![&pending[..]],
            )
            .unwrap();
        }
        assert!(Db::holds_data(&path).unwrap());
        assert!(holds(&file_bytes(&path), confirmed), "the fixture is in clear");

        let db = Db::open(&path, sealer(1)).unwrap();
        let alice = db.user(1).unwrap().unwrap();
        assert_eq!(alice.totp_secret.as_deref().map(Vec::as_slice), Some(&confirmed[..]));
        assert!(alice.totp_pending.is_none());
        assert_eq!(db.user(2).unwrap().unwrap().totp_pending.as_deref().map(Vec::as_slice), Some(&pending[..]));
        assert_eq!(db.server_key().unwrap().as_deref().map(Vec::as_slice), Some(&pkcs8[..]));
        let bytes = file_bytes(&path);
        for clear in [&confirmed[..], &pending[..], &pkcs8[..]] {
            assert!(!holds(&bytes, clear), "{} left in clear", String::from_utf8_lossy(clear));
        }
        drop(db);

        let reopened = Db::open(&path, sealer(1)).unwrap();
        assert_eq!(reopened.server_key().unwrap().as_deref().map(Vec::as_slice), Some(&pkcs8[..]), "sealed once");
        drop(reopened);
        let refused = Db::open(&path, sealer(2)).err().unwrap();
        assert!(matches!(refused, DbError::WrongKey), "{refused}");
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn an_enrolment_credential_works_once_and_only_within_its_ttl() {
        let dir = std::env::temp_dir().join(format!("keyfob-db-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let db = Db::open(&dir.join("service.sqlite"), sealer(1)).unwrap();
        let user = db.create_user("alice", "hash", 1_000).unwrap().unwrap();
        db.create_push_token("PIPU1", user, "cred", "session", 1_000).unwrap();
        assert_eq!(db.register_device("PIPU1", "cred", "key", 1_000).unwrap(), None, "expired: made at the cut-off");
        assert_eq!(db.register_device("PIPU1", "wrong", "key", 999).unwrap(), None);
        assert_eq!(db.register_device("PIPU1", "cred", "key", 999).unwrap(), Some((user, Some("session".into()))));
        assert_eq!(db.register_device("PIPU1", "cred", "key", 999).unwrap(), None, "used once");
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn code_tries_are_counted_before_they_are_judged_five_per_login_and_twenty_per_user_an_hour() {
        let dir = std::env::temp_dir().join(format!("keyfob-db-codes-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let db = Db::open(&dir.join("service.sqlite"), sealer(1)).unwrap();
        let user = db.create_user("alice", "hash", 0).unwrap().unwrap();
        let mut counted = Vec::new();
        for n in 0..4 {
            let login = format!("login{n}");
            assert!(db.create_login_limited(&login, user, 1_000, 0, 100).unwrap());
            for k in 1..=5 {
                let reserved = db.reserve_code(user, &login, 1_000, 0).unwrap();
                let CodeTry::Counted { id, for_login, for_user } = reserved else { panic!("{reserved:?}") };
                assert_eq!((for_login, for_user), (k, 5 * n + k));
                counted.push(id);
            }
            assert_eq!(db.reserve_code(user, &login, 1_000, 0).unwrap(), CodeTry::LoginSpent, "the sixth");
        }
        assert!(db.create_login_limited("login4", user, 1_000, 0, 100).unwrap());
        assert_eq!(db.reserve_code(user, "login4", 1_000, 0).unwrap(), CodeTry::UserSpent, "the 21st in the hour");
        // A right code gives its count back; an hour later the old ones are gone.
        db.release_code(counted[19]).unwrap();
        assert!(matches!(db.reserve_code(user, "login4", 1_000, 0).unwrap(), CodeTry::Counted { for_user: 20, .. }));
        assert!(matches!(db.reserve_code(user, "login4", 4_600, 1_000).unwrap(), CodeTry::Counted { for_user: 1, .. }));
        assert_eq!(db.reserve_code(user, "unknown", 4_600, 1_000).unwrap(), CodeTry::LoginSpent, "no such login");
        assert!(!db.create_login_limited("login5", user, 1_000, 0, 5).unwrap(), "the sixth login in the minute");
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_pending_totp_secret_is_confirmed_once_and_only_as_it_was_checked() {
        let dir = std::env::temp_dir().join(format!("keyfob-db-confirm-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let db = Db::open(&dir.join("service.sqlite"), sealer(1)).unwrap();
        let user = db.create_user("alice", "hash", 0).unwrap().unwrap();
        let secret = |db: &Db| db.user(user).unwrap().unwrap().totp_secret.map(|s| s.to_vec());
        db.set_totp_pending(user, b"first-secret-0123456").unwrap();
        let first = db.user(user).unwrap().unwrap().totp_pending_stored.unwrap();
        db.set_totp_pending(user, b"later-secret-6543210").unwrap();
        assert!(!db.confirm_totp(user, &first, 10).unwrap(), "a code checked against a replaced secret");
        assert_eq!(secret(&db), None);
        let later = db.user(user).unwrap().unwrap().totp_pending_stored.unwrap();
        assert!(db.confirm_totp(user, &later, 10).unwrap());
        // The second click: it checked the same pending secret, which is confirmed now.
        assert!(!db.confirm_totp(user, &later, 10).unwrap());
        assert_eq!(secret(&db).as_deref(), Some(&b"later-secret-6543210"[..]), "the confirmed secret is kept");
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn after_support_resets_the_user_must_enrol_until_totp_is_confirmed_or_a_device_registers() {
        let dir = std::env::temp_dir().join(format!("keyfob-db-enrol-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("service.sqlite");
        let db = Db::open(&path, sealer(1)).unwrap();
        let user = db.create_user("alice", "hash", 0).unwrap().unwrap();
        let must_enrol = |db: &Db| db.user(user).unwrap().unwrap().must_enrol;
        assert!(!must_enrol(&db), "a new user");
        assert_eq!(db.reset_2fa("alice", "backup", 2_000, "jo", 1_000).unwrap(), Some(user));
        assert!(must_enrol(&db));
        assert!(db.use_backup_code(user, "backup", 1_500).unwrap());
        assert!(!db.use_backup_code(user, "backup", 1_500).unwrap(), "once");
        assert!(must_enrol(&db), "using the backup code enrols nothing");
        db.set_recovery_codes(user, &["r1".to_owned()]).unwrap();
        assert!(must_enrol(&db), "recovery codes are not a factor to log in with");
        db.set_totp_pending(user, b"first-secret-0123456").unwrap();
        let pending = db.user(user).unwrap().unwrap().totp_pending_stored.unwrap();
        assert!(db.confirm_totp(user, &pending, 10).unwrap());
        assert!(!must_enrol(&db), "TOTP confirmed");

        db.reset_2fa("alice", "backup", 3_000, "jo", 2_000).unwrap();
        assert!(must_enrol(&db));
        db.create_push_token("PIPU1", user, "cred", "session", 2_000).unwrap();
        assert_eq!(db.register_device("PIPU1", "cred", "key", 1_999).unwrap(), Some((user, Some("session".into()))));
        assert!(!must_enrol(&db), "a push device registered");

        // A database from before the column: a user reset since who set nothing up is marked when it is
        // added; one who set up push is not.
        db.reset_2fa("alice", "backup", 4_000, "jo", 3_000).unwrap();
        let bob = db.create_user("bob", "hash", 0).unwrap().unwrap();
        db.reset_2fa("bob", "backup", 4_000, "jo", 3_000).unwrap();
        db.create_push_token("PIPU2", bob, "cred", "session", 3_000).unwrap();
        db.register_device("PIPU2", "cred", "key", 2_999).unwrap().unwrap();
        db.conn().execute_batch("ALTER TABLE users DROP COLUMN must_enrol").unwrap();
        drop(db);
        let db = Db::open(&path, sealer(1)).unwrap();
        assert!(must_enrol(&db), "alice, reset and enrolled in nothing");
        assert!(!db.user(bob).unwrap().unwrap().must_enrol, "bob registered a device");
        std::fs::remove_dir_all(dir).unwrap();
    }
}
