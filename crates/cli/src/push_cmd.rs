//! `keyfob push …` and push enrolment in `keyfob add`: approving logins from the command line.
//!
//! A challenge is shown (listed, printed by `listen`) only after its signature verifies against the
//! server key pinned at enrolment, for the token it names, and when it was not answered already or its
//! token silenced. Several open challenges of one token collapse into one prompt, the newest (the others
//! can still be answered by id); "this wasn't me" declines all of them at once, so a flood of prompts costs
//! the user one decision.

use std::collections::BTreeSet;
use std::io::Write;
use std::time::Duration;

use keyfob_core::Clock;
use keyfob_core::push::{self, Answer, DeviceKey, Verified};
use keyfob_core::vault::{PushEntry, Vault};
use keyfob_net::push as net;
use keyfob_store::PushState;
use serde_json::json;
use zeroize::Zeroizing;

use crate::Failure;
use crate::vault_cmd::{Context, change, load};

/// privacyIDEA's apps make 4096-bit keys; so does Keyfob.
const KEY_BITS: usize = 4096;
/// How long "this wasn't me" silences a token's prompts.
const SILENCE_SECS: u64 = 10 * 60;

fn now() -> u64 {
    keyfob_core::SystemClock.now()
}

/// Enrols push tokens from their links: a new device key each, registered with the token's server, then
/// stored in the vault with the server key the registration returned.
pub fn enrol(ctx: &Context, links: &[Zeroizing<String>], out: &mut impl Write) -> Result<(), Failure> {
    for link in links {
        let enrolment = push::parse_link(link).map_err(|e| Failure::bad_input(e.to_string()))?;
        eprintln!("keyfob: making this computer's push key for {} (a few seconds)…", enrolment.serial);
        let device =
            DeviceKey::generate(KEY_BITS, &mut rsa::rand_core::OsRng).map_err(|e| Failure::failed(e.to_string()))?;
        let server_key = net::register(&enrolment, &device).map_err(|e| Failure::failed(e.to_string()))?;
        let now = now();
        let added = change(&ctx.store()?, &ctx.unlock()?, |vault, rng| {
            Ok(vault.add_push(&enrolment, server_key, &device, now, rng)?)
        })?;
        let id = match added {
            keyfob_core::vault::Added::New(id) | keyfob_core::vault::Added::Duplicate(id) => id,
        };
        let name = crate::view::name(enrolment.issuer.as_deref(), &enrolment.name);
        crate::print(out, format_args!("added {id}: {name} (push approval, serial {})", enrolment.serial))?;
    }
    Ok(())
}

/// An open, verified challenge with the token it belongs to.
struct Pending {
    token: PushEntry,
    challenge: Verified,
    /// Older open challenges of the same token, collapsed into this one.
    collapsed: Vec<Verified>,
}

/// Polls every push token and returns what may be shown. A token whose server cannot be reached is
/// reported on stderr; it fails only when every token's server failed.
fn pending(vault: &Vault, state: &PushState) -> Result<Vec<Pending>, Failure> {
    let tokens = vault.push_tokens();
    if tokens.is_empty() {
        return Err(Failure::failed("there are no push tokens; scan a push enrolment QR with keyfob add --scan"));
    }
    let mut shown = Vec::new();
    let mut failures = Vec::new();
    for token in tokens {
        let device = vault.push_device_key(token.id).map_err(|e| Failure::failed(e.to_string()))?;
        match net::poll(token, &device) {
            Ok(challenges) => {
                let mut open: Vec<Verified> = Vec::new();
                for challenge in challenges {
                    match challenge.verify(&token.serial, &token.url, &token.server_key) {
                        Ok(verified) if !state.was_answered(&verified.nonce) => open.push(verified),
                        Ok(_) => {}
                        Err(e) => eprintln!("keyfob: ignored a challenge for {}: {e}", token.serial),
                    }
                }
                if state.silenced_until(&token.serial, now()).is_some() {
                    continue;
                }
                if let Some(newest) = open.pop() {
                    shown.push(Pending { token: token.clone(), challenge: newest, collapsed: open });
                }
            }
            Err(e) => failures.push(e.to_string()),
        }
    }
    if failures.len() == tokens.len() {
        return Err(Failure::failed(failures.join("; ")));
    }
    for failure in failures {
        eprintln!("keyfob: {failure}");
    }
    Ok(shown)
}

fn view(pending: &Pending) -> serde_json::Value {
    let Pending { token, challenge, .. } = pending;
    json!({
        "id": challenge.nonce,
        "serial": challenge.serial,
        "token": token.id,
        "issuer": token.issuer,
        "account": token.name,
        "title": challenge.title,
        "question": challenge.question,
        "options": challenge.options,
        "expires": challenge.expires,
    })
}

fn open_vault(ctx: &Context) -> Result<Vault, Failure> {
    load(&ctx.store()?, &ctx.unlock()?)?.ok_or_else(|| Failure::failed("there is no vault yet; add an account first"))
}

/// `keyfob push list`: the challenges waiting for an answer.
pub fn list(ctx: &Context, json: bool, out: &mut impl Write) -> Result<(), Failure> {
    let vault = open_vault(ctx)?;
    let state = PushState::load(ctx.store()?.dir());
    let pending = pending(&vault, &state)?;
    if json {
        return crate::print(out, serde_json::Value::Array(pending.iter().map(view).collect()));
    }
    if pending.is_empty() {
        return crate::print(out, "no login is waiting for approval");
    }
    for item in &pending {
        let options = if item.challenge.options.is_empty() {
            String::new()
        } else {
            format!(" [pick the number on the login page: {}]", item.challenge.options.join(" "))
        };
        crate::print(
            out,
            format_args!(
                "{}  {}: {}{options}",
                item.challenge.nonce,
                crate::view::name(item.token.issuer.as_deref(), &item.token.name),
                item.challenge.question
            ),
        )?;
    }
    Ok(())
}

/// `keyfob push approve ID` and `keyfob push deny ID`.
pub fn respond(ctx: &Context, id: &str, answer: Answer, out: &mut impl Write) -> Result<(), Failure> {
    let store = ctx.store()?;
    let vault = open_vault(ctx)?;
    let mut state = PushState::load(store.dir());
    let found = pending(&vault, &state)?.into_iter().find_map(|p| {
        let Pending { token, challenge, collapsed } = p;
        let mut all = collapsed;
        all.push(challenge);
        let index = all.iter().position(|c| c.nonce == id)?;
        let chosen = all.remove(index);
        Some((token, chosen, all))
    });
    let Some((token, challenge, others)) = found else {
        return Err(Failure::failed(format!(
            "no login waiting with id {id}: it expired, was answered, or failed verification (see keyfob push list)"
        )));
    };
    if let Answer::Approve { presence } = &answer {
        let options = &challenge.options;
        match presence {
            None if !options.is_empty() => {
                return Err(Failure::bad_input(format!(
                    "this login asks which number the login page shows: add --answer with one of {}",
                    options.join(", ")
                )));
            }
            Some(answer) if !options.contains(answer) => {
                return Err(Failure::bad_input(format!(
                    "{answer} is not one of this login's numbers ({})",
                    options.join(", ")
                )));
            }
            _ => {}
        }
    }
    let device = vault.push_device_key(token.id).map_err(|e| Failure::failed(e.to_string()))?;
    let accepted = net::answer(&token, &device, id, &answer).map_err(|e| Failure::failed(e.to_string()))?;
    let now = now();
    state.answered(id, now);
    if let Answer::Deny { not_me: true } = answer {
        // Not me: the whole flood is declined with it, and the account silenced for a while.
        for other in &others {
            if net::answer(&token, &device, &other.nonce, &answer).is_ok() {
                state.answered(&other.nonce, now);
            }
        }
        state.silence(&token.serial, now + SILENCE_SECS);
    }
    if let Err(e) = state.save(store.dir(), now) {
        eprintln!("keyfob: warning: {e}");
    }
    let name = crate::view::name(token.issuer.as_deref(), &token.name);
    match (&answer, accepted) {
        (_, false) => Err(Failure::failed(format!("the server did not accept the answer for {name}"))),
        (Answer::Approve { .. }, true) => crate::print(out, format_args!("approved: {name}")),
        (Answer::Deny { not_me: false }, true) => crate::print(out, format_args!("denied: {name}")),
        (Answer::Deny { not_me: true }, true) => crate::print(
            out,
            format_args!(
                "denied and reported as not you: {name}; its prompts are silenced for {} minutes. If you did not try to log in, change that account's password",
                SILENCE_SECS / 60
            ),
        ),
    }
}

/// `keyfob push listen`: prints each new challenge as one JSON line as it arrives, until interrupted.
/// Uses the server's event stream where offered (polling once on every connect), polling every few seconds
/// otherwise; reconnects with backoff and jitter.
pub fn listen(ctx: &Context, out: &mut impl Write) -> Result<(), Failure> {
    let store = ctx.store()?;
    let vault = open_vault(ctx)?;
    if vault.push_tokens().is_empty() {
        return Err(Failure::failed("there are no push tokens; scan a push enrolment QR with keyfob add --scan"));
    }
    let (sender, receiver) = std::sync::mpsc::channel::<(String, String, serde_json::Value)>();
    for token in vault.push_tokens() {
        let device = vault.push_device_key(token.id).map_err(|e| Failure::failed(e.to_string()))?;
        let token = token.clone();
        let sender = sender.clone();
        std::thread::spawn(move || watch(&token, &device, &sender));
    }
    drop(sender);
    let mut seen = BTreeSet::new();
    for (nonce, serial, item) in receiver {
        let state = PushState::load(store.dir());
        if state.was_answered(&nonce) || state.silenced_until(&serial, now()).is_some() || !seen.insert(nonce) {
            continue;
        }
        crate::print(out, &item)?;
        out.flush().map_err(|e| Failure::failed(e.to_string()))?;
    }
    Ok(())
}

/// One token's watcher: stream when offered, poll otherwise, forever.
fn watch(token: &PushEntry, device: &DeviceKey, sender: &std::sync::mpsc::Sender<(String, String, serde_json::Value)>) {
    let send = |challenges: Vec<push::Challenge>| {
        for challenge in challenges {
            match challenge.verify(&token.serial, &token.url, &token.server_key) {
                Ok(verified) => {
                    let (nonce, serial) = (verified.nonce.clone(), verified.serial.clone());
                    let pending = Pending { token: token.clone(), challenge: verified, collapsed: Vec::new() };
                    let _ = sender.send((nonce, serial, view(&pending)));
                }
                Err(e) => eprintln!("keyfob: ignored a challenge for {}: {e}", token.serial),
            }
        }
    };
    let mut failures = 0u32;
    loop {
        // Poll once on every (re)connect, so nothing sent while disconnected is missed.
        let polled = net::poll(token, device).map(&send);
        match (polled, net::stream(token, device, &send, || true)) {
            (_, Ok(false)) => {
                // No stream here (privacyIDEA): poll every few seconds.
                std::thread::sleep(Duration::from_secs(3));
                failures = 0;
            }
            (_, Ok(true)) => failures = 0,
            (_, Err(e)) => {
                failures = failures.saturating_add(1);
                let backoff = backoff(failures);
                eprintln!("keyfob: {e}; trying again in {} s", backoff.as_secs());
                std::thread::sleep(backoff);
            }
        }
    }
}

/// 1, 2, 4 … 30 seconds, with up to a quarter of jitter so many devices do not reconnect in step.
fn backoff(failures: u32) -> Duration {
    let base = 2u64.saturating_pow(failures.saturating_sub(1).min(5)).min(30) * 1000;
    let mut byte = [0u8; 1];
    let _ = ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut byte);
    Duration::from_millis(base + base * u64::from(byte[0]) / 1024)
}
