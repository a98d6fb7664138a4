//! Systems without a capture path yet (macOS, Windows: planned in `docs/camera.md`).

use std::time::Duration;

use image::GrayImage;

use crate::Error;

/// A camera, never opened here.
pub struct Camera(());

impl Camera {
    /// # Errors
    /// Always [`Error::Unsupported`].
    pub fn open() -> Result<Self, Error> {
        Err(Error::Unsupported)
    }

    /// Never called: no camera opens here.
    #[must_use]
    pub fn device(&self) -> &str {
        ""
    }

    pub(crate) fn frame(&self, _timeout: Duration) -> Result<Option<GrayImage>, Error> {
        Err(Error::Unsupported)
    }

    pub(crate) fn preview(&self) -> Result<Option<Vec<u8>>, Error> {
        Err(Error::Unsupported)
    }
}

/// No camera is offered where none can be opened.
#[must_use]
pub fn is_present() -> bool {
    false
}
