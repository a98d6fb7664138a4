//! Finding and reading QR codes in pictures: a screenshot with the enrolment QR somewhere on it, a photo of
//! a monitor, a pasted image.
//!
//! [`decode_luma`] tries a fast path first ([`decode_frame`] alone, the one video uses): a threshold that
//! follows the light, finder patterns found by their 1:1:3:1:1 rhythm, each likely triple sampled straight
//! into a grid that `rqrr` error-corrects and decodes. It reads most pictures in a millisecond or two and
//! rules out a screen with no code in tens of milliseconds.
//!
//! What it cannot read goes to `rqrr`'s own detection (a port of quirc), slower but more forgiving, with
//! the image clean-up a real picture needs: a fixed list of passes, cheapest first, stopping at the first
//! that finds a code (on the whole picture when it is photo-sized, else around the finder patterns seen):
//!
//! 1. the picture as it is, then inverted (light-on-dark codes from dark themes);
//! 2. local (adaptive) thresholds at two window sizes, which survive uneven light and low contrast;
//! 3. a median filter against speckle noise, then the thresholds again;
//! 4. the picture scaled up (modules of 1–2 px) and down (huge or blurred modules, large screenshots).
//!
//! Images larger than [`MAX_PIXELS`] are refused before they are decoded, so a small file that claims to be
//! a gigapixel image cannot exhaust memory.
//!
//! Its own crate, at the bottom of the house: it owns finding and reading QR codes in pixels, and must not
//! know what a code holds (otpauth links are `keyfob-otp`'s, exports `keyfob-interop`'s), read a file, or keep a picture.

use std::io::Cursor;
use std::panic::{AssertUnwindSafe, catch_unwind};

use image::{DynamicImage, GrayImage, ImageReader, Limits, imageops};

/// The largest image accepted, in pixels: 64 megapixels, room for three 4K monitors side by side twice over.
pub const MAX_PIXELS: u64 = 64_000_000;
/// The largest image file read, in bytes: far above any screenshot or photo, far below what would hurt.
pub const MAX_FILE_BYTES: usize = 256 * 1024 * 1024;

/// The most memory the image decoder may allocate, in bytes.
const MAX_DECODER_ALLOC: u64 = 1 << 30;

/// Why no code came out of an image.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The bytes are not an image format we read.
    #[error("not a supported image (PNG, JPEG, WebP, GIF or BMP)")]
    UnknownFormat,
    /// The image could not be decoded: truncated, damaged, or a variant the decoder lacks.
    #[error("the image could not be read: {reason}")]
    Unreadable {
        /// The decoder's explanation.
        reason: String,
    },
    /// Over [`MAX_PIXELS`].
    #[error("the image is {width}×{height} pixels, over the limit of {max} megapixels; crop it to the QR code", max = MAX_PIXELS / 1_000_000)]
    TooLarge {
        /// Width in pixels.
        width: u32,
        /// Height in pixels.
        height: u32,
    },
    /// Nothing that looks like a QR code.
    #[error("no QR code found; make sure the whole code is in the picture, sharp and not cut off")]
    NotFound,
}

/// Decodes image file bytes (format detected from content) and returns the text of every QR code found, in
/// reading order, without duplicates.
///
/// # Errors
/// [`Error::UnknownFormat`], [`Error::Unreadable`] or [`Error::TooLarge`] for the file;
/// [`Error::NotFound`] when it holds no readable QR code.
pub fn decode_image_bytes(bytes: &[u8]) -> Result<Vec<String>, Error> {
    let image = load(bytes)?;
    let found = decode_luma(&to_luma_on_white(&image));
    if found.is_empty() { Err(Error::NotFound) } else { Ok(found) }
}

/// Decodes raw RGBA pixels (`width` × `height`, 4 bytes each, as a clipboard hands over an image) and
/// returns the text of every QR code found, as [`decode_image_bytes`] does.
///
/// # Errors
/// [`Error::TooLarge`] past [`MAX_PIXELS`]; [`Error::Unreadable`] when `rgba` does not hold exactly the
/// pixels the sizes say; [`Error::NotFound`] when there is no readable QR code.
pub fn decode_rgba(width: u32, height: u32, rgba: Vec<u8>) -> Result<Vec<String>, Error> {
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(Error::TooLarge { width, height });
    }
    let length = rgba.len();
    let image = image::RgbaImage::from_raw(width, height, rgba)
        .filter(|_| length as u64 == u64::from(width) * u64::from(height) * 4);
    let image = image.ok_or_else(|| Error::Unreadable {
        reason: format!("{length} bytes are not the {width} × {height} pixels the image claims"),
    })?;
    let found = decode_luma(&to_luma_on_white(&DynamicImage::ImageRgba8(image)));
    if found.is_empty() { Err(Error::NotFound) } else { Ok(found) }
}

fn load(bytes: &[u8]) -> Result<DynamicImage, Error> {
    load_bounded(bytes, MAX_PIXELS)
}

/// An image's width and height, read from its header alone (for icons, which are held to their own size).
///
/// # Errors
/// [`Error::UnknownFormat`], or [`Error::Unreadable`] for a header that cannot be read.
pub fn dimensions(bytes: &[u8]) -> Result<(u32, u32), Error> {
    let probe = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| Error::Unreadable { reason: e.to_string() })?;
    if probe.format().is_none() {
        return Err(Error::UnknownFormat);
    }
    probe.into_dimensions().map_err(unreadable)
}

/// Decodes an image of at most `max_pixels`, checked from its header before any pixel is decoded.
///
/// # Errors
/// As [`dimensions`], [`Error::TooLarge`] past `max_pixels`, or [`Error::Unreadable`].
pub fn load_bounded(bytes: &[u8], max_pixels: u64) -> Result<DynamicImage, Error> {
    let reader = || ImageReader::new(Cursor::new(bytes)).with_guessed_format();
    let (width, height) = dimensions(bytes)?;
    if u64::from(width) * u64::from(height) > max_pixels {
        return Err(Error::TooLarge { width, height });
    }
    let mut decoder = reader().map_err(|e| Error::Unreadable { reason: e.to_string() })?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(width);
    limits.max_image_height = Some(height);
    limits.max_alloc = Some(MAX_DECODER_ALLOC);
    decoder.limits(limits);
    decoder.decode().map_err(unreadable)
}

fn unreadable(error: image::ImageError) -> Error {
    Error::Unreadable { reason: error.to_string() }
}

/// Grayscale, with transparent pixels composited onto white. A plain conversion would drop the alpha and turn
/// a QR drawn as black modules on a transparent background into a black square.
fn to_luma_on_white(image: &DynamicImage) -> GrayImage {
    if !image.color().has_alpha() {
        return image.to_luma8();
    }
    let with_alpha = image.to_luma_alpha8();
    GrayImage::from_fn(image.width(), image.height(), |x, y| {
        let [luma, alpha] = with_alpha.get_pixel(x, y).0;
        let (luma, alpha) = (u16::from(luma), u16::from(alpha));
        // (l·a + 255·(255 − a)) / 255 stays within 0..=255.
        image::Luma([u8::try_from((luma * alpha + 255 * (255 - alpha)) / 255).unwrap_or(u8::MAX)])
    })
}

/// One way of looking at the picture.
#[derive(Debug, Clone, Copy)]
enum Pass {
    /// rqrr's own row-wise moving-average threshold on the grayscale image.
    Gray { invert: bool },
    /// A local mean threshold over a square window of the given fraction of the image's shorter side.
    Local { window_fraction: u32, invert: bool },
}

/// The passes tried on each picture, in order.
const PASSES: [Pass; 6] = [
    Pass::Gray { invert: false },
    Pass::Gray { invert: true },
    Pass::Local { window_fraction: 8, invert: false },
    Pass::Local { window_fraction: 8, invert: true },
    Pass::Local { window_fraction: 24, invert: false },
    Pass::Local { window_fraction: 24, invert: true },
];

/// Local thresholds sum pixels into a `u32` integral image, which holds 16 megapixels of white; larger
/// pictures get only the grayscale passes at full size and the rest once halved.
const LOCAL_MAX_PIXELS: u64 = 8_000_000;

/// Denoising (median filters are costly) is tried only on pictures up to this size: a photo of a code, or a
/// large screenshot once halved, which averages noise away by itself.
const DENOISE_MAX_PIXELS: u64 = 1_200_000;

/// Upscaling, for modules of 1–2 px, stops where the result would pass this length.
const UPSCALE_MAX_SIDE: u32 = 2400;

/// Pictures up to this size that the fast path cannot read are searched whole with every pass: photos and
/// crops, where the hard cases (speckle, tiny modules) live. Larger ones are screens, clean but big, and only
/// the regions around finder patterns the fast path found are searched further, so a screen with no code
/// is ruled out in milliseconds.
const FULL_SEARCH_MAX_PIXELS: u64 = DENOISE_MAX_PIXELS;

/// Decodes every QR code in a grayscale picture; empty when none is found. Never panics on any input.
///
/// The fast path ([`decode_frame`]) first; then, for photo-sized pictures, every pass in the module docs,
/// and for screen-sized ones those passes around the finder patterns the fast path saw. Work is bounded by
/// the picture's size: tens of milliseconds for a 4K screenshot with no code in it.
pub fn decode_luma(image: &GrayImage) -> Vec<String> {
    let fast = fast::read(image);
    if !fast.found.is_empty() {
        return fast.found;
    }
    if pixels(image) <= FULL_SEARCH_MAX_PIXELS {
        return search(image);
    }
    fast.regions
        .iter()
        .map(|r| search(&imageops::crop_imm(image, r.x, r.y, r.width, r.height).to_image()))
        .find(|found| !found.is_empty())
        .unwrap_or_default()
}

/// Decodes the QR codes in one frame of video by the fast path alone: finder patterns on a thresholded
/// frame, sampled straight into a grid, a few milliseconds for a 720p frame. A frame it cannot read is
/// left for the next one, a few dozen milliseconds later, rather than searched with every pass.
pub fn decode_frame(image: &GrayImage) -> Vec<String> {
    fast::read(image).found
}

/// Every pass on every variant of the picture, cheapest first, until one finds a code.
fn search(image: &GrayImage) -> Vec<String> {
    for make in variants(image) {
        let variant = make();
        let pixels = pixels(&variant);
        for pass in PASSES.iter().filter(|p| pixels <= LOCAL_MAX_PIXELS || matches!(p, Pass::Gray { .. })) {
            let found = run(&variant, *pass);
            if !found.is_empty() {
                return found;
            }
        }
    }
    Vec::new()
}

fn pixels(image: &GrayImage) -> u64 {
    u64::from(image.width()) * u64::from(image.height())
}

/// A way to derive one picture from another, made only when the cheaper ones before it found nothing.
type Variant<'a> = Box<dyn Fn() -> GrayImage + 'a>;

/// The pictures to look at, cheapest and likeliest first: the original, then denoised (speckle, sensor
/// noise), then upscaled (modules too small for rqrr's finder-pattern search), then halved and quartered
/// (huge or blurred modules; a smaller picture is also a denoised one), each small one denoised in turn.
fn variants(image: &GrayImage) -> Vec<Variant<'_>> {
    let longest = image.width().max(image.height());
    let mut variants: Vec<Variant<'_>> = vec![Box::new(|| image.clone())];
    variants.extend(denoised(image.dimensions(), || image.clone()));
    for factor in [2u32, 3, 4] {
        if longest.saturating_mul(factor) <= UPSCALE_MAX_SIDE {
            variants.push(Box::new(move || upscale(image, factor)));
        }
    }
    let half = halved(image.dimensions());
    if longest >= 600 {
        variants.push(Box::new(|| halve(image)));
        variants.extend(denoised(half, || halve(image)));
    }
    if longest >= 1200 {
        variants.push(Box::new(|| halve(&halve(image))));
        variants.extend(denoised(halved(half), || halve(&halve(image))));
    }
    variants
}

/// Denoised versions of the picture `make` builds, when its dimensions are small enough.
fn denoised<'a>((w, h): (u32, u32), make: impl Fn() -> GrayImage + Clone + 'a) -> Vec<Variant<'a>> {
    if u64::from(w) * u64::from(h) > DENOISE_MAX_PIXELS {
        return Vec::new();
    }
    let (a, b, c) = (make.clone(), make.clone(), make);
    vec![
        Box::new(move || median3(&a())),
        Box::new(move || imageproc::filter::median_filter(&b(), 2, 2)),
        Box::new(move || imageproc::filter::gaussian_blur_f32(&c(), 1.5)),
    ]
}

/// The median of each pixel's 3×3 neighbourhood, the border continued outwards: exactly what
/// `imageproc::filter::median_filter(image, 1, 1)` computes, about ten times faster (it sorts nine bytes
/// with a fixed network instead of keeping a histogram), which matters because it is the first thing tried
/// on a noisy picture, such as a camera frame.
fn median3(image: &GrayImage) -> GrayImage {
    let (w, h) = image.dimensions();
    if w == 0 || h == 0 {
        return image.clone();
    }
    let at = |x: i64, y: i64| {
        // Clamped into the picture, so both conversions hold.
        let x = u32::try_from(x.clamp(0, i64::from(w) - 1)).unwrap_or(0);
        let y = u32::try_from(y.clamp(0, i64::from(h) - 1)).unwrap_or(0);
        image.get_pixel(x, y).0[0]
    };
    GrayImage::from_fn(w, h, |x, y| {
        let (x, y) = (i64::from(x), i64::from(y));
        let mut v = [
            at(x - 1, y - 1),
            at(x, y - 1),
            at(x + 1, y - 1),
            at(x - 1, y),
            at(x, y),
            at(x + 1, y),
            at(x - 1, y + 1),
            at(x, y + 1),
            at(x + 1, y + 1),
        ];
        image::Luma([median_of_nine(&mut v)])
    })
}

/// Paeth's exchange network for the median of nine: after these compare-and-swaps the middle slot holds it.
#[rustfmt::skip]
const MEDIAN_OF_NINE: [(usize, usize); 19] = [
    (1, 2), (4, 5), (7, 8), (0, 1), (3, 4), (6, 7), (1, 2), (4, 5), (7, 8),
    (0, 3), (5, 8), (4, 7), (3, 6), (1, 4), (2, 5), (4, 7), (4, 2), (6, 4), (4, 2),
];

/// The median of nine values by [`MEDIAN_OF_NINE`], without branches on the data.
#[expect(clippy::indexing_slicing, reason = "the network's indices are constants below 9, into an array of 9")]
fn median_of_nine(v: &mut [u8; 9]) -> u8 {
    for (a, b) in MEDIAN_OF_NINE {
        let (lo, hi) = (v[a].min(v[b]), v[a].max(v[b]));
        v[a] = lo;
        v[b] = hi;
    }
    v[4]
}

fn upscale(image: &GrayImage, factor: u32) -> GrayImage {
    imageops::resize(image, image.width() * factor, image.height() * factor, imageops::FilterType::Triangle)
}

/// Half the size by averaging 2×2 blocks: fast, and it averages noise as it goes.
fn halve(image: &GrayImage) -> GrayImage {
    let (w, h) = halved(image.dimensions());
    GrayImage::from_fn(w, h, |x, y| {
        let sum: u32 = [(0, 0), (1, 0), (0, 1), (1, 1)]
            .iter()
            .map(|(dx, dy)| image.get_pixel_checked(2 * x + dx, 2 * y + dy).map_or(255, |p| u32::from(p.0[0])))
            .sum();
        // The mean of four u8 values is a u8.
        image::Luma([u8::try_from(sum / 4).unwrap_or(u8::MAX)])
    })
}

fn halved((w, h): (u32, u32)) -> (u32, u32) {
    ((w / 2).max(1), (h / 2).max(1))
}

fn run(image: &GrayImage, pass: Pass) -> Vec<String> {
    let (w, h) = (image.width() as usize, image.height() as usize);
    if w == 0 || h == 0 {
        return Vec::new();
    }
    let prepared = match pass {
        Pass::Gray { invert } => rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| {
            let v = pixel(image, x, y);
            if invert { 255 - v } else { v }
        }),
        Pass::Local { window_fraction, invert } => {
            let radius = (image.width().min(image.height()) / window_fraction / 2).max(2);
            let binary = imageproc::contrast::adaptive_threshold(image, radius, 3);
            rqrr::PreparedImage::prepare_from_bitmap(w, h, |x, y| (pixel(&binary, x, y) == 0) != invert)
        }
    };
    // rqrr is a port of C code that has had panics on crafted input; a panic in one pass must not take the
    // application down, so it counts as "nothing found here".
    catch_unwind(AssertUnwindSafe(move || {
        let mut prepared = prepared;
        let mut found: Vec<String> = Vec::new();
        for grid in prepared.detect_grids() {
            if let Ok((_, text)) = grid.decode()
                && !found.contains(&text)
            {
                found.push(text);
            }
        }
        found
    }))
    .unwrap_or_default()
}

fn pixel(image: &GrayImage, x: usize, y: usize) -> u8 {
    // rqrr asks only for coordinates inside the dimensions it was given, which are the image's own.
    let (x, y) = (u32::try_from(x).unwrap_or(u32::MAX), u32::try_from(y).unwrap_or(u32::MAX));
    image.get_pixel_checked(x, y).map_or(255, |p| p.0[0])
}

mod bitmap;
mod fast;
mod finder;
mod sample;
#[cfg(test)]
mod tests;
