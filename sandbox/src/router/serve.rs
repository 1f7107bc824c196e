//! Serving the app over TCP, as `axum::serve` does, plus what it cannot be told: a
//! connection that has not sent a request's whole head within the header read
//! timeout (`--header-timeout-ms`, 5 s by default) is closed, so a client that opens
//! connections and trickles half a request line (slowloris) cannot hold them open.
//! An idle keep-alive connection is closed after the same time, as Node's servers do.
//!
//! Every request carries its peer's address (`ConnectInfo<SocketAddr>`), for the
//! rate limit ([`crate::router::limits`]); WebSocket upgrades work as with
//! `axum::serve`.

use std::future::Future;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tower::ServiceExt;

/// How long a client may take to send a request's head, by default.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(5);

/// Serves `app` on `listener` until `shutdown` completes (connections still open
/// are then dropped).
pub async fn serve(
    listener: TcpListener,
    app: Router,
    header_timeout: Duration,
    shutdown: impl Future<Output = ()>,
) {
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                // Out of file descriptors, or a connection reset before it was taken:
                // the listener itself is fine.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    continue;
                }
            },
            () = &mut shutdown => return,
        };
        let app = app.clone();
        let service = hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
            request.extensions_mut().insert(ConnectInfo(peer));
            app.clone().oneshot(request.map(Body::new))
        });
        tokio::spawn(async move {
            let _ = stream.set_nodelay(true);
            let connection = http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(header_timeout)
                .serve_connection(TokioIo::new(stream), service)
                .with_upgrades();
            // A client gone mid-request, or too slow with its head: nothing to do.
            let _ = connection.await;
        });
    }
}
