//! `keyfob push …` and push enrolment in `keyfob add`: approving logins from the command line. What is
//! shown and how answers go is `keyfob_net::push::inbox`'s, shared with the app.

use std::collections::BTreeSet;
use std::io::Write;

use keyfob_core::Clock;
use keyfob_core::push::{self, Answer};
use keyfob_core::vault::{Added, Vault};
use keyfob_net::push::inbox::{self, Prompt, PromptView, RespondError};
use keyfob_store::PushState;
use zeroize::Zeroizing;

use crate::Failure;
use crate::vault_cmd::{Context, change, load};
use crate::view::name;

fn now() -> u64 {
    keyfob_core::SystemClock.now()
}

/// Enrols push tokens from their links: a new device key each, registered with the token's server, then
/// stored in the vault with the server key the registration returned.
pub fn enrol(ctx: &Context, links: &[Zeroizing<String>], out: &mut impl Write) -> Result<(), Failure> {
    for link in links {
        let enrolment = push::parse_link(link).map_err(|e| Failure::bad_input(e.to_string()))?;
        let name = name(enrolment.issuer.as_deref(), &enrolment.name);
        let vault = load(&ctx.store()?, &ctx.unlock()?)?;
        if let Some(token) = vault.as_ref().and_then(|v| v.push_token(&enrolment)) {
            crate::print(out, format_args!("already there as {}, skipped: {name} (push approval)", token.id))?;
            continue;
        }
        let host = push::server_host(&enrolment.url).unwrap_or_else(|| enrolment.url.clone());
        crate::warn(format_args!(
            "registering with {host}: making this computer's push key for {} (a few seconds)…",
            enrolment.serial
        ));
        let (device, server_key) = inbox::enrol(&enrolment).map_err(|e| Failure::failed(e.to_string()))?;
        let now = now();
        let added = change(&ctx.store()?, &ctx.unlock()?, |vault, rng| {
            Ok(vault.add_push(&enrolment, server_key, &device, now, rng)?)
        })?;
        let (Added::New(id) | Added::Duplicate(id)) = added;
        crate::print(out, format_args!("added {id}: {name} (push approval from {host}, serial {})", enrolment.serial))?;
    }
    Ok(())
}

/// A prompt as `push list --json` and `push listen` print it.
fn view(prompt: &Prompt) -> serde_json::Value {
    // Plain strings and numbers always serialise.
    serde_json::to_value(PromptView::from(prompt)).unwrap_or_default()
}

fn open_vault(ctx: &Context) -> Result<Vault, Failure> {
    let vault = load(&ctx.store()?, &ctx.unlock()?)?
        .ok_or_else(|| Failure::failed("there is no vault yet; add an account first"))?;
    if vault.push_tokens().is_empty() {
        return Err(Failure::failed("there are no push tokens; scan a push enrolment QR with keyfob add --scan"));
    }
    Ok(vault)
}

/// What is waiting; a failing server is reported on stderr, and fails the command only when every
/// token's server failed.
fn prompts(ctx: &Context, vault: &Vault) -> Result<Vec<Prompt>, Failure> {
    let dir = ctx.store()?.dir().clone();
    let mut state = PushState::load(&dir);
    let now = now();
    let inbox::Inbox { prompts, rejected, unreachable } = inbox::inbox(vault, &mut state, now);
    if let Err(e) = state.save(&dir, now) {
        crate::warn(format_args!("warning: {e}"));
    }
    if unreachable.len() == vault.push_tokens().len() {
        return Err(Failure::failed(unreachable.join("; ")));
    }
    for problem in rejected.iter().chain(&unreachable) {
        crate::warn(problem);
    }
    Ok(prompts)
}

/// `keyfob push list`: the logins waiting for an answer.
pub fn list(ctx: &Context, json: bool, out: &mut impl Write) -> Result<(), Failure> {
    let vault = open_vault(ctx)?;
    let prompts = prompts(ctx, &vault)?;
    if json {
        return crate::print_json(out, serde_json::Value::Array(prompts.iter().map(view).collect()));
    }
    if prompts.is_empty() {
        return crate::print(out, "no login is waiting for approval");
    }
    for Prompt { token, challenge, .. } in &prompts {
        let options = if challenge.options.is_empty() {
            String::new()
        } else {
            format!(" [pick the number on the login page: {}]", challenge.options.join(" "))
        };
        let account = name(token.issuer.as_deref(), &token.name);
        let expires = match challenge.expires {
            Some(at) => format!(" (expires in {} s)", at.saturating_sub(now())),
            None => String::new(),
        };
        crate::print(out, format_args!("{}  {account}: {}{options}{expires}", challenge.nonce, challenge.question))?;
    }
    Ok(())
}

/// `keyfob push approve ID` and `keyfob push deny ID`.
pub fn respond(ctx: &Context, id: &str, answer: Answer, out: &mut impl Write) -> Result<(), Failure> {
    let store = ctx.store()?;
    let vault = open_vault(ctx)?;
    let mut state = PushState::load(store.dir());
    let now = now();
    let (token, accepted) = inbox::respond(&vault, &mut state, id, &answer, now).map_err(|e| match e {
        RespondError::NeedsNumber(_) | RespondError::NotAnOption { .. } => {
            Failure::bad_input(format!("{e}; add --answer"))
        }
        RespondError::NotFound(_) => Failure::failed(format!("{e} (see keyfob push list)")),
        e => Failure::failed(e.to_string()),
    })?;
    if let Err(e) = state.save(store.dir(), now) {
        crate::warn(format_args!("warning: {e}"));
    }
    let name = name(token.issuer.as_deref(), &token.name);
    match (&answer, accepted) {
        (_, false) => Err(Failure::failed(format!("the server did not accept the answer for {name}"))),
        (Answer::Approve { .. }, true) => crate::print(out, format_args!("approved: {name}")),
        (Answer::Deny { not_me: false }, true) => crate::print(out, format_args!("denied: {name}")),
        (Answer::Deny { not_me: true }, true) => crate::print(
            out,
            format_args!(
                "denied and reported as not you: {name}; its prompts are silenced for {} minutes. If you did not try to log in, change that account's password",
                inbox::SILENCE_SECS / 60
            ),
        ),
    }
}

/// `keyfob push listen`: prints each new challenge as one JSON line as it arrives, until interrupted.
pub fn listen(ctx: &Context, out: &mut impl Write) -> Result<(), Failure> {
    let store = ctx.store()?;
    let vault = open_vault(ctx)?;
    let (sender, receiver) = std::sync::mpsc::channel::<Prompt>();
    for token in vault.push_tokens() {
        let device = vault.push_device_key(token.id).map_err(|e| Failure::failed(e.to_string()))?;
        let (token, sender, dir) = (token.clone(), sender.clone(), store.dir().clone());
        std::thread::spawn(move || {
            let deliver = |challenges| {
                // Every challenge is shown once, newest last; the state is read fresh for each batch.
                let mut state = PushState::load(&dir);
                let now = now();
                let prompt = inbox::prompt(&token, challenges, &mut state, now, crate::warn);
                if let Err(e) = state.save(&dir, now) {
                    crate::warn(format_args!("warning: {e}"));
                }
                let Some(Prompt { token, challenge, collapsed }) = prompt else { return };
                for verified in collapsed.into_iter().chain([challenge]) {
                    let _ = sender.send(Prompt { token: token.clone(), challenge: verified, collapsed: Vec::new() });
                }
            };
            let problem = |e: &keyfob_net::push::PushError, wait: std::time::Duration| {
                crate::warn(format_args!("{e}; trying again in {} s", wait.as_secs()));
            };
            inbox::watch(&token, &device, deliver, problem, || true);
        });
    }
    drop(sender);
    let mut seen = BTreeSet::new();
    for prompt in receiver {
        if seen.insert(prompt.challenge.nonce.clone()) {
            crate::print_json(out, view(&prompt))?;
            out.flush().map_err(|e| Failure::failed(e.to_string()))?;
        }
    }
    Ok(())
}
