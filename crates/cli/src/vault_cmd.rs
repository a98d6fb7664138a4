//! The commands that use the vault: `init`, `list`, `code QUERY`, `import`, `rename`, `remove`, `export`.

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;

use keyfob_session::model::Method;
use keyfob_session::model::import::Format;
use keyfob_session::model::vault::Entry;

use crate::context::{Context, failed, read_new_password, read_password, warn_backup};
use crate::{Failure, view};

/// `keyfob init`: creates an empty vault, its key in the keychain or behind a passphrase.
pub(crate) fn init(ctx: &Context, out: &mut impl Write) -> Result<(), Failure> {
    let session = ctx.session()?;
    session.init().map_err(failed)?;
    let how = if ctx.has_passphrase() { "its key behind your passphrase" } else { "its key in the OS keychain" };
    crate::print(out, format_args!("created a vault at {}, {how}", session.vault_path().display()))
}

/// `keyfob import FILE`: a preview, then every good entry added in one vault write.
pub(crate) fn import(
    ctx: &Context,
    files: &[PathBuf],
    format: Option<&str>,
    password_file: Option<&std::path::Path>,
    out: &mut impl Write,
) -> Result<(), Failure> {
    let format = match format {
        None => None,
        Some(name) => Some(Format::from_name(name).ok_or_else(|| {
            Failure::bad_input(format!("unknown format `{name}` (expected one of {})", Format::names()))
        })?),
    };
    let password = password_file.map(|path| read_password(path, "password")).transpose()?;
    let report = keyfob_session::import_files::read(files, format, password.as_ref()).map_err(failed)?;
    let name = match files {
        [file] => file.display().to_string(),
        _ => "the files".to_owned(),
    };
    let problems = report.problems.clone();
    let left_out = report.left_out.clone();
    let nothing = report.accounts.is_empty();
    let items = if nothing {
        Vec::new()
    } else {
        let session = ctx.session()?;
        let preview = session.stage_import(report).map_err(failed)?;
        let commit = session.commit(preview.generation, None, &**ctx.clock(), |_| {}).map_err(failed)?;
        warn_backup(&commit.backup);
        commit.items
    };
    let added = crate::add::report(out, &items)?;
    for problem in &problems {
        crate::print(out, format_args!("not imported: {problem}"))?;
    }
    for part in &left_out {
        crate::print(out, format_args!("imported without: {part}"))?;
    }
    crate::print(
        out,
        format_args!("{added} added, {} already there, {} not imported", items.len() - added, problems.len()),
    )?;
    // Nothing usable at all (a damaged export, entries all refused): the import failed, and says why above.
    if nothing && !problems.is_empty() {
        return Err(Failure::failed(format!("nothing could be imported from {name}")));
    }
    Ok(())
}

/// `keyfob list`: the accounts, never their secrets.
pub(crate) fn list(ctx: &Context, json: bool, out: &mut impl Write) -> Result<(), Failure> {
    let opened = ctx.session()?.vault().map_err(failed)?;
    let entries = opened.as_ref().map(|o| o.vault().entries().to_vec()).unwrap_or_default();
    let push = opened.as_ref().map(|o| o.vault().push_tokens().to_vec()).unwrap_or_default();
    if entries.is_empty() && push.is_empty() && !json {
        crate::warn("no accounts yet; add one with keyfob add");
    }
    if json {
        return crate::print_json(out, view::entries_json(&entries, &push));
    }
    view::warn_insecure(&push);
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

/// Entries whose id is `query`, or whose issuer or name contains it (any case). No query matches all.
fn matching<'a>(entries: &'a [Entry], query: Option<&str>) -> Vec<&'a Entry> {
    let Some(query) = query else { return entries.iter().collect() };
    if let Ok(id) = query.parse::<u64>()
        && let Some(entry) = entries.iter().find(|e| e.id == id)
    {
        return vec![entry];
    }
    entries.iter().filter(|e| e.matches(&[query])).collect()
}

/// `keyfob code [QUERY]`: one match prints the bare code; several print a table with seconds left.
pub(crate) fn code(ctx: &Context, query: Option<&str>, at: u64, out: &mut impl Write) -> Result<(), Failure> {
    let session = ctx.session()?;
    let empty = || Failure::failed("the vault is empty; add an account first (keyfob add)");
    let opened = session.vault().map_err(failed)?.ok_or_else(empty)?;
    let matches = matching(opened.vault().entries(), query);
    match matches.as_slice() {
        [] => match query {
            Some(q) => Err(Failure::failed(format!("no account matches `{q}`; see keyfob list"))),
            None => Err(empty()),
        },
        [only] => {
            let code = session.code_now(only.id, &keyfob_session::model::FixedClock(at)).map_err(failed)?;
            crate::print(out, code)
        }
        many => {
            for entry in many {
                let shown = match entry.method.period() {
                    Some(period) => {
                        let code = opened.code_at(entry.id, at).map_err(failed)?;
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
pub(crate) fn rename(
    ctx: &Context,
    id: u64,
    issuer: Option<Option<&str>>,
    account: Option<&str>,
    out: &mut impl Write,
) -> Result<(), Failure> {
    if issuer.is_none() && account.is_none() {
        return Err(Failure::bad_input("nothing to change; give --issuer, --no-issuer or --account"));
    }
    let changed = ctx.session()?.rename(id, issuer, account).map_err(failed)?;
    warn_backup(&changed.backup);
    crate::print(out, format_args!("renamed {id}: {}", view::label(&changed.value)))
}

/// `keyfob sites ID [SITE…]`: links the account to exactly these sites (`--clear`: to none), or shows them.
pub(crate) fn sites(
    ctx: &Context,
    id: u64,
    given: &[String],
    clear: bool,
    out: &mut impl Write,
) -> Result<(), Failure> {
    let session = ctx.session()?;
    if given.is_empty() && !clear {
        let opened = session.existing_vault().map_err(failed)?;
        let entry = opened.vault().entry(id).ok().cloned();
        let entry = entry.ok_or_else(|| Failure::failed(format!("no account with id {id}")))?;
        return entry.sites.iter().try_for_each(|site| crate::print(out, site));
    }
    let changed = session.set_sites(id, given).map_err(failed)?;
    warn_backup(&changed.backup);
    let names: Vec<&str> = changed.value.iter().map(keyfob_session::model::site::Site::as_str).collect();
    if names.is_empty() {
        return crate::print(out, format_args!("account {id} is linked to no site"));
    }
    crate::print(out, format_args!("account {id} is linked to {}", names.join(", ")))
}

/// `keyfob remove ID`: asks first, unless `--yes`; refuses without a terminal to ask on.
pub(crate) fn remove(ctx: &Context, id: u64, yes: bool, out: &mut impl Write) -> Result<(), Failure> {
    let session = ctx.session()?;
    if !yes {
        let opened = session.existing_vault().map_err(failed)?;
        let name =
            view::name_of(opened.vault(), id).ok_or_else(|| Failure::failed(format!("no account with id {id}")))?;
        if !std::io::stdin().is_terminal() {
            return Err(Failure::bad_input(
                "refusing to remove an account without confirmation; run in a terminal, or pass --yes",
            ));
        }
        eprint!(
            "Remove {} (id {id})? Its codes will be gone from Keyfob; make sure you can still log in another way. [y/N] ",
            keyfob_session::model::text::visible(&name)
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
    let removed = session.remove(id).map_err(failed)?;
    warn_backup(&removed.backup);
    crate::print(out, format_args!("removed {id}: {}", removed.value))
}

fn require_confirmation(confirmed: bool) -> Result<(), Failure> {
    if confirmed {
        return Ok(());
    }
    Err(Failure::bad_input(
        "this writes every secret in plain text; anyone who sees it can make your codes. Add --i-understand-this-prints-secrets to go ahead",
    ))
}

/// `keyfob export --uris`: every account as an otpauth:// link, which contains its secret.
pub(crate) fn export_uris(ctx: &Context, confirmed: bool, out: &mut impl Write) -> Result<(), Failure> {
    require_confirmation(confirmed)?;
    for link in ctx.session()?.export_links().map_err(failed)? {
        crate::print(out, link.as_str())?;
    }
    Ok(())
}

/// `keyfob export --aegis FILE`: an Aegis vault file, encrypted unless confirmed plain.
pub(crate) fn export_aegis(
    ctx: &Context,
    file: &std::path::Path,
    password_file: Option<&std::path::Path>,
    confirmed: bool,
    out: &mut impl Write,
) -> Result<(), Failure> {
    let password = password_file.map(|path| read_new_password(path, "export password")).transpose()?;
    if password.is_none() {
        require_confirmation(confirmed)?;
    }
    let count = ctx.session()?.export_aegis(file, password.as_ref()).map_err(failed)?;
    let how = if password.is_some() { "encrypted" } else { "in plain text" };
    crate::print(out, format_args!("exported {count} accounts to {} ({how})", file.display()))
}

/// `keyfob export --google-qr DIR`: Google Authenticator export QR codes as PNG files.
pub(crate) fn export_google(
    ctx: &Context,
    dir: &std::path::Path,
    confirmed: bool,
    out: &mut impl Write,
) -> Result<(), Failure> {
    require_confirmation(confirmed)?;
    let export = ctx.session()?.export_google(&**ctx.clock()).map_err(failed)?;
    std::fs::create_dir_all(dir).map_err(|e| Failure::failed(format!("cannot create {}: {e}", dir.display())))?;
    for (index, png) in export.images.iter().enumerate() {
        let path = dir.join(format!("export-{}.png", index + 1));
        keyfob_session::transfer::write(&path, png).map_err(failed)?;
        let count = export.images.len();
        crate::print(out, format_args!("wrote {} (QR code {} of {count})", path.display(), index + 1))?;
    }
    for name in export.left_out {
        crate::print(out, format_args!("not exported: {name}: Google Authenticator cannot hold this kind of account"))?;
    }
    Ok(())
}

/// Whether `text` is meant as a link (`otpauth://…`, or any other `scheme://`, which then gets a clear
/// "not an otpauth link" error) rather than a vault query: no issuer or account name contains `://`.
pub(crate) fn is_link(text: &str) -> bool {
    text.contains("://")
}
