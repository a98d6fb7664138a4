//! The desktop's search (GNOME Shell's overview, KDE's KRunner) answered by the running app: what is
//! found and shown is the application layer's (`keyfob_session::desktop_search`); choosing a result copies
//! its code here, as a click in the window does.

use std::sync::Arc;

use tauri::{AppHandle, Emitter, Manager};

use crate::state::AppState;

/// Starts answering the desktop's search for as long as the app runs. No session bus, or another Keyfob
/// answering already: the app goes on without it.
pub(crate) fn start(app: &AppHandle) {
    #[cfg(target_os = "linux")]
    {
        let state = app.state::<AppState>();
        let clock: keyfob_session::SharedClock = Arc::clone(&state.clock) as _;
        let actions = Arc::new(Chosen(app.clone()));
        let desktop = keyfob_session::desktop_search::DesktopSession {
            current: crate::state::setting("XDG_CURRENT_DESKTOP").unwrap_or_default().to_string_lossy().into_owned(),
            path: crate::state::setting("PATH").unwrap_or_default(),
        };
        match keyfob_session::desktop_search::serve(Arc::clone(&state.session), clock, actions, desktop) {
            Ok(connection) => {
                app.manage(Serving(connection));
            }
            Err(e) => eprintln!("keyfob-app: the desktop's search cannot reach Keyfob: {e}"),
        }
    }
}

/// The search service, kept for the life of the app (dropping it stops it).
#[cfg(target_os = "linux")]
struct Serving(#[expect(dead_code, reason = "held, never read")] keyfob_session::desktop_search::Service);

/// What choosing a search result does.
#[cfg(target_os = "linux")]
struct Chosen(AppHandle);

#[cfg(target_os = "linux")]
impl keyfob_session::desktop_search::Actions for Chosen {
    fn copy(&self, id: u64) {
        if let Err(e) = crate::actions::copy(&self.0, &self.0.state::<AppState>(), id) {
            eprintln!("keyfob-app: the desktop's search could not copy a code: {}", e.message());
        }
    }

    fn show(&self, query: &str) {
        crate::windows::show_main(&self.0);
        let _ = self.0.emit("search", query);
    }
}
