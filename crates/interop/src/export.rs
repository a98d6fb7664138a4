//! What every writer shares: its error, and QR codes of what it wrote (a phone scans an export off the
//! screen). The writers themselves live with their app's reader: [`crate::aegis::write`],
//! [`crate::google::write`].

use zeroize::Zeroizing;

/// Why an export could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The random source or the KDF failed.
    #[error("the export could not be encrypted: {0}")]
    Crypto(String),
    /// A QR code could not be made.
    #[error("the QR code could not be made: {0}")]
    Qr(String),
}

/// A QR code of `text` as PNG bytes, 6 pixels a module with the quiet zone: sharp enough for any phone
/// camera to read off a screen or a printout.
///
/// # Errors
/// [`Error::Qr`] when the text is too long for a QR code, or encoding fails.
///
/// # Security
/// The image holds whatever `text` holds (secrets, for exports); the bytes are wiped when dropped.
pub fn qr_png(text: &str) -> Result<Zeroizing<Vec<u8>>, Error> {
    let code = qrcode::QrCode::new(text.as_bytes()).map_err(|e| Error::Qr(e.to_string()))?;
    let image = code.render::<image::Luma<u8>>().module_dimensions(6, 6).quiet_zone(true).build();
    let mut png = Zeroizing::new(Vec::new());
    image::DynamicImage::ImageLuma8(image)
        .write_to(&mut std::io::Cursor::new(&mut *png), image::ImageFormat::Png)
        .map_err(|e| Error::Qr(e.to_string()))?;
    Ok(png)
}
