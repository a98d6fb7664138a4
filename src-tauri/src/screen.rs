//! Capturing the screen for "scan the screen": the enrolment QR is usually on the same desktop.

use tauri::AppHandle;

use crate::error::{Code, CommandError};

/// The whole screen as PNG bytes.
///
/// # Errors
/// `screen.unavailable` where capture is not possible (Wayland without a portal, other platforms for now).
#[cfg(target_os = "linux")]
pub(crate) fn capture(app: &AppHandle) -> Result<Vec<u8>, CommandError> {
    let (sender, receiver) = std::sync::mpsc::channel();
    // GDK may only be used on the main thread.
    app.run_on_main_thread(move || {
        use gdk::prelude::WindowExtManual;
        let root = <gdk::Window as WindowExtManual>::default_root_window();
        let png =
            root.pixbuf(0, 0, root.width(), root.height()).and_then(|pixbuf| pixbuf.save_to_bufferv("png", &[]).ok());
        let _ = sender.send(png);
    })
    .map_err(|e| CommandError::new(Code::ScreenUnavailable, e.to_string(), None))?;
    receiver.recv().ok().flatten().ok_or_else(unavailable)
}

/// The whole screen as PNG bytes (not yet on this platform).
///
/// # Errors
/// Always `screen.unavailable`.
#[cfg(not(target_os = "linux"))]
pub fn capture(_app: &AppHandle) -> Result<Vec<u8>, CommandError> {
    Err(unavailable())
}

fn unavailable() -> CommandError {
    CommandError::new(
        Code::ScreenUnavailable,
        "Keyfob cannot capture the screen here",
        Some("Take a screenshot and paste it (Ctrl+V), or choose the image file."),
    )
}
