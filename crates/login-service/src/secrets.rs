//! Random tokens, what is stored of them (SHA-256, never the token), passwords (argon2id), recovery
//! codes, and the server's signing key.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use ring::rand::{SecureRandom, SystemRandom};
use ring::{digest, hmac};
use rsa::pkcs8::EncodePrivateKey;
use zeroize::Zeroizing;

/// A random token of `bytes` bytes, as lowercase hex (session cookies, login ids, nonces, credentials).
pub(crate) fn token(rng: &SystemRandom, bytes: usize) -> String {
    let mut raw = vec![0u8; bytes];
    // ring's SystemRandom fails only where the OS has no random source; no token may be made without
    // one, and there is nothing to fall back to, so the service stops.
    if rng.fill(&mut raw).is_err() {
        std::process::abort();
    }
    data_encoding::HEXLOWER.encode(&raw)
}

/// What is stored of a bearer token: its SHA-256, so a copy of the database opens no session.
pub(crate) fn hash(token: &str) -> String {
    data_encoding::HEXLOWER.encode(digest::digest(&digest::SHA256, token.as_bytes()).as_ref())
}

/// An argon2id PHC string for a password.
pub(crate) fn hash_password(password: &str, rng: &SystemRandom) -> Result<String, String> {
    let mut salt = [0u8; 16];
    rng.fill(&mut salt).map_err(|_| "random".to_owned())?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| e.to_string())?;
    argon2::Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

/// Whether `password` matches the PHC string.
pub(crate) fn password_matches(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc)
        .is_ok_and(|hash| argon2::Argon2::default().verify_password(password.as_bytes(), &hash).is_ok())
}

/// Eight recovery codes, `xxxxx-xxxxx` in lowercase base32 (50 bits each): shown once, stored hashed.
pub(crate) fn recovery_codes(rng: &SystemRandom) -> Vec<Zeroizing<String>> {
    (0..8)
        .map(|_| {
            let mut raw = [0u8; 7];
            if rng.fill(&mut raw).is_err() {
                std::process::abort();
            }
            let text = data_encoding::BASE32_NOPAD.encode(&raw).to_ascii_lowercase();
            Zeroizing::new(format!("{}-{}", &text[..5], &text[5..10]))
        })
        .collect()
}

/// The service's own secret key, kept in a file beside the database (mode 0600) and never in it: recovery
/// codes are stored as HMACs under it, so a copy of the database alone cannot be searched for them
/// (50 bits each would fall to an offline search of plain hashes), and CSRF tokens are derived from it.
pub(crate) struct Pepper(hmac::Key);

impl Pepper {
    /// Reads the key at `path`, making it (32 random bytes, owner-only) when missing.
    pub(crate) fn load_or_create(path: &std::path::Path, rng: &SystemRandom) -> Result<Self, String> {
        let shown = path.display();
        let bytes = match std::fs::read(path) {
            Ok(bytes) => Zeroizing::new(bytes),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let mut key = Zeroizing::new(vec![0u8; 32]);
                rng.fill(&mut key).map_err(|_| "no random source".to_owned())?;
                let mut options = std::fs::OpenOptions::new();
                options.write(true).create_new(true);
                #[cfg(unix)]
                std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
                let mut file = options.open(path).map_err(|e| format!("cannot create {shown}: {e}"))?;
                std::io::Write::write_all(&mut file, &key).map_err(|e| format!("cannot write {shown}: {e}"))?;
                file.sync_all().map_err(|e| format!("cannot write {shown}: {e}"))?;
                key
            }
            Err(e) => return Err(format!("cannot read {shown}: {e}")),
        };
        if bytes.len() != 32 {
            return Err(format!(
                "{shown} is damaged (it must hold 32 bytes); restore it, or recovery codes stop working"
            ));
        }
        Ok(Self(hmac::Key::new(hmac::HMAC_SHA256, &bytes)))
    }

    fn tag(&self, purpose: &str, text: &str) -> String {
        let mut context = hmac::Context::with_key(&self.0);
        context.update(purpose.as_bytes());
        context.update(&[0]);
        context.update(text.as_bytes());
        data_encoding::HEXLOWER.encode(context.sign().as_ref())
    }

    /// A recovery code as typed, normalised (case, spaces and dashes ignored), keyed-hashed.
    pub(crate) fn recovery_hash(&self, code: &str) -> String {
        let normal: String = code.chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_ascii_lowercase();
        let normal = format!("{}-{}", normal.get(..5).unwrap_or_default(), normal.get(5..).unwrap_or_default());
        self.tag("recovery", &normal)
    }

    /// The CSRF token of a session: forms that change something carry it, and a page of another site
    /// cannot know it.
    pub(crate) fn csrf(&self, session_token: &str) -> String {
        self.tag("csrf", session_token)
    }
}

/// A new 4096-bit RSA signing key for challenges, as PKCS#8.
pub(crate) fn new_server_key() -> Result<Zeroizing<Vec<u8>>, String> {
    let key = rsa::RsaPrivateKey::new(&mut rsa::rand_core::OsRng, 4096).map_err(|e| e.to_string())?;
    let der = key.to_pkcs8_der().map_err(|e| e.to_string())?;
    Ok(Zeroizing::new(der.as_bytes().to_vec()))
}

/// The public half of a PKCS#8 key, as base64 PKCS#1 `RSAPublicKey` (what privacyIDEA returns at
/// registration).
pub(crate) fn public_key_base64(pkcs8: &[u8]) -> Result<String, String> {
    use rsa::pkcs1::EncodeRsaPublicKey;
    use rsa::pkcs8::DecodePrivateKey;
    let key = rsa::RsaPrivateKey::from_pkcs8_der(pkcs8).map_err(|e| e.to_string())?;
    let der = key.to_public_key().to_pkcs1_der().map_err(|e| e.to_string())?;
    Ok(data_encoding::BASE64.encode(der.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovery_codes_match_however_they_are_typed_and_only_under_their_key() {
        let rng = SystemRandom::new();
        let dir = std::env::temp_dir().join(format!("keyfob-pepper-{}", token(&rng, 8)));
        std::fs::create_dir(&dir).unwrap();
        let pepper = Pepper::load_or_create(&dir.join("key"), &rng).unwrap();
        let again = Pepper::load_or_create(&dir.join("key"), &rng).unwrap();
        let other = Pepper::load_or_create(&dir.join("other"), &rng).unwrap();
        let codes = recovery_codes(&rng);
        assert_eq!(codes.len(), 8);
        let code = &codes[0];
        assert_eq!(code.len(), 11);
        assert_eq!(pepper.recovery_hash(code), pepper.recovery_hash(&code.to_uppercase().replace('-', " ")));
        assert_eq!(pepper.recovery_hash(code), again.recovery_hash(code), "the key is kept");
        assert_ne!(pepper.recovery_hash(code), pepper.recovery_hash(&codes[1]));
        assert_ne!(pepper.recovery_hash(code), other.recovery_hash(code));
        assert_ne!(pepper.recovery_hash(code), hash(code), "not a plain hash");
        std::fs::write(dir.join("short"), b"short").unwrap();
        assert!(Pepper::load_or_create(&dir.join("short"), &rng).err().is_some_and(|e| e.contains("damaged")));
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn passwords_hash_and_verify() {
        let phc = hash_password("correct horse", &SystemRandom::new()).unwrap();
        assert!(phc.starts_with("$argon2id$"));
        assert!(password_matches("correct horse", &phc));
        assert!(!password_matches("wrong horse", &phc));
    }
}
