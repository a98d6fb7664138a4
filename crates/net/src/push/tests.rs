//! Hostile push servers on 127.0.0.1: replies that never end, trickle, lie about their length, or send
//! endless lines. Each is refused with the server named, in bounded time and memory.

use std::io::{BufRead, Read, Write};
use std::net::TcpListener;
use std::time::{Duration, Instant};

use super::*;

/// A server that answers one request by calling `reply` on the connection; the bytes it managed to send.
fn hostile(reply: impl FnOnce(&mut std::net::TcpStream) + Send + 'static) -> (String, std::thread::JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/ttype/push", listener.local_addr().unwrap());
    let handle = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut request = std::io::BufReader::new(stream.try_clone().unwrap());
        let mut line = String::new();
        while request.read_line(&mut line).unwrap_or(0) > 2 {
            line.clear();
        }
        reply(&mut stream);
    });
    (url, handle)
}

fn get(url: &str, deadline: Duration) -> Result<Value, PushError> {
    result(url, agent_within(deadline).get(url).call())
}

#[test]
fn a_reply_that_never_ends_is_cut_at_1_mib() {
    let sent = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = std::sync::Arc::clone(&sent);
    let (url, server) = hostile(move |stream| {
        let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n[");
        let chunk = vec![b'1'; 64 * 1024];
        // Up to 1 GiB, until the client hangs up.
        for _ in 0..16_384 {
            if stream.write_all(&chunk).is_err() {
                break;
            }
            counter.fetch_add(chunk.len(), std::sync::atomic::Ordering::Relaxed);
        }
    });
    let error = get(&url, REQUEST_DEADLINE).unwrap_err();
    assert!(matches!(&error, PushError::BadResponse { .. }), "{error}");
    assert!(error.to_string().contains(&url) && error.to_string().contains("over 1024 KiB"), "{error}");
    server.join().unwrap();
    // What the server got out before Keyfob hung up is what the kernel buffers, not the gigabyte.
    assert!(
        sent.load(std::sync::atomic::Ordering::Relaxed) < 64 << 20,
        "{}",
        sent.load(std::sync::atomic::Ordering::Relaxed)
    );
}

#[test]
fn a_reply_that_trickles_hits_the_request_deadline() {
    let (url, server) = hostile(|stream| {
        let _ =
            stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n");
        // A byte every 100 ms: each read succeeds well within its own timeout; only a total deadline ends it.
        for _ in 0..600 {
            if stream.write_all(b" ").is_err() {
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    });
    let started = Instant::now();
    let error = get(&url, Duration::from_secs(2)).unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(10), "{:?}", started.elapsed());
    assert!(error.to_string().contains(&url), "{error}");
    drop(server);
}

#[test]
fn a_reply_shorter_than_its_stated_length_is_an_error_not_a_wait() {
    let (url, server) = hostile(|stream| {
        let _ = stream.write_all(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{\"result\":",
        );
    });
    let error = get(&url, REQUEST_DEADLINE).unwrap_err();
    assert!(error.to_string().contains(&url), "{error}");
    server.join().unwrap();
    let (url, server) = hostile(|stream| {
        let _ = stream
            .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n[]trailing garbage that was never announced");
    });
    assert_eq!(get(&url, REQUEST_DEADLINE).unwrap(), Value::Array(Vec::new()), "only the stated bytes are read");
    server.join().unwrap();
}

#[test]
fn event_stream_lines_are_bounded() {
    let mut reader = std::io::Cursor::new(b"event: challenges\r\ndata: []\n\nlast".to_vec());
    let lines: Vec<String> = std::iter::from_fn(|| bounded_line(&mut reader, 64).unwrap()).collect();
    assert_eq!(lines, ["event: challenges", "data: []", "", "last"]);
    let endless = std::io::Read::chain(std::io::Cursor::new(b"data: ".to_vec()), std::io::repeat(b'x'));
    let mut reader = std::io::BufReader::new(endless.take(1 << 30));
    let error = bounded_line(&mut reader, MAX_LINE_BYTES).unwrap_err();
    assert_eq!(error.kind(), std::io::ErrorKind::InvalidData);
    assert!(error.to_string().contains("over 64 KiB"), "{error}");
    let mut exact = std::io::Cursor::new([vec![b'y'; MAX_LINE_BYTES], b"\r\n".to_vec()].concat());
    assert_eq!(bounded_line(&mut exact, MAX_LINE_BYTES).unwrap().map(|l| l.len()), Some(MAX_LINE_BYTES));
}
