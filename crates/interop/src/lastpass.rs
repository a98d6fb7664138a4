//! LastPass Authenticator's JSON export: `{version, accounts: [{issuerName, userName, secret, timeStep,
//! digits, algorithm, isFavorite, folderData: {folderId}}], folders: [{id, name}]}`. Every account is
//! TOTP. Folders other than LastPass's own two ("Favorites", "Other Accounts") become groups.

use std::collections::HashMap;

use serde::Deserialize;

use crate::report::{Carried, Entry, Error, Report, collect_carried};
use keyfob_core::text::json_fault;
use keyfob_otp::account::Fields;

/// The folders every LastPass Authenticator has; not groups the user made.
const BUILT_IN_FOLDERS: [&str; 2] = ["Favorites", "Other Accounts"];

#[derive(Deserialize)]
struct File {
    accounts: Vec<Account>,
    #[serde(default)]
    folders: Vec<Folder>,
}

#[derive(Deserialize)]
struct Folder {
    id: i64,
    name: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Account {
    #[serde(default)]
    issuer_name: String,
    #[serde(default)]
    user_name: String,
    secret: String,
    time_step: Option<u32>,
    digits: Option<u8>,
    algorithm: Option<String>,
    #[serde(default)]
    is_favorite: bool,
    folder_data: Option<FolderData>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct FolderData {
    folder_id: i64,
}

/// Reads a LastPass Authenticator JSON export.
///
/// # Errors
/// [`Error::Malformed`].
pub fn read(bytes: &[u8]) -> Result<Report, Error> {
    let file: File = serde_json::from_slice(bytes)
        .map_err(|e| Error::Malformed { format: "a LastPass Authenticator", reason: json_fault(&e) })?;
    let folders: HashMap<i64, &str> = file
        .folders
        .iter()
        .filter(|f| !BUILT_IN_FOLDERS.contains(&f.name.as_str()))
        .map(|f| (f.id, f.name.as_str()))
        .collect();
    Ok(collect_carried(
        &file.accounts,
        |position, account| {
            Entry::numbered("account", position, format!("{} ({})", account.issuer_name, account.user_name))
        },
        |account| {
            let built = Fields {
                kind: "totp",
                algorithm: account.algorithm.as_deref(),
                digits: account.digits,
                period: account.time_step,
                counter: None,
                secret: &account.secret,
                issuer: Some(account.issuer_name.as_str()),
                name: &account.user_name,
            }
            .build()?;
            let folder = account.folder_data.as_ref().and_then(|d| folders.get(&d.folder_id)).map(|n| (*n).to_owned());
            Ok((
                built,
                Carried { groups: folder.into_iter().collect(), favourite: account.is_favorite, ..Carried::default() },
            ))
        },
    ))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::import::{self, Format};

    #[test]
    fn reads_accounts_with_their_folders_and_favourites() {
        let bytes = serde_json::to_vec(&json!({"deviceName": "phone", "version": 1, "accounts": [
            {"issuerName": "GitHub", "originalIssuerName": "GitHub", "userName": "alice", "originalUserName": "alice",
             "secret": "JBSWY3DPEHPK3PXP", "timeStep": 30, "digits": 6, "algorithm": "SHA1", "isFavorite": true,
             "creationTimestamp": 1_746_694_099, "folderData": {"folderId": 1, "position": 0}},
            {"issuerName": "Payroll", "userName": "bob", "secret": "GEZDGNBVGY3TQOJQ", "timeStep": 60, "digits": 8,
             "algorithm": "SHA256", "isFavorite": false, "folderData": {"folderId": 7, "position": 0}},
            {"issuerName": "Broken", "userName": "x", "secret": "!!", "timeStep": 30, "digits": 6, "algorithm": "SHA1"}
        ], "folders": [{"id": 1, "name": "Favorites", "isOpened": true}, {"id": 0, "name": "Other Accounts"},
                       {"id": 7, "name": "Work", "isOpened": false}]}))
        .unwrap();
        assert_eq!(import::detect(&bytes), Some(Format::LastPass));
        let report = import::read(&bytes, None, None).unwrap();
        let links: Vec<String> = crate::report::links(&report);
        assert_eq!(
            links,
            [
                crate::report::canonical::GITHUB,
                "otpauth://totp/Payroll:bob?secret=GEZDGNBVGY3TQOJQ&issuer=Payroll&algorithm=SHA256&digits=8&period=60",
            ]
        );
        assert!(report.accounts[0].extras.favourite() && report.accounts[0].extras.groups().is_empty());
        assert_eq!(report.accounts[1].extras.groups(), ["Work"]);
        assert_eq!(report.problems.len(), 1);
        assert!(
            report.problems[0].to_string().starts_with("account 3 `Broken (x)`: the secret"),
            "{:?}",
            report.problems
        );
    }
}
