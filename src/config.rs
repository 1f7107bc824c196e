//! Client configuration: where the exchange is, which market, which language.
//!
//! A [`Config`] is always valid: every setter checks its input, so a bad base URL or
//! currency is an [`Error::InvalidArgument`] at construction, not a confusing network
//! error later.

use serde::Deserialize;

use crate::error::Error;
use crate::limiter::LimiterSettings;
use crate::retry::{MAX_RETRIES, RetryPolicy};

/// The real exchange. Point a client at the sandbox with [`Config::with_base_url`].
pub const DEFAULT_BASE_URL: &str = "https://bitcoin-central.net";
/// The market of the spec's examples.
pub const DEFAULT_CURRENCY: &str = "eur";
/// How long a request may take, body included, before it is aborted.
pub const DEFAULT_TIMEOUT_MS: u32 = 10_000;
/// The longest timeout accepted (10 minutes).
pub const MAX_TIMEOUT_MS: u32 = 600_000;

/// The languages the exchange localizes its messages in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Locale {
    #[default]
    En,
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

/// The options bag of `new Client({...})`, as JS passes it. Unknown keys are refused,
/// so a typo such as `baseURL` is an error instead of a silent default.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ClientOptions {
    pub base_url: Option<String>,
    pub currency: Option<String>,
    pub locale: Option<String>,
    pub timeout_ms: Option<f64>,
    pub retries: Option<f64>,
    pub retry_budget_ms: Option<f64>,
    /// `true` for the documented limit, or `{ perSecond, burst }`.
    pub rate_limiter: Option<serde_json::Value>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LimiterPace {
    pub per_second: Option<f64>,
    pub burst: Option<f64>,
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
        }
    }
}

/// A whole number from `min` to `max`, or an `invalid-argument` error naming `name`.
fn whole(name: &'static str, value: f64, min: u32, max: u32, unit: &str) -> Result<u32, Error> {
    if value.fract() == 0.0 && value >= f64::from(min) && value <= f64::from(max) {
        // In range and whole: the cast is exact.
        Ok(value as u32)
    } else {
        Err(Error::invalid(
            name,
            format!("{value} is not a whole number of {unit} from {min} to {max}"),
        ))
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
            config.locale = Locale::from_tag(&tag).ok_or_else(|| {
                Error::invalid(
                    "locale",
                    format!("{tag:?} is not supported; use \"en\" or \"fr\""),
                )
            })?;
        }
        if let Some(ms) = options.timeout_ms {
            config = config.with_timeout_ms(whole(
                "timeoutMs",
                ms,
                1,
                MAX_TIMEOUT_MS,
                "milliseconds",
            )?)?;
        }
        if let Some(retries) = options.retries {
            config.retry.retries = whole("retries", retries, 0, MAX_RETRIES, "retries")?;
        }
        if let Some(ms) = options.retry_budget_ms {
            config.retry.budget_ms = whole("retryBudgetMs", ms, 0, MAX_TIMEOUT_MS, "milliseconds")?;
        }
        config.limiter = match options.rate_limiter {
            None | Some(serde_json::Value::Bool(false)) => None,
            Some(serde_json::Value::Bool(true)) => Some(LimiterSettings::default()),
            Some(pace) => {
                let pace: LimiterPace = serde_json::from_value(pace).map_err(|e| {
                    Error::invalid(
                        "rateLimiter",
                        format!("{e}; use true, false or {{ perSecond, burst }}"),
                    )
                })?;
                Some(limiter_settings(&pace)?)
            }
        };
        Ok(config)
    }

    /// The exchange's address: `http(s)://host[:port][/path]`, no query or fragment.
    /// A trailing `/` is dropped.
    pub fn with_base_url(mut self, url: &str) -> Result<Config, Error> {
        let bad = |why: &str| Error::invalid("baseUrl", format!("{url:?} {why}"));
        let rest = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"))
            .ok_or_else(|| bad("must start with https:// or http://"))?;
        let authority = rest.split('/').next().unwrap_or_default();
        if authority.is_empty() {
            return Err(bad("has no host"));
        }
        if authority.contains('@') {
            return Err(bad("must not contain credentials"));
        }
        if url.contains(['?', '#']) {
            return Err(bad("must not have a query or a fragment"));
        }
        if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(bad("must not contain spaces or control characters"));
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
                format!("{currency:?} is not a currency code such as \"eur\""),
            ));
        }
        self.currency = currency.to_ascii_lowercase();
        Ok(self)
    }

    pub fn with_locale(mut self, locale: Locale) -> Config {
        self.locale = locale;
        self
    }

    pub fn with_timeout_ms(mut self, timeout_ms: u32) -> Result<Config, Error> {
        if !(1..=MAX_TIMEOUT_MS).contains(&timeout_ms) {
            return Err(Error::invalid(
                "timeoutMs",
                format!("{timeout_ms} is not from 1 to {MAX_TIMEOUT_MS} milliseconds"),
            ));
        }
        self.timeout_ms = timeout_ms;
        Ok(self)
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    pub fn currency(&self) -> &str {
        &self.currency
    }

    pub fn locale(&self) -> Locale {
        self.locale
    }

    pub fn timeout_ms(&self) -> u32 {
        self.timeout_ms
    }

    /// How GETs are retried ([`RetryPolicy::default`]: twice, within 10 s of waiting).
    pub fn with_retry(mut self, retry: RetryPolicy) -> Result<Config, Error> {
        if retry.retries > MAX_RETRIES {
            return Err(Error::invalid(
                "retries",
                format!("{} is more than {MAX_RETRIES}", retry.retries),
            ));
        }
        self.retry = retry;
        Ok(self)
    }

    pub fn retry(&self) -> RetryPolicy {
        self.retry
    }

    /// Paces this client's calls through the page's shared limiter with these
    /// settings (`None`, the default: no client-side limit).
    pub fn with_limiter(mut self, limiter: Option<LimiterSettings>) -> Config {
        self.limiter = limiter;
        self
    }

    pub fn limiter(&self) -> Option<LimiterSettings> {
        self.limiter
    }

    /// The absolute URL of an API path.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }
}

/// `{ perSecond, burst }`: from one call a minute to 100 a second, bursts of 1 to 1000.
fn limiter_settings(pace: &LimiterPace) -> Result<LimiterSettings, Error> {
    let mut settings = LimiterSettings::default();
    if let Some(per_second) = pace.per_second {
        if !(per_second.is_finite() && (1.0 / 60.0..=100.0).contains(&per_second)) {
            return Err(Error::invalid(
                "rateLimiter.perSecond",
                format!("{per_second} is not from 1/60 to 100 calls a second"),
            ));
        }
        // Between 10 and 60,000 ms, checked above: the cast is exact after rounding.
        settings.interval_ms = (1000.0 / per_second).round() as u32;
    }
    if let Some(burst) = pace.burst {
        settings.burst = whole("rateLimiter.burst", burst, 1, 1000, "calls")?;
    }
    Ok(settings)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(json: &str) -> Result<Config, String> {
        let options: ClientOptions = serde_json::from_str(json).map_err(|e| e.to_string())?;
        Config::from_options(options, Locale::En).map_err(|e| e.to_string())
    }

    #[test]
    fn defaults_are_the_real_exchange() {
        let config = options("{}").unwrap();
        assert_eq!(config.base_url(), "https://bitcoin-central.net");
        assert_eq!(config.currency(), "eur");
        assert_eq!(config.locale(), Locale::En);
        assert_eq!(config.timeout_ms(), 10_000);
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
            (r#"{"baseURL":"http://x"}"#, "unknown field `baseURL`"),
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
