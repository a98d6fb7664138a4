//! Native confirmations for the changes that decide where secrets go and who can open them: the backup
//! folder and its password, the websites an account gives codes to, a vault moving behind a passphrase,
//! and a passphrase vault that stops locking by itself. The web view asks for them, but it is the page's script that asks, and a script gone wrong
//! (or injected) could otherwise send backups to its own folder, link a bank to its own site, or lock the
//! user out. A dialog drawn by the system toolkit cannot be answered by the page: the user confirms there.

use keyfob_session::Message;
use tauri::AppHandle;
use tauri_plugin_dialog::{DialogExt, MessageDialogButtons, MessageDialogKind};

use crate::error::{Code, CommandError};

/// A confirmation's words: its title (a question) and the button that says yes, as catalogue ids
/// (`locales/*/app.ftl`).
pub(crate) struct Confirm {
    title: &'static str,
    yes: &'static str,
}

/// Before a vault moves behind a passphrase.
pub(crate) const SET_PASSPHRASE: Confirm =
    Confirm { title: "app-confirm-passphrase-title", yes: "app-confirm-passphrase-yes" };
/// Before backups go to a folder, or under a new password.
pub(crate) const BACKUP: Confirm = Confirm { title: "app-confirm-backup-title", yes: "app-confirm-backup-yes" };
/// Before a passphrase vault stops locking when idle or with the screen.
pub(crate) const LOCK_OFF: Confirm = Confirm { title: "app-confirm-lock-off-title", yes: "app-confirm-lock-off-yes" };
/// Before an account gives codes to more websites.
pub(crate) const SITES: Confirm = Confirm { title: "app-confirm-sites-title", yes: "app-confirm-sites-yes" };
/// Before secrets are shown as QR codes for a phone.
pub(crate) const EXPORT: Confirm = Confirm { title: "app-confirm-export-title", yes: "app-confirm-export-yes" };

/// Held while a confirmation is open: one at a time, so a script cannot stack a second one behind the
/// user's own for a double Enter to accept.
static OPEN: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Asks the user, in a native dialog with `confirm`'s title saying `message`, to confirm with its yes
/// button (or Cancel), in the run's language. Blocks until answered: call it from an async command, off the UI thread. While another
/// confirmation is open the answer is no, at once.
pub(crate) fn natively(app: &AppHandle, confirm: &Confirm, message: &Message) -> bool {
    let Ok(_open) = OPEN.try_lock() else { return false };
    let (yes, cancel) = (crate::words::text(confirm.yes), crate::words::text("app-confirm-cancel"));
    app.dialog()
        .message(crate::words::said(message))
        .title(crate::words::text(confirm.title))
        .kind(MessageDialogKind::Warning)
        .buttons(MessageDialogButtons::OkCancelCustom(yes, cancel))
        .blocking_show()
}

/// What the window is told when the user cancelled a native confirmation: nothing changed.
pub(crate) fn cancelled() -> CommandError {
    CommandError::new(Code::NotConfirmed, Message::new("app-confirm-cancelled"))
}
