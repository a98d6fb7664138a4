//! A time server whose clock is off, for the clock check.

/// A time server on 127.0.0.1 whose clock is `skew` seconds off, answering SNTP until dropped.
pub(crate) struct SkewedTimeServer {
    address: String,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl SkewedTimeServer {
    /// Starts the responder on a free UDP port.
    #[allow(clippy::expect_used)] // Test support.
    pub(crate) fn start(skew: f64) -> Self {
        let socket = std::net::UdpSocket::bind("127.0.0.1:0").expect("a UDP port");
        socket.set_read_timeout(Some(std::time::Duration::from_millis(100))).expect("a timeout");
        let address = socket.local_addr().expect("its address").to_string();
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let stopped = std::sync::Arc::clone(&stop);
        std::thread::spawn(move || {
            let mut buffer = [0u8; 128];
            while !stopped.load(std::sync::atomic::Ordering::Relaxed) {
                if let Ok((n, from)) = socket.recv_from(&mut buffer) {
                    let now = keyfob_core::Clock::since_epoch(&keyfob_session::SystemClock).as_secs_f64() + skew;
                    let reply = keyfob_core::sntp::reply(buffer.get(..n).unwrap_or_default(), now, now);
                    let _ = socket.send_to(&reply, from);
                }
            }
        });
        Self { address, stop }
    }

    /// `127.0.0.1:PORT`.
    pub(crate) fn address(&self) -> &str {
        &self.address
    }
}

impl Drop for SkewedTimeServer {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
    }
}
