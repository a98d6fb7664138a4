//! `keyfob push …`: approving logins from the command line. What is shown and how answers go is the
//! application layer's (`keyfob_session::push`), shared with the app.

use std::collections::BTreeSet;
use std::io::Write;
use std::sync::Arc;

use keyfob_session::model::Clock;
use keyfob_session::model::push::Answer;
use keyfob_session::push::{Event, Supervisor};
use keyfob_session::push::{Inbox, Prompt, PromptView, SILENCE_SECS};
use keyfob_session::{Error, Message, Session};

use crate::Failure;
use crate::context::{Context, failed};
use crate::terminal::{Terminal, warning};
use crate::view::name;

/// A prompt as `push list --json` and `push listen` print it.
fn view(prompt: &Prompt) -> serde_json::Value {
    // Plain strings and numbers always serialise.
    serde_json::to_value(PromptView::from(prompt)).unwrap_or_default()
}

/// The session, failing when it has no push token (or no vault). Tokens enrolled over plain http to
/// another computer are warned about on stderr.
fn session_with_tokens(ctx: &Context, out: &Terminal<'_, impl Write>) -> Result<Arc<Session>, Failure> {
    let session = ctx.session()?;
    let opened = session.vault().map_err(failed)?;
    match opened {
        None => Err(failed(Error::NoVault)),
        Some(opened) if opened.vault().push_tokens().is_empty() => Err(failed(Error::NoPushTokens)),
        Some(opened) => {
            crate::view::warn_insecure(out, opened.vault().push_tokens());
            Ok(session)
        }
    }
}

/// `keyfob push list`: the logins waiting for an answer. A failing server is reported on stderr, and
/// fails the command only when every token's server failed.
pub(crate) fn list(ctx: &Context, json: bool, out: &mut Terminal<'_, impl Write>) -> Result<(), Failure> {
    let session = session_with_tokens(ctx, out)?;
    let clock = ctx.clock();
    let polled = session.push_inbox(&**clock).map_err(failed)?;
    if let Some(e) = polled.not_saved {
        out.warn(&warning(&keyfob_session::push::problem::not_saved(&e)));
    }
    let Inbox { prompts, rejected, unreachable } = polled.inbox;
    if !unreachable.is_empty() && unreachable.len() == tokens(&session) {
        return Err(Failure::failed(out.listing(Message::new("cli-push-unreachable"), "problems", &unreachable)));
    }
    for problem in rejected.iter().chain(&unreachable) {
        out.warn(&warning(problem));
    }
    if json {
        return crate::print_json(out, serde_json::Value::Array(prompts.iter().map(view).collect()));
    }
    if prompts.is_empty() {
        return out.say(&Message::new("cli-no-login-waiting"));
    }
    for Prompt { token, challenge, .. } in &prompts {
        let account = name(token.issuer.as_deref(), &token.name);
        let mut line = Message::new("cli-login-waiting")
            .with("account", account)
            .with("question", &challenge.question)
            .with("options", challenge.options.join(" "));
        // Fluent selects on the number: -1 says the server gave no expiry.
        let expires =
            challenge.expires.map_or(-1, |at| i64::try_from(at.saturating_sub(clock.now())).unwrap_or(i64::MAX));
        line =
            line.with("expires", expires).with("has_options", if challenge.options.is_empty() { "no" } else { "yes" });
        let worded = out.words().format(&line);
        crate::print(out, format_args!("{}  {worded}", challenge.nonce))?;
    }
    Ok(())
}

fn tokens(session: &Session) -> usize {
    session.vault().ok().flatten().map_or(0, |o| o.vault().push_tokens().len())
}

/// `keyfob push approve ID` and `keyfob push deny ID`.
pub(crate) fn respond(
    ctx: &Context,
    id: &str,
    answer: Answer,
    out: &mut Terminal<'_, impl Write>,
) -> Result<(), Failure> {
    let session = session_with_tokens(ctx, out)?;
    let (token, accepted, not_saved) = session.push_answer(id, &answer, &**ctx.clock()).map_err(failed)?;
    if let Some(e) = not_saved {
        out.warn(&Message::new("cli-warning").with("reason", e.to_string()));
    }
    let name = name(token.issuer.as_deref(), &token.name);
    match (&answer, accepted) {
        (_, false) => Err(Failure::failed(Message::new("cli-answer-refused").with("name", name))),
        (Answer::Approve { .. }, true) => out.say(&Message::new("cli-approved").with("name", name)),
        (Answer::Deny { not_me: false }, true) => out.say(&Message::new("cli-denied").with("name", name)),
        (Answer::Deny { not_me: true }, true) => {
            out.say(&Message::new("cli-denied-not-me").with("name", name).with("minutes", SILENCE_SECS / 60))
        }
    }
}

/// `keyfob push listen`: prints each new challenge as one JSON line as it arrives, until interrupted. The
/// same supervisor as the app's watches every push token, including tokens enrolled while it runs.
pub(crate) fn listen(ctx: &Context, out: &mut Terminal<'_, impl Write>) -> Result<(), Failure> {
    let session = session_with_tokens(ctx, out)?;
    let (sender, receiver) = std::sync::mpsc::channel::<Prompt>();
    // The watchers' thread words its problems with a catalogue of its own, in the same language.
    let words = keyfob_i18n::Catalogue::new(out.words().language());
    let events = move |event| match event {
        // A command's session keeps its passphrase until it ends, so it is never locked: nothing waits.
        Event::Prompt(prompt) | Event::Waiting(prompt) => {
            let Prompt { token, challenge, collapsed } = *prompt;
            // Older attempts folded into this prompt are printed too, each on its own line, newest last.
            for verified in collapsed.into_iter().chain([challenge]) {
                let _ = sender.send(Prompt { token: token.clone(), challenge: verified, collapsed: Vec::new() });
            }
        }
        Event::Problem(problem) => crate::terminal::tell(&words, &warning(&problem), None),
    };
    Arc::new(Supervisor::new(session, Arc::clone(ctx.clock()), events)).run();
    let mut seen = BTreeSet::new();
    for prompt in receiver {
        if seen.insert(prompt.challenge.nonce.clone()) {
            crate::print_json(out, view(&prompt))?;
            out.flush().map_err(crate::output_failed)?;
        }
    }
    Ok(())
}
