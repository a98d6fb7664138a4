//! `keyfob browser-host`: the browser's native messaging host. The browser starts it and speaks the
//! standard framing on standard input and output: each message a 4-byte length in native byte order, then
//! that many bytes of UTF-8 JSON. Answers come from `keyfob_session::browser`; requests over
//! [`MAX_REQUEST_BYTES`] are refused without being read (the stream cannot be trusted past them, so the
//! host then ends), and one that is cut short ends it too. Only a browser paired with this Keyfob gets
//! anything ([`keyfob_session::model::pairing`]): `keyfob browser pair CODE` confirms a waiting pairing from the
//! terminal, as Keyfob's window does, `paired` lists them and `unpair` removes one.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use keyfob_session::browser::{Fault, LINK_SITE_ARGUMENT, MAX_REQUEST_BYTES, PAIR_BROWSER_ARGUMENT, Reply, Window};
use keyfob_session::model::pairing::{BrowserKind, PairingCode};
use keyfob_session::model::site::Page;
use keyfob_session::model::vault::Paired;

use keyfob_session::Message;

use crate::Failure;
use crate::context::{Context, failed};
use crate::terminal::Terminal;

/// Answers the browser extension `caller` (as [`check_caller`] found it) until the browser closes the pipe.
pub(crate) fn host(
    ctx: &Context,
    caller: &str,
    input: &mut impl Read,
    out: &mut Terminal<'_, impl Write>,
) -> Result<(), Failure> {
    let session = ctx.session()?;
    loop {
        let mut length = [0u8; 4];
        match input.read_exact(&mut length) {
            Ok(()) => {}
            // The browser closed the pipe between messages: done.
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(()),
            Err(e) => return Err(Failure::failed(Message::new("cli-browser-unreadable").details(e.to_string()))),
        }
        let length = u32::from_ne_bytes(length);
        if length > MAX_REQUEST_BYTES {
            // The reply is part of the host's protocol, in its fixed English; the terminal's line is worded.
            let message = format!("the request is {length} bytes; at most {MAX_REQUEST_BYTES} are read");
            send(out, &Reply::error(Fault::RequestTooLarge, message))?;
            let said = Message::new("cli-browser-request-too-large").with("bytes", length);
            return Err(Failure::failed(said.with("max", MAX_REQUEST_BYTES)));
        }
        let mut request = vec![0u8; usize::try_from(length).unwrap_or(0)];
        input.read_exact(&mut request).map_err(|_| Failure::failed(Message::new("cli-browser-request-cut")))?;
        send(out, &session.answer_browser(&request, caller, &**ctx.clock(), &AppWindow))?;
    }
}

/// Keyfob's window, reached by starting `keyfob-app`: a running one is handed the arguments and shows
/// itself (it is a single instance), otherwise it starts.
struct AppWindow;

impl AppWindow {
    /// `$KEYFOB_APP` when set (an app installed elsewhere; the tests' stand-in), else `keyfob-app` beside
    /// this `keyfob` (as packages and builds place them), else from `PATH`.
    fn program() -> PathBuf {
        if let Some(program) = crate::context::setting("KEYFOB_APP") {
            return PathBuf::from(program);
        }
        let name = format!("keyfob-app{}", std::env::consts::EXE_SUFFIX);
        let beside = std::env::current_exe().ok().and_then(|exe| Some(exe.parent()?.join(&name)));
        beside.filter(|p| p.is_file()).unwrap_or_else(|| PathBuf::from(name))
    }

    /// Starts the app without waiting for it. Its output must not reach the browser's pipe (standard output
    /// is the reply stream), so nothing is inherited.
    fn start(args: &[String]) -> std::io::Result<()> {
        use std::process::{Command, Stdio};
        Command::new(Self::program())
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map(drop)
    }
}

impl Window for AppWindow {
    fn link_site(&self, page: &Page) -> std::io::Result<()> {
        Self::start(&[format!("{LINK_SITE_ARGUMENT}={}", page.host())])
    }

    fn show(&self) -> std::io::Result<()> {
        Self::start(&[])
    }

    fn pair(&self) -> std::io::Result<()> {
        Self::start(&[PAIR_BROWSER_ARGUMENT.to_owned()])
    }

    /// Asked of the running app on the session bus (its program checked, see
    /// `keyfob_desktop::single_instance`). Elsewhere than Linux the running app cannot be asked yet, so
    /// a passphrase vault is answered `locked` there.
    fn unlocked(&self) -> bool {
        #[cfg(target_os = "linux")]
        return keyfob_desktop::single_instance::running_and_unlocked(
            APP_IDENTIFIER,
            &Self::program(),
            &crate::context::setting("PATH").unwrap_or_default(),
        );
        #[cfg(not(target_os = "linux"))]
        return false;
    }
}

/// The desktop app's identifier (its `tauri.conf.json`), which names its single-instance service.
#[cfg(target_os = "linux")]
const APP_IDENTIFIER: &str = "app.keyfob.desktop";

/// Writes one framed reply.
fn send(out: &mut Terminal<'_, impl Write>, reply: &Reply) -> Result<(), Failure> {
    let unanswered = |details: String| Failure::failed(Message::new("cli-browser-unanswered").details(details));
    let json = serde_json::to_vec(reply).map_err(|e| unanswered(e.to_string()))?;
    let length = u32::try_from(json.len()).map_err(|e| unanswered(e.to_string()))?;
    let written = out.write_all(&length.to_ne_bytes()).and_then(|()| out.write_all(&json)).and_then(|()| out.flush());
    written.map_err(|e| unanswered(e.to_string()))
}

/// The name of Keyfob's native messaging host, as the extension connects to it.
pub(crate) const HOST_NAME: &str = "app.keyfob.browser";
/// Keyfob's extension in Chromium-based browsers (fixed by the public key in `extension/`).
pub(crate) const CHROMIUM_EXTENSION: &str = "chrome-extension://bmicaadjepnaojjkepbgbeoiakipclph/";
/// Keyfob's extension in Firefox.
pub(crate) const FIREFOX_EXTENSION: &str = "browser@keyfob.app";

/// The extension that started the host, as its browser names it (Chromium: its origin; Firefox: the
/// manifest's path, then the extension's id; run by hand, none: empty). Callers other than Keyfob's
/// extension are refused here; one that carries Keyfob's id must still be paired to get anything.
pub(crate) fn check_caller(caller: &[String]) -> Result<&str, Failure> {
    if caller.is_empty() {
        return Ok("");
    }
    let ours = caller.iter().find(|a| *a == CHROMIUM_EXTENSION || *a == FIREFOX_EXTENSION);
    ours.map(String::as_str).ok_or_else(|| Failure::bad_input(Message::new("cli-browser-not-ours")))
}

/// `keyfob browser pair CODE`: pairs the waiting browser when CODE is the one it shows.
pub(crate) fn pair(ctx: &Context, code: &str, out: &mut Terminal<'_, impl Write>) -> Result<(), Failure> {
    let code = PairingCode::parse(code).map_err(|_| Failure::bad_input(Message::new("cli-pairing-code-invalid")))?;
    let session = ctx.session()?;
    let now = ctx.clock().now();
    let paired = session.confirm_pairing(code, now).map_err(failed)?;
    match paired {
        Paired::New(id) => out.say(&Message::new("cli-paired").with("id", id)),
        Paired::Already(id) => out.say(&Message::new("cli-already-paired").with("id", id)),
    }
}

/// How a browser kind is named in `keyfob browser paired`.
fn kind_name(kind: BrowserKind) -> &'static str {
    match kind {
        BrowserKind::Chromium => "chromium",
        BrowserKind::Firefox => "firefox",
        BrowserKind::Unnamed => "unnamed",
    }
}

/// `keyfob browser paired [--json]`: the paired browsers.
pub(crate) fn paired(ctx: &Context, json: bool, out: &mut Terminal<'_, impl Write>) -> Result<(), Failure> {
    let browsers = ctx.session()?.paired_browsers().map_err(failed)?;
    if json {
        let list: Vec<serde_json::Value> = browsers
            .iter()
            .map(|b| {
                serde_json::json!({"id": b.id, "browser": kind_name(b.browser()), "caller": b.caller, "paired": b.paired})
            })
            .collect();
        return crate::print_json(out, serde_json::Value::Array(list));
    }
    if browsers.is_empty() {
        return out.say(&Message::new("cli-no-browser-paired"));
    }
    browsers.iter().try_for_each(|b| {
        let paired = out.words().format(&Message::new("cli-paired-at").with("time", b.paired));
        crate::print(out, format_args!("{}\t{}\t{}\t{paired}", b.id, kind_name(b.browser()), b.caller))
    })
}

/// `keyfob browser unpair ID`.
pub(crate) fn unpair(ctx: &Context, id: u64, out: &mut Terminal<'_, impl Write>) -> Result<(), Failure> {
    ctx.session()?.unpair_browser(id).map_err(failed)?;
    out.say(&Message::new("cli-unpaired").with("id", id))
}

/// The browsers `keyfob browser install` knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Browser {
    /// Chromium (Debian's and others).
    Chromium,
    /// Google Chrome.
    Chrome,
    /// Firefox.
    Firefox,
    /// All of the above.
    All,
}

impl Browser {
    fn each(self) -> Vec<Self> {
        match self {
            Self::All => vec![Self::Chromium, Self::Chrome, Self::Firefox],
            one => vec![one],
        }
    }

    /// Where this browser looks for native messaging hosts, under the home folder.
    fn folder(self, home: &Path) -> PathBuf {
        match self {
            Self::Chromium | Self::All => home.join(".config/chromium/NativeMessagingHosts"),
            Self::Chrome => home.join(".config/google-chrome/NativeMessagingHosts"),
            Self::Firefox => home.join(".mozilla/native-messaging-hosts"),
        }
    }

    /// The host manifest this browser reads, allowing Keyfob's extension only.
    fn manifest(self, launcher: &Path) -> serde_json::Value {
        let (key, allowed) = match self {
            Self::Firefox => ("allowed_extensions", FIREFOX_EXTENSION),
            _ => ("allowed_origins", CHROMIUM_EXTENSION),
        };
        let mut manifest = serde_json::Map::new();
        manifest.insert("name".into(), HOST_NAME.into());
        manifest
            .insert("description".into(), "Keyfob: one-time codes for the sites your accounts are linked to".into());
        manifest.insert("path".into(), launcher.display().to_string().into());
        manifest.insert("type".into(), "stdio".into());
        manifest.insert(key.into(), serde_json::json!([allowed]));
        serde_json::Value::Object(manifest)
    }
}

fn home() -> Result<PathBuf, Failure> {
    dirs::home_dir().ok_or_else(|| Failure::failed(Message::new("cli-no-home")))
}

/// The launcher browsers start: a browser runs a host by its path alone, and `keyfob` needs its
/// subcommand, so a two-line script beside Keyfob's data starts `keyfob browser-host`.
fn launcher(home: &Path) -> PathBuf {
    home.join(".local/share/keyfob/browser-host")
}

/// `keyfob browser install [--browser B]`: writes the launcher and each browser's host manifest.
pub(crate) fn install(browser: Browser, out: &mut Terminal<'_, impl Write>) -> Result<(), Failure> {
    let home = home()?;
    let keyfob = std::env::current_exe()
        .map_err(|e| Failure::failed(Message::new("cli-no-program-path").details(e.to_string())))?;
    let quoted = keyfob.display().to_string().replace('\'', r"'\''");
    let script = format!(
        "#!/bin/sh\n# Written by `keyfob browser install`; removed by `keyfob browser uninstall`.\nexec '{quoted}' browser-host \"$@\"\n"
    );
    let launcher = launcher(&home);
    write_file(&launcher, script.as_bytes(), 0o755)?;
    for one in browser.each() {
        let manifest = one.folder(&home).join(format!("{HOST_NAME}.json"));
        // A JSON object of strings always serialises.
        let json = serde_json::to_vec_pretty(&one.manifest(&launcher)).unwrap_or_default();
        write_file(&manifest, &json, 0o644)?;
        let installed = Message::new("cli-browser-installed").with("browser", format!("{one:?}"));
        out.say(&installed.with("file", manifest.display().to_string()))?;
    }
    Ok(())
}

/// `keyfob browser uninstall`: removes every manifest and the launcher `install` wrote.
pub(crate) fn uninstall(out: &mut Terminal<'_, impl Write>) -> Result<(), Failure> {
    let home = home()?;
    let files = Browser::All.each().into_iter().map(|b| b.folder(&home).join(format!("{HOST_NAME}.json")));
    for file in files.chain([launcher(&home)]) {
        match std::fs::remove_file(&file) {
            Ok(()) => out.say(&Message::new("cli-file-removed").with("file", file.display().to_string()))?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                let message = Message::new("cli-file-not-removed").with("file", file.display().to_string());
                return Err(Failure::failed(message.details(e.to_string())));
            }
        }
    }
    Ok(())
}

fn write_file(path: &Path, bytes: &[u8], mode: u32) -> Result<(), Failure> {
    let failed = |e: std::io::Error| {
        Failure::failed(
            Message::new("cli-file-not-written").with("file", path.display().to_string()).details(e.to_string()),
        )
    };
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder).map_err(failed)?;
    }
    keyfob_session::transfer::write(path, bytes).map_err(crate::context::failed)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).map_err(failed)?;
    }
    Ok(())
}
