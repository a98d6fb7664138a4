//! When to lock because the desktop says so: the screen locking (`ActiveChanged(true)` of
//! `org.freedesktop.ScreenSaver` or `org.gnome.ScreenSaver` on the session bus; logind's `Lock` on the
//! system bus where there is one) and the system about to sleep (logind's `PrepareForSleep(true)`).
//!
//! Any program on the session bus can send these signals; the worst one can do is lock Keyfob, so they
//! are taken as they come. A body that is not what the signal carries is ignored.

/// Watches for the screen locking and the system going to sleep, calling `on_lock` each time, on threads
/// of its own, for the life of the process. A bus that cannot be reached is left out quietly (no system
/// bus in a container; no session bus on a bare console).
pub fn watch(on_lock: impl Fn() + Send + Sync + 'static) {
    use std::sync::Arc;

    let on_lock = Arc::new(on_lock);
    let session = Arc::clone(&on_lock);
    std::thread::spawn(move || {
        if let Ok(bus) = zbus::blocking::Connection::session() {
            listen(&bus, "ActiveChanged", &["org.freedesktop.ScreenSaver", "org.gnome.ScreenSaver"], &*session);
        }
    });
    let sleep = Arc::clone(&on_lock);
    std::thread::spawn(move || {
        if let Ok(bus) = zbus::blocking::Connection::system() {
            listen(&bus, "PrepareForSleep", &["org.freedesktop.login1.Manager"], &*sleep);
        }
    });
    std::thread::spawn(move || {
        if let Ok(bus) = zbus::blocking::Connection::system() {
            listen(&bus, "Lock", &["org.freedesktop.login1.Session"], &*on_lock);
        }
    });
}

/// Calls `on_lock` for every `member` signal of one of `interfaces` that says "now": a `true` argument,
/// or none (logind's `Lock`).
fn listen(bus: &zbus::blocking::Connection, member: &str, interfaces: &[&str], on_lock: &dyn Fn()) {
    let Ok(rule) = zbus::MatchRule::builder().msg_type(zbus::message::Type::Signal).member(member).map(|b| b.build())
    else {
        return;
    };
    let Ok(messages) = zbus::blocking::MessageIterator::for_match_rule(rule, bus, Some(64)) else { return };
    for message in messages.flatten() {
        if locks(&message, member, interfaces) {
            on_lock();
        }
    }
}

/// Whether `message` is the signal `member` of one of `interfaces` saying "now". Anything else any
/// program on the bus sends (another member or interface, a body of another type) is not.
fn locks(message: &zbus::Message, member: &str, interfaces: &[&str]) -> bool {
    let header = message.header();
    let ours = header.interface().is_some_and(|i| interfaces.contains(&i.as_str()))
        && header.member().is_some_and(|m| m.as_str() == member);
    ours && says_now(message)
}

fn says_now(message: &zbus::Message) -> bool {
    let body = message.body();
    match body.signature().to_string().as_str() {
        "" => true,
        "b" => body.deserialize::<bool>().unwrap_or(false),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::locks;

    const SAVERS: [&str; 2] = ["org.freedesktop.ScreenSaver", "org.gnome.ScreenSaver"];

    fn signal<B: serde::Serialize + zbus::zvariant::DynamicType>(
        interface: &str,
        member: &str,
        body: &B,
    ) -> zbus::Message {
        zbus::Message::signal("/org/example/Sender", interface, member).unwrap().build(body).unwrap()
    }

    #[test]
    fn only_the_screen_savers_active_changed_true_locks() {
        assert!(locks(&signal("org.gnome.ScreenSaver", "ActiveChanged", &true), "ActiveChanged", &SAVERS));
        assert!(locks(&signal("org.freedesktop.ScreenSaver", "ActiveChanged", &true), "ActiveChanged", &SAVERS));
        // What anyone on the bus may send instead: the screen unlocking, a body of another type (and a
        // huge one), another member, another interface.
        let strays = [
            signal("org.gnome.ScreenSaver", "ActiveChanged", &false),
            signal("org.gnome.ScreenSaver", "ActiveChanged", &"true"),
            signal("org.gnome.ScreenSaver", "ActiveChanged", &"x".repeat(100_000)),
            signal("org.freedesktop.ScreenSaver", "ActiveChanged", &1_i32),
            signal("org.freedesktop.ScreenSaver", "ActiveChanged", &(true, true)),
            signal("org.gnome.ScreenSaver", "WakeUpScreen", &true),
            signal("org.example.NotTheScreenSaver", "ActiveChanged", &true),
        ];
        for stray in &strays {
            assert!(!locks(stray, "ActiveChanged", &SAVERS), "{stray:?}");
        }
    }

    #[test]
    fn logind_locks_on_lock_and_before_sleep_not_on_waking_or_unlock() {
        let session = ["org.freedesktop.login1.Session"];
        let manager = ["org.freedesktop.login1.Manager"];
        assert!(locks(&signal(session[0], "Lock", &()), "Lock", &session));
        assert!(!locks(&signal(session[0], "Unlock", &()), "Lock", &session));
        assert!(locks(&signal(manager[0], "PrepareForSleep", &true), "PrepareForSleep", &manager));
        assert!(!locks(&signal(manager[0], "PrepareForSleep", &false), "PrepareForSleep", &manager));
    }
}
