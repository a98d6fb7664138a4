//! Push approval in the app: prompts announced as they arrive (the application layer's supervisor watches
//! every token), to the window and as an OS notification, and answers. What is shown and how answers go
//! is the same as `keyfob push`'s.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

use keyfob_session::Message;
use keyfob_session::model::push::Answer;
use keyfob_session::push::PromptView;
use keyfob_session::push::{Event, Supervisor};
use tauri::{AppHandle, Emitter, Manager, State};

use crate::error::{Code, CommandError, push_failed};
use crate::state::{AppState, lock};
use crate::words::{said, text};

/// What waits now, polled from every token's server (none when there are no push tokens).
#[tauri::command]
pub(crate) async fn push_prompts(state: State<'_, AppState>) -> Result<Vec<PromptView>, CommandError> {
    let (session, clock) = (state.session.clone(), state.clock.clone());
    let polled =
        tauri::async_runtime::spawn_blocking(move || session.push_inbox(&*clock)).await.map_err(push_failed)?;
    match polled {
        Ok(polled) => {
            if let Some(e) = polled.not_saved {
                eprintln!("keyfob-app: {e}");
            }
            Ok(polled.inbox.prompts.iter().map(PromptView::from).collect())
        }
        Err(keyfob_session::Error::NoPushTokens | keyfob_session::Error::NoVault) => Ok(Vec::new()),
        Err(e) => Err(e.into()),
    }
}

/// Answers a prompt: `approve` (with the number picked), `deny`, or `not_me`.
#[tauri::command]
pub(crate) async fn push_answer(
    state: State<'_, AppState>,
    id: String,
    decision: String,
    number: Option<String>,
) -> Result<bool, CommandError> {
    let answer = match decision.as_str() {
        "approve" => Answer::Approve { presence: number },
        "deny" => Answer::Deny { not_me: false },
        "not_me" => Answer::Deny { not_me: true },
        other => return Err(CommandError::said(Code::PushDecision, "app-error-push-decision", other)),
    };
    let (session, clock) = (state.session.clone(), state.clock.clone());
    let answered = tauri::async_runtime::spawn_blocking(move || session.push_answer(&id, &answer, &*clock))
        .await
        .map_err(push_failed)?;
    let (_, accepted, not_saved) = answered?;
    if let Some(e) = not_saved {
        eprintln!("keyfob-app: {e}");
    }
    Ok(accepted)
}

/// Starts the supervisor of push watchers; each new challenge is announced once, and once more after an
/// unlock when it arrived while the vault was locked.
pub(crate) fn start(app: &AppHandle) {
    let state = app.state::<AppState>();
    let announced = Mutex::new(BTreeSet::new());
    let waiting = Mutex::new(BTreeSet::new());
    let handle = app.clone();
    let events = move |event| match event {
        Event::Prompt(prompt) => {
            // The stream resends the open challenges whenever they change, and every reconnect polls.
            if lock(&announced).insert(prompt.challenge.nonce.clone()) {
                announce(&handle, &PromptView::from(&*prompt));
            }
        }
        Event::Waiting(prompt) => {
            if lock(&waiting).insert(prompt.challenge.nonce.clone()) {
                announce_waiting(&handle, &PromptView::from(&*prompt));
            }
        }
        // Only logged: the problem in the run's language, then its details for support (English).
        Event::Problem(problem) => {
            eprintln!("keyfob-app: {}", crate::words::said(&problem));
            if let Some(details) = &problem.details {
                eprintln!("keyfob-app: {details}");
            }
        }
    };
    let clock: keyfob_session::SharedClock = Arc::clone(&state.clock) as _;
    let supervisor = Arc::new(Supervisor::new(Arc::clone(&state.session), clock, events));
    Arc::clone(&supervisor).run();
    app.manage(Watching(supervisor));
}

/// The push supervisor, for a look at the tokens right after an unlock.
struct Watching(Arc<Supervisor>);

/// Starts watching the vault's push tokens now (after an unlock) instead of at the next tick: the passes
/// a locked Keyfob polls with are then there even if it is locked again at once. Signs up to an hour of
/// passes per token (a few hundred milliseconds): call it off the UI thread.
pub(crate) fn watch_now(app: &AppHandle) {
    if let Some(watching) = app.try_state::<Watching>() {
        watching.0.tick();
    }
}

/// What the locked window learns of a login that waits: that it waits and until when, no name.
#[derive(serde::Serialize, Clone)]
struct Waiting {
    id: String,
    expires: Option<u64>,
}

/// Shows a prompt: to the window, and as an OS notification when the window is not in front.
fn announce(app: &AppHandle, prompt: &PromptView) {
    let _ = app.emit("push-prompt", prompt);
    let service = prompt.issuer.clone().unwrap_or_else(|| prompt.title.clone());
    let body = if prompt.options.is_empty() { "app-push-body" } else { "app-push-body-number" };
    let body = said(&Message::new(body).with("question", prompt.question.as_str()));
    notify(app, &said(&Message::new("app-push-title").with("service", service)), &body);
}

/// Says that a login waits while the vault is locked: to the locked window, and as a notification that
/// names nothing (the lock hides which accounts there are).
fn announce_waiting(app: &AppHandle, prompt: &PromptView) {
    let _ = app.emit("push-waiting", Waiting { id: prompt.id.clone(), expires: prompt.expires });
    notify(app, &text("app-push-waiting-title"), &text("app-push-waiting-body"));
}

/// An OS notification, when the window is not in front. No notification service (a bare X session): the
/// window still shows what it says.
fn notify(app: &AppHandle, title: &str, body: &str) {
    let focused = app.get_webview_window("main").and_then(|w| w.is_focused().ok()).unwrap_or(false);
    if !focused {
        use tauri_plugin_notification::NotificationExt;
        let _ = app.notification().builder().title(title).body(body).show();
    }
}
