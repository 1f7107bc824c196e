//! Token endpoint answers and provider errors, in each provider's shape, read into one
//! [`Grant`] or one [`Error`].

use crate::error::{Error, Text};
use crate::http::HttpResponse;
use crate::json;
use crate::oauth::callback::{parse_expires_in, split_scopes};
use crate::oauth::provider::{ErrorShape, Quirks, TokenShape};
use crate::schema::{self, Field, Kind, Node, Schema};

/// What a token endpoint granted.
#[derive(Clone, PartialEq, Eq)]
pub struct Grant {
    /// The bearer token (for f1cx, the part before `:` of its user token).
    pub access_token: String,
    /// f1cx's secret key (the part after `:` of its user token).
    pub secret_key: Option<String>,
    /// As the provider wrote it (`"bearer"`); `"bearer"` for the providers that do
    /// not say.
    pub token_type: String,
    /// Seconds the access token lives; `None` when the provider did not say.
    pub expires_in: Option<u64>,
    /// The token that renews the session; `None` when the provider gave none.
    pub refresh_token: Option<String>,
    /// The granted scopes; `None` when the provider did not say (as requested).
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

const TEXT_OR_NULL: Kind = Kind::Optional(&Kind::Nullable(&Kind::Text));

/// RFC 6749 §5.1, leniently typed where providers differ: `expires_in` as a number or
/// a string, `scope` as a string or a list (read in a second step).
static TOKEN_BODY: Schema = Schema {
    name: "TokenBody",
    doc: "A token endpoint's answer (RFC 6749 §5.1).",
    fields: &[
        Field {
            wire: "access_token",
            js: "accessToken",
            kind: TEXT_OR_NULL,
            doc: "",
        },
        Field {
            wire: "token_type",
            js: "tokenType",
            kind: TEXT_OR_NULL,
            doc: "",
        },
        Field {
            wire: "expires_in",
            js: "expiresIn",
            kind: Kind::Optional(&Kind::Any),
            doc: "Seconds, as a number or a string.",
        },
        Field {
            wire: "refresh_token",
            js: "refreshToken",
            kind: TEXT_OR_NULL,
            doc: "",
        },
        Field {
            wire: "scope",
            js: "scope",
            kind: Kind::Optional(&Kind::Any),
            doc: "A string of scopes, or a list.",
        },
    ],
    closed: false,
};

struct TokenBody {
    access_token: Option<String>,
    token_type: Option<String>,
    expires_in: Option<String>,
    refresh_token: Option<String>,
    scope: Option<String>,
}

fn token_body(bytes: &[u8]) -> Result<TokenBody, schema::Failure> {
    // An object kind reads as an object node: anything else leaves every field empty.
    let slots = match schema::read_node(bytes, &Kind::Object(&TOKEN_BODY))? {
        Node::Object(slots) => slots,
        _ => Vec::new(),
    };
    let mut slots = slots.into_iter().map(|slot| match slot {
        Some(Node::Text(text) | Node::Raw(text)) => Some(text),
        _ => None,
    });
    let mut next = || slots.next().flatten();
    Ok(TokenBody {
        access_token: next(),
        token_type: next(),
        expires_in: next(),
        refresh_token: next(),
        scope: next(),
    })
}

/// Reads a token endpoint's answer.
pub fn read_grant(quirks: &Quirks, response: &HttpResponse) -> Result<Grant, Error> {
    if !(200..300).contains(&response.status) {
        return Err(read_error(quirks, response));
    }
    let body: &[u8] = &response.body;
    // Bitport wraps answers in {status, data, errors}.
    let status = json::field(body, "status").and_then(json::string);
    let body = match (quirks.errors, status.as_deref()) {
        (ErrorShape::Envelope, Some("success")) => match json::field(body, "data") {
            Some(data) => match json::items(data) {
                Some(items) => items.first().copied().unwrap_or(b"null"),
                None => data,
            },
            None => b"null",
        },
        (ErrorShape::Envelope, Some(_)) => return Err(read_error(quirks, response)),
        _ => body,
    };
    // The field's path only: a message could quote a token.
    let body = token_body(body).map_err(|failure| Error::Decode {
        status: Some(response.status),
        path: failure.path(),
        reason: match failure.problem {
            schema::Problem::Syntax(_) if failure.path().is_empty() => Text::TokenAnswerNotJson,
            _ => Text::TokenAnswerWrongType,
        },
    })?;
    let decode = |path: &str, reason: Text| Error::Decode {
        status: Some(response.status),
        path: path.to_owned(),
        reason,
    };
    let access_token = body
        .access_token
        .filter(|t| !t.is_empty())
        .ok_or_else(|| decode("access_token", Text::Missing))?;
    let token_type = match (quirks.token, body.token_type) {
        (_, Some(kind)) if kind.eq_ignore_ascii_case("bearer") => kind,
        (_, Some(kind)) => {
            return Err(Error::Callback {
                code: "not-bearer",
                reason: Text::NotBearer(Some(kind)),
            });
        }
        // Bitport and f1cx do not say; their tokens are used as bearer tokens.
        (TokenShape::AccessTokenOnly | TokenShape::AccessSecretPair, None) => "bearer".to_owned(),
        (TokenShape::Bearer, None) => return Err(decode("token_type", Text::Missing)),
    };
    let (access_token, secret_key) = match quirks.token {
        TokenShape::AccessSecretPair => match access_token.split_once(':') {
            Some((access, secret)) if !access.is_empty() && !secret.is_empty() => {
                (access.to_owned(), Some(secret.to_owned()))
            }
            _ => {
                return Err(decode("access_token", Text::NotAccessSecretPair));
            }
        },
        _ => (access_token, None),
    };
    let expires_in = match body.expires_in.as_deref().map(str::as_bytes) {
        None | Some(b"null") => None,
        Some(raw) => Some(
            json::string_or_number(raw)
                .as_deref()
                .and_then(parse_expires_in)
                .ok_or_else(|| {
                    decode(
                        "expires_in",
                        Text::InvalidExpiresIn(String::from_utf8_lossy(raw).into_owned()),
                    )
                })?,
        ),
    };
    let scopes = body
        .scope
        .as_deref()
        .map(str::as_bytes)
        .and_then(|raw| match json::items(raw) {
            Some(items) => Some(items.into_iter().filter_map(json::string).collect()),
            None => json::string(raw).map(|text| split_scopes(&text)),
        })
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
    let body: &[u8] = &response.body;
    let oauth = |code: String, description: Option<String>| Error::OAuth {
        code,
        description,
        status: Some(status),
    };
    let is_object = |raw: &&[u8]| raw.first() == Some(&b'{');
    let peatio = json::field(body, "error").filter(is_object);
    let envelope = json::field(body, "errors").and_then(json::items);
    let plain = json::field(body, "error").and_then(json::string);
    match (quirks.errors, peatio, envelope, plain) {
        (ErrorShape::Peatio, Some(error), _, _) => {
            let code = json::field(error, "code")
                .and_then(json::string_or_number)
                .unwrap_or_default();
            let message = json::field(error, "message").and_then(json::string_or_number);
            if code == "2010" {
                return Error::Session {
                    code: "expired",
                    reason: Text::AccessKeyExpired,
                    status: Some(status),
                };
            }
            oauth(code, message)
        }
        (ErrorShape::Envelope, _, Some(errors), _) => {
            let code = errors
                .first()
                .and_then(|e| json::field(e, "code"))
                .and_then(json::string_or_number)
                .unwrap_or_else(|| "error".into());
            let messages: Vec<String> = errors
                .iter()
                .filter_map(|e| json::field(e, "message").and_then(json::string_or_number))
                .collect();
            oauth(code, (!messages.is_empty()).then(|| messages.join("; ")))
        }
        (_, _, _, Some(code)) => oauth(
            code,
            json::field(body, "error_description").and_then(json::string_or_number),
        ),
        _ if status == 401 => Error::Session {
            code: "invalid",
            reason: Text::SessionRejected,
            status: Some(status),
        },
        _ => Error::Http {
            status,
            messages: json::field(body, "errors")
                .and_then(json::items)
                .map(|list| list.into_iter().filter_map(json::string).collect())
                .unwrap_or_default(),
        },
    }
}
