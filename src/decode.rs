//! Where response text becomes a model, or an [`Error`].
//!
//! [`answer`] reads an [`HttpResponse`] the way the spec describes: 200/201 carry the
//! entity; 400/422 carry `{"errors": [...]}`, localized; 429 is the rate limit. All JSON
//! is decoded here, in Rust, so money never passes through `JSON.parse` or an `f64`.

use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::error::Error;
use crate::http::HttpResponse;

/// The outcome of one call, from its response.
pub fn answer<T: DeserializeOwned>(response: &HttpResponse) -> Result<T, Error> {
    let status = response.status;
    match status {
        200..=299 => decode(response),
        429 => Err(Error::RateLimited {
            retry_after_secs: response.retry_after_secs(),
            messages: error_messages(&response.body),
        }),
        400 | 422 => Err(Error::Api {
            status,
            messages: error_messages(&response.body),
        }),
        _ => Err(Error::Http {
            status,
            messages: error_messages(&response.body),
        }),
    }
}

/// Decodes a successful body into `T`, naming the failing field on error.
pub fn decode<T: DeserializeOwned>(response: &HttpResponse) -> Result<T, Error> {
    let failed = |path: String, error: &serde_json::Error| Error::Decode {
        status: response.status,
        path,
        reason: reason(response, error),
    };
    // A body labelled as something else is not the API's answer, even if it parses
    // (a captive portal, a proxy, a misrouted request).
    if let Some(content_type) = response.header("content-type") {
        if !is_json(content_type) {
            return Err(Error::Decode {
                status: response.status,
                path: String::new(),
                reason: format!("expected JSON, got {content_type}"),
            });
        }
    }
    let mut json = serde_json::Deserializer::from_str(&response.body);
    let value = serde_path_to_error::deserialize(&mut json)
        .map_err(|e| failed(field_path(&e.path().to_string()), e.inner()))?;
    json.end().map_err(|e| failed(String::new(), &e))?;
    Ok(value)
}

/// `bids[3].price`, or empty for the body as a whole (serde_path_to_error writes
/// that as `.`, or `?` where the position is unknown, as in a truncated body).
/// serde_json hands exact numbers over as a map with a private key; that key is not
/// part of the user's path.
fn field_path(path: &str) -> String {
    let path = path
        .trim_end_matches("$serde_json::private::Number")
        .trim_end_matches('.');
    let path = path.trim_end_matches('?').trim_end_matches('.');
    path.to_owned()
}

/// `application/json`, with or without parameters, or any `+json` type.
fn is_json(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or_default().trim();
    let essence = essence.to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json")
}

fn reason(response: &HttpResponse, error: &serde_json::Error) -> String {
    let content_type = response.header("content-type").unwrap_or("no content type");
    let looks_like_json =
        content_type.contains("json") || response.body.trim_start().starts_with(['{', '[']);
    if !looks_like_json {
        return format!("expected JSON, got {content_type}");
    }
    if error.is_eof() {
        return format!(
            "the JSON ends too early (truncated after {} bytes)",
            response.body.len()
        );
    }
    error.to_string()
}

/// The spec's error body: `{"errors": ["...", ...]}`. A body that is not one gives no
/// messages (the status alone still tells what happened).
pub(crate) fn error_messages(body: &str) -> Vec<String> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Messages {
        Many(Vec<String>),
        One(String),
    }
    #[derive(Deserialize)]
    struct ErrorBody {
        errors: Messages,
    }
    // Only an object: serde reads a struct from a list too, and `["..."]` is no
    // error body.
    let Ok(body @ serde_json::Value::Object(_)) = serde_json::from_str(body) else {
        return Vec::new();
    };
    match ErrorBody::deserialize(body) {
        Ok(ErrorBody {
            errors: Messages::Many(all),
        }) => all,
        Ok(ErrorBody {
            errors: Messages::One(one),
        }) => vec![one],
        Err(_) => Vec::new(),
    }
}
