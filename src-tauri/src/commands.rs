//! The commands the UI calls. Each translates between the web view and the core; none holds logic of its
//! own. Secrets cross only one way: a secret the user types goes in; what comes out is metadata and codes.

use std::sync::Mutex;

use keyfob_core::push::Enrolment;
use keyfob_core::vault::{Added, Entry, Vault};
use keyfob_core::{Account, Clock, Method, OtpSecret, Period, payload, qr};
use keyfob_store::{Store, SystemRandom, Unlock};
use serde::Serialize;
use tauri::{AppHandle, State};
use zeroize::Zeroizing;

use crate::clipboard;
use crate::error::CommandError;

/// What the app keeps between commands.
pub struct AppState {
    /// The vault on disk and the keychain.
    pub store: Store,
    /// What was found (scanned, pasted, deep-linked) and shown for confirmation, not yet added. It stays
    /// here, in Rust, so secrets never reach the web view.
    pub pending: Mutex<Staged>,
    /// The last removed account and its position, for undo. Its secret stays sealed.
    pub removed: Mutex<Option<(Entry, usize)>>,
    /// The clock, corrected by the measured offset when that is on.
    pub clock: crate::clock::AppClock,
    /// The passphrase of a vault whose key is not in the keychain, once the user has typed it.
    pub unlock: Mutex<Unlock>,
    /// The files picked for import, kept until they are read (again with a password, when encrypted).
    pub import_paths: Mutex<Vec<std::path::PathBuf>>,
}

/// What waits for the user's confirmation, and which preview showed it.
#[derive(Default)]
pub struct Staged {
    /// Changes whenever what is staged is replaced: a confirmation names the one it saw, so what is added
    /// is exactly what the user was shown, even when a link arrives while the preview is open.
    generation: u64,
    /// Accounts found.
    accounts: Vec<Account>,
    /// Push enrolments found with them, registered only once confirmed.
    push: Vec<Enrolment>,
}

pub(crate) fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // State behind these locks is replaced whole, so a panic elsewhere cannot leave it half-changed.
    mutex.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

pub(crate) fn load(state: &AppState) -> Result<Option<Vault>, CommandError> {
    match state.store.load(&lock(&state.unlock)) {
        Ok(vault) => Ok(Some(vault)),
        Err(keyfob_store::Error::NoVault { .. }) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

pub(crate) fn update<T>(
    state: &AppState,
    change: impl FnOnce(&mut Vault, &SystemRandom) -> Result<T, keyfob_store::Error>,
) -> Result<T, CommandError> {
    Ok(state.store.update(&lock(&state.unlock), change)?)
}

/// Unlocks a passphrase-protected vault for this run of the app.
// Runs a KDF (argon2id, scrypt or PBKDF2, up to about a second): off the UI thread, on the async pool.
#[tauri::command(async)]
pub fn unlock_vault(state: State<'_, AppState>, passphrase: Zeroizing<String>) -> Result<(), CommandError> {
    let passphrase = keyfob_core::vault::Passphrase::new(passphrase)
        .map_err(|e| CommandError::new("vault.passphrase", e.to_string(), None))?;
    let unlock = Unlock { passphrase: Some(passphrase) };
    match state.store.load(&unlock) {
        Ok(_) | Err(keyfob_store::Error::NoVault { .. }) => {
            *lock(&state.unlock) = unlock;
            Ok(())
        }
        Err(keyfob_store::Error::WrongPassphrase { .. }) => {
            Err(CommandError::new("vault.wrong_passphrase", "Wrong passphrase", Some("Check it and try again.")))
        }
        Err(e) => Err(e.into()),
    }
}

/// An account as the list shows it.
#[derive(Serialize)]
pub struct AccountView {
    id: u64,
    issuer: Option<String>,
    name: String,
    kind: &'static str,
    digits: u8,
    period: Option<u32>,
}

impl From<&Entry> for AccountView {
    fn from(entry: &Entry) -> Self {
        Self {
            id: entry.id,
            issuer: entry.issuer.clone(),
            name: entry.name.clone(),
            kind: entry.method.kind(),
            digits: entry.method.code_len(),
            period: entry.method.period().map(Period::get),
        }
    }
}

/// Every account, in display order, then the push tokens (kind `push`).
#[tauri::command]
pub fn list_accounts(state: State<'_, AppState>) -> Result<Vec<AccountView>, CommandError> {
    let Some(vault) = load(&state)? else { return Ok(Vec::new()) };
    let mut views: Vec<AccountView> = vault.entries().iter().map(AccountView::from).collect();
    views.extend(vault.push_tokens().iter().map(|token| AccountView {
        id: token.id,
        issuer: token.issuer.clone(),
        name: token.name.clone(),
        kind: "push",
        digits: 0,
        period: None,
    }));
    Ok(views)
}

/// A time-based account's code now, the next one, and seconds left.
#[derive(Serialize)]
pub struct CodeView {
    id: u64,
    code: String,
    next: String,
    remaining: u32,
    period: u32,
}

/// Current codes of every time-based account (HOTP codes are made on request, by [`next_hotp_code`]).
#[tauri::command]
pub fn current_codes(state: State<'_, AppState>) -> Result<Vec<CodeView>, CommandError> {
    let Some(vault) = load(&state)? else { return Ok(Vec::new()) };
    let now = state.clock.now();
    let mut codes = Vec::new();
    for entry in vault.entries() {
        let Some(period) = entry.method.period() else { continue };
        let account = vault.account(entry.id)?;
        codes.push(CodeView {
            id: entry.id,
            code: account.code_at(now).to_string(),
            next: account.code_at(now + u64::from(period.get())).to_string(),
            remaining: period.remaining_at(now),
            period: period.get(),
        });
    }
    Ok(codes)
}

/// The next HOTP code; the counter is saved before the code is returned.
#[tauri::command]
pub fn next_hotp_code(state: State<'_, AppState>, id: u64) -> Result<String, CommandError> {
    update(&state, |vault, _| Ok(vault.next_hotp_code(id)?)).map(|c| c.to_string())
}

/// Copies an account's current code (for HOTP, the next one) to the clipboard, and clears it after 30 s
/// if it still holds that code.
#[tauri::command]
pub fn copy_code(app: AppHandle, state: State<'_, AppState>, id: u64) -> Result<String, CommandError> {
    let vault = load(&state)?.ok_or_else(|| CommandError::new("vault.empty", "there are no accounts yet", None))?;
    let entry = vault.entries().iter().find(|e| e.id == id).ok_or_else(|| CommandError::no_such_account(id))?;
    let code = match entry.method {
        Method::Hotp { .. } => update(&state, |vault, _| Ok(vault.next_hotp_code(id)?))?,
        _ => vault.account(id)?.code_at(state.clock.now()),
    };
    clipboard::copy_for_a_while(&app, code.as_str())?;
    Ok(code.to_string())
}

/// An account found and waiting for confirmation.
#[derive(Serialize)]
pub struct PendingView {
    index: usize,
    issuer: Option<String>,
    name: String,
    kind: &'static str,
    digits: u8,
    /// Already in the vault (same secret, issuer and name): it will be skipped.
    duplicate: bool,
    /// For a push enrolment: the server it registers with (`push.example.com`), shown before it is
    /// contacted.
    server: Option<String>,
}

/// What a scan or paste found: accounts to confirm, and what could not be used.
#[derive(Serialize)]
pub struct Preview {
    /// Which staging this shows; confirming or discarding names it.
    generation: u64,
    accounts: Vec<PendingView>,
    problems: Vec<String>,
}

pub(crate) fn stage(state: &AppState, accounts: Vec<Account>, problems: Vec<String>) -> Result<Preview, CommandError> {
    stage_found(state, payload::Found { accounts, push: Vec::new(), problems })
}

/// Stages what texts held: accounts, and push enrolment links (a link that cannot be read is a problem).
pub(crate) fn stage_found(state: &AppState, found: payload::Found) -> Result<Preview, CommandError> {
    let payload::Found { accounts, push, mut problems } = found;
    let mut enrolments = Vec::new();
    for link in push {
        match keyfob_core::push::parse_link(&link) {
            Ok(enrolment) => enrolments.push(enrolment),
            Err(e) => problems.push(e.to_string()),
        }
    }
    {
        let mut staged = lock(&state.pending);
        *staged = Staged { generation: staged.generation.wrapping_add(1), accounts, push: enrolments };
    }
    preview(state, problems)
}

/// The staged accounts as the confirmation shows them, duplicates marked.
fn preview(state: &AppState, problems: Vec<String>) -> Result<Preview, CommandError> {
    let vault = load(state)?;
    let staged = lock(&state.pending);
    let mut views = Vec::new();
    for (index, account) in staged.accounts.iter().enumerate() {
        let duplicate = match &vault {
            Some(vault) => vault.find(account)?.is_some(),
            None => false,
        };
        views.push(PendingView {
            index,
            issuer: account.issuer().map(str::to_owned),
            name: account.name().to_owned(),
            kind: account.method().kind(),
            digits: account.method().code_len(),
            duplicate,
            server: None,
        });
    }
    for (offset, enrolment) in staged.push.iter().enumerate() {
        views.push(PendingView {
            index: staged.accounts.len() + offset,
            issuer: enrolment.issuer.clone(),
            name: enrolment.name.clone(),
            kind: "push",
            digits: 0,
            duplicate: vault.as_ref().is_some_and(|v| v.push_token(enrolment).is_some()),
            server: keyfob_core::push::server_host(&enrolment.url),
        });
    }
    Ok(Preview { generation: staged.generation, accounts: views, problems })
}

/// The accounts staged by a deep link (`otpauth://…` opened from a browser), for confirmation.
#[tauri::command]
pub fn pending_preview(state: State<'_, AppState>) -> Result<Preview, CommandError> {
    preview(&state, Vec::new())
}

/// Stages the links in pasted text, one or more (any whitespace between them).
#[tauri::command]
pub fn stage_links(state: State<'_, AppState>, text: Zeroizing<String>) -> Result<Preview, CommandError> {
    let found = payload::read(text.split_whitespace());
    if found.accounts.is_empty() && found.push.is_empty() {
        let message = found.problems.first().cloned().unwrap_or_else(|| "no otpauth:// link in the text".into());
        return Err(CommandError::new(
            "link.invalid",
            message,
            Some("Copy the whole link the service showed at setup."),
        ));
    }
    stage_found(&state, found)
}

fn stage_decoded(state: &AppState, decoded: Result<Vec<String>, qr::Error>) -> Result<Preview, CommandError> {
    let payloads = decoded.map_err(|e| {
        CommandError::new("image.no_qr", e.to_string(), Some("Use a screenshot where the whole QR code is visible."))
    })?;
    let found = payload::read(payloads.iter().map(String::as_str));
    if found.accounts.is_empty() && found.push.is_empty() {
        let message = found.problems.first().cloned().unwrap_or_else(|| "the QR code holds no otpauth:// link".into());
        return Err(CommandError::new("image.not_otp", message, Some("This QR code is not a two-factor setup code.")));
    }
    stage_found(state, found)
}

/// Stages the accounts in an image's bytes (pasted or dropped).
#[tauri::command]
pub async fn stage_image(state: State<'_, AppState>, bytes: Vec<u8>) -> Result<Preview, CommandError> {
    stage_decoded(&state, qr::decode_image_bytes(&bytes))
}

/// Asks for an image file and stages its accounts; `None` when the user cancelled.
#[tauri::command]
pub async fn stage_image_file(app: AppHandle, state: State<'_, AppState>) -> Result<Option<Preview>, CommandError> {
    use tauri_plugin_dialog::DialogExt;
    let picked = app
        .dialog()
        .file()
        .set_title("Choose the QR code image")
        .add_filter("Images", &["png", "jpg", "jpeg", "webp", "gif", "bmp"])
        .blocking_pick_file();
    let Some(path) = picked.and_then(|p| p.into_path().ok()) else { return Ok(None) };
    stage_image_path(&state, &path).map(Some)
}

/// Stages the accounts in an image file (also used by tests and the dialog).
pub fn stage_image_path(state: &AppState, path: &std::path::Path) -> Result<Preview, CommandError> {
    let bytes = std::fs::read(path)
        .map_err(|e| CommandError::new("image.unreadable", format!("cannot read {}: {e}", path.display()), None))?;
    stage_decoded(state, qr::decode_image_bytes(&bytes))
}

/// Captures every screen and stages the accounts in QR codes found there.
#[tauri::command]
pub async fn stage_screen(app: AppHandle, state: State<'_, AppState>) -> Result<Preview, CommandError> {
    let png = crate::screen::capture(&app)?;
    stage_decoded(&state, qr::decode_image_bytes(&png))
}

/// Validates a typed secret as the user types: `None` when fine, else what is wrong.
#[tauri::command]
pub fn check_secret(secret: Zeroizing<String>) -> Option<String> {
    OtpSecret::from_base32(&secret).err().map(|e| e.to_string())
}

/// Stages a typed-in account.
#[tauri::command]
#[allow(clippy::too_many_arguments)] // One per form field, as the UI sends them.
pub fn stage_typed(
    state: State<'_, AppState>,
    secret: Zeroizing<String>,
    issuer: Option<String>,
    name: String,
    digits: Option<u8>,
    period: Option<u32>,
    algorithm: Option<String>,
) -> Result<Preview, CommandError> {
    let account = keyfob_core::account::Fields {
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
    .map_err(|message| CommandError::new("account.invalid", message, None))?;
    stage(&state, vec![account], Vec::new())
}

/// Adds the staged accounts at `indices` (all when `None`) in one vault write; duplicates are skipped.
/// `generation` is the preview's: when something else was staged since (a link arrived while the user
/// looked), nothing is added and the error says so. Returns the ids added.
#[tauri::command]
pub async fn commit_pending(
    app: AppHandle,
    state: State<'_, AppState>,
    generation: u64,
    indices: Option<Vec<usize>>,
) -> Result<Vec<u64>, CommandError> {
    let Staged { accounts: pending, push, .. } = {
        let mut staged = lock(&state.pending);
        if staged.generation != generation {
            return Err(CommandError::new(
                "preview.changed",
                "What is waiting to be added changed while you looked: a new link or code arrived",
                Some("Nothing was added. Check the list again, then confirm."),
            ));
        }
        let next = Staged { generation: generation.wrapping_add(1), ..Staged::default() };
        std::mem::replace(&mut *staged, next)
    };
    let wanted = |i: usize| indices.as_ref().is_none_or(|indices| indices.contains(&i));
    let chosen: Vec<&Account> = pending.iter().enumerate().filter(|(i, _)| wanted(*i)).map(|(_, a)| a).collect();
    let now = keyfob_core::SystemClock.now();
    let mut added = update(&state, |vault, rng| {
        let mut added = Vec::new();
        for account in chosen {
            if let Added::New(id) = vault.add(account, now, rng)? {
                added.push(id);
            }
        }
        Ok(added)
    })?;
    for (offset, enrolment) in push.into_iter().enumerate() {
        if wanted(pending.len() + offset) {
            added.push(crate::push::enrol(&state, enrolment).await?);
        }
    }
    crate::tray::refresh(&app);
    Ok(added)
}

/// Forgets the staged accounts the preview `generation` showed (the user cancelled); something staged
/// since is kept for its own preview.
#[tauri::command]
pub fn discard_pending(state: State<'_, AppState>, generation: u64) {
    let mut staged = lock(&state.pending);
    if staged.generation == generation {
        staged.accounts.clear();
        staged.push.clear();
    }
}

/// Renames an account; an empty issuer removes it.
#[tauri::command]
pub fn rename_account(
    app: AppHandle,
    state: State<'_, AppState>,
    id: u64,
    issuer: Option<String>,
    name: String,
) -> Result<AccountView, CommandError> {
    let issuer = issuer.filter(|i| !i.trim().is_empty());
    let view = update(&state, |vault, _| {
        vault.rename(id, Some(issuer.as_deref()), Some(&name))?;
        Ok(vault.entries().iter().find(|e| e.id == id).map(AccountView::from))
    })?;
    crate::tray::refresh(&app);
    view.ok_or_else(|| CommandError::no_such_account(id))
}

/// Removes an account, keeping it (sealed) for [`undo_remove`].
#[tauri::command]
pub fn remove_account(app: AppHandle, state: State<'_, AppState>, id: u64) -> Result<(), CommandError> {
    let removed = update(&state, |vault, _| {
        let Some(position) = vault.position(id) else {
            // A push token: removed for good (its key cannot be brought back by undo; enrol it again).
            vault.remove_push(id)?;
            return Ok(None);
        };
        Ok(Some((vault.remove(id)?, position)))
    })?;
    *lock(&state.removed) = removed;
    crate::tray::refresh(&app);
    Ok(())
}

/// Puts the last removed account back where it was.
#[tauri::command]
pub fn undo_remove(app: AppHandle, state: State<'_, AppState>) -> Result<Option<u64>, CommandError> {
    let Some((entry, position)) = lock(&state.removed).take() else { return Ok(None) };
    let id = entry.id;
    update(&state, |vault, _| Ok(vault.reinsert(entry, position)?))?;
    crate::tray::refresh(&app);
    Ok(Some(id))
}

/// Moves an account to `index` in the list.
#[tauri::command]
pub fn move_account(app: AppHandle, state: State<'_, AppState>, id: u64, index: usize) -> Result<(), CommandError> {
    update(&state, |vault, _| Ok(vault.move_to(id, index)?))?;
    crate::tray::refresh(&app);
    Ok(())
}

/// The clock check's result, for the banner.
#[tauri::command]
pub fn clock_status(state: State<'_, AppState>) -> crate::clock::ClockView {
    state.clock.view()
}

/// Turns correcting codes by the measured offset on or off.
#[tauri::command]
pub fn set_time_correction(state: State<'_, AppState>, enabled: bool) -> crate::clock::ClockView {
    state.clock.set_correction(enabled);
    state.clock.view()
}

/// Whether Keyfob starts at login.
#[tauri::command]
pub fn autostart_enabled(app: AppHandle) -> Result<bool, CommandError> {
    use tauri_plugin_autostart::ManagerExt;
    app.autolaunch().is_enabled().map_err(|e| CommandError::new("autostart.failed", e.to_string(), None))
}

/// Turns starting at login on or off.
#[tauri::command]
pub fn set_autostart(app: AppHandle, enabled: bool) -> Result<bool, CommandError> {
    use tauri_plugin_autostart::ManagerExt;
    let manager = app.autolaunch();
    let result = if enabled { manager.enable() } else { manager.disable() };
    result.map_err(|e| CommandError::new("autostart.failed", e.to_string(), None))?;
    Ok(enabled)
}
