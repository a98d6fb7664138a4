//! How a command fails: its words on stderr and its exit status. The status of every failure of the
//! application layer is decided here, once, from its [`Kind`]; the words are the library's, except where
//! the terminal has something better to say (a flag to add, a command to run).

use keyfob_session::model::vault;
use keyfob_session::push::RespondError;
use keyfob_session::{Error, Kind};

/// A command's failure: what to tell the user and the exit status that goes with it.
#[derive(Debug)]
pub(crate) struct Failure {
    pub(crate) status: u8,
    pub(crate) message: String,
}

impl Failure {
    /// Nothing was found, or files, the vault or the keychain failed (exit 1).
    pub(crate) fn failed(message: impl Into<String>) -> Self {
        Self { status: 1, message: message.into() }
    }

    /// The input itself is wrong (exit 2, like a usage error).
    pub(crate) fn bad_input(message: impl Into<String>) -> Self {
        Self { status: 2, message: message.into() }
    }
}

/// The exit status of each kind of failure. 2 is the user's to fix on the command line, as a usage error
/// is: what they gave, or the passphrase or password they did not give or gave wrong (every command that
/// opens a passphrase vault says so the same way). 1 is everything else: nothing found, a damaged file,
/// the computer around Keyfob.
pub(crate) fn status(kind: Kind) -> u8 {
    match kind {
        Kind::Input | Kind::Locked | Kind::WrongSecret => 2,
        Kind::Rejected
        | Kind::Integrity
        | Kind::Unsupported
        | Kind::Limit
        | Kind::NotFound
        | Kind::Conflict
        | Kind::Environment => 1,
    }
}

impl From<Error> for Failure {
    /// The application layer's failure in the terminal's words, with [`status`]'s exit status. The
    /// library's messages name no flag or command; where one helps, it is added here.
    fn from(error: Error) -> Self {
        use keyfob_session::model::StoreError;
        use keyfob_session::model::import::Error as Import;
        let message = match &error {
            Error::Store(e @ StoreError::PassphraseNeeded { .. }) => {
                format!("{e}; give it with --passphrase-file FILE or KEYFOB_PASSPHRASE_FILE")
            }
            Error::Store(e @ StoreError::AutoBackupOff) => {
                format!("{e}; turn them on with: keyfob auto-backup on DIR --password-file FILE")
            }
            Error::Store(e @ StoreError::Keychain { .. }) => {
                format!("{e}: keyfob init --passphrase-file FILE")
            }
            Error::Store(StoreError::Vault(e @ vault::Error::PushAlreadyEnrolled { id, .. })) => {
                format!("{e} (keyfob remove {id})")
            }
            Error::ImportFile(keyfob_session::import_files::Error::Content { name, source }) => match source {
                Import::PasswordNeeded => format!("{name}: {source} with --password-file FILE"),
                Import::UnknownFormat => format!(
                    "{name}: the file's format was not recognised; name it with --format ({})",
                    keyfob_session::model::import::Format::names()
                ),
                _ => error.to_string(),
            },
            Error::CurrentPassphraseNeeded => {
                "give the current passphrase with --passphrase-file FILE or KEYFOB_PASSPHRASE_FILE; nothing was changed"
                    .to_owned()
            }
            Error::NoPushTokens => {
                "there are no push tokens; scan a push enrolment QR with keyfob add --scan".to_owned()
            }
            Error::Respond(e @ (RespondError::NeedsNumber(_) | RespondError::NotAnOption { .. })) => {
                format!("{e}; add --answer")
            }
            Error::Respond(e @ RespondError::NotFound(_)) => format!("{e} (see keyfob push list)"),
            Error::Store(keyfob_session::model::StoreError::Vault(vault::Error::KeepOutOfRange { .. })) => {
                format!("--keep must be 1 to {}", vault::MAX_KEEP)
            }
            Error::Store(keyfob_session::model::StoreError::Vault(vault::Error::AutoLockTooLong { .. })) => {
                format!("--minutes must be 0 (off) to {}", vault::MAX_AUTO_LOCK_MINUTES)
            }
            e => e.to_string(),
        };
        Self { status: status(error.kind()), message }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn a_missing_or_wrong_passphrase_is_the_users_to_fix_wherever_it_comes_from() {
        let path = PathBuf::from("/v/vault.json");
        let needed = keyfob_session::model::StoreError::PassphraseNeeded { path: path.clone() };
        let wrong = keyfob_session::model::StoreError::WrongPassphrase { path };
        for error in [Error::from(needed), Error::from(wrong), Error::CurrentPassphraseNeeded] {
            assert_eq!(Failure::from(error).status, 2);
        }
        let wrong_password = keyfob_session::model::import::Error::WrongPassword;
        let import = keyfob_session::import_files::Error::Content { name: "f".into(), source: wrong_password };
        assert_eq!(Failure::from(Error::from(import)).status, 2);
    }

    #[test]
    fn the_terminal_adds_the_flag_or_command_the_library_does_not_name() {
        let path = PathBuf::from("/v/vault.json");
        let needed = Failure::from(Error::from(keyfob_store::Error::PassphraseNeeded { path }));
        assert_eq!(
            needed.message,
            "the vault /v/vault.json is protected by a passphrase; give it with --passphrase-file FILE or KEYFOB_PASSPHRASE_FILE"
        );
        let content = |source| keyfob_session::import_files::Error::Content { name: "export.json".into(), source };
        let encrypted = Failure::from(Error::from(content(keyfob_session::model::import::Error::PasswordNeeded)));
        assert_eq!(
            encrypted.message,
            "export.json: the file is encrypted; give its password with --password-file FILE"
        );
        let unknown = Failure::from(Error::from(content(keyfob_session::model::import::Error::UnknownFormat)));
        assert!(
            unknown.message.starts_with("export.json: the file's format was not recognised; name it with --format (")
        );
        let off = Failure::from(Error::from(keyfob_store::Error::AutoBackupOff));
        assert_eq!(
            off.message,
            "automatic backups are off; turn them on with: keyfob auto-backup on DIR --password-file FILE"
        );
        // The library's own words name no flag, for the window to use as they are.
        for library in [
            keyfob_store::Error::PassphraseNeeded { path: PathBuf::from("/v") }.to_string(),
            keyfob_store::Error::AutoBackupOff.to_string(),
            keyfob_session::model::import::Error::PasswordNeeded.to_string(),
            keyfob_session::model::import::Error::UnknownFormat.to_string(),
        ] {
            assert!(!library.contains("--") && !library.contains("keyfob "), "{library}");
        }
    }

    #[test]
    fn what_is_missing_damaged_or_refused_exits_1() {
        let damaged = keyfob_session::model::StoreError::Damaged {
            path: PathBuf::from("/v/vault.json"),
            backup: None,
            source: keyfob_session::model::vault::Error::IntegrityFailure,
        };
        let missing = keyfob_session::model::vault::Error::NoSuchAccount { id: 7 };
        let refused = keyfob_session::model::vault::Error::Full;
        for error in [Error::from(damaged), Error::from(missing), Error::from(refused), Error::NoVault] {
            assert_eq!(Failure::from(error).status, 1);
        }
    }

    #[test]
    fn the_terminal_says_which_flag_or_command_helps() {
        let number = Error::Respond(RespondError::NeedsNumber(vec!["12".into(), "47".into()]));
        let failure = Failure::from(number);
        assert_eq!((failure.status, failure.message.ends_with("; add --answer")), (2, true), "{failure:?}");
        let keep = Failure::from(Error::from(keyfob_session::model::vault::Error::KeepOutOfRange { keep: 0 }));
        assert_eq!((keep.status, keep.message.as_str()), (2, "--keep must be 1 to 1000"));
        let gone = Failure::from(Error::Respond(RespondError::NotFound("n1".into())));
        assert_eq!((gone.status, gone.message.ends_with("(see keyfob push list)")), (1, true), "{gone:?}");
    }
}
