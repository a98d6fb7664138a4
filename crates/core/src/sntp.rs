//! SNTP (RFC 4330) messages, for checking the system clock: most "wrong codes" are a drifting clock.
//!
//! Pure packet logic; the UDP exchange lives in `keyfob-net`. Times are Unix seconds as `f64`.

/// Seconds from the NTP epoch (1900) to the Unix epoch (1970).
const NTP_TO_UNIX: f64 = 2_208_988_800.0;
/// An SNTP message's length.
pub const PACKET_LEN: usize = 48;

/// Why a server's answer was not believed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Shorter than an SNTP message.
    #[error("the time server's answer is too short")]
    TooShort,
    /// Not a server reply, or from an unsynchronised server (stratum 0, leap indicator 3).
    #[error("the time server is not synchronised")]
    Unsynchronised,
    /// The reply does not answer our request (its originate time is not our transmit time): stale or spoofed.
    #[error("the time server's answer does not match the request")]
    Mismatch,
}

/// How close answers must be to the median to count as agreeing with it, in seconds.
pub const AGREEMENT_SECS: f64 = 2.0;

/// Why the answers of several time servers were not believed together.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ConsensusError {
    /// No server answered.
    #[error("no time server answered")]
    NoAnswer,
    /// The answers do not agree: no majority lies within [`AGREEMENT_SECS`] of their median. One SNTP reply
    /// is unauthenticated and easily forged, so a clock that servers disagree about is left alone.
    #[error(
        "the time servers disagree ({agreeing} of {answers} answers within {AGREEMENT_SECS} s of each other), so their time is not trusted"
    )]
    Disagreement {
        /// How many answered.
        answers: usize,
        /// How many agreed with the median.
        agreeing: usize,
    },
    /// The answers agree, but they come from too few of the servers asked: a server that did not answer
    /// (or whose answer was not believed) counts as disagreeing. Otherwise whoever can drop the packets
    /// of all servers but one, and forge that one's reply, would set the clock alone.
    #[error(
        "only {agreeing} of the {asked} time servers asked agree (the others did not answer or disagree), so their time is not trusted"
    )]
    TooFewAgree {
        /// How many servers were asked.
        asked: usize,
        /// How many answers agreed with the median.
        agreeing: usize,
    },
}

/// The clock offset that a majority of the `asked` servers agree on: the median of their `offsets`
/// (the answers that came back and were believed), when more than half of the servers asked lie within
/// [`AGREEMENT_SECS`] of it. A server that stayed silent counts as disagreeing, so with three asked one
/// answer decides nothing, whatever it says: silence is what an attacker on the path makes most easily.
///
/// # Errors
/// A [`ConsensusError`] when nothing answered, the answers disagree, or too few of the servers asked
/// agree ([`ConsensusError::TooFewAgree`]).
pub fn consensus_among(offsets: &[f64], asked: usize) -> Result<f64, ConsensusError> {
    let mut sorted: Vec<f64> = offsets.iter().copied().filter(|o| o.is_finite()).collect();
    sorted.sort_by(f64::total_cmp);
    let middle = sorted.len() / 2;
    let median = match (sorted.len(), sorted.get(middle)) {
        (0, _) | (_, None) => return Err(ConsensusError::NoAnswer),
        (n, Some(upper)) if n % 2 == 0 => (sorted.get(middle - 1).copied().unwrap_or(*upper) + upper) / 2.0,
        (_, Some(median)) => *median,
    };
    let agreeing = sorted.iter().filter(|o| (*o - median).abs() <= AGREEMENT_SECS).count();
    if agreeing * 2 <= sorted.len() {
        return Err(ConsensusError::Disagreement { answers: sorted.len(), agreeing });
    }
    // Answers that were not finite numbers count among the asked too: they were not believed.
    let asked = asked.max(offsets.len());
    if agreeing * 2 <= asked {
        return Err(ConsensusError::TooFewAgree { asked, agreeing });
    }
    Ok(median)
}

#[expect(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    reason = "NTP seconds count modulo 2^32 (the era wrap is the format's), the fraction is below 2^32, and a float cast saturates: a time before 1900 becomes 0"
)]
fn to_ntp(unix: f64) -> [u8; 8] {
    let ntp = unix + NTP_TO_UNIX;
    let seconds = ntp.trunc() as u64 as u32;
    let fraction = (ntp.fract() * 4_294_967_296.0) as u64 as u32;
    let mut out = [0u8; 8];
    out[..4].copy_from_slice(&seconds.to_be_bytes());
    out[4..].copy_from_slice(&fraction.to_be_bytes());
    out
}

fn from_ntp(bytes: [u8; 8]) -> f64 {
    let [a, b, c, d, e, f, g, h] = bytes;
    let seconds = u32::from_be_bytes([a, b, c, d]);
    let fraction = u32::from_be_bytes([e, f, g, h]);
    f64::from(seconds) + f64::from(fraction) / 4_294_967_296.0 - NTP_TO_UNIX
}

fn field(packet: &[u8], at: usize) -> Option<[u8; 8]> {
    packet.get(at..at + 8)?.try_into().ok()
}

/// A client request sent at `t1` (Unix seconds): version 4, mode 3, `t1` as the transmit time.
pub fn request(t1: f64) -> [u8; PACKET_LEN] {
    let mut packet = [0u8; PACKET_LEN];
    packet[0] = 0b00_100_011; // leap 0, version 4, mode 3 (client)
    packet[40..48].copy_from_slice(&to_ntp(t1));
    packet
}

/// The clock offset (server minus local, seconds) from a reply received at `t4` to a request sent at `t1`.
///
/// # Errors
/// An [`Error`] for a short, unsynchronised or mismatched reply.
pub fn offset(reply: &[u8], t1: f64, t4: f64) -> Result<f64, Error> {
    let first = *reply.first().ok_or(Error::TooShort)?;
    if reply.len() < PACKET_LEN {
        return Err(Error::TooShort);
    }
    let (leap, mode, stratum) = (first >> 6, first & 0b111, reply.get(1).copied().unwrap_or(0));
    if leap == 3 || !matches!(mode, 4 | 5) || stratum == 0 || stratum > 15 {
        return Err(Error::Unsynchronised);
    }
    let (Some(originate), Some(receive), Some(transmit)) = (field(reply, 24), field(reply, 32), field(reply, 40))
    else {
        return Err(Error::TooShort);
    };
    if originate != to_ntp(t1) {
        return Err(Error::Mismatch);
    }
    let (t2, t3) = (from_ntp(receive), from_ntp(transmit));
    Ok(((t2 - t1) + (t3 - t4)) / 2.0)
}

/// A server's reply to `request`, received at `t2` and sent at `t3` (server times): what a responder sends.
/// Used by Keyfob's tests to stand in for a time server.
pub fn reply(request: &[u8], t2: f64, t3: f64) -> [u8; PACKET_LEN] {
    let mut packet = [0u8; PACKET_LEN];
    packet[0] = 0b00_100_100; // leap 0, version 4, mode 4 (server)
    packet[1] = 2; // stratum 2
    if let Some(transmit) = field(request, 40) {
        packet[24..32].copy_from_slice(&transmit);
    }
    packet[32..40].copy_from_slice(&to_ntp(t2));
    packet[40..48].copy_from_slice(&to_ntp(t3));
    packet
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_the_offset_of_a_skewed_server() {
        let t1 = 1_800_000_000.25;
        let req = request(t1);
        // The server is 17.5 s ahead; 40 ms each way on the wire.
        let rep = reply(&req, t1 + 0.04 + 17.5, t1 + 0.05 + 17.5);
        let measured = offset(&rep, t1, t1 + 0.09).unwrap();
        assert!((measured - 17.5).abs() < 0.001, "{measured}");
    }

    /// Every offset an answer: no server asked stayed silent.
    fn consensus(offsets: &[f64]) -> Result<f64, ConsensusError> {
        consensus_among(offsets, offsets.len())
    }

    #[test]
    fn several_servers_are_believed_only_when_a_majority_agree() {
        assert_eq!(consensus(&[95.0]), Ok(95.0));
        assert_eq!(consensus(&[95.0, 95.5, 96.0]), Ok(95.5));
        assert_eq!(consensus(&[0.1, 86_400.0, 0.3]), Ok(0.3), "one forged reply is outvoted");
        assert_eq!(consensus(&[0.25, 0.75]), Ok(0.5));
        assert_eq!(consensus(&[0.0, 86_400.0]), Err(ConsensusError::Disagreement { answers: 2, agreeing: 0 }));
        assert_eq!(consensus(&[0.0, 1_000.0, 86_400.0]), Err(ConsensusError::Disagreement { answers: 3, agreeing: 1 }));
        assert_eq!(consensus(&[]), Err(ConsensusError::NoAnswer));
        assert_eq!(consensus(&[f64::NAN]), Err(ConsensusError::NoAnswer));
    }

    #[test]
    fn servers_that_stay_silent_count_as_disagreeing() {
        assert_eq!(consensus_among(&[3600.0], 3), Err(ConsensusError::TooFewAgree { asked: 3, agreeing: 1 }));
        assert_eq!(consensus_among(&[3600.0, 3600.5], 3), Ok(3600.25), "two of three agree");
        assert_eq!(consensus_among(&[3600.0, 3600.5], 4), Err(ConsensusError::TooFewAgree { asked: 4, agreeing: 2 }));
        assert_eq!(
            consensus_among(&[0.0, 0.5, 86_400.0], 5),
            Err(ConsensusError::TooFewAgree { asked: 5, agreeing: 2 })
        );
        assert_eq!(consensus_among(&[95.0], 1), Ok(95.0), "the one server configured");
        assert_eq!(
            consensus_among(&[95.0, f64::NAN], 2),
            Err(ConsensusError::TooFewAgree { asked: 2, agreeing: 1 }),
            "an answer that is no number is no vote for the other"
        );
        assert_eq!(consensus_among(&[95.0, 95.0], 0), Ok(95.0), "never fewer asked than answered");
        assert_eq!(consensus_among(&[], 3), Err(ConsensusError::NoAnswer));
    }

    #[test]
    fn refuses_replies_that_do_not_answer_the_request() {
        let t1 = 1_800_000_000.0;
        let rep = reply(&request(t1 - 60.0), t1, t1);
        assert_eq!(offset(&rep, t1, t1), Err(Error::Mismatch));
        assert_eq!(offset(&rep[..20], t1, t1), Err(Error::TooShort));
        let mut unsynced = reply(&request(t1), t1, t1);
        unsynced[1] = 0;
        assert_eq!(offset(&unsynced, t1, t1), Err(Error::Unsynchronised));
        assert_eq!(offset(&request(t1), t1, t1), Err(Error::Unsynchronised), "a client packet is no reply");
    }
}
