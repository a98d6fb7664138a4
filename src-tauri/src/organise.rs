//! Organising the list: favourites, groups, notes, icons and the order, each one call into the vault.

use keyfob_session::Message;
use keyfob_session::icon_view::IconView;
use keyfob_session::model::icon::{Icon, MAX_PICTURE_SOURCE_BYTES, Picture};
use keyfob_session::model::vault::Sort;
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;
use zeroize::Zeroizing;

use crate::actions::changed;
use crate::error::{Code, CommandError};
use crate::state::AppState;

/// How the list is organised: its order and every group in use.
#[derive(Serialize)]
pub(crate) struct Organisation {
    sort: Sort,
    groups: Vec<String>,
}

/// The list's order and groups.
#[tauri::command]
pub(crate) fn organisation(state: State<'_, AppState>) -> Result<Organisation, CommandError> {
    let Some(opened) = state.session.vault()? else {
        return Ok(Organisation { sort: Sort::default(), groups: Vec::new() });
    };
    let vault = opened.vault();
    Ok(Organisation { sort: vault.sort(), groups: vault.group_names().into_iter().map(str::to_owned).collect() })
}

/// Orders the list another way.
#[tauri::command]
pub(crate) fn set_sort(app: AppHandle, state: State<'_, AppState>, sort: Sort) -> Result<(), CommandError> {
    state.session.set_sort(sort)?;
    changed(&app);
    Ok(())
}

/// Pins an account to the top, or unpins it.
#[tauri::command]
pub(crate) fn set_favourite(
    app: AppHandle,
    state: State<'_, AppState>,
    id: u64,
    favourite: bool,
) -> Result<(), CommandError> {
    state.session.set_favourite(id, favourite)?;
    changed(&app);
    Ok(())
}

/// Puts an account in exactly these groups, and gives it this note (none when empty).
#[tauri::command]
pub(crate) fn set_groups_and_note(
    app: AppHandle,
    state: State<'_, AppState>,
    id: u64,
    groups: Vec<String>,
    note: Zeroizing<String>,
) -> Result<(), CommandError> {
    state.session.set_groups_and_note(id, &groups, &note)?;
    changed(&app);
    Ok(())
}

/// Links an account to exactly these websites (each a domain or a page's address): only their pages get
/// its codes in the browser. Sites it is not linked to yet are confirmed natively first (see `confirm`).
#[tauri::command(async)]
pub(crate) fn set_sites(
    app: AppHandle,
    state: State<'_, AppState>,
    id: u64,
    sites: Vec<String>,
) -> Result<(), CommandError> {
    let (name, added) = {
        let opened = state.session.existing_vault()?;
        let vault = opened.vault();
        let entry = vault.entry(id).ok();
        let name = entry.map(|e| keyfob_session::label(e.issuer.as_deref(), &e.name)).unwrap_or_default();
        (name, vault.sites_added(id, &sites)?)
    };
    if !added.is_empty() {
        let listed: Vec<String> = added.iter().map(ToString::to_string).collect();
        // (A list of website names, not a sentence: each language's own list words are not needed here.)
        let message = Message::new("app-confirm-sites").with("account", name).with("sites", listed.join(", "));
        if !crate::confirm::natively(&app, &crate::confirm::SITES, &message) {
            return Err(crate::confirm::cancelled());
        }
    }
    // Judged again as it is written: a site unlinked meanwhile (from the CLI, say) would come back
    // unconfirmed, so then nothing is written.
    let written = state.session.set_confirmed_sites(id, &sites, &added)?;
    if !written.value {
        return Err(CommandError::new(Code::NotConfirmed, Message::new("app-error-sites-changed"))
            .hint("app-hint-sites-changed"));
    }
    changed(&app);
    Ok(())
}

/// An account's note, unsealed because the user opened it; empty when it has none.
#[tauri::command]
pub(crate) fn account_note(state: State<'_, AppState>, id: u64) -> Result<Zeroizing<String>, CommandError> {
    let opened = state.session.existing_vault()?;
    Ok(opened.vault().note(id).map_err(keyfob_session::model::StoreError::from)?.unwrap_or_default())
}

/// The most brands the icon picker lists for one search.
const ICON_RESULTS: usize = 24;

/// Brands whose name contains `query`, for the icon picker.
#[tauri::command]
pub(crate) fn search_icons(query: String) -> Vec<IconView> {
    IconView::search(&query, ICON_RESULTS)
}

/// An icon the picker chose.
#[derive(Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub(crate) enum IconChoice {
    /// The brand the issuer names, else the letter.
    Automatic,
    /// The letter avatar.
    Letter,
    /// A brand, by its Simple Icons name.
    Brand { slug: String },
}

/// Gives an account the icon chosen in the picker.
#[tauri::command]
pub(crate) fn set_icon(
    app: AppHandle,
    state: State<'_, AppState>,
    id: u64,
    choice: IconChoice,
) -> Result<(), CommandError> {
    let icon = match choice {
        IconChoice::Automatic => Icon::Automatic,
        IconChoice::Letter => Icon::Letter,
        IconChoice::Brand { slug } => IconView::brand_choice(&slug)
            .ok_or_else(|| CommandError::new(Code::IconUnreadable, Message::new("app-error-no-such-icon")))?,
    };
    state.session.set_icon(id, icon)?;
    changed(&app);
    Ok(())
}

/// Asks for an image in the native dialog and makes it the account's icon (re-encoded in Rust: the file
/// itself is never shown or kept). `false` when cancelled.
#[tauri::command]
pub(crate) async fn set_icon_from_file(
    app: AppHandle,
    state: State<'_, AppState>,
    id: u64,
) -> Result<bool, CommandError> {
    let picked = app
        .dialog()
        .file()
        .set_title(crate::words::text("app-pick-icon"))
        .add_filter(crate::words::text("app-pick-images"), &["png", "jpg", "jpeg", "webp", "gif", "bmp", "svg"])
        .blocking_pick_file();
    let Some(path) = picked.and_then(|p| p.into_path().ok()) else { return Ok(false) };
    let bytes = keyfob_session::import_files::read_file(&path, MAX_PICTURE_SOURCE_BYTES)
        .map_err(|e| CommandError::new(Code::IconUnreadable, keyfob_session::Error::from(e).message()))?;
    let picture = Picture::from_image(&bytes)
        .map_err(|e| CommandError::said(Code::IconUnreadable, "app-error-picture-unreadable", e))?;
    state.session.set_icon(id, Icon::Picture(picture))?;
    changed(&app);
    Ok(true)
}
