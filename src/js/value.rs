//! The one way JS values come in and the one way they go out.
//!
//! **In.** Every export takes its arguments as `JsValue` and reads them here, before
//! anything reaches the core: [`read`] checks an options bag or parameters object
//! against its schema's kind ([`crate::args::read`], the checks themselves, pure and
//! tested on the host), and [`text`], [`index`], [`count`], [`body`], ... read the
//! plain arguments. Whatever JS passed — a wrong type, `null`, `NaN`, a BigInt, a
//! Symbol, a getter that throws — is a `BitcoinCentralError` of kind
//! `"invalid-argument"` naming the argument (`options.timeoutMs`), never a trap or a
//! glue `TypeError`.
//!
//! **Out.** A value goes out as JSON text written in Rust ([`JsonObject`], or a
//! model's [`crate::schema::to_js_text`]) and made into JS objects by one
//! `JSON.parse` ([`plain`]); an answer's body goes out as its tape, made into objects
//! by the generated builders of `models.js` ([`build`]). Errors are made the same way:
//! their fields are one such object (`error.rs`).

use js_sys::{Array, ArrayBuffer, Uint8Array};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use super::error::{BitcoinCentralError, from_core, refused};
use crate::args::{self, Found, Refused, Want};
use crate::config::Locale;
use crate::error::{Error, Text};
use crate::json;
use crate::schema::{Kind, Model, Node, ToNode};
use crate::tape::{Tape, root_name};

#[wasm_bindgen]
extern "C" {
    // `Object.keys`, catching what a proxy's trap throws (js-sys's does not).
    #[wasm_bindgen(js_namespace = Object, js_name = keys, catch)]
    fn object_keys(value: &JsValue) -> Result<Array, JsValue>;
}

// The builders generated from the model table: they make a tape's JS objects.
#[wasm_bindgen(module = "/src/js/models.js")]
extern "C" {
    #[wasm_bindgen(js_name = build, catch)]
    fn build_tape(
        root: &str,
        tape: &[f64],
        body: &JsValue,
        extra: &str,
    ) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(js_name = buildBytes, catch)]
    fn build_tape_bytes(
        root: &str,
        tape: &[f64],
        body: &[u8],
        extra: &str,
    ) -> Result<JsValue, JsValue>;
}

/// A JS value as [`crate::args`] reads it.
struct Js(JsValue);

/// What a thrown JS value says, for an "could not be read" message.
fn thrown(value: JsValue) -> String {
    value
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| "it threw".into())
}

impl args::Value for Js {
    fn found(&self) -> Found {
        found(&self.0)
    }

    fn text(&self) -> Option<String> {
        self.0.as_string()
    }

    fn number(&self) -> Option<(f64, String)> {
        let number = self.0.as_f64().filter(|n| n.is_finite())?;
        // JS's own shortest text (`0.1`, `1e-7`), as JSON.stringify writes it.
        let text = self
            .0
            .unchecked_ref::<js_sys::Number>()
            .to_string_with_radix(10)
            .ok()
            .map(String::from)?;
        Some((number, text))
    }

    fn boolean(&self) -> Option<bool> {
        self.0.as_bool()
    }

    fn keys(&self) -> Result<Vec<String>, String> {
        let keys = object_keys(&self.0).map_err(thrown)?;
        Ok(keys.iter().filter_map(|key| key.as_string()).collect())
    }

    fn get(&self, key: &str) -> Result<Js, String> {
        js_sys::Reflect::get(&self.0, &JsValue::from_str(key))
            .map(Js)
            .map_err(thrown)
    }

    fn items(&self) -> Result<Vec<Js>, String> {
        let length = js_sys::Reflect::get(&self.0, &JsValue::from_str("length"))
            .map_err(thrown)?
            .as_f64()
            .unwrap_or(0.0) as u32;
        (0..length)
            .map(|i| js_sys::Reflect::get_u32(&self.0, i).map(Js).map_err(thrown))
            .collect()
    }
}

/// What a JS value is.
pub fn found(value: &JsValue) -> Found {
    if value.is_undefined() {
        Found::Undefined
    } else if value.is_null() {
        Found::Null
    } else if value.as_bool().is_some() {
        Found::Bool
    } else if let Some(number) = value.as_f64() {
        if number.is_finite() {
            Found::Number
        } else {
            Found::NotFinite
        }
    } else if value.is_bigint() {
        Found::BigInt
    } else if value.is_string() {
        Found::Text
    } else if value.is_symbol() {
        Found::Symbol
    } else if value.is_function() {
        Found::Function
    } else if Array::is_array(value) {
        Found::List
    } else if value.is_instance_of::<Uint8Array>() || value.is_instance_of::<ArrayBuffer>() {
        Found::Bytes
    } else {
        Found::Object
    }
}

type In<T> = Result<T, BitcoinCentralError>;

/// An object argument read against `kind`, as the JSON walk reads its JSON.
pub fn read(value: &JsValue, kind: &Kind, argument: &str, locale: Locale) -> In<Node> {
    read_or_refuse(value, kind, argument, locale).map_err(refused)
}

/// [`read`], with what is wrong left as a [`Refused`] for the caller to report.
pub fn read_or_refuse(
    value: &JsValue,
    kind: &Kind,
    argument: &str,
    locale: Locale,
) -> Result<Node, Refused> {
    args::read(&Js(value.clone()), kind, argument, locale)
}

/// A required string.
pub fn text(value: &JsValue, argument: &str, locale: Locale) -> In<String> {
    args::text(&Js(value.clone()), argument, locale).map_err(refused)
}

/// An optional string (`undefined` and `null` are `None`).
pub fn optional_text(value: &JsValue, argument: &str, locale: Locale) -> In<Option<String>> {
    args::optional_text(&Js(value.clone()), argument, locale).map_err(refused)
}

/// A whole number from `min` to `max`.
pub fn whole(value: &JsValue, argument: &str, min: u32, max: u32, locale: Locale) -> In<u32> {
    args::whole(&Js(value.clone()), argument, min, max, locale).map_err(refused)
}

/// An index: a whole number, 0 or more.
pub fn index(value: &JsValue, argument: &str) -> In<u32> {
    args::index(&Js(value.clone()), argument, crate::web::preferred_locale()).map_err(refused)
}

/// An optional count (`undefined` and `null`: all).
pub fn count(value: &JsValue, argument: &str) -> In<Option<u32>> {
    args::count(&Js(value.clone()), argument, crate::web::preferred_locale()).map_err(refused)
}

/// `argument` is not what it must be.
pub fn wrong(argument: &str, want: Want, value: &JsValue, locale: Locale) -> BitcoinCentralError {
    refused(Refused::wrong(argument, want, found(value), locale))
}

/// An optional function (`undefined` and `null` are `None`).
pub fn optional_function(
    value: &JsValue,
    argument: &str,
    locale: Locale,
) -> In<Option<js_sys::Function>> {
    if found(value).is_nothing() {
        return Ok(None);
    }
    value
        .dyn_ref::<js_sys::Function>()
        .cloned()
        .map(Some)
        .ok_or_else(|| wrong(argument, Want::Function, value, locale))
}

/// A response body given to a `parse*` function: a string, a `Uint8Array` or an
/// `ArrayBuffer` of UTF-8, copied into wasm memory once.
pub fn body(value: &JsValue, argument: &str) -> In<Vec<u8>> {
    if let Some(text) = value.as_string() {
        return Ok(text.into_bytes());
    }
    if let Some(bytes) = value.dyn_ref::<Uint8Array>() {
        return Ok(bytes.to_vec());
    }
    if let Some(buffer) = value.dyn_ref::<ArrayBuffer>() {
        return Ok(Uint8Array::new(buffer).to_vec());
    }
    Err(wrong(
        argument,
        Want::Body,
        value,
        crate::web::preferred_locale(),
    ))
}

/// The JS value of a tape over `body`, read as `kind`: the body is decoded to a JS
/// string once, in JS (as `response.json()` would; the walk already checked its UTF-8),
/// and each object is made by its builder, its texts slices of that string.
pub fn build(tape: &Tape, body: &[u8], kind: &Kind) -> In<JsValue> {
    build_tape_bytes(&root_name(kind), &tape.slots, body, &tape.extra).map_err(builder_failed)
}

/// [`build`] over a body JS already has as a string (a `parse*` given text): no second
/// decoding.
pub fn build_over(tape: &Tape, body: &JsValue, kind: &Kind) -> In<JsValue> {
    build_tape(&root_name(kind), &tape.slots, body, &tape.extra).map_err(builder_failed)
}

fn builder_failed(_: JsValue) -> BitcoinCentralError {
    from_core(&Error::Decode {
        status: None,
        path: String::new(),
        reason: Text::LibraryBug,
    })
}

/// JSON text made in Rust, as a JS value: one `JSON.parse`.
pub fn plain(text: &str) -> In<JsValue> {
    js_sys::JSON::parse(text).map_err(|_| {
        from_core(&Error::Decode {
            status: None,
            path: String::new(),
            reason: Text::LibraryBug,
        })
    })
}

/// A Rust value as a plain JS object: camelCase keys, decimals as strings, `null` kept.
pub fn to_plain<T: ToNode + Model>(value: &T) -> In<JsValue> {
    plain(&crate::schema::to_js_text(value))
}

/// A small JSON object written field by field, for values that are not models
/// (a check's problem, a parsed callback, a session, an error's fields, headers).
pub struct JsonObject(Vec<u8>);

impl Default for JsonObject {
    fn default() -> Self {
        JsonObject(vec![b'{'])
    }
}

impl JsonObject {
    pub fn new() -> Self {
        Self::default()
    }

    fn name(&mut self, name: &str) -> &mut Vec<u8> {
        if self.0.len() > 1 {
            self.0.push(b',');
        }
        json::write_str(&mut self.0, name);
        self.0.push(b':');
        &mut self.0
    }

    pub fn text(mut self, name: &str, value: &str) -> Self {
        json::write_str(self.name(name), value);
        self
    }

    pub fn opt_text(mut self, name: &str, value: Option<&str>) -> Self {
        match value {
            Some(value) => json::write_str(self.name(name), value),
            None => self.name(name).extend_from_slice(b"null"),
        }
        self
    }

    pub fn opt_int(mut self, name: &str, value: Option<i64>) -> Self {
        match value {
            Some(value) => json::write_int(self.name(name), value),
            None => self.name(name).extend_from_slice(b"null"),
        }
        self
    }

    pub fn bool(mut self, name: &str, value: bool) -> Self {
        let text: &[u8] = if value { b"true" } else { b"false" };
        self.name(name).extend_from_slice(text);
        self
    }

    pub fn opt_texts(mut self, name: &str, values: Option<&[String]>) -> Self {
        let out = self.name(name);
        match values {
            Some(values) => {
                out.push(b'[');
                for (i, value) in values.iter().enumerate() {
                    if i > 0 {
                        out.push(b',');
                    }
                    json::write_str(out, value);
                }
                out.push(b']');
            }
            None => out.extend_from_slice(b"null"),
        }
        self
    }

    /// The JSON text (for the error class, which must not fail to be made).
    pub fn into_text(mut self) -> String {
        self.0.push(b'}');
        // Written from `&str`s and ASCII: UTF-8.
        String::from_utf8(self.0).unwrap_or_default()
    }

    pub fn into_js(self) -> In<JsValue> {
        plain(&self.into_text())
    }
}
