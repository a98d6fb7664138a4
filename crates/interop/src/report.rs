//! What every reader returns: a [`Report`] of accounts and problems, or an [`Error`] when the file
//! cannot be read at all; the [`Format`]s Keyfob reads; and the helpers that turn one app's entries into
//! accounts, keeping what Keyfob can of their groups, pins, notes, icons and sites.

use zeroize::Zeroizing;

use keyfob_core::Kind;
use keyfob_core::icon::{Budget, Icon, IconError, Picture};
use keyfob_core::site::{MAX_SITES, Site, SiteError};
use keyfob_otp::account::{Account, FieldsError, NameError};
use keyfob_otp::secret::SecretError;
use keyfob_otp::uri;
use keyfob_vault::portable::{Extras, LeftOut, Portable};

use crate::google::migration;

/// The largest import file read, in bytes: far beyond any real export, and the same as a Keyfob backup's.
pub const MAX_FILE_BYTES: usize = keyfob_vault::backup::MAX_FILE_BYTES;

/// The formats Keyfob reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Format {
    /// Aegis' JSON export, plain or password-encrypted.
    Aegis,
    /// A 2FAS backup (`.2fas`), plain or password-encrypted.
    TwoFas,
    /// Bitwarden's JSON export (accounts with `login.totp`), plain or password-protected.
    Bitwarden,
    /// andOTP's backup, plain JSON or encrypted (`.json.aes`).
    AndOtp,
    /// Keyfob's own encrypted backup.
    Keyfob,
    /// Text with one `otpauth://` (or `otpauth-migration://`) link per line, as Ente Auth and others export.
    OtpauthList,
    /// Ente Auth's encrypted export.
    Ente,
    /// Proton Authenticator's export, plain or password-protected.
    Proton,
    /// FreeOTP+'s JSON export.
    FreeOtp,
    /// Authenticator Pro's (or Stratum's) backup, plain or encrypted.
    AuthenticatorPro,
    /// LastPass Authenticator's JSON export.
    LastPass,
    /// KeePassXC's CSV export (the TOTP column).
    KeePassXc,
}

impl Format {
    /// Every format, in the order `--format` lists them.
    pub const ALL: [Self; 12] = [
        Self::Keyfob,
        Self::Aegis,
        Self::TwoFas,
        Self::Bitwarden,
        Self::AndOtp,
        Self::Ente,
        Self::Proton,
        Self::FreeOtp,
        Self::AuthenticatorPro,
        Self::LastPass,
        Self::KeePassXc,
        Self::OtpauthList,
    ];

    /// The name used on the command line (`--format`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Aegis => "aegis",
            Self::TwoFas => "2fas",
            Self::Bitwarden => "bitwarden",
            Self::AndOtp => "andotp",
            Self::Keyfob => "keyfob",
            Self::OtpauthList => "otpauth",
            Self::Ente => "ente",
            Self::Proton => "proton",
            Self::FreeOtp => "freeotp",
            Self::AuthenticatorPro => "authpro",
            Self::LastPass => "lastpass",
            Self::KeePassXc => "keepassxc",
        }
    }

    /// Every `--format` name, comma-separated (for messages).
    pub fn names() -> String {
        Self::ALL.map(Self::name).join(", ")
    }

    /// Parses a `--format` name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.name().eq_ignore_ascii_case(name))
    }
}

/// Why a file could not be imported at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Over [`MAX_FILE_BYTES`].
    #[error("the file is over {} MiB; it is not an authenticator export", MAX_FILE_BYTES >> 20)]
    TooLarge,
    /// The format could not be recognised.
    #[error("the file's format was not recognised (Keyfob reads {})", Format::names())]
    UnknownFormat,
    /// Damaged, truncated, or not what it claims to be.
    #[error("the file is damaged or not {format} export ({reason})")]
    Malformed {
        /// The format being read.
        format: &'static str,
        /// What was wrong, with its position where known.
        reason: String,
    },
    /// An encrypted export was given without its password.
    #[error("the file is encrypted; give its password")]
    PasswordNeeded,
    /// The password does not open the file.
    #[error("wrong password")]
    WrongPassword,
    /// Several files were given that are not all images of one Google Authenticator export.
    #[error("give one export file, or the images of one Google Authenticator export")]
    SeveralFiles,
    /// Opening it would take more key-derivation work than Keyfob allows (many password slots, or huge
    /// costs): refused before any work, so a hostile file cannot keep Keyfob busy. Not a wrong password.
    #[error(
        "opening the file would take {required} units of key-derivation work, over Keyfob's limit of {limit}; it was made with unusual settings or to waste time"
    )]
    ExcessiveWork {
        /// The work the file asks for (scrypt: n · r · p summed over its password slots; a Keyfob backup's
        /// argon2id: KiB × passes).
        required: u64,
        /// The most Keyfob does.
        limit: u64,
    },
    /// Encrypted in a way Keyfob does not read (a biometric-only Aegis vault, unknown costs).
    #[error("the file is encrypted in a way Keyfob cannot open: {0}")]
    Unsupported(String),
}

impl Error {
    /// What sort of failure this is, for the programs to word (see [`keyfob_core::Kind`]).
    pub fn kind(&self) -> Kind {
        match self {
            Self::TooLarge | Self::ExcessiveWork { .. } => Kind::Limit,
            Self::UnknownFormat | Self::Unsupported(_) => Kind::Unsupported,
            Self::Malformed { .. } => Kind::Integrity,
            Self::PasswordNeeded => Kind::Locked,
            Self::WrongPassword => Kind::WrongSecret,
            Self::SeveralFiles => Kind::Input,
        }
    }
}

/// Why a CSV file could not be read: the kind of fault and its line, never the csv crate's own words,
/// which may quote a field (and a field may be a secret).
pub(crate) fn csv_reason(error: &csv::Error) -> String {
    let what = match error.kind() {
        csv::ErrorKind::Io(_) => "it could not be read",
        csv::ErrorKind::Utf8 { .. } => "a field is not UTF-8 text",
        csv::ErrorKind::UnequalLengths { .. } => "a row has a different number of fields",
        _ => "it is not valid CSV",
    };
    match error.position() {
        Some(position) => format!("{what} at line {}", position.line()),
        None => what.to_owned(),
    }
}

/// What an import found.
#[derive(Debug, Default)]
pub struct Report {
    /// Every usable account, in the file's order, with the groups, pin and note the file gave it.
    pub accounts: Vec<Portable>,
    /// One per entry that could not be used: which, and why.
    pub problems: Vec<ImportProblem>,
    /// One per part of a usable entry that Keyfob could not keep (a group name it refuses, a note over its
    /// limit): which entry, what, and why. The account itself is in `accounts`.
    pub left_out: Vec<Omission>,
}

impl Report {
    /// A report of accounts that carry nothing besides themselves (links, QR codes).
    pub fn of_accounts(accounts: Vec<Account>, problems: Vec<ImportProblem>) -> Self {
        Self { accounts: accounts.into_iter().map(Portable::from).collect(), problems, left_out: Vec::new() }
    }
}

/// Which entry of a file a problem or an omission is about, as a person finds it there: its place and
/// its name as the file gives them, kept apart (not one English label) so that each program can say
/// which entry in the user's language. Its `Display` is the report's English label
/// (`entry 4 `Yandex (ivan)``, `line 3: skipped `Bank``), for logs and tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// What kind of place it is.
    pub noun: Noun,
    /// Its place in the file, from 1, where the file has an order people see.
    pub position: Option<usize>,
    /// Its name as the file gives it.
    pub name: Option<String>,
    /// The entry it was found inside (the line of a list that held it), if any.
    pub outer: Option<Box<Entry>>,
}

/// What kind of place in a file an [`Entry`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Noun {
    /// One of an export's entries, by the word the file's own format uses for them (`entry`, `token`,
    /// `service`), which only the English label shows.
    Entry(&'static str),
    /// A line of a text file.
    Line,
}

impl Entry {
    /// The entry at `position` (from 1) called `name`, in a file that calls its entries `noun`.
    pub fn numbered(noun: &'static str, position: usize, name: impl Into<String>) -> Self {
        Self { noun: Noun::Entry(noun), position: Some(position), name: Some(name.into()), outer: None }
    }

    /// The entry called `name`, in a file that calls its entries `noun` and shows no order.
    pub fn named(noun: &'static str, name: impl Into<String>) -> Self {
        Self { noun: Noun::Entry(noun), position: None, name: Some(name.into()), outer: None }
    }

    /// Line `number` (from 1) of a text file.
    pub fn line(number: usize) -> Self {
        Self { noun: Noun::Line, position: Some(number), name: None, outer: None }
    }

    /// This entry, found inside `outer`: `outer` goes outside the outermost place it already has.
    #[must_use]
    pub fn within(self, outer: Entry) -> Self {
        let outer = match self.outer {
            Some(own) => own.within(outer),
            None => outer,
        };
        Self { outer: Some(Box::new(outer)), ..self }
    }
}

impl std::fmt::Display for Entry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(outer) = &self.outer {
            write!(f, "{outer}: ")?;
        }
        f.write_str(match self.noun {
            Noun::Entry(noun) => noun,
            Noun::Line => "line",
        })?;
        if let Some(position) = self.position {
            write!(f, " {position}")?;
        }
        if let Some(name) = &self.name {
            write!(f, " `{name}`")?;
        }
        Ok(())
    }
}

/// An entry (or a text) that could not become an account. Its `Display` is the report's line: the
/// entry as the file names it, then why (`entry 4 `Yandex (ivan)`: yandex codes are not supported by
/// Keyfob`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportProblem {
    /// Which entry, by its position and name in the file; none when the text read is the entry, or the
    /// problem is the whole export's (a missing QR code).
    pub entry: Option<Entry>,
    /// Why it could not be used.
    pub reason: Reason,
}

impl ImportProblem {
    /// The same problem, found inside `outer` (a line of a list): `outer` becomes the outermost place,
    /// and the places the problem already had stay inside it.
    #[must_use]
    pub fn within(self, outer: Entry) -> Self {
        let entry = match self.entry {
            Some(inner) => inner.within(outer),
            None => outer,
        };
        Self { entry: Some(entry), reason: self.reason }
    }
}

impl std::fmt::Display for ImportProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.entry {
            Some(entry) => write!(f, "{entry}: {}", self.reason),
            None => write!(f, "{}", self.reason),
        }
    }
}

/// Why an entry could not become an account.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Reason {
    /// Its fields (type, algorithm, digits, period, secret, names) cannot make an account.
    #[error(transparent)]
    Fields(#[from] FieldsError),
    /// Its secret is empty, not base32, or too long.
    #[error(transparent)]
    Secret(#[from] SecretError),
    /// Its issuer or name breaks the rules for names.
    #[error(transparent)]
    Name(#[from] NameError),
    /// A text with no `otpauth://` link in it.
    #[error("no otpauth:// link in it")]
    NoLink,
    /// An `otpauth://` link that is refused.
    #[error("an invalid otpauth:// link: {0}")]
    Link(uri::Error),
    /// A Google Authenticator export that cannot be read.
    #[error(transparent)]
    Export(#[from] migration::Error),
    /// An entry of a Google Authenticator export that cannot become an account.
    #[error("it {0}")]
    Unusable(#[from] migration::Unusable),
    /// Some QR codes of a Google Authenticator export were not given: their accounts are missing.
    #[error(
        "the Google Authenticator export (batch id {id}) has {size} QR codes; code {} of {size} was not given, so its accounts are missing: scan it too",
        numbers(missing)
    )]
    MissingBatches {
        /// The export's batch id.
        id: i32,
        /// How many QR codes it has.
        size: u32,
        /// The ones not given, from 1.
        missing: Vec<u32>,
    },
    /// A type of entry Keyfob does not make codes for, as the file names it (Proton's `Hotp`).
    #[error("{0} entries are not supported by Keyfob")]
    EntryType(String),
    /// A Steam entry whose link is not a `steam://` one.
    #[error("a Steam entry without a steam:// link")]
    SteamWithoutLink,
    /// In Ente's trash: deleted there, so not brought back here.
    #[error("it is in Ente's trash")]
    Trashed,
    /// What the entry's link held could not be used, for each of these reasons.
    #[error("{}", lines(.0))]
    InLink(Vec<ImportProblem>),
}

impl Reason {
    /// What sort of failure this is (see [`keyfob_core::Kind`]): a value that cannot be used is
    /// [`Kind::Input`], one over a limit [`Kind::Limit`], a type or algorithm Keyfob does not make codes
    /// with [`Kind::Unsupported`].
    pub fn kind(&self) -> Kind {
        match self {
            Self::Fields(e) => e.kind(),
            Self::Secret(e) => e.kind(),
            Self::Name(e) => e.kind(),
            Self::Link(e) => e.kind(),
            Self::Export(e) => e.kind(),
            Self::Unusable(e) => e.kind(),
            Self::MissingBatches { .. } | Self::NoLink | Self::SteamWithoutLink => Kind::Input,
            Self::EntryType(_) => Kind::Unsupported,
            // Deleted in Ente: its state, not its content, keeps it out.
            Self::Trashed => Kind::Conflict,
            Self::InLink(problems) => problems.first().map_or(Kind::Input, |p| p.reason.kind()),
        }
    }
}

/// `1, 3`.
fn numbers(missing: &[u32]) -> String {
    missing.iter().map(u32::to_string).collect::<Vec<_>>().join(", ")
}

/// Problems on one line, `; ` between them.
fn lines(problems: &[ImportProblem]) -> String {
    problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")
}

/// A part of a usable entry that Keyfob could not keep. Its `Display` is the report's line: the entry,
/// then what was left out and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Omission {
    /// Which entry, by its position and name in the file.
    pub entry: Entry,
    /// What was left out, and why.
    pub part: Omitted,
}

impl std::fmt::Display for Omission {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.entry, self.part)
    }
}

/// What part of an entry was left out, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Omitted {
    /// A group or the note, refused by the vault's rules.
    #[error(transparent)]
    Organised(#[from] LeftOut),
    /// The icon, refused (unreadable, hostile, or past the import's budget for icons).
    #[error("its icon was left out: {0}")]
    Icon(IconError),
    /// A website that is not one Keyfob links, quoted by its first 80 characters.
    #[error("its website `{address}` was left out: {reason}")]
    Site {
        /// The start of the address.
        address: String,
        /// Why it is not a site.
        reason: SiteError,
    },
    /// Websites past [`MAX_SITES`]: how many.
    #[error("{0} more websites were left out: an account is linked to at most {MAX_SITES}")]
    MoreSites(usize),
}

/// The accounts every importer's tests hold, as Keyfob's canonical links.
#[cfg(test)]
pub(crate) mod canonical {
    /// GitHub (alice), TOTP, the defaults.
    pub(crate) const GITHUB: &str =
        "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub&algorithm=SHA1&digits=6&period=30";
    /// Steam (gamer).
    pub(crate) const STEAM: &str = "otpauth://totp/Steam:gamer?secret=KRSXG5CTMVRXEZLU&issuer=Steam&algorithm=SHA1&digits=5&period=30&encoder=steam";
}

/// The canonical links of a report's accounts, for tests to compare whole.
#[cfg(test)]
pub(crate) fn links(report: &Report) -> Vec<String> {
    report.accounts.iter().map(|a| keyfob_otp::uri::to_uri(&a.account).to_string()).collect()
}

/// Each problem or omission of a report as its line, for tests to compare with the words people read.
#[cfg(test)]
pub(crate) fn said(items: &[impl std::fmt::Display]) -> Vec<String> {
    items.iter().map(ToString::to_string).collect()
}

/// What an entry of an export carries besides the account, as the file gives it; checked by
/// [`Extras::salvage`] when the entry is collected.
#[derive(Default)]
pub(crate) struct Carried {
    pub groups: Vec<String>,
    pub favourite: bool,
    pub note: Option<String>,
    /// An icon image as the file holds it, made into a [`Picture`] (or left out, said why) on collecting.
    pub picture: Option<Vec<u8>>,
    /// The websites the entry names (page addresses or domains), kept as [`Site`]s on collecting.
    pub sites: Vec<String>,
}

/// The sites among `given` (an entry's web addresses), and what was left out, said why. Addresses that
/// are not web pages (`androidapp://…`, as password managers keep apps) are no site and pass unsaid.
fn carried_sites(given: &[String]) -> (Vec<Site>, Vec<Omitted>) {
    let mut kept: Vec<Site> = Vec::new();
    let mut left_out = Vec::new();
    let web = given.iter().map(|s| s.trim()).filter(|s| !s.is_empty()).filter(|s| {
        let scheme = s.split_once("://").map(|(scheme, _)| scheme.to_ascii_lowercase());
        scheme.is_none_or(|scheme| scheme == "http" || scheme == "https")
    });
    let mut over = 0usize;
    for text in web {
        match Site::parse(text) {
            Ok(site) => {
                if keyfob_core::site::add(&mut kept, site).is_err() {
                    over += 1;
                }
            }
            // Only the start of a long address is repeated in the report.
            Err(reason) => left_out.push(Omitted::Site { address: text.chars().take(80).collect(), reason }),
        }
    }
    if over > 0 {
        left_out.push(Omitted::MoreSites(over));
    }
    (kept, left_out)
}

/// A report over `items`: each becomes an account, or a problem naming its entry `label(position, item)`.
pub(crate) fn collect<T>(
    items: &[T],
    label: impl Fn(usize, &T) -> Entry,
    build: impl Fn(&T) -> Result<Account, Reason>,
) -> Report {
    collect_carried(items, label, |item| build(item).map(|account| (account, Carried::default())))
}

/// [`collect`] for formats whose entries carry groups, a pin or a note: what Keyfob cannot keep of them
/// is left out (an [`Omission`]), and the account is imported without it.
pub(crate) fn collect_carried<T>(
    items: &[T],
    label: impl Fn(usize, &T) -> Entry,
    build: impl Fn(&T) -> Result<(Account, Carried), Reason>,
) -> Report {
    let mut report = Report::default();
    // One budget for every icon in the file: past it, icons are left out, each said.
    let mut icons = Budget::for_import();
    for (index, item) in items.iter().enumerate() {
        match build(item) {
            Ok((account, carried)) => {
                let note = carried.note.map(Zeroizing::new);
                let (extras, salvaged) =
                    Extras::salvage(&carried.groups, carried.favourite, note.as_deref().map(String::as_str));
                let mut left_out: Vec<Omitted> = salvaged.into_iter().map(Omitted::from).collect();
                let extras = match carried.picture.as_deref().map(|bytes| Picture::from_image_within(bytes, &mut icons))
                {
                    Some(Ok(picture)) => extras.with_icon(Icon::Picture(picture)),
                    Some(Err(e)) => {
                        left_out.push(Omitted::Icon(e));
                        extras
                    }
                    None => extras,
                };
                let (sites, sites_left_out) = carried_sites(&carried.sites);
                left_out.extend(sites_left_out);
                let extras = extras.with_sites(sites);
                let label = || label(index + 1, item);
                report.left_out.extend(left_out.into_iter().map(|part| Omission { entry: label(), part }));
                report.accounts.push(Portable { account, extras });
            }
            Err(reason) => report.problems.push(ImportProblem { entry: Some(label(index + 1, item)), reason }),
        }
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Before: a problem already found inside an entry lost that entry when placed inside another (the
    /// token of an entry of a line read as the token of the line). Now the new place is the outermost.
    #[test]
    fn a_problem_placed_twice_keeps_both_places_outermost_last() {
        let token = Entry::numbered("token", 2, "GitHub");
        let entry = Entry::numbered("entry", 4, "Work");
        let nested = ImportProblem { entry: Some(token), reason: Reason::NoLink }.within(entry).within(Entry::line(3));
        let expected = Entry {
            outer: Some(Box::new(Entry {
                outer: Some(Box::new(Entry::line(3))),
                ..Entry::numbered("entry", 4, "Work")
            })),
            ..Entry::numbered("token", 2, "GitHub")
        };
        assert_eq!(nested.entry, Some(expected));
        assert_eq!(nested.to_string(), "line 3: entry 4 `Work`: token 2 `GitHub`: no otpauth:// link in it");
        let bare = ImportProblem { entry: None, reason: Reason::NoLink }.within(Entry::line(3)).within(Entry::line(9));
        assert_eq!(bare.to_string(), "line 9: line 3: no otpauth:// link in it");
    }

    /// An SVG of 19,999 elements once expanded (197 `<use>`s of a group of 99 dots): within one icon's
    /// limit, a fifth of an import's.
    fn heavy_icon() -> Vec<u8> {
        let dots = r#"<circle r="0.1"/>"#.repeat(99);
        let uses = r##"<use href="#g"/>"##.repeat(197);
        format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24"><defs><g id="g">{dots}</g></defs>{uses}</svg>"#
        )
        .into_bytes()
    }

    /// Each icon is within its own limits, but an export may hold thousands: past the import's budget,
    /// icons are left out, one line each, and the accounts come in all the same; a smaller icon that still
    /// fits is kept.
    #[test]
    fn an_imports_icons_share_one_budget() {
        let heavy = heavy_icon();
        assert_eq!(keyfob_core::svg::Document::parse(&heavy).unwrap().elements(), 19_999);
        let small = br##"<svg xmlns="http://www.w3.org/2000/svg" width="2" height="2"><rect width="2" height="2" fill="#f00"/></svg>"##;
        let mut items: Vec<&[u8]> = vec![&heavy; 6];
        items.push(small);
        let report = collect_carried(
            &items,
            |position, _| Entry { name: None, ..Entry::numbered("entry", position, "") },
            |picture| {
                let account = keyfob_otp::uri::parse(canonical::GITHUB).map_err(Reason::Link)?;
                Ok((account, Carried { picture: Some(picture.to_vec()), ..Carried::default() }))
            },
        );
        assert_eq!(report.accounts.len(), 7);
        assert!(report.problems.is_empty());
        assert_eq!(
            report.left_out,
            [Omission {
                entry: Entry { name: None, ..Entry::numbered("entry", 6, "") },
                part: Omitted::Icon(IconError::OverBudget)
            }]
        );
        assert_eq!(
            report.left_out[0].to_string(),
            "entry 6: its icon was left out: the file's other icons already took the drawing one import allows"
        );
        let pictured: Vec<bool> = report.accounts.iter().map(|a| matches!(a.extras.icon(), Icon::Picture(_))).collect();
        assert_eq!(pictured, [true, true, true, true, true, false, true]);
    }

    /// An Aegis icon that is a hostile SVG is left out saying why; the account comes in.
    #[test]
    fn a_hostile_svg_icon_is_left_out_saying_why() {
        let marker = br#"<svg xmlns="http://www.w3.org/2000/svg" width="2" height="2"><marker id="m"/></svg>"#;
        let report = collect_carried(
            &[&marker[..]],
            |position, _| Entry { name: None, ..Entry::numbered("entry", position, "") },
            |picture| {
                let account = keyfob_otp::uri::parse(canonical::GITHUB).map_err(Reason::Link)?;
                Ok((account, Carried { picture: Some(picture.to_vec()), ..Carried::default() }))
            },
        );
        assert_eq!(report.accounts.len(), 1);
        assert!(matches!(&report.left_out[..], [Omission { part: Omitted::Icon(IconError::Svg(_)), .. }]));
        assert_eq!(
            report.left_out[0].to_string(),
            "entry 1: its icon was left out: the SVG uses `<marker>`, which icons are not drawn with"
        );
    }

    /// A file naming a thousand websites for one entry, or one very long bad address, gets the first
    /// sixteen kept and one line about the rest; a bad address is quoted only in part.
    #[test]
    fn an_entrys_websites_are_bounded_and_bad_ones_said_briefly() {
        let many: Vec<String> = (0..1000).map(|i| format!("https://site{i}.example.com/login")).collect();
        let (kept, left_out) = carried_sites(&many);
        assert_eq!(kept.iter().map(Site::as_str).collect::<Vec<_>>(), ["example.com"], "one site, however many pages");
        let distinct: Vec<String> = (0..1000).map(|i| format!("site{i}.com")).collect();
        let (kept, left_out_distinct) = carried_sites(&distinct);
        assert_eq!(kept.len(), MAX_SITES);
        assert_eq!(left_out_distinct, [Omitted::MoreSites(984)]);
        assert_eq!(
            left_out_distinct[0].to_string(),
            "984 more websites were left out: an account is linked to at most 16"
        );
        assert!(left_out.is_empty());
        let long = format!("http://{}.com/", "a".repeat(10_000));
        let (kept, left_out) = carried_sites(&[long, "ftp://example.com".into(), " ".into()]);
        assert!(kept.is_empty());
        assert_eq!(left_out.len(), 1, "ftp is no web address, and passes unsaid: {left_out:?}");
        assert!(matches!(&left_out[0], Omitted::Site { address, .. } if address.len() == 80), "{left_out:?}");
        assert!(left_out[0].to_string().len() < 200, "{}", left_out[0]);
    }
}
