//! The desktop's search served on the session bus: GNOME Shell's `org.gnome.Shell.SearchProvider2` and
//! KDE's `org.kde.krunner1`, both answered from [`Session::search`] and [`Session::describe`].
//!
//! Anyone on the session bus can call these, and anyone may take a bus name nobody holds (on GNOME,
//! `org.kde.krunner` is free), so a call is answered only when it comes from the running desktop's own
//! search ([`DesktopSession`]): on GNOME, the connection owning `org.gnome.Shell` whose process runs the
//! `gnome-shell` the session's `PATH` finds; on KDE, the owner of `org.kde.krunner` running `krunner`, or
//! of `org.kde.plasmashell` running `plasmashell` (the launcher's search runs the same runners inside
//! plasmashell). The bus daemon names the sender and its process (a caller can choose neither), and the
//! program is compared as a file ([`crate::bus_caller`]), asked at each call. Any other caller gets
//! `AccessDenied` and nothing happens.
//!
//! Even the shell is held to what it was given: only ids returned to that same connection in the last
//! minute are described or chosen ([`HandedOut`]), so an id cannot be guessed (ids are small numbers);
//! and choosing a counter-based (HOTP) account shows the window on it, never copies its code
//! ([`Session::choose`]). Queries are bounded ([`MAX_QUERY_CHARS`](super::MAX_QUERY_CHARS),
//! [`MAX_RESULTS`](super::MAX_RESULTS)) and a locked vault answers nothing.

use std::collections::HashMap;
use std::ffi::OsString;
use std::sync::Arc;

use keyfob_store::SharedClock;
use zbus::fdo;
use zbus::message::Header;
use zbus::zvariant::{OwnedValue, Value};

use super::{BUS_NAME, Choice, Found, GNOME_PATH, HandedOut, KRUNNER_PATH};
use crate::Session;
use crate::bus_caller::{ask_bus, caller_process, runs_program_named};

/// A desktop whose search Keyfob answers: its name in `XDG_CURRENT_DESKTOP`, and each bus name its search
/// calls from with the program that holds it.
struct Shell {
    desktop: &'static str,
    owners: &'static [(&'static str, &'static str)],
}

/// GNOME: the overview is GNOME Shell's.
const GNOME_SHELL: Shell = Shell { desktop: "GNOME", owners: &[("org.gnome.Shell", "gnome-shell")] };
/// KDE: KRunner's window, and the launcher's search inside plasmashell.
const KDE_SEARCH: Shell =
    Shell { desktop: "KDE", owners: &[("org.kde.krunner", "krunner"), ("org.kde.plasmashell", "plasmashell")] };

/// The desktop session Keyfob runs in, as the binary read it from its environment: which desktops'
/// search is answered, and where their programs are found.
#[derive(Debug, Clone, Default)]
pub struct DesktopSession {
    /// `XDG_CURRENT_DESKTOP`: the desktops this session is, colon-separated (`ubuntu:GNOME`, `KDE`).
    /// Only a listed desktop's search is answered; none when unset.
    pub current: String,
    /// `PATH`: the directories the desktop's programs are found in (relative entries are skipped).
    pub path: OsString,
}

impl DesktopSession {
    /// Whether this session is `desktop` (one entry of the list, compared as the specification says:
    /// case-sensitively).
    fn is(&self, desktop: &str) -> bool {
        self.current.split(':').any(|d| d == desktop)
    }
}

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
pub fn serve(
    session: Arc<Session>,
    clock: SharedClock,
    actions: Arc<dyn Actions>,
    desktop: DesktopSession,
) -> zbus::Result<Service> {
    let search = Search { session, clock, actions, handed: Arc::new(HandedOut::default()), desktop: Arc::new(desktop) };
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
    desktop: Arc<DesktopSession>,
}

/// A caller the desktop's search trusts: its unique name, as the bus gave it.
struct Desktop(String);

impl Search {
    /// The sender of the call in `header`, when it is `shell`'s search in the running desktop (see the
    /// module's documentation); otherwise `AccessDenied`.
    async fn desktop(&self, connection: &zbus::Connection, header: &Header<'_>, shell: &Shell) -> fdo::Result<Desktop> {
        let denied = || fdo::Error::AccessDenied("only the desktop's own search may use this".to_owned());
        let sender = header.sender().ok_or_else(denied)?;
        if !self.desktop.is(shell.desktop) {
            return Err(denied());
        }
        for (name, program) in shell.owners {
            if ask_bus::<String>(connection, "GetNameOwner", name).await.as_deref() == Some(sender.as_str()) {
                let pid = caller_process(connection, header).await.ok_or_else(denied)?;
                if runs_program_named(pid, program, &self.desktop.path) {
                    return Ok(Desktop(sender.to_string()));
                }
            }
        }
        Err(denied())
    }

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

impl Gnome {
    /// The ids of what matches `terms`, for the shell sending the call in `header` (a first search, or a
    /// narrower one: both are searched anew).
    async fn ids(
        &self,
        connection: &zbus::Connection,
        header: &Header<'_>,
        terms: &[String],
    ) -> fdo::Result<Vec<String>> {
        let shell = self.0.desktop(connection, header, &GNOME_SHELL).await?;
        Ok(self.0.find(&shell, terms).into_iter().map(|f| f.id).collect())
    }
}

#[zbus::interface(name = "org.gnome.Shell.SearchProvider2")]
impl Gnome {
    async fn get_initial_result_set(
        &self,
        terms: Vec<String>,
        #[zbus(header)] header: Header<'_>,
        #[zbus(connection)] connection: &zbus::Connection,
    ) -> fdo::Result<Vec<String>> {
        self.ids(connection, &header, &terms).await
    }

    async fn get_subsearch_result_set(
        &self,
        _previous_results: Vec<String>,
        terms: Vec<String>,
        #[zbus(header)] header: Header<'_>,
        #[zbus(connection)] connection: &zbus::Connection,
    ) -> fdo::Result<Vec<String>> {
        self.ids(connection, &header, &terms).await
    }

    async fn get_result_metas(
        &self,
        identifiers: Vec<String>,
        #[zbus(header)] header: Header<'_>,
        #[zbus(connection)] connection: &zbus::Connection,
    ) -> fdo::Result<Vec<HashMap<String, OwnedValue>>> {
        let shell = self.0.desktop(connection, &header, &GNOME_SHELL).await?;
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
        let shell = self.0.desktop(connection, &header, &GNOME_SHELL).await?;
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
        self.0.desktop(connection, &header, &GNOME_SHELL).await?;
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
        let runner = self.0.desktop(connection, &header, &KDE_SEARCH).await?;
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
        let runner = self.0.desktop(connection, &header, &KDE_SEARCH).await?;
        self.0.choose(&runner, &match_id);
        Ok(())
    }

    fn teardown(&self) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_desktop_the_session_names_is_answered() {
        let session = |current: &str| DesktopSession { current: current.to_owned(), path: OsString::new() };
        assert!(session("ubuntu:GNOME").is(GNOME_SHELL.desktop));
        assert!(!session("ubuntu:GNOME").is(KDE_SEARCH.desktop), "KRunner's name is free on GNOME");
        assert!(session("KDE").is(KDE_SEARCH.desktop));
        assert!(!session("gnome").is(GNOME_SHELL.desktop), "names are compared as written");
        assert!(!session("GNOME-Classic").is(GNOME_SHELL.desktop));
        assert!(!session("").is(GNOME_SHELL.desktop) && !session("").is(KDE_SEARCH.desktop));
    }
}
