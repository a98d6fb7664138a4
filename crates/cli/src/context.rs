//! What every command starts from: where the vault is and how to unlock it (from the global options and
//! the environment, which only this module reads), opened as one session of the application layer.

use std::ffi::OsString;
use std::path::PathBuf;
use std::sync::Arc;

use keyfob_session::model::crypto::Password;
use keyfob_session::{Session, SharedClock, SystemClock};
use zeroize::Zeroizing;

use crate::Failure;

/// One of Keyfob's environment variables, `None` when unset or empty.
#[expect(
    clippy::disallowed_methods,
    reason = "the CLI's one place that reads the environment: KEYFOB_HOME, KEYFOB_PASSPHRASE_FILE, KEYFOB_TIME_SERVER, KEYFOB_APP, PATH"
)]
pub(crate) fn setting(name: &str) -> Option<OsString> {
    std::env::var_os(name).filter(|v| !v.is_empty())
}

/// Where the vault is and how to unlock it, from the global options.
pub(crate) struct Context {
    /// `--vault DIR`, else `$KEYFOB_HOME`.
    vault: Option<PathBuf>,
    /// `--passphrase-file FILE`, else `$KEYFOB_PASSPHRASE_FILE`.
    passphrase_file: Option<PathBuf>,
    /// The clock: the system's.
    clock: SharedClock,
}

impl Context {
    /// The context of one run, the options given winning over the environment.
    pub(crate) fn new(vault: Option<PathBuf>, passphrase_file: Option<PathBuf>) -> Self {
        Self {
            vault: vault.or_else(|| setting("KEYFOB_HOME").map(PathBuf::from)),
            passphrase_file: passphrase_file.or_else(|| setting("KEYFOB_PASSPHRASE_FILE").map(PathBuf::from)),
            clock: Arc::new(SystemClock),
        }
    }

    /// The clock every command reads.
    pub(crate) fn clock(&self) -> &SharedClock {
        &self.clock
    }

    /// The time servers to ask (`$KEYFOB_TIME_SERVER`, else the defaults; `None` when it is `off`).
    pub(crate) fn time_servers(&self) -> Option<Vec<String>> {
        let setting = setting("KEYFOB_TIME_SERVER");
        keyfob_session::clock::configured_time_servers(setting.as_deref().and_then(|s| s.to_str()))
    }

    /// The vault's store.
    /// The passphrase file's content, when one was given: the current passphrase, which changing or
    /// removing it needs.
    pub(crate) fn passphrase(&self) -> Result<Option<Password>, Failure> {
        self.passphrase_file.as_deref().map(|path| read_password(path, "passphrase")).transpose()
    }

    /// Whether a passphrase file was given (`--passphrase-file` or `$KEYFOB_PASSPHRASE_FILE`).
    pub(crate) fn has_passphrase(&self) -> bool {
        self.passphrase_file.is_some()
    }

    /// The session of this run.
    pub(crate) fn session(&self) -> Result<Arc<Session>, Failure> {
        let session =
            Session::of_user(self.vault.clone(), self.passphrase()?, Arc::clone(&self.clock)).ok_or_else(|| {
                Failure::bad_input("cannot tell where to keep the vault; pass --vault DIR or set KEYFOB_HOME")
            })?;
        Ok(Arc::new(session))
    }
}

/// The password in `path` (`what` names it in errors: "passphrase", "password").
pub(crate) fn read_password(path: &std::path::Path, what: &str) -> Result<Password, Failure> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure::bad_input(format!("cannot read the {what} file {}: {e}", path.display())))?;
    Ok(Password::new(Zeroizing::new(text)))
}

/// A password the user chooses now (backups, exports), held to Keyfob's one length rule.
pub(crate) fn read_new_password(path: &std::path::Path, what: &str) -> Result<Password, Failure> {
    let password = read_password(path, what)?;
    password.check_strength().map_err(|e| Failure::bad_input(format!("the {what}: {e}")))?;
    Ok(password)
}

/// A failure of the application layer, worded and given its exit status by [`Failure`]'s one table.
pub(crate) fn failed(error: impl Into<keyfob_session::Error>) -> Failure {
    Failure::from(error.into())
}

/// Warns (on stderr) when the automatic backup after a change failed; the change itself was saved.
pub(crate) fn warn_backup(outcome: &keyfob_session::BackupOutcome) {
    if let Some(error) = outcome.error() {
        crate::warn(format_args!("warning: {error} (keyfob auto-backup on DIR --password-file FILE)"));
    }
}
