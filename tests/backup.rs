//! Automatic backups through `keyfob auto-backup`, with the real keychain: written after every change,
//! pruned to the number kept, restorable with the password alone, and a failure that warns without losing
//! the change.

use std::path::{Path, PathBuf};

use rand::SeedableRng;
use serde_json::Value;

use crate::util::run::temp_dir;
use crate::util::session::Session;
use crate::util::vault::{exported, link, ok};

fn backups(folder: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(folder).unwrap().map(|e| e.unwrap().path()).collect();
    found.sort();
    found
}

fn status(session: &Session) -> Value {
    serde_json::from_str(&ok(session.keyfob(&["auto-backup", "status", "--json"]))).unwrap()
}

#[test]
fn every_change_is_backed_up_the_oldest_pruned_and_the_newest_restores_everything() {
    let session = Session::unlocked();
    let mut rng = rand::rngs::StdRng::seed_from_u64(6);
    let links: Vec<String> = (0..6).map(|n| link(&mut rng, n)).collect();
    ok(session.keyfob(&["add", &links[0], &links[1]]));
    assert_eq!(status(&session)["enabled"], false);

    let dir = temp_dir();
    let password = dir.path().join("password");
    std::fs::write(&password, "auto backup password").unwrap();
    let folder = dir.path().join("drive/keyfob backups");
    let (folder_arg, password_arg) = (folder.to_str().unwrap(), password.to_str().unwrap());
    let short = dir.path().join("short");
    std::fs::write(&short, "short").unwrap();
    let refused = session.keyfob(&["auto-backup", "on", folder_arg, "--password-file", short.to_str().unwrap()]);
    assert_eq!(refused.status, Some(2));
    assert!(refused.stderr.contains("at least 8 characters"), "{}", refused.stderr);
    for keep in ["0", "1001"] {
        let refused =
            session.keyfob(&["auto-backup", "on", folder_arg, "--password-file", password_arg, "--keep", keep]);
        assert_eq!((refused.status, refused.stderr.as_str()), (Some(2), "keyfob: --keep must be 1 to 1000\n"));
    }
    assert!(!folder.exists(), "nothing was created for a refused request");
    // A terminal user's `..` is resolved (there is no confirmation to mislead), and the real path kept.
    let roundabout = dir.path().join("drive/elsewhere/../keyfob backups");
    let on = ok(session.keyfob(&["auto-backup", "on", roundabout.to_str().unwrap(), "--password-file", password_arg]));
    let real = std::fs::canonicalize(&folder).unwrap();
    assert!(on.contains(&format!("after every change to {}, keeping", real.display())), "{on}");
    for backup in backups(&folder) {
        std::fs::remove_file(backup).unwrap();
    }

    let on = ok(session.keyfob(&["auto-backup", "on", folder_arg, "--password-file", password_arg, "--keep", "3"]));
    assert!(on.starts_with("automatic backups on: after every change to "), "{on}");
    assert_eq!(backups(&folder).len(), 1, "the first backup is made at once");

    for link in &links[2..] {
        ok(session.keyfob(&["add", link]));
    }
    ok(session.keyfob(&["rename", "1", "--account", "renamed@example.com"]));
    let kept = backups(&folder);
    assert_eq!(kept.len(), 3, "only the newest 3 are kept: {kept:?}");
    for file in &kept {
        let name = file.file_name().unwrap().to_str().unwrap();
        assert!(name.starts_with("keyfob-backup-") && name.ends_with(".json"), "{name}");
        let text = std::fs::read_to_string(file).unwrap();
        assert!(!text.contains("Service1") && !text.contains("renamed"), "backups hide names and secrets");
    }
    let status = status(&session);
    assert_eq!(status["enabled"], true);
    assert_eq!(status["keep"], 3);
    assert_eq!(status["last_error"], Value::Null);
    assert_eq!(status["last_file"].as_str().unwrap(), kept[2].to_str().unwrap());
    assert!(status["last_success"].as_u64().unwrap() > 1_700_000_000);

    // The newest backup holds the latest state, rename included; it opens with the password alone.
    let fresh = Session::unlocked();
    let restored = ok(fresh.keyfob(&["import", kept[2].to_str().unwrap(), "--password-file", password_arg]));
    assert!(restored.ends_with("6 added, 0 already there, 0 not imported\n"), "{restored}");
    assert_eq!(exported(&fresh), exported(&session));
    assert!(exported(&fresh).iter().any(|l| l.contains("renamed")));
}

#[test]
fn a_missing_backup_folder_warns_keeps_the_change_and_recovers() {
    let session = Session::unlocked();
    let dir = temp_dir();
    let password = dir.path().join("password");
    std::fs::write(&password, "auto backup password").unwrap();
    let folder = dir.path().join("usb");
    ok(session.keyfob(&["auto-backup", "on", folder.to_str().unwrap(), "--password-file", password.to_str().unwrap()]));
    assert_eq!(backups(&folder).len(), 1, "a backup of the empty vault");

    // The drive is unplugged: the change is saved, the user is told, nothing is written elsewhere.
    let unplugged = dir.path().join("usb-unplugged");
    std::fs::rename(&folder, &unplugged).unwrap();
    let added = session.keyfob(&["add", "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub"]);
    assert_eq!(added.status, Some(0), "{added:?}");
    assert!(added.stderr.contains("automatic backup to"), "{}", added.stderr);
    assert!(added.stderr.contains("does not exist"), "{}", added.stderr);
    assert!(!folder.exists(), "a missing folder is not created");
    assert_eq!(exported(&session).len(), 1);
    let failed = status(&session);
    assert!(failed["last_error"].as_str().unwrap().contains("does not exist"), "{failed}");
    let now_refused = session.keyfob(&["auto-backup", "now"]);
    assert_eq!(now_refused.status, Some(1));

    std::fs::rename(&unplugged, &folder).unwrap();
    let now = ok(session.keyfob(&["auto-backup", "now"]));
    assert!(now.starts_with("backed up to "), "{now}");
    assert_eq!(status(&session)["last_error"], Value::Null);
    assert_eq!(backups(&folder).len(), 2);

    ok(session.keyfob(&["auto-backup", "off"]));
    ok(session.keyfob(&["add", "otpauth://totp/Bank:bob?secret=GEZDGNBVGY3TQOJQ"]));
    assert_eq!(backups(&folder).len(), 2, "off means off; old backups stay");
    assert_eq!(status(&session)["enabled"], false);
    let refused = session.keyfob(&["auto-backup", "now"]);
    assert!(refused.stderr.contains("Automatic backups are off. Turn them on first."), "{}", refused.stderr);
}
