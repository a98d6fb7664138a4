//! The Linux packages as a user gets them: `scripts/package --debug` builds them into target/packages/
//! (`scripts/test` runs it first); this test checks them with the distributions' own tools, installs the
//! .deb with apt-get, uses what it installed (the command, the otpauth:// handler, the window), and purges
//! it. It installs into the system, so it needs root (as CI runs).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use crate::util::app::{app_env, start_binary};
use crate::util::session::Session;

const LINK: &str = "otpauth://totp/Payroll:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Payroll";

/// Runs `program ARGS…`, returning its status and what it printed (stdout, then stderr).
fn run(program: &str, args: &[&str]) -> (bool, String) {
    let output = Command::new(program).args(args).output().unwrap_or_else(|e| panic!("{program}: {e}"));
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    (output.status.success(), text)
}

/// The one package of `extension` in target/packages/.
fn package(extension: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/packages");
    let found: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|entries| entries.flatten().map(|e| e.path()).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == extension))
        .collect();
    assert_eq!(
        found.len(),
        1,
        "one .{extension} in {}: run scripts/package --debug (scripts/test does)",
        dir.display()
    );
    found.into_iter().next().unwrap()
}

#[test]
fn the_rpm_holds_the_app_the_command_and_their_files_and_names_its_libraries() {
    let rpm = package("rpm");
    let rpm = rpm.to_str().unwrap();
    let (ok, files) = run("rpm", &["-qlp", rpm]);
    assert!(ok, "{files}");
    for file in [
        "/usr/bin/keyfob",
        "/usr/bin/keyfob-app",
        "/usr/share/applications/Keyfob.desktop",
        "/usr/share/metainfo/app.keyfob.desktop.metainfo.xml",
        "/usr/share/man/man1/keyfob.1.gz",
        "/usr/share/man/man1/keyfob-lock-status.1.gz",
        "/usr/share/man/man1/keyfob-app.1.gz",
        "/usr/share/bash-completion/completions/keyfob",
        "/usr/share/zsh/site-functions/_keyfob",
        "/usr/share/fish/vendor_completions.d/keyfob.fish",
        "/usr/share/icons/hicolor/scalable/apps/keyfob-app.svg",
        "/usr/share/icons/hicolor/16x16/apps/keyfob-app.png",
        "/usr/share/icons/hicolor/512x512/apps/keyfob-app.png",
        "/usr/share/gnome-shell/search-providers/app.keyfob.desktop.search-provider.ini",
        "/usr/share/krunner/dbusplugins/app.keyfob.desktop.krunner.desktop",
    ] {
        assert!(files.lines().any(|l| l == file), "{file} is not in the .rpm:\n{files}");
    }
    let (ok, requires) = run("rpm", &["-qRp", rpm]);
    assert!(ok, "{requires}");
    for library in [
        "libwebkit2gtk-4.1.so.0()(64bit)",
        "libgtk-3.so.0()(64bit)",
        "dbus-libs",
        "gstreamer1-plugins-base",
        "pipewire-libs",
    ] {
        assert!(requires.lines().any(|l| l == library), "the .rpm does not require {library}:\n{requires}");
    }
}

#[test]
fn the_deb_passes_lintian_installs_opens_otpauth_links_and_purges_cleanly() {
    let deb = package("deb");
    let deb = deb.to_str().unwrap();

    // The distribution's checks: no lintian error or warning, a valid desktop entry and metainfo.
    let (_, lintian) = run("lintian", &["--fail-on", "error,warning", deb]);
    let findings: Vec<&str> = lintian.lines().filter(|l| l.starts_with("E: ") || l.starts_with("W: ")).collect();
    assert!(findings.is_empty(), "lintian: {findings:#?}");
    let unpacked = tempfile::tempdir().unwrap();
    assert!(run("dpkg-deb", &["-x", deb, unpacked.path().to_str().unwrap()]).0);
    let inside = |path: &str| unpacked.path().join(path.trim_start_matches('/')).to_str().unwrap().to_owned();
    let (ok, said) = run("desktop-file-validate", &[&inside("/usr/share/applications/Keyfob.desktop")]);
    assert!(ok && said.trim().is_empty(), "desktop-file-validate: {said}");
    let metainfo = inside("/usr/share/metainfo/app.keyfob.desktop.metainfo.xml");
    let (ok, said) = run("appstreamcli", &["validate", "--no-net", &metainfo]);
    assert!(ok && !said.contains("E:") && !said.contains("W:"), "appstreamcli: {said}");

    // Installed as a user would (apt-get resolves the dependencies the package names).
    // (Without its recommendations: a keychain is already here, and CI would fetch xdg-desktop-portal.)
    let (ok, said) =
        run("apt-get", &["-o", "DPkg::Lock::Timeout=600", "install", "-y", "-qq", "--no-install-recommends", deb]);
    assert!(ok, "apt-get install: {said}");
    let installed = Installed;
    let (_, files) = run("dpkg", &["-L", "keyfob"]);
    let files: Vec<String> = files.lines().filter(|l| Path::new(l).is_file()).map(str::to_owned).collect();
    assert!(files.iter().any(|f| f == "/usr/bin/keyfob-app"), "{files:?}");

    let (ok, version) = run("/usr/bin/keyfob", &["--version"]);
    assert!(ok && version.trim() == format!("keyfob {}", env!("CARGO_PKG_VERSION")), "{version}");
    let (ok, code) = run("/usr/bin/keyfob", &["code", LINK, "--at", "59"]);
    assert!(ok && code.trim() == "287082", "the installed command's code at 59 s: {code}");
    // The desktop's search finds the running app where the app serves it.
    let ini = std::fs::read_to_string("/usr/share/gnome-shell/search-providers/app.keyfob.desktop.search-provider.ini")
        .unwrap();
    let names = [keyfob_desktop::search::BUS_NAME, keyfob_desktop::search::GNOME_PATH];
    assert!(ini.contains(&format!("BusName={}\nObjectPath={}\n", names[0], names[1])), "{ini}");
    let runner = std::fs::read_to_string("/usr/share/krunner/dbusplugins/app.keyfob.desktop.krunner.desktop").unwrap();
    let path = keyfob_desktop::search::KRUNNER_PATH;
    assert!(runner.contains(&format!("X-Plasma-DBusRunner-Path={path}\n")), "{runner}");
    assert!(runner.contains(&format!("X-Plasma-DBusRunner-Service={}\n", names[0])), "{runner}");
    let (ok, man) = run("zcat", &["/usr/share/man/man1/keyfob-lock-set-passphrase.1.gz"]);
    assert!(ok && man.contains(".TH keyfob-lock-set-passphrase 1") && man.contains("new\\-passphrase\\-file"), "{man}");

    // The desktop's MIME database names the package's entry for otpauth:// (in a home of its own: a
    // development build registers itself per user).
    let session = Session::unlocked();
    let env = app_env(&session);
    let handler = Command::new("xdg-mime")
        .args(["query", "default", "x-scheme-handler/otpauth"])
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&handler.stdout).trim(), "Keyfob.desktop");

    // A link opened with xdg-open reaches the installed app's window (run from the package's
    // entry, handed to the running instance) as the add preview.
    let app = start_binary(Path::new("/usr/bin/keyfob-app"), &session, &[], &[]);
    let opened = Command::new("xdg-open").arg(LINK).envs(env.iter().map(|(k, v)| (*k, v.as_str()))).status().unwrap();
    assert!(opened.success());
    app.wait_for("#preview-dialog[open]", Duration::from_secs(15));
    assert!(app.text("#preview-list").contains("Payroll (alice)"));
    app.click_armed("#preview-confirm");
    app.wait_for("#backup-dialog[open]", Duration::from_secs(10));
    app.click("#backup-close");
    app.wait_text("#accounts", |t| t.contains("Payroll"));
    app.screenshot("21-installed");
    drop(app);

    // Purged: none of its files is left.
    drop(installed);
    let (_, status) = run("dpkg", &["-s", "keyfob"]);
    assert!(!status.contains("Status: install ok installed"), "{status}");
    let left: Vec<&String> = files.iter().filter(|f| Path::new(f).exists()).collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

/// The installed package, purged when dropped (also when the test fails half way).
struct Installed;

impl Drop for Installed {
    fn drop(&mut self) {
        let _ = run("apt-get", &["-o", "DPkg::Lock::Timeout=600", "remove", "--purge", "-y", "-qq", "keyfob"]);
    }
}
