//! Copying codes: written from Rust, marked as secret so clipboard managers and history leave them out,
//! and wiped 30 s later if the clipboard still holds the code.

use std::time::Duration;

use tauri::AppHandle;
use tauri_plugin_clipboard_manager::ClipboardExt;

use keyfob_session::Message;

use crate::error::{Code, CommandError};

/// How long a copied code stays on the clipboard.
const CLEAR_AFTER: Duration = Duration::from_secs(30);

/// Puts `code` on the clipboard, marked sensitive (Linux: `x-kde-passwordManagerHint: secret`, the
/// convention KDE's, GNOME's and most clipboard managers honour; Windows: excluded from history and
/// monitoring; macOS: concealed and transient), and schedules clearing it unless the user has copied
/// something else since.
pub(crate) fn copy_for_a_while(app: &AppHandle, code: &str) -> Result<(), CommandError> {
    write_sensitive(code).map_err(|e| CommandError::said(Code::ClipboardFailed, "app-error-copy-failed", e))?;
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

/// Puts the details of a failure the window showed on the clipboard ("Copy details for support"): plain
/// text for a message to support, not marked secret (it holds no secret: paths and the system's reasons)
/// and not cleared.
///
/// # Errors
/// `missing` when no details are kept under `details`; `clipboard.failed` when the clipboard refuses them.
#[tauri::command]
pub(crate) fn copy_details(app: AppHandle, details: u64) -> Result<(), CommandError> {
    let missing = || CommandError::new(Code::Missing, Message::new("app-error-copy-details-failed"));
    let text = crate::details::kept(details).ok_or_else(missing)?;
    app.clipboard()
        .write_text(text)
        .map_err(|e| CommandError::said(Code::ClipboardFailed, "app-error-copy-details-failed", e))
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

/// What the clipboard holds, for pasting into Keyfob (Ctrl+V outside a text field).
pub(crate) enum Pasted {
    /// An image, as raw RGBA pixels (a screenshot of the QR code).
    Image { width: u32, height: u32, rgba: Vec<u8> },
    /// Text (an `otpauth://` link, perhaps), wiped from memory when dropped.
    Text(zeroize::Zeroizing<String>),
}

/// Reads the clipboard: an image if it offers one, else its text. Read here rather than by the web view,
/// whose paste event WebKitGTK fires only in text fields.
///
/// # Errors
/// `clipboard.empty` when it holds neither; `clipboard.failed` when it cannot be read.
pub(crate) fn read() -> Result<Pasted, CommandError> {
    let failed = |e: arboard::Error| CommandError::said(Code::ClipboardFailed, "app-error-clipboard-unreadable", e);
    let mut clipboard = arboard::Clipboard::new().map_err(failed)?;
    // An image first; when there is none (on X11 a text-only clipboard answers the image request with an
    // error of its own, not "not available"), the text.
    let image_error = match clipboard.get_image() {
        Ok(image) => {
            let size = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
            let (width, height) = (size(image.width), size(image.height));
            return Ok(Pasted::Image { width, height, rgba: image.bytes.into_owned() });
        }
        Err(e) => e,
    };
    match clipboard.get_text() {
        Ok(text) => Ok(Pasted::Text(zeroize::Zeroizing::new(text))),
        Err(arboard::Error::ContentNotAvailable) if matches!(image_error, arboard::Error::ContentNotAvailable) => {
            Err(CommandError::new(Code::ClipboardEmpty, Message::new("app-error-clipboard-empty"))
                .hint("app-hint-clipboard-empty"))
        }
        Err(arboard::Error::ContentNotAvailable) => Err(failed(image_error)),
        Err(e) => Err(failed(e)),
    }
}
