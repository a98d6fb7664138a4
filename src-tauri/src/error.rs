//! Errors as the window receives them: `{ code, message, hint, details }`, the code one of [`Code`]'s
//! (stable, for the UI to branch on), the message and hint worded in the run's language from the
//! catalogues: what happened, and what to do in the app (never a terminal command, a path or an error
//! number). The application layer's failures are worded by what it says about them
//! (`keyfob_session::Error::message`, `locales/*/errors.ftl`), the app's own from `locales/*/app.ftl`; the
//! technical reason (a path, the operating system's words) is never inside the message: it stays in Rust
//! for "Copy details for support", and `details` is only the number it is kept under (`crate::details`).

use keyfob_session::model::{KeychainError, StoreError};
use keyfob_session::{Error, Kind, Message};
use serde::Serialize;
use serde::ser::SerializeStruct;

/// Every kind of failure the window is told about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub(crate) enum Code {
    #[serde(rename = "vault.io")]
    VaultIo,
    #[serde(rename = "vault.damaged")]
    VaultDamaged,
    #[serde(rename = "vault.wrong_key")]
    VaultWrongKey,
    #[serde(rename = "vault.key_missing")]
    VaultKeyMissing,
    #[serde(rename = "vault.missing")]
    VaultMissing,
    #[serde(rename = "vault.locked")]
    VaultLocked,
    #[serde(rename = "vault.wrong_passphrase")]
    WrongPassphrase,
    #[serde(rename = "vault.passphrase")]
    BadPassphrase,
    #[serde(rename = "vault.current_passphrase")]
    CurrentPassphraseNeeded,
    #[serde(rename = "confirm.cancelled")]
    NotConfirmed,
    #[serde(rename = "vault.empty")]
    VaultEmpty,
    #[serde(rename = "vault.error")]
    VaultError,
    #[serde(rename = "keychain.locked")]
    KeychainLocked,
    #[serde(rename = "keychain.unavailable")]
    KeychainUnavailable,
    #[serde(rename = "account.missing")]
    AccountMissing,
    #[serde(rename = "account.invalid")]
    AccountInvalid,
    #[serde(rename = "preview.changed")]
    PreviewChanged,
    #[serde(rename = "link.invalid")]
    LinkInvalid,
    #[serde(rename = "image.no_qr")]
    ImageNoQr,
    #[serde(rename = "image.not_otp")]
    ImageNotOtp,
    #[serde(rename = "image.unreadable")]
    ImageUnreadable,
    #[serde(rename = "screen.unavailable")]
    ScreenUnavailable,
    #[serde(rename = "camera.none")]
    CameraNone,
    #[serde(rename = "camera.busy")]
    CameraBusy,
    #[serde(rename = "camera.refused")]
    CameraRefused,
    #[serde(rename = "camera.silent")]
    CameraSilent,
    #[serde(rename = "camera.unsupported")]
    CameraUnsupported,
    #[serde(rename = "camera.failed")]
    CameraFailed,
    #[serde(rename = "clipboard.failed")]
    ClipboardFailed,
    #[serde(rename = "clipboard.empty")]
    ClipboardEmpty,
    #[serde(rename = "shortcut.unavailable")]
    ShortcutUnavailable,
    #[serde(rename = "import.unreadable")]
    ImportUnreadable,
    #[serde(rename = "import.password_needed")]
    ImportPasswordNeeded,
    #[serde(rename = "import.wrong_password")]
    ImportWrongPassword,
    #[serde(rename = "import.unknown_format")]
    ImportUnknownFormat,
    #[serde(rename = "import.failed")]
    ImportFailed,
    #[serde(rename = "export.empty")]
    ExportEmpty,
    #[serde(rename = "export.cancelled")]
    ExportCancelled,
    #[serde(rename = "export.password")]
    ExportPassword,
    #[serde(rename = "export.failed")]
    ExportFailed,
    #[serde(rename = "icon.unreadable")]
    IconUnreadable,
    #[serde(rename = "backup.password")]
    BackupPassword,
    #[serde(rename = "backup.keep")]
    BackupKeep,
    #[serde(rename = "backup.folder")]
    BackupFolder,
    #[serde(rename = "backup.failed")]
    BackupFailed,
    #[serde(rename = "backup.off")]
    BackupOff,
    #[serde(rename = "push.none")]
    PushNone,
    #[serde(rename = "push.enrol")]
    PushEnrol,
    #[serde(rename = "push.gone")]
    PushGone,
    #[serde(rename = "push.decision")]
    PushDecision,
    #[serde(rename = "push.failed")]
    PushFailed,
    #[serde(rename = "autostart.failed")]
    AutostartFailed,
    #[serde(rename = "site_link.changed")]
    SiteLinkChanged,
    #[serde(rename = "pairing.changed")]
    PairingChanged,
    #[serde(rename = "pairing.full")]
    PairingFull,
    #[serde(rename = "input.invalid")]
    InputInvalid,
    #[serde(rename = "unsupported")]
    Unsupported,
    #[serde(rename = "limit")]
    Limit,
    #[serde(rename = "missing")]
    Missing,
    #[serde(rename = "conflict")]
    Conflict,
    #[serde(rename = "secret.needed")]
    SecretNeeded,
}

/// A command's failure: its code and what to say, worded when it is sent to the window.
#[derive(Debug)]
pub(crate) struct CommandError {
    code: Code,
    /// What happened (its `details` are sent apart, never in the sentence).
    message: Message,
    /// What to do, when the message does not say it already: the app's message id (no arguments).
    hint: Option<&'static str>,
}

impl Serialize for CommandError {
    /// `{ code, message, hint, details }` in the run's language; `details` is the number the technical
    /// details are kept under for "Copy details for support" (`crate::details`), `null` when there are none.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = serializer.serialize_struct("CommandError", 4)?;
        out.serialize_field("code", &self.code)?;
        out.serialize_field("message", &self.message())?;
        out.serialize_field("hint", &self.hint.map(crate::words::text))?;
        out.serialize_field("details", &crate::details::keep(self.details()))?;
        out.end()
    }
}

impl CommandError {
    /// Which kind of failure it is.
    pub(crate) fn code(&self) -> Code {
        self.code
    }

    /// What the window would show, in the run's language.
    pub(crate) fn message(&self) -> String {
        crate::words::said(&self.message)
    }

    /// The technical details for support (untranslated), empty when there are none.
    pub(crate) fn details(&self) -> &str {
        self.message.details.as_deref().unwrap_or_default()
    }

    /// A failure with its code and what to say (see [`Message`]; its details go to `details`).
    pub(crate) fn new(code: Code, message: Message) -> Self {
        Self { code, message, hint: None }
    }

    /// The failure `code` saying the app's message `id` (no arguments), with `details` for support.
    pub(crate) fn said(code: Code, id: &'static str, details: impl std::fmt::Display) -> Self {
        Self::new(code, Message::new(id).details(details.to_string()))
    }

    /// The same failure with what to do: the app's message `id`.
    #[must_use]
    pub(crate) fn hint(mut self, id: &'static str) -> Self {
        self.hint = Some(id);
        self
    }
}

impl From<keyfob_camera::Error> for CommandError {
    fn from(error: keyfob_camera::Error) -> Self {
        use keyfob_camera::Error as E;
        let (code, id, hint) = match &error {
            E::NoCamera => (Code::CameraNone, "app-error-camera-none", "app-hint-camera-none"),
            E::Busy => (Code::CameraBusy, "app-error-camera-busy", "app-hint-camera-busy"),
            E::Refused => (Code::CameraRefused, "app-error-camera-refused", "app-hint-camera-refused"),
            E::NoPicture => (Code::CameraSilent, "app-error-camera-silent", "app-hint-camera-busy"),
            E::Unsupported => (Code::CameraUnsupported, "app-error-camera-unsupported", "app-hint-camera-unsupported"),
            _ => (Code::CameraFailed, "app-error-camera-failed", "app-hint-camera-failed"),
        };
        let message = Message::new(id).with("seconds", keyfob_camera::FIRST_FRAME_TIMEOUT.as_secs());
        let message = if matches!(error, E::Failed(_)) { message.details(error.to_string()) } else { message };
        Self::new(code, message).hint(hint)
    }
}

impl From<StoreError> for CommandError {
    fn from(error: StoreError) -> Self {
        use Code::*;
        use keyfob_session::model::vault::Error as Vault;
        let code = match &error {
            StoreError::Io(_) => VaultIo,
            StoreError::Damaged { .. } => VaultDamaged,
            StoreError::WrongKey { .. } => VaultWrongKey,
            StoreError::KeyMissing { .. } => VaultKeyMissing,
            StoreError::Keychain { source: KeychainError::Locked { .. } } => KeychainLocked,
            StoreError::Keychain { .. } => KeychainUnavailable,
            StoreError::PassphraseNeeded { .. } => VaultLocked,
            StoreError::WrongPassphrase { .. } => WrongPassphrase,
            StoreError::VaultMissing { .. } => VaultMissing,
            StoreError::AutoBackup(_) => BackupFailed,
            StoreError::AutoBackupOff => BackupOff,
            StoreError::Vault(Vault::NoSuchAccount { .. }) => AccountMissing,
            StoreError::Vault(Vault::Name(_) | Vault::Organise(_) | Vault::Site(_)) => AccountInvalid,
            StoreError::Vault(Vault::BackupFolderNotPlain) => BackupFolder,
            StoreError::Vault(Vault::TooManyBrowsers) => PairingFull,
            other => by_kind(other.kind()),
        };
        Self::new(code, Error::Store(error).message())
    }
}

impl From<Error> for CommandError {
    fn from(error: Error) -> Self {
        let code = match error {
            Error::Store(e) => return e.into(),
            Error::NoVault => Code::VaultEmpty,
            Error::PreviewChanged => Code::PreviewChanged,
            Error::ImportFile(ref e) => import_code(e),
            Error::Enrol { .. } => Code::PushEnrol,
            Error::Respond(keyfob_session::push::RespondError::NotFound(_)) => Code::PushGone,
            Error::Respond(_) => Code::PushFailed,
            Error::NoPushTokens => Code::PushNone,
            Error::BackupFolder { .. } => Code::BackupFolder,
            Error::BackupKey(_) => Code::BackupFailed,
            Error::Export(_) => Code::ExportFailed,
            Error::NothingToExport => Code::ExportEmpty,
            Error::CurrentPassphraseNeeded => Code::CurrentPassphraseNeeded,
            Error::NoPairingRequest | Error::PairingCodeMismatch => Code::PairingChanged,
            ref other => by_kind(other.kind()),
        };
        Self::new(code, error.message())
    }
}

impl From<keyfob_session::model::vault::Error> for CommandError {
    fn from(error: keyfob_session::model::vault::Error) -> Self {
        StoreError::Vault(error).into()
    }
}

/// A push server that could not be reached, or refused (or the work asking it could not finish).
pub(crate) fn push_failed(error: impl std::fmt::Display) -> CommandError {
    CommandError::new(Code::PushFailed, Message::new("error-push-failed").details(error.to_string()))
}

/// A chosen password (a backup's, an export's) that is too short.
pub(crate) fn password_too_short(code: Code) -> CommandError {
    let min = keyfob_session::model::crypto::MIN_PASSWORD_CHARS;
    CommandError::new(code, Message::new("app-error-password-too-short").with("min", min))
}

/// The code of an import file that could not be read or imported.
fn import_code(error: &keyfob_session::import_files::Error) -> Code {
    use keyfob_session::model::import::Error as Import;
    match error.content() {
        None => Code::ImportUnreadable,
        Some(Import::PasswordNeeded) => Code::ImportPasswordNeeded,
        Some(Import::WrongPassword) => Code::ImportWrongPassword,
        Some(Import::UnknownFormat) => Code::ImportUnknownFormat,
        Some(_) => Code::ImportFailed,
    }
}

/// The window's code for a failure no case above gives one, by its kind: the one table every new error
/// falls into (what is said about it is the application layer's, `error-kind-*` until it has its own).
fn by_kind(kind: Kind) -> Code {
    match kind {
        Kind::Input | Kind::Rejected => Code::InputInvalid,
        // Not the vault's own lock (`vault.locked` opens its unlock dialog): some other secret is needed.
        Kind::Locked => Code::SecretNeeded,
        Kind::WrongSecret => Code::WrongPassphrase,
        Kind::Integrity => Code::VaultDamaged,
        Kind::Unsupported => Code::Unsupported,
        Kind::Limit => Code::Limit,
        Kind::NotFound => Code::Missing,
        Kind::Conflict => Code::Conflict,
        Kind::Environment => Code::VaultError,
    }
}

#[cfg(test)]
mod tests {
    use keyfob_session::model::vault;

    use super::*;

    #[test]
    fn a_failure_without_words_of_its_own_is_worded_by_its_kind() {
        let cases: [(StoreError, Code); 5] = [
            (vault::Error::Full.into(), Code::Limit),
            (vault::Error::KeepOutOfRange { keep: 0 }.into(), Code::InputInvalid),
            (vault::Error::UnsupportedVersion { found: 9 }.into(), Code::Unsupported),
            (vault::Error::NoSuchBrowser { id: 3 }.into(), Code::Missing),
            (vault::Error::IntegrityFailure.into(), Code::VaultDamaged),
        ];
        for (error, code) in cases {
            let shown = CommandError::from(error);
            assert_eq!(shown.code(), code, "{}", shown.message());
            assert!(shown.message().starts_with(char::is_uppercase), "a sentence: {}", shown.message());
        }
        // Every kind has its code: the table is a match, so a new kind cannot go unworded.
        assert_eq!(by_kind(Kind::Locked), Code::SecretNeeded, "not the vault's unlock dialog");
    }

    #[test]
    fn a_path_or_an_error_number_goes_to_the_details_never_into_the_message() {
        let path = std::path::PathBuf::from("/home/ann/.local/share/keyfob/vault.json");
        let io = std::io::Error::from_raw_os_error(28);
        let failures = [
            CommandError::from(StoreError::Damaged {
                path: path.clone(),
                backup: None,
                source: vault::Error::IntegrityFailure,
            }),
            CommandError::from(Error::from(keyfob_session::import_files::Error::Unreadable { path, source: io })),
            CommandError::from(keyfob_camera::Error::Failed("v4l2: /dev/video0 (os error 16)".into())),
        ];
        for failure in failures {
            let sent = serde_json::to_value(&failure).unwrap_or_default();
            let said = format!("{} {}", sent["message"], sent["hint"]);
            assert!(!said.contains('/') && !said.contains("os error"), "{said}");
            assert!(!failure.details().is_empty(), "the reason is kept for support: {said}");
            assert!(!sent.to_string().contains(failure.details()), "the details stay in Rust: {sent}");
            let number = sent["details"].as_u64().unwrap_or_default();
            assert_eq!(crate::details::kept(number).as_deref(), Some(failure.details()), "copied for support");
        }
    }
}
