//! Accounts in text: what a QR code, a pasted link or a clicked link holds. Both `otpauth://` links and
//! Google Authenticator exports (`otpauth-migration://`) are read; whatever cannot become an account is
//! described, and the rest are still returned. Push enrolment links (`otpauth://pipush/`) are set apart:
//! they are not accounts until the device registers with their server.

use std::collections::BTreeMap;

use zeroize::Zeroizing;

use crate::google::migration;
use crate::report::{Entry, Error, ImportProblem, Reason, Report};
use keyfob_otp::account::Account;
use keyfob_otp::uri;
use keyfob_push_proto as push;
use keyfob_qr as qr;

/// What a set of texts held.
#[derive(Debug, Default)]
pub struct Found {
    /// Every usable account, in order.
    pub accounts: Vec<Account>,
    /// Push enrolment links, as found (each holds a one-time credential, wiped on drop).
    pub push: Vec<Zeroizing<String>>,
    /// One for each text or export entry that could not be used, saying why.
    pub problems: Vec<ImportProblem>,
}

/// Reads accounts from texts (blank ones are skipped).
pub fn read<'a>(texts: impl IntoIterator<Item = &'a str>) -> Found {
    let mut found = Found::default();
    for text in texts.into_iter().map(str::trim).filter(|t| !t.is_empty()) {
        if push::is_push_link(text) {
            found.push.push(Zeroizing::new(text.to_owned()));
            continue;
        }
        let whole = |reason| ImportProblem { entry: None, reason };
        match uri::parse(text) {
            Ok(account) => found.accounts.push(account),
            Err(uri::Error::MigrationExport) => match migration::parse(text) {
                Ok(export) => {
                    found.problems.extend(export.skipped.into_iter().map(|s| ImportProblem {
                        entry: Some(Entry::named("skipped", s.label)),
                        reason: Reason::Unusable(s.reason),
                    }));
                    found.accounts.extend(export.accounts);
                }
                Err(e) => found.problems.push(whole(Reason::Export(e))),
            },
            Err(uri::Error::NotOtpauth { .. }) => found.problems.push(whole(Reason::NoLink)),
            Err(e) => found.problems.push(whole(Reason::Link(e))),
        }
    }
    found
}

/// The first account in `text` (an entry's link, in an export that keeps links), or why there is none.
pub(crate) fn first_account(text: &str) -> Result<Account, Reason> {
    let found = read([text]);
    match (found.accounts.into_iter().next(), found.problems.is_empty()) {
        (Some(account), _) => Ok(account),
        // A push enrolment link, or nothing: no account, and no problem to quote.
        (None, true) => Err(Reason::NoLink),
        (None, false) => Err(Reason::InLink(found.problems)),
    }
}

/// Reads the export QR codes in images (file bytes), together: one report for all of them.
///
/// # Errors
/// [`Error::Malformed`] when an image cannot be read or holds no QR code: naming which one.
pub fn read_images(images: &[(&str, &[u8])]) -> Result<Report, Error> {
    let mut texts = Vec::new();
    for (name, bytes) in images {
        let found = qr::decode_image_bytes(bytes).map_err(|e| Error::Malformed {
            format: "a Google Authenticator export image",
            reason: format!("{name}: {e}"),
        })?;
        texts.extend(found);
    }
    Ok(read_texts(&texts))
}

/// Reads export (and plain otpauth) texts, and names the batches of each export that are missing.
pub fn read_texts(texts: &[String]) -> Report {
    let found = read(texts.iter().map(String::as_str));
    let mut report = Report::of_accounts(found.accounts, found.problems);
    // Which batches of each export (by id) were seen, and how many it has.
    let mut exports: BTreeMap<i32, (u32, Vec<u32>)> = BTreeMap::new();
    for export in texts.iter().filter_map(|t| migration::parse(t).ok()) {
        let seen = exports.entry(export.batch.id).or_insert((export.batch.size, Vec::new()));
        seen.1.push(export.batch.index);
    }
    for (id, (size, seen)) in exports {
        let missing: Vec<u32> = (0..size).filter(|i| !seen.contains(i)).map(|i| i + 1).collect();
        if !missing.is_empty() {
            report.problems.push(ImportProblem { entry: None, reason: Reason::MissingBatches { id, size, missing } });
        }
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::google::migration::Batch;
    use keyfob_otp::uri;

    #[test]
    fn reads_links_and_exports_and_describes_the_rest() {
        let found = read([
            "otpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP",
            "  ",
            "https://example.com",
            "otpauth://totp/B:b?secret=JBSWY3DPEHPK3PX1",
            "otpauth-migration://offline?data=!!",
            "otpauth://pipush/PIPU1?url=http%3A//127.0.0.1/ttype/push&serial=PIPU1&enrollment_credential=ab",
        ]);
        assert_eq!(found.accounts.len(), 1);
        assert_eq!(found.push.len(), 1);
        assert_eq!(found.problems.len(), 3);
        assert_eq!(found.problems[0], ImportProblem { entry: None, reason: Reason::NoLink });
        assert_eq!(found.problems[0].to_string(), "no otpauth:// link in it");
        assert!(matches!(found.problems[1].reason, Reason::Link(uri::Error::Secret(_))));
        assert!(found.problems[1].to_string().starts_with("an invalid otpauth:// link: the secret has a character"));
        assert!(matches!(found.problems[2].reason, Reason::Export(migration::Error::InvalidBase64 { .. })));
        assert!(found.problems[2].to_string().contains("not valid base64"));
    }

    fn export(links: &[&str], index: u32, size: u32) -> String {
        let accounts: Vec<_> = links.iter().map(|l| uri::parse(l).unwrap()).collect();
        let refs: Vec<_> = accounts.iter().collect();
        migration::to_uri(&refs, Batch { index, size, id: 31 }).0.to_string()
    }

    #[test]
    fn reads_all_batches_and_names_the_missing_ones() {
        let first = export(&["otpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP"], 0, 3);
        let third = export(&["otpauth://totp/C:c?secret=GEZDGNBVGY3TQOJQ"], 2, 3);
        let report = read_texts(&[first.clone(), third.clone()]);
        assert_eq!(report.accounts.len(), 2);
        let missing = Reason::MissingBatches { id: 31, size: 3, missing: vec![2] };
        assert_eq!(report.problems, [ImportProblem { entry: None, reason: missing }]);
        assert_eq!(
            report.problems[0].to_string(),
            "the Google Authenticator export (batch id 31) has 3 QR codes; code 2 of 3 was not given, so its accounts are missing: scan it too"
        );
        let second = export(&["otpauth://totp/B:b?secret=KRSXG5CTMVRXEZLU"], 1, 3);
        let whole = read_texts(&[third, second, first]);
        assert_eq!((whole.accounts.len(), whole.problems.len()), (3, 0));
    }
}
