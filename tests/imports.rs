//! Other authenticators' exports, written by `tests/exports/write_exports.py` as each app describes its
//! format and sealed by implementations that share no code with Keyfob (libsodium through PyNaCl,
//! argon2-cffi, Python's `cryptography` and hashlib), imported by the real `keyfob`: every account, with
//! what organises it, and a wrong password named as such (exit 2).

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::util::run::keyfob;
use crate::util::session::Session;

const PASSWORD: &str = "correct horse battery";
/// The accounts every file holds, as Keyfob's canonical links.
const EXPECTED: [&str; 2] = [
    "otpauth://totp/GitHub:alice@example.com?secret=JBSWY3DPEHPK3PXP&issuer=GitHub&algorithm=SHA1&digits=6&period=30",
    "otpauth://totp/Payroll:bob?secret=GEZDGNBVGY3TQOJQ&issuer=Payroll&algorithm=SHA256&digits=8&period=60",
];

/// What GitHub's entry in a file carries: its groups, whether it is pinned, whether it has a note.
type Carries = (&'static [&'static str], bool, bool);

/// Each file, whether it is password-protected, and what GitHub's entry in it carries.
const FILES: [(&str, bool, Carries); 12] = [
    ("ente-auth-codes.txt", true, (&["Work"], true, true)),
    ("proton-authenticator.json", true, (&[], false, true)),
    ("proton-authenticator-plain.json", false, (&[], false, true)),
    ("bitwarden-pbkdf2.json", true, (&["Work"], true, true)),
    ("bitwarden-argon2.json", true, (&["Work"], true, true)),
    ("otp_accounts_2026-12-02.json.aes", true, (&["Work"], false, false)),
    ("backup.authpro", true, (&["Work"], false, false)),
    ("backup-legacy.authpro", true, (&["Work"], false, false)),
    ("authenticator-pro.json", false, (&["Work"], false, false)),
    ("freeotp-backup.json", false, (&[], false, false)),
    ("lastpass-authenticator.json", false, (&["Work"], true, false)),
    ("keepassxc.csv", false, (&["Work"], false, true)),
];

/// The exports, written into a fresh folder (kept while the test runs), and the password files.
fn exports() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/exports/write_exports.py");
    // Debian's interpreter, whose python3-nacl, python3-argon2 and python3-cryptography scripts/test installs.
    let status =
        std::process::Command::new("/usr/bin/python3").arg(&script).arg(dir.path()).arg(PASSWORD).status().unwrap();
    assert!(status.success(), "{} failed", script.display());
    let right = dir.path().join("password");
    std::fs::write(&right, PASSWORD).unwrap();
    let wrong = dir.path().join("wrong-password");
    std::fs::write(&wrong, "correct horse battery!").unwrap();
    (dir, right, wrong)
}

#[test]
fn every_apps_export_comes_in_whole_with_its_groups_pins_and_notes() {
    let (dir, password, _) = exports();
    for (name, protected, (groups, favourite, has_note)) in FILES {
        let file = dir.path().join(name);
        let session = Session::unlocked();
        let mut args = vec!["import", file.to_str().unwrap()];
        if protected {
            args.extend(["--password-file", password.to_str().unwrap()]);
        }
        let run = session.keyfob(&args);
        assert_eq!(run.status, Some(0), "{name}: {run:?}");
        assert!(run.stdout.ends_with("2 added, 0 already there, 0 not imported\n"), "{name}: {run:?}");
        let exported = session.keyfob(&["export", "--uris", "--i-understand-this-prints-secrets"]).stdout;
        assert_eq!(exported.lines().collect::<Vec<_>>(), EXPECTED, "{name}");
        let listed: Value = serde_json::from_str(&session.keyfob(&["list", "--json"]).stdout).unwrap();
        let github = &listed[0];
        let carried = (
            github.get("groups").cloned().unwrap_or(json!([])),
            github.get("favourite").cloned().unwrap_or(json!(false)),
            github.get("has_note").cloned().unwrap_or(json!(false)),
        );
        assert_eq!(carried, (json!(groups), json!(favourite), json!(has_note)), "{name}: {github}");
        assert_eq!(listed[1].get("groups"), None, "{name}: Payroll carries nothing");
    }
}

#[test]
fn a_wrong_or_missing_password_is_named_and_exits_2() {
    let (dir, _, wrong) = exports();
    for (name, protected, _) in FILES.into_iter().filter(|(_, protected, _)| *protected) {
        assert!(protected);
        let file = dir.path().join(name);
        let run = keyfob(&["import", file.to_str().unwrap(), "--password-file", wrong.to_str().unwrap()]);
        assert_eq!(run.status, Some(2), "{name}: {run:?}");
        let said = format!("keyfob: Wrong password: it does not open {name}. Check it and try again.\n");
        assert_eq!(run.stderr, said, "{name}");
        let run = keyfob(&["import", file.to_str().unwrap()]);
        assert_eq!(run.status, Some(2), "{name}: {run:?}");
        assert!(
            run.stderr.ends_with(&format!(
                "keyfob: {name} is protected by a password. Enter the password you chose when you exported it.\nkeyfob: give its password with --password-file FILE\n"
            )),
            "{name}: {run:?}"
        );
    }
}
