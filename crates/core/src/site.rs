//! The websites an account belongs to, for filling codes into login pages: a code is only ever offered to
//! a page of a site the user linked to that account, so a look-alike phishing page gets nothing.
//!
//! A site is a **registrable domain** (the part of a host name one owner holds), found with the Public
//! Suffix List (the `psl` crate, which builds the list in): `login.example.co.uk` is the site
//! `example.co.uk`, and `example.co.uk.evil.com` is `evil.com`. Pages are `https://`, or `http://` on
//! this computer only (`localhost`, `*.localhost`, `127.0.0.1`, `[::1]`).
//!
//! A site may instead be **one host only**, written `=login.example.edu`: where one domain holds many
//! owners' pages (a university, a hosting company), the user links just the host they sign in at, and
//! the domain's other hosts get nothing.

use std::net::IpAddr;

/// The most sites one account is linked to.
pub const MAX_SITES: usize = 16;
/// The longest page address looked at, in bytes.
pub const MAX_URL_BYTES: usize = 8192;

/// Why a page or a name is not a site Keyfob links.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SiteError {
    /// Not an address Keyfob reads: not `https://` nor `http://` (a browser's own page, an extension's,
    /// a file), or no host.
    #[error("not a web address")]
    NotAnAddress,
    /// Over [`MAX_URL_BYTES`].
    #[error("the address is over {MAX_URL_BYTES} bytes")]
    TooLong,
    /// `http://` on another computer than this one.
    #[error("codes are only given to https:// pages (and http:// on this computer)")]
    Insecure,
    /// A host that is a public suffix itself (`co.uk`), an address on another computer, or no host.
    #[error("`{0}` is not a site one owner holds")]
    NoRegistrableDomain(String),
    /// More than [`MAX_SITES`] for one account.
    #[error("an account can be linked to at most {MAX_SITES} sites")]
    TooMany,
}

/// What marks a site kept for one host only, in its text (`=login.example.edu`).
const HOST_ONLY: char = '=';

/// A site: a registrable domain (`example.co.uk`), a loopback host (`keyfob.localhost`, `127.0.0.1`), or
/// one host only (`=login.example.edu`). Lower case, valid by construction; its text is how it is typed
/// and stored.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Site(String);

/// A page as codes are given to it: its host, and the site (registrable domain) that host belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    host: String,
    site: Site,
}

impl Page {
    /// The page at `address`.
    ///
    /// # Errors
    /// [`SiteError`]: not a web address (nor `https://` nor `http://`), too long, `http://` on another
    /// computer, or a host that is no one's site.
    pub fn of(address: &str) -> Result<Self, SiteError> {
        if address.len() > MAX_URL_BYTES {
            return Err(SiteError::TooLong);
        }
        let url = url::Url::parse(address).map_err(|_| SiteError::NotAnAddress)?;
        // Only web pages have a site: a browser's own page (`chrome://extensions/`), an extension's, a
        // file or data is not a web address, whatever host it names; only plain http:// is insecure.
        let secure = match url.scheme() {
            "https" => true,
            "http" => false,
            _ => return Err(SiteError::NotAnAddress),
        };
        let host = url.host_str().ok_or(SiteError::NotAnAddress)?.to_ascii_lowercase();
        if !secure && !is_loopback(&host) {
            return Err(SiteError::Insecure);
        }
        let site = Site::of_host(&host)?;
        Ok(Self { host: host.trim_end_matches('.').to_owned(), site })
    }

    /// A page's host as the browser host hands it to Keyfob's window (`login.example.edu`).
    ///
    /// # Errors
    /// As [`Page::of`].
    pub fn of_host(host: &str) -> Result<Self, SiteError> {
        // A host and nothing else: no port, path, user or query riding along (an address in brackets has
        // colons of its own).
        if host.len() > MAX_URL_BYTES {
            return Err(SiteError::TooLong);
        }
        if host.contains(['/', '\\', '@', '?', '#']) || (!host.starts_with('[') && host.contains(':')) {
            return Err(SiteError::NotAnAddress);
        }
        Self::of(&format!("https://{host}/"))
    }

    /// The page's host, lower case.
    pub fn host(&self) -> &str {
        &self.host
    }

    /// The site (registrable domain) the page belongs to.
    pub fn site(&self) -> &Site {
        &self.site
    }

    /// This page's host alone, as a site (the domain itself when the host is the domain).
    pub fn host_only(&self) -> Site {
        if self.host == self.site.0 { self.site.clone() } else { Site(format!("{HOST_ONLY}{}", self.host)) }
    }
}

impl Site {
    /// The site a page belongs to.
    ///
    /// # Errors
    /// As [`Page::of`].
    pub fn of_page(address: &str) -> Result<Self, SiteError> {
        Page::of(address).map(|page| page.site)
    }

    /// A site as typed or stored: a domain (`example.co.uk`, `login.example.co.uk` meaning
    /// `example.co.uk`), a page's address, or one host only (`=login.example.co.uk`).
    ///
    /// # Errors
    /// As [`Page::of`].
    pub fn parse(text: &str) -> Result<Self, SiteError> {
        let text = text.trim();
        if let Some(host) = text.strip_prefix(HOST_ONLY) {
            return Page::of_host(host).map(|page| page.host_only());
        }
        if text.contains("://") {
            return Self::of_page(text);
        }
        if text.len() > MAX_URL_BYTES {
            return Err(SiteError::TooLong);
        }
        Self::of_page(&format!("https://{text}/"))
    }

    /// Whether the page gets this site's codes: a page of the domain, or for a site of one host only, a
    /// page of that host.
    pub fn covers(&self, page: &Page) -> bool {
        match self.0.strip_prefix(HOST_ONLY) {
            Some(host) => host == page.host,
            None => *self == page.site,
        }
    }

    /// The browsers' match patterns of this site's pages, for the extension to ask for permission to show
    /// its button there: the domain's pages and its subdomains' over `https` (and `http` on this
    /// computer); one host's pages for a site of one host; an address's own pages only. Decided here, with
    /// the site, so the extension never judges a name (it once took `co.uk` for a site).
    pub fn match_patterns(&self) -> Vec<String> {
        let (hosts, loopback) = match self.0.strip_prefix(HOST_ONLY) {
            Some(host) => (vec![host.to_owned()], is_loopback(host)),
            None if self.0.starts_with('[') || self.0.parse::<IpAddr>().is_ok() => (vec![self.0.clone()], true),
            None => (vec![self.0.clone(), format!("*.{}", self.0)], is_loopback(&self.0)),
        };
        let schemes: &[&str] = if loopback { &["http", "https"] } else { &["https"] };
        schemes.iter().flat_map(|scheme| hosts.iter().map(move |host| format!("{scheme}://{host}/*"))).collect()
    }

    fn of_host(host: &str) -> Result<Self, SiteError> {
        let bare = host.trim_start_matches('[').trim_end_matches(']');
        if let Ok(ip) = bare.parse::<IpAddr>() {
            // Addresses are nobody's domain: only this computer's own are kept (as themselves).
            return if ip.is_loopback() {
                Ok(Self(host.to_owned()))
            } else {
                Err(SiteError::NoRegistrableDomain(host.to_owned()))
            };
        }
        let host = host.trim_end_matches('.');
        // A name a browser resolves: labels of letters, digits, hyphens (and underscores, which some
        // hosts have), none empty. The URL parser lets more through (a decoded `%2E`, quotes, a trailing
        // dot after what then reads as a number), which would be kept as a site that no page's address
        // ever gives again: the site must also be a page's host as it is.
        let labels_ok = host.len() <= 253
            && host.split('.').all(|l| {
                (1..=63).contains(&l.len()) && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            });
        let nobodys = || SiteError::NoRegistrableDomain(host.chars().take(100).collect());
        if !labels_ok {
            return Err(nobodys());
        }
        let domain = psl::domain_str(host).ok_or_else(nobodys)?;
        let again = url::Url::parse(&format!("https://{domain}/")).ok();
        if again.as_ref().and_then(url::Url::host_str) != Some(domain) {
            return Err(nobodys());
        }
        Ok(Self(domain.to_owned()))
    }

    /// The site as typed and stored (`example.com`, `=login.example.edu`).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the site is named like an account by `issuer`: the issuer, or its first word, is the
    /// site's own name (`GitHub` for `github.com`, `Google Workspace` for `google.com`), letters and digits
    /// compared, any case. A look-alike such as `git-hub.com` or `github.xyz` is named like GitHub too:
    /// this is what Keyfob warns about when such a site asks to be linked to an account that belongs to
    /// another (it never preselects an account by name).
    pub fn named_like(&self, issuer: &str) -> bool {
        // Addresses have no name to compare.
        if self.0.starts_with('[') || self.0.parse::<IpAddr>().is_ok() {
            return false;
        }
        let name = letters_and_digits(self.0.split('.').next().unwrap_or_default());
        let first_word = issuer.split_whitespace().next().unwrap_or_default();
        !name.is_empty() && (letters_and_digits(issuer) == name || letters_and_digits(first_word) == name)
    }
}

/// `text` in lower case without anything but letters and digits (`Keyfob-Demo` → `keyfobdemo`).
fn letters_and_digits(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

impl std::fmt::Display for Site {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Whether `host` is this computer: `localhost`, a name under `.localhost` (RFC 6761), or a loopback
/// address.
fn is_loopback(host: &str) -> bool {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    host == "localhost" || host.ends_with(".localhost") || bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// Whether a page at `frame` may get codes when the tab's top page is at `top`: only when both have one
/// origin (scheme, host and port), so a site's page cannot frame a page of another to be filled.
pub fn same_origin(frame: &str, top: &str) -> bool {
    match (url::Url::parse(frame), url::Url::parse(top)) {
        (Ok(frame), Ok(top)) => frame.origin() == top.origin() && frame.origin().is_tuple(),
        _ => false,
    }
}

/// The sites as an account keeps them: each parsed, duplicates dropped, in the order given.
///
/// # Errors
/// The first [`SiteError`], or [`SiteError::TooMany`].
pub fn sites<S: AsRef<str>>(given: &[S]) -> Result<Vec<Site>, SiteError> {
    let parsed = given.iter().map(|text| Site::parse(text.as_ref())).collect::<Result<Vec<_>, _>>()?;
    let mut kept = Vec::new();
    for site in parsed {
        add(&mut kept, site)?;
    }
    Ok(kept)
}

/// Adds `site` to an account's `kept` sites, once: the one rule for every way a site is linked (typed,
/// chosen in the app, imported).
///
/// # Errors
/// [`SiteError::TooMany`] when it is new and `kept` already has [`MAX_SITES`] (`kept` is unchanged).
pub fn add(kept: &mut Vec<Site>, site: Site) -> Result<(), SiteError> {
    if kept.contains(&site) {
        return Ok(());
    }
    if kept.len() >= MAX_SITES {
        return Err(SiteError::TooMany);
    }
    kept.push(site);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(page: &str) -> Result<String, SiteError> {
        Site::of_page(page).map(|s| s.0)
    }

    #[test]
    fn a_sites_match_patterns_cover_its_pages_and_nothing_wider() {
        let patterns = |text: &str| Site::parse(text).unwrap().match_patterns();
        assert_eq!(patterns("login.example.co.uk"), ["https://example.co.uk/*", "https://*.example.co.uk/*"]);
        assert_eq!(patterns("=login.example.edu"), ["https://login.example.edu/*"]);
        assert_eq!(
            patterns("keyfob.localhost"),
            [
                "http://keyfob.localhost/*",
                "http://*.keyfob.localhost/*",
                "https://keyfob.localhost/*",
                "https://*.keyfob.localhost/*"
            ]
        );
        assert_eq!(patterns("127.0.0.1"), ["http://127.0.0.1/*", "https://127.0.0.1/*"]);
        // No pattern is ever wider than one registrable domain: a public suffix is no site at all.
        for suffix in ["co.uk", "com", "github.io"] {
            assert!(Site::parse(suffix).is_err(), "{suffix}");
        }
    }

    #[test]
    fn a_page_belongs_to_its_registrable_domain() {
        assert_eq!(site("https://login.example.co.uk/sign-in?next=/"), Ok("example.co.uk".into()));
        assert_eq!(site("https://example.co.uk.evil.com/"), Ok("evil.com".into()));
        assert_eq!(site("https://accounts.google.com/"), Ok("google.com".into()));
        assert_eq!(site("https://GitHub.COM:443/login"), Ok("github.com".into()));
        assert_eq!(site("https://alice.github.io/"), Ok("alice.github.io".into()), "github.io is a public suffix");
        assert_eq!(site("https://example.com./"), Ok("example.com".into()));
        assert_eq!(site("https://xn--mnchen-3ya.de/"), Ok("xn--mnchen-3ya.de".into()));
        assert_eq!(site("https://münchen.de/"), Ok("xn--mnchen-3ya.de".into()), "one name, however written");
    }

    #[test]
    fn loopback_pages_may_be_plain_http_and_nothing_else_may() {
        assert_eq!(site("http://login.keyfob.localhost:8080/"), Ok("keyfob.localhost".into()));
        assert_eq!(site("http://login.keyfob-evil.localhost:8080/"), Ok("keyfob-evil.localhost".into()));
        assert_eq!(site("http://localhost:3000/"), Err(SiteError::NoRegistrableDomain("localhost".into())));
        assert_eq!(site("http://127.0.0.1:3000/"), Ok("127.0.0.1".into()));
        assert_eq!(site("http://[::1]:3000/"), Ok("[::1]".into()));
        assert_eq!(site("http://example.com/"), Err(SiteError::Insecure));
        assert_eq!(site("http://localhost.evil.com/"), Err(SiteError::Insecure));
        // Only web pages have a site: a browser's own page, an extension's, another protocol, a file or
        // data is not a web address, whatever host it names (before, those with a host were "insecure").
        for other in [
            "ftp://example.com/",
            "chrome://extensions/",
            "edge://settings/",
            "about:blank",
            "moz-extension://4f1c2a5e-1d3b-4c2a-9e8f-0a1b2c3d4e5f/options.html",
            "chrome-extension://bmicaadjepnaojjkepbgbeoiakipclph/popup.html",
            "view-source:https://example.com/",
            "data:text/html,hello",
            "wss://example.com/",
        ] {
            assert_eq!(site(other), Err(SiteError::NotAnAddress), "{other}");
        }
        assert_eq!(site("javascript:alert(1)"), Err(SiteError::NotAnAddress));
        assert_eq!(site("file:///etc/passwd"), Err(SiteError::NotAnAddress));
        assert_eq!(site("https://192.168.1.1/"), Err(SiteError::NoRegistrableDomain("192.168.1.1".into())));
        assert_eq!(site("https://co.uk/"), Err(SiteError::NoRegistrableDomain("co.uk".into())));
        assert_eq!(site(&format!("https://{}.com/", "a".repeat(9000))), Err(SiteError::TooLong));
        assert_eq!(site("not an address"), Err(SiteError::NotAnAddress));
    }

    /// Found by fuzzing: a host the URL parser lets through (a decoded `%2E` making an empty label,
    /// a quote) was kept as a site that then did not read back as itself.
    #[test]
    fn only_names_a_browser_resolves_are_sites_and_a_kept_site_reads_back_as_itself() {
        for text in ["㭎.%2E㭎\"/x", "a..b.com", "exa\"mple.com", "-.com", "1coctp.1.", "https://a.1./", "ya.0x."] {
            if let Ok(site) = Site::parse(text) {
                assert_eq!(Site::parse(site.as_str()), Ok(site.clone()), "{text}");
            }
        }
        assert!(matches!(Site::parse("a..b.com"), Err(SiteError::NoRegistrableDomain(_))));
        assert!(Site::parse("exa\"mple.com").is_err());
        assert!(Site::parse("1coctp.1.").is_err(), "a number is no top-level domain");
        let Err(SiteError::NoRegistrableDomain(named)) = Site::parse(&format!("{}.com", "a".repeat(300))) else {
            panic!()
        };
        assert_eq!(named.chars().count(), 100, "the error quotes the start only");
        for kept in ["github.com", "example.co.uk", "keyfob.localhost", "xn--mnchen-3ya.de", "127.0.0.1", "[::1]"] {
            assert_eq!(Site::parse(kept).map(|s| s.to_string()), Ok(kept.to_owned()));
        }
    }

    #[test]
    fn a_site_is_named_like_the_issuers_that_share_its_name() {
        let site = |text: &str| Site::parse(text).unwrap();
        assert!(site("github.com").named_like("GitHub"));
        assert!(site("accounts.google.com").named_like("Google Workspace"));
        assert!(site("login.keyfob.localhost").named_like("Keyfob Demo"));
        assert!(site("my-bank.co.uk").named_like("My Bank"));
        assert!(!site("keyfob-evil.localhost").named_like("Keyfob Demo"));
        assert!(!site("github.com").named_like("GitLab"));
        assert!(!site("github.com").named_like(""));
        assert!(!site("127.0.0.1").named_like("127"));
        assert!(!site("http://[::1]:80/").named_like("1"));
    }

    /// The review's finding: a link covered the whole registrable domain, so every host of a shared
    /// domain got the codes. A site of one host only covers that host's pages and nothing else.
    #[test]
    fn a_site_covers_its_domains_pages_or_one_hosts_only() {
        let page = |address: &str| Page::of(address).unwrap();
        let domain = Site::parse("example.edu").unwrap();
        let host = Site::parse("=LOGIN.example.edu").unwrap();
        assert_eq!((host.as_str(), domain.as_str()), ("=login.example.edu", "example.edu"));
        assert_eq!(page("https://login.example.edu/sso").host_only(), host);
        assert_eq!(page("https://example.edu/").host_only(), domain, "the domain's own host is the domain");
        for (address, by_domain, by_host) in [
            ("https://login.example.edu/sso", true, true),
            ("https://student-pages.example.edu/~eve/", true, false),
            ("https://example.edu/", true, false),
            ("https://login.example.edu.evil.com/", false, false),
            ("https://a.login.example.edu/", true, false),
        ] {
            assert_eq!((domain.covers(&page(address)), host.covers(&page(address))), (by_domain, by_host), "{address}");
        }
        assert_eq!(Site::parse(host.as_str()), Ok(host.clone()), "kept as typed, read back as itself");
        for bad in
            ["=login.example.edu:8080", "=login.example.edu/x", "=user@login.example.edu", "=co.uk", "=", "=a..b.com"]
        {
            assert!(Site::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(Page::of_host("login.keyfob.localhost").unwrap().site().as_str(), "keyfob.localhost");
        assert_eq!(Page::of_host(&"a".repeat(10_000)), Err(SiteError::TooLong));
    }

    #[test]
    fn frames_of_another_origin_get_nothing() {
        assert!(same_origin("https://login.example.com/a", "https://login.example.com/b"));
        assert!(!same_origin("https://login.example.com/", "https://evil.com/"));
        assert!(!same_origin("https://login.example.com/", "https://other.example.com/"), "origins, not sites");
        assert!(!same_origin("https://login.example.com:8443/", "https://login.example.com/"));
        assert!(!same_origin("data:text/html,x", "data:text/html,x"), "opaque origins are never the same");
        assert!(!same_origin("", "https://example.com/"));
    }

    #[test]
    fn an_account_keeps_each_site_once_and_a_bounded_number() {
        let kept = sites(&["login.example.co.uk", "https://www.example.co.uk/x", "github.com"]).unwrap();
        assert_eq!(kept.iter().map(Site::as_str).collect::<Vec<_>>(), ["example.co.uk", "github.com"]);
        let many: Vec<String> = (0..17).map(|i| format!("site{i}.com")).collect();
        assert_eq!(sites(&many), Err(SiteError::TooMany));
        assert_eq!(sites(&["http://example.com"]), Err(SiteError::Insecure));
    }
}
