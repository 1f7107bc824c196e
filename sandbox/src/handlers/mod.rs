//! The handlers: one function per endpoint, reading and checking a request, asking the
//! [`crate::domain`] to carry it out, and writing the answer in the spec's shape —
//! public market data ([`market`]), the OAuth2 endpoints ([`oauth`]) and the bearer
//! check of user endpoints ([`bearer`]), the user endpoints ([`user`]), and the
//! sandbox's fault admin endpoints ([`faults`]).
//!
//! May import: `axum`, [`crate::http`] and [`crate::domain`]. Never
//! [`crate::router`] (`tests/layers.rs` checks it).

pub mod bearer;
pub mod faults;
pub mod market;
pub mod oauth;
pub mod user;
