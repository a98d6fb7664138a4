//! Random tokens, what is stored of them (SHA-256, never the token), passwords (argon2id), recovery
//! codes, and the server's signing key.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use ring::digest;
use ring::rand::{SecureRandom, SystemRandom};
use rsa::pkcs8::EncodePrivateKey;
use zeroize::Zeroizing;

/// A random token of `bytes` bytes, as lowercase hex (session cookies, login ids, nonces, credentials).
pub fn token(rng: &SystemRandom, bytes: usize) -> String {
    let mut raw = vec![0u8; bytes];
    // ring's SystemRandom fails only where the OS has no random source; no token may be made without
    // one, and there is nothing to fall back to, so the service stops.
    if rng.fill(&mut raw).is_err() {
        std::process::abort();
    }
    data_encoding::HEXLOWER.encode(&raw)
}

/// What is stored of a bearer token: its SHA-256, so a copy of the database opens no session.
pub fn hash(token: &str) -> String {
    data_encoding::HEXLOWER.encode(digest::digest(&digest::SHA256, token.as_bytes()).as_ref())
}

/// An argon2id PHC string for a password.
pub fn hash_password(password: &str, rng: &SystemRandom) -> Result<String, String> {
    let mut salt = [0u8; 16];
    rng.fill(&mut salt).map_err(|_| "random".to_owned())?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| e.to_string())?;
    argon2::Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

/// Whether `password` matches the PHC string.
pub fn password_matches(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc)
        .is_ok_and(|hash| argon2::Argon2::default().verify_password(password.as_bytes(), &hash).is_ok())
}

/// Eight recovery codes, `xxxxx-xxxxx` in lowercase base32 (50 bits each): shown once, stored hashed.
pub fn recovery_codes(rng: &SystemRandom) -> Vec<Zeroizing<String>> {
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

/// A recovery code as typed, normalised (case, spaces and dashes ignored) and hashed.
pub fn recovery_hash(code: &str) -> String {
    let normal: String = code.chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_ascii_lowercase();
    hash(&format!("{}-{}", normal.get(..5).unwrap_or_default(), normal.get(5..).unwrap_or_default()))
}

/// A new 4096-bit RSA signing key for challenges, as PKCS#8.
pub fn new_server_key() -> Result<Zeroizing<Vec<u8>>, String> {
    let key = rsa::RsaPrivateKey::new(&mut rsa::rand_core::OsRng, 4096).map_err(|e| e.to_string())?;
    let der = key.to_pkcs8_der().map_err(|e| e.to_string())?;
    Ok(Zeroizing::new(der.as_bytes().to_vec()))
}

/// The public half of a PKCS#8 key, as base64 PKCS#1 `RSAPublicKey` (what privacyIDEA returns at
/// registration).
pub fn public_key_base64(pkcs8: &[u8]) -> Result<String, String> {
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
    fn recovery_codes_match_however_they_are_typed() {
        let codes = recovery_codes(&SystemRandom::new());
        assert_eq!(codes.len(), 8);
        let code = &codes[0];
        assert_eq!(code.len(), 11);
        assert_eq!(recovery_hash(code), recovery_hash(&code.to_uppercase().replace('-', " ")));
        assert_ne!(recovery_hash(code), recovery_hash(&codes[1]));
    }

    #[test]
    fn passwords_hash_and_verify() {
        let phc = hash_password("correct horse", &SystemRandom::new()).unwrap();
        assert!(phc.starts_with("$argon2id$"));
        assert!(password_matches("correct horse", &phc));
        assert!(!password_matches("wrong horse", &phc));
    }
}
