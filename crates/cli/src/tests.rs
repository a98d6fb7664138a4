//! The command line as it reaches the use cases: what clap makes of arguments (the fixed interface other
//! tools call), checked without running anything.

use clap::{CommandFactory, Parser};

use super::{AutoBackupCommand, Cli, Command, LockCommand, PushCommand};

fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
    Cli::try_parse_from(std::iter::once("keyfob").chain(args.iter().copied()))
}

#[test]
fn the_definition_is_consistent() {
    Cli::command().debug_assert();
}

#[test]
fn global_options_come_before_or_after_the_command() {
    for args in [&["--vault", "/v", "list"][..], &["list", "--vault", "/v"]] {
        let cli = parse(args).unwrap();
        assert_eq!(cli.vault.as_deref(), Some(std::path::Path::new("/v")), "{args:?}");
        assert!(matches!(cli.command, Command::List { json: false }));
    }
    let cli = parse(&["code", "git", "--passphrase-file", "/p", "--at", "59"]).unwrap();
    assert_eq!(cli.passphrase_file.as_deref(), Some(std::path::Path::new("/p")));
    assert!(matches!(cli.command, Command::Code { query: Some(q), at: Some(59) } if q == "git"));
}

#[test]
fn rename_takes_an_issuer_or_no_issuer_never_both() {
    let cli = parse(&["rename", "3", "--no-issuer", "--account", "bob"]).unwrap();
    let Command::Rename { id: 3, issuer: None, no_issuer: true, account: Some(account) } = cli.command else {
        panic!("not the rename asked for");
    };
    assert_eq!(account, "bob");
    assert!(parse(&["rename", "3", "--issuer", "X", "--no-issuer"]).is_err());
    assert!(parse(&["rename", "not-a-number", "--issuer", "X"]).is_err());
}

#[test]
fn export_needs_exactly_one_target() {
    assert!(parse(&["export"]).is_err());
    assert!(parse(&["export", "--uris", "--aegis", "/f"]).is_err());
    let cli = parse(&["export", "--google-qr", "/d", "--i-understand-this-prints-secrets"]).unwrap();
    assert!(matches!(cli.command, Command::Export { google_qr: Some(_), i_understand_this_prints_secrets: true, .. }));
}

#[test]
fn push_answers_carry_the_number_or_the_refusal() {
    let cli = parse(&["push", "approve", "n1", "--answer", "47"]).unwrap();
    assert!(
        matches!(cli.command, Command::Push(PushCommand::Approve { id, answer: Some(a) }) if id == "n1" && a == "47")
    );
    let cli = parse(&["push", "deny", "n1", "--not-me"]).unwrap();
    assert!(matches!(cli.command, Command::Push(PushCommand::Deny { not_me: true, .. })));
    assert!(parse(&["push", "approve"]).is_err(), "an id is needed");
}

#[test]
fn lock_and_backup_settings_take_only_what_they_name() {
    let cli = parse(&["lock", "auto", "--minutes", "0", "--on-screen-lock", "off"]).unwrap();
    assert!(matches!(cli.command, Command::Lock(LockCommand::Auto { minutes: Some(0), on_screen_lock: Some(_) })));
    assert!(parse(&["lock", "auto", "--on-screen-lock", "maybe"]).is_err());
    assert!(parse(&["lock", "auto", "--minutes", "-1"]).is_err());
    assert!(parse(&["auto-backup", "on", "/d"]).is_err(), "the password file is required");
    let cli = parse(&["auto-backup", "on", "/d", "--password-file", "/p"]).unwrap();
    assert!(matches!(cli.command, Command::AutoBackup(AutoBackupCommand::On { keep: 10, .. })), "ten by default");
}

#[test]
fn scan_reads_files_or_the_camera() {
    assert!(parse(&["scan"]).is_err(), "files or --camera");
    assert!(parse(&["scan", "--camera", "a.png"]).is_err());
    let cli = parse(&["scan", "--camera", "--timeout", "5"]).unwrap();
    assert!(matches!(cli.command, Command::Scan { camera: true, timeout: 5, .. }));
}

/// The string literals of Rust `source` outside comments and attributes (`#[…]`, where clap's names and
/// lint reasons live), each with its line: a small tokenizer that knows line and block comments, plain,
/// byte and raw strings, and char literals apart from lifetimes.
fn literals(source: &str) -> Vec<(usize, String)> {
    let chars: Vec<char> = source.chars().collect();
    let mut found = Vec::new();
    let (mut at, mut line, mut attribute_depth) = (0, 1, 0usize);
    let mut in_attribute = false;
    while let Some(&c) = chars.get(at) {
        let next = chars.get(at + 1).copied();
        match c {
            '\n' => line += 1,
            '/' if next == Some('/') => {
                while chars.get(at).is_some_and(|&c| c != '\n') {
                    at += 1;
                }
                continue;
            }
            '/' if next == Some('*') => {
                while at + 1 < chars.len() && !(chars[at] == '*' && chars[at + 1] == '/') {
                    line += usize::from(chars[at] == '\n');
                    at += 1;
                }
                at += 2;
                continue;
            }
            '#' if next == Some('[') || (next == Some('!') && chars.get(at + 2) == Some(&'[')) => {
                in_attribute = true;
                attribute_depth = 0;
            }
            '[' if in_attribute => attribute_depth += 1,
            ']' if in_attribute => {
                attribute_depth -= 1;
                in_attribute = attribute_depth > 0;
            }
            '\'' => {
                // A char literal ('x', '\n', '\''), not a lifetime ('a).
                let close = if next == Some('\\') {
                    chars[at + 2..].iter().position(|&c| c == '\'').map(|p| at + 2 + p)
                } else if chars.get(at + 2) == Some(&'\'') {
                    Some(at + 2)
                } else {
                    None
                };
                if let Some(close) = close {
                    at = close + 1;
                    continue;
                }
            }
            'r' | 'b' if !chars.get(at.wrapping_sub(1)).is_some_and(|c| c.is_alphanumeric() || *c == '_') => {
                // Raw strings: r"…", r#"…"#, br"…".
                let mut start = at + 1 + usize::from(c == 'b' && next == Some('r'));
                if c == 'b' && next != Some('r') {
                    at += 1;
                    continue;
                }
                let hashes = chars[start..].iter().take_while(|&&c| c == '#').count();
                start += hashes;
                if chars.get(start) == Some(&'"') {
                    let closing: Vec<char> = std::iter::once('"').chain(std::iter::repeat_n('#', hashes)).collect();
                    let end =
                        (start + 1..chars.len()).find(|&i| chars[i..].starts_with(&closing)).unwrap_or(chars.len());
                    let text: String = chars[start + 1..end].iter().collect();
                    if !in_attribute {
                        found.push((line, text.clone()));
                    }
                    line += text.matches('\n').count();
                    at = end + closing.len();
                    continue;
                }
            }
            '"' => {
                let mut text = String::new();
                at += 1;
                while let Some(&c) = chars.get(at) {
                    match c {
                        '\\' => {
                            text.push(c);
                            text.extend(chars.get(at + 1));
                            at += 2;
                            continue;
                        }
                        '"' => break,
                        _ => text.push(c),
                    }
                    at += 1;
                }
                if !in_attribute {
                    found.push((line, text.clone()));
                }
                line += text.matches('\n').count();
            }
            _ => {}
        }
        at += 1;
    }
    found
}

/// Whether a literal reads as words for a person: after `{…}` placeholders and escapes are taken out, at
/// least two words of two or more letters with a space between them (`"no account matches"`, not
/// `"cli-added"`, `"{:>4}  {}"`, `"keyfob: {}"` or `"passphrase"`).
fn is_words(literal: &str) -> bool {
    let mut plain = String::new();
    let mut depth = 0;
    for c in literal.replace("\\n", " ").replace("\\t", " ").chars() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            _ if depth == 0 => plain.push(c),
            _ => {}
        }
    }
    let words = plain.split_whitespace().filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2).count();
    words >= 2
}

/// Every literal in the CLI's sources that reads as words, by file and line, tests left out.
fn words_outside_the_catalogue(src: &std::path::Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(src).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    for path in files.into_iter().filter(|p| p.extension().is_some_and(|e| e == "rs")) {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name == "tests.rs" {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let code = &text[..text.find("#[cfg(test)]\nmod tests {").unwrap_or(text.len())];
        for (line, literal) in literals(code) {
            let allowed = ALLOWED.iter().any(|(file, start, _)| *file == name && literal.starts_with(start));
            if is_words(&literal) && !allowed {
                found.push(format!("{name}:{line}: \"{literal}\""));
            }
        }
    }
    found
}

/// Literals that read as words but are no message to a person, each with why.
const ALLOWED: &[(&str, &str, &str)] = &[
    (
        "browser_cmd.rs",
        "the request is {length} bytes",
        "the browser host's protocol reply: a fixed interface, in English",
    ),
    ("browser_cmd.rs", "#!/bin/sh", "the launcher script's own text, read by whoever opens the file"),
    (
        "browser_cmd.rs",
        "Keyfob: one-time codes",
        "the host manifest's description field, read by browsers, a fixed interface",
    ),
];

/// Every sentence the `keyfob` command shows a person comes from the catalogue (`locales/*/cli.ftl`,
/// `errors.ftl`): a literal in `crates/cli/src` that reads as words is a message bypassing it.
///
/// What this catches: any string literal outside comments, attributes (clap's `#[arg]`, lint reasons) and
/// tests with two or more words separated by a space, whatever it is passed to (`eprintln!`, `format!`,
/// `Failure`, `print`). Its limits: a one-word message (`"on"`, `"unnamed"`) passes, as do words joined
/// without a space or built from pieces at run time; text from the layers below (a library error's
/// English `Display`, the session's push problems, import problems) reaches the terminal as an argument
/// or as details and is not checked here; clap's own help and errors (doc comments) stay English and are
/// not checked; and [`ALLOWED`] lists the literals that are file contents or protocol, not messages.
#[test]
fn no_sentence_bypasses_the_catalogue() {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    assert_eq!(words_outside_the_catalogue(&src), Vec::<String>::new());
}

#[test]
fn the_catalogue_lint_sees_words_where_they_hide() {
    let source = r##"
        // "a comment with words"
        #[expect(clippy::x, reason = "an attribute's reason")]
        fn f<'a>(x: &'a str) -> char {
            eprintln!("Some words {x}");
            let _ = Failure::failed(format!("no account with id {x}"));
            let _ = r#"raw words "quoted" here"#;
            let _ = ("cli-added", "{:>4}  {}", "keyfob: {}", "passphrase");
            '"'
        }
        let after = "words after a quote char";
    "##;
    let worded: Vec<String> = literals(source).into_iter().filter(|(_, l)| is_words(l)).map(|(_, l)| l).collect();
    assert_eq!(
        worded,
        ["Some words {x}", "no account with id {x}", r#"raw words "quoted" here"#, "words after a quote char"]
    );
}
