//! The sandbox served over TCP as the binary serves it ([`serve`]): a connection that
//! does not send a request's whole head in time is closed.

use std::time::{Duration, Instant};

use bitcoin_central_sandbox::{Config, app, serve};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const TIMEOUT: Duration = Duration::from_secs(2);

async fn server() -> std::net::SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let config = Config {
        tick_ms: 0,
        ..Config::default()
    };
    tokio::spawn(serve(
        listener,
        app(config),
        TIMEOUT,
        std::future::pending(),
    ));
    addr
}

/// Reads until the server closes the connection; how long that took, and what came.
async fn until_closed(stream: &mut TcpStream, limit: Duration) -> (Duration, Vec<u8>) {
    let started = Instant::now();
    let mut got = Vec::new();
    let mut buffer = [0u8; 4096];
    loop {
        match tokio::time::timeout(
            limit.saturating_sub(started.elapsed()),
            stream.read(&mut buffer),
        )
        .await
        {
            Err(_) => panic!("still open after {limit:?}"),
            Ok(Ok(0) | Err(_)) => return (started.elapsed(), got),
            Ok(Ok(n)) => got.extend_from_slice(&buffer[..n]),
        }
    }
}

#[tokio::test]
async fn half_a_request_line_is_cut_off_after_the_header_timeout() {
    let addr = server().await;
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(b"GET /api/v1/da").await.unwrap();
    let (after, _) = until_closed(&mut stream, TIMEOUT + Duration::from_secs(1)).await;
    eprintln!("half a request line: closed after {after:?} (timeout {TIMEOUT:?})");
    assert!(after >= TIMEOUT - Duration::from_millis(100), "{after:?}");
}

#[tokio::test]
async fn headers_trickled_past_the_timeout_are_cut_off_too() {
    let addr = server().await;
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let started = Instant::now();
    stream
        .write_all(b"GET /api/v1/data/eur/ticker HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    // A header line every half second: each arrives, the head never ends.
    let trickle = async {
        for i in 0.. {
            tokio::time::sleep(Duration::from_millis(500)).await;
            if stream
                .write_all(format!("X-{i}: y\r\n").as_bytes())
                .await
                .is_err()
            {
                return;
            }
        }
    };
    let _ = tokio::time::timeout(TIMEOUT + Duration::from_secs(1), trickle).await;
    let (_, got) = until_closed(&mut stream, Duration::from_secs(1)).await;
    assert!(
        started.elapsed() <= TIMEOUT + Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert!(
        !got.starts_with(b"HTTP/1.1 200"),
        "no answer to a head never finished"
    );
}

#[tokio::test]
async fn a_whole_request_is_answered() {
    let addr = server().await;
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream
        .write_all(b"GET /api/v1/data/eur/ticker HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let (_, got) = until_closed(&mut stream, Duration::from_secs(5)).await;
    let text = String::from_utf8_lossy(&got);
    assert!(text.starts_with("HTTP/1.1 200"), "{text}");
    // The rate limit counted it against the peer's address.
    assert!(text.contains("x-ratelimit-remaining: 86399"), "{text}");
}
