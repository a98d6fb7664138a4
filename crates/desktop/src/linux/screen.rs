//! The whole screen, for "scan the screen": the enrolment QR is usually on the same desktop. On X11 the
//! root window is read directly ([`x11`], on GDK's thread); on Wayland, where no client may read another's
//! pixels, or where that fails, the desktop portal is asked (`org.freedesktop.portal.Screenshot`, with
//! `ashpd`: [`portal`]).
//!
//! The portal answers with a file's URI. Whoever owns the portal's name on the session bus gives that
//! answer, so it is taken as hostile: only a regular file (no link) of at most [`MAX_SCREENSHOT_BYTES`]
//! that starts like a PNG or JPEG image is read. A portal naming `~/.ssh/id_ed25519` gets it neither
//! read into the scan nor deleted.
//!
//! The screenshot is deleted once read (it shows the setup QR code, its secret included), but only
//! where portals leave screenshots ([`PortalFolders`]): a portal naming `~/Pictures/wedding.jpg` gets
//! it read, as any image, and left where it is. The folders are resolved first, so a path through a
//! linked folder is judged by where it really leads; the file itself must not be a link.

use std::io::Read;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use zeroize::Zeroizing;

/// The largest screenshot file read: a 8K screen as uncompressed-ish PNG fits with room to spare.
pub const MAX_SCREENSHOT_BYTES: usize = 64 << 20;

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

/// The temporary folder's files that backends write screenshots to: xdg-desktop-portal-wlr runs `grim`
/// into `out.png`; other backends name theirs `Screenshot…` (matched without regard to case).
const TEMP_SCREENSHOT_NAMES: &[&str] = &["out.png"];
const TEMP_SCREENSHOT_PREFIX: &str = "screenshot";

/// The folders where desktop portals leave the screenshots they take, the only places Keyfob deletes a
/// screenshot from:
///
/// - the document portal's mount, `$XDG_RUNTIME_DIR/doc/`, anywhere under it (how portals hand files
///   over to sandboxed apps);
/// - the system's temporary folder, its direct children named `out.png` (xdg-desktop-portal-wlr) or
///   `Screenshot…`, nothing deeper and nothing else there;
/// - the user's cache folder (`$XDG_CACHE_HOME`, `~/.cache`), anywhere under it.
///
/// Not the Pictures folder, although GNOME's portal saves there: that is where the user's own photos
/// are, and a portal could name any of them. A screenshot there is read and left for the user.
#[derive(Debug, Clone)]
pub struct PortalFolders {
    document_portal: Option<PathBuf>,
    temp: Option<PathBuf>,
    cache: Option<PathBuf>,
}

impl PortalFolders {
    /// The folders as given, each resolved (links followed) when it exists; one that does not exist
    /// allows nothing.
    pub fn new(document_portal: Option<&Path>, temp: Option<&Path>, cache: Option<&Path>) -> Self {
        let resolved = |folder: Option<&Path>| folder.and_then(|f| std::fs::canonicalize(f).ok());
        Self { document_portal: resolved(document_portal), temp: resolved(temp), cache: resolved(cache) }
    }

    /// This user's folders: `$XDG_RUNTIME_DIR/doc`, the temporary folder and the cache folder.
    pub fn of_this_user() -> Self {
        let document_portal = dirs::runtime_dir().map(|d| d.join("doc"));
        Self::new(document_portal.as_deref(), Some(&std::env::temp_dir()), dirs::cache_dir().as_deref())
    }

    /// Whether `resolved` (a path whose folders are resolved, see [`resolve_folders`]) lies where
    /// portals leave screenshots. Pure: looks at the names only.
    pub fn hold(&self, resolved: &Path) -> bool {
        let under = |folder: &Option<PathBuf>| {
            folder.as_ref().is_some_and(|f| resolved.starts_with(f) && resolved != f.as_path())
        };
        let in_temp = self.temp.as_ref().is_some_and(|temp| {
            let name = resolved.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            resolved.parent() == Some(temp.as_path())
                && (TEMP_SCREENSHOT_NAMES.contains(&name)
                    || name
                        .get(..TEMP_SCREENSHOT_PREFIX.len())
                        .is_some_and(|p| p.eq_ignore_ascii_case(TEMP_SCREENSHOT_PREFIX)))
        });
        under(&self.document_portal) || under(&self.cache) || in_temp
    }
}

/// `path` with its folders resolved (links followed, `..` removed) and its last component as it is, so
/// a link is judged as the link it is; `None` when the folder does not exist or `path` names no file.
pub fn resolve_folders(path: &Path) -> Option<PathBuf> {
    let name = path.file_name()?;
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    Some(std::fs::canonicalize(folder).ok()?.join(name))
}

/// The X11 root window (the whole screen) as PNG bytes, wiped when dropped (it may show a setup QR code,
/// secret and all); `None` on another display (Wayland), or when it cannot be read.
///
/// # Panics
/// GDK may only be used on its main thread: call this there (the app runs it on its main thread).
pub fn x11() -> Option<Zeroizing<Vec<u8>>> {
    use gdk::prelude::{ObjectExt, WindowExtManual};
    let x11 = gdk::Display::default().is_some_and(|d| d.type_().name() == "GdkX11Display");
    x11.then(|| {
        let root = <gdk::Window as WindowExtManual>::default_root_window();
        root.pixbuf(0, 0, root.width(), root.height())
    })
    .flatten()
    .and_then(|pixbuf| pixbuf.save_to_bufferv("png", &[]).ok())
    .map(Zeroizing::new)
}

/// Asks the portal for a screenshot of the whole screen without a dialog where the desktop allows it,
/// returns the image's bytes and deletes the portal's file when it is where portals leave screenshots
/// ([`PortalFolders::of_this_user`]). Blocks until the portal answers (at most [`PORTAL_TIMEOUT`]). The
/// bytes are wiped when dropped, as [`x11`]'s are.
///
/// # Errors
/// A [`ScreenshotError`].
pub fn portal() -> Result<Zeroizing<Vec<u8>>, ScreenshotError> {
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
    collect(&path, &PortalFolders::of_this_user())
}

/// Reads the screenshot at `path`, if it is one, and deletes it when `folders` hold it (see the
/// module's documentation).
fn collect(path: &Path, folders: &PortalFolders) -> Result<Zeroizing<Vec<u8>>, ScreenshotError> {
    let unusable = |why: &str| ScreenshotError::Unusable(format!("{}: {why}", path.display()));
    let metadata = std::fs::symlink_metadata(path).map_err(|e| unusable(&e.to_string()))?;
    if !metadata.is_file() {
        return Err(unusable("not a regular file"));
    }
    if usize::try_from(metadata.len()).map_or(true, |len| len > MAX_SCREENSHOT_BYTES) {
        return Err(unusable("larger than any screenshot"));
    }
    let mut bytes = Zeroizing::new(Vec::new());
    let limit = u64::try_from(MAX_SCREENSHOT_BYTES).unwrap_or(u64::MAX).saturating_add(1);
    let file = std::fs::File::open(path).map_err(|e| unusable(&e.to_string()))?;
    // The file opened is the one looked at: a path swapped for a link (or another file) in between is
    // refused, not read.
    let opened = file.metadata().map_err(|e| unusable(&e.to_string()))?;
    if (opened.dev(), opened.ino()) != (metadata.dev(), metadata.ino()) {
        return Err(unusable("changed while it was read"));
    }
    file.take(limit).read_to_end(&mut bytes).map_err(|e| unusable(&e.to_string()))?;
    if bytes.len() > MAX_SCREENSHOT_BYTES {
        return Err(unusable("larger than any screenshot"));
    }
    if !(bytes.starts_with(b"\x89PNG\r\n\x1a\n") || bytes.starts_with(b"\xff\xd8\xff")) {
        return Err(unusable("not a PNG or JPEG image"));
    }
    // Judged after reading, by the path's folders as they are now, and the path judged is the one
    // deleted: a folder swapped for a link since the look above leads the deletion nowhere the rules did
    // not allow.
    if let Some(resolved) = resolve_folders(path).filter(|resolved| folders.hold(resolved)) {
        std::fs::remove_file(&resolved).map_err(|e| unusable(&format!("cannot be deleted: {e}")))?;
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\nrest of the image";

    /// A home with a document portal, a temporary folder, a cache and a Pictures folder, and the portal
    /// folders among them.
    struct Home {
        root: tempfile::TempDir,
        folders: PortalFolders,
    }

    impl Home {
        fn new() -> Self {
            let root = tempfile::tempdir().unwrap();
            for folder in ["run/doc/1a2b3c", "tmp", "cache/portal", "Pictures"] {
                std::fs::create_dir_all(root.path().join(folder)).unwrap();
            }
            let at = |f: &str| root.path().join(f);
            let folders = PortalFolders::new(Some(&at("run/doc")), Some(&at("tmp")), Some(&at("cache")));
            Self { root, folders }
        }

        fn file(&self, name: &str, bytes: &[u8]) -> PathBuf {
            let path = self.root.path().join(name);
            std::fs::write(&path, bytes).unwrap();
            path
        }
    }

    #[test]
    fn a_screenshot_where_portals_leave_them_is_read_and_deleted() {
        let home = Home::new();
        for name in ["tmp/out.png", "tmp/Screenshot_20261202.jpg", "run/doc/1a2b3c/screen.png", "cache/portal/s.png"] {
            let shot = home.file(name, PNG);
            assert_eq!(collect(&shot, &home.folders).unwrap().as_slice(), PNG, "{name}");
            assert!(!shot.exists(), "{name} is deleted once read: it shows the setup QR code");
        }
    }

    /// Regression: a portal naming any PNG or JPEG made Keyfob delete it.
    #[test]
    fn an_image_outside_the_portal_folders_is_read_but_not_deleted() {
        let home = Home::new();
        for name in ["Pictures/wedding.jpg", "tmp/holiday.png", "out.png"] {
            let photo = home.file(name, PNG);
            assert_eq!(collect(&photo, &home.folders).unwrap().as_slice(), PNG, "{name} is read, as any image");
            assert_eq!(std::fs::read(&photo).unwrap(), PNG, "{name} is left where it is");
        }
        std::fs::create_dir(home.root.path().join("tmp/deeper")).unwrap();
        let deeper = home.file("tmp/deeper/out.png", PNG);
        collect(&deeper, &home.folders).unwrap();
        assert!(deeper.exists(), "only the temporary folder's own children");
    }

    #[test]
    fn a_path_through_a_linked_folder_is_judged_by_where_it_leads() {
        let home = Home::new();
        let photo = home.file("Pictures/out.png", PNG);
        // cache/pictures -> Pictures: the path names a portal folder, the file is not in one.
        std::os::unix::fs::symlink(home.root.path().join("Pictures"), home.root.path().join("cache/pictures")).unwrap();
        let through = home.root.path().join("cache/pictures/out.png");
        assert_eq!(collect(&through, &home.folders).unwrap().as_slice(), PNG);
        assert!(photo.exists(), "a folder link out of the cache leads the deletion nowhere");
        let dotted = home.root.path().join("cache/../Pictures/out.png");
        collect(&dotted, &home.folders).unwrap();
        assert!(photo.exists(), "nor does `..`");
    }

    #[test]
    fn a_link_in_a_portal_folder_is_neither_followed_nor_deleted() {
        let home = Home::new();
        let photo = home.file("Pictures/wedding.png", PNG);
        let link = home.root.path().join("tmp/out.png");
        std::os::unix::fs::symlink(&photo, &link).unwrap();
        assert!(matches!(collect(&link, &home.folders), Err(ScreenshotError::Unusable(_))));
        assert!(std::fs::symlink_metadata(&link).is_ok() && photo.exists(), "the link and its target stay");
    }

    #[test]
    fn the_decision_looks_at_resolved_names_only() {
        let home = Home::new();
        let root = std::fs::canonicalize(home.root.path()).unwrap();
        let folders = &home.folders;
        assert!(folders.hold(&root.join("tmp/out.png")));
        assert!(folders.hold(&root.join("tmp/SCREENSHOT-1.png")));
        assert!(!folders.hold(&root.join("tmp/id_ed25519")));
        assert!(!folders.hold(&root.join("tmp")), "the folder itself");
        assert!(folders.hold(&root.join("run/doc/1a2b3c/any.jpg")));
        assert!(!folders.hold(&root.join("run/doc")));
        assert!(!folders.hold(&root.join("run/other.png")));
        assert!(folders.hold(&root.join("cache/a/b/c.png")));
        assert!(!folders.hold(&root.join("Pictures/out.png")));
        let none = PortalFolders::new(None, Some(&root.join("missing")), None);
        assert!(!none.hold(&root.join("missing/out.png")), "a folder that does not exist allows nothing");
    }

    #[test]
    fn what_is_not_a_screenshot_is_neither_read_nor_deleted() {
        let dir = tempfile::tempdir().unwrap();
        let key = dir.path().join("id_ed25519");
        std::fs::write(&key, "-----BEGIN OPENSSH PRIVATE KEY-----\n").unwrap();
        let folders = PortalFolders::new(None, Some(dir.path()), None);
        assert!(matches!(collect(&key, &folders), Err(ScreenshotError::Unusable(_))));
        assert!(key.exists(), "a file that is not an image is left alone");

        let link = dir.path().join("out.png");
        std::os::unix::fs::symlink(&key, &link).unwrap();
        assert!(matches!(collect(&link, &folders), Err(ScreenshotError::Unusable(_))));
        assert!(link.exists() && key.exists(), "a link is not followed, not deleted");

        assert!(matches!(collect(dir.path(), &folders), Err(ScreenshotError::Unusable(_))), "a folder");
        assert!(matches!(collect(&dir.path().join("missing.png"), &folders), Err(ScreenshotError::Unusable(_))));

        // A file claiming to be a huge image: refused from its size, before reading.
        let huge = dir.path().join("huge.png");
        let file = std::fs::File::create(&huge).unwrap();
        file.set_len(u64::try_from(MAX_SCREENSHOT_BYTES).unwrap() + 1).unwrap();
        assert!(matches!(collect(&huge, &folders), Err(ScreenshotError::Unusable(_))));
        assert!(huge.exists());
    }
}
