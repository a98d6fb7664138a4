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
}
