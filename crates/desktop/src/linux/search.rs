//! The desktop's search served on the session bus: typing part of an issuer or account name in GNOME
//! Shell's overview (`org.gnome.Shell.SearchProvider2`) or KDE's KRunner (`org.kde.krunner1`) lists
//! Keyfob's matching accounts; choosing one copies its code. What is found, shown and done is the
//! [`SearchProvider`]'s (the app, over the application layer); this module owns the bus: the names, the
//! interfaces, and whom it answers.
//!
//! Anyone on the session bus can call these, and anyone may take a bus name nobody holds (on GNOME,
//! `org.kde.krunner` is free), so a call is answered only when it comes from the running desktop's own
//! search ([`DesktopSession`]): on GNOME, the connection owning `org.gnome.Shell` whose process runs the
//! `gnome-shell` the session's `PATH` finds; on KDE, the owner of `org.kde.krunner` running `krunner`, or
//! of `org.kde.plasmashell` running `plasmashell` (the launcher's search runs the same runners inside
//! plasmashell). The bus daemon names the sender and its process (a caller can choose neither), and the
//! program is compared as a file (`bus_caller`), asked at each call. Any other caller gets
//! `AccessDenied` and nothing happens.
//!
//! Even the shell is held to what it was given: the provider is told which caller asks (its unique name
//! on the bus), so that only ids handed to that same connection lately are described or chosen (an id
//! cannot be guessed; ids are small numbers).

use std::collections::HashMap;
use std::ffi::OsString;
use std::sync::Arc;

use zbus::fdo;
use zbus::message::Header;
use zbus::zvariant::{OwnedValue, Value};

use super::bus_caller::{ask_bus, caller_process, runs_program_named};

/// The bus name both search interfaces are served under.
pub const BUS_NAME: &str = "app.keyfob.desktop.SearchProvider";
/// GNOME Shell's search provider object (named in the package's `.ini`).
pub const GNOME_PATH: &str = "/app/keyfob/desktop/SearchProvider";
/// KRunner's runner object (named in the package's KRunner plugin file).
pub const KRUNNER_PATH: &str = "/app/keyfob/desktop/KRunner";

/// A result as the desktop shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The result's identifier on the bus (an account's id, as a string).
    pub id: String,
    /// The first line: the issuer, or the account name when there is none.
    pub title: String,
    /// The second line (may be empty).
    pub detail: String,
    /// Its icon, when it has one besides the app's.
    pub icon: Option<Icon>,
}

/// A square icon as pixels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Icon {
    /// The side, in pixels.
    pub side: u32,
    /// `side` × `side` RGBA pixels, row by row.
    pub rgba: Vec<u8>,
}

/// What the desktop's search finds and does, for a caller the bus has let through: `caller` is its unique
/// name on the bus (`:1.42`), the same for every call of one connection.
pub trait SearchProvider: Send + Sync + 'static {
    /// The results matching every one of `terms`, remembered as handed to `caller`.
    fn find(&self, caller: &str, terms: &[String]) -> Vec<Found>;
    /// How to show `ids`: only those handed to `caller` lately, the others left out.
    fn describe(&self, caller: &str, ids: &[String]) -> Vec<Found>;
    /// Result `id` chosen (copy its code, or show it), if it was handed to `caller` lately; otherwise
    /// nothing.
    fn activate(&self, caller: &str, id: &str);
    /// Brings the window forward searching for `terms` (GNOME's "show more").
    fn launch(&self, terms: &[String]);
}

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

/// The search being served: it stops when this is dropped.
pub struct Service {
    _connection: zbus::blocking::Connection,
}

/// Serves both search interfaces under [`BUS_NAME`], answering the desktop's search in `desktop` from
/// `provider`, for as long as the returned [`Service`] is kept.
///
/// # Errors
/// No session bus, or the name is taken (another Keyfob already answers).
pub fn serve(provider: Arc<dyn SearchProvider>, desktop: DesktopSession) -> zbus::Result<Service> {
    let search = Search { provider, desktop: Arc::new(desktop) };
    let connection = zbus::blocking::connection::Builder::session()?
        .name(BUS_NAME)?
        .serve_at(GNOME_PATH, Gnome(search.clone()))?
        .serve_at(KRUNNER_PATH, Runner(search))?
        .build()?;
    Ok(Service { _connection: connection })
}

#[derive(Clone)]
struct Search {
    provider: Arc<dyn SearchProvider>,
    desktop: Arc<DesktopSession>,
}

impl Search {
    /// The sender of the call in `header`, when it is `shell`'s search in the running desktop (see the
    /// module's documentation): its unique name; otherwise `AccessDenied`.
    async fn desktop(&self, connection: &zbus::Connection, header: &Header<'_>, shell: &Shell) -> fdo::Result<String> {
        let denied = || fdo::Error::AccessDenied("only the desktop's own search may use this".to_owned());
        let sender = header.sender().ok_or_else(denied)?;
        if !self.desktop.is(shell.desktop) {
            return Err(denied());
        }
        for (name, program) in shell.owners {
            if ask_bus::<String>(connection, "GetNameOwner", name).await.as_deref() == Some(sender.as_str()) {
                let pid = caller_process(connection, header).await.ok_or_else(denied)?;
                if runs_program_named(pid, program, &self.desktop.path) {
                    return Ok(sender.to_string());
                }
            }
        }
        Err(denied())
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
        Ok(self.0.provider.find(&shell, terms).into_iter().map(|f| f.id).collect())
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
        let found = self.0.provider.describe(&shell, &identifiers);
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
        self.0.provider.activate(&shell, &identifier);
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
        self.0.provider.launch(&terms);
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
            .provider
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
        self.0.provider.activate(&runner, &match_id);
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
