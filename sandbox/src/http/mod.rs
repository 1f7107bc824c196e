//! HTTP helpers shared by the handlers and the middleware: JSON answers and the
//! spec's `{"errors": [...]}` bodies ([`respond`]), the language an answer is in
//! ([`lang`]), decimals written as the sandbox was told to ([`render`]), the
//! currency segment of the market paths ([`currency`]), and the stream's Engine.IO
//! and socket.io packets ([`socketio`]).
//!
//! May import: `axum` and the [`crate::domain`]. Never [`crate::handlers`] or
//! [`crate::router`] (`tests/layers.rs` checks it).

pub mod currency;
pub mod lang;
pub mod render;
pub mod respond;
pub mod socketio;
