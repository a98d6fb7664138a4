//! Raw grayscale frames, as a camera delivers them: the fast path (thresholds, finder patterns, grid
//! sampling) never panics on any pixels. The first byte is the width; the rest fill whole rows.
#![no_main]

use image::GrayImage;
use keyfob_core::qr;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&width, pixels)) = data.split_first() else { return };
    let width = usize::from(width).max(1);
    let height = pixels.len() / width;
    let (Ok(w), Ok(h)) = (u32::try_from(width), u32::try_from(height)) else { return };
    if let Some(frame) = GrayImage::from_raw(w, h, pixels[..width * height].to_vec()) {
        let _ = qr::decode_frame(&frame);
    }
});
