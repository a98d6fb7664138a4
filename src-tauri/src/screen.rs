//! Capturing the screen for "scan the screen": the enrolment QR is usually on the same desktop. On X11
//! the root window is read directly; on Wayland (where no client may read another's pixels), or where
//! that fails, the desktop portal is asked (`keyfob_session::screenshot`).

use tauri::AppHandle;

use crate::error::{Code, CommandError};

/// The whole screen as image bytes (PNG, or what the portal wrote). Blocks until the portal answers:
/// call it off the UI thread.
///
/// # Errors
/// `screen.unavailable` where capture is not possible: no portal, the user declined, other platforms.
#[cfg(target_os = "linux")]
pub(crate) fn capture(app: &AppHandle) -> Result<Vec<u8>, CommandError> {
    let (sender, receiver) = std::sync::mpsc::channel();
    // GDK may only be used on the main thread.
    app.run_on_main_thread(move || {
        use gdk::prelude::{ObjectExt, WindowExtManual};
        let x11 = gdk::Display::default().is_some_and(|d| d.type_().name() == "GdkX11Display");
        let png = x11
            .then(|| {
                let root = <gdk::Window as WindowExtManual>::default_root_window();
                root.pixbuf(0, 0, root.width(), root.height())
            })
            .flatten()
            .and_then(|pixbuf| pixbuf.save_to_bufferv("png", &[]).ok());
        let _ = sender.send(png);
    })
    .map_err(|e| CommandError::new(Code::ScreenUnavailable, e.to_string(), None))?;
    match receiver.recv().ok().flatten() {
        Some(png) => Ok(png),
        None => {
            keyfob_session::screenshot::take().map_err(|e| unavailable(&format!("Keyfob cannot see the screen: {e}")))
        }
    }
}

/// The whole screen as PNG bytes (not yet on this platform).
///
/// # Errors
/// Always `screen.unavailable`.
#[cfg(not(target_os = "linux"))]
pub fn capture(_app: &AppHandle) -> Result<Vec<u8>, CommandError> {
    Err(unavailable("Keyfob cannot capture the screen here"))
}

fn unavailable(message: &str) -> CommandError {
    CommandError::new(
        Code::ScreenUnavailable,
        message,
        Some("Take a screenshot and paste it (Ctrl+V), or choose the image file."),
    )
}
