//! Push approval in the app: enrolling scanned push tokens, watching every token for challenges (a
//! watcher thread per token, started as tokens appear), announcing each new prompt to the window and as an
//! OS notification, and answering. What is shown and how answers go is `keyfob_net::push::inbox`'s, the
//! same as `keyfob push`.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use keyfob_core::Clock;
use keyfob_core::push::{Answer, Enrolment};
use keyfob_core::vault::Added;
use keyfob_net::push::inbox::{self, PromptView, RespondError};
use keyfob_store::PushState;
use tauri::{AppHandle, Emitter, Manager, State};

use crate::commands::{AppState, load, lock, update};
use crate::error::CommandError;

fn now() -> u64 {
    keyfob_core::SystemClock.now()
}

fn push_error(error: impl std::fmt::Display) -> CommandError {
    CommandError::new(
        "push.failed",
        error.to_string(),
        Some("Check the network, or that the login service is running."),
    )
}

/// Registers a confirmed push enrolment (a new device key, a few seconds) and stores the token.
pub async fn enrol(state: &AppState, enrolment: Enrolment) -> Result<u64, CommandError> {
    let serial = enrolment.serial.clone();
    let (enrolment, registered) = tauri::async_runtime::spawn_blocking(move || {
        let registered = inbox::enrol(&enrolment);
        (enrolment, registered)
    })
    .await
    .map_err(push_error)?;
    let (device, server_key) = registered.map_err(|e| {
        CommandError::new(
            "push.enrol",
            format!("{serial}: {e}"),
            Some("Reload the setup page for a new QR code and scan it again."),
        )
    })?;
    let now = now();
    let added = update(state, |vault, rng| Ok(vault.add_push(&enrolment, server_key, &device, now, rng)?))?;
    let (Added::New(id) | Added::Duplicate(id)) = added;
    Ok(id)
}

/// What waits now, polled from every token's server.
#[tauri::command]
pub async fn push_prompts(state: State<'_, AppState>) -> Result<Vec<PromptView>, CommandError> {
    let Some(vault) = load(&state)? else { return Ok(Vec::new()) };
    let dir = state.store.dir().clone();
    let prompts = tauri::async_runtime::spawn_blocking(move || {
        let mut push_state = PushState::load(&dir);
        let now = now();
        let prompts = inbox::inbox(&vault, &mut push_state, now).prompts;
        if let Err(e) = push_state.save(&dir, now) {
            eprintln!("keyfob-app: {e}");
        }
        prompts
    })
    .await
    .map_err(push_error)?;
    Ok(prompts.iter().map(PromptView::from).collect())
}

/// Answers a prompt: `approve` (with the number picked), `deny`, or `not_me`.
#[tauri::command]
pub async fn push_answer(
    state: State<'_, AppState>,
    id: String,
    decision: String,
    number: Option<String>,
) -> Result<bool, CommandError> {
    let answer = match decision.as_str() {
        "approve" => Answer::Approve { presence: number },
        "deny" => Answer::Deny { not_me: false },
        "not_me" => Answer::Deny { not_me: true },
        other => return Err(CommandError::new("push.decision", format!("unknown decision {other}"), None)),
    };
    let vault = load(&state)?.ok_or_else(|| CommandError::new("push.none", "there are no push tokens", None))?;
    let dir = state.store.dir().clone();
    let result = tauri::async_runtime::spawn_blocking(move || {
        let mut push_state = PushState::load(&dir);
        let now = now();
        let result = inbox::respond(&vault, &mut push_state, &id, &answer, now);
        let _ = push_state.save(&dir, now);
        result
    })
    .await
    .map_err(push_error)?;
    match result {
        Ok((_, accepted)) => Ok(accepted),
        Err(e @ RespondError::NotFound(_)) => Err(CommandError::new(
            "push.gone",
            e.to_string(),
            Some("The login page has moved on; log in again if you need to."),
        )),
        Err(e) => Err(push_error(e)),
    }
}

/// Starts the supervisor: every few seconds it starts a watcher for each push token that has none, and
/// stops the watchers of tokens that were removed.
pub fn start(app: &AppHandle) {
    let app = app.clone();
    let watched: Arc<Mutex<BTreeSet<String>>> = Arc::default();
    std::thread::spawn(move || {
        loop {
            supervise(&app, &watched);
            std::thread::sleep(Duration::from_secs(3));
        }
    });
}

fn supervise(app: &AppHandle, watched: &Arc<Mutex<BTreeSet<String>>>) {
    let state = app.state::<AppState>();
    // A vault still locked behind its passphrase, or none yet: nothing to watch until it opens.
    let Ok(Some(vault)) = load(&state) else { return };
    let present: BTreeSet<String> = vault.push_tokens().iter().map(|t| t.serial.clone()).collect();
    lock(watched).retain(|serial| present.contains(serial));
    for token in vault.push_tokens() {
        if lock(watched).contains(&token.serial) {
            continue;
        }
        let device = match vault.push_device_key(token.id) {
            Ok(device) => device,
            Err(e) => {
                eprintln!("keyfob-app: push token {}: {e}", token.serial);
                continue;
            }
        };
        lock(watched).insert(token.serial.clone());
        let (app, token, watched) = (app.clone(), token.clone(), Arc::clone(watched));
        std::thread::spawn(move || {
            let dir = app.state::<AppState>().store.dir().clone();
            // The stream resends the open challenges whenever they change, and every reconnect polls: each
            // prompt is announced once.
            let announced = Mutex::new(BTreeSet::new());
            let deliver = |challenges| {
                let mut state = PushState::load(&dir);
                let rejected = |p: String| eprintln!("keyfob-app: {p}");
                let now = now();
                let prompt = inbox::prompt(&token, challenges, &mut state, now, rejected);
                if let Err(e) = state.save(&dir, now) {
                    eprintln!("keyfob-app: {e}");
                }
                let Some(prompt) = prompt else { return };
                if lock(&announced).insert(prompt.challenge.nonce.clone()) {
                    announce(&app, &PromptView::from(&prompt));
                }
            };
            let problem = |e: &keyfob_net::push::PushError, wait: Duration| {
                eprintln!("keyfob-app: {e}; trying again in {} s", wait.as_secs());
            };
            let serial = token.serial.clone();
            inbox::watch(&token, &device, deliver, problem, || lock(&watched).contains(&serial));
        });
    }
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
