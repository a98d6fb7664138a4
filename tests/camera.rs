//! Scanning with the camera through the real capture path: a PipeWire daemon and WirePlumber started by
//! the test, a camera node fed by GStreamer with generated frames (a code moving into view, blurred and
//! noisy), and, where the test says so, the desktop portal in front of it. Keyfob reads the camera through
//! the same code a physical camera goes through, from the portal or PipeWire on.

use std::process::Stdio;
use std::time::Duration;

use image::DynamicImage;
use keyfob_testkit as kit;
use keyfob_testkit::camera::{Portal, Reader, VirtualCamera};
use keyfob_testkit::wait;

use crate::util::app::{App, press_ctrl_l, start, unlock};
use crate::util::qr::png;
use crate::util::run::Run;
use crate::util::session::Session;
use crate::util::vault::passphrase_vault_in;

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
    assert!(run.stderr.contains("keyfob: Using: Keyfob-test-camera\n"), "the camera read is named: {}", run.stderr);
}

#[test]
fn scan_with_the_camera_goes_through_the_portal_where_one_runs() {
    let session = Session::without_activation();
    let payload = kit::enrolment_uri(&mut kit::rng(33), 33);
    let frames = kit::camera::video(&payload, 24, &mut kit::rng(34));
    let camera = VirtualCamera::start(session.bus_address(), &frames[..12], Portal::Allowed);

    // While it looks, Keyfob reads the camera through the connection the portal opened for it.
    let mut command = session.command(&["scan", "--camera", "--timeout", "4"]);
    let scanning = command.envs(camera.env()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    wait::until("Keyfob to read the camera", Duration::from_secs(10), || !camera.readers().is_empty());
    assert_eq!(camera.readers(), [Reader { through_portal: true }]);
    let run: Run = scanning.wait_with_output().unwrap().into();
    assert_eq!(run.status, Some(1), "{run:?}");
    assert!(run.stderr.contains("no QR code came into view within 4 s"), "{}", run.stderr);

    camera.show(&frames);
    let run = scan_with_camera(&session, &camera, "30");
    assert_eq!(run.status, Some(0), "{run:?}");
    assert_eq!(run.stdout, canonical(&session, &payload));
    assert!(run.stderr.contains("keyfob: Using: Keyfob-test-camera\n"), "named through the portal: {}", run.stderr);

    // The user said no once, in the portal's dialog: the camera stays closed, and Keyfob says why.
    drop(camera);
    let refused = VirtualCamera::start(session.bus_address(), &frames, Portal::Refused);
    let run = scan_with_camera(&session, &refused, "30");
    assert_eq!(run.status, Some(1), "{run:?}");
    assert!(run.stderr.contains("access to the camera was refused. Allow Keyfob to use the camera"), "{}", run.stderr);
    assert!(run.stdout.is_empty());
    assert!(refused.readers().is_empty());
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

    // A camera that is there but sends nothing (its program hung): said after 10 s, not waited on forever.
    camera.freeze();
    let run = scan_with_camera(&session, &camera, "30");
    assert_eq!(run.status, Some(1), "{run:?}");
    assert!(
        run.stderr.contains("the camera sent no picture for 10 seconds. Close the other program"),
        "{}",
        run.stderr
    );
}

/// Opens the add dialog and waits for its answer about the camera: `true` when it offers one.
fn camera_offered(app: &App) -> bool {
    app.click("#add-button");
    let answer = || app.execute("return document.getElementById('scan-camera').dataset.checked", serde_json::json!([]));
    wait::until("the camera check to answer", Duration::from_secs(20), || answer().is_string());
    let offered = app.execute("return !document.getElementById('scan-camera').hidden", serde_json::json!([]));
    assert_eq!(offered == serde_json::json!(true), answer() == "present");
    answer() == "present"
}

#[test]
fn the_app_scans_with_the_camera_shows_what_it_sees_and_lets_it_go() {
    let session = Session::without_activation();
    std::fs::create_dir_all(session.home()).unwrap();
    // The camera shows the code only coming into view at first.
    let payload = kit::enrolment_uri(&mut kit::rng(35), 35);
    let frames = kit::camera::video(&payload, 24, &mut kit::rng(36));
    let mut camera = VirtualCamera::start(session.bus_address(), &frames[..12], Portal::Allowed);
    let env = camera.env();
    let env = crate::util::app::borrowed(&env);
    let app = start(&session, &env);

    // The dialog shows the live picture, through the portal; closing it lets the camera go.
    assert!(camera_offered(&app), "the portal says a camera is there");
    app.click("#scan-camera");
    app.wait_for("#camera-preview:not([hidden])", Duration::from_secs(20));
    app.wait_text("#camera-status", |t| t == "Using Keyfob-test-camera. Looking for a QR code…");
    assert_eq!(crate::util::axe::serious_violations(&app), Vec::<String>::new(), "axe-core on the camera dialog");
    // (The image decodes a moment after its source is set: its size is 0 × 0 until then.)
    let size = || {
        app.execute(
            "const i = document.getElementById('camera-preview'); return [i.naturalWidth, i.naturalHeight]",
            serde_json::json!([]),
        )
    };
    // (Each frame replaces the source, so the size read is the one judged: a second read can catch the
    // next frame still decoding.)
    let seen = std::cell::RefCell::new(serde_json::json!([0, 0]));
    wait::until("the preview to decode a frame", Duration::from_secs(5), || {
        *seen.borrow_mut() = size();
        *seen.borrow() != serde_json::json!([0, 0])
    });
    assert_eq!(seen.into_inner(), serde_json::json!([640, 480]), "a whole frame, scaled to the preview's width");
    assert_eq!(camera.readers(), [Reader { through_portal: true }], "Keyfob reads the camera the portal gave it");
    // (Shown, as waited for above: a whole frame decoded in the preview.)
    app.screenshot("24-camera");
    app.click("#camera-close");
    wait::until("the camera to be let go", Duration::from_secs(5), || camera.readers().is_empty());

    // The code held in view: the usual add preview, and the camera let go as soon as it was read.
    camera.show(&frames);
    assert!(camera_offered(&app));
    app.click("#scan-camera");
    app.wait_for("#preview-dialog[open]", Duration::from_secs(30));
    let preview = app.text("#preview-list");
    assert!(preview.contains("Example Payroll (employee35@example.com)"), "{preview}");
    assert!(app.find_all("#camera-dialog[open]").is_empty(), "the camera dialog gave way to the preview");
    wait::until("the camera to be let go after the code", Duration::from_secs(5), || camera.readers().is_empty());
    app.click_armed("#preview-confirm");
    app.wait_for("#backup-dialog[open]", Duration::from_secs(10));
    app.click("#backup-close");
    app.wait_text("#accounts", |t| t.contains("Example Payroll"));

    // Unplugged: nothing offered any more.
    camera.unplug();
    assert!(!camera_offered(&app), "no camera is plugged in");
}

/// Locking (Ctrl+L here; idleness and the screen lock the same way) ends the scan and lets the camera go.
#[test]
fn locking_the_vault_lets_the_camera_go() {
    let (session, _) = passphrase_vault_in(Session::without_activation());
    let payload = kit::enrolment_uri(&mut kit::rng(37), 37);
    let frames = kit::camera::video(&payload, 24, &mut kit::rng(38));
    let camera = VirtualCamera::start(session.bus_address(), &frames[..12], Portal::None);
    let env = camera.env();
    let env = crate::util::app::borrowed(&env);
    let app = start(&session, &env);
    unlock(&app);
    assert!(camera_offered(&app));
    app.click("#scan-camera");
    app.wait_for("#camera-preview:not([hidden])", Duration::from_secs(20));
    assert_eq!(camera.readers(), [Reader { through_portal: false }], "PipeWire directly: no portal runs");
    press_ctrl_l(&app);
    app.wait_for("#unlock-dialog[open]", Duration::from_secs(10));
    wait::until("the camera to be let go on lock", Duration::from_secs(5), || camera.readers().is_empty());
    assert!(app.find_all("#camera-dialog[open]").is_empty(), "the camera dialog closed");
}
