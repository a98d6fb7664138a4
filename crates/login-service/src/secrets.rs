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

/// The HMAC key of the key file beside the database (see [`crate::key`]): recovery codes are stored as
/// HMACs under it, so a copy of the database alone cannot be searched for them (50 bits each would fall
/// to an offline search of plain hashes), and CSRF tokens are derived from it.
pub(crate) struct Pepper(hmac::Key);

impl Pepper {
    /// The pepper of the key file's bytes.
    pub(crate) fn new(file_key: &[u8; crate::key::KEY_BYTES]) -> Self {
        Self(hmac::Key::new(hmac::HMAC_SHA256, file_key))
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

    /// The CSRF token of the forms shown before sign-in (log in, sign up), from the browser's form cookie
    /// (a purpose of its own, so it is never a session's token).
    pub(crate) fn form_csrf(&self, form_cookie: &str) -> String {
        self.tag("form-csrf", form_cookie)
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
        let pepper = Pepper::new(&[1; 32]);
        let again = Pepper::new(&[1; 32]);
        let other = Pepper::new(&[2; 32]);
        let codes = recovery_codes(&rng);
        assert_eq!(codes.len(), 8);
        let code = &codes[0];
        assert_eq!(code.len(), 11);
        assert_eq!(pepper.recovery_hash(code), pepper.recovery_hash(&code.to_uppercase().replace('-', " ")));
        assert_eq!(pepper.recovery_hash(code), again.recovery_hash(code), "the same key, the same hash");
        assert_ne!(pepper.recovery_hash(code), pepper.recovery_hash(&codes[1]));
        assert_ne!(pepper.recovery_hash(code), other.recovery_hash(code));
        assert_ne!(pepper.recovery_hash(code), hash(code), "not a plain hash");
        assert_ne!(pepper.csrf("x"), pepper.form_csrf("x"), "a session's token is never a form cookie's");
    }

    #[test]
    fn passwords_hash_and_verify() {
        let phc = hash_password("correct horse", &SystemRandom::new()).unwrap();
        assert!(phc.starts_with("$argon2id$"));
        assert!(password_matches("correct horse", &phc));
        assert!(!password_matches("wrong horse", &phc));
    }
}
