//! `keyfob lock`: the vault key moved between the real OS keychain and a passphrase, both ways, with the
//! same codes throughout; wrong and missing passphrases refused with the vault and the keychain unchanged;
//! a switch killed at any point leaving a way in; the auto-lock settings.

use std::time::Duration;

use rand::{Rng, SeedableRng};
use serde_json::Value;

use crate::util::run::Run;
use crate::util::session::Session;
use crate::util::vault::ok;

const RFC: &str = "otpauth://totp/RFC:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&digits=8";

fn status(run: Run) -> Value {
    serde_json::from_str(&ok(run)).unwrap()
}

#[test]
fn the_key_moves_behind_a_passphrase_and_back_with_the_same_codes() {
    let session = Session::unlocked();
    let dir = crate::util::run::temp_dir();
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path.to_str().unwrap().to_owned()
    };
    let (pass, other, wrong, short) = (
        write("pass", "correct horse battery\n"),
        write("other", "another long passphrase"),
        write("wrong", "wrong horse battery"),
        write("short", "short"),
    );
    ok(session.keyfob(&["add", RFC]));
    let code = |extra: &[&str]| -> Run {
        let mut args = vec!["code", "rfc", "--at", "59"];
        args.extend_from_slice(extra);
        session.keyfob(&args)
    };
    assert_eq!(ok(code(&[])), "94287082\n");
    assert_eq!(
        status(session.keyfob(&["lock", "status", "--json"])),
        serde_json::json!({"mode": "keychain", "auto_lock_minutes": 5, "lock_on_screen_lock": true})
    );
    assert_eq!(session.keychain_entries(), 1);

    let refused = session.keyfob(&["lock", "set-passphrase", "--new-passphrase-file", &short]);
    assert_eq!(refused.status, Some(2), "{refused:?}");
    assert!(refused.stderr.contains("at least 8 characters"), "{}", refused.stderr);
    assert_eq!(session.keychain_entries(), 1, "nothing changed");

    let moved = ok(session.keyfob(&["lock", "set-passphrase", "--new-passphrase-file", &pass]));
    assert!(moved.contains("its entry in your computer's password store was deleted"), "{moved}");
    assert_eq!(session.keychain_entries(), 0, "secret-tool finds no entry");
    let locked = code(&[]);
    assert_eq!(locked.status, Some(2), "{locked:?}");
    assert!(locked.stderr.contains("--passphrase-file FILE or KEYFOB_PASSPHRASE_FILE"), "{}", locked.stderr);
    assert_eq!(ok(code(&["--passphrase-file", &pass])), "94287082\n");
    let shown = status(session.keyfob(&["lock", "status", "--json", "--passphrase-file", &pass]));
    assert_eq!(shown["mode"], "passphrase");

    // Wrong or missing passphrases: exit 2, the vault and the keychain unchanged byte for byte, nothing
    // written elsewhere either.
    let exported = dir.path().join("exported").to_str().unwrap().to_owned();
    let links = write("links.txt", "otpauth://totp/New:x?secret=JBSWY3DPEHPK3PXP\n");
    let vault = session.vault().join("vault.json");
    let before = std::fs::read(&vault).unwrap();
    for args in [
        vec!["lock", "set-passphrase", "--new-passphrase-file", &other, "--passphrase-file", &wrong],
        vec!["lock", "remove-passphrase", "--passphrase-file", &wrong],
        vec!["lock", "remove-passphrase"],
        vec!["lock", "auto", "--minutes", "1"],
        // Every other command that opens the vault says it the same way (the CLI's one exit-status table).
        vec!["code", "rfc", "--passphrase-file", &wrong],
        vec!["list"],
        vec!["list", "--json", "--passphrase-file", &wrong],
        vec!["add", "otpauth://totp/New:x?secret=JBSWY3DPEHPK3PXP"],
        vec!["rename", "1", "--account", "x", "--passphrase-file", &wrong],
        vec!["remove", "1", "--yes"],
        vec!["sites", "1", "example.com", "--passphrase-file", &wrong],
        vec!["export", "--uris", "--i-understand-this-prints-secrets"],
        vec!["push", "list", "--passphrase-file", &wrong],
        vec!["push", "approve", "some-id"],
        vec!["browser", "paired"],
        vec!["backup", &exported, "--password-file", &other],
        vec!["export", "--aegis", &exported, "--password-file", &other],
        vec!["export", "--google-qr", &exported, "--i-understand-this-prints-secrets", "--passphrase-file", &wrong],
        vec!["auto-backup", "on", &exported, "--password-file", &other],
        vec!["import", &links, "--passphrase-file", &wrong],
    ] {
        let run = session.keyfob(&args);
        assert_eq!(run.status, Some(2), "{args:?}: {run:?}");
        assert!(
            run.stderr.contains("Wrong passphrase") || run.stderr.contains("--passphrase-file FILE"),
            "{args:?}: {}",
            run.stderr
        );
        assert_eq!(std::fs::read(&vault).unwrap(), before, "{args:?}");
        assert!(!std::path::Path::new(&exported).exists(), "{args:?} wrote nothing");
        assert_eq!(session.keychain_entries(), 0, "{args:?}");
    }

    assert_eq!(
        ok(session.keyfob(&["lock", "set-passphrase", "--new-passphrase-file", &other, "--passphrase-file", &pass])),
        "passphrase changed\n"
    );
    assert_eq!(code(&["--passphrase-file", &pass]).status, Some(2), "the old passphrase no longer opens it");
    let back = ok(session.keyfob(&["lock", "remove-passphrase", "--passphrase-file", &other]));
    assert!(back.contains("back in your computer's password store"), "{back}");
    assert_eq!(session.keychain_entries(), 1, "secret-tool finds the entry again");
    assert_eq!(ok(code(&[])), "94287082\n", "the same key all along");

    let refused = session.keyfob(&["lock", "remove-passphrase"]);
    assert_eq!(refused.status, Some(2), "not behind a passphrase: {refused:?}");
}

#[test]
fn auto_lock_settings_are_kept_in_the_vault() {
    let session = Session::unlocked();
    ok(session.keyfob(&["add", RFC]));
    assert_eq!(
        ok(session.keyfob(&["lock", "auto", "--minutes", "1"])),
        "auto-lock: after 1 idle minute\nlock on screen lock: on\n"
    );
    ok(session.keyfob(&["lock", "auto", "--on-screen-lock", "off"]));
    assert_eq!(
        status(session.keyfob(&["lock", "status", "--json"])),
        serde_json::json!({"mode": "keychain", "auto_lock_minutes": 1, "lock_on_screen_lock": false})
    );
    for bad in
        [&["lock", "auto"][..], &["lock", "auto", "--minutes", "1441"], &["lock", "auto", "--on-screen-lock", "maybe"]]
    {
        assert_eq!(session.keyfob(bad).status, Some(2), "{bad:?}");
    }
}

/// A switch killed at any moment (SIGKILL: no cleanup) leaves a way in: the keychain or the passphrase.
#[test]
fn a_killed_switch_always_leaves_a_way_in() {
    let session = Session::unlocked();
    let dir = crate::util::run::temp_dir();
    let pass = dir.path().join("pass");
    std::fs::write(&pass, "correct horse battery").unwrap();
    let pass = pass.to_str().unwrap();
    ok(session.keyfob(&["add", RFC]));
    let mut rng = rand::rngs::StdRng::seed_from_u64(12);
    let mut interrupted = 0;
    for n in 0..40 {
        let opens_with_keychain = session.keyfob(&["code", "rfc", "--at", "59"]).status == Some(0);
        let args: Vec<&str> = if opens_with_keychain {
            vec!["lock", "set-passphrase", "--new-passphrase-file", pass]
        } else {
            vec!["lock", "remove-passphrase", "--passphrase-file", pass]
        };
        let mut child = session
            .command(&args)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_micros(rng.random_range(0..600_000)));
        let _ = child.kill();
        interrupted += usize::from(!child.wait().unwrap().success());
        let keychain = session.keyfob(&["code", "rfc", "--at", "59"]);
        let passphrase = session.keyfob(&["code", "rfc", "--at", "59", "--passphrase-file", pass]);
        assert!(
            keychain.stdout == "94287082\n" || passphrase.stdout == "94287082\n",
            "after switch {n}: no way in ({keychain:?}, {passphrase:?})"
        );
    }
    assert!(interrupted > 5, "only {interrupted} of 40 switches were interrupted; the test did not test anything");
}
