//! Vault files from anywhere: the header reader and the opener never panic.
#![no_main]

use keyfob_core::vault::{Vault, VaultKey};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = Vault::header(data);
    let key = VaultKey::from_keychain_text("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=").expect("a 32-byte key");
    let _ = Vault::open(data, &key);
});
