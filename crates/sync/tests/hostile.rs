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

/// `replica`'s next file at `now`, written (prepared, then committed as the store does after its rename).
fn write(replica: &mut Replica, now: u64) -> (String, Vec<u8>) {
    let file = replica.prepare(now, &key(), &SystemRandom::new()).unwrap().unwrap();
    replica.commit(&file);
    (file.name().to_owned(), file.bytes().to_vec())
}

/// A laptop with GitHub, its file written, and a desktop that has not read it.
fn pair() -> (Replica, Replica, (String, Vec<u8>)) {
    let mut laptop = Replica::new(LAPTOP, FOLDER);
    laptop.add(NOW, GITHUB, github(), credential(1), 0).unwrap();
    let file = write(&mut laptop, NOW);
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
    let (_, second) = write(&mut laptop, NOW + 1);
    assert!(matches!(desktop.read(&name, &second, NOW, &key()), Ok(Outcome::Merged { sequence: 2, .. })));
    let refused = desktop.read(&name, &first, NOW, &key()).unwrap_err();
    assert_eq!(refused, Error::Rollback { device: LAPTOP, sequence: 1, seen: 2 });
    assert_eq!(desktop.state().account(GITHUB).unwrap().fields().name, "bob", "nothing of the old file came back");
    // The same old file as a syncing tool's conflict copy is what the tool leaves behind: ignored.
    let copy = format!("device-{LAPTOP}.sync-conflict-20270101-101010-ABCDEFG.kfsync");
    assert_eq!(desktop.read(&copy, &first, NOW, &key()), Ok(Outcome::OlderCopy));
    // A newer file only seen as a conflict copy is merged, and the main file, older, is then a rollback.
    laptop.edit(NOW + 2, GITHUB, Edit::Favourite(true)).unwrap();
    let (_, third) = write(&mut laptop, NOW + 2);
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
    desktop.retire(LAPTOP).unwrap();
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
    let (mut laptop, mut desktop, (laptop_name, first)) = pair();
    desktop.read(&laptop_name, &first, NOW, &key()).unwrap();
    let (desktop_name, _) = write(&mut desktop, NOW);
    laptop.edit(NOW + 2000, GITHUB, Edit::Name("alice2".into())).unwrap();
    laptop
        .edit(NOW + 2001, GITHUB, Edit::Note(Some(Note::new(Zeroizing::new("recovery 1234".into())).unwrap())))
        .unwrap();
    desktop.remove(NOW + 1900, GITHUB).unwrap();
    assert!(desktop.state().account(GITHUB).is_none());
    let (_, from_laptop) = write(&mut laptop, NOW + 2001);
    let (_, from_desktop) = write(&mut desktop, NOW + 1900);
    laptop.read(&desktop_name, &from_desktop, NOW + 3000, &key()).unwrap();
    desktop.read(&laptop_name, &from_laptop, NOW + 3000, &key()).unwrap();
    assert_eq!(laptop.state(), desktop.state());
    let kept = desktop.state().account(GITHUB).expect("kept: the laptop wrote without seeing the removal");
    assert_eq!(kept.fields().name, "alice2");
    assert_eq!(kept.fields().note.unwrap().expose_secret(), "recovery 1234");
    assert_eq!(kept.secrets().live().len(), 1, "with its secret");
    // Removed again, having seen the edit: gone everywhere, and gone for good 180 days later.
    desktop.remove(NOW + 4000, GITHUB).unwrap();
    let (_, again) = write(&mut desktop, NOW + 4000);
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
    let (mut laptop, mut desktop, (laptop_name, first)) = pair();
    desktop.read(&laptop_name, &first, NOW, &key()).unwrap();
    laptop.replace_secret(NOW + 10, GITHUB, credential(2), 0).unwrap();
    desktop.replace_secret(NOW + 20, GITHUB, credential(3), 0).unwrap();
    let (_, from_laptop) = write(&mut laptop, NOW + 10);
    let (desktop_name, from_desktop) = write(&mut desktop, NOW + 20);
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
    let mut laptop = Replica::new(LAPTOP, FOLDER);
    laptop.name(NOW, "Laptop".into()).unwrap();
    laptop.add(NOW + 1000, GITHUB, github(), credential(1), 0).unwrap();
    let (laptop_name, first) = write(&mut laptop, NOW + 1000);
    let mut desktop = Replica::new(DESKTOP, FOLDER);
    desktop.read(&laptop_name, &first, NOW + 1100, &key()).unwrap();
    laptop.edit(NOW + 2000, GITHUB, Edit::Name("alice@work".into())).unwrap();
    desktop.remove(NOW + 1900, GITHUB).unwrap();
    let (_, from_laptop) = write(&mut laptop, NOW + 2000);
    let (desktop_name, from_desktop) = write(&mut desktop, NOW + 1900);
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
    assert!(Replica::is_stale(last_exchange, later));
    desktop.rejoin(last_exchange);
    let (desktop_name, from_desktop) = write(&mut desktop, later);
    let (_, from_laptop) = write(&mut laptop, later);
    desktop.read(&laptop_name, &from_laptop, later, &key()).unwrap();
    laptop.read(&desktop_name, &from_desktop, later, &key()).unwrap();
    assert_eq!(laptop.state(), desktop.state());
    let there: Vec<Uid> = laptop.state().accounts().map(|(uid, _)| uid).collect();
    assert_eq!(there, [gitlab], "GitHub, removed and forgotten, did not come back; GitLab came");
}

const DAY: u64 = 24 * 3600 * 1000;

#[test]
fn a_new_computer_refuses_an_old_file_listing_an_account_whose_removal_expired_even_as_a_conflict_copy() {
    // The laptop's only file lists GitHub; the laptop then goes quiet for good.
    let (_, mut desktop, (laptop_name, old)) = pair();
    desktop.read(&laptop_name, &old, NOW, &key()).unwrap();
    desktop.remove(NOW + 10, GITHUB).unwrap();
    let later = NOW + 10 + limit::TOMBSTONE_MS + 1;
    desktop.expire(later);
    assert_eq!(desktop.state().held(), 0, "the removal has expired");
    let (desktop_name, from_desktop) = write(&mut desktop, later);
    // A computer joins: it has read nothing of the laptop's, so any sequence of it is new to it.
    let mut computer = Replica::new(DeviceId::from_bytes([3; 16]), FOLDER);
    assert_eq!(
        computer.read(&desktop_name, &from_desktop, later, &key()),
        Ok(Outcome::Merged { device: DESKTOP, sequence: 1, changed: false })
    );
    let too_old = Error::TooOld { device: LAPTOP, age_ms: later - NOW };
    assert_eq!(computer.read(&laptop_name, &old, later, &key()), Err(too_old.clone()));
    assert_eq!(too_old.kind(), keyfob_otp::Kind::Rejected);
    // Someone with write access to the folder puts the captured file back as a conflict copy.
    let copy = format!("device-{LAPTOP}.sync-conflict-20270101-101010-ABCDEFG.kfsync");
    assert_eq!(computer.read(&copy, &old, later, &key()), Err(too_old));
    assert_eq!(computer.state(), &State::default(), "GitHub did not come back");
}

#[test]
fn a_file_written_before_a_removal_is_refused_wherever_it_expired_with_clocks_a_day_apart() {
    // Real time t; each device's clock is t plus its skew. The laptop's clock and the expiring device's
    // are almost a day ahead; the desktop (which removes) and the new computer are right. With a margin
    // of one skew rather than two, the laptop's last file would be merged below and GitHub come back.
    let ahead = DAY - 1000;
    let mut laptop = Replica::new(LAPTOP, FOLDER);
    laptop.add(NOW + ahead, GITHUB, github(), credential(1), 0).unwrap();
    let (laptop_name, first) = write(&mut laptop, NOW + ahead);
    let mut desktop = Replica::new(DESKTOP, FOLDER);
    desktop.read(&laptop_name, &first, NOW + 1000, &key()).unwrap();
    // Two days later the laptop adds GitLab and writes its last file, still listing GitHub.
    let gitlab = Uid::from_bytes([0xb2; 16]);
    let t = NOW + 2 * DAY;
    laptop.add(t + ahead, gitlab, Fields { name: "gl".into(), ..Fields::default() }, credential(4), 0).unwrap();
    let (_, last) = write(&mut laptop, t + ahead);
    // Just after (in real time), the desktop removes GitHub, having seen all the laptop wrote to it.
    let removed = desktop.remove(t + 10, GITHUB).unwrap();
    assert_eq!(removed, Hlc::new(t + 10, 0, DESKTOP));
    let (desktop_name, from_desktop) = write(&mut desktop, t + 10);
    // A third device, its clock ahead, merges both and keeps exchanging; it lets the removal expire.
    let third = DeviceId::from_bytes([3; 16]);
    let mut away = Replica::new(third, FOLDER);
    away.read(&laptop_name, &last, t + 20 + ahead, &key()).unwrap();
    away.read(&desktop_name, &from_desktop, t + 20 + ahead, &key()).unwrap();
    let expiry = removed.wall_ms() + limit::TOMBSTONE_MS + 1;
    away.expire(expiry);
    assert_eq!(away.state().held(), 1, "GitHub's removal expired; GitLab stays");
    let (away_name, from_away) = write(&mut away, expiry);
    // A new computer, its clock right (a day behind the third's), joins at that moment.
    let now = expiry - ahead;
    let mut computer = Replica::new(DeviceId::from_bytes([4; 16]), FOLDER);
    assert!(matches!(computer.read(&away_name, &from_away, now, &key()), Ok(Outcome::Merged { .. })));
    let age_ms = now - (t + ahead);
    assert!(age_ms > limit::FILE_AGE_MS && age_ms <= limit::TOMBSTONE_MS - limit::SKEW_MS, "{age_ms}");
    assert_eq!(computer.read(&laptop_name, &last, now, &key()), Err(Error::TooOld { device: LAPTOP, age_ms }));
    let there: Vec<Uid> = computer.state().accounts().map(|(uid, _)| uid).collect();
    assert_eq!(there, [gitlab], "GitHub did not come back");
}

#[test]
fn a_device_is_stale_two_skews_before_removals_expire_and_old_files_are_refused_as_early() {
    assert_eq!(limit::MARGIN_MS, 2 * limit::CLOCK_AHEAD_MS);
    assert_eq!(limit::STALE_MS + limit::MARGIN_MS, limit::TOMBSTONE_MS);
    assert_eq!(limit::FILE_AGE_MS, limit::STALE_MS);
    let last = Hlc::new(NOW, 3, DESKTOP);
    assert!(!Replica::is_stale(last, NOW + limit::STALE_MS));
    assert!(Replica::is_stale(last, NOW + limit::STALE_MS + 1));
    // Away a day less than removals are remembered: stale (it might hold an account whose removal, stamped
    // by a clock a day behind the one that expires it, is gone elsewhere).
    assert!(Replica::is_stale(last, NOW + limit::TOMBSTONE_MS - DAY));
}

#[test]
fn an_idle_group_rewrites_its_files_so_a_new_computer_can_read_them() {
    let (mut laptop, _, (name, _)) = pair();
    assert!(laptop.prepare(NOW + limit::REFRESH_MS - 1, &key(), &SystemRandom::new()).unwrap().is_none());
    let (_, fresh) = write(&mut laptop, NOW + 200 * DAY);
    let mut computer = Replica::new(DeviceId::from_bytes([3; 16]), FOLDER);
    assert_eq!(
        computer.read(&name, &fresh, NOW + 200 * DAY, &key()),
        Ok(Outcome::Merged { device: LAPTOP, sequence: 2, changed: true })
    );
    assert!(computer.state().account(GITHUB).is_some());
}

#[test]
fn two_files_within_bounds_whose_merge_is_over_them_are_refused_and_change_nothing() {
    let (mut laptop, mut desktop, (laptop_name, first)) = pair();
    desktop.read(&laptop_name, &first, NOW, &key()).unwrap();
    // Each re-keys GitHub 200 times: 200 replaced secrets each, 399 once merged (the first is shared).
    for i in 0..200 {
        laptop.replace_secret(NOW + 1 + i, GITHUB, credential(2), 0).unwrap();
        desktop.replace_secret(NOW + 1 + i, GITHUB, credential(3), 0).unwrap();
    }
    let (_, from_laptop) = write(&mut laptop, NOW + 300);
    let before = desktop.state().clone();
    let refused = desktop.read(&laptop_name, &from_laptop, NOW + 300, &key()).unwrap_err();
    assert_eq!(refused, Error::TooMany { what: "replaced secrets", count: 399, limit: limit::SUPERSEDED });
    assert_eq!(refused.kind(), keyfob_otp::Kind::Limit);
    assert_eq!(desktop.state(), &before);
    // A device's own writes are held to the same bound: the 257th replaced secret is refused.
    for i in 0..56 {
        laptop.replace_secret(NOW + 400 + i, GITHUB, credential(2), 0).unwrap();
    }
    let refused = laptop.replace_secret(NOW + 500, GITHUB, credential(2), 0).unwrap_err();
    assert_eq!(refused, Error::TooMany { what: "replaced secrets", count: 257, limit: limit::SUPERSEDED });
    assert_eq!(laptop.state().account(GITHUB).unwrap().secrets().live().len(), 1);
}

/// `count` devices, numbered from 1, each with its file after `setup`.
fn devices(count: u8, mut setup: impl FnMut(&mut Replica)) -> Vec<(Replica, (String, Vec<u8>))> {
    (1..=count)
        .map(|i| {
            let mut replica = Replica::new(DeviceId::from_bytes([i; 16]), FOLDER);
            setup(&mut replica);
            let file = write(&mut replica, NOW + 10);
            (replica, file)
        })
        .collect()
}

#[test]
fn an_account_written_by_more_devices_than_the_bound_merged_is_refused() {
    let (_, _, (laptop_name, first)) = pair();
    let many = devices(33, |replica| {
        if replica.device() != LAPTOP {
            replica.read(&laptop_name, &first, NOW, &key()).unwrap();
            replica.edit(NOW + 5, GITHUB, Edit::Favourite(true)).unwrap();
        }
    });
    let mut reader = Replica::new(DeviceId::from_bytes([0xee; 16]), FOLDER);
    for (_, (name, bytes)) in &many[1..32] {
        assert!(matches!(reader.read(name, bytes, NOW + 20, &key()), Ok(Outcome::Merged { .. })));
    }
    assert_eq!(reader.state().account(GITHUB).unwrap().secrets().live().len(), 1);
    let (name, bytes) = &many[32].1;
    let before = reader.state().clone();
    assert_eq!(
        reader.read(name, bytes, NOW + 20, &key()),
        Err(Error::TooMany { what: "devices", count: 33, limit: limit::DEVICES })
    );
    assert_eq!(reader.state(), &before);
}

#[test]
fn a_folder_names_at_most_32_devices_in_its_life_retired_ones_included() {
    // Names are never dropped: past 32 devices named, the folder is set up again (as retiring asks).
    let named = devices(32, |replica| {
        let name = format!("computer {}", replica.device());
        replica.name(NOW, name).unwrap();
    });
    let mut first = Replica::new(DeviceId::from_bytes([1; 16]), FOLDER);
    for (_, (name, bytes)) in &named[1..] {
        first.read(name, bytes, NOW + 20, &key()).unwrap();
    }
    first.name(NOW + 30, "computer 1".into()).unwrap();
    first.retire(DeviceId::from_bytes([2; 16])).unwrap();
    assert_eq!(first.state().devices().count(), 32, "the retired one's name kept");
    let (first_name, from_first) = write(&mut first, NOW + 40);
    // A 33rd computer reads them all, and cannot name itself.
    let mut late = Replica::new(DeviceId::from_bytes([33; 16]), FOLDER);
    late.read(&first_name, &from_first, NOW + 50, &key()).unwrap();
    let refused = late.name(NOW + 60, "computer 33".into()).unwrap_err();
    assert_eq!(refused, Error::TooMany { what: "devices", count: 33, limit: limit::DEVICES });
    assert_eq!(late.state().devices().count(), 32);
    // Named before it read them, its file and theirs are refused by each other.
    let mut other = Replica::new(DeviceId::from_bytes([34; 16]), FOLDER);
    other.name(NOW, "computer 34".into()).unwrap();
    let (other_name, from_other) = write(&mut other, NOW + 10);
    let over = Error::TooMany { what: "devices", count: 33, limit: limit::DEVICES };
    assert_eq!(first.read(&other_name, &from_other, NOW + 70, &key()), Err(over.clone()));
    assert_eq!(other.read(&first_name, &from_first, NOW + 70, &key()), Err(over));
}

#[test]
fn a_file_whose_write_failed_is_prepared_again_and_nothing_is_taken_as_written_before_commit() {
    let rng = SystemRandom::new();
    let mut laptop = Replica::new(LAPTOP, FOLDER);
    laptop.add(NOW, GITHUB, github(), credential(1), 0).unwrap();
    let failed = laptop.prepare(NOW, &key(), &rng).unwrap().unwrap();
    assert_eq!(failed.sequence(), 1);
    // The rename failed: no commit. The same change is still to write, under the same sequence.
    let memory = laptop.memory();
    assert_eq!((memory.sequence, memory.changed), (0, true));
    let again = laptop.prepare(NOW + 1, &key(), &rng).unwrap().unwrap();
    assert_eq!(again.sequence(), 1);
    // A change made while a file was being written is still to write after its commit.
    laptop.edit(NOW + 2, GITHUB, Edit::Name("bob".into())).unwrap();
    laptop.commit(&again);
    assert_eq!((laptop.memory().sequence, laptop.memory().changed), (1, true));
    let next = laptop.prepare(NOW + 3, &key(), &rng).unwrap().unwrap();
    assert_eq!(next.sequence(), 2);
    laptop.commit(&next);
    assert_eq!((laptop.memory().sequence, laptop.memory().changed), (2, false));
    assert!(laptop.prepare(NOW + 4, &key(), &rng).unwrap().is_none());
    let mut desktop = Replica::new(DESKTOP, FOLDER);
    assert!(matches!(
        desktop.read(next.name(), next.bytes(), NOW + 5, &key()),
        Ok(Outcome::Merged { sequence: 2, .. })
    ));
    assert_eq!(desktop.state().account(GITHUB).unwrap().fields().name, "bob");
}

#[test]
fn a_file_written_before_a_crash_is_adopted_and_the_next_one_numbered_after_it() {
    let (mut laptop, mut desktop, (name, first)) = pair();
    desktop.read(&name, &first, NOW, &key()).unwrap();
    let (memory, state) = (laptop.memory(), laptop.state().clone());
    // The laptop renames GitHub and writes file 2; it crashes before keeping its memory.
    laptop.edit(NOW + 1, GITHUB, Edit::Name("bob".into())).unwrap();
    let (_, second) = write(&mut laptop, NOW + 1);
    assert!(matches!(desktop.read(&name, &second, NOW + 2, &key()), Ok(Outcome::Merged { sequence: 2, .. })));
    let mut laptop = Replica::resume(memory, state);
    laptop.edit(NOW + 3, GITHUB, Edit::Favourite(true)).unwrap();
    // Reading the folder, it finds its own file past what it remembers: merged back, its sequence taken.
    assert_eq!(laptop.read(&name, &second, NOW + 4, &key()), Ok(Outcome::Adopted { sequence: 2 }));
    assert_eq!(laptop.read(&name, &second, NOW + 4, &key()), Ok(Outcome::Own));
    assert_eq!(laptop.state().account(GITHUB).unwrap().fields().name, "bob");
    let (_, third) = write(&mut laptop, NOW + 5);
    assert_eq!(laptop.memory().sequence, 3);
    // Numbered after it, the next file is merged, not skipped as one already merged.
    assert!(matches!(desktop.read(&name, &third, NOW + 6, &key()), Ok(Outcome::Merged { sequence: 3, .. })));
    let fields = desktop.state().account(GITHUB).unwrap().fields();
    assert_eq!((fields.name.as_str(), fields.favourite), ("bob", true));
}

#[test]
fn a_file_forged_under_this_devices_id_is_adopted_and_its_sequence_passed_or_refused_at_the_end() {
    let (mut laptop, _, (name, _)) = pair();
    let at = Hlc::new(NOW + 1, 0, LAPTOP);
    let mut state = laptop.state().clone();
    state.edit(GITHUB, at, Edit::Name("mallory".into())).unwrap();
    let forged = forge(&key(), FOLDER, LAPTOP, 1000, state.clone(), at);
    assert_eq!(laptop.read(&name, &forged, NOW + 2, &key()), Ok(Outcome::Adopted { sequence: 1000 }));
    let next = laptop.prepare(NOW + 3, &key(), &SystemRandom::new()).unwrap().unwrap();
    assert_eq!(next.sequence(), 1001);
    let last = forge(&key(), FOLDER, LAPTOP, u64::MAX, state, at);
    assert_eq!(laptop.read(&name, &last, NOW + 4, &key()), Ok(Outcome::Adopted { sequence: u64::MAX }));
    assert_eq!(
        laptop.prepare(NOW + 5, &key(), &SystemRandom::new()).unwrap_err(),
        Error::Damaged("no sequence left after this device's")
    );
}
