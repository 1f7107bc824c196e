//! The bearer check every user endpoint goes through: the account behind a valid,
//! unexpired access token that has the scope the call needs, or the 401/403 the spec
//! gives, with its `WWW-Authenticate` challenge.

use axum::http::header::{AUTHORIZATION, WWW_AUTHENTICATE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::domain::i18n::{Lang, Message};
use crate::domain::sandbox::Sandbox;
use crate::http::lang;
use crate::http::respond::errors;

/// Why a user endpoint refused a call: no token, a bad one, or a missing scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Denied {
    Missing(Lang),
    Invalid(Lang),
    Scope(Lang, &'static str),
}

impl IntoResponse for Denied {
    fn into_response(self) -> Response {
        let (status, lang, message, challenge) = match self {
            Denied::Missing(lang) => (
                StatusCode::UNAUTHORIZED,
                lang,
                Message::TokenMissing,
                "Bearer realm=\"bitcoin-central\"".to_owned(),
            ),
            Denied::Invalid(lang) => (
                StatusCode::UNAUTHORIZED,
                lang,
                Message::TokenInvalid,
                "Bearer realm=\"bitcoin-central\", error=\"invalid_token\"".to_owned(),
            ),
            Denied::Scope(lang, scope) => (
                StatusCode::FORBIDDEN,
                lang,
                Message::ScopeMissing(scope),
                format!(
                    "Bearer realm=\"bitcoin-central\", error=\"insufficient_scope\", scope=\"{scope}\""
                ),
            ),
        };
        let mut response = errors(status, lang, &[message]);
        if let Ok(value) = HeaderValue::from_str(&challenge) {
            response.headers_mut().insert(WWW_AUTHENTICATE, value);
        }
        response
    }
}

/// The bearer check of user endpoints: the account behind a valid, unexpired token
/// that has `scope`.
pub fn require(
    sandbox: &Sandbox,
    headers: &HeaderMap,
    scope: &'static str,
) -> Result<usize, Denied> {
    require_any(sandbox, headers, &[scope])
}

/// [`require`] for a call that any of `scopes` allows (an order whose type is not
/// known yet); a refusal names the first.
pub fn require_any(
    sandbox: &Sandbox,
    headers: &HeaderMap,
    scopes: &[&'static str],
) -> Result<usize, Denied> {
    let lang = lang::negotiate(headers);
    let token = headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim().to_owned())
        .ok_or(Denied::Missing(lang))?;
    let now = sandbox.now_ms();
    let server = sandbox.auth();
    let (account, granted) = server.bearer(&token, now).ok_or(Denied::Invalid(lang))?;
    if !granted.iter().any(|s| scopes.contains(&s.as_str())) {
        return Err(Denied::Scope(
            lang,
            scopes.first().copied().unwrap_or("basic"),
        ));
    }
    Ok(account)
}
