//! `keyfob scan` on real image files.

use std::path::{Path, PathBuf};

use crate::util::run::{Run, keyfob, keyfob_with_stdin, temp_dir};
use image::{DynamicImage, GrayImage, ImageFormat};
use keyfob_core::uri;
use keyfob_interop::google::migration;
use keyfob_testkit as kit;

fn save(dir: &Path, name: &str, image: &DynamicImage, format: ImageFormat) -> PathBuf {
    let path = dir.join(name);
    image.save_with_format(&path, format).unwrap();
    path
}

fn scan(paths: &[&Path]) -> Run {
    let mut args = vec!["scan"];
    args.extend(paths.iter().map(|p| p.to_str().unwrap()));
    keyfob(&args)
}

/// What `keyfob scan` must print for a payload: its canonical form.
fn canonical(payload: &str) -> String {
    format!("{}\n", uri::to_uri(&uri::parse(payload).unwrap()).as_str())
}

#[test]
fn finds_the_code_in_every_hard_case() {
    let dir = temp_dir();
    let mut failed = Vec::new();
    for case in kit::hard_cases(2026) {
        let path =
            save(dir.path(), &format!("{}.png", case.name), &DynamicImage::ImageLuma8(case.image), ImageFormat::Png);
        let run = scan(&[&path]);
        if run.status != Some(0) || run.stdout != canonical(&case.payload) {
            failed.push(format!("{}: {run:?}", case.name));
        }
    }
    assert!(failed.is_empty(), "{failed:#?}");
}

#[test]
fn reads_every_supported_image_format() {
    let dir = temp_dir();
    let payload = kit::enrolment_uri(&mut kit::rng(1), 1);
    let image = DynamicImage::ImageLuma8(kit::render(&payload, 5)).to_rgb8().into();
    for (name, format) in [
        ("code.png", ImageFormat::Png),
        ("code.jpg", ImageFormat::Jpeg),
        ("code.webp", ImageFormat::WebP),
        ("code.gif", ImageFormat::Gif),
        ("code.bmp", ImageFormat::Bmp),
        // The format comes from the content, not the name.
        ("misnamed.txt", ImageFormat::Png),
    ] {
        let run = scan(&[&save(dir.path(), name, &image, format)]);
        assert_eq!(
            (run.status, run.stdout.as_str()),
            (Some(0), canonical(&payload).as_str()),
            "{name}: {}",
            run.stderr
        );
    }
}

#[test]
fn black_modules_on_a_transparent_background_are_read() {
    let dir = temp_dir();
    let payload = kit::enrolment_uri(&mut kit::rng(2), 2);
    let qr = kit::render(&payload, 5);
    // Dark modules opaque black, light ones fully transparent black: dropping alpha would give a black square.
    let rgba = image::RgbaImage::from_fn(qr.width(), qr.height(), |x, y| {
        image::Rgba([0, 0, 0, 255 - qr.get_pixel(x, y).0[0]])
    });
    let run = scan(&[&save(dir.path(), "transparent.png", &rgba.into(), ImageFormat::Png)]);
    assert_eq!(run.stdout, canonical(&payload), "{}", run.stderr);
}

#[test]
fn finds_every_code_in_one_screenshot() {
    let dir = temp_dir();
    let (screen, payloads) = kit::two_codes(3);
    let run = scan(&[&save(dir.path(), "two.png", &screen.into(), ImageFormat::Png)]);
    assert_eq!(run.status, Some(0));
    let mut lines: Vec<&str> = run.stdout.lines().collect();
    let mut expected: Vec<String> = payloads.iter().map(|p| canonical(p).trim_end().to_owned()).collect();
    lines.sort_unstable();
    expected.sort_unstable();
    assert_eq!(lines, expected);
}

#[test]
fn expands_google_authenticator_export_batches() {
    let dir = temp_dir();
    let links = [
        "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub",
        "otpauth://totp/Payroll:alice%40corp.example?secret=GEZDGNBVGY3TQOJQ&issuer=Payroll&algorithm=SHA256&digits=8",
        "otpauth://hotp/Bank:alice?secret=KRSXG5CTMVRXEZLU&issuer=Bank&counter=7",
    ];
    let accounts: Vec<_> = links.iter().map(|l| uri::parse(l).unwrap()).collect();
    let batches = [&accounts[..2], &accounts[2..]];
    let mut paths = Vec::new();
    for (index, batch) in batches.iter().enumerate() {
        let refs: Vec<_> = batch.iter().collect();
        let (text, left_out) =
            migration::to_uri(&refs, migration::Batch { index: u32::try_from(index).unwrap(), size: 2, id: 77 });
        assert_eq!(left_out, 0);
        let image = DynamicImage::ImageLuma8(kit::render(&text, 4));
        paths.push(save(dir.path(), &format!("export-{index}.png"), &image, ImageFormat::Png));
    }
    let run = scan(&[&paths[0], &paths[1]]);
    assert_eq!(run.status, Some(0), "{}", run.stderr);
    let expected: String = links.iter().map(|l| canonical(l)).collect();
    assert_eq!(run.stdout, expected);
}

#[test]
fn reads_an_image_from_stdin() {
    let payload = kit::enrolment_uri(&mut kit::rng(4), 4);
    let mut png = Vec::new();
    DynamicImage::ImageLuma8(kit::render(&payload, 4))
        .write_to(&mut std::io::Cursor::new(&mut png), ImageFormat::Png)
        .unwrap();
    let run = keyfob_with_stdin(&["scan", "-"], &png);
    assert_eq!(run.stdout, canonical(&payload), "{}", run.stderr);
}

/// Each bad file must give exit 1 and exactly one line naming the file and the problem.
#[test]
fn bad_images_give_one_clear_line() {
    let dir = temp_dir();
    let blank =
        save(dir.path(), "blank.png", &GrayImage::from_pixel(400, 300, image::Luma([255])).into(), ImageFormat::Png);
    let not_otp = save(
        dir.path(),
        "website.png",
        &DynamicImage::ImageLuma8(kit::render("https://example.com/welcome", 4)),
        ImageFormat::Png,
    );
    let truncated = dir.path().join("truncated.png");
    let whole = std::fs::read(&not_otp).unwrap();
    std::fs::write(&truncated, &whole[..whole.len() / 2]).unwrap();
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP").unwrap();
    let bomb = dir.path().join("bomb.png");
    std::fs::write(&bomb, png_claiming(100_000, 100_000)).unwrap();
    let missing = dir.path().join("missing.png");

    for (path, expected) in [
        (&blank, "no QR code found"),
        (&not_otp, "no otpauth:// link in it"),
        (&truncated, "could not be read"),
        (&text, "not a supported image"),
        (&bomb, "100000×100000 pixels, over the limit"),
        (&missing, "cannot read the file"),
    ] {
        let run = scan(&[path]);
        assert_eq!(run.status, Some(1), "{expected}: {run:?}");
        assert!(run.stdout.is_empty());
        assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
        let name = path.file_name().unwrap().to_str().unwrap();
        assert!(run.stderr.contains(name) && run.stderr.contains(expected), "{expected}: {}", run.stderr);
        assert!(!run.stderr.contains("JBSWY3DP"));
    }
}

#[test]
fn one_bad_file_does_not_stop_the_others() {
    let dir = temp_dir();
    let payload = kit::enrolment_uri(&mut kit::rng(5), 5);
    let good = save(dir.path(), "good.png", &DynamicImage::ImageLuma8(kit::render(&payload, 4)), ImageFormat::Png);
    let blank =
        save(dir.path(), "blank.png", &GrayImage::from_pixel(50, 50, image::Luma([255])).into(), ImageFormat::Png);
    let run = scan(&[&blank, &good]);
    assert_eq!(run.status, Some(0));
    assert_eq!(run.stdout, canonical(&payload));
    assert!(run.stderr.contains("blank.png: no QR code found"), "{}", run.stderr);
}

/// A tiny, valid PNG whose header claims `width` × `height` pixels: the classic decompression bomb.
fn png_claiming(width: u32, height: u32) -> Vec<u8> {
    let mut png = Vec::new();
    DynamicImage::ImageLuma8(GrayImage::new(1, 1))
        .write_to(&mut std::io::Cursor::new(&mut png), ImageFormat::Png)
        .unwrap();
    // Signature (8) + length (4) + "IHDR" (4), then width and height, then the rest of IHDR and its CRC.
    png[16..20].copy_from_slice(&width.to_be_bytes());
    png[20..24].copy_from_slice(&height.to_be_bytes());
    let crc = crc32(&png[12..29]);
    png[29..33].copy_from_slice(&crc.to_be_bytes());
    png
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}
