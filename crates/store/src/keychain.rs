//! The OS keychain, behind a small trait so tests and the benchmark can count or replace what crosses it.

use keyfob_vault::VaultId;
use zeroize::Zeroizing;

/// The keychain service name every Keyfob entry is stored under.
pub const SERVICE: &str = "keyfob";

/// Why the keychain could not be used. None of these carries a key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum KeychainError {
    /// No keychain service answered (no Secret Service on the session bus, no D-Bus at all).
    #[error("no OS keychain is reachable ({detail})")]
    Unavailable {
        /// The platform's explanation.
        detail: String,
    },
    /// The keychain answered but refused access: locked, or access denied.
    #[error("the OS keychain is locked or refused access ({detail})")]
    Locked {
        /// The platform's explanation.
        detail: String,
    },
    /// Anything else the platform reported, described without the stored value.
    #[error("the OS keychain failed: {detail}")]
    Other {
        /// What happened.
        detail: String,
    },
}

/// Where vault keys are kept. One entry per vault, one read per open.
pub trait KeyStore {
    /// The stored text for `vault`, `None` when there is no entry.
    ///
    /// # Errors
    /// A [`KeychainError`] when the keychain cannot be asked.
    fn get(&self, vault: &VaultId) -> Result<Option<Zeroizing<String>>, KeychainError>;

    /// Stores `text` for `vault`, replacing any entry.
    ///
    /// # Errors
    /// A [`KeychainError`] when the keychain cannot be written.
    fn set(&self, vault: &VaultId, text: &str) -> Result<(), KeychainError>;

    /// Removes the entry for `vault`; removing one that is not there is not an error.
    ///
    /// # Errors
    /// A [`KeychainError`] when the keychain cannot be written.
    fn delete(&self, vault: &VaultId) -> Result<(), KeychainError>;
}

/// The real OS keychain through the `keyring` crate: Secret Service on Linux, Keychain on macOS, Credential
/// Manager on Windows.
#[derive(Debug, Default, Clone, Copy)]
pub struct OsKeychain;

/// The keychain user name of a vault's entry.
pub fn entry_name(vault: &VaultId) -> String {
    format!("vault-{}", vault.as_str())
}

impl OsKeychain {
    fn entry(vault: &VaultId) -> Result<keyring::Entry, KeychainError> {
        keyring::Entry::new(SERVICE, &entry_name(vault)).map_err(describe)
    }
}

impl KeyStore for OsKeychain {
    fn get(&self, vault: &VaultId) -> Result<Option<Zeroizing<String>>, KeychainError> {
        match Self::entry(vault)?.get_password() {
            Ok(text) => Ok(Some(Zeroizing::new(text))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(describe(e)),
        }
    }

    fn set(&self, vault: &VaultId, text: &str) -> Result<(), KeychainError> {
        Self::entry(vault)?.set_password(text).map_err(describe)
    }

    fn delete(&self, vault: &VaultId) -> Result<(), KeychainError> {
        match Self::entry(vault)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(describe(e)),
        }
    }
}

/// A keychain in this process's memory: for tests, benchmarks and tools that must not touch the user's
/// real keychain. Entries live as long as the value (and its clones, which share them).
#[derive(Debug, Default, Clone)]
pub struct MemoryKeychain {
    entries: std::sync::Arc<std::sync::Mutex<std::collections::BTreeMap<String, Zeroizing<String>>>>,
}

impl MemoryKeychain {
    fn entries(&self) -> std::sync::MutexGuard<'_, std::collections::BTreeMap<String, Zeroizing<String>>> {
        // Entries are inserted whole; a panic elsewhere cannot leave one half-written.
        self.entries.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl KeyStore for MemoryKeychain {
    fn get(&self, vault: &VaultId) -> Result<Option<Zeroizing<String>>, KeychainError> {
        Ok(self.entries().get(vault.as_str()).cloned())
    }

    fn set(&self, vault: &VaultId, text: &str) -> Result<(), KeychainError> {
        self.entries().insert(vault.as_str().to_owned(), Zeroizing::new(text.to_owned()));
        Ok(())
    }

    fn delete(&self, vault: &VaultId) -> Result<(), KeychainError> {
        self.entries().remove(vault.as_str());
        Ok(())
    }
}

/// Maps `keyring`'s errors to ours. `BadEncoding` and `Ambiguous` carry stored values and are never displayed.
fn describe(error: keyring::Error) -> KeychainError {
    match error {
        keyring::Error::PlatformFailure(e) => KeychainError::Unavailable { detail: e.to_string() },
        keyring::Error::NoStorageAccess(e) => KeychainError::Locked { detail: e.to_string() },
        keyring::Error::BadEncoding(_) => KeychainError::Other { detail: "the stored value is not text".into() },
        keyring::Error::Ambiguous(found) => {
            KeychainError::Other { detail: format!("{} entries match where one was expected", found.len()) }
        }
        other => KeychainError::Other { detail: other.to_string() },
    }
}
