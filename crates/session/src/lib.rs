//! Keyfob's application layer: what the `keyfob` command and the desktop app both do with a vault, so
//! that each of them only translates (arguments and terminal output; commands and the window).
//!
//! - [`Session`]: the vault unlocked for the life of a process, opened again only when its file changes;
//!   changes, removal and undo.
//! - [`staging`]: accounts and push enrolments found in links, images and files, shown for confirmation
//!   with duplicates marked, and added exactly as shown.
//! - [`codes`]: the codes now (an HOTP counter is saved before its code is shown).
//! - [`import_files`]: other apps' export files, read with bounds.
//! - [`push`]: what waits for approval, answering, and the one supervisor of push watchers.
//! - [`desktop_search`]: what the desktop's search (GNOME Shell, KRunner) and the quick-copy palette find
//!   and show, and what choosing a result does.
//! - [`idle`]: locking a passphrase vault left idle.
//! - [`clock`]: the system clock (the one place it is read) and the app's corrected clock.
//!
//! No Tauri, no terminal, no D-Bus (the desktop is `keyfob-desktop`'s): errors are values the caller words
//! for its own medium.

#![forbid(unsafe_code)]

pub mod auto_backup;
pub mod browser;
pub mod clock;
pub mod codes;
pub mod desktop_search;
mod edit;
pub mod icon_view;
pub mod idle;
pub mod import_files;
pub mod message;
pub mod push;
mod session;
pub mod staging;
pub mod transfer;

pub use clock::{ClockView, CorrectedClock, SystemClock};
pub use edit::LockChange;
pub use keyfob_core::Kind;
/// What to say, without the words: each failure's [`Error::message`], for the programs' catalogues.
pub use keyfob_i18n::Message;
pub use keyfob_store::SharedClock;
pub use keyfob_store::{BackupOutcome, BackupStatus, Changed};
pub use session::{Opened, Session};

/// The domain's vocabulary, as the crates below define it, for the programs to name: what the use cases
/// take and return (accounts, entries, passwords, sites, pairing codes, push answers), and the pure
/// functions that read and show them (parsing a link or a picture, escaping text for a terminal). Nothing
/// here reads or writes the vault, a file, the keychain or the network: those are [`Session`]'s use cases,
/// so the programs depend on this crate alone.
pub mod model {
    pub use keyfob_core::{Account, Clock, FixedClock, Kind, Method, OtpSecret, Period};
    pub use keyfob_core::{account, crypto, icon, pairing, qr, secret, site, text, uri};
    pub use keyfob_interop::{import, payload};
    pub use keyfob_push_proto as push;
    /// The store's failures, which [`Error::Store`](crate::Error::Store) carries.
    pub use keyfob_store::{Error as StoreError, KeychainError};
    pub use keyfob_vault as vault;
}

/// What went wrong in the application layer. Each variant is one thing the user can act on; the CLI and
/// the app word them for a terminal and a window.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The vault could not be opened or changed (including "no such account").
    #[error(transparent)]
    Store(#[from] keyfob_store::Error),
    /// No vault was created yet, where one is needed.
    #[error("there are no accounts yet")]
    NoVault,
    /// Something else was staged after the preview the user confirmed.
    #[error("what is waiting to be added changed while you looked: a new link or code arrived; nothing was added")]
    PreviewChanged,
    /// An import file could not be read.
    #[error(transparent)]
    ImportFile(#[from] import_files::Error),
    /// A push enrolment's server refused or could not be reached.
    #[error("{serial}: {source}")]
    Enrol {
        /// The token's serial.
        serial: String,
        /// Why.
        #[source]
        source: keyfob_net::push::PushError,
    },
    /// A push answer was not sent.
    #[error(transparent)]
    Respond(#[from] push::RespondError),
    /// The vault holds no push token, where one is needed.
    #[error("there are no push tokens")]
    NoPushTokens,
    /// No browser is waiting to be paired (none asked, or its request lapsed after five minutes).
    #[error("no browser is waiting to be paired; ask again from the Keyfob extension")]
    NoPairingRequest,
    /// The code given is not the one the waiting browser shows.
    #[error("that is not the code the waiting browser shows; nothing was paired")]
    PairingCodeMismatch,
    /// The automatic backups' folder could not be created or resolved.
    #[error("cannot use the backup folder {}: {source}", folder.display())]
    BackupFolder {
        /// The folder asked for.
        folder: std::path::PathBuf,
        /// The operating system's reason.
        #[source]
        source: std::io::Error,
    },
    /// A backup could not be sealed (its key not derived from the password).
    #[error(transparent)]
    BackupKey(#[from] keyfob_vault::backup::Error),
    /// An export could not be encrypted, or its QR code made.
    #[error(transparent)]
    Export(#[from] keyfob_interop::export::Error),
    /// An export or backup of a vault with no account.
    #[error("there are no accounts yet: nothing to back up or export")]
    NothingToExport,
    /// Changing or removing a passphrase needs the current one, not only an unlocked window.
    #[error("give the current passphrase to change or remove it; nothing was changed")]
    CurrentPassphraseNeeded,
}

impl Error {
    /// What sort of failure this is: the one thing the CLI's exit status and the app's message are
    /// chosen by (see [`keyfob_core::Kind`]).
    pub fn kind(&self) -> keyfob_core::Kind {
        use keyfob_core::Kind;
        match self {
            Self::Store(error) => error.kind(),
            Self::ImportFile(error) => error.kind(),
            Self::Respond(error) => error.kind(),
            Self::NoVault | Self::NoPushTokens | Self::NoPairingRequest | Self::NothingToExport => Kind::NotFound,
            Self::PreviewChanged => Kind::Conflict,
            Self::Enrol { .. } | Self::BackupFolder { .. } | Self::BackupKey(_) | Self::Export(_) => Kind::Environment,
            Self::PairingCodeMismatch => Kind::Input,
            Self::CurrentPassphraseNeeded => Kind::Locked,
        }
    }
}

impl From<keyfob_vault::Error> for Error {
    fn from(error: keyfob_vault::Error) -> Self {
        Self::Store(error.into())
    }
}

/// How accounts are named to people, in the terminal, the tray and the window alike (and in what an
/// export leaves out): `Issuer (name)`, or whichever of the two there is.
pub use keyfob_core::account::label;

/// How a code is shown to people, in the window and the browser extension alike: split in two with a
/// space, `123 456`, `123 4567` (as the app has always split seven), `1234 5678`. Anything else (a
/// Steam code's five characters) is shown as it is.
pub fn group_code(code: &str) -> String {
    let split = match code.chars().count() {
        6 | 7 => 3,
        8 => 4,
        _ => return code.to_owned(),
    };
    let (head, tail) = code.split_at(code.char_indices().nth(split).map_or(code.len(), |(at, _)| at));
    format!("{head} {tail}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn codes_are_grouped_in_two_and_steam_codes_not_at_all() {
        assert_eq!(super::group_code("123456"), "123 456");
        assert_eq!(super::group_code("1234567"), "123 4567");
        assert_eq!(super::group_code("12345678"), "1234 5678");
        assert_eq!(super::group_code("2BC4F"), "2BC4F");
        assert_eq!(super::group_code(""), "");
    }
}
