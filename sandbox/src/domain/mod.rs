//! The domain: what the sandbox simulates and keeps, as plain logic over plain data —
//! the order [`book`], the seeded [`market`] on it, the users' [`accounts`] and
//! [`orders`], the [`exchange`] that places and settles them, the OAuth grants of
//! [`authz`] and the consent form's one-time tokens ([`consent`]), the rate limiter's windows ([`limits`]), the queued [`faults`], the
//! messages of [`i18n`], the [`clock`], and the [`sandbox`] state that holds them all.
//!
//! May import: std, crates that are not about serving HTTP, and other domain modules.
//! Never `axum`, `tower`, nor [`crate::http`], [`crate::handlers`] or
//! [`crate::router`] (`tests/layers.rs` checks it).

pub mod accounts;
pub mod authz;
pub mod book;
pub mod clock;
pub mod consent;
pub mod exchange;
pub mod faults;
pub mod i18n;
pub mod limits;
pub mod market;
pub mod orders;
pub mod sandbox;
pub mod stream;
