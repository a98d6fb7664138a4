//! How accounts are shown: a stable JSON shape for scripts, aligned tables for people.

use keyfob_session::model::vault::{Entry, PushEntry, Vault};
use keyfob_session::model::{Account, Method};
use serde::Serialize;
use zeroize::Zeroizing;

/// An account as `keyfob inspect` and `keyfob list --json` print it. Field names are part of the
/// command's interface.
#[derive(Serialize)]
struct AccountView<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<u64>,
    r#type: &'static str,
    issuer: Option<&'a str>,
    account: &'a str,
    algorithm: &'static str,
    digits: u8,
    #[serde(skip_serializing_if = "Option::is_none")]
    period: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    counter: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    secret: Option<&'a str>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    groups: &'a [String],
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    favourite: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    has_note: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    sites: Vec<&'a str>,
}

impl<'a> AccountView<'a> {
    fn new(id: Option<u64>, issuer: Option<&'a str>, account: &'a str, method: &Method) -> Self {
        Self {
            id,
            r#type: method.kind(),
            issuer,
            account,
            algorithm: method.algorithm().name(),
            digits: method.code_len(),
            period: method.period().map(|p| p.get()),
            counter: method.counter(),
            secret: None,
            groups: &[],
            favourite: false,
            has_note: false,
            sites: Vec::new(),
        }
    }
}

/// One line of JSON: type, issuer (null when none), account, algorithm, digits, and period or counter. The
/// secret is included only when `show_secret` is set.
pub(crate) fn account_json(account: &Account, show_secret: bool) -> Zeroizing<String> {
    let secret = show_secret.then(|| account.secret().to_base32());
    let mut view = AccountView::new(None, account.issuer(), account.name(), account.method());
    view.secret = secret.as_ref().map(|s| s.as_str());
    // Serialising plain strings and numbers cannot fail; the fallback keeps that proof out of a panic.
    Zeroizing::new(serde_json::to_string(&view).unwrap_or_else(|_| "{}".to_owned()))
}

/// A JSON array of the vault's accounts, with ids, never secrets; push tokens follow as objects of type
/// `push` with their `serial`, server `url`, and `insecure` (plain http to another computer, see
/// [`PushEntry::insecure`]).
pub(crate) fn entries_json(entries: &[Entry], push: &[PushEntry]) -> String {
    let mut views: Vec<serde_json::Value> = entries
        .iter()
        .map(|e| {
            let view = AccountView::new(Some(e.id), e.issuer.as_deref(), &e.name, &e.method);
            serde_json::to_value(AccountView {
                groups: &e.groups,
                favourite: e.favourite,
                has_note: e.has_note(),
                sites: e.sites.iter().map(keyfob_session::model::site::Site::as_str).collect(),
                ..view
            })
        })
        .collect::<Result<_, _>>()
        .unwrap_or_default();
    views.extend(push.iter().map(|p| {
        serde_json::json!({"id": p.id, "type": "push", "issuer": p.issuer, "account": p.name, "serial": p.serial, "url": p.url, "insecure": p.insecure()})
    }));
    // As above: plain data always serialises.
    serde_json::to_string_pretty(&views).unwrap_or_else(|_| "[]".to_owned())
}

/// Warns on stderr about each push token enrolled over plain http to another computer: it still works,
/// but its logins cross the network unencrypted, and enrolling again is how to fix it.
pub(crate) fn warn_insecure(out: &crate::terminal::Terminal<'_, impl std::io::Write>, push: &[PushEntry]) {
    for token in push.iter().filter(|t| t.insecure()) {
        let host = keyfob_session::model::push::server_host(&token.url).unwrap_or_default();
        let name = name(token.issuer.as_deref(), &token.name);
        out.warn(&keyfob_session::Message::new("cli-warning-insecure-push").with("name", name).with("host", host));
    }
}

/// How an entry is named to a person: `Issuer (account)`, or just the account.
pub(crate) fn label(entry: &Entry) -> String {
    name(entry.issuer.as_deref(), &entry.name)
}

pub(crate) use keyfob_session::label as name;

/// The name of the account or push token with `id`.
pub(crate) fn name_of(vault: &Vault, id: u64) -> Option<String> {
    let account = vault.entry(id).ok().map(label);
    account.or_else(|| vault.push_tokens().iter().find(|p| p.id == id).map(|p| name(p.issuer.as_deref(), &p.name)))
}
