//! Accounts leaving Keyfob: Keyfob's own backup file, an Aegis export, Google Authenticator's export QR
//! codes, an account's `otpauth://` link. Both programs call these, so which accounts go, how they are
//! sealed and that files are written crash-safely (a temporary file renamed over the target) is decided
//! once. What the user confirms first, and how, is each program's.

use std::path::Path;

use keyfob_core::crypto::Password;
use keyfob_core::{Account, Clock, uri};
use keyfob_interop::{aegis, google};
use keyfob_store::SystemRandom;
use keyfob_vault::KdfParams;
use keyfob_vault::backup;
use keyfob_vault::portable::Portable;
use zeroize::Zeroizing;

use crate::{Error, Session};

/// Export QR codes, to show one after another or save as files.
pub struct QrExport {
    /// PNG images, in order. They hold secrets, and are wiped when dropped.
    pub images: Vec<Zeroizing<Vec<u8>>>,
    /// Accounts the format cannot hold, by name.
    pub left_out: Vec<String>,
    /// How many accounts the images hold.
    pub accounts: usize,
}

impl Session {
    /// Every account with its groups, pin and note, in the list's order (none before the first account).
    ///
    /// # Errors
    /// Why the vault cannot be opened, or an account in it that cannot be unsealed.
    pub fn portable(&self) -> Result<Vec<Portable>, Error> {
        match self.vault()? {
            Some(opened) => Ok(opened.vault().portable()?),
            None => Ok(Vec::new()),
        }
    }

    /// Writes every account to `file` as a Keyfob backup sealed under `password`, dated `now`. Returns
    /// how many accounts it holds.
    ///
    /// # Errors
    /// [`Error::NothingToExport`] with no account, [`Error::BackupKey`], or why the vault cannot be read
    /// or the file written.
    pub fn backup_to(&self, file: &Path, password: &Password, now: u64) -> Result<usize, Error> {
        let accounts = self.some_accounts()?;
        let bytes = backup::seal(&accounts, password, KdfParams::DEFAULT, now, &SystemRandom::new())?;
        write(file, &bytes)?;
        Ok(accounts.len())
    }

    /// Writes every account to `file` as an Aegis vault file, encrypted under `password`, or in plain text
    /// without one (the CLI's `--i-understand-this-prints-secrets`). Returns how many accounts it holds.
    ///
    /// # Errors
    /// [`Error::Export`], or why the vault cannot be read or the file written.
    pub fn export_aegis(&self, file: &Path, password: Option<&Password>) -> Result<usize, Error> {
        let accounts = self.portable()?;
        let bytes = match password {
            Some(password) => Zeroizing::new(aegis::write(&accounts, password, &SystemRandom::new())?),
            None => aegis::dangerous_write_plaintext(&accounts, &SystemRandom::new())?,
        };
        write(file, &bytes)?;
        Ok(accounts.len())
    }

    /// Every account as Google Authenticator's export QR codes, one batch dated by `clock` (no code
    /// without an account).
    ///
    /// # Errors
    /// [`Error::Export`], or why the vault cannot be read.
    pub fn export_google(&self, clock: &dyn Clock) -> Result<QrExport, Error> {
        let accounts: Vec<Account> = self.portable()?.into_iter().map(|p| p.account).collect();
        let (texts, left_out) = google::write(&accounts, google::batch_id(clock));
        let held = accounts.len() - left_out.len();
        Ok(QrExport { images: qr_images(&texts)?, left_out, accounts: held })
    }

    /// Account `id` as the QR code of its `otpauth://` link, which any authenticator app scans.
    ///
    /// # Errors
    /// `NoSuchAccount`, [`Error::Export`], or why the vault cannot be read.
    pub fn export_one(&self, id: u64) -> Result<QrExport, Error> {
        let account = self.existing_vault()?.vault().account(id)?;
        Ok(QrExport { images: qr_images(&[uri::to_uri(&account)])?, left_out: Vec::new(), accounts: 1 })
    }

    /// Every account's `otpauth://` link, in the list's order.
    ///
    /// # Errors
    /// Why the vault cannot be read.
    pub fn export_links(&self) -> Result<Vec<Zeroizing<String>>, Error> {
        Ok(self.portable()?.iter().map(|p| uri::to_uri(&p.account)).collect())
    }

    /// [`Session::portable`], failing when there is none: an export of nothing is a mistake to say.
    fn some_accounts(&self) -> Result<Vec<Portable>, Error> {
        let accounts = self.portable()?;
        if accounts.is_empty() {
            return Err(Error::NothingToExport);
        }
        Ok(accounts)
    }
}

fn qr_images(texts: &[Zeroizing<String>]) -> Result<Vec<Zeroizing<Vec<u8>>>, Error> {
    Ok(texts.iter().map(|text| keyfob_interop::export::qr_png(text)).collect::<Result<_, _>>()?)
}

/// Writes `bytes` to `path` crash-safely: the file is either as it was or complete.
///
/// # Errors
/// Why the file could not be written.
pub fn write(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    keyfob_store::write_file_atomic(path, bytes).map_err(keyfob_store::Error::from)?;
    Ok(())
}
