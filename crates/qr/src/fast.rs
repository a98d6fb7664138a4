//! The fast path: finder patterns found on a thresholded picture ([`super::finder`]), each likely triple
//! sampled straight into a grid ([`super::sample`]). It reads a clean or moderately damaged code in about a
//! millisecond per megapixel, where `rqrr`'s own detection spends several milliseconds fitting each grid.
//!
//! A noisy picture is tried again after a median filter, and a large one halved (huge modules, and a
//! halved picture is a smoothed one). Triples that could not be read are handed back as regions for the
//! slower passes.

use image::GrayImage;

use super::finder::{self, Finder};
use super::{DENOISE_MAX_PIXELS, bitmap, halve, median3, pixels, sample};

/// Finder-pattern triples tried per picture: bounds the work on a picture full of finder-like marks.
const MAX_TRIPLES: usize = 32;
/// Unread triples handed back as regions: bounds the slow passes after a failed fast path.
const MAX_REGIONS: usize = 4;
/// Modules of margin around a region: the finder's centre is 3.5 modules from the code's edge, then comes
/// the quiet zone, and perspective makes the far corner stray.
const REGION_MARGIN: f32 = 10.0;
/// Pictures whose longer side is at least this long are also tried halved.
const HALVE_FROM: u32 = 1000;

/// What the fast path made of a picture.
pub(super) struct Outcome {
    /// Text of every code read, in the order found, without duplicates.
    pub(super) found: Vec<String>,
    /// Where finder patterns made a code's corners but no code could be read, in picture pixels.
    pub(super) regions: Vec<Region>,
}

/// A rectangle of a picture, inside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Region {
    pub(super) x: u32,
    pub(super) y: u32,
    pub(super) width: u32,
    pub(super) height: u32,
}

/// Reads `image` as the module docs say.
pub(super) fn read(image: &GrayImage) -> Outcome {
    let mut outcome = read_corners(image, 1.0);
    if outcome.found.is_empty() && pixels(image) <= DENOISE_MAX_PIXELS {
        outcome = merge(outcome, read_corners(&median3(image), 1.0));
    }
    if outcome.found.is_empty() && image.width().max(image.height()) >= HALVE_FROM {
        outcome = merge(outcome, read_corners(&halve(image), 2.0));
    }
    outcome.regions.truncate(MAX_REGIONS);
    outcome.regions = outcome.regions.iter().filter_map(|r| r.clipped(image.dimensions())).collect();
    outcome
}

/// The later attempt's codes, or the earlier attempt's regions followed by its own.
fn merge(earlier: Outcome, later: Outcome) -> Outcome {
    if later.found.is_empty() {
        Outcome { found: Vec::new(), regions: earlier.regions.into_iter().chain(later.regions).collect() }
    } else {
        later
    }
}

/// Reads every code whose finders form a likely triple; `scale` turns this picture's pixels into the
/// original's.
fn read_corners(image: &GrayImage, scale: f32) -> Outcome {
    let bitmap = bitmap::binarize(image);
    let finders = finder::find(&bitmap);
    let mut outcome = Outcome { found: Vec::new(), regions: Vec::new() };
    let mut used: Vec<Finder> = Vec::new();
    for corners in finder::corners(&finders).into_iter().take(MAX_TRIPLES) {
        let three = [corners.top_left, corners.top_right, corners.bottom_left];
        if three.iter().any(|f| used.contains(f)) {
            continue;
        }
        match sample::read(&bitmap, &corners) {
            Some(text) => {
                used.extend(three);
                if !outcome.found.contains(&text) {
                    outcome.found.push(text);
                }
            }
            None => outcome.regions.push(Region::around(&three, scale)),
        }
    }
    outcome
}

impl Region {
    /// The square around a code whose corners are `three` finders, with [`REGION_MARGIN`] modules around
    /// the fourth corner too; may reach outside the picture until [`Region::clipped`].
    fn around(three: &[Finder; 3], scale: f32) -> Self {
        let [corner, one, two] = three;
        let fourth = (one.x + two.x - corner.x, one.y + two.y - corner.y);
        let points = [(corner.x, corner.y), (one.x, one.y), (two.x, two.y), fourth];
        let margin = REGION_MARGIN * three.iter().map(|f| f.module).fold(0.0, f32::max);
        let (left, top, right, bottom) =
            points.iter().fold((f32::MAX, f32::MAX, f32::MIN, f32::MIN), |(l, t, r, b), &(x, y)| {
                (l.min(x), t.min(y), r.max(x), b.max(y))
            });
        let to_pixels =
            |v: f32| finder::round((v * scale).max(0.0)).and_then(|v| u32::try_from(v).ok()).unwrap_or(u32::MAX);
        let (x, y) = (to_pixels(left - margin), to_pixels(top - margin));
        Region {
            x,
            y,
            width: to_pixels(right + margin).saturating_sub(x),
            height: to_pixels(bottom + margin).saturating_sub(y),
        }
    }

    /// The part inside a picture of `(width, height)`; `None` when nothing is.
    fn clipped(&self, (width, height): (u32, u32)) -> Option<Self> {
        let (right, bottom) =
            (self.x.saturating_add(self.width).min(width), self.y.saturating_add(self.height).min(height));
        (self.x < right && self.y < bottom).then(|| Region {
            x: self.x,
            y: self.y,
            width: right - self.x,
            height: bottom - self.y,
        })
    }
}
