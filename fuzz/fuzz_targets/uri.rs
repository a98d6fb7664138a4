//! otpauth links and Google exports: never a panic, and every link that parses formats to one that parses
//! back to the same account.
#![no_main]

use keyfob_core::{migration, uri};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(account) = uri::parse(text) {
        let again = uri::parse(&uri::to_uri(&account)).expect("a formatted link parses");
        assert_eq!(again, account, "format then parse changed the account");
    }
    let _ = migration::parse(text);
});
