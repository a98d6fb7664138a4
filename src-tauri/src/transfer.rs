//! Moving in and out: importing another authenticator's export, and exporting to Aegis or to a phone.
//! The files are picked in native dialogs and read in Rust; the web view sees what the preview shows, and,
//! for the phone export it asked for, the QR images themselves.

use std::path::PathBuf;

use crate::actions::PreviewView;
use keyfob_session::Message;
use keyfob_session::model::crypto::Password;
use serde::Serialize;
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;
use zeroize::Zeroizing;

use crate::error::{Code, CommandError};
use crate::state::{AppState, lock};

/// Asks for the export file (or every image of a Google Authenticator export) and stages its accounts.
/// `None` when the user cancelled; an `import.password_needed` error when the file is encrypted, after
/// which [`stage_import_password`] reads it again with the password.
#[tauri::command]
pub(crate) async fn pick_import_files(
    app: AppHandle,
    state: State<'_, AppState>,
) -> Result<Option<PreviewView>, CommandError> {
    let picked = app.dialog().file().set_title(crate::words::text("app-pick-import")).blocking_pick_files();
    let paths: Vec<PathBuf> = picked.unwrap_or_default().into_iter().filter_map(|p| p.into_path().ok()).collect();
    if paths.is_empty() {
        return Ok(None);
    }
    *lock(&state.import_paths) = paths;
    stage_import(&state, None).map(Some)
}

/// Reads the files picked last again, with the password the user typed.
// Runs a KDF (argon2id, scrypt or PBKDF2, up to about a second): off the UI thread, on the async pool.
#[tauri::command(async)]
pub(crate) fn stage_import_password(
    state: State<'_, AppState>,
    password: Zeroizing<String>,
) -> Result<PreviewView, CommandError> {
    stage_import(&state, Some(&Password::new(password)))
}

fn stage_import(state: &AppState, password: Option<&Password>) -> Result<PreviewView, CommandError> {
    let paths = lock(&state.import_paths).clone();
    let report = keyfob_session::import_files::read(&paths, None, password).map_err(keyfob_session::Error::from)?;
    lock(&state.import_paths).clear();
    Ok(state.session.stage_import(report)?.into())
}

/// A Google Authenticator export, as QR images to show one after another.
#[derive(Serialize)]
pub(crate) struct PhoneExport {
    /// `data:image/png;base64,…` URLs, in order.
    images: Vec<String>,
    /// Accounts Google Authenticator cannot hold, by name.
    left_out: Vec<String>,
}

/// Every account as Google Authenticator export QR codes, for a phone to scan off the screen; or, with
/// `id`, that one account as its `otpauth://` link's QR code, which any authenticator app scans. The one
/// place secrets reach the web view: the images reach it only after the user confirms in a native dialog
/// that Rust shows and reads, which nothing in the web view can answer for them; they are made first, so
/// what is shown is what the dialog counted, whatever another program adds meanwhile.
#[tauri::command]
pub(crate) async fn phone_export(
    app: AppHandle,
    state: State<'_, AppState>,
    id: Option<u64>,
) -> Result<PhoneExport, CommandError> {
    let (export, message) = match id {
        Some(id) => {
            let one = state.session.existing_vault()?.vault().account(id)?;
            let account = keyfob_session::label(one.issuer(), one.name());
            (state.session.export_one(id)?, Message::new("app-confirm-export-one").with("account", account))
        }
        None => match state.session.export_google(&*state.clock)? {
            export if export.accounts == 0 => return Err(keyfob_session::Error::NothingToExport.into()),
            export => {
                let message = Message::new("app-confirm-export-all").with("count", export.accounts);
                (export, message)
            }
        },
    };
    if !crate::confirm::natively(&app, &crate::confirm::EXPORT, &message) {
        return Err(CommandError::new(Code::ExportCancelled, Message::new("app-error-export-cancelled")));
    }
    let images = export
        .images
        .iter()
        .map(|png| format!("data:image/png;base64,{}", data_encoding::BASE64.encode(png)))
        .collect();
    Ok(PhoneExport { images, left_out: export.left_out })
}

/// Asks where to save, then writes every account as an encrypted Aegis vault file. `None` when cancelled.
#[tauri::command]
pub(crate) async fn export_aegis_file(
    app: AppHandle,
    state: State<'_, AppState>,
    password: Zeroizing<String>,
) -> Result<Option<String>, CommandError> {
    let password = Password::choose(password).map_err(|_| crate::error::password_too_short(Code::ExportPassword))?;
    let picked = app
        .dialog()
        .file()
        .set_title(crate::words::text("app-pick-aegis"))
        .set_file_name("keyfob-aegis-export.json")
        .blocking_save_file();
    let Some(path) = picked.and_then(|p| p.into_path().ok()) else { return Ok(None) };
    state.session.export_aegis(&path, Some(&password))?;
    Ok(Some(path.display().to_string()))
}
