//! The JS API: the only module with `#[wasm_bindgen]` exports. Each JS class is one
//! file. JS values come in as JSON text (`JSON.stringify`, read by the schema walk).
//! Answers go out as a tape over the body (`tape.rs`) that the generated builders of
//! `models.js` turn into objects — the body decoded once, each decimal a slice of the
//! server's text; other values go out as JSON text made in Rust and handed to one
//! `JSON.parse`. Either way, one boundary crossing per value. The models' TypeScript
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

use js_sys::{ArrayBuffer, Uint8Array};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

pub use book::{JsDepthBook, parse_depth_book};
pub use checks::{check_order, check_withdrawal};
pub use client::JsClient;
pub use error::BitcoinCentralError;
pub use oauth::{JsOAuth, parse_callback};

use crate::error::Error;
use crate::json;
use crate::schema::{Kind, Model, ToNode};
use crate::tape::{Tape, root_name};

#[wasm_bindgen(typescript_custom_section)]
const MODELS: &'static str = include_str!("models.d.ts");

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

/// The JS value of a tape over `body`, read as `kind`: the body is decoded to a JS
/// string once, in JS (as `response.json()` would; the walk already checked its UTF-8),
/// and each object is made by its builder, its texts slices of that string.
fn build(tape: &Tape, body: &[u8], kind: &Kind) -> Result<JsValue, BitcoinCentralError> {
    build_tape_bytes(&root_name(kind), &tape.slots, body, &tape.extra).map_err(builder_failed)
}

/// [`build`] over a body JS already has as a string (a `parse*` given text): no second
/// decoding.
fn build_over(tape: &Tape, body: &JsValue, kind: &Kind) -> Result<JsValue, BitcoinCentralError> {
    build_tape(&root_name(kind), &tape.slots, body, &tape.extra).map_err(builder_failed)
}

fn builder_failed(_: JsValue) -> BitcoinCentralError {
    error::from_core(&Error::Decode {
        status: 200,
        path: String::new(),
        reason: "the library could not make the objects of this answer (a library bug)".into(),
    })
}

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = include_str!("types.d.ts");

/// JSON text made in Rust, as a JS value: one `JSON.parse`.
fn plain(text: &str) -> Result<JsValue, BitcoinCentralError> {
    js_sys::JSON::parse(text).map_err(|_| {
        error::from_core(&Error::Decode {
            status: 200,
            path: String::new(),
            reason: "the library made JSON that JS could not parse (a library bug)".into(),
        })
    })
}

/// A Rust value as a plain JS object: camelCase keys, decimals as strings, `null` kept.
fn to_plain<T: ToNode + Model>(value: &T) -> Result<JsValue, BitcoinCentralError> {
    plain(&crate::schema::to_js_text(value))
}

/// A JS value as JSON bytes, for a core `from_json` (`undefined` members drop out, as
/// if absent). `name` is the argument it was given as.
fn json_of(value: &JsValue, name: &'static str) -> Result<Vec<u8>, Error> {
    js_sys::JSON::stringify(value)
        .ok()
        .and_then(|text| text.as_string())
        .map(String::into_bytes)
        .ok_or(Error::InvalidArgument {
            name,
            reason: "not representable as JSON".into(),
        })
}

/// A body given to a `parse*` function: a string, a `Uint8Array` or an `ArrayBuffer`
/// of UTF-8, copied into wasm memory once.
fn body_of(input: &JsValue) -> Result<Vec<u8>, Error> {
    if let Some(text) = input.as_string() {
        return Ok(text.into_bytes());
    }
    if let Some(bytes) = input.dyn_ref::<Uint8Array>() {
        return Ok(bytes.to_vec());
    }
    if let Some(buffer) = input.dyn_ref::<ArrayBuffer>() {
        return Ok(Uint8Array::new(buffer).to_vec());
    }
    Err(Error::InvalidArgument {
        name: "input",
        reason: "expected a string, a Uint8Array or an ArrayBuffer".into(),
    })
}

/// A small JSON object written field by field, for values that are not models
/// (a check's problem, a parsed callback, a session).
struct JsonObject(Vec<u8>);

impl JsonObject {
    fn new() -> Self {
        JsonObject(vec![b'{'])
    }

    fn name(&mut self, name: &str) -> &mut Vec<u8> {
        if self.0.len() > 1 {
            self.0.push(b',');
        }
        json::write_str(&mut self.0, name);
        self.0.push(b':');
        &mut self.0
    }

    fn text(mut self, name: &str, value: &str) -> Self {
        json::write_str(self.name(name), value);
        self
    }

    fn opt_text(mut self, name: &str, value: Option<&str>) -> Self {
        match value {
            Some(value) => json::write_str(self.name(name), value),
            None => self.name(name).extend_from_slice(b"null"),
        }
        self
    }

    fn opt_int(mut self, name: &str, value: Option<i64>) -> Self {
        match value {
            Some(value) => json::write_int(self.name(name), value),
            None => self.name(name).extend_from_slice(b"null"),
        }
        self
    }

    fn bool(mut self, name: &str, value: bool) -> Self {
        let text: &[u8] = if value { b"true" } else { b"false" };
        self.name(name).extend_from_slice(text);
        self
    }

    fn opt_texts(mut self, name: &str, values: Option<&[String]>) -> Self {
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

    fn into_js(mut self) -> Result<JsValue, BitcoinCentralError> {
        self.0.push(b'}');
        plain(&String::from_utf8(self.0).unwrap_or_default())
    }
}
