//! The window's language: chosen once at start from the system's (the same variables and rule as the
//! `keyfob` command, `keyfob_i18n`), and the window's catalogue files in it, which `ui/js/l10n.js` formats
//! with Fluent. The window never picks a language itself, so both programs always speak the same one.

use keyfob_i18n::{Language, Preferences};
use serde::Serialize;
use tauri::State;

use crate::state::{AppState, setting};

/// The files the window speaks from: its page (`window.ftl`) and what its scripts say
/// (`window-messages.ftl`).
const WINDOW_FILES: [&str; 2] = ["window.ftl", "window-messages.ftl"];

/// How the window speaks in this run.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Words {
    language: Language,
    /// `KEYFOB_PSEUDO_LOCALE=1`: English made 40 % longer and accented, to find words that are not in the
    /// catalogue or do not fit (the layout tests use it).
    pseudo: bool,
}

impl Words {
    /// The language the environment asks for (`LANGUAGE`, `LC_ALL`, `LC_MESSAGES`, `LANG`).
    pub(crate) fn from_environment() -> Self {
        let values = Preferences::VARIABLES.map(|name| setting(name).and_then(|v| v.into_string().ok()));
        let language = Language::negotiate(&Preferences::from_values(values.each_ref().map(Option::as_deref)));
        Self { language, pseudo: setting("KEYFOB_PSEUDO_LOCALE").is_some_and(|v| v == "1") }
    }
}

/// What the window loads at start (`window_words`).
#[derive(Debug, Serialize)]
pub(crate) struct WindowWords {
    /// The language's code, for the page's `lang` and Fluent's plural rules.
    language: &'static str,
    /// The window's catalogue files in that language, one after the other.
    source: String,
    pseudo: bool,
}

/// The window's words in the run's language.
#[tauri::command]
pub(crate) fn window_words(state: State<'_, AppState>) -> WindowWords {
    let Words { language, pseudo } = state.words;
    let source = keyfob_i18n::sources(language)
        .iter()
        .filter(|(name, _)| WINDOW_FILES.contains(name))
        .map(|(_, text)| *text)
        .collect::<Vec<_>>()
        .join("\n");
    WindowWords { language: language.code(), source, pseudo }
}
