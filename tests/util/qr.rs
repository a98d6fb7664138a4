//! Pictures to scan (a QR code on a screen, or a screen without one) as the image files tests hand over,
//! and the screen read back to see that it shows one.

use std::path::Path;

use image::{DynamicImage, ImageFormat};
use keyfob_testkit::wait;

pub(crate) fn png(image: DynamicImage) -> Vec<u8> {
    let mut bytes = Vec::new();
    image.write_to(&mut std::io::Cursor::new(&mut bytes), ImageFormat::Png).unwrap();
    bytes
}

/// Waits until the screen shows the QR code of `payload`: `capture` photographs the screen into the PNG
/// file `shot` (`scrot`, `grim`), and the picture is decoded. Another program's window is drawn a moment
/// after it starts; a test that scans the screen starts once the code can be read there.
///
/// # Panics
/// After [`wait::LIMIT`], saying what the screen showed instead.
pub(crate) fn wait_until_shown(payload: &str, shot: &Path, capture: impl Fn(&Path)) {
    let seen = std::cell::RefCell::new(Vec::new());
    wait::poll_seen(
        &format!("the screen to show the QR code of {payload} (in {})", shot.display()),
        wait::LIMIT,
        || {
            capture(shot);
            let found = keyfob_core::qr::decode_image_bytes(&std::fs::read(shot).ok()?).unwrap_or_default();
            let shown = found.iter().any(|text| text == payload).then_some(());
            *seen.borrow_mut() = found;
            shown
        },
        || format!("it shows the codes {:?}", seen.borrow()),
    );
}
