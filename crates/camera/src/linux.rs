//! Capture on Linux: a GStreamer pipeline from the camera's source to two sinks that keep only the newest
//! buffer (older frames are dropped, never queued): gray frames at the camera's size for the decoder, and
//! small JPEGs for the preview.

use std::os::fd::{AsRawFd, OwnedFd};
use std::time::Duration;

use gst::prelude::*;
use gstreamer as gst;
use gstreamer_app as gst_app;
use gstreamer_video as gst_video;
use image::GrayImage;

use crate::{Error, FIRST_FRAME_TIMEOUT, Node, choose};

/// How long the portal may take to answer; it may be asking the user.
const PORTAL_TIMEOUT: Duration = Duration::from_secs(60);
/// How long asking the portal whether a camera exists may take (no dialog involved).
const PRESENCE_TIMEOUT: Duration = Duration::from_secs(5);
/// The largest preview accepted from the encoder: a 640-pixel JPEG is tens of kilobytes.
const MAX_PREVIEW_BYTES: usize = 4 << 20;

/// After the source: one branch converted to gray for the decoder, one scaled and compressed for the
/// preview. Each sink holds one buffer and drops the older one when a newer comes.
const BRANCHES: &str = "videoconvert ! tee name=split \
    split. ! queue leaky=downstream max-size-buffers=1 ! videoconvert ! video/x-raw,format=GRAY8 ! \
      appsink name=frames max-buffers=1 drop=true sync=false \
    split. ! queue leaky=downstream max-size-buffers=1 ! videoscale ! video/x-raw,width=640,pixel-aspect-ratio=1/1 ! \
      videoconvert ! jpegenc quality=70 ! appsink name=preview max-buffers=1 drop=true sync=false";

/// A started camera. Dropping it stops the capture and releases the device.
pub struct Camera {
    pipeline: gst::Pipeline,
    frames: gst_app::AppSink,
    preview: gst_app::AppSink,
    /// The portal's PipeWire connection, kept open while `pipewiresrc` uses it.
    _portal: Option<OwnedFd>,
    /// The device's name, for "Using: …".
    device: String,
}

impl Camera {
    /// Finds a camera (the portal's, else PipeWire's, else V4L2's) and starts it. May wait for the user to allow access, for up to a minute.
    ///
    /// # Errors
    /// [`Error::Refused`] when the portal says no, [`Error::NoCamera`] when no camera is found,
    /// [`Error::Busy`] when the device is held by another program, [`Error::Failed`] for the rest.
    pub fn open() -> Result<Self, Error> {
        gst::init().map_err(|e| Error::Failed(e.to_string()))?;
        // PipeWire's own registry, where it can be reached, says whether a camera is there: the portal's
        // answer can be stale (xdg-desktop-portal 1.16 with WirePlumber 0.4 sees neither cameras plugged
        // in after it started nor cameras unplugged since).
        let direct = pipewire_cameras(None).ok();
        let portal = match &direct {
            Some(nodes) if nodes.is_empty() => None,
            _ => portal_remote()?,
        };
        let (source, device, portal) = match portal {
            Some(fd) => {
                // The portal's connection sees the cameras the desktop lets Keyfob use; the one chosen among
                // them is named, and asked for by serial, so the name shown is the device read.
                let chosen = fd.try_clone().ok().and_then(|remote| pipewire_cameras(Some(remote)).ok());
                let chosen = chosen.as_deref().and_then(choose);
                let mut source = gst::ElementFactory::make("pipewiresrc")
                    .property("fd", fd.as_raw_fd())
                    .property("client-name", "Keyfob");
                if let Some(node) = chosen {
                    source = source.property("target-object", &node.serial);
                }
                let source = source.build().map_err(|e| missing("pipewiresrc (gstreamer1.0-pipewire)", &e))?;
                let device = chosen.map_or_else(|| "the camera the desktop chose".to_owned(), |n| n.name.clone());
                (source, device, Some(fd))
            }
            None => {
                let (source, device) = direct_source(direct.as_deref().unwrap_or_default())?;
                (source, device, None)
            }
        };
        let branches = gst::parse_bin_from_description(BRANCHES, true)
            .map_err(|e| Error::Failed(format!("GStreamer's base and good plugins are needed: {e}")))?;
        let pipeline = gst::Pipeline::with_name("keyfob-camera");
        pipeline.add_many([&source, branches.upcast_ref()]).map_err(|e| Error::Failed(e.to_string()))?;
        source.link(&branches).map_err(|e| Error::Failed(e.to_string()))?;
        let sink = |name: &str| {
            branches
                .by_name(name)
                .and_downcast::<gst_app::AppSink>()
                .ok_or_else(|| Error::Failed(format!("the pipeline has no {name} sink")))
        };
        let camera = Self { frames: sink("frames")?, preview: sink("preview")?, pipeline, _portal: portal, device };
        if camera.pipeline.set_state(gst::State::Playing).is_err() {
            return Err(camera.error().unwrap_or_else(|| Error::Failed("the camera did not start".to_owned())));
        }
        Ok(camera)
    }

    /// The name of the device capturing (PipeWire's description of it, or V4L2's), for the user to see
    /// which camera is read ("Using: …"): a program can publish a video source of its own.
    #[must_use]
    pub fn device(&self) -> &str {
        &self.device
    }

    /// The newest frame in gray, waiting up to `timeout` for one; `None` when none came.
    ///
    /// # Errors
    /// What the capture reported since the last call (see [`Camera::open`]).
    pub(crate) fn frame(&self, timeout: Duration) -> Result<Option<GrayImage>, Error> {
        if let Some(error) = self.error() {
            return Err(error);
        }
        let wait = gst::ClockTime::from_mseconds(u64::try_from(timeout.as_millis()).unwrap_or(u64::MAX));
        Ok(self.frames.try_pull_sample(wait).and_then(|sample| gray(&sample)))
    }

    /// The newest preview JPEG if a new one is ready, without waiting.
    ///
    /// # Errors
    /// What the capture reported since the last call.
    pub(crate) fn preview(&self) -> Result<Option<Vec<u8>>, Error> {
        if let Some(error) = self.error() {
            return Err(error);
        }
        let sample = self.preview.try_pull_sample(gst::ClockTime::ZERO);
        let buffer = sample.as_ref().and_then(|s| s.buffer());
        let map = buffer.and_then(|b| b.map_readable().ok());
        Ok(map.filter(|m| m.size() <= MAX_PREVIEW_BYTES).map(|m| m.as_slice().to_vec()))
    }

    /// The first error on the pipeline's bus, as one of ours.
    fn error(&self) -> Option<Error> {
        let message = self.pipeline.bus()?.pop_filtered(&[gst::MessageType::Error])?;
        let gst::MessageView::Error(error) = message.view() else { return None };
        let debug = error.debug().map(|d| d.to_string()).unwrap_or_default();
        Some(classify(&error.error(), &debug))
    }
}

impl Drop for Camera {
    fn drop(&mut self) {
        // Stopping is synchronous for these elements: the device is closed when this returns.
        let _ = self.pipeline.set_state(gst::State::Null);
    }
}

/// Whether any camera is there to offer: PipeWire has a video source (or, where PipeWire cannot be
/// reached directly, as in a sandbox, the portal says so), or a V4L2 device is there. Asks nothing of the
/// user and opens no camera.
#[must_use]
pub fn is_present() -> bool {
    let pipewire = match pipewire_cameras(None) {
        Ok(nodes) => !nodes.is_empty(),
        Err(_) => portal_presence().unwrap_or(false),
    };
    pipewire || gst::init().is_ok() && !v4l2_devices().is_empty()
}

/// The portal's PipeWire connection for cameras, when a portal offers a camera: `None` when no portal
/// answers or it knows no camera (then PipeWire and V4L2 are asked directly).
fn portal_remote() -> Result<Option<OwnedFd>, Error> {
    use ashpd::desktop::camera::Camera as Portal;
    let request = async {
        let Ok(portal) = Portal::new().await else { return Ok(None) };
        if !portal.is_present().await.unwrap_or(false) {
            return Ok(None);
        }
        let asked = portal.request_access(Default::default()).await.map_err(|e| Error::Failed(e.to_string()))?;
        match asked.response() {
            Ok(()) => {}
            Err(ashpd::Error::Response(_)) => return Err(Error::Refused),
            Err(e) => return Err(Error::Failed(e.to_string())),
        }
        let fd = portal.open_pipe_wire_remote(Default::default()).await.map_err(|e| Error::Failed(e.to_string()))?;
        Ok(Some(fd))
    };
    let timeout = async {
        async_io::Timer::after(PORTAL_TIMEOUT).await;
        Err(Error::Failed(format!("the camera portal did not answer within {} s", PORTAL_TIMEOUT.as_secs())))
    };
    async_io::block_on(futures_lite::future::or(request, timeout))
}

/// Whether the portal says a camera exists; `None` when no portal answers in time.
fn portal_presence() -> Option<bool> {
    let ask = async {
        let portal = ashpd::desktop::camera::Camera::new().await.ok()?;
        portal.is_present().await.ok()
    };
    let timeout = async {
        async_io::Timer::after(PRESENCE_TIMEOUT).await;
        None
    };
    async_io::block_on(futures_lite::future::or(ask, timeout))
}

/// A source for the camera found directly, with its name: PipeWire's video source that [`choose`]
/// prefers among `nodes`, else the first V4L2 device.
fn direct_source(nodes: &[Node]) -> Result<(gst::Element, String), Error> {
    if let Some(node) = choose(nodes) {
        let source = gst::ElementFactory::make("pipewiresrc")
            .property("target-object", &node.serial)
            .property("client-name", "Keyfob")
            .build()
            .map_err(|e| missing("pipewiresrc (gstreamer1.0-pipewire)", &e))?;
        return Ok((source, node.name.clone()));
    }
    let device = v4l2_devices().into_iter().next().ok_or(Error::NoCamera)?;
    let name = device.display_name().to_string();
    Ok((device.create_element(Some("camera")).map_err(|e| Error::Failed(e.to_string()))?, name))
}

/// PipeWire's video sources (cameras, as its V4L2 and libcamera monitors publish them, and any program's
/// own), from the registry of the daemon, or of the portal's `remote` when given. Listed with `pipewire`
/// itself rather than GStreamer's PipeWire device provider, which corrupts the heap when stopped while the
/// daemon has other clients (seen with PipeWire 0.3.65, Debian 12).
///
/// The daemon's registry is read in one round trip. Through the portal's connection the session manager
/// lets the camera be seen only a moment after Keyfob connects, so an empty first answer there is waited
/// out until a camera shows up (the portal granted one), for at most [`FIRST_FRAME_TIMEOUT`].
///
/// # Errors
/// When no PipeWire daemon answers within [`PRESENCE_TIMEOUT`].
fn pipewire_cameras(remote: Option<OwnedFd>) -> Result<Vec<Node>, Error> {
    use std::cell::{Cell, RefCell};
    use std::rc::Rc;

    use pipewire as pw;

    let failed = |e: pw::Error| Error::Failed(format!("PipeWire: {e}"));
    pw::init();
    let main_loop = pw::main_loop::MainLoop::new(None).map_err(failed)?;
    let context = pw::context::Context::new(&main_loop).map_err(failed)?;
    let through_portal = remote.is_some();
    let core = match remote {
        Some(fd) => context.connect_fd(fd, None),
        None => context.connect(None),
    }
    .map_err(failed)?;
    let registry = core.get_registry().map_err(failed)?;
    let cameras = Rc::new(RefCell::new(Vec::new()));
    let done = Rc::new(Cell::new(false));

    let (found, answered, quit) = (Rc::clone(&cameras), Rc::clone(&done), main_loop.clone());
    let _globals = registry
        .add_listener_local()
        .global(move |global| {
            let Some(props) = global.props else { return };
            let camera =
                global.type_ == pw::types::ObjectType::Node && props.get("media.class") == Some("Video/Source");
            if camera && let Some(serial) = props.get("object.serial").or_else(|| props.get("node.name")) {
                let name = ["node.description", "node.nick", "node.name"].iter().find_map(|key| props.get(key));
                found.borrow_mut().push(Node {
                    serial: serial.to_owned(),
                    name: name.unwrap_or(serial).to_owned(),
                    role: props.get("media.role").map(str::to_owned),
                    device: props.get("device.id").is_some() || props.get("device.api").is_some(),
                });
                // The camera the portal was waited for (see above).
                if answered.get() {
                    quit.quit();
                }
            }
        })
        .register();
    let pending = core.sync(0).map_err(|e| Error::Failed(format!("PipeWire: {e}")))?;
    let (finished, listed, quit) = (Rc::clone(&done), Rc::clone(&cameras), main_loop.clone());
    let _done = core
        .add_listener_local()
        .done(move |id, seq| {
            if id == pw::core::PW_ID_CORE && seq == pending {
                finished.set(true);
                if !through_portal || !listed.borrow().is_empty() {
                    quit.quit();
                }
            }
        })
        .register();
    let quit = main_loop.clone();
    let timer = main_loop.loop_().add_timer(move |_| quit.quit());
    let bound = if through_portal { FIRST_FRAME_TIMEOUT } else { PRESENCE_TIMEOUT };
    let _ = timer.update_timer(Some(bound), None);
    main_loop.run();
    if !done.get() {
        return Err(Error::Failed(format!("PipeWire did not answer within {} s", bound.as_secs())));
    }
    let cameras = cameras.borrow().clone();
    Ok(cameras)
}

/// V4L2 capture devices, from GStreamer's V4L2 device provider alone.
fn v4l2_devices() -> Vec<gst::Device> {
    let Some(provider) = gst::DeviceProviderFactory::by_name("v4l2deviceprovider") else { return Vec::new() };
    if provider.start().is_err() {
        return Vec::new();
    }
    let devices: Vec<gst::Device> = provider.devices().into_iter().filter(|d| d.has_classes("Video/Source")).collect();
    provider.stop();
    devices
}

/// A frame's pixels as a gray picture, row by row past the stride's padding. The caps come from the
/// capture stack; a buffer smaller than they claim is dropped, and so is one over the decoder's limit.
fn gray(sample: &gst::Sample) -> Option<GrayImage> {
    let info = gst_video::VideoInfo::from_caps(sample.caps()?).ok()?;
    let (width, height) = (info.width(), info.height());
    if u64::from(width) * u64::from(height) > keyfob_core::qr::MAX_PIXELS {
        return None;
    }
    let stride = usize::try_from(*info.stride().first()?).ok()?;
    let map = sample.buffer()?.map_readable().ok()?;
    let (w, h) = (usize::try_from(width).ok()?, usize::try_from(height).ok()?);
    if stride < w {
        return None;
    }
    let mut pixels = Vec::with_capacity(w * h);
    for row in map.as_slice().chunks(stride).take(h) {
        pixels.extend_from_slice(row.get(..w)?);
    }
    GrayImage::from_raw(width, height, pixels)
}

/// Our error for what GStreamer reported.
fn classify(error: &gst::glib::Error, debug: &str) -> Error {
    let busy = error.kind::<gst::ResourceError>() == Some(gst::ResourceError::Busy)
        || debug.contains("Device or resource busy")
        || error.message().contains("busy");
    let missing = matches!(
        error.kind::<gst::ResourceError>(),
        Some(gst::ResourceError::NotFound | gst::ResourceError::OpenRead | gst::ResourceError::OpenReadWrite)
    );
    if busy {
        Error::Busy
    } else if missing {
        Error::NoCamera
    } else {
        Error::Failed(error.message().to_owned())
    }
}

fn missing(element: &str, error: &gst::glib::BoolError) -> Error {
    Error::Failed(format!("GStreamer's {element} is needed: {error}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glib_error(kind: gst::ResourceError, message: &str) -> gst::glib::Error {
        gst::glib::Error::new(kind, message)
    }

    fn sample(width: u32, height: u32, bytes: Vec<u8>) -> gst::Sample {
        gst::init().unwrap();
        let info = gst_video::VideoInfo::builder(gst_video::VideoFormat::Gray8, width, height).build().unwrap();
        let buffer = gst::Buffer::from_mut_slice(bytes);
        gst::Sample::builder().buffer(&buffer).caps(&info.to_caps().unwrap()).build()
    }

    /// Rows padded to GStreamer's 4-byte stride come out as the picture, pixel for pixel.
    #[test]
    fn frames_lose_their_row_padding() {
        let (width, height, stride) = (30u32, 5u32, 32usize);
        let bytes: Vec<u8> = (0..stride * 5)
            .map(|i| if i % stride < 30 { u8::try_from(i / stride * 40).unwrap() } else { 255 })
            .collect();
        let frame = gray(&sample(width, height, bytes)).unwrap();
        assert_eq!(frame.dimensions(), (30, 5));
        assert!(frame.enumerate_pixels().all(|(_, y, p)| u32::from(p.0[0]) == y * 40));
    }

    /// The capture stack's caps are taken as hostile: a buffer shorter than they claim, or sizes past the
    /// decoder's limit, give no frame, and no allocation of the claimed size.
    #[test]
    fn frames_that_lie_about_their_size_are_dropped() {
        assert!(gray(&sample(64, 48, vec![0; 64 * 48])).is_some());
        assert!(gray(&sample(64, 48, vec![0; 64 * 47])).is_none(), "one row short");
        assert!(gray(&sample(64, 48, vec![0; 100])).is_none());
        assert!(gray(&sample(20_000, 20_000, vec![0; 16])).is_none(), "400 megapixels claimed");
    }

    /// GStreamer's own words for a camera held by another program, a missing device and the rest.
    #[test]
    fn capture_errors_become_ours() {
        let busy = glib_error(gst::ResourceError::Busy, "Device '/dev/video0' is busy");
        assert_eq!(classify(&busy, ""), Error::Busy);
        let held = glib_error(gst::ResourceError::Failed, "stream error");
        assert_eq!(classify(&held, "spa error: Device or resource busy"), Error::Busy);
        let gone = glib_error(gst::ResourceError::NotFound, "Cannot identify device '/dev/video9'.");
        assert_eq!(classify(&gone, ""), Error::NoCamera);
        let other = glib_error(gst::ResourceError::Settings, "no usable format");
        assert_eq!(classify(&other, ""), Error::Failed("no usable format".to_owned()));
    }
}
