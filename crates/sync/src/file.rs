//! A device file: a clear 36-byte header (magic, device id, sequence, sealed length) and the sealed
//! content, whose associated data binds the folder id and the header. The header is read first, so a
//! rollback, a misnamed file or a file lying about its length is refused before any decryption, and
//! nothing is allocated from a size the file states before that size is checked against the bytes there.

use keyfob_crypto::{NONCE_LEN, SealedBox, TAG_LEN};
use ring::rand::SecureRandom;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::error::Error;
use crate::hlc::Hlc;
use crate::id::{DeviceId, FolderId, ID_LEN};
use crate::key::SyncKey;
use crate::limit;
use crate::state::State;

/// The first bytes of every device file.
pub const MAGIC: &[u8; 8] = b"KFSYNC1\n";
/// The clear header's length: magic, device id, sequence, sealed length.
pub const HEADER_LEN: usize = MAGIC.len() + ID_LEN + 8 + 4;
/// What the associated data starts with.
const AAD_LABEL: &[u8] = b"keyfob sync v1 device file";

/// A device file's clear header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    /// The writer.
    pub device: DeviceId,
    /// The writer's count of files: 1 for its first.
    pub sequence: u64,
}

/// What a device file holds, sealed: the writer's clock and its whole state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Content {
    /// The writer's clock when it wrote.
    pub clock: Hlc,
    /// Everything it knew.
    pub state: State,
}

impl Header {
    /// Reads the header of a device file, checking its stated length against the bytes there and the
    /// limit before anything else.
    ///
    /// # Errors
    /// [`Error::TooLarge`], [`Error::NotSync`], [`Error::Damaged`].
    pub fn read(bytes: &[u8]) -> Result<Self, Error> {
        if bytes.len() > limit::FILE_BYTES {
            return Err(Error::TooLarge { size: bytes.len() as u64, limit: limit::FILE_BYTES as u64 });
        }
        let (magic, rest) = bytes.split_at_checked(MAGIC.len()).ok_or(Error::NotSync)?;
        if magic != MAGIC {
            return Err(Error::NotSync);
        }
        let (device, rest) = rest.split_first_chunk::<ID_LEN>().ok_or(Error::Damaged("a truncated header"))?;
        let (sequence, rest) = rest.split_first_chunk::<8>().ok_or(Error::Damaged("a truncated header"))?;
        let (length, sealed) = rest.split_first_chunk::<4>().ok_or(Error::Damaged("a truncated header"))?;
        let length = u32::from_be_bytes(*length);
        if u64::from(length) != sealed.len() as u64 {
            return Err(Error::Damaged("the stated length is not the file's"));
        }
        if sealed.len() < NONCE_LEN + TAG_LEN {
            return Err(Error::Damaged("a truncated sealed box"));
        }
        let sequence = u64::from_be_bytes(*sequence);
        if sequence == 0 {
            return Err(Error::Damaged("sequence 0"));
        }
        Ok(Self { device: DeviceId::from_bytes(*device), sequence })
    }

    fn bytes(&self, sealed_len: u32) -> [u8; HEADER_LEN] {
        let mut header = [0u8; HEADER_LEN];
        let parts: [&[u8]; 4] =
            [MAGIC, self.device.as_bytes(), &self.sequence.to_be_bytes(), &sealed_len.to_be_bytes()];
        let mut at = 0;
        for part in parts {
            let end = at + part.len();
            if let Some(slot) = header.get_mut(at..end) {
                slot.copy_from_slice(part);
            }
            at = end;
        }
        header
    }

    /// The associated data: the label, the folder id and the header's first 32 bytes (the sealed
    /// length is checked against the bytes, not authenticated: the box's tag covers its own length).
    fn aad(&self, folder: FolderId) -> Vec<u8> {
        let header = self.bytes(0);
        let mut aad = Vec::with_capacity(AAD_LABEL.len() + ID_LEN + HEADER_LEN);
        aad.extend_from_slice(AAD_LABEL);
        aad.extend_from_slice(folder.as_bytes());
        aad.extend_from_slice(header.get(..HEADER_LEN - 4).unwrap_or(&header));
        aad
    }
}

/// Seals `content` as `header.device`'s file number `header.sequence` of `folder`.
///
/// # Errors
/// [`Error::TooLarge`] when the file would be over what readers accept; [`Error::Crypto`] when the
/// random source fails.
pub fn seal(
    key: &SyncKey,
    folder: FolderId,
    header: Header,
    content: &Content,
    rng: &dyn SecureRandom,
) -> Result<Vec<u8>, Error> {
    let plain =
        Zeroizing::new(serde_json::to_vec(content).map_err(|_| Error::Damaged("a state that does not serialise"))?);
    seal_plain(key, folder, header, &plain, rng)
}

/// Seals `plain` (the content's JSON) as `header.device`'s file number `header.sequence` of `folder`.
fn seal_plain(
    key: &SyncKey,
    folder: FolderId,
    header: Header,
    plain: &[u8],
    rng: &dyn SecureRandom,
) -> Result<Vec<u8>, Error> {
    let sealed = SealedBox::seal(key.seal(), plain, &header.aad(folder), rng)?;
    let size = HEADER_LEN + sealed.as_bytes().len();
    let length = u32::try_from(sealed.as_bytes().len()).ok().filter(|_| size <= limit::FILE_BYTES);
    let length = length.ok_or(Error::TooLarge { size: size as u64, limit: limit::FILE_BYTES as u64 })?;
    let mut bytes = Vec::with_capacity(size);
    bytes.extend_from_slice(&header.bytes(length));
    bytes.extend_from_slice(sealed.as_bytes());
    Ok(bytes)
}

/// Opens a device file of `folder`, checking its content's bounds.
///
/// # Errors
/// As [`Header::read`]; [`Error::Unauthentic`] when it does not open (changed, another folder's,
/// relabelled); [`Error::Damaged`] or a limit error for content that is not a state within bounds.
pub fn open(key: &SyncKey, folder: FolderId, bytes: &[u8]) -> Result<(Header, Content), Error> {
    let header = Header::read(bytes)?;
    let sealed = SealedBox::from_bytes(bytes.get(HEADER_LEN..).unwrap_or_default().to_vec());
    let plain = sealed.open(key.seal(), &header.aad(folder)).map_err(|_| Error::Unauthentic(header.device))?;
    let content: Content = serde_json::from_slice(&plain).map_err(|_| Error::Damaged("the content"))?;
    content.state.check()?;
    Ok((header, content))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "a failure is the test failing")]

    use keyfob_crypto::Key;
    use ring::rand::SystemRandom;

    use super::*;
    use crate::id::Uid;
    use crate::secret::{Algorithm, CodeType, Credential, SecretBytes};
    use crate::value::Fields;

    const NOW: u64 = 1_800_000_000_000;

    /// A file sealed with the folder's key whose one account lists `live` as its secrets.
    fn sealed_with_secrets(live: impl FnOnce(serde_json::Value) -> Vec<serde_json::Value>) -> Vec<u8> {
        let device = DeviceId::from_bytes([1; ID_LEN]);
        let at = Hlc::new(NOW, 0, device);
        let uid = Uid::from_bytes([9; ID_LEN]);
        let secret = SecretBytes::new(Zeroizing::new(vec![1; 20])).unwrap();
        let credential = Credential {
            secret,
            code_type: CodeType::Totp,
            algorithm: Algorithm::Sha1,
            digits: 6,
            period: 30,
            created: 1_800_000_000,
        };
        let mut state = State::default();
        state.add(uid, at, Fields { name: "a".into(), ..Fields::default() }, credential, 0).unwrap();
        let mut json = serde_json::to_value(Content { clock: at, state }).unwrap();
        let secrets = &mut json["state"]["records"][uid.to_string()]["secrets"];
        let one = secrets["live"][0].clone();
        secrets["live"] = live(one).into();
        let plain = serde_json::to_vec(&json).unwrap();
        let key = SyncKey::from_root(Key::from_bytes(&[42; 32]).unwrap());
        seal_plain(
            &key,
            FolderId::from_bytes([7; ID_LEN]),
            Header { device, sequence: 1 },
            &plain,
            &SystemRandom::new(),
        )
        .unwrap()
    }

    fn open_it(bytes: &[u8]) -> Result<(Header, Content), Error> {
        let key = SyncKey::from_root(Key::from_bytes(&[42; 32]).unwrap());
        open(&key, FolderId::from_bytes([7; ID_LEN]), bytes)
    }

    #[test]
    fn an_authentic_file_with_400k_secrets_in_one_account_is_refused_by_count_without_decoding_them() {
        // Eight entries decoded (the limit), then 400,000 that are not even secrets: they are counted,
        // never decoded or merged one by one, and the list is refused as over its limit.
        let bytes = sealed_with_secrets(|one| {
            let mut live = vec![one; limit::SECRETS];
            live.extend(std::iter::repeat_n(serde_json::Value::from(0), 400_000));
            live
        });
        let refused = open_it(&bytes).unwrap_err();
        assert_eq!(refused, Error::TooMany { what: "secrets", count: 400_008, limit: limit::SECRETS });
        assert_eq!(refused.kind(), keyfob_otp::Kind::Limit);
        // Nine real ones: the same refusal, by count.
        let bytes = sealed_with_secrets(|one| vec![one; limit::SECRETS + 1]);
        assert_eq!(
            open_it(&bytes).unwrap_err(),
            Error::TooMany { what: "secrets", count: limit::SECRETS + 1, limit: limit::SECRETS }
        );
    }

    #[test]
    fn secrets_listed_twice_under_one_stamp_are_joined_once_as_the_merge_joins_them() {
        let bytes = sealed_with_secrets(|one| {
            let mut higher = one.clone();
            higher["counter"] = 7.into();
            vec![one.clone(), higher, one]
        });
        let (_, content) = open_it(&bytes).unwrap();
        let (_, record) = content.state.accounts().next().unwrap();
        let counters: Vec<u64> = record.secrets().live().values().map(|k| k.counter).collect();
        assert_eq!(counters, [7]);
    }
}
