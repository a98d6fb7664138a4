//! Accounts in text: what a QR code, a pasted link or a clicked link holds. Both `otpauth://` links and
//! Google Authenticator exports (`otpauth-migration://`) are read; whatever cannot become an account is
//! described, and the rest are still returned. Push enrolment links (`otpauth://pipush/`) are set apart:
//! they are not accounts until the device registers with their server.

use zeroize::Zeroizing;

use crate::google::migration;
use keyfob_otp::account::Account;
use keyfob_otp::uri;
use keyfob_push_proto as push;

/// What a set of texts held.
#[derive(Debug, Default)]
pub struct Found {
    /// Every usable account, in order.
    pub accounts: Vec<Account>,
    /// Push enrolment links, as found (each holds a one-time credential, wiped on drop).
    pub push: Vec<Zeroizing<String>>,
    /// One line for each text or export entry that could not be used, saying why.
    pub problems: Vec<String>,
}

/// Reads accounts from texts (blank ones are skipped).
pub fn read<'a>(texts: impl IntoIterator<Item = &'a str>) -> Found {
    let mut found = Found::default();
    for text in texts.into_iter().map(str::trim).filter(|t| !t.is_empty()) {
        if push::is_push_link(text) {
            found.push.push(Zeroizing::new(text.to_owned()));
            continue;
        }
        match uri::parse(text) {
            Ok(account) => found.accounts.push(account),
            Err(uri::Error::MigrationExport) => match migration::parse(text) {
                Ok(export) => {
                    found
                        .problems
                        .extend(export.skipped.iter().map(|s| format!("skipped `{}`: it {}", s.label, s.reason)));
                    found.accounts.extend(export.accounts);
                }
                Err(e) => found.problems.push(e.to_string()),
            },
            Err(uri::Error::NotOtpauth { .. }) => found.problems.push("no otpauth:// link in it".to_owned()),
            Err(e) => found.problems.push(format!("an invalid otpauth:// link: {e}")),
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(found.problems[0], "no otpauth:// link in it");
        assert!(found.problems[1].starts_with("an invalid otpauth:// link: the secret has a character"));
        assert!(found.problems[2].contains("not valid base64"));
    }
}
