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
    portal: Portal,
    camera: Option<Child>,
    frames: tempfile::TempDir,
    _runtime: tempfile::TempDir,
}

/// A video stream reading from PipeWire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reader {
    /// Whether it reads through a connection the portal opened.
    pub through_portal: bool,
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
    /// When a part is missing (`scripts/test` installs them) or does not come up within [`wait::LIMIT`](crate::wait::LIMIT).
    #[expect(clippy::expect_used, reason = "test support: a camera that cannot start fails the test")]
    pub fn start(bus: &str, frames: &[GrayImage], portal: Portal) -> Self {
        let runtime = tempfile::Builder::new().prefix("keyfob-camera-").tempdir().expect("a runtime folder");
        let folder = tempfile::Builder::new().prefix("keyfob-frames-").tempdir().expect("a frames folder");
        let _ = std::fs::set_permissions(runtime.path(), std::os::unix::fs::PermissionsExt::from_mode(0o700));
        // The permission store keeps its answers under XDG_DATA_HOME: a folder of this camera's own, so
        // no answer outlives it or comes from the real home.
        let data = runtime.path().join("data");
        std::fs::create_dir_all(&data).expect("a data folder");
        let mut services = Services::new(vec![
            ("XDG_RUNTIME_DIR", path(runtime.path()).to_owned()),
            ("DBUS_SESSION_BUS_ADDRESS", bus.to_owned()),
            ("XDG_DATA_HOME", path(&data).to_owned()),
        ]);
        services.spawn("/usr/bin/pipewire", &[]);
        services.wait_until("PipeWire's socket", || runtime.path().join("pipewire-0").exists());
        services.spawn("/usr/bin/wireplumber", &[]);
        let mut camera = Self { services, portal, camera: None, frames: folder, _runtime: runtime };
        // xdg-desktop-portal 1.16 (with WirePlumber 0.4) sees the cameras there when it starts, and
        // neither cameras plugged in later nor their unplugging: the camera comes first.
        if !frames.is_empty() {
            camera.plug(frames);
        }
        if portal != Portal::None {
            let services = &mut camera.services;
            services.set_permission("devices", "camera", if portal == Portal::Allowed { "yes" } else { "no" });
            // xdg-desktop-portal 1.16 crashes on a camera request without an Access backend, even with the
            // permission recorded; the gtk one needs an X display (the test's Xvfb).
            services.set_env("DISPLAY", display());
            services.spawn("/usr/libexec/xdg-desktop-portal-gtk", &[]);
            services.wait_for_name("org.freedesktop.impl.portal.desktop.gtk");
            services.spawn("/usr/libexec/xdg-desktop-portal", &["--replace"]);
            services.wait_for_name("org.freedesktop.portal.Desktop");
            camera.wait_for_portal(!frames.is_empty());
        }
        camera
    }

    /// Plugs in a camera showing `frames` over and over at [`FPS`], in place of the one plugged in
    /// before, if any. A portal already running does not see it (see [`VirtualCamera::start`]).
    ///
    /// # Panics
    /// When GStreamer cannot start it, or its node does not appear within [`wait::LIMIT`](crate::wait::LIMIT).
    #[expect(clippy::expect_used, reason = "test support: a camera that cannot start fails the test")]
    pub fn plug(&mut self, frames: &[GrayImage]) {
        self.unplug();
        self.show(frames);
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

    /// Changes what the camera shows, from its next loop on: `frames` replace the files it plays, each
    /// renamed into place whole.
    ///
    /// # Panics
    /// When a frame cannot be written.
    #[expect(clippy::expect_used, reason = "test support")]
    pub fn show(&self, frames: &[GrayImage]) {
        let folder = self.frames.path();
        for (i, frame) in frames.iter().enumerate() {
            let staged = folder.join(format!("next{i:03}.png"));
            frame.save(&staged).expect("a frame");
            std::fs::rename(&staged, folder.join(format!("frame{i:03}.png"))).expect("a frame in place");
        }
        for stale in frames.len().. {
            if std::fs::remove_file(folder.join(format!("frame{stale:03}.png"))).is_err() {
                break;
            }
        }
    }

    /// Waits until the portal, if it runs, says whether a camera is present as `present` (it answers once
    /// it has looked at PipeWire).
    fn wait_for_portal(&self, present: bool) {
        if self.portal == Portal::None {
            return;
        }
        self.services.wait_until("the portal to see the camera come or go", || {
            self.services
                .command("gdbus")
                .args(["call", "--session", "--dest", "org.freedesktop.portal.Desktop"])
                .args(["--object-path", "/org/freedesktop/portal/desktop"])
                .args(["--method", "org.freedesktop.DBus.Properties.Get", "org.freedesktop.portal.Camera"])
                .arg("IsCameraPresent")
                .stderr(Stdio::null())
                .output()
                .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains(if present { "true" } else { "false" }))
        });
    }

    /// Unplugs the camera, if one is plugged in, and waits until PipeWire sees it gone. (A portal
    /// already running may go on saying a camera is there: see [`VirtualCamera::start`].)
    pub fn unplug(&mut self) {
        let Some(mut camera) = self.camera.take() else { return };
        let _ = camera.kill();
        let _ = camera.wait();
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

    /// The video streams reading from PipeWire now (an app holding the camera has one), each saying
    /// whether it came through the portal (its client is one the portal opened: `pipewire.access` is
    /// `portal`).
    pub fn readers(&self) -> Vec<Reader> {
        let objects = self.dump();
        let clients: Vec<&serde_json::Value> = objects
            .iter()
            .filter(|o| o.get("type").and_then(|t| t.as_str()).is_some_and(|t| t.ends_with("Client")))
            .collect();
        objects
            .iter()
            .filter_map(|object| object.pointer("/info/props"))
            .filter(|props| props.get("media.class").and_then(|c| c.as_str()) == Some("Stream/Input/Video"))
            .map(|props| {
                let client = props.get("client.id").and_then(serde_json::Value::as_u64);
                let access = clients
                    .iter()
                    .find(|c| c.get("id").and_then(serde_json::Value::as_u64) == client)
                    .and_then(|c| c.pointer("/info/props/pipewire.access"))
                    .and_then(|a| a.as_str());
                Reader { through_portal: access == Some("portal") }
            })
            .collect()
    }

    fn dump(&self) -> Vec<serde_json::Value> {
        let Ok(output) = self.services.command("pw-dump").stderr(Stdio::null()).output() else { return Vec::new() };
        serde_json::from_slice(&output.stdout).unwrap_or_default()
    }

    /// The names of PipeWire's nodes of `class`, from `pw-dump`.
    fn nodes(&self, class: &str) -> Vec<String> {
        self.dump()
            .iter()
            .filter_map(|object| object.pointer("/info/props"))
            .filter(|props| props.get("media.class").and_then(|c| c.as_str()) == Some(class))
            .map(|props| props.get("node.name").and_then(|n| n.as_str()).unwrap_or_default().to_owned())
            .collect()
    }

    /// The environment an app using this camera runs with: the runtime folder where PipeWire's socket is,
    /// and the session bus.
    pub fn env(&self) -> Vec<(&'static str, String)> {
        let app = ["XDG_RUNTIME_DIR", "DBUS_SESSION_BUS_ADDRESS"];
        self.services.env().iter().filter(|(key, _)| app.contains(key)).cloned().collect()
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
