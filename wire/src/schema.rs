//! The wire schema of every exchange object, and the one walk that reads it.
//!
//! A [`Schema`] lists an object's wire fields, their JS names and their [`Kind`]s. The
//! models in `model.rs` are declared once in a table whose macro makes each Rust struct
//! and its schema together; the TypeScript interfaces are generated from the same
//! schemas ([`typescript`], checked against `src/js/models.d.ts` by a test).
//!
//! [`walk`] reads JSON bytes against a kind in one pass, checks every value, and
//! reports what it read to a [`Sink`]. [`crate::tape::TapeWriter`] writes the tape JS
//! makes its objects from (texts as offsets into the body: the server's own digits);
//! [`NodeSink`] builds a [`Node`] tree from which the Rust models are made
//! ([`FromNode`]); `book.rs` keeps a depth in memory. All see the same checks, so JS
//! and Rust users get the same verdict on the same bytes, and the same error naming
//! the same field path.

use std::borrow::Cow;

use rust_decimal::Decimal;

use crate::decimal::parse_exact;
use crate::json::{self, MAX_DEPTH, RawStr, Reader, Syntax};

/// What a value must be.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    /// An exact decimal, sent as a JSON number or a JSON string.
    Decimal,
    /// Any string.
    Text,
    /// A string of at most this many bytes (a currency code, a UUID, a date): a
    /// longer one is [`Problem::TooLong`], refused before anything is made of it.
    Short(usize),
    /// A string naming one of a list; `Names::open` says whether others are kept.
    Name(&'static Names),
    /// A whole number that fits an `i64` (timestamps, counts).
    Int,
    Bool,
    /// An identifier sent as a non-negative JSON integer or a string, kept as text.
    Id,
    Object(&'static Schema),
    List(&'static Kind),
    /// A JSON list of exactly these kinds (`[price, amount]`).
    Tuple(&'static [Kind]),
    /// The kind, or `null`.
    Nullable(&'static Kind),
    /// A field that may be missing (it then reads as `null`, or `[]` for a list).
    Optional(&'static Kind),
    /// Any JSON value, kept as its text (for shapes read in a second step).
    Any,
}

/// The longest name a [`Kind::Name`] accepts, known or not, in bytes: an open list
/// keeps a name it does not know, but not a megabyte of one.
pub const MAX_NAME_BYTES: usize = 64;

/// A list of names: an enum of the exchange's.
#[derive(Debug)]
pub struct Names {
    /// The TypeScript alias (`OrderType`).
    pub ts: &'static str,
    pub doc: &'static str,
    pub names: &'static [&'static str],
    /// Open: a name not in the list is kept as sent. Closed: it is an error.
    pub open: bool,
}

/// One field of an object.
#[derive(Debug)]
pub struct Field {
    /// As the server writes it (`traded_btc`).
    pub wire: &'static str,
    /// As JS sees it (`tradedBtc`).
    pub js: &'static str,
    pub kind: Kind,
    pub doc: &'static str,
}

/// An object's fields.
#[derive(Debug)]
pub struct Schema {
    /// The Rust struct and TypeScript interface name.
    pub name: &'static str,
    pub doc: &'static str,
    pub fields: &'static [Field],
    /// Closed: a field not in the list is an error (options bags), else it is skipped.
    pub closed: bool,
}

impl Kind {
    /// The kind of a field's value, whether or not it may be missing.
    pub const fn present(&self) -> &Kind {
        match self {
            Kind::Optional(inner) => inner,
            other => other,
        }
    }

    /// What a value of this kind is, for messages.
    pub fn expected(&self) -> &'static str {
        match self {
            Kind::Decimal => "a decimal number or a decimal string",
            Kind::Text | Kind::Short(_) | Kind::Name(_) => "a string",
            Kind::Int => "a whole number",
            Kind::Bool => "true or false",
            Kind::Id => "an integer or a string",
            Kind::Object(_) => "an object",
            Kind::List(_) | Kind::Tuple(_) => "a list",
            Kind::Nullable(inner) | Kind::Optional(inner) => inner.expected(),
            Kind::Any => "a JSON value",
        }
    }
}

/// One step of a path: a field or a list index.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Field(&'static str),
    Key(String),
    Index(usize),
}

/// Why bytes are not the value a schema describes.
#[derive(Debug, Clone)]
pub enum Problem {
    Syntax(Syntax),
    /// A value of another JSON type (`found` is "a string", "null", ...).
    Type {
        expected: &'static str,
        found: &'static str,
    },
    /// A required field is missing.
    Missing,
    /// A field appears twice.
    Duplicate,
    /// A field a closed schema does not have.
    Unknown {
        known: &'static [Field],
    },
    /// Text that is not an exact decimal (the reason in words).
    Decimal(String),
    /// A whole number out of range, negative zero, or with a fraction.
    Int(String),
    /// A name not in a closed list.
    Name {
        found: String,
        names: &'static [&'static str],
    },
    /// A list of the wrong length for a tuple.
    Length {
        expected: usize,
    },
    /// A string longer than its kind allows ([`Kind::Short`], or a name past
    /// [`MAX_NAME_BYTES`]).
    TooLong {
        max: usize,
    },
    /// Something only the walk's caller can judge (a length limit, a shape rule).
    Other(String),
}

/// A [`Problem`] and the path of the value that has it (`bids[3].price`).
#[derive(Debug, Clone)]
pub struct Failure {
    /// Innermost step last, once [`Failure::path`] is read; built innermost first.
    steps: Vec<Step>,
    pub problem: Problem,
}

impl Failure {
    fn new(problem: Problem) -> Self {
        Failure {
            steps: Vec::new(),
            problem,
        }
    }

    fn at(mut self, step: Step) -> Self {
        self.steps.push(step);
        self
    }

    /// `bids[3].price`, `[0].uuid`, or empty for the value as a whole.
    pub fn path(&self) -> String {
        let mut path = String::new();
        for step in self.steps.iter().rev() {
            match step {
                Step::Field(name) => {
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(name);
                }
                Step::Key(name) => {
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(name);
                }
                Step::Index(i) => {
                    path.push('[');
                    path.push_str(&json::int_text(*i as i64));
                    path.push(']');
                }
            }
        }
        path
    }

    /// The problem in words (English).
    pub fn reason(&self, input_len: usize) -> String {
        match &self.problem {
            Problem::Syntax(Syntax::Eof) => {
                format!("the JSON ends too early (truncated after {input_len} bytes)")
            }
            Problem::Syntax(Syntax::Unexpected { at, expected }) => {
                format!("invalid JSON at byte {at}: expected {expected}")
            }
            Problem::Syntax(Syntax::BadString { at }) => format!(
                "invalid JSON at byte {at}: a string with a bad escape, a control character or invalid UTF-8"
            ),
            Problem::Syntax(Syntax::TooDeep { at }) => {
                format!("invalid JSON at byte {at}: nested more than {MAX_DEPTH} levels deep")
            }
            Problem::Type { expected, found } => format!("expected {expected}, got {found}"),
            Problem::Missing => "missing".to_owned(),
            Problem::Duplicate => "given twice".to_owned(),
            Problem::Unknown { known } => {
                let names: Vec<&str> = known.iter().map(|f| f.js).collect();
                format!("unknown field; expected one of {}", names.join(", "))
            }
            Problem::Decimal(reason) | Problem::Int(reason) | Problem::Other(reason) => {
                reason.clone()
            }
            Problem::Name { found, names } => {
                format!("{found:?} is not one of {}", names.join(", "))
            }
            Problem::Length { expected } => format!("expected a list of {expected} values"),
            Problem::TooLong { max } => format!("a string longer than {max} bytes"),
        }
    }
}

impl From<Syntax> for Failure {
    fn from(syntax: Syntax) -> Self {
        Failure::new(Problem::Syntax(syntax))
    }
}

/// What the walk reports, value by value, in the order of the bytes.
pub trait Sink {
    fn begin_object(&mut self, schema: &'static Schema);
    /// The next value is field `index` of the innermost object.
    fn field(&mut self, index: usize, field: &'static Field);
    /// `seen` has bit `i` set for each field `i` that was present.
    fn end_object(&mut self, schema: &'static Schema, seen: u64);
    fn begin_list(&mut self);
    /// The next value is an item of the innermost list.
    fn item(&mut self);
    fn end_list(&mut self);
    fn null(&mut self);
    fn bool(&mut self, value: bool);
    fn int(&mut self, value: i64);
    /// An exact decimal's canonical text, ASCII (the server's digits; exponents
    /// expanded).
    fn decimal(&mut self, text: &[u8]);
    /// A string, as checked raw bytes.
    fn text(&mut self, text: RawStr<'_>);
    /// Any JSON value, as its checked bytes.
    fn raw(&mut self, json: &[u8]);
}

/// The walk's cursor, and what it learned of the order keys come in.
struct Walk<'a> {
    reader: Reader<'a>,
    /// For a few schemas (by address): which field the k-th key was, last time.
    order: [(usize, [u8; ORDER_KEYS]); 4],
    /// The slot of `order` to reuse next.
    evict: usize,
}

/// Keys remembered per object: enough for every model.
const ORDER_KEYS: usize = 24;
const UNKNOWN_FIELD: u8 = u8::MAX;

impl<'a> std::ops::Deref for Walk<'a> {
    type Target = Reader<'a>;

    fn deref(&self) -> &Reader<'a> {
        &self.reader
    }
}

impl std::ops::DerefMut for Walk<'_> {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.reader
    }
}

impl Walk<'_> {
    /// The slot of `order` for `schema`, taken over if it has none.
    fn order_of(&mut self, schema: &'static Schema) -> usize {
        let key = std::ptr::from_ref(schema) as usize;
        if let Some(slot) = self.order.iter().position(|(k, _)| *k == key) {
            return slot;
        }
        let slot = self.evict;
        self.evict = (self.evict + 1) % self.order.len();
        self.order[slot] = (key, [UNKNOWN_FIELD; ORDER_KEYS]);
        slot
    }
}

/// Reads one whole JSON value of `kind` from `bytes` into `sink`.
pub fn walk(bytes: &[u8], kind: &Kind, sink: &mut impl Sink) -> Result<(), Failure> {
    Walker::new(kind).resume(bytes, usize::MAX, sink).map(drop)
}

/// [`walk`] in slices: a walk that stops between two values once it has read a
/// given number of bytes, and goes on from there when asked. A caller on a browser's
/// main thread reads a body of megabytes a slice at a time, giving the page its
/// frames in between; the sink hears the same values in the same order, and a
/// failure is the same failure at the same path, however the walk was sliced.
///
/// The walk keeps its open objects and lists on a stack of its own (no recursion),
/// which is what lets it stop anywhere.
#[derive(Debug)]
pub struct Walker<'k> {
    /// The value's kind, until the walk starts.
    root: Option<&'k Kind>,
    /// Where the next slice starts.
    at: usize,
    /// The open containers, outermost first.
    stack: Vec<Frame>,
    order: [(usize, [u8; ORDER_KEYS]); 4],
    evict: usize,
}

/// An open container of the walk.
#[derive(Debug)]
enum Frame {
    Object {
        schema: &'static Schema,
        /// Bit `i`: field `i` was present.
        seen: u64,
        /// The field being read (meaningful while `in_value`).
        field: usize,
        /// The field after the last one read: the guess for the next key.
        next: usize,
        /// How many keys were read (the index into the key order learned).
        position: usize,
        slot: usize,
        in_value: bool,
    },
    List {
        item: &'static Kind,
        index: usize,
        in_value: bool,
    },
    Tuple {
        items: &'static [Kind],
        index: usize,
        in_value: bool,
    },
    /// The value of a field its object does not know, an object or a list, skipped
    /// (`open`: its containers still open, for [`Reader::skip_from`]).
    Skip { open: Vec<u8> },
}

impl Frame {
    /// The step a failure inside the value being read takes at this container, if
    /// the failure is inside a value (not in the container's own punctuation).
    fn step(&self) -> Option<Step> {
        match *self {
            Frame::Object {
                schema,
                field,
                in_value: true,
                ..
            } => Some(Step::Field(schema.fields[field].wire)),
            Frame::List {
                index,
                in_value: true,
                ..
            }
            | Frame::Tuple {
                index,
                in_value: true,
                ..
            } => Some(Step::Index(index)),
            _ => None,
        }
    }

    fn set_in_value(&mut self, value: bool) {
        match self {
            Frame::Object { in_value, .. }
            | Frame::List { in_value, .. }
            | Frame::Tuple { in_value, .. } => *in_value = value,
            Frame::Skip { .. } => {}
        }
    }
}

/// What reading a value did: read it whole, or opened a container whose first value
/// comes next (or, for an object, whose first field is one to skip).
enum Opened {
    Whole,
    Frame(Frame, Option<&'static Kind>),
    Skip(Frame),
}

/// What comes after a container's punctuation: a value of this kind, a value to skip,
/// or the container's end.
enum Next {
    Value(&'static Kind),
    Skip,
    End,
}

impl<'k> Walker<'k> {
    /// A walk of one value of `kind`, not yet started.
    pub fn new(kind: &'k Kind) -> Self {
        Walker {
            root: Some(kind),
            at: 0,
            stack: Vec::new(),
            order: [(0, [UNKNOWN_FIELD; ORDER_KEYS]); 4],
            evict: 0,
        }
    }

    /// Walks `bytes` (the same bytes at every call) from where the last call stopped:
    /// to the end of the value (`Ok(true)`, the walk is done), or to the end of the
    /// first value that ends `budget` or more bytes further on (`Ok(false)`: call
    /// again). A value is never cut, so a slice can run past its budget by one value
    /// that holds no other (a string, a number, a skipped field).
    // One copy per sink, shared by `walk` and the sliced walks (inlined, each caller
    // of either would carry its own: 12 KB of wasm, gzipped).
    #[inline(never)]
    pub fn resume(
        &mut self,
        bytes: &[u8],
        budget: usize,
        sink: &mut impl Sink,
    ) -> Result<bool, Failure> {
        let mut walk = Walk {
            reader: Reader::new(bytes),
            order: self.order,
            evict: self.evict,
        };
        walk.reader.seek(self.at);
        let stop = self.at.saturating_add(budget);
        let result = self.run(&mut walk, stop, sink);
        self.at = walk.offset();
        self.order = walk.order;
        self.evict = walk.evict;
        result.map_err(|failure| {
            let steps = self.stack.iter().rev().filter_map(Frame::step);
            steps.fold(failure, Failure::at)
        })
    }

    fn run<S: Sink>(
        &mut self,
        walk: &mut Walk<'_>,
        stop: usize,
        sink: &mut S,
    ) -> Result<bool, Failure> {
        // The kind of the value to read next, or `None` when a value just ended.
        let mut next = self.root.take();
        // A slice reads at least one value, or one step of a container (its `,` or
        // its end), whatever its budget.
        let mut moved = next.is_some();
        loop {
            if let Some(kind) = next.take() {
                match open(walk, kind, self.stack.len(), sink)? {
                    Opened::Whole => {}
                    Opened::Frame(frame, first) => {
                        self.stack.push(frame);
                        next = first;
                        continue;
                    }
                    Opened::Skip(frame) => {
                        self.stack.push(frame);
                        self.stack.push(Frame::Skip { open: Vec::new() });
                    }
                }
            }
            // A value ended: on to the next value of its container, or the
            // container's end.
            let Some(frame) = self.stack.last_mut() else {
                walk.end()?;
                return Ok(true);
            };
            if let Frame::Skip { open } = frame {
                if !walk.skip_from(open, false, 0, stop)? {
                    return Ok(false);
                }
                self.stack.pop();
                moved = true;
                continue;
            }
            frame.set_in_value(false);
            if moved && walk.offset() >= stop {
                return Ok(false);
            }
            moved = true;
            next = match after(walk, frame, sink)? {
                Next::Value(kind) => {
                    frame.set_in_value(true);
                    Some(kind)
                }
                Next::Skip => {
                    self.stack.push(Frame::Skip { open: Vec::new() });
                    None
                }
                Next::End => {
                    self.stack.pop();
                    None
                }
            };
        }
    }
}

fn found(byte: Option<u8>) -> &'static str {
    match byte {
        Some(b'{') => "an object",
        Some(b'[') => "a list",
        Some(b'"') => "a string",
        Some(b'-' | b'0'..=b'9') => "a number",
        Some(b't' | b'f') => "a boolean",
        Some(b'n') => "null",
        _ => "something else",
    }
}

fn mismatch(reader: &mut Walk<'_>, kind: &Kind) -> Failure {
    let byte = reader.peek();
    match byte {
        // Not a JSON value at all: a syntax error says more than a type error.
        None => Syntax::Eof.into(),
        Some(b'{' | b'[' | b'"' | b'-' | b'0'..=b'9' | b't' | b'f' | b'n') => {
            Failure::new(Problem::Type {
                expected: kind.expected(),
                found: found(byte),
            })
        }
        Some(_) => Syntax::Unexpected {
            at: reader.offset(),
            expected: "a JSON value",
        }
        .into(),
    }
}

/// Reads a value of `kind` at `depth` (the containers around it): a scalar whole, or
/// the opening of a container (an empty one whole).
fn open<S: Sink>(
    reader: &mut Walk<'_>,
    mut kind: &Kind,
    depth: usize,
    sink: &mut S,
) -> Result<Opened, Failure> {
    let byte = reader.peek();
    while let Kind::Nullable(inner) | Kind::Optional(inner) = kind {
        if matches!(kind, Kind::Nullable(_)) && byte == Some(b'n') {
            reader.literal(b"null")?;
            sink.null();
            return Ok(Opened::Whole);
        }
        kind = inner;
    }
    match (kind, byte) {
        (Kind::Decimal, Some(b'-' | b'0'..=b'9')) => match reader.number_and_plain()? {
            (text, true) => sink.decimal(text),
            (text, false) => sink.decimal(&decimal(text)?),
        },
        (Kind::Decimal, Some(b'"')) => {
            let text = reader.string()?;
            if text.escaped {
                sink.decimal(&decimal(text.text().as_bytes())?);
            } else {
                sink.decimal(&decimal(text.raw)?);
            }
        }
        (Kind::Text, Some(b'"')) => sink.text(reader.string()?),
        (Kind::Short(max), Some(b'"')) => {
            let text = reader.string()?;
            // The raw bytes are never fewer than the text's: escapes are counted only
            // for a string that may be too long.
            if text.raw.len() > *max && text.text().len() > *max {
                return Err(Failure::new(Problem::TooLong { max: *max }));
            }
            sink.text(text);
        }
        (Kind::Name(names), Some(b'"')) => {
            let text = reader.string()?;
            if text.raw.len() > MAX_NAME_BYTES && text.text().len() > MAX_NAME_BYTES {
                return Err(Failure::new(Problem::TooLong {
                    max: MAX_NAME_BYTES,
                }));
            }
            if !names.open && !names.names.iter().any(|name| text.is(name)) {
                return Err(Failure::new(Problem::Name {
                    found: text.text().into_owned(),
                    names: names.names,
                }));
            }
            sink.text(text);
        }
        (Kind::Int, Some(b'-' | b'0'..=b'9')) => {
            let text = reader.number()?;
            sink.int(int(text)?);
        }
        (Kind::Bool, Some(b't')) => {
            reader.literal(b"true")?;
            sink.bool(true);
        }
        (Kind::Bool, Some(b'f')) => {
            reader.literal(b"false")?;
            sink.bool(false);
        }
        (Kind::Id, Some(b'"')) => sink.text(reader.string()?),
        (Kind::Id, Some(b'-' | b'0'..=b'9')) => {
            let text = reader.number()?;
            if !text.iter().all(u8::is_ascii_digit) {
                return Err(Failure::new(Problem::Int(format!(
                    "{} is not an integer ID",
                    json::ascii(text)
                ))));
            }
            sink.text(RawStr {
                raw: text,
                escaped: false,
            });
        }
        (&Kind::Object(schema), Some(b'{')) => {
            nest(reader, depth)?;
            sink.begin_object(schema);
            let slot = reader.order_of(schema);
            let mut frame = Frame::Object {
                schema,
                seen: 0,
                field: 0,
                next: 0,
                position: 0,
                slot,
                in_value: false,
            };
            if reader.empty(b'}') {
                close_object(schema, 0, sink)?;
                return Ok(Opened::Whole);
            }
            return Ok(match field(reader, &mut frame, sink)? {
                Next::Value(kind) => {
                    frame.set_in_value(true);
                    Opened::Frame(frame, Some(kind))
                }
                Next::Skip => Opened::Skip(frame),
                Next::End => Opened::Whole,
            });
        }
        (&Kind::List(item), Some(b'[')) => {
            nest(reader, depth)?;
            sink.begin_list();
            if reader.empty(b']') {
                sink.end_list();
                return Ok(Opened::Whole);
            }
            sink.item();
            let frame = Frame::List {
                item,
                index: 0,
                in_value: true,
            };
            return Ok(Opened::Frame(frame, Some(item)));
        }
        (&Kind::Tuple(items), Some(b'[')) => {
            nest(reader, depth)?;
            sink.begin_list();
            let empty = reader.empty(b']');
            match (items.first(), empty) {
                (None, true) => {
                    sink.end_list();
                    return Ok(Opened::Whole);
                }
                (Some(first), false) => {
                    sink.item();
                    let frame = Frame::Tuple {
                        items,
                        index: 0,
                        in_value: true,
                    };
                    return Ok(Opened::Frame(frame, Some(first)));
                }
                _ => {
                    return Err(Failure::new(Problem::Length {
                        expected: items.len(),
                    }));
                }
            }
        }
        (Kind::Any, Some(_)) => sink.raw(reader.skip_strict(depth)?),
        (kind, _) => return Err(mismatch(reader, kind)),
    }
    Ok(Opened::Whole)
}

/// After a value of the container `frame`: what comes next in it (at its end, the
/// container is closed, `sink` told).
fn after<S: Sink>(reader: &mut Walk<'_>, frame: &mut Frame, sink: &mut S) -> Result<Next, Failure> {
    match frame {
        Frame::List { item, index, .. } => {
            if reader.more(b']', "`,` or `]`")? {
                *index += 1;
                sink.item();
                Ok(Next::Value(item))
            } else {
                sink.end_list();
                Ok(Next::End)
            }
        }
        Frame::Tuple { items, index, .. } => {
            let items: &'static [Kind] = items;
            let empty = !reader.more(b']', "`,` or `]`")?;
            *index += 1;
            match (items.get(*index), empty) {
                (None, true) => {
                    sink.end_list();
                    Ok(Next::End)
                }
                (Some(kind), false) => {
                    sink.item();
                    Ok(Next::Value(kind))
                }
                _ => Err(Failure::new(Problem::Length {
                    expected: items.len(),
                })),
            }
        }
        Frame::Object { schema, seen, .. } => {
            let (schema, seen) = (*schema, *seen);
            if reader.more(b'}', "`,` or `}`")? {
                field(reader, frame, sink)
            } else {
                close_object(schema, seen, sink)?;
                Ok(Next::End)
            }
        }
        // Never asked: a skipped value is gone through by `Walker::run`.
        Frame::Skip { .. } => Ok(Next::End),
    }
}

/// At a key of the object `frame`: skips the fields it does not know whose values are
/// scalars, and gives what comes next: the kind of a field it knows (`sink` told which
/// it is), an object or list to skip, or the object's end (then closed).
fn field<S: Sink>(reader: &mut Walk<'_>, frame: &mut Frame, sink: &mut S) -> Result<Next, Failure> {
    let Frame::Object {
        schema,
        seen,
        field,
        next,
        position,
        slot,
        ..
    } = frame
    else {
        return Ok(Next::End);
    };
    let (schema, slot) = (*schema, *slot);
    let fields = schema.fields;
    loop {
        // A server writes its keys in one order: guess the field of the k-th key from
        // the previous object of this schema, then try the next declared one, then
        // the others, each by comparing the key's bytes in place; only a key that is
        // none of them verbatim (unknown, or written with escapes) is read.
        let mut key = None;
        let guess = reader.order[slot]
            .1
            .get(*position)
            .copied()
            .map(usize::from);
        let index = match guess.and_then(|g| fields.get(g).map(|f| (g, f))) {
            Some((g, field)) if reader.key_is(field.wire)? => Some(g),
            _ => match fields.get(*next) {
                Some(field) if reader.key_is(field.wire)? => Some(*next),
                _ => match fields.iter().position(|f| reader.peeked_key_is(f.wire)) {
                    Some(i) => {
                        reader.key_is(fields[i].wire)?;
                        Some(i)
                    }
                    None => {
                        let read = reader.key()?;
                        key = Some(read);
                        fields.iter().position(|f| read.is(f.wire))
                    }
                },
            },
        };
        if let Some(seen_at) = reader.order[slot].1.get_mut(*position) {
            *seen_at = index.map_or(UNKNOWN_FIELD, |i| i as u8);
        }
        *position += 1;
        match index {
            Some(i) => {
                let known = &fields[i];
                if *seen & (1 << i) != 0 {
                    return Err(Failure::new(Problem::Duplicate).at(Step::Field(known.wire)));
                }
                *seen |= 1 << i;
                *field = i;
                *next = i + 1;
                sink.field(i, known);
                return Ok(Next::Value(&known.kind));
            }
            None if schema.closed => {
                let name = key.map(|k| k.text().into_owned()).unwrap_or_default();
                return Err(Failure::new(Problem::Unknown { known: fields }).at(Step::Key(name)));
            }
            // An object or a list may be megabytes: skipped by the walk, in slices.
            None if matches!(reader.peek(), Some(b'{' | b'[')) => return Ok(Next::Skip),
            None => {
                reader.skip()?;
            }
        }
        if !reader.more(b'}', "`,` or `}`")? {
            close_object(schema, *seen, sink)?;
            return Ok(Next::End);
        }
    }
}

/// The end of an object: its required fields are all there.
fn close_object<S: Sink>(schema: &'static Schema, seen: u64, sink: &mut S) -> Result<(), Failure> {
    missing(schema, seen)?;
    sink.end_object(schema, seen);
    Ok(())
}

/// The first required field not `seen`, as a failure (once, not once per sink).
fn missing(schema: &'static Schema, seen: u64) -> Result<(), Failure> {
    for (i, field) in schema.fields.iter().enumerate() {
        if seen & (1 << i) == 0 && !matches!(field.kind, Kind::Optional(_)) {
            return Err(Failure::new(Problem::Missing).at(Step::Field(field.wire)));
        }
    }
    Ok(())
}

fn nest(reader: &mut Walk<'_>, depth: usize) -> Result<(), Failure> {
    if depth + 1 >= MAX_DEPTH {
        return Err(Syntax::TooDeep {
            at: reader.offset(),
        }
        .into());
    }
    // Take the `{` or `[` the caller peeked at.
    let open = reader.peek().unwrap_or(b'[');
    reader.eat(open, "`{` or `[`")?;
    Ok(())
}

/// Canonical text of an exact decimal, or why it is not one. The server's own text
/// when it is already canonical (the common case, checked without parsing).
fn decimal(text: &[u8]) -> Result<Cow<'_, [u8]>, Failure> {
    if is_plain_decimal(text) {
        return Ok(Cow::Borrowed(text));
    }
    // A string's content may be any UTF-8; parse_exact refuses what is not a number.
    let text = String::from_utf8_lossy(text);
    parse_exact(&text)
        .map(|value| Cow::Owned(value.to_string().into_bytes()))
        .map_err(|reason| Failure::new(Problem::Decimal(reason)))
}

/// `-?[1-9]\d*(\.\d+)?` or `0(\.\d+)?`, 28 digits at most: text that
/// `Decimal::from_str_exact` reads and writes back unchanged.
fn is_plain_decimal(text: &[u8]) -> bool {
    let unsigned = match text {
        [b'-', b'1'..=b'9', ..] => &text[1..],
        [b'-', ..] => return false,
        _ => text,
    };
    let (whole, fraction) = match unsigned.iter().position(|&b| b == b'.') {
        Some(point) => (&unsigned[..point], Some(&unsigned[point + 1..])),
        None => (unsigned, None),
    };
    let whole_ok = match whole {
        [b'0'] => true,
        [b'1'..=b'9', rest @ ..] => rest.iter().all(u8::is_ascii_digit),
        _ => false,
    };
    let fraction_len = match fraction {
        None => 0,
        Some(f) if !f.is_empty() && f.iter().all(u8::is_ascii_digit) => f.len(),
        Some(_) => return false,
    };
    whole_ok && whole.len() + fraction_len <= 28
}

/// A whole number as serde_json reads an `i64`: no fraction or exponent, no `-0`,
/// within range.
fn int(text: &[u8]) -> Result<i64, Failure> {
    let bad = |why: &str| Failure::new(Problem::Int(format!("{} {why}", json::ascii(text))));
    let (negative, digits) = match text {
        [b'-', digits @ ..] => (true, digits),
        digits => (false, digits),
    };
    if !digits.iter().all(u8::is_ascii_digit) {
        return Err(bad("is not a whole number"));
    }
    if negative && digits == b"0" {
        return Err(bad("is not a whole number (negative zero)"));
    }
    // Up to 18 digits cannot overflow: the common case, without checks.
    if digits.len() <= 18 {
        let value = digits
            .iter()
            .fold(0i64, |value, &b| value * 10 + i64::from(b - b'0'));
        return Ok(if negative { -value } else { value });
    }
    let mut value: i64 = 0;
    for &b in digits {
        let digit = i64::from(b - b'0');
        value = value
            .checked_mul(10)
            .and_then(|v| {
                if negative {
                    v.checked_sub(digit)
                } else {
                    v.checked_add(digit)
                }
            })
            .ok_or_else(|| bad("is out of range"))?;
    }
    Ok(value)
}

/// A value as the walk read it, for the Rust models. Object fields are by schema index;
/// `None` where a field was missing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    Null,
    Bool(bool),
    Int(i64),
    Decimal(Decimal),
    Text(String),
    List(Vec<Node>),
    Object(Vec<Option<Node>>),
    /// A [`Kind::Any`] value's JSON text.
    Raw(String),
}

enum Open {
    Object(Vec<Option<Node>>, usize),
    List(Vec<Node>),
}

/// Builds the [`Node`] of what the walk reads.
#[derive(Default)]
pub struct NodeSink<'a> {
    open: Vec<Open>,
    root: Option<Node>,
    /// Takes each item of the root list as it ends, in the list's stead.
    items: Option<&'a mut dyn FnMut(Node)>,
}

impl<'a> NodeSink<'a> {
    /// A sink for a list whose items `take` receives one by one as each ends (the root
    /// node is then an empty list): a model is made of each item while the walk goes
    /// on, and a list of thousands never is a tree of nodes whole.
    pub fn items(take: &'a mut dyn FnMut(Node)) -> Self {
        NodeSink {
            open: Vec::new(),
            root: None,
            items: Some(take),
        }
    }

    fn put(&mut self, node: Node) {
        let root_list = self.open.len() == 1;
        match self.open.last_mut() {
            Some(Open::Object(slots, at)) => {
                if let Some(slot) = slots.get_mut(*at) {
                    *slot = Some(node);
                }
            }
            Some(Open::List(items)) => match &mut self.items {
                Some(take) if root_list => take(node),
                _ => items.push(node),
            },
            None => self.root = Some(node),
        }
    }

    pub fn into_node(self) -> Option<Node> {
        self.root
    }

    /// The node of the value a walk read whole.
    pub fn finish(self) -> Result<Node, Failure> {
        self.root
            .ok_or_else(|| Failure::new(Problem::Other("no value".into())))
    }
}

impl Sink for NodeSink<'_> {
    fn begin_object(&mut self, schema: &'static Schema) {
        self.open
            .push(Open::Object(vec![None; schema.fields.len()], 0));
    }

    fn field(&mut self, index: usize, _: &'static Field) {
        if let Some(Open::Object(_, at)) = self.open.last_mut() {
            *at = index;
        }
    }

    fn end_object(&mut self, _: &'static Schema, _: u64) {
        if let Some(Open::Object(slots, _)) = self.open.pop() {
            self.put(Node::Object(slots));
        }
    }

    fn begin_list(&mut self) {
        self.open.push(Open::List(Vec::new()));
    }

    fn item(&mut self) {}

    fn end_list(&mut self) {
        if let Some(Open::List(items)) = self.open.pop() {
            self.put(Node::List(items));
        }
    }

    fn null(&mut self) {
        self.put(Node::Null);
    }

    fn bool(&mut self, value: bool) {
        self.put(Node::Bool(value));
    }

    fn int(&mut self, value: i64) {
        self.put(Node::Int(value));
    }

    fn decimal(&mut self, text: &[u8]) {
        // Canonical and checked by the walk: it parses.
        self.put(Node::Decimal(
            parse_exact(json::ascii(text)).unwrap_or_default(),
        ));
    }

    fn text(&mut self, text: RawStr<'_>) {
        self.put(Node::Text(text.text().into_owned()));
    }

    fn raw(&mut self, json: &[u8]) {
        self.put(Node::Raw(String::from_utf8_lossy(json).into_owned()));
    }
}

/// Reads `bytes` as `kind` into a [`Node`].
pub fn read_node(bytes: &[u8], kind: &Kind) -> Result<Node, Failure> {
    let mut sink = NodeSink::default();
    walk(bytes, kind, &mut sink)?;
    sink.finish()
}

/// Reads `bytes` as `kind` into the JSON of what JS makes of them: JS names, schema
/// order, every decimal a string of the server's digits, missing optional fields as
/// `null` (or `[]`). The JS path itself goes through a [`crate::tape::Tape`]; this is
/// the same tape read back ([`crate::tape::Tape::to_json`]).
pub fn to_js_json(bytes: &[u8], kind: &Kind) -> Result<String, Failure> {
    let tape = crate::tape::tape(bytes, kind)?;
    // A body the walk accepted is UTF-8.
    let body = std::str::from_utf8(bytes).unwrap_or_default();
    Ok(tape.to_json(body, kind))
}

/// A Rust value made from a [`Node`] the walk checked against the value's kind.
/// `None` only if the Rust type and its declared kind disagree (a bug the model
/// tests catch); `node` is `None` for a missing optional field.
pub trait FromNode: Sized {
    fn from_node(node: Option<Node>) -> Option<Self>;
}

/// A Rust value as a [`Node`], to be written for JS ([`write_node`]).
pub trait ToNode {
    fn to_node(&self) -> Node;
}

/// A type whose answers the walk reads: its kind, and how it is made from a node.
pub trait Model: FromNode {
    const KIND: Kind;
}

/// Decodes `bytes` into `T`, checking them against `T::KIND`.
pub fn decode<T: Model>(bytes: &[u8]) -> Result<T, Failure> {
    model_from(read_node(bytes, &T::KIND)?)
}

/// The model of a node the walk read as `T::KIND` (see [`decode`]).
pub fn model_from<T: Model>(node: Node) -> Result<T, Failure> {
    T::from_node(Some(node)).ok_or_else(|| {
        Failure::new(Problem::Other(
            "the value does not match its declaration (a library bug)".into(),
        ))
    })
}

impl FromNode for Decimal {
    fn from_node(node: Option<Node>) -> Option<Self> {
        match node? {
            Node::Decimal(value) => Some(value),
            _ => None,
        }
    }
}

impl FromNode for String {
    fn from_node(node: Option<Node>) -> Option<Self> {
        match node? {
            Node::Text(text) | Node::Raw(text) => Some(text),
            _ => None,
        }
    }
}

impl FromNode for i64 {
    fn from_node(node: Option<Node>) -> Option<Self> {
        match node? {
            Node::Int(value) => Some(value),
            _ => None,
        }
    }
}

impl FromNode for bool {
    fn from_node(node: Option<Node>) -> Option<Self> {
        match node? {
            Node::Bool(value) => Some(value),
            _ => None,
        }
    }
}

impl<T: FromNode> FromNode for Option<T> {
    fn from_node(node: Option<Node>) -> Option<Self> {
        match node {
            None | Some(Node::Null) => Some(None),
            node => T::from_node(node).map(Some),
        }
    }
}

impl<T: FromNode> FromNode for Vec<T> {
    fn from_node(node: Option<Node>) -> Option<Self> {
        match node {
            None => Some(Vec::new()),
            Some(Node::List(items)) => items.into_iter().map(|n| T::from_node(Some(n))).collect(),
            _ => None,
        }
    }
}

impl ToNode for Decimal {
    fn to_node(&self) -> Node {
        Node::Decimal(*self)
    }
}

impl ToNode for String {
    fn to_node(&self) -> Node {
        Node::Text(self.clone())
    }
}

impl ToNode for i64 {
    fn to_node(&self) -> Node {
        Node::Int(*self)
    }
}

impl ToNode for u64 {
    fn to_node(&self) -> Node {
        Node::Int(i64::try_from(*self).unwrap_or(i64::MAX))
    }
}

impl ToNode for bool {
    fn to_node(&self) -> Node {
        Node::Bool(*self)
    }
}

impl<T: ToNode> ToNode for Option<T> {
    fn to_node(&self) -> Node {
        self.as_ref().map_or(Node::Null, T::to_node)
    }
}

impl<T: ToNode> ToNode for Vec<T> {
    fn to_node(&self) -> Node {
        Node::List(self.iter().map(T::to_node).collect())
    }
}

impl<T: Model> Model for Vec<T> {
    const KIND: Kind = Kind::List(&T::KIND);
}

impl<T: Model> Model for Option<T> {
    const KIND: Kind = Kind::Nullable(&T::KIND);
}

/// Writes a node as compact JSON for JS, with the JS names `kind` gives.
pub fn write_node(out: &mut Vec<u8>, node: &Node, kind: &Kind) {
    match (node, kind.present()) {
        (Node::Null, _) => out.extend_from_slice(b"null"),
        (Node::Bool(value), _) => out.extend_from_slice(if *value { b"true" } else { b"false" }),
        (Node::Int(value), _) => json::write_int(out, *value),
        (Node::Decimal(value), _) => json::write_str(out, &value.to_string()),
        (Node::Text(text), _) => json::write_str(out, text),
        (Node::Raw(text), _) => out.extend_from_slice(text.as_bytes()),
        (Node::List(items), kind) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                let item_kind = match kind {
                    Kind::List(item) => item,
                    Kind::Tuple(items) => items.get(i).unwrap_or(&Kind::Any),
                    Kind::Nullable(inner) => inner,
                    other => other,
                };
                write_node(out, item, item_kind);
            }
            out.push(b']');
        }
        (Node::Object(slots), kind) => {
            let Kind::Object(schema) = (match kind {
                Kind::Nullable(inner) => inner.present(),
                other => other,
            }) else {
                out.extend_from_slice(b"null");
                return;
            };
            out.push(b'{');
            for (i, (field, slot)) in schema.fields.iter().zip(slots).enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                json::write_str(out, field.js);
                out.push(b':');
                match slot {
                    Some(node) => write_node(out, node, &field.kind),
                    None if matches!(field.kind.present(), Kind::List(_)) => {
                        out.extend_from_slice(b"[]");
                    }
                    None => out.extend_from_slice(b"null"),
                }
            }
            out.push(b'}');
        }
    }
}

/// A Rust value as compact JSON for JS (see [`write_node`]).
pub fn to_js_text<T: ToNode + Model>(value: &T) -> String {
    let mut out = Vec::new();
    write_node(&mut out, &value.to_node(), &T::KIND);
    String::from_utf8(out).unwrap_or_default()
}

/// The TypeScript declarations of `schemas` and the name lists they use, in order.
#[cfg(not(target_arch = "wasm32"))]
pub fn typescript(schemas: &[&Schema]) -> String {
    fn doc(out: &mut String, text: &str, indent: &str) {
        let text = text.trim();
        if text.is_empty() {
            return;
        }
        let lines: Vec<&str> = text.lines().map(str::trim).collect();
        if lines.len() == 1 {
            out.push_str(&format!("{indent}/** {} */\n", lines[0]));
        } else {
            out.push_str(&format!("{indent}/**\n"));
            for line in lines {
                out.push_str(&format!("{indent} * {line}\n").replace(" * \n", " *\n"));
            }
            out.push_str(&format!("{indent} */\n"));
        }
    }
    fn ts(kind: &Kind) -> String {
        match kind {
            Kind::Decimal => "DecimalString".into(),
            Kind::Text | Kind::Short(_) | Kind::Id => "string".into(),
            Kind::Name(names) => names.ts.into(),
            Kind::Int => "number".into(),
            Kind::Bool => "boolean".into(),
            Kind::Object(schema) => schema.name.into(),
            Kind::List(item) => match item {
                Kind::Nullable(_) => format!("({})[]", ts(item)),
                _ => format!("{}[]", ts(item)),
            },
            Kind::Tuple(items) => {
                let items: Vec<String> = items.iter().map(ts).collect();
                format!("[{}]", items.join(", "))
            }
            Kind::Nullable(inner) => format!("{} | null", ts(inner)),
            Kind::Optional(inner) => match inner {
                Kind::List(_) | Kind::Nullable(_) => ts(inner),
                other => format!("{} | null", ts(other)),
            },
            Kind::Any => "unknown".into(),
        }
    }
    fn names_of(kind: &Kind, found: &mut Vec<&'static Names>) {
        match kind {
            Kind::Name(names) if !found.iter().any(|n| std::ptr::eq(*n, *names)) => {
                found.push(names);
            }
            Kind::List(inner) | Kind::Nullable(inner) | Kind::Optional(inner) => {
                names_of(inner, found);
            }
            Kind::Tuple(items) => items.iter().for_each(|k| names_of(k, found)),
            _ => {}
        }
    }
    let mut out = String::new();
    let mut names = Vec::new();
    for schema in schemas {
        schema
            .fields
            .iter()
            .for_each(|f| names_of(&f.kind, &mut names));
    }
    for list in names {
        doc(&mut out, list.doc, "");
        let mut alternatives: Vec<String> = list.names.iter().map(|n| format!("{n:?}")).collect();
        if list.open {
            alternatives.push("(string & {})".into());
        }
        out.push_str(&format!(
            "export type {} = {};\n\n",
            list.ts,
            alternatives.join(" | ")
        ));
    }
    for schema in schemas {
        doc(&mut out, schema.doc, "");
        out.push_str(&format!("export interface {} {{\n", schema.name));
        for field in schema.fields {
            doc(&mut out, field.doc, "  ");
            out.push_str(&format!("  {}: {};\n", field.js, ts(&field.kind)));
        }
        out.push_str("}\n\n");
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    static CODED: Schema = Schema {
        name: "Coded",
        doc: "",
        fields: &[
            Field {
                wire: "currency",
                js: "currency",
                kind: Kind::Short(3),
                doc: "",
            },
            Field {
                wire: "state",
                js: "state",
                kind: Kind::Name(&Names {
                    ts: "State",
                    doc: "",
                    names: &["open"],
                    open: true,
                }),
                doc: "",
            },
        ],
        closed: false,
    };

    #[test]
    fn a_short_string_is_bounded_with_its_path() {
        static LIST: Kind = Kind::List(&Kind::Object(&CODED));
        let read = |json: &str| read_node(json.as_bytes(), &LIST);
        assert!(read(r#"[{"currency":"EUR","state":"open"}]"#).is_ok());
        // An escape counts as the character it is, not its six bytes.
        assert!(read(r#"[{"currency":"\u0045\u0055R","state":"x"}]"#).is_ok());
        let failure = read(r#"[{"currency":"EURO","state":"open"}]"#).unwrap_err();
        assert_eq!(failure.path(), "[0].currency");
        assert!(matches!(failure.problem, Problem::TooLong { max: 3 }));
        assert_eq!(failure.reason(0), "a string longer than 3 bytes");
        // An open list keeps a name it does not know, up to MAX_NAME_BYTES.
        let name = "s".repeat(MAX_NAME_BYTES);
        assert!(read(&format!(r#"[{{"currency":"EUR","state":"{name}"}}]"#)).is_ok());
        let failure = read(&format!(r#"[{{"currency":"EUR","state":"{name}s"}}]"#)).unwrap_err();
        assert_eq!(failure.path(), "[0].state");
        assert!(matches!(failure.problem, Problem::TooLong { max: 64 }));
        // A megabyte of it: refused, and the message does not carry it.
        let huge = "E".repeat(1 << 20);
        let failure = read(&format!(r#"[{{"currency":"{huge}","state":"open"}}]"#)).unwrap_err();
        assert_eq!(failure.path(), "[0].currency");
        assert!(failure.reason(0).len() < 100);
        assert_eq!(Kind::Short(3).expected(), "a string");
    }

    static LEVEL: Schema = Schema {
        name: "Level",
        doc: "",
        fields: &[
            Field {
                wire: "price",
                js: "price",
                kind: Kind::Decimal,
                doc: "",
            },
            Field {
                wire: "at_time",
                js: "atTime",
                kind: Kind::Int,
                doc: "",
            },
            Field {
                wire: "note",
                js: "note",
                kind: Kind::Optional(&Kind::Nullable(&Kind::Text)),
                doc: "",
            },
            Field {
                wire: "ops",
                js: "ops",
                kind: Kind::Optional(&Kind::List(&Kind::Id)),
                doc: "",
            },
        ],
        closed: false,
    };
    const LEVELS: Kind = Kind::List(&Kind::Object(&LEVEL));

    fn js(text: &str) -> Result<String, (String, String)> {
        to_js_json(text.as_bytes(), &LEVELS).map_err(|e| (e.path(), e.reason(text.len())))
    }

    #[test]
    fn writes_js_names_exact_strings_and_defaults() {
        assert_eq!(
            js(r#"[{"price": 680.0, "at_time": 7, "x": {"y": [1]}, "note": null}, {"at_time": -1, "price": "1.50", "ops": [12, "a"]}]"#),
            Ok(r#"[{"price":"680.0","atTime":7,"note":null,"ops":[]},{"price":"1.50","atTime":-1,"note":null,"ops":["12","a"]}]"#.to_owned())
        );
        assert_eq!(
            js(r#"[{"price": 1.5e-7, "at_time": 0}]"#).unwrap(),
            r#"[{"price":"0.00000015","atTime":0,"note":null,"ops":[]}]"#
        );
        assert_eq!(
            js(r#"[{"price": "007", "at_time": 0}]"#).unwrap(),
            r#"[{"price":"7","atTime":0,"note":null,"ops":[]}]"#
        );
    }

    #[test]
    fn failures_name_the_path() {
        let cases = [
            (
                r#"[{"price": 1, "at_time": 1}, {"price": true, "at_time": 1}]"#,
                "[1].price",
                "expected a decimal number or a decimal string, got a boolean",
            ),
            (r#"[{"price": 1}]"#, "[0].at_time", "missing"),
            (
                r#"[{"price": 1, "at_time": 1.5}]"#,
                "[0].at_time",
                "1.5 is not a whole number",
            ),
            (
                r#"[{"price": 1, "at_time": -0}]"#,
                "[0].at_time",
                "negative zero",
            ),
            (
                r#"[{"price": 1, "at_time": 1, "price": 2}]"#,
                "[0].price",
                "given twice",
            ),
            (
                r#"[{"price": 1, "at_time": 1, "ops": [-1]}]"#,
                "[0].ops[0]",
                "-1 is not an integer ID",
            ),
            (
                r#"[{"price": "1.", "at_time": 1}]"#,
                "[0].price",
                "is not a decimal number",
            ),
            (
                r#"[{"price": 1e99, "at_time": 1}]"#,
                "[0].price",
                "does not fit",
            ),
            (
                r#"[{"price": 1, "at_time": 99999999999999999999}]"#,
                "[0].at_time",
                "out of range",
            ),
            (r#"[{"price": 1, "at_time": 1}"#, "", "ends too early"),
            (
                r#"[{"price": 1, "at_time": 1}] x"#,
                "",
                "expected the end of the JSON",
            ),
            (r#"{"price": 1}"#, "", "expected a list, got an object"),
            ("", "", "ends too early"),
            ("<html>", "", "invalid JSON at byte 0"),
        ];
        for (text, path, reason) in cases {
            let (got_path, got_reason) = js(text).unwrap_err();
            assert_eq!(got_path, path, "{text}");
            assert!(got_reason.contains(reason), "{text}: {got_reason}");
        }
    }

    #[test]
    fn plain_decimals_are_recognised_without_parsing() {
        for plain in ["0", "0.0", "680.0", "-5.5556", "1", "0.00000001"] {
            assert!(is_plain_decimal(plain.as_bytes()), "{plain}");
        }
        for other in [
            "-0", "-0.5", "00", "01.5", "1e5", ".5", "5.", "", "-", "1.2.3",
        ] {
            assert!(!is_plain_decimal(other.as_bytes()), "{other}");
        }
        assert!(is_plain_decimal(b"1234567890123456789012345678"));
        assert!(!is_plain_decimal(b"12345678901234567890123456789"));
    }

    #[test]
    fn nodes_and_js_text_agree() {
        let text = r#"[{"price": "1.50", "at_time": 3, "ops": ["x"]}]"#;
        let node = read_node(text.as_bytes(), &LEVELS).unwrap();
        let mut out = Vec::new();
        write_node(&mut out, &node, &LEVELS);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            r#"[{"price":"1.50","atTime":3,"note":null,"ops":["x"]}]"#
        );
    }
}
