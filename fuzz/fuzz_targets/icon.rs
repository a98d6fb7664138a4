//! Icon images (a file the user picks, an icon inside an Aegis export) on hostile bytes: a picture or an
//! error, never a panic, a hang or a memory blow-up. SVG goes through the checks of `keyfob_core::svg`
//! and resvg; the seeds (`fuzz/seeds/icon/`, copied into the corpus by `scripts/lib.sh`'s `fuzz_all`) are
//! a plain icon and the hostile files the core's tests refuse.
#![no_main]

use keyfob_core::icon::{Icon, Picture};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = Picture::from_image(data);
    if let Ok(text) = std::str::from_utf8(data) {
        // The stored form, as a vault or a backup gives it back.
        let _ = Icon::from_stored(Some(text), None);
        let _ = Icon::from_stored(None, Some(text));
    }
});
