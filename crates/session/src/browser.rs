//! What Keyfob tells the browser extension (through `keyfob browser-host`, the browser's native
//! messaging): the codes of the accounts linked to the page's site, and seconds left — never a secret,
//! never a code for a site no account is linked to, for a plain `http://` page elsewhere than this
//! computer, or for a frame of another origin than its tab's page.
//!
//! Requests and replies are JSON objects with a `type`:
//!
//! | request | reply |
//! |---|---|
//! | `{"type": "code", "url": PAGE, "top": TOP_PAGE}` | `codes` `{site, codes: [{id, issuer, name, code, remaining, period}]}`; `none` `{site}` (no account is linked to it); `refused` `{reason}`; `locked` |
//! | `{"type": "link", "url": PAGE, "top": TOP_PAGE}` | `linking` `{site}`: Keyfob's window asks which account the site belongs to (the page never chooses); `refused` `{reason}` |
//! | `{"type": "open"}` | `opening`: Keyfob's window shows (to be unlocked) |
//! | `{"type": "ping"}` | `pong` `{version}` |
//! | anything else | `error` `{message}` |

use keyfob_core::Clock;
use keyfob_core::site::{Site, same_origin};
use serde::{Deserialize, Serialize};

use crate::Session;

/// The argument that starts Keyfob's window asking which account a site belongs to
/// (`keyfob-app --link-site=example.com`; a running window is handed it).
pub const LINK_SITE_ARGUMENT: &str = "--link-site";

/// The largest message taken from the browser, in bytes: a request is a type and two addresses.
pub const MAX_REQUEST_BYTES: u32 = 64 * 1024;

/// What the extension asks.
#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
enum Request {
    /// The codes for the page at `url`, in a tab whose top page is `top` (the same for the top page).
    Code { url: String, top: String },
    /// Asks Keyfob's window to link the page's site to an account the user picks there.
    Link { url: String, top: String },
    /// Shows Keyfob's window, to unlock it.
    Open,
    /// Whether the host answers, and which Keyfob it is.
    Ping,
}

/// Keyfob's window as the browser host reaches it: the one place where a site is linked or the vault
/// unlocked, by the user, never by a page.
pub trait Window {
    /// Shows the window asking which account `site` belongs to.
    ///
    /// # Errors
    /// When the window cannot be reached or started.
    fn link_site(&self, site: &Site) -> std::io::Result<()>;

    /// Shows the window.
    ///
    /// # Errors
    /// When the window cannot be reached or started.
    fn show(&self) -> std::io::Result<()>;
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
    /// The code now.
    pub code: String,
    /// Seconds until it changes.
    pub remaining: u32,
    /// Seconds per code.
    pub period: u32,
}

/// What Keyfob answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Reply {
    /// The codes of the accounts linked to the page's site (time-based ones: an HOTP code would be used up).
    Codes {
        /// The page's site.
        site: String,
        /// One per account linked to it.
        codes: Vec<PageCode>,
    },
    /// No account is linked to the page's site: no code, ever (the extension offers to link it in Keyfob).
    None {
        /// The page's site.
        site: String,
    },
    /// The page gets no code, whatever is linked: an insecure or other-origin page, or no site at all.
    Refused {
        /// Why, in words a user can act on.
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
    /// The host is there.
    Pong {
        /// Keyfob's version.
        version: &'static str,
    },
    /// The request could not be read.
    Error {
        /// What was wrong (never echoing the request).
        message: String,
    },
}

impl Session {
    /// The answer to one request from the browser extension, at `clock`'s time; `window` is Keyfob's,
    /// shown for a link or an unlock.
    pub fn answer_browser(&self, request: &[u8], clock: &dyn Clock, window: &dyn Window) -> Reply {
        let request: Request = match serde_json::from_slice(request) {
            Ok(request) => request,
            Err(e) => return Reply::Error { message: format!("the request cannot be read: {}", e.classify_name()) },
        };
        let unreachable =
            |e: std::io::Error| Reply::Error { message: format!("Keyfob's window cannot be opened: {e}") };
        match request {
            Request::Ping => Reply::Pong { version: env!("CARGO_PKG_VERSION") },
            Request::Code { url, top } => match page_site(&url, &top) {
                Ok(site) => self.page_codes(site, clock),
                Err(refused) => refused,
            },
            Request::Link { url, top } => match page_site(&url, &top) {
                Ok(site) => {
                    window.link_site(&site).map_or_else(unreachable, |()| Reply::Linking { site: site.to_string() })
                }
                Err(refused) => refused,
            },
            Request::Open => window.show().map_or_else(unreachable, |()| Reply::Opening),
        }
    }

    fn page_codes(&self, site: Site, clock: &dyn Clock) -> Reply {
        let opened = match self.vault() {
            Ok(Some(opened)) => opened,
            Ok(None) => return Reply::None { site: site.to_string() },
            Err(crate::Error::Store(keyfob_store::Error::PassphraseNeeded { .. })) => return Reply::Locked,
            Err(e) => return Reply::Error { message: e.to_string() },
        };
        let now = clock.now();
        let mut codes = Vec::new();
        for entry in opened.vault().accounts_for_site(&site) {
            let Some(period) = entry.method.period() else { continue };
            let Ok(code) = opened.code_at(entry.id, now) else { continue };
            codes.push(PageCode {
                id: entry.id,
                issuer: entry.issuer.clone(),
                name: entry.name.clone(),
                code: code.to_string(),
                remaining: period.remaining_at(now),
                period: period.get(),
            });
        }
        if codes.is_empty() {
            Reply::None { site: site.to_string() }
        } else {
            Reply::Codes { site: site.to_string(), codes }
        }
    }
}

/// The site of a page at `url` in a tab whose top page is `top`, or why it gets nothing.
fn page_site(url: &str, top: &str) -> Result<Site, Reply> {
    if !same_origin(url, top) {
        return Err(Reply::Refused { reason: "codes are not given to frames from another site than the page".into() });
    }
    Site::of_page(url).map_err(|e| Reply::Refused { reason: e.to_string() })
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

    /// GitHub linked to github.com; GitLab (also TOTP) and Bank (HOTP) linked to example.com.
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
                    let keyfob_core::vault::Added::New(id) = vault.add(&account, 0, rng)? else { unreachable!() };
                    Ok(vault.set_sites(id, sites)?)
                })
                .unwrap();
        }
        session
    }

    /// What the host asked of Keyfob's window (the real window is asked in `tests/extension.rs`).
    #[derive(Default)]
    struct Asked {
        seen: std::sync::Mutex<Vec<String>>,
        fails: bool,
    }

    impl Window for Asked {
        fn link_site(&self, site: &Site) -> std::io::Result<()> {
            self.seen.lock().unwrap().push(format!("link {site}"));
            if self.fails { Err(std::io::Error::from(std::io::ErrorKind::NotFound)) } else { Ok(()) }
        }

        fn show(&self) -> std::io::Result<()> {
            self.seen.lock().unwrap().push("show".into());
            if self.fails { Err(std::io::Error::from(std::io::ErrorKind::NotFound)) } else { Ok(()) }
        }
    }

    fn ask(session: &Session, request: serde_json::Value) -> Reply {
        session.answer_browser(&serde_json::to_vec(&request).unwrap(), &FixedClock(59), &Asked::default())
    }

    fn page(url: &str) -> serde_json::Value {
        serde_json::json!({"type": "code", "url": url, "top": url})
    }

    #[test]
    fn a_linked_site_gets_its_codes_and_nothing_else_does() {
        let temp = tempfile::tempdir().unwrap();
        let session = session(temp.path());
        let Reply::Codes { site, codes } = ask(&session, page("https://github.com/sessions/two-factor")) else {
            panic!()
        };
        assert_eq!((site.as_str(), codes.len()), ("github.com", 1));
        assert_eq!((codes[0].code.as_str(), codes[0].remaining, codes[0].period), ("94287082", 1, 30));
        // example.com: GitLab's code; Bank is HOTP (a code made would be used up), so not offered.
        let Reply::Codes { codes, .. } = ask(&session, page("https://login.example.com/")) else { panic!() };
        assert_eq!(codes.iter().map(|c| c.issuer.as_deref()).collect::<Vec<_>>(), [Some("GitLab")]);
        for (url, expected) in [
            ("https://github.com.evil.com/", Reply::None { site: "evil.com".into() }),
            ("https://gitlab.com/", Reply::None { site: "gitlab.com".into() }),
            (
                "http://github.com/",
                Reply::Refused {
                    reason: "codes are only given to https:// pages (and http:// on this computer)".into(),
                },
            ),
        ] {
            assert_eq!(ask(&session, page(url)), expected, "{url}");
        }
        let framed = serde_json::json!({"type": "code", "url": "https://github.com/", "top": "https://evil.com/"});
        assert!(matches!(ask(&session, framed), Reply::Refused { .. }));
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
                b"{\"type\": \"code\", \"url\": \"https://github.com/\", \"top\": \"https://github.com/\", \"x\": 1}",
                "the request cannot be read: it is not a request Keyfob knows",
            ),
            (b"[1, 2, 3]", "the request cannot be read: it is not a request Keyfob knows"),
        ] {
            let reply = session.answer_browser(request, &FixedClock(59), &Asked::default());
            assert_eq!(reply, Reply::Error { message: message.into() });
        }
        assert_eq!(
            ask(&session, serde_json::json!({"type": "ping"})),
            Reply::Pong { version: env!("CARGO_PKG_VERSION") }
        );
        let json = serde_json::to_string(&ask(&session, page("https://github.com/"))).unwrap();
        assert!(json.starts_with(r#"{"type":"codes","site":"github.com","codes":[{"id":1,"#), "{json}");
        assert!(!json.contains("GEZDGNBV"), "never a secret");
    }

    /// A page asks to be linked: Keyfob's window is shown the page's site (never one the page names),
    /// and a page that gets no codes cannot ask either.
    #[test]
    fn linking_shows_keyfob_the_pages_own_site_and_opening_shows_the_window() {
        let temp = tempfile::tempdir().unwrap();
        let session = session(temp.path());
        let window = Asked::default();
        let answer = |request: serde_json::Value, window: &Asked| {
            session.answer_browser(&serde_json::to_vec(&request).unwrap(), &FixedClock(59), window)
        };
        let link = |url: &str, top: &str| serde_json::json!({"type": "link", "url": url, "top": top});
        let page = "http://login.keyfob.localhost:8080/login";
        assert_eq!(answer(link(page, page), &window), Reply::Linking { site: "keyfob.localhost".into() });
        for (url, top) in [
            (page, "http://login.keyfob-evil.localhost:8080/"),
            ("http://example.com/", "http://example.com/"),
            ("https://co.uk/", "https://co.uk/"),
        ] {
            assert!(matches!(answer(link(url, top), &window), Reply::Refused { .. }), "{url} in {top}");
        }
        assert_eq!(answer(serde_json::json!({"type": "open"}), &window), Reply::Opening);
        assert_eq!(*window.seen.lock().unwrap(), ["link keyfob.localhost", "show"]);
        let broken = Asked { fails: true, ..Asked::default() };
        let Reply::Error { message } = answer(link(page, page), &broken) else { panic!() };
        assert!(message.starts_with("Keyfob's window cannot be opened: "), "{message}");
        let extra = serde_json::json!({"type": "link", "url": page, "top": page, "site": "github.com"});
        assert!(matches!(answer(extra, &window), Reply::Error { .. }), "a page cannot name a site");
    }
}
