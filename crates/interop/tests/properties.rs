//! Round trips as properties, over accounts drawn at random: every link Keyfob writes parses back to the
//! same account; every account sealed into a vault, a backup or an export comes back unchanged.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use keyfob_core::account::Account;
use keyfob_core::otp::{Algorithm, Digits, Method, Period};
use keyfob_core::{OtpSecret, uri};
use keyfob_interop::aegis;
use keyfob_interop::google::migration;
use keyfob_interop::import::{self, Password};
use keyfob_vault::portable::{Extras, Portable};
use keyfob_vault::{KdfParams, KeySource, Vault, VaultKey, backup};
use proptest::prelude::*;
use ring::rand::SystemRandom;
use zeroize::Zeroizing;

/// A name as people write them: letters of several scripts, digits, spaces inside, punctuation that links
/// must escape (`:`, `&`, `=`, `%`, `?`, `#`, `/`, `+`).
fn name(min: usize) -> impl Strategy<Value = String> {
    proptest::string::string_regex(&format!("[A-Za-z0-9éßЖ中✓@._:&=%?#/+ -]{{{min},30}}"))
        .expect("a valid pattern")
        .prop_map(|n| n.trim().to_owned())
}

fn algorithm() -> impl Strategy<Value = Algorithm> {
    prop_oneof![Just(Algorithm::Sha1), Just(Algorithm::Sha256), Just(Algorithm::Sha512)]
}

fn method() -> impl Strategy<Value = Method> {
    let digits = (6u8..=8).prop_map(|d| Digits::new(d).expect("6 to 8"));
    let period = prop_oneof![Just(30u32), Just(60), 1u32..=86_400].prop_map(|p| Period::new(p).expect("1 to a day"));
    prop_oneof![
        (algorithm(), digits.clone(), period.clone()).prop_map(|(algorithm, digits, period)| Method::Totp {
            algorithm,
            digits,
            period
        }),
        (algorithm(), digits, any::<u64>()).prop_map(|(algorithm, digits, counter)| Method::Hotp {
            algorithm,
            digits,
            counter
        }),
        period.prop_map(|period| Method::Steam { period }),
    ]
}

prop_compose! {
    fn account()(issuer in proptest::option::of(name(1)), account in name(0), secret in proptest::collection::vec(any::<u8>(), 1..64), method in method())
        -> Option<Account> {
        Account::new(issuer.as_deref(), &account, OtpSecret::from_bytes(secret).ok()?, method).ok()
    }
}

fn accounts(max: usize) -> impl Strategy<Value = Vec<Account>> {
    proptest::collection::vec(account(), 1..max).prop_map(|found| found.into_iter().flatten().collect())
}

/// Accounts with groups, pins and notes drawn at random (notes of any text, lines and all).
fn organised(max: usize) -> impl Strategy<Value = Vec<Portable>> {
    let extras = (
        proptest::collection::vec(name(1), 0..4),
        any::<bool>(),
        proptest::option::of(proptest::string::string_regex("(?s).{0,200}").expect("a valid pattern")),
    );
    (accounts(max), proptest::collection::vec(extras, max)).prop_map(|(accounts, extras)| {
        accounts
            .into_iter()
            .zip(extras)
            .map(|(account, (groups, favourite, note))| {
                let (extras, _) = Extras::salvage(&groups, favourite, note.as_deref());
                Portable { account, extras }
            })
            .collect()
    })
}

const CHEAP: KdfParams = KdfParams { m_kib: 1024, t: 1, p: 1 };

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn every_link_keyfob_writes_parses_back_to_the_same_account(account in account()) {
        let Some(account) = account else { return Ok(()) };
        let link = uri::to_uri(&account);
        let parsed = uri::parse(&link).unwrap();
        prop_assert_eq!(&parsed, &account, "{}", link.as_str());
        prop_assert_eq!(uri::to_uri(&parsed), link);
    }

    #[test]
    fn a_vault_opens_to_exactly_what_was_sealed_into_it(accounts in accounts(12)) {
        let rng = SystemRandom::new();
        let key = VaultKey::generate(&rng).unwrap();
        let mut vault = Vault::create(&key, KeySource::Keychain, &rng).unwrap();
        for account in &accounts {
            vault.add(account, 1_800_000_000, &rng).unwrap();
        }
        let reopened = Vault::open(&vault.to_bytes().unwrap(), &key).unwrap();
        let mut expected: Vec<Account> = Vec::new();
        for account in &accounts {
            if !expected.contains(account) {
                expected.push(account.duplicate());
            }
        }
        prop_assert_eq!(reopened.accounts().unwrap(), expected);
        let other = VaultKey::generate(&rng).unwrap();
        prop_assert!(Vault::open(&vault.to_bytes().unwrap(), &other).is_err());
    }

    #[test]
    fn exports_import_back_unchanged(organised in organised(12)) {
        // Aegis, plain: every account Keyfob holds, with its groups, pin and note.
        let file = aegis::dangerous_write_plaintext(&organised, &SystemRandom::new()).unwrap();
        let report = import::read(&file, None, None).unwrap();
        prop_assert!(report.problems.is_empty() && report.left_out.is_empty(), "{:?}", report);
        prop_assert_eq!(&report.accounts, &organised);
        let accounts: Vec<Account> = organised.into_iter().map(|p| p.account).collect();
        // Google Authenticator: the accounts it can hold, the others left out and counted.
        let refs: Vec<&Account> = accounts.iter().collect();
        let (text, left_out) = migration::to_uri(&refs, migration::Batch { index: 0, size: 1, id: 7 });
        let exported = migration::parse(&text).unwrap();
        let holdable: Vec<&Account> = accounts.iter().filter(|a| migration::can_export(a)).collect();
        prop_assert_eq!(left_out, accounts.len() - holdable.len());
        prop_assert_eq!(exported.accounts.iter().collect::<Vec<_>>(), holdable);
    }
}

proptest! {
    // argon2id runs once per case, even at test costs.
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn a_backup_opens_with_its_password_to_exactly_what_was_sealed(accounts in organised(8), created in any::<u64>()) {
        let password = Password::new(Zeroizing::new("correct horse battery".into()));
        let bytes = backup::seal(&accounts, &password, CHEAP, created, &SystemRandom::new()).unwrap();
        prop_assert_eq!(backup::open(&bytes, &password).unwrap(), (accounts, created));
        let wrong = Password::new(Zeroizing::new("correct horse battery!".into()));
        prop_assert_eq!(backup::open(&bytes, &wrong).unwrap_err(), backup::Error::WrongPassword);
    }
}
