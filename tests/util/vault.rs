//! Vaults the tests start from, and `keyfob`'s answers about them.

use std::collections::BTreeSet;

use keyfob_core::OtpSecret;
use rand::Rng;

use crate::util::run::Run;
use crate::util::session::Session;

/// alice@example.com's GitHub account: the one [`passphrase_vault`] holds.
pub(crate) const GITHUB: &str = "otpauth://totp/GitHub:alice%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=GitHub";

/// A distinct, realistic account link with a random 160-bit secret.
pub(crate) fn link(rng: &mut impl Rng, n: usize) -> String {
    let secret: Vec<u8> = (0..20).map(|_| rng.random()).collect();
    let secret = OtpSecret::from_bytes(secret).unwrap().to_base32();
    let algorithm = ["SHA1", "SHA256", "SHA512"][n % 3];
    format!(
        "otpauth://totp/Service{n}:user{n}%40example.com?secret={}&issuer=Service{n}&algorithm={algorithm}&digits={}",
        secret.as_str(),
        6 + n % 3
    )
}

/// The standard output of a `keyfob` run, asserted to have succeeded.
pub(crate) fn ok(run: Run) -> String {
    assert_eq!(run.status, Some(0), "{run:?}");
    run.stdout
}

/// Every account in `session`'s vault, as exported links.
pub(crate) fn exported(session: &Session) -> BTreeSet<String> {
    ok(session.keyfob(&["export", "--uris", "--i-understand-this-prints-secrets"])).lines().map(str::to_owned).collect()
}

/// A session whose vault holds GitHub behind the passphrase `correct horse battery` (the second value is
/// the passphrase file).
pub(crate) fn passphrase_vault() -> (Session, String) {
    passphrase_vault_in(Session::unlocked())
}

/// [`passphrase_vault`] in `session`.
pub(crate) fn passphrase_vault_in(session: Session) -> (Session, String) {
    std::fs::create_dir_all(session.home()).unwrap();
    let pass = session.home().join("pass");
    std::fs::write(&pass, "correct horse battery").unwrap();
    let pass = pass.to_str().unwrap().to_owned();
    assert_eq!(session.keyfob(&["init", "--passphrase-file", &pass]).status, Some(0));
    assert_eq!(session.keyfob(&["add", GITHUB, "--passphrase-file", &pass]).status, Some(0));
    (session, pass)
}

/// A vault at `vault` behind the passphrase "correct horse battery" holding ACME push tokens enrolled
/// over remote http (`PIPUOLD`, as Keyfob once allowed), https (`PIPUTLS`) and http on this computer
/// (`PIPULOCAL`). Written through the store directly: Keyfob refuses to enrol the first one now.
pub(crate) fn vault_with_push_over_http(vault: &std::path::Path) {
    use std::sync::Arc;

    use keyfob_core::crypto::Password;
    use keyfob_push_proto::{DeviceKey, Enrolment, PublicKey};
    use keyfob_store::{MemoryKeychain, Store, Unlock, VaultDir};

    let store =
        Store::new(VaultDir::at(vault), Box::new(MemoryKeychain::default()), Arc::new(keyfob_core::FixedClock(0)));
    let unlock = Unlock::with_passphrase(Password::new(zeroize::Zeroizing::new("correct horse battery".into())));
    store.init(&unlock).unwrap();
    let device = DeviceKey::generate(2048, &mut rsa::rand_core::OsRng).unwrap();
    let server = PublicKey::from_base64(&device.public_key_base64().unwrap()).unwrap();
    let enrolment = |url: &str, serial: &str| Enrolment {
        issuer: Some("ACME".into()),
        name: serial.to_lowercase(),
        url: url.into(),
        serial: serial.into(),
        sslverify: true,
        ttl_minutes: 10,
        enrollment_credential: zeroize::Zeroizing::new("9f2c0a".into()),
    };
    store
        .update(&unlock, |vault, rng| {
            for (url, serial) in [
                ("http://push.example.com/ttype/push", "PIPUOLD"),
                ("https://push.example.com/ttype/push", "PIPUTLS"),
                ("http://127.0.0.1:5001/ttype/push", "PIPULOCAL"),
            ] {
                vault.add_push(&enrolment(url, serial), server.clone(), &device, 0, rng)?;
            }
            Ok(())
        })
        .unwrap();
}
