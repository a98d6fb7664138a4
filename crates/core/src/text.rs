//! Text from outside shown to a person: names from links and exports, a server's error message, a QR
//! code's content. Any of it may carry terminal escapes (`ESC ] 52 ;` writes the clipboard, `ESC [ 2 J`
//! clears the screen) or invisible characters that reorder what is shown. [`visible`] makes such text
//! inert and visible before it reaches a terminal or a log.

use std::borrow::Cow;
use std::fmt::Write as _;

use crate::account::is_invisible_format;

/// `text` with every control character (C0, DEL, C1: ESC, BEL, CR, newline, tab…) and every invisible
/// formatting character (bidi overrides, zero-width characters) replaced by its escape, such as `\u{1b}`:
/// what was there stays readable, and none of it acts. Text with nothing to escape is returned as it is.
pub fn visible(text: &str) -> Cow<'_, str> {
    let acts = |c: char| c.is_control() || is_invisible_format(c);
    if !text.chars().any(acts) {
        return Cow::Borrowed(text);
    }
    let mut shown = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if acts(c) {
            // Writing to a String cannot fail.
            let _ = write!(shown, "\\u{{{:x}}}", u32::from(c));
        } else {
            shown.push(c);
        }
    }
    Cow::Owned(shown)
}

/// JSON text with every invisible formatting character written as its JSON escape (`\u202e`). JSON
/// writers already escape control characters in strings; the invisible ones are valid unescaped, and
/// would act in a terminal. They occur only inside strings, so escaping them keeps the value the same.
pub fn visible_json(json: &str) -> Cow<'_, str> {
    if !json.chars().any(is_invisible_format) {
        return Cow::Borrowed(json);
    }
    let mut shown = String::with_capacity(json.len() + 12);
    for c in json.chars() {
        if is_invisible_format(c) {
            for unit in c.encode_utf16(&mut [0; 2]) {
                // Writing to a String cannot fail.
                let _ = write!(shown, "\\u{unit:04x}");
            }
        } else {
            shown.push(c);
        }
    }
    Cow::Owned(shown)
}

/// Why JSON from outside could not be read, for a person or a log: the kind of fault and where, never
/// serde_json's own words, which quote the value they met (`invalid type: string "JBSWY3DP…"`), and that
/// value may be a secret.
pub fn json_fault(error: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let what = match error.classify() {
        Category::Io => "it could not be read",
        Category::Syntax => "it is not valid JSON",
        Category::Data => "a value has the wrong type or is missing",
        Category::Eof => "it is cut short",
    };
    format!("{what} at line {}, column {}", error.line(), error.column())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_json_fault_says_where_never_the_value_it_met() {
        let wrong = serde_json::from_str::<Vec<u8>>(r#"{"secret": "JBSWY3DPEHPK3PXP"}"#).unwrap_err();
        assert_eq!(json_fault(&wrong), "a value has the wrong type or is missing at line 1, column 0");
        let string = serde_json::from_str::<Vec<u8>>(r#""JBSWY3DPEHPK3PXP""#).unwrap_err();
        assert!(string.to_string().contains("JBSWY3DP"), "serde_json quotes it: {string}");
        assert_eq!(json_fault(&string), "a value has the wrong type or is missing at line 1, column 18");
        let cut = serde_json::from_str::<Vec<u8>>("[1, 2").unwrap_err();
        assert_eq!(json_fault(&cut), "it is cut short at line 1, column 5");
    }

    #[test]
    fn escapes_terminal_controls_and_invisible_characters_and_keeps_the_rest() {
        assert!(matches!(visible("ACME Café ✓ alice@example.com"), Cow::Borrowed(_)));
        assert_eq!(visible("a\u{1b}]52;c;aGk=\u{7}b"), "a\\u{1b}]52;c;aGk=\\u{7}b");
        assert_eq!(visible("x\u{9b}2J\r\n\t\u{7f}"), "x\\u{9b}2J\\u{d}\\u{a}\\u{9}\\u{7f}");
        assert_eq!(visible("Pay\u{202e}laP\u{200b}"), "Pay\\u{202e}laP\\u{200b}");
    }

    #[test]
    fn json_keeps_its_value_and_loses_its_invisible_characters() {
        let value = serde_json::json!({"issuer": "Pay\u{202e}laP", "account": "a\u{e0041}\u{1b}", "n": [1, 2]});
        let text = serde_json::to_string_pretty(&value).unwrap();
        let shown = visible_json(&text);
        assert!(!shown.chars().any(|c| is_invisible_format(c) || (c.is_control() && c != '\n')), "{shown}");
        assert_eq!(serde_json::from_str::<serde_json::Value>(&shown).unwrap(), value);
        assert!(matches!(visible_json("{\"a\": \"b\"}"), Cow::Borrowed(_)));
    }
}
