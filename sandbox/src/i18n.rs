//! The sandbox's error messages in the exchange's two languages, chosen from the
//! request's `Accept-Language` as the spec's "Localization" section describes.

use axum::http::HeaderMap;
use axum::http::header::ACCEPT_LANGUAGE;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Fr,
}

impl Lang {
    /// The best of `en`/`fr` for an `Accept-Language` header (q-values honoured);
    /// English when neither is asked for.
    pub fn negotiate(headers: &HeaderMap) -> Lang {
        let Some(value) = headers.get(ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()) else {
            return Lang::En;
        };
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
        best.map_or(Lang::En, |(lang, _)| lang)
    }
}

/// Every message the sandbox can put in an `errors` array.
#[derive(Debug, Clone)]
pub enum Message {
    UnknownCurrency(String),
    NotFound,
    MethodNotAllowed,
    RateLimited { retry_after_secs: u64 },
    UnknownFault(String),
    BadParameter { name: &'static str, value: String },
    TokenMissing,
    TokenInvalid,
    ScopeMissing(&'static str),
}

impl Message {
    pub fn text(&self, lang: Lang) -> String {
        use Message::*;
        match (self, lang) {
            (UnknownCurrency(c), Lang::En) => format!("Currency \"{c}\" is not supported"),
            (UnknownCurrency(c), Lang::Fr) => {
                format!("La devise « {c} » n'est pas prise en charge")
            }
            (NotFound, Lang::En) => "Not found".into(),
            (NotFound, Lang::Fr) => "Introuvable".into(),
            (MethodNotAllowed, Lang::En) => "Method not allowed".into(),
            (MethodNotAllowed, Lang::Fr) => "Méthode non autorisée".into(),
            (
                RateLimited {
                    retry_after_secs: s,
                },
                Lang::En,
            ) => {
                format!("Rate limit exceeded, retry in {s} seconds")
            }
            (
                RateLimited {
                    retry_after_secs: s,
                },
                Lang::Fr,
            ) => {
                format!("Limite d'appels dépassée, réessayez dans {s} secondes")
            }
            (BadParameter { name, value }, Lang::En) => {
                format!("Parameter {name} is invalid: \"{value}\"")
            }
            (BadParameter { name, value }, Lang::Fr) => {
                format!("Le paramètre {name} est invalide : « {value} »")
            }
            (TokenMissing, Lang::En) => {
                "This call needs an access token (Authorization: Bearer …)".into()
            }
            (TokenMissing, Lang::Fr) => {
                "Cet appel demande un jeton d'accès (Authorization: Bearer …)".into()
            }
            (TokenInvalid, Lang::En) => "The access token is invalid or has expired".into(),
            (TokenInvalid, Lang::Fr) => "Le jeton d'accès est invalide ou a expiré".into(),
            (ScopeMissing(scope), Lang::En) => format!("This token lacks the scope {scope}"),
            (ScopeMissing(scope), Lang::Fr) => format!("Ce jeton n'a pas la portée {scope}"),
            (UnknownFault(f), Lang::En) => format!(
                "Unknown sandbox fault \"{f}\" (try delay-<ms>, html-<status>, truncate, rate-limited)"
            ),
            (UnknownFault(f), Lang::Fr) => format!(
                "Panne de bac à sable inconnue « {f} » (essayez delay-<ms>, html-<status>, truncate, rate-limited)"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn lang(value: &str) -> Lang {
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT_LANGUAGE, HeaderValue::from_str(value).unwrap());
        Lang::negotiate(&headers)
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
        assert_eq!(Lang::negotiate(&HeaderMap::new()), Lang::En);
    }
}
