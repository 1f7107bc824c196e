//! A logged-in session: what the provider granted, when it ends, and how it is kept.

use serde::{Deserialize, Serialize};

/// Sessions are renewed (or refused) this long before they expire, so no request
/// leaves with a token that dies on the way.
pub const EXPIRY_MARGIN_MS: f64 = 30_000.0;

/// A session, as kept in storage. Its `Debug` never shows a token.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    /// The provider preset's id (`"bitcoin-central"`), or `"custom"`.
    pub provider: String,
    pub access_token: String,
    /// As the provider wrote it (`"bearer"`, `"Bearer"`).
    pub token_type: String,
    pub scopes: Vec<String>,
    /// When the access token expires, in Unix milliseconds; `None` when the provider
    /// did not say (never invented).
    pub expires_at: Option<f64>,
    pub refresh_token: Option<String>,
    /// f1cx's secret key (its user token is `access_key:secret_key`).
    pub secret_key: Option<String>,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("provider", &self.provider)
            .field("access_token", &"<redacted>")
            .field("token_type", &self.token_type)
            .field("scopes", &self.scopes)
            .field("expires_at", &self.expires_at)
            .field(
                "refresh_token",
                &self.refresh_token.as_ref().map(|_| "<redacted>"),
            )
            .field(
                "secret_key",
                &self.secret_key.as_ref().map(|_| "<redacted>"),
            )
            .finish()
    }
}

impl Session {
    /// Whether the access token is expired, or will be within the margin, at `now_ms`.
    pub fn is_expired(&self, now_ms: f64) -> bool {
        self.expires_at
            .is_some_and(|at| at - EXPIRY_MARGIN_MS <= now_ms)
    }

    pub fn has_scope(&self, scope: &str) -> bool {
        self.scopes.iter().any(|s| s == scope)
    }

    /// What JS sees: no refresh token, only whether there is one.
    pub fn view(&self) -> SessionView {
        SessionView {
            provider: self.provider.clone(),
            access_token: self.access_token.clone(),
            token_type: self.token_type.clone(),
            scopes: self.scopes.clone(),
            expires_at: self.expires_at,
            refreshable: self.refresh_token.is_some(),
            secret_key: self.secret_key.clone(),
        }
    }
}

/// The session as the app sees it (`Session` in TypeScript).
#[derive(Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionView {
    pub provider: String,
    pub access_token: String,
    pub token_type: String,
    pub scopes: Vec<String>,
    pub expires_at: Option<f64>,
    pub refreshable: bool,
    pub secret_key: Option<String>,
}

impl std::fmt::Debug for SessionView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SessionView")
            .field("provider", &self.provider)
            .field("scopes", &self.scopes)
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

/// A login on its way to the provider, kept in `sessionStorage` until its callback.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct PendingLogin {
    pub state: String,
    /// `"token"` or `"code"`.
    pub flow: String,
    pub code_verifier: Option<String>,
    pub redirect_uri: String,
    pub scopes: Vec<String>,
    /// Unix milliseconds.
    pub started_at: f64,
}

/// A login not completed within this time is dropped (codes live 5 minutes).
pub const PENDING_TTL_MS: f64 = 10.0 * 60.0 * 1000.0;
