//! Random tokens, what is stored of them (SHA-256, never the token), passwords (argon2id), recovery
//! codes, and the server's signing key.

use argon2::password_hash::{Output, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
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

/// The working memory of one argon2id computation at the service's cost (the crate's default: 19 MiB, 2
/// passes, 1 lane), kept and reused (see [`crate::work`]): allocated afresh for every check, freed copies
/// stayed in the allocator's per-thread arenas, and a burst of 200 logins peaked at 677 MiB although only
/// 4 checks ran at once.
pub(crate) struct Memory(Vec<Block>);

impl Memory {
    /// Memory for one computation at the service's cost.
    pub(crate) fn new() -> Self {
        Self(vec![Block::new(); Params::DEFAULT.block_count()])
    }
}

/// An argon2id PHC string for a password, computed in `memory`.
pub(crate) fn hash_password(password: &str, rng: &SystemRandom, memory: &mut Memory) -> Result<String, String> {
    let mut salt = [0u8; 16];
    rng.fill(&mut salt).map_err(|_| "random".to_owned())?;
    let mut out = Zeroizing::new([0u8; Params::DEFAULT_OUTPUT_LEN]);
    Argon2::default()
        .hash_password_into_with_memory(password.as_bytes(), &salt, out.as_mut(), &mut memory.0[..])
        .map_err(|e| e.to_string())?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| e.to_string())?;
    let phc = PasswordHash {
        algorithm: argon2::ARGON2ID_IDENT,
        version: Some(Version::V0x13.into()),
        params: (&Params::DEFAULT).try_into().map_err(|e: argon2::password_hash::Error| e.to_string())?,
        salt: Some(salt.as_salt()),
        hash: Some(Output::new(out.as_ref()).map_err(|e| e.to_string())?),
    };
    Ok(phc.to_string())
}

/// Whether `password` matches the argon2id PHC string, computed in `memory`. A string asking for more
/// memory than `memory` holds never matches (the service makes none; one put in the database would).
pub(crate) fn password_matches(password: &str, phc: &str, memory: &mut Memory) -> bool {
    let Ok(hash) = PasswordHash::new(phc) else { return false };
    let (Some(salt), Some(expected)) = (hash.salt, hash.hash) else { return false };
    let version = hash.version.map_or(Ok(Version::V0x13), Version::try_from);
    let (Ok(params), Ok(version)) = (Params::try_from(&hash), version) else { return false };
    if hash.algorithm != argon2::ARGON2ID_IDENT {
        return false;
    }
    let mut salt_bytes = [0u8; 64];
    let Ok(salt) = salt.decode_b64(&mut salt_bytes) else { return false };
    let mut out = Zeroizing::new(vec![0u8; expected.len()]);
    let argon2 = Argon2::new(Algorithm::Argon2id, version, params);
    if argon2.hash_password_into_with_memory(password.as_bytes(), salt, &mut out[..], &mut memory.0[..]).is_err() {
        return false;
    }
    // `Output`'s equality is constant-time.
    Output::new(&out).is_ok_and(|computed| computed == expected)
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

/// A backup code support gives a user whose second factors it removed (`admin reset-2fa`): like a
/// recovery code, `xxxxx-xxxxx` (50 bits), stored keyed-hashed and working once.
pub(crate) fn backup_code(rng: &SystemRandom) -> Zeroizing<String> {
    let mut codes = recovery_codes(rng);
    codes.pop().unwrap_or_default()
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
    fn passwords_hash_and_verify_in_kept_memory_as_the_argon2_crate_does() {
        use argon2::password_hash::{PasswordHasher, PasswordVerifier};
        let mut memory = Memory::new();
        let phc = hash_password("correct horse", &SystemRandom::new(), &mut memory).unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
        assert!(password_matches("correct horse", &phc, &mut memory));
        assert!(!password_matches("wrong horse", &phc, &mut memory));
        // Hashes stored by the crate's own hasher (as the service made them before) still match, and the
        // crate verifies ours.
        let stored = Argon2::default()
            .hash_password(b"correct horse", &SaltString::encode_b64(&[3; 16]).unwrap())
            .unwrap()
            .to_string();
        assert!(password_matches("correct horse", &stored, &mut memory));
        assert!(!password_matches("wrong horse", &stored, &mut memory));
        assert!(Argon2::default().verify_password(b"correct horse", &PasswordHash::new(&phc).unwrap()).is_ok());
        // More memory than is kept, another algorithm, or no PHC string at all: no match.
        let greedy = phc.replace("m=19456", "m=1000000");
        assert!(!password_matches("correct horse", &greedy, &mut memory));
        assert!(!password_matches("correct horse", &phc.replace("$argon2id$", "$argon2i$"), &mut memory));
        assert!(!password_matches("correct horse", "not a hash", &mut memory));
    }
}
