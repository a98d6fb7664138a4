//! Quick copy: a global shortcut (Ctrl+Alt+K unless the user chose another) opens a small palette at the
//! pointer, over whatever the user is doing: type part of a name, Enter copies that account's code and
//! closes it, Esc closes it. What is listed is the application layer's
//! ([`keyfob_session::Session::quick_list`]); the palette window holds only names.
//!
//! The shortcut is grabbed on X11 (the global-shortcut plugin). Wayland lets no app grab keys; there the
//! desktop's own keyboard settings can run `keyfob-app --quick-copy`, which opens the palette of the
//! running app (as Settings explains).

use std::path::PathBuf;

use keyfob_session::Message;
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Manager, PhysicalPosition, State, WebviewUrl, WebviewWindowBuilder};
use tauri_plugin_global_shortcut::{GlobalShortcutExt, Shortcut, ShortcutState};

use crate::error::{Code, CommandError};
use crate::state::{AppState, setting};

/// The shortcut until the user chooses another.
pub(crate) const DEFAULT_SHORTCUT: &str = "Ctrl+Alt+K";
/// The argument that opens the palette (for the desktop's own shortcut settings, where keys cannot be
/// grabbed).
pub(crate) const ARGUMENT: &str = "--quick-copy";
const LABEL: &str = "palette";
const WIDTH: f64 = 360.0;
const HEIGHT: f64 = 320.0;

/// The shortcut, kept per computer in the app's config folder: not in the vault, whose settings cannot be
/// read while it is locked (and the palette must still open to say so).
#[derive(Serialize, Deserialize)]
struct Preference {
    /// `None`: no shortcut.
    shortcut: Option<String>,
}

fn preference_file(app: &AppHandle) -> Option<PathBuf> {
    app.path().app_config_dir().ok().map(|dir| dir.join("quick-copy.json"))
}

/// The chosen shortcut: the file's, or the default when there is no file or it cannot be read (a damaged
/// preference costs a shortcut, never the start).
fn chosen(app: &AppHandle) -> Option<String> {
    let read = preference_file(app).and_then(|file| keyfob_session::import_files::read_file(&file, 4096).ok());
    match read.and_then(|bytes| serde_json::from_slice::<Preference>(&bytes).ok()) {
        Some(preference) => preference.shortcut,
        None => Some(DEFAULT_SHORTCUT.to_owned()),
    }
}

/// Why keys cannot be grabbed here, when they cannot: the catalogue's message id.
fn unavailable() -> Option<&'static str> {
    setting("WAYLAND_DISPLAY").is_some().then_some("app-shortcut-wayland")
}

/// Grabs the chosen shortcut, at start. A shortcut another app holds is reported, not fatal.
pub(crate) fn start(app: &AppHandle) {
    if unavailable().is_some() {
        return;
    }
    if let Some(shortcut) = chosen(app)
        && let Err(e) = grab(app, &shortcut)
    {
        eprintln!("keyfob-app: no quick-copy shortcut: {}: {}", e.message(), e.details());
    }
}

fn grab(app: &AppHandle, text: &str) -> Result<(), CommandError> {
    let bad = |e: &dyn std::fmt::Display| {
        let message = Message::new("app-error-shortcut-invalid").with("shortcut", text).details(e.to_string());
        CommandError::new(Code::ShortcutUnavailable, message).hint("app-hint-shortcut")
    };
    let shortcut: Shortcut = text.parse().map_err(|e| bad(&e))?;
    app.global_shortcut()
        .on_shortcut(shortcut, |app, _, event| {
            if event.state() == ShortcutState::Pressed {
                open(app);
            }
        })
        .map_err(|e| bad(&e))
}

/// Opens the palette at the pointer (kept on screen), or brings it forward.
pub(crate) fn open(app: &AppHandle) {
    if let Some(window) = app.get_webview_window(LABEL) {
        let _ = window.show();
        let _ = window.set_focus();
        return;
    }
    let built = WebviewWindowBuilder::new(app, LABEL, WebviewUrl::App("palette.html".into()))
        .title(crate::words::text("app-palette-title"))
        .inner_size(WIDTH, HEIGHT)
        .decorations(false)
        .resizable(false)
        .always_on_top(true)
        .skip_taskbar(true)
        .focused(true)
        .build();
    match built {
        Ok(window) => {
            crate::windows::prepare(&window);
            if let (Ok(pointer), Ok(Some(monitor))) = (app.cursor_position(), window.current_monitor()) {
                let (size, origin, scale) = (monitor.size(), monitor.position(), monitor.scale_factor());
                let fit = |at: f64, start: i32, length: u32, extent: f64| {
                    let end = f64::from(start) + f64::from(length) - extent * scale;
                    at.min(end).max(f64::from(start))
                };
                let x = fit(pointer.x, origin.x, size.width, WIDTH);
                let y = fit(pointer.y, origin.y, size.height, HEIGHT);
                let _ = window.set_position(PhysicalPosition::new(x, y));
            }
            let _ = window.set_focus();
        }
        Err(e) => eprintln!("keyfob-app: the quick-copy palette cannot open: {e}"),
    }
}

fn close(app: &AppHandle) {
    if let Some(window) = app.get_webview_window(LABEL) {
        let _ = window.close();
    }
}

/// The shortcut as Settings shows it.
#[derive(Serialize)]
pub(crate) struct QuickCopyView {
    /// The shortcut, `None` when off.
    shortcut: Option<String>,
    /// Why no shortcut can be grabbed here, when none can, in the run's language.
    unavailable: Option<String>,
}

/// The quick-copy shortcut, for Settings.
#[tauri::command]
pub(crate) fn quick_copy_settings(app: AppHandle) -> QuickCopyView {
    QuickCopyView { shortcut: chosen(&app), unavailable: unavailable().map(crate::words::text) }
}

/// Changes the shortcut (`None` or empty: none). The old one is released first and taken back if the new
/// one cannot be had, so a failed change leaves the shortcut as it was.
#[tauri::command]
pub(crate) fn set_quick_copy_shortcut(app: AppHandle, shortcut: Option<String>) -> Result<QuickCopyView, CommandError> {
    let wanted = shortcut.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
    if let Some(reason) = unavailable() {
        return Err(CommandError::new(Code::ShortcutUnavailable, Message::new(reason)));
    }
    let previous = chosen(&app);
    let _ = app.global_shortcut().unregister_all();
    if let Some(text) = &wanted
        && let Err(e) = grab(&app, text)
    {
        if let Some(previous) = &previous {
            let _ = grab(&app, previous);
        }
        return Err(e);
    }
    let not_saved =
        |e: &dyn std::fmt::Display| CommandError::said(Code::ShortcutUnavailable, "app-error-shortcut-not-saved", e);
    let file = preference_file(&app).ok_or_else(|| not_saved(&"the app has no config folder"))?;
    let saved = serde_json::to_vec(&Preference { shortcut: wanted }).map_err(|e| e.to_string()).and_then(|bytes| {
        std::fs::create_dir_all(file.parent().unwrap_or(&file)).map_err(|e| e.to_string())?;
        std::fs::write(&file, bytes).map_err(|e| e.to_string())
    });
    saved.map_err(|e| not_saved(&e))?;
    Ok(quick_copy_settings(app))
}

/// An account in the palette.
#[derive(Serialize)]
pub(crate) struct PaletteItem {
    id: String,
    title: String,
    detail: String,
}

/// What the palette lists for `query` (nothing while locked).
#[tauri::command]
pub(crate) fn palette_accounts(state: State<'_, AppState>, query: String) -> Vec<PaletteItem> {
    let ids = state.session.quick_list(&query);
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    let found = state.session.describe(&ids, &*state.clock);
    found.into_iter().map(|f| PaletteItem { id: f.id, title: f.title, detail: f.detail }).collect()
}

/// Whether the vault waits for its passphrase (the palette then says to unlock Keyfob).
#[tauri::command]
pub(crate) fn palette_locked(state: State<'_, AppState>) -> bool {
    state.session.is_locked()
}

/// Copies account `id`'s code and closes the palette.
#[tauri::command]
pub(crate) fn palette_copy(app: AppHandle, state: State<'_, AppState>, id: u64) -> Result<(), CommandError> {
    crate::actions::copy(&app, &state, id)?;
    close(&app);
    Ok(())
}

/// Closes the palette (Esc, or it lost the keyboard); with `unlock`, shows the main window to unlock.
#[tauri::command]
pub(crate) fn palette_close(app: AppHandle, unlock: bool) {
    close(&app);
    if unlock {
        crate::windows::show_main(&app);
    }
}
