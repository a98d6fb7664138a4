//! Every importer on hostile bytes: an answer or an error, never a panic, a hang or a memory blow-up.
//! Each format reads the bytes without a password (its whole layout is checked before a password is asked
//! for, so no key derivation runs at a cost the bytes choose); Aegis and 2FAS, whose derivations are
//! bounded cheaply, also with one.
#![no_main]

use keyfob_interop::import::{self, Format, Password};
use libfuzzer_sys::fuzz_target;
use zeroize::Zeroizing;

fuzz_target!(|data: &[u8]| {
    let _ = import::read(data, None, None);
    let _ = import::read_files(&[("otp_accounts.json.aes", data)], None, None);
    for format in Format::ALL {
        let _ = import::read(data, Some(format), None);
    }
    let password = Password::new(Zeroizing::new("fuzz password".to_owned()));
    for format in [Format::Aegis, Format::TwoFas] {
        let _ = import::read(data, Some(format), Some(&password));
    }
});
