//! The catalogues checked against English (every key, every variable, no parse error, every message
//! formats without a Fluent error in its own language), and the choice of language.

use std::collections::{BTreeMap, BTreeSet};

use fluent_syntax::ast;

use super::*;

/// Each message's and term's id with the variables its value and attributes use, of one catalogue file.
fn entries(text: &str) -> BTreeMap<String, BTreeSet<String>> {
    fn inline(expression: &ast::InlineExpression<&str>, found: &mut BTreeSet<String>) {
        match expression {
            ast::InlineExpression::VariableReference { id } => {
                found.insert(id.name.to_owned());
            }
            ast::InlineExpression::FunctionReference { arguments, .. } => arguments_of(arguments, found),
            ast::InlineExpression::TermReference { arguments: Some(arguments), .. } => arguments_of(arguments, found),
            ast::InlineExpression::Placeable { expression } => expression_of(expression, found),
            _ => {}
        }
    }
    fn arguments_of(arguments: &ast::CallArguments<&str>, found: &mut BTreeSet<String>) {
        arguments.positional.iter().for_each(|e| inline(e, found));
        arguments.named.iter().for_each(|n| inline(&n.value, found));
    }
    fn expression_of(expression: &ast::Expression<&str>, found: &mut BTreeSet<String>) {
        match expression {
            ast::Expression::Inline(e) => inline(e, found),
            ast::Expression::Select { selector, variants } => {
                inline(selector, found);
                variants.iter().for_each(|v| pattern(&v.value, found));
            }
        }
    }
    fn pattern(pattern: &ast::Pattern<&str>, found: &mut BTreeSet<String>) {
        for element in &pattern.elements {
            if let ast::PatternElement::Placeable { expression } = element {
                expression_of(expression, found);
            }
        }
    }
    let resource =
        fluent_syntax::parser::parse(text).unwrap_or_else(|(_, errors)| panic!("does not parse: {errors:?}"));
    let mut found = BTreeMap::new();
    for entry in &resource.body {
        let (id, value, attributes) = match entry {
            ast::Entry::Message(m) => (m.id.name.to_owned(), m.value.as_ref(), &m.attributes),
            ast::Entry::Term(t) => (format!("-{}", t.id.name), Some(&t.value), &t.attributes),
            ast::Entry::Junk { content } => panic!("junk in a catalogue: {content}"),
            _ => continue,
        };
        let mut variables = BTreeSet::new();
        value.into_iter().for_each(|v| pattern(v, &mut variables));
        attributes.iter().for_each(|a| pattern(&a.value, &mut variables));
        assert!(found.insert(id.clone(), variables).is_none(), "{id} is defined twice");
    }
    found
}

#[test]
fn every_locale_parses_and_has_exactly_the_english_keys_and_variables() {
    for (index, (file, english)) in sources(Language::English).iter().enumerate() {
        let english = entries(english);
        assert!(!english.is_empty(), "{file} is empty");
        for language in Language::ALL {
            let (name, text) = *sources(language)
                .get(index)
                .unwrap_or_else(|| panic!("{} has no {file}: every locale has English's files", language.code()));
            assert_eq!(name, *file, "the same files in the same order");
            let translated = entries(text);
            let missing: Vec<_> = english.keys().filter(|k| !translated.contains_key(*k)).collect();
            let extra: Vec<_> = translated.keys().filter(|k| !english.contains_key(*k)).collect();
            assert!(missing.is_empty(), "{}/{file} lacks {missing:?}", language.code());
            assert!(extra.is_empty(), "{}/{file} has keys English does not: {extra:?}", language.code());
            for (key, variables) in &english {
                assert_eq!(&translated[key], variables, "{}/{file}: {key} uses other variables", language.code());
            }
        }
    }
}

#[test]
fn every_message_formats_without_a_fluent_error_in_every_locale() {
    for language in Language::ALL {
        let catalogue = Catalogue::new(language);
        for (file, text) in sources(language) {
            for (key, variables) in entries(text).into_iter().filter(|(k, _)| !k.starts_with('-')) {
                let mut args = FluentArgs::new();
                for variable in &variables {
                    // A number fits every variable: numbers select plurals, and print in text places.
                    args.set(variable.clone(), FluentValue::from(2));
                }
                let message = catalogue.bundle.get_message(&key);
                let message =
                    message.unwrap_or_else(|| panic!("{}/{file}: {key} is not in the bundle", language.code()));
                // Its value, and each attribute (a window's element may have only attributes: `.aria-label`).
                let patterns: Vec<_> =
                    message.value().into_iter().chain(message.attributes().map(|a| a.value())).collect();
                assert!(!patterns.is_empty(), "{}/{file}: {key} says nothing", language.code());
                for pattern in patterns {
                    let mut errors = Vec::new();
                    let text = catalogue.bundle.format_pattern(pattern, Some(&args), &mut errors);
                    assert!(errors.is_empty(), "{}/{file}: {key}: {errors:?}", language.code());
                    assert!(!text.trim().is_empty(), "{}/{file}: {key} is empty", language.code());
                }
            }
        }
    }
}

#[test]
fn the_language_follows_the_posix_variables_as_gettext_reads_them() {
    let lang = |value| Preferences { lang: Some(value), ..Preferences::default() };
    let cases = [
        (Preferences::default(), Language::English),
        (lang("C"), Language::English),
        (lang("C.UTF-8"), Language::English),
        (lang("POSIX"), Language::English),
        (lang("nl_BE.UTF-8"), Language::Dutch),
        (lang("nl_NL"), Language::Dutch),
        (lang("de_DE.UTF-8@euro"), Language::German),
        (lang("de-AT"), Language::German),
        (lang("en_GB.UTF-8"), Language::English),
        (lang("fr_FR.UTF-8"), Language::English),
        (lang(""), Language::English),
        (lang("xx"), Language::English),
        // LANGUAGE's list wins over the locale, first language Keyfob speaks first.
        (
            Preferences { language: Some("fr:de:nl"), lang: Some("nl_NL.UTF-8"), ..Preferences::default() },
            Language::German,
        ),
        (Preferences { language: Some("fr:es"), lang: Some("nl_NL.UTF-8"), ..Preferences::default() }, Language::Dutch),
        // … except under the C locale, where gettext ignores it.
        (Preferences { language: Some("de"), lang: Some("C"), ..Preferences::default() }, Language::English),
        (Preferences { language: Some("de"), ..Preferences::default() }, Language::English),
        // LC_ALL over LC_MESSAGES over LANG; an empty one counts as unset.
        (
            Preferences {
                lc_all: Some("de_DE.UTF-8"),
                lc_messages: Some("nl_NL"),
                lang: Some("en_US"),
                ..Preferences::default()
            },
            Language::German,
        ),
        (
            Preferences { lc_all: Some(""), lc_messages: Some("nl_NL"), lang: Some("de_DE"), ..Preferences::default() },
            Language::Dutch,
        ),
        (Preferences { lc_all: Some("C"), lang: Some("de_DE"), ..Preferences::default() }, Language::English),
        (Preferences { language: Some(""), lang: Some("de_DE.UTF-8"), ..Preferences::default() }, Language::German),
    ];
    for (preferences, expected) in cases {
        assert_eq!(Language::negotiate(&preferences), expected, "{preferences:?}");
    }
}

#[test]
fn plurals_and_variables_are_the_catalogues() {
    let english = Catalogue::new(Language::English);
    let dutch = Catalogue::new(Language::Dutch);
    let german = Catalogue::new(Language::German);
    let minutes = |n: u32| Message::new("cli-auto-lock-after").with("minutes", n);
    assert_eq!(english.format(&minutes(1)), "auto-lock: after 1 idle minute");
    assert_eq!(english.format(&minutes(5)), "auto-lock: after 5 idle minutes");
    assert_eq!(dutch.format(&minutes(1)), "automatisch vergrendelen: na 1 minuut niets doen");
    assert_eq!(dutch.format(&minutes(5)), "automatisch vergrendelen: na 5 minuten niets doen");
    assert_eq!(german.format(&minutes(1)), "automatisch sperren: nach 1 Minute ohne Eingabe");
    assert_eq!(german.format(&minutes(5)), "automatisch sperren: nach 5 Minuten ohne Eingabe");
}

#[test]
fn no_isolation_marks_reach_a_terminal_and_an_unknown_id_shows_itself() {
    let english = Catalogue::new(Language::English);
    let said = english.format(&Message::new("error-no-such-account").with("id", 7_u64));
    assert!(!said.contains(['\u{2068}', '\u{2069}']), "{said:?}");
    assert_eq!(english.format(&Message::new("no-such-message")), "no-such-message");
}

#[test]
fn a_catalogue_is_shared_across_threads() {
    fn shared<T: Send + Sync>() {}
    shared::<Catalogue>();
}

#[test]
fn a_waiting_login_says_its_numbers_and_expiry_only_when_it_has_them() {
    let english = Catalogue::new(Language::English);
    let line = |has_options: &str, expires: i64| {
        let message = Message::new("cli-login-waiting").with("account", "ACME (alice)").with("question", "Log in?");
        english.format(&message.with("options", "12 47 83").with("has_options", has_options).with("expires", expires))
    };
    assert_eq!(line("no", -1), "ACME (alice): Log in?");
    assert_eq!(
        line("yes", 90),
        "ACME (alice): Log in? [pick the number on the login page: 12 47 83] (expires in 90 s)"
    );
    assert_eq!(line("no", 1), "ACME (alice): Log in? (expires in 1 s)");
}

#[test]
fn a_message_given_as_an_argument_is_worded_in_the_same_language() {
    let entry = Message::new("import-entry-numbered-named").with("position", 4_u64).with("name", "Yandex (ivan)");
    let problem =
        Message::new("import-problem-in").with("entry", entry).with("reason", Message::new("import-reason-secret"));
    assert_eq!(
        Catalogue::new(Language::German).format(&problem),
        "Eintrag 4 („Yandex (ivan)“): Sein geheimer Schlüssel fehlt oder ist ungültig."
    );
    assert_eq!(
        Catalogue::new(Language::English).format(&problem),
        "Entry 4 (“Yandex (ivan)”): Its secret key is missing or not valid."
    );
}

/// What support needs is never lost by wrapping: a message given as an argument brings its details, a line
/// after the outer message's own, and words never include them.
#[test]
fn a_message_given_as_an_argument_brings_its_details() {
    let reason = |details: &str| Message::new("import-reason-link").details(details);
    let one = Message::new("cli-warning").with("reason", reason("digits=9: more than 10 digits"));
    assert_eq!(one.details.as_deref(), Some("digits=9: more than 10 digits"));
    let both = Message::new("import-problem-in")
        .details("entry 4")
        .with("entry", Message::new("import-entry-numbered").with("position", 4_u64))
        .with("reason", reason("secret: not base32"));
    assert_eq!(both.details.as_deref(), Some("entry 4\nsecret: not base32"), "a line each, none lost");
    assert!(!Catalogue::new(Language::English).format(&both).contains("base32"), "details are never words");
    let plain = Message::new("cli-warning").with("reason", Message::new("import-reason-no-link"));
    assert_eq!(plain.details, None, "no details, none made up");
}
