//! What a name in the sync folder is: the folder file, a device's file, a syncing tool's conflict copy
//! of one, something to ignore, or a name that tries to look like Keyfob's and is refused. Names come
//! from a folder anyone with write access shapes, so nothing in one can lead a reader elsewhere.

use crate::id::DeviceId;

/// The folder file's name.
pub const FOLDER_FILE: &str = "keyfob-sync.json";
/// Every device file's name starts with this.
pub const DEVICE_PREFIX: &str = "device-";
/// Every device file's name ends with this.
pub const DEVICE_SUFFIX: &str = ".kfsync";
/// The longest name read (most file systems' limit).
pub const MAX_NAME_BYTES: usize = 255;

/// Which tool left a conflict copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conflict {
    /// Syncthing: `NAME.sync-conflict-DATE-TIME-DEVICE.EXT`.
    Syncthing,
    /// Nextcloud (and Dropbox, ownCloud): `NAME (… conflicted copy …).EXT`.
    ConflictedCopy,
}

/// What a name is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Name {
    /// `keyfob-sync.json`.
    Folder,
    /// A conflict copy of the folder file: two set-ups of one folder at once.
    FolderConflict(Conflict),
    /// A device's file, or (with a [`Conflict`]) a copy a syncing tool made of one.
    Device {
        /// Whose.
        device: DeviceId,
        /// `None` for the device's own file.
        conflict: Option<Conflict>,
    },
    /// Not Keyfob's (a tool's own files, temporary files, anything else): not read.
    Ignored,
    /// Dressed as Keyfob's but not one of its forms, or with a path trick: refused and reported.
    Refused(&'static str),
}

impl Name {
    /// The name of `device`'s file.
    pub fn device_file(device: DeviceId) -> String {
        format!("{DEVICE_PREFIX}{device}{DEVICE_SUFFIX}")
    }

    /// What `name` (one entry of the folder, as listed) is.
    pub fn classify(name: &str) -> Self {
        if name.len() > MAX_NAME_BYTES {
            return Self::Refused("a name over 255 bytes");
        }
        if name.contains(['/', '\\']) || matches!(name, "" | "." | "..") {
            return Self::Refused("a path, not a name");
        }
        if name.chars().any(char::is_control) {
            return Self::Refused("a control character");
        }
        if name.starts_with('.') || name.ends_with('~') || name.ends_with(".tmp") {
            return Self::Ignored;
        }
        if name == FOLDER_FILE {
            return Self::Folder;
        }
        if let Some(conflict) = conflict_of(name, "keyfob-sync", ".json") {
            return Self::FolderConflict(conflict);
        }
        let looks_ours = name.starts_with(DEVICE_PREFIX) || name.ends_with(DEVICE_SUFFIX);
        let Some(rest) = name.strip_prefix(DEVICE_PREFIX).filter(|_| name.ends_with(DEVICE_SUFFIX)) else {
            return if looks_ours { Self::Refused("not a device file's form") } else { Self::Ignored };
        };
        let (id, tail) = rest.split_at_checked(32).unwrap_or((rest, ""));
        let Some(device) = DeviceId::from_hex(id) else {
            return Self::Refused("not a device id");
        };
        if tail == DEVICE_SUFFIX {
            return Self::Device { device, conflict: None };
        }
        match conflict_of(name, &format!("{DEVICE_PREFIX}{device}"), DEVICE_SUFFIX) {
            Some(conflict) => Self::Device { device, conflict: Some(conflict) },
            None => Self::Refused("not a device file's form"),
        }
    }
}

/// Whether `name` is a conflict copy of `stem` + `ext`, and whose.
fn conflict_of(name: &str, stem: &str, ext: &str) -> Option<Conflict> {
    let middle = name.strip_prefix(stem)?.strip_suffix(ext)?;
    if let Some(mark) = middle.strip_prefix(".sync-conflict-") {
        // DATE-TIME-DEVICE: digits, digits, then Syncthing's short device id (letters and digits).
        let mut parts = mark.splitn(3, '-');
        let digits = |p: Option<&str>| p.is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
        let (date, time, who) = (parts.next(), parts.next(), parts.next());
        let who_ok = who.is_some_and(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_alphanumeric()));
        return (digits(date) && digits(time) && who_ok).then_some(Conflict::Syncthing);
    }
    let inner = middle.strip_prefix(" (")?.strip_suffix(')')?;
    (inner.contains("conflicted copy") && !inner.contains(['(', ')'])).then_some(Conflict::ConflictedCopy)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::id::ID_LEN;

    #[test]
    fn names_say_whose_file_and_whether_a_tool_copied_it() {
        let id = DeviceId::from_bytes([0x5a; ID_LEN]);
        let hex = id.to_string();
        let device = |conflict| Name::Device { device: id, conflict };
        assert_eq!(Name::classify(&Name::device_file(id)), device(None));
        assert_eq!(Name::classify(FOLDER_FILE), Name::Folder);
        for name in [
            format!("device-{hex}.sync-conflict-20270101-101010-ABCDEFG.kfsync"),
            format!("device-{hex}.sync-conflict-20270101-101010-7.kfsync"),
        ] {
            assert_eq!(Name::classify(&name), device(Some(Conflict::Syncthing)), "{name}");
        }
        for name in [
            format!("device-{hex} (conflicted copy 2027-01-01 101010).kfsync"),
            format!("device-{hex} (Alice's conflicted copy 2027-01-01).kfsync"),
        ] {
            assert_eq!(Name::classify(&name), device(Some(Conflict::ConflictedCopy)), "{name}");
        }
        assert_eq!(
            Name::classify("keyfob-sync.sync-conflict-20270101-101010-ABCDEFG.json"),
            Name::FolderConflict(Conflict::Syncthing)
        );
    }

    #[test]
    fn other_names_are_ignored_and_look_alikes_and_path_tricks_refused() {
        let hex = DeviceId::from_bytes([0x5a; ID_LEN]).to_string();
        for name in [".stfolder", ".stversions", "desktop.ini", ".DS_Store", "notes.txt", "keyfob-sync.json~"] {
            assert_eq!(Name::classify(name), Name::Ignored, "{name}");
        }
        for name in [format!(".device-{hex}.kfsync.1234.tmp"), format!("device-{hex}.kfsync.tmp")] {
            assert_eq!(Name::classify(&name), Name::Ignored, "{name}");
        }
        for name in [
            format!("device-{}.kfsync", hex.to_uppercase()),
            format!("device-{}.kfsync", &hex[..30]),
            format!("device-{hex}x.kfsync"),
            format!("device-{hex}.kfsync.json"),
            format!("device-{hex} (conflicted copy (2)).kfsync"),
            format!("device-{hex}.sync-conflict-2027-x-ABC.kfsync"),
            "backup.kfsync".to_owned(),
            format!("../device-{hex}.kfsync"),
            format!("sub/device-{hex}.kfsync"),
            format!("sub\\device-{hex}.kfsync"),
            format!("device-{hex}\u{0}.kfsync"),
            format!("device-{hex}\n.kfsync"),
            "..".to_owned(),
            "x".repeat(256),
        ] {
            assert!(matches!(Name::classify(&name), Name::Refused(_)), "{name:?}");
        }
    }
}
