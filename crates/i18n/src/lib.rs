//! Keyfob's words: every sentence a person reads, in English, Dutch and German, from Project Fluent
//! catalogues built into the binary, and the choice of language from the user's preferences.
//!
//! Reach for [`Catalogue`] first: made for one [`Language`] (chosen by [`Language::negotiate`] from the
//! values of `LANGUAGE`, `LC_ALL`, `LC_MESSAGES` and `LANG`, which the program reads and passes in), it
//! turns a [`Message`] (an id and its arguments: *what* to say) into the sentence in that language. Lower
//! layers say what happened as a `Message` and never hold words; plurals, numbers and word order are the
//! catalogue's, never glued together in code.
//!
//! ```
//! use keyfob_i18n::{Catalogue, Language, Message, Preferences};
//!
//! let language = Language::negotiate(&Preferences { lang: Some("nl_BE.UTF-8"), ..Preferences::default() });
//! let words = Catalogue::new(language);
//! let message = Message::new("error-no-such-account").with("id", 7_u64);
//! assert_eq!(words.format(&message), "Er is geen account met nummer 7. Kijk of het nummer klopt.");
//! ```
//!
//! The catalogues are the files `locales/{en,nl,de}/*.ftl` at the repository's root, embedded at compile
//! time ([`sources`] hands their text out, for the window to load the same files). `errors.ftl` is what
//! both programs say about failures (no command lines: the window shows it too), `cli.ftl` the `keyfob`
//! command's own words, `window.ftl` and `window-messages.ftl` the window's, `app.ftl` what the app's Rust
//! side says itself (the tray, notifications, native dialogs, its own failures). Every locale has exactly
//! English's keys and uses every variable English uses (the tests below fail otherwise). Fluent's Unicode isolation marks (U+2068/U+2069 around each variable) are
//! turned off: they matter only for right-to-left text beside left-to-right names, none of the three
//! languages is right-to-left, and in a terminal they are invisible characters that Keyfob's own output
//! escaping would show as `\u{2068}`. A right-to-left language would turn them on for the window.
//!
//! Pure: no file, clock or environment is read here.

#![forbid(unsafe_code)]

use std::borrow::Cow;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

/// The languages Keyfob speaks. English is the source every other catalogue translates, and the fallback.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Language {
    /// English (`en`).
    #[default]
    English,
    /// Dutch (`nl`).
    Dutch,
    /// German (`de`).
    German,
}

/// The user's language preferences as the POSIX variables give them: each the variable's value, `None`
/// when unset (an empty value counts as unset, as gettext does).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Preferences<'a> {
    /// `LANGUAGE`: a colon-separated list of languages, most wanted first (GNU gettext's).
    pub language: Option<&'a str>,
    /// `LC_ALL`: overrides every other locale variable.
    pub lc_all: Option<&'a str>,
    /// `LC_MESSAGES`: the locale of messages.
    pub lc_messages: Option<&'a str>,
    /// `LANG`: the default locale.
    pub lang: Option<&'a str>,
}

impl<'a> Preferences<'a> {
    /// The variables a program reads for them, in the order [`Preferences::from_values`] takes their
    /// values: both programs read these and no others.
    pub const VARIABLES: [&'static str; 4] = ["LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"];

    /// The preferences from the values of [`Preferences::VARIABLES`], in that order.
    pub fn from_values([language, lc_all, lc_messages, lang]: [Option<&'a str>; 4]) -> Self {
        Self { language, lc_all, lc_messages, lang }
    }
}

impl Language {
    /// The language to speak, [`Language::negotiate`]d from what `value` gives for each of
    /// [`Preferences::VARIABLES`] (the program's reading of its environment: this crate reads none).
    pub fn from_variables(value: impl Fn(&str) -> Option<String>) -> Self {
        let values = Preferences::VARIABLES.map(value);
        Self::negotiate(&Preferences::from_values(values.each_ref().map(Option::as_deref)))
    }
}

impl Language {
    /// Every language, English first.
    pub const ALL: [Self; 3] = [Self::English, Self::Dutch, Self::German];

    /// The language's code, as the catalogues' folders and a page's `lang` name it.
    pub fn code(self) -> &'static str {
        match self {
            Self::English => "en",
            Self::Dutch => "nl",
            Self::German => "de",
        }
    }

    /// The language a locale or language name means (`nl_BE.UTF-8`, `de-AT`, `en@quot`, `NL`), `None` when
    /// Keyfob does not speak it.
    pub fn from_locale(locale: &str) -> Option<Self> {
        let language = locale.split(['_', '-', '.', '@']).next().unwrap_or_default().to_ascii_lowercase();
        Self::ALL.into_iter().find(|l| l.code() == language)
    }

    /// The language to speak, as GNU gettext chooses: the locale is `LC_ALL`, else `LC_MESSAGES`, else
    /// `LANG`; when it is `C` or `POSIX` (or none is set), English, whatever `LANGUAGE` says (gettext
    /// ignores `LANGUAGE` then too); otherwise the first of `LANGUAGE`'s list that Keyfob speaks, else the
    /// locale's language if Keyfob speaks it, else English.
    pub fn negotiate(preferences: &Preferences<'_>) -> Self {
        fn set(value: Option<&str>) -> Option<&str> {
            value.map(str::trim).filter(|v| !v.is_empty())
        }
        let locale = set(preferences.lc_all).or(set(preferences.lc_messages)).or(set(preferences.lang));
        let Some(locale) = locale else { return Self::English };
        let base = locale.split(['.', '@']).next().unwrap_or_default();
        if base == "C" || base == "POSIX" {
            return Self::English;
        }
        let listed = set(preferences.language).into_iter().flat_map(|list| list.split(':'));
        listed.filter_map(Self::from_locale).next().or_else(|| Self::from_locale(locale)).unwrap_or_default()
    }

    /// The language as Fluent names it, for its plural rules. The three codes are valid language tags
    /// (a test formats plurals in each), so the fallback, "undetermined", is never taken.
    fn identifier(self) -> LanguageIdentifier {
        self.code().parse().unwrap_or_default()
    }
}

/// One catalogue file: its name (`errors.ftl`) and its Fluent text.
pub type Source = (&'static str, &'static str);

/// The catalogue files of `language`, as built in: what the window can load to speak from the same
/// files (or a program can hand to another process).
pub fn sources(language: Language) -> &'static [Source] {
    /// Every catalogue file of one language's folder, built in: the one list of the files there are.
    macro_rules! files {
        ($language:literal) => {
            &[
                ("errors.ftl", include_str!(concat!("../../../locales/", $language, "/errors.ftl"))),
                ("cli.ftl", include_str!(concat!("../../../locales/", $language, "/cli.ftl"))),
                ("window.ftl", include_str!(concat!("../../../locales/", $language, "/window.ftl"))),
                ("window-messages.ftl", include_str!(concat!("../../../locales/", $language, "/window-messages.ftl"))),
                ("app.ftl", include_str!(concat!("../../../locales/", $language, "/app.ftl"))),
            ]
        };
    }
    match language {
        Language::English => files!("en"),
        Language::Dutch => files!("nl"),
        Language::German => files!("de"),
    }
}

/// A value a message is given: text (a name, a file, a reason from outside), a number (which the
/// catalogue may choose a plural by), or another message, worded first in the same language (which entry
/// of a file a problem is about, beside why), so no program glues two sentences together itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    /// Shown as it is.
    Text(String),
    /// A whole number: counts, ids, seconds.
    Integer(i128),
    /// Worded in the catalogue's language, then shown; its details become the outer message's (see
    /// [`Message::with`]), so wrapping a message never loses what support needs.
    Message(Box<Message>),
}

impl From<Message> for Arg {
    fn from(message: Message) -> Self {
        Self::Message(Box::new(message))
    }
}

impl From<String> for Arg {
    fn from(text: String) -> Self {
        Self::Text(text)
    }
}

impl From<&str> for Arg {
    fn from(text: &str) -> Self {
        Self::Text(text.to_owned())
    }
}

impl From<&String> for Arg {
    fn from(text: &String) -> Self {
        Self::Text(text.clone())
    }
}

macro_rules! integer_arg {
    ($($number:ty)+) => {$(
        impl From<$number> for Arg {
            fn from(number: $number) -> Self {
                Self::Integer(i128::from(number))
            }
        }
    )+};
}
integer_arg!(u8 u16 u32 u64 i32 i64);

impl From<usize> for Arg {
    fn from(number: usize) -> Self {
        // usize is at most 64 bits on every platform Rust supports, so it always fits.
        Self::Integer(i128::try_from(number).unwrap_or(i128::MAX))
    }
}

/// What to say, without the words: a catalogue message id and its arguments. Lower layers return these;
/// a program's [`Catalogue`] words them in the user's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// The message's id in the catalogue (`error-wrong-passphrase`).
    pub id: &'static str,
    /// Its arguments, by the names the catalogue uses (`$id`, `$file`).
    pub args: Vec<(&'static str, Arg)>,
    /// Technical details for support (an operating system's reason, a library's English message): never
    /// part of the sentence and never translated. A terminal may print them after it; the window keeps
    /// them for a "Copy details for support" button.
    pub details: Option<String>,
}

impl Message {
    /// The message `id`, without arguments yet.
    pub fn new(id: &'static str) -> Self {
        Self { id, args: Vec::new(), details: None }
    }

    /// The same message with the argument `name` set to `value`. A message given as `value` brings its
    /// details along: they are added to this message's, a line each.
    #[must_use]
    pub fn with(mut self, name: &'static str, value: impl Into<Arg>) -> Self {
        let value = value.into();
        if let Arg::Message(inner) = &value
            && let Some(details) = &inner.details
        {
            self.details = Some(match self.details.take() {
                Some(own) => format!("{own}\n{details}"),
                None => details.clone(),
            });
        }
        self.args.push((name, value));
        self
    }

    /// The same message with technical details for support (see [`Message::details`]).
    #[must_use]
    pub fn details(mut self, details: impl Into<String>) -> Self {
        self.details = Some(details.into());
        self
    }
}

/// The built-in catalogues of one language, ready to word [`Message`]s; English behind it for any id the
/// language lacks (none does: the tests hold every locale to English's keys). `Send + Sync`, so a
/// program may keep one for all its threads.
pub struct Catalogue {
    language: Language,
    bundle: FluentBundle<FluentResource>,
    english: Option<FluentBundle<FluentResource>>,
}

impl std::fmt::Debug for Catalogue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Catalogue").field("language", &self.language).finish_non_exhaustive()
    }
}

fn bundle(language: Language) -> FluentBundle<FluentResource> {
    let mut bundle = FluentBundle::new_concurrent(vec![language.identifier()]);
    // See the crate's documentation: no right-to-left language, and terminals would show the marks.
    bundle.set_use_isolating(false);
    for (_, text) in sources(language) {
        // A parse error keeps every entry that did parse (Fluent's recovery); the tests ensure there is
        // none, and a duplicate id keeps the first.
        let resource = FluentResource::try_new((*text).to_owned()).unwrap_or_else(|(partial, _)| partial);
        let _ = bundle.add_resource(resource);
    }
    bundle
}

impl Catalogue {
    /// The catalogues of `language` (parsed now: a few milliseconds, once per process).
    pub fn new(language: Language) -> Self {
        let english = (language != Language::English).then(|| bundle(Language::English));
        Self { language, bundle: bundle(language), english }
    }

    /// The language this catalogue speaks.
    pub fn language(&self) -> Language {
        self.language
    }

    /// `message` in this catalogue's language. An id no catalogue has is returned as it is (a missing
    /// word is visible, never a panic); a missing argument shows as `{$name}`, as Fluent does.
    pub fn format(&self, message: &Message) -> String {
        let mut args = FluentArgs::new();
        for (name, value) in &message.args {
            let value = match value {
                Arg::Text(text) => FluentValue::String(Cow::Borrowed(text.as_str())),
                Arg::Integer(number) => FluentValue::from(*number),
                Arg::Message(inner) => FluentValue::String(Cow::Owned(self.format(inner))),
            };
            args.set(*name, value);
        }
        let bundles = std::iter::once(&self.bundle).chain(self.english.as_ref());
        for bundle in bundles {
            if let Some(pattern) = bundle.get_message(message.id).and_then(|m| m.value()) {
                let mut errors = Vec::new();
                return bundle.format_pattern(pattern, Some(&args), &mut errors).into_owned();
            }
        }
        message.id.to_owned()
    }

    /// The message `id`, which takes no arguments.
    pub fn text(&self, id: &'static str) -> String {
        self.format(&Message::new(id))
    }
}

#[cfg(any(test, feature = "lint"))]
pub mod lint;

#[cfg(test)]
mod tests;
