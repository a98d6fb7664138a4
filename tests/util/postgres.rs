//! A private PostgreSQL server for a test: Debian's `postgresql` (scripts/lib.sh installs it), its cluster
//! made with `initdb` in a temporary folder, listening on 127.0.0.1 and a private socket folder at a free
//! port, and stopped when dropped (a panicking test too). PostgreSQL refuses to run as root: as root, the
//! cluster belongs to the `postgres` user (or `nobody`) and its programs run through `runuser`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use crate::util::run::temp_dir;

/// A running PostgreSQL cluster of the test's own.
pub(crate) struct Postgres {
    bin: PathBuf,
    /// Who the server runs as, when the test runs as root.
    owner: Option<String>,
    data: PathBuf,
    socket: PathBuf,
    pub(crate) port: u16,
    _dir: tempfile::TempDir,
}

/// The newest installed PostgreSQL's programs (`/usr/lib/postgresql/N/bin`).
fn bin_dir() -> PathBuf {
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| Some((entry.file_name().to_str()?.parse().ok()?, entry.path().join("bin"))))
        .filter(|(_, bin): &(u32, PathBuf)| bin.join("initdb").exists())
        .collect();
    versions.sort();
    versions
        .pop()
        .map(|(_, bin)| bin)
        .expect("PostgreSQL is needed for this test (scripts/test installs Debian's postgresql)")
}

fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find(|line| line.starts_with("Uid:"))
        .is_some_and(|line| line.split_whitespace().nth(1) == Some("0"))
}

/// A user to own the cluster when running as root: `postgres` where the package made it, else `nobody`.
fn owner() -> Option<String> {
    if !is_root() {
        return None;
    }
    let passwd = std::fs::read_to_string("/etc/passwd").unwrap_or_default();
    let has = |name: &str| passwd.lines().any(|line| line.split(':').next() == Some(name));
    Some(if has("postgres") { "postgres" } else { "nobody" }.to_owned())
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

impl Postgres {
    /// Makes a cluster and starts it; `pg_ctl -w` returns once it accepts connections.
    pub(crate) fn start() -> Self {
        let dir = temp_dir();
        let (data, socket) = (dir.path().join("data"), dir.path().join("socket"));
        std::fs::create_dir(&data).unwrap();
        std::fs::create_dir(&socket).unwrap();
        let owner = owner();
        if let Some(owner) = &owner {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
            let chown = Command::new("chown").args(["-R", owner]).arg(&data).arg(&socket).status().unwrap();
            assert!(chown.success());
        }
        let mut postgres = Self { bin: bin_dir(), owner, data, socket, port: free_port(), _dir: dir };
        let data = postgres.data.clone();
        let initdb =
            postgres.run("initdb", &["-D", data.to_str().unwrap(), "-A", "trust", "-U", "postgres", "--no-sync"]);
        assert!(initdb.status.success(), "initdb: {}", String::from_utf8_lossy(&initdb.stderr));
        postgres.start_server();
        postgres
    }

    /// `program ARGS` from PostgreSQL's programs, as the cluster's owner.
    fn run(&self, program: &str, args: &[&str]) -> Output {
        let path = self.bin.join(program);
        let mut command = match &self.owner {
            Some(owner) => {
                let mut command = Command::new("runuser");
                command.args(["-u", owner, "--"]).arg(path);
                command
            }
            None => Command::new(path),
        };
        command.args(args).stdin(Stdio::null()).current_dir("/").output().unwrap()
    }

    /// Starts the server (again) on its port; returns once it accepts connections.
    pub(crate) fn start_server(&mut self) {
        let options = format!(
            "-k {} -p {} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200",
            self.socket.display(),
            self.port
        );
        let log = self.socket.join("server.log");
        let (data, log) = (self.data.to_str().unwrap().to_owned(), log.to_str().unwrap().to_owned());
        let started = self.run("pg_ctl", &["-D", &data, "-l", &log, "-o", &options, "-w", "-t", "60", "start"]);
        assert!(
            started.status.success(),
            "pg_ctl start: {}{}",
            String::from_utf8_lossy(&started.stderr),
            std::fs::read_to_string(&log).unwrap_or_default()
        );
        let ready = self.run("pg_isready", &["-h", "127.0.0.1", "-p", &self.port.to_string(), "-t", "30"]);
        assert!(ready.status.success(), "pg_isready: {}", String::from_utf8_lossy(&ready.stdout));
    }

    /// Stops the server at once (as a crash would), keeping its data.
    pub(crate) fn stop_server(&self) {
        let _ = self.run("pg_ctl", &["-D", self.data.to_str().unwrap(), "-m", "immediate", "-w", "stop"]);
    }

    /// Makes a database and returns its URL over TCP.
    pub(crate) fn database(&self, name: &str) -> String {
        let made = self.run("createdb", &["-h", "127.0.0.1", "-p", &self.port.to_string(), "-U", "postgres", name]);
        assert!(made.status.success(), "createdb: {}", String::from_utf8_lossy(&made.stderr));
        format!("postgres://postgres@127.0.0.1:{}/{name}", self.port)
    }

    /// The URL of database `name` over the private Unix socket.
    pub(crate) fn socket_url(&self, name: &str) -> String {
        format!("postgresql://postgres@/{name}?host={}&port={}", self.socket.display(), self.port)
    }

    /// `pg_dump` of database `name`, as a thief with a copy would read it.
    pub(crate) fn dump(&self, name: &str) -> String {
        let dumped = self.run("pg_dump", &["-h", "127.0.0.1", "-p", &self.port.to_string(), "-U", "postgres", name]);
        assert!(dumped.status.success(), "pg_dump: {}", String::from_utf8_lossy(&dumped.stderr));
        String::from_utf8(dumped.stdout).unwrap()
    }

    /// Runs `sql` in database `name` with `psql`, returning its unaligned output.
    pub(crate) fn psql(&self, name: &str, sql: &str) -> String {
        let ran = Command::new("psql")
            .args(["-h", "127.0.0.1", "-p", &self.port.to_string(), "-U", "postgres", "-d", name, "-At", "-c", sql])
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert!(ran.status.success(), "psql: {}", String::from_utf8_lossy(&ran.stderr));
        String::from_utf8(ran.stdout).unwrap()
    }

    /// The socket folder (for tests that look at it).
    #[allow(dead_code)]
    pub(crate) fn socket_dir(&self) -> &Path {
        &self.socket
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        self.stop_server();
    }
}
