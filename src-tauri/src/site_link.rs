//! "Link this site in Keyfob": a browser's extension asks (through `keyfob browser-host`, which starts
//! `keyfob-app --link-site=SITE`), and the window asks the user which account the site belongs to. The
//! site is the page's own, worked out by the host from the browser's tab, never named by the page; the
//! link is stored only when the user picks an account here.

use keyfob_session::browser::LINK_SITE_ARGUMENT;
use keyfob_session::model::site::Page;
use serde::Serialize;
use tauri::{AppHandle, Emitter, Manager, State};

use crate::actions::changed;
use crate::error::{Code, CommandError};
use crate::state::{AppState, lock};

/// The page named by `--link-site=HOST` among `args`, when its host belongs to a site Keyfob links.
fn requested(args: &[String]) -> Option<Page> {
    let prefix = format!("{LINK_SITE_ARGUMENT}=");
    args.iter().find_map(|a| a.strip_prefix(&prefix)).and_then(|host| Page::of_host(host).ok())
}

/// Shows the window asking about the page in `args`, if they name one (the newest request replaces an
/// earlier one still unanswered).
pub(crate) fn open(app: &AppHandle, args: &[String]) {
    let Some(page) = requested(args) else { return };
    *lock(&app.state::<AppState>().site_link) = Some(page);
    crate::windows::show_main(app);
    let _ = app.emit("site-link", ());
}

/// An account the asking site only looks like it belongs to: named like it, linked to other sites.
#[derive(Serialize)]
pub(crate) struct Lookalike {
    /// `Issuer (name)`.
    label: String,
    /// The sites it is linked to.
    sites: Vec<String>,
}

/// The question the window shows. No account is suggested: the user picks one.
#[derive(Serialize)]
pub(crate) struct SiteLinkView {
    /// The site asking (its registrable domain), shown large.
    site: String,
    /// The page's host, shown with the part before the site dimmed; "only this host" links just it.
    host: String,
    /// The accounts already linked to a site covering this page.
    linked: Vec<u64>,
    /// Accounts named like the site but linked elsewhere: the window warns "this is not …".
    lookalikes: Vec<Lookalike>,
}

/// The page waiting for the user's answer, if any (a locked vault answers `vault.locked`, and the window
/// asks again once unlocked).
#[tauri::command]
pub(crate) fn site_link_request(state: State<'_, AppState>) -> Result<Option<SiteLinkView>, CommandError> {
    let Some(page) = lock(&state.site_link).clone() else { return Ok(None) };
    let opened = state.session.existing_vault()?;
    let vault = opened.vault();
    let linked = vault.accounts_for_page(&page).iter().map(|e| e.id).collect();
    let lookalikes = vault
        .lookalikes(&page)
        .into_iter()
        .map(|e| Lookalike {
            label: keyfob_session::label(e.issuer.as_deref(), &e.name),
            sites: e.sites.iter().map(|s| s.as_str().to_owned()).collect(),
        })
        .collect();
    Ok(Some(SiteLinkView { site: page.site().to_string(), host: page.host().to_owned(), linked, lookalikes }))
}

/// The waiting page, when it is still the one at `host` (the one the user saw: a newer request may have
/// replaced it).
fn waiting(state: &AppState, host: &str) -> Result<Page, CommandError> {
    let waiting = lock(&state.site_link).clone();
    waiting.filter(|w| w.host() == host).ok_or_else(|| {
        CommandError::new(Code::SiteLinkChanged, keyfob_session::Message::new("app-error-site-link-changed"))
    })
}

/// Forgets the waiting page, if it is still `page` (a request that came in meanwhile stays).
fn answered(state: &AppState, page: &Page) {
    let mut waiting = lock(&state.site_link);
    if waiting.as_ref() == Some(page) {
        *waiting = None;
    }
}

/// Links the site the user saw (the whole site, or with `host_only` the page's host alone) to the
/// account they picked.
#[tauri::command]
pub(crate) fn link_site(
    app: AppHandle,
    state: State<'_, AppState>,
    host: String,
    id: u64,
    host_only: bool,
) -> Result<(), CommandError> {
    let page = waiting(&state, &host)?;
    let site = if host_only { page.host_only() } else { page.site().clone() };
    state.session.link_site(id, site)?;
    answered(&state, &page);
    changed(&app);
    Ok(())
}

/// Leaves the site unlinked.
#[tauri::command]
pub(crate) fn dismiss_site_link(state: State<'_, AppState>, host: String) -> Result<(), CommandError> {
    answered(&state, &waiting(&state, &host)?);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_site_keyfob_links_is_asked_about() {
        let args = |a: &[&str]| a.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        let asked = |a: &[&str]| requested(&args(a)).map(|p| format!("{} {}", p.host(), p.site()));
        assert_eq!(
            asked(&["keyfob-app", "--link-site=login.keyfob.localhost"]),
            Some("login.keyfob.localhost keyfob.localhost".into())
        );
        assert_eq!(asked(&["keyfob-app", "--link-site=login.keyfob.localhost/x"]), None, "a host alone");
        assert_eq!(asked(&["keyfob-app", "--link-site=co.uk"]), None);
        assert_eq!(asked(&["keyfob-app", "--link-site=http://example.com/"]), None, "insecure");
        assert_eq!(asked(&["keyfob-app", "--link-site"]), None);
        assert_eq!(asked(&["keyfob-app", "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP"]), None);
    }
}
