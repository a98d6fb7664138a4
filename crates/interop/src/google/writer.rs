//! Writing Google Authenticator's export (`otpauth-migration://` texts, one per QR code), which its
//! "Transfer accounts → Import" scans.

use zeroize::Zeroizing;

use keyfob_otp::account::{Account, label};

/// How many accounts one Google Authenticator export QR code carries, as the app itself batches them: few
/// enough for a code a phone camera reads easily.
pub const BATCH: usize = 8;

/// A batch id for a Google Authenticator export made now: the app and phones tell exports apart by it.
pub fn batch_id(clock: &dyn keyfob_core::Clock) -> i32 {
    // Below 10⁹, so it always fits in an i32.
    i32::try_from(clock.now() % 1_000_000_000).unwrap_or(1)
}

/// Google Authenticator export texts (`otpauth-migration://`), one per QR code, batched, and the accounts
/// Google Authenticator cannot hold (left out and returned by name).
///
/// # Security
/// Each text holds secrets; they are wiped when dropped.
pub fn write(accounts: &[Account], batch_id: i32) -> (Vec<Zeroizing<String>>, Vec<String>) {
    let chunks: Vec<&[Account]> = accounts.chunks(BATCH).collect();
    let size = u32::try_from(chunks.len()).unwrap_or(u32::MAX);
    let mut texts = Vec::new();
    let mut left_out = Vec::new();
    for (index, chunk) in chunks.iter().enumerate() {
        let supported: Vec<&Account> = chunk.iter().filter(|a| super::migration::can_export(a)).collect();
        left_out.extend(chunk.iter().filter(|a| !super::migration::can_export(a)).map(|a| label(a.issuer(), a.name())));
        let batch = super::migration::Batch { index: u32::try_from(index).unwrap_or(u32::MAX), size, id: batch_id };
        texts.push(super::migration::to_uri(&supported, batch).0);
    }
    (texts, left_out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{export, import};
    use keyfob_otp::uri;

    #[test]
    fn google_exports_batch_and_name_what_they_leave_out() {
        let many: Vec<Account> = (0..10)
            .map(|n| uri::parse(&format!("otpauth://totp/S{n}:u?secret=JBSWY3DPEHPK3PXP")).unwrap())
            .chain(
                [
                    "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub",
                    "otpauth://hotp/Bank:bob?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=7&digits=8&algorithm=SHA512",
                    "otpauth://totp/Steam:gamer?secret=KRSXG5CTMVRXEZLU&issuer=Steam",
                    "otpauth://totp/Work:x?secret=MFRGGZDFMZTWQ2LK&period=60&digits=7",
                ]
                .map(|l| uri::parse(l).unwrap()),
            )
            .collect();
        let (texts, left_out) = write(&many, 9);
        assert_eq!(texts.len(), 2);
        assert_eq!(left_out, ["Steam (gamer)", "Work (x)"]);
        let report = crate::payload::read_texts(&texts.iter().map(|t| t.to_string()).collect::<Vec<_>>());
        assert_eq!(report.accounts.len(), 12);
        assert!(report.problems.is_empty(), "{:?}", report.problems);
        let images: Vec<Zeroizing<Vec<u8>>> = texts.iter().map(|t| export::qr_png(t).unwrap()).collect();
        let named: Vec<(&str, &[u8])> = images.iter().map(|png| ("export.png", png.as_slice())).collect();
        assert_eq!(import::read_files(&named, None, None).unwrap().accounts, report.accounts);
    }
}
