//! The tape: what the schema walk hands to JS, so JS can make the objects itself.
//!
//! Making JS objects is JS's job, and its fastest tools are string slicing and object
//! literals. So the walk (`schema.rs`) writes no JSON for JS: it writes a [`Tape`] of
//! value slots — three `f64`s each, read by JS straight from wasm memory — whose texts
//! are *offsets into the body itself*. JS decodes the body once (`TextDecoder`, as
//! `response.json()` would) and the generated builders of `src/js/models.js` make each
//! object with one literal, each decimal a `substring` of the server's own digits.
//! Only values that need a new text (an exponent expanded, a string with escapes)
//! are written, to the tape's `extra` text.
//!
//! A slot is `[tag, a, b]`: `NULL`; `NUMBER` (a = the value); `TEXT` / `EXTRA`
//! (a..b, UTF-16 offsets into the body or into `extra`); `TRUE`; `FALSE`; `LIST`
//! (a = count, b = the slot index of the first item, items back to back); `OBJECT`
//! (a = the slot index of its first field, every field of the schema in order, a
//! missing one as `null` or an empty list). The root value is slot 0.
//!
//! [`Tape::to_json`] reads a tape back as the JSON JS would make of it: the host
//! tests' view of exactly what the builders see.

use crate::json::{self, RawStr};
use crate::schema::{self, Field, Kind, Schema, Sink};

pub const NULL: f64 = 0.0;
pub const NUMBER: f64 = 1.0;
pub const TEXT: f64 = 2.0;
pub const EXTRA: f64 = 3.0;
pub const TRUE: f64 = 4.0;
pub const FALSE: f64 = 5.0;
pub const LIST: f64 = 6.0;
pub const OBJECT: f64 = 7.0;

/// Value slots for JS, and the texts the body does not have.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tape {
    /// `[tag, a, b]` per slot; slot 0 is the root.
    pub slots: Vec<f64>,
    /// Texts not in the body (canonical decimals, unescaped strings).
    pub extra: String,
}

enum Open {
    /// An object's first field slot, and the field the next value goes to.
    Object { first: usize, field: usize },
    /// A list's items so far (written out, and its slot, when it ends).
    List { items: Vec<f64> },
}

/// The [`Sink`] that writes a [`Tape`] of `input`.
pub struct TapeWriter<'a> {
    input: &'a [u8],
    tape: Tape,
    open: Vec<Open>,
}

impl<'a> TapeWriter<'a> {
    pub fn new(input: &'a [u8]) -> Self {
        let mut slots = Vec::with_capacity(input.len() / 4 + 3);
        slots.extend_from_slice(&[NULL, 0.0, 0.0]);
        TapeWriter {
            input,
            tape: Tape {
                slots,
                extra: String::new(),
            },
            open: Vec::new(),
        }
    }

    /// Where the next value goes: the root, an object's field, or a list's items.
    fn put(&mut self, slot: [f64; 3]) {
        match self.open.last_mut() {
            Some(Open::Object { first, field }) => {
                let at = (*first + *field) * 3;
                if let Some(target) = self.tape.slots.get_mut(at..at + 3) {
                    target.copy_from_slice(&slot);
                }
            }
            Some(Open::List { items, .. }) => items.extend_from_slice(&slot),
            None => self.tape.slots[..3].copy_from_slice(&slot),
        }
    }

    /// A text's slot: offsets into the body when it lies there (checked UTF-8 bytes
    /// of it), else into `extra`.
    fn text_slot(&mut self, text: &[u8]) -> [f64; 3] {
        let start = text.as_ptr() as usize;
        let base = self.input.as_ptr() as usize;
        if start >= base && start + text.len() <= base + self.input.len() {
            let at = start - base;
            [TEXT, at as f64, (at + text.len()) as f64]
        } else {
            let text = String::from_utf8_lossy(text);
            let at = utf16_len(&self.tape.extra);
            self.tape.extra.push_str(&text);
            [EXTRA, at as f64, (at + utf16_len(&text)) as f64]
        }
    }

    /// The tape, its body offsets in UTF-16 units (what JS's `substring` counts).
    pub fn finish(self) -> Tape {
        let mut tape = self.tape;
        if !self.input.is_ascii() {
            to_utf16_offsets(&mut tape.slots, self.input);
        }
        tape
    }
}

fn utf16_len(text: &str) -> usize {
    if text.is_ascii() {
        text.len()
    } else {
        text.encode_utf16().count()
    }
}

/// Rewrites the byte offsets of `TEXT` slots into UTF-16 offsets of the same body.
fn to_utf16_offsets(slots: &mut [f64], input: &[u8]) {
    // The UTF-16 offset of every byte offset (the body is checked UTF-8).
    let mut units = Vec::with_capacity(input.len() + 1);
    let mut unit = 0u32;
    for &byte in input {
        units.push(unit);
        // A lead byte starts a character: 4-byte ones take two UTF-16 units.
        match byte {
            0x00..=0x7f | 0xc0..=0xef => unit += 1,
            0xf0..=0xff => unit += 2,
            _ => {}
        }
    }
    units.push(unit);
    for slot in slots.chunks_exact_mut(3) {
        if slot[0] == TEXT {
            for offset in &mut slot[1..] {
                *offset = f64::from(units.get(*offset as usize).copied().unwrap_or(unit));
            }
        }
    }
}

impl Sink for TapeWriter<'_> {
    fn begin_object(&mut self, schema: &'static Schema) {
        let first = self.tape.slots.len() / 3;
        for field in schema.fields {
            let default = match field.kind.present() {
                Kind::List(_) => [LIST, 0.0, 0.0],
                _ => [NULL, 0.0, 0.0],
            };
            self.tape.slots.extend_from_slice(&default);
        }
        self.put([OBJECT, first as f64, 0.0]);
        self.open.push(Open::Object { first, field: 0 });
    }

    fn field(&mut self, index: usize, _: &'static Field) {
        if let Some(Open::Object { field, .. }) = self.open.last_mut() {
            *field = index;
        }
    }

    fn end_object(&mut self, _: &'static Schema, _: u64) {
        self.open.pop();
    }

    fn begin_list(&mut self) {
        // The list's own slot is written when it ends and its count is known.
        self.open.push(Open::List { items: Vec::new() });
    }

    fn item(&mut self) {}

    fn end_list(&mut self) {
        let Some(Open::List { items, .. }) = self.open.pop() else {
            return;
        };
        let first = self.tape.slots.len() / 3;
        let count = items.len() / 3;
        self.tape.slots.extend_from_slice(&items);
        self.put([LIST, count as f64, first as f64]);
    }

    fn null(&mut self) {
        self.put([NULL, 0.0, 0.0]);
    }

    fn bool(&mut self, value: bool) {
        self.put([if value { TRUE } else { FALSE }, 0.0, 0.0]);
    }

    fn int(&mut self, value: i64) {
        // Beyond 2^53 JS numbers round, as JSON.parse would round them.
        self.put([NUMBER, value as f64, 0.0]);
    }

    fn decimal(&mut self, text: &[u8]) {
        let slot = self.text_slot(text);
        self.put(slot);
    }

    fn text(&mut self, text: RawStr<'_>) {
        let slot = if text.escaped {
            self.text_slot(text.text().as_bytes())
        } else {
            self.text_slot(text.raw)
        };
        self.put(slot);
    }

    fn raw(&mut self, json: &[u8]) {
        let slot = self.text_slot(json);
        self.put(slot);
    }
}

/// Reads `bytes` as `kind` into a tape for JS.
pub fn tape(bytes: &[u8], kind: &Kind) -> Result<Tape, schema::Failure> {
    let mut writer = TapeWriter::new(bytes);
    schema::walk(bytes, kind, &mut writer)?;
    Ok(writer.finish())
}

/// The builder `src/js/models.js` runs for a root kind: `Trade[]`, `Order|null`,
/// `Ticker`.
pub fn root_name(kind: &Kind) -> String {
    match kind {
        Kind::Object(schema) => schema.name.to_owned(),
        Kind::List(Kind::Object(schema)) => format!("{}[]", schema.name),
        Kind::Nullable(Kind::Object(schema)) => format!("{}|null", schema.name),
        _ => String::new(),
    }
}

impl Tape {
    /// The JSON of what JS makes of this tape over `body` (JS names, schema order).
    pub fn to_json(&self, body: &str, kind: &Kind) -> String {
        let body: Vec<u16> = body.encode_utf16().collect();
        let extra: Vec<u16> = self.extra.encode_utf16().collect();
        let mut out = Vec::new();
        self.write(&mut out, 0, kind, &body, &extra);
        String::from_utf8(out).unwrap_or_default()
    }

    fn write(&self, out: &mut Vec<u8>, slot: usize, kind: &Kind, body: &[u16], extra: &[u16]) {
        let at = slot * 3;
        let Some(&[tag, a, b]) = self.slots.get(at..at + 3) else {
            out.extend_from_slice(b"null");
            return;
        };
        let text = |units: &[u16]| {
            let range = units.get(a as usize..b as usize).unwrap_or_default();
            String::from_utf16_lossy(range)
        };
        match tag {
            NULL => out.extend_from_slice(b"null"),
            NUMBER => json::write_int(out, a as i64),
            TRUE => out.extend_from_slice(b"true"),
            FALSE => out.extend_from_slice(b"false"),
            TEXT => json::write_str(out, &text(body)),
            EXTRA => json::write_str(out, &text(extra)),
            LIST => {
                let item = match kind.present() {
                    Kind::List(item) | Kind::Nullable(Kind::List(item)) => item,
                    _ => &Kind::Decimal,
                };
                out.push(b'[');
                for i in 0..a as usize {
                    if i > 0 {
                        out.push(b',');
                    }
                    let item = match kind.present() {
                        Kind::Tuple(items) => items.get(i).unwrap_or(&Kind::Any),
                        _ => item,
                    };
                    self.write(out, b as usize + i, item, body, extra);
                }
                out.push(b']');
            }
            _ => {
                let schema = match kind.present() {
                    Kind::Object(schema) | Kind::Nullable(Kind::Object(schema)) => schema,
                    _ => {
                        out.extend_from_slice(b"null");
                        return;
                    }
                };
                out.push(b'{');
                for (i, field) in schema.fields.iter().enumerate() {
                    if i > 0 {
                        out.push(b',');
                    }
                    json::write_str(out, field.js);
                    out.push(b':');
                    self.write(out, a as usize + i, &field.kind, body, extra);
                }
                out.push(b'}');
            }
        }
    }
}

/// The JS builders of `schemas` (`src/js/models.js`): one object literal per model.
#[cfg(not(target_arch = "wasm32"))]
pub fn javascript(schemas: &[&Schema]) -> String {
    fn value(kind: &Kind, slot: &str) -> String {
        match kind {
            // A missing optional field is null or an empty list: as the inner kind
            // when that is nullable or a list, else as any scalar.
            Kind::Optional(inner @ (Kind::Nullable(_) | Kind::List(_))) => value(inner, slot),
            Kind::Optional(_) => format!("v({slot})"),
            // Kinds that are never null: read without asking the tag what it is.
            Kind::Decimal | Kind::Text | Kind::Short(_) | Kind::Name(_) | Kind::Id => {
                format!("t({slot})")
            }
            Kind::Int => format!("T[{slot} + 1]"),
            Kind::Bool => format!("T[{slot}] === 4"),
            Kind::Nullable(Kind::Object(schema)) => format!("n({slot}, {})", schema.name),
            Kind::Nullable(inner @ Kind::List(_)) => {
                format!("n({slot}, (i) => {})", value(inner, "i"))
            }
            Kind::Object(schema) => format!("{}({slot})", schema.name),
            Kind::List(item) => match item {
                Kind::Object(schema) => format!("l({slot}, {})", schema.name),
                Kind::Tuple(_) => format!("l({slot}, (i) => l(i, v))"),
                _ => format!("l({slot}, v)"),
            },
            Kind::Tuple(_) => format!("l({slot}, v)"),
            _ => format!("v({slot})"),
        }
    }
    let mut out = String::from(JS_HEAD);
    for schema in schemas {
        out.push_str(&format!(
            "/** @param {{number}} i */\nfunction {}(i) {{\n  const b = T[i + 1] * 3;\n  return {{\n",
            schema.name
        ));
        for (i, field) in schema.fields.iter().enumerate() {
            let slot = if i == 0 {
                "b".to_owned()
            } else {
                format!("b + {}", i * 3)
            };
            out.push_str(&format!(
                "    {}: {},\n",
                field.js,
                value(&field.kind, &slot)
            ));
        }
        out.push_str("  };\n}\n\n");
    }
    let names: Vec<&str> = schemas.iter().map(|s| s.name).collect();
    out.push_str(&format!("const BUILDERS = {{ {} }};\n", names.join(", ")));
    out.push_str(JS_TAIL);
    out
}

/// The builders' helpers: the tape's slot tags, as in this module.
#[cfg(not(target_arch = "wasm32"))]
const JS_HEAD: &str = r#"// Generated from the model table in src/model.rs by `BLESS=1 cargo test generated`
// (src/tape.rs, `javascript`). Do not edit: change the table and bless again.
//
// Makes the JS objects of a tape (see src/tape.rs): T is the tape's slots, three
// numbers each ([tag, a, b]); S the body, decoded once; X the tape's extra text.

/** @type {Float64Array} */
let T;
/** @type {string} */
let S;
/** @type {string} */
let X;

/** A scalar slot: null, a number, a text of the body or of X, true or false. */
const v = (i) => {
  const tag = T[i];
  return tag === 2 ? S.substring(T[i + 1], T[i + 2])
    : tag === 1 ? T[i + 1]
    : tag === 0 ? null
    : tag === 3 ? X.substring(T[i + 1], T[i + 2])
    : tag === 4;
};

/** A text slot (never null): a slice of the body, or of X. */
const t = (i) => (T[i] === 2 ? S : X).substring(T[i + 1], T[i + 2]);

/** A list slot: each item made by `item`. */
const l = (i, item) => {
  const end = (T[i + 2] + T[i + 1]) * 3;
  const out = [];
  for (let k = T[i + 2] * 3; k < end; k += 3) out.push(item(k));
  return out;
};

/** A slot that may be null. */
const n = (i, make) => (T[i] === 0 ? null : make(i));

"#;

#[cfg(not(target_arch = "wasm32"))]
const JS_TAIL: &str = r#"
/**
 * The value of a tape: `root` names the root's model ("Ticker", "Trade[]", "Order|null").
 * @param {string} root
 * @param {Float64Array} tape
 * @param {string} body
 * @param {string} extra
 */
export function build(root, tape, body, extra) {
  T = tape;
  S = body;
  X = extra;
  try {
    if (root.endsWith("[]")) return l(0, BUILDERS[root.slice(0, -2)]);
    if (root.endsWith("|null")) return n(0, BUILDERS[root.slice(0, -5)]);
    return BUILDERS[root](0);
  } finally {
    T = undefined;
    S = X = "";
  }
}

/** @type {TextDecoder | undefined} */
let decoder;

/**
 * `build` over the body's UTF-8 bytes (a view of wasm memory), decoded here once. The
 * walk has checked them: the decoder need not.
 * @param {string} root
 * @param {Float64Array} tape
 * @param {Uint8Array} bytes
 * @param {string} extra
 */
export function buildBytes(root, tape, bytes, extra) {
  decoder ??= new TextDecoder();
  return build(root, tape, decoder.decode(bytes), extra);
}
"#;
