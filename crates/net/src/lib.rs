//! Keyfob's network clients: asking a time server how far the system clock is off, and the device side of
//! push approval ([`push`]).

#![forbid(unsafe_code)]

pub mod push;

use std::net::{ToSocketAddrs, UdpSocket};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use keyfob_core::sntp;

/// The time server asked when none is configured.
pub const DEFAULT_TIME_SERVER: &str = "pool.ntp.org:123";

/// Past this offset, in seconds, codes are visibly wrong: the app warns and corrects.
pub const TOLERANCE_SECS: f64 = 15.0;

/// Why the clock could not be checked. Offline is normal; callers then use the system clock quietly.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The server name did not resolve, or nothing could be sent.
    #[error("cannot reach the time server {server}: {source}")]
    Unreachable {
        /// `host:port`.
        server: String,
        /// The network's reason.
        source: std::io::Error,
    },
    /// No answer in time.
    #[error("the time server {server} did not answer within {timeout:?}")]
    Timeout {
        /// `host:port`.
        server: String,
        /// How long we waited.
        timeout: Duration,
    },
    /// An answer that was not believed.
    #[error("the time server {server} gave an unusable answer: {source}")]
    BadReply {
        /// `host:port`.
        server: String,
        /// What was wrong.
        source: sntp::Error,
    },
}

fn unix_now() -> f64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0.0, |d| d.as_secs_f64())
}

/// The time server to ask: `$KEYFOB_TIME_SERVER` when set, else [`DEFAULT_TIME_SERVER`]. `off` disables the
/// check (`None`).
pub fn configured_time_server() -> Option<String> {
    match std::env::var("KEYFOB_TIME_SERVER") {
        Ok(value) if value.eq_ignore_ascii_case("off") => None,
        Ok(value) if !value.trim().is_empty() => Some(value.trim().to_owned()),
        _ => Some(DEFAULT_TIME_SERVER.to_owned()),
    }
}

/// Asks `server` (`host:port`) by SNTP how far the system clock is off: positive when the clock is behind.
///
/// # Errors
/// An [`Error`] when the server cannot be reached, does not answer within `timeout`, or answers wrongly.
pub fn clock_offset(server: &str, timeout: Duration) -> Result<f64, Error> {
    let unreachable = |source| Error::Unreachable { server: server.to_owned(), source };
    let address = server
        .to_socket_addrs()
        .map_err(unreachable)?
        .next()
        .ok_or_else(|| unreachable(std::io::Error::new(std::io::ErrorKind::NotFound, "no address")))?;
    let local = if address.is_ipv4() { "0.0.0.0:0" } else { "[::]:0" };
    let socket = UdpSocket::bind(local).map_err(unreachable)?;
    socket.set_read_timeout(Some(timeout)).map_err(unreachable)?;
    socket.connect(address).map_err(unreachable)?;
    let t1 = unix_now();
    socket.send(&sntp::request(t1)).map_err(unreachable)?;
    let mut reply = [0u8; 128];
    let received = match socket.recv(&mut reply) {
        Ok(n) => n,
        Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {
            return Err(Error::Timeout { server: server.to_owned(), timeout });
        }
        Err(e) => return Err(unreachable(e)),
    };
    let t4 = unix_now();
    sntp::offset(reply.get(..received).unwrap_or_default(), t1, t4)
        .map_err(|source| Error::BadReply { server: server.to_owned(), source })
}
