//! A local exchange that speaks the Bitcoin-Central API (`../../tests/spec/`), for
//! offline development and the library's end-to-end tests.
//!
//! Four layers, each importing only the ones below it (`tests/layers.rs` checks it):
//!
//! - [`domain`]: what the sandbox simulates and keeps, as plain logic (no axum) — a
//!   seeded, deterministic EUR [`domain::market`] on an order [`domain::book`], the
//!   users' [`domain::accounts`] and [`domain::orders`], the [`domain::exchange`] that
//!   places, settles and cancels them, the OAuth2 grants of [`domain::authz`], the
//!   rate limiter's windows, the queued faults, the en/fr messages, the clock, and the
//!   [`Sandbox`] state that holds them.
//! - [`http`]: answers shared by everything above — JSON, the spec's
//!   `{"errors": [...]}` bodies in the caller's language, 404/405/429, decimals
//!   written as configured, the currency path segment.
//! - [`handlers`]: the endpoints — public market data, OAuth2 (consent page, tokens)
//!   and the bearer check, the user endpoints, the fault admin endpoints, and the
//!   real-time stream (socket.io 2.x over Engine.IO v3, at `/ws/socket.io/`).
//! - [`router`]: every path to its handler, and the app around it: the per-IP rate
//!   limit (`X-Ratelimit-*`, 429), the faults a test asks for
//!   (`/_sandbox/fault/{fault}/api/...`, or queued at `/_sandbox/faults`), CORS, the
//!   security headers, the request log, and the sample page and the npm package when
//!   asked ([`app`]).

pub mod domain;
pub mod handlers;
pub mod http;
pub mod router;

// The paths the binary and the tests use.
pub use crate::domain::sandbox::{Config, DecimalStyle, RemovedLevel, Sandbox};
pub use crate::domain::{accounts, authz, clock};
pub use crate::http::respond::{RETRY_AFTER, X_RATELIMIT_LIMIT, X_RATELIMIT_REMAINING};
pub use crate::router::limits::client_ip;
pub use crate::router::serve::{HEADER_TIMEOUT, serve};
pub use crate::router::{app, app_and_sandbox};
