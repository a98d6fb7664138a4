//! The desktop's search: typing part of an issuer or account name in GNOME Shell's overview or KDE's
//! KRunner lists Keyfob's matching accounts; choosing one copies its code. The bus is `keyfob-desktop`'s
//! (`keyfob_desktop::search`, which the app gives a provider over [`Search`]); what is found and shown is
//! decided here, for both desktops, and for the app's own quick-copy palette.
//!
//! Names only, by default: the overview is on screen for anyone looking, so codes are shown beside them
//! only when the user turned that on ([`LockSettings::search_shows_codes`]). A locked vault finds nothing.
//!
//! [`LockSettings::search_shows_codes`]: keyfob_vault::LockSettings::search_shows_codes

use std::sync::Arc;

use keyfob_core::Clock;
use keyfob_store::SharedClock;

use crate::Session;
use crate::icon_view::{IconView, Pixels};

/// The most results one search returns: the overview shows a handful, and a query of one letter
/// should not list a thousand accounts.
pub const MAX_RESULTS: usize = 20;

/// The longest search text taken; longer text (pasted by accident, or sent by anyone on the bus) finds
/// nothing rather than being lowercased and compared at length.
pub const MAX_QUERY_CHARS: usize = 256;

/// An account found by the desktop's search, as the overview shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The account's id, as a string: the result's identifier on the bus.
    pub id: String,
    /// The issuer, or the account name when there is none.
    pub title: String,
    /// The account name under an issuer (empty otherwise), and the code when the user chose to show it.
    pub detail: String,
    /// Its icon as the list shows it ([`ICON_SIDE`] pixels square), when it has one besides the letter.
    pub icon: Option<Pixels>,
}

/// The side of the icons search results carry, in pixels (GNOME Shell draws them at 32 to 64).
pub const ICON_SIDE: u32 = 48;

/// What choosing a search result does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Choice {
    /// Copy the time-based account's code (as a click in the window does).
    Copy(u64),
    /// Show the window filtered to this counter-based (HOTP) account, `query` being its name: making its
    /// code steps its counter, which the user should do in the window, seeing the code they use up.
    Show {
        /// The account.
        id: u64,
        /// What the window's search field is given to show it.
        query: String,
    },
}

impl Session {
    /// The ids of the accounts matching every term (see [`keyfob_vault::Entry::matches`]), at most
    /// [`MAX_RESULTS`], in the list's order. Nothing while locked, with no vault, for no terms, or for
    /// terms longer than [`MAX_QUERY_CHARS`] in all.
    pub fn search(&self, terms: &[&str]) -> Vec<String> {
        let length: usize = terms.iter().map(|t| t.chars().count()).sum();
        if terms.iter().all(|t| t.trim().is_empty()) || length > MAX_QUERY_CHARS {
            return Vec::new();
        }
        let Ok(Some(opened)) = self.vault() else { return Vec::new() };
        let entries = opened.vault().entries().iter().filter(|e| e.matches(terms));
        entries.take(MAX_RESULTS).map(|e| e.id.to_string()).collect()
    }

    /// What the quick-copy palette lists for `query` (typed by the user in Keyfob's own window): the first
    /// [`MAX_RESULTS`] accounts while nothing is typed, then [`search`](Self::search)'s matches.
    pub fn quick_list(&self, query: &str) -> Vec<String> {
        let terms: Vec<&str> = query.split_whitespace().collect();
        if !terms.is_empty() {
            return self.search(&terms);
        }
        let Ok(Some(opened)) = self.vault() else { return Vec::new() };
        opened.vault().entries().iter().take(MAX_RESULTS).map(|e| e.id.to_string()).collect()
    }

    /// What choosing result `id` does: [`Choice::Copy`] for a time-based account, [`Choice::Show`] for a
    /// counter-based one (never a code: copying one would use it up, unseen). `None` for an id that is no
    /// account, or while locked.
    pub fn choose(&self, id: &str) -> Option<Choice> {
        let id: u64 = id.parse().ok()?;
        let Ok(Some(opened)) = self.vault() else { return None };
        let entry = opened.vault().entry(id).ok()?;
        if entry.method.period().is_some() {
            return Some(Choice::Copy(id));
        }
        let query = entry.issuer.clone().unwrap_or_else(|| entry.name.clone());
        Some(Choice::Show { id, query: query.chars().take(MAX_QUERY_CHARS).collect() })
    }

    /// How the overview shows the accounts `ids` (from [`search`](Self::search); ids that are not
    /// accounts, or not numbers, are left out). Codes are made at `clock`'s time, and only when the
    /// user chose to show them (never for HOTP: making one uses it up).
    pub fn describe(&self, ids: &[&str], clock: &dyn Clock) -> Vec<Found> {
        let Ok(Some(opened)) = self.vault() else { return Vec::new() };
        let vault = opened.vault();
        let codes = vault.lock_settings().search_shows_codes;
        let now = clock.now();
        ids.iter()
            .take(MAX_RESULTS)
            .filter_map(|id| {
                let entry = vault.entries().iter().find(|e| id.parse() == Ok(e.id))?;
                let (title, name) = match entry.issuer.as_deref() {
                    Some(issuer) => (issuer.to_owned(), entry.name.clone()),
                    None => (entry.name.clone(), String::new()),
                };
                let code = (codes && entry.method.period().is_some())
                    .then(|| opened.code_at(entry.id, now).ok())
                    .flatten()
                    .map(|code| code.to_string());
                let detail = match (name.is_empty(), code) {
                    (_, None) => name,
                    (true, Some(code)) => code,
                    (false, Some(code)) => format!("{name} · {code}"),
                };
                let icon = IconView::of(&entry.icon, entry.issuer.as_deref()).and_then(|view| view.pixels(ICON_SIDE));
                Some(Found { id: entry.id.to_string(), title, detail, icon })
            })
            .collect()
    }
}

/// The desktop's search as its callers see it: each caller (a connection on the bus, named by the bus)
/// is described and may choose only the results it was handed in the last [`HANDED_FOR_SECS`]
/// ([`HandedOut`]), so that an id cannot be guessed (ids are small numbers).
pub struct Search {
    session: Arc<Session>,
    clock: SharedClock,
    /// The ids handed to each caller lately (one list for both desktops' interfaces: their callers differ).
    handed: HandedOut,
}

impl Search {
    /// The search of `session`, its codes made and its results timed by `clock`.
    pub fn new(session: Arc<Session>, clock: SharedClock) -> Self {
        Self { session, clock, handed: HandedOut::default() }
    }

    /// Finds `terms` ([`Session::search`]) for `caller`, remembering the ids it was handed, and describes
    /// them ([`Session::describe`]).
    pub fn find(&self, caller: &str, terms: &[String]) -> Vec<Found> {
        let terms: Vec<&str> = terms.iter().map(String::as_str).collect();
        let ids = self.session.search(&terms);
        self.handed.remember(caller, &ids, self.clock.now());
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        self.session.describe(&ids, &*self.clock)
    }

    /// How to show `ids`: those handed to `caller` lately, others left out.
    pub fn describe(&self, caller: &str, ids: &[String]) -> Vec<Found> {
        let ids = self.handed.only_handed(caller, ids, self.clock.now());
        self.session.describe(&ids, &*self.clock)
    }

    /// What choosing result `id` does ([`Session::choose`]), if it was handed to `caller` lately; `None`
    /// otherwise.
    pub fn choose(&self, caller: &str, id: &str) -> Option<Choice> {
        if !self.handed.was_handed(caller, id, self.clock.now()) {
            return None;
        }
        self.session.choose(id)
    }

    /// What the window's search field is given for `terms` (GNOME's "show more"): the terms, at most
    /// [`MAX_QUERY_CHARS`].
    pub fn query(terms: &[String]) -> String {
        terms.join(" ").chars().take(MAX_QUERY_CHARS).collect()
    }
}

mod handed;
pub use handed::{HANDED_FOR_SECS, HandedOut, MAX_HANDED};

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use keyfob_core::{FixedClock, uri};
    use keyfob_store::{MemoryKeychain, Store, Unlock, VaultDir};

    use super::*;

    fn session(dir: &std::path::Path) -> Session {
        let store = Store::new(VaultDir::at(dir), Box::new(MemoryKeychain::default()), Arc::new(FixedClock(59)));
        let session = Session::new(store, Unlock::default());
        for link in [
            "otpauth://totp/GitHub:alice%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
            "otpauth://totp/laptop?secret=JBSWY3DPEHPK3PXP",
            "otpauth://hotp/Bank:alice?secret=JBSWY3DPEHPK3PXP&counter=3",
        ] {
            let account = uri::parse(link).unwrap();
            session.update(|vault, rng| Ok(vault.add(&account, 0, rng)?)).unwrap();
        }
        session
    }

    #[test]
    fn finds_names_not_codes_until_asked_and_never_an_hotp_code() {
        let temp = tempfile::tempdir().unwrap();
        let session = session(temp.path());
        let ids = session.search(&["ALICE"]);
        assert_eq!(ids.len(), 2, "GitHub and Bank");
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        let found = session.describe(&ids, &FixedClock(59));
        assert_eq!(found[0].title, "GitHub");
        assert_eq!(found[0].detail, "alice@example.com", "no code by default");

        session
            .update(|vault, _| {
                let settings = keyfob_vault::LockSettings { search_shows_codes: true, ..vault.lock_settings() };
                Ok(vault.set_lock_settings(settings)?)
            })
            .unwrap();
        let found = session.describe(&ids, &FixedClock(59));
        assert_eq!(found[0].detail, "alice@example.com · 287082", "RFC 6238's key at 59 s");
        assert_eq!(found[1].detail, "alice", "an HOTP code would be used up by showing it");
        let laptop = session.search(&["lap"]);
        assert_eq!(session.describe(&[laptop[0].as_str()], &FixedClock(59))[0].detail, "996554");
    }

    #[test]
    fn hostile_searches_find_nothing_and_unknown_ids_describe_nothing() {
        let temp = tempfile::tempdir().unwrap();
        let session = session(temp.path());
        assert!(session.search(&[]).is_empty(), "no terms list nothing, not everything");
        assert!(session.search(&["  "]).is_empty());
        assert!(session.search(&[&"a".repeat(MAX_QUERY_CHARS + 1)]).is_empty());
        let many: Vec<&str> = std::iter::repeat_n("a", MAX_QUERY_CHARS + 1).collect();
        assert!(session.search(&many).is_empty());
        assert!(session.describe(&["999", "-1", "x", "", "18446744073709551616"], &FixedClock(0)).is_empty());
        let flood: Vec<String> = (0..10_000).map(|i| (i % 3 + 1).to_string()).collect();
        let flood: Vec<&str> = flood.iter().map(String::as_str).collect();
        assert_eq!(session.describe(&flood, &FixedClock(0)).len(), MAX_RESULTS, "bounded");
    }

    #[test]
    fn choosing_a_totp_result_copies_and_an_hotp_result_only_shows_the_window() {
        let temp = tempfile::tempdir().unwrap();
        let session = session(temp.path());
        assert_eq!(session.choose("1"), Some(Choice::Copy(1)));
        assert_eq!(session.choose("3"), Some(Choice::Show { id: 3, query: "Bank".into() }));
        assert_eq!(session.choose("4"), None, "no such account");
        assert_eq!(session.choose("x"), None);
        let opened = session.vault().unwrap().unwrap();
        let method = opened.vault().entries()[2].method;
        assert!(matches!(method, keyfob_core::Method::Hotp { counter: 3, .. }), "choosing stepped no counter");
    }

    #[test]
    fn a_caller_is_described_and_may_choose_only_what_it_was_handed() {
        let temp = tempfile::tempdir().unwrap();
        let search = Search::new(Arc::new(session(temp.path())), Arc::new(FixedClock(59)));
        let found = search.find(":1.7", &["git".to_owned()]);
        assert_eq!(found.iter().map(|f| f.id.as_str()).collect::<Vec<_>>(), ["1"]);
        let asked = ["3".to_owned(), "1".to_owned(), "2".to_owned()];
        let described: Vec<String> = search.describe(":1.7", &asked).into_iter().map(|f| f.id).collect();
        assert_eq!(described, ["1"], "3 and 2 were never handed");
        assert!(search.describe(":1.8", &asked).is_empty(), "another caller was handed nothing");
        assert_eq!(search.choose(":1.7", "1"), Some(Choice::Copy(1)));
        assert_eq!(search.choose(":1.8", "1"), None);
        assert_eq!(search.choose(":1.7", "3"), None, "an id no search returned");
        assert_eq!(Search::query(&["git".into(), "hub".into()]), "git hub");
        assert_eq!(Search::query(&["x".repeat(MAX_QUERY_CHARS + 5)]).len(), MAX_QUERY_CHARS);
    }

    #[test]
    fn the_palette_lists_everything_until_something_is_typed() {
        let temp = tempfile::tempdir().unwrap();
        let session = session(temp.path());
        assert_eq!(session.quick_list(""), ["1", "2", "3"]);
        assert_eq!(session.quick_list("  "), ["1", "2", "3"]);
        assert_eq!(session.quick_list("bank alice"), ["3"]);
        assert!(session.quick_list(&"x".repeat(MAX_QUERY_CHARS + 1)).is_empty());
    }

    #[test]
    fn a_locked_vault_finds_nothing() {
        let temp = tempfile::tempdir().unwrap();
        let store =
            || Store::new(VaultDir::at(temp.path()), Box::new(MemoryKeychain::default()), Arc::new(FixedClock(0)));
        let passphrase = || keyfob_core::crypto::Password::new(zeroize::Zeroizing::new("correct horse battery".into()));
        store().init(&Unlock::with_passphrase(passphrase())).unwrap();
        let session = Session::new(store(), Unlock::with_passphrase(passphrase()));
        let account = uri::parse("otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP").unwrap();
        session.update(|vault, rng| Ok(vault.add(&account, 0, rng)?)).unwrap();
        assert_eq!(session.search(&["git"]).len(), 1);
        assert!(session.lock().unwrap());
        assert!(session.search(&["git"]).is_empty());
        assert!(session.quick_list("").is_empty());
        assert!(session.describe(&["1"], &FixedClock(0)).is_empty());
    }
}
