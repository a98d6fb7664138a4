//! The desktop's search (GNOME Shell's overview, KDE's KRunner) answered by the running app: the bus is
//! `keyfob_desktop::search`'s, what is found and shown the application layer's
//! (`keyfob_session::desktop_search`); choosing a result copies its code here, as a click in the window
//! does.

/// Starts answering the desktop's search for as long as the app runs. No session bus, or another Keyfob
/// answering already: the app goes on without it.
#[cfg(target_os = "linux")]
pub(crate) fn start(app: &tauri::AppHandle) {
    linux::start(app);
}

/// The desktop's search is not answered on this platform.
#[cfg(not(target_os = "linux"))]
pub(crate) fn start(_app: &tauri::AppHandle) {}

#[cfg(target_os = "linux")]
mod linux {
    use std::sync::Arc;

    use keyfob_desktop::search::{DesktopSession, Found, Icon, SearchProvider, Service, serve};
    use keyfob_session::desktop_search::{self, Choice, Search};
    use tauri::{AppHandle, Emitter, Manager};

    use crate::state::AppState;

    pub(super) fn start(app: &AppHandle) {
        let state = app.state::<AppState>();
        let clock: keyfob_session::SharedClock = Arc::clone(&state.clock) as _;
        let provider = Arc::new(Provider { search: Search::new(Arc::clone(&state.session), clock), app: app.clone() });
        let desktop = DesktopSession {
            current: crate::state::setting("XDG_CURRENT_DESKTOP").unwrap_or_default().to_string_lossy().into_owned(),
            path: crate::state::setting("PATH").unwrap_or_default(),
        };
        match serve(provider, desktop) {
            Ok(service) => {
                app.manage(Serving(service));
            }
            Err(e) => eprintln!("keyfob-app: the desktop's search cannot reach Keyfob: {e}"),
        }
    }

    /// The search service, kept for the life of the app (dropping it stops it).
    struct Serving(#[expect(dead_code, reason = "held, never read")] Service);

    /// The session's search, and what choosing a result does in the app.
    struct Provider {
        search: Search,
        app: AppHandle,
    }

    impl Provider {
        /// Brings the window forward with `query` in its search field.
        fn show(&self, query: &str) {
            crate::windows::show_main(&self.app);
            let _ = self.app.emit("search", query);
        }
    }

    /// A result as the desktop shows it.
    fn shown(found: desktop_search::Found) -> Found {
        let icon = found.icon.map(|pixels| Icon { side: pixels.side, rgba: pixels.rgba });
        Found { id: found.id, title: found.title, detail: found.detail, icon }
    }

    impl SearchProvider for Provider {
        fn find(&self, caller: &str, terms: &[String]) -> Vec<Found> {
            self.search.find(caller, terms).into_iter().map(shown).collect()
        }

        fn describe(&self, caller: &str, ids: &[String]) -> Vec<Found> {
            self.search.describe(caller, ids).into_iter().map(shown).collect()
        }

        fn activate(&self, caller: &str, id: &str) {
            match self.search.choose(caller, id) {
                Some(Choice::Copy(id)) => {
                    if let Err(e) = crate::actions::copy(&self.app, &self.app.state::<AppState>(), id) {
                        eprintln!("keyfob-app: the desktop's search could not copy a code: {}", e.message());
                    }
                }
                Some(Choice::Show { query, .. }) => self.show(&query),
                None => {}
            }
        }

        fn launch(&self, terms: &[String]) {
            self.show(&Search::query(terms));
        }
    }
}
