//! The JS API: the only module with `#[wasm_bindgen]` exports. Each JS class is one
//! file; models cross as plain objects (JSON text through `JSON.parse`), and their TypeScript
//! interfaces are declared once, in `types.d.ts`.
//!
//! Public so that Rust code which wants the JS values (and the browser tests, which
//! check exactly what JS receives) can use the same classes.

mod checks;
mod client;
mod error;
mod oauth;
mod parse;

use serde::Serialize;
use wasm_bindgen::prelude::*;

pub use checks::{check_order, check_withdrawal};
pub use client::JsClient;
pub use error::BitcoinCentralError;
pub use oauth::{JsOAuth, parse_callback};

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = include_str!("types.d.ts");

/// A model as a plain JS object: camelCase keys, decimals as strings, `null` kept.
///
/// Written as JSON text in Rust and handed to the engine's `JSON.parse`: one boundary
/// crossing for the whole value (a depth of 10,000 levels is 30,000 crossings when
/// built field by field), and the engine's fastest object builder.
fn to_plain<T: Serialize>(value: &T) -> Result<JsValue, BitcoinCentralError> {
    let unrepresentable = |reason: String| {
        error::from_core(&crate::Error::Decode {
            status: 200,
            path: String::new(),
            reason,
        })
    };
    let text = serde_json::to_string(value).map_err(|e| unrepresentable(e.to_string()))?;
    js_sys::JSON::parse(&text).map_err(|e| unrepresentable(format!("{e:?}")))
}

/// An options bag from JS, read as JSON text rather than straight into the struct:
/// serde-wasm-bindgen reads only a struct's own fields from an object, so
/// `deny_unknown_fields` would never see a typo such as `baseURL`. (`undefined`
/// members drop out, as if absent.)
fn options_from_js<T: serde::de::DeserializeOwned>(
    value: JsValue,
) -> Result<T, BitcoinCentralError> {
    js_sys::JSON::stringify(&value)
        .ok()
        .and_then(|text| text.as_string())
        .ok_or_else(|| "not representable as JSON".to_owned())
        .and_then(|text| serde_json::from_str::<T>(&text).map_err(|e| e.to_string()))
        .map_err(|reason| {
            error::from_core(&crate::Error::InvalidArgument {
                name: "options",
                reason,
            })
        })
}
