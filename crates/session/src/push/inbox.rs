//! The device's side of push approval over the vault: what waits for an answer, answering, and watching
//! for new challenges. Shared by `keyfob push` and the app, so both show and answer exactly the same
//! prompts. The rules are here, in the application layer; `keyfob_net::push` only speaks HTTP.
//!
//! A challenge is shown only after its signature verifies against the server key pinned at enrolment,
//! for the token it names, and when it was not answered already from this computer or its token
//! silenced. Several open challenges of one token collapse into one prompt, the newest (the others can
//! still be answered by id); "this wasn't me" declines all of them at once, so a flood of prompts costs the
//! user one decision.

use std::time::Duration;

use keyfob_core::Clock;
use keyfob_net::push::{PushError, answer, poll, stream};
use keyfob_push_proto::{Answer, Challenge, PollSigner, Verified};
use keyfob_store::PushState;
use keyfob_vault::{PushEntry, Vault};

use super::problem;
use crate::Message;

/// How long "this wasn't me" silences a token's prompts.
pub const SILENCE_SECS: u64 = 10 * 60;

/// One prompt: the newest open challenge of a token, with the older ones it stands for.
#[derive(Debug, Clone)]
pub struct Prompt {
    /// The token.
    pub token: PushEntry,
    /// The challenge shown.
    pub challenge: Verified,
    /// Older open challenges of the same token, collapsed into this prompt.
    pub collapsed: Vec<Verified>,
}

/// A prompt as shown to people and scripts: `keyfob push list --json` prints these (the field names are
/// part of its interface), and the app's window receives them.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PromptView {
    /// The challenge's nonce: the id to answer.
    pub id: String,
    /// The token's serial.
    pub serial: String,
    /// The token's id in the vault.
    pub token: u64,
    /// The service.
    pub issuer: Option<String>,
    /// The account at the service.
    pub account: String,
    /// The prompt's title.
    pub title: String,
    /// The service's question.
    pub question: String,
    /// The numbers to choose from, in the server's order; empty when none is asked.
    pub options: Vec<String>,
    /// When it expires (Unix seconds), when the service says.
    pub expires: Option<u64>,
    /// Older attempts of the same account folded into this prompt.
    pub more: usize,
    /// Whether the token talks to its server over plain `http://` to another computer (enrolled before
    /// Keyfob refused that; see [`PushEntry::insecure`]): the window warns and suggests enrolling again
    /// over https.
    pub insecure: bool,
}

impl From<&Prompt> for PromptView {
    fn from(prompt: &Prompt) -> Self {
        let Prompt { token, challenge, collapsed } = prompt;
        Self {
            id: challenge.nonce.clone(),
            serial: challenge.serial.clone(),
            token: token.id,
            issuer: token.issuer.clone(),
            account: token.name.clone(),
            title: challenge.title.clone(),
            question: challenge.question.clone(),
            options: challenge.options.clone(),
            expires: challenge.expires,
            more: collapsed.len(),
            insecure: token.insecure(),
        }
    }
}

/// Keeps what may be shown of `challenges` for `token`: verified, not answered, not expired (a challenge
/// with no signed expiry lapses two minutes after this device first saw it, which `state` records: save
/// it afterwards), token not silenced. A challenge that fails verification is reported through
/// `rejected` and dropped.
pub fn prompt(
    token: &PushEntry,
    challenges: Vec<Challenge>,
    state: &mut PushState,
    now: u64,
    mut rejected: impl FnMut(Message),
) -> Option<Prompt> {
    let mut open = Vec::new();
    for challenge in challenges {
        match challenge.verify(&token.serial, &token.url, &token.server_key) {
            Ok(verified) if !state.was_answered(&verified.nonce) => {
                let first_seen = if verified.expires.is_some() { now } else { state.first_seen(&verified.nonce, now) };
                if verified.showable_at(now, first_seen) {
                    open.push(verified);
                }
            }
            Ok(_) => {}
            Err(e) => rejected(problem::rejected(token.into(), &e)),
        }
    }
    if state.silenced_until(&token.serial, now).is_some() {
        return None;
    }
    let newest = open.pop()?;
    Some(Prompt { token: token.clone(), challenge: newest, collapsed: open })
}

/// What every push token has waiting, polled now.
#[derive(Debug, Default)]
pub struct Inbox {
    /// The prompts to show.
    pub prompts: Vec<Prompt>,
    /// Challenges dropped because they failed verification, each saying which token and why.
    pub rejected: Vec<Message>,
    /// Tokens whose server could not be asked, each saying why (the others' prompts are still there).
    pub unreachable: Vec<Message>,
}

/// Polls every push token now (noting in `state` when challenges were first seen: save it afterwards).
pub fn inbox(vault: &Vault, state: &mut PushState, clock: &dyn Clock) -> Inbox {
    let mut inbox = Inbox::default();
    for token in vault.push_tokens() {
        let polled = vault
            .push_device_key(token.id)
            .map_err(|e| e.to_string())
            .and_then(|device| poll(token, &device, clock).map_err(|e| e.to_string()));
        match polled {
            Ok(challenges) => {
                let prompt = prompt(token, challenges, state, clock.now(), |p| inbox.rejected.push(p));
                inbox.prompts.extend(prompt);
            }
            Err(problem) => inbox.unreachable.push(problem::unreachable(token.into(), &problem, None)),
        }
    }
    inbox
}

/// Why an answer was not sent.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RespondError {
    /// No waiting challenge has that id.
    #[error("no login waiting with id {0}: it expired, was answered, or failed verification")]
    NotFound(String),
    /// No waiting challenge has that id, and some servers could not be asked.
    #[error("no login waiting with id {id} could be found: {problems}")]
    Unreachable {
        /// The id asked for.
        id: String,
        /// Why servers could not be asked.
        problems: String,
    },
    /// Number matching: approving needs the number the login page shows.
    #[error("this login asks which number the login page shows: answer with one of {}", .0.join(", "))]
    NeedsNumber(Vec<String>),
    /// A number the login did not offer.
    #[error("{picked} is not one of this login's numbers ({})", .options.join(", "))]
    NotAnOption {
        /// What was picked.
        picked: String,
        /// What was offered.
        options: Vec<String>,
    },
    /// The device key could not be unsealed.
    #[error("{0}")]
    Vault(String),
    /// Sending failed.
    #[error(transparent)]
    Push(#[from] PushError),
}

impl RespondError {
    /// What sort of failure this is, for the programs to word (see [`keyfob_core::Kind`]).
    pub fn kind(&self) -> keyfob_core::Kind {
        use keyfob_core::Kind;
        match self {
            Self::NotFound(_) => Kind::NotFound,
            Self::NeedsNumber(_) | Self::NotAnOption { .. } => Kind::Input,
            Self::Vault(_) => Kind::Integrity,
            Self::Unreachable { .. } | Self::Push(_) => Kind::Environment,
        }
    }
}

/// Answers the waiting challenge `id` (polling first, so only a verified, open challenge is answered),
/// records it in `state`, and for "this wasn't me" declines the rest of that token's prompts and silences
/// it. Returns the token and whether the server took the answer.
///
/// # Errors
/// A [`RespondError`]; nothing was sent then.
pub fn respond(
    vault: &Vault,
    state: &mut PushState,
    id: &str,
    decision: &Answer,
    clock: &dyn Clock,
) -> Result<(PushEntry, bool), RespondError> {
    let Inbox { prompts, unreachable, .. } = inbox(vault, state, clock);
    let found = prompts.into_iter().find_map(|Prompt { token, challenge, collapsed }| {
        let mut all = collapsed;
        all.push(challenge);
        let index = all.iter().position(|c| c.nonce == id)?;
        let chosen = all.remove(index);
        Some((token, chosen, all))
    });
    let (token, challenge, others) = found.ok_or_else(|| match unreachable.is_empty() {
        true => RespondError::NotFound(id.to_owned()),
        false => {
            let problems: Vec<&str> = unreachable.iter().filter_map(|m| m.details.as_deref()).collect();
            RespondError::Unreachable { id: id.to_owned(), problems: problems.join("; ") }
        }
    })?;
    if let Answer::Approve { presence } = decision {
        let options = &challenge.options;
        match presence {
            None if !options.is_empty() => return Err(RespondError::NeedsNumber(options.clone())),
            Some(picked) if !options.contains(picked) => {
                return Err(RespondError::NotAnOption { picked: picked.clone(), options: options.clone() });
            }
            _ => {}
        }
    }
    let device = vault.push_device_key(token.id).map_err(|e| RespondError::Vault(e.to_string()))?;
    let accepted = answer(&token, &device, id, decision)?;
    let now = clock.now();
    state.answered(id, now);
    if let Answer::Deny { not_me: true } = decision {
        for other in &others {
            if answer(&token, &device, &other.nonce, decision).is_ok() {
                state.answered(&other.nonce, now);
            }
        }
        state.silence(&token.serial, now + SILENCE_SECS);
    }
    Ok((token, accepted))
}

/// Watches one token forever (or until `keep_on` says stop): the server's event stream where offered,
/// polling once on every (re)connect so nothing is missed, polling every 3 s where there is no stream;
/// reconnecting with exponential backoff and jitter. `on_challenges` gets every batch received;
/// `on_problem` every connection failure.
pub fn watch(
    token: &PushEntry,
    signer: &dyn PollSigner,
    clock: &dyn Clock,
    on_challenges: impl Fn(Vec<Challenge>),
    on_problem: impl Fn(&PushError, Duration),
    keep_on: impl Fn() -> bool,
) {
    let mut failures = 0u32;
    while keep_on() {
        let polled = poll(token, signer, clock).map(&on_challenges);
        let streamed = match polled {
            Ok(()) => stream(token, signer, clock, &on_challenges, &keep_on),
            Err(e) => Err(e),
        };
        match streamed {
            Ok(false) => {
                failures = 0;
                std::thread::sleep(Duration::from_secs(3));
            }
            Ok(true) => failures = 0,
            Err(e) => {
                failures = failures.saturating_add(1);
                let wait = backoff(failures);
                on_problem(&e, wait);
                std::thread::sleep(wait);
            }
        }
    }
}

/// 1, 2, 4 … 30 seconds, plus up to a quarter of jitter so that many devices do not reconnect in step.
fn backoff(failures: u32) -> Duration {
    let base = 2u64.saturating_pow(failures.saturating_sub(1).min(5)).min(30) * 1000;
    let mut byte = [0u8; 1];
    let _ = ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut byte);
    Duration::from_millis(base + base * u64::from(byte[0]) / 1024)
}
