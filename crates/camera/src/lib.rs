//! Keyfob's camera: a code printed on a letter or shown on a phone, held up to the computer's camera.
//!
//! [`Camera::open`] finds a camera the way the desktop wants it found and starts it; [`Camera::scan`]
//! decodes frames as they arrive (with [`keyfob_core::qr::decode_frame`], the decoder's fast path) and
//! hands small JPEG previews to whoever shows them; dropping the [`Camera`] releases the device at once.
//!
//! On Linux, frames come through GStreamer, in this order:
//! 1. the desktop portal's Camera (`org.freedesktop.portal.Camera`): the desktop asks the user, then
//!    hands over a PipeWire connection that sees cameras only, read with PipeWire's `pipewiresrc`;
//! 2. PipeWire directly, where no portal offers a camera (a desktop without portals, a session manager
//!    that exposes cameras as PipeWire nodes);
//! 3. V4L2 (`/dev/video*`, GStreamer's `v4l2src`) on systems without PipeWire.
//!
//! Frames never leave memory: nothing is written to disk, and only the text of a code found leaves this
//! crate. macOS (AVFoundation) and Windows (Media Foundation) are planned in `docs/camera.md`; there
//! [`Camera::open`] says the camera is not supported yet.

#[cfg(target_os = "linux")]
mod linux;
mod scan;
#[cfg(not(target_os = "linux"))]
mod unsupported;

#[cfg(target_os = "linux")]
pub use linux::{Camera, is_present};
pub use scan::Found;
#[cfg(not(target_os = "linux"))]
pub use unsupported::{Camera, is_present};

/// How long a started camera may stay silent before it counts as unusable.
pub const FIRST_FRAME_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// Why the camera gives no frames. Each has its own message, and the app its own hint.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// No portal, PipeWire node or V4L2 device offers a camera.
    #[error("no camera was found")]
    NoCamera,
    /// The camera is held by another program (`EBUSY`), or keeps silent as one that is.
    #[error("the camera is in use by another program")]
    Busy,
    /// The user, or the desktop's privacy settings, refused access through the portal.
    #[error("access to the camera was refused")]
    Refused,
    /// The camera started but sent no picture within [`FIRST_FRAME_TIMEOUT`].
    #[error("the camera sent no picture for {} seconds", FIRST_FRAME_TIMEOUT.as_secs())]
    NoPicture,
    /// Capture is not built for this system yet.
    #[error("the camera is not supported on this system yet")]
    Unsupported,
    /// Anything else the capture stack reported, in its words.
    #[error("the camera could not be used: {0}")]
    Failed(String),
}

impl Error {
    /// A stable code for the app's error mapping (`camera.none`, `camera.busy` …).
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            Self::NoCamera => "camera.none",
            Self::Busy => "camera.busy",
            Self::Refused => "camera.refused",
            Self::NoPicture => "camera.silent",
            Self::Unsupported => "camera.unsupported",
            Self::Failed(_) => "camera.failed",
        }
    }

    /// What the user can do about it, in a sentence.
    #[must_use]
    pub fn hint(&self) -> &'static str {
        match self {
            Self::NoCamera => "Connect a camera, or scan the code from the screen or an image file instead.",
            Self::Busy | Self::NoPicture => {
                "Close the other program that uses the camera (a video call, another scanner), then try again."
            }
            Self::Refused => {
                "Allow Keyfob to use the camera in your system's privacy settings (Camera), then try again."
            }
            Self::Unsupported => "Scan the code from the screen or an image file instead.",
            Self::Failed(_) => "Try again, or scan the code from the screen or an image file instead.",
        }
    }
}
