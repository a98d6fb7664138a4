//! A virtual camera for end-to-end tests, on a test's own D-Bus session bus: a PipeWire daemon and
//! WirePlumber with a camera node (`media.class` `Video/Source`, `media.role` `Camera`) that GStreamer's
//! `pipewiresink` feeds with generated frames in a loop, and, when asked, the desktop portal in front of it
//! with the camera permission already answered. Everything is stopped when it is dropped.
//!
//! [`video`] makes the frames: a code moving into view, blurred and noisy, as a hand brings a phone or a
//! letter to a laptop's camera.

use std::path::Path;
use std::process::{Child, Stdio};

use image::{GrayImage, Luma, imageops};
use rand::Rng;

use crate::services::Services;

/// The camera node's name in PipeWire.
pub const NODE: &str = "keyfob-test-camera";

/// Frames per second the camera sends.
pub const FPS: u32 = 10;

/// PipeWire, WirePlumber, perhaps a camera and perhaps the portal.
pub struct VirtualCamera {
    services: Services,
    camera: Option<Child>,
    frames: tempfile::TempDir,
    _runtime: tempfile::TempDir,
}

/// Whether the desktop portal runs, and what it answers for the camera.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Portal {
    /// No portal: apps find PipeWire's camera themselves.
    None,
    /// The portal runs and the user has allowed the camera.
    Allowed,
    /// The portal runs and the user has refused the camera.
    Refused,
}

impl VirtualCamera {
    /// Starts PipeWire and WirePlumber on the bus at `bus`, a camera node playing `frames` over and over
    /// at [`FPS`] (none when `frames` is empty), and the portal as `portal` says.
    ///
    /// # Panics
    /// When a part is missing (`scripts/test` installs them) or does not come up in 20 s.
    #[expect(clippy::expect_used, reason = "test support: a camera that cannot start fails the test")]
    pub fn start(bus: &str, frames: &[GrayImage], portal: Portal) -> Self {
        let runtime = tempfile::Builder::new().prefix("keyfob-camera-").tempdir().expect("a runtime folder");
        let folder = tempfile::Builder::new().prefix("keyfob-frames-").tempdir().expect("a frames folder");
        let _ = std::fs::set_permissions(runtime.path(), std::os::unix::fs::PermissionsExt::from_mode(0o700));
        let mut services = Services::new(vec![
            ("XDG_RUNTIME_DIR", path(runtime.path()).to_owned()),
            ("DBUS_SESSION_BUS_ADDRESS", bus.to_owned()),
        ]);
        services.spawn("/usr/bin/pipewire", &[]);
        services.wait_until("PipeWire's socket", || runtime.path().join("pipewire-0").exists());
        services.spawn("/usr/bin/wireplumber", &[]);
        if portal != Portal::None {
            services.set_permission("devices", "camera", if portal == Portal::Allowed { "yes" } else { "no" });
            // xdg-desktop-portal 1.16 crashes on a camera request without an Access backend, even with the
            // permission recorded; the gtk one needs an X display (the test's Xvfb).
            services.set_env("DISPLAY", display());
            services.spawn("/usr/libexec/xdg-desktop-portal-gtk", &[]);
            services.wait_for_name("org.freedesktop.impl.portal.desktop.gtk");
            services.spawn("/usr/libexec/xdg-desktop-portal", &["--replace"]);
            services.wait_for_name("org.freedesktop.portal.Desktop");
        }
        let mut camera = Self { services, camera: None, frames: folder, _runtime: runtime };
        if !frames.is_empty() {
            camera.plug(frames);
        }
        camera
    }

    /// Plugs in a camera showing `frames` over and over at [`FPS`], in place of the one plugged in
    /// before, if any.
    ///
    /// # Panics
    /// When GStreamer cannot start it, or its node does not appear in 20 s.
    #[expect(clippy::expect_used, reason = "test support: a camera that cannot start fails the test")]
    pub fn plug(&mut self, frames: &[GrayImage]) {
        self.unplug();
        for entry in std::fs::read_dir(self.frames.path()).into_iter().flatten().flatten() {
            let _ = std::fs::remove_file(entry.path());
        }
        for (i, frame) in frames.iter().enumerate() {
            frame.save(self.frames.path().join(format!("frame{i:03}.png"))).expect("a frame");
        }
        let location = format!("location={}", path(&self.frames.path().join("frame%03d.png")));
        let caps = format!("caps=image/png,framerate={FPS}/1");
        let properties = format!(
            "stream-properties=p,media.class=Video/Source,media.role=Camera,node.name={NODE},\
             node.description=Keyfob-test-camera"
        );
        let pipeline = ["multifilesrc", &location, "loop=true", &caps, "!", "pngdec", "!", "videoconvert"]
            .into_iter()
            // A file source prerolls, and buffers from pipewiresink's pool before its stream is
            // connected are invalid (gst-launch crashes): upstream keeps its own buffers instead.
            .chain(["!", "video/x-raw,format=YUY2", "!", "identity", "drop-allocation=true"])
            .chain(["!", "pipewiresink", "mode=provide", &properties]);
        let child = self
            .services
            .command("/usr/bin/gst-launch-1.0")
            .args(pipeline)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("gst-launch-1.0 (scripts/test installs it)");
        self.camera = Some(child);
        self.services.wait_until("the camera node", || self.nodes("Video/Source").iter().any(|n| n == NODE));
    }

    /// Unplugs the camera, if one is plugged in.
    pub fn unplug(&mut self) {
        if let Some(mut camera) = self.camera.take() {
            let _ = camera.kill();
            let _ = camera.wait();
        }
        self.services.wait_until("the camera gone", || !self.nodes("Video/Source").iter().any(|n| n == NODE));
    }

    /// Freezes the camera's process (`SIGSTOP`): its node stays in PipeWire and sends nothing, as a
    /// camera held by a program that hung.
    ///
    /// # Panics
    /// When no camera is plugged in.
    pub fn freeze(&self) {
        let camera = self.camera.as_ref().unwrap_or_else(|| panic!("no camera is plugged in"));
        let stopped = std::process::Command::new("kill").args(["-STOP", &camera.id().to_string()]).status();
        assert!(stopped.is_ok_and(|s| s.success()), "the camera could not be frozen");
    }

    /// How many video streams are reading from PipeWire now: an app holding the camera has one.
    pub fn readers(&self) -> usize {
        self.nodes("Stream/Input/Video").len()
    }

    /// The names of PipeWire's nodes of `class`, from `pw-dump`.
    fn nodes(&self, class: &str) -> Vec<String> {
        let Ok(output) = self.services.command("pw-dump").stderr(Stdio::null()).output() else { return Vec::new() };
        let objects: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap_or_default();
        objects
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|object| object.pointer("/info/props"))
            .filter(|props| props.get("media.class").and_then(|c| c.as_str()) == Some(class))
            .map(|props| props.get("node.name").and_then(|n| n.as_str()).unwrap_or_default().to_owned())
            .collect()
    }

    /// The environment an app using this camera runs with: the runtime folder where PipeWire's socket is,
    /// and the session bus.
    pub fn env(&self) -> Vec<(&'static str, String)> {
        self.services.env().iter().filter(|(key, _)| *key != "DISPLAY").cloned().collect()
    }
}

impl Drop for VirtualCamera {
    fn drop(&mut self) {
        if let Some(mut camera) = self.camera.take() {
            let _ = camera.kill();
            let _ = camera.wait();
        }
    }
}

/// A hand bringing a code into view: `count` 640×480 frames, the code (3-pixel modules on white paper)
/// sliding in from the right over the first half (at most half of it in view) and held, a little unsteady, for the rest; every frame
/// slightly out of focus and noisy. Only the held frames show the whole code.
pub fn video(payload: &str, count: usize, rng: &mut impl Rng) -> Vec<GrayImage> {
    let paper = crate::pad(&crate::render(payload, 3), 12);
    let (width, height) = (640i64, 480i64);
    let rest = (width - i64::from(paper.width())) / 2;
    let top = (height - i64::from(paper.height())) / 2;
    let arriving = count / 2;
    (0..count)
        .map(|i| {
            let x = if i < arriving {
                // From a quarter of the paper in view to half of it: never the whole code.
                let quarter = i64::from(paper.width()) / 4;
                let step = i64::try_from(i).unwrap_or(0) * quarter / i64::try_from(arriving).unwrap_or(1);
                width - quarter - step
            } else {
                rest + rng.random_range(-6..=6)
            };
            let mut frame = GrayImage::from_pixel(640, 480, Luma([96]));
            imageops::replace(&mut frame, &paper, x, top + rng.random_range(-4..=4));
            crate::noise(&crate::blur(&frame, 0.8), 8, 0.0, rng)
        })
        .collect()
}

/// The test's X display, which `scripts/test` provides.
#[expect(clippy::disallowed_methods, reason = "test support: the display the test command started")]
fn display() -> String {
    std::env::var("DISPLAY")
        .unwrap_or_else(|_| panic!("the portal's gtk backend needs an X display (scripts/test starts Xvfb)"))
}

fn path(path: &Path) -> &str {
    path.to_str().unwrap_or_default()
}
