//! Token endpoint answers and provider errors, in each provider's shape, read into one
//! [`Grant`] or one [`Error`].

use serde::Deserialize;
use serde_json::Value;

use crate::error::Error;
use crate::http::HttpResponse;
use crate::oauth::callback::{parse_expires_in, split_scopes};
use crate::oauth::provider::{ErrorShape, Quirks, TokenShape};

/// What a token endpoint granted.
#[derive(Clone, PartialEq, Eq)]
pub struct Grant {
    pub access_token: String,
    /// f1cx's secret key (the part after `:` of its user token).
    pub secret_key: Option<String>,
    pub token_type: String,
    pub expires_in: Option<u64>,
    pub refresh_token: Option<String>,
    pub scopes: Option<Vec<String>>,
}

impl std::fmt::Debug for Grant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Grant")
            .field("access_token", &"<redacted>")
            .field(
                "secret_key",
                &self.secret_key.as_ref().map(|_| "<redacted>"),
            )
            .field("token_type", &self.token_type)
            .field("expires_in", &self.expires_in)
            .field(
                "refresh_token",
                &self.refresh_token.as_ref().map(|_| "<redacted>"),
            )
            .field("scopes", &self.scopes)
            .finish()
    }
}

/// RFC 6749 §5.1, leniently typed where providers differ: `expires_in` as a number or
/// a string, `scope` as a string or a list.
#[derive(Deserialize)]
struct TokenBody {
    access_token: Option<String>,
    token_type: Option<String>,
    #[serde(default)]
    expires_in: Option<Value>,
    refresh_token: Option<String>,
    #[serde(default)]
    scope: Option<Value>,
}

/// Reads a token endpoint's answer.
pub fn read_grant(quirks: &Quirks, response: &HttpResponse) -> Result<Grant, Error> {
    if !(200..300).contains(&response.status) {
        return Err(read_error(quirks, response));
    }
    let value: Value = serde_json::from_str(&response.body).map_err(|e| Error::Decode {
        status: response.status,
        path: String::new(),
        reason: format!("the token endpoint's answer is not JSON: {e}"),
    })?;
    // Bitport wraps answers in {status, data, errors}.
    let value = match (quirks.errors, value.get("status").and_then(Value::as_str)) {
        (ErrorShape::Envelope, Some("success")) => match value.get("data") {
            Some(Value::Array(items)) => items.first().cloned().unwrap_or(Value::Null),
            Some(data) => data.clone(),
            None => Value::Null,
        },
        (ErrorShape::Envelope, Some(_)) => return Err(read_error(quirks, response)),
        _ => value,
    };
    // The field's path only: serde's message could quote a token.
    let body: TokenBody = serde_path_to_error::deserialize(value).map_err(|e| Error::Decode {
        status: response.status,
        path: e.path().to_string(),
        reason: "unexpected type in the token answer".into(),
    })?;
    let decode = |path: &str, reason: String| Error::Decode {
        status: response.status,
        path: path.to_owned(),
        reason,
    };
    let access_token = body
        .access_token
        .filter(|t| !t.is_empty())
        .ok_or_else(|| decode("access_token", "missing".into()))?;
    let token_type = match (quirks.token, body.token_type) {
        (_, Some(kind)) if kind.eq_ignore_ascii_case("bearer") => kind,
        (_, Some(kind)) => {
            return Err(Error::Callback {
                code: "not-bearer",
                reason: format!("the token's type is {kind:?}; only bearer tokens are supported"),
            });
        }
        // Bitport and f1cx do not say; their tokens are used as bearer tokens.
        (TokenShape::AccessTokenOnly | TokenShape::AccessSecretPair, None) => "bearer".to_owned(),
        (TokenShape::Bearer, None) => return Err(decode("token_type", "missing".into())),
    };
    let (access_token, secret_key) = match quirks.token {
        TokenShape::AccessSecretPair => match access_token.split_once(':') {
            Some((access, secret)) if !access.is_empty() && !secret.is_empty() => {
                (access.to_owned(), Some(secret.to_owned()))
            }
            _ => {
                return Err(decode(
                    "access_token",
                    "expected access_key:secret_key".into(),
                ));
            }
        },
        _ => (access_token, None),
    };
    let expires_in = match body.expires_in {
        None | Some(Value::Null) => None,
        Some(Value::Number(n)) => Some(
            parse_expires_in(&n.to_string())
                .ok_or_else(|| decode("expires_in", format!("{n} is not a number of seconds")))?,
        ),
        Some(Value::String(s)) => Some(
            parse_expires_in(&s)
                .ok_or_else(|| decode("expires_in", format!("{s:?} is not a number of seconds")))?,
        ),
        Some(other) => return Err(decode("expires_in", format!("unexpected {other}"))),
    };
    let scopes = match body.scope {
        Some(Value::String(s)) => Some(split_scopes(&s)),
        Some(Value::Array(items)) => Some(
            items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect(),
        ),
        _ => None,
    }
    .filter(|s: &Vec<String>| !s.is_empty());
    Ok(Grant {
        access_token,
        secret_key,
        token_type,
        expires_in,
        refresh_token: body.refresh_token.filter(|t| !t.is_empty()),
        scopes,
    })
}

/// A provider's error answer, in its own shape, as one [`Error`]. f1cx's code 2010
/// (an expired access key) and any 401 are session errors: the session must be
/// refreshed or renewed.
pub fn read_error(quirks: &Quirks, response: &HttpResponse) -> Error {
    let status = response.status;
    let value: Option<Value> = serde_json::from_str(&response.body).ok();
    let text = |v: &Value| match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    };
    let oauth = |code: String, description: Option<String>| Error::OAuth {
        code,
        description,
        status: Some(status),
    };
    match (quirks.errors, value.as_ref()) {
        (ErrorShape::Peatio, Some(v)) if v.get("error").is_some_and(Value::is_object) => {
            let error = &v["error"];
            let code = error.get("code").and_then(text).unwrap_or_default();
            let message = error.get("message").and_then(text);
            if code == "2010" {
                return Error::Session {
                    code: "expired",
                    reason: "the access key has expired (f1cx error 2010); refresh the session"
                        .into(),
                    status: Some(status),
                };
            }
            oauth(code, message)
        }
        (ErrorShape::Envelope, Some(v)) if v.get("errors").is_some_and(Value::is_array) => {
            let errors = v["errors"].as_array().cloned().unwrap_or_default();
            let code = errors
                .first()
                .and_then(|e| e.get("code"))
                .and_then(text)
                .unwrap_or_else(|| "error".into());
            let messages: Vec<String> = errors
                .iter()
                .filter_map(|e| e.get("message").and_then(text))
                .collect();
            oauth(code, (!messages.is_empty()).then(|| messages.join("; ")))
        }
        (_, Some(v)) if v.get("error").and_then(Value::as_str).is_some() => oauth(
            v["error"].as_str().unwrap_or_default().to_owned(),
            v.get("error_description").and_then(text),
        ),
        _ if status == 401 => Error::Session {
            code: "invalid",
            reason: "the server no longer accepts this session (HTTP 401); log in again".into(),
            status: Some(status),
        },
        _ => Error::Http {
            status,
            messages: value
                .as_ref()
                .and_then(|v| v.get("errors"))
                .and_then(Value::as_array)
                .map(|list| {
                    list.iter()
                        .filter_map(|m| m.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default(),
        },
    }
}
