//! The idle app: how often it opens `vault.json` and how much CPU it takes while it only shows codes, with
//! 200 accounts, for a keychain vault and a passphrase vault. `--app-before` measures another build (the
//! one before a change) in the same run, so each figure is a ratio.

use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use keyfob_core::crypto::Password;
use keyfob_store::{OsKeychain, Store, Unlock, VaultDir};
use keyfob_testkit::webdriver::Driver;
use zeroize::Zeroizing;

/// How many accounts the vault holds.
const ACCOUNTS: usize = 200;
/// How long each figure is measured.
const WINDOW: Duration = Duration::from_secs(10);
const PASSPHRASE: &str = "idle benchmark passphrase";

/// Prints the figures for `app` and, when given, `before`.
pub(crate) fn figures(app: &Path, before: Option<&Path>) -> Result<(), String> {
    println!(
        "Idle app, {ACCOUNTS} accounts, over {} s after the list is up (debug or release, as given)",
        WINDOW.as_secs()
    );
    println!(
        "  {:<14} {:<11} {:>16} {:>16} {:>16}",
        "build", "vault", "vault.json opens", "CPU, app process", "CPU, web view"
    );
    let builds = [("this build", Some(app)), ("before", before)];
    for (name, binary) in builds.iter().filter_map(|(n, b)| Some((n, (*b)?))) {
        for passphrase in [false, true] {
            let (opens, app, web) = measure(binary, passphrase)?;
            let kind = if passphrase { "passphrase" } else { "keychain" };
            println!("  {name:<14} {kind:<11} {opens:>16} {:>15.1}% {:>15.1}%", app * 100.0, web * 100.0);
        }
    }
    println!();
    Ok(())
}

/// Opens of `vault.json`, and the share of one core the app process and its web view's processes used,
/// over [`WINDOW`] each.
fn measure(app: &Path, passphrase: bool) -> Result<(usize, f64, f64), String> {
    let dir = tempfile::tempdir().map_err(|e| format!("temp dir: {e}"))?;
    let vault = dir.path().join("vault");
    let store = Store::new(VaultDir::at(&vault), Box::new(OsKeychain), Arc::new(keyfob_session::SystemClock));
    let unlock = if passphrase {
        Unlock::with_passphrase(Password::new(Zeroizing::new(PASSPHRASE.to_owned())))
    } else {
        Unlock::default()
    };
    store.init(&unlock).map_err(|e| format!("{e} (scripts/bench starts a keychain; run it from there)"))?;
    let accounts = (0..ACCOUNTS)
        .map(|n| keyfob_core::uri::parse(&format!("otpauth://totp/Service{n}:user{n}?secret=JBSWY3DPEHPK3PXP")))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| e.to_string())?;
    store
        .update(&unlock, |vault, rng| {
            for account in &accounts {
                vault.add(account, 0, rng)?;
            }
            Ok(())
        })
        .map_err(|e| e.to_string())?;
    let home = vault.to_str().unwrap_or_default();
    let env = [("KEYFOB_HOME", home), ("KEYFOB_TIME_SERVER", "off")];
    let ready = if passphrase { "#unlock-dialog[open]" } else { ".account .code" };
    let driver = Driver::start(app, &[], &env, ready, dir.path());
    if passphrase {
        driver.type_into("#unlock-passphrase", PASSPHRASE);
        driver.click("#unlock-confirm");
    }
    driver.wait_text(".account .code", |t| t.len() == 7);
    std::thread::sleep(Duration::from_secs(2));
    let pid = app_pid().ok_or("the app's process was not found")?;
    let web = web_pids(pid);
    let share = |ticks: u64| ticks as f64 / clock_ticks() / WINDOW.as_secs_f64();
    let (app_before, web_before) = (cpu_ticks(pid), web.iter().map(|&p| cpu_ticks(p)).sum::<u64>());
    std::thread::sleep(WINDOW);
    let app_cpu = share(cpu_ticks(pid).saturating_sub(app_before));
    let web_cpu = share(web.iter().map(|&p| cpu_ticks(p)).sum::<u64>().saturating_sub(web_before));
    let opens = opens_of_vault(pid)?;
    drop(driver);
    Ok((opens, app_cpu, web_cpu))
}

/// The app's process: its name starts with `keyfob-app` (the kernel keeps 15 characters of it).
fn app_pid() -> Option<u32> {
    crate::processes().into_iter().find(|(_, _, name)| name.starts_with("keyfob-app")).map(|(pid, ..)| pid)
}

/// The app's WebKit helper processes (the web view's content and network).
fn web_pids(app: u32) -> Vec<u32> {
    crate::processes()
        .into_iter()
        .filter(|(_, parent, name)| *parent == app && name.starts_with("WebKit"))
        .map(|(pid, ..)| pid)
        .collect()
}

/// User and system CPU time of `pid`, in clock ticks.
fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let fields: Vec<&str> =
        stat.rsplit_once(") ").map(|(_, rest)| rest.split_whitespace().collect()).unwrap_or_default();
    // After the name: state is field 3, utime 14 and stime 15 (1-based), so 11 and 12 here.
    let field = |n: usize| fields.get(n).and_then(|f| f.parse::<u64>().ok()).unwrap_or(0);
    field(11) + field(12)
}

fn clock_ticks() -> f64 {
    Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(100.0)
}

/// How many times every thread of `pid` opens `vault.json` within [`WINDOW`], seen by strace.
fn opens_of_vault(pid: u32) -> Result<usize, String> {
    let log = tempfile::NamedTempFile::new().map_err(|e| e.to_string())?;
    let mut strace = Command::new("strace")
        .args(["-f", "-e", "trace=open,openat", "-o"])
        .arg(log.path())
        .args(["-p", &pid.to_string()])
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("strace (scripts/bench installs it): {e}"))?;
    std::thread::sleep(WINDOW);
    let _ = Command::new("kill").args(["-INT", &strace.id().to_string()]).status();
    let _ = strace.wait();
    let text = std::fs::read_to_string(log.path()).map_err(|e| e.to_string())?;
    Ok(text.lines().filter(|l| l.contains("/vault.json\"")).count())
}
