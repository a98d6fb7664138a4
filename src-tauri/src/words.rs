//! The window's language: chosen once at start from the system's (the same variables and rule as the
//! `keyfob` command, `keyfob_i18n`), and the window's catalogue files in it, which `ui/js/l10n.js` formats
//! with Fluent. The window never picks a language itself, so both programs always speak the same one.
//! What Rust itself says (errors sent to the window, the tray, notifications, native dialogs) is worded
//! here too, by the run's one [`Catalogue`].

use std::ffi::OsString;
use std::sync::OnceLock;

use keyfob_i18n::{Catalogue, Language, Message};
use serde::Serialize;
use tauri::State;

/// The files the window speaks from: its page (`window.ftl`) and what its scripts say
/// (`window-messages.ftl`).
const WINDOW_FILES: [&str; 2] = ["window.ftl", "window-messages.ftl"];

/// How the app speaks in this run (kept as the app's state: see `window_words`, the tray).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Words {
    language: Language,
    /// `KEYFOB_PSEUDO_LOCALE=1`: English made 40 % longer and accented, to find words that are not in the
    /// catalogue or do not fit (the layout tests use it).
    pseudo: bool,
}

impl Words {
    /// The language the environment asks for (`LANGUAGE`, `LC_ALL`, `LC_MESSAGES`, `LANG`), read by
    /// `setting` (the app's one reader of the environment, `state::setting`).
    pub(crate) fn from_environment(setting: impl Fn(&str) -> Option<OsString>) -> Self {
        let language = Language::from_variables(|name| setting(name).and_then(|v| v.into_string().ok()));
        Self { language, pseudo: setting("KEYFOB_PSEUDO_LOCALE").is_some_and(|v| v == "1") }
    }

    /// The language of this run.
    pub(crate) fn language(self) -> Language {
        self.language
    }

    /// The run's one catalogue, in this language: made by the first call, which `main` makes as soon as
    /// it knows the run's words, so that every later word (errors too, worded where no state is at hand,
    /// as a `CommandError` is sent) is in it, from one parse.
    pub(crate) fn catalogue(self) -> &'static Catalogue {
        RUN.get_or_init(|| Catalogue::new(self.language))
    }
}

/// The run's catalogue (see [`Words::catalogue`]).
static RUN: OnceLock<Catalogue> = OnceLock::new();

/// The run's catalogue; English, the catalogues' source, only where the run's words were never made (the
/// unit tests).
fn catalogue() -> &'static Catalogue {
    RUN.get_or_init(|| Catalogue::new(Language::English))
}

/// `message` in the run's language.
pub(crate) fn said(message: &Message) -> String {
    catalogue().format(message)
}

/// The message `id` (no arguments) in the run's language.
pub(crate) fn text(id: &'static str) -> String {
    catalogue().text(id)
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
pub(crate) fn window_words(words: State<'_, Words>) -> WindowWords {
    let (language, pseudo) = (words.language(), words.pseudo);
    let source = keyfob_i18n::sources(language)
        .iter()
        .filter(|(name, _)| WINDOW_FILES.contains(name))
        .map(|(_, text)| *text)
        .collect::<Vec<_>>()
        .join("\n");
    WindowWords { language: language.code(), source, pseudo }
}
