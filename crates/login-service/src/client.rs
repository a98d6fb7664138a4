//! Who a request comes from, as the limits count it: the peer's address, or, only when the peer is a proxy
//! the operator named (`--trust-forwarded-for`), the address that proxy says it forwards for. Anyone can
//! write an `X-Forwarded-For` header, so one from any other peer is ignored.
//!
//! IPv6 addresses are grouped by their /64: a single customer is usually given a whole /64, so counting
//! each address apart would give one attacker 2^64 fresh limits.

use std::fmt;
use std::net::{IpAddr, Ipv6Addr, SocketAddr};

use axum::http::HeaderMap;

/// A client as the limits see it: an IPv4 address, or an IPv6 /64.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Client(Group);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Group {
    V4(std::net::Ipv4Addr),
    /// The first 64 bits of the address.
    V6Net([u16; 4]),
}

impl From<IpAddr> for Client {
    fn from(address: IpAddr) -> Self {
        match canonical(address) {
            IpAddr::V4(v4) => Self(Group::V4(v4)),
            IpAddr::V6(v6) => {
                let [a, b, c, d, ..] = v6.segments();
                Self(Group::V6Net([a, b, c, d]))
            }
        }
    }
}

impl fmt::Display for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Group::V4(v4) => write!(f, "{v4}"),
            Group::V6Net([a, b, c, d]) => write!(f, "{}/64", Ipv6Addr::new(a, b, c, d, 0, 0, 0, 0)),
        }
    }
}

/// An IPv4 address written as IPv6 (`::ffff:a.b.c.d`, how a dual-stack socket shows IPv4 peers) as the IPv4
/// address it is.
fn canonical(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(address, IpAddr::V4),
        IpAddr::V4(_) => address,
    }
}

/// The client of a request from `peer` with `headers`, given the proxies whose `X-Forwarded-For` is
/// believed.
///
/// From a trusted proxy, the client is the rightmost address in `X-Forwarded-For` that is not itself a
/// trusted proxy: proxies append the address they received from, so entries to its left are whatever the
/// client wrote. A trusted proxy that names no readable address is counted as the client itself (all its
/// traffic shares one limit, which fails safe).
pub(crate) fn of(peer: SocketAddr, headers: &HeaderMap, trusted: &[IpAddr]) -> Client {
    let peer = canonical(peer.ip());
    let is_trusted = |address: IpAddr| trusted.iter().any(|t| canonical(*t) == address);
    if !is_trusted(peer) {
        return Client::from(peer);
    }
    let forwarded: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .collect();
    for entry in forwarded.iter().rev() {
        match entry.parse::<IpAddr>().map(canonical) {
            Ok(address) if is_trusted(address) => {}
            Ok(address) => return Client::from(address),
            Err(_) => break,
        }
    }
    Client::from(peer)
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn forwarded(values: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append("x-forwarded-for", HeaderValue::from_str(value).unwrap());
        }
        headers
    }

    fn peer(address: &str) -> SocketAddr {
        SocketAddr::new(address.parse().unwrap(), 40_000)
    }

    #[test]
    fn ipv6_addresses_in_one_64_are_one_client_and_mapped_ipv4_is_ipv4() {
        let client = |address: &str| Client::from(address.parse::<IpAddr>().unwrap()).to_string();
        assert_eq!(client("2001:db8:1:2::1"), "2001:db8:1:2::/64");
        assert_eq!(client("2001:db8:1:2:ffff:ffff:ffff:ffff"), "2001:db8:1:2::/64");
        assert_eq!(client("2001:db8:1:3::1"), "2001:db8:1:3::/64");
        assert_eq!(client("::1"), "::/64");
        assert_eq!(client("::ffff:192.0.2.7"), "192.0.2.7");
        assert_eq!(client("192.0.2.7"), "192.0.2.7");
        assert_ne!(client("192.0.2.7"), client("192.0.2.8"), "IPv4 addresses are not grouped");
    }

    #[test]
    fn forwarded_for_is_believed_only_from_a_named_proxy_and_read_from_the_right() {
        let proxy = ["127.0.0.9".parse().unwrap(), "10.1.1.1".parse().unwrap()];
        let spoofed = forwarded(&["203.0.113.5"]);
        assert_eq!(of(peer("127.0.0.2"), &spoofed, &proxy).to_string(), "127.0.0.2", "not a proxy: ignored");
        assert_eq!(of(peer("127.0.0.2"), &spoofed, &[]).to_string(), "127.0.0.2");
        assert_eq!(of(peer("127.0.0.9"), &spoofed, &proxy).to_string(), "203.0.113.5");
        assert_eq!(of(peer("::ffff:127.0.0.9"), &spoofed, &proxy).to_string(), "203.0.113.5", "a mapped peer");
        // The client wrote the left entries; the proxy appended the right one.
        let appended = forwarded(&["198.51.100.1, 203.0.113.5"]);
        assert_eq!(of(peer("127.0.0.9"), &appended, &proxy).to_string(), "203.0.113.5");
        let two_headers = forwarded(&["198.51.100.1", "203.0.113.5"]);
        assert_eq!(of(peer("127.0.0.9"), &two_headers, &proxy).to_string(), "203.0.113.5");
        // A chain of trusted proxies is skipped; IPv6 clients are grouped by /64.
        let chained = forwarded(&["2001:db8::7, 10.1.1.1"]);
        assert_eq!(of(peer("127.0.0.9"), &chained, &proxy).to_string(), "2001:db8::/64");
        // Nothing readable: the proxy itself is the client.
        for headers in [HeaderMap::new(), forwarded(&["not-an-address"]), forwarded(&["203.0.113.5, junk"])] {
            assert_eq!(of(peer("127.0.0.9"), &headers, &proxy).to_string(), "127.0.0.9");
        }
    }
}
