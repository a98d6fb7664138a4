//! Organising the list: favourites, groups, notes and the order, each one call into the vault.

use keyfob_core::vault::Sort;
use serde::Serialize;
use tauri::{AppHandle, State};
use zeroize::Zeroizing;

use crate::error::CommandError;
use crate::state::{AppState, changed};

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
    state.session.update(|vault, _| {
        vault.set_sort(sort);
        Ok(())
    })?;
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
    state.session.update(|vault, _| Ok(vault.set_favourite(id, favourite)?))?;
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
    state.session.update(|vault, rng| {
        vault.set_groups(id, &groups)?;
        Ok(vault.set_note(id, Some(note.as_str()), rng)?)
    })?;
    changed(&app);
    Ok(())
}

/// An account's note, unsealed because the user opened it; empty when it has none.
#[tauri::command]
pub(crate) fn account_note(state: State<'_, AppState>, id: u64) -> Result<Zeroizing<String>, CommandError> {
    let opened = state.session.existing_vault()?;
    Ok(opened.vault().note(id).map_err(keyfob_store::Error::from)?.unwrap_or_default())
}
