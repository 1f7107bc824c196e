//! The differential check: the old serde_json decoder (`tests/support/reference.rs`)
//! and the schema walk (`src/schema.rs`) are fed the same bytes and must give the same
//! verdict: both refuse, or both accept with the same values.
//!
//! Shared, through `#[path]`, by the `differential` fuzz target
//! (`fuzz_targets/differential.rs`, first byte picks the model) and by the host test
//! `tests/differential.rs` (the kept corpus, generated inputs, a table of edge cases).
//!
//! For each model, "the same values" means all of these, on the same bytes:
//! - `schema::to_js_json` (what JS receives) equals the old `to_plain` JSON (serde_json's
//!   serialization of the old model), as JS values: key order aside, and numbers as
//!   the `f64`s `JSON.parse` made of the old JSON (see [`as_js`]);
//! - `schema::decode::<T>` gives a Rust model whose `Debug` equals the old model's,
//!   and whose `schema::to_js_text` is that same JSON;
//! - `to_js_json` and `decode::<T>` agree with each other (same failure path and
//!   reason when both refuse); for a depth, `DepthBook::from_json` too.
//!
//! The error body compares the messages the client reports for an HTTP 400.
//!
//! Two divergences are deliberate, and allowed only in exactly this shape: serde read
//! a struct from a JSON list of its fields in order (`["EUR", 1389092410, ...]`) and a
//! unit enum variant from a one-entry map (`{"buy": null}`); the walk refuses both.
//! Such an input passes only if the new failure is that type mismatch, at a path where
//! the input has that shape, and the input rewritten into the ordinary shape (an
//! object, a string) is accepted by the walk with exactly the old decoder's values.
//! A third is by design: the walk bounds strings by their field (a currency code at 16
//! bytes, a UUID, a date or a name at 64), and the old decoder had no bounds.
#![allow(dead_code)]

use std::fmt;

use bitcoin_central::book::DepthBook;
use bitcoin_central::http::HttpResponse;
use bitcoin_central::json::Syntax;
use bitcoin_central::schema::{self, Failure, Kind, Model, Problem, ToNode};
use bitcoin_central::{ChartsDepth, ChartsTrade, Depth, Error, Order, Ticker, Trade, User};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

#[path = "server.rs"]
mod server;
use server::{client, run};

#[path = "../../tests/support/reference.rs"]
pub mod reference;

/// A decoder under comparison, by the name of its fuzz corpus folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Ticker,
    Trades,
    Depth,
    ChartsTrades,
    ChartsDepth,
    User,
    Orders,
    Order,
    ErrorBody,
}

/// Every target, with its corpus folder under `fuzz/corpus/`.
pub const TARGETS: [(&str, Target); 9] = [
    ("ticker", Target::Ticker),
    ("trades", Target::Trades),
    ("depth", Target::Depth),
    ("charts_trades", Target::ChartsTrades),
    ("charts_depth", Target::ChartsDepth),
    ("user", Target::User),
    ("orders", Target::Orders),
    ("order", Target::Order),
    ("error_body", Target::ErrorBody),
];

impl Target {
    /// The kind the walk reads this target's body as (`None` for the error body).
    pub fn kind(self) -> Option<&'static Kind> {
        Some(match self {
            Target::Ticker => &<Ticker as Model>::KIND,
            Target::Trades => &<Vec<Trade> as Model>::KIND,
            Target::Depth => &<Depth as Model>::KIND,
            Target::ChartsTrades => &<Vec<ChartsTrade> as Model>::KIND,
            Target::ChartsDepth => &<ChartsDepth as Model>::KIND,
            Target::User => &<User as Model>::KIND,
            Target::Orders => &<Vec<Order> as Model>::KIND,
            Target::Order => &<Order as Model>::KIND,
            Target::ErrorBody => return None,
        })
    }

    pub fn name(self) -> &'static str {
        TARGETS
            .iter()
            .find(|(_, t)| *t == self)
            .map_or("?", |(name, _)| name)
    }
}

/// What both decoders made of an input, when they agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Both refused it.
    Refused,
    /// Both accepted it, with the same values.
    Accepted,
    /// The old decoder accepted it and the new one refuses it, in one of the two
    /// deliberate shapes (named).
    Allowed(&'static str),
}

/// Two decoders that disagree on an input.
#[derive(Debug, Clone)]
pub struct Divergence {
    pub target: Target,
    pub input: Vec<u8>,
    /// What differs.
    pub what: String,
    pub old: String,
    pub new: String,
}

impl fmt::Display for Divergence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} diverges: {}", self.target.name(), self.what)?;
        writeln!(f, "  input: {}", literal(&self.input))?;
        writeln!(f, "  old:   {}", self.old)?;
        write!(f, "  new:   {}", self.new)
    }
}

/// Bytes as a Rust byte-string literal, to paste into a test.
pub fn literal(bytes: &[u8]) -> String {
    let mut out = String::from("b\"");
    for &b in bytes {
        match b {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            0x20..=0x7e => out.push(char::from(b)),
            _ => out.push_str(&format!("\\x{b:02x}")),
        }
    }
    out.push('"');
    out
}

/// The fuzz target's body: the first byte picks the target, the rest is the body.
pub fn fuzz(data: &[u8]) {
    let Some((&first, body)) = data.split_first() else {
        return;
    };
    let target = TARGETS[usize::from(first) % TARGETS.len()].1;
    if let Err(divergence) = compare(target, body) {
        panic!("{divergence}");
    }
}

/// Feeds `body` to both decoders of `target`.
pub fn compare(target: Target, body: &[u8]) -> Result<Verdict, Divergence> {
    let outcome = match target {
        Target::Ticker => model::<Ticker, reference::Ticker>(body),
        Target::Trades => model::<Vec<Trade>, Vec<reference::Trade>>(body),
        Target::Depth => model::<Depth, reference::Depth>(body).and_then(|verdict| {
            book(body)?;
            Ok(verdict)
        }),
        Target::ChartsTrades => model::<Vec<ChartsTrade>, Vec<reference::ChartsTrade>>(body),
        Target::ChartsDepth => model::<ChartsDepth, reference::ChartsDepth>(body),
        Target::User => model::<User, reference::User>(body),
        Target::Orders => model::<Vec<Order>, Vec<reference::Order>>(body),
        Target::Order => model::<Order, reference::Order>(body),
        Target::ErrorBody => error_body(body),
    };
    outcome.map_err(|(what, old, new)| Divergence {
        target,
        input: body.to_vec(),
        what,
        old,
        new,
    })
}

type Mismatch = (String, String, String);

fn failure_text(failure: &Failure, input_len: usize) -> String {
    format!(
        "{}: {} ({:?})",
        failure.path(),
        failure.reason(input_len),
        failure.problem
    )
}

/// A failure's kind, for grouping divergences: `TooDeep`, `Type (an object, a list)`.
fn problem_class(problem: &Problem) -> String {
    use bitcoin_central::json::Syntax;
    match problem {
        Problem::Syntax(Syntax::Eof) => "Syntax(Eof)".into(),
        Problem::Syntax(Syntax::Unexpected { expected, .. }) => {
            format!("Syntax(Unexpected, expected {expected})")
        }
        Problem::Syntax(Syntax::BadString { .. }) => "Syntax(BadString)".into(),
        Problem::Syntax(Syntax::TooDeep { .. }) => "Syntax(TooDeep)".into(),
        Problem::Type { expected, found } => format!("Type (expected {expected}, found {found})"),
        other => {
            let text = format!("{other:?}");
            text.split(['(', ' ', '{'])
                .next()
                .unwrap_or_default()
                .to_owned()
        }
    }
}

/// A JSON value as JS holds it: every number an `f64`. (The old JS side was the old
/// JSON through `JSON.parse`, so a timestamp beyond 2^53 was rounded there just as the
/// tape rounds it; decimals are strings and stay exact. The Rust models are compared
/// exactly, by their `Debug`.)
fn as_js(value: Value) -> Value {
    match value {
        Value::Number(n) => n
            .to_string()
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map_or(Value::Number(n), Value::Number),
        Value::Array(items) => Value::Array(items.into_iter().map(as_js).collect()),
        Value::Object(map) => Value::Object(map.into_iter().map(|(k, v)| (k, as_js(v))).collect()),
        other => other,
    }
}

fn parse_js(json: &str) -> Result<Value, String> {
    serde_json::from_str(json).map_err(|e| format!("not JSON ({e}): {json}"))
}

fn model<New, Old>(body: &[u8]) -> Result<Verdict, Mismatch>
where
    New: Model + ToNode + fmt::Debug,
    Old: DeserializeOwned + Serialize + fmt::Debug,
{
    let kind = &New::KIND;
    let old = reference::decode::<Old>(body);
    let js = schema::to_js_json(body, kind);
    let rust = schema::decode::<New>(body);

    sliced(body, kind)?;

    // The new decoder's two outputs, JS and Rust, agree with each other.
    match (&js, &rust) {
        (Ok(_), Ok(_)) => {}
        (Err(a), Err(b)) => {
            let (a, b) = (failure_text(a, body.len()), failure_text(b, body.len()));
            if a != b {
                return Err(("to_js_json and decode fail differently".into(), a, b));
            }
        }
        (Ok(json), Err(f)) => {
            return Err((
                "to_js_json accepts what decode refuses".into(),
                json.clone(),
                failure_text(f, body.len()),
            ));
        }
        (Err(f), Ok(value)) => {
            return Err((
                "decode accepts what to_js_json refuses".into(),
                format!("{value:?}"),
                failure_text(f, body.len()),
            ));
        }
    }

    match (old, js, rust) {
        (Err(_), Err(_), Err(_)) => Ok(Verdict::Refused),
        (Ok(old), Ok(json), Ok(rust)) => {
            same_values(&old, &json, &rust)?;
            Ok(Verdict::Accepted)
        }
        (Ok(old), Err(failure), _) => match allowed::<New, Old>(body, kind, &failure, &old) {
            Ok(shape) => Ok(Verdict::Allowed(shape)),
            Err(why) => Err((
                format!(
                    "the old decoder accepts, the new one refuses: {}",
                    problem_class(&failure.problem)
                ),
                format!("{:?}", old),
                format!("{} [{why}]", failure_text(&failure, body.len())),
            )),
        },
        (Err(error), Ok(json), _) => Err((
            "the old decoder refuses, the new one accepts".into(),
            error,
            json,
        )),
        _ => unreachable!("checked above"),
    }
}

/// Budgets of the sliced walk: a stop after every value, then slices of a few values.
const BUDGETS: [usize; 4] = [0, 1, 17, 256];

/// The walk in slices ([`schema::Walker`], as the browser reads a big body between
/// frames) makes the node the walk in one go makes, or fails the same way at the same
/// path, whatever the slices.
fn sliced(body: &[u8], kind: &Kind) -> Result<(), Mismatch> {
    let show = |result: &Result<Option<schema::Node>, Failure>| match result {
        Ok(node) => format!("{node:?}"),
        Err(failure) => failure_text(failure, body.len()),
    };
    let whole = show(&schema::read_node(body, kind).map(Some));
    for budget in BUDGETS {
        let mut walker = schema::Walker::new(kind);
        let mut sink = schema::NodeSink::default();
        let mut slices = 0usize;
        let result = loop {
            match walker.resume(body, budget, &mut sink) {
                Ok(true) => break Ok(sink.into_node()),
                Ok(false) if slices > body.len() => {
                    return Err((
                        format!("budget {budget}: the walk never ends"),
                        whole,
                        String::new(),
                    ));
                }
                Ok(false) => slices += 1,
                Err(failure) => break Err(failure),
            }
        };
        let result = show(&result);
        if result != whole {
            return Err((
                format!("the walk in slices of {budget} bytes differs"),
                whole,
                result,
            ));
        }
    }
    Ok(())
}

/// The old model and the new outputs hold the same values.
fn same_values<New, Old>(old: &Old, json: &str, rust: &New) -> Result<(), Mismatch>
where
    New: Model + ToNode + fmt::Debug,
    Old: Serialize + fmt::Debug,
{
    let plain = as_js(reference::to_plain(old));
    let js = parse_js(json).map_err(|e| ("to_js_json wrote bad JSON".into(), String::new(), e))?;
    let js = as_js(js);
    if js != plain {
        return Err((
            "both accept, JS values differ".into(),
            plain.to_string(),
            js.to_string(),
        ));
    }
    let (old_debug, new_debug) = (format!("{old:?}"), format!("{rust:?}"));
    if old_debug != new_debug {
        return Err((
            "both accept, Rust values differ".into(),
            old_debug,
            new_debug,
        ));
    }
    let again = schema::to_js_text(rust);
    let again =
        parse_js(&again).map_err(|e| ("to_js_text wrote bad JSON".into(), String::new(), e))?;
    let again = as_js(again);
    if again != plain {
        return Err((
            "both accept, the Rust model's to_js_text differs".into(),
            plain.to_string(),
            again.to_string(),
        ));
    }
    Ok(())
}

/// `DepthBook::from_json` gives the verdict of `decode::<Depth>`, with as many levels.
fn book(body: &[u8]) -> Result<(), Mismatch> {
    use bitcoin_central::book::Side;
    let book = DepthBook::from_json(body, &<Depth as Model>::KIND);
    let depth = schema::decode::<Depth>(body);
    match (&book, &depth) {
        (Ok(book), Ok(depth))
            if book.len(Side::Bids) == depth.bids.len()
                && book.len(Side::Asks) == depth.asks.len() =>
        {
            Ok(())
        }
        (Err(a), Err(b)) if failure_text(a, body.len()) == failure_text(b, body.len()) => Ok(()),
        _ => Err((
            "DepthBook::from_json and decode::<Depth> disagree".into(),
            format!(
                "{:?}",
                depth
                    .as_ref()
                    .map(|_| ())
                    .map_err(|f| failure_text(f, body.len()))
            ),
            format!(
                "{:?}",
                book.as_ref()
                    .map(|_| ())
                    .map_err(|f| failure_text(f, body.len()))
            ),
        )),
    }
}

/// The key serde_json's `arbitrary_precision` uses for a number's text.
const PRIVATE_NUMBER: &str = "$serde_json::private::Number";

/// Checks an old acceptance the new decoder refuses against the deliberate
/// divergences; the name of the one it is, or why it is none.
fn allowed<New, Old>(
    body: &[u8],
    kind: &'static Kind,
    failure: &Failure,
    old: &Old,
) -> Result<&'static str, String>
where
    New: Model + ToNode + fmt::Debug,
    Old: Serialize + fmt::Debug,
{
    // RFC 8259 §8.1: JSON exchanged between systems is UTF-8. The old decoder let
    // invalid bytes through in values it skipped; the new one refuses any (JS decodes
    // the whole body once, and it must be text).
    if matches!(failure.problem, Problem::Syntax(Syntax::BadString { .. }))
        && std::str::from_utf8(body).is_err()
    {
        return Ok("invalid UTF-8 in the body");
    }
    // serde_json's arbitrary_precision hands a number to a visitor as a one-key map,
    // and the old visitors read that map from the input too: a private detail of the
    // old decoder, not JSON's meaning.
    if matches!(
        failure.problem,
        Problem::Type {
            found: "an object",
            ..
        }
    ) && body
        .windows(PRIVATE_NUMBER.len())
        .any(|w| w == PRIVATE_NUMBER.as_bytes())
    {
        return Ok("serde_json's private number map");
    }
    // Strings are bounded by their field (Kind::Short, names at MAX_NAME_BYTES): a
    // currency code, a UUID, a date, a state. The old decoder had no bounds.
    if matches!(failure.problem, Problem::TooLong { .. }) {
        return Ok("a string longer than its field can be");
    }
    let shape = match failure.problem {
        Problem::Type {
            expected: "an object",
            found: "a list",
        } => Shape::StructFromList,
        Problem::Type {
            expected: "a string",
            found: "an object",
        } => Shape::VariantFromMap,
        _ => return Err("not a type mismatch of a deliberate shape".into()),
    };
    // Skipped values may nest deeper than serde_json's limit for a Value.
    let mut reader = serde_json::Deserializer::from_slice(body);
    reader.disable_recursion_limit();
    let value = Value::deserialize(&mut reader)
        .map_err(|e| format!("serde_json reads no value from it: {e}"))?;
    let mut rewrites = Vec::new();
    let normal = normalise(value, kind, String::new(), &mut rewrites);
    let path = failure.path();
    if !rewrites.iter().any(|(at, s)| *at == path && *s == shape) {
        return Err(format!(
            "the failure at {path:?} is not where the input has that shape ({rewrites:?})"
        ));
    }
    let bytes = serde_json::to_vec(&normal).map_err(|e| e.to_string())?;
    let json = schema::to_js_json(&bytes, kind).map_err(|f| {
        format!(
            "rewritten as {}, still refused: {}",
            String::from_utf8_lossy(&bytes),
            failure_text(&f, bytes.len())
        )
    })?;
    let rust = schema::decode::<New>(&bytes).map_err(|f| failure_text(&f, bytes.len()))?;
    same_values(old, &json, &rust).map_err(|(what, old, new)| {
        format!(
            "rewritten as {}: {what}: old {old}, new {new}",
            String::from_utf8_lossy(&bytes)
        )
    })?;
    Ok(shape.name())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    StructFromList,
    VariantFromMap,
}

impl Shape {
    fn name(self) -> &'static str {
        match self {
            Shape::StructFromList => "a struct from a list of its fields",
            Shape::VariantFromMap => "a unit variant from {\"name\": null}",
        }
    }
}

fn join(path: &str, field: &str) -> String {
    if path.is_empty() {
        field.to_owned()
    } else {
        format!("{path}.{field}")
    }
}

/// The value with each struct written as a list rewritten as an object, and each
/// `{"buy": null}` of a closed name list as `"buy"`; `rewrites` gets each place
/// (in the walk's path syntax) and what was rewritten there.
fn normalise(
    value: Value,
    kind: &'static Kind,
    path: String,
    rewrites: &mut Vec<(String, Shape)>,
) -> Value {
    match (kind, value) {
        (Kind::Nullable(_), Value::Null) => Value::Null,
        (Kind::Nullable(inner) | Kind::Optional(inner), value) => {
            normalise(value, inner, path, rewrites)
        }
        (Kind::Object(schema), Value::Array(items)) if items.len() <= schema.fields.len() => {
            rewrites.push((path.clone(), Shape::StructFromList));
            let map: Map<String, Value> = schema
                .fields
                .iter()
                .zip(items)
                .map(|(field, item)| {
                    let item = normalise(item, &field.kind, join(&path, field.wire), rewrites);
                    (field.wire.to_owned(), item)
                })
                .collect();
            Value::Object(map)
        }
        (Kind::Object(schema), Value::Object(map)) => Value::Object(
            map.into_iter()
                .map(|(key, item)| {
                    let item = match schema.fields.iter().find(|f| f.wire == key) {
                        Some(field) => {
                            normalise(item, &field.kind, join(&path, field.wire), rewrites)
                        }
                        None => item,
                    };
                    (key, item)
                })
                .collect(),
        ),
        (Kind::List(inner), Value::Array(items)) => Value::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(i, item)| normalise(item, inner, format!("{path}[{i}]"), rewrites))
                .collect(),
        ),
        (Kind::Tuple(kinds), Value::Array(items)) => Value::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(i, item)| match kinds.get(i) {
                    Some(kind) => normalise(item, kind, format!("{path}[{i}]"), rewrites),
                    None => item,
                })
                .collect(),
        ),
        (Kind::Name(names), Value::Object(map))
            if !names.open
                && map.len() == 1
                && map
                    .iter()
                    .all(|(key, item)| item.is_null() && names.names.contains(&key.as_str())) =>
        {
            rewrites.push((path, Shape::VariantFromMap));
            Value::String(
                map.into_iter()
                    .next()
                    .map(|(key, _)| key)
                    .unwrap_or_default(),
            )
        }
        (_, value) => value,
    }
}

// ---- The error body, through the client -------------------------------------------------

fn error_body(body: &[u8]) -> Result<Verdict, Mismatch> {
    let old = reference::error_messages(body);
    let new = new_error_messages(body);
    if old != new {
        return Err((
            "the messages of an HTTP 400 differ".into(),
            format!("{old:?}"),
            format!("{new:?}"),
        ));
    }
    Ok(if old.is_empty() {
        Verdict::Refused
    } else {
        Verdict::Accepted
    })
}

/// The messages the client reports for an HTTP 400 with this body.
pub fn new_error_messages(body: &[u8]) -> Vec<String> {
    let answer = HttpResponse {
        status: 400,
        headers: vec![("content-type".into(), "application/json".into())],
        body: body.to_vec(),
    };
    match run(client(answer).ticker()) {
        Err(Error::Api { messages, .. }) => messages,
        other => panic!("an HTTP 400 gave {other:?}"),
    }
}
