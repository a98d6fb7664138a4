//! Ente Auth's exports. Plain, a text with one `otpauth://` link per line (read like any such list), each
//! link's `codeDisplay` parameter holding JSON with what organises it: `pinned`, `tags` (groups), `note`,
//! and `trashed` (a code in Ente's trash, not imported).
//!
//! Encrypted, as Ente documents it (`docs/auth/migration/export.md`): `{version: 1, kdfParams: {memLimit,
//! opsLimit, salt}, encryptedData, encryptionNonce}`. The key is argon2id(password, salt; `memLimit`
//! bytes, `opsLimit` passes, 1 lane), 32 bytes; the text is sealed with XChaCha20-Poly1305 as libsodium's
//! `crypto_secretstream_xchacha20poly1305` frames it, `encryptionNonce` being the stream's 24-byte header
//! and `encryptedData` one message: an encrypted tag byte, the ciphertext and a 16-byte MAC.

use chacha20::cipher::consts::U10;
use chacha20::cipher::{KeyIvInit, StreamCipher, StreamCipherSeek};
use chacha20::{ChaCha20, hchacha};
use poly1305::Poly1305;
use poly1305::universal_hash::KeyInit;
use serde::Deserialize;
use subtle::ConstantTimeEq;
use zeroize::{Zeroize, Zeroizing};

use crate::payload;
use crate::report::{Carried, Entry, Error, ImportProblem, Omission, Reason, Report};
use crate::unlock::{self, Argon2Costs};
use keyfob_core::text::json_fault;
use keyfob_crypto::Password;
use keyfob_vault::portable::{Extras, Portable};

const FORMAT: &str = "an Ente Auth";

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct File {
    version: u32,
    kdf_params: KdfParams,
    encrypted_data: String,
    encryption_nonce: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct KdfParams {
    mem_limit: u64,
    ops_limit: u64,
    salt: String,
}

/// What `codeDisplay` holds, as far as Keyfob keeps it.
#[derive(Deserialize, Default)]
#[serde(default)]
struct Display {
    pinned: bool,
    trashed: bool,
    tags: Vec<String>,
    note: Option<String>,
}

/// The file is malformed for `reason`: Keyfob's own words (never a parser's, which may quote a secret:
/// see [`json_fault`](keyfob_core::text::json_fault)).
fn malformed(reason: impl Into<String>) -> Error {
    Error::Malformed { format: FORMAT, reason: reason.into() }
}

/// The plaintext of one secretstream message (`sealed`: encrypted tag byte ‖ ciphertext ‖ MAC) under
/// `key`, the stream starting with `header`. `None` when the MAC does not match.
fn secretstream_open(key: &[u8; 32], header: &[u8; 24], sealed: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    let (hchacha_input, nonce_tail) = header.split_at(16);
    let mut derived = hchacha::<U10>(key.into(), hchacha_input.into());
    let subkey = Zeroizing::new(<[u8; 32]>::from(derived));
    derived.as_mut_slice().zeroize();
    // The stream's nonce: a 32-bit counter, 1 for the first message, then the header's last 8 bytes.
    let mut nonce = [0u8; 12];
    nonce[..4].copy_from_slice(&1u32.to_le_bytes());
    nonce[4..].copy_from_slice(nonce_tail);
    let (encrypted_tag, rest) = sealed.split_first()?;
    let (ciphertext, mac) = rest.split_at_checked(rest.len().checked_sub(16)?)?;
    let mut stream = ChaCha20::new(subkey.as_ref().into(), &nonce.into());
    // Block 0 keys Poly1305; block 1 hides the tag byte; the message starts at block 2.
    let mut poly_key = Zeroizing::new([0u8; 64]);
    stream.apply_keystream(poly_key.as_mut());
    let mut tag_block = [0u8; 64];
    tag_block[0] = *encrypted_tag;
    stream.apply_keystream(&mut tag_block);
    tag_block[0] = *encrypted_tag;
    let mut authenticated = Vec::with_capacity(64 + ciphertext.len() + 32);
    authenticated.extend_from_slice(&tag_block);
    authenticated.extend_from_slice(ciphertext);
    // libsodium pads with `(0x10 - 64 + mlen) & 0xf` zero bytes, that is `mlen % 16` (not up to a
    // multiple of 16 as its ChaCha20-Poly1305 AEAD does); every secretstream reader must do the same.
    authenticated.resize(authenticated.len() + ciphertext.len() % 16, 0);
    authenticated.extend_from_slice(&0u64.to_le_bytes());
    authenticated.extend_from_slice(&u64::try_from(64 + ciphertext.len()).ok()?.to_le_bytes());
    let poly_key: &[u8; 32] = poly_key.first_chunk()?;
    let expected = Poly1305::new(poly_key.into()).compute_unpadded(&authenticated);
    if !bool::from(expected.as_slice().ct_eq(mac)) {
        return None;
    }
    let mut plain = Zeroizing::new(ciphertext.to_vec());
    stream.seek(128u64);
    stream.apply_keystream(&mut plain);
    Some(plain)
}

/// Reads Ente Auth's encrypted export.
///
/// # Errors
/// [`Error::Malformed`], [`Error::Unsupported`] for another version, [`Error::PasswordNeeded`],
/// [`Error::WrongPassword`], or [`Error::ExcessiveWork`] (Ente writes at most 1 GiB × 4 passes).
pub fn read(bytes: &[u8], password: Option<&Password>) -> Result<Report, Error> {
    let file: File = serde_json::from_slice(bytes).map_err(|e| malformed(json_fault(&e)))?;
    if file.version != 1 {
        return Err(Error::Unsupported(format!("Ente Auth export version {}", file.version)));
    }
    let salt = unlock::base64(&file.kdf_params.salt, "the salt", FORMAT)?;
    let header = unlock::base64(&file.encryption_nonce, "the nonce", FORMAT)?;
    let header: &[u8; 24] = header.as_slice().try_into().map_err(|_| malformed("the nonce is not 24 bytes"))?;
    let sealed = unlock::base64(&file.encrypted_data, "the data", FORMAT)?;
    if sealed.len() < 17 {
        return Err(malformed("the data is cut short"));
    }
    let password = password.ok_or(Error::PasswordNeeded)?;
    let params = &file.kdf_params;
    let costs = Argon2Costs { m_kib: params.mem_limit / 1024, t: params.ops_limit, p: 1 };
    let key = unlock::argon2id(password, &salt, costs)?;
    let plain = secretstream_open(&key, header, &sealed).ok_or(Error::WrongPassword)?;
    let text = std::str::from_utf8(&plain)
        .map_err(|e| malformed(format!("the decrypted data is not UTF-8 text at byte {}", e.valid_up_to())))?;
    Ok(read_list(text))
}

/// Text with one `otpauth://` (or `otpauth-migration://`) link per line; Ente's `codeDisplay` brings
/// pins, tags and notes, and a code in Ente's trash is not imported.
pub(crate) fn read_list(text: &str) -> Report {
    let mut report = Report::default();
    for (number, line) in text.lines().enumerate() {
        let label = Entry::line(number + 1);
        let display = display(line);
        if display.as_ref().is_some_and(|d| d.trashed) {
            report.problems.push(ImportProblem { entry: Some(label), reason: Reason::Trashed });
            continue;
        }
        let found = payload::read([line]);
        report.problems.extend(found.problems.into_iter().map(|p| p.within(label.clone())));
        let carried = display
            .map(|d| Carried { groups: d.tags, favourite: d.pinned, note: d.note, ..Carried::default() })
            .unwrap_or_default();
        for account in found.accounts {
            let note = carried.note.as_deref();
            let (extras, left_out) = Extras::salvage(&carried.groups, carried.favourite, note);
            report.left_out.extend(left_out.into_iter().map(|l| Omission { entry: label.clone(), part: l.into() }));
            report.accounts.push(Portable { account, extras });
        }
    }
    report
}

/// The `codeDisplay` of an `otpauth://` link, if it has one that reads.
fn display(line: &str) -> Option<Display> {
    let query = line.trim().split_once('?')?.1;
    let value = query.split('&').find_map(|pair| pair.strip_prefix("codeDisplay="))?;
    let json = percent_encoding::percent_decode_str(value).decode_utf8().ok()?;
    serde_json::from_str(&json).ok()
}

#[cfg(test)]
mod tests;
