//! andOTP's plain JSON backup: an array of `{secret, issuer, label, digits, type, algorithm, period,
//! counter}`, `type` being `TOTP`, `HOTP` or `STEAM`.

use serde::Deserialize;

use super::{Error, Report, collect};
use crate::account::{Fields, split_label};

#[derive(Deserialize)]
struct Entry {
    secret: String,
    #[serde(default)]
    issuer: String,
    #[serde(default)]
    label: String,
    digits: Option<u8>,
    r#type: Option<String>,
    algorithm: Option<String>,
    period: Option<u32>,
    counter: Option<u64>,
}

/// Reads an andOTP plain JSON backup.
///
/// # Errors
/// [`Error::Malformed`].
pub fn read(bytes: &[u8]) -> Result<Report, Error> {
    let entries: Vec<Entry> =
        serde_json::from_slice(bytes).map_err(|e| Error::Malformed { format: "an andOTP", reason: e.to_string() })?;
    Ok(collect(
        &entries,
        |position, entry| format!("entry {position} `{}`", entry.label),
        |entry| {
            let (issuer, name) = split_label(&entry.label, Some(&entry.issuer));
            Fields {
                kind: entry.r#type.as_deref().unwrap_or("totp"),
                algorithm: entry.algorithm.as_deref(),
                digits: entry.digits,
                period: entry.period,
                counter: entry.counter,
                secret: &entry.secret,
                issuer,
                name,
            }
            .build()
        },
    ))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::import::{self, Format};
    use crate::uri;

    #[test]
    fn reads_every_type_and_reports_the_rest() {
        let bytes = serde_json::to_vec(&json!([
            {"secret": "JBSWY3DPEHPK3PXP", "issuer": "GitHub", "label": "alice", "digits": 6, "type": "TOTP",
             "algorithm": "SHA1", "thumbnail": "Default", "last_used": 0, "used_frequency": 0, "period": 30, "tags": []},
            {"secret": "GEZDGNBVGY3TQOJQ", "issuer": "", "label": "Bank:bob", "digits": 7, "type": "HOTP",
             "algorithm": "SHA256", "counter": 9},
            {"secret": "KRSXG5CTMVRXEZLU", "issuer": "Steam", "label": "gamer", "digits": 5, "type": "STEAM", "period": 30},
            {"secret": "KRSXG5CTMVRXEZLU", "issuer": "Moto", "label": "m", "type": "MOTP"}
        ]))
        .unwrap();
        assert_eq!(Format::detect(&bytes), Some(Format::AndOtp));
        let report = import::read(&bytes, None, None).unwrap();
        let links: Vec<String> = report.accounts.iter().map(|a| uri::to_uri(&a.account).to_string()).collect();
        assert_eq!(
            links,
            [
                "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub&algorithm=SHA1&digits=6&period=30",
                "otpauth://hotp/Bank:bob?secret=GEZDGNBVGY3TQOJQ&issuer=Bank&algorithm=SHA256&digits=7&counter=9",
                "otpauth://totp/Steam:gamer?secret=KRSXG5CTMVRXEZLU&issuer=Steam&algorithm=SHA1&digits=5&period=30&encoder=steam",
            ]
        );
        assert_eq!(report.problems, ["entry 4 `m`: MOTP codes are not supported by Keyfob"]);
    }
}
