//! SVG icons drawn to pixels with `resvg`, which runs no scripts, loads no external files and (built
//! without its text feature) no fonts.
//!
//! A hostile SVG is cheap to write and can be dear to draw: nested `<use>` or `<marker>`s expand a few
//! kilobytes to billions of shapes, a filter such as `<feTurbulence numOctaves="2000000000">` pins a core,
//! and a dash pattern of a millionth of a unit turns one line into millions. Brand icons need none of
//! that, so [`Document::parse`] reads the file and refuses, before any drawing, what icons never need:
//!
//! - every element but shapes, groups, `<use>`, linear and radial gradients, `<style>` and the
//!   descriptive ones ([`SvgError::Unsupported`]): no `marker`, `filter` or `fe*`, `pattern`, `mask`,
//!   `clipPath`, `image`, `foreignObject`, `script`, `symbol`, nested `svg`, `switch` or text;
//! - properties that apply effects, as attributes or CSS: `filter`, `mask`, `clip-path`, `marker*`,
//!   `stroke-dasharray` ([`SvgError::UnsupportedProperty`]);
//! - references outside the file: any `href` not starting with `#`, any `url(…)` not starting with `#`,
//!   `@import` ([`SvgError::ExternalReference`]);
//! - style sheets beyond plain rules ([`SvgError::ComplexStyle`]): CSS selectors with combinators can
//!   take time exponential in their length to match.
//!
//! What is left is costed with every `<use>` expanded, at most [`MAX_ELEMENTS`] elements and
//! [`MAX_EXPANDED_BYTES`] of attributes (a long path repeated by `<use>` costs its length each time), and
//! [`Document::render`] checks the tree `usvg` built again (no filter, mask, clip, pattern or picture
//! made it through; at most [`MAX_ELEMENTS`] nodes and [`MAX_SEGMENTS`] path segments, painting at most
//! [`MAX_PAINTED_PIXELS`]) before drawing at most [`MAX_SIDE`] pixels a side. Drawing is then linear in
//! what was counted: no deadline is needed, and no thread is left spinning.

use std::collections::HashMap;

use image::{DynamicImage, RgbaImage};
use resvg::{tiny_skia, usvg};

/// The most elements an SVG may draw, each `<use>` counted as what it expands to.
pub const MAX_ELEMENTS: u64 = 20_000;
/// The most attribute text (path data, styles…) an SVG may hold once every `<use>` is expanded, in bytes:
/// `usvg` parses each copy anew.
pub const MAX_EXPANDED_BYTES: u64 = 4 * 1024 * 1024;
/// The most path segments the parsed SVG may hold.
pub const MAX_SEGMENTS: usize = 500_000;
/// The largest side drawn, in pixels; a larger request is drawn at this size.
pub const MAX_SIDE: u32 = 256;
/// The most rules (selectors, each of a comma-separated list counted) an SVG's style sheets may hold: each
/// is matched against every element drawn.
pub const MAX_STYLE_RULES: usize = 64;
/// How deep elements may nest, counting each `<use>` as a level.
const MAX_DEPTH: u32 = 64;
/// The most links a gradient may follow to inherit another's stops or attributes.
const MAX_HREF_CHAIN: usize = 16;
/// The most stops one gradient has: the renderer walks every stop for every pixel it paints, so thousands
/// of stops under a full-size shape repeated by `<use>` cost minutes. Brand gradients have a handful.
pub const MAX_GRADIENT_STOPS: usize = 64;
/// The most pixels drawing may paint, counted as the picture's pixels each shape's paints and each layer
/// cover (a gradient's pixel weighing more, by its stops): 64 times the largest picture. Thousands of
/// full-size shapes, each within the element count, would otherwise paint for seconds; a brand icon
/// paints its canvas a few times.
pub const MAX_PAINTED_PIXELS: f64 = 64.0 * (MAX_SIDE as f64) * (MAX_SIDE as f64);

const SVG_NAMESPACE: &str = "http://www.w3.org/2000/svg";

/// The properties that apply effects, refused unless `none`.
const EFFECTS: [&str; 9] =
    ["filter", "mask", "clip-path", "clip", "marker", "marker-start", "marker-mid", "marker-end", "stroke-dasharray"];

/// The elements an icon may use (in the SVG namespace, or none); `svg` only as the root.
const DRAWN: [&str; 18] = [
    "svg",
    "g",
    "defs",
    "path",
    "rect",
    "circle",
    "ellipse",
    "line",
    "polyline",
    "polygon",
    "use",
    "linearGradient",
    "radialGradient",
    "stop",
    "style",
    "title",
    "desc",
    "metadata",
];

/// Why an SVG cannot be drawn.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SvgError {
    /// Not well-formed, or not SVG (also: an `id` given to two elements).
    #[error("the SVG cannot be read: {0}")]
    Malformed(String),
    /// Past [`MAX_ELEMENTS`], [`MAX_EXPANDED_BYTES`] or [`MAX_SEGMENTS`] once expanded, nested too deep, or
    /// a chain of references that loops.
    #[error("the SVG would draw over {MAX_ELEMENTS} shapes")]
    TooComplex,
    /// Nothing to draw (no size).
    #[error("the SVG has no size to draw")]
    Empty,
    /// An element icons are not drawn with (named without its namespace prefix, cut to 32 characters).
    #[error("the SVG uses `<{element}>`, which icons are not drawn with")]
    Unsupported {
        /// The element's name, such as `marker` or `foreignObject`.
        element: String,
    },
    /// A property applying an effect icons are not drawn with, as an attribute or in CSS.
    #[error("the SVG sets `{property}`, which icons are not drawn with")]
    UnsupportedProperty {
        /// The property, such as `filter` or `clip-path` (cut to 32 characters).
        property: String,
    },
    /// A reference to something outside the file; which address is not repeated.
    #[error("the SVG refers to something outside itself (in `{attribute}`)")]
    ExternalReference {
        /// Where: an attribute such as `href` or `fill`, or `@import`.
        attribute: String,
    },
    /// CSS beyond plain rules: an at-rule, a selector that is more than one element name, class or id,
    /// an escape, a comment or a quote in a style sheet, or over [`MAX_STYLE_RULES`] rules.
    #[error(
        "the SVG's CSS is more than plain rules (one element name, class or id per selector, at most {MAX_STYLE_RULES})"
    )]
    ComplexStyle,
}

/// Whether `bytes` look like an SVG file (XML with an `<svg` element near the start).
pub fn looks_like(bytes: &[u8]) -> bool {
    let start = bytes.get(..bytes.len().min(1024)).unwrap_or_default();
    let text = String::from_utf8_lossy(start);
    let text = text.trim_start_matches('\u{feff}').trim_start();
    (text.starts_with("<?xml") || text.starts_with("<svg") || text.starts_with("<!--")) && text.contains("<svg")
}

/// An SVG read and checked but not yet drawn: what drawing it costs is known ([`Document::elements`]), so a
/// caller with a budget (an import drawing many icons) can decide before any drawing.
pub struct Document<'a> {
    xml: roxmltree::Document<'a>,
    elements: u64,
}

impl std::fmt::Debug for Document<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "svg::Document({} elements)", self.elements)
    }
}

impl<'a> Document<'a> {
    /// Reads `bytes` as an SVG and refuses, before anything is drawn, what icons never need and what
    /// would cost too much (the [module's](self) list).
    ///
    /// # Errors
    /// [`SvgError::Malformed`], [`SvgError::Unsupported`], [`SvgError::UnsupportedProperty`],
    /// [`SvgError::ExternalReference`], [`SvgError::ComplexStyle`] or [`SvgError::TooComplex`].
    pub fn parse(bytes: &'a [u8]) -> Result<Self, SvgError> {
        let text = std::str::from_utf8(bytes).map_err(|e| SvgError::Malformed(e.to_string()))?;
        let options = roxmltree::ParsingOptions { allow_dtd: false, ..roxmltree::ParsingOptions::default() };
        let xml =
            roxmltree::Document::parse_with_options(text, options).map_err(|e| SvgError::Malformed(e.to_string()))?;
        let by_id = ids(&xml)?;
        check_elements(&xml, &by_id)?;
        let elements = cost(&xml, &by_id).ok_or(SvgError::TooComplex)?;
        Ok(Self { xml, elements })
    }

    /// The elements drawing costs, every `<use>` counted as what it expands to: at most [`MAX_ELEMENTS`].
    pub fn elements(&self) -> u64 {
        self.elements
    }

    /// Draws the SVG to fit a `side` × `side` square (`side` at most [`MAX_SIDE`]), keeping its proportions.
    ///
    /// # Errors
    /// [`SvgError::Malformed`] where `usvg` cannot build it, [`SvgError::Empty`] for no size, or a refusal
    /// from checking the built tree (which the checks of [`Document::parse`] leave nothing to find).
    pub fn render(&self, side: u32) -> Result<DynamicImage, SvgError> {
        // `<image>` is refused already; should one get through, no file is read, no picture decoded.
        let options = usvg::Options {
            image_href_resolver: usvg::ImageHrefResolver {
                resolve_data: Box::new(|_, _, _| None),
                resolve_string: Box::new(|_, _| None),
            },
            ..usvg::Options::default()
        };
        let tree = usvg::Tree::from_xmltree(&self.xml, &options).map_err(|e| SvgError::Malformed(e.to_string()))?;
        check_tree(&tree)?;
        let size = tree.size();
        // `MAX_SIDE` fits a `u16`, so the fallback is never taken.
        let side = f32::from(u16::try_from(side.min(MAX_SIDE)).unwrap_or(0));
        let scale = side / size.width().max(size.height());
        if !scale.is_finite() || scale <= 0.0 {
            return Err(SvgError::Empty);
        }
        #[expect(clippy::cast_possible_truncation, clippy::cast_sign_loss, reason = "clamped to 1..=side first")]
        let fit = |length: f32| (length * scale).round().clamp(1.0, side) as u32;
        let (width, height) = (fit(size.width()), fit(size.height()));
        check_overdraw(&tree, scale)?;
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
}

/// Draws `bytes` (an SVG) to fit a `side` × `side` square (`side` at most [`MAX_SIDE`]), keeping its
/// proportions: [`Document::parse`], then [`Document::render`].
///
/// # Errors
/// [`SvgError`].
pub fn render(bytes: &[u8], side: u32) -> Result<DynamicImage, SvgError> {
    Document::parse(bytes)?.render(side)
}

/// A name from the file, cut short for an error message.
fn short(name: &str) -> String {
    name.chars().take(32).collect()
}

/// Whether `node` is an element `usvg` reads: in the SVG namespace, or in none. (It skips the others,
/// such as Inkscape's `sodipodi:namedview`, with what they hold.)
fn is_svg(node: roxmltree::Node<'_, '_>) -> bool {
    node.is_element() && matches!(node.tag_name().namespace(), None | Some(SVG_NAMESPACE))
}

/// Whether the property `name` (lower case) applies an effect icons are not drawn with: filters, masks,
/// clips and markers each draw more than their element, and a fine dash pattern turns a line into
/// millions. (`clip-rule`, which design tools write on every shape, only matters inside a clip path, and
/// passes.)
fn is_effect(name: &str) -> bool {
    EFFECTS.contains(&name)
}

/// Whether a property's value turns it off.
fn is_none(value: &str) -> bool {
    value.trim().eq_ignore_ascii_case("none")
}

/// The distinct links an element gives (`href` in any namespace): `href` and `xlink:href` alike are
/// counted, as `usvg` reads either.
fn links<'a>(node: roxmltree::Node<'a, '_>) -> Vec<&'a str> {
    let mut links: Vec<&str> = Vec::new();
    for attribute in node.attributes().filter(|a| a.name().eq_ignore_ascii_case("href")) {
        if !links.contains(&attribute.value()) {
            links.push(attribute.value());
        }
    }
    links
}

/// Every element by its `id` (in any namespace: `usvg` reads `xml:id` too). An `id` given to two elements
/// is refused: `usvg` would resolve it to one, a check perhaps to the other.
fn ids<'a, 'input>(
    xml: &'a roxmltree::Document<'input>,
) -> Result<HashMap<&'a str, roxmltree::Node<'a, 'input>>, SvgError> {
    let mut by_id: HashMap<&str, roxmltree::Node<'_, '_>> = HashMap::new();
    for node in xml.descendants().filter(roxmltree::Node::is_element) {
        for attribute in node.attributes().filter(|a| a.name() == "id") {
            if let Some(other) = by_id.insert(attribute.value(), node)
                && other != node
            {
                return Err(SvgError::Malformed("an id is given to two elements".into()));
            }
        }
    }
    Ok(by_id)
}

/// Refuses a `url(…)` in `value` that does not point inside the document.
fn check_urls(value: &str, attribute: &str) -> Result<(), SvgError> {
    // ASCII lower-casing keeps every byte where it was.
    let lower = value.to_ascii_lowercase();
    for (at, _) in lower.match_indices("url(") {
        let target = lower.get(at + 4..).unwrap_or_default();
        let target = target.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '"' || c == '\'');
        if !target.starts_with('#') {
            return Err(SvgError::ExternalReference { attribute: short(attribute) });
        }
    }
    Ok(())
}

/// Checks CSS declarations (`name: value; …`), as a `style` attribute or a rule's block holds them. Every
/// piece between semicolons is read as a declaration, quotes or not, so nothing `usvg` reads is missed.
fn check_declarations(block: &str, attribute: &str) -> Result<(), SvgError> {
    if block.contains(['\\', '{', '}', '@']) || block.contains("/*") {
        return Err(SvgError::ComplexStyle);
    }
    for declaration in block.split(';').filter(|d| !d.trim().is_empty()) {
        let (name, value) = declaration.split_once(':').ok_or(SvgError::ComplexStyle)?;
        let name = name.trim().to_ascii_lowercase();
        if is_effect(&name) && !is_none(value) {
            return Err(SvgError::UnsupportedProperty { property: short(&name) });
        }
        check_urls(value, attribute)?;
    }
    Ok(())
}

/// Checks a style sheet (a `<style>` element's text) and says how many rules it holds. Only plain rules
/// pass: selectors of one element name, class or id (`usvg` matches each rule against every element, and a
/// selector with combinators can take time exponential in its length), no at-rules, escapes, comments or
/// quotes, so that what is checked here is what `usvg`'s CSS parser reads.
fn check_sheet(css: &str) -> Result<usize, SvgError> {
    if css.to_ascii_lowercase().contains("@import") {
        return Err(SvgError::ExternalReference { attribute: "@import".into() });
    }
    if css.contains(['@', '\\', '"', '\'', '<']) || css.contains("/*") {
        return Err(SvgError::ComplexStyle);
    }
    let mut rules = 0usize;
    let mut rest = css;
    while let Some((prelude, after)) = rest.split_once('{') {
        let (block, tail) = after.split_once('}').ok_or(SvgError::ComplexStyle)?;
        for selector in prelude.split(',').map(str::trim) {
            let plain = !selector.is_empty()
                && selector.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '#' | '*'));
            if !plain {
                return Err(SvgError::ComplexStyle);
            }
            rules += 1;
        }
        check_declarations(block, "style")?;
        rest = tail;
    }
    if !rest.trim().is_empty() {
        return Err(SvgError::ComplexStyle);
    }
    Ok(rules)
}

/// Refuses what icons never need: elements, effect properties, outside references and CSS beyond plain
/// rules (the [module's](self) list).
fn check_elements(
    xml: &roxmltree::Document<'_>,
    by_id: &HashMap<&str, roxmltree::Node<'_, '_>>,
) -> Result<(), SvgError> {
    let root = xml.root_element();
    let mut rules = 0usize;
    for node in xml.descendants().filter(roxmltree::Node::is_element) {
        let name = node.tag_name().name();
        // `usvg` reads every element named `style` as CSS, whatever its namespace.
        if name == "style" {
            let css: String = node.descendants().filter_map(|n| n.is_text().then(|| n.text()).flatten()).collect();
            rules = rules.saturating_add(check_sheet(&css)?);
            if rules > MAX_STYLE_RULES {
                return Err(SvgError::ComplexStyle);
            }
        }
        if !is_svg(node) {
            continue;
        }
        if !DRAWN.contains(&name) || (name == "svg" && node != root) {
            return Err(SvgError::Unsupported { element: short(name) });
        }
        if name.ends_with("Gradient")
            && node.children().filter(|c| c.is_element() && c.tag_name().name() == "stop").count() > MAX_GRADIENT_STOPS
        {
            return Err(SvgError::TooComplex);
        }
        for attribute in node.attributes() {
            let (attribute_name, value) = (attribute.name().to_ascii_lowercase(), attribute.value());
            if attribute_name == "href" {
                if !value.trim_start().starts_with('#') {
                    return Err(SvgError::ExternalReference { attribute: "href".into() });
                }
            } else if attribute_name == "style" {
                check_declarations(value, "style")?;
            } else if is_effect(&attribute_name) && !is_none(value) {
                return Err(SvgError::UnsupportedProperty { property: short(&attribute_name) });
            }
            check_urls(value, &attribute_name)?;
        }
        check_chain(node, by_id)?;
    }
    Ok(())
}

/// Refuses an element linking to two places, and a chain of links (a gradient inheriting from another)
/// longer than [`MAX_HREF_CHAIN`]: `usvg` follows such a chain without end when it loops back past its
/// start (`a` → `b` → `c` → `b`).
fn check_chain(node: roxmltree::Node<'_, '_>, by_id: &HashMap<&str, roxmltree::Node<'_, '_>>) -> Result<(), SvgError> {
    let mut current = node;
    for _ in 0..=MAX_HREF_CHAIN {
        let links = links(current);
        let [link] = links.as_slice() else {
            return if links.is_empty() {
                Ok(())
            } else {
                Err(SvgError::Malformed("an element links to two places".into()))
            };
        };
        let Some(next) = link.trim().strip_prefix('#').and_then(|id| by_id.get(id)) else {
            return Ok(());
        };
        current = *next;
    }
    Err(SvgError::TooComplex)
}

/// What drawing `xml` costs, in elements, every `<use>` expanded; `None` past [`MAX_ELEMENTS`] elements or
/// [`MAX_EXPANDED_BYTES`] of attributes, nested deeper than [`MAX_DEPTH`], or for a `<use>` that refers to
/// itself through others.
fn cost(xml: &roxmltree::Document<'_>, by_id: &HashMap<&str, roxmltree::Node<'_, '_>>) -> Option<u64> {
    /// Elements and attribute bytes.
    type Cost = (u64, u64);
    fn walk<'a, 'input>(
        node: roxmltree::Node<'a, 'input>,
        by_id: &HashMap<&str, roxmltree::Node<'a, 'input>>,
        memo: &mut HashMap<roxmltree::NodeId, Cost>,
        depth: u32,
    ) -> Option<Cost> {
        if depth > MAX_DEPTH {
            return None;
        }
        if let Some(known) = memo.get(&node.id()) {
            return Some(*known);
        }
        let bytes = node.attributes().try_fold(0u64, |sum, a| {
            sum.checked_add(u64::try_from(a.name().len().checked_add(a.value().len())?).ok()?)
        })?;
        let (mut elements, mut bytes) = (1u64, bytes);
        let mut add = |(more_elements, more_bytes): Cost| -> Option<()> {
            elements = elements.checked_add(more_elements)?;
            bytes = bytes.checked_add(more_bytes)?;
            Some(())
        };
        for child in node.children().filter(roxmltree::Node::is_element) {
            add(walk(child, by_id, memo, depth + 1)?)?;
        }
        if node.tag_name().name() == "use" {
            // `check_chain` left at most one link.
            for target in links(node).iter().filter_map(|link| by_id.get(link.trim().strip_prefix('#')?)) {
                add(walk(*target, by_id, memo, depth + 1)?)?;
            }
        }
        (elements <= MAX_ELEMENTS && bytes <= MAX_EXPANDED_BYTES).then_some(())?;
        memo.insert(node.id(), (elements, bytes));
        Some((elements, bytes))
    }
    let mut memo = HashMap::new();
    walk(xml.root_element(), by_id, &mut memo, 0).map(|(elements, _)| elements)
}

/// Checks that drawing `tree` at `scale` paints at most [`MAX_PAINTED_PIXELS`]: each path's paints over
/// its bounds (within the canvas), each layer a group is drawn in (opacity, blending) over its bounds.
fn check_overdraw(tree: &usvg::Tree, scale: f32) -> Result<(), SvgError> {
    let canvas = tree.size();
    let area = |rect: tiny_skia::Rect| {
        let span = |low: f32, high: f32, end: f32| f64::from((high.min(end) - low.max(0.0)).max(0.0) * scale);
        span(rect.left(), rect.right(), canvas.width()) * span(rect.top(), rect.bottom(), canvas.height())
    };
    let weight = |paint: &usvg::Paint| match paint {
        usvg::Paint::LinearGradient(g) => 1.0 + stops_weight(g.stops().len()),
        usvg::Paint::RadialGradient(g) => 1.0 + stops_weight(g.stops().len()),
        _ => 1.0,
    };
    let mut painted = 0.0;
    let mut groups = vec![tree.root()];
    while let Some(group) = groups.pop() {
        for node in group.children() {
            painted += match node {
                usvg::Node::Group(inner) => {
                    groups.push(inner);
                    if inner.should_isolate() { area(inner.abs_layer_bounding_box().to_rect()) } else { 0.0 }
                }
                usvg::Node::Path(path) => {
                    let fill = path.fill().map_or(0.0, |f| weight(f.paint()));
                    let stroke = path.stroke().map_or(0.0, |s| weight(s.paint()));
                    let bounds = path.abs_stroke_bounding_box();
                    area(bounds) * (fill + stroke)
                }
                usvg::Node::Image(_) | usvg::Node::Text(_) => 0.0,
            };
            if painted > MAX_PAINTED_PIXELS {
                return Err(SvgError::TooComplex);
            }
        }
    }
    Ok(())
}

/// How much more a gradient's pixel costs than a plain colour's, by its stops.
fn stops_weight(stops: usize) -> f64 {
    // At most MAX_GRADIENT_STOPS (64): exact as a float.
    f64::from(u32::try_from(stops).unwrap_or(u32::MAX)) / 8.0
}

/// Checks the tree `usvg` built before it is drawn: none of the effects the source was checked for made it
/// through (a second line, should a way round those checks exist), at most [`MAX_ELEMENTS`] nodes and
/// [`MAX_SEGMENTS`] path segments.
fn check_tree(tree: &usvg::Tree) -> Result<(), SvgError> {
    let property = |name: &str| Err(SvgError::UnsupportedProperty { property: name.into() });
    if !tree.filters().is_empty() {
        return property("filter");
    }
    if !tree.masks().is_empty() {
        return property("mask");
    }
    if !tree.clip_paths().is_empty() {
        return property("clip-path");
    }
    if !tree.patterns().is_empty() {
        return Err(SvgError::Unsupported { element: "pattern".into() });
    }
    let (mut nodes, mut segments) = (0u64, 0usize);
    let mut groups = vec![tree.root()];
    while let Some(group) = groups.pop() {
        for node in group.children() {
            nodes += 1;
            match node {
                usvg::Node::Group(inner) => groups.push(inner),
                usvg::Node::Path(path) => {
                    if path.stroke().is_some_and(|s| s.dasharray().is_some()) {
                        return property("stroke-dasharray");
                    }
                    let paints =
                        path.fill().map(usvg::Fill::paint).into_iter().chain(path.stroke().map(usvg::Stroke::paint));
                    if paints.into_iter().any(|p| matches!(p, usvg::Paint::Pattern(_))) {
                        return Err(SvgError::Unsupported { element: "pattern".into() });
                    }
                    segments = segments.saturating_add(path.data().len());
                }
                usvg::Node::Image(_) => return Err(SvgError::Unsupported { element: "image".into() }),
                usvg::Node::Text(_) => return Err(SvgError::Unsupported { element: "text".into() }),
            }
            if nodes > MAX_ELEMENTS || segments > MAX_SEGMENTS {
                return Err(SvgError::TooComplex);
            }
        }
    }
    Ok(())
}
#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use super::*;

    /// A hostile file of `fuzz/seeds/icon/`, where the `icon` fuzz target starts from.
    macro_rules! seed {
        ($name:literal) => {
            include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../fuzz/seeds/icon/", $name))
        };
    }

    /// Every seed a test below refuses by name, and the harmless one fuzzing also starts from.
    const SEEDS: [&str; 20] = [
        "brand.svg",
        "clip-nesting.svg",
        "css-descendants.svg",
        "css-filter.svg",
        "dash.svg",
        "external-href.svg",
        "external-import.svg",
        "external-url.svg",
        "foreign-object.svg",
        "gradient-loop.svg",
        "image.svg",
        "mask-nesting.svg",
        "nested-markers.svg",
        "overdraw.svg",
        "pattern-recursion.svg",
        "script.svg",
        "turbulence-bare.svg",
        "turbulence-octaves.svg",
        "turbulence-stitch.svg",
        "svg-in-svg.svg",
    ];

    const CIRCLE: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="24" height="24"><circle cx="12" cy="12" r="10" fill="#ff0000"/></svg>"##;

    /// What refusing `svg` said, checked to have taken well under a second (nothing was drawn).
    fn refused(svg: &str) -> SvgError {
        let started = Instant::now();
        let Err(error) = render(svg.as_bytes(), 128) else { panic!("drawn, not refused") };
        assert!(started.elapsed() < Duration::from_secs(1), "{error:?} took {:?}", started.elapsed());
        error
    }

    fn element(name: &str) -> SvgError {
        SvgError::Unsupported { element: name.into() }
    }

    fn property(name: &str) -> SvgError {
        SvgError::UnsupportedProperty { property: name.into() }
    }

    fn outside(attribute: &str) -> SvgError {
        SvgError::ExternalReference { attribute: attribute.into() }
    }

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
    fn a_larger_side_than_the_most_is_drawn_at_the_most() {
        let image = render(CIRCLE.as_bytes(), 100_000).unwrap();
        assert_eq!((image.width(), image.height()), (MAX_SIDE, MAX_SIDE));
    }

    /// A brand icon as designers' tools write one: a title, Inkscape's metadata and view settings (other
    /// namespaces, which `usvg` skips), a plain style sheet, linear and radial gradients (one inheriting
    /// the other's stops), groups and a `<use>`. Gradients stay allowed: many brands have one (Instagram's),
    /// and they cost a colour per pixel drawn, with no recursion beyond a chain of at most sixteen links.
    #[test]
    fn a_realistic_brand_icon_draws_at_the_exact_size() {
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd" viewBox="0 0 24 24" width="24" height="24">
  <title>Example</title>
  <metadata><rdf:RDF/></metadata>
  <sodipodi:namedview id="view" pagecolor="#ffffff"/>
  <style type="text/css">.brand, #other { fill: #00ff00 } path{stroke:none;}</style>
  <defs>
    <linearGradient id="blue" x1="0" y1="0" x2="1" y2="0"><stop offset="0" stop-color="#0000ff"/><stop offset="1" stop-color="#0000ff"/></linearGradient>
    <radialGradient id="round" xlink:href="#blue"/>
    <path id="dot" d="M0 0h2v2h-2z" fill="#ff0000"/>
  </defs>
  <g transform="translate(0 0)" filter="none">
    <rect width="12" height="24" fill="url(#blue)"/>
    <rect x="12" width="12" height="12" class="brand" fill-rule="evenodd" clip-rule="evenodd"/>
    <circle cx="18" cy="18" r="5" fill="url(#round)"/>
    <use href="#dot" x="20" y="12"/>
  </g>
</svg>"##;
        let document = Document::parse(svg.as_bytes()).unwrap();
        assert_eq!(document.elements(), 18, "17 elements, the one `<use>` repeats counted again");
        let image = document.render(128).unwrap().to_rgba8();
        assert_eq!(image.dimensions(), (128, 128));
        assert_eq!(image.get_pixel(32, 64).0, [0, 0, 255, 255], "linear gradient");
        assert_eq!(image.get_pixel(96, 32).0, [0, 255, 0, 255], "class from the style sheet");
        assert_eq!(image.get_pixel(96, 96).0, [0, 0, 255, 255], "radial gradient");
        assert_eq!(image.get_pixel(112, 69).0, [255, 0, 0, 255], "the path `<use>` repeats");
        assert_eq!(image.get_pixel(127, 127).0[3], 0, "outside the circle");
        // The fuzz target's harmless seed draws too.
        let brand = render(seed!("brand.svg").as_bytes(), 128).unwrap();
        assert_eq!((brand.width(), brand.height()), (128, 128));
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
        assert_eq!(refused(&svg), SvgError::TooComplex);
        // A use that refers back to itself.
        let cycle =
            r##"<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24"><g id="a"><use href="#a"/></g></svg>"##;
        assert_eq!(refused(cycle), SvgError::TooComplex);
    }

    /// `usvg` parses every copy a `<use>` makes: a long path repeated 64 times is 64 long paths.
    #[test]
    fn a_long_path_repeated_by_use_is_refused_by_its_length() {
        let path = format!("M0 0{}", "h1v1".repeat(17_500));
        let uses = r##"<use href="#p"/>"##.repeat(64);
        let svg = format!(
            r##"<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24"><defs><path id="p" d="{path}"/></defs>{uses}</svg>"##
        );
        assert_eq!(refused(&svg), SvgError::TooComplex);
        let fewer = svg.replacen(r##"<use href="#p"/>"##, "", 8);
        assert_eq!(
            Document::parse(fewer.as_bytes()).unwrap().elements(),
            115,
            "the root, defs, the path and 56 uses of it, each counting the path again"
        );
    }

    /// Two elements with one id: `usvg` resolves a `<use>` to the first, so a count taking the last (a small
    /// one) would miss what is drawn.
    #[test]
    fn an_id_given_twice_is_refused() {
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24"><defs><g id="a"><circle r="1"/></g></defs><g id="a"/><use href="#a"/></svg>"##;
        assert_eq!(refused(svg), SvgError::Malformed("an id is given to two elements".into()));
        let two_links = r##"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="24" height="24"><circle id="a" r="1"/><circle id="b" r="1"/><use href="#a" xlink:href="#b"/></svg>"##;
        assert_eq!(refused(two_links), SvgError::Malformed("an element links to two places".into()));
        let same_twice = two_links.replace(r##"xlink:href="#b""##, r##"xlink:href="#a""##);
        assert!(render(same_twice.as_bytes(), 16).is_ok(), "href and xlink:href agreeing, as old tools write");
    }

    #[test]
    fn nested_markers_are_refused_before_drawing() {
        assert_eq!(refused(seed!("nested-markers.svg")), element("marker"));
    }

    #[test]
    fn a_turbulence_of_two_billion_octaves_is_refused_before_drawing() {
        assert_eq!(refused(seed!("turbulence-octaves.svg")), element("filter"));
        assert_eq!(refused(seed!("turbulence-bare.svg")), element("feTurbulence"), "outside a filter too");
    }

    #[test]
    fn a_stitched_turbulence_is_refused_before_drawing() {
        assert_eq!(refused(seed!("turbulence-stitch.svg")), element("filter"));
    }

    #[test]
    fn recursive_patterns_are_refused_before_drawing() {
        assert_eq!(refused(seed!("pattern-recursion.svg")), element("pattern"));
    }

    #[test]
    fn nested_masks_and_clip_paths_are_refused_before_drawing() {
        assert_eq!(refused(seed!("mask-nesting.svg")), element("mask"));
        assert_eq!(refused(seed!("clip-nesting.svg")), element("clipPath"));
    }

    #[test]
    fn references_outside_the_file_are_refused() {
        assert_eq!(refused(seed!("external-href.svg")), outside("href"));
        assert_eq!(refused(seed!("external-url.svg")), outside("fill"));
        assert_eq!(refused(seed!("external-import.svg")), outside("@import"));
        let in_style = r#"<svg xmlns="http://www.w3.org/2000/svg" width="2" height="2"><rect width="2" height="2" style="fill:URL( 'https://example.com/#a')"/></svg>"#;
        assert_eq!(refused(in_style), outside("style"));
    }

    #[test]
    fn images_are_refused_and_never_loaded() {
        assert_eq!(refused(seed!("image.svg")), element("image"));
        let embedded = r#"<svg xmlns="http://www.w3.org/2000/svg" width="2" height="2"><image href="data:image/png;base64,iVBORw0KGgo=" width="2" height="2"/></svg>"#;
        assert_eq!(refused(embedded), element("image"));
    }

    #[test]
    fn foreign_objects_are_refused() {
        assert_eq!(refused(seed!("foreign-object.svg")), element("foreignObject"));
    }

    #[test]
    fn scripts_are_refused() {
        assert_eq!(refused(seed!("script.svg")), element("script"));
    }

    #[test]
    fn a_nested_svg_is_refused() {
        assert_eq!(refused(seed!("svg-in-svg.svg")), element("svg"));
    }

    /// An effect needs no element of its own where CSS gives it (`filter: blur()`), so the properties are
    /// refused too, as attributes, in a `style` attribute or in a style sheet; `none` passes.
    #[test]
    fn effect_properties_are_refused_wherever_they_are_set() {
        assert_eq!(refused(seed!("css-filter.svg")), property("filter"));
        assert_eq!(refused(seed!("dash.svg")), property("stroke-dasharray"));
        let with = |attributes: &str| {
            format!(
                r#"<svg xmlns="http://www.w3.org/2000/svg" width="2" height="2"><path d="M0 0L2 2" {attributes}/></svg>"#
            )
        };
        for (attributes, name) in [
            (r##"filter="url(#f)""##, "filter"),
            (r##"mask="url(#m)""##, "mask"),
            (r##"clip-path="url(#c)""##, "clip-path"),
            (r##"marker-start="url(#m)""##, "marker-start"),
            (r##"marker-mid="url(#m)""##, "marker-mid"),
            (r##"marker-end="url(#m)""##, "marker-end"),
            (r#"style="stroke:#000; Marker-End : url(#m)""#, "marker-end"),
            (r#"style="filter:drop-shadow(1px 1px 2px red)""#, "filter"),
        ] {
            assert_eq!(refused(&with(attributes)), property(name), "{attributes}");
        }
        assert!(render(with(r#"filter="none" style="mask: none; clip-path:NONE""#).as_bytes(), 16).is_ok());
        let sheet = r#"<svg xmlns="http://www.w3.org/2000/svg" width="2" height="2"><style>path{fill:red;filter:blur(4px)}</style><path d="M0 0h2v2z"/></svg>"#;
        assert_eq!(refused(sheet), property("filter"));
    }

    /// `usvg` matches every rule against every element it draws, and a selector's combinators can take time
    /// exponential in its length: only plain rules, at most [`MAX_STYLE_RULES`], pass.
    #[test]
    fn style_sheets_beyond_plain_rules_are_refused() {
        assert_eq!(refused(seed!("css-descendants.svg")), SvgError::ComplexStyle);
        let with = |css: &str| {
            format!(
                r#"<svg xmlns="http://www.w3.org/2000/svg" width="2" height="2"><style>{css}</style><path d="M0 0h2v2z"/></svg>"#
            )
        };
        for css in [
            "g>path{fill:red}",
            "g+path{fill:red}",
            "path[d]{fill:red}",
            "path:first-child{fill:red}",
            "@media screen{path{fill:red}}",
            r"path{fil\6c:red}",
            "path{fill:red}/* a comment */",
            "path{font-family:'x'}",
            "path{fill:red",
            "path{fill red}",
        ] {
            assert_eq!(refused(&with(css)), SvgError::ComplexStyle, "{css}");
        }
        let rules = |count: usize| with(&(0..count).map(|i| format!(".c{i}{{fill:red}}")).collect::<String>());
        assert!(render(rules(MAX_STYLE_RULES).as_bytes(), 16).is_ok());
        assert_eq!(refused(&rules(MAX_STYLE_RULES + 1)), SvgError::ComplexStyle);
        // A style element in another namespace is CSS to `usvg` all the same.
        let elsewhere = r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="urn:x" width="2" height="2"><x:style>path{filter:blur(2px)}</x:style></svg>"#;
        assert_eq!(refused(elsewhere), property("filter"));
    }

    /// `usvg` follows a gradient's links until one points back at the start or the one before: a loop
    /// further on (`a` → `b` → `c` → `b`) would never end.
    #[test]
    fn a_loop_of_gradient_links_is_refused() {
        assert_eq!(refused(seed!("gradient-loop.svg")), SvgError::TooComplex);
    }

    /// Found by the review: 9,000 stops in one gradient under a full-size shape repeated 5,000 times
    /// passed every count and cost minutes to draw. A gradient has at most `MAX_GRADIENT_STOPS`.
    #[test]
    fn a_gradient_of_thousands_of_stops_is_refused() {
        let gradient = |stops: usize| {
            let stops: String =
                (0..stops).map(|i| format!(r##"<stop offset="0.{i:05}" stop-color="#{i:06x}"/>"##)).collect();
            format!(
                r##"<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24"><linearGradient id="g">{stops}</linearGradient><rect width="24" height="24" fill="url(#g)"/></svg>"##
            )
        };
        assert_eq!(refused(&gradient(9_000)), SvgError::TooComplex);
        assert_eq!(refused(&gradient(MAX_GRADIENT_STOPS + 1)), SvgError::TooComplex);
        assert!(render(gradient(MAX_GRADIENT_STOPS).as_bytes(), 24).is_ok(), "a gradient of 64 stops draws");
    }

    /// Found by the review: a thousand full-size shapes under a 64-stop gradient, through `<use>`, passed
    /// every count (elements, stops) and painted for seconds. What drawing paints is bounded too.
    #[test]
    fn a_thousand_full_size_shapes_are_refused_before_drawing() {
        assert_eq!(refused(seed!("overdraw.svg")), SvgError::TooComplex);
        let layers = |copies: usize| {
            let rects = r##"<rect width="24" height="24" fill="#123456"/>"##.repeat(copies);
            format!(r#"<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24">{rects}</svg>"#)
        };
        assert!(render(layers(60).as_bytes(), MAX_SIDE).is_ok(), "60 full-size shapes at the largest size");
        assert!(render(layers(150).as_bytes(), 128).is_ok(), "150 at 128 px (a quarter of the pixels each)");
        assert_eq!(refused(&layers(300)), SvgError::TooComplex, "300 at 128 px are past it");
        let half = r##"<g opacity="0.5"><rect width="24" height="24" fill="#123456"/></g>"##.repeat(150);
        let svg = format!(r#"<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24">{half}</svg>"#);
        assert_eq!(refused(&svg), SvgError::TooComplex, "each group drawn as a layer costs its area too");
    }

    #[test]
    fn elements_are_named_briefly_in_errors() {
        let long = "q".repeat(10_000);
        let svg = format!(r#"<svg xmlns="http://www.w3.org/2000/svg" width="2" height="2"><{long}/></svg>"#);
        assert_eq!(refused(&svg), element(&"q".repeat(32)));
    }

    /// The second line: were a filter, mask, clip, pattern or dash to get past the source's checks, the
    /// tree `usvg` built is refused before it is drawn.
    #[test]
    fn the_built_tree_is_checked_again_before_drawing() {
        let tree = |svg: &str| usvg::Tree::from_str(svg, &usvg::Options::default()).unwrap();
        let head = r#"<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24">"#;
        for (body, error) in [
            (r#"<rect width="9" height="9" style="filter:blur(2px)"/>"#, property("filter")),
            (
                r##"<mask id="m"><rect width="9" height="9" fill="#fff"/></mask><rect width="9" height="9" mask="url(#m)"/>"##,
                property("mask"),
            ),
            (
                r##"<clipPath id="c"><rect width="9" height="9"/></clipPath><rect width="9" height="9" clip-path="url(#c)"/>"##,
                property("clip-path"),
            ),
            (
                r##"<pattern id="p" width="2" height="2"><rect width="1" height="1"/></pattern><rect width="9" height="9" fill="url(#p)"/>"##,
                element("pattern"),
            ),
            (r#"<path d="M0 0L9 9" stroke="red" stroke-dasharray="1"/>"#, property("stroke-dasharray")),
        ] {
            assert_eq!(check_tree(&tree(&format!("{head}{body}</svg>"))), Err(error), "{body}");
        }
        assert_eq!(check_tree(&tree(CIRCLE)), Ok(()));
    }

    #[test]
    fn hostile_and_empty_files_are_refused() {
        let entity = r#"<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">]><svg xmlns="http://www.w3.org/2000/svg" width="2" height="2"><text>&a;</text></svg>"#;
        assert!(matches!(render(entity.as_bytes(), 128), Err(SvgError::Malformed(_))), "no DTD, no entities");
        assert!(matches!(render(b"<svg", 128), Err(SvgError::Malformed(_))));
        assert!(matches!(render(b"\xff\xfe<svg/>", 128), Err(SvgError::Malformed(_))));
        let empty = r#"<svg xmlns="http://www.w3.org/2000/svg" width="0" height="0"/>"#;
        assert!(render(empty.as_bytes(), 128).is_err());
        assert_eq!(render(CIRCLE.as_bytes(), 0).unwrap_err(), SvgError::Empty);
    }

    /// Each hostile seed fuzzing starts from has a test above: a new one needs its own.
    #[test]
    fn every_fuzz_seed_is_named_by_a_test() {
        let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fuzz/seeds/icon");
        let mut found: Vec<String> =
            std::fs::read_dir(folder).unwrap().map(|entry| entry.unwrap().file_name().into_string().unwrap()).collect();
        found.sort();
        let mut named = SEEDS.map(String::from).to_vec();
        named.sort();
        assert_eq!(found, named);
    }
}
