//! `keyfob-bench`: prints Keyfob's performance beside its peers', measured in the same run.
//!
//! - Codes per second: `keyfob_core` (through totp-rs) beside a bare `ring` HMAC-SHA1 loop.
//! - QR decoding on the generated hard set (`keyfob_testkit::hard_cases`): success rate and median time per
//!   image for Keyfob, raw `rqrr`, zbar and zxing-cpp, in process; and `keyfob scan` beside `zbarimg` as
//!   whole commands.
//!
//! - Opening the vault and computing every code, for 10, 100 and 1,000 accounts, through the real OS
//!   keychain, with the number of keychain round trips each open takes.
//!
//! - The idle app with 200 accounts: how often it opens the vault file, and its CPU use, beside the build
//!   before a change when one is given.
//!
//! - Push approval against the reference login service: delivery and approval times (event stream and
//!   polling), polls and logins per second, and 500 devices connected at once.
//!
//! Run it through `scripts/bench`, which builds in release mode, installs the peers and starts a private
//! keychain.

// Rates and medians of its own runs, never hostile input (the workspace's cast lints guard the product).
#![allow(clippy::cast_possible_truncation, clippy::cast_sign_loss, clippy::cast_precision_loss)]

mod idle;
mod push;

use std::collections::BTreeMap;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use keyfob_core::{Method, OtpSecret, qr};
use keyfob_store::{KeyStore, KeychainError, OsKeychain, Store, Unlock, VaultDir};
use keyfob_vault::VaultId;
use ring::hmac;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

/// What the bench was told on its command line.
struct Options {
    /// The peers' Python interpreter (a virtualenv with requirements.txt installed).
    python: PathBuf,
    /// The `keyfob` binary, for the whole-command comparison.
    keyfob: PathBuf,
    /// How many seeds of the hard set to generate (25 images each).
    seeds: u64,
    /// Decodes per image per decoder; the median is kept.
    repeats: usize,
    /// The desktop app's binary, to measure its start, memory and size (needs a display and tauri-driver).
    app: Option<PathBuf>,
    /// Another build of the app (the one before a change), measured beside `app` in the idle figures.
    app_before: Option<PathBuf>,
    /// The reference login service's binary, for the push figures.
    service: Option<PathBuf>,
    /// A virtualenv with privacyIDEA, the push peer.
    privacyidea: Option<PathBuf>,
    /// Only this section (`codes`, `vault`, `app`, `idle`, `push`, `frames`, `qr`), when given.
    only: Option<String>,
}

impl Options {
    fn runs(&self, section: &str) -> bool {
        self.only.as_deref().is_none_or(|only| only == section)
    }
}

fn options() -> Result<Options, String> {
    let mut options = Options {
        python: "python3".into(),
        keyfob: "target/release/keyfob".into(),
        seeds: 4,
        repeats: 3,
        app: None,
        app_before: None,
        service: None,
        only: None,
        privacyidea: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--python" => options.python = value()?.into(),
            "--keyfob" => options.keyfob = value()?.into(),
            "--seeds" => options.seeds = value()?.parse().map_err(|e| format!("--seeds: {e}"))?,
            "--repeats" => options.repeats = value()?.parse().map_err(|e| format!("--repeats: {e}"))?,
            "--app" => options.app = Some(value()?.into()),
            "--app-before" => options.app_before = Some(value()?.into()),
            "--service" => options.service = Some(value()?.into()),
            "--only" => options.only = Some(value()?),
            "--privacyidea" => options.privacyidea = Some(value()?.into()),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(options)
}

fn main() -> ExitCode {
    match options().and_then(|o| {
        if o.runs("codes") {
            codes_per_second();
        }
        if o.runs("vault") {
            vault_open()?;
        }
        if let (true, Some(service)) = (o.runs("push"), &o.service) {
            push::figures(service, o.privacyidea.as_deref())?;
        }
        if let (true, Some(app)) = (o.runs("app"), &o.app) {
            app_figures(app)?;
        }
        if let (true, Some(app)) = (o.runs("idle"), &o.app) {
            idle::figures(app, o.app_before.as_deref())?;
        }
        if o.runs("frames") {
            video_speed(&o)?;
        }
        if o.runs("qr") { qr_decoding(&o) } else { Ok(()) }
    }) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("keyfob-bench: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Runs `f` repeatedly for about a second and returns calls per second.
fn rate(mut f: impl FnMut(u64)) -> f64 {
    let mut calls = 0u64;
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(1) {
        for _ in 0..1000 {
            f(calls);
            calls += 1;
        }
    }
    calls as f64 / start.elapsed().as_secs_f64()
}

fn codes_per_second() {
    let key = b"12345678901234567890";
    let Ok(secret) = OtpSecret::from_bytes(key.to_vec()) else { return };
    let method = Method::DEFAULT_TOTP;
    let ours = rate(|i| {
        black_box(method.code_at(&secret, black_box(1_700_000_000 + i * 30)));
    });
    let ring_key = hmac::Key::new(hmac::HMAC_SHA1_FOR_LEGACY_USE_ONLY, key);
    let bare = rate(|i| {
        let tag = hmac::sign(&ring_key, &black_box(1_700_000_000 / 30 + i).to_be_bytes());
        let tag = tag.as_ref();
        let offset = usize::from(tag.last().copied().unwrap_or(0) & 0x0f);
        let word = tag.get(offset..offset + 4).and_then(|w| <[u8; 4]>::try_from(w).ok()).unwrap_or_default();
        black_box((u32::from_be_bytes(word) & 0x7fff_ffff) % 1_000_000);
    });
    println!("TOTP (SHA-1, 6 digits), codes per second on one core");
    println!("  keyfob_core (totp-rs)   {:>12.0}", ours);
    println!("  bare ring HMAC loop     {:>12.0}", bare);
    println!("  ratio keyfob/bare       {:>12.2}", ours / bare);
    println!();
}

/// The OS keychain, counting the reads that reach it.
struct CountingKeychain {
    inner: OsKeychain,
    reads: Arc<AtomicUsize>,
}

impl KeyStore for CountingKeychain {
    fn get(&self, vault: &VaultId) -> Result<Option<Zeroizing<String>>, KeychainError> {
        self.reads.fetch_add(1, Ordering::Relaxed);
        self.inner.get(vault)
    }

    fn set(&self, vault: &VaultId, text: &str) -> Result<(), KeychainError> {
        self.inner.set(vault, text)
    }

    fn delete(&self, vault: &VaultId) -> Result<(), KeychainError> {
        self.inner.delete(vault)
    }
}

fn vault_open() -> Result<(), String> {
    println!("Vault: open (file + keychain) and compute every code, median of 15 opens");
    println!("  {:>9} {:>12} {:>22}", "accounts", "median ms", "keychain reads/open");
    for count in [10usize, 100, 1000] {
        let dir = tempfile::tempdir().map_err(|e| format!("temp dir: {e}"))?;
        let reads = Arc::new(AtomicUsize::new(0));
        let store = |reads: &Arc<AtomicUsize>| {
            let keychain = CountingKeychain { inner: OsKeychain, reads: Arc::clone(reads) };
            Store::new(VaultDir::at(dir.path()), Box::new(keychain), Arc::new(keyfob_session::SystemClock))
        };
        let unlock = Unlock::default();
        let accounts = (0..count)
            .map(|n| keyfob_core::uri::parse(&format!("otpauth://totp/Service{n}:user{n}?secret=JBSWY3DPEHPK3PXP")))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| e.to_string())?;
        store(&reads)
            .update(&unlock, |vault, rng| {
                for account in &accounts {
                    vault.add(account, 0, rng)?;
                }
                Ok(())
            })
            .map_err(|e| format!("{e} (scripts/bench starts a keychain; run it from there)"))?;
        let mut times = Vec::new();
        reads.store(0, Ordering::Relaxed);
        for _ in 0..15 {
            let start = Instant::now();
            // A new store each time: an open as a freshly started app or command does it.
            let vault = store(&reads).load(&unlock).map_err(|e| e.to_string())?;
            for entry in vault.entries() {
                black_box(vault.account(entry.id).map_err(|e| e.to_string())?.code_at(1_800_000_000));
            }
            times.push(start.elapsed().as_secs_f64() * 1000.0);
        }
        println!("  {:>9} {:>12.2} {:>22}", count, median(&mut times), reads.load(Ordering::Relaxed) as f64 / 15.0);
    }
    println!();
    Ok(())
}

/// Resident memory of a process, in KiB, from /proc.
fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmRSS:")).map(str::to_owned))
        .and_then(|l| l.split_whitespace().nth(1).and_then(|n| n.parse().ok()))
        .unwrap_or(0)
}

/// Every process on the machine as (pid, parent pid, command name).
pub(crate) fn processes() -> Vec<(u32, u32, String)> {
    let Ok(dir) = std::fs::read_dir("/proc") else { return Vec::new() };
    dir.filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter_map(|pid| {
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
            let (name, rest) = stat.split_once(" (")?.1.rsplit_once(") ")?;
            let parent = rest.split_whitespace().nth(1)?.parse().ok()?;
            Some((pid, parent, name.to_owned()))
        })
        .collect()
}

fn app_figures(app: &Path) -> Result<(), String> {
    println!("Desktop app (release build), one account, through tauri-driver on this display");
    let dir = tempfile::tempdir().map_err(|e| format!("temp dir: {e}"))?;
    let store =
        Store::new(VaultDir::at(dir.path().join("vault")), Box::new(OsKeychain), Arc::new(keyfob_session::SystemClock));
    let account =
        keyfob_core::uri::parse("otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP").map_err(|e| e.to_string())?;
    store.update(&Unlock::default(), |vault, rng| Ok(vault.add(&account, 0, rng)?)).map_err(|e| e.to_string())?;
    let vault = dir.path().join("vault");
    let vault = vault.to_str().unwrap_or_default();
    let env = [("KEYFOB_HOME", vault), ("KEYFOB_TIME_SERVER", "off")];
    let mut starts = Vec::new();
    for _ in 0..5 {
        let start = Instant::now();
        let driver = keyfob_testkit::webdriver::Driver::start(app, &[], &env, ".account .code", dir.path());
        driver.wait_text(".account .code", |t| t.len() == 7);
        starts.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    let driver = keyfob_testkit::webdriver::Driver::start(app, &[], &env, ".account .code", dir.path());
    std::thread::sleep(Duration::from_secs(5));
    let all = processes();
    let app_pids: Vec<u32> = all.iter().filter(|(_, _, name)| name == "keyfob-app").map(|(pid, ..)| *pid).collect();
    let own: u64 = app_pids.iter().map(|&pid| rss_kib(pid)).sum();
    let web: u64 = all
        .iter()
        .filter(|(_, parent, name)| app_pids.contains(parent) && name.starts_with("WebKit"))
        .map(|(pid, ..)| rss_kib(*pid))
        .sum();
    drop(driver);
    let size = std::fs::metadata(app).map(|m| m.len()).unwrap_or(0);
    println!(
        "  launch to first code visible   {:>8.0} ms (median of 5; includes tauri-driver and WebKitWebDriver)",
        median(&mut starts)
    );
    println!("  idle RSS, app process          {:>8.1} MB", own as f64 / 1024.0);
    println!("  idle RSS, with WebKit helpers  {:>8.1} MB", (own + web) as f64 / 1024.0);
    println!("  release binary size            {:>8.1} MB", size as f64 / 1_000_000.0);
    println!();
    Ok(())
}

#[derive(Serialize)]
struct ManifestEntry {
    file: PathBuf,
    expected: String,
}

#[derive(Deserialize, Clone, Copy)]
struct Outcome {
    ok: bool,
    ms: f64,
}

/// Each decoder's outcome per image, in manifest order.
type Results = BTreeMap<String, Vec<Outcome>>;

fn qr_decoding(options: &Options) -> Result<(), String> {
    let dir = tempfile::tempdir().map_err(|e| format!("temp dir: {e}"))?;
    let mut manifest = Vec::new();
    let mut names = Vec::new();
    for seed in 1..=options.seeds {
        for case in keyfob_testkit::hard_cases(seed) {
            let file = dir.path().join(format!("{seed}-{}.png", case.name));
            case.image.save(&file).map_err(|e| format!("writing {}: {e}", file.display()))?;
            names.push(case.name);
            manifest.push(ManifestEntry { file, expected: case.payload });
        }
    }
    println!(
        "QR decoding: {} generated hard images ({} kinds × {} seeds), median of {} decodes each",
        manifest.len(),
        names.len() / options.seeds as usize,
        options.seeds,
        options.repeats
    );

    let mut results: Results = BTreeMap::new();
    results.insert("keyfob".into(), in_process(&manifest, options.repeats, keyfob));
    results.insert("rqrr (raw)".into(), in_process(&manifest, options.repeats, raw_rqrr));
    results.extend(python_peers(options, &manifest, dir.path())?);
    results.insert("keyfob scan (command)".into(), command(&manifest, &options.keyfob, &["scan"]));
    results.insert(
        "zbarimg (command)".into(),
        command(&manifest, Path::new("zbarimg"), &["--quiet", "--raw", "-Sdisable", "-Sqrcode.enable"]),
    );
    report(&names, &results);
    Ok(())
}

/// What scanning at video speed meets (issue 14's targets): screens with no code in view, which must be
/// ruled out fast, and camera frames at reading distance. Keyfob and zxing-cpp on the same files.
fn video_speed(options: &Options) -> Result<(), String> {
    let dir = tempfile::tempdir().map_err(|e| format!("temp dir: {e}"))?;
    let mut manifest = Vec::new();
    let mut kinds = Vec::new();
    for seed in 1..=options.seeds {
        let mut rng = keyfob_testkit::rng(1000 + seed);
        let payload = keyfob_testkit::enrolment_uri(&mut rng, 0);
        let images = [
            ("1080p screen, no code", keyfob_testkit::cluttered_screen(1920, 1080, &mut rng), String::new()),
            ("4K screen, no code", keyfob_testkit::cluttered_screen(3840, 2160, &mut rng), String::new()),
            ("720p camera frame, code", keyfob_testkit::camera_frame(&payload, &mut rng), payload.clone()),
        ];
        for (kind, image, expected) in images {
            let file = dir.path().join(format!("{seed}-{}.png", manifest.len()));
            image.save(&file).map_err(|e| format!("writing {}: {e}", file.display()))?;
            kinds.push(kind);
            manifest.push(ManifestEntry { file, expected });
        }
    }
    let ours = in_process(&manifest, options.repeats, keyfob);
    let peers = python_peers(options, &manifest, dir.path())?;
    let zxing = peers.get("zxing-cpp").ok_or("peers.py gave no zxing-cpp figures")?;
    println!(
        "Video speed: {} seeds, median of {} decodes each (image decoding included)",
        options.seeds, options.repeats
    );
    println!(
        "  {:<26} {:>10} {:>10} {:>14} {:>18}",
        "picture", "keyfob ms", "zxing ms", "keyfob ÷ zxing", "read (keyfob/zxing)"
    );
    for kind in ["1080p screen, no code", "4K screen, no code", "720p camera frame, code"] {
        let rows: Vec<usize> = kinds.iter().enumerate().filter(|(_, k)| **k == kind).map(|(i, _)| i).collect();
        let mut ours_ms: Vec<f64> = rows.iter().filter_map(|i| ours.get(*i)).map(|o| o.ms).collect();
        let mut zxing_ms: Vec<f64> = rows.iter().filter_map(|i| zxing.get(*i)).map(|o| o.ms).collect();
        let read = |outcomes: &[Outcome]| rows.iter().filter(|i| outcomes.get(**i).is_some_and(|o| o.ok)).count();
        let (a, b) = (median(&mut ours_ms), median(&mut zxing_ms));
        let read = if kind.ends_with("no code") { "-".to_owned() } else { format!("{}/{}", read(&ours), read(zxing)) };
        println!("  {kind:<26} {a:>10.1} {b:>10.1} {:>14.1} {read:>18}", a / b);
    }
    Ok(())
}

fn keyfob(bytes: &[u8]) -> Vec<String> {
    qr::decode_image_bytes(bytes).unwrap_or_default()
}

/// `rqrr` as its README uses it: the grayscale image straight into its own preparation.
fn raw_rqrr(bytes: &[u8]) -> Vec<String> {
    let Ok(image) = image::load_from_memory(bytes) else { return Vec::new() };
    let gray = image.to_luma8();
    let (w, h) = (gray.width() as usize, gray.height() as usize);
    let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| {
        gray.get_pixel_checked(x as u32, y as u32).map_or(255, |p| p.0[0])
    });
    prepared.detect_grids().iter().filter_map(|g| g.decode().ok()).map(|(_, text)| text).collect()
}

fn in_process(manifest: &[ManifestEntry], repeats: usize, decode: fn(&[u8]) -> Vec<String>) -> Vec<Outcome> {
    manifest
        .iter()
        .map(|entry| {
            let mut times = Vec::new();
            let mut found = Vec::new();
            for _ in 0..repeats.max(1) {
                let start = Instant::now();
                found = std::fs::read(&entry.file).map(|bytes| decode(&bytes)).unwrap_or_default();
                times.push(start.elapsed().as_secs_f64() * 1000.0);
            }
            Outcome { ok: found.contains(&entry.expected), ms: median(&mut times) }
        })
        .collect()
}

fn python_peers(options: &Options, manifest: &[ManifestEntry], dir: &Path) -> Result<Results, String> {
    let manifest_path = dir.join("manifest.json");
    let json = serde_json::to_vec(manifest).map_err(|e| e.to_string())?;
    std::fs::write(&manifest_path, json).map_err(|e| format!("writing the manifest: {e}"))?;
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("peers.py");
    let output = Command::new(&options.python)
        .arg(script)
        .arg(&manifest_path)
        .arg(options.repeats.to_string())
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("running {}: {e}", options.python.display()))?;
    if !output.status.success() {
        return Err("the peer decoders (peers.py) failed; see above".into());
    }
    serde_json::from_slice(&output.stdout).map_err(|e| format!("reading peers.py's output: {e}"))
}

/// Runs `program ARGS FILE` once per image and times the whole process.
fn command(manifest: &[ManifestEntry], program: &Path, args: &[&str]) -> Vec<Outcome> {
    manifest
        .iter()
        .map(|entry| {
            let start = Instant::now();
            let output = Command::new(program).args(args).arg(&entry.file).stderr(Stdio::null()).output();
            let ms = start.elapsed().as_secs_f64() * 1000.0;
            let ok = output.is_ok_and(|o| {
                let stdout = String::from_utf8_lossy(&o.stdout);
                // keyfob prints the canonical form; compare parsed accounts, not spelling.
                stdout.lines().any(|line| same_account(line, &entry.expected))
            });
            Outcome { ok, ms }
        })
        .collect()
}

fn same_account(found: &str, expected: &str) -> bool {
    match (keyfob_core::uri::parse(found), keyfob_core::uri::parse(expected)) {
        (Ok(a), Ok(b)) => a == b,
        _ => found == expected,
    }
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
}

fn report(names: &[String], results: &Results) {
    let decoders: Vec<&String> = results.keys().collect();
    let mut order: Vec<&String> = Vec::new();
    for name in names {
        if !order.contains(&name) {
            order.push(name);
        }
    }

    println!();
    print!("  {:<30}", "decoded per kind");
    for decoder in &decoders {
        print!(" {:>12}", short(decoder));
    }
    println!();
    for kind in &order {
        print!("  {kind:<30}");
        for decoder in &decoders {
            let outcomes = &results[*decoder];
            let (ok, total) = names
                .iter()
                .zip(outcomes)
                .filter(|(name, _)| name == kind)
                .fold((0, 0), |(ok, total), (_, o)| (ok + usize::from(o.ok), total + 1));
            print!(" {:>12}", format!("{ok}/{total}"));
        }
        println!();
    }

    println!();
    println!(
        "  {:<24} {:>9} {:>6} {:>10} {:>20} {:>20}",
        "decoder", "decoded", "rate", "median ms", "keyfob ÷ this (rate)", "keyfob ÷ this (ms)"
    );
    let ours = summary(&results["keyfob"]);
    let ours_command = summary(&results["keyfob scan (command)"]);
    for decoder in &decoders {
        let (ok, total, ms) = summary(&results[*decoder]);
        let reference = if decoder.ends_with("(command)") { ours_command } else { ours };
        println!(
            "  {:<24} {:>9} {:>5.0}% {:>10.2} {:>20.2} {:>20.2}",
            decoder,
            format!("{ok}/{total}"),
            100.0 * ok as f64 / total as f64,
            ms,
            reference.0 as f64 / ok as f64,
            reference.2 / ms,
        );
    }

    let zxing = &results["zxing-cpp"];
    let missed: Vec<String> = names
        .iter()
        .zip(results["keyfob"].iter().zip(zxing))
        .filter(|(_, (ours, theirs))| theirs.ok && !ours.ok)
        .map(|(name, _)| name.clone())
        .collect();
    println!();
    if missed.is_empty() {
        println!("  keyfob decoded every image zxing-cpp decoded.");
    } else {
        println!("  zxing-cpp decoded {} image(s) keyfob missed: {}", missed.len(), missed.join(", "));
    }
}

fn short(decoder: &str) -> String {
    decoder.replace(" (command)", " cmd").replace(" (raw)", "").chars().take(12).collect()
}

fn summary(outcomes: &[Outcome]) -> (usize, usize, f64) {
    let ok = outcomes.iter().filter(|o| o.ok).count();
    let mut times: Vec<f64> = outcomes.iter().map(|o| o.ms).collect();
    (ok, outcomes.len(), median(&mut times))
}
