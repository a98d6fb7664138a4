//! SVG icons drawn to pixels with `resvg`, which runs no scripts, loads no external files and (built
//! without its text feature) no fonts. A hostile SVG's cost is counted before it is drawn: every element,
//! with each `<use>` counting the whole of what it repeats, at most [`MAX_ELEMENTS`] — a file of a few
//! kilobytes can otherwise expand to billions of shapes by nesting `<use>` ("billion laughs").

use std::collections::HashMap;

use image::{DynamicImage, RgbaImage};
use resvg::{tiny_skia, usvg};

/// The most elements an SVG may draw, each `<use>` counted as what it expands to.
pub const MAX_ELEMENTS: u64 = 20_000;

/// Why an SVG cannot be drawn.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SvgError {
    /// Not well-formed, or not SVG.
    #[error("the SVG cannot be read: {0}")]
    Malformed(String),
    /// Past [`MAX_ELEMENTS`] once expanded.
    #[error("the SVG would draw over {MAX_ELEMENTS} shapes")]
    TooComplex,
    /// Nothing to draw (no size).
    #[error("the SVG has no size to draw")]
    Empty,
}

/// Whether `bytes` look like an SVG file (XML with an `<svg` element near the start).
pub fn looks_like(bytes: &[u8]) -> bool {
    let start = bytes.get(..bytes.len().min(1024)).unwrap_or_default();
    let text = String::from_utf8_lossy(start);
    let text = text.trim_start_matches('\u{feff}').trim_start();
    (text.starts_with("<?xml") || text.starts_with("<svg") || text.starts_with("<!--")) && text.contains("<svg")
}

/// What drawing `document` costs, in elements, every `<use>` expanded; `None` past [`MAX_ELEMENTS`] or for
/// a `<use>` that refers to itself through others.
fn cost(document: &roxmltree::Document<'_>) -> Option<u64> {
    let by_id: HashMap<&str, roxmltree::Node<'_, '_>> =
        document.descendants().filter_map(|node| Some((node.attribute("id")?, node))).collect();
    let mut memo: HashMap<roxmltree::NodeId, u64> = HashMap::new();
    fn walk<'a, 'input>(
        node: roxmltree::Node<'a, 'input>,
        by_id: &HashMap<&str, roxmltree::Node<'a, 'input>>,
        memo: &mut HashMap<roxmltree::NodeId, u64>,
        depth: u32,
    ) -> Option<u64> {
        if depth > 64 {
            return None;
        }
        if let Some(known) = memo.get(&node.id()) {
            return Some(*known);
        }
        let mut total: u64 = 1;
        for child in node.children().filter(roxmltree::Node::is_element) {
            total = total.checked_add(walk(child, by_id, memo, depth + 1)?)?;
        }
        if node.tag_name().name() == "use" {
            let target = node
                .attributes()
                .find(|a| a.name() == "href")
                .and_then(|a| a.value().strip_prefix('#'))
                .and_then(|id| by_id.get(id));
            if let Some(target) = target {
                total = total.checked_add(walk(*target, by_id, memo, depth + 1)?)?;
            }
        }
        (total <= MAX_ELEMENTS).then_some(total)?;
        memo.insert(node.id(), total);
        Some(total)
    }
    walk(document.root_element(), &by_id, &mut memo, 0)
}

/// Draws `bytes` (an SVG) to fit a `side` × `side` square, keeping its proportions.
///
/// # Errors
/// [`SvgError`].
pub fn render(bytes: &[u8], side: u32) -> Result<DynamicImage, SvgError> {
    let text = std::str::from_utf8(bytes).map_err(|e| SvgError::Malformed(e.to_string()))?;
    let options = roxmltree::ParsingOptions { allow_dtd: false, ..roxmltree::ParsingOptions::default() };
    let document =
        roxmltree::Document::parse_with_options(text, options).map_err(|e| SvgError::Malformed(e.to_string()))?;
    cost(&document).ok_or(SvgError::TooComplex)?;
    // `<image>` elements are never resolved: no file is read, no embedded picture decoded.
    let options = usvg::Options {
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: Box::new(|_, _, _| None),
            resolve_string: Box::new(|_, _| None),
        },
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_xmltree(&document, &options).map_err(|e| SvgError::Malformed(e.to_string()))?;
    let size = tree.size();
    let scale = f32::from(u16::try_from(side).unwrap_or(u16::MAX)) / size.width().max(size.height());
    if !scale.is_finite() || scale <= 0.0 {
        return Err(SvgError::Empty);
    }
    #[expect(clippy::cast_possible_truncation, clippy::cast_sign_loss, reason = "clamped to 1..=side first")]
    let fit =
        |length: f32| (length * scale).round().clamp(1.0, f32::from(u16::try_from(side).unwrap_or(u16::MAX))) as u32;
    let (width, height) = (fit(size.width()), fit(size.height()));
    let mut pixmap = tiny_skia::Pixmap::new(width, height).ok_or(SvgError::Empty)?;
    resvg::render(&tree, tiny_skia::Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    // tiny-skia keeps premultiplied alpha; images want it straight.
    let pixels: Vec<u8> = pixmap
        .pixels()
        .iter()
        .flat_map(|p| {
            let c = p.demultiply();
            [c.red(), c.green(), c.blue(), c.alpha()]
        })
        .collect();
    RgbaImage::from_raw(width, height, pixels).map(DynamicImage::ImageRgba8).ok_or(SvgError::Empty)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CIRCLE: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="24" height="24"><circle cx="12" cy="12" r="10" fill="#ff0000"/></svg>"##;

    #[test]
    fn draws_to_fit_keeping_proportions() {
        assert!(looks_like(CIRCLE.as_bytes()));
        let image = render(CIRCLE.as_bytes(), 128).unwrap().to_rgba8();
        assert_eq!(image.dimensions(), (128, 128));
        assert_eq!(image.get_pixel(64, 64).0, [255, 0, 0, 255]);
        assert_eq!(image.get_pixel(1, 1).0[3], 0, "transparent outside the circle");
        let wide = CIRCLE.replace(r#"viewBox="0 0 24 24" width="24""#, r#"viewBox="0 0 48 24" width="48""#);
        assert_eq!(render(wide.as_bytes(), 128).unwrap().to_rgba8().dimensions(), (128, 64));
    }

    #[test]
    fn a_billion_laughs_is_refused_before_drawing() {
        let mut svg = String::from(
            r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="24" height="24"><defs><circle id="l0" r="1"/>"#,
        );
        for level in 1..40 {
            svg.push_str(&format!(r##"<g id="l{level}"><use href="#l{0}"/><use href="#l{0}"/></g>"##, level - 1));
        }
        svg.push_str(r##"</defs><use href="#l39"/></svg>"##);
        let started = std::time::Instant::now();
        assert_eq!(render(svg.as_bytes(), 128).unwrap_err(), SvgError::TooComplex);
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
        // A use that refers back to itself.
        let cycle =
            r##"<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24"><g id="a"><use href="#a"/></g></svg>"##;
        assert_eq!(render(cycle.as_bytes(), 128).unwrap_err(), SvgError::TooComplex);
    }

    #[test]
    fn hostile_and_empty_files_are_refused() {
        let entity = r#"<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">]><svg xmlns="http://www.w3.org/2000/svg" width="2" height="2"><text>&a;</text></svg>"#;
        assert!(matches!(render(entity.as_bytes(), 128), Err(SvgError::Malformed(_))), "no DTD, no entities");
        assert!(matches!(render(b"<svg", 128), Err(SvgError::Malformed(_))));
        assert!(matches!(render(b"\xff\xfe<svg/>", 128), Err(SvgError::Malformed(_))));
        let empty = r#"<svg xmlns="http://www.w3.org/2000/svg" width="0" height="0"/>"#;
        assert!(render(empty.as_bytes(), 128).is_err());
        let outside = r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="24" height="24"><image href="file:///etc/passwd" width="24" height="24"/></svg>"#;
        let drawn = render(outside.as_bytes(), 16).unwrap().to_rgba8();
        assert!(drawn.pixels().all(|p| p.0[3] == 0), "no external file is loaded");
    }
}
