//! What every Keyfob window gets (the main window and the quick-copy palette), and bringing the main
//! window forward.

use tauri::{AppHandle, Manager, WebviewWindow};

/// Prepares a new window: drawn without GPU compositing, and kept out of screen capture where the system
/// can.
///
/// Without compositing: Keyfob's window is a list that changes once a second; with compositing on and no
/// GPU to do it (virtual machines, remote desktops, many laptops' fallback paths), WebKitGTK re-composited
/// the whole scrolled list in software every second: 12% of a core with 200 accounts, against under 2%
/// without (`scripts/bench --only idle`).
///
/// Content protection: macOS and Windows keep the window out of screenshots and screen sharing. Linux
/// desktops have no such flag: there a screen recorder sees what the user sees.
pub(crate) fn prepare(window: &WebviewWindow) {
    #[cfg(target_os = "linux")]
    let _ = window.with_webview(|webview| {
        use webkit2gtk::{HardwareAccelerationPolicy, SettingsExt, WebViewExt};
        if let Some(settings) = webview.inner().settings() {
            settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
        }
    });
    #[cfg(any(target_os = "macos", windows))]
    let _ = window.set_content_protected(true);
}

/// Shows the main window and gives it the keyboard (a link arrived, the tray or the desktop's search asked).
pub(crate) fn show_main(app: &AppHandle) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.show();
        let _ = window.set_focus();
    }
}
