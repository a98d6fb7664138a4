//! Push tokens in the vault: what the device needs to poll and answer (serial, address, the server's
//! pinned key) in the clear, and its private key sealed like an account's secret. They share the vault's
//! id space with accounts, so `keyfob remove ID` and the app's list work on both.

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::{Added, Error, MAX_ACCOUNTS, Vault, VaultId, normalize_names};
use keyfob_push_proto::{DeviceKey, Enrolment, PublicKey};

/// A push token's metadata: everything but the device's private key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushEntry {
    /// Stable id, from the same sequence as accounts'.
    pub id: u64,
    /// The service, when known.
    pub issuer: Option<String>,
    /// The account's name at the service.
    pub name: String,
    /// The token's serial at the server.
    pub serial: String,
    /// Where to poll and answer.
    pub url: String,
    /// Whether the server's TLS certificate is verified.
    pub sslverify: bool,
    /// The server's key, pinned at registration.
    pub server_key: PublicKey,
    /// When it was enrolled, Unix seconds.
    pub created: u64,
    sealed: Vec<u8>,
}

/// A push token as stored.
#[derive(Serialize, Deserialize)]
pub(super) struct Record {
    id: u64,
    issuer: Option<String>,
    account: String,
    serial: String,
    url: String,
    sslverify: bool,
    /// base64 of the server's PKCS#1 public key.
    server_key: String,
    created: u64,
    /// base64 of nonce ‖ sealed PKCS#8 device key ‖ tag.
    device_key: String,
}

fn aad(vault: &VaultId, id: u64) -> Vec<u8> {
    let mut aad = b"keyfob vault v1 push key ".to_vec();
    aad.extend_from_slice(vault.0.as_bytes());
    aad.extend_from_slice(&id.to_be_bytes());
    aad
}

impl From<&PushEntry> for Record {
    fn from(entry: &PushEntry) -> Self {
        Self {
            id: entry.id,
            issuer: entry.issuer.clone(),
            account: entry.name.clone(),
            serial: entry.serial.clone(),
            url: entry.url.clone(),
            sslverify: entry.sslverify,
            server_key: data_encoding::BASE64.encode(entry.server_key.to_der()),
            created: entry.created,
            device_key: data_encoding::BASE64.encode(&entry.sealed),
        }
    }
}

impl TryFrom<Record> for PushEntry {
    type Error = Error;

    fn try_from(record: Record) -> Result<Self, Error> {
        let id = record.id;
        let invalid = |reason: String| Error::InvalidRecord { id, reason };
        let server_key = PublicKey::from_base64(&record.server_key).map_err(|e| invalid(e.to_string()))?;
        let sealed = data_encoding::BASE64
            .decode(record.device_key.as_bytes())
            .map_err(|_| invalid("the device key is not base64".into()))?;
        let (issuer, name) = normalize_names(record.issuer.as_deref(), &record.account)?;
        Ok(Self {
            id,
            issuer,
            name,
            serial: record.serial,
            url: record.url,
            sslverify: record.sslverify,
            server_key,
            created: record.created,
            sealed,
        })
    }
}

impl PushEntry {
    /// Whether this token talks to its server over plain `http://` to another computer: enrolled before
    /// Keyfob refused that, its logins' challenges and answers cross the network unencrypted. Shown as a
    /// warning (re-enrol over https); the token keeps working.
    pub fn insecure(&self) -> bool {
        keyfob_push_proto::is_insecure_url(&self.url)
    }
}

impl Vault {
    /// Every push token's metadata, in enrolment order.
    pub fn push_tokens(&self) -> &[PushEntry] {
        &self.push
    }

    /// Stores a registered push token: the enrolment's names and address, the server key it returned,
    /// and the device key, sealed. A token already enrolled (same serial and server) is refused, never
    /// replaced: the server key pinned at the first enrolment stays, whatever a later reply says.
    ///
    /// # Errors
    /// [`Error::PushAlreadyEnrolled`], [`Error::Full`] or [`Error::Random`].
    pub fn add_push(
        &mut self,
        enrolment: &Enrolment,
        server_key: PublicKey,
        device: &DeviceKey,
        now: u64,
        rng: &dyn ring::rand::SecureRandom,
    ) -> Result<Added, Error> {
        if let Some(existing) = self.push_token(enrolment) {
            return Err(Error::PushAlreadyEnrolled { id: existing.id, serial: existing.serial.clone() });
        }
        if self.entries.len() + self.push.len() >= MAX_ACCOUNTS {
            return Err(Error::Full);
        }
        let id = self.next_id;
        let entry = PushEntry {
            id,
            issuer: enrolment.issuer.clone(),
            name: enrolment.name.clone(),
            serial: enrolment.serial.clone(),
            url: enrolment.url.clone(),
            sslverify: enrolment.sslverify,
            server_key,
            created: now,
            sealed: self.keys.seal(&aad(&self.id, id), device.expose_pkcs8(), rng)?,
        };
        self.push.push(entry);
        self.next_id += 1;
        Ok(Added::New(id))
    }

    /// The token an enrolment link is for, when it is already enrolled here (same serial and server).
    pub fn push_token(&self, enrolment: &Enrolment) -> Option<&PushEntry> {
        self.push.iter().find(|p| p.serial == enrolment.serial && p.url == enrolment.url)
    }

    /// A push token's device key, unsealed.
    ///
    /// # Errors
    /// [`Error::NoSuchAccount`], or [`Error::IntegrityFailure`] if it does not open.
    pub fn push_device_key(&self, id: u64) -> Result<DeviceKey, Error> {
        let entry = self.push.iter().find(|p| p.id == id).ok_or(Error::NoSuchAccount { id })?;
        let der = self.keys.open(&aad(&self.id, id), &entry.sealed)?;
        DeviceKey::from_pkcs8(Zeroizing::new(der.to_vec()))
            .map_err(|e| Error::InvalidRecord { id, reason: e.to_string() })
    }

    /// Removes a push token (the device stops answering for it; the server still lists it until an
    /// administrator removes it there).
    ///
    /// # Errors
    /// [`Error::NoSuchAccount`].
    pub fn remove_push(&mut self, id: u64) -> Result<PushEntry, Error> {
        let index = self.push.iter().position(|p| p.id == id).ok_or(Error::NoSuchAccount { id })?;
        Ok(self.push.remove(index))
    }
}
