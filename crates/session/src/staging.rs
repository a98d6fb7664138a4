//! What was found (scanned, pasted, deep-linked, imported, typed) and shown for confirmation, not yet
//! added. It stays here, on the Rust side, so secrets never reach a web view; the preview shows names
//! and marks what is already in the vault; confirming names the preview it saw, so what is added is
//! exactly what the user was shown, even when a link arrives while the preview is open.

use keyfob_core::Clock;
use keyfob_core::icon::{Avatar, Icon, avatar};
use keyfob_interop::import::Report;
use keyfob_interop::payload;
use keyfob_push_proto::Enrolment;
use keyfob_store::BackupOutcome;
use keyfob_vault::Added;
use keyfob_vault::portable::Portable;
use serde::Serialize;
use zeroize::Zeroizing;

use crate::icon_view::IconView;
use crate::message;
use crate::session::{Staging, lock};
use crate::{Error, Message, Session};

/// One thing found, as the confirmation shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PendingView {
    /// Its place in the preview: what confirming some of them names.
    pub index: usize,
    /// The service.
    pub issuer: Option<String>,
    /// The account at the service.
    pub name: String,
    /// How it is named to people ([`crate::label`]).
    pub label: String,
    /// `totp`, `hotp`, `steam` or `push`.
    pub kind: &'static str,
    /// Code length (0 for push).
    pub digits: u8,
    /// Already in the vault (same secret, issuer and name; or the same push token): it will be skipped.
    pub duplicate: bool,
    /// For a push enrolment: the server it registers with (`push.example.com`), shown before it is
    /// contacted.
    pub server: Option<String>,
    /// For a push enrolment: the token's serial.
    pub serial: Option<String>,
    /// The letter avatar the list will show for it.
    pub avatar: Avatar,
    /// The icon the list will show instead of the letter, if any.
    pub icon: Option<IconView>,
    /// The groups it comes with (from an import or a backup).
    pub groups: Vec<String>,
    /// It comes pinned to the top.
    pub favourite: bool,
    /// It comes with a note (never shown here: it may hold recovery codes).
    pub has_note: bool,
}

/// What was found: things to confirm, and what could not be used. Not serialized as it is: each program
/// words its problems in the user's language first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preview {
    /// Which staging this shows; confirming or discarding names it.
    pub generation: u64,
    /// Everything found, in order.
    pub accounts: Vec<PendingView>,
    /// What to say about each thing that could not be used (an entry, a part of one left out, a push
    /// link), in order: the entries first, then the parts, then the links.
    pub problems: Vec<Message>,
}

impl Preview {
    /// Whether nothing usable was found.
    pub fn is_empty(&self) -> bool {
        self.accounts.is_empty()
    }
}

/// One thing confirmed, and what became of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Committed {
    /// As the preview showed it.
    pub view: PendingView,
    /// Added under a new id, or already there under this one.
    pub added: Added,
}

/// What a confirmation did.
#[derive(Debug)]
pub struct Commit {
    /// Each thing confirmed, in the preview's order.
    pub items: Vec<Committed>,
    /// The automatic backup after the last change.
    pub backup: BackupOutcome,
}

impl Commit {
    /// The ids of what was newly added.
    pub fn added_ids(&self) -> Vec<u64> {
        self.items
            .iter()
            .filter_map(|item| match item.added {
                Added::New(id) => Some(id),
                Added::Duplicate(_) => None,
            })
            .collect()
    }
}

impl Session {
    /// Stages what texts held (accounts, and push enrolment links; a push link that cannot be read is a
    /// problem), replacing whatever was staged, and returns the preview.
    ///
    /// # Errors
    /// Why the vault cannot be opened to mark duplicates; the staging is kept for its own preview then.
    pub fn stage(&self, found: payload::Found) -> Result<Preview, Error> {
        let payload::Found { accounts, push, problems } = found;
        let problems = problems.iter().map(message::import_problem).collect();
        self.stage_portable(accounts.into_iter().map(Portable::from).collect(), push, problems)
    }

    /// Stages what an import found (accounts with their groups, pins and notes), replacing whatever was
    /// staged; the preview's problems are the entries not usable, then the parts of usable ones not kept.
    ///
    /// # Errors
    /// As [`Session::stage`].
    pub fn stage_import(&self, report: Report) -> Result<Preview, Error> {
        let Report { accounts, problems, left_out } = report;
        let problems = problems.iter().map(message::import_problem).chain(left_out.iter().map(message::omission));
        self.stage_portable(accounts, Vec::new(), problems.collect())
    }

    fn stage_portable(
        &self,
        accounts: Vec<Portable>,
        push: Vec<Zeroizing<String>>,
        mut problems: Vec<Message>,
    ) -> Result<Preview, Error> {
        let mut enrolments = Vec::new();
        for link in push {
            match keyfob_push_proto::parse_link(&link) {
                Ok(enrolment) => enrolments.push(enrolment),
                Err(e) => problems.push(message::push_link(&e)),
            }
        }
        {
            let mut staged = lock(&self.staging);
            let generation = staged.generation.wrapping_add(1);
            *staged = Staging { generation, accounts, push: enrolments };
        }
        let mut preview = self.preview()?;
        preview.problems = problems;
        Ok(preview)
    }

    /// What is staged, as the confirmation shows it, duplicates marked.
    ///
    /// # Errors
    /// Why the vault cannot be opened.
    pub fn preview(&self) -> Result<Preview, Error> {
        let opened = self.vault()?;
        let vault = opened.as_ref().map(|o| o.vault());
        let staged = lock(&self.staging);
        let mut views = Vec::with_capacity(staged.accounts.len() + staged.push.len());
        for (index, Portable { account, extras }) in staged.accounts.iter().enumerate() {
            let duplicate = match vault {
                Some(vault) => vault.find(account)?.is_some(),
                None => false,
            };
            views.push(PendingView {
                index,
                issuer: account.issuer().map(str::to_owned),
                name: account.name().to_owned(),
                label: crate::label(account.issuer(), account.name()),
                kind: account.method().kind(),
                digits: account.method().code_len(),
                duplicate,
                server: None,
                serial: None,
                avatar: avatar(account.issuer(), account.name()),
                icon: IconView::of(extras.icon(), account.issuer()),
                groups: extras.groups().to_vec(),
                favourite: extras.favourite(),
                has_note: extras.note().is_some(),
            });
        }
        for (offset, enrolment) in staged.push.iter().enumerate() {
            views.push(PendingView {
                index: staged.accounts.len() + offset,
                issuer: enrolment.issuer.clone(),
                name: enrolment.name.clone(),
                label: crate::label(enrolment.issuer.as_deref(), &enrolment.name),
                kind: "push",
                digits: 0,
                duplicate: vault.is_some_and(|v| v.push_token(enrolment).is_some()),
                server: keyfob_push_proto::server_host(&enrolment.url),
                serial: Some(enrolment.serial.clone()),
                avatar: avatar(enrolment.issuer.as_deref(), &enrolment.name),
                icon: IconView::of(&Icon::Automatic, enrolment.issuer.as_deref()),
                groups: Vec::new(),
                favourite: false,
                has_note: false,
            });
        }
        Ok(Preview { generation: staged.generation, accounts: views, problems: Vec::new() })
    }

    /// Forgets what preview `generation` showed (the user cancelled); something staged since is kept for
    /// its own preview.
    pub fn discard(&self, generation: u64) {
        let mut staged = lock(&self.staging);
        if staged.generation == generation {
            staged.accounts.clear();
            staged.push.clear();
        }
    }

    /// Adds what preview `generation` showed at `indices` (everything when `None`): the accounts in one
    /// vault write, duplicates skipped; then each push enrolment not already there is registered with its
    /// server (`registering` is told first: it takes seconds) and stored.
    ///
    /// # Errors
    /// [`Error::PreviewChanged`] when something else was staged since (nothing is added); why the vault
    /// cannot be changed; [`Error::Enrol`] when a push server refused (the accounts are added by then).
    pub fn commit(
        &self,
        generation: u64,
        indices: Option<&[usize]>,
        clock: &dyn Clock,
        mut registering: impl FnMut(&Enrolment),
    ) -> Result<Commit, Error> {
        let preview = self.preview()?;
        let Staging { accounts, push, .. } = {
            let mut staged = lock(&self.staging);
            if staged.generation != generation || preview.generation != generation {
                return Err(Error::PreviewChanged);
            }
            let next = Staging { generation: generation.wrapping_add(1), ..Staging::default() };
            std::mem::replace(&mut *staged, next)
        };
        let wanted = |i: usize| indices.is_none_or(|indices| indices.contains(&i));
        let chosen: Vec<(usize, &Portable)> = accounts.iter().enumerate().filter(|(i, _)| wanted(*i)).collect();
        let now = clock.now();
        let mut items = Vec::new();
        let mut backup = BackupOutcome::Off;
        if !chosen.is_empty() {
            let changed = self.update(|vault, rng| {
                chosen
                    .iter()
                    .map(|(_, portable)| Ok(vault.add_portable(portable, now, rng)?))
                    .collect::<Result<Vec<_>, _>>()
            })?;
            backup = changed.backup;
            for ((index, _), added) in chosen.iter().zip(changed.value) {
                items.extend(preview.accounts.get(*index).map(|view| Committed { view: view.clone(), added }));
            }
        }
        for (offset, enrolment) in push.into_iter().enumerate() {
            let index = accounts.len() + offset;
            let Some(view) = preview.accounts.get(index).filter(|_| wanted(index)) else { continue };
            let (added, outcome) = self.enrol(&enrolment, clock, &mut registering)?;
            backup = outcome.unwrap_or(backup);
            items.push(Committed { view: view.clone(), added });
        }
        Ok(Commit { items, backup })
    }

    /// Registers a push enrolment and stores its token, unless it is enrolled here already.
    fn enrol(
        &self,
        enrolment: &Enrolment,
        clock: &dyn Clock,
        registering: &mut impl FnMut(&Enrolment),
    ) -> Result<(Added, Option<BackupOutcome>), Error> {
        let existing = self.vault()?.and_then(|o| o.vault().push_token(enrolment).map(|t| t.id));
        if let Some(id) = existing {
            return Ok((Added::Duplicate(id), None));
        }
        registering(enrolment);
        let (device, server_key) = keyfob_net::push::enrol(enrolment)
            .map_err(|source| Error::Enrol { serial: enrolment.serial.clone(), source })?;
        let now = clock.now();
        let changed = self.update(|vault, rng| Ok(vault.add_push(enrolment, server_key, &device, now, rng)?))?;
        Ok((changed.value, Some(changed.backup)))
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use keyfob_core::FixedClock;
    use keyfob_store::{MemoryKeychain, Store, Unlock, VaultDir};

    use super::*;

    const GITHUB: &str = "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub";
    const BANK: &str = "otpauth://totp/Bank:bob?secret=GEZDGNBVGY3TQOJQ";

    fn session(dir: &std::path::Path) -> Session {
        Session::new(
            Store::new(VaultDir::at(dir), Box::new(MemoryKeychain::default()), Arc::new(FixedClock(0))),
            Unlock::default(),
        )
    }

    fn never(_: &Enrolment) {
        panic!("no push enrolment here");
    }

    #[test]
    fn what_was_shown_is_what_is_added_with_duplicates_skipped() {
        let temp = tempfile::tempdir().unwrap();
        let session = session(temp.path());
        let first = session.stage(payload::read([GITHUB])).unwrap();
        session.commit(first.generation, None, &FixedClock(0), never).unwrap();

        let preview = session.stage(payload::read([GITHUB, BANK, "otpauth://totp/bad?secret=1"])).unwrap();
        let shown: Vec<(&str, bool)> = preview.accounts.iter().map(|a| (a.name.as_str(), a.duplicate)).collect();
        assert_eq!(shown, [("alice", true), ("bob", false)]);
        assert_eq!(preview.problems.iter().map(|m| m.id).collect::<Vec<_>>(), ["import-reason-link"]);

        // A link arrives while the preview is open: confirming the old preview adds nothing.
        let newer = session.stage(payload::read([BANK])).unwrap();
        assert!(matches!(session.commit(preview.generation, None, &FixedClock(0), never), Err(Error::PreviewChanged)));
        assert_eq!(session.vault().unwrap().unwrap().vault().entries().len(), 1);

        let commit = session.commit(newer.generation, None, &FixedClock(0), never).unwrap();
        assert_eq!(commit.added_ids(), [2]);
        assert!(session.preview().unwrap().is_empty(), "a confirmation empties the staging");
        assert!(
            matches!(session.commit(newer.generation, None, &FixedClock(0), never), Err(Error::PreviewChanged)),
            "a preview is confirmed once"
        );
    }

    #[test]
    fn only_the_chosen_ones_are_added_and_a_discard_names_its_preview() {
        let temp = tempfile::tempdir().unwrap();
        let session = session(temp.path());
        let preview = session.stage(payload::read([GITHUB, BANK])).unwrap();
        let commit = session.commit(preview.generation, Some(&[1]), &FixedClock(0), never).unwrap();
        let names: Vec<&str> = commit.items.iter().map(|i| i.view.name.as_str()).collect();
        assert_eq!(names, ["bob"]);

        let old = session.stage(payload::read([GITHUB])).unwrap();
        let new = session.stage(payload::read([GITHUB])).unwrap();
        session.discard(old.generation);
        assert_eq!(session.preview().unwrap().accounts.len(), 1, "a stale discard keeps the newer staging");
        session.discard(new.generation);
        assert!(session.preview().unwrap().is_empty());
    }

    #[test]
    fn google_export_links_stage_like_any_other() {
        let temp = tempfile::tempdir().unwrap();
        let session = session(temp.path());
        let accounts = payload::read([GITHUB, BANK]).accounts;
        let (links, left_out) = keyfob_interop::google::write(&accounts, 7);
        assert!(left_out.is_empty());
        let preview = session.stage(payload::read(links.iter().map(|l| l.as_str()))).unwrap();
        let names: Vec<&str> = preview.accounts.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["alice", "bob"]);
    }

    #[test]
    fn a_broken_push_link_is_a_problem_not_an_enrolment() {
        let temp = tempfile::tempdir().unwrap();
        let session = session(temp.path());
        let link = "otpauth://pipush/x?secret=&enrollment_credential=1";
        let preview = session.stage(payload::read([link])).unwrap();
        assert!(preview.is_empty());
        let error = keyfob_push_proto::parse_link(link).unwrap_err();
        assert_eq!(preview.problems, [message::push_link(&error)]);
        assert_eq!(preview.problems[0].id, "import-reason-push-link");
    }

    /// An import's preview says the entries not usable, then the parts of usable ones left out, each as a
    /// message for the program to word (never the report's English line).
    #[test]
    fn an_imports_problems_and_left_out_parts_are_messages_in_order() {
        use keyfob_interop::import::{Entry, ImportProblem, Omission, Omitted, Reason};
        let temp = tempfile::tempdir().unwrap();
        let session = session(temp.path());
        let mut report = Report::of_accounts(payload::read([GITHUB]).accounts, Vec::new());
        report.problems.push(ImportProblem { entry: Some(Entry::named("entry", "Old")), reason: Reason::Trashed });
        report.left_out.push(Omission { entry: Entry::numbered("entry", 1, "GitHub"), part: Omitted::MoreSites(2) });
        let preview = session.stage_import(report).unwrap();
        let ids: Vec<&str> = preview.problems.iter().map(|m| m.id).collect();
        assert_eq!(ids, ["import-problem-in", "import-left-out"]);
        let dutch = keyfob_i18n::Catalogue::new(keyfob_i18n::Language::Dutch);
        let said: Vec<String> = preview.problems.iter().map(|m| dutch.format(m)).collect();
        assert_eq!(
            said,
            [
                "“Old”: Het staat in de prullenbak van Ente, dus het is niet teruggezet.",
                "Item 1 (“GitHub”): Nog 2 websites zijn weggelaten: een account kan aan hoogstens 16 websites gekoppeld zijn."
            ]
        );
    }
}
