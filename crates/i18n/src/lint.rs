//! A check for the programs' tests: the string literals of Rust source that read as words a person
//! would read, so that a test can fail on a sentence that bypasses the catalogue. Built only with the
//! `lint` feature, which the programs enable for their tests alone.
//!
//! It reads Keyfob's own source files, not hostile input: indexing past what the tokenizer has just
//! checked is its bookkeeping (see the `expect`s), and a folder it cannot read fails the test that asked.
//! (The one place this crate reads files: the library itself reads none.)

/// The string literals of Rust `source` outside comments and attributes (`#[…]`, where clap's names and
/// lint reasons live), each with its line: a small tokenizer that knows line and block comments, plain,
/// byte and raw strings, and char literals apart from lifetimes.
#[expect(
    clippy::indexing_slicing,
    reason = "positions come from the loop over `chars` itself; source files are ours, not hostile input"
)]
pub fn literals(source: &str) -> Vec<(usize, String)> {
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
pub fn is_words(literal: &str) -> bool {
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

/// The literals of `source` that read as words (see [`is_words`]), each with its line, the unit tests at its
/// end (`#[cfg(test)]` then `mod tests {`) left out.
pub fn worded(source: &str) -> Vec<(usize, String)> {
    let code = &source[..source.find("#[cfg(test)]\nmod tests {").unwrap_or(source.len())];
    literals(code).into_iter().filter(|(_, literal)| is_words(literal)).collect()
}

/// A literal that reads as words but is no message to a person: the file's name, how the literal starts,
/// and why it is allowed.
pub type Allowed = (&'static str, &'static str, &'static str);

/// Every literal in the `.rs` files of the folder `src` (not below it) that reads as words, as
/// `file:line: "literal"`, leaving out the file `skip` (the test itself) and what `allowed` lists.
///
/// # Panics
/// When the folder or one of its files cannot be read: the test that asked fails, naming it.
#[expect(clippy::expect_used, reason = "a test's own helper: a source folder it cannot read fails that test")]
pub fn worded_in(src: &std::path::Path, skip: &str, allowed: &[Allowed]) -> Vec<String> {
    let entries = std::fs::read_dir(src).expect("the source folder");
    let mut files: Vec<_> = entries.map(|e| e.expect("a source file").path()).collect();
    files.sort();
    let mut found = Vec::new();
    for path in files.into_iter().filter(|p| p.extension().is_some_and(|e| e == "rs")) {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if name == skip {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("a source file");
        for (line, literal) in worded(&text) {
            if !allowed.iter().any(|(file, start, _)| *file == name && literal.starts_with(start)) {
                found.push(format!("{name}:{line}: \"{literal}\""));
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let found: Vec<String> = worded(source).into_iter().map(|(_, l)| l).collect();
        assert_eq!(
            found,
            ["Some words {x}", "no account with id {x}", r#"raw words "quoted" here"#, "words after a quote char"]
        );
        let with_tests = "let a = \"two words\";\n#[cfg(test)]\nmod tests {\n    let b = \"in the tests\";\n}\n";
        assert_eq!(worded(with_tests), [(1, "two words".to_owned())], "the unit tests at the end are left out");
    }
}
