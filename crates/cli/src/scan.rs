//! `keyfob scan` and `keyfob add --scan`: images in, accounts out.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use keyfob_session::model::{Account, payload, qr, uri};
use zeroize::Zeroizing;

use crate::Failure;

/// The largest image file read (see [`qr::MAX_FILE_BYTES`]).
const MAX_FILE_BYTES: u64 = qr::MAX_FILE_BYTES as u64;

/// `keyfob scan`: prints every account found as a canonical otpauth:// link, one per line, and push
/// enrolment links as they are.
pub(crate) fn run(files: &[PathBuf], out: &mut impl Write) -> Result<(), Failure> {
    print_found(found(files)?, out)
}

/// `keyfob scan --camera`: the first frame with a code in it, printed as [`run`] prints files.
pub(crate) fn camera(timeout: Duration, out: &mut impl Write) -> Result<(), Failure> {
    let fail = |e: keyfob_camera::Error| Failure::failed(format!("{e}. {}", e.hint()));
    let camera = keyfob_camera::Camera::open().map_err(fail)?;
    // Which camera is read: any program can publish a video source, so the user should see the name.
    crate::warn(format_args!("Using: {}", camera.device()));
    let started = Instant::now();
    let found = camera.scan(&|| started.elapsed() > timeout, &mut |_preview| {}).map_err(fail)?;
    drop(camera);
    let keyfob_camera::Found::Codes(payloads) = found else {
        return Err(Failure::failed(format!("no QR code came into view within {} s", timeout.as_secs())));
    };
    print_found(read_payloads("the camera", Ok(payloads)).map_err(Failure::failed)?, out)
}

fn print_found((accounts, push): (Vec<Account>, Vec<Zeroizing<String>>), out: &mut impl Write) -> Result<(), Failure> {
    for account in accounts {
        crate::print(out, uri::to_uri(&account).as_str())?;
    }
    for link in push {
        crate::print(out, link.as_str())?;
    }
    Ok(())
}

/// Every account and push enrolment link in the images, in order. A file that yields nothing is reported
/// on stderr in one line and the others are still read; it fails only when no file yields anything, with
/// that one line as reason.
pub(crate) fn found(files: &[PathBuf]) -> Result<(Vec<Account>, Vec<Zeroizing<String>>), Failure> {
    let mut found = Vec::new();
    let mut push = Vec::new();
    let mut problems = Vec::new();
    for file in files {
        let name = file.display();
        match read_payloads(&name.to_string(), scan_file(file)) {
            Ok((accounts, links)) => {
                found.extend(accounts);
                push.extend(links);
            }
            Err(problem) => problems.push(format!("{name}: {problem}")),
        }
    }
    match problems.as_slice() {
        _ if !found.is_empty() || !push.is_empty() => {
            for problem in &problems {
                crate::warn(problem);
            }
            Ok((found, push))
        }
        [only] => Err(Failure::failed(only.clone())),
        _ => Err(Failure::failed(format!("no otpauth:// link found in {}", problems.join("; ")))),
    }
}

/// The accounts and push links in what one picture (named `name` in notes) decoded to.
fn read_payloads(
    name: &str,
    decoded: Result<Vec<String>, String>,
) -> Result<(Vec<Account>, Vec<Zeroizing<String>>), String> {
    let payloads = decoded?;
    let payload::Found { accounts, push: links, problems: notes } = payload::read(payloads.iter().map(String::as_str));
    if accounts.is_empty() && links.is_empty() {
        if notes.is_empty() {
            return Err("the QR code holds no account".to_owned());
        }
        return Err(notes.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "));
    }
    for note in notes {
        crate::warn(format_args!("{name}: {note}"));
    }
    Ok((accounts, links))
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
