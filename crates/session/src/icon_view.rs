//! Icons as windows draw them: which one an account shows (its choice, else the brand its issuer names,
//! else its letter avatar) with everything the window needs, resolved here so the web view never matches
//! names itself.

use keyfob_core::icon::{self, DARK_CARD, Icon, LIGHT_CARD};
use serde::Serialize;

/// An icon for the window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum IconView {
    /// A brand logo: one SVG path on a 24 × 24 view box, in the brand's colour as it stands out in each
    /// theme.
    Brand {
        /// Its Simple Icons name.
        slug: String,
        /// The brand's name.
        title: String,
        /// The SVG path.
        path: &'static str,
        /// `#rrggbb` on the light theme's card.
        light: String,
        /// `#rrggbb` on the dark theme's card.
        dark: String,
    },
    /// A picture the user gave: base64 of its PNG.
    Picture {
        /// The PNG, base64.
        png: String,
    },
}

impl IconView {
    /// How `brand` is drawn.
    pub fn brand(brand: &'static keyfob_icons::Brand) -> Self {
        Self::Brand {
            slug: brand.slug().to_owned(),
            title: brand.title().to_owned(),
            path: brand.path(),
            light: icon::css(icon::legible(brand.colour(), LIGHT_CARD)),
            dark: icon::css(icon::legible(brand.colour(), DARK_CARD)),
        }
    }

    /// Brands whose name contains `query` (its first 64 characters), at most `limit`, for the icon picker.
    pub fn search(query: &str, limit: usize) -> Vec<Self> {
        let query: String = query.chars().take(64).collect();
        keyfob_icons::search(&query, limit).into_iter().map(Self::brand).collect()
    }

    /// The icon a picker's choice of the brand `slug` stores, when Keyfob has that brand.
    pub fn brand_choice(slug: &str) -> Option<Icon> {
        keyfob_icons::by_slug(slug)?;
        icon::BrandName::new(slug).ok().map(Icon::Brand)
    }

    /// The icon an account at `issuer` shows with `choice`; `None` for its letter avatar.
    pub fn of(choice: &Icon, issuer: Option<&str>) -> Option<Self> {
        match choice {
            Icon::Automatic => issuer.and_then(keyfob_icons::find).map(Self::brand),
            Icon::Letter => None,
            Icon::Brand(name) => keyfob_icons::by_slug(name.as_str()).map(Self::brand),
            Icon::Picture(picture) => Some(Self::Picture { png: data_encoding::BASE64.encode(picture.png()) }),
        }
    }
}

/// An icon as pixels, for places that take pixels rather than a window's SVG: the tray's menu, the
/// desktop's search results.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pixels {
    /// Width and height, in pixels.
    pub side: u32,
    /// Straight RGBA, row by row.
    pub rgba: Vec<u8>,
}

impl IconView {
    /// The icon drawn `side` pixels square: a brand on a white rounded tile (its light-theme colour, so it
    /// reads in light and dark menus alike), a picture scaled to fit.
    pub fn pixels(&self, side: u32) -> Option<Pixels> {
        let image = match self {
            Self::Brand { path, light, .. } => {
                let svg = format!(
                    r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><rect width="24" height="24" rx="5" fill="#ffffff"/><g transform="translate(4 4) scale(0.6667)"><path fill="{light}" d="{path}"/></g></svg>"##
                );
                keyfob_core::svg::render(svg.as_bytes(), side).ok()?.to_rgba8()
            }
            Self::Picture { png } => {
                let png = data_encoding::BASE64.decode(png.as_bytes()).ok()?;
                let picture = image::load_from_memory_with_format(&png, image::ImageFormat::Png).ok()?;
                let fitted = picture.resize(side, side, image::imageops::FilterType::Triangle).to_rgba8();
                let mut square = image::RgbaImage::new(side, side);
                let (x, y) = ((side - fitted.width()) / 2, (side - fitted.height()) / 2);
                image::imageops::overlay(&mut square, &fitted, i64::from(x), i64::from(y));
                square
            }
        };
        (image.width() == side && image.height() == side).then(|| Pixels { side, rgba: image.into_raw() })
    }
}

#[cfg(test)]
mod tests {
    use keyfob_core::icon::BrandName;

    use super::*;

    #[test]
    fn the_choice_wins_over_the_issuer() {
        let github = IconView::of(&Icon::Automatic, Some("GitHub")).unwrap();
        let IconView::Brand { slug, light, dark, .. } = &github else { panic!("{github:?}") };
        assert_eq!((slug.as_str(), light.as_str()), ("github", "#181717"));
        assert_ne!(dark, "#181717", "lightened to stand out on the dark card");
        assert_eq!(IconView::of(&Icon::Automatic, Some("Example Payroll")), None);
        assert_eq!(IconView::of(&Icon::Automatic, None), None);
        assert_eq!(IconView::of(&Icon::Letter, Some("GitHub")), None);
        let chosen = IconView::of(&Icon::Brand(BrandName::new("gitlab").unwrap()), Some("GitHub")).unwrap();
        assert!(matches!(chosen, IconView::Brand { ref slug, .. } if slug == "gitlab"));
        assert_eq!(IconView::of(&Icon::Brand(BrandName::new("nosuchbrand").unwrap()), Some("GitHub")), None);
    }

    #[test]
    fn icons_become_pixels_for_menus_and_search_results() {
        let github = IconView::of(&Icon::Automatic, Some("GitHub")).unwrap().pixels(32).unwrap();
        assert_eq!((github.side, github.rgba.len()), (32, 32 * 32 * 4));
        let pixel = |x: usize, y: usize| &github.rgba[(y * 32 + x) * 4..(y * 32 + x) * 4 + 4];
        assert_eq!(pixel(16, 1), [255, 255, 255, 255], "the white tile");
        assert_eq!(pixel(0, 0)[3], 0, "its rounded corner");
        let logo = (0..32 * 32).filter(|i| github.rgba[i * 4..i * 4 + 3] == [0x18, 0x17, 0x17]).count();
        assert!(logo > 50, "GitHub's logo in its colour: {logo} pixels");
        let wide = image::RgbaImage::from_pixel(40, 20, image::Rgba([200, 0, 0, 255]));
        let mut png = Vec::new();
        wide.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png).unwrap();
        let picture = keyfob_core::icon::Picture::from_image(&png).unwrap();
        let pixels = IconView::of(&Icon::Picture(picture), None).unwrap().pixels(16).unwrap();
        assert_eq!(&pixels.rgba[(8 * 16 + 8) * 4..(8 * 16 + 8) * 4 + 4], [200, 0, 0, 255]);
        assert_eq!(pixels.rgba[3], 0, "letterboxed, not stretched");
    }
}
