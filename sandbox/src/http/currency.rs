//! The currency segment of the market paths (`/api/v1/data/{currency}/...`).

use axum::http::{HeaderMap, StatusCode};

use crate::domain::i18n::Message;
use crate::http::lang;
use crate::http::respond::Refusal;

/// Currencies the sandbox trades against BTC (path segment, code).
const CURRENCIES: [(&str, &str); 1] = [("eur", "EUR")];

/// The currency code for a path segment, or the 422 the exchange gives otherwise.
pub fn currency(segment: &str, headers: &HeaderMap) -> Result<&'static str, Refusal> {
    CURRENCIES
        .iter()
        .find(|(path, _)| *path == segment)
        .map(|(_, code)| *code)
        .ok_or_else(|| {
            Refusal(
                StatusCode::UNPROCESSABLE_ENTITY,
                lang::negotiate(headers),
                Message::UnknownCurrency(segment.to_owned()),
            )
        })
}
