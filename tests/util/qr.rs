//! Pictures to scan (a QR code on a screen, or a screen without one) as the image files tests hand over.

use image::{DynamicImage, ImageFormat};

pub(crate) fn png(image: DynamicImage) -> Vec<u8> {
    let mut bytes = Vec::new();
    image.write_to(&mut std::io::Cursor::new(&mut bytes), ImageFormat::Png).unwrap();
    bytes
}
