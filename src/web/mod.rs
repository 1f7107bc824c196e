//! The browser edge: sending requests with `fetch`, and reading the browser's language.
//! Works in a window, a worker, and Node 18+ (all have a global `fetch`).

mod fetch;
pub mod oauth;
pub mod stream;
pub mod widget;

use js_sys::{Array, Reflect};
use wasm_bindgen::{JsCast, JsValue};

pub use fetch::FetchTransport;

use crate::config::{Config, Locale};

impl crate::client::Client<FetchTransport> {
    /// A client that sends its requests with the browser's `fetch`.
    ///
    /// ```ignore
    /// let config = Config::default().with_base_url("http://127.0.0.1:8080")?;
    /// let ticker = bitcoin_central::Client::new(config).ticker().await?;
    /// ```
    pub fn new(config: Config) -> Self {
        Self::with_transport(config, FetchTransport)
    }
}

/// The first supported language of `navigator.languages` (or `navigator.language`),
/// else English. Where there is no `navigator`, English.
pub fn preferred_locale() -> Locale {
    let navigator =
        Reflect::get(&js_sys::global(), &JsValue::from_str("navigator")).unwrap_or_default();
    if navigator.is_undefined() || navigator.is_null() {
        return Locale::default();
    }
    let field = |name: &str| Reflect::get(&navigator, &JsValue::from_str(name)).unwrap_or_default();
    let mut tags: Vec<String> = field("languages")
        .dyn_into::<Array>()
        .map(|list| list.iter().filter_map(|tag| tag.as_string()).collect())
        .unwrap_or_default();
    tags.extend(field("language").as_string());
    Locale::negotiate(tags.iter().map(String::as_str))
}
