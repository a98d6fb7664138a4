//! Writes a demo "screenshot": a desktop with an enrolment QR code on it, as a user would grab it at setup.
//! `scripts/run` uses it to show `keyfob scan` at work. Usage: demo-screenshot OUT.png

use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(out) = std::env::args_os().nth(1) else {
        eprintln!("usage: demo-screenshot OUT.png");
        return ExitCode::from(2);
    };
    let payload =
        "otpauth://totp/Example%20Payroll:alice%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=Example%20Payroll";
    let mut rng = keyfob_testkit::rng(2026);
    let qr = keyfob_testkit::render(payload, 5);
    let screen = keyfob_testkit::screenshot(&qr, 1600, 900, 1050, 300, &mut rng);
    match screen.save(&out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("demo-screenshot: cannot write {}: {e}", out.to_string_lossy());
            ExitCode::FAILURE
        }
    }
}
