//! Scanning with the camera through the real capture path: a PipeWire daemon and WirePlumber started by
//! the test, a camera node fed by GStreamer with generated frames (a code moving into view, blurred and
//! noisy), and, where the test says so, the desktop portal in front of it. Keyfob reads the camera through
//! the same code a physical camera goes through, from the portal or PipeWire on.

use std::time::Duration;

use image::DynamicImage;
use keyfob_testkit as kit;
use keyfob_testkit::camera::{Portal, VirtualCamera};

use crate::app::png;
use crate::support::{Run, Session};

/// `keyfob scan --camera` in `session`, with the camera's environment.
fn scan_with_camera(session: &Session, camera: &VirtualCamera, timeout: &str) -> Run {
    let mut command = session.command(&["scan", "--camera", "--timeout", timeout]);
    command.envs(camera.env());
    command.output().unwrap().into()
}

/// The canonical link `keyfob scan` prints for a code holding `payload`.
fn canonical(session: &Session, payload: &str) -> String {
    let file = session.home().join("code.png");
    std::fs::create_dir_all(session.home()).unwrap();
    std::fs::write(&file, png(DynamicImage::ImageLuma8(kit::render(payload, 4)))).unwrap();
    let run = session.keyfob(&["scan", file.to_str().unwrap()]);
    assert_eq!(run.status, Some(0), "{run:?}");
    run.stdout
}

#[test]
fn scan_with_the_camera_reads_a_code_moving_into_view_through_pipewire() {
    let session = Session::without_activation();
    let payload = kit::enrolment_uri(&mut kit::rng(31), 31);
    let frames = kit::camera::video(&payload, 24, &mut kit::rng(32));
    // The frames where the code is coming into view hold no readable code; the others do.
    assert!(frames[..12].iter().all(|f| keyfob_core::qr::decode_frame(f).is_empty()));
    assert!(frames[12..].iter().all(|f| keyfob_core::qr::decode_frame(f) == [payload.clone()]));
    let camera = VirtualCamera::start(session.bus_address(), &frames, Portal::None);
    let run = scan_with_camera(&session, &camera, "30");
    assert_eq!(run.status, Some(0), "{run:?}");
    assert_eq!(run.stdout, canonical(&session, &payload));
}

#[test]
fn scan_with_the_camera_goes_through_the_portal_where_one_runs() {
    let session = Session::unlocked();
    let payload = kit::enrolment_uri(&mut kit::rng(33), 33);
    let frames = kit::camera::video(&payload, 24, &mut kit::rng(34));
    let camera = VirtualCamera::start(session.bus_address(), &frames, Portal::Allowed);
    let run = scan_with_camera(&session, &camera, "30");
    assert_eq!(run.status, Some(0), "{run:?}");
    assert_eq!(run.stdout, canonical(&session, &payload));

    // The user said no once, in the portal's dialog: the camera stays closed, and Keyfob says why.
    drop(camera);
    let refused = VirtualCamera::start(session.bus_address(), &frames, Portal::Refused);
    let run = scan_with_camera(&session, &refused, "30");
    assert_eq!(run.status, Some(1), "{run:?}");
    assert!(run.stderr.contains("access to the camera was refused. Allow Keyfob to use the camera"), "{}", run.stderr);
    assert!(run.stdout.is_empty());
}

#[test]
fn scan_with_the_camera_says_when_there_is_no_camera_or_no_code() {
    let session = Session::without_activation();
    let camera = VirtualCamera::start(session.bus_address(), &[], Portal::None);
    let run = scan_with_camera(&session, &camera, "30");
    assert_eq!(run.status, Some(1), "{run:?}");
    assert_eq!(
        run.stderr.trim(),
        "keyfob: no camera was found. Connect a camera, or scan the code from the screen or an image file instead."
    );

    // A camera that shows no code: the scan gives up when told.
    drop(camera);
    let blank = vec![image::GrayImage::from_pixel(640, 480, image::Luma([200])); 4];
    let camera = VirtualCamera::start(session.bus_address(), &blank, Portal::None);
    let started = std::time::Instant::now();
    let run = scan_with_camera(&session, &camera, "2");
    assert_eq!(run.status, Some(1), "{run:?}");
    assert!(run.stderr.contains("no QR code came into view within 2 s"), "{}", run.stderr);
    assert!(started.elapsed() < Duration::from_secs(20));
}
