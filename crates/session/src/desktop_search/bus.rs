//! The desktop's search served on the session bus: GNOME Shell's `org.gnome.Shell.SearchProvider2` and
//! KDE's `org.kde.krunner1`, both answered from [`Session::search`] and [`Session::describe`].
//!
//! Anyone on the session bus can call these, so a call is answered only when it comes from the desktop's
//! own search: the connection that owns `org.gnome.Shell` (GNOME), or `org.kde.krunner` or
//! `org.kde.plasmashell` (KDE: KRunner's window, and the launcher's search, which runs the same runners
//! inside plasmashell), asked of the bus at each call. Any other caller gets `AccessDenied` and nothing
//! happens. The bus daemon names the sender (a caller cannot choose it) and only the shell can own the
//! shell's name while it runs, so a stranger cannot pass for it.
//!
//! Even the shell is held to what it was given: only ids returned to that same connection in the last
//! minute are described or chosen ([`HandedOut`]), so an id cannot be guessed (ids are small numbers);
//! and choosing a counter-based (HOTP) account shows the window on it, never copies its code
//! ([`Session::choose`]). Queries are bounded ([`MAX_QUERY_CHARS`](super::MAX_QUERY_CHARS),
//! [`MAX_RESULTS`](super::MAX_RESULTS)) and a locked vault answers nothing.

use std::collections::HashMap;
use std::sync::Arc;

use keyfob_store::SharedClock;
use zbus::fdo;
use zbus::message::Header;
use zbus::zvariant::{OwnedValue, Value};

use super::{BUS_NAME, Choice, Found, GNOME_PATH, HandedOut, KRUNNER_PATH};
use crate::Session;

/// The bus names whose owner may use GNOME Shell's interface.
const GNOME_SHELL: &[&str] = &["org.gnome.Shell"];
/// The bus names whose owner may use KRunner's interface.
const KDE_SEARCH: &[&str] = &["org.kde.krunner", "org.kde.plasmashell"];

/// What choosing a result does, which only the app can: the clipboard and the window.
pub trait Actions: Send + Sync + 'static {
    /// Copies time-based account `id`'s code (a result was chosen).
    fn copy(&self, id: u64);
    /// Brings the window forward with `query` in its search field (GNOME's "show more", or a
    /// counter-based account chosen).
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
    let search = Search { session, clock, actions, handed: Arc::new(HandedOut::default()) };
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
    /// The ids handed to each caller lately (shared by both interfaces: their callers differ).
    handed: Arc<HandedOut>,
}

/// A caller the desktop's search trusts: its unique name, as the bus gave it.
struct Desktop(String);

/// The sender of the call in `header`, when it owns one of `names` now; otherwise `AccessDenied`.
async fn desktop(connection: &zbus::Connection, header: &Header<'_>, names: &[&str]) -> fdo::Result<Desktop> {
    let denied = || fdo::Error::AccessDenied("only the desktop's own search may use this".to_owned());
    let sender = header.sender().ok_or_else(denied)?;
    for name in names {
        if owner(connection, name).await.as_deref() == Some(sender.as_str()) {
            return Ok(Desktop(sender.to_string()));
        }
    }
    Err(denied())
}

/// The unique name owning well-known `name` on the bus now, if anyone does.
async fn owner(connection: &zbus::Connection, name: &str) -> Option<String> {
    let reply = connection
        .call_method(
            Some("org.freedesktop.DBus"),
            "/org/freedesktop/DBus",
            Some("org.freedesktop.DBus"),
            "GetNameOwner",
            &(name,),
        )
        .await
        .ok()?;
    reply.body().deserialize::<String>().ok()
}

impl Search {
    /// Finds `terms` for `desktop`, and remembers the ids it was handed.
    fn find(&self, desktop: &Desktop, terms: &[String]) -> Vec<Found> {
        let terms: Vec<&str> = terms.iter().map(String::as_str).collect();
        let ids = self.session.search(&terms);
        self.handed.remember(&desktop.0, &ids, self.clock.now());
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        self.session.describe(&ids, &*self.clock)
    }

    /// How to show `ids`: those handed to `desktop` lately, others left out.
    fn describe(&self, desktop: &Desktop, ids: &[String]) -> Vec<Found> {
        let ids = self.handed.only_handed(&desktop.0, ids, self.clock.now());
        self.session.describe(&ids, &*self.clock)
    }

    /// Chooses result `id`, if it was handed to `desktop` lately; anything else does nothing.
    fn choose(&self, desktop: &Desktop, id: &str) {
        if !self.handed.was_handed(&desktop.0, id, self.clock.now()) {
            return;
        }
        match self.session.choose(id) {
            Some(Choice::Copy(id)) => self.actions.copy(id),
            Some(Choice::Show { query, .. }) => self.actions.show(&query),
            None => {}
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
    async fn get_initial_result_set(
        &self,
        terms: Vec<String>,
        #[zbus(header)] header: Header<'_>,
        #[zbus(connection)] connection: &zbus::Connection,
    ) -> fdo::Result<Vec<String>> {
        let shell = desktop(connection, &header, GNOME_SHELL).await?;
        Ok(self.0.find(&shell, &terms).into_iter().map(|f| f.id).collect())
    }

    async fn get_subsearch_result_set(
        &self,
        _previous_results: Vec<String>,
        terms: Vec<String>,
        #[zbus(header)] header: Header<'_>,
        #[zbus(connection)] connection: &zbus::Connection,
    ) -> fdo::Result<Vec<String>> {
        let shell = desktop(connection, &header, GNOME_SHELL).await?;
        Ok(self.0.find(&shell, &terms).into_iter().map(|f| f.id).collect())
    }

    async fn get_result_metas(
        &self,
        identifiers: Vec<String>,
        #[zbus(header)] header: Header<'_>,
        #[zbus(connection)] connection: &zbus::Connection,
    ) -> fdo::Result<Vec<HashMap<String, OwnedValue>>> {
        let shell = desktop(connection, &header, GNOME_SHELL).await?;
        let found = self.0.describe(&shell, &identifiers);
        Ok(found
            .iter()
            .map(|f| {
                [("id", f.id.as_str()), ("name", &f.title), ("description", &f.detail), ("gicon", "keyfob-app")]
                    .into_iter()
                    .filter_map(|(key, value)| Some((key.to_owned(), text(value)?)))
                    .chain(icon_data(f))
                    .collect()
            })
            .collect())
    }

    async fn activate_result(
        &self,
        identifier: String,
        _terms: Vec<String>,
        _timestamp: u32,
        #[zbus(header)] header: Header<'_>,
        #[zbus(connection)] connection: &zbus::Connection,
    ) -> fdo::Result<()> {
        let shell = desktop(connection, &header, GNOME_SHELL).await?;
        self.0.choose(&shell, &identifier);
        Ok(())
    }

    async fn launch_search(
        &self,
        terms: Vec<String>,
        _timestamp: u32,
        #[zbus(header)] header: Header<'_>,
        #[zbus(connection)] connection: &zbus::Connection,
    ) -> fdo::Result<()> {
        desktop(connection, &header, GNOME_SHELL).await?;
        let query = terms.join(" ");
        let query: String = query.chars().take(super::MAX_QUERY_CHARS).collect();
        self.0.actions.show(&query);
        Ok(())
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
    async fn find(
        &self,
        query: String,
        #[zbus(header)] header: Header<'_>,
        #[zbus(connection)] connection: &zbus::Connection,
    ) -> fdo::Result<Vec<Match>> {
        let runner = desktop(connection, &header, KDE_SEARCH).await?;
        let terms: Vec<String> = query.split_whitespace().map(str::to_owned).collect();
        Ok(self
            .0
            .find(&runner, &terms)
            .into_iter()
            .map(|f| {
                let exact = f.title.eq_ignore_ascii_case(query.trim());
                let properties =
                    text(&f.detail).map(|d| ("subtext".to_owned(), d)).into_iter().chain(icon_data(&f)).collect();
                let (kind, relevance) = if exact { (100, 1.0) } else { (30, 0.7) };
                (f.id, f.title, "keyfob-app".to_owned(), kind, relevance, properties)
            })
            .collect())
    }

    async fn run(
        &self,
        match_id: String,
        _action_id: String,
        #[zbus(header)] header: Header<'_>,
        #[zbus(connection)] connection: &zbus::Connection,
    ) -> fdo::Result<()> {
        let runner = desktop(connection, &header, KDE_SEARCH).await?;
        self.0.choose(&runner, &match_id);
        Ok(())
    }

    fn teardown(&self) {}
}
