//! FreeOTP+'s JSON export: `{tokens: [{type, algo, digits, period, counter, issuerExt, issuerInt, label,
//! secret}], tokenOrder}`, the secret as an array of signed bytes (Java's `byte[]`), `type` `TOTP` or `HOTP`.
//! FreeOTP+ splits the link's label when it adds a token: `label` is already the account's name (a colon
//! in it is part of the name), and the issuer is `issuerExt` (the label's prefix), else `issuerInt` (the
//! link's `issuer` parameter).

use serde::Deserialize;

use crate::report::{Entry, Error, Reason, Report, collect};
use keyfob_core::text::json_fault;
use keyfob_otp::account::Fields;
use keyfob_otp::secret::OtpSecret;

#[derive(Deserialize)]
struct File {
    tokens: Vec<Token>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Token {
    #[serde(default)]
    r#type: Option<String>,
    algo: Option<String>,
    digits: Option<u8>,
    period: Option<u32>,
    counter: Option<u64>,
    #[serde(default)]
    issuer_ext: Option<String>,
    #[serde(default)]
    issuer_int: Option<String>,
    #[serde(default)]
    label: String,
    secret: Vec<i8>,
}

/// Reads a FreeOTP+ JSON export.
///
/// # Errors
/// [`Error::Malformed`].
pub fn read(bytes: &[u8]) -> Result<Report, Error> {
    let file: File =
        serde_json::from_slice(bytes).map_err(|e| Error::Malformed { format: "a FreeOTP+", reason: json_fault(&e) })?;
    Ok(collect(
        &file.tokens,
        |position, token| Entry::numbered("token", position, &token.label),
        |token| {
            // Java bytes are signed; the secret is their two's-complement bit patterns.
            let bytes: Vec<u8> = token.secret.iter().map(|b| b.to_ne_bytes()[0]).collect();
            let secret = OtpSecret::from_bytes(bytes)?;
            let issuer = [&token.issuer_ext, &token.issuer_int].into_iter().flatten().find(|i| !i.is_empty());
            Fields {
                kind: token.r#type.as_deref().unwrap_or("totp"),
                algorithm: token.algo.as_deref(),
                digits: token.digits,
                period: token.period,
                counter: token.counter,
                secret: &secret.to_base32(),
                issuer: issuer.map(String::as_str),
                name: &token.label,
            }
            .build()
            .map_err(Reason::from)
        },
    ))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::import::{self, Format};

    #[test]
    fn reads_signed_byte_secrets_both_types_and_reports_the_rest() {
        // "Hello!\xde\xad\xbe\xef" as Java's signed bytes: JBSWY3DPEHPK3PXP.
        let hello = json!([72, 101, 108, 108, 111, 33, -34, -83, -66, -17]);
        let bytes = serde_json::to_vec(&json!({"tokenOrder": ["GitHub:alice", "Bank:bob"], "tokens": [
            {"algo": "SHA1", "counter": 0, "digits": 6, "issuerExt": "GitHub", "issuerInt": "GitHub",
             "label": "alice", "period": 30, "secret": hello, "type": "TOTP"},
            {"algo": "SHA256", "counter": 7, "digits": 8, "issuerExt": "Bank", "label": "bob", "period": 30,
             "secret": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], "type": "HOTP"},
            {"algo": "MD5", "digits": 6, "issuerExt": "Old", "label": "x", "period": 30, "secret": [1, 2, 3], "type": "TOTP"},
            {"algo": "SHA1", "digits": 6, "issuerExt": "Empty", "label": "y", "period": 30, "secret": [], "type": "TOTP"},
            // The label is the name whole, colon and all; the issuer only in `issuerInt` is still the issuer.
            {"digits": 6, "issuerExt": "", "issuerInt": "Corp", "label": "DOMAIN:bob", "period": 30,
             "secret": hello, "type": "TOTP"}
        ]}))
        .unwrap();
        assert_eq!(import::detect(&bytes), Some(Format::FreeOtp));
        let report = import::read(&bytes, None, None).unwrap();
        let links: Vec<String> = crate::report::links(&report);
        assert_eq!(
            links,
            [
                crate::report::canonical::GITHUB,
                "otpauth://hotp/Bank:bob?secret=AEBAGBAFAYDQQCIK&issuer=Bank&algorithm=SHA256&digits=8&counter=7",
                "otpauth://totp/Corp:DOMAIN%3Abob?secret=JBSWY3DPEHPK3PXP&issuer=Corp&algorithm=SHA1&digits=6&period=30",
            ]
        );
        assert_eq!(report.problems.len(), 2, "{:?}", report.problems);
        assert!(
            report.problems[0].to_string().starts_with("token 3 `x`: unsupported algorithm `MD5`"),
            "{:?}",
            report.problems
        );
        assert!(report.problems[1].to_string().starts_with("token 4 `y`: "), "{:?}", report.problems);
        // Bytes out of a signed byte's range are damage, not a wrapped secret.
        let wrong = br#"{"tokens": [{"label": "z", "secret": [300]}]}"#;
        assert!(matches!(import::read(wrong, Some(Format::FreeOtp), None), Err(import::Error::Malformed { .. })));
    }
}
