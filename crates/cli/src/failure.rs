//! How a command fails: what it says on stderr and its exit status. The status of every failure of the
//! application layer is decided here, once, from its [`Kind`]; the words are the shared catalogue's
//! (`errors.ftl`, through [`Error::message`]), and where the terminal has something to add (a flag, a
//! command to run) a hint from `cli.ftl` follows on its own line.

use keyfob_session::model::vault;
use keyfob_session::push::RespondError;
use keyfob_session::{Error, Kind, Message};

/// A command's failure: what to tell the user and the exit status that goes with it.
#[derive(Debug)]
pub(crate) struct Failure {
    pub(crate) status: u8,
    /// What happened, in the catalogue's words.
    pub(crate) message: Message,
    /// What the terminal adds: the flag or command that helps (boxed: most failures have none, and a
    /// `Result` carrying a failure stays small).
    pub(crate) hint: Option<Box<Message>>,
}

impl Failure {
    /// Nothing was found, or files, the vault or the keychain failed (exit 1).
    pub(crate) fn failed(message: Message) -> Self {
        Self { status: 1, message, hint: None }
    }

    /// The input itself is wrong (exit 2, like a usage error).
    pub(crate) fn bad_input(message: Message) -> Self {
        Self { status: 2, message, hint: None }
    }

    /// The same failure, with `hint` to follow it.
    fn hint(mut self, hint: Message) -> Self {
        self.hint = Some(Box::new(hint));
        self
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
    /// The application layer's failure in the catalogue's words, with [`status`]'s exit status, and the
    /// terminal's hint where a flag or command helps (the shared messages name none: the window shows
    /// them too).
    fn from(error: Error) -> Self {
        use keyfob_session::model::StoreError;
        use keyfob_session::model::import::Error as Import;
        let failure = Self { status: status(error.kind()), message: error.message(), hint: None };
        match &error {
            Error::Store(StoreError::PassphraseNeeded { .. }) | Error::CurrentPassphraseNeeded => {
                failure.hint(Message::new("cli-hint-passphrase-file"))
            }
            Error::Store(StoreError::AutoBackupOff) => failure.hint(Message::new("cli-hint-auto-backup-on")),
            Error::Store(StoreError::Keychain { .. }) => failure.hint(Message::new("cli-hint-init-passphrase")),
            Error::Store(StoreError::Damaged { path, backup: Some(backup), .. }) => failure.hint(
                Message::new("cli-hint-restore-previous")
                    .with("previous", backup.display().to_string())
                    .with("vault", path.display().to_string()),
            ),
            Error::Store(StoreError::VaultMissing { vault, backup }) => failure.hint(
                Message::new("cli-hint-restore-previous")
                    .with("previous", backup.display().to_string())
                    .with("vault", vault.display().to_string()),
            ),
            Error::Store(StoreError::Vault(vault::Error::PushAlreadyEnrolled { id, .. })) => {
                failure.hint(Message::new("cli-hint-remove").with("id", *id))
            }
            Error::ImportFile(keyfob_session::import_files::Error::Content { source, .. }) => match source {
                Import::PasswordNeeded => failure.hint(Message::new("cli-hint-password-file")),
                Import::UnknownFormat => failure.hint(
                    Message::new("cli-hint-format").with("formats", keyfob_session::model::import::Format::names()),
                ),
                _ => failure,
            },
            Error::NoPushTokens => failure.hint(Message::new("cli-hint-add-push")),
            Error::Respond(RespondError::NeedsNumber(_) | RespondError::NotAnOption { .. }) => {
                failure.hint(Message::new("cli-hint-answer"))
            }
            Error::Respond(RespondError::NotFound(_)) => failure.hint(Message::new("cli-hint-push-list")),
            Error::Store(StoreError::NoVault { .. }) | Error::NoVault => failure.hint(Message::new("cli-hint-add")),
            // A flag's value out of range is named by its flag, as clap names its own.
            Error::Store(StoreError::Vault(vault::Error::KeepOutOfRange { .. })) => {
                Self { message: Message::new("cli-keep-out-of-range").with("max", vault::MAX_KEEP), ..failure }
            }
            Error::Store(StoreError::Vault(vault::Error::AutoLockTooLong { .. })) => Self {
                message: Message::new("cli-minutes-out-of-range").with("max", vault::MAX_AUTO_LOCK_MINUTES),
                ..failure
            },
            _ => failure,
        }
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
    fn the_terminal_adds_the_flag_or_command_the_shared_message_does_not_name() {
        let words = keyfob_i18n::Catalogue::new(keyfob_i18n::Language::English);
        let said = |failure: Failure| {
            (words.format(&failure.message), failure.hint.as_deref().map(|h| words.format(h)).unwrap_or_default())
        };
        let path = PathBuf::from("/v/vault.json");
        let needed = Failure::from(Error::from(keyfob_store::Error::PassphraseNeeded { path }));
        assert_eq!(
            said(needed),
            (
                "Your accounts are protected by a passphrase. Enter it to open them.".to_owned(),
                "give it with --passphrase-file FILE or KEYFOB_PASSPHRASE_FILE".to_owned()
            )
        );
        let content = |source| keyfob_session::import_files::Error::Content { name: "export.json".into(), source };
        let encrypted = Failure::from(Error::from(content(keyfob_session::model::import::Error::PasswordNeeded)));
        assert_eq!(
            said(encrypted),
            (
                "export.json is protected by a password. Enter the password you chose when you exported it.".to_owned(),
                "give its password with --password-file FILE".to_owned()
            )
        );
        let unknown = Failure::from(Error::from(content(keyfob_session::model::import::Error::UnknownFormat)));
        assert!(said(unknown).1.starts_with("name the format with --format ("));
        let off = Failure::from(Error::from(keyfob_store::Error::AutoBackupOff));
        assert_eq!(said(off).1, "turn them on with: keyfob auto-backup on DIR --password-file FILE");
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
        let words = keyfob_i18n::Catalogue::new(keyfob_i18n::Language::English);
        let number = Failure::from(Error::Respond(RespondError::NeedsNumber(vec!["12".into(), "47".into()])));
        assert_eq!(number.status, 2);
        assert_eq!(number.hint.as_deref().map(|h| words.format(h)).as_deref(), Some("add --answer"));
        let keep = Failure::from(Error::from(keyfob_session::model::vault::Error::KeepOutOfRange { keep: 0 }));
        assert_eq!((keep.status, words.format(&keep.message).as_str()), (2, "--keep must be 1 to 1000"));
        let gone = Failure::from(Error::Respond(RespondError::NotFound("n1".into())));
        assert_eq!(gone.status, 1);
        assert_eq!(gone.hint.as_deref().map(|h| words.format(h)).as_deref(), Some("see keyfob push list"));
    }
}
