//! Writing accounts for other authenticators: leaving Keyfob, or moving to a phone, must be as easy as
//! arriving. Every function here returns bytes that contain secrets (encrypted or not, as named).

use ring::aead::{AES_256_GCM, Aad, LessSafeKey, Nonce, UnboundKey};
use ring::rand::SecureRandom;
use serde_json::{Value, json};
use zeroize::Zeroizing;

use crate::account::Account;
use crate::crypto::Password;
use crate::migration::{self, Batch};
use crate::otp::Method;

/// Why an export could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The random source or the KDF failed.
    #[error("the export could not be encrypted: {0}")]
    Crypto(String),
    /// A QR code could not be made.
    #[error("the QR code could not be made: {0}")]
    Qr(String),
}

/// Aegis' scrypt costs for password slots (its documented defaults).
const AEGIS_SCRYPT_LOG_N: u8 = 15;

fn aegis_entry(account: &Account) -> Value {
    let method = account.method();
    let mut info = serde_json::Map::new();
    info.insert("secret".into(), json!(account.secret().to_base32().as_str()));
    info.insert("algo".into(), json!(method.algorithm().name()));
    info.insert("digits".into(), json!(method.code_len()));
    match *method {
        Method::Hotp { counter, .. } => info.insert("counter".into(), json!(counter)),
        Method::Totp { period, .. } | Method::Steam { period } => info.insert("period".into(), json!(period.get())),
    };
    json!({
        "type": method.kind(),
        "uuid": "",
        "name": account.name(),
        "issuer": account.issuer().unwrap_or_default(),
        "note": "",
        "favorite": false,
        "icon": null,
        "info": info,
    })
}

fn aegis_content(accounts: &[Account]) -> Value {
    json!({"version": 3, "entries": accounts.iter().map(aegis_entry).collect::<Vec<_>>(), "groups": []})
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
/// Aegis' default costs, AES-256-GCM).
///
/// # Errors
/// [`Error::Crypto`].
pub fn aegis(accounts: &[Account], password: &Password, rng: &dyn SecureRandom) -> Result<Vec<u8>, Error> {
    let content =
        Zeroizing::new(serde_json::to_vec(&aegis_content(accounts)).map_err(|e| Error::Crypto(e.to_string()))?);
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
/// --i-understand-this-prints-secrets`); [`aegis`] is the export to reach for.
///
/// # Security
/// The result holds every secret; it is wiped when dropped.
///
/// # Errors
/// [`Error::Crypto`] (only if serialising fails).
pub fn dangerous_aegis_plaintext(accounts: &[Account]) -> Result<Zeroizing<Vec<u8>>, Error> {
    let file = json!({"version": 1, "header": {"slots": null, "params": null}, "db": aegis_content(accounts)});
    let mut bytes = Zeroizing::new(serde_json::to_vec_pretty(&file).map_err(|e| Error::Crypto(e.to_string()))?);
    bytes.push(b'\n');
    Ok(bytes)
}

/// How many accounts one Google Authenticator export QR code carries, as the app itself batches them: few
/// enough for a code a phone camera reads easily.
pub const GOOGLE_BATCH: usize = 8;

/// A batch id for a Google Authenticator export made now: the app and phones tell exports apart by it.
pub fn google_batch_id(clock: &dyn crate::Clock) -> i32 {
    // Below 10⁹, so it always fits in an i32.
    i32::try_from(clock.now() % 1_000_000_000).unwrap_or(1)
}

/// Google Authenticator export texts (`otpauth-migration://`), one per QR code, batched, and the accounts
/// Google Authenticator cannot hold (left out and returned by name).
///
/// # Security
/// Each text holds secrets; they are wiped when dropped.
pub fn google(accounts: &[Account], batch_id: i32) -> (Vec<Zeroizing<String>>, Vec<String>) {
    let chunks: Vec<&[Account]> = accounts.chunks(GOOGLE_BATCH).collect();
    let size = u32::try_from(chunks.len()).unwrap_or(u32::MAX);
    let mut texts = Vec::new();
    let mut left_out = Vec::new();
    for (index, chunk) in chunks.iter().enumerate() {
        let supported: Vec<&Account> = chunk.iter().filter(|a| migration::can_export(a)).collect();
        left_out.extend(chunk.iter().filter(|a| !migration::can_export(a)).map(|a| match a.issuer() {
            Some(issuer) => format!("{issuer} ({})", a.name()),
            None => a.name().to_owned(),
        }));
        let batch = Batch { index: u32::try_from(index).unwrap_or(u32::MAX), size, id: batch_id };
        texts.push(migration::to_uri(&supported, batch).0);
    }
    (texts, left_out)
}

/// A QR code of `text` as PNG bytes, 6 pixels a module with the quiet zone: sharp enough for any phone
/// camera to read off a screen or a printout.
///
/// # Errors
/// [`Error::Qr`] when the text is too long for a QR code, or encoding fails.
///
/// # Security
/// The image holds whatever `text` holds (secrets, for exports); the bytes are wiped when dropped.
pub fn qr_png(text: &str) -> Result<Zeroizing<Vec<u8>>, Error> {
    let code = qrcode::QrCode::new(text.as_bytes()).map_err(|e| Error::Qr(e.to_string()))?;
    let image = code.render::<image::Luma<u8>>().module_dimensions(6, 6).quiet_zone(true).build();
    let mut png = Zeroizing::new(Vec::new());
    image::DynamicImage::ImageLuma8(image)
        .write_to(&mut std::io::Cursor::new(&mut *png), image::ImageFormat::Png)
        .map_err(|e| Error::Qr(e.to_string()))?;
    Ok(png)
}

#[cfg(test)]
mod tests {
    use ring::rand::SystemRandom;

    use super::*;
    use crate::import;
    use crate::uri;

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

    #[test]
    fn aegis_exports_round_trip_through_the_aegis_importer() {
        let rng = SystemRandom::new();
        let plain = dangerous_aegis_plaintext(&accounts()).unwrap();
        assert_eq!(import::read(&plain, None, None).unwrap().accounts, accounts());
        let password = Password::new(Zeroizing::new("export password".into()));
        let encrypted = aegis(&accounts(), &password, &rng).unwrap();
        assert!(!String::from_utf8_lossy(&encrypted).contains("JBSWY3DP"));
        let report = import::read(&encrypted, None, Some(&password)).unwrap();
        assert_eq!(report.accounts, accounts());
        assert!(report.problems.is_empty());
    }

    #[test]
    fn google_exports_batch_and_name_what_they_leave_out() {
        let many: Vec<Account> = (0..10)
            .map(|n| uri::parse(&format!("otpauth://totp/S{n}:u?secret=JBSWY3DPEHPK3PXP")).unwrap())
            .chain(accounts())
            .collect();
        let (texts, left_out) = google(&many, 9);
        assert_eq!(texts.len(), 2);
        assert_eq!(left_out, ["Steam (gamer)", "Work (x)"]);
        let report = import::google::read_texts(&texts.iter().map(|t| t.to_string()).collect::<Vec<_>>());
        assert_eq!(report.accounts.len(), 12);
        assert!(report.problems.is_empty(), "{:?}", report.problems);
        let images: Vec<Zeroizing<Vec<u8>>> = texts.iter().map(|t| qr_png(t).unwrap()).collect();
        let named: Vec<(&str, &[u8])> = images.iter().map(|png| ("export.png", png.as_slice())).collect();
        assert_eq!(import::read_files(&named, None, None).unwrap().accounts, report.accounts);
    }
}
