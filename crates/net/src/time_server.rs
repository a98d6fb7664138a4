//! A time server on 127.0.0.1 for tests, here and in the application layer (feature `time-server`):
//! it answers SNTP with a clock set where the test wants it, or takes requests and never answers.

use std::net::UdpSocket;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// A running time server; it stops when dropped.
pub struct TimeServer {
    /// Where it listens, `127.0.0.1:PORT`.
    pub address: String,
    stop: Arc<AtomicBool>,
}

impl TimeServer {
    /// Starts a server whose clock reads `now + skew` seconds, or a silent one (`skew` `None`).
    ///
    /// # Panics
    /// When no UDP port on 127.0.0.1 can be had (test support: the test cannot run).
    #[allow(clippy::expect_used)] // Test support.
    pub fn start(now: u64, skew: Option<f64>) -> Self {
        let socket = UdpSocket::bind("127.0.0.1:0").expect("a UDP port on 127.0.0.1");
        socket.set_read_timeout(Some(Duration::from_millis(50))).expect("a read timeout");
        let address = socket.local_addr().expect("the port bound").to_string();
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = Arc::clone(&stop);
        std::thread::spawn(move || {
            let mut buffer = [0u8; 128];
            while !stopped.load(Ordering::Relaxed) {
                let (Ok((n, from)), Some(skew)) = (socket.recv_from(&mut buffer), skew) else { continue };
                let Some(request) = buffer.get(..n) else { continue };
                #[expect(clippy::cast_precision_loss, reason = "test times are exact in an f64")]
                let at = now as f64 + skew;
                let _ = socket.send_to(&keyfob_core::sntp::reply(request, at, at), from);
            }
        });
        Self { address, stop }
    }
}

impl Drop for TimeServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}
