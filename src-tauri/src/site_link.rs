//! "Link this site in Keyfob": a browser's extension asks (through `keyfob browser-host`, which starts
//! `keyfob-app --link-site=SITE`), and the window asks the user which account the site belongs to. The
//! site is the page's own, worked out by the host from the browser's tab, never named by the page; the
//! link is stored only when the user picks an account here.

use keyfob_core::site::Site;
use keyfob_session::browser::LINK_SITE_ARGUMENT;
use serde::Serialize;
use tauri::{AppHandle, Emitter, Manager, State};

use crate::error::{Code, CommandError};
use crate::state::{AppState, changed, lock};

/// The site named by `--link-site=SITE` among `args`, when it is one Keyfob links.
fn requested(args: &[String]) -> Option<Site> {
    let prefix = format!("{LINK_SITE_ARGUMENT}=");
    args.iter().find_map(|a| a.strip_prefix(&prefix)).and_then(|site| Site::parse(site).ok())
}

/// Shows the window asking about the site in `args`, if they name one (the newest request replaces an
/// earlier one still unanswered).
pub(crate) fn open(app: &AppHandle, args: &[String]) {
    let Some(site) = requested(args) else { return };
    *lock(&app.state::<AppState>().site_link) = Some(site);
    crate::windows::show_main(app);
    let _ = app.emit("site-link", ());
}

/// The question the window shows.
#[derive(Serialize)]
pub(crate) struct SiteLinkView {
    /// The site asking.
    site: String,
    /// The account likely meant (issuer named like the site, linked nowhere yet), to preselect.
    suggested: Option<u64>,
    /// The accounts already linked to this site.
    linked: Vec<u64>,
}

/// The site waiting for the user's answer, if any (a locked vault answers `vault.locked`, and the window
/// asks again once unlocked).
#[tauri::command]
pub(crate) fn site_link_request(state: State<'_, AppState>) -> Result<Option<SiteLinkView>, CommandError> {
    let Some(site) = lock(&state.site_link).clone() else { return Ok(None) };
    let opened = state.session.existing_vault()?;
    let vault = opened.vault();
    let linked = vault.accounts_for_site(&site).iter().map(|e| e.id).collect();
    Ok(Some(SiteLinkView { suggested: vault.suggest_for_site(&site), linked, site: site.to_string() }))
}

/// The waiting site, when it is still `site` (the one the user saw: a newer request may have replaced it).
fn waiting(state: &AppState, site: &str) -> Result<Site, CommandError> {
    let waiting = lock(&state.site_link).clone();
    waiting.filter(|w| w.as_str() == site).ok_or_else(|| {
        CommandError::new(Code::SiteLinkChanged, "another site asked to be linked in the meantime", None)
    })
}

/// Forgets the waiting site, if it is still `site` (a request that came in meanwhile stays).
fn answered(state: &AppState, site: &Site) {
    let mut waiting = lock(&state.site_link);
    if waiting.as_ref() == Some(site) {
        *waiting = None;
    }
}

/// Links the site the user saw to the account they picked.
#[tauri::command]
pub(crate) fn link_site(app: AppHandle, state: State<'_, AppState>, site: String, id: u64) -> Result<(), CommandError> {
    let site = waiting(&state, &site)?;
    state.session.update(|vault, _| Ok(vault.link_site(id, site.clone())?))?;
    answered(&state, &site);
    changed(&app);
    Ok(())
}

/// Leaves the site unlinked.
#[tauri::command]
pub(crate) fn dismiss_site_link(state: State<'_, AppState>, site: String) -> Result<(), CommandError> {
    answered(&state, &waiting(&state, &site)?);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_site_keyfob_links_is_asked_about() {
        let args = |a: &[&str]| a.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        let asked = |a: &[&str]| requested(&args(a)).map(|s| s.to_string());
        assert_eq!(asked(&["keyfob-app", "--link-site=login.keyfob.localhost"]), Some("keyfob.localhost".into()));
        assert_eq!(asked(&["keyfob-app", "--link-site=co.uk"]), None);
        assert_eq!(asked(&["keyfob-app", "--link-site=http://example.com/"]), None, "insecure");
        assert_eq!(asked(&["keyfob-app", "--link-site"]), None);
        assert_eq!(asked(&["keyfob-app", "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP"]), None);
    }
}
