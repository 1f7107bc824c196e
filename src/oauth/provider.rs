//! The four exchanges' OAuth2 dialects, in one table. Everything that differs between
//! providers is a field of [`Quirks`]; the flow code reads the table and never asks
//! which provider it is talking to.

/// Which flow a login uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseType {
    /// The implicit flow: the access token comes back in the URL fragment.
    Token,
    /// The authorization-code flow (with PKCE from a browser).
    Code,
}

impl ResponseType {
    /// The `response_type` sent (`"token"`, `"code"`), also the JS `flow` option.
    pub const fn as_str(self) -> &'static str {
        match self {
            ResponseType::Token => "token",
            ResponseType::Code => "code",
        }
    }

    /// The flow of a `flow` option; `None` for anything but `"token"` or `"code"`.
    pub fn parse(text: &str) -> Option<ResponseType> {
        match text {
            "token" => Some(ResponseType::Token),
            "code" => Some(ResponseType::Code),
            _ => None,
        }
    }
}

/// How the token endpoint (and the implicit callback) hand over the token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenShape {
    /// RFC 6749 §5.1: `{access_token, token_type, expires_in?, refresh_token?, scope?}`.
    Bearer,
    /// f1cx (Peatio): the access token is `access_key:secret_key`.
    AccessSecretPair,
    /// Bitport: `{access_token}` alone, bearer by convention.
    AccessTokenOnly,
}

/// How the provider reports errors from its token endpoint and API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorShape {
    /// RFC 6749 §5.2: `{error, error_description?, error_uri?}`.
    Rfc6749,
    /// Peatio: `{"error": {"code": 2010, "message": "..."}}`; 2010 is an expired key.
    Peatio,
    /// Bitport: `{status: "error", data: null, errors: [{message, code}]}`.
    Envelope,
}

/// One provider's OAuth2 dialect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quirks {
    /// The preset's name in options (`"coins-ph"`) and in sessions.
    pub id: &'static str,
    /// How people write it.
    pub name: &'static str,
    /// Where the provider lives; `baseUrl` replaces it (for the sandbox).
    pub base_url: &'static str,
    /// The authorization endpoint's path, under `base_url`.
    pub authorize_path: &'static str,
    /// The token endpoint's path, under `base_url`; empty for none.
    pub token_path: &'static str,
    /// Every scope the provider has. A scope outside this list is refused before any
    /// redirect.
    pub scopes: &'static [&'static str],
    /// The flow used when the app does not choose one.
    pub default_flow: ResponseType,
    /// Whether the provider offers the implicit (`response_type=token`) flow.
    pub implicit: bool,
    /// Coins.ph answers `state=` (empty) instead of echoing the state it was sent. A
    /// callback with an empty or missing state is then accepted for the one login in
    /// progress in this tab; a non-empty state must still match.
    pub state_may_be_empty: bool,
    /// How the token comes back.
    pub token: TokenShape,
    /// How errors come back.
    pub errors: ErrorShape,
    /// Coins.ph wants a strictly increasing `nonce` header on each API call.
    pub nonce_header: bool,
    /// Bitport's user-code grant: `grant_type=code` with a code the user copied.
    pub user_code_grant: bool,
}

/// The presets, in the order the docs list them.
pub const PROVIDERS: [Quirks; 4] = [
    Quirks {
        id: "bitcoin-central",
        name: "Bitcoin-Central",
        base_url: "https://bitcoin-central.net",
        authorize_path: "/api/oauth/authorize",
        token_path: "/api/oauth/token",
        scopes: &["basic", "activity", "trade", "withdraw"],
        default_flow: ResponseType::Code,
        implicit: true,
        state_may_be_empty: false,
        token: TokenShape::Bearer,
        errors: ErrorShape::Rfc6749,
        nonce_header: false,
        user_code_grant: false,
    },
    Quirks {
        id: "coins-ph",
        name: "Coins.ph",
        base_url: "https://coins.ph",
        authorize_path: "/user/api/authorize",
        token_path: "/user/oauthtoken",
        scopes: &[
            "buyorder",
            "sellorder",
            "history",
            "wallet_history",
            "wallet_transfer",
            "user_identity",
        ],
        default_flow: ResponseType::Token,
        implicit: true,
        state_may_be_empty: true,
        token: TokenShape::Bearer,
        errors: ErrorShape::Rfc6749,
        nonce_header: true,
        user_code_grant: false,
    },
    Quirks {
        id: "f1cx",
        name: "f1cx",
        base_url: "https://f1cx.com",
        authorize_path: "/oauth/authorize",
        token_path: "/oauth/token",
        scopes: &["profile", "history", "trade"],
        default_flow: ResponseType::Code,
        implicit: false,
        state_may_be_empty: false,
        token: TokenShape::AccessSecretPair,
        errors: ErrorShape::Peatio,
        nonce_header: false,
        user_code_grant: false,
    },
    Quirks {
        id: "bitport",
        name: "Bitport",
        base_url: "https://api.bitport.io",
        authorize_path: "/v2/oauth2/authorize",
        token_path: "/v2/oauth2/access-token",
        scopes: &[],
        default_flow: ResponseType::Code,
        implicit: false,
        state_may_be_empty: false,
        token: TokenShape::AccessTokenOnly,
        errors: ErrorShape::Envelope,
        nonce_header: false,
        user_code_grant: true,
    },
];

/// An RFC 6749 provider given by explicit endpoints (no preset): the standard
/// dialect, any scope.
pub const CUSTOM: Quirks = Quirks {
    id: "custom",
    name: "OAuth2 provider",
    base_url: "",
    authorize_path: "",
    token_path: "",
    scopes: &[],
    default_flow: ResponseType::Code,
    implicit: true,
    state_may_be_empty: false,
    token: TokenShape::Bearer,
    errors: ErrorShape::Rfc6749,
    nonce_header: false,
    user_code_grant: false,
};

impl Quirks {
    /// The preset of that name.
    pub fn preset(id: &str) -> Option<&'static Quirks> {
        PROVIDERS.iter().find(|p| p.id == id)
    }

    /// Whether `scope` exists at this provider (a custom provider accepts any).
    pub fn has_scope(&self, scope: &str) -> bool {
        self.id == CUSTOM.id || self.scopes.contains(&scope)
    }

    /// The names of the presets, for error messages.
    pub fn preset_names() -> String {
        PROVIDERS
            .iter()
            .map(|p| format!("\"{}\"", p.id))
            .collect::<Vec<_>>()
            .join(", ")
    }
}
