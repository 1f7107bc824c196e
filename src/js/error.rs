//! Core [`Error`] → JS `BitcoinCentralError`, a real `Error` subclass defined in
//! `error.js` and re-exported from the package. Its fields go out as one JSON object
//! written here ([`JsonObject`]), as every other value does.

use wasm_bindgen::prelude::*;

use super::value::JsonObject;
use crate::args::Refused;
use crate::config::Locale;
use crate::error::{Error, Text, invalid_message};
use crate::schema::Field;

#[wasm_bindgen(module = "/src/js/error.js")]
extern "C" {
    /// Thrown (or rejected with) by every failing call of the library.
    #[wasm_bindgen(extends = js_sys::Error, reexport)]
    #[derive(Debug, Clone)]
    pub type BitcoinCentralError;

    #[wasm_bindgen(constructor)]
    fn new(message: &str, fields: &str) -> BitcoinCentralError;
}

/// The JS error of a core error, in the browser's language.
pub fn from_core(error: &Error) -> BitcoinCentralError {
    make(error, None, crate::web::preferred_locale())
}

/// The JS error of a core error, in `locale` (a client's).
pub fn from_core_in(error: &Error, locale: Locale) -> BitcoinCentralError {
    make(error, None, locale)
}

/// The JS error of a core error about a member of the object JS passed as
/// `argument`: an `invalid-argument` error on one of `fields` is named within it
/// (`options.timeoutMs`), one on the object itself by the argument's name.
pub fn within(
    argument: &str,
    fields: &[Field],
    error: &Error,
    locale: Locale,
) -> BitcoinCentralError {
    let Error::InvalidArgument { name, .. } = error else {
        return make(error, None, locale);
    };
    let member = name.split(['.', '[']).next().unwrap_or(name);
    if fields.iter().any(|f| f.js == member) {
        make(error, Some(&format!("{argument}.{name}")), locale)
    } else if matches!(*name, "options" | "params") {
        make(error, Some(argument), locale)
    } else {
        make(error, None, locale)
    }
}

/// The JS error of an argument [`crate::args`] refused (its reason already in the
/// caller's language).
pub fn refused(refused: Refused) -> BitcoinCentralError {
    let error = Error::InvalidArgument {
        name: "",
        reason: Text::Given(refused.reason),
    };
    make(&error, Some(&refused.argument), refused.locale)
}

/// `argument`, when given, replaces an `invalid-argument` error's own name.
fn make(error: &Error, argument: Option<&str>, locale: Locale) -> BitcoinCentralError {
    let message = match (error, argument) {
        (Error::InvalidArgument { reason, .. }, Some(argument)) => {
            invalid_message(argument, reason, locale)
        }
        _ => error.message(locale),
    };
    let (path, retry_after, url) = match error {
        Error::Decode { path, .. } if !path.is_empty() => (Some(path.as_str()), None, None),
        Error::RateLimited {
            retry_after_secs, ..
        } => (
            None,
            retry_after_secs.and_then(|s| i64::try_from(s).ok()),
            None,
        ),
        Error::Network { url, .. }
        | Error::Timeout { url, .. }
        | Error::UnknownOutcome { url, .. } => (None, None, Some(url.as_str())),
        _ => (None, None, None),
    };
    let argument = match error {
        Error::InvalidArgument { name, .. } => Some(argument.unwrap_or(name)),
        _ => None,
    };
    let fields = JsonObject::new()
        .text("kind", error.kind().as_str())
        .opt_int("status", error.status().map(i64::from))
        .opt_texts("messages", Some(error.messages()))
        .opt_text("path", path)
        .opt_int("retryAfter", retry_after)
        .opt_text("argument", argument)
        .opt_text("url", url)
        .opt_text("code", error.code())
        .into_text();
    BitcoinCentralError::new(&message, &fields)
}
