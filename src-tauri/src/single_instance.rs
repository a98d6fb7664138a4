//! One Keyfob at a time: a second launch hands its arguments (`otpauth://` links, `--link-site=SITE`,
//! `--quick-copy`, and whatever comes next) to the running app and exits.
//!
//! On Linux this is Keyfob's own service (`keyfob_desktop::single_instance`), not
//! `tauri-plugin-single-instance`'s: the plugin's D-Bus method ran its callback for any connection on the
//! session bus, so any program could open the link prompt for any site, replace the staged preview or
//! open the palette. Ours runs the callback only when the caller is this same program started again.
//! This is the single place that decides: the callback given to [`init`] only ever sees a verified
//! launch's arguments, so every argument handler put in it is covered.
//!
//! Windows and macOS keep the plugin (a window message, and a Unix socket in the user's own temporary
//! folder, where the bus problem does not arise in the same way); see `docs/threat-model.md`.

#[cfg(not(target_os = "linux"))]
pub(crate) use tauri_plugin_single_instance::init;

#[cfg(target_os = "linux")]
pub(crate) use linux::init;

#[cfg(target_os = "linux")]
mod linux {
    use std::sync::Arc;

    use keyfob_desktop::single_instance::{Error, Instance, Started, start};
    use tauri::plugin::TauriPlugin;
    use tauri::{AppHandle, Manager, Wry};

    /// The service, kept for the life of the app (dropping it stops it).
    struct Serving(#[expect(dead_code, reason = "held, never read")] Instance);

    /// A plugin (so it runs, as the upstream one does, before any window is made) that serves the single
    /// instance and calls `callback` with the arguments and working directory of each later launch of
    /// this program, or hands this launch's arguments to the running Keyfob and exits.
    pub(crate) fn init<F>(callback: F) -> TauriPlugin<Wry>
    where
        F: Fn(&AppHandle, Vec<String>, String) + Send + Sync + 'static,
    {
        tauri::plugin::Builder::new("keyfob-single-instance")
            .setup(move |app, _api| {
                let handle = app.clone();
                let on_launch = Arc::new(move |args, cwd| callback(&handle, args, cwd));
                let session = Arc::clone(&app.state::<crate::state::AppState>().session);
                let unlocked = Arc::new(move || matches!(session.vault(), Ok(Some(_))));
                match start(&app.config().identifier, on_launch, unlocked) {
                    Ok(Started::First(instance)) => {
                        app.manage(Serving(instance));
                    }
                    Ok(Started::HandedOver) => {
                        app.cleanup_before_exit();
                        std::process::exit(0);
                    }
                    Err(e @ (Error::HandOver(_) | Error::Impostor)) => {
                        eprintln!("keyfob-app: {e}");
                        app.cleanup_before_exit();
                        std::process::exit(1);
                    }
                    Err(e) => eprintln!("keyfob-app: running without the single-instance service: {e}"),
                }
                Ok(())
            })
            .build()
    }
}
