//! Quoting what a file or link said, in an error: enough to recognise, never a flood (a hostile file's
//! text is echoed at most [`QUOTE_CHARS`] characters).

/// How much of an offending value an error may quote.
pub const QUOTE_CHARS: usize = 24;

/// The start of `value`, for quoting in an error, with `…` where it was cut.
pub fn quote(value: &str) -> String {
    let mut quoted: String = value.chars().take(QUOTE_CHARS).collect();
    if value.chars().nth(QUOTE_CHARS).is_some() {
        quoted.push('…');
    }
    quoted
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_long_value_is_cut_and_marked() {
        assert_eq!(super::quote("SHA1"), "SHA1");
        assert_eq!(super::quote(&"x".repeat(25)), format!("{}…", "x".repeat(24)));
        assert_eq!(super::quote(&"é".repeat(24)), "é".repeat(24), "characters, not bytes");
    }
}
