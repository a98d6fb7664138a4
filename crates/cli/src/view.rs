//! How accounts are shown to scripts: a stable JSON shape.

use keyfob_core::{Account, Method};
use serde::Serialize;
use zeroize::Zeroizing;

/// An account as `keyfob inspect` prints it. Field names are part of the command's interface.
#[derive(Serialize)]
struct AccountView<'a> {
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
}

/// One line of JSON: type, issuer (null when none), account, algorithm, digits, and period or counter. The
/// secret is included only when `show_secret` is set.
pub fn to_json(account: &Account, show_secret: bool) -> Zeroizing<String> {
    let method = account.method();
    let secret = show_secret.then(|| account.secret().to_base32());
    let view = AccountView {
        r#type: match method {
            Method::Totp { .. } => "totp",
            Method::Hotp { .. } => "hotp",
            Method::Steam { .. } => "steam",
        },
        issuer: account.issuer(),
        account: account.name(),
        algorithm: method.algorithm().name(),
        digits: method.code_len(),
        period: method.period().map(|p| p.get()),
        counter: method.counter(),
        secret: secret.as_ref().map(|s| s.as_str()),
    };
    // Serialising plain strings and numbers cannot fail; the fallback keeps that proof out of a panic.
    Zeroizing::new(serde_json::to_string(&view).unwrap_or_else(|_| "{}".to_owned()))
}
