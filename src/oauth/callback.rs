//! Reading the provider's answer from the URL it redirected to: the pure half of
//! `handleRedirect()`, exported to JS as `parseCallback()`.
//!
//! The order of checks matters and is fixed: parameters are read (and a duplicated
//! one refused, RFC 6749 §3.1), then `state` is verified before anything else is
//! believed — an error, a code or a token from a callback this tab did not ask for
//! is never acted on — then the answer is read.

use crate::error::{Error, Text};
use crate::oauth::provider::{Quirks, ResponseType};

/// Longest parameter value accepted (a JWT access token is a few KB).
const MAX_VALUE_LEN: usize = 16 * 1024;

/// The parameters a provider's answer may carry.
const RESPONSE_KEYS: [&str; 10] = [
    "access_token",
    "token_type",
    "expires_in",
    "scope",
    "state",
    "code",
    "error",
    "error_description",
    "error_uri",
    "refresh_token",
];

/// What a verified callback holds.
#[derive(Clone, PartialEq, Eq)]
pub enum Callback {
    /// The implicit flow's answer.
    Token {
        /// The access token.
        access_token: String,
        /// As sent, e.g. `"Bearer"`; checked to be bearer in any case.
        token_type: String,
        /// The granted scopes, when the provider said (absent means "as requested").
        scopes: Option<Vec<String>>,
        /// Seconds; `None` when the provider did not say (never invented).
        expires_in: Option<u64>,
    },
    /// The code flow's answer, to exchange at the token endpoint.
    Code {
        /// The authorization code: single-use, short-lived.
        code: String,
    },
}

impl std::fmt::Debug for Callback {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Callback::Token {
                token_type,
                scopes,
                expires_in,
                ..
            } => f
                .debug_struct("Token")
                .field("access_token", &"<redacted>")
                .field("token_type", token_type)
                .field("scopes", scopes)
                .field("expires_in", expires_in)
                .finish(),
            Callback::Code { .. } => f.debug_struct("Code").field("code", &"<redacted>").finish(),
        }
    }
}

/// Whether `url` can be a callback at all: an `http:` or `https:` URL (not a
/// `javascript:` or `data:` string passed by mistake) whose query and fragment are
/// well-formed (every `%` starts a two-digit hex escape: `%ZZ` or a lone `%` is not
/// taken literally). `parse_callback` checks it first; `handleRedirect(url)` too,
/// before it looks for an answer.
pub fn check_url(url: &str) -> Result<(), Error> {
    let trimmed = url.trim_start();
    let scheme = trimmed.split_once(':').map_or("", |(scheme, _)| scheme);
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        // Only the scheme is shown, when it is one: the rest may hold a token.
        let plausible = !scheme.is_empty()
            && scheme.len() <= 16
            && scheme
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b));
        return Err(callback_error(
            "not-http-url",
            Text::CallbackNotHttp(plausible.then(|| scheme.to_owned())),
        ));
    }
    let (query, fragment) = split(url);
    for (part, in_fragment) in [(query, false), (fragment, true)] {
        if part.is_some_and(malformed_escape) {
            return Err(callback_error(
                "malformed-escape",
                Text::MalformedEscape { in_fragment },
            ));
        }
    }
    Ok(())
}

/// A `%` not followed by two hex digits.
fn malformed_escape(part: &str) -> bool {
    let bytes = part.as_bytes();
    bytes.iter().enumerate().any(|(i, &b)| {
        b == b'%'
            && !(bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
    })
}

/// Whether `url` carries an OAuth answer at all (in its fragment or query), so a page
/// can call `handleRedirect()` only when there is something to handle.
pub fn has_response(url: &str) -> bool {
    let (query, fragment) = split(url);
    [fragment, query].into_iter().flatten().any(|part| {
        pairs(part).any(|(k, _)| ["access_token", "code", "error"].contains(&k.as_ref()))
    })
}

/// The callback URL without its OAuth answer: no fragment, and none of the answer's
/// parameters in the query (the app's own parameters stay). What the address bar and
/// the history keep, so a token never lingers there.
pub fn clean_url(url: &str) -> String {
    let before = url.split_once('#').map_or(url, |(before, _)| before);
    let Some((base, query)) = before.split_once('?') else {
        return before.to_owned();
    };
    let kept: Vec<&str> = query
        .split('&')
        .filter(|pair| {
            let key = pair.split_once('=').map_or(*pair, |(k, _)| k);
            let key = form_urlencoded::parse(key.as_bytes())
                .next()
                .map(|(k, _)| k.into_owned())
                .unwrap_or_default();
            !pair.is_empty() && !RESPONSE_KEYS.contains(&key.as_str())
        })
        .collect();
    if kept.is_empty() {
        base.to_owned()
    } else {
        format!("{base}?{}", kept.join("&"))
    }
}

/// Parses and verifies a callback URL against the `state` this tab sent.
///
/// `flow` is the flow the login used: a code where a token was expected (or the
/// reverse) is refused. Coins.ph's empty `state=` is accepted only because its
/// [`Quirks::state_may_be_empty`] says so, and only for the login in progress (the
/// caller passes its state).
pub fn parse_callback(
    url: &str,
    expected_state: &str,
    flow: ResponseType,
    quirks: &Quirks,
) -> Result<Callback, Error> {
    let params = Params::read(url)?;

    // 1. state, before believing anything else.
    let mut scopes_in_state = None;
    match params.get("state").filter(|s| !s.is_empty()) {
        Some(state) if state == expected_state && !expected_state.is_empty() => {}
        // Coins.ph documents `state` as "the scopes of the provided token": a state
        // made only of its scope names is that, not a forged state. (Separators alone,
        // `state=%2C`, name no scope.)
        Some(state)
            if quirks.state_may_be_empty
                && !expected_state.is_empty()
                && !split_scopes(state).is_empty()
                && split_scopes(state).iter().all(|s| quirks.has_scope(s)) =>
        {
            scopes_in_state = Some(split_scopes(state));
        }
        Some(_) => {
            return Err(Error::Csrf {
                code: "state-mismatch",
                reason: Text::StateMismatch,
            });
        }
        None if quirks.state_may_be_empty && !expected_state.is_empty() => {}
        None => {
            return Err(Error::Csrf {
                code: "state-missing",
                reason: Text::StateMissing {
                    error: params.get("error").map(str::to_owned),
                },
            });
        }
    }

    // 2. An error answer.
    if let Some(code) = params.get("error") {
        return Err(Error::OAuth {
            code: code.to_owned(),
            description: params.get("error_description").map(str::to_owned),
            status: None,
        });
    }

    // 3. The answer itself.
    match flow {
        ResponseType::Code => {
            if params.get("access_token").is_some() {
                return Err(callback_error("unexpected-token", Text::UnexpectedToken));
            }
            match params.get("code").filter(|c| !c.is_empty()) {
                Some(code) => Ok(Callback::Code {
                    code: code.to_owned(),
                }),
                None => Err(callback_error("missing-code", Text::MissingCode)),
            }
        }
        ResponseType::Token => {
            let Some(access_token) = params.get("access_token").filter(|t| !t.is_empty()) else {
                return Err(callback_error(
                    if params.get("code").is_some() {
                        "unexpected-code"
                    } else {
                        "missing-access-token"
                    },
                    Text::NoAccessToken,
                ));
            };
            let token_type = params.get("token_type").unwrap_or("");
            if !token_type.eq_ignore_ascii_case("bearer") {
                return Err(callback_error(
                    "not-bearer",
                    Text::NotBearer((!token_type.is_empty()).then(|| token_type.to_owned())),
                ));
            }
            Ok(Callback::Token {
                access_token: access_token.to_owned(),
                token_type: token_type.to_owned(),
                scopes: params
                    .get("scope")
                    .map(split_scopes)
                    .filter(|s| !s.is_empty())
                    .or(scopes_in_state),
                expires_in: match params.get("expires_in").map(str::trim) {
                    None | Some("") => None,
                    Some(text) => Some(parse_expires_in(text).ok_or_else(|| {
                        callback_error(
                            "invalid-expires-in",
                            Text::InvalidExpiresIn(text.to_owned()),
                        )
                    })?),
                },
            })
        }
    }
}

/// `expires_in` as sent: digits, or digits in quotes (a string in JSON clothing).
pub(crate) fn parse_expires_in(text: &str) -> Option<u64> {
    let digits = text.trim().trim_matches('"');
    if digits.is_empty() || digits.len() > 12 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// Scopes as providers write them: separated by spaces (a `+` in a form-encoded URL),
/// a literal `+` (`%2B`), or commas.
pub(crate) fn split_scopes(text: &str) -> Vec<String> {
    let mut scopes: Vec<String> = Vec::new();
    for scope in text.split(|c: char| c == ' ' || c == '+' || c == ',' || c.is_whitespace()) {
        if !scope.is_empty() && !scopes.iter().any(|s| s == scope) {
            scopes.push(scope.to_owned());
        }
    }
    scopes
}

fn callback_error(code: &'static str, reason: Text) -> Error {
    Error::Callback { code, reason }
}

/// The URL's query and fragment (without `?` and `#`), if any.
fn split(url: &str) -> (Option<&str>, Option<&str>) {
    let (before, fragment) = match url.split_once('#') {
        Some((before, fragment)) => (before, Some(fragment)),
        None => (url, None),
    };
    let query = before.split_once('?').map(|(_, q)| q);
    (query, fragment)
}

fn pairs(
    part: &str,
) -> impl Iterator<Item = (std::borrow::Cow<'_, str>, std::borrow::Cow<'_, str>)> {
    form_urlencoded::parse(part.as_bytes())
}

/// The answer's parameters, from the fragment or the query: wherever the answer is.
struct Params(Vec<(String, String)>);

impl Params {
    fn read(url: &str) -> Result<Params, Error> {
        check_url(url)?;
        let (query, fragment) = split(url);
        let answer = |part: Option<&str>| -> Vec<(String, String)> {
            part.map(|p| {
                pairs(p)
                    .filter(|(k, _)| RESPONSE_KEYS.contains(&k.as_ref()))
                    .map(|(k, v)| (k.into_owned(), v.into_owned()))
                    .collect()
            })
            .unwrap_or_default()
        };
        let (in_fragment, in_query) = (answer(fragment), answer(query));
        let carries = |params: &[(String, String)]| {
            params
                .iter()
                .any(|(k, _)| ["access_token", "code", "error"].contains(&k.as_str()))
        };
        let params = match (carries(&in_fragment), carries(&in_query)) {
            (true, true) => {
                return Err(callback_error("ambiguous", Text::AmbiguousCallback));
            }
            (true, false) => in_fragment,
            (false, true) => in_query,
            (false, false) => {
                return Err(callback_error("no-answer", Text::NoAnswerInUrl));
            }
        };
        for (i, (key, value)) in params.iter().enumerate() {
            if params[..i].iter().any(|(k, _)| k == key) {
                return Err(callback_error(
                    "duplicate-parameter",
                    Text::DuplicateParameter(key.clone()),
                ));
            }
            if value.len() > MAX_VALUE_LEN {
                return Err(callback_error(
                    "too-large",
                    Text::ParameterTooLarge {
                        key: key.clone(),
                        len: value.len(),
                        max: MAX_VALUE_LEN,
                    },
                ));
            }
        }
        Ok(Params(params))
    }

    fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Locale;
    use crate::oauth::provider::CUSTOM;

    fn code_of(url: &str) -> Option<&'static str> {
        match parse_callback(url, "s", ResponseType::Token, &CUSTOM) {
            Err(Error::Callback { code, .. }) => Some(code),
            _ => None,
        }
    }

    #[test]
    fn only_http_urls_with_well_formed_escapes_are_callbacks() {
        for (url, code) in [
            (
                "javascript:alert(1)//#access_token=t&token_type=bearer&state=s",
                "not-http-url",
            ),
            (
                "data:text/html,x#access_token=t&token_type=bearer&state=s",
                "not-http-url",
            ),
            ("#access_token=t&token_type=bearer&state=s", "not-http-url"),
            (
                "https://a/#access_token=t%ZZ&token_type=bearer&state=s",
                "malformed-escape",
            ),
            (
                "https://a/#access_token=t%&token_type=bearer&state=s",
                "malformed-escape",
            ),
            (
                "https://a/?q=%e#access_token=t&token_type=bearer&state=s",
                "malformed-escape",
            ),
        ] {
            assert_eq!(code_of(url), Some(code), "{url}");
            assert!(check_url(url).is_err(), "{url}");
        }
        for url in [
            "https://a/#access_token=t%2B&token_type=bearer&state=s",
            " HTTP://a/?x=%41#access_token=t&token_type=bearer&state=s",
        ] {
            assert_eq!(check_url(url), Ok(()), "{url}");
            assert!(
                parse_callback(url, "s", ResponseType::Token, &CUSTOM).is_ok(),
                "{url}"
            );
        }
    }

    #[test]
    fn a_refused_scheme_is_named_but_nothing_after_it() {
        let Err(Error::Callback { reason, .. }) = check_url("javascript:tok3n-secret-value") else {
            panic!("refused")
        };
        for locale in [Locale::En, Locale::Fr] {
            let said = reason.text(locale);
            assert!(said.contains("javascript:"), "{said}");
            assert!(!said.contains("tok3n"), "{said}");
        }
    }
}
