//! The JS API: the only module with `#[wasm_bindgen]` exports. Each JS class is one
//! file; `value.rs` is the one way values come in (every argument read and checked
//! there, as `JsValue`, before anything reaches the core) and the one way they go
//! out (JSON text made in Rust and one `JSON.parse`, or an answer's tape made into
//! objects by the generated builders of `models.js`). The models' TypeScript
//! interfaces and builders are generated from the model table (`models.d.ts`,
//! `models.js`); the rest of the types are declared in `types.d.ts`.
//!
//! Public so that Rust code which wants the JS values (and the browser tests, which
//! check exactly what JS receives) can use the same classes.

mod book;
mod checks;
mod client;
mod error;
mod oauth;
mod parse;
mod policy;
mod stream;
mod value;

use wasm_bindgen::prelude::*;

pub use book::{JsDepthBook, parse_depth_book};
pub use checks::{check_order, check_withdrawal};
pub use client::JsClient;
pub use error::BitcoinCentralError;
pub use oauth::{JsOAuth, parse_callback};
pub use policy::backoff;
pub use stream::{JsAccountStream, JsMarketStream};

#[wasm_bindgen(typescript_custom_section)]
const MODELS: &'static str = include_str!("models.d.ts");

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = include_str!("types.d.ts");
