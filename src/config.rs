//! Client configuration: where the exchange is, which market, which language.
//!
//! A [`Config`] is always valid: every setter checks its input, so a bad base URL or
//! currency is an [`Error::InvalidArgument`] at construction, not a confusing network
//! error later.

use rust_decimal::{Decimal, RoundingStrategy};

use crate::decimal::parse_exact;
use crate::error::Error;
use crate::limiter::LimiterSettings;
use crate::messages::{Text, Unit, UrlProblem};
use crate::retry::{MAX_RETRIES, RetryPolicy};
use crate::schema::{self, Field, FromNode, Kind, Node, Problem, Schema};

/// The real exchange. Point a client at the sandbox with [`Config::with_base_url`].
pub const DEFAULT_BASE_URL: &str = "https://bitcoin-central.net";
/// The market of the spec's examples.
pub const DEFAULT_CURRENCY: &str = "eur";
/// How long a request may take, body included, before it is aborted.
pub const DEFAULT_TIMEOUT_MS: u32 = 10_000;
/// The longest timeout accepted (10 minutes).
pub const MAX_TIMEOUT_MS: u32 = 600_000;
/// The largest answer a request accepts, in bytes, unless told otherwise: 8 MiB, many
/// times the largest real answer (a full `depth()`).
pub const DEFAULT_MAX_RESPONSE_BYTES: u32 = 8 * 1024 * 1024;
/// The smallest `maxResponseBytes` accepted (1 KiB).
pub const MIN_MAX_RESPONSE_BYTES: u32 = 1024;
/// The largest `maxResponseBytes` accepted (256 MiB).
pub const MAX_MAX_RESPONSE_BYTES: u32 = 256 * 1024 * 1024;

/// The languages the exchange localizes its messages in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Locale {
    /// English (`en`), the default.
    #[default]
    En,
    /// French (`fr`).
    Fr,
}

impl Locale {
    /// The tag sent as `Accept-Language`.
    pub const fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Fr => "fr",
        }
    }

    /// A supported locale from a language tag: `"fr"`, `"fr-CA"`, `"EN-gb"`.
    pub fn from_tag(tag: &str) -> Option<Locale> {
        let language = tag.split(['-', '_']).next().unwrap_or_default();
        if language.eq_ignore_ascii_case("en") {
            Some(Locale::En)
        } else if language.eq_ignore_ascii_case("fr") {
            Some(Locale::Fr)
        } else {
            None
        }
    }

    /// The best locale for a browser's preferred languages (`navigator.languages`):
    /// the first supported one, else English.
    pub fn negotiate<'a>(preferred: impl IntoIterator<Item = &'a str>) -> Locale {
        preferred
            .into_iter()
            .find_map(Locale::from_tag)
            .unwrap_or_default()
    }
}

/// The origin of an http(s) URL, as browsers compare them: `scheme://host[:port]`,
/// scheme and host in lower case, without a user, a path or the scheme's default port
/// (`HTTPS://Example.com:443/api` → `https://example.com`). `None` for another scheme.
pub fn origin(url: &str) -> Option<String> {
    let url = url.trim();
    let (scheme, rest) = url.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "http" => ":80",
        "https" => ":443",
        _ => return None,
    };
    let authority = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
    let host = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    let host = host.to_ascii_lowercase();
    let host = host.strip_suffix(default_port).unwrap_or(&host);
    (!host.is_empty()).then(|| format!("{scheme}://{host}"))
}

/// The options bag of `new Client({...})`, as JS passes it (see
/// [`ClientOptions::from_json`]). Unknown keys are refused, so a typo such as
/// `baseURL` is an error instead of a silent default. Numbers are kept exact, as
/// decimals, and checked by [`Config::from_options`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClientOptions {
    /// `baseUrl`: the exchange's address; `None`: [`DEFAULT_BASE_URL`].
    pub base_url: Option<String>,
    /// `currency`: the market's currency code (`"eur"`); `None`: [`DEFAULT_CURRENCY`].
    pub currency: Option<String>,
    /// `locale`: a language tag (`"fr"`, `"fr-CA"`); `None`: the default locale given
    /// to [`Config::from_options`] (in the browser, the page's language).
    pub locale: Option<String>,
    /// `timeoutMs`: milliseconds a request may take, 1 to [`MAX_TIMEOUT_MS`]; `None`:
    /// [`DEFAULT_TIMEOUT_MS`].
    pub timeout_ms: Option<Decimal>,
    /// `retries`: how many times a GET is tried again, 0 to
    /// [`crate::retry::MAX_RETRIES`]; `None`: [`crate::retry::DEFAULT_RETRIES`].
    pub retries: Option<Decimal>,
    /// `retryBudgetMs`: milliseconds a GET may spend waiting between its attempts;
    /// `None`: [`crate::retry::DEFAULT_RETRY_BUDGET_MS`].
    pub retry_budget_ms: Option<Decimal>,
    /// `None` (JS `false` or absent): no client-side limit. JS `true` is the default
    /// pace (`LimiterPace::default()`), `{ perSecond, burst }` a pace of its own.
    pub rate_limiter: Option<LimiterPace>,
    /// `maxResponseBytes`: the largest answer accepted, [`MIN_MAX_RESPONSE_BYTES`] to
    /// [`MAX_MAX_RESPONSE_BYTES`]; `None`: [`DEFAULT_MAX_RESPONSE_BYTES`].
    pub max_response_bytes: Option<Decimal>,
}

/// `rateLimiter: { perSecond, burst }`; a missing member keeps its default.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LimiterPace {
    /// Calls a second, fractions allowed (`0.5` is one call every 2 s).
    pub per_second: Option<Decimal>,
    /// Calls that may go at once, 1 to 1000 (default
    /// [`crate::limiter::DEFAULT_BURST`]).
    pub burst: Option<Decimal>,
}

const TEXT: Kind = Kind::Optional(&Kind::Nullable(&Kind::Text));
const ANY: Kind = Kind::Optional(&Kind::Nullable(&Kind::Any));

/// A field of an options bag: the same name in JSON and in JS.
pub(crate) const fn bag_field(name: &'static str, kind: Kind) -> Field {
    Field {
        wire: name,
        js: name,
        kind,
        doc: "",
    }
}

impl ClientOptions {
    /// What `new Client({...})` accepts; numbers are read as [`Kind::Any`] so that a
    /// number written as a string is refused rather than guessed at.
    pub const SCHEMA: &'static Schema = &Schema {
        name: "ClientOptions",
        doc: "The options of `new Client({...})`.",
        fields: &[
            bag_field("baseUrl", TEXT),
            bag_field("currency", TEXT),
            bag_field("locale", TEXT),
            bag_field("timeoutMs", ANY),
            bag_field("retries", ANY),
            bag_field("retryBudgetMs", ANY),
            bag_field("rateLimiter", ANY),
            bag_field("maxResponseBytes", ANY),
        ],
        closed: true,
    };

    /// Reads the options from their JSON text (JS: `JSON.stringify(options)`). A bad
    /// shape is an `invalid-argument` error on `options` naming the key; a bad
    /// `rateLimiter` one on `rateLimiter`.
    pub fn from_json(bytes: &[u8]) -> Result<ClientOptions, Error> {
        Self::from_bag(Bag::read(bytes, Self::SCHEMA, "options")?)
    }

    /// The same from a [`Node`] read against [`Self::SCHEMA`] (a JS value, by
    /// [`crate::args::read`]).
    pub fn from_node(node: Node) -> Result<ClientOptions, Error> {
        Self::from_bag(Bag::of(node, Self::SCHEMA, "options"))
    }

    fn from_bag(mut bag: Bag) -> Result<ClientOptions, Error> {
        Ok(ClientOptions {
            base_url: bag.text(),
            currency: bag.text(),
            locale: bag.text(),
            timeout_ms: bag.number()?,
            retries: bag.number()?,
            retry_budget_ms: bag.number()?,
            rate_limiter: match bag.raw().as_deref() {
                None | Some("false") => None,
                Some("true") => Some(LimiterPace::default()),
                Some(pace) => Some(LimiterPace::from_json(pace.as_bytes())?),
            },
            max_response_bytes: bag.number()?,
        })
    }
}

impl LimiterPace {
    /// What `rateLimiter: {...}` accepts; numbers are read as [`Kind::Any`], as in
    /// [`ClientOptions::SCHEMA`].
    pub const SCHEMA: &'static Schema = &Schema {
        name: "LimiterPace",
        doc: "`rateLimiter: { perSecond, burst }`.",
        fields: &[bag_field("perSecond", ANY), bag_field("burst", ANY)],
        closed: true,
    };

    /// Reads `{ perSecond, burst }` from its JSON text; anything else is an
    /// `invalid-argument` error on `rateLimiter`.
    pub fn from_json(bytes: &[u8]) -> Result<LimiterPace, Error> {
        let hint = |error: Error| match error {
            Error::InvalidArgument { name, reason } => Error::InvalidArgument {
                // Named within the option, as `Config::from_options` names its checks.
                name: match name {
                    "perSecond" => "rateLimiter.perSecond",
                    "burst" => "rateLimiter.burst",
                    _ => "rateLimiter",
                },
                reason: match reason {
                    // Names the option meant; the shape hint would only repeat it.
                    Text::UnknownOption { .. } => reason,
                    other => Text::RateLimiterShape(Box::new(other)),
                },
            },
            other => other,
        };
        let mut bag = Bag::read(bytes, Self::SCHEMA, "rateLimiter").map_err(hint)?;
        Ok(LimiterPace {
            per_second: bag.number().map_err(hint)?,
            burst: bag.number().map_err(hint)?,
        })
    }
}

/// What type a JSON value is, from its first byte, for messages.
fn json_type(raw: &str) -> &'static str {
    match raw.bytes().next() {
        Some(b'{') => "an object",
        Some(b'[') => "a list",
        Some(b'"') => "a string",
        Some(b'-' | b'0'..=b'9') => "a number",
        Some(b't' | b'f') => "a boolean",
        _ => "null",
    }
}

/// An options bag read against its closed schema: the fields, taken in the schema's
/// order. Every error is an `invalid-argument` one on the bag's `name` that names
/// the field (JS passes the whole bag as one argument).
pub(crate) struct Bag {
    name: &'static str,
    fields: &'static [Field],
    slots: std::vec::IntoIter<Option<Node>>,
    /// How many fields were taken.
    taken: usize,
}

impl Bag {
    pub(crate) fn read(
        bytes: &[u8],
        schema: &'static Schema,
        name: &'static str,
    ) -> Result<Bag, Error> {
        match schema::read_node(bytes, &Kind::Object(schema)) {
            Ok(node) => Ok(Bag::of(node, schema, name)),
            Err(failure) => {
                let path = failure.path();
                let reason = crate::decode::failure_text(&failure, bytes.len());
                // A failure within a field is on that field (JS: `options.timeoutMs`).
                let field = schema
                    .fields
                    .iter()
                    .filter(|_| !matches!(failure.problem, Problem::Syntax(_)))
                    .find(|f| {
                        path.strip_prefix(f.wire)
                            .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
                    });
                Err(match (&failure.problem, field) {
                    (Problem::Unknown { known }, _) => Error::invalid(
                        name,
                        Text::UnknownOption {
                            key: path,
                            known: known.iter().map(|f| f.js).collect(),
                        },
                    ),
                    (Problem::Missing, Some(field)) => {
                        Error::invalid(field.js, Text::MissingMember)
                    }
                    (_, Some(field)) if path == field.wire => Error::invalid(field.js, reason),
                    (_, Some(field)) => Error::invalid(
                        field.js,
                        Text::Within {
                            path,
                            inner: Box::new(reason),
                        },
                    ),
                    (_, None) => Error::invalid(name, reason),
                })
            }
        }
    }

    /// The bag of a [`Node`] already read against `schema` (from JSON, or from a JS
    /// value by [`crate::args::read`]); `null` is a bag with nothing in it.
    pub(crate) fn of(node: Node, schema: &'static Schema, name: &'static str) -> Bag {
        let slots = match node {
            Node::Object(slots) => slots,
            _ => Vec::new(),
        };
        Bag {
            name,
            fields: schema.fields,
            slots: slots.into_iter(),
            taken: 0,
        }
    }

    /// The next field's value; `None` when it is absent or `null`.
    fn next(&mut self) -> Option<Node> {
        self.taken += 1;
        match self.slots.next().flatten() {
            Some(Node::Null) | None => None,
            node => node,
        }
    }

    /// The next field, a [`Kind::Text`] one.
    pub(crate) fn text(&mut self) -> Option<String> {
        match self.next() {
            Some(Node::Text(text)) => Some(text),
            _ => None,
        }
    }

    /// The next field, a list of [`Kind::Text`].
    pub(crate) fn texts(&mut self) -> Option<Vec<String>> {
        Vec::<String>::from_node(self.next())
    }

    /// The next field, a [`Kind::Bool`] one.
    pub(crate) fn flag(&mut self) -> Option<bool> {
        match self.next() {
            Some(Node::Bool(value)) => Some(value),
            _ => None,
        }
    }

    /// The next field, a [`Kind::Any`] one: its JSON text.
    pub(crate) fn raw(&mut self) -> Option<String> {
        match self.next() {
            Some(Node::Raw(text)) => Some(text),
            _ => None,
        }
    }

    /// The next field, a [`Kind::Any`] one that must be a JSON number: its exact value.
    pub(crate) fn number(&mut self) -> Result<Option<Decimal>, Error> {
        let Some(raw) = self.raw() else {
            return Ok(None);
        };
        if json_type(&raw) != "a number" {
            return Err(self.wrong("a number", &raw));
        }
        parse_exact(&raw)
            .map(Some)
            .map_err(|_| self.fail(Text::NotANumber(raw.clone())))
    }

    /// The last field taken is `raw`, not what it should be (`expected`).
    pub(crate) fn wrong(&self, expected: &'static str, raw: &str) -> Error {
        self.fail(Text::WrongType {
            expected,
            found: json_type(raw),
        })
    }

    /// An error about the last field taken, on that field (JS names it within its
    /// argument: `options.timeoutMs`).
    pub(crate) fn fail(&self, reason: Text) -> Error {
        let field = self.taken.checked_sub(1).and_then(|i| self.fields.get(i));
        Error::invalid(field.map_or(self.name, |f| f.js), reason)
    }
}

/// A validated client configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    base_url: String,
    currency: String,
    locale: Locale,
    timeout_ms: u32,
    retry: RetryPolicy,
    limiter: Option<LimiterSettings>,
    max_response_bytes: u32,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            base_url: DEFAULT_BASE_URL.to_owned(),
            currency: DEFAULT_CURRENCY.to_owned(),
            locale: Locale::default(),
            timeout_ms: DEFAULT_TIMEOUT_MS,
            retry: RetryPolicy::default(),
            limiter: None,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
        }
    }
}

/// A whole number from `min` to `max`, or an `invalid-argument` error naming `name`.
fn whole(name: &'static str, value: Decimal, min: u32, max: u32, unit: Unit) -> Result<u32, Error> {
    let in_range = value.fract().is_zero() && value >= min.into() && value <= max.into();
    // `abs`: a `-0` is 0.
    match u32::try_from(value.abs()) {
        Ok(whole) if in_range => Ok(whole),
        _ => Err(Error::invalid(
            name,
            Text::NotWhole {
                value: value.to_string(),
                unit,
                min: min.into(),
                max: max.into(),
            },
        )),
    }
}

impl Config {
    /// Builds a config from JS options; `default_locale` applies when none is given.
    pub fn from_options(options: ClientOptions, default_locale: Locale) -> Result<Config, Error> {
        let mut config = Config {
            locale: default_locale,
            ..Config::default()
        };
        if let Some(url) = options.base_url {
            config = config.with_base_url(&url)?;
        }
        if let Some(currency) = options.currency {
            config = config.with_currency(&currency)?;
        }
        if let Some(tag) = options.locale {
            config.locale = Locale::from_tag(&tag)
                .ok_or_else(|| Error::invalid("locale", Text::UnsupportedLocale(tag.clone())))?;
        }
        if let Some(ms) = options.timeout_ms {
            config = config.with_timeout_ms(whole(
                "timeoutMs",
                ms,
                1,
                MAX_TIMEOUT_MS,
                Unit::Milliseconds,
            )?)?;
        }
        if let Some(retries) = options.retries {
            config.retry.retries = whole("retries", retries, 0, MAX_RETRIES, Unit::Retries)?;
        }
        if let Some(ms) = options.retry_budget_ms {
            config.retry.budget_ms =
                whole("retryBudgetMs", ms, 0, MAX_TIMEOUT_MS, Unit::Milliseconds)?;
        }
        if let Some(bytes) = options.max_response_bytes {
            config = config.with_max_response_bytes(whole(
                "maxResponseBytes",
                bytes,
                MIN_MAX_RESPONSE_BYTES,
                MAX_MAX_RESPONSE_BYTES,
                Unit::Bytes,
            )?)?;
        }
        config.limiter = match options.rate_limiter {
            None => None,
            Some(pace) => Some(limiter_settings(&pace)?),
        };
        Ok(config)
    }

    /// The exchange's address: `http(s)://host[:port][/path]`, no query or fragment.
    /// A trailing `/` is dropped.
    pub fn with_base_url(mut self, url: &str) -> Result<Config, Error> {
        let bad = |why: UrlProblem| {
            Error::invalid(
                "baseUrl",
                Text::BadBaseUrl {
                    url: url.to_owned(),
                    why,
                },
            )
        };
        let rest = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"))
            .ok_or_else(|| bad(UrlProblem::Scheme))?;
        let authority = rest.split('/').next().unwrap_or_default();
        if authority.is_empty() {
            return Err(bad(UrlProblem::NoHost));
        }
        if authority.contains('@') {
            return Err(bad(UrlProblem::Credentials));
        }
        if url.contains(['?', '#']) {
            return Err(bad(UrlProblem::QueryOrFragment));
        }
        if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(bad(UrlProblem::Spaces));
        }
        self.base_url = url.trim_end_matches('/').to_owned();
        Ok(self)
    }

    /// The market's currency path segment (`eur`). Case-insensitive; letters and digits.
    pub fn with_currency(mut self, currency: &str) -> Result<Config, Error> {
        let valid = (2..=10).contains(&currency.len())
            && currency.bytes().all(|b| b.is_ascii_alphanumeric());
        if !valid {
            return Err(Error::invalid(
                "currency",
                Text::NotACurrency(currency.to_owned()),
            ));
        }
        self.currency = currency.to_ascii_lowercase();
        Ok(self)
    }

    /// The language of the server's messages and of the library's own.
    pub fn with_locale(mut self, locale: Locale) -> Config {
        self.locale = locale;
        self
    }

    /// How long a request may take, body included, in milliseconds: 1 to
    /// [`MAX_TIMEOUT_MS`] (default [`DEFAULT_TIMEOUT_MS`]).
    pub fn with_timeout_ms(mut self, timeout_ms: u32) -> Result<Config, Error> {
        if !(1..=MAX_TIMEOUT_MS).contains(&timeout_ms) {
            return Err(Error::invalid(
                "timeoutMs",
                Text::NotWhole {
                    value: timeout_ms.to_string(),
                    unit: Unit::Milliseconds,
                    min: 1,
                    max: MAX_TIMEOUT_MS.into(),
                },
            ));
        }
        self.timeout_ms = timeout_ms;
        Ok(self)
    }

    /// The largest answer a request accepts, in bytes: [`MIN_MAX_RESPONSE_BYTES`] to
    /// [`MAX_MAX_RESPONSE_BYTES`] (default [`DEFAULT_MAX_RESPONSE_BYTES`]). A longer
    /// body is refused as it streams in (a `Content-Length` over it before reading),
    /// the request aborted: a `decode` error.
    pub fn with_max_response_bytes(mut self, bytes: u32) -> Result<Config, Error> {
        if !(MIN_MAX_RESPONSE_BYTES..=MAX_MAX_RESPONSE_BYTES).contains(&bytes) {
            return Err(Error::invalid(
                "maxResponseBytes",
                Text::NotWhole {
                    value: bytes.to_string(),
                    unit: Unit::Bytes,
                    min: MIN_MAX_RESPONSE_BYTES.into(),
                    max: MAX_MAX_RESPONSE_BYTES.into(),
                },
            ));
        }
        self.max_response_bytes = bytes;
        Ok(self)
    }

    /// The largest answer a request accepts, in bytes.
    pub fn max_response_bytes(&self) -> u32 {
        self.max_response_bytes
    }

    /// The exchange's address, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The market's currency path segment, in lower case (`eur`).
    pub fn currency(&self) -> &str {
        &self.currency
    }

    /// The language sent as `Accept-Language`.
    pub fn locale(&self) -> Locale {
        self.locale
    }

    /// How long a request may take, in milliseconds.
    pub fn timeout_ms(&self) -> u32 {
        self.timeout_ms
    }

    /// How GETs are retried ([`RetryPolicy::default`]: twice, within 10 s of waiting).
    pub fn with_retry(mut self, retry: RetryPolicy) -> Result<Config, Error> {
        if retry.retries > MAX_RETRIES {
            return Err(Error::invalid(
                "retries",
                Text::NotWhole {
                    value: retry.retries.to_string(),
                    unit: Unit::Retries,
                    min: 0,
                    max: MAX_RETRIES.into(),
                },
            ));
        }
        self.retry = retry;
        Ok(self)
    }

    /// How GETs are retried.
    pub fn retry(&self) -> RetryPolicy {
        self.retry
    }

    /// Paces this client's calls through the page's shared limiter with these
    /// settings (`None`, the default: no client-side limit).
    pub fn with_limiter(mut self, limiter: Option<LimiterSettings>) -> Config {
        self.limiter = limiter;
        self
    }

    /// The shared limiter's settings; `None`: no client-side limit.
    pub fn limiter(&self) -> Option<LimiterSettings> {
        self.limiter
    }

    /// The absolute URL of an API path.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }
}

/// `{ perSecond, burst }`: from one call a minute to 100 a second (the wait between
/// two calls, rounded to the millisecond, from 10 ms to 60 s), bursts of 1 to 1000.
fn limiter_settings(pace: &LimiterPace) -> Result<LimiterSettings, Error> {
    let mut settings = LimiterSettings::default();
    if let Some(per_second) = pace.per_second {
        // Exact: 1/60 written by JS (0.016666666666666666) rounds to a minute.
        let interval = (per_second > Decimal::ZERO && per_second <= Decimal::ONE_HUNDRED)
            .then(|| Decimal::from(1000).checked_div(per_second))
            .flatten()
            .map(|ms| ms.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero))
            .and_then(|ms| u32::try_from(ms).ok())
            .filter(|ms| (10..=60_000).contains(ms));
        settings.interval_ms = interval.ok_or_else(|| {
            Error::invalid(
                "rateLimiter.perSecond",
                Text::PerSecondRange(per_second.to_string()),
            )
        })?;
    }
    if let Some(burst) = pace.burst {
        settings.burst = whole("rateLimiter.burst", burst, 1, 1000, Unit::Calls)?;
    }
    Ok(settings)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(json: &str) -> Result<Config, String> {
        let options = ClientOptions::from_json(json.as_bytes()).map_err(|e| e.to_string())?;
        Config::from_options(options, Locale::En).map_err(|e| e.to_string())
    }

    #[test]
    fn defaults_are_the_real_exchange() {
        let config = options("{}").unwrap();
        assert_eq!(config.base_url(), "https://bitcoin-central.net");
        assert_eq!(config.currency(), "eur");
        assert_eq!(config.locale(), Locale::En);
        assert_eq!(config.timeout_ms(), 10_000);
        assert_eq!(config.max_response_bytes(), 8_388_608);
    }

    #[test]
    fn the_answer_limit_is_a_whole_number_of_bytes_in_range() {
        assert_eq!(
            options(r#"{"maxResponseBytes":1024}"#)
                .unwrap()
                .max_response_bytes(),
            1024
        );
        assert_eq!(
            options(r#"{"maxResponseBytes":268435456}"#)
                .unwrap()
                .max_response_bytes(),
            268_435_456
        );
        for bad in ["1023", "268435457", "4096.5", "-1", "0", "1e12"] {
            let error = options(&format!(r#"{{"maxResponseBytes":{bad}}}"#)).unwrap_err();
            assert!(
                error.contains("invalid maxResponseBytes")
                    && error.contains("whole number of bytes from 1024 to 268435456"),
                "{bad}: {error}"
            );
        }
        let error = options(r#"{"maxResponseBytes":"8MiB"}"#).unwrap_err();
        assert!(error.contains("invalid maxResponseBytes"), "{error}");
        let error = options(r#"{"maxResponseByte":1}"#).unwrap_err();
        assert!(error.contains("did you mean `maxResponseBytes`"), "{error}");
        assert!(Config::default().with_max_response_bytes(1023).is_err());
    }

    #[test]
    fn options_are_read_and_normalized() {
        let config = options(r#"{"baseUrl":"http://127.0.0.1:8080/x/","currency":"EUR","locale":"fr-FR","timeoutMs":2500}"#).unwrap();
        assert_eq!(config.base_url(), "http://127.0.0.1:8080/x");
        assert_eq!(config.currency(), "eur");
        assert_eq!(config.locale(), Locale::Fr);
        assert_eq!(config.timeout_ms(), 2500);
        assert_eq!(
            config.url("/api/v1/data/eur/ticker"),
            "http://127.0.0.1:8080/x/api/v1/data/eur/ticker"
        );
    }

    #[test]
    fn bad_options_are_refused_with_the_option_named() {
        let cases = [
            (
                r#"{"baseURL":"http://x"}"#,
                "unknown option `baseURL`; did you mean `baseUrl`?",
            ),
            (
                r#"{"baseUrl":"ftp://x"}"#,
                "invalid baseUrl: \"ftp://x\" must start with https:// or http://",
            ),
            (r#"{"baseUrl":"https://"}"#, "has no host"),
            (
                r#"{"baseUrl":"https://u:p@x"}"#,
                "must not contain credentials",
            ),
            (
                r#"{"baseUrl":"https://x/?a=1"}"#,
                "must not have a query or a fragment",
            ),
            (r#"{"baseUrl":"https://x y"}"#, "must not contain spaces"),
            (r#"{"currency":"e/ur"}"#, "invalid currency"),
            (r#"{"currency":""}"#, "invalid currency"),
            (
                r#"{"locale":"de"}"#,
                "invalid locale: \"de\" is not supported",
            ),
            (r#"{"timeoutMs":0}"#, "invalid timeoutMs"),
            (r#"{"timeoutMs":1.5}"#, "invalid timeoutMs"),
            (r#"{"timeoutMs":600001}"#, "invalid timeoutMs"),
        ];
        for (json, expected) in cases {
            let error = options(json).unwrap_err();
            assert!(error.contains(expected), "{json}: {error}");
        }
    }

    #[test]
    fn the_browser_language_picks_the_locale() {
        assert_eq!(Locale::negotiate(["de-DE", "fr-CA", "en"]), Locale::Fr);
        assert_eq!(Locale::negotiate(["en-GB", "fr"]), Locale::En);
        assert_eq!(Locale::negotiate(["de", "es"]), Locale::En);
        assert_eq!(Locale::negotiate([]), Locale::En);
    }
}
