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

/// A clipboard's image arrives as raw RGBA pixels; whoever put it there chose its sizes.
#[test]
fn raw_rgba_pixels_decode_and_sizes_that_lie_are_refused() {
    let payload = kit::enrolment_uri(&mut kit::rng(5), 5);
    let gray = kit::render(&payload, 4);
    let (width, height) = gray.dimensions();
    let rgba: Vec<u8> = gray.pixels().flat_map(|p| [p.0[0], p.0[0], p.0[0], 255]).collect();
    assert_eq!(decode_rgba(width, height, rgba.clone()).unwrap(), [payload]);

    let short = rgba[..rgba.len() - 1].to_vec();
    assert!(matches!(decode_rgba(width, height, short), Err(Error::Unreadable { .. })), "one byte short");
    let mut long = rgba.clone();
    long.extend_from_slice(&[0; 4]);
    assert!(matches!(decode_rgba(width, height, long), Err(Error::Unreadable { .. })), "more than it says");
    assert!(matches!(decode_rgba(width + 1, height, rgba.clone()), Err(Error::Unreadable { .. })));
    assert!(matches!(decode_rgba(u32::MAX, u32::MAX, Vec::new()), Err(Error::TooLarge { .. })), "no allocation");
    assert!(matches!(decode_rgba(0, 0, Vec::new()), Err(Error::NotFound)));
    // Transparent pixels count as white, as in a PNG with an alpha channel.
    let clear: Vec<u8> = gray.pixels().flat_map(|p| if p.0[0] > 127 { [0, 0, 0, 0] } else { [0, 0, 0, 255] }).collect();
    assert_eq!(decode_rgba(width, height, clear).unwrap().len(), 1);
}

/// The fast 3×3 median gives exactly imageproc's, borders and one-pixel-wide pictures included, so every
/// picture decodes as before.
#[test]
fn the_fast_median_is_imageprocs_median() {
    use rand::Rng;
    let mut rng = kit::rng(77);
    for (w, h) in [(1, 1), (1, 7), (9, 1), (2, 2), (3, 3), (17, 11), (64, 48)] {
        for _ in 0..5 {
            let image = GrayImage::from_fn(w, h, |_, _| Luma([rng.random()]));
            assert_eq!(median3(&image), imageproc::filter::median_filter(&image, 1, 1), "{w}×{h}");
        }
    }
    let noisy = kit::noise(&kit::render("otpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP", 3), 40, 0.02, &mut rng);
    assert_eq!(median3(&noisy), imageproc::filter::median_filter(&noisy, 1, 1));
    assert_eq!(median3(&GrayImage::new(0, 0)).dimensions(), (0, 0));
}
