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

/// A video source PipeWire lists, as plain data: what [`choose`] picks from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// `object.serial` (else `node.name`): what the capture asks for.
    pub serial: String,
    /// What to call it: `node.description`, else `node.nick`, else `node.name`.
    pub name: String,
    /// `media.role` (`Camera` for cameras), when given.
    pub role: Option<String>,
    /// Whether it belongs to a device the session manager found (`device.id` or `device.api`: V4L2,
    /// libcamera), rather than being a stream some program publishes.
    pub device: bool,
}

/// The video source to read among `nodes`: a device's before a program's stream, then one whose role is
/// `Camera`, the first listed among equals; `None` when there is none. Any program in the session can
/// publish a `Video/Source` (a screen share, a virtual camera, one showing a QR code of its choosing), so
/// "the first listed" would let it be read instead of the camera; the name of the one chosen is shown.
#[must_use]
pub fn choose(nodes: &[Node]) -> Option<&Node> {
    let rank = |node: &Node| (node.device, node.role.as_deref().is_some_and(|r| r.eq_ignore_ascii_case("camera")));
    // `max_by_key` keeps the last of equal maxima; reversed, the first listed wins ties.
    nodes.iter().rev().max_by_key(|node| rank(node))
}

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

#[cfg(test)]
mod tests {
    use super::*;

    fn node(serial: &str, role: Option<&str>, device: bool) -> Node {
        Node { serial: serial.to_owned(), name: format!("{serial} name"), role: role.map(str::to_owned), device }
    }

    #[test]
    fn a_device_camera_is_chosen_over_programs_video_sources_listed_before_it() {
        let nodes = [
            node("40", None, false),
            node("41", Some("Camera"), false),
            node("42", Some("Camera"), true),
            node("43", Some("Camera"), true),
        ];
        assert_eq!(choose(&nodes).map(|n| n.serial.as_str()), Some("42"), "the first of the devices");
    }

    #[test]
    fn without_a_device_a_source_in_the_camera_role_comes_first() {
        let nodes = [node("40", Some("Screen"), false), node("41", Some("camera"), false), node("42", None, false)];
        assert_eq!(choose(&nodes).map(|n| n.serial.as_str()), Some("41"));
        assert_eq!(choose(&nodes[..1]).map(|n| n.name.as_str()), Some("40 name"), "anything rather than nothing");
        assert_eq!(choose(&[]), None);
    }
}
