//! Image files: decoding and QR scanning never panic, and huge claimed sizes are refused up front.
#![no_main]

use keyfob_core::qr;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = qr::decode_image_bytes(data);
});
