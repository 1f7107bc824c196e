//! The JS API: the only module with `#[wasm_bindgen]` exports. Each JS class is one
//! file; models cross as plain objects (serde-wasm-bindgen), and their TypeScript
//! interfaces are declared once, in `types.d.ts`.
//!
//! Public so that Rust code which wants the JS values (and the browser tests, which
//! check exactly what JS receives) can use the same classes.

mod client;
mod error;

use serde::Serialize;
use wasm_bindgen::prelude::*;

pub use client::JsClient;
pub use error::BitcoinCentralError;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = include_str!("types.d.ts");

/// A model as a plain JS object: camelCase keys, decimals as strings, `null` kept.
fn to_plain<T: Serialize>(value: &T) -> Result<JsValue, BitcoinCentralError> {
    let serializer = serde_wasm_bindgen::Serializer::new().serialize_missing_as_null(true);
    value.serialize(&serializer).map_err(|e| {
        error::from_core(&crate::Error::Decode {
            status: 200,
            path: String::new(),
            reason: e.to_string(),
        })
    })
}
