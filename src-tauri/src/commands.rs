//! The commands the window calls for accounts, codes and adding. Each translates between the web view and
//! the application layer (`keyfob_session`); none holds logic of its own. Secrets cross only one way: a
//! secret the user types goes in; what comes out is metadata and codes.

use crate::actions::PreviewView;
use keyfob_session::Message;
use keyfob_session::codes::CodeNow;
use keyfob_session::icon_view::IconView;
use keyfob_session::model::crypto::Password;
use keyfob_session::model::icon::{Avatar, Icon, avatar};
use keyfob_session::model::vault::Entry;
use keyfob_session::model::{OtpSecret, Period, payload, qr};
use serde::Serialize;
use tauri::{AppHandle, State};
use zeroize::Zeroizing;

use crate::actions::{self, CopiedCode, Unstaged, changed, stage_decoded, stage_texts};
use crate::clipboard;
use crate::error::{Code, CommandError};
use crate::state::AppState;

/// Unlocks a passphrase-protected vault for this run of the app, and starts watching its push tokens.
// Runs a KDF (argon2id, up to about a second) and signs poll passes: off the UI thread, on the async pool.
#[tauri::command(async)]
pub(crate) fn unlock_vault(
    app: AppHandle,
    state: State<'_, AppState>,
    passphrase: Zeroizing<String>,
) -> Result<(), CommandError> {
    // The idle time starts at the unlock (touched first too: the idle check may run while argon2 does).
    state.idle.touch(crate::state::awake_time());
    state.session.unlock(Password::new(passphrase))?;
    state.idle.touch(crate::state::awake_time());
    crate::push::watch_now(&app);
    changed(&app);
    Ok(())
}

/// Locks a passphrase vault now (Ctrl+L, the tray, idleness): the key and every unsealed secret are
/// wiped, the window is told to clear its list. `false` for a keychain vault, which opens with the desktop
/// session and so cannot be locked here.
#[tauri::command]
pub(crate) fn lock_vault(app: AppHandle, state: State<'_, AppState>) -> Result<bool, CommandError> {
    actions::lock(&app, &state)
}

/// The user did something in a window (a key, the pointer, the wheel): the idle lock's time starts again.
/// Sent by the windows at most once a second.
#[tauri::command]
pub(crate) fn user_active(state: State<'_, AppState>) {
    state.idle.touch(crate::state::awake_time());
}

/// How the window locks and shows codes, as the vault keeps it.
#[derive(Serialize)]
pub(crate) struct LockView {
    /// `keychain` or `passphrase`.
    mode: &'static str,
    /// The vault's setting behind `idle_seconds` (0: never).
    auto_lock_minutes: u32,
    /// Whether the screen locking locks Keyfob.
    lock_on_screen_lock: bool,
    /// Whether codes show as dots until their row is clicked or focused.
    hide_codes: bool,
    /// Whether the desktop's search shows codes beside the names it finds.
    search_shows_codes: bool,
}

/// How the vault locks and shows codes (for Settings and the hidden codes).
#[tauri::command]
pub(crate) fn lock_settings(state: State<'_, AppState>) -> Result<LockView, CommandError> {
    let source = state.session.key_source()?;
    let passphrase = matches!(source, keyfob_session::model::vault::KeySource::Passphrase { .. });
    let settings = state.session.vault()?.map(|o| o.vault().lock_settings()).unwrap_or_default();
    Ok(LockView {
        mode: if passphrase { "passphrase" } else { "keychain" },
        auto_lock_minutes: settings.auto_lock_minutes,
        lock_on_screen_lock: settings.lock_on_screen_lock,
        hide_codes: settings.hide_codes,
        search_shows_codes: settings.search_shows_codes,
    })
}

/// Keeps the vault key behind `passphrase`: from the keychain (its entry deleted), after the user confirms
/// it in a native dialog (a page script cannot answer it, so it cannot lock the user out); or replacing the
/// passphrase, given the `current` one. Runs argon2id: off the UI thread.
#[tauri::command(async)]
pub(crate) fn set_passphrase(
    app: AppHandle,
    state: State<'_, AppState>,
    current: Option<Zeroizing<String>>,
    passphrase: Zeroizing<String>,
) -> Result<LockView, CommandError> {
    let new = Password::choose(passphrase)
        .map_err(|_| CommandError::new(Code::BadPassphrase, Message::new("error-passphrase-too-short")))?;
    let from_keychain = matches!(state.session.key_source()?, keyfob_session::model::vault::KeySource::Keychain);
    if from_keychain
        && !crate::confirm::natively(&app, &crate::confirm::SET_PASSPHRASE, &Message::new("app-confirm-passphrase"))
    {
        return Err(crate::confirm::cancelled());
    }
    state.session.set_passphrase(current.map(Password::new).as_ref(), new)?;
    changed(&app);
    lock_settings(state)
}

/// Moves the vault key back into the keychain, given the `current` passphrase: the vault then opens with
/// the desktop session.
#[tauri::command(async)]
pub(crate) fn remove_passphrase(
    app: AppHandle,
    state: State<'_, AppState>,
    current: Option<Zeroizing<String>>,
) -> Result<LockView, CommandError> {
    state.session.remove_passphrase(current.map(Password::new).as_ref())?;
    changed(&app);
    lock_settings(state)
}

/// Changes how the window locks and shows codes (the Settings screen). Turning a passphrase vault's idle
/// lock or screen lock off is confirmed natively first (see `confirm`): it leaves the vault open.
#[tauri::command(async)]
pub(crate) fn set_lock_settings(
    app: AppHandle,
    state: State<'_, AppState>,
    auto_lock_minutes: u32,
    lock_on_screen_lock: bool,
    hide_codes: bool,
    search_shows_codes: bool,
) -> Result<LockView, CommandError> {
    let before = state.session.vault()?.map(|o| o.vault().lock_settings()).unwrap_or_default();
    let passphrase = matches!(state.session.key_source()?, keyfob_session::model::vault::KeySource::Passphrase { .. });
    let idle_off = before.auto_lock_minutes > 0 && auto_lock_minutes == 0;
    let screen_off = before.lock_on_screen_lock && !lock_on_screen_lock;
    if passphrase && (idle_off || screen_off) {
        let message = Message::new(match (idle_off, screen_off) {
            (true, true) => "app-confirm-lock-off-both",
            (true, false) => "app-confirm-lock-off-idle",
            _ => "app-confirm-lock-off-screen",
        });
        if !crate::confirm::natively(&app, &crate::confirm::LOCK_OFF, &message) {
            return Err(crate::confirm::cancelled());
        }
    }
    let change = keyfob_session::LockChange {
        auto_lock_minutes: Some(auto_lock_minutes),
        lock_on_screen_lock: Some(lock_on_screen_lock),
        hide_codes: Some(hide_codes),
        search_shows_codes: Some(search_shows_codes),
    };
    state.session.set_lock_settings(change)?;
    changed(&app);
    lock_settings(state)
}

/// An account as the list shows it.
#[derive(Serialize)]
pub(crate) struct AccountView {
    id: u64,
    issuer: Option<String>,
    name: String,
    /// How it is named to people: `Issuer (name)` ([`keyfob_session::label`]).
    label: String,
    kind: &'static str,
    digits: u8,
    period: Option<u32>,
    /// The groups it is in.
    groups: Vec<String>,
    /// Pinned to the top.
    favourite: bool,
    /// Whether it has a note (the note itself comes only when asked for: `account_note`).
    has_note: bool,
    /// Its place in the stored (manual) order, which moving up and down changes; `None` for push tokens.
    position: Option<usize>,
    /// Its letter avatar.
    avatar: Avatar,
    /// The icon shown instead of the letter, if any.
    icon: Option<IconView>,
    /// The websites it belongs to.
    sites: Vec<String>,
    /// A push token enrolled over plain http to another computer (see `PushEntry::insecure`): the list
    /// warns, and says to set it up again over https.
    insecure: bool,
}

impl From<&Entry> for AccountView {
    fn from(entry: &Entry) -> Self {
        Self {
            id: entry.id,
            issuer: entry.issuer.clone(),
            name: entry.name.clone(),
            label: keyfob_session::label(entry.issuer.as_deref(), &entry.name),
            kind: entry.method.kind(),
            digits: entry.method.code_len(),
            period: entry.method.period().map(Period::get),
            groups: entry.groups.clone(),
            favourite: entry.favourite,
            has_note: entry.has_note(),
            position: None,
            avatar: avatar(entry.issuer.as_deref(), &entry.name),
            icon: IconView::of(&entry.icon, entry.issuer.as_deref()),
            sites: entry.sites.iter().map(|s| s.as_str().to_owned()).collect(),
            insecure: false,
        }
    }
}

/// Every account, in display order, then the push tokens (kind `push`).
#[tauri::command]
pub(crate) fn list_accounts(state: State<'_, AppState>) -> Result<Vec<AccountView>, CommandError> {
    let Some(opened) = state.session.vault()? else { return Ok(Vec::new()) };
    let vault = opened.vault();
    let mut views: Vec<AccountView> = vault
        .ordered_entries()
        .into_iter()
        .map(|entry| AccountView { position: vault.position(entry.id), ..AccountView::from(entry) })
        .collect();
    views.extend(vault.push_tokens().iter().map(|token| AccountView {
        id: token.id,
        issuer: token.issuer.clone(),
        name: token.name.clone(),
        label: keyfob_session::label(token.issuer.as_deref(), &token.name),
        kind: "push",
        digits: 0,
        period: None,
        groups: Vec::new(),
        favourite: false,
        has_note: false,
        position: None,
        avatar: avatar(token.issuer.as_deref(), &token.name),
        icon: IconView::of(&Icon::Automatic, token.issuer.as_deref()),
        sites: Vec::new(),
        insecure: token.insecure(),
    }));
    Ok(views)
}

/// A code as the list shows it: the code and the next one, each beside its grouped form
/// ([`keyfob_session::group_code`]), and the seconds left.
#[derive(Serialize)]
pub(crate) struct CodeView {
    #[serde(flatten)]
    now: CodeNow,
    /// `code` as shown: `123 456`.
    shown: String,
    /// `next` as shown.
    next_shown: String,
}

impl From<CodeNow> for CodeView {
    fn from(now: CodeNow) -> Self {
        Self { shown: keyfob_session::group_code(&now.code), next_shown: keyfob_session::group_code(&now.next), now }
    }
}

/// Current codes of every time-based account (HOTP codes are made on request, by [`next_hotp_code`]).
#[tauri::command]
pub(crate) fn current_codes(state: State<'_, AppState>) -> Result<Vec<CodeView>, CommandError> {
    Ok(state.session.codes(&*state.clock)?.into_iter().map(CodeView::from).collect())
}

/// The next HOTP code; the counter is saved before the code is returned. (A counter moving on changes
/// nothing the list or the tray shows, so it does not go through `changed`: the window keeps the code up.)
#[tauri::command]
pub(crate) fn next_hotp_code(state: State<'_, AppState>, id: u64) -> Result<String, CommandError> {
    Ok(state.session.code_now(id, &*state.clock)?.to_string())
}

/// The staged accounts, for confirmation (after a deep link, or when the window opens).
#[tauri::command]
pub(crate) fn pending_preview(state: State<'_, AppState>) -> Result<PreviewView, CommandError> {
    Ok(state.session.preview()?.into())
}

/// Stages the links in pasted text, one or more (any whitespace between them).
#[tauri::command]
pub(crate) fn stage_links(state: State<'_, AppState>, text: Zeroizing<String>) -> Result<PreviewView, CommandError> {
    let unstaged = Unstaged {
        code: Code::LinkInvalid,
        none: "app-error-link-none",
        unusable: "app-error-link-unusable",
        hint: "app-hint-whole-link",
    };
    stage_texts(&state, text.split_whitespace(), &unstaged)
}

/// Stages what the clipboard holds (Ctrl+V outside a text field): the accounts in a copied screenshot of
/// the QR code, or in copied links.
#[tauri::command]
pub(crate) async fn stage_clipboard(state: State<'_, AppState>) -> Result<PreviewView, CommandError> {
    let read = tauri::async_runtime::spawn_blocking(clipboard::read).await;
    match read.map_err(|e| CommandError::said(Code::ClipboardFailed, "app-error-clipboard-unreadable", e))?? {
        clipboard::Pasted::Image { width, height, rgba } => stage_decoded(&state, qr::decode_rgba(width, height, rgba)),
        clipboard::Pasted::Text(text) => stage_links(state, text),
    }
}

/// Copies an account's current code to the clipboard (see [`actions::copy`]).
#[tauri::command]
pub(crate) fn copy_code(app: AppHandle, state: State<'_, AppState>, id: u64) -> Result<CopiedCode, CommandError> {
    actions::copy(&app, &state, id)
}

/// Stages the accounts in an image's bytes (pasted or dropped).
#[tauri::command]
pub(crate) async fn stage_image(state: State<'_, AppState>, bytes: Vec<u8>) -> Result<PreviewView, CommandError> {
    stage_decoded(&state, qr::decode_image_bytes(&bytes))
}

/// Asks for an image file and stages its accounts; `None` when the user cancelled.
#[tauri::command]
pub(crate) async fn stage_image_file(
    app: AppHandle,
    state: State<'_, AppState>,
) -> Result<Option<PreviewView>, CommandError> {
    use tauri_plugin_dialog::DialogExt;
    let picked = app
        .dialog()
        .file()
        .set_title(crate::words::text("app-pick-qr-image"))
        .add_filter(crate::words::text("app-pick-images"), &["png", "jpg", "jpeg", "webp", "gif", "bmp"])
        .blocking_pick_file();
    let Some(path) = picked.and_then(|p| p.into_path().ok()) else { return Ok(None) };
    let bytes = keyfob_session::import_files::read_file(&path, qr::MAX_FILE_BYTES)
        .map_err(|e| CommandError::new(Code::ImageUnreadable, keyfob_session::Error::from(e).message()))?;
    stage_decoded(&state, qr::decode_image_bytes(&bytes)).map(Some)
}

/// Captures every screen and stages the accounts in QR codes found there.
#[tauri::command]
pub(crate) async fn stage_screen(app: AppHandle, state: State<'_, AppState>) -> Result<PreviewView, CommandError> {
    let png = tauri::async_runtime::spawn_blocking(move || crate::screen::capture(&app))
        .await
        .map_err(|e| crate::screen::unavailable("app-error-screen-unseen", &e))??;
    stage_decoded(&state, qr::decode_image_bytes(&png))
}

/// Validates a typed secret as the user types: `None` when fine, else the rule it breaks, in the run's
/// language (the same words as when the account is added, `keyfob add` included).
#[tauri::command]
pub(crate) fn check_secret(secret: Zeroizing<String>) -> Option<String> {
    let error = OtpSecret::from_base32(&secret).err()?;
    Some(crate::words::said(&keyfob_session::message::secret(&error)))
}

/// Stages a typed-in account.
#[tauri::command]
pub(crate) fn stage_typed(
    state: State<'_, AppState>,
    secret: Zeroizing<String>,
    issuer: Option<String>,
    name: String,
    digits: Option<u8>,
    period: Option<u32>,
    algorithm: Option<String>,
) -> Result<PreviewView, CommandError> {
    let account = keyfob_session::model::account::Fields {
        kind: "totp",
        algorithm: algorithm.as_deref(),
        digits,
        period,
        counter: None,
        secret: &secret,
        issuer: issuer.as_deref(),
        name: &name,
    }
    .build()
    .map_err(|e| CommandError::new(Code::AccountInvalid, keyfob_session::message::account_fields(&e)))?;
    Ok(state.session.stage(payload::Found { accounts: vec![account], ..payload::Found::default() })?.into())
}

/// Adds the staged accounts at `indices` (all when `None`) in one vault write; duplicates are skipped;
/// push enrolments among them are registered (seconds: off the UI thread). `generation` is the preview's:
/// when something else was staged since, nothing is added. Returns the ids added.
#[tauri::command]
pub(crate) async fn commit_pending(
    app: AppHandle,
    state: State<'_, AppState>,
    generation: u64,
    indices: Option<Vec<usize>>,
) -> Result<Vec<u64>, CommandError> {
    let (session, clock) = (state.session.clone(), state.clock.clone());
    let committed =
        tauri::async_runtime::spawn_blocking(move || session.commit(generation, indices.as_deref(), &*clock, |_| {}))
            .await
            .map_err(crate::error::push_failed)?;
    // Whatever happened, some of it may have been written (accounts before a push server refused).
    changed(&app);
    Ok(committed?.added_ids())
}

/// Forgets the staged accounts the preview `generation` showed (the user cancelled); something staged
/// since is kept for its own preview.
#[tauri::command]
pub(crate) fn discard_pending(state: State<'_, AppState>, generation: u64) {
    state.session.discard(generation);
}

/// Renames an account; an empty issuer removes it.
#[tauri::command]
pub(crate) fn rename_account(
    app: AppHandle,
    state: State<'_, AppState>,
    id: u64,
    issuer: Option<String>,
    name: String,
) -> Result<AccountView, CommandError> {
    let issuer = issuer.filter(|i| !i.trim().is_empty());
    let renamed = state.session.rename(id, Some(issuer.as_deref()), Some(&name))?;
    changed(&app);
    Ok(AccountView::from(&renamed.value))
}

/// Removes an account, keeping it (sealed) for [`undo_remove`]; a push token is removed for good.
#[tauri::command]
pub(crate) fn remove_account(app: AppHandle, state: State<'_, AppState>, id: u64) -> Result<(), CommandError> {
    state.session.remove(id)?;
    changed(&app);
    Ok(())
}

/// Puts the last removed account back where it was.
#[tauri::command]
pub(crate) fn undo_remove(app: AppHandle, state: State<'_, AppState>) -> Result<Option<u64>, CommandError> {
    let restored = state.session.undo_remove()?.map(|c| c.value);
    changed(&app);
    Ok(restored)
}

/// Moves an account to `index` in the list.
#[tauri::command]
pub(crate) fn move_account(
    app: AppHandle,
    state: State<'_, AppState>,
    id: u64,
    index: usize,
) -> Result<(), CommandError> {
    state.session.move_to(id, index)?;
    changed(&app);
    Ok(())
}

/// The clock check's result, for the banner.
#[tauri::command]
pub(crate) fn clock_status(state: State<'_, AppState>) -> keyfob_session::ClockView {
    state.clock.view()
}

/// Turns correcting codes by the measured offset on or off.
#[tauri::command]
pub(crate) fn set_time_correction(state: State<'_, AppState>, enabled: bool) -> keyfob_session::ClockView {
    state.clock.set_correction(enabled);
    state.clock.view()
}

/// Whether Keyfob starts at login.
#[tauri::command]
pub(crate) fn autostart_enabled(app: AppHandle) -> Result<bool, CommandError> {
    use tauri_plugin_autostart::ManagerExt;
    app.autolaunch().is_enabled().map_err(|e| CommandError::said(Code::AutostartFailed, "app-error-autostart", e))
}

/// Turns starting at login on or off.
#[tauri::command]
pub(crate) fn set_autostart(app: AppHandle, enabled: bool) -> Result<bool, CommandError> {
    use tauri_plugin_autostart::ManagerExt;
    let manager = app.autolaunch();
    let result = if enabled { manager.enable() } else { manager.disable() };
    result.map_err(|e| CommandError::said(Code::AutostartFailed, "app-error-autostart", e))?;
    Ok(enabled)
}
