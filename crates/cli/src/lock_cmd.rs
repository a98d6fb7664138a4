//! `keyfob lock …`: where the vault key lives (the OS keychain, or behind a passphrase) and when the app
//! locks by itself. Passphrases come from files, or are asked on a terminal without echo; a wrong or
//! missing passphrase exits 2, with the vault and the keychain unchanged.

use std::io::{IsTerminal, Write};
use std::path::Path;

use keyfob_session::LockChange;
use keyfob_session::model::crypto::Password;
use keyfob_session::model::vault::{KeySource, LockSettings};
use zeroize::Zeroizing;

use keyfob_session::Message;

use crate::Failure;
use crate::context::{Context, Secret, failed, read_password, warn_backup};
use crate::terminal::Terminal;

/// `on` or `off`.
#[derive(Clone, Copy, clap::ValueEnum)]
pub(crate) enum Switch {
    /// Turned on.
    On,
    /// Turned off.
    Off,
}

/// Asks for a passphrase on the terminal, without echo, with the catalogue's `prompt`.
fn ask(out: &Terminal<'_, impl Write>, prompt: &'static str) -> Result<Password, Failure> {
    eprint!("{} ", out.words().text(prompt));
    let _ = std::io::stderr().flush();
    let text = rpassword::read_password()
        .map_err(|e| Failure::failed(Message::new("cli-passphrase-unreadable").details(e.to_string())))?;
    Ok(Password::new(Zeroizing::new(text)))
}

/// The session, with the current passphrase asked on a terminal when the vault needs one and none was
/// given in a file.
fn session(ctx: &Context, out: &Terminal<'_, impl Write>) -> Result<std::sync::Arc<keyfob_session::Session>, Failure> {
    let session = ctx.session()?;
    if session.behind_passphrase() && !ctx.has_passphrase() && std::io::stdin().is_terminal() {
        session.unlock(ask(out, "cli-prompt-current-passphrase")?).map_err(failed)?;
    }
    Ok(session)
}

/// The new passphrase: from `file`, else asked twice on a terminal.
fn new_passphrase(file: Option<&Path>, out: &Terminal<'_, impl Write>) -> Result<Password, Failure> {
    if let Some(file) = file {
        return read_password(file, Secret::NewPassphrase);
    }
    if !std::io::stdin().is_terminal() {
        return Err(Failure::bad_input(Message::new("cli-new-passphrase-needed")));
    }
    let first = ask(out, "cli-prompt-new-passphrase")?;
    let again = ask(out, "cli-prompt-passphrase-again")?;
    if first.expose_secret() != again.expose_secret() {
        return Err(Failure::bad_input(Message::new("cli-passphrases-differ")));
    }
    Ok(first)
}

/// `keyfob lock status`.
pub(crate) fn status(ctx: &Context, json: bool, out: &mut Terminal<'_, impl Write>) -> Result<(), Failure> {
    let session = session(ctx, out)?;
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
    out.say(&Message::new("cli-lock-mode").with("mode", mode))?;
    print_settings(out, settings)
}

fn print_settings(out: &mut Terminal<'_, impl Write>, settings: LockSettings) -> Result<(), Failure> {
    match settings.auto_lock_minutes {
        0 => out.say(&Message::new("cli-auto-lock-off"))?,
        n => out.say(&Message::new("cli-auto-lock-after").with("minutes", n))?,
    }
    let on = if settings.lock_on_screen_lock { "on" } else { "off" };
    out.say(&Message::new("cli-lock-on-screen-lock").with("switch", on))
}

/// `keyfob lock set-passphrase`.
pub(crate) fn set_passphrase(
    ctx: &Context,
    file: Option<&Path>,
    out: &mut Terminal<'_, impl Write>,
) -> Result<(), Failure> {
    let session = session(ctx, out)?;
    let from = session.key_source().map_err(failed)?;
    // The current passphrase is checked before a new one is asked for.
    if matches!(from, KeySource::Passphrase { .. }) {
        session.existing_vault().map_err(failed)?;
    }
    let new = new_passphrase(file, out)?;
    session.set_passphrase(ctx.passphrase()?.as_ref(), new).map_err(failed)?;
    match from {
        KeySource::Keychain => out.say(&Message::new("cli-passphrase-set")),
        KeySource::Passphrase { .. } => out.say(&Message::new("cli-passphrase-changed")),
    }
}

/// `keyfob lock remove-passphrase`.
pub(crate) fn remove_passphrase(ctx: &Context, out: &mut Terminal<'_, impl Write>) -> Result<(), Failure> {
    session(ctx, out)?.remove_passphrase(ctx.passphrase()?.as_ref()).map_err(failed)?;
    out.say(&Message::new("cli-passphrase-removed"))
}

/// `keyfob lock auto`.
pub(crate) fn auto(
    ctx: &Context,
    minutes: Option<u32>,
    on_screen_lock: Option<Switch>,
    out: &mut Terminal<'_, impl Write>,
) -> Result<(), Failure> {
    let change = LockChange {
        auto_lock_minutes: minutes,
        lock_on_screen_lock: on_screen_lock.map(|switch| matches!(switch, Switch::On)),
        ..LockChange::default()
    };
    let changed = session(ctx, out)?.set_lock_settings(change).map_err(failed)?;
    warn_backup(out, &changed.backup);
    print_settings(out, changed.value)
}
