//! The technical details of the failures the window was told about (a path, the operating system's words),
//! kept here for "Copy details for support". The window is sent a number naming them, never their text, and
//! `copy_details` copies what Rust kept under that number: the window has nothing to show by mistake, and a
//! script in the page (gone wrong, or injected) cannot put words of its own on the clipboard through Keyfob.

use std::collections::VecDeque;
use std::sync::Mutex;

use keyfob_session::Message;
use tauri::AppHandle;
use tauri_plugin_clipboard_manager::ClipboardExt;

use crate::error::{Code, CommandError};
use crate::state::lock;

/// How many failures' details are kept: the banner shows one failure at a time, and the next few may be
/// reported while a person reaches for the button. The oldest go first.
const KEPT: usize = 32;

/// The details kept, newest last, each under its number. A static because serde serialises the error
/// without the app's state ([`keep`] is called from `CommandError`'s `Serialize`).
static DETAILS: Mutex<Kept> = Mutex::new(Kept { last: 0, details: VecDeque::new() });

struct Kept {
    /// The number given last (numbers are never reused while the app runs).
    last: u64,
    details: VecDeque<(u64, String)>,
}

/// Keeps `details` for support and gives the number the window asks for them by; `None` when there are
/// none (the window then offers no button).
pub(crate) fn keep(details: &str) -> Option<u64> {
    if details.is_empty() {
        return None;
    }
    let mut kept = lock(&DETAILS);
    kept.last = kept.last.wrapping_add(1);
    let number = kept.last;
    if kept.details.len() == KEPT {
        kept.details.pop_front();
    }
    kept.details.push_back((number, details.to_owned()));
    Some(number)
}

/// The details kept under `number`, `None` when no failure was given it (or it is one of the forgotten).
pub(crate) fn kept(number: u64) -> Option<String> {
    lock(&DETAILS).details.iter().find(|(n, _)| *n == number).map(|(_, details)| details.clone())
}

/// Puts the details of a failure the window showed on the clipboard ("Copy details for support"): plain
/// text for a message to support, not marked secret (it holds no secret: paths and the system's reasons)
/// and not cleared.
///
/// # Errors
/// `missing` when no details are kept under `details`; `clipboard.failed` when the clipboard refuses them.
#[tauri::command]
pub(crate) fn copy_details(app: AppHandle, details: u64) -> Result<(), CommandError> {
    let missing = || CommandError::new(Code::Missing, Message::new("app-error-copy-details-failed"));
    let text = kept(details).ok_or_else(missing)?;
    app.clipboard()
        .write_text(text)
        .map_err(|e| CommandError::said(Code::ClipboardFailed, "app-error-copy-details-failed", e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn details_are_found_by_their_number_until_newer_ones_push_them_out() {
        assert_eq!(keep(""), None, "no details, no number");
        let first = keep("/home/ann/vault.json: Permission denied (os error 13)").unwrap();
        assert_eq!(kept(first).as_deref(), Some("/home/ann/vault.json: Permission denied (os error 13)"));
        let later: Vec<u64> = (0..KEPT).map(|i| keep(&format!("failure {i}")).unwrap()).collect();
        assert_eq!(kept(first), None, "the oldest is forgotten");
        assert_eq!(kept(later[KEPT - 1]).as_deref(), Some(format!("failure {}", KEPT - 1).as_str()));
        assert!(later.windows(2).all(|w| w[0] < w[1]), "numbers are never reused");
        assert_eq!(kept(0), None);
        assert_eq!(kept(u64::MAX), None, "a number no failure was given names nothing");
    }
}
