//! What to tell a person about each failure of the application layer, as a [`Message`]: an id in the
//! shared catalogue (`locales/*/errors.ftl`) and its arguments, never words. Both programs word failures
//! from it, each in the user's language; the errors' `Display` stays English, for logs.
//!
//! The messages are for people who do not know Keyfob's insides: what happened and what to do, in the
//! words of docs/glossary.md ("your accounts", not "vault"; "your computer's password store", not
//! "keychain"); no paths beyond a file's name, no command lines (the window shows them too; the CLI adds
//! its flags itself). What only support needs (an operating system's reason, a library's English
//! message, a full path) goes into [`Message::details`], untranslated.

use std::path::Path;

use keyfob_i18n::Message;
use keyfob_interop::import;
use keyfob_store::{Error as StoreError, KeychainError};
use keyfob_vault::Error as VaultError;

use crate::Error;
use crate::import_files::Error as ImportFileError;
use crate::push::RespondError;

/// A file's name as a person knows it (the last part of its path), the whole path when it has none.
fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

/// `id` with the library's own English message as details.
fn with_details(id: &'static str, error: &impl std::fmt::Display) -> Message {
    Message::new(id).details(error.to_string())
}

impl Error {
    /// What to tell the user about this failure (see the module's documentation).
    pub fn message(&self) -> Message {
        match self {
            Self::Store(error) => store(error),
            Self::NoVault => Message::new("error-no-accounts"),
            Self::PreviewChanged => Message::new("error-preview-changed"),
            Self::ImportFile(error) => import_file(error),
            Self::Enrol { serial, source } => with_details("error-enrol-failed", source).with("serial", serial),
            Self::Respond(error) => respond(error),
            Self::NoPushTokens => Message::new("error-no-push-tokens"),
            Self::NoPairingRequest => Message::new("error-no-pairing-request"),
            Self::PairingCodeMismatch => Message::new("error-pairing-code-mismatch"),
            Self::BackupFolder { folder, source } => Message::new("error-backup-folder")
                .with("folder", folder.display().to_string())
                .details(source.to_string()),
            Self::BackupKey(error) => with_details("error-backup-key", error),
            Self::Export(error) => with_details("error-export-failed", error),
            Self::NothingToExport => Message::new("error-nothing-to-export"),
            Self::CurrentPassphraseNeeded => Message::new("error-current-passphrase-needed"),
        }
    }
}

/// The store's failures.
fn store(error: &StoreError) -> Message {
    match error {
        StoreError::Io(io) => with_details("error-file", io),
        StoreError::Damaged { source: VaultError::UnsupportedVersion { .. }, .. } => {
            with_details("error-newer-version", error)
        }
        StoreError::Damaged { .. } => with_details("error-accounts-damaged", error),
        StoreError::WrongKey { .. } => with_details("error-wrong-key", error),
        StoreError::KeyMissing { .. } => with_details("error-key-missing", error),
        StoreError::Keychain { source } => keychain(source),
        StoreError::PassphraseNeeded { .. } => Message::new("error-passphrase-needed"),
        StoreError::WrongPassphrase { .. } => Message::new("error-wrong-passphrase"),
        StoreError::VaultMissing { .. } => with_details("error-accounts-file-missing", error),
        StoreError::AlreadyExists { .. } => Message::new("error-already-exists"),
        StoreError::NoVault { .. } => Message::new("error-no-accounts"),
        StoreError::AutoBackup(backup) => with_details("error-auto-backup-failed", backup),
        StoreError::AutoBackupOff => Message::new("error-auto-backup-off"),
        StoreError::Vault(vault) => self::vault(vault),
        // A failure the store adds later is worded by its kind until it has its own message.
        other => by_kind(other.kind(), other),
    }
}

/// What to tell the user when the automatic backup after a change failed (the change itself was saved):
/// the same message as a backup asked for now that fails, the folder and reason as details.
pub fn backup_failed(error: &keyfob_store::BackupError) -> Message {
    with_details("error-auto-backup-failed", error)
}

/// The keychain's failures.
fn keychain(error: &KeychainError) -> Message {
    match error {
        KeychainError::Unavailable { .. } => with_details("error-keychain-unavailable", error),
        KeychainError::Locked { .. } => with_details("error-keychain-locked", error),
        other => with_details("error-keychain-failed", other),
    }
}

/// The vault's failures.
fn vault(error: &VaultError) -> Message {
    use keyfob_core::site::SiteError;
    match error {
        VaultError::Malformed { .. }
        | VaultError::NotAVault
        | VaultError::IntegrityFailure
        | VaultError::InvalidRecord { .. } => with_details("error-accounts-damaged", error),
        VaultError::UnsupportedVersion { .. } => with_details("error-newer-version", error),
        VaultError::WrongKey => with_details("error-wrong-key", error),
        VaultError::WrongPassphrase => Message::new("error-wrong-passphrase"),
        VaultError::PassphraseTooShort => Message::new("error-passphrase-too-short"),
        VaultError::NotPassphraseProtected => Message::new("error-not-passphrase-protected"),
        VaultError::KeychainEntryInvalid => Message::new("error-keychain-entry-invalid"),
        VaultError::PushAlreadyEnrolled { serial, .. } => {
            Message::new("error-push-already-enrolled").with("serial", serial)
        }
        VaultError::NoSuchAccount { id } => Message::new("error-no-such-account").with("id", *id),
        VaultError::Name(name) => with_details("error-name-rejected", name),
        VaultError::Full => Message::new("error-too-many-accounts").with("max", keyfob_vault::MAX_ACCOUNTS),
        VaultError::NotHotp { id } => Message::new("error-not-counter-based").with("id", *id),
        VaultError::Organise(organise) => with_details("error-organise-rejected", organise),
        VaultError::Site(SiteError::NotAnAddress) => Message::new("error-site-not-an-address"),
        VaultError::Site(SiteError::TooLong) => Message::new("error-site-too-long"),
        VaultError::Site(SiteError::Insecure) => Message::new("error-site-insecure"),
        VaultError::Site(SiteError::NoRegistrableDomain(host)) => {
            Message::new("error-site-not-one-owner").with("site", host)
        }
        VaultError::Site(SiteError::TooMany) => {
            Message::new("error-site-too-many").with("max", keyfob_core::site::MAX_SITES)
        }
        VaultError::TooManyBrowsers => {
            Message::new("error-too-many-browsers").with("max", keyfob_core::pairing::MAX_PAIRED)
        }
        VaultError::NoSuchBrowser { id } => Message::new("error-no-such-browser").with("id", *id),
        VaultError::Random => with_details("error-random", error),
        VaultError::AutoLockTooLong { minutes } => Message::new("error-auto-lock-too-long")
            .with("minutes", *minutes)
            .with("max", keyfob_vault::MAX_AUTO_LOCK_MINUTES),
        VaultError::KeepOutOfRange { keep } => {
            Message::new("error-keep-out-of-range").with("keep", *keep).with("max", keyfob_vault::MAX_KEEP)
        }
        VaultError::BackupFolderNotPlain => Message::new("error-backup-folder-not-plain"),
        VaultError::Kdf(_) => with_details("error-passphrase-derivation", error),
        other => by_kind(other.kind(), other),
    }
}

/// Import files that could not be read, or whose content could not be imported.
fn import_file(error: &ImportFileError) -> Message {
    match error {
        ImportFileError::Unreadable { path, source } => Message::new("error-file-unreadable")
            .with("file", file_name(path))
            .details(format!("{}: {source}", path.display())),
        ImportFileError::TooLarge { path, limit } => {
            Message::new("error-file-too-large").with("file", file_name(path)).with("mib", *limit >> 20)
        }
        ImportFileError::Content { name, source } => import(name, source),
    }
}

/// Why the file `name` could not be imported.
pub(crate) fn import(name: &str, error: &import::Error) -> Message {
    let id = match error {
        import::Error::TooLarge => "error-import-too-large",
        import::Error::UnknownFormat => "error-import-unknown-format",
        import::Error::Malformed { .. } => "error-import-damaged",
        import::Error::PasswordNeeded => "error-import-password-needed",
        import::Error::WrongPassword => "error-import-wrong-password",
        import::Error::SeveralFiles => "error-import-several-files",
        import::Error::ExcessiveWork { .. } => "error-import-excessive-work",
        import::Error::Unsupported(_) => "error-import-unsupported-encryption",
        other => return by_kind(other.kind(), other),
    };
    let message = Message::new(id).with("file", file_name(Path::new(name)));
    match error {
        import::Error::Malformed { .. } | import::Error::ExcessiveWork { .. } | import::Error::Unsupported(_) => {
            message.details(error.to_string())
        }
        _ => message,
    }
}

/// Why a push answer was not sent.
fn respond(error: &RespondError) -> Message {
    match error {
        RespondError::NotFound(_) => Message::new("error-login-not-found"),
        RespondError::Unreachable { problems, .. } => Message::new("error-login-unreachable").details(problems.clone()),
        RespondError::NeedsNumber(options) => {
            Message::new("error-login-needs-number").with("options", options.join(", "))
        }
        RespondError::NotAnOption { picked, options } => {
            Message::new("error-login-not-an-option").with("picked", picked).with("options", options.join(", "))
        }
        RespondError::Vault(_) => with_details("error-login-key", error),
        RespondError::Push(push) => with_details("error-push-failed", push),
    }
}

/// A failure that has no message of its own yet, worded by its kind, the library's words as details.
fn by_kind(kind: keyfob_core::Kind, error: &impl std::fmt::Display) -> Message {
    use keyfob_core::Kind;
    let id = match kind {
        Kind::Input => "error-kind-input",
        Kind::Rejected => "error-kind-rejected",
        Kind::Locked => "error-kind-locked",
        Kind::WrongSecret => "error-kind-wrong-secret",
        Kind::Integrity => "error-kind-integrity",
        Kind::Unsupported => "error-kind-unsupported",
        Kind::Limit => "error-kind-limit",
        Kind::NotFound => "error-kind-not-found",
        Kind::Conflict => "error-kind-conflict",
        Kind::Environment => "error-kind-environment",
    };
    with_details(id, error)
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    #[test]
    fn each_failure_says_what_happened_without_the_vaults_insides() {
        let path = PathBuf::from("/home/ann/.local/share/keyfob/vault.json");
        let wrong = Error::from(StoreError::WrongPassphrase { path: path.clone() });
        assert_eq!(wrong.message(), Message::new("error-wrong-passphrase"));
        let missing = Error::from(VaultError::NoSuchAccount { id: 42 });
        assert_eq!(missing.message(), Message::new("error-no-such-account").with("id", 42_u64));
        let keychain =
            Error::from(StoreError::Keychain { source: KeychainError::Unavailable { detail: "no bus".into() } });
        let said = keychain.message();
        assert_eq!(said.id, "error-keychain-unavailable");
        assert!(said.details.as_deref().is_some_and(|d| d.contains("no bus")), "{said:?}");
        let unreadable = ImportFileError::Unreadable {
            path: PathBuf::from("/home/ann/Downloads/aegis.json"),
            source: std::io::Error::from(std::io::ErrorKind::PermissionDenied),
        };
        let said = Error::from(unreadable).message();
        assert_eq!(said.args, vec![("file", keyfob_i18n::Arg::from("aegis.json"))], "the name, not the path");
        assert!(said.details.as_deref().is_some_and(|d| d.starts_with("/home/ann/Downloads/aegis.json: ")));
    }

    #[test]
    fn every_message_a_failure_gives_is_in_the_catalogue_and_formats_whole() {
        let english = keyfob_i18n::Catalogue::new(keyfob_i18n::Language::English);
        let path = PathBuf::from("/v/vault.json");
        let content = |source| ImportFileError::Content { name: "export.json".into(), source };
        let failures: Vec<Error> = vec![
            Error::NoVault,
            Error::PreviewChanged,
            Error::NoPushTokens,
            Error::NoPairingRequest,
            Error::PairingCodeMismatch,
            Error::NothingToExport,
            Error::CurrentPassphraseNeeded,
            StoreError::PassphraseNeeded { path: path.clone() }.into(),
            StoreError::WrongKey { path: path.clone(), entry: "e".into() }.into(),
            StoreError::KeyMissing { path: path.clone(), entry: "e".into() }.into(),
            StoreError::VaultMissing { vault: path.clone(), backup: path.clone() }.into(),
            StoreError::AlreadyExists { path: path.clone() }.into(),
            StoreError::NoVault { path: path.clone() }.into(),
            StoreError::AutoBackupOff.into(),
            StoreError::Keychain { source: KeychainError::Locked { detail: "d".into() } }.into(),
            StoreError::Keychain { source: KeychainError::Other { detail: "d".into() } }.into(),
            StoreError::Damaged { path: path.clone(), backup: None, source: VaultError::IntegrityFailure }.into(),
            StoreError::Damaged { path, backup: None, source: VaultError::UnsupportedVersion { found: 9 } }.into(),
            VaultError::PassphraseTooShort.into(),
            VaultError::NotPassphraseProtected.into(),
            VaultError::KeychainEntryInvalid.into(),
            VaultError::PushAlreadyEnrolled { id: 3, serial: "PIPU1".into() }.into(),
            VaultError::Full.into(),
            VaultError::NotHotp { id: 3 }.into(),
            VaultError::Site(keyfob_core::site::SiteError::Insecure).into(),
            VaultError::Site(keyfob_core::site::SiteError::NotAnAddress).into(),
            VaultError::Site(keyfob_core::site::SiteError::TooLong).into(),
            VaultError::Site(keyfob_core::site::SiteError::TooMany).into(),
            VaultError::Site(keyfob_core::site::SiteError::NoRegistrableDomain("co.uk".into())).into(),
            VaultError::TooManyBrowsers.into(),
            VaultError::NoSuchBrowser { id: 2 }.into(),
            VaultError::Random.into(),
            VaultError::AutoLockTooLong { minutes: 2000 }.into(),
            VaultError::KeepOutOfRange { keep: 0 }.into(),
            VaultError::BackupFolderNotPlain.into(),
            VaultError::Kdf("k".into()).into(),
            content(import::Error::TooLarge).into(),
            content(import::Error::UnknownFormat).into(),
            content(import::Error::PasswordNeeded).into(),
            content(import::Error::WrongPassword).into(),
            content(import::Error::SeveralFiles).into(),
            content(import::Error::ExcessiveWork { required: 2, limit: 1 }).into(),
            content(import::Error::Unsupported("x".into())).into(),
            content(import::Error::Malformed { format: "an Aegis", reason: "r".into() }).into(),
            Error::Respond(RespondError::NotFound("n".into())),
            Error::Respond(RespondError::NeedsNumber(vec!["12".into(), "47".into()])),
            Error::Respond(RespondError::NotAnOption { picked: "3".into(), options: vec!["12".into()] }),
            Error::Respond(RespondError::Unreachable { id: "n".into(), problems: "p".into() }),
            Error::Respond(RespondError::Vault("v".into())),
        ];
        for failure in failures {
            let message = failure.message();
            let said = english.format(&message);
            assert_ne!(said, message.id, "{} is not in the catalogue", message.id);
            assert!(!said.contains("{$"), "{} lacks an argument: {said}", message.id);
            for insider in ["vault", "keychain"] {
                assert!(!said.to_lowercase().contains(insider), "{}: {said}", message.id);
            }
            assert!(!said.contains("--") && !said.contains("keyfob "), "no command line: {}: {said}", message.id);
        }
    }

    #[test]
    fn a_failed_automatic_backup_says_what_to_check_and_keeps_the_folder_for_support() {
        let error = keyfob_store::BackupError { folder: PathBuf::from("/media/usb/keyfob"), reason: "gone".into() };
        let message = backup_failed(&error);
        let english = keyfob_i18n::Catalogue::new(keyfob_i18n::Language::English).format(&message);
        assert_eq!(
            english,
            "The automatic backup failed. Check that the backup folder is still there (a drive may have been unplugged)."
        );
        assert!(message.details.as_deref().is_some_and(|d| d.contains("/media/usb/keyfob") && d.contains("gone")));
    }

    #[test]
    fn a_number_to_pick_is_named_in_every_language() {
        let message = Error::Respond(RespondError::NeedsNumber(vec!["12".into(), "47".into()])).message();
        let dutch = keyfob_i18n::Catalogue::new(keyfob_i18n::Language::Dutch).format(&message);
        assert_eq!(dutch, "Deze aanmelding vraagt welk getal de inlogpagina toont: kies uit 12, 47.");
    }
}
