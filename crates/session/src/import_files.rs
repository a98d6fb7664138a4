//! Reading files the user points at, bounded: other apps' exports (and Google Authenticator export
//! images) for `keyfob import` and the app's Import screen, and QR code images for `keyfob scan` and the
//! app's "Choose an image".

use std::io::Read;
use std::path::{Path, PathBuf};

use keyfob_interop::import::{self, Format, MAX_FILE_BYTES, Password, Report};
use zeroize::Zeroizing;

/// Why import files could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file could not be opened or read.
    #[error("cannot read {}: {source}", path.display())]
    Unreadable {
        /// The file.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// A file far larger than anything Keyfob reads: not read past the limit.
    #[error("{} is over {} MiB; it is not an export or an image Keyfob reads", path.display(), limit >> 20)]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// The most read, in bytes.
        limit: usize,
    },
    /// The files were read but their content could not be imported.
    #[error("{name}: {source}")]
    Content {
        /// The file's name, or "the files" for several.
        name: String,
        /// Why.
        #[source]
        source: import::Error,
    },
}

impl Error {
    /// The import's own reason, when the content was the problem (a wrong password, an unknown format).
    pub fn content(&self) -> Option<&import::Error> {
        match self {
            Self::Content { source, .. } => Some(source),
            Self::Unreadable { .. } | Self::TooLarge { .. } => None,
        }
    }

    /// What sort of failure this is, for the programs to word (see [`keyfob_core::Kind`]).
    pub fn kind(&self) -> keyfob_core::Kind {
        match self {
            Self::Unreadable { .. } => keyfob_core::Kind::Environment,
            Self::TooLarge { .. } => keyfob_core::Kind::Limit,
            Self::Content { source, .. } => source.kind(),
        }
    }
}

/// Reads `paths` (one export file, or every image of a Google Authenticator export) and returns what
/// they hold, per entry: accounts, and a line for each entry that could not be used. `format` overrides
/// detection; `password` opens an encrypted export. No file is read past [`MAX_FILE_BYTES`].
///
/// # Errors
/// An [`Error`]: a file that cannot be read or is too large, or content that cannot be imported
/// (including a missing or wrong password, which [`Error::content`] tells).
pub fn read(paths: &[PathBuf], format: Option<Format>, password: Option<&Password>) -> Result<Report, Error> {
    let mut contents = Vec::with_capacity(paths.len());
    for path in paths {
        contents.push((path.display().to_string(), read_file(path, MAX_FILE_BYTES)?));
    }
    let named: Vec<(&str, &[u8])> = contents.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
    let name = match contents.as_slice() {
        [(name, _)] => name.clone(),
        _ => "the files".to_owned(),
    };
    import::read_files(&named, format, password).map_err(|source| Error::Content { name, source })
}

/// A file's bytes, in memory wiped on drop (exports and QR images hold secrets), read no further than
/// `limit` bytes: a file larger than that (or a device that never ends) is refused, not read whole.
///
/// # Errors
/// [`Error::Unreadable`] or [`Error::TooLarge`].
pub fn read_file(path: &Path, limit: usize) -> Result<Zeroizing<Vec<u8>>, Error> {
    let unreadable = |source| Error::Unreadable { path: path.to_owned(), source };
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let mut bytes = Zeroizing::new(Vec::new());
    file.take(u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() > limit {
        return Err(Error::TooLarge { path: path.to_owned(), limit });
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_read_within_bounds_and_their_problems_named() {
        let temp = tempfile::tempdir().unwrap();
        let links = temp.path().join("links.txt");
        std::fs::write(&links, "otpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP\nnot a link\n").unwrap();
        let report = read(std::slice::from_ref(&links), None, None).unwrap();
        assert_eq!(report.accounts.len(), 1);
        assert_eq!(report.problems.len(), 1, "{:?}", report.problems);

        let missing = temp.path().join("missing.json");
        assert!(matches!(read(&[missing], None, None), Err(Error::Unreadable { .. })));

        // A sparse file larger than any export: refused after reading the limit, not all of it.
        let huge = temp.path().join("huge.json");
        std::fs::File::create(&huge).unwrap().set_len(u64::try_from(MAX_FILE_BYTES).unwrap() * 4).unwrap();
        assert!(matches!(read(std::slice::from_ref(&huge), None, None), Err(Error::TooLarge { .. })));

        let garbage = temp.path().join("garbage.bin");
        std::fs::write(&garbage, [0xff, 0x00, 0x13, 0x37]).unwrap();
        let err = read(std::slice::from_ref(&garbage), None, None).unwrap_err();
        assert!(matches!(err.content(), Some(import::Error::UnknownFormat)), "{err}");
        assert!(err.to_string().starts_with(&garbage.display().to_string()), "{err}");
    }
}
