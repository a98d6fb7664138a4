//! What stands for an account at a glance when no brand icon is known: a letter avatar, the first letter
//! of the issuer (else the account name) on a colour of its own. The colour comes from the name alone
//! (any case), so an account keeps it across restarts, machines and renames of its account name, and two
//! accounts of one service share it.
//!
//! Every colour is dark enough for a white letter to read at WCAG AA (4.5:1) in light and dark themes
//! alike; the tests check all 360 hues.

use std::io::Cursor;

use image::{DynamicImage, ImageFormat, imageops::FilterType};

/// Which icon an account shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Icon {
    /// The brand its issuer names, where the built-in catalogue has it; else its letter avatar.
    #[default]
    Automatic,
    /// Its letter avatar, even where a brand is known.
    Letter,
    /// A brand the user chose, by its Simple Icons name (`github`).
    Brand(BrandName),
    /// A picture the user gave, as Keyfob re-encoded it.
    Picture(Picture),
}

impl Icon {
    /// As the vault and backups store it: `icon` (`letter`, or a Simple Icons name) and `picture` (base64
    /// of a PNG), each absent when not used.
    pub fn to_stored(&self) -> (Option<String>, Option<String>) {
        match self {
            Self::Automatic => (None, None),
            Self::Letter => (Some("letter".to_owned()), None),
            Self::Brand(name) => (Some(name.as_str().to_owned()), None),
            Self::Picture(picture) => (None, Some(data_encoding::BASE64.encode(picture.png()))),
        }
    }

    /// Reads what [`Icon::to_stored`] wrote.
    ///
    /// # Errors
    /// [`IconError::BrandName`] or [`IconError::NotAPicture`] (also for both fields at once).
    pub fn from_stored(icon: Option<&str>, picture: Option<&str>) -> Result<Self, IconError> {
        match (icon, picture) {
            (None, None) => Ok(Self::Automatic),
            (Some("letter"), None) => Ok(Self::Letter),
            (Some(name), None) => Ok(Self::Brand(BrandName::new(name)?)),
            (None, Some(picture)) => {
                let png = data_encoding::BASE64.decode(picture.as_bytes()).map_err(|_| IconError::NotAPicture)?;
                Ok(Self::Picture(Picture::from_png(png)?))
            }
            (Some(_), Some(_)) => Err(IconError::NotAPicture),
        }
    }
}

/// A Simple Icons name: 1–64 of `a-z`, `0-9`. (Whether the catalogue has it is the caller's to check; an
/// unknown one shows the letter avatar.)
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrandName(String);

impl BrandName {
    /// Checks `name`.
    ///
    /// # Errors
    /// [`IconError::BrandName`].
    pub fn new(name: &str) -> Result<Self, IconError> {
        let valid =
            (1..=64).contains(&name.len()) && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
        if !valid {
            return Err(IconError::BrandName);
        }
        Ok(Self(name.to_owned()))
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The largest side of a picture, in pixels: sharp at twice the list's size.
pub const PICTURE_SIDE: u32 = 128;
/// The largest image file a picture is made from, in bytes.
pub const MAX_PICTURE_SOURCE_BYTES: usize = 4 * 1024 * 1024;
/// The most pixels an image made into a picture may have (checked from its header, before decoding).
pub const MAX_PICTURE_SOURCE_PIXELS: u64 = 4096 * 4096;
/// The largest picture kept, in bytes of PNG.
pub const MAX_PICTURE_BYTES: usize = 64 * 1024;

/// Why an image cannot become an icon.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum IconError {
    /// Not a Simple Icons name.
    #[error("an icon name is 1 to 64 lower-case letters and digits")]
    BrandName,
    /// Over [`MAX_PICTURE_SOURCE_BYTES`].
    #[error("the image is over {} MiB; choose a smaller one", MAX_PICTURE_SOURCE_BYTES >> 20)]
    TooLarge,
    /// Not an image Keyfob reads, or damaged.
    #[error("the file is not an image Keyfob reads (PNG, JPEG, WebP, GIF, BMP or SVG): {0}")]
    Unreadable(String),
    /// A stored picture that is not what Keyfob writes.
    #[error("the picture is not a PNG of at most {PICTURE_SIDE} × {PICTURE_SIDE} pixels and {} KiB", MAX_PICTURE_BYTES >> 10)]
    NotAPicture,
    /// An SVG that is refused before it is drawn (what it uses, or what it would cost).
    #[error(transparent)]
    Svg(#[from] crate::svg::SvgError),
    /// Drawing it would pass what is left of a [`Budget`]: the file's earlier icons used the rest.
    #[error("the file's other icons already took the drawing one import allows")]
    OverBudget,
}

/// The most pixels one import decodes or draws for its icons: those of an image's header, or
/// [`PICTURE_SIDE`]² for each SVG drawn.
pub const MAX_IMPORT_PIXELS: u64 = 4 * MAX_PICTURE_SOURCE_PIXELS;
/// The most SVG elements one import draws for its icons, each `<use>` counted as what it expands to.
pub const MAX_IMPORT_SVG_ELEMENTS: u64 = 5 * crate::svg::MAX_ELEMENTS;

/// What drawing icons may still cost within one import. An export can hold thousands of icons, each
/// within the limits of one: without a total, a file of a few megabytes could keep Keyfob drawing for
/// hours. Each icon is charged before it is decoded or drawn; one that does not fit in what is left is
/// [`IconError::OverBudget`] (a smaller one later may still fit).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Budget {
    /// Pixels left to decode or draw.
    pixels: u64,
    /// SVG elements left to draw.
    elements: u64,
}

impl Budget {
    /// The budget of one import: [`MAX_IMPORT_PIXELS`] and [`MAX_IMPORT_SVG_ELEMENTS`].
    #[must_use]
    pub fn for_import() -> Self {
        Self { pixels: MAX_IMPORT_PIXELS, elements: MAX_IMPORT_SVG_ELEMENTS }
    }

    /// Takes `pixels` and `elements` from what is left, or nothing if either does not fit.
    fn charge(&mut self, pixels: u64, elements: u64) -> Result<(), IconError> {
        let pixels_left = self.pixels.checked_sub(pixels).ok_or(IconError::OverBudget)?;
        let elements_left = self.elements.checked_sub(elements).ok_or(IconError::OverBudget)?;
        (self.pixels, self.elements) = (pixels_left, elements_left);
        Ok(())
    }
}

/// An icon picture: a PNG of at most [`PICTURE_SIDE`] pixels a side and [`MAX_PICTURE_BYTES`], made by
/// Keyfob from the user's image (never shown or stored as given: whatever the file held besides its
/// pixels is gone).
#[derive(Clone, PartialEq, Eq)]
pub struct Picture(Vec<u8>);

impl std::fmt::Debug for Picture {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Picture({} bytes)", self.0.len())
    }
}

impl Picture {
    /// A picture from an image file's bytes (PNG, JPEG, WebP, GIF, BMP; SVG through [`crate::svg`]),
    /// scaled to fit [`PICTURE_SIDE`] and re-encoded as PNG.
    ///
    /// # Errors
    /// [`IconError::TooLarge`], [`IconError::Unreadable`] or [`IconError::Svg`].
    pub fn from_image(bytes: &[u8]) -> Result<Self, IconError> {
        // A fresh import's budget holds any one icon within the limits above.
        Self::from_image_within(bytes, &mut Budget::for_import())
    }

    /// [`Picture::from_image`], charging what it decodes or draws to `budget` first.
    ///
    /// # Errors
    /// [`Picture::from_image`]'s, or [`IconError::OverBudget`] (then nothing was decoded or drawn).
    pub fn from_image_within(bytes: &[u8], budget: &mut Budget) -> Result<Self, IconError> {
        if bytes.len() > MAX_PICTURE_SOURCE_BYTES {
            return Err(IconError::TooLarge);
        }
        let image = if crate::svg::looks_like(bytes) {
            let svg = crate::svg::Document::parse(bytes)?;
            budget.charge(u64::from(PICTURE_SIDE) * u64::from(PICTURE_SIDE), svg.elements())?;
            svg.render(PICTURE_SIDE)?
        } else {
            let (width, height) = crate::qr::dimensions(bytes).map_err(|e| IconError::Unreadable(e.to_string()))?;
            let pixels = u64::from(width) * u64::from(height);
            if pixels <= MAX_PICTURE_SOURCE_PIXELS {
                budget.charge(pixels, 0)?;
            }
            crate::qr::load_bounded(bytes, MAX_PICTURE_SOURCE_PIXELS)
                .map_err(|e| IconError::Unreadable(e.to_string()))?
        };
        Self::from_pixels(&image)
    }

    fn from_pixels(image: &DynamicImage) -> Result<Self, IconError> {
        let scaled = if image.width() > PICTURE_SIDE || image.height() > PICTURE_SIDE {
            image.resize(PICTURE_SIDE, PICTURE_SIDE, FilterType::Lanczos3)
        } else {
            image.clone()
        };
        let mut png = Vec::new();
        DynamicImage::ImageRgba8(scaled.to_rgba8())
            .write_to(&mut Cursor::new(&mut png), ImageFormat::Png)
            .map_err(|e| IconError::Unreadable(e.to_string()))?;
        if png.len() > MAX_PICTURE_BYTES {
            return Err(IconError::Unreadable("it does not make a small enough icon".into()));
        }
        Ok(Self(png))
    }

    /// A picture as stored (a vault, a backup): checked to be what [`Picture::from_image`] makes.
    ///
    /// # Errors
    /// [`IconError::NotAPicture`].
    pub fn from_png(png: Vec<u8>) -> Result<Self, IconError> {
        if png.len() > MAX_PICTURE_BYTES || !png.starts_with(b"\x89PNG\r\n\x1a\n") {
            return Err(IconError::NotAPicture);
        }
        let decoder = image::ImageReader::with_format(Cursor::new(&png), ImageFormat::Png);
        let (width, height) = decoder.into_dimensions().map_err(|_| IconError::NotAPicture)?;
        if width == 0 || height == 0 || width > PICTURE_SIDE || height > PICTURE_SIDE {
            return Err(IconError::NotAPicture);
        }
        Ok(Self(png))
    }

    /// The PNG bytes.
    pub fn png(&self) -> &[u8] {
        &self.0
    }
}

/// A letter on a colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Avatar {
    /// The letter shown, upper case; `?` when the names have no letter or digit.
    pub letter: char,
    /// The background, as RGB.
    pub colour: [u8; 3],
}

/// As windows draw it: `{"letter": "G", "colour": "#rrggbb"}`.
impl serde::Serialize for Avatar {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut avatar = serializer.serialize_struct("Avatar", 2)?;
        avatar.serialize_field("letter", &self.letter)?;
        avatar.serialize_field("colour", &self.css_colour())?;
        avatar.end()
    }
}

impl Avatar {
    /// The colour as CSS wants it: `#rrggbb`.
    #[must_use]
    pub fn css_colour(&self) -> String {
        css(self.colour)
    }
}

/// The avatar of an account named `name` at `issuer`.
#[must_use]
pub fn avatar(issuer: Option<&str>, name: &str) -> Avatar {
    let source = issuer.map(str::trim).filter(|i| !i.is_empty()).unwrap_or_else(|| name.trim());
    let letter = source.chars().find(|c| c.is_alphanumeric()).and_then(|c| c.to_uppercase().next()).unwrap_or('?');
    Avatar { letter, colour: colour(hue(&source.to_lowercase())) }
}

/// A hue in degrees from the name's bytes (FNV-1a, 32 bits): stable everywhere, spread evenly.
fn hue(name: &str) -> u16 {
    let hash = name.bytes().fold(0x811c_9dc5_u32, |hash, byte| (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193));
    u16::try_from(hash % 360).unwrap_or(0)
}

/// The lightest colour of `hue` (saturation 60 %) on which white text reads at 4.5:1.
fn colour(hue: u16) -> [u8; 3] {
    (20..=50u8)
        .rev()
        .map(|lightness| hsl(hue, 0.6, f64::from(lightness) / 100.0))
        .find(|rgb| contrast_with_white(*rgb) >= 4.5)
        .unwrap_or([51, 51, 51])
}

/// HSL to RGB (CSS Color 4's formula).
fn hsl(hue: u16, saturation: f64, lightness: f64) -> [u8; 3] {
    let channel = |n: f64| {
        let k = (n + f64::from(hue) / 30.0) % 12.0;
        let a = saturation * lightness.min(1.0 - lightness);
        let value = lightness - a * (k - 3.0).min(9.0 - k).clamp(-1.0, 1.0);
        #[expect(clippy::cast_possible_truncation, clippy::cast_sign_loss, reason = "clamped to 0..=255 first")]
        let byte = (value * 255.0).round().clamp(0.0, 255.0) as u8;
        byte
    };
    [channel(0.0), channel(8.0), channel(4.0)]
}

/// WCAG's contrast ratio of white on `rgb`.
fn contrast_with_white(rgb: [u8; 3]) -> f64 {
    contrast(rgb, [255, 255, 255])
}

/// WCAG's relative luminance.
fn luminance(rgb: [u8; 3]) -> f64 {
    let linear = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.040_45 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
    };
    let [r, g, b] = rgb.map(linear);
    0.2126 * r + 0.7152 * g + 0.0722 * b
}

/// WCAG's contrast ratio between two colours (1 to 21).
#[must_use]
pub fn contrast(a: [u8; 3], b: [u8; 3]) -> f64 {
    let (a, b) = (luminance(a), luminance(b));
    (a.max(b) + 0.05) / (a.min(b) + 0.05)
}

/// The card a brand icon is drawn on in the light theme (the window's `--card`).
pub const LIGHT_CARD: [u8; 3] = [0xff, 0xff, 0xff];
/// The card a brand icon is drawn on in the dark theme.
pub const DARK_CARD: [u8; 3] = [0x1d, 0x20, 0x29];
/// The contrast a brand icon keeps with its card: WCAG's 3:1 for graphics that identify something.
pub const ICON_CONTRAST: f64 = 3.0;

/// `colour`, or the nearest shade of it (mixed towards black on a light card, white on a dark one) that
/// stands out from `card` at [`ICON_CONTRAST`]: GitHub's near-black on a dark card becomes grey, a pale
/// yellow on white becomes ochre.
#[must_use]
pub fn legible(colour: [u8; 3], card: [u8; 3]) -> [u8; 3] {
    let towards: f64 = if luminance(card) > 0.5 { 0.0 } else { 255.0 };
    (0..=20u8)
        .map(|step| {
            let weight = f64::from(step) / 20.0;
            colour.map(|c| {
                #[expect(clippy::cast_possible_truncation, clippy::cast_sign_loss, reason = "between 0 and 255")]
                let mixed = (f64::from(c) * (1.0 - weight) + towards * weight).round().clamp(0.0, 255.0) as u8;
                mixed
            })
        })
        .find(|shade| contrast(*shade, card) >= ICON_CONTRAST)
        .unwrap_or(if towards == 0.0 { [0, 0, 0] } else { [255, 255, 255] })
}

/// A colour as CSS wants it: `#rrggbb`.
#[must_use]
pub fn css(rgb: [u8; 3]) -> String {
    let [r, g, b] = rgb;
    format!("#{r:02x}{g:02x}{b:02x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 16 × 16 PNG.
    fn png_16() -> Vec<u8> {
        let mut png = Vec::new();
        DynamicImage::ImageRgba8(image::RgbaImage::new(16, 16))
            .write_to(&mut Cursor::new(&mut png), ImageFormat::Png)
            .unwrap();
        png
    }

    #[test]
    fn a_picture_is_charged_its_header_pixels_before_decoding() {
        let mut budget = Budget { pixels: 255, elements: 0 };
        assert_eq!(Picture::from_image_within(&png_16(), &mut budget), Err(IconError::OverBudget));
        assert_eq!(budget, Budget { pixels: 255, elements: 0 }, "nothing taken for what was not drawn");
        let mut budget = Budget { pixels: 256, elements: 0 };
        assert!(Picture::from_image_within(&png_16(), &mut budget).is_ok());
        assert_eq!(budget, Budget { pixels: 0, elements: 0 });
    }

    #[test]
    fn an_svg_is_charged_its_elements_and_drawn_pixels_before_drawing() {
        let svg = br##"<svg xmlns="http://www.w3.org/2000/svg" width="2" height="2"><g><rect width="2" height="2" fill="#f00"/></g></svg>"##;
        let mut budget = Budget { pixels: 128 * 128, elements: 2 };
        assert_eq!(Picture::from_image_within(svg, &mut budget), Err(IconError::OverBudget));
        let mut budget = Budget { pixels: 128 * 128 + 1, elements: 3 };
        assert!(Picture::from_image_within(svg, &mut budget).is_ok());
        assert_eq!(budget, Budget { pixels: 1, elements: 0 });
        let marker = br#"<svg xmlns="http://www.w3.org/2000/svg" width="2" height="2"><marker/></svg>"#;
        assert_eq!(
            Picture::from_image(marker),
            Err(IconError::Svg(crate::svg::SvgError::Unsupported { element: "marker".into() }))
        );
    }

    #[test]
    fn the_letter_is_the_issuers_else_the_names() {
        assert_eq!(avatar(Some("github"), "alice").letter, 'G');
        assert_eq!(avatar(None, "alice@example.com").letter, 'A');
        assert_eq!(avatar(Some("  "), "bob").letter, 'B', "a blank issuer counts as none");
        assert_eq!(avatar(Some("(ácme)"), "x").letter, 'Á');
        assert_eq!(avatar(Some("***"), "").letter, '?');
        assert_eq!(avatar(None, "").letter, '?');
    }

    /// The same service keeps its colour in any case and whatever the account; the colour is fixed for
    /// good (a change would repaint every user's list).
    #[test]
    fn the_colour_is_stable() {
        assert_eq!(avatar(Some("GitHub"), "alice").colour, avatar(Some("github"), "bob").colour);
        assert_eq!(avatar(Some("GitHub"), "alice").css_colour(), "#b233cc");
        assert_eq!(avatar(Some("Payroll"), "alice").css_colour(), avatar(Some("PAYROLL"), "").css_colour());
        assert_ne!(avatar(Some("GitHub"), "a").colour, avatar(Some("GitLab"), "a").colour);
    }

    #[test]
    fn it_serialises_as_windows_draw_it() {
        let json = serde_json::to_string(&avatar(Some("GitHub"), "alice")).unwrap();
        assert_eq!(json, r##"{"letter":"G","colour":"#b233cc"}"##);
    }

    #[test]
    fn brand_colours_stand_out_from_both_cards() {
        // GitHub's near-black: kept on white, lightened on the dark card.
        assert_eq!(legible([0x18, 0x17, 0x17], LIGHT_CARD), [0x18, 0x17, 0x17]);
        let on_dark = legible([0x18, 0x17, 0x17], DARK_CARD);
        assert!(contrast(on_dark, DARK_CARD) >= ICON_CONTRAST && on_dark != [255, 255, 255], "{on_dark:?}");
        // Every colour there is, in steps: each shade chosen stands out from its card.
        for r in (0..=255u8).step_by(15) {
            for g in (0..=255u8).step_by(15) {
                for b in (0..=255u8).step_by(15) {
                    for card in [LIGHT_CARD, DARK_CARD] {
                        assert!(contrast(legible([r, g, b], card), card) >= ICON_CONTRAST, "{r},{g},{b} on {card:?}");
                    }
                }
            }
        }
        assert_eq!(css([0x17, 0x5d, 0xdc]), "#175ddc");
    }

    #[test]
    fn white_reads_on_every_colour() {
        for hue in 0..360 {
            let rgb = colour(hue);
            assert!(contrast_with_white(rgb) >= 4.5, "hue {hue}: {rgb:?}");
        }
        assert!((contrast_with_white([0, 0, 0]) - 21.0).abs() < 1e-9);
    }
}
