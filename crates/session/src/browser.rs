//! What Keyfob tells the browser extension (through `keyfob browser-host`, the browser's native
//! messaging): the codes of the accounts linked to the page's site, and seconds left — never a secret,
//! never a code for a site no account is linked to, for a plain `http://` page elsewhere than this
//! computer, or for a frame of another origin than its tab's page — and all of that only to a browser the
//! user paired with this Keyfob in Keyfob's own window ([`keyfob_core::pairing`]).
//!
//! Requests and replies are JSON objects with a `type`. Every request but `ping` and `pair` carries the
//! extension's pairing `key`; a caller that is not paired (or sends another key) gets `unpaired` and
//! nothing else: no code, no site, no account name.
//!
//! | request | reply |
//! |---|---|
//! | `{"type": "pair", "key": KEY}` | `pairing` `{code}`: Keyfob's window asks the user to compare the code; `paired` (already) |
//! | `{"type": "code", "url": PAGE, "top": TOP_PAGE, "key": KEY}` | `codes` `{site, origins, codes: [{id, issuer, name, label, code, shown, remaining, period}]}`; `none` `{site, origins}` (no account is linked to it; `origins`: the site's match patterns); `refused` `{why, reason}`; `locked`; `unpaired` |
//! | `{"type": "link", "url": PAGE, "top": TOP_PAGE, "key": KEY}` | `linking` `{site}`: Keyfob's window asks which account the site belongs to (the page never chooses); `refused` `{why, reason}`; `locked`; `unpaired` |
//! | `{"type": "open", "key": KEY}` | `opening`: Keyfob's window shows (to be unlocked); `unpaired` |
//! | `{"type": "ping"}` | `pong` `{version}` |
//! | `{"type": "site", "text": TEXT}` | `site` `{site, origins}`: the site a typed name stands for, and its pages' match patterns; `refused` `{why, reason}` (no site) |
//! | anything else | `error` `{why, message}` |
//!
//! A refusal's or an error's `why` ([`Refusal`], [`Fault`]) is a stable name the extension words in the
//! browser's language; `reason` and `message` are Keyfob's English, for logs and older extensions.
//!
//! A locked vault cannot tell a paired browser from another (the pairings are in it): it answers `locked`
//! to every `code` and `link`, and shows its window for `open`, which is how the user unlocks it.

use keyfob_core::Clock;
use keyfob_core::pairing::{PairingCode, PairingKey, PairingRequest};
use keyfob_core::site::{Page, Site, SiteError, same_origin};
use keyfob_store::pairing_request;
use keyfob_vault::Paired;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::{Error, Session};

/// The argument that starts Keyfob's window asking which account a page's site belongs to
/// (`keyfob-app --link-site=login.example.com`, the page's host; a running window is handed it).
pub const LINK_SITE_ARGUMENT: &str = "--link-site";

/// The argument that starts Keyfob's window asking the user to confirm the browser pairing request that
/// waits beside the vault (`keyfob-app --pair-browser`). It names nothing: whoever passes it can only
/// make the window show what the browser host itself stored.
pub const PAIR_BROWSER_ARGUMENT: &str = "--pair-browser";

/// Seconds after a pairing request during which no other starts Keyfob's window: one window for a
/// flood of requests, and a stranger cannot keep raising it.
pub const PAIRING_PAUSE_SECS: u64 = 10;

/// The largest message taken from the browser, in bytes: a request is a type and two addresses.
pub const MAX_REQUEST_BYTES: u32 = 64 * 1024;

/// What the extension asks. `key` is its pairing key (wiped when the request is dropped).
#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
enum Request {
    /// Asks Keyfob's window to pair this browser, showing the code derived from `key`.
    Pair { key: Zeroizing<String> },
    /// The codes for the page at `url`, in a tab whose top page is `top` (the same for the top page).
    Code { url: String, top: String, key: Zeroizing<String> },
    /// Asks Keyfob's window to link the page's site to an account the user picks there.
    Link { url: String, top: String, key: Zeroizing<String> },
    /// Shows Keyfob's window, to unlock it.
    Open { key: Zeroizing<String> },
    /// Whether the host answers, and which Keyfob it is.
    Ping,
    /// The site a name the user typed (on the extension's options page) stands for, and its pages' match
    /// patterns: Keyfob, not the extension, judges what a site is. Says nothing of the vault, so it needs
    /// no pairing, as `ping`.
    Site { text: String },
}

/// Keyfob's window as the browser host reaches it: the one place where a site is linked or the vault
/// unlocked, by the user, never by a page.
pub trait Window {
    /// Shows the window asking which account the site of `page` belongs to (and whether to link the
    /// whole site or the page's host only).
    ///
    /// # Errors
    /// When the window cannot be reached or started.
    fn link_site(&self, page: &Page) -> std::io::Result<()>;

    /// Shows the window.
    ///
    /// # Errors
    /// When the window cannot be reached or started.
    fn show(&self) -> std::io::Result<()>;

    /// Shows the window asking the user to confirm the pairing request waiting beside the vault.
    ///
    /// # Errors
    /// When the window cannot be reached or started.
    fn pair(&self) -> std::io::Result<()>;

    /// Whether Keyfob's window runs with its vault unlocked. A passphrase vault that the host could open
    /// by itself (a passphrase file in the browser's environment) is answered from only while this
    /// holds: locking Keyfob locks the browser out too.
    fn unlocked(&self) -> bool;
}

/// One account's code for the page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PageCode {
    /// The account's id.
    pub id: u64,
    /// The service.
    pub issuer: Option<String>,
    /// The account at the service.
    pub name: String,
    /// How the account is named to people ([`crate::label`]).
    pub label: String,
    /// The code now.
    pub code: String,
    /// The code as shown to people ([`crate::group_code`]).
    pub shown: String,
    /// Seconds until it changes.
    pub remaining: u32,
    /// Seconds per code.
    pub period: u32,
}

/// Why a page (or a name typed on the extension's options page) gets no code: a stable name on the wire
/// (`why`, kebab-case), which the extension words in the browser's language. It names the rule, never
/// the page's text, so nothing a page controls is shown as Keyfob's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Refusal {
    /// Not a web address (`about:blank`, a browser's own page such as `chrome://extensions/`, an
    /// extension's, a file, no host): `not-an-address`.
    NotAnAddress,
    /// An address over [`keyfob_core::site::MAX_URL_BYTES`]: `too-long`.
    TooLong,
    /// `http://` on another computer than this one: `insecure-page`.
    InsecurePage,
    /// A host no one owner holds (`co.uk`), or an address on another computer: `no-site`.
    NoSite,
    /// A frame of another origin than its tab's page: `other-site-frame`.
    OtherSiteFrame,
}

impl Refusal {
    /// The refusal a site error stands for, by its variant (never by its words).
    fn of(error: &SiteError) -> Self {
        match error {
            SiteError::NotAnAddress => Self::NotAnAddress,
            SiteError::TooLong => Self::TooLong,
            SiteError::Insecure => Self::InsecurePage,
            SiteError::NoRegistrableDomain(_) => Self::NoSite,
            // `TooMany` is a vault's rule, never a page's; a kind added later is still no site to fill.
            _ => Self::NoSite,
        }
    }
}

/// What went wrong when the host could not answer: a stable name on the wire (`why`, kebab-case), which
/// the extension words in the browser's language; the English `message` beside it is for logs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Fault {
    /// The request is not JSON, is cut short, or is no request Keyfob knows: `unreadable-request`.
    UnreadableRequest,
    /// The request is over [`MAX_REQUEST_BYTES`]; the host reads no more: `request-too-large`.
    RequestTooLarge,
    /// Keyfob cannot read its vault (why is told in its window): `vault-unreadable`.
    VaultUnreadable,
    /// The pairing key sent is not one: `pairing-key-unreadable`.
    PairingKeyUnreadable,
    /// Keyfob's window is asking about another browser's pairing: `pairing-busy`.
    PairingBusy,
    /// The pairing request cannot be stored beside the vault: `pairing-not-kept`.
    PairingNotKept,
    /// Keyfob's window cannot be started or reached: `window-unreachable`.
    WindowUnreachable,
}

/// What Keyfob answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Reply {
    /// The codes of the accounts linked to the page's site (time-based ones: an HOTP code would be used up).
    Codes {
        /// The page's site.
        site: String,
        /// The browsers' match patterns of the site's pages ([`Site::match_patterns`]): where the
        /// extension may ask to show its button by itself.
        origins: Vec<String>,
        /// One per account linked to it.
        codes: Vec<PageCode>,
    },
    /// No account is linked to the page's site: no code, ever (the extension offers to link it in Keyfob).
    None {
        /// The page's site.
        site: String,
        /// As for [`Reply::Codes`].
        origins: Vec<String>,
    },
    /// The page gets no code, whatever is linked: an insecure or other-origin page, or no site at all.
    Refused {
        /// Why, as a name the extension words ([`Refusal`]).
        why: Refusal,
        /// Why, in Keyfob's English: for logs and extensions older than `why`.
        reason: String,
    },
    /// The vault is locked: unlock Keyfob first.
    Locked,
    /// Keyfob's window is asking the user which account the site belongs to.
    Linking {
        /// The page's site, as the window shows it.
        site: String,
    },
    /// Keyfob's window is showing.
    Opening,
    /// What a typed name stands for.
    Site {
        /// The site, as Keyfob keeps it (`login.example.co.uk` is `example.co.uk`).
        site: String,
        /// Its pages' match patterns ([`Site::match_patterns`]).
        origins: Vec<String>,
    },
    /// The caller is not a browser paired with this Keyfob (or sent another key): nothing more is said.
    Unpaired,
    /// Keyfob's window asks the user to pair this browser, showing `code`; the extension shows the same.
    Pairing {
        /// The code both sides show, `123 456`.
        code: String,
    },
    /// This browser is paired already.
    Paired,
    /// The host is there.
    Pong {
        /// Keyfob's version.
        version: &'static str,
    },
    /// The request could not be read.
    Error {
        /// What was wrong, as a name the extension words ([`Fault`]).
        why: Fault,
        /// What was wrong, in Keyfob's English (never echoing the request): for logs and extensions
        /// older than `why`.
        message: String,
    },
}

impl Session {
    /// The answer to one request from the browser extension named `caller` by its browser (its
    /// `chrome-extension://` origin, its Firefox id, or empty when the host was started by hand), at
    /// `clock`'s time; `window` is Keyfob's, shown for a pairing, a link or an unlock.
    pub fn answer_browser(&self, request: &[u8], caller: &str, clock: &dyn Clock, window: &dyn Window) -> Reply {
        let request: Request = match serde_json::from_slice(request) {
            Ok(request) => request,
            Err(e) => {
                let message = format!("the request cannot be read: {}", e.classify_name());
                return Reply::Error { why: Fault::UnreadableRequest, message };
            }
        };
        match request {
            Request::Ping => Reply::Pong { version: env!("CARGO_PKG_VERSION") },
            Request::Site { text } => match Site::parse(&text) {
                Ok(site) => Reply::Site { origins: site.match_patterns(), site: site.to_string() },
                Err(e) => Reply::refused(&e),
            },
            Request::Pair { key } => self.ask_to_pair(&key, caller, clock, window),
            Request::Code { url, top, key } => match self.paired(&key, caller, window) {
                Ok(()) => page_of(&url, &top).map_or_else(|refused| refused, |page| self.page_codes(&page, clock)),
                Err(reply) => reply,
            },
            Request::Link { url, top, key } => {
                match self.paired(&key, caller, window).and_then(|()| page_of(&url, &top)) {
                    Ok(page) => window
                        .link_site(&page)
                        .map_or_else(unreachable, |()| Reply::Linking { site: page.site().to_string() }),
                    Err(reply) => reply,
                }
            }
            Request::Open { key } => match self.paired(&key, caller, window) {
                // Opening the window is how a locked Keyfob is unlocked, and a locked one cannot tell who
                // is paired: the window shows, nothing is said.
                Ok(()) | Err(Reply::Locked) => window.show().map_or_else(unreachable, |()| Reply::Opening),
                Err(reply) => reply,
            },
        }
    }

    /// Whether `caller` sending `key` is a paired browser: `Err` holds the reply otherwise (`unpaired`,
    /// or `locked` when the vault cannot be read to tell, or is behind a passphrase and Keyfob's `window`
    /// is locked).
    fn paired(&self, key: &str, caller: &str, window: &dyn Window) -> Result<(), Reply> {
        // A key that is no key is a stranger like any other: the reply does not say which was wrong.
        let key = PairingKey::parse(key).map_err(|_| Reply::Unpaired)?;
        if self.behind_passphrase() && !window.unlocked() {
            return Err(Reply::Locked);
        }
        match self.vault() {
            Ok(Some(opened)) if opened.vault().is_paired(caller, &key) => Ok(()),
            Ok(_) => Err(Reply::Unpaired),
            Err(e) => Err(Reply::unreadable(&e)),
        }
    }

    /// A browser asks to be paired: the request waits beside the vault and Keyfob's window asks the user.
    fn ask_to_pair(&self, key: &str, caller: &str, clock: &dyn Clock, window: &dyn Window) -> Reply {
        let Ok(key) = PairingKey::parse(key) else {
            return Reply::error(Fault::PairingKeyUnreadable, "the pairing key cannot be read");
        };
        if self.vault().is_ok_and(|v| v.is_some_and(|o| o.vault().is_paired(caller, &key))) {
            return Reply::Paired;
        }
        let now = clock.now();
        let request = PairingRequest { caller: caller.to_owned(), verifier: key.verifier(), requested: now };
        // Anyone with Keyfob's id may ask, so asking is paced: while a request is fresh, the window is
        // not started again (a flood of requests is one window), and another browser waits its turn.
        if let Some(waiting) = self.pairing_request(now).filter(|w| now - w.requested < PAIRING_PAUSE_SECS) {
            return if waiting.verifier == request.verifier && waiting.caller == request.caller {
                Reply::Pairing { code: waiting.code().to_string() }
            } else {
                Reply::error(Fault::PairingBusy, "Keyfob is asking about another browser; try again in a few seconds")
            };
        }
        if pairing_request::save(self.store().dir(), &request).is_err() {
            return Reply::error(
                Fault::PairingNotKept,
                "Keyfob cannot keep the pairing request; open Keyfob to see why",
            );
        }
        window.pair().map_or_else(unreachable, |()| Reply::Pairing { code: request.code().to_string() })
    }

    /// The browser pairing request waiting for the user's answer at `now`, if any.
    pub fn pairing_request(&self, now: u64) -> Option<PairingRequest> {
        pairing_request::load(self.store().dir(), now)
    }

    /// Pairs the browser of the waiting request, when `code` is the code it shows (the user read it in
    /// the extension and confirmed it in the window, or typed it to `keyfob browser pair`).
    ///
    /// # Errors
    /// [`Error::NoPairingRequest`], [`Error::PairingCodeMismatch`] (the request stays for another try), or
    /// why the vault cannot be changed.
    pub fn confirm_pairing(&self, code: PairingCode, now: u64) -> Result<Paired, Error> {
        let request = self.pairing_request(now).ok_or(Error::NoPairingRequest)?;
        if request.code() != code {
            return Err(Error::PairingCodeMismatch);
        }
        let paired = self.update_unbacked(|vault| Ok(vault.pair_browser(&request, now)?))?;
        pairing_request::clear(self.store().dir()).map_err(keyfob_store::Error::from)?;
        Ok(paired)
    }

    /// Refuses the waiting pairing request: nothing is paired.
    ///
    /// # Errors
    /// When the request file cannot be removed.
    pub fn refuse_pairing(&self) -> Result<(), Error> {
        Ok(pairing_request::clear(self.store().dir()).map_err(keyfob_store::Error::from)?)
    }

    /// The paired browsers.
    ///
    /// # Errors
    /// Why the vault cannot be opened.
    pub fn paired_browsers(&self) -> Result<Vec<keyfob_core::pairing::PairedBrowser>, Error> {
        Ok(self.vault()?.map(|o| o.vault().paired_browsers().to_vec()).unwrap_or_default())
    }

    /// Forgets a paired browser: from now on it gets `unpaired`.
    ///
    /// # Errors
    /// [`keyfob_vault::Error::NoSuchBrowser`] inside [`Error::Store`], or why the vault cannot be
    /// changed.
    pub fn unpair_browser(&self, id: u64) -> Result<(), Error> {
        self.update_unbacked(|vault| Ok(vault.unpair_browser(id).map(drop)?))
    }

    fn page_codes(&self, page: &Page, clock: &dyn Clock) -> Reply {
        let site = page.site();
        let opened = match self.vault() {
            Ok(Some(opened)) => opened,
            Ok(None) => return Reply::none(site),
            Err(e) => return Reply::unreadable(&e),
        };
        let now = clock.now();
        let mut codes = Vec::new();
        for entry in opened.vault().accounts_for_page(page) {
            let Some(period) = entry.method.period() else { continue };
            let Ok(code) = opened.code_at(entry.id, now) else { continue };
            codes.push(PageCode {
                id: entry.id,
                issuer: entry.issuer.clone(),
                name: entry.name.clone(),
                label: crate::label(entry.issuer.as_deref(), &entry.name),
                code: code.to_string(),
                shown: crate::group_code(code.as_str()),
                remaining: period.remaining_at(now),
                period: period.get(),
            });
        }
        if codes.is_empty() {
            Reply::none(site)
        } else {
            Reply::Codes { site: site.to_string(), origins: site.match_patterns(), codes }
        }
    }
}

impl Reply {
    /// No account is linked to `site`.
    fn none(site: &Site) -> Self {
        Self::None { site: site.to_string(), origins: site.match_patterns() }
    }

    /// The page or name gets nothing because of `error`: its kind as `why`, its words as `reason`.
    fn refused(error: &SiteError) -> Self {
        Self::Refused { why: Refusal::of(error), reason: error.to_string() }
    }

    /// The vault could not be read because of `error`: `locked` when it is behind a passphrase, else
    /// `vault-unreadable` in a fixed sentence. The error's own words stay in Keyfob (its window tells
    /// them): they name the vault's folder, and the caller, paired or not, learns nothing of it.
    fn unreadable(error: &Error) -> Self {
        match error {
            Error::Store(keyfob_store::Error::PassphraseNeeded { .. }) => Self::Locked,
            _ => Self::error(Fault::VaultUnreadable, "Keyfob cannot read its vault; open Keyfob to see why"),
        }
    }

    /// The host could not answer: `why`, and `message` in Keyfob's English.
    ///
    /// The browser host also sends one before it ends on a request it will not read.
    pub fn error(why: Fault, message: impl Into<String>) -> Self {
        Self::Error { why, message: message.into() }
    }
}

/// The reply when Keyfob's window cannot be reached.
fn unreachable(e: std::io::Error) -> Reply {
    Reply::error(Fault::WindowUnreachable, format!("Keyfob's window cannot be opened: {e}"))
}

/// The page at `url` in a tab whose top page is `top`, or why it gets nothing.
fn page_of(url: &str, top: &str) -> Result<Page, Reply> {
    // The tab's own page (the popup asks so) is no frame: an address with no origin (`about:blank`, a
    // browser's own page) is refused below for what it is, not as a frame of another site.
    if url != top && !same_origin(url, top) {
        let reason = "codes are not given to frames from another site than the page".into();
        return Err(Reply::Refused { why: Refusal::OtherSiteFrame, reason });
    }
    Page::of(url).map_err(|e| Reply::refused(&e))
}

/// How serde_json's errors are named to the extension: the kind, never the text around it.
trait Classified {
    fn classify_name(&self) -> &'static str;
}

impl Classified for serde_json::Error {
    fn classify_name(&self) -> &'static str {
        match self.classify() {
            serde_json::error::Category::Io => "it could not be read",
            serde_json::error::Category::Syntax => "it is not JSON",
            serde_json::error::Category::Data => "it is not a request Keyfob knows",
            serde_json::error::Category::Eof => "it is cut short",
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use keyfob_core::{FixedClock, uri};
    use keyfob_store::{MemoryKeychain, Store, Unlock, VaultDir};

    use super::*;

    /// The reply for a site no account is linked to.
    fn none(site: &str) -> Reply {
        Reply::none(&Site::parse(site).unwrap())
    }

    /// Keyfob's Firefox extension as Firefox names it.
    const CALLER: &str = "browser@keyfob.app";
    /// The paired extension's key (bytes 0…31), and another install's.
    const KEY: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";
    const OTHER_KEY: &str = "HwECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";

    /// Pairs `key` as `caller` the way the user does: the browser asks, the user confirms the code.
    fn pair(session: &Session, caller: &str, key: &str) {
        let asked = Asked::default();
        let request = serde_json::json!({"type": "pair", "key": key});
        let Reply::Pairing { code } =
            session.answer_browser(&serde_json::to_vec(&request).unwrap(), caller, &FixedClock(59), &asked)
        else {
            panic!("no pairing");
        };
        assert_eq!(*asked.seen.lock().unwrap(), ["pair"]);
        session.confirm_pairing(PairingCode::parse(&code).unwrap(), 60).unwrap();
    }

    /// GitHub linked to github.com; GitLab (also TOTP) and Bank (HOTP) linked to example.com; [`KEY`]
    /// paired as [`CALLER`].
    fn session(dir: &std::path::Path) -> Session {
        let store = Store::new(VaultDir::at(dir), Box::new(MemoryKeychain::default()), Arc::new(FixedClock(59)));
        let session = Session::new(store, Unlock::default());
        for (link, sites) in [
            ("otpauth://totp/GitHub:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&digits=8", &["github.com"][..]),
            ("otpauth://totp/GitLab:alice?secret=JBSWY3DPEHPK3PXP", &["https://gitlab.example.com/users/sign_in"]),
            ("otpauth://hotp/Bank:alice?secret=JBSWY3DPEHPK3PXP&counter=3", &["example.com"]),
        ] {
            let account = uri::parse(link).unwrap();
            session
                .update(|vault, rng| {
                    let keyfob_vault::Added::New(id) = vault.add(&account, 0, rng)? else { unreachable!() };
                    Ok(vault.set_sites(id, sites)?)
                })
                .unwrap();
        }
        pair(&session, CALLER, KEY);
        session
    }

    /// What the host asked of Keyfob's window (the real window is asked in `tests/extension.rs`).
    #[derive(Default)]
    struct Asked {
        seen: std::sync::Mutex<Vec<String>>,
        fails: bool,
        /// Keyfob's window is locked (or not running).
        locked: bool,
    }

    impl Window for Asked {
        fn link_site(&self, page: &Page) -> std::io::Result<()> {
            self.seen.lock().unwrap().push(format!("link {}", page.host()));
            if self.fails { Err(std::io::Error::from(std::io::ErrorKind::NotFound)) } else { Ok(()) }
        }

        fn show(&self) -> std::io::Result<()> {
            self.seen.lock().unwrap().push("show".into());
            if self.fails { Err(std::io::Error::from(std::io::ErrorKind::NotFound)) } else { Ok(()) }
        }

        fn pair(&self) -> std::io::Result<()> {
            self.seen.lock().unwrap().push("pair".into());
            if self.fails { Err(std::io::Error::from(std::io::ErrorKind::NotFound)) } else { Ok(()) }
        }

        fn unlocked(&self) -> bool {
            !self.locked
        }
    }

    fn ask_as(session: &Session, caller: &str, request: serde_json::Value) -> Reply {
        session.answer_browser(&serde_json::to_vec(&request).unwrap(), caller, &FixedClock(59), &Asked::default())
    }

    fn ask(session: &Session, request: serde_json::Value) -> Reply {
        ask_as(session, CALLER, request)
    }

    fn page_with(url: &str, key: &str) -> serde_json::Value {
        serde_json::json!({"type": "code", "url": url, "top": url, "key": key})
    }

    fn page(url: &str) -> serde_json::Value {
        page_with(url, KEY)
    }

    #[test]
    fn a_linked_site_gets_its_codes_and_nothing_else_does() {
        let temp = tempfile::tempdir().unwrap();
        let session = session(temp.path());
        let Reply::Codes { site, origins, codes } = ask(&session, page("https://github.com/sessions/two-factor"))
        else {
            panic!()
        };
        assert_eq!((site.as_str(), codes.len()), ("github.com", 1));
        assert_eq!(origins, ["https://github.com/*", "https://*.github.com/*"]);
        assert_eq!((codes[0].code.as_str(), codes[0].remaining, codes[0].period), ("94287082", 1, 30));
        // example.com: GitLab's code; Bank is HOTP (a code made would be used up), so not offered.
        let Reply::Codes { codes, .. } = ask(&session, page("https://login.example.com/")) else { panic!() };
        assert_eq!(codes.iter().map(|c| c.issuer.as_deref()).collect::<Vec<_>>(), [Some("GitLab")]);
        for (url, expected) in [
            ("https://github.com.evil.com/", none("evil.com")),
            ("https://gitlab.com/", none("gitlab.com")),
            (
                "http://github.com/",
                Reply::Refused {
                    why: Refusal::InsecurePage,
                    reason: "codes are only given to https:// pages (and http:// on this computer)".into(),
                },
            ),
        ] {
            assert_eq!(ask(&session, page(url)), expected, "{url}");
        }
        let framed =
            serde_json::json!({"type": "code", "url": "https://github.com/", "top": "https://evil.com/", "key": KEY});
        assert!(matches!(ask(&session, framed), Reply::Refused { why: Refusal::OtherSiteFrame, .. }));
    }

    /// Before: a vault that could not be read when the codes were gathered sent its error's English to
    /// the browser, the vault folder's path in it. Now the reply is the fixed sentence `paired` sends.
    #[test]
    fn a_vault_unreadable_for_the_codes_sends_no_path() {
        let temp = tempfile::tempdir().unwrap();
        let session = session(temp.path());
        std::fs::write(temp.path().join(keyfob_store::dir::VAULT_FILE), b"not a vault").unwrap();
        let page = Page::of("https://github.com/").unwrap();
        let reply = session.page_codes(&page, &FixedClock(59));
        assert_eq!(reply, Reply::error(Fault::VaultUnreadable, "Keyfob cannot read its vault; open Keyfob to see why"));
        let wire = serde_json::to_string(&reply).unwrap();
        let folder = temp.path().to_string_lossy();
        assert!(!wire.contains(folder.as_ref()), "{wire}");
    }

    #[test]
    fn hostile_requests_get_an_error_that_echoes_nothing() {
        let temp = tempfile::tempdir().unwrap();
        let session = session(temp.path());
        for (request, message) in [
            (&b"not json"[..], "the request cannot be read: it is not JSON"),
            (b"{\"type\": \"code\", \"url\": \"https://github.com/\"", "the request cannot be read: it is cut short"),
            (b"{\"type\": \"secret\", \"id\": 1}", "the request cannot be read: it is not a request Keyfob knows"),
            (
                b"{\"type\": \"code\", \"url\": \"https://github.com/\", \"top\": \"https://github.com/\", \"key\": \"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8\", \"x\": 1}",
                "the request cannot be read: it is not a request Keyfob knows",
            ),
            (b"[1, 2, 3]", "the request cannot be read: it is not a request Keyfob knows"),
        ] {
            let reply = session.answer_browser(request, CALLER, &FixedClock(59), &Asked::default());
            assert_eq!(reply, Reply::error(Fault::UnreadableRequest, message));
        }
        assert_eq!(
            ask(&session, serde_json::json!({"type": "ping"})),
            Reply::Pong { version: env!("CARGO_PKG_VERSION") }
        );
        let json = serde_json::to_string(&ask(&session, page("https://github.com/"))).unwrap();
        let origins = r#""origins":["https://github.com/*","https://*.github.com/*"]"#;
        assert!(
            json.starts_with(&format!(r#"{{"type":"codes","site":"github.com",{origins},"codes":[{{"id":1,"#)),
            "{json}"
        );
        assert!(!json.contains("GEZDGNBV"), "never a secret");
    }

    #[test]
    fn a_typed_name_is_judged_as_a_site_by_keyfob_and_nothing_wider_is_allowed() {
        let temp = tempfile::tempdir().unwrap();
        let session = session(temp.path());
        let typed = |text: &str| ask(&session, serde_json::json!({"type": "site", "text": text}));
        assert_eq!(
            typed("login.example.co.uk"),
            Reply::Site {
                site: "example.co.uk".into(),
                origins: vec!["https://example.co.uk/*".into(), "https://*.example.co.uk/*".into()]
            }
        );
        // A public suffix, an address elsewhere, nonsense, a huge name: no site, no pattern.
        for text in ["co.uk", "com", "github.io", "192.0.2.1", "*.example.com", "", &"a.".repeat(40_000)] {
            assert!(matches!(typed(text), Reply::Refused { .. }), "{}", &text[..text.len().min(40)]);
            let Reply::Refused { why, .. } = typed(text) else { unreachable!() };
            let expected = match text.len() {
                0 => Refusal::NotAnAddress,
                80_000 => Refusal::TooLong,
                _ => Refusal::NoSite,
            };
            assert_eq!(why, expected, "{}", &text[..text.len().min(40)]);
        }
        // It says nothing of the vault, and needs no pairing, as `ping`: a stranger learns only the rule.
        let stranger = session.answer_browser(
            br#"{"type":"site","text":"github.com"}"#,
            "chrome-extension://other/",
            &FixedClock(59),
            &Asked::default(),
        );
        assert!(matches!(stranger, Reply::Site { .. }));
    }

    /// A page asks to be linked: Keyfob's window is shown the page's site (never one the page names),
    /// and a page that gets no codes cannot ask either.
    #[test]
    fn linking_shows_keyfob_the_pages_own_site_and_opening_shows_the_window() {
        let temp = tempfile::tempdir().unwrap();
        let session = session(temp.path());
        let window = Asked::default();
        let answer = |request: serde_json::Value, window: &Asked| {
            session.answer_browser(&serde_json::to_vec(&request).unwrap(), CALLER, &FixedClock(59), window)
        };
        let link = |url: &str, top: &str| serde_json::json!({"type": "link", "url": url, "top": top, "key": KEY});
        let page = "http://login.keyfob.localhost:8080/login";
        assert_eq!(answer(link(page, page), &window), Reply::Linking { site: "keyfob.localhost".into() });
        for (url, top, expected) in [
            (page, "http://login.keyfob-evil.localhost:8080/", Refusal::OtherSiteFrame),
            ("http://example.com/", "http://example.com/", Refusal::InsecurePage),
            ("https://co.uk/", "https://co.uk/", Refusal::NoSite),
        ] {
            let Reply::Refused { why, .. } = answer(link(url, top), &window) else { panic!("{url} in {top}") };
            assert_eq!(why, expected, "{url} in {top}");
        }
        assert_eq!(answer(serde_json::json!({"type": "open", "key": KEY}), &window), Reply::Opening);
        assert_eq!(*window.seen.lock().unwrap(), ["link login.keyfob.localhost", "show"], "the page's host");
        let broken = Asked { fails: true, ..Asked::default() };
        let Reply::Error { why: Fault::WindowUnreachable, message } = answer(link(page, page), &broken) else {
            panic!()
        };
        assert!(message.starts_with("Keyfob's window cannot be opened: "), "{message}");
        let extra = serde_json::json!({"type": "link", "url": page, "top": page, "key": KEY, "site": "github.com"});
        assert!(
            matches!(answer(extra, &window), Reply::Error { why: Fault::UnreadableRequest, .. }),
            "a page cannot name a site"
        );
    }

    /// The review's finding: an add-on carrying Keyfob's id got every linked code. Now a caller that is not
    /// paired, whichever id its browser names, gets `unpaired` and nothing more, for every request.
    #[test]
    fn a_stranger_carrying_keyfobs_id_gets_nothing() {
        let temp = tempfile::tempdir().unwrap();
        let session = session(temp.path());
        let url = "https://github.com/sessions/two-factor";
        let window = Asked::default();
        let strangers = [
            (CALLER, OTHER_KEY),
            ("chrome-extension://bmicaadjepnaojjkepbgbeoiakipclph/", KEY),
            ("chrome-extension://bmicaadjepnaojjkepbgbeoiakipclph/", OTHER_KEY),
            ("", KEY),
            (CALLER, "not a key"),
            (CALLER, ""),
        ];
        for (caller, key) in strangers {
            for request in [
                page_with(url, key),
                serde_json::json!({"type": "link", "url": url, "top": url, "key": key}),
                serde_json::json!({"type": "open", "key": key}),
            ] {
                let reply =
                    session.answer_browser(&serde_json::to_vec(&request).unwrap(), caller, &FixedClock(59), &window);
                assert_eq!(reply, Reply::Unpaired, "{caller} {request}");
                assert_eq!(serde_json::to_string(&reply).unwrap(), r#"{"type":"unpaired"}"#);
            }
            let keyless = serde_json::json!({"type": "code", "url": url, "top": url});
            assert!(
                matches!(ask_as(&session, caller, keyless), Reply::Error { why: Fault::UnreadableRequest, .. }),
                "a request without a key"
            );
        }
        assert!(window.seen.lock().unwrap().is_empty(), "no window was shown for a stranger");
        // A thousand wrong keys: each gets the same nothing, and the paired one still gets its code.
        let started = std::time::Instant::now();
        for n in 0..1000u32 {
            let mut bytes = [7u8; 32];
            bytes[..4].copy_from_slice(&n.to_be_bytes());
            let key = data_encoding::BASE64URL_NOPAD.encode(&bytes);
            assert_eq!(ask(&session, page_with(url, &key)), Reply::Unpaired);
        }
        assert!(started.elapsed() < std::time::Duration::from_secs(20), "each refusal is a hash, not a search");
        assert!(matches!(ask(&session, page(url)), Reply::Codes { .. }));
    }

    /// Pairing: the browser's request waits for the user; a wrong code pairs nothing; the right one pairs
    /// that caller with that key only; a second request for a paired browser says so; removing it in
    /// Settings (`unpair_browser`) leaves it with nothing.
    #[test]
    fn a_browser_is_paired_only_by_the_code_the_user_confirms_and_unpaired_for_good() {
        let temp = tempfile::tempdir().unwrap();
        let session = session(temp.path());
        let chromium = "chrome-extension://bmicaadjepnaojjkepbgbeoiakipclph/";
        let url = "https://github.com/";
        assert_eq!(ask_as(&session, chromium, page_with(url, OTHER_KEY)), Reply::Unpaired);
        let Reply::Pairing { code } = ask_as(&session, chromium, serde_json::json!({"type": "pair", "key": OTHER_KEY}))
        else {
            panic!()
        };
        let waiting = session.pairing_request(59).unwrap();
        assert_eq!((waiting.caller.as_str(), waiting.code().to_string()), (chromium, code.clone()));
        assert_eq!(ask_as(&session, chromium, page_with(url, OTHER_KEY)), Reply::Unpaired, "asked is not paired");
        let wrong = if code == "000 000" { "000 001" } else { "000 000" };
        assert!(matches!(
            session.confirm_pairing(PairingCode::parse(wrong).unwrap(), 60),
            Err(Error::PairingCodeMismatch)
        ));
        assert!(
            matches!(
                session.confirm_pairing(PairingCode::parse(&code).unwrap(), 59 + 300),
                Err(Error::NoPairingRequest)
            ),
            "lapsed after five minutes"
        );
        assert_eq!(session.confirm_pairing(PairingCode::parse(&code).unwrap(), 60).unwrap(), Paired::New(2));
        assert_eq!(session.pairing_request(60), None, "answered");
        assert!(matches!(ask_as(&session, chromium, page_with(url, OTHER_KEY)), Reply::Codes { .. }));
        assert_eq!(ask_as(&session, CALLER, page_with(url, OTHER_KEY)), Reply::Unpaired, "the key is Chromium's");
        assert_eq!(ask_as(&session, chromium, serde_json::json!({"type": "pair", "key": OTHER_KEY})), Reply::Paired);
        let browsers = session.paired_browsers().unwrap();
        assert_eq!(
            browsers.iter().map(|b| (b.id, b.caller.as_str())).collect::<Vec<_>>(),
            [(1, CALLER), (2, chromium)]
        );
        session.unpair_browser(2).unwrap();
        assert_eq!(ask_as(&session, chromium, page_with(url, OTHER_KEY)), Reply::Unpaired, "removed");
        assert!(matches!(ask(&session, page(url)), Reply::Codes { .. }), "the other stays");
        assert!(session.unpair_browser(2).is_err());
        let refused = ask_as(&session, chromium, serde_json::json!({"type": "pair", "key": "short"}));
        assert_eq!(refused, Reply::error(Fault::PairingKeyUnreadable, "the pairing key cannot be read"));
        session.refuse_pairing().unwrap();
    }

    /// Every refusal and error says its kind as `why` on the wire, beside Keyfob's English: the extension
    /// words the kind in the browser's language and never shows the English (nor a page's own text,
    /// which `reason` may hold: `co.uk` below).
    #[test]
    fn every_refusal_and_error_names_its_kind_on_the_wire() {
        let temp = tempfile::tempdir().unwrap();
        let session = session(temp.path());
        let wire = |reply: Reply| serde_json::to_string(&reply).unwrap();
        let code = |url: &str, top: &str| serde_json::json!({"type": "code", "url": url, "top": top, "key": KEY});
        let long = format!("https://github.com/{}", "a".repeat(9000));
        for (request, expected) in [
            (
                code("http://github.com/", "http://github.com/"),
                r#"{"type":"refused","why":"insecure-page","reason":"codes are only given to https:// pages (and http:// on this computer)"}"#,
            ),
            (
                code("https://github.com/", "https://evil.com/"),
                r#"{"type":"refused","why":"other-site-frame","reason":"codes are not given to frames from another site than the page"}"#,
            ),
            (
                code("https://co.uk/", "https://co.uk/"),
                r#"{"type":"refused","why":"no-site","reason":"`co.uk` is not a site one owner holds"}"#,
            ),
            (
                serde_json::json!({"type": "site", "text": "co.uk"}),
                r#"{"type":"refused","why":"no-site","reason":"`co.uk` is not a site one owner holds"}"#,
            ),
            (
                code("about:blank", "about:blank"),
                r#"{"type":"refused","why":"not-an-address","reason":"not a web address"}"#,
            ),
            (
                code("chrome://extensions/", "chrome://extensions/"),
                r#"{"type":"refused","why":"not-an-address","reason":"not a web address"}"#,
            ),
            (code(&long, &long), r#"{"type":"refused","why":"too-long","reason":"the address is over 8192 bytes"}"#),
            (
                serde_json::json!({"type": "pair", "key": "short"}),
                r#"{"type":"error","why":"pairing-key-unreadable","message":"the pairing key cannot be read"}"#,
            ),
        ] {
            assert_eq!(wire(ask(&session, request.clone())), expected, "{request}");
        }
        let raw = |bytes: &[u8], window: &Asked| session.answer_browser(bytes, CALLER, &FixedClock(59), window);
        assert_eq!(
            wire(raw(b"not json", &Asked::default())),
            r#"{"type":"error","why":"unreadable-request","message":"the request cannot be read: it is not JSON"}"#
        );
        let broken = Asked { fails: true, ..Asked::default() };
        let open = serde_json::to_vec(&serde_json::json!({"type": "open", "key": KEY})).unwrap();
        assert_eq!(
            wire(raw(&open, &broken)),
            r#"{"type":"error","why":"window-unreachable","message":"Keyfob's window cannot be opened: entity not found"}"#
        );
        assert_eq!(
            wire(Reply::error(Fault::RequestTooLarge, "the request is 70000 bytes; at most 65536 are read")),
            r#"{"type":"error","why":"request-too-large","message":"the request is 70000 bytes; at most 65536 are read"}"#
        );

        // Pairing: a second browser while the first is asked about, and a request that cannot be kept.
        let pair = |key: &str, at: u64| {
            let request = serde_json::to_vec(&serde_json::json!({"type": "pair", "key": key})).unwrap();
            session.answer_browser(&request, CALLER, &FixedClock(at), &Asked::default())
        };
        assert!(matches!(pair(OTHER_KEY, 100), Reply::Pairing { .. }));
        assert_eq!(
            wire(pair("AgECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8", 101)),
            r#"{"type":"error","why":"pairing-busy","message":"Keyfob is asking about another browser; try again in a few seconds"}"#
        );
        // (The request's file is a folder with something in it: it cannot be replaced.)
        let kept = temp.path().join("browser-pairing.json");
        std::fs::remove_file(&kept).unwrap();
        std::fs::create_dir_all(kept.join("in-the-way")).unwrap();
        assert_eq!(
            wire(pair(OTHER_KEY, 200)),
            r#"{"type":"error","why":"pairing-not-kept","message":"Keyfob cannot keep the pairing request; open Keyfob to see why"}"#
        );

        // A vault that cannot be read: the paired browser is told only that (its window says why).
        let damaged = tempfile::tempdir().unwrap();
        std::fs::write(damaged.path().join("vault.json"), b"not a vault").unwrap();
        let store =
            Store::new(VaultDir::at(damaged.path()), Box::new(MemoryKeychain::default()), Arc::new(FixedClock(59)));
        let unreadable = Session::new(store, Unlock::default());
        let request = serde_json::to_vec(&page("https://github.com/")).unwrap();
        assert_eq!(
            wire(unreadable.answer_browser(&request, CALLER, &FixedClock(59), &Asked::default())),
            r#"{"type":"error","why":"vault-unreadable","message":"Keyfob cannot read its vault; open Keyfob to see why"}"#
        );
    }

    /// A site of one host only: that host's pages get the codes, the domain's other hosts nothing.
    #[test]
    fn a_host_only_link_gives_codes_to_that_host_alone() {
        let temp = tempfile::tempdir().unwrap();
        let session = session(temp.path());
        session.update(|vault, _| Ok(vault.set_sites(1, &["=login.github.com"])?)).unwrap();
        assert!(matches!(ask(&session, page("https://login.github.com/x")), Reply::Codes { .. }));
        for other in ["https://github.com/", "https://gist.github.com/"] {
            assert_eq!(ask(&session, page(other)), none("github.com"), "{other}");
        }
    }

    /// The review's finding: an unpaired caller could start Keyfob's window with every `pair` it sent.
    /// A flood of requests starts it once; another browser waits its turn; after the pause one more may ask.
    #[test]
    fn pairing_requests_are_paced_so_a_flood_starts_one_window() {
        let temp = tempfile::tempdir().unwrap();
        let session = session(temp.path());
        let window = Asked::default();
        let pair = |key: &str, at: u64| {
            let request = serde_json::to_vec(&serde_json::json!({"type": "pair", "key": key})).unwrap();
            session.answer_browser(&request, "browser@keyfob.app", &FixedClock(at), &window)
        };
        let Reply::Pairing { code } = pair(OTHER_KEY, 100) else { panic!() };
        for _ in 0..1000 {
            assert_eq!(pair(OTHER_KEY, 105), Reply::Pairing { code: code.clone() }, "the same browser, asked already");
        }
        let third = "AgECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";
        let Reply::Error { why: Fault::PairingBusy, message } = pair(third, 109) else { panic!() };
        assert_eq!(message, "Keyfob is asking about another browser; try again in a few seconds");
        assert_eq!(window.seen.lock().unwrap().len(), 1, "one window for all of them");
        assert!(matches!(pair(third, 110), Reply::Pairing { .. }), "after the pause");
        assert_eq!(window.seen.lock().unwrap().len(), 2);
    }

    /// A locked vault cannot tell who is paired: `locked` for codes and links, the window for `open`.
    #[test]
    fn a_locked_vault_answers_locked_to_everyone_and_shows_only_its_window() {
        let temp = tempfile::tempdir().unwrap();
        let session = session(temp.path());
        session
            .set_passphrase(
                None,
                keyfob_core::crypto::Password::new(Zeroizing::new("correct horse battery".to_owned())),
            )
            .unwrap();
        session.lock().unwrap();
        let window = Asked::default();
        for key in [KEY, OTHER_KEY] {
            for (request, expected) in [
                (page_with("https://github.com/", key), Reply::Locked),
                (serde_json::json!({"type": "open", "key": key}), Reply::Opening),
            ] {
                let reply =
                    session.answer_browser(&serde_json::to_vec(&request).unwrap(), CALLER, &FixedClock(59), &window);
                assert_eq!(reply, expected);
            }
        }
        assert_eq!(*window.seen.lock().unwrap(), ["show", "show"]);
    }

    /// The finding: a host given the passphrase (a passphrase file in the browser's environment) answered
    /// while Keyfob itself was locked. It answers from a passphrase vault only while the window is
    /// unlocked; a keychain vault, which cannot lock, is not asked about.
    #[test]
    fn a_passphrase_vault_answers_only_while_keyfobs_window_is_unlocked() {
        let temp = tempfile::tempdir().unwrap();
        let session = session(temp.path());
        let github = page_with("https://github.com/", KEY);
        let answer = |session: &Session, request: &serde_json::Value, window: &Asked| {
            session.answer_browser(&serde_json::to_vec(request).unwrap(), CALLER, &FixedClock(59), window)
        };
        let locked = Asked { locked: true, ..Asked::default() };
        assert!(matches!(answer(&session, &github, &locked), Reply::Codes { .. }), "a keychain vault cannot lock");

        // The host's own session holds the key, as a passphrase file gives it.
        session
            .set_passphrase(
                None,
                keyfob_core::crypto::Password::new(Zeroizing::new("correct horse battery".to_owned())),
            )
            .unwrap();
        assert!(matches!(answer(&session, &github, &Asked::default()), Reply::Codes { .. }), "Keyfob is unlocked");
        assert_eq!(answer(&session, &github, &locked), Reply::Locked);
        let link =
            serde_json::json!({"type": "link", "url": "https://github.com/", "top": "https://github.com/", "key": KEY});
        assert_eq!(answer(&session, &link, &locked), Reply::Locked);
        assert_eq!(answer(&session, &serde_json::json!({"type": "open", "key": KEY}), &locked), Reply::Opening);
        assert_eq!(*locked.seen.lock().unwrap(), ["show"], "only the window, to unlock it");
        assert_eq!(answer(&session, &page_with("https://github.com/", OTHER_KEY), &locked), Reply::Locked);
    }
}
