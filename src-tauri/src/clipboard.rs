//! Copying codes: written from Rust, marked as secret so clipboard managers and history leave them out,
//! and wiped 30 s later if the clipboard still holds the code.

use std::time::Duration;

use tauri::AppHandle;
use tauri_plugin_clipboard_manager::ClipboardExt;

use crate::error::{Code, CommandError};

/// How long a copied code stays on the clipboard.
const CLEAR_AFTER: Duration = Duration::from_secs(30);

/// Puts `code` on the clipboard, marked sensitive (Linux: `x-kde-passwordManagerHint: secret`, the
/// convention KDE's, GNOME's and most clipboard managers honour; Windows: excluded from history and
/// monitoring; macOS: concealed and transient), and schedules clearing it unless the user has copied
/// something else since.
pub(crate) fn copy_for_a_while(app: &AppHandle, code: &str) -> Result<(), CommandError> {
    write_sensitive(code)
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

/// Writes `text` with the platform's "this is a secret" marks. (The clipboard plugin, which also keeps the
/// clipboard served while the app runs, has no way to add them.)
fn write_sensitive(text: &str) -> Result<(), arboard::Error> {
    let mut clipboard = arboard::Clipboard::new()?;
    let set = clipboard.set();
    #[cfg(target_os = "linux")]
    let set = arboard::SetExtLinux::exclude_from_history(set);
    #[cfg(windows)]
    let set = arboard::SetExtWindows::exclude_from_monitoring(arboard::SetExtWindows::exclude_from_history(set));
    #[cfg(target_os = "macos")]
    let set = arboard::SetExtApple::exclude_from_history(set);
    set.text(text.to_owned())
}
