//! *Add → Scan with camera*: the camera opened off the UI thread, small JPEG previews streamed to the
//! window through a channel while frames are decoded, the first setup code staged as any scan's. The
//! camera is released (its pipeline stopped) as soon as the dialog closes, the window hides or the vault
//! locks: the loop checks all three between frames.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::actions::PreviewView;
use keyfob_camera::{Camera, Found};
use keyfob_session::Message;
use serde::Serialize;
use tauri::ipc::{Channel, InvokeResponseBody};
use tauri::{AppHandle, Manager, State};

use crate::actions::stage_decoded;
use crate::error::{Code, CommandError};
use crate::state::{AppState, lock};

/// The scan running now, if any: setting its flag stops it.
#[derive(Default)]
pub(crate) struct Scans(std::sync::Mutex<Option<Arc<AtomicBool>>>);

impl Scans {
    /// A flag for a new scan; the one before it, if still running, is told to stop.
    fn begin(&self) -> Arc<AtomicBool> {
        let flag = Arc::new(AtomicBool::new(false));
        if let Some(previous) = lock(&self.0).replace(Arc::clone(&flag)) {
            previous.store(true, Ordering::Relaxed);
        }
        flag
    }

    /// Stops the running scan, if any.
    pub(crate) fn stop(&self) {
        if let Some(flag) = lock(&self.0).take() {
            flag.store(true, Ordering::Relaxed);
        }
    }
}

/// What the window is told while scanning, beside the previews (which arrive as raw JPEG bytes).
#[derive(Serialize)]
struct Status<'a> {
    status: &'a str,
}

/// Whether a camera is there to offer (the portal, PipeWire or V4L2 knows one); opens none.
#[tauri::command]
pub(crate) async fn camera_available() -> bool {
    tauri::async_runtime::spawn_blocking(keyfob_camera::is_present).await.unwrap_or(false)
}

/// Scans with the camera until a setup code is in view (staged and returned as a preview), or the scan is
/// stopped (`None`). Previews go to `previews` as they come; a code that is not a setup code is said so
/// there, and scanning goes on.
#[tauri::command]
pub(crate) async fn camera_scan(
    app: AppHandle,
    state: State<'_, AppState>,
    scans: State<'_, Scans>,
    previews: Channel<InvokeResponseBody>,
) -> Result<Option<PreviewView>, CommandError> {
    let stop = scans.begin();
    let session = Arc::clone(&state.session);
    let handle = app.clone();
    let stopped = move || {
        stop.load(Ordering::Relaxed)
            || session.is_locked()
            || !handle.get_webview_window("main").is_some_and(|w| w.is_visible().unwrap_or(false))
    };
    let status = |previews: &Channel<InvokeResponseBody>, status: &str| {
        let json = serde_json::to_string(&Status { status }).unwrap_or_default();
        let _ = previews.send(InvokeResponseBody::Json(json));
    };
    let scanning = tauri::async_runtime::spawn_blocking(move || -> Result<Option<PreviewView>, CommandError> {
        let camera = Camera::open()?;
        // Which camera is read: any program can publish a video source, so the user sees its name.
        let using = Message::new("app-camera-using").with("device", camera.device());
        status(&previews, &crate::words::said(&using));
        let state = app.state::<AppState>();
        loop {
            let found = camera.scan(&stopped, &mut |jpeg| {
                let _ = previews.send(InvokeResponseBody::Raw(jpeg));
            })?;
            let Found::Codes(codes) = found else { return Ok(None) };
            // A QR code that is not a setup code (a menu, a link) is said so and scanning goes on; any
            // other failure (the vault locked meanwhile, the keychain gone) ends the scan with it.
            match stage_decoded(&state, Ok(codes)) {
                Ok(preview) => return Ok(Some(preview)),
                Err(error) if error.code() == Code::ImageNotOtp => {
                    status(&previews, &crate::words::text("app-camera-not-setup"))
                }
                Err(error) => return Err(error),
            }
        }
    });
    scanning.await.map_err(|e| CommandError::from(keyfob_camera::Error::Failed(e.to_string())))?
}

/// Stops the scan (the dialog closed): the camera is released within a frame's wait.
#[tauri::command]
pub(crate) fn camera_stop(scans: State<'_, Scans>) {
    scans.stop();
}
