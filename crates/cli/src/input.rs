//! Secrets and links read from a file or standard input instead of the command line, where they would
//! stay in shell history and be visible to every user in `/proc/*/cmdline`.

use std::io::Read;
use std::path::Path;

use zeroize::Zeroizing;

use crate::Failure;

/// The most read: a link is at most 4 KiB, so this holds hundreds; more is not a list of links.
pub(crate) const MAX_INPUT_BYTES: usize = 1 << 20;

/// The text of `file`, or of standard input when `file` is `None` or `-`, at most [`MAX_INPUT_BYTES`]
/// (read no further), in wiped memory.
pub(crate) fn read(file: Option<&Path>) -> Result<Zeroizing<String>, Failure> {
    let (name, reader): (String, Box<dyn Read>) = match file.filter(|f| *f != Path::new("-")) {
        Some(path) => (
            path.display().to_string(),
            Box::new(
                std::fs::File::open(path)
                    .map_err(|e| Failure::failed(format!("cannot read {}: {e}", path.display())))?,
            ),
        ),
        None => ("standard input".to_owned(), Box::new(std::io::stdin().lock())),
    };
    let limit = u64::try_from(MAX_INPUT_BYTES).unwrap_or(u64::MAX).saturating_add(1);
    let mut bytes = Zeroizing::new(Vec::new());
    reader.take(limit).read_to_end(&mut bytes).map_err(|e| Failure::failed(format!("cannot read {name}: {e}")))?;
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(Failure::bad_input(format!(
            "{name} holds over {} KiB; give links or a secret, one per line",
            MAX_INPUT_BYTES >> 10
        )));
    }
    let text = std::str::from_utf8(&bytes).map_err(|_| Failure::bad_input(format!("{name} is not text")))?;
    Ok(Zeroizing::new(text.to_owned()))
}

/// The non-blank lines of `text`, trimmed, each in wiped memory.
pub(crate) fn lines(text: &str) -> Vec<Zeroizing<String>> {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).map(|l| Zeroizing::new(l.to_owned())).collect()
}
