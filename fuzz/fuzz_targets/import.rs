//! Every importer on hostile bytes: an answer or an error, never a panic, a hang or a memory blow-up.
#![no_main]

use keyfob_core::import::{self, Format, Password};
use libfuzzer_sys::fuzz_target;
use zeroize::Zeroizing;

fuzz_target!(|data: &[u8]| {
    let password = Password::new(Zeroizing::new("fuzz password".to_owned()));
    let _ = import::read(data, None, Some(&password));
    for name in ["aegis", "2fas", "bitwarden", "andotp", "otpauth"] {
        let format = Format::from_name(name).expect("a known format");
        let _ = import::read(data, Some(format), Some(&password));
    }
});
