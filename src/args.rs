//! What a caller from a dynamic language passes, checked against what each argument
//! must be before any of it reaches the rest of the core.
//!
//! The JS skin hands every argument over as a [`Value`] (its `JsValue` behind the
//! trait); [`read`] checks it against the argument's [`Kind`] (the same kinds the
//! wire schema reads JSON with) and makes the same [`Node`] the JSON walk would, so
//! the options bags and parameters objects are read by one code path whichever way
//! they come in. The plain arguments (a UUID, an index, a count) have their own small
//! readers ([`text`], [`index`], [`count`], ...). Whatever is wrong is a [`Refused`]
//! naming the argument with its path (`options.timeoutMs`, `params.types[1]`) and
//! saying, in English or French, what was expected and what came.
//!
//! Pure Rust, tested on the host over a test [`Value`]; nothing here can fail other
//! than by returning a [`Refused`].

use crate::config::Locale;
use crate::decimal::parse_exact;
use crate::json;
use crate::schema::{Kind, Node, Schema};

/// The deepest nesting read (an object in a list in an object...): deeper is refused,
/// which also ends a value that contains itself.
pub const MAX_DEPTH: usize = 32;

/// What a value is, as the language sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    /// `undefined`: not given.
    Undefined,
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool,
    /// A finite number.
    Number,
    /// `NaN`, `Infinity` or `-Infinity`.
    NotFinite,
    /// A `BigInt`.
    BigInt,
    /// A string.
    Text,
    /// A `Symbol`.
    Symbol,
    /// A function.
    Function,
    /// An array.
    List,
    /// A `Uint8Array` or an `ArrayBuffer`.
    Bytes,
    /// Any other object.
    Object,
}

impl Found {
    /// The value's type in words, for messages.
    pub fn text(self, locale: Locale) -> &'static str {
        let fr = locale == Locale::Fr;
        match self {
            Found::Undefined => "undefined",
            Found::Null => "null",
            Found::Bool if fr => "un booléen",
            Found::Bool => "a boolean",
            Found::Number if fr => "un nombre",
            Found::Number => "a number",
            Found::NotFinite if fr => "NaN ou l'infini",
            Found::NotFinite => "NaN or an infinity",
            Found::BigInt if fr => "un BigInt",
            Found::BigInt => "a BigInt",
            Found::Text if fr => "une chaîne",
            Found::Text => "a string",
            Found::Symbol if fr => "un Symbol",
            Found::Symbol => "a Symbol",
            Found::Function if fr => "une fonction",
            Found::Function => "a function",
            Found::List if fr => "un tableau",
            Found::List => "an array",
            Found::Bytes if fr => "des octets (Uint8Array ou ArrayBuffer)",
            Found::Bytes => "bytes (a Uint8Array or an ArrayBuffer)",
            Found::Object if fr => "un objet",
            Found::Object => "an object",
        }
    }

    /// `undefined` or `null`: what an optional argument may be when it is not given.
    pub fn is_nothing(self) -> bool {
        matches!(self, Found::Undefined | Found::Null)
    }
}

/// What an argument must be, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Want {
    /// A string.
    Text,
    /// `true` or `false`.
    Bool,
    /// A whole number from `min` to `max`.
    Whole {
        /// The smallest accepted.
        min: u32,
        /// The largest accepted.
        max: u32,
    },
    /// A decimal: a number, or a string of digits (`"0.5"`).
    Decimal,
    /// An object (an options bag, a parameters object).
    Object,
    /// An array.
    List,
    /// A function (a callback).
    Function,
    /// An instance of this class.
    Instance(&'static str),
    /// A response body: a string, a `Uint8Array` or an `ArrayBuffer`.
    Body,
    /// A value JSON can write: no function, Symbol, BigInt, `NaN` or infinity.
    Json,
}

impl Want {
    /// What is wanted in words, for messages (`a whole number from 1 to 10`).
    pub fn text(self, locale: Locale) -> String {
        let fr = locale == Locale::Fr;
        match self {
            Want::Text if fr => "une chaîne".into(),
            Want::Text => "a string".into(),
            Want::Bool if fr => "true ou false".into(),
            Want::Bool => "true or false".into(),
            Want::Whole { min, max } if fr => format!("un entier de {min} à {max}"),
            Want::Whole { min, max } => format!("a whole number from {min} to {max}"),
            Want::Decimal if fr => "un nombre ou une chaîne décimale (\"0.5\")".into(),
            Want::Decimal => "a number or a decimal string (\"0.5\")".into(),
            Want::Object if fr => "un objet".into(),
            Want::Object => "an object".into(),
            Want::List if fr => "un tableau".into(),
            Want::List => "an array".into(),
            Want::Function if fr => "une fonction".into(),
            Want::Function => "a function".into(),
            Want::Instance(class) if fr => format!("un objet {class}"),
            Want::Instance(class) => format!("an {class} object"),
            Want::Body if fr => "une chaîne, un Uint8Array ou un ArrayBuffer".into(),
            Want::Body => "a string, a Uint8Array or an ArrayBuffer".into(),
            Want::Json if fr => {
                "une valeur JSON (ni fonction, ni Symbol, ni BigInt, ni NaN)".into()
            }
            Want::Json => "a JSON value (no function, Symbol, BigInt or NaN)".into(),
        }
    }

    /// What a value of `kind` must be.
    fn of(kind: &Kind) -> Want {
        match kind {
            Kind::Decimal => Want::Decimal,
            Kind::Text | Kind::Short(_) | Kind::Name(_) | Kind::Id => Want::Text,
            Kind::Int => Want::Whole {
                min: 0,
                max: u32::MAX,
            },
            Kind::Bool => Want::Bool,
            Kind::Object(_) => Want::Object,
            Kind::List(_) | Kind::Tuple(_) => Want::List,
            Kind::Nullable(inner) | Kind::Optional(inner) => Want::of(inner),
            Kind::Any => Want::Json,
        }
    }
}

/// An argument value, as the calling language holds it. Reading a member may run the
/// caller's code (a getter, a proxy) and fail: that is an `Err` with its message.
pub trait Value: Sized {
    /// What the value is.
    fn found(&self) -> Found;
    /// The value if it is a string; `None` for anything else.
    fn text(&self) -> Option<String>;
    /// A finite number, and its shortest text as the language writes it (JS:
    /// `String(n)`, so `0.1` is `"0.1"` and `1e-7` is `"1e-7"`).
    fn number(&self) -> Option<(f64, String)>;
    /// The value if it is `true` or `false`; `None` for anything else.
    fn boolean(&self) -> Option<bool>;
    /// An object's own enumerable string keys, in order.
    fn keys(&self) -> Result<Vec<String>, String>;
    /// An object's member (`undefined` when it has none).
    fn get(&self, key: &str) -> Result<Self, String>;
    /// A list's items.
    fn items(&self) -> Result<Vec<Self>, String>;
}

/// An argument the library does not take: which one (`uuid`, `options.timeoutMs`,
/// `params.types[1]`) and why, in the caller's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    /// The argument, with its path within it: `uuid`, `options.timeoutMs`,
    /// `params.types[1]`.
    pub argument: String,
    /// What was wrong, in the caller's language: `expected a string, got null`.
    pub reason: String,
    /// The language `reason` is in.
    pub locale: Locale,
}

impl Refused {
    /// `argument` is refused for `reason`.
    pub fn new(argument: impl Into<String>, reason: impl Into<String>, locale: Locale) -> Refused {
        Refused {
            argument: argument.into(),
            reason: reason.into(),
            locale,
        }
    }

    /// `argument` is `found` where it must be `want`.
    pub fn wrong(argument: impl Into<String>, want: Want, found: Found, locale: Locale) -> Refused {
        let reason = if locale == Locale::Fr {
            format!(
                "attendu : {} ; reçu : {}",
                want.text(locale),
                found.text(locale)
            )
        } else {
            format!("expected {}, got {}", want.text(locale), found.text(locale))
        };
        Refused::new(argument, reason, locale)
    }

    fn missing(argument: String, locale: Locale) -> Refused {
        let reason = if locale == Locale::Fr {
            "manquant"
        } else {
            "missing"
        };
        Refused::new(argument, reason, locale)
    }

    fn unreadable(argument: String, why: String, locale: Locale) -> Refused {
        let reason = if locale == Locale::Fr {
            format!("illisible : {why}")
        } else {
            format!("could not be read: {why}")
        };
        Refused::new(argument, reason, locale)
    }
}

/// A required string.
pub fn text<V: Value>(value: &V, argument: &str, locale: Locale) -> Result<String, Refused> {
    value
        .text()
        .ok_or_else(|| Refused::wrong(argument, Want::Text, value.found(), locale))
}

/// An optional string: `undefined` and `null` are `None`.
pub fn optional_text<V: Value>(
    value: &V,
    argument: &str,
    locale: Locale,
) -> Result<Option<String>, Refused> {
    if value.found().is_nothing() {
        return Ok(None);
    }
    text(value, argument, locale).map(Some)
}

/// A whole number from `min` to `max` (a count, an index, a number of pages).
pub fn whole<V: Value>(
    value: &V,
    argument: &str,
    min: u32,
    max: u32,
    locale: Locale,
) -> Result<u32, Refused> {
    let want = Want::Whole { min, max };
    let (number, shown) = value
        .number()
        .ok_or_else(|| Refused::wrong(argument, want, value.found(), locale))?;
    if number.fract() != 0.0 || number < f64::from(min) || number > f64::from(max) {
        let reason = if locale == Locale::Fr {
            format!("attendu : {} ; reçu : {shown}", want.text(locale))
        } else {
            format!("expected {}, got {shown}", want.text(locale))
        };
        return Err(Refused::new(argument, reason, locale));
    }
    // Whole and within u32: exact.
    Ok(number as u32)
}

/// An index into a list: a whole number, 0 or more.
pub fn index<V: Value>(value: &V, argument: &str, locale: Locale) -> Result<u32, Refused> {
    whole(value, argument, 0, u32::MAX, locale)
}

/// An optional count (`undefined` and `null` are `None`: all of them).
pub fn count<V: Value>(value: &V, argument: &str, locale: Locale) -> Result<Option<u32>, Refused> {
    if value.found().is_nothing() {
        return Ok(None);
    }
    whole(value, argument, 0, u32::MAX, locale).map(Some)
}

/// Reads `value` as `kind` into the [`Node`] the JSON walk would make of its JSON
/// text, with every problem a [`Refused`] on `argument` and the path within it. A
/// member that is `undefined` is absent, as `JSON.stringify` would leave it out.
pub fn read<V: Value>(
    value: &V,
    kind: &Kind,
    argument: &str,
    locale: Locale,
) -> Result<Node, Refused> {
    let found = value.found();
    if found == Found::Undefined && !matches!(kind, Kind::Optional(_)) {
        // Not given at all: the argument is of the wrong type, not a missing member.
        return Err(Refused::wrong(argument, Want::of(kind), found, locale));
    }
    let mut reader = Reader {
        locale,
        path: argument.to_owned(),
    };
    match reader.node(value, kind, 0)? {
        Some(node) => Ok(node),
        // An optional argument not given: an object without members.
        None => Ok(match kind {
            Kind::Optional(Kind::Object(schema) | Kind::Nullable(Kind::Object(schema))) => {
                Node::Object(vec![None; schema.fields.len()])
            }
            _ => Node::Null,
        }),
    }
}

struct Reader {
    locale: Locale,
    /// Where the reader is: `options.rateLimiter.perSecond`.
    path: String,
}

impl Reader {
    fn wrong(&self, want: Want, found: Found) -> Refused {
        Refused::wrong(self.path.clone(), want, found, self.locale)
    }

    fn refuse(&self, reason: String) -> Refused {
        Refused::new(self.path.clone(), reason, self.locale)
    }

    fn unreadable(&self, why: String) -> Refused {
        Refused::unreadable(self.path.clone(), why, self.locale)
    }

    /// Runs `read` with `step` appended to the path.
    fn within<T>(
        &mut self,
        step: std::fmt::Arguments<'_>,
        read: impl FnOnce(&mut Self) -> Result<T, Refused>,
    ) -> Result<T, Refused> {
        let length = self.path.len();
        std::fmt::Write::write_fmt(&mut self.path, step).ok();
        let result = read(self);
        self.path.truncate(length);
        result
    }

    fn deeper(&self, depth: usize) -> Result<usize, Refused> {
        if depth + 1 >= MAX_DEPTH {
            let reason = if self.locale == Locale::Fr {
                format!("imbriqué sur plus de {MAX_DEPTH} niveaux (une valeur qui se contient ?)")
            } else {
                format!("nested more than {MAX_DEPTH} levels deep (a value that contains itself?)")
            };
            return Err(self.refuse(reason));
        }
        Ok(depth + 1)
    }

    /// `None`: absent (`undefined` where the kind is optional).
    fn node<V: Value>(
        &mut self,
        value: &V,
        kind: &Kind,
        depth: usize,
    ) -> Result<Option<Node>, Refused> {
        let found = value.found();
        let node = match (kind, found) {
            (Kind::Optional(_), Found::Undefined) => return Ok(None),
            (Kind::Optional(inner), _) => return self.node(value, inner, depth),
            (_, Found::Undefined) => return Err(Refused::missing(self.path.clone(), self.locale)),
            (Kind::Nullable(_), Found::Null) => Node::Null,
            (Kind::Nullable(inner), _) => return self.node(value, inner, depth),
            (Kind::Text | Kind::Short(_), Found::Text) => {
                Node::Text(value.text().unwrap_or_default())
            }
            (Kind::Name(names), Found::Text) => {
                let text = value.text().unwrap_or_default();
                if !names.open && !names.names.contains(&text.as_str()) {
                    return Err(self.refuse(not_one_of(&text, names.names, self.locale)));
                }
                Node::Text(text)
            }
            (Kind::Id, Found::Text) => Node::Text(value.text().unwrap_or_default()),
            (Kind::Decimal, Found::Text) => self.decimal(&value.text().unwrap_or_default())?,
            (Kind::Decimal, Found::Number) => {
                let (_, text) = value.number().unwrap_or_default();
                self.decimal(&text)?
            }
            (Kind::Int | Kind::Id, Found::Number) => {
                let (number, text) = value.number().unwrap_or_default();
                // Integers JS holds exactly: |n| <= 2^53.
                let exact = number.fract() == 0.0 && number.abs() <= 9_007_199_254_740_992.0;
                if !exact || (matches!(kind, Kind::Id) && number < 0.0) {
                    return Err(
                        self.refuse(format!("{text}: {}", Want::of(kind).text(self.locale)))
                    );
                }
                match kind {
                    Kind::Id => Node::Text(text),
                    _ => Node::Int(number as i64),
                }
            }
            (Kind::Bool, Found::Bool) => Node::Bool(value.boolean().unwrap_or_default()),
            (Kind::Object(schema), Found::Object) => self.object(value, schema, depth)?,
            (Kind::List(item), Found::List) => {
                let depth = self.deeper(depth)?;
                let items = value.items().map_err(|why| self.unreadable(why))?;
                let mut nodes = Vec::with_capacity(items.len());
                for (i, each) in items.iter().enumerate() {
                    let node = self.within(format_args!("[{i}]"), |reader| {
                        reader.node(each, item, depth)
                    })?;
                    nodes.push(node.unwrap_or(Node::Null));
                }
                Node::List(nodes)
            }
            (Kind::Tuple(kinds), Found::List) => {
                let depth = self.deeper(depth)?;
                let items = value.items().map_err(|why| self.unreadable(why))?;
                if items.len() != kinds.len() {
                    let (want, got) = (kinds.len(), items.len());
                    return Err(self.refuse(if self.locale == Locale::Fr {
                        format!("attendu : un tableau de {want} valeurs ; reçu : {got}")
                    } else {
                        format!("expected an array of {want} values, got {got}")
                    }));
                }
                let mut nodes = Vec::with_capacity(items.len());
                for (i, (each, kind)) in items.iter().zip(kinds.iter()).enumerate() {
                    let node = self.within(format_args!("[{i}]"), |reader| {
                        reader.node(each, kind, depth)
                    })?;
                    nodes.push(node.unwrap_or(Node::Null));
                }
                Node::List(nodes)
            }
            (Kind::Any, _) => {
                let mut out = Vec::new();
                self.json(value, &mut out, depth)?;
                Node::Raw(String::from_utf8(out).unwrap_or_default())
            }
            (kind, found) => return Err(self.wrong(Want::of(kind), found)),
        };
        Ok(Some(node))
    }

    fn decimal(&self, text: &str) -> Result<Node, Refused> {
        parse_exact(text).map(Node::Decimal).map_err(|_| {
            let reason = if self.locale == Locale::Fr {
                format!("« {text} » n'est pas un nombre décimal exact")
            } else {
                format!("{text:?} is not an exact decimal number")
            };
            self.refuse(reason)
        })
    }

    fn object<V: Value>(
        &mut self,
        value: &V,
        schema: &'static Schema,
        depth: usize,
    ) -> Result<Node, Refused> {
        let depth = self.deeper(depth)?;
        let keys = value.keys().map_err(|why| self.unreadable(why))?;
        if schema.closed {
            if let Some(unknown) = keys
                .iter()
                .find(|key| !schema.fields.iter().any(|f| f.js == key.as_str()))
            {
                let reason = crate::messages::Text::UnknownOption {
                    key: unknown.clone(),
                    known: schema.fields.iter().map(|f| f.js).collect(),
                }
                .text(self.locale);
                return Err(self.within(format_args!(".{unknown}"), |reader| {
                    Err(reader.refuse(reason))
                })?);
            }
        }
        let mut slots = Vec::with_capacity(schema.fields.len());
        for field in schema.fields {
            let slot = self.within(format_args!(".{}", field.js), |reader| {
                let member = value.get(field.js).map_err(|why| reader.unreadable(why))?;
                reader.node(&member, &field.kind, depth)
            })?;
            slots.push(slot);
        }
        Ok(Node::Object(slots))
    }

    /// `value` as JSON text (a [`Kind::Any`] value), refusing what JSON cannot
    /// write rather than writing `null` for it as `JSON.stringify` would. Members
    /// that are `undefined` are left out, as `JSON.stringify` leaves them.
    fn json<V: Value>(
        &mut self,
        value: &V,
        out: &mut Vec<u8>,
        depth: usize,
    ) -> Result<(), Refused> {
        match value.found() {
            Found::Null => out.extend_from_slice(b"null"),
            Found::Bool => {
                let text: &[u8] = if value.boolean() == Some(true) {
                    b"true"
                } else {
                    b"false"
                };
                out.extend_from_slice(text);
            }
            Found::Number => out.extend_from_slice(value.number().unwrap_or_default().1.as_bytes()),
            Found::Text => json::write_str(out, &value.text().unwrap_or_default()),
            Found::List => {
                let depth = self.deeper(depth)?;
                let items = value.items().map_err(|why| self.unreadable(why))?;
                out.push(b'[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(b',');
                    }
                    self.within(format_args!("[{i}]"), |reader| {
                        reader.json(item, out, depth)
                    })?;
                }
                out.push(b']');
            }
            Found::Object => {
                let depth = self.deeper(depth)?;
                let keys = value.keys().map_err(|why| self.unreadable(why))?;
                out.push(b'{');
                let mut first = true;
                for key in &keys {
                    self.within(format_args!(".{key}"), |reader| {
                        let member = value.get(key).map_err(|why| reader.unreadable(why))?;
                        if member.found() == Found::Undefined {
                            return Ok(());
                        }
                        if !first {
                            out.push(b',');
                        }
                        first = false;
                        json::write_str(out, key);
                        out.push(b':');
                        reader.json(&member, out, depth)
                    })?;
                }
                out.push(b'}');
            }
            found => return Err(self.wrong(Want::Json, found)),
        }
        Ok(())
    }
}

fn not_one_of(text: &str, names: &[&str], locale: Locale) -> String {
    let names = names.join(", ");
    if locale == Locale::Fr {
        format!("« {text} » n'est pas l'un de : {names}")
    } else {
        format!("{text:?} is not one of {names}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{ClientOptions, bag_field};
    use crate::schema::Names;

    /// A JS value, for the host.
    #[derive(Debug, Clone)]
    enum Js {
        Undefined,
        Null,
        Bool(bool),
        Number(f64),
        BigInt,
        Text(&'static str),
        Symbol,
        Function,
        List(Vec<Js>),
        Object(Vec<(&'static str, Js)>),
        /// A proxy whose traps throw.
        Hostile,
    }

    impl Value for Js {
        fn found(&self) -> Found {
            match self {
                Js::Undefined => Found::Undefined,
                Js::Null => Found::Null,
                Js::Bool(_) => Found::Bool,
                Js::Number(n) if n.is_finite() => Found::Number,
                Js::Number(_) => Found::NotFinite,
                Js::BigInt => Found::BigInt,
                Js::Text(_) => Found::Text,
                Js::Symbol => Found::Symbol,
                Js::Function => Found::Function,
                Js::List(_) => Found::List,
                Js::Object(_) | Js::Hostile => Found::Object,
            }
        }
        fn text(&self) -> Option<String> {
            match self {
                Js::Text(text) => Some((*text).to_owned()),
                _ => None,
            }
        }
        fn number(&self) -> Option<(f64, String)> {
            match self {
                Js::Number(n) if n.is_finite() => Some((*n, n.to_string())),
                _ => None,
            }
        }
        fn boolean(&self) -> Option<bool> {
            match self {
                Js::Bool(b) => Some(*b),
                _ => None,
            }
        }
        fn keys(&self) -> Result<Vec<String>, String> {
            match self {
                Js::Object(members) => Ok(members.iter().map(|(k, _)| (*k).to_owned()).collect()),
                Js::Hostile => Err("ownKeys trap threw".into()),
                _ => Ok(Vec::new()),
            }
        }
        fn get(&self, key: &str) -> Result<Js, String> {
            match self {
                Js::Object(members) => Ok(members
                    .iter()
                    .find(|(k, _)| *k == key)
                    .map_or(Js::Undefined, |(_, v)| v.clone())),
                Js::Hostile => Err("get trap threw".into()),
                _ => Ok(Js::Undefined),
            }
        }
        fn items(&self) -> Result<Vec<Js>, String> {
            match self {
                Js::List(items) => Ok(items.clone()),
                _ => Ok(Vec::new()),
            }
        }
    }

    fn options(members: Vec<(&'static str, Js)>) -> Result<Node, Refused> {
        read(
            &Js::Object(members),
            &Kind::Object(ClientOptions::SCHEMA),
            "options",
            Locale::En,
        )
    }

    #[test]
    fn a_bag_reads_as_the_json_walk_reads_its_json() {
        let node = options(vec![
            ("baseUrl", Js::Text("http://127.0.0.1:8080")),
            ("timeoutMs", Js::Number(2500.0)),
            ("locale", Js::Undefined),
            (
                "rateLimiter",
                Js::Object(vec![
                    ("perSecond", Js::Number(0.5)),
                    ("burst", Js::Undefined),
                ]),
            ),
        ])
        .unwrap();
        let json = br#"{"baseUrl":"http://127.0.0.1:8080","timeoutMs":2500,"rateLimiter":{"perSecond":0.5}}"#;
        let walked = crate::schema::read_node(json, &Kind::Object(ClientOptions::SCHEMA)).unwrap();
        assert_eq!(node, walked);
    }

    #[test]
    fn every_wrong_member_is_named_with_its_path() {
        for (members, argument, says) in [
            (
                vec![("timeoutMs", Js::Number(f64::NAN))],
                "options.timeoutMs",
                "NaN",
            ),
            (
                vec![("timeoutMs", Js::BigInt)],
                "options.timeoutMs",
                "BigInt",
            ),
            (
                vec![("baseUrl", Js::Number(1.0))],
                "options.baseUrl",
                "expected a string, got a number",
            ),
            (
                vec![("baseURL", Js::Text("x"))],
                "options.baseURL",
                "unknown option `baseURL`; did you mean `baseUrl`?",
            ),
            (
                vec![("locale", Js::Symbol)],
                "options.locale",
                "got a Symbol",
            ),
            (
                vec![("rateLimiter", Js::Object(vec![("perSecond", Js::Function)]))],
                "options.rateLimiter.perSecond",
                "got a function",
            ),
            (
                vec![(
                    "rateLimiter",
                    Js::List(vec![Js::Number(1.0), Js::Number(f64::INFINITY)]),
                )],
                "options.rateLimiter[1]",
                "NaN or an infinity",
            ),
            (
                vec![("currency", Js::Hostile)],
                "options.currency",
                "expected a string, got an object",
            ),
            (
                vec![("rateLimiter", Js::Hostile)],
                "options.rateLimiter",
                "could not be read: ownKeys",
            ),
        ] {
            let refused = options(members.clone()).unwrap_err();
            assert_eq!(refused.argument, argument, "{members:?}");
            assert!(
                refused.reason.contains(says),
                "{members:?}: {}",
                refused.reason
            );
        }
        let refused = read(
            &Js::Hostile,
            &Kind::Object(ClientOptions::SCHEMA),
            "options",
            Locale::En,
        )
        .unwrap_err();
        assert_eq!(refused.argument, "options");
        assert!(
            refused.reason.contains("could not be read"),
            "{}",
            refused.reason
        );
    }

    #[test]
    fn the_whole_argument_of_the_wrong_type_is_refused_by_name() {
        let kind = Kind::Object(ClientOptions::SCHEMA);
        for (value, found) in [
            (Js::Number(1.0), "a number"),
            (Js::Text("x"), "a string"),
            (Js::List(vec![]), "an array"),
            (Js::Function, "a function"),
            (Js::Bool(true), "a boolean"),
            (Js::Null, "null"),
            (Js::Undefined, "undefined"),
        ] {
            let refused = read(&value, &kind, "options", Locale::En).unwrap_err();
            assert_eq!(refused.argument, "options");
            assert_eq!(refused.reason, format!("expected an object, got {found}"));
        }
        // Optional: not given is an empty bag.
        const OPTIONAL: Kind =
            Kind::Optional(&Kind::Nullable(&Kind::Object(ClientOptions::SCHEMA)));
        let optional = OPTIONAL;
        assert_eq!(
            read(&Js::Undefined, &optional, "options", Locale::En).unwrap(),
            Node::Object(vec![None; ClientOptions::SCHEMA.fields.len()])
        );
        assert_eq!(
            read(&Js::Null, &optional, "options", Locale::En).unwrap(),
            Node::Null
        );
    }

    #[test]
    fn messages_are_in_the_callers_language() {
        let refused = read(
            &Js::Object(vec![("baseUrl", Js::Number(1.0))]),
            &Kind::Object(ClientOptions::SCHEMA),
            "options",
            Locale::Fr,
        )
        .unwrap_err();
        assert_eq!(refused.reason, "attendu : une chaîne ; reçu : un nombre");
        let refused = text(&Js::Null, "uuid", Locale::Fr).unwrap_err();
        assert_eq!(refused.reason, "attendu : une chaîne ; reçu : null");
    }

    #[test]
    fn a_value_that_contains_itself_ends_at_the_depth_limit() {
        let mut value = Js::Number(1.0);
        for _ in 0..MAX_DEPTH + 2 {
            value = Js::Object(vec![("perSecond", value)]);
        }
        let refused = options(vec![("rateLimiter", value)]).unwrap_err();
        assert!(
            refused.reason.contains("nested more than"),
            "{}",
            refused.reason
        );
    }

    #[test]
    fn plain_arguments() {
        assert_eq!(text(&Js::Text("u"), "uuid", Locale::En).unwrap(), "u");
        assert_eq!(
            text(&Js::Number(3.0), "uuid", Locale::En)
                .unwrap_err()
                .argument,
            "uuid"
        );
        assert_eq!(optional_text(&Js::Null, "url", Locale::En).unwrap(), None);
        assert_eq!(
            optional_text(&Js::Undefined, "url", Locale::En).unwrap(),
            None
        );
        assert!(optional_text(&Js::Bool(false), "url", Locale::En).is_err());
        assert_eq!(index(&Js::Number(3.0), "index", Locale::En).unwrap(), 3);
        for bad in [
            Js::Number(-1.0),
            Js::Number(1.5),
            Js::Number(f64::NAN),
            Js::Number(4294967296.0),
            Js::BigInt,
            Js::Text("1"),
        ] {
            let refused = index(&bad, "index", Locale::En).unwrap_err();
            assert_eq!(refused.argument, "index");
            assert!(
                refused
                    .reason
                    .starts_with("expected a whole number from 0 to 4294967295"),
                "{bad:?}: {}",
                refused.reason
            );
        }
        assert_eq!(count(&Js::Null, "count", Locale::En).unwrap(), None);
        assert_eq!(
            count(&Js::Number(0.0), "count", Locale::En).unwrap(),
            Some(0)
        );
        assert_eq!(
            whole(&Js::Number(1001.0), "maxPages", 1, 1000, Locale::En)
                .unwrap_err()
                .reason,
            "expected a whole number from 1 to 1000, got 1001"
        );
    }

    #[test]
    fn kinds_beyond_the_bags() {
        static NAMES: Names = Names {
            ts: "T",
            doc: "",
            names: &["buy", "sell"],
            open: false,
        };
        static SCHEMA: Schema = Schema {
            name: "S",
            doc: "",
            fields: &[
                bag_field("side", Kind::Name(&NAMES)),
                bag_field("price", Kind::Decimal),
                bag_field("at", Kind::Int),
                bag_field("id", Kind::Id),
                bag_field("pair", Kind::Tuple(&[Kind::Decimal, Kind::Decimal])),
                bag_field("flags", Kind::Optional(&Kind::List(&Kind::Bool))),
            ],
            closed: false,
        };
        let kind = Kind::Object(&SCHEMA);
        let good = Js::Object(vec![
            ("side", Js::Text("buy")),
            ("price", Js::Text("680.10")),
            ("at", Js::Number(1.5e12)),
            ("id", Js::Number(42.0)),
            ("pair", Js::List(vec![Js::Number(0.1), Js::Text("2")])),
            ("extra", Js::Symbol),
        ]);
        let node = read(&good, &kind, "x", Locale::En).unwrap();
        let json =
            br#"{"side":"buy","price":"680.10","at":1500000000000,"id":"42","pair":[0.1,"2"]}"#;
        assert_eq!(node, crate::schema::read_node(json, &kind).unwrap());
        for (member, value, says) in [
            ("side", Js::Text("hold"), "\"hold\" is not one of buy, sell"),
            ("price", Js::Text("1,5"), "not an exact decimal"),
            ("at", Js::Number(0.5), "0.5:"),
            ("id", Js::Number(-1.0), "-1:"),
            (
                "pair",
                Js::List(vec![Js::Number(1.0)]),
                "expected an array of 2 values, got 1",
            ),
        ] {
            let Js::Object(mut members) = good.clone() else {
                unreachable!()
            };
            members.retain(|(k, _)| *k != member);
            members.push((member, value));
            let refused = read(&Js::Object(members), &kind, "x", Locale::En).unwrap_err();
            assert_eq!(refused.argument, format!("x.{member}"));
            assert!(
                refused.reason.contains(says),
                "{member}: {}",
                refused.reason
            );
        }
        let Js::Object(mut members) = good else {
            unreachable!()
        };
        members.retain(|(k, _)| *k != "price");
        let refused = read(&Js::Object(members), &kind, "x", Locale::En).unwrap_err();
        assert_eq!(
            (refused.argument.as_str(), refused.reason.as_str()),
            ("x.price", "missing")
        );
    }
}
