//! The tray icon: show or hide the window, lock it, and (on Windows and macOS) copy a recent account's code
//! without opening it. It reads the same unlocked session as the window, so a passphrase vault offers its
//! codes once unlocked.
//!
//! On Linux the menu offers no account: libayatana-appindicator exports it on the session bus
//! (`com.canonical.dbusmenu`), where any program can read its items and click them, and the click reaches
//! Keyfob without saying who sent it. The quick-copy palette and the desktop's search serve instead.

use keyfob_session::icon_view::IconView;
use tauri::image::Image;
use tauri::menu::{IconMenuItem, Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::TrayIconBuilder;
use tauri::{AppHandle, Listener, Manager};

use crate::state::AppState;

const TRAY_ID: &str = "keyfob";
/// How many accounts the tray offers to copy: none on Linux, where the menu is on the session bus for
/// anyone to read and click (see the module's documentation).
const QUICK_COPY: usize = if cfg!(target_os = "linux") { 0 } else { 5 };
/// The side of an account's icon in the tray's menu, in pixels.
const MENU_ICON_SIDE: u32 = 32;

/// Creates the tray icon, its menu rebuilt after every change and lock (the events of `actions`).
///
/// # Errors
/// When the platform has no tray; the app works without it.
pub(crate) fn create(app: &AppHandle) -> tauri::Result<()> {
    let menu = menu(app)?;
    let mut builder = TrayIconBuilder::with_id(TRAY_ID).tooltip("Keyfob").menu(&menu).on_menu_event(on_menu);
    if let Some(icon) = app.default_window_icon() {
        builder = builder.icon(icon.clone());
    }
    builder.build(app)?;
    for event in [crate::actions::CHANGED, crate::actions::LOCKED] {
        let handle = app.clone();
        app.listen_any(event, move |_| refresh(&handle));
    }
    Ok(())
}

/// Rebuilds the tray menu.
fn refresh(app: &AppHandle) {
    if let (Some(tray), Ok(menu)) = (app.tray_by_id(TRAY_ID), menu(app)) {
        let _ = tray.set_menu(Some(menu));
    }
}

fn menu(app: &AppHandle) -> tauri::Result<Menu<tauri::Wry>> {
    let state = app.state::<AppState>();
    let words = app.state::<crate::words::Words>().catalogue();
    let text = |id| words.text(id);
    let menu = Menu::new(app)?;
    menu.append(&MenuItem::with_id(app, "toggle", text("app-tray-toggle"), true, None::<&str>)?)?;
    let opened = state.session.vault();
    if matches!(opened, Err(keyfob_session::Error::Store(keyfob_session::model::StoreError::PassphraseNeeded { .. }))) {
        menu.append(&PredefinedMenuItem::separator(app)?)?;
        menu.append(&MenuItem::with_id(app, "locked", text("app-tray-locked"), false, None::<&str>)?)?;
    }
    let passphrase = state.session.behind_passphrase();
    if let Ok(Some(opened)) = opened {
        if passphrase {
            menu.append(&MenuItem::with_id(app, "lock", text("app-tray-lock"), true, None::<&str>)?)?;
        }
        let entries: Vec<_> =
            opened.vault().entries().iter().filter(|e| e.method.period().is_some()).take(QUICK_COPY).collect();
        if !entries.is_empty() {
            menu.append(&PredefinedMenuItem::separator(app)?)?;
        }
        for entry in entries {
            let account = keyfob_session::label(entry.issuer.as_deref(), &entry.name);
            let label = words.format(&keyfob_session::Message::new("app-tray-copy").with("account", account));
            // The account's icon as the list shows it; none for the letter (menus draw no text as icons).
            let icon = IconView::of(&entry.icon, entry.issuer.as_deref())
                .and_then(|view| view.pixels(MENU_ICON_SIDE))
                .map(|pixels| Image::new_owned(pixels.rgba, pixels.side, pixels.side));
            let id = format!("copy:{}", entry.id);
            menu.append(&IconMenuItem::with_id(app, id, label, true, icon, None::<&str>)?)?;
        }
    }
    menu.append(&PredefinedMenuItem::separator(app)?)?;
    menu.append(&MenuItem::with_id(app, "quit", text("app-tray-quit"), true, None::<&str>)?)?;
    Ok(menu)
}

fn on_menu(app: &AppHandle, event: tauri::menu::MenuEvent) {
    match event.id().as_ref() {
        "toggle" => {
            if let Some(window) = app.get_webview_window("main") {
                if window.is_visible().unwrap_or(false) {
                    let _ = window.hide();
                } else {
                    crate::windows::show_main(app);
                }
            }
        }
        "quit" => app.exit(0),
        "lock" => {
            let _ = crate::actions::lock(app, &app.state::<AppState>());
        }
        id => {
            if let Some(id) = id.strip_prefix("copy:").and_then(|n| n.parse().ok()) {
                let _ = crate::actions::copy(app, &app.state::<AppState>(), id);
            }
        }
    }
}
