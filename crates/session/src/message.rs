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

use keyfob_core::account::{FieldsError, NameError};
use keyfob_core::secret::SecretError;
use keyfob_i18n::Message;
use keyfob_interop::import::{self, Entry, ImportProblem, Noun, Omission, Omitted, Reason};
use keyfob_store::{Error as StoreError, KeychainError};
use keyfob_vault::Error as VaultError;

use crate::Error;
use crate::import_files::Error as ImportFileError;
use crate::push::RespondError;

/// How many characters of a name from outside (a file's, an entry's, a group's, a site's) a sentence
/// quotes: enough to recognise it, while a name of megabytes stays out of every sentence.
const QUOTED_CHARS: usize = 80;

/// `text` from outside as a sentence quotes it: at most [`QUOTED_CHARS`] characters (then "…"), every
/// control and invisible formatting character written out (`\u{202e}`), so that none of it acts or
/// reorders the sentence's own words around it in the window (the CLI escapes its whole line as well).
fn quoted(text: &str) -> String {
    let shown = keyfob_core::text::visible(text);
    match shown.char_indices().nth(QUOTED_CHARS) {
        Some((cut, _)) => format!("{}…", &shown[..cut]),
        None => shown.into_owned(),
    }
}

/// A file's name as a person knows it (the last part of its path, the whole path when it has none),
/// [`quoted`].
fn file_name(path: &Path) -> String {
    quoted(&path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned()))
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
                .with("folder", file_name(folder))
                .details(format!("{}: {source}", folder.display())),
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
/// what failed, naming the folder by its name; its path and the reason as details.
pub fn backup_failed(error: &keyfob_store::BackupError) -> Message {
    backup_failure(error.failure, &error.folder).details(error.to_string())
}

/// What to tell the user about the latest automatic backup, when it failed: as [`backup_failed`] said
/// it then, from what the status keeps (a status written before it kept what failed is worded as a
/// failure in general), its English `last_error` as details.
pub fn last_backup_failed(status: &keyfob_store::BackupStatus) -> Option<Message> {
    let english = status.last_error.as_ref()?;
    let message = match &status.last_failure {
        Some(last) => backup_failure(last.failure, &last.folder),
        None => Message::new("error-auto-backup-failed"),
    };
    Some(message.details(english.clone()))
}

/// What failed in an automatic backup into `folder`.
fn backup_failure(failure: keyfob_store::BackupFailure, folder: &Path) -> Message {
    use keyfob_store::BackupFailure;
    let id = match failure {
        BackupFailure::FolderMissing => "error-backup-folder-missing",
        BackupFailure::NotWritten => "error-backup-not-written",
        BackupFailure::NotPruned => "error-backup-not-pruned",
        // A failure the store tells apart later is worded in general until it has its own message.
        _ => return Message::new("error-auto-backup-failed"),
    };
    Message::new(id).with("folder", file_name(folder))
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
        VaultError::Name(name) => self::name(name).details(name.to_string()),
        VaultError::Full => Message::new("error-too-many-accounts").with("max", keyfob_vault::MAX_ACCOUNTS),
        VaultError::NotHotp { id } => Message::new("error-not-counter-based").with("id", *id),
        VaultError::Organise(organise) => with_details("error-organise-rejected", organise),
        VaultError::Site(SiteError::NotAnAddress) => Message::new("error-site-not-an-address"),
        VaultError::Site(SiteError::TooLong) => Message::new("error-site-too-long"),
        VaultError::Site(SiteError::Insecure) => Message::new("error-site-insecure"),
        VaultError::Site(SiteError::NoRegistrableDomain(host)) => {
            Message::new("error-site-not-one-owner").with("site", quoted(host))
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

/// What to tell the user about an account typed in (or given field by field) that breaks one of the
/// rules for accounts: which field, and the rule with its limits; the library's English as details.
pub fn account_fields(error: &FieldsError) -> Message {
    use keyfob_core::otp::{Algorithm, Digits, MAX_PERIOD, MIN_PERIOD};
    let message = match error {
        FieldsError::Algorithm(algorithm) => Message::new("error-account-algorithm")
            .with("algorithm", algorithm)
            .with("supported", Algorithm::ALL.map(Algorithm::name).join(", ")),
        FieldsError::Digits(digits) => Message::new("error-account-digits")
            .with("digits", *digits)
            .with("min", Digits::MIN)
            .with("max", Digits::MAX),
        FieldsError::Period(period) => {
            Message::new("error-account-period").with("period", *period).with("min", MIN_PERIOD).with("max", MAX_PERIOD)
        }
        FieldsError::Type(kind) => Message::new("error-account-type").with("type", quoted(kind)),
        FieldsError::Secret(secret) => self::secret(secret),
        FieldsError::Name(name) => self::name(name),
        other => return by_kind(other.kind(), other),
    };
    message.details(error.to_string())
}

/// What is wrong with a secret key as typed (or given): the rule it breaks, never the secret. Without
/// details: the window checks the secret as it is typed and shows this beside the field.
pub fn secret(error: &SecretError) -> Message {
    match error {
        SecretError::Empty => Message::new("error-secret-empty"),
        SecretError::InvalidCharacter { position } => {
            Message::new("error-secret-not-base32").with("position", *position)
        }
        SecretError::InvalidLength { len } => Message::new("error-secret-length").with("length", *len),
        SecretError::TooLong => {
            Message::new("error-secret-too-long").with("max", keyfob_core::secret::MAX_SECRET_CHARS)
        }
        other => by_kind(other.kind(), other),
    }
}

/// Which of an account's names the rule is about, as the catalogue chooses its words by it: `issuer`
/// (the service), `group`, else `account` (the account's own name).
fn name_field(field: &str) -> &'static str {
    match field {
        "issuer" => "issuer",
        "group" => "group",
        _ => "account",
    }
}

/// The rule for names an issuer, an account name or a group breaks.
fn name(error: &NameError) -> Message {
    match error {
        // Its length is in bytes, which people do not count: the limit is said, the length is in the details.
        NameError::TooLong { field, .. } => Message::new("error-name-too-long")
            .with("field", name_field(field))
            .with("max", keyfob_core::account::MAX_NAME_BYTES),
        NameError::ControlCharacter { field, .. } => {
            Message::new("error-name-control-character").with("field", name_field(field))
        }
        NameError::InvisibleCharacter { field, .. } => {
            Message::new("error-name-invisible-character").with("field", name_field(field))
        }
        NameError::Nameless => Message::new("error-name-missing"),
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

/// What to tell the user about an entry of an import (or a text) that could not become an account:
/// which entry, in the user's words, and why; the English line of the report as details where a
/// library's reason stands behind it.
pub fn import_problem(problem: &ImportProblem) -> Message {
    let why = reason(&problem.reason);
    let message = match &problem.entry {
        Some(place) => Message::new("import-problem-in").with("entry", entry(place)).with("reason", why),
        None => why,
    };
    if carries_a_reason(&problem.reason) { message.details(problem.to_string()) } else { message }
}

/// Whether behind `reason` stands a library's own English reason worth keeping for support.
fn carries_a_reason(reason: &Reason) -> bool {
    match reason {
        Reason::Fields(_)
        | Reason::Secret(_)
        | Reason::Name(_)
        | Reason::Link(_)
        | Reason::Export(_)
        | Reason::Unusable(_)
        | Reason::InLink(_) => true,
        Reason::NoLink
        | Reason::MissingBatches { .. }
        | Reason::EntryType(_)
        | Reason::SteamWithoutLink
        | Reason::Trashed => false,
        // A reason added later keeps its English for support until it has a message of its own.
        _ => true,
    }
}

/// Which entry of a file, as a person finds it there.
fn entry(place: &Entry) -> Message {
    let own = match (place.noun, place.position, &place.name) {
        (Noun::Line, Some(number), _) => Message::new("import-entry-line").with("position", number),
        (_, Some(position), Some(name)) => {
            Message::new("import-entry-numbered-named").with("position", position).with("name", quoted(name))
        }
        (_, Some(position), None) => Message::new("import-entry-numbered").with("position", position),
        (_, None, name) => Message::new("import-entry-named").with("name", quoted(name.as_deref().unwrap_or_default())),
    };
    match &place.outer {
        Some(outer) => Message::new("import-entry-within").with("outer", entry(outer)).with("entry", own),
        None => own,
    }
}

/// Why an entry could not become an account.
fn reason(reason: &Reason) -> Message {
    match reason {
        Reason::Fields(_) => Message::new("import-reason-fields"),
        Reason::Secret(_) => Message::new("import-reason-secret"),
        Reason::Name(_) => Message::new("import-reason-name"),
        Reason::NoLink => Message::new("import-reason-no-link"),
        Reason::Link(_) => Message::new("import-reason-link"),
        Reason::Export(_) => Message::new("import-reason-google-export"),
        Reason::Unusable(_) => Message::new("import-reason-google-account"),
        Reason::MissingBatches { size, missing, .. } => Message::new("import-reason-missing-codes")
            .with("size", *size)
            .with("missing", missing.iter().map(u32::to_string).collect::<Vec<_>>().join(", "))
            .with("count", missing.len()),
        Reason::EntryType(kind) => Message::new("import-reason-entry-type").with("type", quoted(kind)),
        Reason::SteamWithoutLink => Message::new("import-reason-steam-without-link"),
        Reason::Trashed => Message::new("import-reason-trashed"),
        // What the entry's link held: the first reason says what to fix (the details list them all).
        Reason::InLink(problems) => {
            problems.first().map_or(Message::new("import-reason-link"), |p| self::reason(&p.reason))
        }
        other => by_kind(other.kind(), other),
    }
}

/// What to tell the user about a part of an imported account that Keyfob could not keep: which entry,
/// what was left out and why; the report's English line as details.
pub fn omission(omission: &Omission) -> Message {
    use keyfob_vault::portable::LeftOut;
    let part = match &omission.part {
        Omitted::Organised(LeftOut::Group { name, .. }) => {
            Message::new("import-left-out-group").with("group", quoted(name))
        }
        Omitted::Organised(LeftOut::MoreGroups(count)) => {
            Message::new("import-left-out-more-groups").with("count", *count).with("max", keyfob_vault::MAX_GROUPS)
        }
        Omitted::Organised(LeftOut::Note(_)) => Message::new("import-left-out-note"),
        Omitted::Icon(_) => Message::new("import-left-out-icon"),
        Omitted::Site { address, .. } => Message::new("import-left-out-site").with("address", quoted(address)),
        Omitted::MoreSites(count) => {
            Message::new("import-left-out-more-sites").with("count", *count).with("max", keyfob_core::site::MAX_SITES)
        }
        other => by_kind(keyfob_core::Kind::Rejected, other),
    };
    Message::new("import-left-out")
        .with("entry", entry(&omission.entry))
        .with("part", part)
        .details(omission.to_string())
}

/// What to tell the user about a push setup link (`otpauth://pipush/…`) that cannot be used; the
/// protocol's English reason as details.
pub fn push_link(error: &keyfob_push_proto::LinkError) -> Message {
    with_details("import-reason-push-link", error)
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
    fn a_failed_automatic_backup_says_what_failed_naming_the_folder_and_keeps_its_path_for_support() {
        use keyfob_store::BackupFailure;
        let folder = PathBuf::from("/media/usb/keyfob");
        let error = |failure| keyfob_store::BackupError { folder: folder.clone(), failure, reason: "gone".into() };
        let missing = error(BackupFailure::FolderMissing);
        let message = backup_failed(&missing);
        assert_eq!(
            message,
            Message::new("error-backup-folder-missing").with("folder", "keyfob").details(missing.to_string())
        );
        let english = keyfob_i18n::Catalogue::new(keyfob_i18n::Language::English).format(&message);
        assert_eq!(
            english,
            "The automatic backup failed: the backup folder keyfob is not there. If it is on a drive, plug the drive in."
        );
        assert!(message.details.as_deref().is_some_and(|d| d.contains("/media/usb/keyfob") && d.contains("gone")));
        assert_eq!(backup_failed(&error(BackupFailure::NotWritten)).id, "error-backup-not-written");
        assert_eq!(backup_failed(&error(BackupFailure::NotPruned)).id, "error-backup-not-pruned");
    }

    /// The status words what its `last_failure` keeps, and an old status (English alone) in general.
    #[test]
    fn the_last_backups_failure_is_worded_from_the_status_and_an_old_one_in_general() {
        use keyfob_store::{BackupFailure, BackupStatus, LastFailure};
        assert_eq!(last_backup_failed(&BackupStatus::default()), None);
        let old = BackupStatus { last_error: Some("the automatic backup failed".into()), ..BackupStatus::default() };
        assert_eq!(
            last_backup_failed(&old),
            Some(Message::new("error-auto-backup-failed").details("the automatic backup failed"))
        );
        let failure = LastFailure { failure: BackupFailure::NotPruned, folder: PathBuf::from("/srv/backups/keyfob") };
        let new = BackupStatus { last_failure: Some(failure), ..old };
        assert_eq!(
            last_backup_failed(&new),
            Some(
                Message::new("error-backup-not-pruned").with("folder", "keyfob").details("the automatic backup failed")
            )
        );
    }

    #[test]
    fn a_backup_folder_that_cannot_be_used_is_named_by_its_name() {
        let error = Error::BackupFolder {
            folder: PathBuf::from("/home/ann/Backups/keyfob"),
            source: std::io::Error::from(std::io::ErrorKind::PermissionDenied),
        };
        let message = error.message();
        assert_eq!(
            (message.id, message.args),
            ("error-backup-folder", vec![("folder", keyfob_i18n::Arg::from("keyfob"))])
        );
        assert!(message.details.is_some_and(|d| d.starts_with("/home/ann/Backups/keyfob: ")));
    }

    /// A name from a file is quoted short and inert: a megabyte of it, or a right-to-left override that
    /// would turn the sentence's own words around, stays out of the sentence.
    #[test]
    fn names_from_outside_are_quoted_short_and_inert() {
        let hostile = format!("Bank\u{202e}kcaB\u{1b}]52;c;x\u{7}{}", "é".repeat(1 << 20));
        let problem = ImportProblem { entry: Some(Entry::named("entry", hostile.clone())), reason: Reason::NoLink };
        let escaped = r"Bank\u{202e}kcaB\u{1b}]52;c;x\u{7}";
        let quoted_name = format!("{escaped}{}…", "é".repeat(QUOTED_CHARS - escaped.chars().count()));
        assert_eq!(quoted(&hostile), quoted_name);
        assert_eq!(quoted_name.chars().count(), QUOTED_CHARS + 1);
        assert_eq!(
            import_problem(&problem),
            Message::new("import-problem-in")
                .with("entry", Message::new("import-entry-named").with("name", quoted_name))
                .with("reason", Message::new("import-reason-no-link"))
        );
        assert_eq!(quoted("GitHub (alice)"), "GitHub (alice)", "a plain name is quoted as it is");
        assert_eq!(quoted(&"x".repeat(QUOTED_CHARS)), "x".repeat(QUOTED_CHARS), "up to the limit, whole");
        assert_eq!(file_name(Path::new("/home/ann/\u{202e}fdp.exe")), "\\u{202e}fdp.exe");
    }

    /// Each reason an entry could not be used has its message, and the entry its words.
    #[test]
    fn each_import_problem_says_which_entry_and_why() {
        use keyfob_core::account::{FieldsError, NameError};
        use keyfob_core::secret::SecretError;
        use keyfob_interop::google::migration::Unusable;
        let yandex = || Some(Entry::numbered("entry", 4, "Yandex (ivan)"));
        let entry_4 =
            || Message::new("import-entry-numbered-named").with("position", 4_u64).with("name", "Yandex (ivan)");
        let problem = |reason| ImportProblem { entry: yandex(), reason };
        let in_entry =
            |reason: Message| Message::new("import-problem-in").with("entry", entry_4()).with("reason", reason);
        let link_error = keyfob_core::uri::parse("otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=9").unwrap_err();
        let with_library_reason = [
            (Reason::Fields(FieldsError::Digits(9)), "import-reason-fields"),
            (Reason::Secret(SecretError::Empty), "import-reason-secret"),
            (Reason::Name(NameError::TooLong { field: "issuer", len: 999 }), "import-reason-name"),
            (Reason::Link(link_error), "import-reason-link"),
            (Reason::Unusable(Unusable::Md5), "import-reason-google-account"),
        ];
        for (reason, id) in with_library_reason {
            let problem = problem(reason);
            assert_eq!(import_problem(&problem), in_entry(Message::new(id)).details(problem.to_string()));
        }
        let plain = [
            (Reason::NoLink, Message::new("import-reason-no-link")),
            (Reason::SteamWithoutLink, Message::new("import-reason-steam-without-link")),
            (Reason::Trashed, Message::new("import-reason-trashed")),
            (Reason::EntryType("Hotp".into()), Message::new("import-reason-entry-type").with("type", "Hotp")),
        ];
        for (reason, said) in plain {
            assert_eq!(import_problem(&problem(reason)), in_entry(said));
        }
        let missing =
            ImportProblem { entry: None, reason: Reason::MissingBatches { id: 7, size: 3, missing: vec![1, 3] } };
        assert_eq!(
            import_problem(&missing),
            Message::new("import-reason-missing-codes")
                .with("size", 3_u32)
                .with("missing", "1, 3")
                .with("count", 2_usize)
        );
        let inner = ImportProblem { entry: None, reason: Reason::Secret(SecretError::Empty) };
        let in_link = problem(Reason::InLink(vec![inner]));
        assert_eq!(
            import_problem(&in_link),
            in_entry(Message::new("import-reason-secret")).details(in_link.to_string())
        );
        let on_a_line = ImportProblem { entry: Some(Entry::named("skipped", "Bank")), reason: Reason::NoLink }
            .within(Entry::line(3));
        assert_eq!(
            import_problem(&on_a_line),
            Message::new("import-problem-in")
                .with(
                    "entry",
                    Message::new("import-entry-within")
                        .with("outer", Message::new("import-entry-line").with("position", 3_usize))
                        .with("entry", Message::new("import-entry-named").with("name", "Bank"))
                )
                .with("reason", Message::new("import-reason-no-link"))
        );
        let dutch = keyfob_i18n::Catalogue::new(keyfob_i18n::Language::Dutch);
        assert_eq!(dutch.format(&import_problem(&on_a_line)), "Regel 3, “Bank”: Er staat geen otpauth://-link in.");
        let unnumbered = Entry { name: None, ..Entry::numbered("token", 2, "") };
        assert_eq!(
            import_problem(&ImportProblem { entry: Some(unnumbered), reason: Reason::Trashed }),
            Message::new("import-problem-in")
                .with("entry", Message::new("import-entry-numbered").with("position", 2_usize))
                .with("reason", Message::new("import-reason-trashed"))
        );
    }

    /// Each part of an entry left out has its message; the report's English line is the details.
    #[test]
    fn each_part_left_out_says_which_entry_what_and_why() {
        use keyfob_core::icon::IconError;
        use keyfob_core::site::SiteError;
        use keyfob_vault::OrganiseError;
        use keyfob_vault::portable::LeftOut;
        let entry_2 = || Message::new("import-entry-named").with("name", "GitHub");
        let parts = [
            (
                Omitted::Organised(LeftOut::Group { name: "x".into(), reason: OrganiseError::EmptyGroup }),
                Message::new("import-left-out-group").with("group", "x"),
            ),
            (
                Omitted::Organised(LeftOut::MoreGroups(3)),
                Message::new("import-left-out-more-groups")
                    .with("count", 3_usize)
                    .with("max", keyfob_vault::MAX_GROUPS),
            ),
            (
                Omitted::Organised(LeftOut::Note(OrganiseError::NoteTooLong { len: 99_999 })),
                Message::new("import-left-out-note"),
            ),
            (Omitted::Icon(IconError::OverBudget), Message::new("import-left-out-icon")),
            (
                Omitted::Site { address: "ftp.example".into(), reason: SiteError::NotAnAddress },
                Message::new("import-left-out-site").with("address", "ftp.example"),
            ),
            (
                Omitted::MoreSites(984),
                Message::new("import-left-out-more-sites")
                    .with("count", 984_usize)
                    .with("max", keyfob_core::site::MAX_SITES),
            ),
        ];
        for (part, said) in parts {
            let left_out = Omission { entry: Entry::named("item", "GitHub"), part };
            let expected = Message::new("import-left-out")
                .with("entry", entry_2())
                .with("part", said)
                .details(left_out.to_string());
            assert_eq!(omission(&left_out), expected);
        }
        let german = keyfob_i18n::Catalogue::new(keyfob_i18n::Language::German);
        let more = Omission { entry: Entry::numbered("entry", 6, "Bank (bob)"), part: Omitted::MoreSites(984) };
        assert_eq!(
            german.format(&omission(&more)),
            "Eintrag 6 („Bank (bob)“): 984 weitere Websites wurden weggelassen: Ein Konto kann mit höchstens 16 Websites verknüpft sein."
        );
    }

    #[test]
    fn a_push_link_that_cannot_be_used_is_said_with_the_protocols_reason_as_details() {
        let error = keyfob_push_proto::parse_link("otpauth://pipush/x?secret=&enrollment_credential=1").unwrap_err();
        assert_eq!(push_link(&error), Message::new("import-reason-push-link").details(error.to_string()));
    }

    /// Each rule an account typed in (or renamed) can break is its own message, its limits as arguments,
    /// the library's English as details; the secret is never among them.
    #[test]
    fn each_rule_an_account_breaks_is_its_own_message_with_its_limits() {
        use keyfob_core::account::Fields;
        const GOOD: &str = "JBSWY3DPEHPK3PXP";
        let typed = Fields {
            kind: "totp",
            algorithm: None,
            digits: None,
            period: None,
            counter: None,
            secret: GOOD,
            issuer: Some("ACME"),
            name: "alice",
        };
        let too_long_secret = "A".repeat(1640);
        let too_long_name = "x".repeat(300);
        let cases = [
            (
                Fields { algorithm: Some("MD5"), ..typed },
                Message::new("error-account-algorithm")
                    .with("algorithm", "MD5")
                    .with("supported", "SHA1, SHA256, SHA512"),
            ),
            (
                Fields { digits: Some(9), ..typed },
                Message::new("error-account-digits").with("digits", 9_u8).with("min", 6_u8).with("max", 8_u8),
            ),
            (
                Fields { digits: Some(5), kind: "hotp", counter: Some(3), ..typed },
                Message::new("error-account-digits").with("digits", 5_u8).with("min", 6_u8).with("max", 8_u8),
            ),
            (
                Fields { period: Some(0), ..typed },
                Message::new("error-account-period").with("period", 0_u32).with("min", 1_u32).with("max", 86_400_u32),
            ),
            (
                Fields { period: Some(86_401), ..typed },
                Message::new("error-account-period")
                    .with("period", 86_401_u32)
                    .with("min", 1_u32)
                    .with("max", 86_400_u32),
            ),
            (Fields { kind: "mOTP", ..typed }, Message::new("error-account-type").with("type", "mOTP")),
            (Fields { secret: " = ", ..typed }, Message::new("error-secret-empty")),
            (
                Fields { secret: "JBSWY3DPEHPK3PX1", ..typed },
                Message::new("error-secret-not-base32").with("position", 16_usize),
            ),
            (
                Fields { secret: "JBSWY3DPEHPK3PXPA", ..typed },
                Message::new("error-secret-length").with("length", 17_usize),
            ),
            (
                Fields { secret: &too_long_secret, ..typed },
                Message::new("error-secret-too-long").with("max", 1639_usize),
            ),
            (
                Fields { name: &too_long_name, ..typed },
                Message::new("error-name-too-long").with("field", "account").with("max", 256_usize),
            ),
            (
                Fields { issuer: Some("AC\u{7}ME"), ..typed },
                Message::new("error-name-control-character").with("field", "issuer"),
            ),
            (
                Fields { name: "ali\u{200B}ce", ..typed },
                Message::new("error-name-invisible-character").with("field", "account"),
            ),
            (Fields { issuer: None, name: "  ", ..typed }, Message::new("error-name-missing")),
        ];
        let english = keyfob_i18n::Catalogue::new(keyfob_i18n::Language::English);
        for (fields, said) in cases {
            let error = fields.build().unwrap_err();
            let message = account_fields(&error);
            assert_eq!(message, said.details(error.to_string()), "{error:?}");
            let words = english.format(&message);
            assert!(words != message.id && !words.contains("{$"), "{}: {words}", message.id);
            assert!(!words.contains(GOOD) && !message.details.unwrap_or_default().contains(GOOD));
        }
        assert!(Fields { secret: &too_long_secret[..1639], ..typed }.build().is_ok(), "the limit said is the limit");
    }

    /// A name a rename breaks the rules with says the same as one typed in; the window's check of a
    /// secret as it is typed says what adding it would, without details.
    #[test]
    fn a_renamed_name_and_a_secret_checked_as_typed_say_the_rule_they_break() {
        let nameless = VaultError::Name(NameError::Nameless);
        assert_eq!(
            Error::from(nameless).message(),
            Message::new("error-name-missing").details(NameError::Nameless.to_string())
        );
        let group = keyfob_core::account::check_name("group", "a\nb").unwrap_err();
        assert_eq!(
            Error::from(VaultError::Name(group.clone())).message(),
            Message::new("error-name-control-character").with("field", "group").details(group.to_string())
        );
        assert_eq!(secret(&SecretError::TooLong), Message::new("error-secret-too-long").with("max", 1639_usize));
        let german = keyfob_i18n::Catalogue::new(keyfob_i18n::Language::German);
        let too_long = NameError::TooLong { field: "issuer", len: 300 };
        assert_eq!(
            german.format(&name(&too_long)),
            "Der Name des Dienstes ist zu lang: Keyfob nimmt höchstens 256 Zeichen an (weniger mit Buchstaben wie é). Kürzen Sie ihn."
        );
        let dutch = keyfob_i18n::Catalogue::new(keyfob_i18n::Language::Dutch);
        assert_eq!(
            dutch.format(&account_fields(&FieldsError::Digits(9))),
            "Een code moet tussen 6 en 8 cijfers hebben, niet 9."
        );
    }

    #[test]
    fn a_number_to_pick_is_named_in_every_language() {
        let message = Error::Respond(RespondError::NeedsNumber(vec!["12".into(), "47".into()])).message();
        let dutch = keyfob_i18n::Catalogue::new(keyfob_i18n::Language::Dutch).format(&message);
        assert_eq!(dutch, "Deze aanmelding vraagt welk getal de inlogpagina toont: kies uit 12, 47.");
    }
}
