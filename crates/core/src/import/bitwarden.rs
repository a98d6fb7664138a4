//! Bitwarden's JSON export: `{encrypted, items: [{name, login: {username, totp}}]}`. `totp` holds an
//! `otpauth://` link, a bare base32 secret (then the item's name is the issuer and the username the
//! account), or `steam://SECRET`. Items without `totp` are passwords, not authenticator accounts. An item's
//! folder (`folderId` into `folders`) becomes its group, `favorite` its pin, `notes` its note.

use serde::Deserialize;

use std::collections::HashMap;

use super::{Carried, Error, Report, collect_carried};
use crate::account::Account;
use crate::otp::{Method, Period};
use crate::payload;
use crate::secret::OtpSecret;

#[derive(Deserialize)]
struct File {
    #[serde(default)]
    encrypted: bool,
    #[serde(default)]
    items: Vec<Item>,
    #[serde(default)]
    folders: Vec<Folder>,
}

#[derive(Deserialize)]
struct Folder {
    id: String,
    name: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Item {
    #[serde(default)]
    name: String,
    login: Option<Login>,
    #[serde(default)]
    favorite: bool,
    folder_id: Option<String>,
    notes: Option<String>,
}

#[derive(Deserialize)]
struct Login {
    username: Option<String>,
    totp: Option<String>,
}

/// Reads a Bitwarden JSON export.
///
/// # Errors
/// [`Error::Malformed`], or [`Error::Unsupported`] for an encrypted export.
pub fn read(bytes: &[u8]) -> Result<Report, Error> {
    let file: File =
        serde_json::from_slice(bytes).map_err(|e| Error::Malformed { format: "a Bitwarden", reason: e.to_string() })?;
    if file.encrypted {
        return Err(Error::Unsupported("export the vault from Bitwarden as unencrypted JSON".into()));
    }
    let with_codes: Vec<(&Item, &Login, &str)> = file
        .items
        .iter()
        .filter_map(|item| {
            let login = item.login.as_ref()?;
            let totp = login.totp.as_deref().map(str::trim).filter(|t| !t.is_empty())?;
            Some((item, login, totp))
        })
        .collect();
    let folders: HashMap<&str, &str> = file.folders.iter().map(|f| (f.id.as_str(), f.name.as_str())).collect();
    Ok(collect_carried(
        &with_codes,
        |_, (item, _, _)| format!("item `{}`", item.name),
        |(item, login, totp)| {
            let username = login.username.as_deref().unwrap_or_default();
            let account = if totp.contains("://") && !totp.to_ascii_lowercase().starts_with("steam://") {
                let found = payload::read([*totp]);
                found.accounts.into_iter().next().ok_or_else(|| found.problems.join("; "))?
            } else {
                bare(&item.name, username, totp)?
            };
            let folder = item.folder_id.as_deref().and_then(|id| folders.get(id)).map(|name| (*name).to_owned());
            Ok((
                account,
                Carried { groups: folder.into_iter().collect(), favourite: item.favorite, note: item.notes.clone() },
            ))
        },
    ))
}

fn bare(name: &str, username: &str, totp: &str) -> Result<Account, String> {
    let (method, secret) = match totp.get(..8) {
        Some(prefix) if prefix.eq_ignore_ascii_case("steam://") => {
            (Method::Steam { period: Period::THIRTY }, totp.get(8..).unwrap_or_default())
        }
        _ => (Method::DEFAULT_TOTP, totp),
    };
    let secret = OtpSecret::from_base32(secret).map_err(|e| e.to_string())?;
    Account::new(Some(name), username, secret, method).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::import::{self, Format};
    use crate::uri;

    #[test]
    fn reads_links_bare_secrets_and_steam_and_skips_plain_logins() {
        let bytes = serde_json::to_vec(&json!({"encrypted": false, "folders": [], "items": [
            {"type": 1, "name": "GitHub", "login": {"username": "alice", "password": "pw",
             "totp": "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub&digits=8"}},
            {"type": 1, "name": "Payroll", "login": {"username": "bob", "password": "pw", "totp": "gezd gnbv gy3t qojq"}},
            {"type": 1, "name": "Steam", "login": {"username": "gamer", "totp": "steam://KRSXG5CTMVRXEZLU"}},
            {"type": 1, "name": "Mail", "login": {"username": "carol", "password": "pw", "totp": null}},
            {"type": 2, "name": "A note", "secureNote": {"type": 0}},
            {"type": 1, "name": "Broken", "login": {"username": "dan", "totp": "not a secret!"}}
        ]}))
        .unwrap();
        assert_eq!(Format::detect(&bytes), Some(Format::Bitwarden));
        let report = import::read(&bytes, None, None).unwrap();
        let links: Vec<String> = report.accounts.iter().map(|a| uri::to_uri(&a.account).to_string()).collect();
        assert_eq!(
            links,
            [
                "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub&algorithm=SHA1&digits=8&period=30",
                "otpauth://totp/Payroll:bob?secret=GEZDGNBVGY3TQOJQ&issuer=Payroll&algorithm=SHA1&digits=6&period=30",
                "otpauth://totp/Steam:gamer?secret=KRSXG5CTMVRXEZLU&issuer=Steam&algorithm=SHA1&digits=5&period=30&encoder=steam",
            ]
        );
        assert_eq!(report.problems.len(), 1);
        assert!(report.problems[0].starts_with("item `Broken`: the secret has a character"), "{:?}", report.problems);
    }

    #[test]
    fn an_encrypted_export_says_how_to_export_instead() {
        let bytes =
            serde_json::to_vec(&json!({"encrypted": true, "passwordProtected": true, "data": "x", "items": []}))
                .unwrap();
        assert!(matches!(read(&bytes), Err(Error::Unsupported(_))));
    }
}
