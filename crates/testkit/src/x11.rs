//! The test display (Xvfb, with no window manager), driven as a user would through `xdotool`: find a
//! window, give it the keyboard, press keys, answer a native dialog. Every wait is bounded and fails
//! naming what it waited for: `xdotool`'s own `--sync` waits forever when the window never comes or never
//! takes the keyboard, and held a full test run for five minutes once.
// Test support: a failure here is the test's failure, and panics saying what was waited for.
#![allow(clippy::expect_used, clippy::disallowed_methods)]

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::wait;

/// How long one `xdotool` call may take: it answers in milliseconds unless it waits.
const CALL_LIMIT: Duration = Duration::from_secs(20);
/// How long a window may take to appear or to take the keyboard on a loaded machine.
pub const WINDOW_LIMIT: Duration = Duration::from_secs(30);

/// Runs `command` to its end, or kills it after `limit` and fails the test naming `what`. Its output is
/// read as it comes (on two threads), so a program that writes more than a pipe holds still finishes.
///
/// # Panics
/// When the program cannot start, or runs past `limit`.
pub fn run_bounded(command: &mut Command, limit: Duration, what: &str) -> Output {
    let mut child =
        command.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap_or_else(|e| {
            panic!("{what}: cannot start {:?} (scripts/test installs it): {e}", command.get_program())
        });
    let drain = |pipe: Option<Box<dyn std::io::Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            bytes
        })
    };
    let stdout = drain(child.stdout.take().map(|p| Box::new(p) as Box<dyn std::io::Read + Send>));
    let stderr = drain(child.stderr.take().map(|p| Box::new(p) as Box<dyn std::io::Read + Send>));
    let deadline = Instant::now() + limit;
    let status = loop {
        if let Some(status) = child.try_wait().expect("the child's status") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what}: still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output { status, stdout: stdout.join().expect("stdout read"), stderr: stderr.join().expect("stderr read") }
}

/// Runs `xdotool ARGS…` on the test display, failing the test if it fails or hangs.
///
/// # Panics
/// When xdotool fails or runs past its limit.
pub fn xdotool(args: &[&str]) {
    let done = try_xdotool(args);
    assert!(done.status.success(), "xdotool {args:?}: {}", String::from_utf8_lossy(&done.stderr));
}

fn try_xdotool(args: &[&str]) -> Output {
    run_bounded(Command::new("xdotool").args(args), CALL_LIMIT, &format!("xdotool {args:?}"))
}

/// The first mapped window whose title matches the regular expression `title`, if one is shown now.
pub fn find_window(title: &str) -> Option<String> {
    let found = try_xdotool(&["search", "--onlyvisible", "--name", title]);
    String::from_utf8_lossy(&found.stdout).lines().next().map(str::to_owned).filter(|_| found.status.success())
}

/// Waits until a window whose title matches `title` is shown, and returns it.
///
/// # Panics
/// When none shows within [`WINDOW_LIMIT`].
pub fn wait_window(title: &str) -> String {
    wait::poll(&format!("a window titled {title:?} to show"), WINDOW_LIMIT, || find_window(title))
}

/// Waits until no window whose title matches `title` is shown.
///
/// # Panics
/// When one is still shown after [`WINDOW_LIMIT`].
pub fn wait_window_gone(title: &str) {
    wait::until(&format!("the window titled {title:?} to close"), WINDOW_LIMIT, || find_window(title).is_none());
}

/// Gives `window` the keyboard, as a click would, and waits until it has it. Asked again while waiting:
/// right after mapping, a window can refuse the focus, and no window manager retries for us.
///
/// # Panics
/// When the window has not taken the keyboard within [`WINDOW_LIMIT`].
pub fn focus(window: &str) {
    assert!(
        try_focus(window, Instant::now() + WINDOW_LIMIT),
        "window {window} did not take the keyboard within {WINDOW_LIMIT:?}"
    );
}

/// [`focus`], giving up at `deadline`: whether the window has the keyboard.
fn try_focus(window: &str, deadline: Instant) -> bool {
    loop {
        let _ = try_xdotool(&["windowfocus", window]);
        let focused = try_xdotool(&["getwindowfocus"]);
        if String::from_utf8_lossy(&focused.stdout).trim() == window {
            return true;
        }
        if Instant::now() > deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Waits for the window whose title matches `title` and gives it the keyboard.
///
/// # Panics
/// As [`wait_window`] and [`focus`].
pub fn focus_titled(title: &str) -> String {
    let window = wait_window(title);
    focus(&window);
    window
}

/// Answers the native dialog titled `title` with `key` (`Return` confirms, `Escape` cancels), as a user
/// would, and waits until it has closed. A key pressed before GTK has drawn the dialog's buttons is lost,
/// so while the dialog stays open it is pressed again, every two seconds.
///
/// # Panics
/// When the dialog does not show, or has not closed within [`WINDOW_LIMIT`].
pub fn answer_native_dialog(title: &str, key: &str) {
    until_closed(title, Duration::from_secs(2), &format!("the dialog {title:?} to take {key} and close"), || {
        xdotool(&["key", key]);
    });
}

/// Picks `path` in the GTK file dialog titled `title`, as a user typing it would (Ctrl+L, the path,
/// Enter), and waits until the dialog has closed: the sign it took the path. Keys pressed before GTK has
/// drawn the dialog can be lost, so while it stays open the path is typed again, every five seconds (after
/// Ctrl+A in the location field, so that it replaces whatever an earlier try left there).
///
/// # Panics
/// When the dialog does not show, or has not closed within [`WINDOW_LIMIT`].
pub fn pick_in_file_dialog(title: &str, path: &Path) {
    let path = path.to_str().expect("a path xdotool can type");
    until_closed(title, Duration::from_secs(5), &format!("the file dialog {title:?} to take {path} and close"), || {
        xdotool(&["key", "ctrl+l"]);
        xdotool(&["key", "ctrl+a"]);
        xdotool(&["type", "--delay", "5", path]);
        xdotool(&["key", "Return"]);
    });
}

/// Waits for the window titled `title`, then gives it the keyboard and does `act` in it, again every
/// `every` while it stays open, until it has closed.
///
/// # Panics
/// When the window does not show, or has not closed within [`WINDOW_LIMIT`] of showing, naming `what`.
fn until_closed(title: &str, every: Duration, what: &str, act: impl Fn()) {
    let mut window = wait_window(title);
    let deadline = Instant::now() + WINDOW_LIMIT;
    loop {
        if try_focus(&window, Instant::now() + Duration::from_secs(2)) {
            act();
        }
        let acted = Instant::now();
        while acted.elapsed() < every {
            match find_window(title) {
                None => return,
                Some(shown) => window = shown,
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        assert!(Instant::now() < deadline, "waited {} s for {what}", WINDOW_LIMIT.as_secs());
    }
}
