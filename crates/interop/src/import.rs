//! Reading accounts from other authenticators' files. Each importer returns a [`Report`]: every usable
//! account, and one line per entry it could not use; one bad entry never loses the others. A file that
//! cannot be read at all (malformed, wrong password, truncated) is an [`Error`] and changes nothing.

pub use crate::report::{Entry, Error, Format, ImportProblem, MAX_FILE_BYTES, Noun, Omission, Omitted, Reason, Report};
pub use crate::unlock::MAX_PBKDF2_ROUNDS;

use crate::{aegis, andotp, authpro, bitwarden, ente, freeotp, keepassxc, lastpass, payload, proton, twofas};

/// Guesses the format from the content.
pub fn detect(bytes: &[u8]) -> Option<Format> {
    if keyfob_vault::backup::looks_like(bytes) {
        return Some(Format::Keyfob);
    }
    if authpro::is_encrypted(bytes) {
        return Some(Format::AuthenticatorPro);
    }
    let text = std::str::from_utf8(bytes).ok()?.trim_start();
    let has = |key: &str| text.contains(&format!("\"{key}\""));
    if text.starts_with('{') {
        let found = [
            (has("header") && has("db"), Format::Aegis),
            (has("servicesEncrypted") || has("services"), Format::TwoFas),
            (has("encrypted") && (has("items") || has("passwordProtected")), Format::Bitwarden),
            (has("kdfParams") && has("encryptedData"), Format::Ente),
            (has("entry_type") || (has("salt") && has("content") && has("version")), Format::Proton),
            (has("tokens") && (has("tokenOrder") || has("issuerExt")), Format::FreeOtp),
            (has("Authenticators"), Format::AuthenticatorPro),
            (has("accounts") && has("issuerName"), Format::LastPass),
        ];
        if let Some((_, format)) = found.into_iter().find(|(matched, _)| *matched) {
            return Some(format);
        }
    }
    if text.starts_with('[') && has("secret") {
        return Some(Format::AndOtp);
    }
    if keepassxc::looks_like(text) {
        return Some(Format::KeePassXc);
    }
    text.lines().any(|l| l.trim_start().to_ascii_lowercase().starts_with("otpauth")).then_some(Format::OtpauthList)
}

/// Guesses the format from the content, then from the file's name where the content cannot tell (an
/// encrypted andOTP backup is random bytes, named `….json.aes`).
pub fn detect_named(name: &str, bytes: &[u8]) -> Option<Format> {
    detect(bytes).or_else(|| name.to_ascii_lowercase().ends_with(".json.aes").then_some(Format::AndOtp))
}

pub use keyfob_crypto::Password;

/// Whether `bytes` are an image (a QR code to scan) rather than an export file.
pub fn is_image(bytes: &[u8]) -> bool {
    image::guess_format(bytes).is_ok()
}

/// Reads a file in `format` (detected from the content when `None`).
///
/// # Errors
/// An [`Error`] when the file as a whole cannot be read; nothing was imported then.
pub fn read(bytes: &[u8], format: Option<Format>, password: Option<&Password>) -> Result<Report, Error> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(Error::TooLarge);
    }
    match format.or_else(|| detect(bytes)).ok_or(Error::UnknownFormat)? {
        Format::Aegis => aegis::read(bytes, password),
        Format::TwoFas => twofas::read(bytes, password),
        Format::Bitwarden => bitwarden::read(bytes, password),
        Format::AndOtp => andotp::read(bytes, password),
        Format::Ente => ente::read(bytes, password),
        Format::Proton => proton::read(bytes, password),
        Format::FreeOtp => freeotp::read(bytes),
        Format::AuthenticatorPro => authpro::read(bytes, password),
        Format::LastPass => lastpass::read(bytes),
        Format::KeePassXc => keepassxc::read(bytes),
        Format::Keyfob => {
            let password = password.ok_or(Error::PasswordNeeded)?;
            match keyfob_vault::backup::open(bytes, password) {
                Ok((accounts, _created)) => Ok(Report { accounts, ..Report::default() }),
                Err(keyfob_vault::backup::Error::WrongPassword) => Err(Error::WrongPassword),
                Err(keyfob_vault::backup::Error::UnsupportedVersion(v)) => {
                    Err(Error::Unsupported(format!("a backup from a newer Keyfob (version {v})")))
                }
                Err(keyfob_vault::backup::Error::ExcessiveWork { required, limit }) => {
                    Err(Error::ExcessiveWork { required, limit })
                }
                Err(e) => Err(Error::Malformed { format: "a Keyfob backup", reason: e.to_string() }),
            }
        }
        Format::OtpauthList => {
            let text = std::str::from_utf8(bytes)
                .map_err(|e| Error::Malformed { format: "an otpauth list", reason: e.to_string() })?;
            Ok(ente::read_list(text))
        }
    }
}

/// Reads what a user picked to import: one export file, or every image of a Google Authenticator export
/// (`files` as name and bytes).
///
/// # Errors
/// [`Error::SeveralFiles`] for several files that are not all images, or [`read`]'s errors.
pub fn read_files(
    files: &[(&str, &[u8])],
    format: Option<Format>,
    password: Option<&Password>,
) -> Result<Report, Error> {
    match files {
        _ if !files.is_empty() && files.iter().all(|(_, bytes)| is_image(bytes)) => payload::read_images(files),
        [(name, bytes)] => read(bytes, format.or_else(|| detect_named(name, bytes)), password),
        _ => Err(Error::SeveralFiles),
    }
}
