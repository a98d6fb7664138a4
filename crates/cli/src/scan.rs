//! `keyfob scan`: images in, canonical otpauth:// links out.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use keyfob_core::{migration, qr, uri};
use zeroize::Zeroizing;

use crate::Failure;

/// The largest image file read, in bytes: far above any screenshot, far below what would hurt.
const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// Scans each file, printing every link found. A file that yields nothing is reported on stderr in one line
/// and the others are still scanned; the command fails only when no file yields a link.
pub fn run(files: &[PathBuf], out: &mut impl Write) -> Result<(), Failure> {
    let mut printed = 0usize;
    let mut problems = Vec::new();
    for file in files {
        let name = file.display();
        let found = scan_file(file).and_then(|payloads| {
            let (links, notes) = links(&payloads);
            if links.is_empty() {
                return Err(if notes.is_empty() {
                    "the QR code holds no account".to_owned()
                } else {
                    notes.join("; ")
                });
            }
            for note in notes {
                eprintln!("keyfob: {name}: {note}");
            }
            Ok(links)
        });
        match found {
            Ok(links) => {
                for link in links {
                    writeln!(out, "{}", link.as_str())
                        .map_err(|e| Failure::failed(format!("cannot write the output: {e}")))?;
                    printed += 1;
                }
            }
            Err(problem) => problems.push(format!("{name}: {problem}")),
        }
    }
    match problems.as_slice() {
        _ if printed > 0 => {
            for problem in &problems {
                eprintln!("keyfob: {problem}");
            }
            Ok(())
        }
        [only] => Err(Failure::failed(only.clone())),
        _ => Err(Failure::failed(format!("no otpauth:// link found in {}", problems.join("; ")))),
    }
}

/// Reads and decodes one image (`-` is stdin).
fn scan_file(path: &Path) -> Result<Vec<String>, String> {
    let mut bytes = Vec::new();
    let read = if path == Path::new("-") {
        std::io::stdin().lock().take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path).and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
    };
    read.map_err(|e| format!("cannot read the file: {e}"))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(format!("the file is over {} MiB; is it really an image?", MAX_FILE_BYTES >> 20));
    }
    qr::decode_image_bytes(&bytes).map_err(|e| e.to_string())
}

/// Turns decoded QR texts into canonical links, with a note for each text that cannot become one.
fn links(payloads: &[String]) -> (Vec<Zeroizing<String>>, Vec<String>) {
    let mut links = Vec::new();
    let mut notes = Vec::new();
    for payload in payloads {
        match uri::parse(payload) {
            Ok(account) => links.push(uri::to_uri(&account)),
            Err(uri::Error::MigrationExport) => match migration::parse(payload) {
                Ok(export) => {
                    notes.extend(export.skipped.iter().map(|s| format!("skipped `{}`: it {}", s.label, s.reason)));
                    links.extend(export.accounts.iter().map(uri::to_uri));
                }
                Err(e) => notes.push(e.to_string()),
            },
            Err(uri::Error::NotOtpauth { .. }) => notes.push("the QR code holds no otpauth:// link".to_owned()),
            Err(e) => notes.push(format!("the QR code holds an invalid otpauth:// link: {e}")),
        }
    }
    (links, notes)
}
