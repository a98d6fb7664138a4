use ring::rand::SystemRandom;

use super::*;
use keyfob_crypto::Password;
use keyfob_otp::uri;

fn account(link: &str) -> Account {
    uri::parse(link).unwrap()
}

fn sample() -> (VaultKey, Vault) {
    let rng = SystemRandom::new();
    let key = VaultKey::generate(&rng).unwrap();
    let mut vault = Vault::create(&key, KeySource::Keychain, &rng).unwrap();
    for link in [
        "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP",
        "otpauth://hotp/Bank:bob?secret=GEZDGNBVGY3TQOJQ&counter=5&digits=8",
        "otpauth://totp/Steam:gamer?secret=KRSXG5CTMVRXEZLU&issuer=Steam",
    ] {
        vault.add(&account(link), 1_700_000_000, &rng).unwrap();
    }
    (key, vault)
}

#[test]
fn round_trips_every_field() {
    let (key, vault) = sample();
    let bytes = vault.to_bytes().unwrap();
    let reopened = Vault::open(&bytes, &key).unwrap();
    assert_eq!(reopened.entries(), vault.entries());
    for entry in vault.entries() {
        assert_eq!(reopened.account(entry.id).unwrap(), vault.account(entry.id).unwrap());
    }
    assert_eq!(Vault::header(&bytes).unwrap(), Header { id: vault.id().clone(), key_source: KeySource::Keychain });
    assert_eq!(reopened.to_bytes().unwrap(), bytes, "writing is deterministic");
}

#[test]
fn no_secret_appears_in_the_file() {
    let (_, vault) = sample();
    let text = String::from_utf8(vault.to_bytes().unwrap()).unwrap();
    for secret in ["JBSWY3DPEHPK3PXP", "GEZDGNBVGY3TQOJQ", "KRSXG5CTMVRXEZLU"] {
        assert!(!text.contains(secret));
        let raw = OtpSecret::from_base32(secret).unwrap();
        let b64 = data_encoding::BASE64.encode(raw.expose_secret());
        assert!(!text.contains(&b64[..8]));
    }
}

#[test]
fn a_wrong_key_is_named_as_such() {
    let (_, vault) = sample();
    let other = VaultKey::generate(&SystemRandom::new()).unwrap();
    assert_eq!(Vault::open(&vault.to_bytes().unwrap(), &other).unwrap_err(), Error::WrongKey);
}

#[test]
fn any_changed_byte_is_caught() {
    let (key, vault) = sample();
    let bytes = vault.to_bytes().unwrap();
    let body_start = String::from_utf8_lossy(&bytes).find("\"body\"").unwrap();
    let mut failures = 0;
    for at in (body_start..bytes.len()).step_by(7) {
        let mut damaged = bytes.clone();
        damaged[at] ^= 0x01;
        match Vault::open(&damaged, &key) {
            Err(Error::IntegrityFailure | Error::Malformed { .. } | Error::WrongKey) => failures += 1,
            Ok(opened) if opened.entries() == vault.entries() => {} // whitespace: same content
            other => panic!("byte {at}: {other:?}"),
        }
    }
    assert!(failures > 50);
}

#[test]
fn a_renamed_issuer_is_an_integrity_failure_not_a_silent_change() {
    let (key, vault) = sample();
    let text = String::from_utf8(vault.to_bytes().unwrap()).unwrap().replace("GitHub", "GitHuB");
    assert_eq!(Vault::open(text.as_bytes(), &key).unwrap_err(), Error::IntegrityFailure);
}

#[test]
fn truncated_and_foreign_files_are_told_apart() {
    let (key, vault) = sample();
    let bytes = vault.to_bytes().unwrap();
    assert!(matches!(Vault::open(&bytes[..bytes.len() / 2], &key), Err(Error::Malformed { .. })));
    assert!(matches!(Vault::open(b"", &key), Err(Error::Malformed { .. })));
    assert_eq!(Vault::open(br#"{"accounts": []}"#, &key).unwrap_err(), Error::NotAVault);
    let newer = String::from_utf8(bytes).unwrap().replace("\"version\": 2", "\"version\": 3");
    assert_eq!(Vault::open(newer.as_bytes(), &key).unwrap_err(), Error::UnsupportedVersion { found: 3 });
    assert_eq!(Vault::header(newer.as_bytes()).unwrap_err(), Error::UnsupportedVersion { found: 3 });
}

#[test]
fn duplicates_are_reported_and_not_added() {
    let (_, mut vault) = sample();
    let rng = SystemRandom::new();
    let again = vault.add(&account("otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP"), 0, &rng).unwrap();
    assert_eq!(again, Added::Duplicate(1));
    let other_secret = vault.add(&account("otpauth://totp/GitHub:alice?secret=KRSXG5CTMVRXEZLU"), 0, &rng).unwrap();
    assert_eq!(other_secret, Added::New(4));
    assert_eq!(vault.entries().len(), 4);
}

#[test]
fn ids_are_never_reused() {
    let (key, mut vault) = sample();
    vault.remove(3).unwrap();
    let mut reopened = Vault::open(&vault.to_bytes().unwrap(), &key).unwrap();
    let added = reopened.add(&account("otpauth://totp/New:x?secret=JBSWY3DPEHPK3PXP"), 0, &SystemRandom::new());
    assert_eq!(added.unwrap(), Added::New(4));
}

#[test]
fn rename_validates_and_remove_returns_the_entry() {
    let (_, mut vault) = sample();
    vault.rename(1, Some(Some("GitHub Enterprise")), Some(" alice@corp ")).unwrap();
    assert_eq!(
        (vault.entries()[0].issuer.as_deref(), vault.entries()[0].name.as_str()),
        (Some("GitHub Enterprise"), "alice@corp")
    );
    vault.rename(1, Some(None), None).unwrap();
    assert_eq!(vault.entries()[0].issuer, None);
    assert!(matches!(vault.rename(1, None, Some("a\0b")), Err(Error::Name(_))));
    assert_eq!(vault.rename(99, None, Some("x")), Err(Error::NoSuchAccount { id: 99 }));
    assert_eq!(vault.remove(2).unwrap().name, "bob");
    assert_eq!(vault.entries().len(), 2);
}

#[test]
fn hotp_moves_its_counter_on() {
    let (_, mut vault) = sample();
    let first = vault.next_hotp_code(2).unwrap();
    let second = vault.next_hotp_code(2).unwrap();
    assert_ne!(first, second);
    assert_eq!(vault.entries()[1].method.counter(), Some(7));
    assert_eq!(vault.next_hotp_code(1), Err(Error::NotHotp { id: 1 }));
}

#[test]
fn a_passphrase_wraps_the_key() {
    let rng = SystemRandom::new();
    let key = VaultKey::generate(&rng).unwrap();
    let cheap = KdfParams { m_kib: 1024, t: 1, p: 1 };
    let pass = Password::new(Zeroizing::new("correct horse\n".into()));
    let source = KeySource::wrap(&key, &pass, cheap, &rng).unwrap();
    let vault = Vault::create(&key, source.clone(), &rng).unwrap();
    let bytes = vault.to_bytes().unwrap();
    let header = Vault::header(&bytes).unwrap();
    let unwrapped = header.key_source.unwrap(&Password::new(Zeroizing::new("correct horse".into())));
    assert!(Vault::open(&bytes, &unwrapped.unwrap()).is_ok());
    let wrong = Password::new(Zeroizing::new("incorrect horse".into()));
    assert_eq!(header.key_source.unwrap(&wrong).unwrap_err(), Error::WrongPassphrase);
    assert_eq!(
        KeySource::wrap(&key, &Password::new(Zeroizing::new("short".into())), cheap, &rng).unwrap_err(),
        Error::PassphraseTooShort
    );
    assert_eq!(KeySource::Keychain.unwrap(&wrong).unwrap_err(), Error::NotPassphraseProtected);
}

#[test]
fn keychain_text_is_one_line_and_round_trips() {
    let key = VaultKey::generate(&SystemRandom::new()).unwrap();
    let text = key.to_keychain_text();
    assert!(!text.contains('\n'));
    assert_eq!(VaultKey::from_keychain_text(&text).unwrap().key().expose_secret(), key.key().expose_secret());
    assert_eq!(VaultKey::from_keychain_text("c2hvcnQ=").unwrap_err(), Error::KeychainEntryInvalid);
    assert_eq!(format!("{key:?}"), "VaultKey([redacted])");
}

#[test]
fn a_removed_entry_goes_back_where_it_was_and_still_opens() {
    let (key, mut vault) = sample();
    let before: Vec<u64> = vault.entries().iter().map(|e| e.id).collect();
    let position = vault.position(2).unwrap();
    let removed = vault.remove(2).unwrap();
    vault.reinsert(removed.clone(), position).unwrap();
    assert_eq!(vault.entries().iter().map(|e| e.id).collect::<Vec<_>>(), before);
    assert_eq!(
        vault.reinsert(removed, 0),
        Err(Error::InvalidRecord { id: 2, reason: "an account with this id is already there".into() })
    );
    let reopened = Vault::open(&vault.to_bytes().unwrap(), &key).unwrap();
    assert_eq!(reopened.account(2).unwrap().name(), "bob");
}

#[test]
fn accounts_can_be_reordered() {
    let (_, mut vault) = sample();
    vault.move_to(3, 0).unwrap();
    vault.move_to(1, 99).unwrap();
    assert_eq!(vault.entries().iter().map(|e| e.id).collect::<Vec<_>>(), [3, 2, 1]);
    assert_eq!(vault.move_to(9, 0), Err(Error::NoSuchAccount { id: 9 }));
}

#[test]
fn auto_backup_settings_and_key_survive_a_round_trip_sealed() {
    use crate::backup::{self, BackupKey};
    use keyfob_crypto::Password;
    let rng = SystemRandom::new();
    let (key, mut vault) = sample();
    assert_eq!(vault.auto_backup(), None);
    let password = Password::new(Zeroizing::new("backup password".into()));
    let backup_key = BackupKey::derive(&password, KdfParams { m_kib: 1024, t: 1, p: 1 }, &rng).unwrap();
    let settings = AutoBackup::new(std::path::Path::new("/home/alice/Backups"), 5).unwrap();
    vault.set_auto_backup(settings.clone(), &backup_key, &rng).unwrap();
    let bytes = vault.to_bytes().unwrap();
    let reopened = Vault::open(&bytes, &key).unwrap();
    assert_eq!(reopened.auto_backup(), Some(settings.clone()));
    let stored_key = reopened.auto_backup_key().unwrap().unwrap();
    let sealed = backup::seal_with(&reopened.portable().unwrap(), &stored_key, 7, &rng).unwrap();
    assert_eq!(backup::open(&sealed, &password).unwrap(), (vault.portable().unwrap(), 7));

    // The folder is covered by the MAC: redirecting backups is caught.
    let text = String::from_utf8(bytes).unwrap();
    let redirected = text.replace("/home/alice/Backups", "/tmp/attacker");
    assert_eq!(Vault::open(redirected.as_bytes(), &key).unwrap_err(), Error::IntegrityFailure);

    // The one rule for settings a user chooses: a full path, 1 to MAX_KEEP backups.
    let chosen = |folder: &str, keep| AutoBackup::new(std::path::Path::new(folder), keep);
    assert_eq!(chosen("/home/alice/Backups", 5), Ok(settings));
    assert_eq!(chosen("/b", super::MAX_KEEP).map(|s| s.keep()), Ok(super::MAX_KEEP));
    for keep in [0, super::MAX_KEEP + 1, u32::MAX] {
        assert_eq!(chosen("/b", keep), Err(Error::KeepOutOfRange { keep }));
    }
    // Not plain: relative, `..` inside, a line break or a right-to-left override that makes the
    // confirmation show another folder than the one written to.
    for folder in ["Backups", "./b", "", "/home/u/Backups/../../../tmp/x", "/home/u/B\n\n/x", "/home/u/\u{202e}kcab"] {
        assert_eq!(chosen(folder, 5), Err(Error::BackupFolderNotPlain), "{folder:?}");
    }
    assert_eq!(Error::KeepOutOfRange { keep: 0 }.kind(), keyfob_core::Kind::Input);

    vault.clear_auto_backup();
    assert_eq!(Vault::open(&vault.to_bytes().unwrap(), &key).unwrap().auto_backup(), None);
}

#[test]
fn push_tokens_keep_their_device_key_sealed_and_share_the_id_sequence() {
    use keyfob_push_proto::{DeviceKey, PublicKey, parse_link};
    let rng = SystemRandom::new();
    let (key, mut vault) = sample();
    let device = DeviceKey::generate(2048, &mut rsa::rand_core::OsRng).unwrap();
    let server = PublicKey::from_base64(
        &DeviceKey::generate(2048, &mut rsa::rand_core::OsRng).unwrap().public_key_base64().unwrap(),
    )
    .unwrap();
    let enrolment = parse_link("otpauth://pipush/Payroll%3Aalice?url=http%3A//127.0.0.1%3A8080/ttype/push&issuer=Payroll&enrollment_credential=ab12&v=1&serial=PIPU0001&sslverify=1&poll_only=True").unwrap();
    assert_eq!(
        vault.add_push(&enrolment, server.clone(), &device, 7, &rng).unwrap(),
        Added::New(4),
        "after the 3 accounts"
    );
    let bytes = vault.to_bytes().unwrap();
    let text = String::from_utf8(bytes.clone()).unwrap();
    let private = data_encoding::BASE64.encode(device.expose_pkcs8());
    assert!(!text.contains(&private[40..80]), "the device key is sealed");
    let reopened = Vault::open(&bytes, &key).unwrap();
    let token = &reopened.push_tokens()[0];
    assert_eq!((token.id, token.issuer.as_deref(), token.name.as_str()), (4, Some("Payroll"), "alice"));
    assert_eq!((token.serial.as_str(), token.url.as_str()), ("PIPU0001", "http://127.0.0.1:8080/ttype/push"));
    assert_eq!(token.server_key, server);
    assert_eq!(reopened.push_device_key(4).unwrap().expose_pkcs8(), device.expose_pkcs8());

    // Enrolling the same serial and server again is refused: the key pinned first is never replaced, so a
    // registration reply swapped on the path later cannot take over the token.
    let newer = DeviceKey::generate(2048, &mut rsa::rand_core::OsRng).unwrap();
    let impostor = PublicKey::from_base64(&newer.public_key_base64().unwrap()).unwrap();
    let mut vault = reopened;
    assert_eq!(
        vault.add_push(&enrolment, impostor, &newer, 8, &rng).unwrap_err(),
        Error::PushAlreadyEnrolled { id: 4, serial: "PIPU0001".into() }
    );
    assert_eq!(vault.push_tokens().len(), 1);
    assert_eq!(vault.push_tokens()[0].server_key, server, "the first key stays pinned");
    assert_eq!(vault.push_device_key(4).unwrap().expose_pkcs8(), device.expose_pkcs8());
    vault.rename(4, None, Some("alice@payroll")).unwrap();
    assert_eq!(vault.push_tokens()[0].name, "alice@payroll");
    let added = vault.add(&account("otpauth://totp/New:x?secret=JBSWY3DPEHPK3PXP"), 9, &rng).unwrap();
    assert_eq!(added, Added::New(5), "ids are never shared or reused");
    assert_eq!(vault.remove_push(4).unwrap().serial, "PIPU0001");
    assert!(matches!(vault.push_device_key(4), Err(Error::NoSuchAccount { id: 4 })));
}

#[test]
fn the_key_moves_between_sources_and_lock_settings_round_trip() {
    let rng = SystemRandom::new();
    let key = VaultKey::generate(&rng).unwrap();
    let mut vault = Vault::create(&key, KeySource::Keychain, &rng).unwrap();
    assert_eq!(
        vault.lock_settings(),
        LockSettings { auto_lock_minutes: 5, lock_on_screen_lock: true, hide_codes: false, search_shows_codes: false }
    );
    vault
        .set_lock_settings(LockSettings {
            auto_lock_minutes: 1,
            lock_on_screen_lock: false,
            hide_codes: true,
            search_shows_codes: true,
        })
        .unwrap();
    assert!(
        vault.set_lock_settings(LockSettings { auto_lock_minutes: 24 * 60 + 1, ..LockSettings::default() }).is_err()
    );
    let pass = Password::new(Zeroizing::new("correct horse battery".into()));
    let wrapped = KeySource::wrap(&key, &pass, KdfParams { m_kib: 64, t: 1, p: 1 }, &rng).unwrap();
    let other = VaultKey::generate(&rng).unwrap();
    assert_eq!(vault.set_key_source(&other, wrapped.clone()).unwrap_err(), Error::WrongKey, "only this vault's key");
    vault.set_key_source(&key, wrapped).unwrap();
    let bytes = vault.to_bytes().unwrap();
    let header = Vault::header(&bytes).unwrap();
    let unwrapped = header.key_source.unwrap(&pass).unwrap();
    let reopened = Vault::open(&bytes, &unwrapped).unwrap();
    assert_eq!(
        reopened.lock_settings(),
        LockSettings { auto_lock_minutes: 1, lock_on_screen_lock: false, hide_codes: true, search_shows_codes: true }
    );
    assert_eq!(reopened.id(), vault.id(), "the same vault, the same key, another wrapping");
}

#[test]
fn entries_match_when_every_term_is_part_of_the_issuer_or_the_name() {
    let (_, vault) = sample();
    let found = |terms: &[&str]| {
        vault.entries().iter().filter(|e| e.matches(terms)).map(|e| e.name.as_str()).collect::<Vec<_>>()
    };
    assert_eq!(found(&["git"]), ["alice"]);
    assert_eq!(found(&["GITHUB", "Ali"]), ["alice"], "any case, every term");
    assert_eq!(found(&["github", "bob"]), Vec::<&str>::new(), "one term matching is not enough");
    assert_eq!(found(&["ithu"]), ["alice"], "the issuer");
    assert_eq!(found(&["gamer"]), ["gamer"], "the name");
    assert_eq!(found(&[]), ["alice", "bob", "gamer"]);
    assert_eq!(found(&["İ"]), Vec::<&str>::new(), "lowercasing that grows a string matches nothing by accident");
}

/// A version 1 vault (the test vector) opens as it is, and is written back as version 2 with everything
/// it held; the organising fields start empty and survive the round trip once set.
#[test]
fn a_version_1_vault_opens_and_is_upgraded_on_its_next_write() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../vectors");
    let v1 = std::fs::read(dir.join("vault.json")).unwrap();
    assert!(String::from_utf8_lossy(&v1).contains("\"version\": 1"));
    let key = std::fs::read_to_string(dir.join("vault-key.txt")).unwrap();
    let key = VaultKey::from_keychain_text(key.trim()).unwrap();
    let mut vault = Vault::open(&v1, &key).unwrap();
    assert!(vault.entries().iter().all(|e| e.groups.is_empty() && !e.favourite && e.uses == 0 && !e.has_note()));
    assert_eq!(vault.sort(), Sort::Manual);

    let rng = SystemRandom::new();
    vault.set_groups(1, &["Work", " Code ", "work"]).unwrap();
    vault.set_favourite(2, true).unwrap();
    vault.record_use(1).unwrap();
    vault.set_note(1, Some("recovery: 1234-5678"), &rng).unwrap();
    vault.set_sort(Sort::Name);
    let v2 = vault.to_bytes().unwrap();
    let text = String::from_utf8(v2.clone()).unwrap();
    assert!(text.contains("\"version\": 2"), "{text}");
    assert!(!text.contains("1234-5678"), "the note is sealed");

    let reopened = Vault::open(&v2, &key).unwrap();
    assert_eq!(reopened.accounts().unwrap(), Vault::open(&v1, &key).unwrap().accounts().unwrap());
    let github = &reopened.entries()[0];
    assert_eq!(github.groups, ["Work", "Code"], "trimmed, the duplicate (any case) dropped");
    assert_eq!((github.uses, reopened.entries()[1].favourite), (1, true));
    assert_eq!(reopened.note(1).unwrap().as_deref().map(String::as_str), Some("recovery: 1234-5678"));
    assert_eq!(reopened.note(2).unwrap(), None);
    assert_eq!(reopened.sort(), Sort::Name);
    assert_eq!(reopened.group_names(), ["Work", "Code"]);
}

/// Favourites first in every order; then the stored order, names (ignoring case) or most copied.
#[test]
fn the_list_order_follows_favourites_and_the_chosen_sort() {
    let (_, mut vault) = sample();
    let rng = SystemRandom::new();
    let id = |v: &Vault, issuer: &str| v.entries().iter().find(|e| e.issuer.as_deref() == Some(issuer)).unwrap().id;
    for link in ["otpauth://totp/zeta:z?secret=KRSXG5CTMVRXEZLU", "otpauth://totp/Alpha:a?secret=MFRGGZDFMZTWQ2LK"] {
        vault.add(&account(link), 0, &rng).unwrap();
    }
    let order =
        |v: &Vault| v.ordered_entries().iter().map(|e| e.issuer.clone().unwrap_or_default()).collect::<Vec<_>>();
    let stored = order(&vault);
    vault.set_sort(Sort::Name);
    let mut by_name = stored.clone();
    by_name.sort_by_key(|n| n.to_lowercase());
    assert_eq!(order(&vault), by_name);
    vault.set_sort(Sort::Used);
    let zeta = id(&vault, "zeta");
    vault.record_use(zeta).unwrap();
    vault.record_use(zeta).unwrap();
    assert_eq!(order(&vault)[0], "zeta");
    vault.set_favourite(id(&vault, "Alpha"), true).unwrap();
    for sort in [Sort::Manual, Sort::Name, Sort::Used] {
        vault.set_sort(sort);
        assert_eq!(order(&vault)[0], "Alpha", "{sort:?}");
    }
}

/// Hostile or careless input: names that cannot be groups, too many groups, an over-long note, a note
/// moved to another account; a stored record whose groups break the rules is refused when opened.
#[test]
fn groups_and_notes_are_checked_and_notes_stay_with_their_account() {
    let (key, mut vault) = sample();
    let rng = SystemRandom::new();
    assert_eq!(vault.set_groups(1, &["  "]).unwrap_err(), Error::Organise(OrganiseError::EmptyGroup));
    assert!(matches!(
        vault.set_groups(1, &["x".repeat(65)]),
        Err(Error::Organise(OrganiseError::GroupTooLong { len: 65 }))
    ));
    assert!(matches!(vault.set_groups(1, &["a\u{202e}b"]), Err(Error::Organise(OrganiseError::Name(_)))));
    let many: Vec<String> = (0..33).map(|i| format!("g{i}")).collect();
    assert_eq!(vault.set_groups(1, &many).unwrap_err(), Error::Organise(OrganiseError::TooManyGroups));
    assert_eq!(vault.set_groups(99, &["x"]).unwrap_err(), Error::NoSuchAccount { id: 99 });
    let long = "n".repeat(MAX_NOTE_BYTES + 1);
    assert_eq!(
        vault.set_note(1, Some(&long), &rng).unwrap_err(),
        Error::Organise(OrganiseError::NoteTooLong { len: 4097 })
    );
    vault.set_note(1, Some("only for GitHub"), &rng).unwrap();
    vault.set_note(1, Some("   "), &rng).unwrap();
    assert_eq!(vault.note(1).unwrap(), None, "a blank note removes it");

    // A note sealed for account 1, moved to account 2 by editing the body: it does not open there.
    let second = vault.add(&account("otpauth://totp/Other:o?secret=KRSXG5CTMVRXEZLU"), 0, &rng).unwrap();
    let Added::New(second) = second else { panic!("{second:?}") };
    vault.set_note(1, Some("only for GitHub"), &rng).unwrap();
    let text = String::from_utf8(vault.to_bytes().unwrap()).unwrap();
    let file: serde_json::Value = serde_json::from_str(&text).unwrap();
    let mut body: serde_json::Value = serde_json::from_str(file["body"].to_string().as_str()).unwrap();
    let note = body["accounts"][0]["note"].clone();
    let index = vault.position(second).unwrap();
    body["accounts"][index]["note"] = note;
    let moved = Vault::dangerous_authenticate_body(vault.id(), &body.to_string(), &key).unwrap();
    let moved = Vault::open(&moved, &key).unwrap();
    assert_eq!(moved.note(second).unwrap_err(), Error::IntegrityFailure);

    // Stored groups that Keyfob would not keep: refused on opening, naming the account.
    body["accounts"][0]["groups"] = serde_json::json!(["Work", "work"]);
    let bad = Vault::dangerous_authenticate_body(vault.id(), &body.to_string(), &key).unwrap();
    assert!(matches!(Vault::open(&bad, &key), Err(Error::InvalidRecord { id: 1, .. })));
}

/// A browser's request to link a site: a site named like an account linked elsewhere is a look-alike to
/// warn about (git-hub.com, github.xyz for GitHub on github.com), never a suggestion; linking adds the
/// site once, up to the bound.
#[test]
fn a_site_is_linked_once_and_a_namesake_of_an_account_linked_elsewhere_is_a_lookalike() {
    let (_, mut vault) = sample();
    let github = vault.entries().iter().find(|e| e.issuer.as_deref() == Some("GitHub")).unwrap().id;
    let site = |text: &str| Site::parse(text).unwrap();
    let page = |text: &str| keyfob_core::site::Page::of(text).unwrap();
    let lookalikes = |vault: &Vault, text: &str| vault.lookalikes(&page(text)).iter().map(|e| e.id).collect::<Vec<_>>();
    assert_eq!(lookalikes(&vault, "https://git-hub.com/"), [] as [u64; 0], "GitHub is linked nowhere yet");
    vault.link_site(github, site("github.com")).unwrap();
    vault.link_site(github, site("https://github.com/login")).unwrap();
    assert_eq!(vault.entries().iter().find(|e| e.id == github).unwrap().sites, [site("github.com")]);
    for lookalike in ["https://git-hub.com/login", "https://github.xyz/", "https://login.github.co.uk/"] {
        assert_eq!(lookalikes(&vault, lookalike), [github], "{lookalike}");
    }
    assert_eq!(lookalikes(&vault, "https://gist.github.com/"), [] as [u64; 0], "GitHub's own domain");
    assert_eq!(lookalikes(&vault, "https://gitlab.com/"), [] as [u64; 0]);
    assert_eq!(vault.accounts_for_page(&page("https://gist.github.com/")).len(), 1);
    assert!(vault.accounts_for_page(&page("https://git-hub.com/")).is_empty());
    // What setting the sites anew would add (for the user to confirm): the new ones only, as kept.
    let added = vault.sites_added(github, &["https://github.com/x", "evil.example", "=login.evil.example"]).unwrap();
    assert_eq!(added, [site("evil.example"), site("=login.evil.example")]);
    assert!(vault.sites_added(github, &["github.com"]).unwrap().is_empty());
    assert!(vault.sites_added(999, &["github.com"]).is_err());
    for n in 1..keyfob_core::site::MAX_SITES {
        vault.link_site(github, site(&format!("site{n}.com"))).unwrap();
    }
    let over = vault.link_site(github, site("one-more.com"));
    assert!(matches!(over, Err(Error::Site(SiteError::TooMany))), "{over:?}");
    assert!(matches!(vault.link_site(999, site("github.com")), Err(Error::NoSuchAccount { id: 999 })));
}

#[test]
fn an_account_made_unchecked_is_held_to_the_name_rules_when_it_is_added() {
    let rng = SystemRandom::new();
    let (_, mut vault) = sample();
    let checked = keyfob_otp::uri::parse("otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP").unwrap();
    let secret = keyfob_otp::secret::OtpSecret::from_base32("JBSWY3DPEHPK3PXP").unwrap();
    let forged = Account::from_stored(Some("Git\u{202e}buH".into()), "alice\nroot".into(), secret, *checked.method());
    assert!(matches!(vault.add(&forged, 0, &rng), Err(Error::Name(_))), "the MAC would vouch for it after");
}

#[test]
fn names_groups_and_notes_over_a_limit_are_limits_and_refused_ones_rejected() {
    use keyfob_core::Kind;
    let long_name = "x".repeat(1000);
    let name = |value: &str| Error::from(keyfob_otp::account::check_name("account", value).unwrap_err()).kind();
    assert_eq!(name(&long_name), Kind::Limit);
    assert_eq!(name("a\u{202e}b"), Kind::Rejected);
    let organise = |e: OrganiseError| Error::from(e).kind();
    assert_eq!(organise(groups(&["g".repeat(MAX_GROUP_BYTES + 1)]).unwrap_err()), Kind::Limit);
    let too_many: Vec<String> = (0..=MAX_GROUPS).map(|i| format!("g{i}")).collect();
    assert_eq!(organise(groups(&too_many).unwrap_err()), Kind::Limit);
    assert_eq!(organise(check_note(&"n".repeat(MAX_NOTE_BYTES + 1)).unwrap_err()), Kind::Limit);
    assert_eq!(organise(groups(&["  "]).unwrap_err()), Kind::Rejected);
    assert_eq!(organise(groups(&["a\u{202e}b"]).unwrap_err()), Kind::Rejected);
}

/// A file that is not what Keyfob wrote is malformed in Keyfob's words, its fault and place: serde_json's
/// own quote the value they met (`invalid type: string "JBSWY3DP…"`), which may be a secret.
#[test]
fn a_malformed_vault_or_backup_never_quotes_a_value() {
    let (key, _) = sample();
    let text = br#"{"format": "keyfob-vault", "version": "JBSWY3DPEHPK3PXP"}"#;
    let reason = "a value has the wrong type or is missing at line 1, column 56".to_owned();
    assert_eq!(Vault::open(text, &key).unwrap_err(), Error::Malformed { reason });
    let password = Password::new(zeroize::Zeroizing::new("pw".into()));
    let Err(backup::Error::Malformed(reason)) = backup::open(br#"{"format": ["JBSWY3DPEHPK3PXP"]}"#, &password) else {
        panic!("not a backup")
    };
    assert_eq!(reason, "a value has the wrong type or is missing at line 1, column 11");
}
