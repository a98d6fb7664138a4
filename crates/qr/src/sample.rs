//! From three corners to text: the code's size follows from the finders' distance in modules, the fourth
//! corner from the alignment pattern near it (or, without one, from the other three), and one pixel at the
//! centre of each module gives the grid that `rqrr` decodes and error-corrects.

use imageproc::geometric_transformations::Projection;

use super::bitmap::Bitmap;
use super::finder::{Corners, as_f32, round};

/// The text of the code at `corners`, if one can be read there.
pub(super) fn read(bitmap: &Bitmap, corners: &Corners) -> Option<String> {
    sizes(corners).into_iter().find_map(|size| read_size(bitmap, corners, size))
}

/// The code's likely sizes in modules: the measured one made a valid size (17 + 4·version), then its
/// neighbours, for when perspective or blur made the measure a little off.
fn sizes(corners: &Corners) -> Vec<usize> {
    let Corners { top_left, top_right, bottom_left } = corners;
    // Rows and columns cross a turned finder on a slant, which makes its modules look longer by 1/cos of
    // the turn (folded into 0°–45°).
    let turn = (top_right.y - top_left.y).atan2(top_right.x - top_left.x).abs() % std::f32::consts::FRAC_PI_2;
    let slant = turn.min(std::f32::consts::FRAC_PI_2 - turn).cos();
    let module = (top_left.module + top_right.module + bottom_left.module) / 3.0 * slant;
    let across = (top_left.distance(top_right) + top_left.distance(bottom_left)) / 2.0 / module;
    let Some(measured) = round(across + 7.0) else { return Vec::new() };
    let version = (measured.saturating_sub(17) + 2) / 4;
    [version, version + 1, version.wrapping_sub(1)]
        .into_iter()
        .filter(|v| (1..=40).contains(v))
        .map(|v| 17 + 4 * v)
        .collect()
}

fn read_size(bitmap: &Bitmap, corners: &Corners, size: usize) -> Option<String> {
    let Corners { top_left, top_right, bottom_left } = corners;
    let far = as_f32(size) - 3.5;
    let centres = [(3.5, 3.5), (far, 3.5), (3.5, far)];
    let points = [top_left, top_right, bottom_left].map(|f| (f.x, f.y));
    // Without a fourth point the grid is a parallelogram, exact for a code seen straight on.
    let opposite = (top_right.x + bottom_left.x - top_left.x, top_right.y + bottom_left.y - top_left.y);
    let mut fourths = Vec::with_capacity(2);
    if size > 21 {
        let target = as_f32(size) - 6.5;
        let affine = Projection::from_control_points(
            [centres[0], centres[1], centres[2], (far, far)],
            [points[0], points[1], points[2], opposite],
        )?;
        let guess = affine * (target, target);
        let module = (top_left.module + top_right.module + bottom_left.module) / 3.0;
        if let Some(found) = alignment(bitmap, guess, module, top_left.inverted) {
            fourths.push(((target, target), found));
        }
    }
    fourths.push(((far, far), opposite));
    fourths.into_iter().find_map(|(from, to)| {
        let projection = Projection::from_control_points(
            [centres[0], centres[1], centres[2], from],
            [points[0], points[1], points[2], to],
        )?;
        let grid = Sampled { bitmap, projection, size, inverted: top_left.inverted };
        rqrr::Grid::new(grid).decode().ok().map(|(_, text)| text)
    })
}

/// The code's modules read through a projection from module space to the picture.
struct Sampled<'a> {
    bitmap: &'a Bitmap,
    projection: Projection,
    size: usize,
    inverted: bool,
}

impl rqrr::BitGrid for Sampled<'_> {
    fn size(&self) -> usize {
        self.size
    }

    fn bit(&self, y: usize, x: usize) -> bool {
        let (px, py) = self.projection * (as_f32(x) + 0.5, as_f32(y) + 0.5);
        self.bitmap.dark_at(px, py).is_some_and(|dark| dark != self.inverted)
    }
}

/// The alignment pattern (a dark module in a light ring in a dark ring) nearest `guess`, searched for in
/// growing squares around it; its centre in pixels.
fn alignment(bitmap: &Bitmap, guess: (f32, f32), module: f32, inverted: bool) -> Option<(f32, f32)> {
    for reach in [4.0, 8.0, 16.0] {
        let radius = reach * module;
        let rows = (round(guess.1 - radius).unwrap_or(0), round(guess.1 + radius)?.min(bitmap.height()));
        let columns = (round(guess.0 - radius).unwrap_or(0), round(guess.0 + radius)?.min(bitmap.width()));
        let mut best: Option<((f32, f32), f32)> = None;
        for y in rows.0..rows.1 {
            for x in columns.0..columns.1 {
                let Some(centre) = alignment_at(bitmap, (x, y), module, inverted) else { continue };
                let distance = (centre.0 - guess.0).hypot(centre.1 - guess.1);
                if best.is_none_or(|(_, d)| distance < d) {
                    best = Some((centre, distance));
                }
            }
        }
        if let Some((centre, _)) = best {
            return Some(centre);
        }
    }
    None
}

/// Whether (`x`, `y`) is the left edge of an alignment pattern's centre module in its row, checked by the
/// light runs beside it in the row and the column through it; the centre when it is.
fn alignment_at(bitmap: &Bitmap, (x, y): (usize, usize), module: f32, inverted: bool) -> Option<(f32, f32)> {
    let ink = !inverted;
    if bitmap.dark(x, y) != ink || x.checked_sub(1).is_some_and(|left| bitmap.dark(left, y) == ink) {
        return None;
    }
    let near = |length: usize| (as_f32(length) - module).abs() < module * 0.5;
    let run = |start: isize, step: (isize, isize), colour: bool| {
        let mut length = 0;
        let mut offset = start;
        while length <= 2 * round(module).unwrap_or(0) + 2 {
            let px = x.checked_add_signed(step.0 * offset);
            let py = y.checked_add_signed(step.1 * offset);
            match (px, py) {
                (Some(px), Some(py))
                    if px < bitmap.width() && py < bitmap.height() && bitmap.dark(px, py) == colour =>
                {
                    length += 1;
                    offset += 1;
                }
                _ => break,
            }
        }
        length
    };
    let centre_run = run(0, (1, 0), ink);
    let light_left = run(1, (-1, 0), !ink);
    let light_right = run(isize::try_from(centre_run).ok()?, (1, 0), !ink);
    if !(near(centre_run) && near(light_left) && near(light_right)) {
        return None;
    }
    let centre_x = as_f32(x) + as_f32(centre_run) / 2.0;
    let column = round(centre_x - 0.5)?;
    let (up, down) = (vertical(bitmap, column, y, ink, -1), vertical(bitmap, column, y, ink, 1));
    let centre_height = up.0 + down.0 + 1;
    if !(near(centre_height) && near(up.1) && near(down.1)) {
        return None;
    }
    Some((centre_x, as_f32(y) - as_f32(up.0) + as_f32(centre_height) / 2.0))
}

/// From (`x`, `y`) along the column: how many more pixels of the centre colour, then how many light.
fn vertical(bitmap: &Bitmap, x: usize, y: usize, ink: bool, direction: isize) -> (usize, usize) {
    let mut offset = 1isize;
    let mut counts = [0usize; 2];
    for (count, colour) in counts.iter_mut().zip([ink, !ink]) {
        while let Some(py) = y.checked_add_signed(offset * direction) {
            if py >= bitmap.height() || bitmap.dark(x, py) != colour || *count > bitmap.height() {
                break;
            }
            *count += 1;
            offset += 1;
        }
    }
    let [centre, light] = counts;
    (centre, light)
}
