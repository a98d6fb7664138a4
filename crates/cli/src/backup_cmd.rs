//! Keyfob's own backups: `keyfob backup FILE` once, and `keyfob auto-backup` after every change.

use std::io::Write;
use std::path::Path;

use keyfob_session::BackupOutcome;
use keyfob_session::model::Clock;
use keyfob_session::model::crypto::Password;
use keyfob_session::model::vault::AutoBackup;

use crate::Failure;
use crate::context::{Context, failed, read_new_password};

fn backup_password(path: &Path) -> Result<Password, Failure> {
    read_new_password(path, "backup password")
}

/// `keyfob backup FILE`: every account, encrypted under the password, written crash-safely.
pub(crate) fn backup(ctx: &Context, file: &Path, password_file: &Path, out: &mut impl Write) -> Result<(), Failure> {
    let password = backup_password(password_file)?;
    let count = ctx.session()?.backup_to(file, &password, ctx.clock().now()).map_err(failed)?;
    crate::print(out, format_args!("backed up {count} accounts to {}", file.display()))
}

/// `keyfob auto-backup on DIR`: creates the folder if needed, keeps the password's key sealed in the vault,
/// and makes the first backup at once.
pub(crate) fn on(
    ctx: &Context,
    folder: &Path,
    password_file: &Path,
    keep: u32,
    out: &mut impl Write,
) -> Result<(), Failure> {
    // A folder named relative to where the command runs, as a terminal user means it.
    let folder = std::path::absolute(folder)
        .map_err(|e| Failure::failed(format!("cannot resolve the backup folder {}: {e}", folder.display())))?;
    AutoBackup::check_keep(keep).map_err(failed)?;
    let password = backup_password(password_file)?;
    let on = ctx.session()?.enable_auto_backup(&folder, keep, &password).map_err(failed)?;
    let first = match on.first {
        BackupOutcome::Written(file) => file.display().to_string(),
        BackupOutcome::Failed(error) => {
            return Err(Failure::failed(format!("automatic backups are on, but the first one failed: {error}")));
        }
        BackupOutcome::Off => String::new(),
    };
    crate::print(
        out,
        format_args!(
            "automatic backups on: after every change to {}, keeping the last {}; first backup: {first}",
            on.folder.display(),
            on.keep
        ),
    )
}

/// `keyfob auto-backup off`: forgets the folder and the key; backups already written stay.
pub(crate) fn off(ctx: &Context, out: &mut impl Write) -> Result<(), Failure> {
    let outcome = ctx.session()?.disable_auto_backup().map_err(failed)?;
    crate::context::warn_backup(&outcome);
    crate::print(out, "automatic backups off (backups already written were kept)")
}

/// `keyfob auto-backup now`: a backup now, as after a change.
pub(crate) fn now(ctx: &Context, out: &mut impl Write) -> Result<(), Failure> {
    let file = ctx.session()?.backup_now().map_err(failed)?;
    crate::print(out, format_args!("backed up to {}", file.display()))
}

/// `keyfob auto-backup status`: whether backups are on, where, and how the latest one went.
pub(crate) fn status(ctx: &Context, json: bool, out: &mut impl Write) -> Result<(), Failure> {
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
            crate::print(out, format_args!("on: after every change to {}, keeping the last {}", s.folder(), s.keep()))?
        }
        None => crate::print(out, "off: turn on with keyfob auto-backup on DIR --password-file FILE")?,
    }
    match (&status.last_success, &status.last_file) {
        (Some(when), Some(file)) => {
            crate::print(out, format_args!("last backup: {} (Unix time {when})", file.display()))?
        }
        _ => crate::print(out, "last backup: never")?,
    }
    if let Some(error) = &status.last_error {
        crate::print(out, format_args!("latest attempt failed: {error}"))?;
    }
    Ok(())
}
