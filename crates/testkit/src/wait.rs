//! Waiting for a positive signal, the one way the tests wait: poll for what must come (a file written, a
//! window shown, a service answering, a line printed) until it comes, or fail after a generous bound with
//! a message naming what was awaited. Never a fixed sleep that hopes something has happened meanwhile: on
//! a loaded CI machine it comes too late and the test flakes; never an unbounded wait: it hangs the run.
// Test support: a wait that runs out is the test's failure, and panics saying what was awaited.
#![allow(clippy::expect_used)]

use std::io::{BufRead, Read};
use std::process::Child;
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// The usual bound: long enough for a loaded two-core CI machine, short enough to fail a run plainly.
pub const LIMIT: Duration = Duration::from_secs(30);

/// How long to pause between two looks.
const PAUSE: Duration = Duration::from_millis(100);

/// Polls `probe` until it gives `Some`, and returns that.
///
/// # Panics
/// After `limit`, with "waited N s for WHAT".
pub fn poll<T>(what: &str, limit: Duration, probe: impl FnMut() -> Option<T>) -> T {
    poll_seen(what, limit, probe, String::new)
}

/// [`poll`], the failure also saying what `seen` tells of the state at the end (the text shown, the
/// last answer).
///
/// # Panics
/// After `limit`, with "waited N s for WHAT; SEEN".
pub fn poll_seen<T>(
    what: &str,
    limit: Duration,
    mut probe: impl FnMut() -> Option<T>,
    seen: impl FnOnce() -> String,
) -> T {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(found) = probe() {
            return found;
        }
        if Instant::now() >= deadline {
            let seen = seen();
            let seen = if seen.is_empty() { String::new() } else { format!("; {seen}") };
            panic!("waited {} s for {what}{seen}", limit.as_secs_f32());
        }
        std::thread::sleep(PAUSE);
    }
}

/// Waits until `ready` holds.
///
/// # Panics
/// After `limit`, with "waited N s for WHAT".
pub fn until(what: &str, limit: Duration, mut ready: impl FnMut() -> bool) {
    poll(what, limit, || ready().then_some(()));
}

/// The first line `child` prints on its standard output (piped), without its line end: the address a
/// server listens on, say. Read on a thread of its own, so a child that prints nothing cannot hold the
/// test; what the child writes on its standard error (when piped) is kept, to say why it failed.
///
/// # Panics
/// When the child's output is not piped, or it ends or prints nothing within `limit`: it is killed, and
/// the message names `what` and gives its exit status and standard error.
pub fn first_line(child: &mut Child, what: &str, limit: Duration) -> String {
    let stdout = child.stdout.take().expect("the child's standard output is piped");
    let (line_sender, line) = mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let read = std::io::BufReader::new(stdout).read_line(&mut line);
        let _ = line_sender.send(read.map(|_| line));
    });
    // Drained to its end, so a talkative child never blocks on a full pipe.
    let errors = child.stderr.take().map(|mut stderr| {
        let (sender, errors) = mpsc::channel();
        std::thread::spawn(move || {
            let mut text = Vec::new();
            let _ = stderr.read_to_end(&mut text);
            let _ = sender.send(String::from_utf8_lossy(&text).into_owned());
        });
        errors
    });
    let failure = match line.recv_timeout(limit) {
        Ok(Ok(line)) if !line.is_empty() => return line.trim_end_matches(['\r', '\n']).to_owned(),
        Ok(Ok(_)) => "it closed its output without printing it".to_owned(),
        Ok(Err(e)) => format!("its output could not be read: {e}"),
        Err(_) => format!("waited {} s for it", limit.as_secs_f32()),
    };
    let _ = child.kill();
    let status = child.wait().map_or_else(|e| e.to_string(), |s| s.to_string());
    // The child is gone: its standard error ends now (unless a grandchild holds it open).
    let stderr = errors.and_then(|e| e.recv_timeout(Duration::from_secs(5)).ok()).unwrap_or_default();
    panic!("{what}: {failure} ({status}); its standard error: {:?}", stderr.trim());
}
