//! Capturing the screen for "scan the screen": the enrolment QR is usually on the same desktop. How is
//! `keyfob_desktop::screen`'s (the X11 root window, else the desktop portal); here it is run on GDK's
//! thread and its failures worded for the window.

use tauri::AppHandle;
use zeroize::Zeroizing;

use crate::error::{Code, CommandError};

/// The whole screen as image bytes (PNG, or what the portal wrote), wiped when dropped. Blocks until the
/// portal answers: call it off the UI thread.
///
/// # Errors
/// `screen.unavailable` where capture is not possible: no portal, the user declined, other platforms.
#[cfg(target_os = "linux")]
pub(crate) fn capture(app: &AppHandle) -> Result<Zeroizing<Vec<u8>>, CommandError> {
    let (sender, receiver) = std::sync::mpsc::channel();
    // GDK may only be used on the main thread.
    app.run_on_main_thread(move || {
        let _ = sender.send(keyfob_desktop::screen::x11());
    })
    .map_err(|e| unavailable("app-error-screen-unseen", &e))?;
    match receiver.recv().ok().flatten() {
        Some(png) => Ok(png),
        None => keyfob_desktop::screen::portal().map_err(|e| unavailable("app-error-screen-unseen", &e)),
    }
}

/// The whole screen as PNG bytes (not yet on this platform).
///
/// # Errors
/// Always `screen.unavailable`.
#[cfg(not(target_os = "linux"))]
pub fn capture(_app: &AppHandle) -> Result<Zeroizing<Vec<u8>>, CommandError> {
    Err(unavailable("app-error-screen-unsupported", &""))
}

/// The screen could not be captured (`id` says how), the reason why kept as details.
pub(crate) fn unavailable(id: &'static str, reason: &dyn std::fmt::Display) -> CommandError {
    let reason = reason.to_string();
    let message = keyfob_session::Message::new(id);
    let message = if reason.is_empty() { message } else { message.details(reason) };
    CommandError::new(Code::ScreenUnavailable, message).hint("app-hint-screen")
}
