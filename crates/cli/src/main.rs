//! `keyfob`: the authenticator without a window, for scripts, tests and terminals.
//!
//! Data goes to stdout, diagnostics to stderr. Exit status: 0 success, 1 nothing found or a file that could
//! not be read, 2 bad input (a malformed link, a wrong flag).

mod scan;
mod view;

use std::io::Write;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use keyfob_core::{Account, Clock, SystemClock, uri};

/// Keyfob: two-factor codes from enrolment QR codes and otpauth:// links.
#[derive(Parser)]
#[command(name = "keyfob", version, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Find enrolment QR codes in images and print their otpauth:// links, one per line.
    ///
    /// Reads PNG, JPEG, WebP, GIF and BMP: screenshots, photos of a screen, saved QR images. A Google
    /// Authenticator export QR is expanded into one link per account. Use `-` to read an image from stdin.
    /// Exits 1 when no link is found in any file.
    Scan {
        /// Image files to scan.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<std::path::PathBuf>,
    },
    /// Print the current code of an otpauth:// link (for hotp: the code at its counter).
    Code {
        /// The otpauth:// link.
        uri: String,
        /// Compute the code at this Unix time (seconds) instead of now.
        #[arg(long, value_name = "UNIX_SECONDS")]
        at: Option<u64>,
    },
    /// Print what an otpauth:// link holds, as JSON. The secret is left out unless asked for.
    Inspect {
        /// The otpauth:// link.
        uri: String,
        /// Include the secret (base32) in the output.
        #[arg(long)]
        show_secret: bool,
    },
}

/// A command's failure: what to tell the user and the exit status that goes with it.
struct Failure {
    status: u8,
    message: String,
}

impl Failure {
    /// Nothing was found, or a file or stream could not be read or written (exit 1).
    fn failed(message: impl Into<String>) -> Self {
        Self { status: 1, message: message.into() }
    }

    /// The input itself is wrong (exit 2, like a usage error).
    fn bad_input(message: impl Into<String>) -> Self {
        Self { status: 2, message: message.into() }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut stdout = std::io::stdout().lock();
    let result = match cli.command {
        Command::Scan { files } => scan::run(&files, &mut stdout),
        Command::Code { uri, at } => {
            parse_uri(&uri).and_then(|a| print(&mut stdout, a.code_at(at.unwrap_or_else(|| SystemClock.now()))))
        }
        Command::Inspect { uri, show_secret } => {
            parse_uri(&uri).and_then(|a| print(&mut stdout, view::to_json(&a, show_secret).as_str()))
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("keyfob: {}", failure.message);
            ExitCode::from(failure.status)
        }
    }
}

fn parse_uri(text: &str) -> Result<Account, Failure> {
    uri::parse(text).map_err(|e| Failure::bad_input(format!("invalid otpauth:// link: {e}")))
}

fn print(out: &mut impl Write, line: impl std::fmt::Display) -> Result<(), Failure> {
    writeln!(out, "{line}").map_err(|e| Failure::failed(format!("cannot write the output: {e}")))
}
