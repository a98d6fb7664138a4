//! What stands for an account at a glance when no brand icon is known: a letter avatar, the first letter
//! of the issuer (else the account name) on a colour of its own. The colour comes from the name alone
//! (any case), so an account keeps it across restarts, machines and renames of its account name, and two
//! accounts of one service share it.
//!
//! Every colour is dark enough for a white letter to read at WCAG AA (4.5:1) in light and dark themes
//! alike; the tests check all 360 hues.

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
        let [r, g, b] = self.colour;
        format!("#{r:02x}{g:02x}{b:02x}")
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
    let linear = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.040_45 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
    };
    let [r, g, b] = rgb.map(linear);
    let luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    1.05 / (luminance + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn white_reads_on_every_colour() {
        for hue in 0..360 {
            let rgb = colour(hue);
            assert!(contrast_with_white(rgb) >= 4.5, "hue {hue}: {rgb:?}");
        }
        assert!((contrast_with_white([0, 0, 0]) - 21.0).abs() < 1e-9);
    }
}
