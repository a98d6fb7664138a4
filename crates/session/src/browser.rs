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
//! | `{"type": "ping"}` | `pong` `{version}` |
//! | anything else | `error` `{message}` |

use keyfob_core::Clock;
use keyfob_core::site::{Site, same_origin};
use serde::{Deserialize, Serialize};

use crate::Session;

/// The largest message taken from the browser, in bytes: a request is a type and two addresses.
pub const MAX_REQUEST_BYTES: u32 = 64 * 1024;

/// What the extension asks.
#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
enum Request {
    /// The codes for the page at `url`, in a tab whose top page is `top` (the same for the top page).
    Code { url: String, top: String },
    /// Whether the host answers, and which Keyfob it is.
    Ping,
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
    /// The answer to one request from the browser extension, at `clock`'s time.
    pub fn answer_browser(&self, request: &[u8], clock: &dyn Clock) -> Reply {
        let request: Request = match serde_json::from_slice(request) {
            Ok(request) => request,
            Err(e) => return Reply::Error { message: format!("the request cannot be read: {}", e.classify_name()) },
        };
        match request {
            Request::Ping => Reply::Pong { version: env!("CARGO_PKG_VERSION") },
            Request::Code { url, top } => self.page_codes(&url, &top, clock),
        }
    }

    fn page_codes(&self, url: &str, top: &str, clock: &dyn Clock) -> Reply {
        if !same_origin(url, top) {
            return Reply::Refused { reason: "codes are not given to frames from another site than the page".into() };
        }
        let site = match Site::of_page(url) {
            Ok(site) => site,
            Err(e) => return Reply::Refused { reason: e.to_string() },
        };
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

    fn ask(session: &Session, request: serde_json::Value) -> Reply {
        session.answer_browser(&serde_json::to_vec(&request).unwrap(), &FixedClock(59))
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
            assert_eq!(session.answer_browser(request, &FixedClock(59)), Reply::Error { message: message.into() });
        }
        assert_eq!(
            ask(&session, serde_json::json!({"type": "ping"})),
            Reply::Pong { version: env!("CARGO_PKG_VERSION") }
        );
        let json = serde_json::to_string(&ask(&session, page("https://github.com/"))).unwrap();
        assert!(json.starts_with(r#"{"type":"codes","site":"github.com","codes":[{"id":1,"#), "{json}");
        assert!(!json.contains("GEZDGNBV"), "never a secret");
    }
}
