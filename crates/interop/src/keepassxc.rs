//! KeePassXC's CSV export: a header row (`"Group","Title","Username","Password","URL","Notes","TOTP",…`),
//! then one row per entry. Entries with a `TOTP` value (an `otpauth://` link, or a bare base32 secret, then
//! named by the title and the username) are authenticator accounts; the rest are passwords and are
//! skipped. The group path below the database's root group becomes the group, `Notes` the note, `URL` its
//! website.

use crate::payload;
use crate::report::{Carried, Entry, Error, Reason, Report, collect_carried, csv_reason};
use keyfob_otp::account::Account;
use keyfob_otp::otp::Method;
use keyfob_otp::secret::OtpSecret;

const FORMAT: &str = "a KeePassXC CSV";

/// One entry with a TOTP value.
struct Row {
    group: String,
    title: String,
    username: String,
    notes: String,
    url: String,
    totp: String,
}

/// Whether the first line of `text` is KeePassXC's CSV header.
pub(crate) fn looks_like(text: &str) -> bool {
    let header = text.lines().next().unwrap_or_default();
    ["\"Group\"", "\"Title\"", "\"TOTP\""].iter().all(|column| header.contains(column))
}

/// The file is malformed for `reason`: Keyfob's own words (never a parser's, which may quote a secret:
/// see [`json_fault`](keyfob_core::text::json_fault)).
fn malformed(reason: impl Into<String>) -> Error {
    Error::Malformed { format: FORMAT, reason: reason.into() }
}

fn rows(bytes: &[u8]) -> Result<Vec<Row>, Error> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
    let header = reader.headers().map_err(|e| malformed(csv_reason(&e)))?.clone();
    let column = |name: &str| header.iter().position(|h| h.trim().eq_ignore_ascii_case(name));
    let totp = column("TOTP").ok_or_else(|| malformed("there is no TOTP column"))?;
    let (group, title, username, notes) = (column("Group"), column("Title"), column("Username"), column("Notes"));
    let url = column("URL");
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| malformed(csv_reason(&e)))?;
        let field = |index: Option<usize>| index.and_then(|i| record.get(i)).unwrap_or_default().to_owned();
        let value = field(Some(totp));
        if value.trim().is_empty() {
            continue;
        }
        rows.push(Row {
            group: field(group),
            title: field(title),
            username: field(username),
            notes: field(notes),
            url: field(url),
            totp: value,
        });
    }
    Ok(rows)
}

fn account(row: &Row) -> Result<Account, Reason> {
    let totp = row.totp.trim();
    if totp.contains("://") {
        return payload::first_account(totp);
    }
    let secret = OtpSecret::from_base32(totp)?;
    Ok(Account::new(Some(&row.title), &row.username, secret, Method::DEFAULT_TOTP)?)
}

/// Reads KeePassXC's CSV export.
///
/// # Errors
/// [`Error::Malformed`].
pub fn read(bytes: &[u8]) -> Result<Report, Error> {
    let rows = rows(bytes)?;
    Ok(collect_carried(
        &rows,
        |_, row| Entry::named("entry", &row.title),
        |row| {
            // The first part of the path is the database's root group, present in every row.
            let group = row.group.split_once('/').map(|(_, below)| below.trim().to_owned()).filter(|g| !g.is_empty());
            let note = Some(row.notes.clone()).filter(|n| !n.trim().is_empty());
            let carried = Carried {
                groups: group.into_iter().collect(),
                note,
                sites: vec![row.url.clone()],
                ..Carried::default()
            };
            Ok((account(row)?, carried))
        },
    ))
}

#[cfg(test)]
mod tests {
    use crate::import::{self, Format};

    const CSV: &str = "\"Group\",\"Title\",\"Username\",\"Password\",\"URL\",\"Notes\",\"TOTP\",\"Icon\",\"Last Modified\",\"Created\"\n\
\"Root/Work\",\"GitHub\",\"alice\",\"pw\",\"https://github.com\",\"recovery codes:\n1111 2222\",\"otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&period=30&digits=6&issuer=GitHub\",\"0\",\"2026-01-01T00:00:00Z\",\"2026-01-01T00:00:00Z\"\n\
\"Root\",\"Mail\",\"carol\",\"pw\",\"\",\"\",\"\",\"0\",\"\",\"\"\n\
\"Root\",\"Payroll\",\"bob\",\"pw\",\"\",\"\",\"GEZD GNBV GY3T QOJQ\",\"0\",\"\",\"\"\n\
\"Root/Home/Games\",\"Broken\",\"dan\",\"pw\",\"\",\"\",\"not a secret!\",\"0\",\"\",\"\"\n";

    #[test]
    fn reads_totp_rows_with_their_group_and_notes_and_skips_passwords() {
        assert_eq!(import::detect(CSV.as_bytes()), Some(Format::KeePassXc));
        let report = import::read(CSV.as_bytes(), None, None).unwrap();
        let links: Vec<String> = crate::report::links(&report);
        assert_eq!(
            links,
            [
                crate::report::canonical::GITHUB,
                "otpauth://totp/Payroll:bob?secret=GEZDGNBVGY3TQOJQ&issuer=Payroll&algorithm=SHA1&digits=6&period=30",
            ]
        );
        assert_eq!(report.accounts[0].extras.groups(), ["Work"]);
        assert_eq!(report.accounts[0].extras.note(), Some("recovery codes:\n1111 2222"));
        assert!(report.accounts[1].extras.is_empty());
        assert_eq!(report.problems.len(), 1);
        assert!(report.problems[0].to_string().starts_with("entry `Broken`: the secret"), "{:?}", report.problems);
    }

    #[test]
    fn damaged_csv_is_refused() {
        assert!(matches!(
            import::read(b"\"Group\",\"Title\",\"Username\"\n\"a\",\"b\",\"c\"\n", Some(Format::KeePassXc), None),
            Err(import::Error::Malformed { .. })
        ));
        let unterminated =
            format!("{}\n\"Root\",\"x\",\"y\",\"\",\"\",\"\",\"JBSWY3DPEHPK3PXP\n", CSV.lines().next().unwrap());
        // An unclosed quote runs to the end of the file: that row's last field is the rest, read as a secret.
        let report = import::read(unterminated.as_bytes(), Some(Format::KeePassXc), None).unwrap();
        assert_eq!((report.accounts.len(), report.problems.len()), (1, 0), "{:?}", report.problems);
    }
}
