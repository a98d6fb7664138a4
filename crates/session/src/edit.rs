//! The changes a person asks for by name, the same from the terminal and the window. Each is one vault
//! write under the writers' lock, followed by the automatic backup ([`Changed::backup`]), and returns
//! what the vault holds afterwards, so neither program reaches into the vault to change it.

use keyfob_core::icon::Icon;
use keyfob_core::site::Site;
use keyfob_store::{BackupStatus, Changed};
use keyfob_vault::{Entry, KeySource, LockSettings, Sort};

use crate::{Error, Session};

/// What a change to the lock settings leaves as it is (`None`) or sets.
#[derive(Debug, Clone, Copy, Default)]
pub struct LockChange {
    /// Minutes idle before the app locks (0: never).
    pub auto_lock_minutes: Option<u32>,
    /// Whether the app locks with the screen and before the computer sleeps.
    pub lock_on_screen_lock: Option<bool>,
    /// Whether codes are hidden until asked for.
    pub hide_codes: Option<bool>,
    /// Whether the desktop's search shows codes.
    pub search_shows_codes: Option<bool>,
}

impl LockChange {
    /// `settings` with this change made.
    pub fn applied_to(self, settings: LockSettings) -> LockSettings {
        LockSettings {
            auto_lock_minutes: self.auto_lock_minutes.unwrap_or(settings.auto_lock_minutes),
            lock_on_screen_lock: self.lock_on_screen_lock.unwrap_or(settings.lock_on_screen_lock),
            hide_codes: self.hide_codes.unwrap_or(settings.hide_codes),
            search_shows_codes: self.search_shows_codes.unwrap_or(settings.search_shows_codes),
        }
    }
}

impl Session {
    /// Renames account `id`: `issuer` `Some(None)` removes the issuer, `None` keeps it; `name` `None`
    /// keeps the name. Returns the account as it now is.
    ///
    /// # Errors
    /// `NoSuchAccount`, a name the vault refuses, or why the vault cannot be opened or written.
    pub fn rename(&self, id: u64, issuer: Option<Option<&str>>, name: Option<&str>) -> Result<Changed<Entry>, Error> {
        self.update(|vault, _| {
            vault.rename(id, issuer, name)?;
            Ok(vault.entry(id)?.clone())
        })
    }

    /// Links account `id` to exactly `sites` (none: to no site). Returns the sites as kept.
    ///
    /// # Errors
    /// A site that is not one, `NoSuchAccount`, or why the vault cannot be opened or written.
    pub fn set_sites<S: AsRef<str>>(&self, id: u64, sites: &[S]) -> Result<Changed<Vec<Site>>, Error> {
        self.update(|vault, _| {
            vault.set_sites(id, sites)?;
            Ok(vault.entry(id)?.sites.clone())
        })
    }

    /// [`Session::set_sites`], but only when the sites it adds are still exactly `confirmed` as the vault
    /// is written: a site unlinked meanwhile (from the other program) would otherwise come back without
    /// the user having confirmed it. `false`, changing nothing, when they are not.
    ///
    /// # Errors
    /// As [`Session::set_sites`].
    pub fn set_confirmed_sites<S: AsRef<str>>(
        &self,
        id: u64,
        sites: &[S],
        confirmed: &[Site],
    ) -> Result<Changed<bool>, Error> {
        self.update(|vault, _| {
            let unconfirmed = vault.sites_added(id, sites)?.iter().any(|site| !confirmed.contains(site));
            if !unconfirmed {
                vault.set_sites(id, sites)?;
            }
            Ok(!unconfirmed)
        })
    }

    /// Links account `id` to one more site.
    ///
    /// # Errors
    /// `NoSuchAccount`, too many sites, or why the vault cannot be opened or written.
    pub fn link_site(&self, id: u64, site: Site) -> Result<Changed<()>, Error> {
        self.update(|vault, _| Ok(vault.link_site(id, site)?))
    }

    /// Changes when the app locks and what it shows. Returns the settings now in force.
    ///
    /// # Errors
    /// Minutes over the limit, or why the vault cannot be opened or written.
    pub fn set_lock_settings(&self, change: LockChange) -> Result<Changed<LockSettings>, Error> {
        self.update(|vault, _| {
            let settings = change.applied_to(vault.lock_settings());
            vault.set_lock_settings(settings)?;
            Ok(settings)
        })
    }

    /// Moves account `id` to `index` in the list.
    ///
    /// # Errors
    /// `NoSuchAccount`, or why the vault cannot be opened or written.
    pub fn move_to(&self, id: u64, index: usize) -> Result<Changed<()>, Error> {
        self.update(|vault, _| Ok(vault.move_to(id, index)?))
    }

    /// Orders the list another way.
    ///
    /// # Errors
    /// Why the vault cannot be opened or written.
    pub fn set_sort(&self, sort: Sort) -> Result<Changed<()>, Error> {
        self.update(|vault, _| {
            vault.set_sort(sort);
            Ok(())
        })
    }

    /// Pins account `id` to the top, or unpins it.
    ///
    /// # Errors
    /// `NoSuchAccount`, or why the vault cannot be opened or written.
    pub fn set_favourite(&self, id: u64, favourite: bool) -> Result<Changed<()>, Error> {
        self.update(|vault, _| Ok(vault.set_favourite(id, favourite)?))
    }

    /// Puts account `id` in exactly `groups` and gives it `note` (none when empty), in one write.
    ///
    /// # Errors
    /// A group or note the vault refuses, `NoSuchAccount`, or why the vault cannot be opened or written.
    pub fn set_groups_and_note<S: AsRef<str>>(&self, id: u64, groups: &[S], note: &str) -> Result<Changed<()>, Error> {
        self.update(|vault, rng| {
            vault.set_groups(id, groups)?;
            Ok(vault.set_note(id, Some(note), rng)?)
        })
    }

    /// Gives account `id` this icon.
    ///
    /// # Errors
    /// `NoSuchAccount`, or why the vault cannot be opened or written.
    pub fn set_icon(&self, id: u64, icon: Icon) -> Result<Changed<()>, Error> {
        self.update(|vault, _| Ok(vault.set_icon(id, icon)?))
    }

    /// Where the vault key is: the OS keychain, or behind a passphrase.
    ///
    /// # Errors
    /// Why the vault's header cannot be read.
    pub fn key_source(&self) -> Result<KeySource, Error> {
        Ok(self.store().key_source()?)
    }

    /// What the automatic backups last did, for the footer and `keyfob auto-backup status`.
    pub fn backup_status(&self) -> BackupStatus {
        self.store().backup_status()
    }
}
