//! Errors as the window receives them: `{ code, message, hint }`, the code one of [`Code`]'s (stable, for
//! the UI to branch on), the message and hint written for a window: what happened, and what to do in the
//! app (never a terminal command).

use keyfob_session::model::{KeychainError, StoreError};
use keyfob_session::{Error, Kind};
use serde::Serialize;

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

/// A command's failure, as the window receives it.
#[derive(Debug, Serialize)]
pub(crate) struct CommandError {
    code: Code,
    message: String,
    hint: Option<&'static str>,
}

impl CommandError {
    /// Which kind of failure it is.
    pub(crate) fn code(&self) -> Code {
        self.code
    }

    /// What the window would show.
    pub(crate) fn message(&self) -> &str {
        &self.message
    }

    /// A failure with its code, what happened, and what to do (when there is something to do).
    pub(crate) fn new(code: Code, message: impl Into<String>, hint: Option<&'static str>) -> Self {
        Self { code, message: message.into(), hint }
    }
}

impl From<keyfob_camera::Error> for CommandError {
    fn from(error: keyfob_camera::Error) -> Self {
        use keyfob_camera::Error as E;
        let code = match &error {
            E::NoCamera => Code::CameraNone,
            E::Busy => Code::CameraBusy,
            E::Refused => Code::CameraRefused,
            E::NoPicture => Code::CameraSilent,
            E::Unsupported => Code::CameraUnsupported,
            _ => Code::CameraFailed,
        };
        Self::new(code, capitalised(&error), Some(error.hint()))
    }
}

const RESTORE: &str = "Restore a Keyfob backup, or ask for help: Keyfob left the file as it was.";
const KEYCHAIN: &str = "Keyfob keeps its key in your desktop's keychain (GNOME Keyring, KWallet or KeePassXC): unlock or start it, then try again.";

impl From<StoreError> for CommandError {
    fn from(error: StoreError) -> Self {
        use Code::*;
        let path = |p: &std::path::Path| p.display().to_string();
        match error {
            StoreError::Io(e) => {
                Self::new(VaultIo, format!("Keyfob cannot {} {}: {}", e.action, path(&e.path), e.source), None)
            }
            StoreError::Damaged { path: p, backup: Some(b), source } => Self::new(
                VaultDamaged,
                format!(
                    "The vault {} cannot be used ({source}). Its previous version {} is still there.",
                    path(&p),
                    path(&b)
                ),
                Some(RESTORE),
            ),
            StoreError::Damaged { path: p, backup: None, source } => {
                Self::new(VaultDamaged, format!("The vault {} cannot be used ({source}).", path(&p)), Some(RESTORE))
            }
            StoreError::WrongKey { .. } => Self::new(
                VaultWrongKey,
                "The key in your keychain does not open this vault. Nothing was changed.",
                Some("If this vault came from another computer, bring that computer's keychain entry too."),
            ),
            StoreError::KeyMissing { .. } => Self::new(
                VaultKeyMissing,
                "Your keychain has no key for this vault. Nothing was changed and no new key was made.",
                Some("If the keychain was reset, restore it from its backup; or restore a Keyfob backup."),
            ),
            StoreError::Keychain { source: KeychainError::Locked { .. } } => {
                Self::new(KeychainLocked, "Your keychain is locked", Some(KEYCHAIN))
            }
            StoreError::Keychain { .. } => Self::new(KeychainUnavailable, "No keychain is available", Some(KEYCHAIN)),
            StoreError::PassphraseNeeded { .. } => {
                Self::new(VaultLocked, "Keyfob is locked", Some("Enter your passphrase."))
            }
            // Said in the unlock dialog, beside the field: nothing to add.
            StoreError::WrongPassphrase { .. } => Self::new(WrongPassphrase, "Wrong passphrase", None),
            StoreError::VaultMissing { vault, backup } => Self::new(
                VaultMissing,
                format!("The vault {} is missing, but its previous version {} is there.", path(&vault), path(&backup)),
                Some("Copy the previous version back in place of the vault, then reopen Keyfob."),
            ),
            StoreError::AutoBackup(e) => Self::new(
                BackupFailed,
                format!("The backup to {} failed: {}", path(&e.folder), e.reason),
                Some("Check that the folder exists and is writable, or choose another."),
            ),
            StoreError::AutoBackupOff => Self::new(BackupOff, "Automatic backups are off", Some("Turn them on first.")),
            StoreError::Vault(keyfob_session::model::vault::Error::NoSuchAccount { id }) => Self::new(
                AccountMissing,
                format!("Account {id} is no longer in the vault"),
                Some("The list will refresh."),
            ),
            StoreError::Vault(e @ keyfob_session::model::vault::Error::Name(_)) => {
                Self::new(AccountInvalid, e.to_string(), None)
            }
            StoreError::Vault(
                e @ (keyfob_session::model::vault::Error::Organise(_) | keyfob_session::model::vault::Error::Site(_)),
            ) => Self::new(AccountInvalid, capitalised(&e), None),
            // (The folder is not repeated: it may be a page script's, written to mislead.)
            StoreError::Vault(keyfob_session::model::vault::Error::BackupFolderNotPlain) => Self::new(
                BackupFolder,
                "Keyfob keeps backups only in a folder named by its full, plain path",
                Some("Choose the folder with Choose…, ideally on another drive or a synced folder."),
            ),
            StoreError::Vault(keyfob_session::model::vault::Error::TooManyBrowsers) => Self::new(
                PairingFull,
                format!("Keyfob is paired with {} browsers already", keyfob_session::model::pairing::MAX_PAIRED),
                Some("Remove a browser you no longer use in Settings, then pair again."),
            ),
            other => by_kind(other.kind(), &other),
        }
    }
}

impl From<Error> for CommandError {
    fn from(error: Error) -> Self {
        match error {
            Error::Store(e) => e.into(),
            Error::NoVault => Self::new(Code::VaultEmpty, "There are no accounts yet", None),
            Error::PreviewChanged => Self::new(
                Code::PreviewChanged,
                "What is waiting to be added changed while you looked: a new link or code arrived",
                Some("Nothing was added. Check the list again, then confirm."),
            ),
            Error::ImportFile(e) => import_error(&e),
            Error::Enrol { serial, source } => Self::new(
                Code::PushEnrol,
                format!("{serial}: {source}"),
                Some("Reload the setup page for a new QR code and scan it again."),
            ),
            Error::Respond(e @ keyfob_session::push::RespondError::NotFound(_)) => Self::new(
                Code::PushGone,
                e.to_string(),
                Some("The login page has moved on; log in again if you need to."),
            ),
            Error::Respond(e) => push_failed(e),
            Error::NoPushTokens => Self::new(Code::PushNone, "There are no push approvals set up", None),
            Error::BackupFolder { folder, source } => Self::new(
                Code::BackupFolder,
                format!("Keyfob cannot keep backups in {}: {source}", folder.display()),
                Some("Choose a folder you can write to, ideally on another drive or a synced folder."),
            ),
            Error::BackupKey(e) => Self::new(Code::BackupFailed, e.to_string(), None),
            Error::Export(e) => Self::new(Code::ExportFailed, e.to_string(), None),
            Error::NothingToExport => Self::new(Code::ExportEmpty, "There are no accounts to export yet", None),
            Error::CurrentPassphraseNeeded => Self::new(
                Code::CurrentPassphraseNeeded,
                "Type your current passphrase to change or remove it",
                Some("Nothing was changed."),
            ),
            Error::NoPairingRequest => Self::new(
                Code::PairingChanged,
                "No browser is waiting to be paired any more",
                Some("Ask again from the Keyfob button in your browser's toolbar."),
            ),
            Error::PairingCodeMismatch => Self::new(
                Code::PairingChanged,
                "Another browser asked to be paired in the meantime, with another code; nothing was paired",
                Some("Compare the new code with your browser's before you pair."),
            ),
            other => by_kind(other.kind(), &other),
        }
    }
}

impl From<keyfob_session::model::vault::Error> for CommandError {
    fn from(error: keyfob_session::model::vault::Error) -> Self {
        StoreError::Vault(error).into()
    }
}

/// A push server that could not be reached, or refused.
pub(crate) fn push_failed(error: impl std::fmt::Display) -> CommandError {
    CommandError::new(
        Code::PushFailed,
        error.to_string(),
        Some("Check the network, or that the login service is running."),
    )
}

fn import_error(error: &keyfob_session::import_files::Error) -> CommandError {
    use keyfob_session::model::import::Error as Import;
    match error.content() {
        None => CommandError::new(Code::ImportUnreadable, error.to_string(), None),
        Some(Import::PasswordNeeded) => {
            CommandError::new(Code::ImportPasswordNeeded, "This export is protected by a password", None)
        }
        Some(Import::WrongPassword) => CommandError::new(
            Code::ImportWrongPassword,
            "Wrong password",
            Some("Use the password you chose when you exported from the other app."),
        ),
        Some(Import::UnknownFormat) => CommandError::new(
            Code::ImportUnknownFormat,
            "Keyfob does not recognise this file",
            Some(
                "Choose an export from Aegis, 2FAS, Bitwarden, andOTP, Ente Auth, a Keyfob backup, a list of otpauth:// links, or the QR images of a Google Authenticator export.",
            ),
        ),
        Some(_) => CommandError::new(Code::ImportFailed, error.to_string(), None),
    }
}

/// The window's code and hint for a failure no case above words itself, by its kind: the one table every
/// new error falls into (the cases above refine it where the window has more to say).
fn by_kind(kind: Kind, error: &impl std::fmt::Display) -> CommandError {
    let (code, hint) = match kind {
        Kind::Input | Kind::Rejected => (Code::InputInvalid, Some("Change what you entered, then try again.")),
        // Not the vault's own lock (`vault.locked` opens its unlock dialog): some other secret is needed.
        Kind::Locked => (Code::SecretNeeded, None),
        Kind::WrongSecret => (Code::WrongPassphrase, None),
        Kind::Integrity => (Code::VaultDamaged, Some(RESTORE)),
        Kind::Unsupported => (Code::Unsupported, Some("A newer Keyfob may read it.")),
        Kind::Limit => (Code::Limit, None),
        Kind::NotFound => (Code::Missing, Some("The list will refresh.")),
        Kind::Conflict => (Code::Conflict, None),
        Kind::Environment => (Code::VaultError, None),
    };
    CommandError::new(code, capitalised(error), hint)
}

/// An error's message as a sentence for the window: capital first letter.
pub(crate) fn capitalised(message: &impl std::fmt::Display) -> String {
    let text = message.to_string();
    let mut chars = text.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
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
        let locked = by_kind(Kind::Locked, &"the file is encrypted; give its password");
        assert_eq!(locked.code(), Code::SecretNeeded, "not the vault's unlock dialog");
        assert_eq!(locked.message(), "The file is encrypted; give its password");
    }
}
