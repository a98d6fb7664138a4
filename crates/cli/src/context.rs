//! What every command starts from: where the vault is and how to unlock it (from the global options and
//! the environment, which only this module reads), opened as one session of the application layer.

use std::ffi::OsString;
use std::path::PathBuf;
use std::sync::Arc;

use keyfob_session::model::crypto::Password;
use keyfob_session::{Session, SharedClock, SystemClock};
use zeroize::Zeroizing;

use keyfob_session::Message;

use crate::Failure;
use crate::terminal::Terminal;

/// One of Keyfob's environment variables, `None` when unset or empty.
#[expect(
    clippy::disallowed_methods,
    reason = "the CLI's one place that reads the environment: KEYFOB_HOME, KEYFOB_PASSPHRASE_FILE, KEYFOB_TIME_SERVER, KEYFOB_APP, PATH, and the language (LANGUAGE, LC_ALL, LC_MESSAGES, LANG)"
)]
pub(crate) fn setting(name: &str) -> Option<OsString> {
    std::env::var_os(name).filter(|v| !v.is_empty())
}

/// The language to speak, from the POSIX variables as gettext reads them (see
/// [`keyfob_i18n::Language::negotiate`]); a value that is not UTF-8 counts as unset.
pub(crate) fn language() -> keyfob_i18n::Language {
    keyfob_i18n::Language::from_variables(|name| setting(name).and_then(|v| v.into_string().ok()))
}

/// Which password a file holds, for the messages about it (the catalogue words each its own way:
/// `$what` selects the variant, so each language keeps its grammar).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Secret {
    /// The vault's current passphrase.
    Passphrase,
    /// A new passphrase for the vault.
    NewPassphrase,
    /// An export's password, to import it.
    Password,
    /// A backup's password, chosen now.
    BackupPassword,
    /// An Aegis export's password, chosen now.
    ExportPassword,
}

impl Secret {
    /// The selector the catalogue's messages take.
    fn key(self) -> &'static str {
        match self {
            Self::Passphrase => "passphrase",
            Self::NewPassphrase => "new-passphrase",
            Self::Password => "password",
            Self::BackupPassword => "backup-password",
            Self::ExportPassword => "export-password",
        }
    }
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
        self.passphrase_file.as_deref().map(|path| read_password(path, Secret::Passphrase)).transpose()
    }

    /// Whether a passphrase file was given (`--passphrase-file` or `$KEYFOB_PASSPHRASE_FILE`).
    pub(crate) fn has_passphrase(&self) -> bool {
        self.passphrase_file.is_some()
    }

    /// The session of this run.
    pub(crate) fn session(&self) -> Result<Arc<Session>, Failure> {
        let session = Session::of_user(self.vault.clone(), self.passphrase()?, Arc::clone(&self.clock))
            .ok_or_else(|| Failure::bad_input(Message::new("cli-no-vault-folder")))?;
        Ok(Arc::new(session))
    }
}

/// The password in `path` (`what` says which, in errors).
pub(crate) fn read_password(path: &std::path::Path, what: Secret) -> Result<Password, Failure> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        let message = Message::new("cli-secret-file-unreadable").with("what", what.key());
        Failure::bad_input(message.with("file", path.display().to_string()).details(e.to_string()))
    })?;
    Ok(Password::new(Zeroizing::new(text)))
}

/// A password the user chooses now (backups, exports), held to Keyfob's one length rule.
pub(crate) fn read_new_password(path: &std::path::Path, what: Secret) -> Result<Password, Failure> {
    let password = read_password(path, what)?;
    password.check_strength().map_err(|_| {
        let message = Message::new("cli-secret-too-short").with("what", what.key());
        Failure::bad_input(message.with("min", keyfob_session::model::crypto::MIN_PASSWORD_CHARS))
    })?;
    Ok(password)
}

/// A failure of the application layer, worded and given its exit status by [`Failure`]'s one table.
pub(crate) fn failed(error: impl Into<keyfob_session::Error>) -> Failure {
    Failure::from(error.into())
}

/// Warns (on stderr) when the automatic backup after a change failed; the change itself was saved.
pub(crate) fn warn_backup(out: &Terminal<'_, impl std::io::Write>, outcome: &keyfob_session::BackupOutcome) {
    if let Some(error) = outcome.error() {
        let message = keyfob_session::message::backup_failed(error);
        crate::terminal::tell(out.words(), &message, Some(&Message::new("cli-hint-backup-saved")));
    }
}
