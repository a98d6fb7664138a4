//! `keyfob`: the authenticator without a window, for scripts, tests and terminals.
//!
//! Data goes to stdout, diagnostics to stderr. Exit status: 0 success, 1 nothing found or a problem with
//! files, the vault or the keychain, 2 bad input (a malformed link, a wrong flag, a missing confirmation).

mod add;
mod backup_cmd;
mod browser_cmd;
mod context;
mod failure;
mod generate;
mod input;
mod lock_cmd;
mod push_cmd;
mod scan;
mod terminal;
#[cfg(test)]
mod tests;
mod vault_cmd;
mod view;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use keyfob_session::Message;
use keyfob_session::model::text::visible;
use keyfob_session::model::{Account, Clock, uri};
use zeroize::Zeroizing;

use add::{AddSource, TypedAccount};
use context::Context;
use failure::Failure;
use terminal::Terminal;

/// Keyfob: two-factor codes from enrolment QR codes and otpauth:// links, secrets guarded by the OS keychain.
#[derive(Parser)]
#[command(name = "keyfob", version, propagate_version = true)]
struct Cli {
    /// The vault directory (default: $KEYFOB_HOME, else the platform's data directory, e.g.
    /// ~/.local/share/keyfob).
    #[arg(long, global = true, value_name = "DIR")]
    vault: Option<PathBuf>,
    /// A file holding the passphrase of a vault whose key is not in the OS keychain (also
    /// $KEYFOB_PASSPHRASE_FILE).
    #[arg(long, global = true, value_name = "FILE")]
    passphrase_file: Option<PathBuf>,
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
        #[arg(required_unless_present = "camera", value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Scan with the camera instead: frames are decoded as they arrive, until one holds a code. Through
        /// the desktop portal where one offers a camera (it may ask you first), else PipeWire or V4L2.
        #[arg(long, conflicts_with = "files")]
        camera: bool,
        /// With --camera: give up after this many seconds without a code.
        #[arg(long, value_name = "SECONDS", default_value_t = 60, requires = "camera")]
        timeout: u64,
    },
    /// Print codes: of vault accounts matching QUERY, or of an otpauth:// link.
    ///
    /// QUERY is an account id, or part of an issuer or account name (any case). When exactly one account
    /// matches, only its code is printed, so it can be piped; otherwise each match is listed with its code
    /// and seconds left. Without QUERY, every account is listed. Given an otpauth:// link instead, prints
    /// that link's code without touching the vault. For HOTP, the counter moves on and is saved before the
    /// code is printed.
    Code {
        /// An account id, part of a name, or an otpauth:// link; `-` reads the link from standard input
        /// (so its secret stays out of shell history and the process list).
        query: Option<String>,
        /// Compute time-based codes at this Unix time (seconds) instead of now.
        #[arg(long, value_name = "UNIX_SECONDS")]
        at: Option<u64>,
    },
    /// Print what an otpauth:// link holds, as JSON. The secret is left out unless asked for.
    Inspect {
        /// The otpauth:// link; `-` reads it from standard input.
        uri: String,
        /// Include the secret (base32) in the output.
        #[arg(long)]
        show_secret: bool,
    },
    /// Print how far this computer's clock is off, in seconds (positive: the clock is behind), as a time
    /// server (SNTP) sees it. Codes depend on the clock; past 15 s they are refused.
    Time {
        /// The time server, HOST:PORT, or several separated by commas: the median of their answers counts,
        /// and only when most agree (default $KEYFOB_TIME_SERVER, else three pool.ntp.org servers).
        #[arg(long, value_name = "HOST:PORT")]
        server: Option<String>,
    },
    /// Create an empty vault. Adding the first account does this by itself, with the key in the OS
    /// keychain; use init with --passphrase-file to keep the key behind a passphrase instead, where no
    /// keychain is available.
    Init,
    /// Add accounts to the vault: from links, from QR codes in images, or typed in.
    ///
    /// An account that is already there (same secret, issuer and account name) is reported and skipped.
    Add(AddArgs),
    /// Import accounts from another authenticator's export: Aegis, 2FAS, Bitwarden, andOTP, Ente Auth,
    /// Proton Authenticator and Authenticator Pro (plain or password-protected), FreeOTP+ and LastPass
    /// Authenticator JSON, KeePassXC CSV, or a text file of otpauth:// links. Groups, favourites and notes
    /// come along where the format has them. Prints what will be added, what is already there and what
    /// cannot be imported and why, then adds the good entries in one vault write. A wrong password exits 2.
    ///
    /// Google Authenticator exports are read from images of their QR codes: give every image of the export
    /// at once, and the ones missing are named.
    Import {
        /// The export file, or the images of a Google Authenticator export.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// The file's format: keyfob (a Keyfob backup), aegis, 2fas, bitwarden, andotp, ente, proton,
        /// freeotp, authpro (Authenticator Pro, Stratum), lastpass, keepassxc or otpauth (detected from the
        /// content, or for andOTP's encrypted `.json.aes` from the name, when left out).
        #[arg(long, value_name = "FORMAT")]
        format: Option<String>,
        /// A file holding the export's password, for encrypted exports.
        #[arg(long, value_name = "FILE")]
        password_file: Option<PathBuf>,
    },
    /// Write an encrypted backup of every account to FILE (argon2id from the password, then
    /// ChaCha20-Poly1305; docs/backup-format.md). Restore it with `keyfob import FILE --password-file P`.
    Backup {
        /// Where to write the backup (replaced atomically if it exists).
        file: PathBuf,
        /// A file holding the backup's password (at least 8 characters).
        #[arg(long, value_name = "FILE", required = true)]
        password_file: PathBuf,
    },
    /// Back up the vault automatically after every change: to a folder you choose (another drive, a synced
    /// folder), as Keyfob backups that `keyfob import FILE --password-file P` restores, keeping the last N.
    #[command(subcommand)]
    AutoBackup(AutoBackupCommand),
    /// Approve or deny logins pushed by a login service (privacyIDEA's push token, poll mode, or Keyfob's
    /// reference login service). Enrol with `keyfob add` and the push enrolment QR or link.
    #[command(subcommand)]
    Push(PushCommand),
    /// Where the vault key lives (the OS keychain, or behind a passphrase) and when the app locks by itself.
    #[command(subcommand)]
    Lock(LockCommand),
    /// Print keyfob's man page (roff) or a completion script for a shell, as the packages install them.
    Generate {
        /// What to print.
        #[arg(value_enum)]
        kind: generate::Kind,
        /// Write every man page (one per command and subcommand) into this folder instead.
        #[arg(long, value_name = "DIR")]
        out_dir: Option<PathBuf>,
    },
    /// List the vault's accounts (never their secrets).
    List {
        /// Print a JSON array of objects: id, type, issuer (null when none), account, algorithm, digits,
        /// and period or counter.
        #[arg(long)]
        json: bool,
    },
    /// Show or set the websites an account belongs to: only their pages get its codes in the browser
    /// (each a domain such as example.co.uk, or a page's address; matched by registrable domain).
    Sites {
        /// The account's id (see keyfob list).
        id: u64,
        /// The sites to link it to, replacing those it has; none shows them.
        sites: Vec<String>,
        /// Unlink every site.
        #[arg(long, conflicts_with = "sites")]
        clear: bool,
    },
    /// The browser extension's native messaging host (started by the browser, not by hand): the codes
    /// of the accounts linked to a page's site, never a secret.
    BrowserHost {
        /// What the browser passes: the extension that started the host (only Keyfob's is answered).
        #[arg(trailing_var_arg = true, allow_hyphen_values = true, hide = true)]
        caller: Vec<String>,
    },
    /// Let Keyfob's browser extension reach Keyfob: install or remove the native messaging host.
    #[command(subcommand)]
    Browser(BrowserCommand),
    /// Rename an account.
    Rename {
        /// The account's id (see keyfob list).
        id: u64,
        /// The new issuer.
        #[arg(long, conflicts_with = "no_issuer")]
        issuer: Option<String>,
        /// Remove the issuer.
        #[arg(long)]
        no_issuer: bool,
        /// The new account name.
        #[arg(long)]
        account: Option<String>,
    },
    /// Remove an account, after asking (a terminal is needed to ask; --yes skips the question).
    Remove {
        /// The account's id (see keyfob list).
        id: u64,
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
    },
    /// Export the vault's accounts: as otpauth:// links, as an Aegis vault file, or as Google Authenticator
    /// export QR codes (PNG files a phone can scan). Anything written in the clear needs
    /// --i-understand-this-prints-secrets.
    #[command(group = clap::ArgGroup::new("target").required(true).args(["uris", "aegis", "google_qr"]))]
    Export {
        /// As otpauth:// links on stdout, one per line. They contain the secrets.
        #[arg(long)]
        uris: bool,
        /// As an Aegis vault file (encrypted with --password-file; in plain text without it).
        #[arg(long, value_name = "FILE")]
        aegis: Option<PathBuf>,
        /// As Google Authenticator export QR codes: PNG files written into DIR (export-1.png, ...).
        #[arg(long, value_name = "DIR")]
        google_qr: Option<PathBuf>,
        /// With --aegis: a file holding the password to encrypt it with.
        #[arg(long, value_name = "FILE")]
        password_file: Option<PathBuf>,
        /// Confirms that you mean to write every secret in plain text.
        #[arg(long)]
        i_understand_this_prints_secrets: bool,
    },
}

#[derive(Subcommand)]
enum BrowserCommand {
    /// Write the host manifests (allowing Keyfob's extension only) into the browsers' folders in your home.
    Install {
        /// Which browser.
        #[arg(long, value_enum, default_value = "all")]
        browser: browser_cmd::Browser,
    },
    /// Remove what `keyfob browser install` wrote.
    Uninstall,
    /// Pair the browser waiting to be paired: give the code Keyfob's extension shows (its toolbar button
    /// or options page). Only a paired browser gets codes.
    Pair {
        /// The six digits the extension shows.
        code: String,
    },
    /// List the browsers paired with Keyfob.
    Paired {
        /// Print a JSON array of objects: id, browser (chromium, firefox or unnamed), caller (the
        /// extension as its browser names it), paired (Unix seconds).
        #[arg(long)]
        json: bool,
    },
    /// Unpair a browser: it gets nothing from Keyfob from now on.
    Unpair {
        /// The browser's id (see keyfob browser paired).
        id: u64,
    },
}

#[derive(Subcommand)]
enum PushCommand {
    /// List the logins waiting for approval (only challenges whose signature verifies against the server
    /// key pinned at enrolment; several of one account show as one, the newest).
    List {
        /// Print a JSON array of objects: id, serial, token, issuer, account, title, question, options (the
        /// numbers to choose from; empty when none), expires (Unix seconds, or null when the server does
        /// not say), more (older attempts of the account folded into this one).
        #[arg(long)]
        json: bool,
    },
    /// Approve a waiting login. When it asks which number the login page shows, give it with --answer.
    Approve {
        /// The login's id (see keyfob push list).
        id: String,
        /// The number (or letter) shown on the login page.
        #[arg(long, value_name = "X")]
        answer: Option<String>,
    },
    /// Deny a waiting login.
    Deny {
        /// The login's id (see keyfob push list).
        id: String,
        /// "This wasn't me": reports the login as not started by you and silences that account's prompts
        /// for 10 minutes.
        #[arg(long)]
        not_me: bool,
    },
    /// Wait for logins and print each as one JSON line (as in push list --json) when it arrives, until
    /// interrupted.
    Listen,
}

#[derive(Subcommand)]
enum LockCommand {
    /// Show the lock mode (keychain or passphrase), the auto-lock minutes and whether the app locks with
    /// the screen.
    Status {
        /// Print a JSON object: mode ("keychain" or "passphrase"), auto_lock_minutes, lock_on_screen_lock.
        #[arg(long)]
        json: bool,
    },
    /// Keep the vault key behind a passphrase instead of the OS keychain (whose entry is then deleted), or
    /// change the passphrase (the current one from --passphrase-file or $KEYFOB_PASSPHRASE_FILE, or asked
    /// on a terminal). The key itself does not change: accounts, push tokens and backups are untouched.
    SetPassphrase {
        /// A file holding the new passphrase (at least 8 characters); without it, it is asked twice on a
        /// terminal.
        #[arg(long, value_name = "FILE")]
        new_passphrase_file: Option<PathBuf>,
    },
    /// Move the vault key back into the OS keychain (needs the current passphrase).
    RemovePassphrase,
    /// When the app locks by itself.
    #[command(group = clap::ArgGroup::new("what").required(true).multiple(true).args(["minutes", "on_screen_lock"]))]
    Auto {
        /// Lock after this many idle minutes (0: never by idleness; at most 1440).
        #[arg(long, value_name = "N")]
        minutes: Option<u32>,
        /// Lock when the screen locks, and before suspend.
        #[arg(long, value_name = "on|off", value_enum)]
        on_screen_lock: Option<lock_cmd::Switch>,
    },
}

#[derive(Subcommand)]
enum AutoBackupCommand {
    /// Turn automatic backups on (or change the folder, password or count), and make the first one now.
    On {
        /// The folder to write backups into (created if missing).
        folder: PathBuf,
        /// A file holding the backups' password (at least 8 characters). The password is not stored: a key
        /// derived from it is kept in the vault, sealed by the vault key.
        #[arg(long, value_name = "FILE", required = true)]
        password_file: PathBuf,
        /// How many of the newest backups to keep.
        #[arg(long, default_value_t = 10)]
        keep: u32,
    },
    /// Turn automatic backups off. Backups already written stay.
    Off,
    /// Make a backup now.
    Now,
    /// Show whether automatic backups are on, where they go, and when the last one was made.
    Status {
        /// Print a JSON object: enabled, folder, keep, last_success (Unix seconds), last_file, last_error.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args)]
#[command(group = clap::ArgGroup::new("typed").args(["secret", "secret_file"]))]
struct AddArgs {
    /// otpauth:// links; `-` reads them from standard input, one per line (so their secrets stay out of
    /// shell history and the process list).
    #[arg(value_name = "URI", conflicts_with_all = ["scan", "typed"], required_unless_present_any = ["scan", "typed"])]
    uris: Vec<String>,
    /// Add every account found in QR codes in these images (Google Authenticator exports included).
    #[arg(long, value_name = "FILE", num_args = 1.., conflicts_with = "typed")]
    scan: Vec<PathBuf>,
    /// Type an account in: its base32 secret. It is visible to other users in the process list and stays
    /// in shell history; prefer --secret-file.
    #[arg(long, value_name = "BASE32", requires = "account")]
    secret: Option<String>,
    /// Type an account in: a file holding its base32 secret (`-` for standard input).
    #[arg(long, value_name = "FILE", requires = "account")]
    secret_file: Option<PathBuf>,
    /// With --secret or --secret-file: the service.
    #[arg(long, requires = "typed")]
    issuer: Option<String>,
    /// With --secret or --secret-file: your name at the service.
    #[arg(long, requires = "typed")]
    account: Option<String>,
    /// With --secret or --secret-file: code length, 6 to 8 (default 6).
    #[arg(long, requires = "typed")]
    digits: Option<u8>,
    /// With --secret or --secret-file: seconds per code (default 30).
    #[arg(long, requires = "typed", conflicts_with = "counter")]
    period: Option<u32>,
    /// With --secret or --secret-file: SHA1, SHA256 or SHA512 (default SHA1).
    #[arg(long, requires = "typed")]
    algorithm: Option<String>,
    /// With --secret or --secret-file: makes it an HOTP account whose next code is at this counter.
    #[arg(long, requires = "typed")]
    counter: Option<u64>,
}

impl AddArgs {
    fn into_source(self) -> Result<AddSource, Failure> {
        if !self.uris.is_empty() {
            let mut links = Vec::new();
            for uri in self.uris {
                if uri == "-" {
                    links.extend(input::lines(&input::read(None)?));
                } else {
                    links.push(Zeroizing::new(uri));
                }
            }
            return Ok(AddSource::Links(links));
        }
        let secret = match (self.secret, self.secret_file) {
            (Some(secret), _) => Zeroizing::new(secret),
            (None, Some(file)) => input::read(Some(&file))?,
            (None, None) => return Ok(AddSource::Scan(self.scan)),
        };
        Ok(AddSource::Typed(Box::new(TypedAccount {
            secret: Zeroizing::new(secret.trim().to_owned()),
            issuer: self.issuer,
            account: self.account.unwrap_or_default(),
            digits: self.digits,
            period: self.period,
            algorithm: self.algorithm,
            counter: self.counter,
        })))
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let ctx = Context::new(cli.vault, cli.passphrase_file);
    let words = keyfob_i18n::Catalogue::new(context::language());
    let mut terminal = Terminal::new(std::io::stdout().lock(), &words);
    let out = &mut terminal;
    let now = || ctx.clock().now();
    let result = match cli.command {
        Command::Scan { camera: true, timeout, .. } => scan::camera(std::time::Duration::from_secs(timeout), out),
        Command::Scan { files, .. } => scan::run(&files, out),
        Command::Code { query: Some(link), at } if link == "-" || vault_cmd::is_link(&link) => {
            link_argument(link).and_then(|a| print(out, a.code_at(at.unwrap_or_else(now))))
        }
        Command::Code { query, at } => vault_cmd::code(&ctx, query.as_deref(), at.unwrap_or_else(now), out),
        Command::Inspect { uri, show_secret } => {
            link_argument(uri).and_then(|a| print_json(out, view::account_json(&a, show_secret).as_str()))
        }
        Command::Time { server } => time(&ctx, server, out),
        Command::Init => vault_cmd::init(&ctx, out),
        Command::Add(args) => args.into_source().and_then(|source| add::add(&ctx, source, out)),
        Command::Import { files, format, password_file } => {
            vault_cmd::import(&ctx, &files, format.as_deref(), password_file.as_deref(), out)
        }
        Command::Backup { file, password_file } => backup_cmd::backup(&ctx, &file, &password_file, out),
        Command::Push(PushCommand::List { json }) => push_cmd::list(&ctx, json, out),
        Command::Push(PushCommand::Approve { id, answer }) => {
            push_cmd::respond(&ctx, &id, keyfob_session::model::push::Answer::Approve { presence: answer }, out)
        }
        Command::Push(PushCommand::Deny { id, not_me }) => {
            push_cmd::respond(&ctx, &id, keyfob_session::model::push::Answer::Deny { not_me }, out)
        }
        Command::Push(PushCommand::Listen) => push_cmd::listen(&ctx, out),
        Command::AutoBackup(AutoBackupCommand::On { folder, password_file, keep }) => {
            backup_cmd::on(&ctx, &folder, &password_file, keep, out)
        }
        Command::AutoBackup(AutoBackupCommand::Off) => backup_cmd::off(&ctx, out),
        Command::AutoBackup(AutoBackupCommand::Now) => backup_cmd::now(&ctx, out),
        Command::AutoBackup(AutoBackupCommand::Status { json }) => backup_cmd::status(&ctx, json, out),
        Command::Lock(LockCommand::Status { json }) => lock_cmd::status(&ctx, json, out),
        Command::Lock(LockCommand::SetPassphrase { new_passphrase_file }) => {
            lock_cmd::set_passphrase(&ctx, new_passphrase_file.as_deref(), out)
        }
        Command::Lock(LockCommand::RemovePassphrase) => lock_cmd::remove_passphrase(&ctx, out),
        Command::Lock(LockCommand::Auto { minutes, on_screen_lock }) => {
            lock_cmd::auto(&ctx, minutes, on_screen_lock, out)
        }
        Command::Generate { kind, out_dir } => generate::run(kind, out_dir.as_deref(), out),
        Command::List { json } => vault_cmd::list(&ctx, json, out),
        Command::Sites { id, sites, clear } => vault_cmd::sites(&ctx, id, &sites, clear, out),
        Command::BrowserHost { caller } => browser_cmd::check_caller(&caller)
            .and_then(|caller| browser_cmd::host(&ctx, caller, &mut std::io::stdin().lock(), out)),
        Command::Browser(BrowserCommand::Install { browser }) => browser_cmd::install(browser, out),
        Command::Browser(BrowserCommand::Uninstall) => browser_cmd::uninstall(out),
        Command::Browser(BrowserCommand::Pair { code }) => browser_cmd::pair(&ctx, &code, out),
        Command::Browser(BrowserCommand::Paired { json }) => browser_cmd::paired(&ctx, json, out),
        Command::Browser(BrowserCommand::Unpair { id }) => browser_cmd::unpair(&ctx, id, out),
        Command::Rename { id, issuer, no_issuer, account } => {
            let issuer = if no_issuer { Some(None) } else { issuer.as_deref().map(Some) };
            vault_cmd::rename(&ctx, id, issuer, account.as_deref(), out)
        }
        Command::Remove { id, yes } => vault_cmd::remove(&ctx, id, yes, out),
        Command::Export { uris: true, i_understand_this_prints_secrets, .. } => {
            vault_cmd::export_uris(&ctx, i_understand_this_prints_secrets, out)
        }
        Command::Export { aegis: Some(file), password_file, i_understand_this_prints_secrets, .. } => {
            vault_cmd::export_aegis(&ctx, &file, password_file.as_deref(), i_understand_this_prints_secrets, out)
        }
        Command::Export { google_qr: Some(dir), i_understand_this_prints_secrets, .. } => {
            vault_cmd::export_google(&ctx, &dir, i_understand_this_prints_secrets, out)
        }
        // The argument group requires one of the three targets, so this is never reached.
        Command::Export { .. } => Err(Failure::bad_input(Message::new("cli-export-choose"))),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            terminal::tell(&words, &failure.message, failure.hint.as_deref());
            ExitCode::from(failure.status)
        }
    }
}

/// `keyfob time`: the offset on stdout; a warning on stderr when it is large enough to break codes.
fn time(ctx: &Context, server: Option<String>, out: &mut Terminal<'_, impl Write>) -> Result<(), Failure> {
    let Some(servers) = server.map(|s| keyfob_session::clock::server_list(&s)).or_else(|| ctx.time_servers()) else {
        return Err(Failure::bad_input(Message::new("cli-time-check-off")));
    };
    let offset = keyfob_session::clock::measure_offset(&servers)
        .map_err(|e| Failure::failed(Message::new("cli-time-unchecked").with("reason", e.to_string())))?;
    if offset.abs() > keyfob_session::clock::TOLERANCE_SECS {
        let direction = if offset > 0.0 { "behind" } else { "ahead" };
        let seconds = format!("{:.0}", offset.abs());
        out.warn(&Message::new("cli-time-clock-off").with("seconds", seconds).with("direction", direction));
    }
    print(out, format_args!("{offset:+.3}"))
}

/// The account of a link given as an argument, or read from standard input when the argument is `-`.
fn link_argument(argument: String) -> Result<Account, Failure> {
    let argument = Zeroizing::new(argument);
    if *argument != "-" {
        return parse_uri(&argument);
    }
    let text = input::read(None)?;
    match input::lines(&text).as_slice() {
        [link] => parse_uri(link),
        [] => Err(Failure::bad_input(Message::new("cli-stdin-no-link"))),
        _ => Err(Failure::bad_input(Message::new("cli-stdin-several-lines"))),
    }
}

fn parse_uri(text: &str) -> Result<Account, Failure> {
    uri::parse(text).map_err(|e| Failure::bad_input(Message::new("cli-invalid-link").with("reason", e.to_string())))
}

/// Writes one line of output. Everything printed passes through [`keyfob_session::model::text::visible`]: names,
/// links and messages may come from a hostile QR code, file or server, and no escape sequence of theirs
/// reaches the terminal.
fn print(out: &mut impl Write, line: impl std::fmt::Display) -> Result<(), Failure> {
    writeln!(out, "{}", visible(&line.to_string())).map_err(output_failed)
}

/// Writes JSON output (one value, compact or pretty), its invisible characters escaped the JSON way so
/// it stays the same value: see [`keyfob_session::model::text::visible_json`].
fn print_json(out: &mut impl Write, json: impl std::fmt::Display) -> Result<(), Failure> {
    writeln!(out, "{}", keyfob_session::model::text::visible_json(&json.to_string())).map_err(output_failed)
}

/// Output that could not be written (a closed pipe, a full disk).
fn output_failed(error: std::io::Error) -> Failure {
    Failure::failed(Message::new("cli-cannot-write-output").details(error.to_string()))
}

/// Tells the user something on stderr, prefixed `keyfob: `, control and invisible characters escaped as
/// [`print`] does.
fn warn(message: impl std::fmt::Display) {
    eprintln!("keyfob: {}", visible(&message.to_string()));
}
