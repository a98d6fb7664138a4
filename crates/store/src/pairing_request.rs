//! A browser's request to be paired, waiting beside the vault in `browser-pairing.json` between the
//! browser host that received it and Keyfob's window (or `keyfob browser pair CODE`) that confirms it.
//! Only the newest request waits; it lapses after [`REQUEST_LIFETIME_SECS`]. Nothing in it is secret (a
//! hash of the extension's key), and it pairs nothing by itself: the user confirms the code it shows.
//!
//! [`REQUEST_LIFETIME_SECS`]: keyfob_core::pairing::REQUEST_LIFETIME_SECS

use std::io::Read;
use std::path::PathBuf;

use keyfob_core::pairing::{PairingRequest, Verifier};
use serde::{Deserialize, Serialize};

use crate::dir::{IoError, VaultDir, write_file_atomic};

/// The file's name inside the vault directory.
pub const FILE: &str = "browser-pairing.json";

/// The most bytes read of the file: a request is a caller's name and a hash; anything longer was not
/// written by Keyfob.
const MAX_BYTES: u64 = 4096;

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Stored {
    caller: String,
    verifier: String,
    requested: u64,
}

fn path(dir: &VaultDir) -> PathBuf {
    dir.root().join(FILE)
}

/// Keeps `request` as the one waiting, replacing any other.
///
/// # Errors
/// An [`IoError`].
pub fn save(dir: &VaultDir, request: &PairingRequest) -> Result<(), IoError> {
    dir.ensure_exists()?;
    let stored =
        Stored { caller: request.caller.clone(), verifier: request.verifier.to_hex(), requested: request.requested };
    write_file_atomic(&path(dir), &serde_json::to_vec(&stored).unwrap_or_default())
}

/// The request waiting at `now`, if any: a missing, lapsed, oversized or unreadable file reads as none.
pub fn load(dir: &VaultDir, now: u64) -> Option<PairingRequest> {
    let mut bytes = Vec::new();
    std::fs::File::open(path(dir)).ok()?.take(MAX_BYTES + 1).read_to_end(&mut bytes).ok()?;
    if bytes.len() as u64 > MAX_BYTES {
        return None;
    }
    let stored: Stored = serde_json::from_slice(&bytes).ok()?;
    let request = PairingRequest {
        caller: stored.caller,
        verifier: Verifier::from_hex(&stored.verifier).ok()?,
        requested: stored.requested,
    };
    request.is_current_at(now).then_some(request)
}

/// Drops the waiting request, answered or refused.
///
/// # Errors
/// An [`IoError`] other than the file being gone already.
pub fn clear(dir: &VaultDir) -> Result<(), IoError> {
    let file = path(dir);
    match std::fs::remove_file(&file) {
        Err(source) if source.kind() != std::io::ErrorKind::NotFound => {
            Err(IoError { action: "remove", path: file, source })
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use keyfob_core::pairing::PairingKey;

    use super::*;

    fn request(at: u64) -> PairingRequest {
        let key = PairingKey::parse("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8").unwrap();
        PairingRequest { caller: "browser@keyfob.app".into(), verifier: key.verifier(), requested: at }
    }

    #[test]
    fn the_newest_request_waits_five_minutes_then_reads_as_none() {
        let temp = tempfile::tempdir().unwrap();
        let dir = VaultDir::at(temp.path());
        assert_eq!(load(&dir, 100), None);
        save(&dir, &request(100)).unwrap();
        save(&dir, &request(200)).unwrap();
        assert_eq!(load(&dir, 200), Some(request(200)));
        assert_eq!(load(&dir, 499), Some(request(200)));
        assert_eq!(load(&dir, 500), None, "lapsed");
        clear(&dir).unwrap();
        clear(&dir).unwrap();
        assert_eq!(load(&dir, 200), None);
    }

    #[test]
    fn a_planted_or_damaged_file_reads_as_no_request() {
        let temp = tempfile::tempdir().unwrap();
        let dir = VaultDir::at(temp.path());
        let good = serde_json::to_string(&serde_json::json!({
            "caller": "x", "verifier": "00".repeat(32), "requested": 100
        }))
        .unwrap();
        for bad in [
            b"".to_vec(),
            b"{".to_vec(),
            good.replace("\"x\"", &format!("\"{}\"", "x".repeat(5000))).into_bytes(),
            good.replace(&"00".repeat(32), "00").into_bytes(),
            good.replace("100", "\"100\"").into_bytes(),
            good.replace('}', ",\"more\":1}").into_bytes(),
        ] {
            std::fs::write(temp.path().join(FILE), &bad).unwrap();
            assert_eq!(load(&dir, 100), None, "{}", String::from_utf8_lossy(&bad));
        }
        std::fs::write(temp.path().join(FILE), &good).unwrap();
        assert!(load(&dir, 100).is_some(), "the same file, whole, reads");
    }
}
