//! The vault through `keyfob`, against the real OS keychain (gnome-keyring on a private D-Bus session).

use std::collections::BTreeSet;
use std::path::Path;
use std::time::Duration;

use keyfob_core::uri;
use rand::{Rng, SeedableRng};
use serde_json::Value;

use crate::util::run::Run;
use crate::util::session::Session;
use crate::util::vault::{exported, link, ok};

fn list(session: &Session) -> Vec<Value> {
    serde_json::from_str::<Vec<Value>>(&ok(session.keyfob(&["list", "--json"]))).unwrap()
}

fn canonical(link: &str) -> String {
    uri::to_uri(&uri::parse(link).unwrap()).to_string()
}

#[test]
fn a_thousand_accounts_come_back_with_the_right_codes() {
    let session = Session::unlocked();
    let mut rng = rand::rngs::StdRng::seed_from_u64(1000);
    let links: Vec<String> = (0..1000).map(|n| link(&mut rng, n)).collect();
    for chunk in links.chunks(250) {
        let mut args = vec!["add"];
        args.extend(chunk.iter().map(String::as_str));
        ok(session.keyfob(&args));
    }
    // A new process: the vault is read back from disk and the keychain.
    let at = 1_800_000_000u64;
    let table = ok(session.keyfob(&["code", "--at", &at.to_string()]));
    let rows: Vec<&str> = table.lines().collect();
    assert_eq!(rows.len(), 1000);
    for (row, link) in rows.iter().zip(&links) {
        let expected = uri::parse(link).unwrap().code_at(at);
        let fields: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(fields[1], expected.as_str(), "{row}");
    }
    assert_eq!(exported(&session), links.iter().map(|l| canonical(l)).collect());
}

/// Before: `keyfob add 'otpauth-migration://…'` failed ("not an otpauth link") although the app's paste
/// took the same link. Now the CLI reads links as the app does: a Google Authenticator export adds every
/// account in it, a second time each is reported as already there, and a damaged export adds nothing.
#[test]
fn add_takes_google_authenticator_export_links() {
    let session = Session::unlocked();
    let accounts: Vec<_> = [
        "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub",
        "otpauth://totp/Bank:bob?secret=GEZDGNBVGY3TQOJQ",
    ]
    .iter()
    .map(|l| uri::parse(l).unwrap())
    .collect();
    let (links, left_out) = keyfob_interop::google::write(&accounts, 42);
    assert!(left_out.is_empty() && links.len() == 1);
    let link = links[0].as_str();
    assert!(link.starts_with("otpauth-migration://offline?data="), "{link}");
    assert_eq!(ok(session.keyfob(&["add", link])), "added 1: GitHub (alice)\nadded 2: Bank (bob)\n");
    assert_eq!(
        ok(session.keyfob_with_stdin(&["add", "-"], link.as_bytes())),
        "already there as 1, skipped: GitHub (alice)\nalready there as 2, skipped: Bank (bob)\n"
    );
    let cut = &link[..link.len() - 12];
    let run = session.keyfob(&["add", cut, "otpauth://totp/New:carol?secret=MFRGGZDFMZTWQ2LK"]);
    assert_eq!(run.status, Some(2), "{run:?}");
    assert!(run.stderr.contains("export"), "names what is wrong: {}", run.stderr);
    assert_eq!(list(&session).len(), 2, "a bad link among several adds none of them");
}

#[test]
fn adding_reports_duplicates_and_lists_without_secrets() {
    let session = Session::unlocked();
    let github = "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub";
    assert_eq!(ok(session.keyfob(&["add", github])), "added 1: GitHub (alice)\n");
    assert_eq!(ok(session.keyfob(&["add", github])), "already there as 1, skipped: GitHub (alice)\n");
    let typed = session.keyfob(&[
        "add",
        "--secret",
        "gezd gnbv gy3t qojq",
        "--account",
        "bob",
        "--counter",
        "4",
        "--digits",
        "8",
    ]);
    assert_eq!(ok(typed), "added 2: bob\n");
    assert_eq!(
        list(&session),
        vec![
            serde_json::json!({"id": 1, "type": "totp", "issuer": "GitHub", "account": "alice", "algorithm": "SHA1", "digits": 6, "period": 30}),
            serde_json::json!({"id": 2, "type": "hotp", "issuer": null, "account": "bob", "algorithm": "SHA1", "digits": 8, "counter": 4}),
        ]
    );
    let listed = ok(session.keyfob(&["list"]));
    assert!(!listed.contains("JBSWY3DP") && listed.contains("GitHub (alice)"), "{listed}");
}

#[test]
fn code_prints_a_bare_code_for_one_match_and_a_table_for_several() {
    let session = Session::unlocked();
    ok(session.keyfob(&[
        "add",
        "otpauth://totp/RFC:one?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&digits=8",
        "otpauth://totp/RFC:two?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&digits=6",
        "otpauth://totp/Other:x?secret=JBSWY3DPEHPK3PXP",
    ]));
    assert_eq!(ok(session.keyfob(&["code", "ONE", "--at", "59"])), "94287082\n");
    assert_eq!(ok(session.keyfob(&["code", "2", "--at", "59"])), "287082\n");
    let table = ok(session.keyfob(&["code", "rfc", "--at", "59"]));
    assert_eq!(table.lines().count(), 2, "{table}");
    assert!(table.contains("94287082   1s left  RFC (one)"), "{table}");
    let none = session.keyfob(&["code", "nothing-like-this"]);
    assert_eq!(none.status, Some(1));
    assert!(none.stderr.contains("no account matches `nothing-like-this`"), "{none:?}");
}

#[test]
fn hotp_counters_are_saved_before_the_code_is_shown() {
    let session = Session::unlocked();
    ok(session.keyfob(&["add", "otpauth://hotp/Bank:bob?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=0"]));
    // RFC 4226 Appendix D, counters 0, 1, 2: each call shows the next one, across processes.
    for expected in ["755224", "287082", "359152"] {
        assert_eq!(ok(session.keyfob(&["code", "bank"])), format!("{expected}\n"));
    }
    assert_eq!(list(&session)[0]["counter"], 3);
}

#[test]
fn rename_and_remove() {
    let session = Session::unlocked();
    ok(session.keyfob(&["add", "otpauth://totp/Old:alice?secret=JBSWY3DPEHPK3PXP"]));
    assert_eq!(
        ok(session.keyfob(&["rename", "1", "--issuer", "New Co", "--account", "alice@new"])),
        "renamed 1: New Co (alice@new)\n"
    );
    assert_eq!(ok(session.keyfob(&["rename", "1", "--no-issuer"])), "renamed 1: alice@new\n");
    let bad = session.keyfob(&["rename", "1", "--account", "a\u{7}b"]);
    assert_eq!(bad.status, Some(1));
    assert!(bad.stderr.contains("control character"), "{bad:?}");

    let unconfirmed = session.keyfob(&["remove", "1"]);
    assert_eq!(unconfirmed.status, Some(2));
    assert!(unconfirmed.stderr.contains("pass --yes"), "{unconfirmed:?}");
    assert_eq!(list(&session).len(), 1, "nothing removed without confirmation");
    assert_eq!(ok(session.keyfob(&["remove", "1", "--yes"])), "removed 1: alice@new\n");
    assert!(list(&session).is_empty());
    assert_eq!(session.keyfob(&["remove", "1", "--yes"]).status, Some(1));
}

#[test]
fn export_needs_the_explicit_flag() {
    let session = Session::unlocked();
    ok(session.keyfob(&["add", "otpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP"]));
    let refused = session.keyfob(&["export", "--uris"]);
    assert_eq!(refused.status, Some(2));
    assert!(refused.stdout.is_empty() && refused.stderr.contains("--i-understand-this-prints-secrets"));
    assert_eq!(exported(&session), [canonical("otpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP")].into());
}

#[test]
fn secrets_never_reach_the_vault_directory_in_any_form() {
    let session = Session::unlocked();
    let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    let links: Vec<String> = (0..20).map(|n| link(&mut rng, n)).collect();
    let mut args = vec!["add"];
    args.extend(links.iter().map(String::as_str));
    ok(session.keyfob(&args));
    ok(session.keyfob(&["rename", "1", "--account", "renamed"])); // a second generation: vault.json.bak
    let files = files_under(&session.vault());
    assert!(files.len() >= 2, "{files:?}");
    for link in &links {
        let account = uri::parse(link).unwrap();
        let raw = account.secret().expose_secret().to_vec();
        let base32 = account.secret().to_base32().to_string();
        let forms = [
            base32.as_bytes().to_vec(),
            base32.to_lowercase().into_bytes(),
            data_encoding::BASE64.encode(&raw).into_bytes(),
            data_encoding::HEXLOWER.encode(&raw).into_bytes(),
            raw,
        ];
        for (path, content) in &files {
            for form in &forms {
                assert!(!contains(content, &form[..12]), "a secret is in {}", path.display());
            }
        }
    }
}

fn files_under(dir: &Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).map(|p| (p.clone(), std::fs::read(p).unwrap())).collect()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn a_killed_writer_never_loses_or_damages_an_account() {
    let session = Session::unlocked();
    let mut rng = rand::rngs::StdRng::seed_from_u64(42);
    ok(session.keyfob(&["add", &link(&mut rng, 0)]));
    let mut expected: BTreeSet<String> = exported(&session);
    let mut interrupted = 0;
    for n in 1..=200 {
        let new = link(&mut rng, n);
        let mut child = session
            .command(&["add", &new])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_micros(rng.random_range(0..40_000)));
        let _ = child.kill(); // SIGKILL: no destructor, no cleanup
        let status = child.wait().unwrap();
        interrupted += usize::from(!status.success());
        let now: BTreeSet<String> = exported(&session);
        let with_new: BTreeSet<String> = expected.iter().cloned().chain([canonical(&new)]).collect();
        assert!(
            now == expected || now == with_new,
            "after write {n}: {} accounts, expected {} or {}",
            now.len(),
            expected.len(),
            with_new.len()
        );
        expected = now;
    }
    assert!(interrupted > 20, "only {interrupted} of 200 writes were interrupted; the test did not test anything");
}

#[test]
fn two_processes_adding_at_once_lose_nothing() {
    let session = Session::unlocked();
    let mut rng = rand::rngs::StdRng::seed_from_u64(2);
    let links: Vec<String> = (0..40).map(|n| link(&mut rng, n)).collect();
    // Create the vault first, so both writers race on changes, not on creation.
    ok(session.keyfob(&["add", &links[0]]));
    std::thread::scope(|scope| {
        for half in [&links[1..20], &links[20..]] {
            let session = &session;
            scope.spawn(move || {
                for link in half {
                    ok(session.keyfob(&["add", link]));
                }
            });
        }
    });
    assert_eq!(exported(&session), links.iter().map(|l| canonical(l)).collect());
}

/// A damaged vault: a clear error naming the file and the backup, and the file left exactly as it was.
#[test]
fn damaged_vault_files_are_named_and_never_overwritten() {
    let session = Session::unlocked();
    ok(session.keyfob(&["add", "otpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP"]));
    ok(session.keyfob(&["add", "otpauth://totp/B:b?secret=GEZDGNBVGY3TQOJQ"]));
    let path = session.vault().join("vault.json");
    let good = std::fs::read(&path).unwrap();
    let text = String::from_utf8(good.clone()).unwrap();
    let mut flipped = good.clone();
    let at = text.find("\"account\":\"b\"").unwrap() + 11;
    flipped[at] ^= 0x20; // "b" becomes "B": valid JSON, changed content
    let cases: [(&str, Vec<u8>, &str); 4] = [
        ("truncated", good[..good.len() / 2].to_vec(), "damaged or truncated"),
        ("flipped", flipped, "integrity check failed"),
        ("newer", text.replace("\"version\": 2", "\"version\": 9").into_bytes(), "newer Keyfob"),
        ("empty", Vec::new(), "damaged or truncated"),
    ];
    for (name, bytes, expected) in cases {
        std::fs::write(&path, &bytes).unwrap();
        for args in [&["list"][..], &["add", "otpauth://totp/C:c?secret=KRSXG5CTMVRXEZLU"], &["code", "a"]] {
            let run = session.keyfob(args);
            assert_eq!(run.status, Some(1), "{name} {args:?}: {run:?}");
            assert!(run.stderr.contains(expected), "{name}: {}", run.stderr);
            assert!(run.stderr.contains(&path.display().to_string()), "{name}: names the file: {}", run.stderr);
            assert!(run.stderr.contains("vault.json.bak"), "{name}: names the backup: {}", run.stderr);
            assert_eq!(std::fs::read(&path).unwrap(), bytes, "{name}: the damaged file was changed by {args:?}");
        }
    }
    // The advice works: restoring the backup gives the previous generation.
    std::fs::copy(session.vault().join("vault.json.bak"), &path).unwrap();
    assert_eq!(list(&session).len(), 1);
}

#[test]
fn a_deleted_keychain_entry_is_an_error_not_an_empty_vault() {
    let session = Session::unlocked();
    ok(session.keyfob(&["add", "otpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP"]));
    let before = std::fs::read(session.vault().join("vault.json")).unwrap();
    let cleared = session.tool("secret-tool", &["clear", "service", "keyfob"]);
    assert_eq!(cleared.status, Some(0), "{cleared:?}");
    for args in [&["list"][..], &["add", "otpauth://totp/B:b?secret=GEZDGNBVGY3TQOJQ"]] {
        let run = session.keyfob(args);
        assert_eq!(run.status, Some(1), "{run:?}");
        assert!(
            run.stderr.contains("has no key for it") && run.stderr.contains("no new key was made"),
            "{}",
            run.stderr
        );
    }
    assert_eq!(std::fs::read(session.vault().join("vault.json")).unwrap(), before);
}

#[test]
fn a_missing_vault_file_with_a_backup_is_not_replaced_by_a_new_vault() {
    let session = Session::unlocked();
    ok(session.keyfob(&["add", "otpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP"]));
    ok(session.keyfob(&["add", "otpauth://totp/B:b?secret=GEZDGNBVGY3TQOJQ"]));
    std::fs::remove_file(session.vault().join("vault.json")).unwrap();
    let run = session.keyfob(&["add", "otpauth://totp/C:c?secret=KRSXG5CTMVRXEZLU"]);
    assert_eq!(run.status, Some(1));
    assert!(run.stderr.contains("is missing but its previous version"), "{}", run.stderr);
    assert!(!session.vault().join("vault.json").exists());
}

#[test]
fn no_keychain_at_all_says_what_to_do_and_writes_nothing() {
    let session = Session::unlocked();
    let run = session
        .command(&["add", "otpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP"])
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/keyfob-test-bus")
        .output()
        .unwrap();
    let run = Run::from(run);
    assert_eq!(run.status, Some(1));
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 3, "what happened, what to do in a terminal, the details: {}", run.stderr);
    assert!(lines[0].starts_with("keyfob: Keyfob cannot reach your computer's password store."), "{}", run.stderr);
    assert!(lines[1].contains("keyfob init --passphrase-file"), "{}", run.stderr);
    assert!(lines[2].starts_with("keyfob: details: no OS keychain is reachable"), "{}", run.stderr);
    assert!(!session.vault().join("vault.json").exists());
}

#[test]
fn a_locked_keychain_says_so() {
    let session = Session::locked();
    let run = session.keyfob(&["add", "otpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP"]);
    assert_eq!(run.status, Some(1), "{run:?}");
    assert!(run.stderr.contains("locked or refused access"), "{}", run.stderr);
    assert!(!session.vault().join("vault.json").exists());
}

#[test]
fn a_passphrase_vault_works_without_any_keychain() {
    let session = Session::unlocked();
    let dir = crate::util::run::temp_dir();
    let pass = dir.path().join("pass");
    std::fs::write(&pass, "a long enough passphrase\n").unwrap();
    let wrong = dir.path().join("wrong");
    std::fs::write(&wrong, "not the passphrase").unwrap();
    let no_bus = |args: &[&str]| -> Run {
        session
            .command(args)
            .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/keyfob-test-bus")
            .output()
            .unwrap()
            .into()
    };
    let pass_arg = pass.to_str().unwrap();
    // A passphrase too short is the user's to fix, as every passphrase problem: exit 2, nothing created.
    let short = dir.path().join("short");
    std::fs::write(&short, "short").unwrap();
    let refused = no_bus(&["init", "--passphrase-file", short.to_str().unwrap()]);
    assert_eq!(refused.status, Some(2), "{refused:?}");
    assert!(refused.stderr.contains("at least 8 characters"), "{}", refused.stderr);
    assert!(!session.vault().join("vault.json").exists(), "no vault was created");
    assert!(ok(no_bus(&["init", "--passphrase-file", pass_arg])).contains("behind your passphrase"));
    ok(no_bus(&[
        "add",
        "otpauth://totp/RFC:x?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&digits=8",
        "--passphrase-file",
        pass_arg,
    ]));
    let code = session.command(&["code", "rfc", "--at", "59"]).env("KEYFOB_PASSPHRASE_FILE", &pass).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&code.stdout), "94287082\n");

    let without = no_bus(&["list"]);
    assert_eq!(without.status, Some(2));
    assert!(without.stderr.contains("protected by a passphrase"), "{}", without.stderr);
    let wrong = no_bus(&["list", "--passphrase-file", wrong.to_str().unwrap()]);
    assert_eq!(wrong.status, Some(2));
    assert!(wrong.stderr.contains("Wrong passphrase: it does not open your accounts"), "{}", wrong.stderr);
    assert_eq!(session.keyfob(&["init"]).status, Some(1), "init refuses to replace a vault");
}

#[test]
fn imports_an_aegis_export_with_a_preview_in_one_write() {
    let session = Session::unlocked();
    ok(session.keyfob(&["add", "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub"]));
    let dir = crate::util::run::temp_dir();
    let export = dir.path().join("aegis-export.json");
    let entry = |kind: &str, name: &str, issuer: &str, secret: &str| {
        serde_json::json!({"type": kind, "uuid": name, "name": name, "issuer": issuer, "icon": null,
            "info": {"secret": secret, "algo": "SHA1", "digits": 6, "period": 30, "counter": 0}})
    };
    let file = serde_json::json!({"version": 1, "header": {"slots": null, "params": null}, "db": {"version": 3, "entries": [
        entry("totp", "alice", "GitHub", "JBSWY3DPEHPK3PXP"),
        entry("totp", "bob", "Payroll", "GEZDGNBVGY3TQOJQ"),
        entry("yandex", "ivan", "Yandex", "KRSXG5CTMVRXEZLU"),
        entry("hotp", "carol", "Bank", "KRSXG5CTMVRXEZLU"),
    ]}});
    std::fs::write(&export, serde_json::to_vec(&file).unwrap()).unwrap();
    let run = session.keyfob(&["import", export.to_str().unwrap()]);
    assert_eq!(
        ok(run),
        "already there as 1, skipped: GitHub (alice)\nadded 2: Payroll (bob)\nadded 3: Bank (carol)\n\
         not imported: Entry 3 (“Yandex (ivan)”): Keyfob cannot use its settings (the kind of code, its length, or how often it changes).\n\
         details: entry 3 `Yandex (ivan)`: yandex codes are not supported by Keyfob\n\
         2 added, 1 already there, 1 not imported\n"
    );
    assert_eq!(list(&session).len(), 3);

    let damaged = dir.path().join("damaged.json");
    std::fs::write(&damaged, &serde_json::to_vec(&file).unwrap()[..80]).unwrap();
    let before = std::fs::read(session.vault().join("vault.json")).unwrap();
    let run = session.keyfob(&["import", damaged.to_str().unwrap(), "--format", "aegis"]);
    assert_eq!(run.status, Some(1));
    assert!(run.stderr.contains("damaged or not an Aegis export"), "{}", run.stderr);
    assert_eq!(std::fs::read(session.vault().join("vault.json")).unwrap(), before, "nothing changed");
}

#[test]
fn imports_a_plain_list_of_links() {
    let session = Session::unlocked();
    let dir = crate::util::run::temp_dir();
    let list_file = dir.path().join("ente-export.txt");
    std::fs::write(
        &list_file,
        "otpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP\r\notpauth://totp/B:b?secret=GEZDGNBVGY3TQOJQ\r\nnonsense\r\n",
    )
    .unwrap();
    let out = ok(session.keyfob(&["import", list_file.to_str().unwrap()]));
    assert!(
        out.ends_with(
            "not imported: Line 3: There is no otpauth:// link in it.\n2 added, 0 already there, 1 not imported\n"
        ),
        "{out}"
    );
}

#[test]
fn imports_google_authenticator_export_images_and_names_missing_batches() {
    use image::{DynamicImage, ImageFormat};
    let session = Session::unlocked();
    let dir = crate::util::run::temp_dir();
    let batches = [
        ["otpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP", "otpauth://totp/B:b?secret=GEZDGNBVGY3TQOJQ"],
        ["otpauth://hotp/C:c?secret=KRSXG5CTMVRXEZLU&counter=2", "otpauth://totp/D:d?secret=MFRGGZDFMZTWQ2LK"],
    ];
    let mut images = Vec::new();
    for (index, links) in batches.iter().enumerate() {
        let accounts: Vec<_> = links.iter().map(|l| uri::parse(l).unwrap()).collect();
        let refs: Vec<_> = accounts.iter().collect();
        let batch =
            keyfob_interop::google::migration::Batch { index: u32::try_from(index).unwrap(), size: 2, id: 4242 };
        let (text, _) = keyfob_interop::google::migration::to_uri(&refs, batch);
        let path = dir.path().join(format!("export-{index}.png"));
        DynamicImage::ImageLuma8(keyfob_testkit::render(&text, 4)).save_with_format(&path, ImageFormat::Png).unwrap();
        images.push(path.to_str().unwrap().to_owned());
    }
    let first_only = ok(session.keyfob(&["import", &images[0]]));
    assert!(
        first_only.contains(
            "not imported: This Google Authenticator export has 2 QR codes, but code 2 was not given, so some accounts are missing. Scan it too.\n"
        ),
        "{first_only}"
    );
    assert!(first_only.ends_with("2 added, 0 already there, 1 not imported\n"), "{first_only}");
    let both = ok(session.keyfob(&["import", &images[1], &images[0]]));
    assert!(both.ends_with("2 added, 2 already there, 0 not imported\n"), "{both}");
    assert_eq!(exported(&session).len(), 4);
}

#[test]
fn backup_wipe_restore_gives_back_every_account() {
    let session = Session::unlocked();
    let mut rng = rand::rngs::StdRng::seed_from_u64(99);
    let links: Vec<String> = (0..12).map(|n| link(&mut rng, n)).collect();
    let mut args = vec!["add"];
    args.extend(links.iter().map(String::as_str));
    ok(session.keyfob(&args));
    ok(session.keyfob(&["add", "otpauth://hotp/Bank:bob?secret=GEZDGNBVGY3TQOJQ&counter=41"]));
    let before = exported(&session);

    let dir = crate::util::run::temp_dir();
    let password = dir.path().join("password");
    std::fs::write(&password, "a good backup password\n").unwrap();
    let backup = dir.path().join("keyfob-backup.json");
    let (backup_arg, password_arg) = (backup.to_str().unwrap(), password.to_str().unwrap());
    assert_eq!(
        ok(session.keyfob(&["backup", backup_arg, "--password-file", password_arg])),
        format!("backed up 13 accounts to {backup_arg}\n")
    );
    let text = std::fs::read_to_string(&backup).unwrap();
    assert!(!text.contains("GEZDGNBV") && !text.contains("Bank"), "the backup hides secrets and names");

    // Wipe: a fresh vault (new key) in a new session, then restore.
    let fresh = Session::unlocked();
    let wrong = dir.path().join("wrong");
    std::fs::write(&wrong, "not the password").unwrap();
    let refused = fresh.keyfob(&["import", backup_arg, "--password-file", wrong.to_str().unwrap()]);
    assert_eq!(refused.status, Some(2));
    assert!(refused.stderr.contains("Wrong password: it does not open"), "{}", refused.stderr);
    let restored = ok(fresh.keyfob(&["import", backup_arg, "--password-file", password_arg]));
    assert!(restored.ends_with("13 added, 0 already there, 0 not imported\n"), "{restored}");
    assert_eq!(exported(&fresh), before);
    // Restoring again finds everything already there.
    assert!(
        ok(fresh.keyfob(&["import", backup_arg, "--password-file", password_arg]))
            .ends_with("0 added, 13 already there, 0 not imported\n")
    );
}

#[test]
fn exports_to_aegis_and_google_authenticator_come_back_whole() {
    let session = Session::unlocked();
    let links = [
        "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub",
        "otpauth://hotp/Bank:bob?secret=GEZDGNBVGY3TQOJQ&counter=5",
        "otpauth://totp/Steam:gamer?secret=KRSXG5CTMVRXEZLU&issuer=Steam",
    ];
    ok(session.keyfob(&["add", links[0], links[1], links[2]]));
    let before = exported(&session);
    let dir = crate::util::run::temp_dir();
    let password = dir.path().join("password");
    std::fs::write(&password, "aegis export pw").unwrap();
    let aegis = dir.path().join("aegis.json");
    let (aegis_arg, password_arg) = (aegis.to_str().unwrap(), password.to_str().unwrap());

    let plain_refused = session.keyfob(&["export", "--aegis", aegis_arg]);
    assert_eq!(plain_refused.status, Some(2), "plain text needs the explicit flag");
    assert!(!aegis.exists());
    assert_eq!(
        ok(session.keyfob(&["export", "--aegis", aegis_arg, "--password-file", password_arg])),
        format!("exported 3 accounts to {aegis_arg} (encrypted)\n")
    );
    let fresh = Session::unlocked();
    assert!(
        ok(fresh.keyfob(&["import", aegis_arg, "--password-file", password_arg]))
            .ends_with("3 added, 0 already there, 0 not imported\n")
    );
    assert_eq!(exported(&fresh), before);

    let qr_dir = dir.path().join("qr");
    let written =
        ok(session.keyfob(&["export", "--google-qr", qr_dir.to_str().unwrap(), "--i-understand-this-prints-secrets"]));
    assert!(written.contains("not exported: Steam (gamer)"), "{written}");
    let image = qr_dir.join("export-1.png");
    let phone = Session::unlocked();
    assert!(
        ok(phone.keyfob(&["import", image.to_str().unwrap()])).ends_with("2 added, 0 already there, 0 not imported\n")
    );
    let on_phone = exported(&phone);
    assert_eq!(on_phone, before.iter().filter(|l| !l.contains("Steam")).cloned().collect());
}

#[test]
fn secrets_and_links_come_from_standard_input_or_a_file_not_the_command_line() {
    let session = Session::unlocked();
    let links = "otpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP\n\n  otpauth://totp/B:b?secret=GEZDGNBVGY3TQOJQ\n";
    ok(session.keyfob_with_stdin(&["add", "-"], links.as_bytes()));
    let rfc = "otpauth://totp/RFC:6238?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&digits=8\n";
    assert_eq!(ok(session.keyfob_with_stdin(&["code", "-", "--at", "59"], rfc.as_bytes())), "94287082\n");
    let inspected = ok(session.keyfob_with_stdin(&["inspect", "-"], rfc.as_bytes()));
    assert!(inspected.contains("\"issuer\":\"RFC\""), "{inspected}");
    std::fs::create_dir_all(session.home()).unwrap();
    let secret_file = session.home().join("secret.txt");
    std::fs::write(&secret_file, "KRSXG5CTMVRXEZLU\n").unwrap();
    ok(session.keyfob(&["add", "--secret-file", secret_file.to_str().unwrap(), "--account", "c", "--issuer", "C"]));
    ok(session.keyfob_with_stdin(&["add", "--secret-file", "-", "--account", "d"], b"MFRGGZDFMZTWQ2LK"));
    let names: BTreeSet<String> = list(&session).iter().map(|a| a["account"].as_str().unwrap().to_owned()).collect();
    assert_eq!(names, ["a", "b", "c", "d"].map(str::to_owned).into());

    // Hostile input: huge, several links where one is wanted, nothing, not text. Each a clear error.
    let huge = vec![b'a'; 3 << 20];
    let run = session.keyfob_with_stdin(&["add", "-"], &huge);
    assert_eq!(run.status, Some(2), "{run:?}");
    assert!(run.stderr.contains("standard input holds over 1024 KiB"), "{}", run.stderr);
    let run = session.keyfob_with_stdin(&["code", "-"], links.as_bytes());
    assert!(run.status == Some(2) && run.stderr.contains("several lines"), "{run:?}");
    let run = session.keyfob_with_stdin(&["inspect", "-"], b"\n \n");
    assert!(run.status == Some(2) && run.stderr.contains("no otpauth:// link"), "{run:?}");
    let run = session.keyfob_with_stdin(&["add", "--secret-file", "-", "--account", "e"], b"\xff\xfe");
    assert!(run.status == Some(2) && run.stderr.contains("not text"), "{run:?}");
    assert_eq!(list(&session).len(), 4, "nothing was added by the failures");
}
