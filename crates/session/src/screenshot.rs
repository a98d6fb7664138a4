//! The screen through the desktop portal (`org.freedesktop.portal.Screenshot`, with `ashpd`): how
//! "scan the screen" sees a Wayland desktop, where no client may read another's pixels.
//!
//! The portal answers with a file's URI. Whoever owns the portal's name on the session bus gives that
//! answer, so it is taken as hostile: only a regular file (no link) of at most [`MAX_SCREENSHOT_BYTES`]
//! that starts like a PNG or JPEG image is read, and only such a file is deleted afterwards (a
//! screenshot left in the Pictures folder would hold the setup QR code, its secret included). A portal
//! naming `~/.ssh/id_ed25519` gets it neither read into the scan nor deleted.

use std::path::Path;
use std::time::Duration;

/// The largest screenshot file read: a 8K screen as uncompressed-ish PNG fits with room to spare.
pub const MAX_SCREENSHOT_BYTES: u64 = 64 << 20;
const _: () = assert!(MAX_SCREENSHOT_BYTES <= usize::MAX as u64, "fits in memory sizes");

/// How long the portal may take: it may ask the user first (a permission dialog), but a portal that
/// never answers must not hold the scan forever.
pub const PORTAL_TIMEOUT: Duration = Duration::from_secs(60);

/// Why the portal gave no screenshot.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ScreenshotError {
    /// No portal answered (no `xdg-desktop-portal`, or none with a Screenshot backend for this desktop).
    #[error("no screenshot portal answered ({0})")]
    NoPortal(String),
    /// The user (or the desktop's permission settings) declined.
    #[error("the desktop declined to share the screen")]
    Declined,
    /// The portal took longer than [`PORTAL_TIMEOUT`].
    #[error("the screenshot portal did not answer within {} s", PORTAL_TIMEOUT.as_secs())]
    TimedOut,
    /// The portal named something that is not a screenshot this may read.
    #[error("the portal's screenshot cannot be used: {0}")]
    Unusable(String),
}

/// Asks the portal for a screenshot of the whole screen without a dialog where the desktop allows it,
/// returns the image's bytes and deletes the portal's file.
///
/// # Errors
/// A [`ScreenshotError`].
pub fn take() -> Result<Vec<u8>, ScreenshotError> {
    let request = async {
        use ashpd::desktop::screenshot::Screenshot;
        let sent = Screenshot::request().interactive(false).modal(false).send().await;
        let response = sent.map_err(|e| ScreenshotError::NoPortal(e.to_string()))?.response();
        match response {
            Ok(screenshot) => Ok(screenshot.uri().as_str().to_owned()),
            Err(ashpd::Error::Response(_)) => Err(ScreenshotError::Declined),
            Err(e) => Err(ScreenshotError::NoPortal(e.to_string())),
        }
    };
    let timeout = async {
        async_io::Timer::after(PORTAL_TIMEOUT).await;
        Err(ScreenshotError::TimedOut)
    };
    let uri = async_io::block_on(futures_lite::future::or(request, timeout))?;
    let not_local = || ScreenshotError::Unusable(format!("not a local file: {uri}"));
    let path = url::Url::parse(&uri).map_err(|_| not_local())?.to_file_path().map_err(|()| not_local())?;
    collect(&path)
}

/// Reads the screenshot at `path` and deletes it, if it is one (see the module's documentation).
fn collect(path: &Path) -> Result<Vec<u8>, ScreenshotError> {
    let unusable = |why: &str| ScreenshotError::Unusable(format!("{}: {why}", path.display()));
    let metadata = std::fs::symlink_metadata(path).map_err(|e| unusable(&e.to_string()))?;
    if !metadata.is_file() {
        return Err(unusable("not a regular file"));
    }
    if metadata.len() > MAX_SCREENSHOT_BYTES {
        return Err(unusable("larger than any screenshot"));
    }
    let mut bytes =
        crate::import_files::read_file(path, MAX_SCREENSHOT_BYTES as usize).map_err(|e| unusable(&e.to_string()))?;
    if !(bytes.starts_with(b"\x89PNG\r\n\x1a\n") || bytes.starts_with(b"\xff\xd8\xff")) {
        return Err(unusable("not a PNG or JPEG image"));
    }
    std::fs::remove_file(path).map_err(|e| unusable(&format!("cannot be deleted: {e}")))?;
    Ok(std::mem::take(&mut *bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_screenshot_is_read_and_deleted() {
        let dir = tempfile::tempdir().unwrap();
        let shot = dir.path().join("Screenshot.png");
        let png = b"\x89PNG\r\n\x1a\nrest of the image".to_vec();
        std::fs::write(&shot, &png).unwrap();
        assert_eq!(collect(&shot).unwrap(), png);
        assert!(!shot.exists(), "deleted once read: it shows the setup QR code");
    }

    #[test]
    fn what_is_not_a_screenshot_is_neither_read_nor_deleted() {
        let dir = tempfile::tempdir().unwrap();
        let key = dir.path().join("id_ed25519");
        std::fs::write(&key, "-----BEGIN OPENSSH PRIVATE KEY-----\n").unwrap();
        assert!(matches!(collect(&key), Err(ScreenshotError::Unusable(_))));
        assert!(key.exists(), "a file that is not an image is left alone");

        let link = dir.path().join("out.png");
        std::os::unix::fs::symlink(&key, &link).unwrap();
        assert!(matches!(collect(&link), Err(ScreenshotError::Unusable(_))));
        assert!(link.exists() && key.exists(), "a link is not followed, not deleted");

        assert!(matches!(collect(dir.path()), Err(ScreenshotError::Unusable(_))), "a folder");
        assert!(matches!(collect(&dir.path().join("missing.png")), Err(ScreenshotError::Unusable(_))));

        // A file claiming to be a huge image: refused from its size, before reading.
        let huge = dir.path().join("huge.png");
        let file = std::fs::File::create(&huge).unwrap();
        file.set_len(MAX_SCREENSHOT_BYTES + 1).unwrap();
        assert!(matches!(collect(&huge), Err(ScreenshotError::Unusable(_))));
        assert!(huge.exists());
    }
}
