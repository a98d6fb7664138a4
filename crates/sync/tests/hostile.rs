//! What anyone with write access to the folder can put there: each hostile file gets its own error,
//! changes nothing, and the rest of the folder still merges. Also the folder file's passphrase check,
//! removals and their expiry, concurrent secrets, and the worked example of docs/sync-format.md.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "test helpers: a failure is the test failing")]

use keyfob_crypto::{KdfParams, Key, Password};
use keyfob_sync::file::{self, Content, HEADER_LEN, Header};
use keyfob_sync::limit;
use keyfob_sync::{
    Algorithm, CodeType, Credential, DeviceId, Edit, Error, Fields, FolderFile, FolderId, Hlc, Note, Outcome, Replica,
    SecretBytes, State, SyncKey, Uid,
};
use ring::rand::SystemRandom;
use zeroize::Zeroizing;

const NOW: u64 = 1_800_000_000_000;
const LAPTOP: DeviceId = DeviceId::from_bytes([1; 16]);
const DESKTOP: DeviceId = DeviceId::from_bytes([2; 16]);
const FOLDER: FolderId = FolderId::from_bytes([7; 16]);
const GITHUB: Uid = Uid::from_bytes([0xa1; 16]);

fn key() -> SyncKey {
    SyncKey::from_root(Key::from_bytes(&[42; 32]).unwrap())
}

fn credential(byte: u8) -> Credential {
    Credential {
        secret: SecretBytes::new(Zeroizing::new(vec![byte; 20])).unwrap(),
        code_type: CodeType::Totp,
        algorithm: Algorithm::Sha1,
        digits: 6,
        period: 30,
        created: 1_800_000_000,
    }
}

fn github() -> Fields {
    Fields { issuer: Some("GitHub".into()), name: "alice".into(), ..Fields::default() }
}

/// A laptop with GitHub, its file written, and a desktop that has not read it.
fn pair() -> (Replica, Replica, (String, Vec<u8>)) {
    let mut laptop = Replica::new(LAPTOP, FOLDER);
    laptop.add(NOW, GITHUB, github(), credential(1), 0).unwrap();
    let file = laptop.write(&key(), &SystemRandom::new()).unwrap().unwrap();
    (laptop, Replica::new(DESKTOP, FOLDER), file)
}

/// `device`'s file `sequence`, holding `state`, sealed with `key` for `folder`.
fn forge(key: &SyncKey, folder: FolderId, device: DeviceId, sequence: u64, state: State, clock: Hlc) -> Vec<u8> {
    file::seal(key, folder, Header { device, sequence }, &Content { clock, state }, &SystemRandom::new()).unwrap()
}

#[test]
fn a_truncated_file_is_damaged_at_every_cut_and_changes_nothing() {
    let (_, mut desktop, (name, bytes)) = pair();
    for cut in 0..bytes.len() {
        let refused = desktop.read(&name, &bytes[..cut], NOW, &key()).unwrap_err();
        let expected = if cut < 8 { Error::NotSync } else { refused.clone() };
        assert_eq!(refused, expected, "cut at {cut}");
        assert!(matches!(refused, Error::NotSync | Error::Damaged(_)), "cut at {cut}: {refused:?}");
    }
    assert_eq!(desktop.state(), &State::default());
    assert!(matches!(desktop.read(&name, &bytes, NOW, &key()), Ok(Outcome::Merged { sequence: 1, .. })));
}

#[test]
fn a_tampered_byte_anywhere_is_refused_and_told_apart_from_damage() {
    let (_, mut desktop, (name, bytes)) = pair();
    for at in 0..bytes.len() {
        let mut tampered = bytes.clone();
        tampered[at] ^= 0x01;
        let refused = desktop.read(&name, &tampered, NOW, &key()).unwrap_err();
        let expected = match at {
            0..8 => matches!(refused, Error::NotSync),
            8..24 => matches!(refused, Error::Misnamed { named: LAPTOP, .. }),
            // A sequence changed in the header: not the one sealed (and 0 is none).
            24..31 => matches!(refused, Error::Unauthentic(LAPTOP)),
            31 => matches!(refused, Error::Damaged("sequence 0")),
            32..36 => matches!(refused, Error::Damaged("the stated length is not the file's")),
            _ => matches!(refused, Error::Unauthentic(LAPTOP)),
        };
        assert!(expected, "byte {at}: {refused:?}");
        assert_eq!(refused.kind(), keyfob_otp::Kind::Integrity);
    }
    assert_eq!(desktop.state(), &State::default());
}

#[test]
fn a_huge_file_or_one_lying_about_its_length_is_refused_before_any_work() {
    let (_, mut desktop, (name, bytes)) = pair();
    let huge = vec![0u8; limit::FILE_BYTES + 1];
    let refused = desktop.read(&name, &huge, NOW, &key()).unwrap_err();
    assert_eq!(refused, Error::TooLarge { size: huge.len() as u64, limit: limit::FILE_BYTES as u64 });
    assert_eq!(refused.kind(), keyfob_otp::Kind::Limit);
    // The header says the box is 4 GiB; the file holds a few hundred bytes.
    let mut lying = bytes.clone();
    lying[32..36].copy_from_slice(&u32::MAX.to_be_bytes());
    assert_eq!(Header::read(&lying).unwrap_err(), Error::Damaged("the stated length is not the file's"));
    // Extra bytes after the box: the same.
    let mut longer = bytes;
    longer.extend_from_slice(&[0; 64]);
    assert!(matches!(desktop.read(&name, &longer, NOW, &key()), Err(Error::Damaged(_))));
    assert_eq!(HEADER_LEN, 36);
}

#[test]
fn a_state_over_its_bounds_is_refused_even_sealed_with_the_right_key() {
    let at = Hlc::new(NOW, 0, LAPTOP);
    let mut state = State::default();
    state.add(GITHUB, at, github(), credential(1), 0).unwrap();
    // A device that bypasses its own checks: one record copied under 10,001 uids.
    let mut json = serde_json::to_value(&state).unwrap();
    let record = json["records"][GITHUB.to_string()].clone();
    let records = json["records"].as_object_mut().unwrap();
    for i in 0..=limit::RECORDS as u128 {
        records.insert(Uid::from_bytes(i.to_be_bytes()).to_string(), record.clone());
    }
    let forged: State = serde_json::from_value(json).unwrap();
    let bytes = forge(&key(), FOLDER, LAPTOP, 1, forged, at);
    let name = format!("device-{LAPTOP}.kfsync");
    let refused = Replica::new(DESKTOP, FOLDER).read(&name, &bytes, NOW, &key()).unwrap_err();
    assert_eq!(refused, Error::TooMany { what: "records", count: limit::RECORDS + 2, limit: limit::RECORDS });
    // A secret over its limit is refused as the file is read.
    let mut json = serde_json::to_value(&state).unwrap();
    let long = data_encoding::BASE64.encode(&[1; limit::SECRET_BYTES + 1]);
    json["records"][GITHUB.to_string()]["secrets"]["live"][0]["credential"]["secret"] = long.into();
    let plain = serde_json::to_vec(&serde_json::json!({"clock": at, "state": json})).unwrap();
    assert!(serde_json::from_slice::<Content>(&plain).is_err());
    // And a device's own edits are held to the same bounds.
    let mut long = Fields { name: "n".repeat(limit::NAME_BYTES + 1), ..Fields::default() };
    let refused = State::default().add(GITHUB, at, long.clone(), credential(1), 0).unwrap_err();
    assert_eq!(refused, Error::TooLong { field: "name", len: limit::NAME_BYTES + 1, limit: limit::NAME_BYTES });
    long.name = "n".into();
    long.groups = (0..=limit::GROUPS).map(|g| g.to_string()).collect();
    assert!(matches!(State::default().add(GITHUB, at, long, credential(1), 0), Err(Error::TooMany { .. })));
}

#[test]
fn a_replayed_file_is_skipped_and_an_older_one_refused_as_a_rollback() {
    let (mut laptop, mut desktop, (name, first)) = pair();
    assert!(matches!(desktop.read(&name, &first, NOW, &key()), Ok(Outcome::Merged { sequence: 1, changed: true, .. })));
    assert_eq!(desktop.read(&name, &first, NOW, &key()), Ok(Outcome::AlreadyMerged), "replayed: skipped unopened");
    laptop.edit(NOW + 1, GITHUB, Edit::Name("bob".into())).unwrap();
    let (_, second) = laptop.write(&key(), &SystemRandom::new()).unwrap().unwrap();
    assert!(matches!(desktop.read(&name, &second, NOW, &key()), Ok(Outcome::Merged { sequence: 2, .. })));
    let refused = desktop.read(&name, &first, NOW, &key()).unwrap_err();
    assert_eq!(refused, Error::Rollback { device: LAPTOP, sequence: 1, seen: 2 });
    assert_eq!(desktop.state().account(GITHUB).unwrap().fields().name, "bob", "nothing of the old file came back");
    // The same old file as a syncing tool's conflict copy is what the tool leaves behind: ignored.
    let copy = format!("device-{LAPTOP}.sync-conflict-20270101-101010-ABCDEFG.kfsync");
    assert_eq!(desktop.read(&copy, &first, NOW, &key()), Ok(Outcome::OlderCopy));
    // A newer file only seen as a conflict copy is merged, and the main file, older, is then a rollback.
    laptop.edit(NOW + 2, GITHUB, Edit::Favourite(true)).unwrap();
    let (_, third) = laptop.write(&key(), &SystemRandom::new()).unwrap().unwrap();
    let nextcloud = format!("device-{LAPTOP} (conflicted copy 2027-01-01 101010).kfsync");
    assert!(matches!(desktop.read(&nextcloud, &third, NOW, &key()), Ok(Outcome::Merged { sequence: 3, .. })));
    assert!(matches!(desktop.read(&name, &second, NOW, &key()), Err(Error::Rollback { sequence: 2, seen: 3, .. })));
    assert!(desktop.state().account(GITHUB).unwrap().fields().favourite);
}

#[test]
fn another_folders_file_a_wrong_key_and_a_file_moved_to_another_name_do_not_open() {
    let (_, mut desktop, (name, bytes)) = pair();
    let at = Hlc::new(NOW, 0, LAPTOP);
    let mut state = State::default();
    state.add(GITHUB, at, github(), credential(1), 0).unwrap();
    let elsewhere = forge(&key(), FolderId::from_bytes([8; 16]), LAPTOP, 1, state.clone(), at);
    assert_eq!(desktop.read(&name, &elsewhere, NOW, &key()), Err(Error::Unauthentic(LAPTOP)));
    let other_key = SyncKey::from_root(Key::from_bytes(&[43; 32]).unwrap());
    assert_eq!(desktop.read(&name, &bytes, NOW, &other_key), Err(Error::Unauthentic(LAPTOP)));
    let third = DeviceId::from_bytes([3; 16]);
    let moved = format!("device-{third}.kfsync");
    assert_eq!(desktop.read(&moved, &bytes, NOW, &key()), Err(Error::Misnamed { named: third, inside: LAPTOP }));
    // The header relabelled as the third device's: the sealed header says otherwise.
    let mut relabelled = bytes;
    relabelled[8..24].copy_from_slice(third.as_bytes());
    assert_eq!(desktop.read(&moved, &relabelled, NOW, &key()), Err(Error::Unauthentic(third)));
    assert_eq!(desktop.state(), &State::default());
}

#[test]
fn a_wrong_passphrase_is_told_apart_and_the_folder_file_is_read_with_bounds() {
    let cheap = KdfParams { m_kib: 64, t: 1, p: 1 };
    let passphrase = |s: &str| Password::new(Zeroizing::new(s.to_owned()));
    let (folder, key) = FolderFile::create(FOLDER, [5; 16], cheap, &passphrase("correct horse battery")).unwrap();
    let read = FolderFile::from_bytes(&folder.to_bytes()).unwrap();
    assert_eq!(read, folder);
    assert_eq!(
        read.unlock(&passphrase("correct horse battery")).unwrap().root().expose_secret(),
        key.root().expose_secret()
    );
    let wrong = read.unlock(&passphrase("correct horse battery!")).unwrap_err();
    assert_eq!(wrong, Error::WrongPassphrase);
    assert_eq!(wrong.kind(), keyfob_otp::Kind::WrongSecret);
    assert_eq!(
        keyfob_sync::key::choose_passphrase(Zeroizing::new("123456789\n".into())).unwrap_err(),
        Error::PassphraseTooShort(10)
    );
    assert!(keyfob_sync::key::choose_passphrase(Zeroizing::new("éééééééééé".into())).is_ok());

    let text = String::from_utf8(folder.to_bytes()).unwrap();
    let with = |from: &str, to: &str| FolderFile::from_bytes(text.replace(from, to).as_bytes());
    assert_eq!(with("\"version\":1", "\"version\":2").unwrap_err(), Error::Unsupported(2));
    assert_eq!(with("keyfob-sync", "keyfob-vault").unwrap_err(), Error::NotSync);
    assert!(matches!(with("\"folder\":", "\"x\":1,\"folder\":"), Err(Error::Damaged(_))));
    assert!(matches!(with("\"salt\":\"", "\"salt\":\"AAAA"), Err(Error::Damaged(_))));
    let greedy = with("\"m_kib\":64", "\"m_kib\":4194304").unwrap();
    assert!(matches!(
        greedy.unlock(&passphrase("correct horse battery")),
        Err(Error::Crypto(keyfob_crypto::Error::ExcessiveCost { .. }))
    ));
    let padded = format!("{text}{}", " ".repeat(5000));
    assert!(matches!(FolderFile::from_bytes(padded.as_bytes()), Err(Error::TooLarge { .. })));
    assert_eq!(FolderFile::from_bytes(b"\x00\xff").unwrap_err(), Error::NotSync);
}

#[test]
fn a_clock_a_day_ahead_and_a_retired_device_are_refused() {
    let at = Hlc::new(NOW + limit::CLOCK_AHEAD_MS + 1, 0, LAPTOP);
    let mut state = State::default();
    state.add(GITHUB, at, github(), credential(1), 0).unwrap();
    let ahead = forge(&key(), FOLDER, LAPTOP, 1, state, at);
    let name = format!("device-{LAPTOP}.kfsync");
    let mut desktop = Replica::new(DESKTOP, FOLDER);
    assert_eq!(
        desktop.read(&name, &ahead, NOW, &key()),
        Err(Error::ClockAhead { device: LAPTOP, ahead_ms: limit::CLOCK_AHEAD_MS + 1 })
    );
    assert_eq!(desktop.state(), &State::default());
    let (_, _, (name, bytes)) = pair();
    desktop.retire(LAPTOP);
    assert_eq!(desktop.read(&name, &bytes, NOW, &key()), Err(Error::Retired(LAPTOP)));
}

#[test]
fn names_with_path_tricks_are_refused_and_junk_ignored_unread() {
    let mut desktop = Replica::new(DESKTOP, FOLDER);
    for name in ["../device-x.kfsync", "a/b", "device-ZZ.kfsync", "device-\u{1b}.kfsync"] {
        assert!(matches!(desktop.read(name, b"", NOW, &key()), Err(Error::Name(_))), "{name}");
    }
    for i in 0..5000 {
        assert_eq!(desktop.read(&format!("junk-{i}.bin"), b"\x00", NOW, &key()), Ok(Outcome::Ignored));
    }
    assert_eq!(desktop.read("keyfob-sync.json", b"{}", NOW, &key()), Ok(Outcome::Ignored));
}

#[test]
fn an_account_edited_on_one_computer_while_removed_on_another_is_kept_whole() {
    // docs/sync-format.md, "Worked example".
    let rng = SystemRandom::new();
    let (mut laptop, mut desktop, (laptop_name, first)) = pair();
    desktop.read(&laptop_name, &first, NOW, &key()).unwrap();
    let (desktop_name, _) = desktop.write(&key(), &rng).unwrap().unwrap();
    laptop.edit(NOW + 2000, GITHUB, Edit::Name("alice2".into())).unwrap();
    laptop
        .edit(NOW + 2001, GITHUB, Edit::Note(Some(Note::new(Zeroizing::new("recovery 1234".into())).unwrap())))
        .unwrap();
    desktop.remove(NOW + 1900, GITHUB).unwrap();
    assert!(desktop.state().account(GITHUB).is_none());
    let (_, from_laptop) = laptop.write(&key(), &rng).unwrap().unwrap();
    let (_, from_desktop) = desktop.write(&key(), &rng).unwrap().unwrap();
    laptop.read(&desktop_name, &from_desktop, NOW + 3000, &key()).unwrap();
    desktop.read(&laptop_name, &from_laptop, NOW + 3000, &key()).unwrap();
    assert_eq!(laptop.state(), desktop.state());
    let kept = desktop.state().account(GITHUB).expect("kept: the laptop wrote without seeing the removal");
    assert_eq!(kept.fields().name, "alice2");
    assert_eq!(kept.fields().note.unwrap().expose_secret(), "recovery 1234");
    assert_eq!(kept.secrets().live().len(), 1, "with its secret");
    // Removed again, having seen the edit: gone everywhere, and gone for good 180 days later.
    desktop.remove(NOW + 4000, GITHUB).unwrap();
    let (_, again) = desktop.write(&key(), &rng).unwrap().unwrap();
    laptop.read(&desktop_name, &again, NOW + 5000, &key()).unwrap();
    assert!(laptop.state().account(GITHUB).is_none());
    assert_eq!(laptop.state().accounts().count(), 0);
    laptop.expire(NOW + 4000 + limit::TOMBSTONE_MS - 1);
    assert!(laptop.state().account(GITHUB).is_none());
    assert_eq!(laptop.state().held(), 1, "the tombstone is kept until it expires");
    laptop.expire(NOW + 4001 + limit::TOMBSTONE_MS);
    assert_eq!(laptop.state().held(), 0);
}

#[test]
fn two_secrets_written_without_seeing_each_other_are_both_kept_until_one_is_chosen() {
    let rng = SystemRandom::new();
    let (mut laptop, mut desktop, (laptop_name, first)) = pair();
    desktop.read(&laptop_name, &first, NOW, &key()).unwrap();
    laptop.replace_secret(NOW + 10, GITHUB, credential(2), 0).unwrap();
    desktop.replace_secret(NOW + 20, GITHUB, credential(3), 0).unwrap();
    let (_, from_laptop) = laptop.write(&key(), &rng).unwrap().unwrap();
    let (desktop_name, from_desktop) = desktop.write(&key(), &rng).unwrap().unwrap();
    desktop.read(&laptop_name, &from_laptop, NOW + 30, &key()).unwrap();
    laptop.read(&desktop_name, &from_desktop, NOW + 30, &key()).unwrap();
    assert_eq!(laptop.state(), desktop.state());
    let secrets: Vec<u8> = desktop
        .state()
        .account(GITHUB)
        .unwrap()
        .secrets()
        .live()
        .values()
        .map(|k| k.credential.secret.expose_secret()[0])
        .collect();
    assert_eq!(secrets, [2, 3], "both kept; the first one, which both saw replaced, gone");
    desktop.replace_secret(NOW + 40, GITHUB, credential(3), 0).unwrap();
    assert_eq!(desktop.state().account(GITHUB).unwrap().secrets().live().len(), 1, "chosen");
    assert!(!format!("{:?}", desktop.state()).contains("[3, 3, 3"), "secrets never print");
}

/// The state of docs/sync-format.md's worked example after step 2: GitHub added on the laptop, renamed
/// there while the desktop removed it (having seen only the add), both files read by both.
fn worked_example() -> (Replica, Replica) {
    let rng = SystemRandom::new();
    let mut laptop = Replica::new(LAPTOP, FOLDER);
    laptop.name(NOW, "Laptop".into()).unwrap();
    laptop.add(NOW + 1000, GITHUB, github(), credential(1), 0).unwrap();
    let (laptop_name, first) = laptop.write(&key(), &rng).unwrap().unwrap();
    let mut desktop = Replica::new(DESKTOP, FOLDER);
    desktop.read(&laptop_name, &first, NOW + 1100, &key()).unwrap();
    laptop.edit(NOW + 2000, GITHUB, Edit::Name("alice@work".into())).unwrap();
    desktop.remove(NOW + 1900, GITHUB).unwrap();
    let (_, from_laptop) = laptop.write(&key(), &rng).unwrap().unwrap();
    let (desktop_name, from_desktop) = desktop.write(&key(), &rng).unwrap().unwrap();
    laptop.read(&desktop_name, &from_desktop, NOW + 2100, &key()).unwrap();
    desktop.read(&laptop_name, &from_laptop, NOW + 2100, &key()).unwrap();
    (laptop, desktop)
}

#[test]
fn the_documented_state_is_what_the_worked_example_merges_to() {
    let (laptop, desktop) = worked_example();
    assert_eq!(laptop.state(), desktop.state());
    assert_eq!(desktop.state().account(GITHUB).unwrap().fields().name, "alice@work");
    let doc = include_str!("../../../docs/sync-format.md");
    let example = doc.split_once("## Worked example").unwrap().1;
    let block = example.split_once("```json\n").unwrap().1.split_once("```").unwrap().0;
    let documented: serde_json::Value = serde_json::from_str(block).unwrap();
    assert_eq!(serde_json::to_value(desktop.state()).unwrap(), documented);
}

#[test]
fn a_device_out_of_touch_past_the_tombstones_time_rejoins_with_only_its_new_writes() {
    let rng = SystemRandom::new();
    let (mut laptop, mut desktop, (laptop_name, first)) = pair();
    desktop.read(&laptop_name, &first, NOW, &key()).unwrap();
    let last_exchange = desktop.memory().clock;
    // The laptop removes GitHub; the desktop is away for 200 days, then adds GitLab.
    laptop.remove(NOW + 10, GITHUB).unwrap();
    let later = NOW + limit::TOMBSTONE_MS + 20 * 24 * 3600 * 1000;
    laptop.expire(later);
    assert_eq!(laptop.state().held(), 0, "the removal has expired");
    let gitlab = Uid::from_bytes([0xb2; 16]);
    desktop.add(later, gitlab, Fields { name: "gl".into(), ..Fields::default() }, credential(4), 0).unwrap();
    desktop.rejoin(last_exchange);
    let (desktop_name, from_desktop) = desktop.write(&key(), &rng).unwrap().unwrap();
    let (_, from_laptop) = laptop.write(&key(), &rng).unwrap().unwrap();
    desktop.read(&laptop_name, &from_laptop, later, &key()).unwrap();
    laptop.read(&desktop_name, &from_desktop, later, &key()).unwrap();
    assert_eq!(laptop.state(), desktop.state());
    let there: Vec<Uid> = laptop.state().accounts().map(|(uid, _)| uid).collect();
    assert_eq!(there, [gitlab], "GitHub, removed and forgotten, did not come back; GitLab came");
}
