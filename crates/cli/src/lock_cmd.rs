//! `keyfob lock …`: where the vault key lives (the OS keychain, or behind a passphrase) and when the app
//! locks by itself. Passphrases come from files, or are asked on a terminal without echo; a wrong or
//! missing passphrase exits 2, with the vault and the keychain unchanged.

use std::io::{IsTerminal, Write};
use std::path::Path;

use keyfob_session::LockChange;
use keyfob_session::model::crypto::Password;
use keyfob_session::model::vault::{KeySource, LockSettings};
use zeroize::Zeroizing;

use crate::Failure;
use crate::context::{Context, failed, read_password, warn_backup};

/// `on` or `off`.
#[derive(Clone, Copy, clap::ValueEnum)]
pub(crate) enum Switch {
    /// Turned on.
    On,
    /// Turned off.
    Off,
}

/// Asks for a passphrase on the terminal, without echo.
fn ask(prompt: &str) -> Result<Password, Failure> {
    eprint!("{prompt}");
    let _ = std::io::stderr().flush();
    let text = rpassword::read_password().map_err(|e| Failure::failed(format!("cannot read the passphrase: {e}")))?;
    Ok(Password::new(Zeroizing::new(text)))
}

/// The session, with the current passphrase asked on a terminal when the vault needs one and none was
/// given in a file.
fn session(ctx: &Context) -> Result<std::sync::Arc<keyfob_session::Session>, Failure> {
    let session = ctx.session()?;
    if session.behind_passphrase() && !ctx.has_passphrase() && std::io::stdin().is_terminal() {
        session.unlock(ask("Current passphrase: ")?).map_err(failed)?;
    }
    Ok(session)
}

/// The new passphrase: from `file`, else asked twice on a terminal.
fn new_passphrase(file: Option<&Path>) -> Result<Password, Failure> {
    if let Some(file) = file {
        return read_password(file, "new passphrase");
    }
    if !std::io::stdin().is_terminal() {
        return Err(Failure::bad_input(
            "give the new passphrase with --new-passphrase-file FILE (or run in a terminal)",
        ));
    }
    let first = ask("New passphrase: ")?;
    let again = ask("The same again: ")?;
    if first.expose_secret() != again.expose_secret() {
        return Err(Failure::bad_input("the two passphrases are not the same; nothing was changed"));
    }
    Ok(first)
}

/// `keyfob lock status`.
pub(crate) fn status(ctx: &Context, json: bool, out: &mut impl Write) -> Result<(), Failure> {
    let session = session(ctx)?;
    let source = session.key_source().map_err(failed)?;
    let settings = session.existing_vault().map_err(failed)?.vault().lock_settings();
    let mode = match source {
        KeySource::Keychain => "keychain",
        KeySource::Passphrase { .. } => "passphrase",
    };
    if json {
        let value = serde_json::json!({
            "mode": mode,
            "auto_lock_minutes": settings.auto_lock_minutes,
            "lock_on_screen_lock": settings.lock_on_screen_lock,
        });
        return crate::print_json(out, value);
    }
    let explained = match source {
        KeySource::Keychain => {
            "keychain: the vault opens with your desktop session; anyone at this unlocked session can read the codes"
        }
        KeySource::Passphrase { .. } => "passphrase: the vault opens only with your passphrase",
    };
    crate::print(out, format_args!("mode: {explained}"))?;
    print_settings(out, settings)
}

fn print_settings(out: &mut impl Write, settings: LockSettings) -> Result<(), Failure> {
    match settings.auto_lock_minutes {
        0 => crate::print(out, "auto-lock: off")?,
        1 => crate::print(out, "auto-lock: after 1 idle minute")?,
        n => crate::print(out, format_args!("auto-lock: after {n} idle minutes"))?,
    }
    crate::print(out, format_args!("lock on screen lock: {}", if settings.lock_on_screen_lock { "on" } else { "off" }))
}

/// `keyfob lock set-passphrase`.
pub(crate) fn set_passphrase(ctx: &Context, file: Option<&Path>, out: &mut impl Write) -> Result<(), Failure> {
    let session = session(ctx)?;
    let from = session.key_source().map_err(failed)?;
    // The current passphrase is checked before a new one is asked for.
    if matches!(from, KeySource::Passphrase { .. }) {
        session.existing_vault().map_err(failed)?;
    }
    let new = new_passphrase(file)?;
    session.set_passphrase(ctx.passphrase()?.as_ref(), new).map_err(failed)?;
    match from {
        KeySource::Keychain => crate::print(
            out,
            "the vault key is now behind your passphrase, and its OS keychain entry was deleted; give the passphrase with --passphrase-file FILE or KEYFOB_PASSPHRASE_FILE",
        ),
        KeySource::Passphrase { .. } => crate::print(out, "passphrase changed"),
    }
}

/// `keyfob lock remove-passphrase`.
pub(crate) fn remove_passphrase(ctx: &Context, out: &mut impl Write) -> Result<(), Failure> {
    session(ctx)?.remove_passphrase(ctx.passphrase()?.as_ref()).map_err(failed)?;
    crate::print(
        out,
        "the vault key is back in the OS keychain: the vault opens with your desktop session, and anyone at this unlocked session can read the codes",
    )
}

/// `keyfob lock auto`.
pub(crate) fn auto(
    ctx: &Context,
    minutes: Option<u32>,
    on_screen_lock: Option<Switch>,
    out: &mut impl Write,
) -> Result<(), Failure> {
    let change = LockChange {
        auto_lock_minutes: minutes,
        lock_on_screen_lock: on_screen_lock.map(|switch| matches!(switch, Switch::On)),
        ..LockChange::default()
    };
    let changed = session(ctx)?.set_lock_settings(change).map_err(failed)?;
    warn_backup(&changed.backup);
    print_settings(out, changed.value)
}
