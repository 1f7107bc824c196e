//! The wire format of the `bitcoin-central` client: bytes in, checked values out.
//!
//! - [`json`]: a strict RFC 8259 tokenizer and small writers.
//! - [`schema`]: what a value must be ([`schema::Kind`], [`schema::Schema`]) and
//!   [`schema::walk`], the one pass that checks bytes against it and reports each
//!   value to a [`schema::Sink`].
//! - [`tape`]: the sink whose output JS makes its objects from.
//! - [`decimal`]: exact decimal text to [`rust_decimal::Decimal`].
//! - [`book`]: [`book::DepthBook`], an order book kept in memory.
//!
//! A crate of its own so that it alone can be built for speed inside a wasm built for
//! size (see README.md).

pub mod book;
pub mod decimal;
pub mod json;
pub mod schema;
pub mod tape;
