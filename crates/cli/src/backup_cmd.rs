//! Keyfob's own backups: `keyfob backup FILE` once, and `keyfob auto-backup` after every change.

use std::io::Write;
use std::path::Path;

use keyfob_session::BackupOutcome;
use keyfob_session::model::Clock;
use keyfob_session::model::crypto::Password;
use keyfob_session::model::vault::AutoBackup;

use keyfob_session::Message;

use crate::Failure;
use crate::context::{Context, Secret, failed, read_new_password};
use crate::terminal::Terminal;

fn backup_password(path: &Path) -> Result<Password, Failure> {
    read_new_password(path, Secret::BackupPassword)
}

/// `keyfob backup FILE`: every account, encrypted under the password, written crash-safely.
pub(crate) fn backup(
    ctx: &Context,
    file: &Path,
    password_file: &Path,
    out: &mut Terminal<'_, impl Write>,
) -> Result<(), Failure> {
    let password = backup_password(password_file)?;
    let count = ctx.session()?.backup_to(file, &password, ctx.clock().now()).map_err(failed)?;
    out.say(&Message::new("cli-backed-up").with("count", count).with("file", file.display().to_string()))
}

/// `keyfob auto-backup on DIR`: creates the folder if needed, keeps the password's key sealed in the vault,
/// and makes the first backup at once.
pub(crate) fn on(
    ctx: &Context,
    folder: &Path,
    password_file: &Path,
    keep: u32,
    out: &mut Terminal<'_, impl Write>,
) -> Result<(), Failure> {
    // A folder named relative to where the command runs, as a terminal user means it.
    let folder = std::path::absolute(folder).map_err(|e| {
        let message = Message::new("cli-backup-folder-unresolved").with("folder", folder.display().to_string());
        Failure::failed(message.details(e.to_string()))
    })?;
    AutoBackup::check_keep(keep).map_err(failed)?;
    let password = backup_password(password_file)?;
    let on = ctx.session()?.enable_auto_backup(&folder, keep, &password).map_err(failed)?;
    let first = match on.first {
        BackupOutcome::Written(file) => file.display().to_string(),
        BackupOutcome::Failed(error) => {
            return Err(Failure::failed(Message::new("cli-first-backup-failed").details(error.to_string())));
        }
        BackupOutcome::Off => String::new(),
    };
    let message = Message::new("cli-auto-backup-on").with("folder", on.folder.display().to_string());
    out.say(&message.with("keep", on.keep).with("first", first))
}

/// `keyfob auto-backup off`: forgets the folder and the key; backups already written stay.
pub(crate) fn off(ctx: &Context, out: &mut Terminal<'_, impl Write>) -> Result<(), Failure> {
    let outcome = ctx.session()?.disable_auto_backup().map_err(failed)?;
    crate::context::warn_backup(out, &outcome);
    out.say(&Message::new("cli-auto-backup-off"))
}

/// `keyfob auto-backup now`: a backup now, as after a change.
pub(crate) fn now(ctx: &Context, out: &mut Terminal<'_, impl Write>) -> Result<(), Failure> {
    let file = ctx.session()?.backup_now().map_err(failed)?;
    out.say(&Message::new("cli-backed-up-to").with("file", file.display().to_string()))
}

/// `keyfob auto-backup status`: whether backups are on, where, and how the latest one went.
pub(crate) fn status(ctx: &Context, json: bool, out: &mut Terminal<'_, impl Write>) -> Result<(), Failure> {
    let session = ctx.session()?;
    let settings = session.vault().map_err(failed)?.and_then(|o| o.vault().auto_backup());
    let status = session.backup_status();
    if json {
        let value = serde_json::json!({
            "enabled": settings.is_some(),
            "folder": settings.as_ref().map(AutoBackup::folder),
            "keep": settings.as_ref().map(AutoBackup::keep),
            "last_success": status.last_success,
            "last_file": status.last_file,
            "last_error": status.last_error,
        });
        return crate::print_json(out, value);
    }
    match &settings {
        Some(s) => {
            out.say(&Message::new("cli-auto-backup-status-on").with("folder", s.folder()).with("keep", s.keep()))?
        }
        None => out.say(&Message::new("cli-auto-backup-status-off"))?,
    }
    match (&status.last_success, &status.last_file) {
        (Some(when), Some(file)) => {
            out.say(&Message::new("cli-last-backup").with("file", file.display().to_string()).with("time", *when))?
        }
        _ => out.say(&Message::new("cli-last-backup-never"))?,
    }
    if let Some(failed) = keyfob_session::message::last_backup_failed(&status) {
        out.say_with_details(&Message::new("cli-last-backup-failed").with("reason", failed))?;
    }
    Ok(())
}
