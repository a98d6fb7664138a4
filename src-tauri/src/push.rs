//! Push approval in the app: prompts announced as they arrive (the application layer's supervisor watches
//! every token), to the window and as an OS notification, and answers. What is shown and how answers go
//! is the same as `keyfob push`'s.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

use keyfob_core::push::Answer;
use keyfob_net::push::inbox::PromptView;
use keyfob_session::push::{Event, Supervisor};
use tauri::{AppHandle, Emitter, Manager, State};

use crate::error::{Code, CommandError, push_failed};
use crate::state::{AppState, lock};

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
        other => return Err(CommandError::new(Code::PushDecision, format!("unknown decision {other}"), None)),
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

/// Starts the supervisor of push watchers; each new challenge is announced once.
pub(crate) fn start(app: &AppHandle) {
    let state = app.state::<AppState>();
    let announced = Mutex::new(BTreeSet::new());
    let handle = app.clone();
    let events = move |event| match event {
        Event::Prompt(prompt) => {
            // The stream resends the open challenges whenever they change, and every reconnect polls.
            if lock(&announced).insert(prompt.challenge.nonce.clone()) {
                announce(&handle, &PromptView::from(&*prompt));
            }
        }
        Event::Problem(problem) => eprintln!("keyfob-app: {problem}"),
    };
    let clock: keyfob_store::SharedClock = Arc::clone(&state.clock) as _;
    Supervisor::new(Arc::clone(&state.session), clock, events).run();
}

/// Shows a prompt: to the window, and as an OS notification when the window is not in front.
fn announce(app: &AppHandle, prompt: &PromptView) {
    let _ = app.emit("push-prompt", prompt);
    let focused = app.get_webview_window("main").and_then(|w| w.is_focused().ok()).unwrap_or(false);
    if !focused {
        use tauri_plugin_notification::NotificationExt;
        let service = prompt.issuer.clone().unwrap_or_else(|| prompt.title.clone());
        let body = if prompt.options.is_empty() {
            format!("{}: open Keyfob to approve or deny.", prompt.question)
        } else {
            format!("{}: open Keyfob and pick the number the login page shows.", prompt.question)
        };
        // No notification service (a bare X session): the window still shows the prompt.
        let _ = app.notification().builder().title(format!("Log in to {service}?")).body(body).show();
    }
}
