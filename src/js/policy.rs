//! The library's own policy, for the page: the wait before trying again (the retry
//! policy's arithmetic), and the language it speaks, so that a page's own code (the
//! widget, a JS class as custom elements must be) decides as the library does.

use wasm_bindgen::prelude::*;

use super::error::BitcoinCentralError;
use super::value::whole;
use crate::config::Locale;
use crate::retry::backoff_ms;

/// The wait before attempt `attempt + 1` after `attempt` failures in a row, in
/// milliseconds: `baseMs` doubled `attempt` times, at most `maxMs`, half of it fixed
/// and half random ("equal jitter", so that pages knocked off together do not come
/// back together). The library's retries and streams wait so.
#[wasm_bindgen(js_name = backoffMs)]
pub fn backoff(
    #[wasm_bindgen(unchecked_param_type = "number")] attempt: JsValue,
    #[wasm_bindgen(js_name = baseMs, unchecked_param_type = "number")] base_ms: JsValue,
    #[wasm_bindgen(js_name = maxMs, unchecked_param_type = "number")] max_ms: JsValue,
) -> Result<u32, BitcoinCentralError> {
    let locale = crate::web::preferred_locale();
    let attempt = whole(&attempt, "attempt", 0, 64, locale)?;
    let base = whole(&base_ms, "baseMs", 1, u32::MAX, locale)?;
    let max = whole(&max_ms, "maxMs", 1, u32::MAX, locale)?;
    Ok(backoff_ms(attempt, base, max, js_sys::Math::random()))
}

/// The language the library speaks for `tag` (`"fr-CA"`, `"en"`): its language when
/// the exchange has it, else the browser's first that it has (`navigator.languages`),
/// else English. A client made with `{ locale: tag }` speaks it.
#[wasm_bindgen(js_name = negotiateLocale, unchecked_return_type = "Locale")]
pub fn negotiate_locale(
    #[wasm_bindgen(unchecked_optional_param_type = "string | null")] tag: JsValue,
) -> Result<String, BitcoinCentralError> {
    let locale: Locale = super::checks::locale(&tag)?;
    Ok(locale.tag().to_owned())
}
