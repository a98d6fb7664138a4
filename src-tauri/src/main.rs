//! Keyfob's desktop app: a thin Tauri shell. The window shows accounts and codes; every decision is made by
//! the application layer (`keyfob-session`) over the pure crates and `keyfob-store`, reached through the
//! commands in [`commands`], [`push`], [`transfer`] and [`backups`]; [`state`] holds what lives between them.

// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod actions;
mod backups;
mod camera;
mod clipboard;
mod commands;
mod confirm;
mod details;
mod error;
mod organise;
mod pairing;
mod push;
mod quick_copy;
mod screen;
mod search;
mod single_instance;
mod site_link;
mod state;
mod transfer;
mod tray;
mod windows;
mod words;

#[cfg(test)]
mod literals;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use keyfob_session::{CorrectedClock, Session, SystemClock};
use tauri::{AppHandle, Emitter, Manager};

use state::{AppState, setting};

/// Deep links (`otpauth://…` clicked in a browser, or passed on the command line) are staged in Rust and
/// announced to the UI by their metadata only.
fn handle_links(app: &AppHandle, urls: Vec<String>) {
    if urls.is_empty() {
        return;
    }
    let state = app.state::<AppState>();
    let found = keyfob_session::model::payload::read(urls.iter().map(String::as_str));
    let problems: Vec<String> =
        found.problems.iter().map(|p| words::said(&keyfob_session::message::import_problem(p))).collect();
    let count = found.accounts.len() + found.push.len();
    // Staging only fails when the vault cannot be read to mark duplicates; the preview says so then.
    let _ = state.session.stage(found);
    windows::show_main(app);
    let _ = app.emit("links-received", serde_json::json!({ "found": count, "problems": problems }));
}

/// WebKitGTK draws into GPU buffers (DMA-BUF) on Wayland; where there is no GPU render node (virtual
/// machines, remote desktops, containers) its web process crashes at the first page and the window
/// stays blank. Keyfob's window needs no GPU (it is drawn without compositing anyway, see
/// [`windows::prepare`]), so there Keyfob starts itself again, in place (same process, same
/// arguments), with WebKit's shared-memory renderer. The variable is only read by WebKit, and setting it
/// for the process itself would need `unsafe` (`std::env::set_var`).
#[cfg(target_os = "linux")]
fn draw_without_gpu_buffers_where_there_is_no_gpu() {
    use std::os::unix::process::CommandExt;
    const VARIABLE: &str = "WEBKIT_DISABLE_DMABUF_RENDERER";
    let render_node = std::fs::read_dir("/dev/dri")
        .is_ok_and(|mut nodes| nodes.any(|n| n.is_ok_and(|n| n.file_name().to_string_lossy().starts_with("renderD"))));
    if render_node || setting("WAYLAND_DISPLAY").is_none() || setting(VARIABLE).is_some() {
        return;
    }
    let Ok(exe) = std::env::current_exe() else { return };
    let error = std::process::Command::new(exe).args(std::env::args_os().skip(1)).env(VARIABLE, "1").exec();
    eprintln!("keyfob-app: could not start again without GPU buffers ({error}); the window may stay blank");
}

/// Locks a passphrase vault when the screen locks or the system goes to sleep, unless the user turned that
/// off (the vault's `lock_on_screen_lock`).
fn lock_with_the_screen(app: &AppHandle) {
    let app = app.clone();
    keyfob_desktop::screen_lock::watch(move || {
        let state = app.state::<AppState>();
        if state.session.locks_with_screen() {
            let _ = actions::lock(&app, &state);
        }
    });
}

/// Locks a passphrase vault left idle past its time, checked every second here in Rust (not by the
/// window's script, which a hidden window throttles; see `keyfob_session::idle`).
fn lock_when_idle(app: &AppHandle) {
    let app = app.clone();
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(std::time::Duration::from_secs(1));
            let state = app.state::<AppState>();
            if state.session.idle_lock_due(&state.idle, crate::state::awake_time(), state.auto_lock_stand_in) {
                let _ = actions::lock(&app, &state);
            }
        }
    });
}

fn links_in_args(args: &[String]) -> Vec<String> {
    args.iter().filter(|a| a.contains("://")).cloned().collect()
}

fn main() {
    #[cfg(target_os = "linux")]
    draw_without_gpu_buffers_where_there_is_no_gpu();
    // Backups are named by the system's own time, not a corrected one: file names sort as the files do.
    let Some(session) = Session::of_user(setting("KEYFOB_HOME").map(PathBuf::from), None, Arc::new(SystemClock)) else {
        eprintln!("keyfob-app: cannot tell where to keep the vault; set KEYFOB_HOME");
        std::process::exit(2);
    };
    let clock = Arc::new(CorrectedClock::new(SystemClock));
    let state = AppState {
        session: Arc::new(session),
        clock,
        import_paths: Mutex::new(Vec::new()),
        auto_lock_stand_in: setting("KEYFOB_AUTO_LOCK_SECONDS")
            .and_then(|s| s.to_str()?.parse().ok())
            .map(std::time::Duration::from_secs),
        idle: keyfob_session::idle::Idle::new(crate::state::awake_time()),
        site_link: Mutex::new(None),
    };
    let words = words::Words::from_environment(setting);
    // The run's catalogue, made now in the run's language (see `Words::catalogue`).
    words.catalogue();
    let result = tauri::Builder::default()
        // Only a verified second launch of Keyfob itself reaches this callback (see `single_instance`): put
        // every argument a later launch may carry here, never in another way in.
        .plugin(single_instance::init(|app, args, _cwd| {
            if args.iter().any(|a| a == quick_copy::ARGUMENT) {
                quick_copy::open(app);
                return;
            }
            handle_links(app, links_in_args(&args));
            site_link::open(app, &args);
            pairing::open(app, &args);
            windows::show_main(app);
        }))
        .plugin(tauri_plugin_deep_link::init())
        .plugin(tauri_plugin_clipboard_manager::init())
        .plugin(tauri_plugin_global_shortcut::Builder::new().build())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_autostart::init(tauri_plugin_autostart::MacosLauncher::LaunchAgent, None))
        .manage(state)
        .manage(words)
        .manage(camera::Scans::default())
        .setup(|app| {
            let clock = Arc::clone(&app.state::<AppState>().clock);
            let servers = setting("KEYFOB_TIME_SERVER");
            if let Some(servers) =
                keyfob_session::clock::configured_time_servers(servers.as_deref().and_then(|s| s.to_str()))
            {
                std::thread::spawn(move || {
                    if let Some(disagreement) = clock.measure(&servers) {
                        eprintln!("keyfob-app: clock check: {disagreement}");
                    }
                });
            }
            if let Some(window) = app.get_webview_window("main") {
                windows::prepare(&window);
            }
            lock_with_the_screen(app.handle());
            lock_when_idle(app.handle());
            push::start(app.handle());
            search::start(app.handle());
            quick_copy::start(app.handle());
            if let Err(e) = tray::create(app.handle()) {
                eprintln!("keyfob-app: no tray icon: {e}");
            }
            {
                use tauri_plugin_deep_link::DeepLinkExt;
                let handle = app.handle().clone();
                app.deep_link().on_open_url(move |event| {
                    handle_links(&handle, event.urls().iter().map(|u| u.to_string()).collect());
                });
                // An installed Keyfob's links are its package's desktop entry's; a build run from its
                // folder registers itself for the user (which would otherwise shadow the package's).
                #[cfg(target_os = "linux")]
                let register = !std::env::current_exe().is_ok_and(|exe| exe.starts_with("/usr"));
                #[cfg(all(debug_assertions, windows))]
                let register = true;
                #[cfg(any(target_os = "linux", all(debug_assertions, windows)))]
                if register {
                    let _ = app.deep_link().register_all();
                }
            }
            let args: Vec<String> = std::env::args().collect();
            handle_links(app.handle(), links_in_args(&args));
            site_link::open(app.handle(), &args);
            pairing::open(app.handle(), &args);
            if args.iter().any(|a| a == quick_copy::ARGUMENT) {
                quick_copy::open(app.handle());
            }
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::list_accounts,
            commands::current_codes,
            commands::next_hotp_code,
            commands::copy_code,
            clipboard::copy_details,
            commands::stage_links,
            commands::stage_clipboard,
            quick_copy::quick_copy_settings,
            quick_copy::set_quick_copy_shortcut,
            quick_copy::palette_accounts,
            quick_copy::palette_locked,
            quick_copy::palette_copy,
            quick_copy::palette_close,
            commands::stage_image,
            commands::stage_image_file,
            commands::stage_screen,
            camera::camera_available,
            camera::camera_scan,
            camera::camera_stop,
            commands::stage_typed,
            commands::check_secret,
            commands::commit_pending,
            commands::discard_pending,
            commands::pending_preview,
            commands::rename_account,
            commands::remove_account,
            commands::undo_remove,
            commands::move_account,
            organise::organisation,
            organise::set_sort,
            organise::set_favourite,
            organise::set_groups_and_note,
            organise::account_note,
            organise::search_icons,
            organise::set_icon,
            organise::set_icon_from_file,
            organise::set_sites,
            site_link::site_link_request,
            site_link::link_site,
            site_link::dismiss_site_link,
            pairing::pairing_request,
            pairing::confirm_pairing,
            pairing::refuse_pairing,
            pairing::paired_browsers,
            pairing::unpair_browser,
            commands::clock_status,
            commands::set_time_correction,
            commands::autostart_enabled,
            commands::set_autostart,
            commands::unlock_vault,
            commands::lock_vault,
            commands::lock_settings,
            commands::user_active,
            commands::set_lock_settings,
            commands::set_passphrase,
            commands::remove_passphrase,
            push::push_prompts,
            push::push_answer,
            transfer::pick_import_files,
            transfer::stage_import_password,
            transfer::phone_export,
            transfer::export_aegis_file,
            backups::backup_status,
            backups::pick_backup_folder,
            backups::enable_auto_backup,
            backups::disable_auto_backup,
            backups::backup_now,
            words::window_words,
        ])
        .run(tauri::generate_context!());
    if let Err(error) = result {
        eprintln!("keyfob-app: {error}");
        std::process::exit(1);
    }
}
