//! Which of the exchange's two languages an answer is in: the best of `en`/`fr` the
//! request's `Accept-Language` asks for (q-values honoured), as the spec's
//! "Localization" section describes; for a user's calls without one, the account's.

use axum::http::HeaderMap;
use axum::http::header::ACCEPT_LANGUAGE;

use crate::domain::i18n::Lang;

/// The best of `en`/`fr` for an `Accept-Language` header (q-values honoured);
/// English when neither is asked for.
pub fn negotiate(headers: &HeaderMap) -> Lang {
    requested(headers).unwrap_or(Lang::En)
}

/// The language of a user's calls: the one the request asks for, else the
/// account's (`locale`).
pub fn for_user(headers: &HeaderMap, locale: &str) -> Lang {
    requested(headers).unwrap_or(if locale == "fr" { Lang::Fr } else { Lang::En })
}

/// The best of `en`/`fr` the `Accept-Language` header asks for, if it asks for
/// either.
pub fn requested(headers: &HeaderMap) -> Option<Lang> {
    let value = headers.get(ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok())?;
    let mut best: Option<(Lang, f32)> = None;
    for range in value.split(',') {
        let mut parts = range.split(';');
        let tag = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        let q = parts
            .find_map(|p| p.trim().strip_prefix("q="))
            .and_then(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        let primary = tag.split('-').next().unwrap_or("");
        let lang = match primary {
            "fr" => Lang::Fr,
            "en" => Lang::En,
            _ => continue,
        };
        if q > 0.0 && best.is_none_or(|(_, b)| q > b) {
            best = Some((lang, q));
        }
    }
    best.map(|(lang, _)| lang)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn lang(value: &str) -> Lang {
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT_LANGUAGE, HeaderValue::from_str(value).unwrap());
        negotiate(&headers)
    }

    #[test]
    fn negotiates_from_accept_language() {
        assert_eq!(lang("fr"), Lang::Fr);
        assert_eq!(lang("fr-FR,fr;q=0.9,en;q=0.8"), Lang::Fr);
        assert_eq!(lang("en-GB,fr;q=0.5"), Lang::En);
        assert_eq!(lang("de, fr;q=0.3"), Lang::Fr);
        assert_eq!(lang("fr;q=0.2, en;q=0.7"), Lang::En);
        assert_eq!(lang("fr;q=0"), Lang::En);
        assert_eq!(lang("de"), Lang::En);
        assert_eq!(negotiate(&HeaderMap::new()), Lang::En);
    }

    #[test]
    fn users_calls_fall_back_on_the_accounts_language() {
        let mut headers = HeaderMap::new();
        assert_eq!(for_user(&headers, "fr"), Lang::Fr);
        assert_eq!(for_user(&headers, "en"), Lang::En);
        headers.insert(ACCEPT_LANGUAGE, HeaderValue::from_static("de"));
        assert_eq!(for_user(&headers, "fr"), Lang::Fr);
        headers.insert(ACCEPT_LANGUAGE, HeaderValue::from_static("en-GB"));
        assert_eq!(for_user(&headers, "fr"), Lang::En);
    }
}
