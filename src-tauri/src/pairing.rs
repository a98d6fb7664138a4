//! Pairing a browser with Keyfob: the browser host stores the browser's request beside the vault and
//! starts `keyfob-app --pair-browser`; the window shows the code derived from the extension's key and
//! the user pairs only when the extension shows the same. The argument names nothing: whoever passes it
//! can only make the window show the request the host itself stored. Settings list the paired browsers,
//! each removable.

use keyfob_session::browser::PAIR_BROWSER_ARGUMENT;
use keyfob_session::model::Clock;
use keyfob_session::model::pairing::{BrowserKind, PairingCode};
use serde::Serialize;
use tauri::{AppHandle, Emitter, State};

use crate::error::{Code, CommandError};
use crate::state::AppState;

/// Shows the window asking about the waiting pairing request, when `args` ask for it.
pub(crate) fn open(app: &AppHandle, args: &[String]) {
    if args.iter().any(|a| a == PAIR_BROWSER_ARGUMENT) {
        crate::windows::show_main(app);
        let _ = app.emit("browser-pairing", ());
    }
}

/// How the window names a kind of browser, in the run's language.
fn browser_name(kind: BrowserKind) -> String {
    crate::words::text(match kind {
        BrowserKind::Chromium => "app-browser-chromium",
        BrowserKind::Firefox => "app-browser-firefox",
        BrowserKind::Unnamed => "app-browser-unnamed",
    })
}

/// The waiting request as the window shows it.
#[derive(Serialize)]
pub(crate) struct PairingView {
    /// The code both sides show, `123 456`.
    code: String,
    /// Which browser asks, in words.
    browser: String,
}

/// The pairing request waiting for the user, if any (a locked vault answers `vault.locked`, and the
/// window asks again once unlocked: pairing writes to the vault).
#[tauri::command]
pub(crate) fn pairing_request(state: State<'_, AppState>) -> Result<Option<PairingView>, CommandError> {
    state.session.existing_vault()?;
    let request = state.session.pairing_request(state.clock.now());
    Ok(request.map(|r| PairingView { code: r.code().to_string(), browser: browser_name(r.browser()) }))
}

/// Pairs the waiting browser. `code` is the code the window showed: a request that arrived since (with
/// another code) is not paired unseen.
#[tauri::command]
pub(crate) fn confirm_pairing(state: State<'_, AppState>, code: String) -> Result<(), CommandError> {
    let code =
        PairingCode::parse(&code).map_err(|e| CommandError::said(Code::PairingChanged, "app-error-pairing-code", e))?;
    state.session.confirm_pairing(code, state.clock.now())?;
    Ok(())
}

/// Refuses the waiting request: nothing is paired.
#[tauri::command]
pub(crate) fn refuse_pairing(state: State<'_, AppState>) -> Result<(), CommandError> {
    Ok(state.session.refuse_pairing()?)
}

/// A paired browser as Settings list it.
#[derive(Serialize)]
pub(crate) struct PairedView {
    id: u64,
    browser: String,
    /// When it was paired, Unix seconds.
    paired: u64,
}

/// The paired browsers.
#[tauri::command]
pub(crate) fn paired_browsers(state: State<'_, AppState>) -> Result<Vec<PairedView>, CommandError> {
    let browsers = state.session.paired_browsers()?;
    Ok(browsers.iter().map(|b| PairedView { id: b.id, browser: browser_name(b.browser()), paired: b.paired }).collect())
}

/// Unpairs a browser: it gets nothing from now on.
#[tauri::command]
pub(crate) fn unpair_browser(state: State<'_, AppState>, id: u64) -> Result<(), CommandError> {
    Ok(state.session.unpair_browser(id)?)
}
