//! Google Authenticator, both ways: its export protocol ([`migration`], `otpauth-migration://`), its export
//! QR codes read from images or texts (every account of every batch, and the batches of an export that
//! were not given, named so the user can scan them too), and exports written for it to scan ([`write`]).

use std::collections::BTreeMap;

pub mod migration;
mod writer;

pub use writer::{BATCH, batch_id, write};

use crate::import::{Error, Report};
use crate::payload;
use keyfob_qr as qr;

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
    let found = payload::read(texts.iter().map(String::as_str));
    let mut report = Report::of_accounts(found.accounts, found.problems);
    // Which batches of each export (by id) were seen, and how many it has.
    let mut exports: BTreeMap<i32, (u32, Vec<u32>)> = BTreeMap::new();
    for export in texts.iter().filter_map(|t| migration::parse(t).ok()) {
        let seen = exports.entry(export.batch.id).or_insert((export.batch.size, Vec::new()));
        seen.1.push(export.batch.index);
    }
    for (id, (size, seen)) in exports {
        let missing: Vec<String> = (0..size).filter(|i| !seen.contains(i)).map(|i| (i + 1).to_string()).collect();
        if !missing.is_empty() {
            report.problems.push(format!(
                "the Google Authenticator export (batch id {id}) has {size} QR codes; code {} of {size} was not given, so its accounts are missing: scan it too",
                missing.join(", ")
            ));
        }
    }
    report
}

#[cfg(test)]
mod tests {
    use super::migration::Batch;
    use super::*;
    use keyfob_otp::uri;

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
        assert_eq!(
            report.problems,
            [
                "the Google Authenticator export (batch id 31) has 3 QR codes; code 2 of 3 was not given, so its accounts are missing: scan it too"
            ]
        );
        let second = export(&["otpauth://totp/B:b?secret=KRSXG5CTMVRXEZLU"], 1, 3);
        let whole = read_texts(&[third, second, first]);
        assert_eq!((whole.accounts.len(), whole.problems.len()), (3, 0));
    }
}
