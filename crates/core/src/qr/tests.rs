use image::{GrayImage, Luma};
use keyfob_testkit as kit;

use super::*;

/// The shared hard set over several seeds: each degradation a desktop QR meets, alone and combined.
#[test]
fn decodes_every_hard_case() {
    let mut failed = Vec::new();
    for seed in 1..=4 {
        for case in kit::hard_cases(seed) {
            if decode_luma(&case.image) != [case.payload.clone()] {
                failed.push(format!("seed {seed}: {}", case.name));
            }
        }
    }
    assert!(failed.is_empty(), "not decoded: {failed:?}");
}

#[test]
fn finds_two_codes_in_one_picture() {
    let (screen, payloads) = kit::two_codes(11);
    let mut found = decode_luma(&screen);
    found.sort();
    let mut expected = payloads.to_vec();
    expected.sort();
    assert_eq!(found, expected);
}

/// Regression: local thresholds sum into a `u32` integral image, which overflowed past 16 megapixels.
#[test]
fn a_screen_over_16_megapixels_without_a_code_finds_nothing() {
    let mut rng = kit::rng(9);
    let blank = GrayImage::from_pixel(1, 1, Luma([255]));
    let screen = kit::screenshot(&blank, 6000, 3000, 0, 0, &mut rng);
    assert!(decode_luma(&screen).is_empty());
}

#[test]
fn degenerate_images_find_nothing() {
    for (w, h) in [(0, 0), (1, 1), (1, 5000), (3, 3)] {
        assert!(decode_luma(&GrayImage::from_pixel(w, h, Luma([0]))).is_empty(), "{w}x{h}");
    }
}

#[test]
fn refuses_images_over_the_pixel_limit_before_decoding() {
    let mut png = Vec::new();
    image::DynamicImage::ImageLuma8(GrayImage::from_pixel(9000, 8000, Luma([255])))
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    assert_eq!(decode_image_bytes(&png), Err(Error::TooLarge { width: 9000, height: 8000 }));
}

#[test]
fn names_what_is_wrong_with_a_file() {
    assert_eq!(decode_image_bytes(b"hello"), Err(Error::UnknownFormat));
    assert!(matches!(decode_image_bytes(b"\x89PNG\r\n\x1a\n\0\0"), Err(Error::Unreadable { .. })));
    let mut png = Vec::new();
    image::DynamicImage::ImageLuma8(GrayImage::from_pixel(64, 64, Luma([255])))
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    assert_eq!(decode_image_bytes(&png), Err(Error::NotFound));
}
