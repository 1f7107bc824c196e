//! A client for the Bitcoin-Central exchange API, for the browser (as an npm package)
//! and for Rust web apps (as a crate).
//!
//! The crate is a pure Rust core (configuration, endpoints, models, decoding, errors)
//! with a thin browser edge: [`web`] sends requests with `fetch`, and `js` exports the
//! JS API. See `ARCHITECTURE.md` for the map.
//!
//! Money is [`rust_decimal::Decimal`], exact to the digit the server sent.

pub mod args;
mod client;
mod config;
mod decode;
pub mod endpoint;
mod error;
pub mod http;
pub mod limiter;
pub mod messages;
pub mod model;
pub mod oauth;
pub mod orders;
pub mod retry;
mod send;
pub mod stream;

// The wire format (JSON, the schema walk, the tape, the book) is its own crate, built
// for speed inside a wasm built for size: see wire/README.md.
pub(crate) use bitcoin_central_wire::decimal;
pub use bitcoin_central_wire::{book, json, schema, tape};

#[cfg(all(target_arch = "wasm32", feature = "js"))]
pub mod js;

/// The npm package's allocator (feature `talc`): measured smaller and faster than
/// dlmalloc in this wasm.
#[cfg(all(
    target_arch = "wasm32",
    feature = "talc",
    not(target_feature = "atomics")
))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
#[cfg(target_arch = "wasm32")]
pub mod web;

pub use client::{Answer, Parts};
pub use config::{
    ClientOptions, Config, DEFAULT_BASE_URL, DEFAULT_CURRENCY, DEFAULT_TIMEOUT_MS, Locale,
    MAX_TIMEOUT_MS,
};
pub use error::{Error, ErrorKind};
pub use messages::Text;
pub use model::{
    AccountOperation, AccountUpdate, ChartsDepth, ChartsLevel, ChartsTrade, Currency, Depth,
    DepthLevel, Direction, MarketUpdate, Order, OrderState, OrderType, RateLimit, StreamLevel,
    Ticker, Trade, User,
};
pub use oauth::Authenticator;
pub use orders::{OrdersQuery, PlaceOrder, Withdraw};
pub use rust_decimal::Decimal;
pub use send::Sender;

/// The client over any [`http::Transport`]; in the browser, use [`Client`].
pub use client::Client as GenericClient;

/// A client that sends its requests with the browser's `fetch`.
#[cfg(target_arch = "wasm32")]
pub type Client = client::Client<web::FetchTransport>;
