//! The push enrolment link a privacyIDEA server (or Keyfob's reference login service) shows as a QR code:
//!
//! ```text
//! otpauth://pipush/LABEL?url=https%3A%2F%2Fpi.example.com%2Fttype%2Fpush&ttl=10&issuer=privacyIDEA
//!   &enrollment_credential=9f2c…&v=1&serial=PIPU0001A2B3&sslverify=1&poll_only=True
//! ```
//!
//! `pia://pipush/…` (the privacyIDEA app's own scheme) is read the same way. The enrolment credential is
//! a one-time secret: it is wiped on drop and never shown.

use zeroize::Zeroizing;

use keyfob_otp::account::split_label;
use keyfob_otp::uri::{check_raw, decode_component, decode_strict, strip_scheme};

/// Why a push enrolment link was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LinkError {
    /// Not an `otpauth://pipush/` or `pia://pipush/` link, or its text is malformed.
    #[error("not a push enrolment link: {0}")]
    Malformed(String),
    /// A parameter the protocol needs is missing.
    #[error("the push enrolment link has no `{0}` parameter")]
    Missing(&'static str),
    /// A version of the protocol Keyfob does not speak.
    #[error("the push enrolment link asks for protocol version {0}; Keyfob speaks version 1")]
    UnsupportedVersion(String),
    /// Not poll mode: the server would push through Firebase, which a desktop cannot receive.
    #[error(
        "this push token is set up for phone notifications (Firebase), which a computer cannot receive; ask the administrator for a poll-only push token (push_firebase_configuration = poll only)"
    )]
    NotPollOnly,
    /// The registration URL is not http(s).
    #[error("the push registration address must be an http:// or https:// URL")]
    BadUrl,
    /// A plain `http://` address of another computer: anyone on the path could swap the server key at
    /// enrolment and show prompts of their own later.
    #[error(
        "the push server {host} is reached over plain http://, which anyone on the network could tamper with; Keyfob takes http:// only for this computer (localhost). Ask the administrator for an https:// push address"
    )]
    InsecureUrl {
        /// The server's host, as the link names it.
        host: String,
    },
}

/// A parsed push enrolment link: what the device needs to register.
pub struct Enrolment {
    /// The service's name, when given.
    pub issuer: Option<String>,
    /// The account's name (the label without its issuer prefix).
    pub name: String,
    /// Where to register, poll and answer.
    pub url: String,
    /// The token's serial, naming it in every message.
    pub serial: String,
    /// Whether TLS certificates must be verified (`sslverify=1`, the default).
    pub sslverify: bool,
    /// Minutes the registration stays open.
    pub ttl_minutes: u32,
    /// The one-time enrolment credential.
    pub enrollment_credential: Zeroizing<String>,
}

impl std::fmt::Debug for Enrolment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Enrolment")
            .field("issuer", &self.issuer)
            .field("name", &self.name)
            .field("url", &self.url)
            .field("serial", &self.serial)
            .finish_non_exhaustive()
    }
}

/// Whether `text` is a push enrolment link (so callers can route it before parsing).
pub fn is_push_link(text: &str) -> bool {
    let text = text.trim();
    ["otpauth", "pia"].iter().any(|scheme| {
        strip_scheme(text, scheme).is_some_and(|rest| rest.get(..7).is_some_and(|k| k.eq_ignore_ascii_case("pipush/")))
    })
}

/// Parses an `otpauth://pipush/…` or `pia://pipush/…` link.
///
/// # Errors
/// A [`LinkError`] naming what is wrong; never quoting the enrolment credential.
pub fn parse_link(text: &str) -> Result<Enrolment, LinkError> {
    let text = text.trim();
    check_raw(text).map_err(|e| LinkError::Malformed(e.to_string()))?;
    if !is_push_link(text) {
        return Err(LinkError::Malformed("it does not start with otpauth://pipush/".into()));
    }
    let rest = strip_scheme(text, "otpauth").or_else(|| strip_scheme(text, "pia")).unwrap_or_default();
    let rest = rest.get(7..).unwrap_or_default();
    let (label, query) = rest.split_once('?').unwrap_or((rest, ""));
    let label = decode_strict("label", label).map_err(|e| LinkError::Malformed(e.to_string()))?;
    let mut url = None;
    let mut issuer = None;
    let mut credential = None;
    let mut serial = None;
    let mut version = None;
    let mut sslverify = None;
    let mut ttl = None;
    let mut poll_only = None;
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let slot = match key {
            "url" => &mut url,
            "issuer" => &mut issuer,
            "enrollment_credential" => &mut credential,
            "serial" => &mut serial,
            "v" => &mut version,
            "sslverify" => &mut sslverify,
            "ttl" => &mut ttl,
            "poll_only" => &mut poll_only,
            _ => continue,
        };
        if slot.is_some() {
            return Err(LinkError::Malformed(format!("the `{key}` parameter appears more than once")));
        }
        *slot = Some(decode_component(key, value).map_err(|e| LinkError::Malformed(e.to_string()))?);
    }
    let url = url.ok_or(LinkError::Missing("url"))?.to_string();
    check_url(&url)?;
    match version.as_deref().map(String::as_str) {
        None | Some("1") => {}
        Some(other) => return Err(LinkError::UnsupportedVersion(other.chars().take(8).collect())),
    }
    if poll_only.as_deref().is_some_and(|p| !p.eq_ignore_ascii_case("true") && p.as_str() != "1") {
        return Err(LinkError::NotPollOnly);
    }
    let serial = serial.ok_or(LinkError::Missing("serial"))?.to_string();
    if serial.is_empty() || serial.len() > 64 || !serial.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        return Err(LinkError::Malformed("the serial must be 1 to 64 letters, digits or dashes".into()));
    }
    let (issuer, name) = split_label(&label, issuer.as_deref().map(String::as_str));
    let (issuer, name) = keyfob_otp::account::normalize_names(issuer, if name.is_empty() { &serial } else { name })
        .map_err(|e| LinkError::Malformed(e.to_string()))?;
    Ok(Enrolment {
        issuer,
        name,
        url,
        serial,
        sslverify: sslverify.as_deref().is_none_or(|v| v.as_str() != "0"),
        ttl_minutes: ttl.and_then(|t| t.parse().ok()).unwrap_or(10),
        enrollment_credential: credential.ok_or(LinkError::Missing("enrollment_credential"))?,
    })
}

/// The host of a push server address (`push.example.com`, `127.0.0.1`, `[::1]`), for showing whom an
/// enrolment talks to; `None` when it is not an http(s) URL with a host.
pub fn server_host(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url).ok()?;
    matches!(parsed.scheme(), "http" | "https").then_some(())?;
    let host = parsed.host_str()?.to_owned();
    Some(match parsed.port() {
        Some(port) => format!("{host}:{port}"),
        None => host,
    })
}

/// Whether `url` is plain `http://` to a host other than this computer: what enrolment refuses now, and
/// what tokens enrolled before that may still carry (their challenges and answers, and the enrolment's
/// credential, crossed the network unencrypted). Anything that is not such a URL is not called insecure
/// here: other addresses fail on their own.
pub fn is_insecure_url(url: &str) -> bool {
    matches!(check_url(url), Err(LinkError::InsecureUrl { .. }))
}

/// Refuses an address that is not http(s), or that is plain http to anything but this computer.
fn check_url(url: &str) -> Result<(), LinkError> {
    let parsed = url::Url::parse(url).map_err(|_| LinkError::BadUrl)?;
    let loopback = match parsed.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        None => return Err(LinkError::BadUrl),
    };
    match parsed.scheme() {
        "https" => Ok(()),
        "http" if loopback => Ok(()),
        "http" => Err(LinkError::InsecureUrl { host: parsed.host_str().unwrap_or_default().to_owned() }),
        _ => Err(LinkError::BadUrl),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_http_is_insecure_unless_it_stays_on_this_computer() {
        assert!(is_insecure_url("http://push.example.com/ttype/push"));
        assert!(is_insecure_url("HTTP://10.0.0.5:5001/ttype/push"));
        assert!(!is_insecure_url("https://push.example.com/ttype/push"));
        assert!(!is_insecure_url("http://127.0.0.1:5001/ttype/push"));
        assert!(!is_insecure_url("http://[::1]:5001/ttype/push"));
        assert!(!is_insecure_url("http://localhost:5001/ttype/push"));
        assert!(!is_insecure_url("ftp://push.example.com/"), "not http at all: failing on its own");
    }

    const LINK: &str = "otpauth://pipush/PIPU0001A2B3?url=http%3A//127.0.0.1%3A5001/ttype/push&ttl=10&issuer=privacyIDEA&enrollment_credential=9f2c0a&v=1&serial=PIPU0001A2B3&sslverify=0&poll_only=True";

    #[test]
    fn reads_privacyidea_links_in_both_schemes() {
        for link in [LINK.to_owned(), LINK.replacen("otpauth://", "pia://", 1)] {
            assert!(is_push_link(&link));
            let enrolment = parse_link(&link).unwrap();
            assert_eq!(enrolment.url, "http://127.0.0.1:5001/ttype/push");
            assert_eq!(enrolment.serial, "PIPU0001A2B3");
            assert_eq!(enrolment.issuer.as_deref(), Some("privacyIDEA"));
            assert_eq!(enrolment.name, "PIPU0001A2B3");
            assert!(!enrolment.sslverify);
            assert_eq!(enrolment.enrollment_credential.as_str(), "9f2c0a");
            assert!(!format!("{enrolment:?}").contains("9f2c0a"), "the credential is never shown");
        }
        assert!(!is_push_link("otpauth://totp/x?secret=JBSWY3DP"));
    }

    #[test]
    fn takes_https_anywhere_and_plain_http_only_on_this_computer() {
        for (host, shown) in [
            ("https%3A//push.example.com", "push.example.com"),
            ("http%3A//127.0.0.1%3A5001", "127.0.0.1:5001"),
            ("http%3A//127.8.9.10", "127.8.9.10"),
            ("http%3A//localhost%3A8080", "localhost:8080"),
            ("http%3A//%5B%3A%3A1%5D%3A8080", "[::1]:8080"),
        ] {
            let link = LINK.replace("http%3A//127.0.0.1%3A5001", host);
            let enrolment = parse_link(&link).unwrap_or_else(|e| panic!("{link}: {e}"));
            assert_eq!(server_host(&enrolment.url).as_deref(), Some(shown));
        }
    }

    #[test]
    fn refuses_what_cannot_work_and_says_why() {
        let cases = [
            (LINK.replace("&poll_only=True", "&poll_only=False"), "poll-only"),
            (LINK.replace("&v=1", "&v=2"), "version 2"),
            (LINK.replace("&serial=PIPU0001A2B3", ""), "`serial`"),
            (LINK.replace("enrollment_credential=9f2c0a&", ""), "`enrollment_credential`"),
            (LINK.replace("url=http%3A", "url=ftp%3A"), "http"),
            (LINK.replace("&ttl=10", "&ttl=10&ttl=3"), "more than once"),
            (LINK.replace("serial=PIPU0001A2B3", "serial=PIPU%2F..%2F"), "serial"),
            // Plain http to another computer: a key swapped on the path at enrolment would be pinned.
            (LINK.replace("127.0.0.1%3A5001", "push.example.com"), "push.example.com is reached over plain http://"),
            (LINK.replace("127.0.0.1%3A5001", "10.0.0.7"), "over plain http://"),
            (LINK.replace("127.0.0.1%3A5001", "localhost.example.com"), "over plain http://"),
            (LINK.replace("127.0.0.1%3A5001", "127.0.0.1.nip.io"), "over plain http://"),
            (LINK.replace("http%3A//127.0.0.1%3A5001", "http%3A//"), "http"),
        ];
        for (link, expected) in cases {
            let error = parse_link(&link).unwrap_err().to_string();
            assert!(error.contains(expected), "{link}: {error}");
            assert!(!error.contains("9f2c0a"));
        }
    }
}
