//! `keyfob push …`: approving logins from the command line. What is shown and how answers go is the
//! application layer's (`keyfob_session::push`), shared with the app.

use std::collections::BTreeSet;
use std::io::Write;
use std::sync::Arc;

use keyfob_session::model::Clock;
use keyfob_session::model::push::Answer;
use keyfob_session::push::{Event, Supervisor};
use keyfob_session::push::{Inbox, Prompt, PromptView, SILENCE_SECS};
use keyfob_session::{Error, Session};

use crate::Failure;
use crate::context::{Context, failed};
use crate::view::name;

/// A prompt as `push list --json` and `push listen` print it.
fn view(prompt: &Prompt) -> serde_json::Value {
    // Plain strings and numbers always serialise.
    serde_json::to_value(PromptView::from(prompt)).unwrap_or_default()
}

/// The session, failing when it has no push token (or no vault). Tokens enrolled over plain http to
/// another computer are warned about on stderr.
fn session_with_tokens(ctx: &Context) -> Result<Arc<Session>, Failure> {
    let session = ctx.session()?;
    let opened = session.vault().map_err(failed)?;
    match opened {
        None => Err(Failure::failed("there is no vault yet; add an account first")),
        Some(opened) if opened.vault().push_tokens().is_empty() => Err(failed(Error::NoPushTokens)),
        Some(opened) => {
            crate::view::warn_insecure(opened.vault().push_tokens());
            Ok(session)
        }
    }
}

/// `keyfob push list`: the logins waiting for an answer. A failing server is reported on stderr, and
/// fails the command only when every token's server failed.
pub(crate) fn list(ctx: &Context, json: bool, out: &mut impl Write) -> Result<(), Failure> {
    let session = session_with_tokens(ctx)?;
    let clock = ctx.clock();
    let polled = session.push_inbox(&**clock).map_err(failed)?;
    if let Some(e) = polled.not_saved {
        crate::warn(format_args!("warning: {e}"));
    }
    let Inbox { prompts, rejected, unreachable } = polled.inbox;
    if !unreachable.is_empty() && unreachable.len() == tokens(&session) {
        return Err(Failure::failed(unreachable.join("; ")));
    }
    for problem in rejected.iter().chain(&unreachable) {
        crate::warn(problem);
    }
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
            Some(at) => format!(" (expires in {} s)", at.saturating_sub(clock.now())),
            None => String::new(),
        };
        crate::print(out, format_args!("{}  {account}: {}{options}{expires}", challenge.nonce, challenge.question))?;
    }
    Ok(())
}

fn tokens(session: &Session) -> usize {
    session.vault().ok().flatten().map_or(0, |o| o.vault().push_tokens().len())
}

/// `keyfob push approve ID` and `keyfob push deny ID`.
pub(crate) fn respond(ctx: &Context, id: &str, answer: Answer, out: &mut impl Write) -> Result<(), Failure> {
    let session = session_with_tokens(ctx)?;
    let (token, accepted, not_saved) = session.push_answer(id, &answer, &**ctx.clock()).map_err(failed)?;
    if let Some(e) = not_saved {
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
                SILENCE_SECS / 60
            ),
        ),
    }
}

/// `keyfob push listen`: prints each new challenge as one JSON line as it arrives, until interrupted. The
/// same supervisor as the app's watches every push token, including tokens enrolled while it runs.
pub(crate) fn listen(ctx: &Context, out: &mut impl Write) -> Result<(), Failure> {
    let session = session_with_tokens(ctx)?;
    let (sender, receiver) = std::sync::mpsc::channel::<Prompt>();
    let events = move |event| match event {
        // A command's session keeps its passphrase until it ends, so it is never locked: nothing waits.
        Event::Prompt(prompt) | Event::Waiting(prompt) => {
            let Prompt { token, challenge, collapsed } = *prompt;
            // Older attempts folded into this prompt are printed too, each on its own line, newest last.
            for verified in collapsed.into_iter().chain([challenge]) {
                let _ = sender.send(Prompt { token: token.clone(), challenge: verified, collapsed: Vec::new() });
            }
        }
        Event::Problem(problem) => crate::warn(problem),
    };
    Arc::new(Supervisor::new(session, Arc::clone(ctx.clock()), events)).run();
    let mut seen = BTreeSet::new();
    for prompt in receiver {
        if seen.insert(prompt.challenge.nonce.clone()) {
            crate::print_json(out, view(&prompt))?;
            out.flush().map_err(|e| Failure::failed(e.to_string()))?;
        }
    }
    Ok(())
}
