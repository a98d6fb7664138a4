//! Finder patterns: the three nested squares in a QR code's corners, found the way every fast reader finds
//! them. Any line through a finder's centre crosses dark, light, dark, light, dark in the proportions
//! 1:1:3:1:1, whatever the code's size or turn; rows of the bitmap are scanned for that rhythm, each hit is
//! checked down its column and across again, and hits on the same pattern are merged. Three patterns of
//! about the same module size at the corners of a right angle are a code's corners.
//!
//! Light-on-dark codes have the same rhythm in the other colours, so both are looked for and kept apart.

use super::bitmap::Bitmap;

/// How far each run may stray from its ideal length, as a fraction of the module size.
const TOLERANCE: f32 = 0.5;
/// Candidates kept per picture: a picture made of finder patterns costs bounded time.
const MAX_CANDIDATES: usize = 256;
/// Candidates per colour considered for grouping into codes (the most often seen first): bounds the
/// grouping's cubic cost.
const MAX_GROUPED: usize = 24;

/// One finder pattern's centre and module size, in pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Finder {
    pub(super) x: f32,
    pub(super) y: f32,
    pub(super) module: f32,
    /// Light modules on a dark ground.
    pub(super) inverted: bool,
    /// Rows that crossed it: a measure of confidence.
    hits: u32,
}

impl Finder {
    pub(super) fn distance(&self, other: &Self) -> f32 {
        (self.x - other.x).hypot(self.y - other.y)
    }
}

/// Three finders as a code places them: the corner one, the one along the top, the one down the side.
#[derive(Debug, Clone, Copy)]
pub(super) struct Corners {
    pub(super) top_left: Finder,
    pub(super) top_right: Finder,
    pub(super) bottom_left: Finder,
}

/// Every finder pattern in the bitmap, merged across the rows that cross it.
pub(super) fn find(bitmap: &Bitmap) -> Vec<Finder> {
    let mut found: Vec<Finder> = Vec::new();
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for y in 0..bitmap.height() {
        let row = bitmap.row(y);
        runs_of(row, &mut runs);
        for window in runs.windows(5) {
            let &[(start, a), (_, b), (centre, c), (_, d), (_, e)] = window else { continue };
            if !rhythm([a, b, c, d, e]) {
                continue;
            }
            let ink = row.get(start).copied().unwrap_or(false);
            if let Some(finder) = confirm(bitmap, centre + c / 2, y, a + b + c + d + e, ink) {
                merge(&mut found, finder);
            }
        }
    }
    found
}

/// The lengths of a row's runs of one colour, as (start, length).
fn runs_of(row: &[bool], runs: &mut Vec<(usize, usize)>) {
    runs.clear();
    let mut start = 0;
    for x in 1..=row.len() {
        if x == row.len() || row.get(x) != row.get(start) {
            runs.push((start, x - start));
            start = x;
        }
    }
}

/// Whether five run lengths are in the proportions 1:1:3:1:1.
fn rhythm([a, b, c, d, e]: [usize; 5]) -> bool {
    let total = a + b + c + d + e;
    if total < 7 {
        return false;
    }
    let module = as_f32(total) / 7.0;
    let near = |length: usize, modules: f32| (as_f32(length) - module * modules).abs() < module * modules * TOLERANCE;
    near(a, 1.0) && near(b, 1.0) && near(c, 3.0) && near(d, 1.0) && near(e, 1.0)
}

/// Checks a row's hit down its column, then across the row through the column's centre; the finder with
/// its refined centre when both agree with the row.
fn confirm(bitmap: &Bitmap, x: usize, y: usize, row_total: usize, ink: bool) -> Option<Finder> {
    let (centre_y, column_total) = cross(bitmap, (x, y), row_total, ink, Axis::Column)?;
    let (centre_x, across_total) = cross(bitmap, (x, round(centre_y - 0.5)?), row_total, ink, Axis::Row)?;
    Some(Finder {
        x: centre_x,
        y: centre_y,
        module: as_f32(column_total + across_total) / 14.0,
        inverted: !ink,
        hits: 1,
    })
}

#[derive(Clone, Copy)]
enum Axis {
    Row,
    Column,
}

/// Walks out both ways from `from`, which should be in the centre square, along `axis`, counting the five
/// runs; the centre along that axis (pixel `i` spans `i..i + 1`) and the runs' total, when they have the
/// finder's rhythm and about the length the first scan saw.
fn cross(bitmap: &Bitmap, from: (usize, usize), expected: usize, ink: bool, axis: Axis) -> Option<(f32, usize)> {
    let (x, y) = from;
    let colour_at = |offset: isize| {
        let (px, py) = match axis {
            Axis::Row => (x.checked_add_signed(offset)?, y),
            Axis::Column => (x, y.checked_add_signed(offset)?),
        };
        (px < bitmap.width() && py < bitmap.height()).then(|| bitmap.dark(px, py))
    };
    let limit = expected * 2;
    // From the centre outwards: the centre square, the light ring, the dark ring. The centre pixel itself
    // is counted on the way back.
    let walk = |direction: isize, first: isize| {
        let mut counts = [0usize; 3];
        let mut offset = first;
        for (slot, colour) in counts.iter_mut().zip([ink, !ink, ink]) {
            while offset.unsigned_abs() <= limit && colour_at(offset * direction) == Some(colour) {
                *slot += 1;
                offset += 1;
            }
        }
        counts
    };
    let ([back_centre, back_inner, back_outer], [on_centre, on_inner, on_outer]) = (walk(-1, 0), walk(1, 1));
    let lengths = [back_outer, back_inner, back_centre + on_centre, on_inner, on_outer];
    let total: usize = lengths.iter().sum();
    if 5 * total.abs_diff(expected) >= 2 * expected || !rhythm(lengths) {
        return None;
    }
    let position = match axis {
        Axis::Row => x,
        Axis::Column => y,
    };
    let centre_start = as_f32(position) + 1.0 - as_f32(back_centre);
    Some((centre_start + as_f32(back_centre + on_centre) / 2.0, total))
}

/// Adds a hit to the finder it falls on, or as a new finder.
fn merge(found: &mut Vec<Finder>, hit: Finder) {
    let room = found.len() < MAX_CANDIDATES;
    let same = found.iter_mut().find(|f| {
        f.inverted == hit.inverted
            && (f.x - hit.x).abs() <= f.module.max(hit.module)
            && (f.y - hit.y).abs() <= f.module.max(hit.module)
            && (0.5..=2.0).contains(&(f.module / hit.module))
    });
    match same {
        Some(finder) => {
            let weight = as_f32_u32(finder.hits);
            let mix = |a: f32, b: f32| (a * weight + b) / (weight + 1.0);
            finder.x = mix(finder.x, hit.x);
            finder.y = mix(finder.y, hit.y);
            finder.module = mix(finder.module, hit.module);
            finder.hits += 1;
        }
        None if room => found.push(hit),
        None => {}
    }
}

/// Groups finders into the corners of codes, likeliest first: same colour, similar module sizes, two
/// similar sides at roughly a right angle, sides between a version 1 and a version 40 code long.
pub(super) fn corners(finders: &[Finder]) -> Vec<Corners> {
    let mut groups: Vec<(f32, Corners)> = Vec::new();
    for inverted in [false, true] {
        let mut pool: Vec<Finder> = finders.iter().filter(|f| f.inverted == inverted && f.hits >= 2).copied().collect();
        pool.sort_by_key(|f| std::cmp::Reverse(f.hits));
        pool.truncate(MAX_GROUPED);
        for (i, a) in pool.iter().enumerate() {
            for (j, b) in pool.iter().enumerate().skip(i + 1) {
                for c in pool.iter().skip(j + 1) {
                    if let Some(group) = arrange(*a, *b, *c) {
                        groups.push(group);
                    }
                }
            }
        }
    }
    groups.sort_by(|a, b| a.0.total_cmp(&b.0));
    groups.into_iter().map(|(_, corners)| corners).collect()
}

/// The three finders as corners, with a score (lower is likelier), when they can be one code's.
fn arrange(a: Finder, b: Finder, c: Finder) -> Option<(f32, Corners)> {
    let modules = [a.module, b.module, c.module];
    let (small, large) = modules.iter().fold((f32::MAX, 0f32), |(s, l), &m| (s.min(m), l.max(m)));
    if large > 2.0 * small {
        return None;
    }
    // The corner is opposite the longest side.
    let (ab, ac, bc) = (a.distance(&b), a.distance(&c), b.distance(&c));
    let (corner, mut one, mut two) = if bc >= ab && bc >= ac {
        (a, b, c)
    } else if ac >= ab {
        (b, a, c)
    } else {
        (c, a, b)
    };
    let (v1, v2) = ((one.x - corner.x, one.y - corner.y), (two.x - corner.x, two.y - corner.y));
    let (l1, l2) = (v1.0.hypot(v1.1), v2.0.hypot(v2.1));
    let module = (a.module + b.module + c.module) / 3.0;
    let sides_in_modules = (l1 + l2) / 2.0 / module;
    if !(10.0..=200.0).contains(&sides_in_modules) || l1.max(l2) > 1.6 * l1.min(l2) {
        return None;
    }
    let cosine = (v1.0 * v2.0 + v1.1 * v2.1) / (l1 * l2);
    if cosine.abs() > 0.5 {
        return None;
    }
    // Image y grows downwards: with the top-right one first, the cross product is positive.
    if v1.0 * v2.1 - v1.1 * v2.0 < 0.0 {
        std::mem::swap(&mut one, &mut two);
    }
    let score = cosine.abs() + (l1 - l2).abs() / l1.max(l2) + (large - small) / large;
    Some((score, Corners { top_left: corner, top_right: one, bottom_left: two }))
}

/// A pixel count or coordinate as a float. Pictures are at most 64 megapixels, so counts stay below 2^26
/// and the few that pass 2^24 lose less than a pixel.
#[expect(clippy::cast_precision_loss, reason = "see the doc comment: under a pixel lost")]
pub(super) fn as_f32(value: usize) -> f32 {
    value as f32
}

#[expect(clippy::cast_precision_loss, reason = "hit counts stay far below 2^24")]
fn as_f32_u32(value: u32) -> f32 {
    value as f32
}

/// The nearest whole non-negative coordinate.
pub(super) fn round(value: f32) -> Option<usize> {
    #[expect(clippy::cast_possible_truncation, clippy::cast_sign_loss, reason = "checked non-negative; saturates")]
    (value >= 0.0).then(|| value.round() as usize)
}
