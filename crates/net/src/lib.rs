//! Keyfob's network clients: asking a time server how far the system clock is off, and the device side of
//! push approval ([`push`]).

#![forbid(unsafe_code)]

pub mod push;
#[cfg(any(test, feature = "time-server"))]
pub mod time_server;

use std::net::{ToSocketAddrs, UdpSocket};
use std::time::Duration;

use keyfob_core::{Clock, sntp};

/// The time servers asked when none is configured: several, so that one forged or broken answer is
/// outvoted rather than believed.
pub const DEFAULT_TIME_SERVERS: &str = "0.pool.ntp.org:123,1.pool.ntp.org:123,2.pool.ntp.org:123";

/// Past this offset, in seconds, codes are visibly wrong: the app warns and corrects.
pub const TOLERANCE_SECS: f64 = 15.0;

/// The largest offset corrected without asking, in seconds. SNTP is unauthenticated: someone on the
/// network could claim any time and make the app show tomorrow's codes (which a phishing page would then
/// keep). Beyond this the app says so and corrects only when the user confirms.
pub const AUTO_CORRECT_LIMIT_SECS: f64 = 300.0;

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

/// The time servers to ask, from the user's setting (`$KEYFOB_TIME_SERVER`, which the binaries read):
/// `host:port`, or several separated by commas; [`DEFAULT_TIME_SERVERS`] when unset or blank; `off`
/// disables the check (`None`).
pub fn configured_time_servers(setting: Option<&str>) -> Option<Vec<String>> {
    match setting.map(str::trim) {
        Some(value) if value.eq_ignore_ascii_case("off") => None,
        Some(value) if !value.is_empty() => Some(server_list(value)),
        _ => Some(server_list(DEFAULT_TIME_SERVERS)),
    }
}

/// `host:port` entries of a comma-separated list, at most 8 (more is not a list of time servers).
pub fn server_list(text: &str) -> Vec<String> {
    text.split(',').map(str::trim).filter(|s| !s.is_empty()).take(8).map(str::to_owned).collect()
}

/// Why several time servers gave no usable offset.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AgreementError {
    /// None answered; each server's reason.
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    NoAnswer(Vec<Error>),
    /// They answered, but disagree.
    #[error(transparent)]
    Disagreement(sntp::ConsensusError),
}

/// Asks every server in `servers` at once and returns the offset a majority of them agree on (the
/// median of their answers; see [`sntp::consensus_among`]), measured against `system` (the clock being
/// checked: the system's, never a corrected one). A server that does not answer, or answers wrongly,
/// counts as disagreeing: of three asked, two must agree. Dropping packets is the easiest thing an
/// attacker on the network does; were the silent left out, silencing two servers and forging the third's
/// reply would set the clock.
///
/// # Errors
/// An [`AgreementError`] when none answers, or fewer than a majority of `servers` agree.
pub fn agreed_clock_offset(
    servers: &[String],
    timeout: Duration,
    system: &(dyn Clock + Sync),
) -> Result<f64, AgreementError> {
    let results: Vec<Result<f64, Error>> = std::thread::scope(|scope| {
        let asking: Vec<_> =
            servers.iter().map(|server| scope.spawn(move || clock_offset(server, timeout, system))).collect();
        asking
            .into_iter()
            .map(|handle| {
                handle.join().unwrap_or_else(|_| Err(Error::Timeout { server: "a time server".to_owned(), timeout }))
            })
            .collect()
    });
    let (mut offsets, mut problems) = (Vec::new(), Vec::new());
    for result in results {
        match result {
            Ok(offset) => offsets.push(offset),
            Err(problem) => problems.push(problem),
        }
    }
    if offsets.is_empty() {
        return Err(AgreementError::NoAnswer(problems));
    }
    sntp::consensus_among(&offsets, servers.len()).map_err(AgreementError::Disagreement)
}

/// Asks `server` (`host:port`) by SNTP how far `system` is off: positive when the clock is behind.
///
/// # Errors
/// An [`Error`] when the server cannot be reached, does not answer within `timeout`, or answers wrongly.
pub fn clock_offset(server: &str, timeout: Duration, system: &dyn Clock) -> Result<f64, Error> {
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
    let t1 = system.since_epoch().as_secs_f64();
    socket.send(&sntp::request(t1)).map_err(unreachable)?;
    let mut reply = [0u8; 128];
    let received = match socket.recv(&mut reply) {
        Ok(n) => n,
        Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {
            return Err(Error::Timeout { server: server.to_owned(), timeout });
        }
        Err(e) => return Err(unreachable(e)),
    };
    let t4 = system.since_epoch().as_secs_f64();
    sntp::offset(reply.get(..received).unwrap_or_default(), t1, t4)
        .map_err(|source| Error::BadReply { server: server.to_owned(), source })
}

#[cfg(test)]
mod tests {
    use keyfob_core::FixedClock;

    use super::time_server::TimeServer;
    use super::*;

    /// The system clock the tests check: a fixed time, so the responders' skews are exact offsets.
    const NOW: u64 = 1_800_000_000;

    /// A time server whose clock is `skew` seconds ahead of [`NOW`] (`None`: silent).
    fn responder(skew: Option<f64>) -> TimeServer {
        TimeServer::start(NOW, skew)
    }

    fn ask(responders: &[TimeServer]) -> Result<f64, AgreementError> {
        let servers: Vec<String> = responders.iter().map(|r| r.address.clone()).collect();
        agreed_clock_offset(&servers, Duration::from_millis(500), &FixedClock(NOW))
    }

    #[test]
    fn one_answer_of_three_servers_asked_is_not_believed() {
        let servers = [responder(Some(3600.0)), responder(None), responder(None)];
        let refused = ask(&servers).unwrap_err();
        assert!(
            matches!(
                refused,
                AgreementError::Disagreement(sntp::ConsensusError::TooFewAgree { asked: 3, agreeing: 1 })
            ),
            "{refused:?}"
        );
    }

    #[test]
    fn two_of_three_servers_agreeing_are_believed_when_the_third_is_silent() {
        let servers = [responder(Some(3600.0)), responder(None), responder(Some(3600.0))];
        assert_eq!(ask(&servers).unwrap(), 3600.0);
    }
}
