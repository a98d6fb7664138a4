//! The browsers paired with this Keyfob (see [`keyfob_core::pairing`]): kept in the vault's body, so its MAC
//! covers them (nobody adds a browser unnoticed) and they leave with the vault's key (a copied body alone
//! pairs nothing: each is only a hash of its key). Backups and exports do not carry them: a pairing
//! belongs to one browser on one computer.

use serde::{Deserialize, Serialize};

use super::{Error, Vault};
use keyfob_core::pairing::{MAX_PAIRED, PairedBrowser, PairingKey, PairingRequest, Verifier};

/// A paired browser as stored.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Record {
    id: u64,
    caller: String,
    verifier: String,
    paired: u64,
}

impl From<&PairedBrowser> for Record {
    fn from(browser: &PairedBrowser) -> Self {
        Self {
            id: browser.id,
            caller: browser.caller.clone(),
            verifier: browser.verifier.to_hex(),
            paired: browser.paired,
        }
    }
}

impl TryFrom<Record> for PairedBrowser {
    type Error = Error;

    fn try_from(record: Record) -> Result<Self, Error> {
        let verifier = Verifier::from_hex(&record.verifier)
            .map_err(|e| Error::Malformed { reason: format!("paired browser {}: {e}", record.id) })?;
        Ok(Self { id: record.id, caller: record.caller, verifier, paired: record.paired })
    }
}

/// Reads the stored list, refusing more than [`MAX_PAIRED`].
pub(super) fn read(records: Vec<Record>) -> Result<Vec<PairedBrowser>, Error> {
    if records.len() > MAX_PAIRED {
        return Err(Error::Malformed { reason: format!("more than {MAX_PAIRED} paired browsers") });
    }
    records.into_iter().map(PairedBrowser::try_from).collect()
}

/// What pairing a browser did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paired {
    /// Paired now, under this id.
    New(u64),
    /// This browser with this key was paired already, under this id.
    Already(u64),
}

impl Vault {
    /// The paired browsers, oldest first.
    pub fn paired_browsers(&self) -> &[PairedBrowser] {
        &self.browsers
    }

    /// Whether `caller` sending `key` is a paired browser: only then does the browser host answer it.
    pub fn is_paired(&self, caller: &str, key: &PairingKey) -> bool {
        self.browsers.iter().any(|b| b.is(caller, key))
    }

    /// Pairs the browser of `request`, which the user confirmed at `now`.
    ///
    /// # Errors
    /// [`Error::TooManyBrowsers`] past [`MAX_PAIRED`].
    pub fn pair_browser(&mut self, request: &PairingRequest, now: u64) -> Result<Paired, Error> {
        if let Some(known) = self.browsers.iter().find(|b| b.verifier == request.verifier && b.caller == request.caller)
        {
            return Ok(Paired::Already(known.id));
        }
        if self.browsers.len() >= MAX_PAIRED {
            return Err(Error::TooManyBrowsers);
        }
        let id = self.browsers.iter().map(|b| b.id).max().unwrap_or(0).saturating_add(1);
        self.browsers.push(PairedBrowser {
            id,
            caller: request.caller.clone(),
            verifier: request.verifier.clone(),
            paired: now,
        });
        Ok(Paired::New(id))
    }

    /// Forgets a paired browser: its requests get nothing from now on.
    ///
    /// # Errors
    /// [`Error::NoSuchBrowser`].
    pub fn unpair_browser(&mut self, id: u64) -> Result<PairedBrowser, Error> {
        let index = self.browsers.iter().position(|b| b.id == id).ok_or(Error::NoSuchBrowser { id })?;
        Ok(self.browsers.remove(index))
    }
}
