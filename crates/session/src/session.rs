//! The unlocked session: the store, how to unlock it, and the vault as last opened.
//!
//! The app asks for the accounts and their codes every second; the CLI and the app may both write. The
//! session opens the vault only when the file's generation changed (one `stat` tells, see
//! [`keyfob_store::Stamp`]) and unseals each secret once per generation, so an idle app with hundreds of
//! accounts neither re-reads the file nor re-runs the passphrase KDF, and a change by anyone is seen on
//! the next look.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use keyfob_core::crypto::Password;
use keyfob_core::{Account, Code};
use keyfob_push_proto::Enrolment;
use keyfob_store::{Changed, OsKeychain, SharedClock, Stamp, Store, SystemRandom, Unlock, VaultDir};
use keyfob_vault::portable::Portable;
use keyfob_vault::{Entry, Vault};

use crate::Error;

/// Locks a mutex whose value is replaced whole: a panic elsewhere cannot leave it half-changed, so a
/// poisoned lock is still good.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The vault as opened at one generation of its file, with the secrets unsealed so far.
pub struct Opened {
    stamp: Stamp,
    vault: Vault,
    /// Unsealed once each, on first use; wiped with this value (an `Account` zeroizes its secret).
    unsealed: Mutex<BTreeMap<u64, Account>>,
}

impl Opened {
    /// The vault: entries, push tokens and settings.
    pub fn vault(&self) -> &Vault {
        &self.vault
    }

    /// The code of account `id` at `unix_time`, its secret unsealed on first use only.
    ///
    /// # Errors
    /// [`Error::Store`] when there is no such account or its secret does not open (a tampered file).
    pub fn code_at(&self, id: u64, unix_time: u64) -> Result<Code, Error> {
        let mut unsealed = lock(&self.unsealed);
        if let Some(account) = unsealed.get(&id) {
            return Ok(account.code_at(unix_time));
        }
        let account = self.vault.account(id).map_err(keyfob_store::Error::from)?;
        let code = account.code_at(unix_time);
        unsealed.insert(id, account);
        Ok(code)
    }
}

/// The last removed account and where it was, for undo. Its secret stays sealed.
struct Removed {
    entry: Entry,
    position: usize,
}

/// What waits for confirmation (see `staging`), and which preview showed it: the session's state, which
/// the staging use cases change.
#[derive(Default)]
pub(crate) struct Staging {
    /// Changes whenever what is staged is replaced.
    pub(crate) generation: u64,
    pub(crate) accounts: Vec<Portable>,
    pub(crate) push: Vec<Enrolment>,
}

/// One user's vault, unlocked for the life of a process (the app's run, one `keyfob` command).
pub struct Session {
    store: Store,
    /// How the vault opens: for a passphrase vault, the key the passphrase unwrapped, never the passphrase
    /// (see [`credentials`](Self::credentials)).
    unlock: Mutex<Unlock>,
    open: Mutex<Option<Arc<Opened>>>,
    opens: AtomicU64,
    pub(crate) staging: Mutex<Staging>,
    removed: Mutex<Option<Removed>>,
}

impl Session {
    /// A session over `store`, unlocked with `unlock` (a passphrase, when the vault has one and the user
    /// gave it; keychain vaults need none). A passphrase is turned into the vault key on first use, and
    /// only the key is kept.
    pub fn new(store: Store, unlock: Unlock) -> Self {
        Self {
            store,
            unlock: Mutex::new(unlock),
            open: Mutex::new(None),
            opens: AtomicU64::new(0),
            staging: Mutex::default(),
            removed: Mutex::new(None),
        }
    }

    /// The session of the user's vault: in `explicit` (`--vault DIR` or `$KEYFOB_HOME`, which the programs
    /// read), else the platform's data folder; its key in the OS keychain, or behind `passphrase` when the
    /// user gave one. `clock` names backup files. `None` when there is no telling where the vault is (no
    /// home folder).
    pub fn of_user(explicit: Option<PathBuf>, passphrase: Option<Password>, clock: SharedClock) -> Option<Self> {
        let dir = VaultDir::locate(explicit)?;
        let unlock = passphrase.map_or_else(Unlock::default, Unlock::with_passphrase);
        Some(Self::new(Store::new(dir, Box::new(OsKeychain), clock), unlock))
    }

    /// Creates an empty vault, its key in the keychain, or behind the passphrase the session was given.
    ///
    /// # Errors
    /// `AlreadyExists` when there is a vault, or why it cannot be created.
    pub fn init(&self) -> Result<(), Error> {
        self.store.init(&lock(&self.unlock))?;
        Ok(())
    }

    /// Where the vault file is (for messages).
    pub fn vault_path(&self) -> PathBuf {
        self.store.dir().vault_path()
    }

    /// The store beneath: its directory, clock and backups. The application layer's own: the programs
    /// reach the vault only through the use cases.
    pub(crate) fn store(&self) -> &Store {
        &self.store
    }

    /// Whether the desktop's screen locking (or the computer going to sleep) should lock the vault now:
    /// as its settings say, and yes before there is a vault (nothing to lose by locking).
    pub fn locks_with_screen(&self) -> bool {
        self.vault().ok().flatten().is_none_or(|opened| opened.vault().lock_settings().lock_on_screen_lock)
    }

    /// Whether the vault waits for its passphrase: a passphrase vault not unlocked yet, or locked since.
    pub fn is_locked(&self) -> bool {
        matches!(self.vault(), Err(Error::Store(keyfob_store::Error::PassphraseNeeded { .. })))
    }

    /// How the vault opens, for one store call. A passphrase given to [`new`](Self::new) is first turned
    /// into the vault key (one KDF run) and dropped: someone who reads this process's memory later finds
    /// a key to this one vault, not a passphrase the user may have used elsewhere. The passphrase stays
    /// only while there is no passphrase vault to unwrap (none yet: the next write creates it behind the
    /// passphrase; or a keychain vault, which ignores it).
    ///
    /// # Errors
    /// [`Error::Store`] with `WrongPassphrase` (what opening with it would answer too); other failures
    /// are left for the store call that follows to report.
    fn credentials(&self) -> Result<MutexGuard<'_, Unlock>, Error> {
        let mut unlock = lock(&self.unlock);
        if let Some(passphrase) = &unlock.passphrase {
            match self.store.unlock_key(passphrase) {
                Ok(key) => *unlock = Unlock::with_key(key),
                Err(e @ keyfob_store::Error::WrongPassphrase { .. }) => return Err(e.into()),
                Err(_) => {}
            }
        }
        Ok(unlock)
    }

    /// Whether the session holds a passphrase (it should not while a passphrase vault is unlocked).
    #[cfg(test)]
    pub(crate) fn holds_passphrase(&self) -> bool {
        lock(&self.unlock).passphrase.is_some()
    }

    /// How many times this session has read and opened the vault file: once per generation it saw.
    pub fn opens(&self) -> u64 {
        self.opens.load(Ordering::Relaxed)
    }

    /// The vault as it is on disk now, `None` when none was created yet. Opened again only when the file
    /// changed since the last call.
    ///
    /// # Errors
    /// [`Error::Store`]: the vault cannot be opened (damaged, its key missing, locked behind a passphrase
    /// not given yet, …).
    pub fn vault(&self) -> Result<Option<Arc<Opened>>, Error> {
        let mut open = lock(&self.open);
        let Some(stamp) = self.store.dir().stamp().map_err(keyfob_store::Error::from)? else {
            *open = None;
            // No file: the store tells "none yet" from "missing, but its previous version is there".
            return match self.store.load(&*self.credentials()?) {
                Err(keyfob_store::Error::NoVault { .. }) => Ok(None),
                Err(e) => Err(e.into()),
                // Written between the two looks: the next call opens it.
                Ok(_) => Ok(None),
            };
        };
        if let Some(opened) = open.as_ref().filter(|o| o.stamp == stamp) {
            return Ok(Some(Arc::clone(opened)));
        }
        // The stamp is read before the bytes: if a writer replaces the file in between, the cache holds
        // newer bytes under an older stamp and the next call opens it again, never the other way round.
        let vault = self.store.load(&*self.credentials()?)?;
        self.opens.fetch_add(1, Ordering::Relaxed);
        let opened = Arc::new(Opened { stamp, vault, unsealed: Mutex::default() });
        *open = Some(Arc::clone(&opened));
        Ok(Some(opened))
    }

    /// The vault, or [`Error::NoVault`] when there is none yet.
    ///
    /// # Errors
    /// As [`vault`](Self::vault), and [`Error::NoVault`].
    pub fn existing_vault(&self) -> Result<Arc<Opened>, Error> {
        self.vault()?.ok_or(Error::NoVault)
    }

    /// Changes the vault under the writers' lock (see [`Store::update`]); the next look sees the change.
    ///
    /// # Errors
    /// Why the vault cannot be opened or written, or `change`'s error; nothing is written then.
    pub(crate) fn update<T>(
        &self,
        change: impl FnOnce(&mut Vault, &SystemRandom) -> Result<T, keyfob_store::Error>,
    ) -> Result<Changed<T>, Error> {
        Ok(self.store.update(&*self.credentials()?, change)?)
    }

    /// Counts one more copy of an account's code, for the "most used" order. No backup follows: the
    /// count is this computer's, and backups do not hold it.
    ///
    /// # Errors
    /// Why the vault cannot be opened or written, or [`keyfob_vault::Error::NoSuchAccount`].
    pub fn record_use(&self, id: u64) -> Result<(), Error> {
        self.update_unbacked(|vault| Ok(vault.record_use(id)?))
    }

    /// Changes the vault under the writers' lock without an automatic backup: for what backups do not
    /// hold (use counts, paired browsers), so such changes never rotate real backups out of the folder.
    pub(crate) fn update_unbacked<T>(
        &self,
        change: impl FnOnce(&mut Vault) -> Result<T, keyfob_store::Error>,
    ) -> Result<T, Error> {
        Ok(self.store.update_unbacked(&*self.credentials()?, |vault, _| change(vault))?)
    }

    /// Locks a passphrase vault: the key, the open vault with every unsealed secret and whatever was
    /// staged (found secrets) are dropped and wiped; the next look needs the passphrase again. Returns
    /// `false`, changing nothing, for a vault whose header says its key is in the keychain: it opens with
    /// the desktop session, so locking it would only last until the next look.
    ///
    /// Fails closed: when the header cannot be read (the file is gone, damaged, or being replaced),
    /// everything is dropped all the same and the session counts as locked (`true`). A lock that kept
    /// the key because of a bad file would leave codes readable after the user asked to lock.
    ///
    /// # Errors
    /// None today: every outcome is a locked session or a keychain vault. The `Result` stays for callers
    /// that check it.
    pub fn lock(&self) -> Result<bool, Error> {
        if matches!(self.store.key_source(), Ok(keyfob_vault::KeySource::Keychain)) {
            return Ok(false);
        }
        *lock(&self.unlock) = Unlock::default();
        *lock(&self.open) = None;
        *lock(&self.staging) = Staging::default();
        // Locked, the last removal is forgotten too: an undo after unlocking brings nothing back.
        *lock(&self.removed) = None;
        self.store.forget_key();
        Ok(true)
    }

    /// Whether the vault is kept behind a passphrase, and so can lock: `false` for a keychain vault, no
    /// vault yet, or a header that cannot be read (which opens nothing either way).
    pub fn behind_passphrase(&self) -> bool {
        matches!(self.store.key_source(), Ok(keyfob_vault::KeySource::Passphrase { .. }))
    }

    /// Writes an automatic backup now (the app's "Back up now", `keyfob auto-backup now`).
    ///
    /// # Errors
    /// [`Error::Store`] with `AutoBackupOff` or `AutoBackup`, or why the vault cannot be opened.
    pub fn backup_now(&self) -> Result<std::path::PathBuf, Error> {
        Ok(self.store.backup_now(&*self.credentials()?)?)
    }

    /// Unlocks a passphrase vault with `passphrase` (one KDF run), keeping the vault key it unwraps for
    /// the rest of the session; the passphrase itself is wiped when this returns. A wrong passphrase
    /// changes nothing. With no vault yet, the passphrase is kept until the first write creates the vault
    /// behind it; a keychain vault needs none, and nothing is kept.
    ///
    /// # Errors
    /// [`Error::Store`] with `WrongPassphrase`, or why the vault cannot be opened.
    pub fn unlock(&self, passphrase: Password) -> Result<(), Error> {
        let unlock = match self.store.unlock_key(&passphrase) {
            Ok(key) => Unlock::with_key(key),
            Err(keyfob_store::Error::NoVault { .. }) => Unlock::with_passphrase(passphrase),
            Err(keyfob_store::Error::Vault(keyfob_vault::Error::NotPassphraseProtected)) => Unlock::default(),
            Err(e) => return Err(e.into()),
        };
        *lock(&self.unlock) = unlock;
        Ok(())
    }

    /// Moves the vault key behind `new`: from the keychain (its entry deleted), or from the current
    /// passphrase, which must be given as `current` (one KDF run checks it; the key the session holds
    /// then suffices). The session goes on with the key under its new wrapping; `new` is wiped when this
    /// returns. See [`Store::set_passphrase`].
    ///
    /// # Errors
    /// [`Error::CurrentPassphraseNeeded`], `WrongPassphrase` for a wrong `current`, or as
    /// [`Store::set_passphrase`]; nothing is changed then.
    pub fn set_passphrase(&self, current: Option<&Password>, new: Password) -> Result<(), Error> {
        let mut unlock = self.credentials()?;
        self.check_current_passphrase(current)?;
        let key = self.store.set_passphrase(&unlock, &new)?;
        *unlock = Unlock::with_key(key);
        Ok(())
    }

    /// Moves the vault key back into the keychain, given the `current` passphrase. See
    /// [`Store::remove_passphrase`].
    ///
    /// # Errors
    /// [`Error::CurrentPassphraseNeeded`], `WrongPassphrase`, or as [`Store::remove_passphrase`]; nothing
    /// is changed then.
    pub fn remove_passphrase(&self, current: Option<&Password>) -> Result<(), Error> {
        let mut unlock = self.credentials()?;
        self.check_current_passphrase(current)?;
        self.store.remove_passphrase(&unlock)?;
        *unlock = Unlock::default();
        Ok(())
    }

    /// Checks that `current` is the passphrase the vault is behind (a keychain vault has none to check):
    /// an unlocked window is not enough to change how the vault is locked, as anyone at it (or a page
    /// script gone wrong) could otherwise lock the user out or take the lock away.
    fn check_current_passphrase(&self, current: Option<&Password>) -> Result<(), Error> {
        if !matches!(self.store.key_source()?, keyfob_vault::KeySource::Passphrase { .. }) {
            return Ok(());
        }
        self.store.unlock_key(current.ok_or(Error::CurrentPassphraseNeeded)?)?;
        Ok(())
    }

    /// Removes account or push token `id`. An account is kept (sealed) for [`undo_remove`](Self::undo_remove);
    /// a push token is gone for good (its key cannot be brought back; enrol again). Returns its name.
    ///
    /// # Errors
    /// [`Error::Store`] with `NoSuchAccount`, or why the vault cannot be changed.
    pub fn remove(&self, id: u64) -> Result<Changed<String>, Error> {
        let changed = self.update(|vault, _| {
            let Some(position) = vault.position(id) else {
                let token = vault.remove_push(id)?;
                return Ok((crate::label(token.issuer.as_deref(), &token.name), None));
            };
            let entry = vault.remove(id)?;
            Ok((crate::label(entry.issuer.as_deref(), &entry.name), Some(Removed { entry, position })))
        })?;
        // Undo brings back the last removal or nothing: a push token (removed for good) leaves nothing to
        // bring back, never an account removed before it.
        let (name, removed) = changed.value;
        *lock(&self.removed) = removed;
        Ok(Changed { value: name, backup: changed.backup })
    }

    /// Puts the last removed account back where it was; `None` when there is nothing to undo.
    ///
    /// # Errors
    /// Why the vault cannot be changed; the removed account is kept for another try then.
    pub fn undo_remove(&self) -> Result<Option<Changed<u64>>, Error> {
        let Some(Removed { entry, position }) = lock(&self.removed).take() else { return Ok(None) };
        let id = entry.id;
        let kept = Removed { entry: entry.clone(), position };
        match self.update(|vault, _| Ok(vault.reinsert(entry, position)?)) {
            Ok(changed) => Ok(Some(Changed { value: id, backup: changed.backup })),
            Err(e) => {
                *lock(&self.removed) = Some(kept);
                Err(e)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use keyfob_core::FixedClock;
    use keyfob_core::uri;
    use keyfob_store::{MemoryKeychain, VaultDir};
    use zeroize::Zeroizing;

    use super::*;

    pub(crate) fn session_in(dir: &std::path::Path) -> Session {
        let store = Store::new(VaultDir::at(dir), Box::new(MemoryKeychain::default()), Arc::new(FixedClock(0)));
        Session::new(store, Unlock::default())
    }

    fn add(session: &Session, link: &str) -> u64 {
        let account = uri::parse(link).unwrap();
        let added = session.update(|vault, rng| Ok(vault.add(&account, 0, rng)?)).unwrap().value;
        let (keyfob_vault::Added::New(id) | keyfob_vault::Added::Duplicate(id)) = added;
        id
    }

    #[test]
    fn the_screen_locking_locks_as_the_settings_say_and_a_change_keeps_what_it_does_not_name() {
        let temp = tempfile::tempdir().unwrap();
        let session = session_in(temp.path());
        assert!(session.locks_with_screen(), "no vault yet: nothing to lose by locking");
        add(&session, "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP");
        assert!(session.locks_with_screen(), "on by default");
        let off = crate::LockChange { lock_on_screen_lock: Some(false), ..crate::LockChange::default() };
        let settings = session.set_lock_settings(off).unwrap().value;
        assert!(!session.locks_with_screen(), "turned off: the screen locking leaves it open");
        assert_eq!(settings.auto_lock_minutes, 5, "the idle minutes were not named, and stay");
        let too_long = crate::LockChange { auto_lock_minutes: Some(24 * 60 + 1), ..crate::LockChange::default() };
        let refused = session.set_lock_settings(too_long).unwrap_err();
        assert_eq!(refused.kind(), keyfob_core::Kind::Input, "{refused}");
        assert!(!session.locks_with_screen(), "a refused change changes nothing");
    }

    #[test]
    fn the_vault_is_opened_once_per_generation_of_its_file() {
        let temp = tempfile::tempdir().unwrap();
        let session = session_in(temp.path());
        assert!(session.vault().unwrap().is_none());
        let id = add(&session, "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP");
        for _ in 0..50 {
            let opened = session.vault().unwrap().unwrap();
            assert_eq!(opened.code_at(id, 59).unwrap().as_str(), "996554");
        }
        assert_eq!(session.opens(), 1, "fifty looks at an unchanged file open it once");

        // Another writer (the CLI while the app runs): a second session over the same directory and key.
        let other = Session::new(
            Store::new(VaultDir::at(temp.path()), Box::new(MemoryKeychain::default()), Arc::new(FixedClock(0))),
            Unlock::default(),
        );
        let err = other.vault().err().unwrap();
        assert!(err.to_string().contains("has no key"), "{err}");
        session.update(|vault, _| Ok(vault.rename(id, Some(Some("GitLab")), None)?)).unwrap();
        assert_eq!(session.vault().unwrap().unwrap().vault().entries()[0].issuer.as_deref(), Some("GitLab"));
        assert_eq!(session.opens(), 2, "a change is seen on the next look");
    }

    #[test]
    fn a_passphrase_vault_runs_its_kdf_once_while_idle() {
        let temp = tempfile::tempdir().unwrap();
        let store =
            || Store::new(VaultDir::at(temp.path()), Box::new(MemoryKeychain::default()), Arc::new(FixedClock(0)));
        let passphrase = || Password::new(Zeroizing::new("correct horse battery".into()));
        store().init(&Unlock::with_passphrase(passphrase())).unwrap();
        let session = Session::new(store(), Unlock::default());
        let locked = session.vault().err().unwrap();
        assert!(session.is_locked(), "a passphrase vault opens locked");
        assert!(matches!(locked, Error::Store(keyfob_store::Error::PassphraseNeeded { .. })), "{locked}");
        let wrong = session.unlock(Password::new(Zeroizing::new("wrong horse battery".into())));
        assert!(matches!(wrong, Err(Error::Store(keyfob_store::Error::WrongPassphrase { .. }))));
        session.unlock(passphrase()).unwrap();
        assert_eq!(session.store().kdf_runs(), 2, "one run for the wrong passphrase, one for the right one");
        add(&session, "otpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP");
        for _ in 0..20 {
            session.vault().unwrap().unwrap();
        }
        assert_eq!(session.opens(), 1);
        assert_eq!(session.store().kdf_runs(), 2, "none for the write, none while idle");
        // A wrong passphrase is still refused after the right one was kept: the kept key is the right
        // passphrase's only.
        let again = session.unlock(Password::new(Zeroizing::new("wrong horse battery".into())));
        assert!(matches!(again, Err(Error::Store(keyfob_store::Error::WrongPassphrase { .. }))));

        // Locked: nothing opens until the passphrase is given again, which runs the KDF again.
        assert!(!session.is_locked());
        assert!(session.lock().unwrap());
        assert!(session.is_locked());
        assert!(matches!(session.vault(), Err(Error::Store(keyfob_store::Error::PassphraseNeeded { .. }))));
        session.unlock(passphrase()).unwrap();
        assert_eq!(session.store().kdf_runs(), 4, "the wrong one above, and this unlock");
        assert_eq!(session.vault().unwrap().unwrap().vault().entries().len(), 1);
        assert!(!session.is_locked());
        // A keychain vault is not locked by this: it opens with the desktop session.
        let other = tempfile::tempdir().unwrap();
        let keychain = session_in(other.path());
        add(&keychain, "otpauth://totp/B:b?secret=GEZDGNBVGY3TQOJQ");
        assert!(!keychain.lock().unwrap());
        assert!(keychain.vault().unwrap().is_some());
        assert!(!keychain.is_locked());
    }

    fn passphrase_store(dir: &std::path::Path) -> Store {
        Store::new(VaultDir::at(dir), Box::new(MemoryKeychain::default()), Arc::new(FixedClock(0)))
    }

    fn passphrase(text: &str) -> Password {
        Password::new(Zeroizing::new(text.into()))
    }

    /// Regression: the session kept the passphrase for as long as the vault stayed unlocked.
    #[test]
    fn an_unlocked_session_keeps_the_vault_key_and_not_the_passphrase() {
        let temp = tempfile::tempdir().unwrap();
        passphrase_store(temp.path()).init(&Unlock::with_passphrase(passphrase("correct horse battery"))).unwrap();
        let session = Session::new(passphrase_store(temp.path()), Unlock::default());
        session.unlock(passphrase("correct horse battery")).unwrap();
        assert!(!session.holds_passphrase());
        let id = add(&session, "otpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP");

        // Another process wraps the same key anew under the same passphrase (a fresh salt): a session that
        // kept the passphrase would open it; one that kept only the key it unwrapped must ask again.
        let other = passphrase_store(temp.path());
        other
            .set_passphrase(
                &Unlock::with_passphrase(passphrase("correct horse battery")),
                &passphrase("correct horse battery"),
            )
            .unwrap();
        let asked = session.vault().err().unwrap();
        assert!(matches!(asked, Error::Store(keyfob_store::Error::PassphraseNeeded { .. })), "{asked}");
        session.unlock(passphrase("correct horse battery")).unwrap();
        assert_eq!(session.vault().unwrap().unwrap().code_at(id, 59).unwrap().as_str(), "996554");

        // Not without the current one, nor with a wrong one: nothing changes.
        let needed = session.set_passphrase(None, passphrase("another good passphrase")).unwrap_err();
        assert!(matches!(needed, Error::CurrentPassphraseNeeded), "{needed}");
        let wrong = session.set_passphrase(Some(&passphrase("wrong horse battery")), passphrase("another one!"));
        assert!(matches!(wrong, Err(Error::Store(keyfob_store::Error::WrongPassphrase { .. }))), "{wrong:?}");
        assert!(matches!(session.remove_passphrase(None), Err(Error::CurrentPassphraseNeeded)));
        let wrong = session.remove_passphrase(Some(&passphrase("wrong horse battery")));
        assert!(matches!(wrong, Err(Error::Store(keyfob_store::Error::WrongPassphrase { .. }))), "{wrong:?}");
        assert_eq!(session.vault().unwrap().unwrap().code_at(id, 59).unwrap().as_str(), "996554", "still it");
        // A new passphrase: the key under its new wrapping goes on opening the vault, no passphrase kept.
        let runs = session.store().kdf_runs();
        let current = passphrase("correct horse battery");
        session.set_passphrase(Some(&current), passphrase("another good passphrase")).unwrap();
        assert!(!session.holds_passphrase());
        assert_eq!(session.vault().unwrap().unwrap().code_at(id, 59).unwrap().as_str(), "996554");
        assert_eq!(session.store().kdf_runs(), runs + 2, "the check's KDF run and the new wrapping's");
        // And back to the keychain with the kept key (what `keyfob lock remove-passphrase` does).
        assert!(session.remove_passphrase(Some(&current)).is_err(), "the old passphrase is not the current one");
        session.remove_passphrase(Some(&passphrase("another good passphrase"))).unwrap();
        assert!(matches!(session.store().key_source(), Ok(keyfob_vault::KeySource::Keychain)));

        // The CLI's way: the passphrase from a file, given to `new`, is turned into the key on first use.
        let temp = tempfile::tempdir().unwrap();
        passphrase_store(temp.path()).init(&Unlock::with_passphrase(passphrase("correct horse battery"))).unwrap();
        let cli =
            Session::new(passphrase_store(temp.path()), Unlock::with_passphrase(passphrase("correct horse battery")));
        assert!(cli.vault().unwrap().is_some());
        assert!(!cli.holds_passphrase());
        let wrong =
            Session::new(passphrase_store(temp.path()), Unlock::with_passphrase(passphrase("wrong horse battery")));
        assert!(matches!(wrong.vault(), Err(Error::Store(keyfob_store::Error::WrongPassphrase { .. }))));
        assert_eq!(wrong.store().kdf_runs(), 1, "a wrong passphrase runs the KDF once");
    }

    /// Regression: when the vault file's header could not be read, `lock` returned the error and kept
    /// the key, the open vault and its unsealed secrets.
    #[test]
    fn lock_drops_the_key_even_when_the_vault_header_cannot_be_read() {
        let temp = tempfile::tempdir().unwrap();
        passphrase_store(temp.path()).init(&Unlock::with_passphrase(passphrase("correct horse battery"))).unwrap();
        let session = Session::new(passphrase_store(temp.path()), Unlock::default());
        session.unlock(passphrase("correct horse battery")).unwrap();
        let id = add(&session, "otpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP");
        let path = session.store().dir().vault_path();
        let aside = temp.path().join("aside.json");

        // The file gone for a moment (another writer replacing it, a sync tool): locked all the same.
        session.vault().unwrap().unwrap().code_at(id, 59).unwrap();
        // A removal before locking cannot be undone after unlocking.
        let other = add(&session, "otpauth://totp/B:b?secret=GEZDGNBVGY3TQOJQ");
        session.remove(other).unwrap();
        assert!(session.lock().unwrap());
        session.unlock(passphrase("correct horse battery")).unwrap();
        assert!(session.undo_remove().unwrap().is_none(), "locking forgot the removal");
        std::fs::rename(&path, &aside).unwrap();
        assert!(session.lock().unwrap());
        std::fs::rename(&aside, &path).unwrap();
        let asked = session.vault().err().unwrap();
        assert!(matches!(asked, Error::Store(keyfob_store::Error::PassphraseNeeded { .. })), "{asked}");
        assert!(session.is_locked());

        // A damaged header: the same.
        session.unlock(passphrase("correct horse battery")).unwrap();
        session.vault().unwrap().unwrap().code_at(id, 59).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, b"{not a vault").unwrap();
        assert!(session.lock().unwrap());
        std::fs::write(&path, &bytes).unwrap();
        let asked = session.vault().err().unwrap();
        assert!(matches!(asked, Error::Store(keyfob_store::Error::PassphraseNeeded { .. })), "{asked}");
        let runs = session.store().kdf_runs();
        session.unlock(passphrase("correct horse battery")).unwrap();
        assert_eq!(session.store().kdf_runs(), runs + 1, "the store kept no key either: the KDF runs again");
    }

    #[test]
    fn undo_puts_the_removed_account_back_in_its_place() {
        let temp = tempfile::tempdir().unwrap();
        let session = session_in(temp.path());
        let a = add(&session, "otpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP");
        let b = add(&session, "otpauth://totp/B:b?secret=GEZDGNBVGY3TQOJQ");
        let c = add(&session, "otpauth://totp/C:c?secret=MFRGGZDFMZTWQ2LK");
        assert_eq!(session.remove(b).unwrap().value, "B (b)");
        let ids = |s: &Session| s.vault().unwrap().unwrap().vault().entries().iter().map(|e| e.id).collect::<Vec<_>>();
        assert_eq!(ids(&session), [a, c]);
        assert_eq!(session.undo_remove().unwrap().unwrap().value, b);
        assert_eq!(ids(&session), [a, b, c]);
        assert_eq!(session.vault().unwrap().unwrap().code_at(b, 59).unwrap().as_str(), {
            uri::parse("otpauth://totp/B:b?secret=GEZDGNBVGY3TQOJQ").unwrap().code_at(59).as_str().to_owned()
        });
        assert!(session.undo_remove().unwrap().is_none(), "one undo per removal");
        let missing = session.remove(99).err().unwrap();
        // A failed removal keeps nothing to undo either.
        assert!(session.undo_remove().unwrap().is_none());
        assert!(matches!(missing, Error::Store(keyfob_store::Error::Vault(_))), "{missing}");
    }
}
