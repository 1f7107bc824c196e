//! The exchange's real-time stream (`../shared/spec/bitcoin-central-stream.md`):
//! socket.io over Engine.IO v3 on a WebSocket at `/ws/socket.io`.
//!
//! Pure Rust, tested on the host: [`packet`] reads and writes the frames;
//! [`connection::Stream`] is one namespace's connection (handshake, pings, back-off,
//! snapshot epochs) over a [`connection::Feed`]: [`market`] keeps a market's book,
//! ticker and trades (`/public`), [`account`] a user's balances and orders (`/user`).
//! The browser skin (`src/web/stream.rs`) gives them a socket, timers and the REST
//! calls.

pub mod account;
pub mod connection;
pub mod market;
pub mod packet;

pub use account::{AccountNotice, AccountSnapshot, AccountStream, Channel};
pub use connection::{Effect, Feed, Input, Status, Stream, Timer};
pub use market::{MarketNotice, MarketStream, Snapshot};

/// The stream's path on the exchange.
pub const PATH: &str = "/ws/socket.io/?EIO=3&transport=websocket";

/// The stream's WebSocket URL for an exchange at `base_url` (`http(s)://host[:port]`):
/// `ws://` for `http://`, `wss://` for `https://`; `None` for any other scheme.
pub fn url(base_url: &str) -> Option<String> {
    let base = base_url.trim_end_matches('/');
    if let Some(rest) = base.strip_prefix("https://") {
        Some(format!("wss://{rest}{PATH}"))
    } else {
        base.strip_prefix("http://")
            .map(|rest| format!("ws://{rest}{PATH}"))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_url_follows_the_base_urls_scheme() {
        assert_eq!(
            super::url("https://bitcoin-central.net").as_deref(),
            Some("wss://bitcoin-central.net/ws/socket.io/?EIO=3&transport=websocket")
        );
        assert_eq!(
            super::url("http://127.0.0.1:8080/").as_deref(),
            Some("ws://127.0.0.1:8080/ws/socket.io/?EIO=3&transport=websocket")
        );
        assert_eq!(super::url("ftp://x"), None);
    }
}
