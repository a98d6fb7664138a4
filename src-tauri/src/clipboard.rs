//! Copying codes: written from Rust, and wiped 30 s later if the clipboard still holds the code.

use std::time::Duration;

use tauri::AppHandle;
use tauri_plugin_clipboard_manager::ClipboardExt;

use crate::error::{Code, CommandError};

/// How long a copied code stays on the clipboard.
const CLEAR_AFTER: Duration = Duration::from_secs(30);

/// Puts `code` on the clipboard and schedules clearing it, unless the user has copied something else.
pub(crate) fn copy_for_a_while(app: &AppHandle, code: &str) -> Result<(), CommandError> {
    app.clipboard()
        .write_text(code.to_owned())
        .map_err(|e| CommandError::new(Code::ClipboardFailed, format!("Keyfob cannot copy: {e}"), None))?;
    let app = app.clone();
    let code = code.to_owned();
    std::thread::spawn(move || {
        std::thread::sleep(CLEAR_AFTER);
        if app.clipboard().read_text().is_ok_and(|now| now == code) {
            let _ = app.clipboard().write_text(String::new());
        }
    });
    Ok(())
}
