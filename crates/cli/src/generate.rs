//! `keyfob generate`: the man pages and shell completions, made from the clap definition itself so they
//! never fall behind the commands. `scripts/package` puts their output into the packages.

use std::io::Write;
use std::path::Path;

use clap::CommandFactory;
use clap_complete::Shell;

use keyfob_session::Message;

use crate::terminal::Terminal;
use crate::{Cli, Failure};

/// What `keyfob generate` prints (the names ripgrep's `--generate` uses).
#[derive(Clone, Copy, clap::ValueEnum)]
pub(crate) enum Kind {
    /// The man page, roff: `keyfob.1`.
    Man,
    /// bash completions (`/usr/share/bash-completion/completions/keyfob`).
    CompleteBash,
    /// zsh completions (`/usr/share/zsh/vendor-completions/_keyfob`).
    CompleteZsh,
    /// fish completions (`/usr/share/fish/vendor_completions.d/keyfob.fish`).
    CompleteFish,
}

/// Prints `kind`; with `out_dir`, writes the man pages there instead, one per command and subcommand
/// (`keyfob.1`, `keyfob-lock.1`, `keyfob-lock-status.1`, …), which the top page's list refers to.
pub(crate) fn run(kind: Kind, out_dir: Option<&Path>, out: &mut Terminal<'_, impl Write>) -> Result<(), Failure> {
    let mut command = Cli::command();
    let shell = match (kind, out_dir) {
        (Kind::Man, Some(dir)) => return clap_mangen::generate_to(command, dir).map_err(failed),
        (_, Some(_)) => return Err(Failure::bad_input(Message::new("cli-out-dir-man-only"))),
        (Kind::Man, None) => return clap_mangen::Man::new(command).render(out).map_err(failed),
        (Kind::CompleteBash, None) => Shell::Bash,
        (Kind::CompleteZsh, None) => Shell::Zsh,
        (Kind::CompleteFish, None) => Shell::Fish,
    };
    // Into memory first: clap_complete panics when its writer fails (a closed pipe, `| head`).
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "keyfob", &mut script);
    out.write_all(&script).map_err(failed)
}

fn failed(e: std::io::Error) -> Failure {
    Failure::failed(Message::new("cli-cannot-write-output").details(e.to_string()))
}
