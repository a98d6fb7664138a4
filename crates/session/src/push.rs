//! Push approval over the session: what waits (polled), answering, and the one supervisor that keeps a
//! watcher per push token (started as tokens appear, stopped when they are removed), for the app's
//! prompts and `keyfob push listen` alike. What is shown and how answers go is
//! [`inbox`]'s; this adds the vault, the state file and the threads.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use keyfob_core::Clock;
use keyfob_net::push::PushError;
use keyfob_push_proto::{Answer, KeyError, PollPasses, PollSigner};
use keyfob_store::{IoError, PushState, SharedClock, SystemRandom, VaultDir};
use keyfob_vault::PushEntry;

pub mod inbox;
pub mod problem;

pub use inbox::{Inbox, Prompt, PromptView, RespondError, SILENCE_SECS};

use crate::session::lock;
use crate::{Error, Message, Session};

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
        work: impl FnOnce(&keyfob_vault::Vault, &mut PushState) -> Result<T, Error>,
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
    /// A prompt arrived while the vault is locked. Say only that a login waits and that unlocking answers
    /// it: a locked Keyfob shows no names. It comes again as an [`Event::Prompt`] on the first tick after
    /// the vault is unlocked.
    Waiting(Box<Prompt>),
    /// Something the user or a log should know: a server that cannot be reached (with the wait before the
    /// next try), a rejected challenge, a state file that cannot be saved.
    Problem(Message),
}

/// How long a locked Keyfob goes on watching for prompts: a working day. The watchers poll with passes
/// signed ahead while the vault was open (see [`PollPasses`]); when they run out, watching stops until
/// the next unlock.
pub const LOCKED_WATCH: Duration = Duration::from_secs(8 * 3600);

/// How many passes one tick signs at most (an hour's): an RSA-4096 signature takes about 2 ms, so a tick
/// stays short and the passes for [`LOCKED_WATCH`] are there within half a minute of unlocking.
const PASSES_PER_TICK: usize = 60;

/// Keeps one watcher thread per push token of the session's vault: [`tick`](Self::tick) starts watchers
/// for new tokens, stops those of removed ones and, while the vault is open, signs the passes the
/// watchers poll with. The app ticks it every few seconds; so does `keyfob push listen`.
///
/// Watchers never hold a device key: they poll with [`PollPasses`], which let them ask what waits and
/// nothing more. So locking wipes every device key at once, and a prompt that arrives while locked is
/// announced as [`Event::Waiting`] until the vault is open again to answer it.
pub struct Supervisor {
    session: Arc<Session>,
    clock: SharedClock,
    events: Arc<dyn Fn(Event) + Send + Sync>,
    /// The watched tokens, by serial, with the passes their watchers poll with.
    watched: Arc<Mutex<BTreeMap<String, Arc<Passes>>>>,
    /// Prompts that arrived while the vault was locked, announced again once it is open.
    held: Arc<Mutex<Vec<Prompt>>>,
    /// Held through a tick: the timer's and an owner's ([`tick`](Self::tick) after an unlock) never overlap,
    /// so no token gets two watchers.
    ticking: Mutex<()>,
}

/// How often [`Supervisor::run`] looks for new or removed tokens.
pub const TICK: Duration = Duration::from_secs(3);

impl Supervisor {
    /// A supervisor over `session`'s push tokens, timing requests by `clock`, reporting to `events`.
    pub fn new(session: Arc<Session>, clock: SharedClock, events: impl Fn(Event) + Send + Sync + 'static) -> Self {
        Self {
            session,
            clock,
            events: Arc::new(events),
            watched: Arc::default(),
            held: Arc::default(),
            ticking: Mutex::new(()),
        }
    }

    /// The serials being watched now.
    pub fn watched(&self) -> BTreeSet<String> {
        lock(&self.watched).keys().cloned().collect()
    }

    /// Starts a watcher for each push token that has none, stops those of tokens no longer in the vault,
    /// tops up every token's passes and announces the prompts held while locked. A vault locked, or none
    /// yet: the watchers go on with the passes they have. Owners tick at once after an unlock, so that a
    /// lock that follows soon after leaves the watchers passes to go on with.
    pub fn tick(&self) {
        let _ticking = lock(&self.ticking);
        let Ok(Some(opened)) = self.session.vault() else { return };
        for prompt in std::mem::take(&mut *lock(&self.held)) {
            (self.events)(Event::Prompt(Box::new(prompt)));
        }
        let vault = opened.vault();
        let present: BTreeSet<&str> = vault.push_tokens().iter().map(|t| t.serial.as_str()).collect();
        lock(&self.watched).retain(|serial, _| present.contains(serial.as_str()));
        let now = self.clock.since_epoch().as_secs();
        let until = now.saturating_add(LOCKED_WATCH.as_secs());
        for token in vault.push_tokens() {
            let known = lock(&self.watched).get(&token.serial).cloned();
            let passes = known.clone().unwrap_or_else(|| Arc::new(Passes(Mutex::new(PollPasses::new(&token.serial)))));
            if !lock(&passes.0).covers(until) {
                let topped = vault.push_device_key(token.id).map_err(|e| e.to_string()).and_then(|device| {
                    lock(&passes.0)
                        .top_up(&device, now, until, PASSES_PER_TICK, &SystemRandom::new())
                        .map_err(|e| e.to_string())
                });
                if let Err(e) = topped {
                    (self.events)(Event::Problem(problem::key_unusable(token.into(), &e)));
                    continue;
                }
            }
            if known.is_some() {
                continue;
            }
            lock(&self.watched).insert(token.serial.clone(), Arc::clone(&passes));
            let watcher = Watcher {
                session: Arc::clone(&self.session),
                token: token.clone(),
                passes,
                dir: self.session.store().dir().clone(),
                clock: Arc::clone(&self.clock),
                events: Arc::clone(&self.events),
                watched: Arc::clone(&self.watched),
                held: Arc::clone(&self.held),
            };
            std::thread::spawn(move || watcher.run());
        }
    }

    /// Ticks every [`TICK`] on a thread of its own, for the life of the process.
    pub fn run(self: Arc<Self>) {
        std::thread::spawn(move || {
            loop {
                self.tick();
                std::thread::sleep(TICK);
            }
        });
    }
}

/// One token's passes, shared by its watcher (which polls with them) and the supervisor (which tops them
/// up while the vault is open).
struct Passes(Mutex<PollPasses>);

impl PollSigner for Passes {
    fn sign_poll(&self, serial: &str, unix_secs: u64) -> Result<(String, String), KeyError> {
        lock(&self.0).sign_poll(serial, unix_secs)
    }
}

/// One token's watcher: it runs while its token is in the vault and its passes last.
struct Watcher {
    session: Arc<Session>,
    token: PushEntry,
    passes: Arc<Passes>,
    dir: VaultDir,
    clock: SharedClock,
    events: Arc<dyn Fn(Event) + Send + Sync>,
    watched: Arc<Mutex<BTreeMap<String, Arc<Passes>>>>,
    held: Arc<Mutex<Vec<Prompt>>>,
}

impl Watcher {
    fn run(&self) {
        let deliver = |challenges| {
            // The state is read fresh for each batch: the CLI or the app may have answered meanwhile.
            let mut state = PushState::load(&self.dir);
            let now = self.clock.now();
            let prompt = inbox::prompt(&self.token, challenges, &mut state, now, |p| (self.events)(Event::Problem(p)));
            if let Err(e) = state.save(&self.dir, now) {
                (self.events)(Event::Problem(problem::not_saved(&e)));
            }
            let Some(prompt) = prompt else { return };
            if self.session.is_locked() {
                let mut held = lock(&self.held);
                // One held prompt per token: the newest stands for the older ones, as on screen.
                held.retain(|p| p.token.serial != prompt.token.serial);
                held.push(prompt.clone());
                drop(held);
                (self.events)(Event::Waiting(Box::new(prompt)));
            } else {
                (self.events)(Event::Prompt(Box::new(prompt)));
            }
        };
        let problem = |e: &PushError, wait: Duration| {
            (self.events)(Event::Problem(problem::unreachable((&self.token).into(), e, Some(wait))));
        };
        let watched = || lock(&self.watched).get(&self.token.serial).is_some_and(|p| Arc::ptr_eq(p, &self.passes));
        let covered = || lock(&self.passes.0).covers(self.clock.since_epoch().as_secs());
        inbox::watch(&self.token, &*self.passes, &*self.clock, deliver, problem, || watched() && covered());
        if watched() {
            // The passes ran out while locked: the first tick after unlocking starts watching again.
            lock(&self.watched).remove(&self.token.serial);
            (self.events)(Event::Problem(problem::locked_too_long((&self.token).into())));
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
