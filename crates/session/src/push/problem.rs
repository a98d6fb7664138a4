//! What the push watchers tell the user about a token they cannot serve, as [`Message`]s naming the
//! account people know (never the serial, which goes into the details with the library's English reason).

use std::time::Duration;

use keyfob_vault::PushEntry;

use crate::Message;

/// A push token as its problems name it: by the account people know; its serial for support.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Token<'a> {
    /// The account's issuer.
    pub issuer: Option<&'a str>,
    /// The account's name.
    pub name: &'a str,
    /// The token's serial.
    pub serial: &'a str,
}

impl<'a> From<&'a PushEntry> for Token<'a> {
    fn from(token: &'a PushEntry) -> Self {
        Self { issuer: token.issuer.as_deref(), name: &token.name, serial: &token.serial }
    }
}

/// `id` about `token`'s account, the serial and `error` as details.
fn problem(id: &'static str, token: Token<'_>, error: &impl std::fmt::Display) -> Message {
    Message::new(id)
        .with("account", crate::label(token.issuer, token.name))
        .details(format!("{}: {error}", token.serial))
}

/// This computer's key for `token`'s login requests cannot be used (unsealed, or signed with).
pub(crate) fn key_unusable(token: Token<'_>, error: &impl std::fmt::Display) -> Message {
    problem("push-problem-key", token, error)
}

/// A login request for `token` that failed its checks was ignored.
pub(crate) fn rejected(token: Token<'_>, error: &impl std::fmt::Display) -> Message {
    problem("push-problem-rejected", token, error)
}

/// Which login requests were answered could not be saved (one may be shown again).
pub fn not_saved(error: &impl std::fmt::Display) -> Message {
    Message::new("push-problem-not-saved").details(error.to_string())
}

/// `token`'s login service did not answer; asked again after `wait`, when the watcher will.
pub(crate) fn unreachable(token: Token<'_>, error: &impl std::fmt::Display, wait: Option<Duration>) -> Message {
    match wait {
        Some(wait) => problem("push-problem-unreachable", token, error).with("seconds", wait.as_secs()),
        None => problem("push-problem-unreachable-now", token, error),
    }
}

/// Watching `token` stopped: Keyfob was locked longer than its signed polls last.
pub(crate) fn locked_too_long(token: Token<'_>) -> Message {
    problem("push-problem-locked-too-long", token, &"locked for too long to keep watching")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The watchers' problems name the account, never glue English: the serial and reason are details.
    #[test]
    fn push_watcher_problems_name_the_account_and_keep_the_serial_for_support() {
        let token = Token { issuer: Some("ACME"), name: "alice", serial: "PIPU0001" };
        assert_eq!(
            unreachable(token, &"connection refused", Some(Duration::from_secs(30))),
            Message::new("push-problem-unreachable")
                .with("account", "ACME (alice)")
                .details("PIPU0001: connection refused")
                .with("seconds", 30_u64)
        );
        assert_eq!(
            unreachable(token, &"timed out", None),
            Message::new("push-problem-unreachable-now").with("account", "ACME (alice)").details("PIPU0001: timed out")
        );
        assert_eq!(
            key_unusable(token, &"bad key"),
            Message::new("push-problem-key").with("account", "ACME (alice)").details("PIPU0001: bad key")
        );
        assert_eq!(
            rejected(token, &"bad signature"),
            Message::new("push-problem-rejected").with("account", "ACME (alice)").details("PIPU0001: bad signature")
        );
        assert_eq!(
            locked_too_long(token),
            Message::new("push-problem-locked-too-long")
                .with("account", "ACME (alice)")
                .details("PIPU0001: locked for too long to keep watching")
        );
        assert_eq!(not_saved(&"disk full"), Message::new("push-problem-not-saved").details("disk full"));
        let german = keyfob_i18n::Catalogue::new(keyfob_i18n::Language::German);
        assert_eq!(
            german.format(&unreachable(token, &"x", Some(Duration::from_secs(1)))),
            "Der Anmeldedienst für ACME (alice) hat nicht geantwortet. Keyfob versucht es in einer Sekunde erneut."
        );
    }
}
