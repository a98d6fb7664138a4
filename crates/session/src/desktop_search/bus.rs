//! The desktop's search served on the session bus: GNOME Shell's `org.gnome.Shell.SearchProvider2` and
//! KDE's `org.kde.krunner1`, both answered from [`Session::search`] and [`Session::describe`].
//!
//! Anyone on the session bus can call these, so each call is treated as hostile: the query is bounded
//! (see [`MAX_QUERY_CHARS`](super::MAX_QUERY_CHARS), [`MAX_RESULTS`](super::MAX_RESULTS)), an id that is
//! not an account does nothing, and a locked vault answers nothing. What a caller can learn is what the
//! overview shows anyone at the screen; copying puts a code on the clipboard, which any program of the
//! session can read anyway.

use std::collections::HashMap;
use std::sync::Arc;

use keyfob_store::SharedClock;
use zbus::zvariant::{OwnedValue, Value};

use super::{BUS_NAME, Found, GNOME_PATH, KRUNNER_PATH};
use crate::Session;

/// What choosing a result does, which only the app can: the clipboard and the window.
pub trait Actions: Send + Sync + 'static {
    /// Copies account `id`'s code (a result was chosen).
    fn copy(&self, id: u64);
    /// Brings the window forward with `query` in its search field (GNOME's "show more").
    fn show(&self, query: &str);
}

/// The search being served: it stops when this is dropped.
pub struct Service {
    _connection: zbus::blocking::Connection,
}

/// Serves both search interfaces under [`BUS_NAME`] for as long as the returned [`Service`] is kept.
///
/// # Errors
/// No session bus, or the name is taken (another Keyfob already answers).
pub fn serve(session: Arc<Session>, clock: SharedClock, actions: Arc<dyn Actions>) -> zbus::Result<Service> {
    let search = Search { session, clock, actions };
    let connection = zbus::blocking::connection::Builder::session()?
        .name(BUS_NAME)?
        .serve_at(GNOME_PATH, Gnome(search.clone()))?
        .serve_at(KRUNNER_PATH, Runner(search))?
        .build()?;
    Ok(Service { _connection: connection })
}

#[derive(Clone)]
struct Search {
    session: Arc<Session>,
    clock: SharedClock,
    actions: Arc<dyn Actions>,
}

impl Search {
    fn find(&self, terms: &[String]) -> Vec<Found> {
        let terms: Vec<&str> = terms.iter().map(String::as_str).collect();
        let ids = self.session.search(&terms);
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        self.session.describe(&ids, &*self.clock)
    }

    fn copy(&self, id: &str) {
        // Only ids the search gave out are accounts; anything else does nothing.
        if let Ok(id) = id.parse() {
            self.actions.copy(id);
        }
    }
}

/// A string as a D-Bus variant (strings always convert: they hold no file descriptor).
fn text(value: &str) -> Option<OwnedValue> {
    OwnedValue::try_from(Value::from(value)).ok()
}

/// An icon as both desktops take pixels: `icon-data`, `(iiibiiay)` (width, height, row stride, has alpha,
/// bits per sample, channels, RGBA bytes), as a GdkPixbuf is described.
fn icon_data(found: &Found) -> Option<(String, OwnedValue)> {
    let icon = found.icon.as_ref()?;
    let side = i32::try_from(icon.side).ok()?;
    let value = Value::from((side, side, side.checked_mul(4)?, true, 8i32, 4i32, icon.rgba.clone()));
    Some(("icon-data".to_owned(), OwnedValue::try_from(value).ok()?))
}

struct Gnome(Search);

#[zbus::interface(name = "org.gnome.Shell.SearchProvider2")]
impl Gnome {
    fn get_initial_result_set(&self, terms: Vec<String>) -> Vec<String> {
        self.0.find(&terms).into_iter().map(|f| f.id).collect()
    }

    fn get_subsearch_result_set(&self, _previous_results: Vec<String>, terms: Vec<String>) -> Vec<String> {
        self.get_initial_result_set(terms)
    }

    fn get_result_metas(&self, identifiers: Vec<String>) -> Vec<HashMap<String, OwnedValue>> {
        let ids: Vec<&str> = identifiers.iter().map(String::as_str).collect();
        let found = self.0.session.describe(&ids, &*self.0.clock);
        found
            .iter()
            .map(|f| {
                [("id", f.id.as_str()), ("name", &f.title), ("description", &f.detail), ("gicon", "keyfob-app")]
                    .into_iter()
                    .filter_map(|(key, value)| Some((key.to_owned(), text(value)?)))
                    .chain(icon_data(f))
                    .collect()
            })
            .collect()
    }

    fn activate_result(&self, identifier: String, _terms: Vec<String>, _timestamp: u32) {
        self.0.copy(&identifier);
    }

    fn launch_search(&self, terms: Vec<String>, _timestamp: u32) {
        let query = terms.join(" ");
        let query: String = query.chars().take(super::MAX_QUERY_CHARS).collect();
        self.0.actions.show(&query);
    }
}

/// A KRunner match: id, text, icon, type (`30`: possible, `100`: exact), relevance, properties.
type Match = (String, String, String, i32, f64, HashMap<String, OwnedValue>);

struct Runner(Search);

#[zbus::interface(name = "org.kde.krunner1")]
impl Runner {
    fn actions(&self) -> Vec<(String, String, String)> {
        Vec::new()
    }

    #[zbus(name = "Match")]
    fn find(&self, query: String) -> Vec<Match> {
        let terms: Vec<String> = query.split_whitespace().map(str::to_owned).collect();
        self.0
            .find(&terms)
            .into_iter()
            .map(|f| {
                let exact = f.title.eq_ignore_ascii_case(query.trim());
                let properties =
                    text(&f.detail).map(|d| ("subtext".to_owned(), d)).into_iter().chain(icon_data(&f)).collect();
                let (kind, relevance) = if exact { (100, 1.0) } else { (30, 0.7) };
                (f.id, f.title, "keyfob-app".to_owned(), kind, relevance, properties)
            })
            .collect()
    }

    fn run(&self, match_id: String, _action_id: String) {
        self.0.copy(&match_id);
    }

    fn teardown(&self) {}
}
