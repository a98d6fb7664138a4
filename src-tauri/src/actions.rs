//! What several doors do alike: the window's commands, the tray, the desktop's search, the quick-copy
//! palette and the camera copy a code, lock, stage what a picture or a text held, and say that the vault
//! changed, all through here, never through each other's `#[tauri::command]` functions. A change or a
//! lock is an event ([`CHANGED`], [`LOCKED`]) that the windows and the tray listen to, so nothing here
//! knows who shows what.

use keyfob_session::Message;
use keyfob_session::model::{import, payload, qr};
use keyfob_session::staging::{PendingView, Preview};
use serde::Serialize;
use tauri::{AppHandle, Emitter};

use crate::clipboard;
use crate::error::{Code, CommandError};
use crate::state::AppState;

/// The event every change to the vault ends in: the window redraws its list, the tray its menu.
pub(crate) const CHANGED: &str = "vault-changed";
/// The event of a lock: the window clears its list and asks for the passphrase, the tray drops its names.
pub(crate) const LOCKED: &str = "vault-locked";

/// Says that the vault changed (see [`CHANGED`]).
pub(crate) fn changed(app: &AppHandle) {
    let _ = app.emit(CHANGED, ());
}

/// Locks a passphrase vault now (Ctrl+L, the tray, idleness, the screen locking): the key and every
/// unsealed secret are wiped and [`LOCKED`] is said. `false` for a keychain vault, which opens with the
/// desktop session and so cannot be locked here.
pub(crate) fn lock(app: &AppHandle, state: &AppState) -> Result<bool, CommandError> {
    let locked = state.session.lock()?;
    if locked {
        let _ = app.emit(LOCKED, ());
    }
    Ok(locked)
}

/// A code just copied (HOTP codes are shown once copied): the code and its grouped form.
#[derive(Serialize)]
pub(crate) struct CopiedCode {
    code: String,
    /// `code` as shown: `123 456`.
    shown: String,
}

/// Copies an account's current code (for HOTP, the next one) to the clipboard, and clears it after 30 s
/// if it still holds that code; the copy is counted for the "most used" order. Every copy (window, tray,
/// quick copy, palette, desktop search) comes through here.
pub(crate) fn copy(app: &AppHandle, state: &AppState, id: u64) -> Result<CopiedCode, CommandError> {
    let code = state.session.code_now(id, &*state.clock)?;
    clipboard::copy_for_a_while(app, code.as_str())?;
    // The code is on the clipboard already; a count that could not be written (the disk full, the vault
    // just locked) only leaves the order as it was, so it does not turn the copy into an error.
    let _ = state.session.record_use(id);
    Ok(CopiedCode { code: code.to_string(), shown: keyfob_session::group_code(code.as_str()) })
}

/// What a text or a picture held that could not be added, worded: `none` when it held no link at all,
/// `unusable` when what it held cannot make an account (each problem, in the library's English, as details).
pub(crate) struct Unstaged {
    /// The code the window is told.
    pub code: Code,
    /// The app's message when no link was found.
    pub none: &'static str,
    /// The app's message when what was found cannot be used.
    pub unusable: &'static str,
    /// What to do.
    pub hint: &'static str,
}

/// A preview as the window gets it: what was found, and each problem worded in the run's language (the
/// session's [`Preview`] says them as messages).
#[derive(Debug, Serialize)]
pub(crate) struct PreviewView {
    /// Which staging this shows; confirming or discarding names it.
    generation: u64,
    /// Everything found, in order.
    accounts: Vec<PendingView>,
    /// One sentence for each thing that could not be used.
    problems: Vec<String>,
}

impl From<Preview> for PreviewView {
    fn from(Preview { generation, accounts, problems }: Preview) -> Self {
        Self { generation, accounts, problems: problems.iter().map(crate::words::said).collect() }
    }
}

/// Stages what texts held; fails as `unstaged` says when nothing usable was found.
pub(crate) fn stage_texts<'a>(
    state: &AppState,
    texts: impl IntoIterator<Item = &'a str>,
    unstaged: &Unstaged,
) -> Result<PreviewView, CommandError> {
    let found = payload::read(texts);
    if found.accounts.is_empty() && found.push.is_empty() {
        let no_link = found.problems.iter().all(|p| matches!(p.reason, import::Reason::NoLink));
        let message = Message::new(if no_link { unstaged.none } else { unstaged.unusable });
        let details: Vec<String> = found.problems.iter().map(ToString::to_string).collect();
        let message = if details.is_empty() { message } else { message.details(details.join("\n")) };
        return Err(CommandError::new(unstaged.code, message).hint(unstaged.hint));
    }
    Ok(state.session.stage(found)?.into())
}

/// Why no code came out of a picture, worded for the window.
pub(crate) fn unread_picture(error: qr::Error) -> CommandError {
    let message = match &error {
        qr::Error::NotFound => {
            return CommandError::new(Code::ImageNoQr, Message::new("app-error-no-qr-found")).hint("app-hint-whole-qr");
        }
        qr::Error::UnknownFormat => Message::new("app-error-not-an-image"),
        qr::Error::TooLarge { width, height } => Message::new("app-error-image-too-large")
            .with("width", *width)
            .with("height", *height)
            .with("max", qr::MAX_PIXELS / 1_000_000),
        _ => Message::new("app-error-image-unreadable").details(error.to_string()),
    };
    CommandError::new(Code::ImageNoQr, message)
}

/// Stages the accounts in the codes a picture (a file, the screen, the clipboard, the camera) held.
pub(crate) fn stage_decoded(
    state: &AppState,
    decoded: Result<Vec<String>, qr::Error>,
) -> Result<PreviewView, CommandError> {
    let payloads = decoded.map_err(unread_picture)?;
    let unstaged = Unstaged {
        code: Code::ImageNotOtp,
        none: "app-error-qr-no-link",
        unusable: "app-error-qr-unusable",
        hint: "app-hint-qr-not-setup",
    };
    stage_texts(state, payloads.iter().map(String::as_str), &unstaged)
}
