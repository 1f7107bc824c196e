//! The sandbox's OAuth2 authorization server, as the spec's "Authentication" section
//! describes it, with the RFCs filling the gaps the spec leaves:
//!
//! - [`clients`]: the registered applications (built-in and from flags) and their
//!   exact redirect URIs.
//! - [`authorize`]: `GET /api/oauth/authorize` shows a consent page for the demo user;
//!   `POST` carries the decision back to the application (RFC 6749 §4.1, §4.2; PKCE
//!   from RFC 7636, S256 only).
//! - [`token`]: `POST /api/oauth/token` exchanges codes and rotates refresh tokens
//!   (RFC 6749 §4.1.3, §6).
//! - [`grants`]: the codes and tokens issued, their lifetimes and revocation.
//! - [`bearer`]: the one check every user endpoint makes: a live bearer token with
//!   the endpoint's scope (RFC 6750).
//! - [`page`]: the HTML of the consent and error pages.
//!
//! Nothing here logs or echoes a token, code or secret.

pub mod authorize;
pub mod bearer;
pub mod clients;
pub mod grants;
pub mod page;
pub mod token;

use axum::Router;
use axum::routing::{get, post};

use crate::Sandbox;
use crate::i18n::Lang;

pub use clients::OAuthClient;

pub fn router() -> Router<Sandbox> {
    Router::new()
        .route(
            "/api/oauth/authorize",
            get(authorize::consent).post(authorize::decide),
        )
        .route("/api/oauth/token", post(token::token))
}

/// A permission an application asks for: the spec's scope table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Basic,
    Activity,
    Trade,
    Withdraw,
}

impl Scope {
    /// Every scope, in the spec's order.
    pub const ALL: [Scope; 4] = [Scope::Basic, Scope::Activity, Scope::Trade, Scope::Withdraw];

    pub fn name(self) -> &'static str {
        match self {
            Scope::Basic => "basic",
            Scope::Activity => "activity",
            Scope::Trade => "trade",
            Scope::Withdraw => "withdraw",
        }
    }

    pub fn parse(name: &str) -> Option<Scope> {
        Scope::ALL.into_iter().find(|scope| scope.name() == name)
    }

    /// What the scope lets an application do, as the consent page says it.
    pub fn description(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Scope::Basic, Lang::En) => "Read account number, language, and balances",
            (Scope::Basic, Lang::Fr) => "Lire le numéro de compte, la langue et les soldes",
            (Scope::Activity, Lang::En) => {
                "Read trade orders, deposits, withdrawals, and other operations"
            }
            (Scope::Activity, Lang::Fr) => {
                "Lire les ordres, les dépôts, les retraits et les autres opérations"
            }
            (Scope::Trade, Lang::En) => "Create and cancel trade orders",
            (Scope::Trade, Lang::Fr) => "Passer et annuler des ordres",
            (Scope::Withdraw, Lang::En) => {
                "Request EUR and BTC withdrawals (requires email confirmation from users upon withdrawing)"
            }
            (Scope::Withdraw, Lang::Fr) => {
                "Demander des retraits en EUR et en BTC (confirmés par e-mail par l'utilisateur au moment du retrait)"
            }
        }
    }

    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// A set of scopes, always listed in the spec's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Scopes(u8);

impl Scopes {
    /// The scope parameter: space-separated names; `basic` when empty or absent.
    /// On an unknown name, that name.
    pub fn parse(text: Option<&str>) -> Result<Scopes, String> {
        let mut scopes = Scopes::default();
        for name in text.unwrap_or("").split(' ').filter(|n| !n.is_empty()) {
            let scope = Scope::parse(name).ok_or_else(|| name.to_owned())?;
            scopes.0 |= scope.bit();
        }
        if scopes == Scopes::default() {
            scopes.0 = Scope::Basic.bit();
        }
        Ok(scopes)
    }

    pub fn contains(self, scope: Scope) -> bool {
        self.0 & scope.bit() != 0
    }

    pub fn iter(self) -> impl Iterator<Item = Scope> {
        Scope::ALL.into_iter().filter(move |s| self.contains(*s))
    }
}

/// Space-separated, as the `scope` parameter and field are written.
impl std::fmt::Display for Scopes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, scope) in self.iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            f.write_str(scope.name())?;
        }
        Ok(())
    }
}

/// The parameters of a query or form body, in order, as sent.
pub struct Params(Vec<(String, String)>);

impl Params {
    /// `application/x-www-form-urlencoded` text (`+` is a space).
    pub fn parse(bytes: &[u8]) -> Params {
        Params(
            form_urlencoded::parse(bytes)
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }

    /// A parameter's value. An empty value counts as absent (RFC 6749 §3.1).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, v)| k == name && !v.is_empty())
            .map(|(_, v)| v.as_str())
    }

    /// Whether `name` was sent more than once (RFC 6749 §3.1 forbids it).
    pub fn repeated(&self, name: &str) -> bool {
        self.0.iter().filter(|(k, _)| k == name).count() > 1
    }

    /// The first of `names` sent more than once.
    pub fn first_repeated(&self, names: &[&'static str]) -> Option<&'static str> {
        names.iter().copied().find(|name| self.repeated(name))
    }
}

/// Text a client sent, made fit for an `error_description` (RFC 6749 §5.2 allows
/// printable ASCII but `"` and `\`) and kept short.
pub fn printable(text: &str) -> String {
    let mut safe: String = text
        .chars()
        .filter(|c| matches!(c, ' '..='~') && !matches!(c, '"' | '\\'))
        .take(40)
        .collect();
    if text.chars().count() > 40 {
        safe.push_str("...");
    }
    safe
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_parse_dedupe_default_and_print_in_the_specs_order() {
        assert_eq!(Scopes::parse(None).unwrap().to_string(), "basic");
        assert_eq!(Scopes::parse(Some("")).unwrap().to_string(), "basic");
        assert_eq!(
            Scopes::parse(Some("trade  basic trade")).unwrap().to_string(),
            "basic trade"
        );
        assert_eq!(
            Scopes::parse(Some("withdraw activity")).unwrap().to_string(),
            "activity withdraw"
        );
        assert_eq!(Scopes::parse(Some("basic admin")), Err("admin".into()));
        assert!(!Scopes::parse(Some("activity")).unwrap().contains(Scope::Basic));
    }

    #[test]
    fn params_treat_empty_as_absent_and_spot_repeats() {
        let params = Params::parse(b"a=1&b=&scope=basic+activity&a=2");
        assert_eq!(params.get("a"), Some("1"));
        assert_eq!(params.get("b"), None);
        assert_eq!(params.get("scope"), Some("basic activity"));
        assert_eq!(params.first_repeated(&["b", "a"]), Some("a"));
        assert_eq!(params.first_repeated(&["b", "scope"]), None);
    }

    #[test]
    fn printable_keeps_descriptions_legal() {
        assert_eq!(printable("ok-scope"), "ok-scope");
        assert_eq!(printable("a\"b\\c\né"), "abc");
        assert_eq!(printable(&"x".repeat(50)), format!("{}...", "x".repeat(40)));
    }
}
