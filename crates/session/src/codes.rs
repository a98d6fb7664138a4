//! The codes now: every time-based account's for the list, and one account's for copying or printing.

use keyfob_core::{Clock, Code, Method, Period};
use serde::Serialize;

use crate::{Error, Session};

/// A time-based account's code now, the next one, and seconds left.
#[derive(Debug, Clone, Serialize)]
pub struct CodeNow {
    /// The account.
    pub id: u64,
    /// The code now.
    pub code: String,
    /// The code of the next period.
    pub next: String,
    /// Seconds until `code` changes.
    pub remaining: u32,
    /// Seconds per code.
    pub period: u32,
}

impl Session {
    /// The current and next codes of every time-based account at `clock`'s time (HOTP codes are made one
    /// at a time, by [`code_now`](Self::code_now)). Empty when there is no vault yet.
    ///
    /// # Errors
    /// Why the vault cannot be opened, or an account's secret does not (a tampered file).
    pub fn codes(&self, clock: &dyn Clock) -> Result<Vec<CodeNow>, Error> {
        let Some(opened) = self.vault()? else { return Ok(Vec::new()) };
        let now = clock.now();
        let mut codes = Vec::new();
        for entry in opened.vault().entries() {
            let Some(period) = entry.method.period() else { continue };
            codes.push(CodeNow {
                id: entry.id,
                code: opened.code_at(entry.id, now)?.to_string(),
                next: opened.code_at(entry.id, now.saturating_add(u64::from(Period::get(period))))?.to_string(),
                remaining: period.remaining_at(now),
                period: period.get(),
            });
        }
        Ok(codes)
    }

    /// Account `id`'s code to use now: for TOTP the code at `clock`'s time; for HOTP the next code, its
    /// counter saved before the code is returned, so no code is ever shown twice.
    ///
    /// # Errors
    /// [`Error::Store`] with `NoSuchAccount`, or why the vault cannot be opened or written.
    pub fn code_now(&self, id: u64, clock: &dyn Clock) -> Result<Code, Error> {
        let opened = self.existing_vault()?;
        let entry = opened.vault().entry(id).ok();
        match entry.map(|e| e.method) {
            None => Err(keyfob_vault::Error::NoSuchAccount { id }.into()),
            Some(Method::Hotp { .. }) => Ok(self.update(|vault, _| Ok(vault.next_hotp_code(id)?))?.value),
            Some(_) => opened.code_at(id, clock.now()),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use keyfob_core::{FixedClock, uri};
    use keyfob_store::{MemoryKeychain, Store, Unlock, VaultDir};

    use super::*;

    fn session(dir: &std::path::Path, keychain: &MemoryKeychain) -> Session {
        Session::new(
            Store::new(VaultDir::at(dir), Box::new(keychain.clone()), Arc::new(FixedClock(0))),
            Unlock::default(),
        )
    }

    fn add(session: &Session, link: &str) -> u64 {
        let account = uri::parse(link).unwrap();
        let (keyfob_vault::Added::New(id) | keyfob_vault::Added::Duplicate(id)) =
            session.update(|vault, rng| Ok(vault.add(&account, 0, rng)?)).unwrap().value;
        id
    }

    // RFC 6238's SHA-1 secret, its published codes at 59 s and 1111111109 s (8 digits).
    const RFC_TOTP: &str = "otpauth://totp/RFC:6238?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&digits=8";
    // RFC 4226's secret, whose first codes are 755224, 287082, 359152.
    const RFC_HOTP: &str = "otpauth://hotp/RFC:4226?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=0";

    #[test]
    fn codes_at_fixed_times_and_hotp_counters_saved_first() {
        let temp = tempfile::tempdir().unwrap();
        let keychain = MemoryKeychain::default();
        let open = |dir: &std::path::Path| session(dir, &keychain);
        let session = open(temp.path());
        assert!(session.codes(&FixedClock(59)).unwrap().is_empty(), "no vault yet: nothing");
        let totp = add(&session, RFC_TOTP);
        let hotp = add(&session, RFC_HOTP);
        let codes = session.codes(&FixedClock(59)).unwrap();
        assert_eq!(codes.len(), 1, "HOTP codes are not in the list");
        assert_eq!(
            (codes[0].id, codes[0].code.as_str(), codes[0].remaining, codes[0].period),
            (totp, "94287082", 1, 30)
        );
        assert_eq!(codes[0].next, session.code_now(totp, &FixedClock(60)).unwrap().as_str());
        assert_eq!(session.code_now(totp, &FixedClock(1_111_111_109)).unwrap().as_str(), "07081804");
        for expected in ["755224", "287082", "359152"] {
            assert_eq!(session.code_now(hotp, &FixedClock(0)).unwrap().as_str(), expected);
        }
        // The counter is on disk: a new session (the next `keyfob code`) goes on from there.
        assert_eq!(open(temp.path()).code_now(hotp, &FixedClock(0)).unwrap().as_str(), "969429");
        let missing = session.code_now(42, &FixedClock(0)).unwrap_err();
        assert!(missing.to_string().contains("no account with id 42"), "{missing}");
    }
}
