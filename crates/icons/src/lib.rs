//! Brand icons for accounts, from [Simple Icons](https://simpleicons.org) (CC0): about 3,400 brands, each
//! one SVG path on a 24 × 24 grid and the brand's colour. The catalogue is built into the binary (see
//! `build.rs`) and matched to issuers here, on this computer: no network request is ever made for an icon.
//!
//! Reach for [`find`] with an issuer; [`by_slug`] for an icon a user chose; [`search`] for the picker.
//!
//! ```
//! let github = keyfob_icons::find("GitHub").expect("GitHub is in Simple Icons");
//! assert_eq!((github.slug(), github.colour()), ("github", [0x18, 0x17, 0x17]));
//! assert_eq!(keyfob_icons::find("github.com").map(|b| b.slug()), Some("github"));
//! ```

#![forbid(unsafe_code)]

use std::collections::HashMap;
use std::sync::OnceLock;

/// One brand.
#[derive(Debug, PartialEq, Eq)]
pub struct Brand {
    slug: String,
    title: String,
    colour: [u8; 3],
    path: String,
}

impl Brand {
    /// Simple Icons' stable name for it (`github`): what the vault stores for an icon the user chose.
    pub fn slug(&self) -> &str {
        &self.slug
    }

    /// Its name as the brand writes it (`GitHub`).
    pub fn title(&self) -> &str {
        &self.title
    }

    /// The brand's colour, RGB.
    pub fn colour(&self) -> [u8; 3] {
        self.colour
    }

    /// The SVG path (`d`) of its logo on a 24 × 24 view box.
    pub fn path(&self) -> &str {
        &self.path
    }
}

/// The catalogue, decompressed on first use, with every name each brand goes by, normalised.
struct Catalogue {
    brands: Vec<Brand>,
    by_name: HashMap<String, usize>,
    by_slug: HashMap<String, usize>,
}

fn catalogue() -> &'static Catalogue {
    static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
    CATALOGUE.get_or_init(|| {
        let compressed = include_bytes!(concat!(env!("OUT_DIR"), "/simple-icons.deflate"));
        // The table was compressed by this crate's build script: it inflates, and is UTF-8 with five
        // tab-separated fields a line (checked there). Should that ever fail, there are no brand icons.
        let table = miniz_oxide::inflate::decompress_to_vec(compressed).ok().and_then(|t| String::from_utf8(t).ok());
        let mut catalogue = Catalogue { brands: Vec::new(), by_name: HashMap::new(), by_slug: HashMap::new() };
        for line in table.as_deref().unwrap_or_default().lines() {
            let fields: Vec<&str> = line.split('\t').collect();
            let [slug, title, hex, names, path] = fields.as_slice() else { continue };
            let Some(colour) = parse_hex(hex) else { continue };
            let index = catalogue.brands.len();
            // The first brand to claim a name keeps it: titles come before other brands' aliases.
            for name in [*title, *slug].into_iter().chain(names.split('|').filter(|n| !n.is_empty())) {
                catalogue.by_name.entry(normalise(name)).or_insert(index);
            }
            catalogue.by_slug.insert((*slug).to_owned(), index);
            catalogue.brands.push(Brand {
                slug: (*slug).to_owned(),
                title: (*title).to_owned(),
                colour,
                path: (*path).to_owned(),
            });
        }
        // Titles win over aliases: claim them again, last, over any alias that took them first.
        for (index, brand) in catalogue.brands.iter().enumerate() {
            catalogue.by_name.insert(normalise(&brand.title), index);
        }
        catalogue
    })
}

fn parse_hex(hex: &str) -> Option<[u8; 3]> {
    let value = u32::from_str_radix(hex, 16).ok().filter(|_| hex.len() == 6)?;
    let [_, r, g, b] = value.to_be_bytes();
    Some([r, g, b])
}

/// A name as matching compares it: lower case, letters and digits only (`Proton Mail` and `protonmail`
/// are one name; so are `.NET` and `net`).
fn normalise(name: &str) -> String {
    name.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// The longest issuer looked at, in bytes (names are at most 256; a longer text is not a brand).
const MAX_ISSUER_BYTES: usize = 256;

/// The brand an issuer names, if Simple Icons has it: by its title, its Simple Icons name or another name
/// it goes by (any case, spaces and punctuation ignored); for a domain (`accounts.google.com`), by the
/// name before its last dot; else by its first word, when that alone is a brand (`Google Workspace`).
pub fn find(issuer: &str) -> Option<&'static Brand> {
    let issuer = issuer.trim();
    if issuer.is_empty() || issuer.len() > MAX_ISSUER_BYTES {
        return None;
    }
    let catalogue = catalogue();
    let lookup = |name: &str| catalogue.by_name.get(&normalise(name)).and_then(|i| catalogue.brands.get(*i));
    let domain = || {
        let host = issuer.rsplit_once('.').filter(|_| !issuer.contains(' ')).map(|(host, _)| host)?;
        lookup(host.rsplit('.').next().unwrap_or(host))
    };
    let first_word = || {
        let mut words = issuer.split_whitespace();
        let first = words.next()?;
        words.next().and_then(|_| lookup(first))
    };
    lookup(issuer).or_else(domain).or_else(first_word)
}

/// The brand with this Simple Icons name (`github`).
pub fn by_slug(slug: &str) -> Option<&'static Brand> {
    let catalogue = catalogue();
    catalogue.by_slug.get(slug).and_then(|i| catalogue.brands.get(*i))
}

/// Brands whose title contains `query` (any case, spaces and punctuation ignored), those starting with it
/// first, then alphabetically; at most `limit`.
pub fn search(query: &str, limit: usize) -> Vec<&'static Brand> {
    let query = normalise(query);
    if query.is_empty() {
        return Vec::new();
    }
    let mut found: Vec<(bool, String, &'static Brand)> = catalogue()
        .brands
        .iter()
        .filter_map(|brand| {
            let title = normalise(&brand.title);
            title.find(&query).map(|at| (at != 0, title.clone(), brand))
        })
        .collect();
    found.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    found.into_iter().take(limit).map(|(_, _, brand)| brand).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_whole_catalogue_is_built_in() {
        let brands = &catalogue().brands;
        assert!(brands.len() > 3_000, "{}", brands.len());
        assert!(brands.iter().all(|b| !b.path.is_empty() && !b.title.is_empty()));
        let github = by_slug("github").unwrap();
        assert_eq!((github.title(), github.colour()), ("GitHub", [0x18, 0x17, 0x17]));
        assert!(github.path().starts_with("M12 .297c-6.63 0-12 5.373-12 12"), "{}", github.path());
    }

    #[test]
    fn issuers_find_their_brand_by_name_alias_domain_or_first_word() {
        let slug = |issuer: &str| find(issuer).map(Brand::slug);
        for (issuer, expected) in [
            ("GitHub", Some("github")),
            ("github", Some("github")),
            ("  GITHUB ", Some("github")),
            ("github.com", Some("github")),
            ("accounts.google.com", Some("google")),
            ("Google Workspace", Some("google")),
            ("Proton Mail", Some("protonmail")),
            ("ProtonMail", Some("protonmail")),
            ("PayPal", Some("paypal")),
            ("Dropbox", Some("dropbox")),
            ("Twitter", Some("x")),
            ("Bitwarden", Some("bitwarden")),
            (".NET", Some("dotnet")),
            ("Example Payroll", None),
            ("Payroll", None),
            ("", None),
            ("   ", None),
        ] {
            assert_eq!(slug(issuer), expected, "{issuer:?}");
        }
        assert_eq!(find(&"g".repeat(10_000)), None);
    }

    #[test]
    fn the_picker_finds_titles_starting_with_the_query_first() {
        let titles: Vec<&str> = search("git", 30).into_iter().map(Brand::title).collect();
        assert_eq!(titles.first(), Some(&"Git"));
        assert!(titles.contains(&"GitHub") && titles.contains(&"GitLab"), "{titles:?}");
        let starting = titles.iter().take_while(|t| t.to_lowercase().starts_with("git")).count();
        assert!(titles[starting..].iter().all(|t| !t.to_lowercase().starts_with("git")), "{titles:?}");
        assert_eq!(search("github", 3).first().map(|b| b.title()), Some("GitHub"));
        assert!(search("", 5).is_empty() && search("  -- ", 5).is_empty());
        assert_eq!(search("zzzzzzzzzz", 5).len(), 0);
        assert_eq!(search("a", 24).len(), 24);
    }
}
