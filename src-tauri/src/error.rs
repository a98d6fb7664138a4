//! Errors as the UI receives them: a stable `{ code, message, hint }`, never a nested debug string.

use serde::Serialize;

/// A command's failure. `code` is stable for the UI to branch on (`vault.damaged`, `keychain.locked`, …);
/// `message` says what happened; `hint` what to do, when there is something to do.
#[derive(Debug, Serialize)]
pub struct CommandError {
    code: &'static str,
    message: String,
    hint: Option<String>,
}

impl CommandError {
    /// An error with its code, message and optional hint.
    pub fn new(code: &'static str, message: impl Into<String>, hint: Option<&str>) -> Self {
        Self { code, message: message.into(), hint: hint.map(str::to_owned) }
    }

    /// The account was removed meanwhile (by the CLI, say).
    pub fn no_such_account(id: u64) -> Self {
        Self::new("account.missing", format!("account {id} is no longer in the vault"), Some("The list will refresh."))
    }
}

impl From<keyfob_store::Error> for CommandError {
    fn from(error: keyfob_store::Error) -> Self {
        use keyfob_store::{Error, KeychainError};
        let code = match &error {
            Error::Io(_) => "vault.io",
            Error::Damaged { .. } => "vault.damaged",
            Error::WrongKey { .. } => "vault.wrong_key",
            Error::KeyMissing { .. } => "vault.key_missing",
            Error::Keychain { source: KeychainError::Locked { .. } } => "keychain.locked",
            Error::Keychain { .. } => "keychain.unavailable",
            Error::PassphraseNeeded { .. } => "vault.locked",
            Error::WrongPassphrase { .. } => "vault.wrong_passphrase",
            Error::VaultMissing { .. } => "vault.missing",
            Error::Vault(keyfob_core::vault::Error::NoSuchAccount { .. }) => "account.missing",
            Error::Vault(keyfob_core::vault::Error::Name(_)) => "account.invalid",
            Error::AutoBackup(_) => "backup.failed",
            Error::AutoBackupOff => "backup.off",
            _ => "vault.error",
        };
        // The store's messages already say what to do; the hint stays empty rather than repeat them.
        Self { code, message: error.to_string(), hint: None }
    }
}

impl From<keyfob_core::vault::Error> for CommandError {
    fn from(error: keyfob_core::vault::Error) -> Self {
        keyfob_store::Error::Vault(error).into()
    }
}
