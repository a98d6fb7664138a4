//! Test support for Keyfob: renders QR codes with the `qrcode` crate and degrades them the way real
//! enrolment QRs reach a desktop (screenshots, phone photos, compression), so scanning is tested and
//! benchmarked on generated images instead of binary fixtures.
//!
//! [`hard_cases`] is the shared set: the QR tests assert on it and the benchmark measures every decoder on it.

// Pixel arithmetic on pictures this crate draws itself, never on hostile input (the workspace's cast
// lints guard the product).
#![allow(clippy::cast_possible_truncation, clippy::cast_sign_loss, clippy::cast_precision_loss)]

pub mod camera;
pub mod devtools;
pub mod privacyidea;
mod services;
pub mod wait;
pub mod wayland;
pub mod webdriver;
pub mod x11;

use image::codecs::jpeg::JpegEncoder;
use image::{GrayImage, Luma, imageops};
use imageproc::geometric_transformations::{Border, Interpolation, Projection, rotate_about_center, warp};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const WHITE: Luma<u8> = Luma([255]);
const BLACK: Luma<u8> = Luma([0]);

/// A deterministic random source: the same seed gives the same images on every machine.
pub fn rng(seed: u64) -> StdRng {
    StdRng::seed_from_u64(seed)
}

/// A realistic enrolment URI with a fresh 160-bit secret, numbered so each case's payload is distinct.
pub fn enrolment_uri(rng: &mut impl Rng, n: usize) -> String {
    let secret: [u8; 20] = rng.random();
    let secret = data_encoding::BASE32_NOPAD.encode(&secret);
    format!(
        "otpauth://totp/Example%20Payroll:employee{n}%40example.com?secret={secret}&issuer=Example%20Payroll&algorithm=SHA1&digits=6&period=30"
    )
}

/// Renders `payload` as a QR code with `module` pixels per module and the standard 4-module quiet zone.
///
/// # Panics
/// If the payload does not fit in a QR code (test inputs are chosen to fit).
pub fn render(payload: &str, module: u32) -> GrayImage {
    #[allow(clippy::expect_used)] // Test support: callers pass payloads that fit.
    let code = qrcode::QrCode::new(payload.as_bytes()).expect("payload fits in a QR code");
    code.render::<Luma<u8>>().module_dimensions(module, module).quiet_zone(true).build()
}

/// A desktop-sized screenshot (`width` × `height`) with window-like clutter: title bars, text lines, buttons,
/// and `qr` pasted at (`x`, `y`).
pub fn screenshot(qr: &GrayImage, width: u32, height: u32, x: u32, y: u32, rng: &mut impl Rng) -> GrayImage {
    let mut screen = cluttered_screen(width, height, rng);
    imageops::replace(&mut screen, qr, i64::from(x), i64::from(y));
    screen
}

/// A desktop-sized screenshot with window-like clutter and no QR code: what "scan the screen" sees while
/// the setup page is not in view yet.
pub fn cluttered_screen(width: u32, height: u32, rng: &mut impl Rng) -> GrayImage {
    let mut screen = GrayImage::from_pixel(width, height, Luma([236]));
    // Window frames with title bars.
    for _ in 0..6 {
        let (wx, wy) = (rng.random_range(0..width), rng.random_range(0..height));
        let (ww, wh) = (rng.random_range(200..700), rng.random_range(150..500));
        fill(&mut screen, wx, wy, ww, wh, Luma([250]));
        fill(&mut screen, wx, wy, ww, 28, Luma([60]));
    }
    // Text-like runs of dark marks: the high-frequency texture that fools finder-pattern detection.
    for _ in 0..400 {
        let (tx, ty) = (rng.random_range(0..width), rng.random_range(0..height));
        let mut cursor = tx;
        for _ in 0..rng.random_range(3..12) {
            let len = rng.random_range(2..9);
            fill(&mut screen, cursor, ty, len, 9, Luma([rng.random_range(20..90)]));
            cursor += len + rng.random_range(2..5);
        }
    }
    screen
}

/// A 1280×720 camera frame of a code held at reading distance: 4-pixel modules on a sheet of paper, a
/// little turned and tilted, under uneven light, slightly out of focus, with sensor noise.
pub fn camera_frame(payload: &str, rng: &mut impl Rng) -> GrayImage {
    let qr = pad(&render(payload, 4), 24);
    let qr = perspective(
        &rotate(&qr, rng.random_range(-12.0..12.0)),
        [(0.03, 0.02), (-0.02, 0.03), (-0.03, -0.02), (0.02, -0.03)],
    );
    let mut frame = GrayImage::from_pixel(1280, 720, Luma([118]));
    let (x, y) = (rng.random_range(200..1280 - qr.width().min(1080)), rng.random_range(40..720 - qr.height().min(680)));
    imageops::replace(&mut frame, &qr, i64::from(x), i64::from(y));
    noise(&blur(&uneven_light(&frame, 0.7), 0.9), 10, 0.0005, rng)
}

fn fill(img: &mut GrayImage, x: u32, y: u32, w: u32, h: u32, color: Luma<u8>) {
    for py in y..(y + h).min(img.height()) {
        for px in x..(x + w).min(img.width()) {
            img.put_pixel(px, py, color);
        }
    }
}

/// Places `img` in the middle of a white canvas `margin` pixels larger on every side, so rotation and
/// perspective do not cut the code off.
pub fn pad(img: &GrayImage, margin: u32) -> GrayImage {
    let mut out = GrayImage::from_pixel(img.width() + 2 * margin, img.height() + 2 * margin, WHITE);
    imageops::replace(&mut out, img, i64::from(margin), i64::from(margin));
    out
}

/// Rotates by `degrees` about the centre, bilinear, white where nothing was.
pub fn rotate(img: &GrayImage, degrees: f32) -> GrayImage {
    let padded = pad(img, img.width() / 4);
    rotate_about_center(&padded, degrees.to_radians(), Interpolation::Bilinear, Border::Constant(WHITE))
}

/// A phone held at an angle: the square's corners move inwards by the given fractions of the size
/// (top-left, top-right, bottom-right, bottom-left, each as (dx, dy)).
pub fn perspective(img: &GrayImage, shifts: [(f32, f32); 4]) -> GrayImage {
    let padded = pad(img, img.width() / 8);
    let (w, h) = (padded.width() as f32, padded.height() as f32);
    let from = [(0.0, 0.0), (w, 0.0), (w, h), (0.0, h)];
    let mut to = from;
    for (corner, (dx, dy)) in to.iter_mut().zip(shifts) {
        corner.0 += dx * w;
        corner.1 += dy * h;
    }
    match Projection::from_control_points(from, to) {
        Some(projection) => warp(&padded, projection, Interpolation::Bilinear, Border::Constant(WHITE)),
        None => padded,
    }
}

/// Light modules on a dark background, as dark-mode pages render them.
pub fn invert(img: &GrayImage) -> GrayImage {
    let mut out = img.clone();
    imageops::invert(&mut out);
    out
}

/// Squeezes the range 0..=255 into `dark..=light`: a dim photo, a grey-on-grey theme.
pub fn contrast(img: &GrayImage, dark: u8, light: u8) -> GrayImage {
    let span = f32::from(light) - f32::from(dark);
    GrayImage::from_fn(img.width(), img.height(), |x, y| {
        let v = f32::from(img.get_pixel(x, y).0[0]) / 255.0;
        Luma([(f32::from(dark) + v * span).round() as u8])
    })
}

/// Gaussian blur: an out-of-focus camera.
pub fn blur(img: &GrayImage, sigma: f32) -> GrayImage {
    imageproc::filter::gaussian_blur_f32(img, sigma)
}

/// Sensor noise: every pixel moved by up to ±`amplitude`, and a `speckle` fraction of pixels set to pure
/// black or white.
pub fn noise(img: &GrayImage, amplitude: i16, speckle: f64, rng: &mut impl Rng) -> GrayImage {
    GrayImage::from_fn(img.width(), img.height(), |x, y| {
        if rng.random_bool(speckle) {
            return if rng.random_bool(0.5) { BLACK } else { WHITE };
        }
        let v = i16::from(img.get_pixel(x, y).0[0]) + rng.random_range(-amplitude..=amplitude);
        Luma([v.clamp(0, 255) as u8])
    })
}

/// A JPEG round trip at `quality` (1–100).
///
/// # Panics
/// If the encoder or decoder fails on an in-memory buffer, which would be a bug in `image`.
pub fn jpeg(img: &GrayImage, quality: u8) -> GrayImage {
    let mut bytes = Vec::new();
    #[allow(clippy::expect_used)] // Test support: in-memory encoding of a valid image cannot fail.
    JpegEncoder::new_with_quality(&mut bytes, quality).encode_image(img).expect("JPEG encoding");
    #[allow(clippy::expect_used)]
    image::load_from_memory(&bytes).expect("JPEG decoding").to_luma8()
}

/// Light falling off across the picture (a desk lamp on one side) plus a bright glare spot.
pub fn uneven_light(img: &GrayImage, darkest: f32) -> GrayImage {
    let (w, h) = (img.width() as f32, img.height() as f32);
    GrayImage::from_fn(img.width(), img.height(), |x, y| {
        let (fx, fy) = (x as f32 / w, y as f32 / h);
        let gain = 1.0 - (1.0 - darkest) * (fx + fy) / 2.0;
        let glare = 90.0 * (-((fx - 0.3).powi(2) + (fy - 0.3).powi(2)) * 30.0).exp();
        let v = f32::from(img.get_pixel(x, y).0[0]) * gain + glare;
        Luma([v.clamp(0.0, 255.0) as u8])
    })
}

/// Scales by `factor` with a smooth filter, as a screenshot at another DPI or a photo from further away.
pub fn scale(img: &GrayImage, factor: f32) -> GrayImage {
    let w = ((img.width() as f32 * factor).round() as u32).max(1);
    let h = ((img.height() as f32 * factor).round() as u32).max(1);
    imageops::resize(img, w, h, imageops::FilterType::Triangle)
}

/// One generated test image and the payload it must decode to.
pub struct Case {
    /// What was done to the code, e.g. `rotate-30`.
    pub name: String,
    /// The text encoded.
    pub payload: String,
    /// The degraded picture.
    pub image: GrayImage,
}

/// The hard set: one clean reference, then each degradation a desktop QR meets, alone and combined.
/// Deterministic for a given `seed`.
pub fn hard_cases(seed: u64) -> Vec<Case> {
    let mut rng = rng(seed);
    let mut cases = Vec::new();
    let mut add = |name: &str, rng: &mut StdRng, module: u32, make: &dyn Fn(&GrayImage, &mut StdRng) -> GrayImage| {
        let payload = enrolment_uri(rng, cases.len());
        let qr = render(&payload, module);
        let image = make(&qr, rng);
        cases.push(Case { name: name.to_owned(), payload, image });
    };
    add("clean", &mut rng, 6, &|qr, _| qr.clone());
    add("screenshot-1080p", &mut rng, 4, &|qr, rng| screenshot(qr, 1920, 1080, 1300, 420, rng));
    add("screenshot-4k-small-modules", &mut rng, 2, &|qr, rng| screenshot(qr, 3840, 2160, 2900, 1500, rng));
    add("tiny-2px-modules", &mut rng, 2, &|qr, _| qr.clone());
    add("tiny-1.5px-modules", &mut rng, 2, &|qr, _| scale(qr, 0.75));
    add("huge-40px-modules", &mut rng, 40, &|qr, _| qr.clone());
    add("rotate-10", &mut rng, 5, &|qr, _| rotate(qr, 10.0));
    add("rotate-30", &mut rng, 5, &|qr, _| rotate(qr, 30.0));
    add("rotate-45", &mut rng, 5, &|qr, _| rotate(qr, 45.0));
    add("rotate-170", &mut rng, 5, &|qr, _| rotate(qr, 170.0));
    add("perspective-mild", &mut rng, 6, &|qr, _| {
        perspective(qr, [(0.05, 0.02), (-0.02, 0.06), (-0.06, -0.03), (0.03, -0.02)])
    });
    add("perspective-strong", &mut rng, 8, &|qr, _| {
        perspective(qr, [(0.12, 0.05), (-0.03, 0.14), (-0.10, -0.04), (0.02, -0.12)])
    });
    add("perspective-extreme", &mut rng, 8, &|qr, _| {
        perspective(qr, [(0.22, 0.10), (-0.02, 0.0), (-0.02, 0.0), (0.22, -0.10)])
    });
    add("inverted", &mut rng, 6, &|qr, _| invert(qr));
    add("inverted-screenshot", &mut rng, 4, &|qr, rng| invert(&screenshot(qr, 1600, 900, 200, 150, rng)));
    add("low-contrast", &mut rng, 6, &|qr, _| contrast(qr, 110, 160));
    add("very-low-contrast", &mut rng, 6, &|qr, _| contrast(qr, 120, 145));
    add("blur-1.5", &mut rng, 6, &|qr, _| blur(qr, 1.5));
    add("blur-3", &mut rng, 8, &|qr, _| blur(qr, 3.0));
    add("blur-5", &mut rng, 10, &|qr, _| blur(qr, 5.0));
    add("noise", &mut rng, 6, &|qr, rng| noise(qr, 40, 0.0, rng));
    add("speckle", &mut rng, 6, &|qr, rng| noise(qr, 10, 0.08, rng));
    add("speckle-heavy", &mut rng, 6, &|qr, rng| noise(qr, 10, 0.15, rng));
    add("low-contrast-noisy", &mut rng, 6, &|qr, rng| noise(&contrast(qr, 115, 150), 12, 0.0, rng));
    add("jpeg-q15", &mut rng, 4, &|qr, _| jpeg(qr, 15));
    add("jpeg-q5", &mut rng, 6, &|qr, _| jpeg(qr, 5));
    add("uneven-light", &mut rng, 6, &|qr, _| uneven_light(qr, 0.35));
    add("deep-shadow", &mut rng, 6, &|qr, _| uneven_light(qr, 0.12));
    add("downscaled-photo", &mut rng, 5, &|qr, _| scale(qr, 0.55));
    add("photo-combo", &mut rng, 7, &|qr, rng| {
        let bent = perspective(&rotate(qr, 12.0), [(0.06, 0.02), (-0.02, 0.05), (-0.05, -0.02), (0.02, -0.04)]);
        jpeg(&noise(&blur(&uneven_light(&contrast(&bent, 40, 200), 0.5), 1.2), 12, 0.0, rng), 40)
    });
    add("dark-mode-photo", &mut rng, 6, &|qr, rng| {
        jpeg(&noise(&blur(&contrast(&invert(&rotate(qr, 20.0)), 30, 170), 1.0), 15, 0.0, rng), 50)
    });
    cases
}

/// Two different codes side by side in one screenshot, both to be found.
pub fn two_codes(seed: u64) -> (GrayImage, [String; 2]) {
    let mut rng = rng(seed);
    let payloads = [enrolment_uri(&mut rng, 1), enrolment_uri(&mut rng, 2)];
    let mut screen = screenshot(&render(&payloads[0], 4), 1400, 800, 100, 200, &mut rng);
    imageops::replace(&mut screen, &render(&payloads[1], 4), 800, 200);
    (screen, payloads)
}
