//! otpauth links, Google exports and websites: never a panic; every link that parses formats to one that
//! parses back to the same account; and a site, once kept, reads back as itself (the vault stores sites
//! as text and reads them again at every open).
#![no_main]

use keyfob_core::site::{Site, same_origin};
use keyfob_core::uri;
use keyfob_interop::google::migration;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(account) = uri::parse(text) {
        let again = uri::parse(&uri::to_uri(&account)).expect("a formatted link parses");
        assert_eq!(again, account, "format then parse changed the account");
    }
    let _ = migration::parse(text);
    for site in [Site::of_page(text), Site::parse(text)].into_iter().flatten() {
        assert_eq!(Site::parse(site.as_str()).as_ref(), Ok(&site), "a kept site reads back as itself");
        let _ = site.named_like(text);
    }
    let (frame, top) = text.split_once('\n').unwrap_or((text, text));
    let _ = same_origin(frame, top);
});
