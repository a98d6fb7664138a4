//! Secrets and links read from a file or standard input instead of the command line, where they would
//! stay in shell history and be visible to every user in `/proc/*/cmdline`.

use std::io::Read;
use std::path::Path;

use zeroize::Zeroizing;

use keyfob_session::Message;

use crate::Failure;

/// The most read: a link is at most 4 KiB, so this holds hundreds; more is not a list of links.
pub(crate) const MAX_INPUT_BYTES: usize = 1 << 20;

/// The text of `file`, or of standard input when `file` is `None` or `-`, at most [`MAX_INPUT_BYTES`]
/// (read no further), in wiped memory.
pub(crate) fn read(file: Option<&Path>) -> Result<Zeroizing<String>, Failure> {
    // `$file` names the file; `$stdin` says whether it is standard input, which the catalogue names.
    let stdin = if file.is_none_or(|f| f == Path::new("-")) { "yes" } else { "no" };
    let about = |id, name: &str| Message::new(id).with("file", name).with("stdin", stdin);
    let unreadable =
        |name: &str, e: std::io::Error| Failure::failed(about("cli-input-unreadable", name).details(e.to_string()));
    let (name, reader): (String, Box<dyn Read>) = match file.filter(|f| *f != Path::new("-")) {
        Some(path) => {
            let name = path.display().to_string();
            let opened = std::fs::File::open(path).map_err(|e| unreadable(&name, e))?;
            (name, Box::new(opened))
        }
        None => (String::new(), Box::new(std::io::stdin().lock())),
    };
    let limit = u64::try_from(MAX_INPUT_BYTES).unwrap_or(u64::MAX).saturating_add(1);
    let mut bytes = Zeroizing::new(Vec::new());
    reader.take(limit).read_to_end(&mut bytes).map_err(|e| unreadable(&name, e))?;
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(Failure::bad_input(about("cli-input-too-large", &name).with("kib", MAX_INPUT_BYTES >> 10)));
    }
    let text = std::str::from_utf8(&bytes).map_err(|_| Failure::bad_input(about("cli-input-not-text", &name)))?;
    Ok(Zeroizing::new(text.to_owned()))
}

/// The non-blank lines of `text`, trimmed, each in wiped memory.
pub(crate) fn lines(text: &str) -> Vec<Zeroizing<String>> {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).map(|l| Zeroizing::new(l.to_owned())).collect()
}
