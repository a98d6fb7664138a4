//! Push approval over the session: what waits (polled), answering, and the one supervisor that keeps a
//! watcher per push token (started as tokens appear, stopped when they are removed), for the app's
//! prompts and `keyfob push listen` alike. What is shown and how answers go is
//! [`keyfob_net::push::inbox`]'s; this adds the vault, the state file and the threads.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use keyfob_core::Clock;
use keyfob_core::push::Answer;
use keyfob_core::vault::PushEntry;
use keyfob_net::push::PushError;
use keyfob_net::push::inbox::{self, Inbox, Prompt};
use keyfob_store::{IoError, PushState, SharedClock, VaultDir};

use crate::session::lock;
use crate::{Error, Session};

/// What [`Session::push_inbox`] found, and whether the state file (answered and first-seen challenges)
/// could be saved afterwards.
#[derive(Debug)]
pub struct Polled {
    /// The prompts, and the tokens whose challenges were rejected or whose server could not be asked.
    pub inbox: Inbox,
    /// Why the state could not be saved, when it could not (the prompts are still right).
    pub not_saved: Option<IoError>,
}

impl Session {
    /// Polls every push token's server for what waits for an answer.
    ///
    /// # Errors
    /// [`Error::NoPushTokens`], or why the vault cannot be opened.
    pub fn push_inbox(&self, clock: &dyn Clock) -> Result<Polled, Error> {
        let (inbox, not_saved) = self.with_push_state(clock, |vault, state| Ok(inbox::inbox(vault, state, clock)))?;
        Ok(Polled { inbox, not_saved })
    }

    /// Answers the waiting login `id` (see [`inbox::respond`]). Returns the token, whether the server took
    /// the answer, and why the state could not be saved, if it could not.
    ///
    /// # Errors
    /// [`Error::NoPushTokens`], [`Error::Respond`], or why the vault cannot be opened.
    pub fn push_answer(
        &self,
        id: &str,
        answer: &Answer,
        clock: &dyn Clock,
    ) -> Result<(PushEntry, bool, Option<IoError>), Error> {
        let ((token, accepted), not_saved) =
            self.with_push_state(clock, |vault, state| Ok(inbox::respond(vault, state, id, answer, clock)?))?;
        Ok((token, accepted, not_saved))
    }

    /// Runs `work` on the vault's push tokens and the push state file, saving the state afterwards (unless
    /// `work` failed); returns why the save failed, if it did.
    fn with_push_state<T>(
        &self,
        clock: &dyn Clock,
        work: impl FnOnce(&keyfob_core::vault::Vault, &mut PushState) -> Result<T, Error>,
    ) -> Result<(T, Option<IoError>), Error> {
        let opened = self.existing_vault()?;
        if opened.vault().push_tokens().is_empty() {
            return Err(Error::NoPushTokens);
        }
        let dir = self.store().dir();
        let mut state = PushState::load(dir);
        let value = work(opened.vault(), &mut state)?;
        Ok((value, state.save(dir, clock.now()).err()))
    }
}

/// What the supervisor tells its owner.
#[derive(Debug)]
pub enum Event {
    /// A prompt arrived or changed: the newest open challenge of a token, with the older ones it stands
    /// for. The same prompt may come again (the stream resends open challenges); the owner shows each
    /// challenge once.
    Prompt(Box<Prompt>),
    /// Something the user or a log should know: a server that cannot be reached (with the wait before the
    /// next try), a rejected challenge, a state file that cannot be saved.
    Problem(String),
}

/// Keeps one watcher thread per push token of the session's vault: [`tick`](Self::tick) starts watchers
/// for new tokens and stops those of removed ones. The app ticks it every few seconds; so does
/// `keyfob push listen`.
pub struct Supervisor {
    session: Arc<Session>,
    clock: SharedClock,
    events: Arc<dyn Fn(Event) + Send + Sync>,
    watched: Arc<Mutex<BTreeSet<String>>>,
}

/// How often [`Supervisor::run`] looks for new or removed tokens.
pub const TICK: Duration = Duration::from_secs(3);

impl Supervisor {
    /// A supervisor over `session`'s push tokens, timing requests by `clock`, reporting to `events`.
    pub fn new(session: Arc<Session>, clock: SharedClock, events: impl Fn(Event) + Send + Sync + 'static) -> Self {
        Self { session, clock, events: Arc::new(events), watched: Arc::default() }
    }

    /// The serials being watched now.
    pub fn watched(&self) -> BTreeSet<String> {
        lock(&self.watched).clone()
    }

    /// Starts a watcher for each push token that has none and stops those of tokens no longer in the
    /// vault. A vault still locked, or none yet: nothing to watch until it opens.
    pub fn tick(&self) {
        let Ok(Some(opened)) = self.session.vault() else { return };
        let vault = opened.vault();
        let present: BTreeSet<String> = vault.push_tokens().iter().map(|t| t.serial.clone()).collect();
        lock(&self.watched).retain(|serial| present.contains(serial));
        for token in vault.push_tokens() {
            if lock(&self.watched).contains(&token.serial) {
                continue;
            }
            let device = match vault.push_device_key(token.id) {
                Ok(device) => device,
                Err(e) => {
                    (self.events)(Event::Problem(format!("push token {}: {e}", token.serial)));
                    continue;
                }
            };
            lock(&self.watched).insert(token.serial.clone());
            let watcher = Watcher {
                session: Arc::clone(&self.session),
                locks: self.session.locks(),
                token: token.clone(),
                dir: self.session.store().dir().clone(),
                clock: Arc::clone(&self.clock),
                events: Arc::clone(&self.events),
                watched: Arc::clone(&self.watched),
            };
            std::thread::spawn(move || watcher.run(&device));
        }
    }

    /// Ticks every [`TICK`] on a thread of its own, for the life of the process.
    pub fn run(self) {
        std::thread::spawn(move || {
            loop {
                self.tick();
                std::thread::sleep(TICK);
            }
        });
    }
}

/// One token's watcher. It holds the token's device key, so it stops when the session is locked (the key
/// is dropped with it) and the supervisor starts it again after the next unlock.
struct Watcher {
    session: Arc<Session>,
    /// The session's lock count when this watcher started.
    locks: u64,
    token: PushEntry,
    dir: VaultDir,
    clock: SharedClock,
    events: Arc<dyn Fn(Event) + Send + Sync>,
    watched: Arc<Mutex<BTreeSet<String>>>,
}

impl Watcher {
    fn run(&self, device: &keyfob_core::push::DeviceKey) {
        let deliver = |challenges| {
            // The state is read fresh for each batch: the CLI or the app may have answered meanwhile.
            let mut state = PushState::load(&self.dir);
            let now = self.clock.now();
            let prompt = inbox::prompt(&self.token, challenges, &mut state, now, |p| (self.events)(Event::Problem(p)));
            if let Err(e) = state.save(&self.dir, now) {
                (self.events)(Event::Problem(e.to_string()));
            }
            if let Some(prompt) = prompt {
                (self.events)(Event::Prompt(Box::new(prompt)));
            }
        };
        let problem = |e: &PushError, wait: Duration| {
            (self.events)(Event::Problem(format!("{e}; trying again in {} s", wait.as_secs())));
        };
        let unlocked = || self.session.locks() == self.locks;
        let keep_on = || unlocked() && lock(&self.watched).contains(&self.token.serial);
        inbox::watch(&self.token, device, &*self.clock, deliver, problem, keep_on);
        if !unlocked() {
            // Stopped by a lock: the next tick after unlocking starts this token's watcher again.
            lock(&self.watched).remove(&self.token.serial);
        }
    }
}

#[cfg(test)]
mod tests {
    use keyfob_core::FixedClock;
    use keyfob_store::{MemoryKeychain, Store, Unlock};

    use super::*;

    #[test]
    fn no_tokens_no_watchers_and_no_polls() {
        let temp = tempfile::tempdir().unwrap();
        let store = Store::new(VaultDir::at(temp.path()), Box::new(MemoryKeychain::default()), Arc::new(FixedClock(0)));
        let session = Arc::new(Session::new(store, Unlock::default()));
        let events = Arc::new(Mutex::new(Vec::new()));
        let seen = Arc::clone(&events);
        let supervisor =
            Supervisor::new(Arc::clone(&session), Arc::new(FixedClock(0)), move |e| lock(&seen).push(format!("{e:?}")));
        supervisor.tick();
        assert!(supervisor.watched().is_empty(), "no vault yet");
        let account = keyfob_core::uri::parse("otpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP").unwrap();
        session.update(|vault, rng| Ok(vault.add(&account, 0, rng)?)).unwrap();
        supervisor.tick();
        assert!(supervisor.watched().is_empty(), "accounts but no push tokens");
        assert!(lock(&events).is_empty());
        assert!(matches!(session.push_inbox(&FixedClock(0)), Err(Error::NoPushTokens)));
    }
}
