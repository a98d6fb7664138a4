//! Black and white from gray, with a threshold that follows the light across the picture: the first step of
//! the fast path, cheap enough to run on every frame of a camera and every 4K screenshot.
//!
//! The picture is cut into 8×8 blocks. Each block with contrast has a level, its mean; a pixel is dark when
//! it is at or below the mean level of the blocks with contrast among the 5×5 around its own, so a shadow
//! across a code or a glare spot on it moves the threshold with it. Flat blocks (a blank page, the inside
//! of a huge module) have no level: they would pull thresholds towards their own colour and lose dark
//! modules next to a quiet zone in a low-contrast picture. Where a whole neighbourhood is flat, the
//! threshold of the nearest block that has one carries over.

use image::GrayImage;

/// Side of a block, in pixels.
const BLOCK: usize = 8;
/// Blocks on each side of a pixel's own whose levels make its threshold.
const REACH: usize = 2;
/// A block whose darkest and lightest pixels are no further apart than this is flat: sensor noise on a
/// blank surface stays below it.
const FLAT: u8 = 24;

/// A picture reduced to dark and light pixels.
pub(super) struct Bitmap {
    width: usize,
    height: usize,
    dark: Vec<bool>,
}

impl Bitmap {
    pub(super) fn width(&self) -> usize {
        self.width
    }

    pub(super) fn height(&self) -> usize {
        self.height
    }

    /// Whether the pixel is dark; outside the picture counts as light, like a quiet zone.
    pub(super) fn dark(&self, x: usize, y: usize) -> bool {
        x < self.width && self.dark.get(y * self.width + x).copied().unwrap_or(false)
    }

    /// Whether the pixel nearest a point is dark; `None` outside the picture.
    pub(super) fn dark_at(&self, x: f32, y: f32) -> Option<bool> {
        if !(x >= 0.0 && y >= 0.0) {
            return None;
        }
        #[expect(clippy::cast_possible_truncation, clippy::cast_sign_loss, reason = "non-negative; saturates")]
        let (x, y) = (x as usize, y as usize);
        (x < self.width && y < self.height).then(|| self.dark(x, y))
    }

    /// One row of pixels, dark as `true`.
    pub(super) fn row(&self, y: usize) -> &[bool] {
        self.dark.get(y * self.width..(y + 1) * self.width).unwrap_or(&[])
    }
}

/// Thresholds `image` block by block, as the module docs say.
pub(super) fn binarize(image: &GrayImage) -> Bitmap {
    let (width, height) = (image.width() as usize, image.height() as usize);
    let grid = Blocks { across: width.div_ceil(BLOCK), down: height.div_ceil(BLOCK) };
    let blocks = block_stats(image.as_raw(), width, height, grid);
    let levels: Vec<Option<u8>> = blocks.iter().map(|b| (!b.flat).then_some(b.mean)).collect();
    let thresholds = fill_flat(neighbourhood_means(&levels, grid), grid);
    // A flat block is one colour: dark as a whole when clearly darker than the threshold around it, so
    // sensor noise on a blank surface does not become a field of dark specks.
    let rules: Vec<Option<Rule>> = blocks
        .iter()
        .zip(&thresholds)
        .map(|(block, threshold)| {
            threshold.map(|t| {
                if block.flat {
                    Rule::Whole(u16::from(block.mean) + u16::from(FLAT / 2) < u16::from(t))
                } else {
                    Rule::Each(t)
                }
            })
        })
        .collect();
    let dark = image
        .as_raw()
        .chunks_exact(width.max(1))
        .enumerate()
        .flat_map(|(y, row)| {
            let block_row = rules.get((y / BLOCK) * grid.across..).unwrap_or(&[]);
            row.iter().enumerate().map(move |(x, &v)| match block_row.get(x / BLOCK) {
                Some(Some(Rule::Each(t))) => v <= *t,
                Some(Some(Rule::Whole(dark))) => *dark,
                _ => false,
            })
        })
        .collect();
    Bitmap { width, height, dark }
}

/// How one block's pixels are told dark from light.
#[derive(Clone, Copy)]
enum Rule {
    /// Each pixel at or below the threshold is dark.
    Each(u8),
    /// The whole (flat) block is dark, or light.
    Whole(bool),
}

/// How many blocks the picture has across and down.
#[derive(Clone, Copy)]
struct Blocks {
    across: usize,
    down: usize,
}

/// A block's mean, and whether it is flat.
struct BlockStat {
    mean: u8,
    flat: bool,
}

/// Each block's statistics, row by row.
fn block_stats(pixels: &[u8], width: usize, height: usize, grid: Blocks) -> Vec<BlockStat> {
    let mut blocks = Vec::with_capacity(grid.across * grid.down);
    for by in 0..grid.down {
        let rows = by * BLOCK..((by + 1) * BLOCK).min(height);
        for bx in 0..grid.across {
            let columns = bx * BLOCK..((bx + 1) * BLOCK).min(width);
            let (mut sum, mut count, mut min, mut max) = (0u32, 0u32, u8::MAX, u8::MIN);
            for y in rows.clone() {
                for &v in pixels.get(y * width + columns.start..y * width + columns.end).unwrap_or(&[]) {
                    sum += u32::from(v);
                    count += 1;
                    min = min.min(v);
                    max = max.max(v);
                }
            }
            let mean = u8::try_from(sum / count.max(1)).unwrap_or(u8::MAX);
            blocks.push(BlockStat { mean, flat: max.saturating_sub(min) <= FLAT });
        }
    }
    blocks
}

/// Each block's threshold: the mean level of the blocks with contrast among the (up to) 5×5 around it,
/// from summed-area tables; `None` where all of them are flat.
fn neighbourhood_means(levels: &[Option<u8>], grid: Blocks) -> Vec<Option<u8>> {
    let stride = grid.across + 1;
    let mut sums = vec![(0u32, 0u32); stride * (grid.down + 1)];
    for by in 0..grid.down {
        let mut row = (0u32, 0u32);
        for bx in 0..grid.across {
            if let Some(Some(level)) = levels.get(by * grid.across + bx) {
                row = (row.0 + u32::from(*level), row.1 + 1);
            }
            let above = sums.get(by * stride + bx + 1).copied().unwrap_or_default();
            if let Some(cell) = sums.get_mut((by + 1) * stride + bx + 1) {
                *cell = (above.0 + row.0, above.1 + row.1);
            }
        }
    }
    let at = |x: usize, y: usize| sums.get(y * stride + x).copied().unwrap_or_default();
    let mut means = Vec::with_capacity(grid.across * grid.down);
    for by in 0..grid.down {
        let (top, bottom) = (by.saturating_sub(REACH), (by + REACH + 1).min(grid.down));
        for bx in 0..grid.across {
            let (left, right) = (bx.saturating_sub(REACH), (bx + REACH + 1).min(grid.across));
            let corners = [at(right, bottom), at(left, top), at(left, bottom), at(right, top)];
            let sum = corners[0].0 + corners[1].0 - corners[2].0 - corners[3].0;
            let count = corners[0].1 + corners[1].1 - corners[2].1 - corners[3].1;
            means.push(sum.checked_div(count).and_then(|mean| u8::try_from(mean).ok()));
        }
    }
    means
}

/// Gives blocks in flat surroundings (a blank page, the inside of a huge module) the threshold of the
/// nearest block before them, left or above, then after them; a picture with no contrast at all stays
/// without thresholds and so all light.
fn fill_flat(mut thresholds: Vec<Option<u8>>, grid: Blocks) -> Vec<Option<u8>> {
    let neighbour =
        |t: &[Option<u8>], steps: [Option<usize>; 2]| steps.iter().flatten().find_map(|&i| t.get(i).copied().flatten());
    for index in 0..thresholds.len() {
        if thresholds.get(index).copied().flatten().is_none() {
            let left = (index % grid.across > 0).then(|| index - 1);
            let value = neighbour(&thresholds, [left, index.checked_sub(grid.across)]);
            if let Some(slot) = thresholds.get_mut(index) {
                *slot = value;
            }
        }
    }
    for index in (0..thresholds.len()).rev() {
        if thresholds.get(index).copied().flatten().is_none() {
            let right = (index % grid.across + 1 < grid.across).then(|| index + 1);
            let value = neighbour(&thresholds, [right, Some(index + grid.across)]);
            if let Some(slot) = thresholds.get_mut(index) {
                *slot = value;
            }
        }
    }
    thresholds
}
