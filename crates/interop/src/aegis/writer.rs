//! Writing Aegis' vault file (`aegis-export*.json`), which Aegis imports: with groups, pins, notes and
//! pictures, and Keyfob's websites in a field of its own that Aegis ignores.

use ring::aead::{AES_256_GCM, Aad, LessSafeKey, Nonce, UnboundKey};
use ring::rand::SecureRandom;
use serde_json::{Value, json};
use zeroize::Zeroizing;

use keyfob_core::icon::Icon;
use keyfob_crypto::Password;
use keyfob_otp::otp::Method;
use keyfob_vault::portable::Portable;

use crate::export::Error;

/// Aegis' scrypt costs for password slots (its documented defaults).
const AEGIS_SCRYPT_LOG_N: u8 = 15;

fn aegis_entry(portable: &Portable, uuid: String, groups: &[(String, String)]) -> Value {
    let (account, extras) = (&portable.account, &portable.extras);
    let method = account.method();
    let mut info = serde_json::Map::new();
    info.insert("secret".into(), json!(account.secret().to_base32().as_str()));
    info.insert("algo".into(), json!(method.algorithm().name()));
    info.insert("digits".into(), json!(method.code_len()));
    match *method {
        Method::Hotp { counter, .. } => info.insert("counter".into(), json!(counter)),
        Method::Totp { period, .. } | Method::Steam { period } => info.insert("period".into(), json!(period.get())),
    };
    let group_uuids: Vec<&str> = extras
        .groups()
        .iter()
        .filter_map(|name| groups.iter().find(|(_, n)| n == name).map(|(uuid, _)| uuid.as_str()))
        .collect();
    // A picture goes as Aegis keeps icons: the file's bytes in base64, with its type. (Brand icons are
    // Keyfob's catalogue; Aegis has its own icon packs.)
    let (icon, mime) = match extras.icon() {
        Icon::Picture(picture) => (json!(data_encoding::BASE64.encode(picture.png())), json!("image/png")),
        _ => (Value::Null, Value::Null),
    };
    let mut entry = json!({
        "type": method.kind(),
        "uuid": uuid,
        "name": account.name(),
        "issuer": account.issuer().unwrap_or_default(),
        "note": extras.note().unwrap_or_default(),
        "favorite": extras.favourite(),
        "icon": icon,
        "icon_mime": mime,
        "info": info,
        "groups": group_uuids,
    });
    // Aegis has no field for websites: Keyfob adds its own, which Aegis ignores and Keyfob reads back.
    if let (false, Value::Object(fields)) = (extras.sites().is_empty(), &mut entry) {
        let sites: Vec<&str> = extras.sites().iter().map(keyfob_core::site::Site::as_str).collect();
        fields.insert("keyfob_sites".into(), json!(sites));
    }
    entry
}

/// A random (version 4) UUID, as Aegis names entries and groups: it refuses an entry whose `uuid` is not
/// one.
fn uuid(rng: &dyn SecureRandom) -> Result<String, Error> {
    let bits = u128::from_be_bytes(random(rng)?);
    // Version 4 in bits 76–79, the RFC 4122 variant (0b10) in bits 62–63.
    let bits = (bits & !(0xf << 76) & !(0x3 << 62)) | (0x4 << 76) | (0x2 << 62);
    Ok(format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        bits >> 96,
        (bits >> 80) & 0xffff,
        (bits >> 64) & 0xffff,
        (bits >> 48) & 0xffff,
        bits & 0xffff_ffff_ffff
    ))
}

/// Aegis' database (version 3): the entries, and the groups they name by UUID.
fn aegis_content(accounts: &[Portable], rng: &dyn SecureRandom) -> Result<Value, Error> {
    let mut groups: Vec<(String, String)> = Vec::new();
    for name in accounts.iter().flat_map(|p| p.extras.groups()) {
        if !groups.iter().any(|(_, n)| n == name) {
            groups.push((uuid(rng)?, name.clone()));
        }
    }
    let entries =
        accounts.iter().map(|p| Ok(aegis_entry(p, uuid(rng)?, &groups))).collect::<Result<Vec<_>, Error>>()?;
    let groups: Vec<Value> = groups.iter().map(|(uuid, name)| json!({"uuid": uuid, "name": name})).collect();
    Ok(json!({"version": 3, "entries": entries, "groups": groups}))
}

fn random<const N: usize>(rng: &dyn SecureRandom) -> Result<[u8; N], Error> {
    let mut bytes = [0u8; N];
    rng.fill(&mut bytes).map_err(|_| Error::Crypto("random".into()))?;
    Ok(bytes)
}

/// AES-256-GCM with the tag kept apart, as Aegis stores it: (ciphertext, {nonce, tag} in hex).
fn aegis_seal(key: &[u8], plain: &[u8], rng: &dyn SecureRandom) -> Result<(Vec<u8>, Value), Error> {
    let nonce: [u8; 12] = random(rng)?;
    let key = LessSafeKey::new(UnboundKey::new(&AES_256_GCM, key).map_err(|_| Error::Crypto("key".into()))?);
    let mut buffer = plain.to_vec();
    let tag = key
        .seal_in_place_separate_tag(Nonce::assume_unique_for_key(nonce), Aad::empty(), &mut buffer)
        .map_err(|_| Error::Crypto("sealing".into()))?;
    let hex = |b: &[u8]| data_encoding::HEXLOWER.encode(b);
    Ok((buffer, json!({"nonce": hex(&nonce), "tag": hex(tag.as_ref())})))
}

/// An Aegis vault file that Aegis imports, encrypted with `password` (one password slot, scrypt with
/// Aegis' default costs, AES-256-GCM), with each account's groups, pin and note.
///
/// # Errors
/// [`Error::Crypto`].
pub fn write(accounts: &[Portable], password: &Password, rng: &dyn SecureRandom) -> Result<Vec<u8>, Error> {
    let content =
        Zeroizing::new(serde_json::to_vec(&aegis_content(accounts, rng)?).map_err(|e| Error::Crypto(e.to_string()))?);
    let master: Zeroizing<[u8; 32]> = Zeroizing::new(random(rng)?);
    let salt: [u8; 32] = random(rng)?;
    let mut derived = Zeroizing::new([0u8; 32]);
    let params = scrypt::Params::new(AEGIS_SCRYPT_LOG_N, 8, 1, 32).map_err(|e| Error::Crypto(e.to_string()))?;
    scrypt::scrypt(password.expose_secret(), &salt, &params, derived.as_mut())
        .map_err(|e| Error::Crypto(e.to_string()))?;
    let (slot_key, slot_params) = aegis_seal(derived.as_ref(), master.as_ref(), rng)?;
    let (db, params) = aegis_seal(master.as_ref(), &content, rng)?;
    let file = json!({"version": 1, "header": {
        "slots": [{"type": 1, "uuid": "", "key": data_encoding::HEXLOWER.encode(&slot_key),
                   "key_params": slot_params, "n": 1u64 << AEGIS_SCRYPT_LOG_N, "r": 8, "p": 1,
                   "salt": data_encoding::HEXLOWER.encode(&salt)}],
        "params": params},
      "db": data_encoding::BASE64.encode(&db)});
    let mut bytes = serde_json::to_vec_pretty(&file).map_err(|e| Error::Crypto(e.to_string()))?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// An Aegis vault file in plain text: every secret in the clear, readable by anyone who gets the file.
/// Only for a user who asked for exactly that (`keyfob export --aegis FILE
/// --i-understand-this-prints-secrets`); [`write`] is the export to reach for.
///
/// # Security
/// The result holds every secret; it is wiped when dropped.
///
/// # Errors
/// [`Error::Crypto`] when randomness (for the UUIDs) or serialising fails.
pub fn dangerous_write_plaintext(accounts: &[Portable], rng: &dyn SecureRandom) -> Result<Zeroizing<Vec<u8>>, Error> {
    let file = json!({"version": 1, "header": {"slots": null, "params": null}, "db": aegis_content(accounts, rng)?});
    let mut bytes = Zeroizing::new(serde_json::to_vec_pretty(&file).map_err(|e| Error::Crypto(e.to_string()))?);
    bytes.push(b'\n');
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use ring::rand::SystemRandom;

    use super::*;
    use crate::import;
    use keyfob_core::icon::Picture;
    use keyfob_otp::account::Account;
    use keyfob_otp::uri;
    use keyfob_vault::portable::Extras;

    fn accounts() -> Vec<Account> {
        [
            "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub",
            "otpauth://hotp/Bank:bob?secret=GEZDGNBVGY3TQOJQ&counter=7&digits=8&algorithm=SHA512",
            "otpauth://totp/Steam:gamer?secret=KRSXG5CTMVRXEZLU&issuer=Steam",
            "otpauth://totp/Work:x?secret=MFRGGZDFMZTWQ2LK&period=60&digits=7",
        ]
        .iter()
        .map(|l| uri::parse(l).unwrap())
        .collect()
    }

    /// The accounts, GitHub and Bank in groups (one shared), Bank pinned, GitHub with a note and two sites.
    fn organised() -> Vec<Portable> {
        let mut organised: Vec<Portable> = accounts().into_iter().map(Portable::from).collect();
        organised[0].extras = Extras::new(&["Work", "Code"], false, Some("recovery: 1111-2222\nsecond line"))
            .unwrap()
            .with_sites(keyfob_core::site::sites(&["github.com", "login.example.co.uk"]).unwrap());
        organised[1].extras = Extras::new(&["Money", "Work"], true, None).unwrap();
        let picture = Picture::from_image(&checkerboard()).unwrap();
        organised[2].extras = Extras::default().with_icon(Icon::Picture(picture));
        organised[3].extras = Extras::default().with_icon(Icon::Letter);
        organised
    }

    /// A 200 × 100 PNG, red and blue squares: bigger than an icon, so it is scaled down to fit.
    fn checkerboard() -> Vec<u8> {
        let image = image::RgbaImage::from_fn(200, 100, |x, y| {
            if (x / 20 + y / 20) % 2 == 0 { image::Rgba([255, 0, 0, 255]) } else { image::Rgba([0, 0, 255, 255]) }
        });
        let mut png = Vec::new();
        image.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png).unwrap();
        png
    }

    /// What an Aegis export carries of each account's icon: pictures only (the letter, brands and the
    /// automatic choice are Keyfob's own, and come back as automatic).
    fn as_aegis_keeps(mut organised: Vec<Portable>) -> Vec<Portable> {
        for portable in &mut organised {
            if !matches!(portable.extras.icon(), Icon::Picture(_)) {
                portable.extras = portable.extras.clone().with_icon(Icon::Automatic);
            }
        }
        organised
    }

    #[test]
    fn aegis_exports_round_trip_through_the_aegis_importer_with_groups_pins_and_notes() {
        let rng = SystemRandom::new();
        let plain = dangerous_write_plaintext(&organised(), &rng).unwrap();
        assert_eq!(import::read(&plain, None, None).unwrap().accounts, as_aegis_keeps(organised()));
        let Icon::Picture(picture) = organised()[2].extras.icon().clone() else { panic!() };
        let size = image::load_from_memory(picture.png()).unwrap();
        assert_eq!((size.width(), size.height()), (128, 64), "scaled to fit, proportions kept");
        let password = Password::new(Zeroizing::new("export password".into()));
        let encrypted = write(&organised(), &password, &rng).unwrap();
        for clear in ["JBSWY3DP", "recovery", "Money"] {
            assert!(!String::from_utf8_lossy(&encrypted).contains(clear), "{clear}");
        }
        let report = import::read(&encrypted, None, Some(&password)).unwrap();
        assert_eq!(report.accounts, as_aegis_keeps(organised()));
        assert!(report.problems.is_empty() && report.left_out.is_empty());
    }

    #[test]
    fn aegis_exports_are_shaped_as_aegis_reads_them() {
        let plain = dangerous_write_plaintext(&organised(), &SystemRandom::new()).unwrap();
        let file: Value = serde_json::from_slice(&plain).unwrap();
        let db = &file["db"];
        assert_eq!(db["version"], 3);
        assert_eq!(db["entries"][0]["keyfob_sites"], serde_json::json!(["github.com", "example.co.uk"]));
        assert!(db["entries"][1].get("keyfob_sites").is_none(), "only where there are sites");
        let is_uuid = |text: &str| {
            let parts: Vec<usize> = text.split('-').map(str::len).collect();
            parts == [8, 4, 4, 4, 12]
                && text.chars().all(|c| c == '-' || c.is_ascii_hexdigit())
                && text.as_bytes()[14] == b'4'
                && matches!(text.as_bytes()[19], b'8' | b'9' | b'a' | b'b')
        };
        let groups: Vec<(&str, &str)> = db["groups"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| (g["uuid"].as_str().unwrap(), g["name"].as_str().unwrap()))
            .collect();
        assert_eq!(groups.iter().map(|g| g.1).collect::<Vec<_>>(), ["Work", "Code", "Money"]);
        let entries = db["entries"].as_array().unwrap();
        let mut uuids: Vec<&str> = groups.iter().map(|g| g.0).collect();
        for entry in entries {
            uuids.push(entry["uuid"].as_str().unwrap());
        }
        assert!(uuids.iter().all(|u| is_uuid(u)), "{uuids:?}");
        uuids.sort_unstable();
        uuids.dedup();
        assert_eq!(uuids.len(), 3 + 4, "every UUID differs");
        let bank_groups: Vec<&str> =
            entries[1]["groups"].as_array().unwrap().iter().map(|u| u.as_str().unwrap()).collect();
        assert_eq!(bank_groups, [groups[2].0, groups[0].0]);
        assert_eq!(
            (entries[1]["favorite"].as_bool(), entries[0]["note"].as_str()),
            (Some(true), Some("recovery: 1111-2222\nsecond line"))
        );
        assert_eq!((entries[3]["groups"].as_array().map(Vec::len), entries[3]["note"].as_str()), (Some(0), Some("")));
    }
}
