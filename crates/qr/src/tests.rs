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

/// The fast path alone reads what a camera sees at reading distance, frame after frame.
#[test]
fn the_fast_path_reads_camera_frames() {
    for seed in 1..=8 {
        let mut rng = kit::rng(2000 + seed);
        let payload = kit::enrolment_uri(&mut rng, 0);
        assert_eq!(decode_frame(&kit::camera_frame(&payload, &mut rng)), [payload], "seed {seed}");
    }
}

/// The fast path reads most of the hard set by itself (the rest falls to the slower passes, which
/// `decodes_every_hard_case` covers): clean, turned, tilted, inverted, blurred, dim and compressed codes.
#[test]
fn the_fast_path_reads_most_hard_cases() {
    let cases = kit::hard_cases(1);
    let read: Vec<&str> =
        cases.iter().filter(|c| decode_frame(&c.image) == [c.payload.clone()]).map(|c| c.name.as_str()).collect();
    for name in ["clean", "screenshot-1080p", "rotate-45", "perspective-extreme", "inverted", "blur-5", "photo-combo"] {
        assert!(read.contains(&name), "{name} not read by the fast path (read: {read:?})");
    }
    assert!(read.len() * 10 >= cases.len() * 9, "only {} of {} read fast", read.len(), cases.len());
}

/// A screen with no code gives the fast path nothing to hand on, so no slow pass runs on it.
#[test]
fn a_cluttered_screen_without_a_code_leaves_no_region_to_search() {
    for seed in 1..=3 {
        let screen = kit::cluttered_screen(1920, 1080, &mut kit::rng(seed));
        let outcome = fast::read(&screen);
        assert!(outcome.found.is_empty() && outcome.regions.is_empty(), "seed {seed}: {:?}", outcome.regions);
        assert!(decode_luma(&screen).is_empty());
    }
}

/// Sensor noise on a blank surface is not a field of finder patterns.
#[test]
fn a_noisy_blank_frame_has_no_finder_patterns() {
    let blank = GrayImage::from_pixel(1280, 720, Luma([118]));
    let noisy = kit::noise(&kit::blur(&blank, 0.9), 10, 0.0005, &mut kit::rng(4));
    assert!(finder::find(&bitmap::binarize(&noisy)).is_empty());
    assert!(decode_frame(&noisy).is_empty());
}

/// A hostile picture tiled with finder patterns: candidates, triples tried and regions searched are all
/// capped, so it costs bounded work and finds nothing.
#[test]
fn a_picture_made_of_finder_patterns_is_bounded_work() {
    let finder = kit::render("x", 3);
    let finder = image::imageops::crop_imm(&finder, 12, 12, 21, 21).to_image();
    let mut tiled = GrayImage::from_pixel(1600, 1600, Luma([255]));
    for row in 0..50 {
        for column in 0..50 {
            image::imageops::replace(&mut tiled, &finder, column * 32, row * 32);
        }
    }
    let found = finder::find(&bitmap::binarize(&tiled));
    assert!(found.len() > 200, "the tiles are finder patterns: {}", found.len());
    assert!(found.len() <= 256);
    let outcome = fast::read(&tiled);
    assert!(outcome.found.is_empty());
    assert!(outcome.regions.len() <= 4);
    assert!(decode_luma(&tiled).is_empty());
}

#[test]
fn thresholds_follow_the_picture_and_a_flat_one_is_all_light() {
    for (w, h) in [(0, 0), (1, 1), (1, 999), (999, 1), (13, 7)] {
        let flat = bitmap::binarize(&GrayImage::from_pixel(w, h, Luma([40])));
        assert!((0..h as usize).all(|y| flat.row(y).iter().all(|dark| !dark)), "{w}x{h}");
    }
    // A dim code beside a quiet zone: modules next to the blank margin stay dark.
    let dim = kit::contrast(&kit::render("otpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP", 6), 110, 160);
    let bitmap = bitmap::binarize(&dim);
    let quiet = 4 * 6;
    assert!(bitmap.dark(quiet + 1, quiet + 1), "the top-left finder's outer ring");
    assert!(!bitmap.dark(quiet + 7, quiet + 7), "its light ring");
    assert!(bitmap.dark(quiet + 18, quiet + 18), "its centre");
    assert!(!bitmap.dark(2, 2), "the quiet zone");
}

/// On a screen-sized picture the slow passes run only around finder patterns the fast path saw but could
/// not read: here a code with 1.5-pixel modules.
#[test]
fn a_code_the_fast_path_cannot_sample_is_searched_in_its_region() {
    let case = kit::hard_cases(2).into_iter().find(|c| c.name == "tiny-1.5px-modules").unwrap();
    let screen = kit::screenshot(&kit::pad(&case.image, 8), 1920, 1080, 900, 500, &mut kit::rng(3));
    let outcome = fast::read(&screen);
    assert!(outcome.found.is_empty(), "the fast path reads it now: pick a harder case");
    let [region] = outcome.regions[..] else { panic!("one region: {:?}", outcome.regions) };
    assert!(region.x <= 900 + 8 && region.y <= 500 + 8, "{region:?}");
    assert!(region.x + region.width >= 900 + 8 + case.image.width(), "{region:?}");
    assert_eq!(decode_luma(&screen), [case.payload]);
}
