//! Core [`Error`] → JS `BitcoinCentralError`, a real `Error` subclass defined in
//! `error.js` and re-exported from the package.

use wasm_bindgen::prelude::*;

use crate::error::Error;

#[wasm_bindgen(module = "/src/js/error.js")]
extern "C" {
    /// Thrown (or rejected with) by every failing call of the library.
    #[wasm_bindgen(extends = js_sys::Error, reexport)]
    #[derive(Debug, Clone)]
    pub type BitcoinCentralError;

    #[wasm_bindgen(constructor)]
    #[allow(clippy::too_many_arguments)]
    fn new(
        message: &str,
        kind: &str,
        status: Option<u16>,
        messages: Vec<String>,
        path: Option<String>,
        retry_after: Option<f64>,
        argument: Option<String>,
        url: Option<String>,
        code: Option<String>,
    ) -> BitcoinCentralError;
}

pub fn from_core(error: &Error) -> BitcoinCentralError {
    let (path, retry_after, argument, url) = match error {
        Error::Decode { path, .. } if !path.is_empty() => (Some(path.clone()), None, None, None),
        // Seconds, far below 2^53: exact as a JS number.
        Error::RateLimited {
            retry_after_secs, ..
        } => (None, retry_after_secs.map(|s| s as f64), None, None),
        Error::InvalidArgument { name, .. } => (None, None, Some((*name).to_owned()), None),
        Error::Network { url, .. }
        | Error::Timeout { url, .. }
        | Error::UnknownOutcome { url, .. } => (None, None, None, Some(url.clone())),
        _ => (None, None, None, None),
    };
    BitcoinCentralError::new(
        &error.to_string(),
        error.kind().as_str(),
        error.status(),
        error.messages().to_vec(),
        path,
        retry_after,
        argument,
        url,
        error.code().map(str::to_owned),
    )
}
