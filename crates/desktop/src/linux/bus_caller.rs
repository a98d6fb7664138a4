//! Who is calling on the session bus. Every program of the session, and a sandboxed app given the bus,
//! can call what Keyfob serves there, and a well-known name (`org.gnome.Shell`, Keyfob's own) is held by
//! whoever took it first: a name says nothing. What a caller cannot choose is its process, which the bus
//! daemon states (`GetConnectionUnixProcessID`), and the program file that process runs
//! (`/proc/PID/exe`). Keyfob's services trust a caller only for the program it runs: Keyfob itself for a
//! second launch ([`crate::single_instance`]), the desktop's shell for its search
//! ([`crate::search`]).
//!
//! A program is the same when the two files are one (device and inode, whatever the paths say). A
//! program upgraded while it runs (its file replaced, `/proc/PID/exe` then ending in " (deleted)") is
//! still itself when its path is the trusted path, but only for a caller in Keyfob's own mount namespace:
//! a sandbox (Flatpak, a container) can put any file at `/usr/bin/gnome-shell` inside its own namespace.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use zbus::message::Header;

/// Asks the bus daemon itself `method` (`GetNameOwner`, `GetConnectionUnixProcessID`) about the
/// connection or name `about`; `None` when it has no answer (no such name, the caller is gone).
pub(crate) async fn ask_bus<T>(connection: &zbus::Connection, method: &str, about: &str) -> Option<T>
where
    T: serde::de::DeserializeOwned + zbus::zvariant::Type,
{
    let reply = connection
        .call_method(
            Some("org.freedesktop.DBus"),
            "/org/freedesktop/DBus",
            Some("org.freedesktop.DBus"),
            method,
            &(about,),
        )
        .await
        .ok()?;
    reply.body().deserialize().ok()
}

/// The process id of the connection that sent the call in `header`, as the bus daemon states it.
pub(crate) async fn caller_process(connection: &zbus::Connection, header: &Header<'_>) -> Option<u32> {
    let sender = header.sender()?;
    ask_bus(connection, "GetConnectionUnixProcessID", sender.as_str()).await
}

/// Whether process `pid` runs this same program file (a second launch of Keyfob).
pub(crate) fn runs_this_program(pid: u32) -> bool {
    runs_program(pid, Path::new("/proc/self/exe"))
}

/// Whether process `pid` runs the program file `program` (a path, or a `/proc/*/exe` link).
pub(crate) fn runs_program(pid: u32, program: &Path) -> bool {
    let theirs = PathBuf::from(format!("/proc/{pid}/exe"));
    same_file(program, &theirs)
        || (same_mount_namespace(pid)
            && matches!((program_path(program), program_path(&theirs)), (Some(o), Some(t)) if o == t))
}

/// Whether process `pid` runs the program called `name` as the desktop session finds it: the first file of
/// that name in the directories of `search_path` (its `PATH`; relative entries skipped), and only when
/// that file is a system program ([`is_system_program`]). A `krunner` the user (or a sandbox given the
/// home folder) could write, in `~/.local/bin` say, is no desktop's shell.
pub(crate) fn runs_program_named(pid: u32, name: &str, search_path: &OsStr) -> bool {
    first_on_path(Path::new(name), search_path)
        .is_some_and(|program| is_system_program(&program) && runs_program(pid, &program))
}

/// The first file called `name` in the directories of `search_path` (a `PATH`; relative entries, such as
/// the working folder, skipped), as starting it by name would find it.
pub(crate) fn first_on_path(name: &Path, search_path: &OsStr) -> Option<PathBuf> {
    std::env::split_paths(search_path)
        .filter(|dir| dir.is_absolute())
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

/// Whether `program` (links followed) and the folder holding it belong to root and no one else may write
/// them: a file only the system could have put there.
fn is_system_program(program: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    let owned_by_root = |path: &Path| std::fs::metadata(path).is_ok_and(|m| m.uid() == 0 && m.mode() & 0o022 == 0);
    let Ok(resolved) = std::fs::canonicalize(program) else { return false };
    owned_by_root(&resolved) && resolved.parent().is_some_and(owned_by_root)
}

/// Whether two paths lead to one file (device and inode: no path games).
fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// The path of program `file` with links followed: a `/proc/*/exe` link read as the kernel wrote it, with
/// its " (deleted)" mark (the file was replaced while the process runs) taken off.
fn program_path(file: &Path) -> Option<String> {
    let resolved = if file.starts_with("/proc") { std::fs::read_link(file) } else { std::fs::canonicalize(file) };
    let text = resolved.ok()?.to_string_lossy().into_owned();
    Some(text.strip_suffix(" (deleted)").map_or_else(|| text.clone(), str::to_owned))
}

/// Whether process `pid` sees the same files at the same paths as this one (same mount namespace).
fn same_mount_namespace(pid: u32) -> bool {
    let ours = std::fs::read_link("/proc/self/ns/mnt");
    let theirs = std::fs::read_link(format!("/proc/{pid}/ns/mnt"));
    matches!((ours, theirs), (Ok(o), Ok(t)) if o == t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_process_runs_this_program_and_another_program_does_not() {
        assert!(runs_this_program(std::process::id()));
        let mut other = std::process::Command::new("sleep").arg("5").spawn().unwrap();
        let verdict = runs_this_program(other.id());
        let sleep = runs_program_named(other.id(), "sleep", OsStr::new("relative:/usr/bin:/bin"));
        let not_sleep = runs_program_named(other.id(), "true", OsStr::new("/usr/bin:/bin"));
        other.kill().unwrap();
        other.wait().unwrap();
        assert!(!verdict, "sleep is another program");
        assert!(sleep, "sleep is found on the path it runs from");
        assert!(!not_sleep, "sleep is not true");
        assert!(!runs_this_program(u32::MAX), "no such process");
    }

    #[test]
    fn only_the_first_program_of_a_name_on_the_path_counts_and_only_a_system_one() {
        let temp = tempfile::tempdir().unwrap();
        let mut sleeping = std::process::Command::new("sleep").arg("5").spawn().unwrap();
        let pid = sleeping.id();
        // A `sleep` first on the path, where the user can write: the system's later on is not reached,
        // and the user's own is no system program.
        let ours = temp.path().join("sleep");
        std::fs::copy("/bin/sleep", &ours).unwrap();
        let path = std::env::join_paths([temp.path(), Path::new("/usr/bin"), Path::new("/bin")]).unwrap();
        let shadowed = runs_program_named(pid, "sleep", &path);
        let system = is_system_program(Path::new("/bin/sleep"));
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&ours, std::fs::Permissions::from_mode(0o777)).unwrap();
        let writable = is_system_program(&ours);
        sleeping.kill().unwrap();
        sleeping.wait().unwrap();
        assert!(!shadowed, "the first sleep on the path is a copy in a temporary folder");
        assert!(system, "/bin/sleep is the system's");
        assert!(!writable, "a file anyone may write is no system program");
        assert!(!is_system_program(temp.path()), "a folder is no program");
    }

    #[test]
    fn a_copy_of_the_program_or_a_program_only_named_like_it_is_another_program() {
        let temp = tempfile::tempdir().unwrap();
        let me = std::env::current_exe().unwrap();
        // A link to our file is our file; a copy of it, or a program placed under our name, is not.
        std::os::unix::fs::symlink(&me, temp.path().join("linked")).unwrap();
        std::fs::copy(&me, temp.path().join("copied")).unwrap();
        std::fs::copy("/bin/true", temp.path().join(me.file_name().unwrap())).unwrap();
        let pid = std::process::id();
        assert!(runs_program(pid, &temp.path().join("linked")));
        assert!(!runs_program(pid, &temp.path().join("copied")), "the same bytes are not the same file");
        assert!(!runs_program_named(pid, &me.file_name().unwrap().to_string_lossy(), temp.path().as_os_str()));
        assert!(!runs_program(pid, &temp.path().join("absent")));
    }

    /// Starts `program`, just written, for 5 s. Another test's thread forking while the file was open for
    /// writing can hold it open in its child until that child execs: the start is tried again then.
    fn spawn_fresh(program: &Path) -> std::process::Child {
        loop {
            match std::process::Command::new(program).arg("5").spawn() {
                Err(e) if e.kind() == std::io::ErrorKind::ExecutableFileBusy => std::thread::yield_now(),
                started => return started.unwrap(),
            }
        }
    }

    #[test]
    fn a_program_replaced_while_running_is_known_by_its_path_in_our_own_namespace_only() {
        let temp = tempfile::tempdir().unwrap();
        let program = temp.path().join("sleepy");
        std::fs::copy("/bin/sleep", &program).unwrap();
        let mut running = spawn_fresh(&program);
        // An upgrade: the file is replaced under the running process.
        std::fs::remove_file(&program).unwrap();
        std::fs::copy("/bin/sleep", &program).unwrap();
        let upgraded = runs_program(running.id(), &program);
        let elsewhere = runs_program(running.id(), Path::new("/bin/sleep"));
        running.kill().unwrap();
        running.wait().unwrap();
        assert!(upgraded, "replaced while running, at the same path");
        assert!(!elsewhere, "another path is another program");
        assert!(same_mount_namespace(std::process::id()));
        assert!(!same_mount_namespace(u32::MAX));
    }
}
