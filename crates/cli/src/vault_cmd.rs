//! The commands that use the vault: `init`, `list`, `code QUERY`, `import`, `rename`, `remove`, `export`.

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;

use keyfob_session::model::Method;
use keyfob_session::model::import::Format;
use keyfob_session::model::vault::Entry;

use keyfob_session::Message;

use crate::context::{Context, Secret, failed, read_new_password, read_password, warn_backup};
use crate::terminal::Terminal;
use crate::{Failure, view};

/// `keyfob init`: creates an empty vault, its key in the keychain or behind a passphrase.
pub(crate) fn init(ctx: &Context, out: &mut Terminal<'_, impl Write>) -> Result<(), Failure> {
    let session = ctx.session()?;
    session.init().map_err(failed)?;
    let key = if ctx.has_passphrase() { "passphrase" } else { "keychain" };
    out.say(
        &Message::new("cli-vault-created").with("path", session.vault_path().display().to_string()).with("key", key),
    )
}

/// `keyfob import FILE`: a preview, then every good entry added in one vault write.
pub(crate) fn import(
    ctx: &Context,
    files: &[PathBuf],
    format: Option<&str>,
    password_file: Option<&std::path::Path>,
    out: &mut Terminal<'_, impl Write>,
) -> Result<(), Failure> {
    let format = match format {
        None => None,
        Some(name) => Some(Format::from_name(name).ok_or_else(|| {
            Failure::bad_input(Message::new("cli-unknown-format").with("format", name).with("formats", Format::names()))
        })?),
    };
    let password = password_file.map(|path| read_password(path, Secret::Password)).transpose()?;
    let report = keyfob_session::import_files::read(files, format, password.as_ref()).map_err(failed)?;
    let problems = report.problems.clone();
    let left_out = report.left_out.clone();
    let nothing = report.accounts.is_empty();
    let items = if nothing {
        Vec::new()
    } else {
        let session = ctx.session()?;
        let preview = session.stage_import(report).map_err(failed)?;
        let commit = session.commit(preview.generation, None, &**ctx.clock(), |_| {}).map_err(failed)?;
        warn_backup(out, &commit.backup);
        commit.items
    };
    let added = crate::add::report(out, &items)?;
    for problem in &problems {
        let problem = keyfob_session::message::import_problem(problem);
        out.say_with_details(&Message::new("cli-not-imported").with("problem", problem))?;
    }
    for part in &left_out {
        let part = keyfob_session::message::omission(part);
        out.say_with_details(&Message::new("cli-imported-without").with("part", part))?;
    }
    let summary = Message::new("cli-import-summary").with("added", added).with("there", items.len() - added);
    out.say(&summary.with("refused", problems.len()))?;
    // Nothing usable at all (a damaged export, entries all refused): the import failed, and says why above.
    if nothing && !problems.is_empty() {
        return Err(Failure::failed(match files {
            [file] => Message::new("cli-nothing-imported").with("file", file.display().to_string()),
            _ => Message::new("cli-nothing-imported-files"),
        }));
    }
    Ok(())
}

/// `keyfob list`: the accounts, never their secrets.
pub(crate) fn list(ctx: &Context, json: bool, out: &mut Terminal<'_, impl Write>) -> Result<(), Failure> {
    let opened = ctx.session()?.vault().map_err(failed)?;
    let entries = opened.as_ref().map(|o| o.vault().entries().to_vec()).unwrap_or_default();
    let push = opened.as_ref().map(|o| o.vault().push_tokens().to_vec()).unwrap_or_default();
    if entries.is_empty() && push.is_empty() && !json {
        out.warn(&Message::new("cli-no-accounts-yet"));
    }
    if json {
        return crate::print_json(out, view::entries_json(&entries, &push));
    }
    view::warn_insecure(out, &push);
    for entry in &entries {
        let detail = match entry.method {
            Method::Hotp { counter, .. } => Message::new("cli-list-hotp").with("counter", counter),
            method => Message::new("cli-list-codes").with("kind", method.kind()).with("digits", method.code_len()),
        };
        let detail = out.words().format(&detail);
        crate::print(out, format_args!("{:>4}  {}  [{detail}]", entry.id, view::label(entry)))?;
    }
    for token in &push {
        let name = view::name(token.issuer.as_deref(), &token.name);
        let detail = out.words().format(&Message::new("cli-list-push").with("serial", &token.serial));
        crate::print(out, format_args!("{:>4}  {name}  [{detail}]", token.id))?;
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
pub(crate) fn code(
    ctx: &Context,
    query: Option<&str>,
    at: u64,
    out: &mut Terminal<'_, impl Write>,
) -> Result<(), Failure> {
    let session = ctx.session()?;
    let empty = || Failure::failed(Message::new("cli-vault-empty"));
    let opened = session.vault().map_err(failed)?.ok_or_else(empty)?;
    let matches = matching(opened.vault().entries(), query);
    match matches.as_slice() {
        [] => match query {
            Some(q) => Err(Failure::failed(Message::new("cli-no-match").with("query", q))),
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
                        let left = out.words().format(
                            &Message::new("cli-seconds-left")
                                .with("seconds", format!("{:>2}", period.remaining_at(at))),
                        );
                        format!("{code:>8}  {left}")
                    }
                    None => {
                        let hotp = out.words().format(&Message::new("cli-hotp-on-request").with("id", entry.id));
                        format!("{:>8}  {hotp}", "")
                    }
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
    out: &mut Terminal<'_, impl Write>,
) -> Result<(), Failure> {
    if issuer.is_none() && account.is_none() {
        return Err(Failure::bad_input(Message::new("cli-rename-nothing")));
    }
    let changed = ctx.session()?.rename(id, issuer, account).map_err(failed)?;
    warn_backup(out, &changed.backup);
    out.say(&Message::new("cli-renamed").with("id", id).with("name", view::label(&changed.value)))
}

/// `keyfob sites ID [SITE…]`: links the account to exactly these sites (`--clear`: to none), or shows them.
pub(crate) fn sites(
    ctx: &Context,
    id: u64,
    given: &[String],
    clear: bool,
    out: &mut Terminal<'_, impl Write>,
) -> Result<(), Failure> {
    let session = ctx.session()?;
    if given.is_empty() && !clear {
        let opened = session.existing_vault().map_err(failed)?;
        let entry = opened.vault().entry(id).ok().cloned();
        let entry = entry.ok_or_else(|| failed(keyfob_session::model::vault::Error::NoSuchAccount { id }))?;
        return entry.sites.iter().try_for_each(|site| crate::print(out, site));
    }
    let changed = session.set_sites(id, given).map_err(failed)?;
    warn_backup(out, &changed.backup);
    let names: Vec<&str> = changed.value.iter().map(keyfob_session::model::site::Site::as_str).collect();
    if names.is_empty() {
        return out.say(&Message::new("cli-sites-none").with("id", id));
    }
    out.say(&Message::new("cli-sites-linked").with("id", id).with("sites", names.join(", ")))
}

/// `keyfob remove ID`: asks first, unless `--yes`; refuses without a terminal to ask on.
pub(crate) fn remove(ctx: &Context, id: u64, yes: bool, out: &mut Terminal<'_, impl Write>) -> Result<(), Failure> {
    let session = ctx.session()?;
    if !yes {
        let opened = session.existing_vault().map_err(failed)?;
        let name = view::name_of(opened.vault(), id)
            .ok_or_else(|| failed(keyfob_session::model::vault::Error::NoSuchAccount { id }))?;
        if !std::io::stdin().is_terminal() {
            return Err(Failure::bad_input(Message::new("cli-remove-unconfirmed")));
        }
        let question =
            Message::new("cli-remove-confirm").with("name", keyfob_session::model::text::visible(&name).into_owned());
        eprint!("{} ", out.words().format(&question.with("id", id)));
        let mut answer = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut answer)
            .map_err(|e| Failure::failed(Message::new("cli-answer-unreadable").details(e.to_string())))?;
        if !is_yes(out.words(), answer.trim()) {
            return Err(Failure::failed(Message::new("cli-not-removed")));
        }
    }
    let removed = session.remove(id).map_err(failed)?;
    warn_backup(out, &removed.backup);
    out.say(&Message::new("cli-removed").with("id", id).with("name", removed.value))
}

/// Whether `answer` says yes: English's `y`/`yes` always (scripts and habits), and the language's own
/// words from the catalogue (`cli-yes-answers`, separated by spaces), any case.
fn is_yes(words: &keyfob_i18n::Catalogue, answer: &str) -> bool {
    let answer = answer.to_lowercase();
    let own = words.text("cli-yes-answers");
    ["y", "yes"].into_iter().chain(own.split_whitespace()).any(|yes| yes.to_lowercase() == answer)
}

fn require_confirmation(confirmed: bool) -> Result<(), Failure> {
    if confirmed {
        return Ok(());
    }
    Err(Failure::bad_input(Message::new("cli-plain-text-unconfirmed")))
}

/// `keyfob export --uris`: every account as an otpauth:// link, which contains its secret.
pub(crate) fn export_uris(ctx: &Context, confirmed: bool, out: &mut Terminal<'_, impl Write>) -> Result<(), Failure> {
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
    out: &mut Terminal<'_, impl Write>,
) -> Result<(), Failure> {
    let password = password_file.map(|path| read_new_password(path, Secret::ExportPassword)).transpose()?;
    if password.is_none() {
        require_confirmation(confirmed)?;
    }
    let count = ctx.session()?.export_aegis(file, password.as_ref()).map_err(failed)?;
    let how = if password.is_some() { "encrypted" } else { "plain" };
    let exported = Message::new("cli-exported").with("count", count).with("file", file.display().to_string());
    out.say(&exported.with("how", how))
}

/// `keyfob export --google-qr DIR`: Google Authenticator export QR codes as PNG files.
pub(crate) fn export_google(
    ctx: &Context,
    dir: &std::path::Path,
    confirmed: bool,
    out: &mut Terminal<'_, impl Write>,
) -> Result<(), Failure> {
    require_confirmation(confirmed)?;
    let export = ctx.session()?.export_google(&**ctx.clock()).map_err(failed)?;
    std::fs::create_dir_all(dir).map_err(|e| {
        let message = Message::new("cli-folder-not-created").with("folder", dir.display().to_string());
        Failure::failed(message.details(e.to_string()))
    })?;
    for (index, png) in export.images.iter().enumerate() {
        let path = dir.join(format!("export-{}.png", index + 1));
        keyfob_session::transfer::write(&path, png).map_err(failed)?;
        let count = export.images.len();
        let wrote = Message::new("cli-wrote-qr").with("file", path.display().to_string()).with("index", index + 1);
        out.say(&wrote.with("count", count))?;
    }
    for name in export.left_out {
        out.say(&Message::new("cli-not-exported-google").with("name", name))?;
    }
    Ok(())
}

/// Whether `text` is meant as a link (`otpauth://…`, or any other `scheme://`, which then gets a clear
/// "not an otpauth link" error) rather than a vault query: no issuer or account name contains `://`.
pub(crate) fn is_link(text: &str) -> bool {
    text.contains("://")
}
