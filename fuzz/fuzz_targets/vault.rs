//! Vault files from anywhere: the header reader and the opener never panic. Half the inputs are taken as
//! the body of a file authenticated under the fixed key (as only its holder could write), so the body and
//! record parsers behind the MAC are reached, not only the MAC check.
#![no_main]

use std::sync::OnceLock;

use keyfob_vault::{KeySource, Vault, VaultId, VaultKey};
use libfuzzer_sys::fuzz_target;

fn key() -> VaultKey {
    VaultKey::from_keychain_text("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=").expect("a 32-byte key")
}

fn id() -> &'static VaultId {
    static ID: OnceLock<VaultId> = OnceLock::new();
    ID.get_or_init(|| {
        let rng = ring::rand::SystemRandom::new();
        Vault::create(&key(), KeySource::Keychain, &rng).expect("a vault").id().clone()
    })
}

fuzz_target!(|data: &[u8]| {
    let key = key();
    match data.split_first() {
        Some((0..=127, rest)) => {
            let _ = Vault::header(rest);
            let _ = Vault::open(rest, &key);
        }
        Some((_, body)) => {
            let Ok(body) = std::str::from_utf8(body) else { return };
            let Ok(file) = Vault::dangerous_authenticate_body(id(), body, &key) else { return };
            if let Ok(vault) = Vault::open(&file, &key) {
                // What opened must survive its own round trip.
                let again = vault.to_bytes().expect("an open vault serialises");
                Vault::open(&again, &key).expect("a vault Keyfob wrote opens");
                let _ = vault.accounts();
            }
        }
        None => {}
    }
});
