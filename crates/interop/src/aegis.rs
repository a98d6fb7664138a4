//! Aegis' export, as its `docs/vault.md` documents it: `{version, header: {slots, params}, db}`. Plain, `db`
//! is the content (`{version, entries}`); encrypted, `db` is base64 of AES-256-GCM ciphertext under a master
//! key, which each password slot wraps with a key derived by scrypt (`n`, `r`, `p`, `salt`). An entry's
//! `note`, `favorite`, groups (version 3: UUIDs into the db's `groups`; before: one `group` name) and icon
//! (base64 of an SVG, PNG or JPEG, re-encoded by Keyfob) come along. Both ways: [`read`] what Aegis
//! exported, [`write`] what Aegis imports.

use std::collections::HashMap;

use serde::Deserialize;
use serde_json::Value;
use zeroize::Zeroizing;

mod writer;

pub use writer::{dangerous_write_plaintext, write};

use crate::report::{self, Carried, Error, Report, collect_carried};
use crate::unlock;
use keyfob_core::text::json_fault;
use keyfob_crypto::Password;
use keyfob_otp::account::Fields;

const FORMAT: &str = "an Aegis";
/// The most password slots tried: Aegis writes one per password (people keep one or two).
const MAX_PASSWORD_SLOTS: usize = 4;
/// The most scrypt work (n · r · p, summed over the password slots) an import may cost: eight times one
/// slot at Aegis' own costs (n = 2^15, r = 8, p = 1), about a second here. Checked before any KDF runs;
/// it also bounds the memory one slot takes (128 · r · n bytes) to 256 MiB.
pub const MAX_SCRYPT_WORK: u64 = 8 * (1 << 15) * 8;

#[derive(Deserialize)]
struct File {
    version: u32,
    header: Header,
    db: Value,
}

#[derive(Deserialize)]
struct Header {
    slots: Option<Vec<Slot>>,
    params: Option<KeyParams>,
}

#[derive(Deserialize)]
struct KeyParams {
    nonce: String,
    tag: String,
}

#[derive(Deserialize)]
struct Slot {
    r#type: u8,
    key: String,
    key_params: KeyParams,
    n: Option<u64>,
    r: Option<u32>,
    p: Option<u32>,
    salt: Option<String>,
}

#[derive(Deserialize)]
struct Content {
    entries: Vec<Entry>,
    /// Version 3: the groups entries name by UUID.
    #[serde(default)]
    groups: Vec<Group>,
}

#[derive(Deserialize)]
struct Group {
    uuid: String,
    name: String,
}

#[derive(Deserialize)]
struct Entry {
    r#type: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    issuer: Option<String>,
    info: Info,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    favorite: bool,
    /// Version 3: the UUIDs of its groups.
    #[serde(default)]
    groups: Vec<String>,
    /// Versions 1 and 2: its one group's name.
    #[serde(default)]
    group: Option<String>,
    /// Its icon: base64 of an SVG, PNG or JPEG file (`icon_mime` says which; Keyfob reads the bytes).
    #[serde(default)]
    icon: Option<String>,
    /// The websites Keyfob linked it to (Keyfob's own field: Aegis has none, and ignores it).
    #[serde(default)]
    keyfob_sites: Vec<String>,
}

#[derive(Deserialize)]
struct Info {
    secret: String,
    #[serde(default)]
    algo: Option<String>,
    #[serde(default)]
    digits: Option<u8>,
    #[serde(default)]
    period: Option<u32>,
    #[serde(default)]
    counter: Option<u64>,
}

/// The file is malformed for `reason`: Keyfob's own words (never a parser's, which may quote a secret:
/// see [`json_fault`](keyfob_core::text::json_fault)).
fn malformed(reason: impl Into<String>) -> Error {
    Error::Malformed { format: FORMAT, reason: reason.into() }
}

fn hex(text: &str, what: &str) -> Result<Zeroizing<Vec<u8>>, Error> {
    data_encoding::HEXLOWER_PERMISSIVE
        .decode(text.as_bytes())
        .map(Zeroizing::new)
        .map_err(|_| malformed(format!("{what} is not hex")))
}

/// AES-256-GCM open of `ciphertext` with a separate `params.tag`.
fn open(key: &[u8], params: &KeyParams, ciphertext: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    let nonce = hex(&params.nonce, "a nonce").ok()?;
    let tag = hex(&params.tag, "a tag").ok()?;
    let mut sealed = Zeroizing::new(ciphertext.to_vec());
    sealed.extend_from_slice(&tag);
    unlock::aes_gcm_open(key, &nonce, b"", &sealed)
}

/// A password slot's scrypt costs, checked against Keyfob's limits.
struct Costs {
    log_n: u8,
    r: u32,
    p: u32,
}

impl Costs {
    fn of(slot: &Slot) -> Result<Self, Error> {
        let (Some(n), Some(r), Some(p)) = (slot.n, slot.r, slot.p) else {
            return Err(malformed("a password slot lacks its scrypt parameters"));
        };
        if !n.is_power_of_two() || n < 2 || r == 0 || p == 0 {
            return Err(Error::Unsupported(format!("scrypt costs n={n}, r={r}, p={p} are out of range")));
        }
        let log_n = u8::try_from(n.trailing_zeros()).map_err(|_| malformed("scrypt n"))?;
        Ok(Self { log_n, r, p })
    }

    /// n · r · p: what the KDF costs, in scrypt block operations; `u64::MAX` when that overflows.
    fn work(&self) -> u64 {
        1u64.checked_shl(u32::from(self.log_n))
            .and_then(|n| n.checked_mul(u64::from(self.r)))
            .and_then(|w| w.checked_mul(u64::from(self.p)))
            .unwrap_or(u64::MAX)
    }
}

/// The master key, from the first password slot the password opens. Every slot's costs are checked, and
/// their total work bounded, before the first KDF runs: a file with hundreds of expensive slots is
/// refused at once rather than keeping the importer busy for minutes.
fn master_key(slots: &[Slot], password: &Password) -> Result<Zeroizing<Vec<u8>>, Error> {
    let password_slots: Vec<&Slot> = slots.iter().filter(|s| s.r#type == 1).collect();
    if password_slots.is_empty() {
        return Err(Error::Unsupported("it has no password slot (biometric only)".into()));
    }
    let costs = password_slots.iter().map(|slot| Costs::of(slot)).collect::<Result<Vec<_>, _>>()?;
    let required = costs.iter().fold(0u64, |total, c| total.saturating_add(c.work()));
    if password_slots.len() > MAX_PASSWORD_SLOTS || required > MAX_SCRYPT_WORK {
        return Err(Error::ExcessiveWork { required, limit: MAX_SCRYPT_WORK });
    }
    for (slot, costs) in password_slots.into_iter().zip(costs) {
        let salt = slot.salt.as_ref().ok_or_else(|| malformed("a password slot lacks its salt"))?;
        let params =
            scrypt::Params::new(costs.log_n, costs.r, costs.p, 32).map_err(|e| Error::Unsupported(e.to_string()))?;
        let salt = hex(salt, "the salt")?;
        let mut derived = Zeroizing::new([0u8; 32]);
        scrypt::scrypt(password.expose_secret(), &salt, &params, derived.as_mut())
            .map_err(|e| Error::Unsupported(e.to_string()))?;
        let wrapped = hex(&slot.key, "a slot key")?;
        if let Some(key) = open(derived.as_ref(), &slot.key_params, &wrapped) {
            return Ok(key);
        }
    }
    Err(Error::WrongPassword)
}

/// Reads an Aegis export.
///
/// # Errors
/// [`Error::Malformed`], [`Error::PasswordNeeded`], [`Error::WrongPassword`], [`Error::Unsupported`], or
/// [`Error::ExcessiveWork`] for key-derivation costs past Keyfob's limits (no KDF ran then).
pub fn read(bytes: &[u8], password: Option<&Password>) -> Result<Report, Error> {
    let file: File = serde_json::from_slice(bytes).map_err(|e| malformed(json_fault(&e)))?;
    if file.version != 1 {
        return Err(Error::Unsupported(format!("Aegis file version {}", file.version)));
    }
    let content: Content = match (file.header.slots, file.header.params) {
        (None, None) => serde_json::from_value(file.db).map_err(|e| malformed(json_fault(&e)))?,
        (Some(slots), Some(params)) => {
            let password = password.ok_or(Error::PasswordNeeded)?;
            let key = master_key(&slots, password)?;
            let db = file.db.as_str().ok_or_else(|| malformed("the encrypted db is not a string"))?;
            let ciphertext = data_encoding::BASE64.decode(db.as_bytes()).map_err(|_| malformed("db is not base64"))?;
            let plain = open(&key, &params, &ciphertext).ok_or_else(|| malformed("the db does not decrypt"))?;
            serde_json::from_slice(&plain).map_err(|e| malformed(json_fault(&e)))?
        }
        _ => return Err(malformed("the header has slots without params, or params without slots")),
    };
    let label = |position, entry: &Entry| match &entry.issuer {
        Some(issuer) if !issuer.is_empty() => {
            report::Entry::numbered("entry", position, format!("{issuer} ({})", entry.name))
        }
        _ => report::Entry::numbered("entry", position, &entry.name),
    };
    let group_names: HashMap<&str, &str> = content.groups.iter().map(|g| (g.uuid.as_str(), g.name.as_str())).collect();
    Ok(collect_carried(&content.entries, label, |entry| {
        let info = &entry.info;
        let account = Fields {
            kind: &entry.r#type,
            algorithm: info.algo.as_deref(),
            digits: info.digits,
            period: info.period,
            counter: info.counter,
            secret: &info.secret,
            issuer: entry.issuer.as_deref(),
            name: &entry.name,
        }
        .build()?;
        // A group UUID the file does not define is ignored, as Aegis does.
        let groups = entry
            .groups
            .iter()
            .filter_map(|uuid| group_names.get(uuid.as_str()).map(|name| (*name).to_owned()))
            .chain(entry.group.clone())
            .collect();
        // An icon that is not base64 goes to `Picture::from_image` as bytes that read as no image: it is
        // left out, saying so, like any other unreadable icon.
        let picture =
            entry.icon.as_deref().map(|icon| data_encoding::BASE64.decode(icon.as_bytes()).unwrap_or_default());
        let carried = Carried {
            groups,
            favourite: entry.favorite,
            note: entry.note.clone(),
            picture,
            sites: entry.keyfob_sites.clone(),
        };
        Ok((account, carried))
    }))
}

#[cfg(test)]
mod tests;
