//! Push approval, as privacyIDEA's push token speaks it (poll mode, no Firebase), pure: the enrolment link,
//! the device and server keys, the signed texts, and the checks a challenge must pass before anyone sees it.
//! The HTTP calls that carry these live in `keyfob-net`; the whole protocol is written down in
//! `docs/push-protocol.md`.
//!
//! It owns the protocol's texts and rules, and nothing that does: no HTTP (`keyfob-net`), no storage of
//! tokens (`keyfob-vault`), no clock read (every time is a parameter), no decision about what to show
//! (`keyfob-session`).
//!
//! Every message is signed with RSA PKCS#1 v1.5 over SHA-256 of a `|`-joined UTF-8 text, the signature in
//! padded base32:
//!
//! | message | signed text | by |
//! |---|---|---|
//! | poll | `serial\|timestamp` | device |
//! | challenge | `nonce\|url\|serial\|question\|title\|sslverify[\|require_presence]` | server |
//! | approve | `nonce\|serial[\|answer]` | device |
//! | deny | `nonce\|serial\|decline[\|unknown_trigger]` | device |

mod challenge;
mod keys;
mod link;
mod passes;

pub use challenge::{
    Answer, Challenge, ChallengeError, MAX_VALIDITY_SECS, UNSIGNED_VALIDITY_SECS, Verified, answer_form, answer_text,
    poll_text, timestamp,
};
pub use keys::{DeviceKey, KeyError, PublicKey, sign_with_server_key};
pub use link::{Enrolment, LinkError, is_insecure_url, is_push_link, parse_link, server_host};
pub use passes::{PASS_SPACING_SECS, PollPasses, PollSigner};

#[cfg(test)]
mod tests;
