//! Push approval on loopback, against the reference login service (release build): how long a challenge
//! takes to reach the device (event stream and 3-second polling), to be approved and seen approved by the
//! login page, and how much the service holds: polls and logins per second, and many devices connected
//! at once.

use std::collections::HashMap;
use std::io::BufRead;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use keyfob_net::push as net;
use keyfob_push_proto::{Answer, DeviceKey, parse_link};
use keyfob_session::SystemClock;
use keyfob_vault::{KeySource, PushEntry, Vault, VaultKey};

struct Service {
    child: Child,
    url: String,
    _dir: tempfile::TempDir,
}

impl Drop for Service {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(bin: &Path) -> Result<Service, String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let mut child = Command::new(bin)
        .args(["--listen", "127.0.0.1:0", "--logins-per-minute", "100000000", "--database"])
        .arg(dir.path().join("bench.sqlite"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("{}: {e}", bin.display()))?;
    let mut line = String::new();
    let stdout = child.stdout.take().ok_or("no stdout")?;
    std::io::BufReader::new(stdout).read_line(&mut line).map_err(|e| e.to_string())?;
    let url = line.trim().rsplit(' ').next().unwrap_or_default().to_owned();
    Ok(Service { child, url, _dir: dir })
}

fn percentile(values: &mut [f64], p: f64) -> f64 {
    values.sort_by(f64::total_cmp);
    let index = ((values.len() as f64 - 1.0) * p).round() as usize;
    values.get(index).copied().unwrap_or(f64::NAN)
}

fn line(what: &str, values: &mut [f64]) {
    println!("  {what:<52} {:>9.1} {:>9.1}", percentile(values, 0.5), percentile(values, 0.99));
}

/// A user with push set up: the token and its device key.
fn enrolled(service: &Service, user: &str) -> Result<(PushEntry, DeviceKey), String> {
    let agent = ureq::AgentBuilder::new().build();
    let csrf = form_csrf(&agent, service)?;
    let setup = agent
        .post(&format!("{}/signup", service.url))
        .send_form(&[("username", user), ("password", "benchmark password"), ("csrf", &csrf)])
        .map_err(|e| e.to_string())?
        .into_string()
        .map_err(|e| e.to_string())?;
    let start = setup.find("id=\"push-qr\"").ok_or("no push QR on the setup page")?;
    let data = setup.get(start..).unwrap_or_default();
    let data = data.get(data.find("base64,").ok_or("no image")? + 7..).unwrap_or_default();
    let png = data_encoding::BASE64
        .decode(data.get(..data.find('"').unwrap_or(0)).unwrap_or_default().as_bytes())
        .map_err(|e| e.to_string())?;
    let link = keyfob_core::qr::decode_image_bytes(&png).map_err(|e| e.to_string())?.pop().ok_or("no QR")?;
    device_for(&link)
}

/// Enrols a device from a push link, as `keyfob add` does, keeping the token in a vault in memory.
fn device_for(link: &str) -> Result<(PushEntry, DeviceKey), String> {
    let enrolment = parse_link(link).map_err(|e| e.to_string())?;
    let (device, server) = net::enrol(&enrolment).map_err(|e| e.to_string())?;
    let rng = ring::rand::SystemRandom::new();
    let key = VaultKey::generate(&rng).map_err(|e| e.to_string())?;
    let mut vault = Vault::create(&key, KeySource::Keychain, &rng).map_err(|e| e.to_string())?;
    vault.add_push(&enrolment, server, &device, 0, &rng).map_err(|e| e.to_string())?;
    let token = vault.push_tokens().first().cloned().ok_or("no token")?;
    Ok((token, device))
}

/// The CSRF token of the service's log-in and sign-up forms, from its home page (which also gives `agent`
/// the form cookie the token belongs to).
fn form_csrf(agent: &ureq::Agent, service: &Service) -> Result<String, String> {
    let home = agent.get(&service.url).call().map_err(|e| e.to_string())?.into_string().map_err(|e| e.to_string())?;
    let field = "name=\"csrf\" value=\"";
    let start = home.find(field).ok_or("no CSRF token on the home page")? + field.len();
    Ok(home.get(start..).unwrap_or_default().split('"').next().unwrap_or_default().to_owned())
}

/// Starts a login for `user`; returns the login id and the number its page shows, and when it was sent (the
/// home page with the form, fetched first, is not timed).
fn login(service: &Service, user: &str) -> Result<(String, String, Instant), String> {
    let agent = ureq::AgentBuilder::new().redirects(0).build();
    let csrf = form_csrf(&agent, service)?;
    let sent = Instant::now();
    let response = agent
        .post(&format!("{}/login", service.url))
        .send_form(&[("username", user), ("password", "benchmark password"), ("csrf", &csrf)])
        .map_err(|e| e.to_string())?;
    let id = response.header("location").and_then(|l| l.rsplit('/').next()).ok_or("no redirect")?.to_owned();
    let page = agent.get(&format!("{}/login/{id}", service.url)).call().map_err(|e| e.to_string())?;
    let html = page.into_string().map_err(|e| e.to_string())?;
    let number = html.split("id=\"number\">").nth(1).and_then(|r| r.split('<').next()).unwrap_or_default().to_owned();
    Ok((id, number, sent))
}

type Seen = Arc<Mutex<HashMap<String, (Instant, Vec<String>)>>>;

fn watch(token: &PushEntry, device: DeviceKey, seen: &Seen, stop: &Arc<AtomicBool>, streamed: bool) {
    let (token, seen, stop) = (token.clone(), Arc::clone(seen), Arc::clone(stop));
    std::thread::spawn(move || {
        let record = |challenges: Vec<keyfob_push_proto::Challenge>| {
            let now = Instant::now();
            let mut seen = seen.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            for c in challenges {
                if let Ok(v) = c.verify(&token.serial, &token.url, &token.server_key) {
                    seen.entry(v.nonce).or_insert((now, v.options));
                }
            }
        };
        while !stop.load(Ordering::Relaxed) {
            if streamed {
                let _ = net::stream(&token, &device, &SystemClock, &record, &|| !stop.load(Ordering::Relaxed));
            } else if let Ok(challenges) = net::poll(&token, &device, &SystemClock) {
                record(challenges);
                std::thread::sleep(Duration::from_secs(3));
            }
        }
    });
}

/// Waits until the device has seen `count` challenges; the newest one's arrival.
fn arrival(seen: &Seen, count: usize) -> Result<(Instant, String), String> {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        {
            let seen = seen.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            if seen.len() >= count {
                let newest = seen.iter().max_by_key(|(_, (at, _))| *at).map(|(n, (at, _))| (*at, n.clone()));
                return newest.ok_or_else(|| "nothing seen".to_owned());
            }
        }
        if Instant::now() > deadline {
            return Err("a challenge never arrived".into());
        }
        std::thread::sleep(Duration::from_micros(200));
    }
}

/// Polls per second against a real privacyIDEA (from the virtualenv `venv`), one open challenge.
fn privacyidea_polls(venv: &Path, per_second: &dyn Fn(&(dyn Fn() -> bool + Sync)) -> f64) -> Result<f64, String> {
    let mut pi = keyfob_testkit::privacyidea::PrivacyIdea::start(venv);
    let init = pi.admin(
        "/token/init",
        &serde_json::json!({"type": "push", "genkey": 1, "user": "alice", "realm": "company", "pin": "1234"}),
    );
    let link = init.pointer("/detail/pushurl/value").and_then(serde_json::Value::as_str).ok_or("no push link")?;
    let (token, device) = device_for(link)?;
    pi.trigger();
    Ok(per_second(&|| net::poll(&token, &device, &SystemClock).is_ok()))
}

/// Prints the push figures; with `peer`, privacyIDEA's polls per second beside the reference service's.
pub(crate) fn figures(bin: &Path, peer: Option<&Path>) -> Result<(), String> {
    println!("Push approval: the reference login service (release) and a device on 127.0.0.1, milliseconds");
    let service = start(bin)?;
    let (token, device) = enrolled(&service, "alice")?;
    println!("  {:<52} {:>9} {:>9}", "", "median", "p99");

    // Event stream: the login's request to the device holding the challenge, and on to approved.
    let seen: Seen = Arc::default();
    let stop = Arc::new(AtomicBool::new(false));
    watch(
        &token,
        DeviceKey::from_pkcs8(zeroize::Zeroizing::new(device.expose_pkcs8().to_vec())).map_err(|e| e.to_string())?,
        &seen,
        &stop,
        true,
    );
    std::thread::sleep(Duration::from_millis(500));
    let (mut delivered, mut approved, mut request) = (Vec::new(), Vec::new(), Vec::new());
    for count in 1..=40 {
        let (id, number, sent) = login(&service, "alice")?;
        request.push(sent.elapsed().as_secs_f64() * 1000.0);
        let (at, nonce) = arrival(&seen, count)?;
        delivered.push(at.duration_since(sent).as_secs_f64() * 1000.0);
        let answered = Instant::now();
        net::answer(&token, &device, &nonce, &Answer::Approve { presence: Some(number) }).map_err(|e| e.to_string())?;
        let status = ureq::get(&format!("{}/login/{id}/status", service.url)).call().map_err(|e| e.to_string())?;
        let state = status.into_string().map_err(|e| e.to_string())?;
        if !state.contains("verified") {
            return Err(format!("login not verified: {state}"));
        }
        approved.push(answered.elapsed().as_secs_f64() * 1000.0 + at.duration_since(sent).as_secs_f64() * 1000.0);
    }
    stop.store(true, Ordering::Relaxed);
    line("login request and page (password check, challenge made)", &mut request);
    line("login request -> device has the challenge (stream)", &mut delivered);
    line("login request -> approval recorded (device signs, no tap)", &mut approved);
    println!("  (the login page asks every 0.7 s, so it shows the approval up to 0.7 s later)");

    // Polling every 3 s, as against privacyIDEA: delivery waits for the next poll.
    let (token2, device2) = enrolled(&service, "bob")?;
    let seen: Seen = Arc::default();
    let stop = Arc::new(AtomicBool::new(false));
    watch(&token2, device2, &seen, &stop, false);
    let mut polled = Vec::new();
    for count in 1..=8 {
        std::thread::sleep(Duration::from_millis(700 + 311 * count as u64 % 2000));
        let (_, _, sent) = login(&service, "bob")?;
        let (at, _) = arrival(&seen, count)?;
        polled.push(at.duration_since(sent).as_secs_f64() * 1000.0);
    }
    stop.store(true, Ordering::Relaxed);
    line("login request -> device has the challenge (3 s polls)", &mut polled);

    // Many devices connected at once: streams held, memory, and one challenge fanned out to all.
    let before = super::rss_kib(service.child.id());
    let seen_by = Arc::new(AtomicUsize::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let devices = 500;
    let fanout: Arc<Mutex<Vec<Instant>>> = Arc::default();
    let (token3, device3) = enrolled(&service, "carol")?;
    let device3 = Arc::new(device3);
    for _ in 0..devices {
        let (token, device, stop, seen_by, fanout) =
            (token3.clone(), Arc::clone(&device3), Arc::clone(&stop), Arc::clone(&seen_by), Arc::clone(&fanout));
        std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || {
                let first = AtomicBool::new(true);
                let record = |challenges: Vec<keyfob_push_proto::Challenge>| {
                    if first.swap(false, Ordering::Relaxed) {
                        seen_by.fetch_add(1, Ordering::Relaxed);
                        return;
                    }
                    if !challenges.is_empty() {
                        fanout.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(Instant::now());
                    }
                };
                let _ = net::stream(&token, &*device, &SystemClock, &record, &|| !stop.load(Ordering::Relaxed));
            })
            .map_err(|e| e.to_string())?;
    }
    let deadline = Instant::now() + Duration::from_secs(60);
    while seen_by.load(Ordering::Relaxed) < devices && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    let connected = seen_by.load(Ordering::Relaxed);
    let after = super::rss_kib(service.child.id());
    let (_, _, sent) = login(&service, "carol")?;
    let deadline = Instant::now() + Duration::from_secs(30);
    while fanout.lock().unwrap_or_else(std::sync::PoisonError::into_inner).len() < connected
        && Instant::now() < deadline
    {
        std::thread::sleep(Duration::from_millis(5));
    }
    let mut times: Vec<f64> = fanout
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .iter()
        .map(|at| at.duration_since(sent).as_secs_f64() * 1000.0)
        .collect();
    stop.store(true, Ordering::Relaxed);
    println!(
        "  {connected} devices streaming at once: service memory {:.1} -> {:.1} MiB ({:.1} KiB a device)",
        before as f64 / 1024.0,
        after as f64 / 1024.0,
        after.saturating_sub(before) as f64 / connected.max(1) as f64
    );
    let reached = times.len();
    line(&format!("one login -> all {reached} devices have it"), &mut times);
    // Throughput: signed polls (one open challenge) and logins, 4 clients for 3 s each.
    let per_second = |work: &(dyn Fn() -> bool + Sync)| {
        let done = AtomicUsize::new(0);
        let until = Instant::now() + Duration::from_secs(3);
        std::thread::scope(|scope| {
            for _ in 0..4 {
                scope.spawn(|| {
                    while Instant::now() < until {
                        if work() {
                            done.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                });
            }
        });
        done.load(Ordering::Relaxed) as f64 / 3.0
    };
    let _ = login(&service, "alice")?;
    let polls = per_second(&|| net::poll(&token, &device, &SystemClock).is_ok());
    let logins = per_second(&|| login(&service, "alice").is_ok());
    println!("  {:<52} {:>9.0}", "signed polls per second, one open challenge (4 clients)", polls);
    if let Some(venv) = peer {
        let peer_polls = privacyidea_polls(venv, &per_second)?;
        println!(
            "  {:<52} {:>9.0}   keyfob {:.1}x",
            "  the same against privacyIDEA 3.14 (peer)",
            peer_polls,
            polls / peer_polls
        );
    }
    println!("  {:<52} {:>9.0}", "logins per second, argon2id password check (4 clients)", logins);

    println!();
    Ok(())
}
