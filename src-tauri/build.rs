//! Lists every app command so each needs an explicit capability (capabilities/main.json).

fn main() {
    let commands = tauri_build::AppManifest::new().commands(&[
        "list_accounts",
        "current_codes",
        "next_hotp_code",
        "copy_code",
        "stage_links",
        "stage_clipboard",
        "stage_image",
        "stage_image_file",
        "stage_screen",
        "stage_typed",
        "check_secret",
        "commit_pending",
        "discard_pending",
        "pending_preview",
        "rename_account",
        "remove_account",
        "undo_remove",
        "move_account",
        "clock_status",
        "set_time_correction",
        "autostart_enabled",
        "set_autostart",
        "unlock_vault",
        "lock_vault",
        "lock_settings",
        "set_lock_settings",
        "set_passphrase",
        "remove_passphrase",
        "push_prompts",
        "push_answer",
        "pick_import_files",
        "stage_import_password",
        "phone_export",
        "export_aegis_file",
        "backup_status",
        "pick_backup_folder",
        "enable_auto_backup",
        "disable_auto_backup",
        "backup_now",
    ]);
    if let Err(error) = tauri_build::try_build(tauri_build::Attributes::new().app_manifest(commands)) {
        // A build script reports failure by panicking; the message says what tauri-build could not do.
        panic!("tauri-build failed: {error:#}");
    }
}
