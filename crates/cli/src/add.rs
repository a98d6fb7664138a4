//! `keyfob add`: links (every kind the app's paste takes: otpauth://, Google Authenticator export links,
//! push enrolment links), QR codes in images, or an account typed in. Each goes through the application
//! layer's staging, as in the app: read, marked when already there, then added in one write.

use std::io::Write;
use std::path::PathBuf;

use keyfob_session::model::payload::{self, Found};
use keyfob_session::model::vault::Added;
use zeroize::Zeroizing;

use keyfob_session::Message;

use crate::context::{Context, failed, warn_backup};
use crate::terminal::Terminal;
use crate::{Failure, scan};

/// The accounts `keyfob add` was asked to add.
pub(crate) enum AddSource {
    /// Links (wiped on drop: they hold secrets).
    Links(Vec<Zeroizing<String>>),
    /// Every account in these images.
    Scan(Vec<PathBuf>),
    /// Typed in: secret and parameters.
    Typed(Box<TypedAccount>),
}

/// An account typed in field by field.
pub(crate) struct TypedAccount {
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
    fn build(&self) -> Result<keyfob_session::model::Account, Failure> {
        keyfob_session::model::account::Fields {
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
        .map_err(|e| {
            // The rule broken, in the user's language; the library's English as details, for support.
            let reason = keyfob_session::message::account_fields(&e);
            Failure::bad_input(Message::new("cli-account-unusable").with("reason", reason).details(e.to_string()))
        })
    }
}

/// What the source holds. A link that cannot be used fails the whole command (exit 2) before anything is
/// added: the user typed it and should fix it.
fn found(source: AddSource, out: &Terminal<'_, impl Write>) -> Result<Found, Failure> {
    match source {
        AddSource::Links(links) => {
            let found = payload::read(links.iter().map(|l| l.as_str()));
            if !found.problems.is_empty() {
                let problems: Vec<Message> =
                    found.problems.iter().map(keyfob_session::message::import_problem).collect();
                return Err(Failure::bad_input(out.listing(Message::new("cli-links-unusable"), "problems", &problems)));
            }
            Ok(found)
        }
        AddSource::Scan(files) => {
            let (accounts, push) = scan::found(&files, out)?;
            Ok(Found { accounts, push, problems: Vec::new() })
        }
        AddSource::Typed(typed) => Ok(Found { accounts: vec![typed.build()?], ..Found::default() }),
    }
}

/// `keyfob add`: adds accounts in one vault write and registers push enrolments, reporting each as added
/// or already there.
pub(crate) fn add(ctx: &Context, source: AddSource, out: &mut Terminal<'_, impl Write>) -> Result<(), Failure> {
    let found = found(source, out)?;
    let session = ctx.session()?;
    let preview = session.stage(found).map_err(failed)?;
    // Push enrolment links hold a one-time credential: a link that cannot be read is the user's to fix.
    if !preview.problems.is_empty() {
        return Err(Failure::bad_input(out.listing(Message::new("cli-links-unusable"), "problems", &preview.problems)));
    }
    let registering = |enrolment: &keyfob_session::model::push::Enrolment| {
        let host = keyfob_session::model::push::server_host(&enrolment.url).unwrap_or_else(|| enrolment.url.clone());
        out.warn(&Message::new("cli-registering").with("host", host).with("serial", &enrolment.serial));
    };
    let commit = session.commit(preview.generation, None, &**ctx.clock(), registering).map_err(failed)?;
    warn_backup(out, &commit.backup);
    report(out, &commit.items)?;
    Ok(())
}

/// Prints one line per account: added under an id, or already there. Returns how many were added.
pub(crate) fn report(
    out: &mut Terminal<'_, impl Write>,
    items: &[keyfob_session::staging::Committed],
) -> Result<usize, Failure> {
    let mut added = 0;
    for item in items {
        let view = &item.view;
        let name = keyfob_session::label(view.issuer.as_deref(), &view.name);
        let push = view.kind == "push";
        let message = match (item.added, push) {
            (Added::New(id), false) => Message::new("cli-added").with("id", id),
            (Added::New(id), true) => Message::new("cli-added-push")
                .with("id", id)
                .with("server", view.server.as_deref().unwrap_or_default())
                .with("serial", view.serial.as_deref().unwrap_or_default()),
            (Added::Duplicate(id), false) => Message::new("cli-already-there").with("id", id),
            (Added::Duplicate(id), true) => Message::new("cli-already-there-push").with("id", id),
        };
        out.say(&message.with("name", name))?;
        added += usize::from(matches!(item.added, Added::New(_)));
    }
    Ok(added)
}
