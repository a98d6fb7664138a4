//! The commands that use the vault: `init`, `add`, `list`, `code QUERY`, `rename`, `remove`, `export`.

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;

use keyfob_core::vault::{Added, Entry, Passphrase, Vault};
use keyfob_core::{Account, Clock, Method, uri};
use keyfob_store::{OsKeychain, Store, Unlock, VaultDir};
use zeroize::Zeroizing;

use crate::{Failure, scan, view};

/// Where the vault is and how to unlock it, from the global options.
pub struct Context {
    /// `--vault DIR`, when given.
    pub vault: Option<PathBuf>,
    /// `--passphrase-file FILE` or `$KEYFOB_PASSPHRASE_FILE`, when given.
    pub passphrase_file: Option<PathBuf>,
}

impl Context {
    pub(crate) fn store(&self) -> Result<Store, Failure> {
        let dir = VaultDir::locate(self.vault.clone()).ok_or_else(|| {
            Failure::bad_input("cannot tell where to keep the vault; pass --vault DIR or set KEYFOB_HOME")
        })?;
        Ok(Store::new(dir, Box::new(OsKeychain)))
    }

    pub(crate) fn unlock(&self) -> Result<Unlock, Failure> {
        let Some(path) = &self.passphrase_file else { return Ok(Unlock::default()) };
        let text = std::fs::read_to_string(path)
            .map_err(|e| Failure::bad_input(format!("cannot read the passphrase file {}: {e}", path.display())))?;
        let passphrase = Passphrase::new(Zeroizing::new(text)).map_err(|e| Failure::bad_input(e.to_string()))?;
        Ok(Unlock { passphrase: Some(passphrase) })
    }
}

/// Store failures are about the environment (keychain, files), not the command line: exit 1.
pub(crate) fn failed(error: keyfob_store::Error) -> Failure {
    Failure::failed(error.to_string())
}

/// `keyfob init`: creates an empty vault, its key in the keychain or behind a passphrase.
pub fn init(ctx: &Context, out: &mut impl Write) -> Result<(), Failure> {
    let store = ctx.store()?;
    let unlock = ctx.unlock()?;
    let protected = unlock.passphrase.is_some();
    store.init(&unlock).map_err(failed)?;
    let how = if protected { "its key behind your passphrase" } else { "its key in the OS keychain" };
    crate::print(out, format_args!("created a vault at {}, {how}", store.dir().vault_path().display()))
}

/// The accounts `keyfob add` was asked to add.
pub enum AddSource {
    /// otpauth:// links (wiped on drop: they hold secrets).
    Links(Vec<Zeroizing<String>>),
    /// Every account in these images.
    Scan(Vec<PathBuf>),
    /// Typed in: secret and parameters.
    Typed(Box<TypedAccount>),
}

/// An account typed in field by field.
pub struct TypedAccount {
    /// Base32 secret.
    pub secret: Zeroizing<String>,
    /// The service.
    pub issuer: Option<String>,
    /// The user's name there.
    pub account: String,
    /// Code length (default 6).
    pub digits: Option<u8>,
    /// Seconds per code (default 30).
    pub period: Option<u32>,
    /// SHA1, SHA256 or SHA512 (default SHA1).
    pub algorithm: Option<String>,
    /// For HOTP: the counter of the next code.
    pub counter: Option<u64>,
}

impl TypedAccount {
    fn build(&self) -> Result<Account, Failure> {
        keyfob_core::account::Fields {
            kind: if self.counter.is_some() { "hotp" } else { "totp" },
            algorithm: self.algorithm.as_deref(),
            digits: self.digits,
            period: self.period,
            counter: self.counter,
            secret: &self.secret,
            issuer: self.issuer.as_deref(),
            name: &self.account,
        }
        .build()
        .map_err(Failure::bad_input)
    }
}

/// `keyfob add`: adds accounts in one vault write, reporting each as added or already there.
/// Push enrolment links among them are registered with their server first (`crate::push_cmd::enrol`).
pub fn add(ctx: &Context, source: AddSource, clock: &dyn Clock, out: &mut impl Write) -> Result<(), Failure> {
    let (accounts, push) = match source {
        AddSource::Links(links) => {
            let (push, links): (Vec<_>, Vec<_>) = links.into_iter().partition(|l| keyfob_core::push::is_push_link(l));
            let accounts = links.iter().map(|l| crate::parse_uri(l)).collect::<Result<_, _>>()?;
            (accounts, push)
        }
        AddSource::Scan(files) => scan::found(&files)?,
        AddSource::Typed(typed) => (vec![typed.build()?], Vec::new()),
    };
    if !accounts.is_empty() {
        let results = add_all(ctx, &accounts, clock.now())?;
        report_added(out, &accounts, &results)?;
    }
    crate::push_cmd::enrol(ctx, &push, out)
}

/// Adds accounts in one vault write; duplicates are left as they are.
fn add_all(ctx: &Context, accounts: &[Account], now: u64) -> Result<Vec<Added>, Failure> {
    change(&ctx.store()?, &ctx.unlock()?, |vault, rng| {
        accounts.iter().map(|a| vault.add(a, now, rng).map_err(Into::into)).collect::<Result<Vec<_>, _>>()
    })
}

/// Prints one line per account: added under an id, or already there. Returns how many were added.
fn report_added(out: &mut impl Write, accounts: &[Account], results: &[Added]) -> Result<usize, Failure> {
    let mut added = 0;
    for (account, result) in accounts.iter().zip(results) {
        let name = match account.issuer() {
            Some(issuer) => format!("{issuer} ({})", account.name()),
            None => account.name().to_owned(),
        };
        match result {
            Added::New(id) => {
                added += 1;
                crate::print(out, format_args!("added {id}: {name}"))?;
            }
            Added::Duplicate(id) => crate::print(out, format_args!("already there as {id}, skipped: {name}"))?,
        }
    }
    Ok(added)
}

/// `keyfob import FILE`: a preview, then every good entry added in one vault write.
pub fn import(
    ctx: &Context,
    files: &[PathBuf],
    format: Option<&str>,
    password_file: Option<&std::path::Path>,
    out: &mut impl Write,
) -> Result<(), Failure> {
    use keyfob_core::import::{self, Format, Password};
    let format = match format {
        None => None,
        Some(name) => Some(Format::from_name(name).ok_or_else(|| {
            Failure::bad_input(format!(
                "unknown format `{name}` (expected keyfob, aegis, 2fas, bitwarden, andotp or otpauth)"
            ))
        })?),
    };
    let password = match password_file {
        None => None,
        Some(path) => Some(Password::new(Zeroizing::new(
            std::fs::read_to_string(path)
                .map_err(|e| Failure::bad_input(format!("cannot read the password file {}: {e}", path.display())))?,
        ))),
    };
    let mut contents = Vec::new();
    for file in files {
        let bytes = std::fs::read(file).map_err(|e| Failure::failed(format!("cannot read {}: {e}", file.display())))?;
        contents.push((file.display().to_string(), bytes));
    }
    let named: Vec<(&str, &[u8])> = contents.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
    let name = match contents.as_slice() {
        [(name, _)] => name.clone(),
        _ => "the files".to_owned(),
    };
    let result = import::read_files(&named, format, password.as_ref());
    let report = result.map_err(|e| match e {
        import::Error::WrongPassword | import::Error::PasswordNeeded | import::Error::SeveralFiles => {
            Failure::bad_input(format!("{name}: {e}"))
        }
        e => Failure::failed(format!("{name}: {e}")),
    })?;
    let results = if report.accounts.is_empty() {
        Vec::new()
    } else {
        add_all(ctx, &report.accounts, keyfob_core::SystemClock.now())?
    };
    let added = report_added(out, &report.accounts, &results)?;
    for problem in &report.problems {
        crate::print(out, format_args!("not imported: {problem}"))?;
    }
    crate::print(
        out,
        format_args!("{added} added, {} already there, {} not imported", results.len() - added, report.problems.len()),
    )?;
    // Nothing usable at all (a damaged export, entries all refused): the import failed, and says why above.
    if report.accounts.is_empty() && !report.problems.is_empty() {
        return Err(Failure::failed(format!("nothing could be imported from {name}")));
    }
    Ok(())
}

pub(crate) fn read_password(path: &std::path::Path) -> Result<keyfob_core::import::Password, Failure> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure::bad_input(format!("cannot read the password file {}: {e}", path.display())))?;
    Ok(keyfob_core::import::Password::new(Zeroizing::new(text)))
}

/// `keyfob list`: the accounts, never their secrets.
pub fn list(ctx: &Context, json: bool, out: &mut impl Write) -> Result<(), Failure> {
    let vault = load(&ctx.store()?, &ctx.unlock()?)?;
    let entries = vault.as_ref().map(|v| v.entries().to_vec()).unwrap_or_default();
    let push = vault.as_ref().map(|v| v.push_tokens().to_vec()).unwrap_or_default();
    if entries.is_empty() && push.is_empty() && !json {
        crate::warn("no accounts yet; add one with keyfob add");
    }
    if json {
        return crate::print_json(out, view::entries_json(&entries, &push));
    }
    for entry in &entries {
        let detail = match entry.method {
            Method::Hotp { counter, .. } => format!("hotp, counter {counter}"),
            method => format!("{}, {} digits", method.kind(), method.code_len()),
        };
        crate::print(out, format_args!("{:>4}  {}  [{detail}]", entry.id, view::label(entry)))?;
    }
    for token in &push {
        let name = view::name(token.issuer.as_deref(), &token.name);
        crate::print(out, format_args!("{:>4}  {name}  [push, serial {}]", token.id, token.serial))?;
    }
    Ok(())
}

/// One account with its secret; a secret that does not open means the file was tampered with.
fn unseal(vault: &Vault, id: u64) -> Result<Account, Failure> {
    vault.account(id).map_err(|e| Failure::failed(e.to_string()))
}

/// The vault, or `None` when none has been created yet.
/// Changes the vault, then warns (on stderr) when the automatic backup that follows every change failed.
pub(crate) fn change<T>(
    store: &Store,
    unlock: &Unlock,
    change: impl FnOnce(&mut Vault, &keyfob_store::SystemRandom) -> Result<T, keyfob_store::Error>,
) -> Result<T, Failure> {
    let result = store.update(unlock, change).map_err(failed)?;
    if let Some(error) = store.backup_status().last_error {
        crate::warn(format_args!("warning: {error}"));
    }
    Ok(result)
}

pub(crate) fn load(store: &Store, unlock: &Unlock) -> Result<Option<Vault>, Failure> {
    match store.load(unlock) {
        Ok(vault) => Ok(Some(vault)),
        Err(keyfob_store::Error::NoVault { .. }) => Ok(None),
        Err(e) => Err(failed(e)),
    }
}

/// Entries whose id is `query`, or whose issuer or name contains it (any case). No query matches all.
fn matching<'a>(entries: &'a [Entry], query: Option<&str>) -> Vec<&'a Entry> {
    let Some(query) = query else { return entries.iter().collect() };
    if let Ok(id) = query.parse::<u64>()
        && let Some(entry) = entries.iter().find(|e| e.id == id)
    {
        return vec![entry];
    }
    let needle = query.to_lowercase();
    entries
        .iter()
        .filter(|e| {
            e.name.to_lowercase().contains(&needle)
                || e.issuer.as_deref().is_some_and(|i| i.to_lowercase().contains(&needle))
        })
        .collect()
}

/// `keyfob code [QUERY]`: one match prints the bare code; several print a table with seconds left.
pub fn code(ctx: &Context, query: Option<&str>, at: u64, out: &mut impl Write) -> Result<(), Failure> {
    let store = ctx.store()?;
    let unlock = ctx.unlock()?;
    let Some(vault) = load(&store, &unlock)? else {
        return Err(Failure::failed("the vault is empty; add an account first (keyfob add)"));
    };
    let matches = matching(vault.entries(), query);
    match matches.as_slice() {
        [] => Err(Failure::failed(match query {
            Some(q) => format!("no account matches `{q}`; see keyfob list"),
            None => "the vault is empty; add an account first (keyfob add)".to_owned(),
        })),
        [only] => {
            let id = only.id;
            let code = if only.method.counter().is_some() {
                // The counter is saved before the code is shown, so no code is ever shown twice.
                change(&store, &unlock, |vault, _| Ok(vault.next_hotp_code(id)?))?
            } else {
                unseal(&vault, id)?.code_at(at)
            };
            crate::print(out, code)
        }
        many => {
            for entry in many {
                let shown = match entry.method.period() {
                    Some(period) => {
                        let code = unseal(&vault, entry.id)?.code_at(at);
                        format!("{code:>8}  {:>2}s left", period.remaining_at(at))
                    }
                    None => format!("{:>8}  (hotp: keyfob code {})", "", entry.id),
                };
                crate::print(out, format_args!("{:>4}  {shown}  {}", entry.id, view::label(entry)))?;
            }
            Ok(())
        }
    }
}

/// `keyfob rename ID`.
pub fn rename(
    ctx: &Context,
    id: u64,
    issuer: Option<Option<&str>>,
    account: Option<&str>,
    out: &mut impl Write,
) -> Result<(), Failure> {
    if issuer.is_none() && account.is_none() {
        return Err(Failure::bad_input("nothing to change; give --issuer, --no-issuer or --account"));
    }
    let entry = change(&ctx.store()?, &ctx.unlock()?, |vault, _| {
        vault.rename(id, issuer, account)?;
        Ok(vault.entries().iter().find(|e| e.id == id).cloned())
    })?;
    match entry {
        Some(entry) => crate::print(out, format_args!("renamed {id}: {}", view::label(&entry))),
        None => Err(Failure::failed(format!("no account with id {id}"))),
    }
}

/// `keyfob remove ID`: asks first, unless `--yes`; refuses without a terminal to ask on.
pub fn remove(ctx: &Context, id: u64, yes: bool, out: &mut impl Write) -> Result<(), Failure> {
    let store = ctx.store()?;
    let unlock = ctx.unlock()?;
    if !yes {
        let vault = store.load(&unlock).map_err(failed)?;
        let name = view::name_of(&vault, id).ok_or_else(|| Failure::failed(format!("no account with id {id}")))?;
        if !std::io::stdin().is_terminal() {
            return Err(Failure::bad_input(
                "refusing to remove an account without confirmation; run in a terminal, or pass --yes",
            ));
        }
        eprint!(
            "Remove {} (id {id})? Its codes will be gone from Keyfob; make sure you can still log in another way. [y/N] ",
            keyfob_core::text::visible(&name)
        );
        let mut answer = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut answer)
            .map_err(|e| Failure::failed(format!("cannot read the answer: {e}")))?;
        if !matches!(answer.trim(), "y" | "Y" | "yes" | "YES" | "Yes") {
            return Err(Failure::failed("not removed"));
        }
    }
    let removed = change(&store, &unlock, |vault, _| {
        let name = view::name_of(vault, id);
        match vault.remove(id) {
            Err(keyfob_core::vault::Error::NoSuchAccount { .. }) => drop(vault.remove_push(id)?),
            other => drop(other?),
        }
        Ok(name.unwrap_or_default())
    })?;
    crate::print(out, format_args!("removed {id}: {removed}"))
}

fn require_confirmation(confirmed: bool) -> Result<(), Failure> {
    if confirmed {
        return Ok(());
    }
    Err(Failure::bad_input(
        "this writes every secret in plain text; anyone who sees it can make your codes. Add --i-understand-this-prints-secrets to go ahead",
    ))
}

/// Every account of the vault, secrets unsealed (none when there is no vault yet).
pub(crate) fn all_accounts(ctx: &Context) -> Result<Vec<Account>, Failure> {
    let Some(vault) = load(&ctx.store()?, &ctx.unlock()?)? else { return Ok(Vec::new()) };
    vault.accounts().map_err(|e| Failure::failed(e.to_string()))
}

/// `keyfob export --uris`: every account as an otpauth:// link, which contains its secret.
pub fn export_uris(ctx: &Context, confirmed: bool, out: &mut impl Write) -> Result<(), Failure> {
    require_confirmation(confirmed)?;
    for account in all_accounts(ctx)? {
        crate::print(out, uri::to_uri(&account).as_str())?;
    }
    Ok(())
}

/// `keyfob export --aegis FILE`: an Aegis vault file, encrypted unless confirmed plain.
pub fn export_aegis(
    ctx: &Context,
    file: &std::path::Path,
    password_file: Option<&std::path::Path>,
    confirmed: bool,
    out: &mut impl Write,
) -> Result<(), Failure> {
    let password = password_file.map(read_password).transpose()?;
    if password.is_none() {
        require_confirmation(confirmed)?;
    }
    let accounts = all_accounts(ctx)?;
    let bytes = keyfob_core::export::aegis(&accounts, password.as_ref(), &keyfob_store::SystemRandom::new())
        .map_err(|e| Failure::failed(e.to_string()))?;
    keyfob_store::write_file_atomic(file, &bytes).map_err(|e| Failure::failed(e.to_string()))?;
    let how = if password.is_some() { "encrypted" } else { "in plain text" };
    crate::print(out, format_args!("exported {} accounts to {} ({how})", accounts.len(), file.display()))
}

/// `keyfob export --google-qr DIR`: Google Authenticator export QR codes as PNG files.
pub fn export_google(
    ctx: &Context,
    dir: &std::path::Path,
    confirmed: bool,
    out: &mut impl Write,
) -> Result<(), Failure> {
    require_confirmation(confirmed)?;
    let accounts = all_accounts(ctx)?;
    let batch_id = i32::try_from(keyfob_core::SystemClock.now() % 1_000_000_000).unwrap_or(1);
    let (texts, left_out) = keyfob_core::export::google(&accounts, batch_id);
    std::fs::create_dir_all(dir).map_err(|e| Failure::failed(format!("cannot create {}: {e}", dir.display())))?;
    for (index, text) in texts.iter().enumerate() {
        let png = keyfob_core::export::qr_png(text).map_err(|e| Failure::failed(e.to_string()))?;
        let path = dir.join(format!("export-{}.png", index + 1));
        keyfob_store::write_file_atomic(&path, &png).map_err(|e| Failure::failed(e.to_string()))?;
        crate::print(out, format_args!("wrote {} (QR code {} of {})", path.display(), index + 1, texts.len()))?;
    }
    for name in left_out {
        crate::print(out, format_args!("not exported: {name}: Google Authenticator cannot hold this kind of account"))?;
    }
    Ok(())
}

/// `$KEYFOB_PASSPHRASE_FILE`, as the default for `--passphrase-file`.
pub fn passphrase_file_from_env() -> Option<PathBuf> {
    std::env::var_os("KEYFOB_PASSPHRASE_FILE").filter(|v| !v.is_empty()).map(PathBuf::from)
}

/// Whether `text` is meant as a link (`otpauth://…`, or any other `scheme://`, which then gets a clear
/// "not an otpauth link" error) rather than a vault query: no issuer or account name contains `://`.
pub fn is_link(text: &str) -> bool {
    text.contains("://")
}
