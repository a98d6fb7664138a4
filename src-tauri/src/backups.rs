//! The Backups screen: automatic backups after every change (see `keyfob_session::auto_backup`), their
//! status for the footer and the gentle reminder, and "Back up now".

use keyfob_session::Message;
use keyfob_session::model::crypto::Password;
use keyfob_session::model::vault::{self, AutoBackup};
use serde::Serialize;
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;
use zeroize::Zeroizing;

use crate::actions::changed;
use crate::error::{Code, CommandError, password_too_short};
use crate::state::AppState;

/// What the Backups screen and the footer show.
#[derive(Serialize)]
pub(crate) struct BackupView {
    /// Whether automatic backups are on.
    enabled: bool,
    /// Where they go.
    folder: Option<String>,
    /// How many are kept.
    keep: Option<u32>,
    /// When the last one was written, Unix seconds.
    last_success: Option<u64>,
    /// The file it was written to.
    last_file: Option<String>,
    /// Why the latest attempt failed, until one succeeds, worded in the run's language.
    last_error: Option<String>,
}

/// Whether backups are on, and how the latest went.
#[tauri::command]
pub(crate) fn backup_status(state: State<'_, AppState>) -> Result<BackupView, CommandError> {
    view(&state)
}

fn view(state: &AppState) -> Result<BackupView, CommandError> {
    let settings = state.session.vault()?.and_then(|o| o.vault().auto_backup());
    let status = state.session.backup_status();
    let last_error = keyfob_session::message::last_backup_failed(&status).map(|m| crate::words::said(&m));
    Ok(BackupView {
        enabled: settings.is_some(),
        folder: settings.as_ref().map(|s| s.folder().to_owned()),
        keep: settings.map(|s| s.keep()),
        last_success: status.last_success,
        last_file: status.last_file.map(|f| f.display().to_string()),
        last_error,
    })
}

/// Asks for the backup folder; `None` when cancelled.
#[tauri::command]
pub(crate) async fn pick_backup_folder(app: AppHandle) -> Option<String> {
    let title = crate::words::text("app-pick-backup-folder");
    let picked = app.dialog().file().set_title(title).blocking_pick_folder();
    picked.and_then(|p| p.into_path().ok()).map(|p| p.display().to_string())
}

/// Turns automatic backups on (or changes them) and makes the first backup at once.
#[tauri::command]
pub(crate) async fn enable_auto_backup(
    app: AppHandle,
    state: State<'_, AppState>,
    folder: String,
    password: Zeroizing<String>,
    keep: u32,
) -> Result<BackupView, CommandError> {
    let password = Password::choose(password).map_err(|_| password_too_short(Code::BackupPassword))?;
    // (A folder refused is not repeated: it may be a page script's, written to mislead.)
    let settings = AutoBackup::new(std::path::Path::new(&folder), keep).map_err(|e| match e {
        vault::Error::KeepOutOfRange { .. } => {
            CommandError::new(Code::BackupKeep, keyfob_session::Error::from(e).message())
        }
        other => CommandError::from(other),
    })?;
    let message = Message::new("app-confirm-backup").with("folder", folder.as_str()).with("keep", keep);
    if !crate::confirm::natively(&app, &crate::confirm::BACKUP, &message) {
        return Err(crate::confirm::cancelled());
    }
    state.session.enable_auto_backup(std::path::Path::new(settings.folder()), settings.keep(), &password)?;
    changed(&app);
    view(&state)
}

/// Turns automatic backups off; backups already written stay.
#[tauri::command]
pub(crate) fn disable_auto_backup(app: AppHandle, state: State<'_, AppState>) -> Result<BackupView, CommandError> {
    let _ = state.session.disable_auto_backup()?;
    changed(&app);
    view(&state)
}

/// Makes a backup now.
#[tauri::command]
pub(crate) fn backup_now(state: State<'_, AppState>) -> Result<BackupView, CommandError> {
    state.session.backup_now()?;
    view(&state)
}
