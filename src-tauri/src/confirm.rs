//! Native confirmations for the changes that decide where secrets go and who can open them: the backup
//! folder and its password, the websites an account gives codes to, a vault moving behind a passphrase,
//! and a passphrase vault that stops locking by itself. The web view asks for them, but it is the page's script that asks, and a script gone wrong
//! (or injected) could otherwise send backups to its own folder, link a bank to its own site, or lock the
//! user out. A dialog drawn by the system toolkit cannot be answered by the page: the user confirms there.

use tauri::AppHandle;
use tauri_plugin_dialog::{DialogExt, MessageDialogButtons, MessageDialogKind};

use crate::error::{Code, CommandError};

/// The title of the confirmation before a vault moves behind a passphrase.
pub(crate) const SET_PASSPHRASE: &str = "Protect Keyfob with this passphrase?";
/// The title of the confirmation before backups go to a folder, or under a new password.
pub(crate) const BACKUP: &str = "Back up to this folder?";
/// The title of the confirmation before a passphrase vault stops locking when idle or with the screen.
pub(crate) const LOCK_OFF: &str = "Stop locking Keyfob?";
/// The title of the confirmation before an account gives codes to more websites.
pub(crate) const SITES: &str = "Give codes to these websites?";

/// Held while a confirmation is open: one at a time, so a script cannot stack a second one behind the
/// user's own for a double Enter to accept.
static OPEN: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Asks the user, in a native dialog titled `title` saying `message`, to confirm with the button `yes`
/// (or Cancel). Blocks until answered: call it from an async command, off the UI thread. While another
/// confirmation is open the answer is no, at once.
pub(crate) fn natively(app: &AppHandle, title: &str, message: &str, yes: &str) -> bool {
    let Ok(_open) = OPEN.try_lock() else { return false };
    app.dialog()
        .message(message)
        .title(title)
        .kind(MessageDialogKind::Warning)
        .buttons(MessageDialogButtons::OkCancelCustom(yes.to_owned(), "Cancel".to_owned()))
        .blocking_show()
}

/// What the window is told when the user cancelled a native confirmation: nothing changed.
pub(crate) fn cancelled() -> CommandError {
    CommandError::new(Code::NotConfirmed, "Not confirmed: nothing was changed", None)
}
