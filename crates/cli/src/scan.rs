//! `keyfob scan` and `keyfob add --scan`: images in, accounts out.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use keyfob_session::model::{Account, payload, qr, uri};
use zeroize::Zeroizing;

use keyfob_session::Message;

use crate::Failure;
use crate::terminal::Terminal;

/// The largest image file read (see [`qr::MAX_FILE_BYTES`]).
const MAX_FILE_BYTES: u64 = qr::MAX_FILE_BYTES as u64;

/// `keyfob scan`: prints every account found as a canonical otpauth:// link, one per line, and push
/// enrolment links as they are.
pub(crate) fn run(files: &[PathBuf], out: &mut Terminal<'_, impl Write>) -> Result<(), Failure> {
    let found = found(files, out)?;
    print_found(found, out)
}

/// `keyfob scan --camera`: the first frame with a code in it, printed as [`run`] prints files.
pub(crate) fn camera(timeout: Duration, out: &mut Terminal<'_, impl Write>) -> Result<(), Failure> {
    let fail = |e: keyfob_camera::Error| Failure::failed(camera_message(&e));
    let camera = keyfob_camera::Camera::open().map_err(fail)?;
    // Which camera is read: any program can publish a video source, so the user should see the name.
    out.warn(&Message::new("cli-camera-using").with("device", camera.device()));
    let started = Instant::now();
    let found = camera.scan(&|| started.elapsed() > timeout, &mut |_preview| {}).map_err(fail)?;
    drop(camera);
    let keyfob_camera::Found::Codes(payloads) = found else {
        return Err(Failure::failed(Message::new("cli-camera-no-code").with("seconds", timeout.as_secs())));
    };
    let found = read_payloads(out, None, Ok(payloads)).map_err(Failure::failed)?;
    print_found(found, out)
}

/// What to say when the camera gives no frames: each failure its own message (the camera crate's own
/// words are English, for logs).
fn camera_message(error: &keyfob_camera::Error) -> Message {
    let id = match error {
        keyfob_camera::Error::NoCamera => "cli-camera-none",
        keyfob_camera::Error::Busy => "cli-camera-busy",
        keyfob_camera::Error::Refused => "cli-camera-refused",
        keyfob_camera::Error::NoPicture => "cli-camera-silent",
        keyfob_camera::Error::Unsupported => "cli-camera-unsupported",
        _ => "cli-camera-failed",
    };
    let message = Message::new(id).with("seconds", keyfob_camera::FIRST_FRAME_TIMEOUT.as_secs());
    match error {
        keyfob_camera::Error::Failed(reason) => message.details(reason.clone()),
        _ => message,
    }
}

fn print_found(
    (accounts, push): (Vec<Account>, Vec<Zeroizing<String>>),
    out: &mut Terminal<'_, impl Write>,
) -> Result<(), Failure> {
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
pub(crate) fn found(
    files: &[PathBuf],
    out: &Terminal<'_, impl Write>,
) -> Result<(Vec<Account>, Vec<Zeroizing<String>>), Failure> {
    let mut found = Vec::new();
    let mut push = Vec::new();
    let mut problems = Vec::new();
    for file in files {
        let name = file.display().to_string();
        match scan_file(file).and_then(|decoded| read_payloads(out, Some(&name), Ok(decoded))) {
            Ok((accounts, links)) => {
                found.extend(accounts);
                push.extend(links);
            }
            Err(problem) => {
                let said = Message::new("cli-scan-file-problem").with("problem", out.words().format(&problem));
                let said = said.with("file", name);
                problems.push(match problem.details {
                    Some(details) => said.details(details),
                    None => said,
                });
            }
        }
    }
    match problems.as_slice() {
        _ if !found.is_empty() || !push.is_empty() => {
            for problem in &problems {
                out.warn(problem);
            }
            Ok((found, push))
        }
        [only] => Err(Failure::failed(only.clone())),
        _ => {
            let each: Vec<String> = problems.iter().map(|p| out.words().format(p)).collect();
            Err(Failure::failed(Message::new("cli-scan-nothing").with("problems", each.join("; "))))
        }
    }
}

/// The accounts and push links in what one picture (the file `name`, or the camera) decoded to, or why
/// none could be used.
fn read_payloads(
    out: &Terminal<'_, impl Write>,
    name: Option<&str>,
    decoded: Result<Vec<String>, Message>,
) -> Result<(Vec<Account>, Vec<Zeroizing<String>>), Message> {
    let payloads = decoded?;
    let payload::Found { accounts, push: links, problems: notes } = payload::read(payloads.iter().map(String::as_str));
    let notes: Vec<Message> = notes.iter().map(keyfob_session::message::import_problem).collect();
    if accounts.is_empty() && links.is_empty() {
        if notes.is_empty() {
            return Err(Message::new("cli-scan-no-account"));
        }
        return Err(out.listing(Message::new("cli-scan-unusable"), "problems", &notes));
    }
    for note in notes {
        out.warn(&match name {
            Some(name) => Message::new("cli-scan-file-problem").with("file", name).with("problem", note),
            None => Message::new("cli-camera-note").with("problem", note),
        });
    }
    Ok((accounts, links))
}

/// Reads and decodes one image (`-` is stdin).
fn scan_file(path: &Path) -> Result<Vec<String>, Message> {
    let mut bytes = Vec::new();
    let read = if path == Path::new("-") {
        std::io::stdin().lock().take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path).and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
    };
    // The reason goes in the line itself: a scan says why a file gave nothing in one line (README).
    read.map_err(|e| Message::new("cli-scan-unreadable").with("reason", e.to_string()))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Message::new("cli-scan-too-large").with("mib", MAX_FILE_BYTES >> 20));
    }
    qr::decode_image_bytes(&bytes).map_err(|e| picture_message(&e))
}

/// Why no code came out of a picture, in the catalogue's words.
fn picture_message(error: &qr::Error) -> Message {
    match error {
        qr::Error::UnknownFormat => Message::new("cli-scan-not-an-image"),
        qr::Error::Unreadable { reason } => Message::new("cli-scan-damaged-image").with("reason", reason),
        qr::Error::TooLarge { width, height } => Message::new("cli-scan-too-many-pixels")
            .with("width", *width)
            .with("height", *height)
            .with("max", qr::MAX_PIXELS / 1_000_000),
        qr::Error::NotFound => Message::new("cli-scan-no-code"),
        other => Message::new("cli-scan-undecodable").with("reason", other.to_string()),
    }
}
