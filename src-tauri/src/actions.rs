//! What several doors do alike: the window's commands, the tray, the desktop's search, the quick-copy
//! palette and the camera copy a code, lock, stage what a picture or a text held, and say that the vault
//! changed, all through here, never through each other's `#[tauri::command]` functions. A change or a
//! lock is an event ([`CHANGED`], [`LOCKED`]) that the windows and the tray listen to, so nothing here
//! knows who shows what.

use keyfob_session::model::{payload, qr};
use keyfob_session::staging::Preview;
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

/// Stages what texts held; fails with `code` and `hint` when nothing usable was found.
pub(crate) fn stage_texts<'a>(
    state: &AppState,
    texts: impl IntoIterator<Item = &'a str>,
    code: Code,
    nothing: &str,
    hint: &'static str,
) -> Result<Preview, CommandError> {
    let found = payload::read(texts);
    if found.accounts.is_empty() && found.push.is_empty() {
        let message = found.problems.first().map_or_else(|| nothing.to_owned(), ToString::to_string);
        return Err(CommandError::new(code, message, Some(hint)));
    }
    Ok(state.session.stage(found)?)
}

/// Stages the accounts in the codes a picture (a file, the screen, the clipboard, the camera) held.
pub(crate) fn stage_decoded(
    state: &AppState,
    decoded: Result<Vec<String>, qr::Error>,
) -> Result<Preview, CommandError> {
    let payloads = decoded.map_err(|e| {
        CommandError::new(Code::ImageNoQr, e.to_string(), Some("Use a screenshot where the whole QR code is visible."))
    })?;
    stage_texts(
        state,
        payloads.iter().map(String::as_str),
        Code::ImageNotOtp,
        "the QR code holds no otpauth:// link",
        "This QR code is not a two-factor setup code.",
    )
}
