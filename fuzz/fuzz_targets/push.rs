//! Push enrolment links and challenges as a server sends them: never a panic; a challenge that parses
//! always yields its signed text, and never verifies against a key that did not sign it.
#![no_main]

use keyfob_push_proto::{self as push, Challenge, PublicKey};
use libfuzzer_sys::fuzz_target;

/// A fixed 2048-bit public key (PKCS#1, base64), made for this target; its private half was thrown away,
/// so it signed none of the fuzzer's inputs.
const KEY: &str = "MIIBCgKCAQEAiksdZKbWBq0AzO1mZB1iFEeK82PfXLwXXZfTviBgMbRpwaM97vPx/EF8nWPaQ256haAM7Voql3iiQpAsTTvTFbujTViD/NZo6M6Ko0tJ9l5UKRFlsZ67F2hqd1Wka2AZULBJ+vp00jrLfaxP283FvaLsSd93MYZar9PcXIxXGiVkGGv4gfkHG/45MRsm/fQn121HdqhWYpePD6IwrHsEbcohATQOrp3+6DJzDFoikJ+RSw6WWefWILjSAA2R1FbWhHa7YBcSjR+O3cV6YRuc5y+jehM78uZd9gnd/0ynsE458K7BVzDhooOLtLKf95+ybBsScmYywAdwDpbK/AI8LwIDAQAB";

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = push::parse_link(text);
    }
    if let Ok(challenge) = serde_json::from_slice::<Challenge>(data) {
        let _ = challenge.signed_text();
        let key = PublicKey::from_base64(KEY).expect("the fixed key reads");
        assert!(challenge.verify(&challenge.serial, &challenge.url, &key).is_err(), "an unsigned challenge verified");
    }
});
