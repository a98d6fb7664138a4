//! The scanning loop: the newest frame, decoded; older ones are dropped by the capture, never queued.

use std::time::{Duration, Instant};

use crate::{Camera, Error, FIRST_FRAME_TIMEOUT};

/// How long one wait for a frame lasts, so a stop request is seen within it.
const POLL: Duration = Duration::from_millis(100);

/// What a scan ended with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// The text of every code in the first frame that had one.
    Codes(Vec<String>),
    /// The caller asked to stop first.
    Stopped,
}

impl Camera {
    /// Decodes frames as they arrive until one holds a code or `stop` says so, handing each new preview
    /// (a JPEG, about 640 pixels wide) to `preview` on the way.
    ///
    /// # Errors
    /// [`Error::NoPicture`] when no frame comes within [`FIRST_FRAME_TIMEOUT`] of the start; whatever the
    /// capture reports on the way (a camera unplugged, taken by another program).
    pub fn scan(&self, stop: &dyn Fn() -> bool, preview: &mut dyn FnMut(Vec<u8>)) -> Result<Found, Error> {
        let started = Instant::now();
        let mut seen_a_frame = false;
        while !stop() {
            if let Some(jpeg) = self.preview()? {
                preview(jpeg);
            }
            match self.frame(POLL)? {
                Some(frame) => {
                    seen_a_frame = true;
                    let found = keyfob_core::qr::decode_frame(&frame);
                    if !found.is_empty() {
                        return Ok(Found::Codes(found));
                    }
                }
                None if !seen_a_frame && started.elapsed() > FIRST_FRAME_TIMEOUT => return Err(Error::NoPicture),
                None => {}
            }
        }
        Ok(Found::Stopped)
    }
}
