//! A logged-in session: what the provider granted, when it ends, and how it is kept.
//!
//! Kept as JSON in storage, with the field names of the versions before the schema
//! walk (`access_token`, `expires_at`, ...), so sessions and logins stored by them
//! still load; times are written as whole milliseconds, and read whole or not
//! (`1700000000000.0`, as those versions wrote them).

use rust_decimal::Decimal;

use crate::schema::{self, Failure, Field, FromNode, Kind, Model, Node, Schema, ToNode};

/// Sessions are renewed (or refused) this long before they expire, so no request
/// leaves with a token that dies on the way.
pub const EXPIRY_MARGIN_MS: f64 = 30_000.0;

/// A session, as kept in storage. Its `Debug` never shows a token.
#[derive(Clone, PartialEq)]
pub struct Session {
    /// The provider preset's id (`"bitcoin-central"`), or `"custom"`.
    pub provider: String,
    /// The bearer token (for f1cx, its access key).
    pub access_token: String,
    /// As the provider wrote it (`"bearer"`, `"Bearer"`).
    pub token_type: String,
    /// The granted scopes (as requested when the provider did not say).
    pub scopes: Vec<String>,
    /// When the access token expires, in Unix milliseconds; `None` when the provider
    /// did not say (never invented).
    pub expires_at: Option<f64>,
    /// The token that renews the session; `None` when the provider gave none (the
    /// session then ends when it expires).
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

    /// Whether `scope` was granted.
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
#[derive(Clone, PartialEq)]
pub struct SessionView {
    /// The provider preset's id (`"bitcoin-central"`), or `"custom"`.
    pub provider: String,
    /// The bearer token (for f1cx, its access key); JS `accessToken`.
    pub access_token: String,
    /// As the provider wrote it (`"bearer"`, `"Bearer"`); JS `tokenType`.
    pub token_type: String,
    /// The granted scopes (as requested when the provider did not say).
    pub scopes: Vec<String>,
    /// When the access token expires, in Unix milliseconds; `None` (JS `null`) when
    /// the provider did not say. JS `expiresAt`.
    pub expires_at: Option<f64>,
    /// Whether the library holds a refresh token for it (the token itself stays
    /// inside).
    pub refreshable: bool,
    /// f1cx's secret key; `None` (JS `null`) elsewhere. JS `secretKey`.
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
#[derive(Clone, PartialEq)]
pub struct PendingLogin {
    /// The one-time `state` sent to the provider, which the callback must echo.
    pub state: String,
    /// `"token"` or `"code"`.
    pub flow: String,
    /// The PKCE verifier of a code flow login; `None` for the implicit flow.
    pub code_verifier: Option<String>,
    /// The redirect URI the login was sent with (the code exchange repeats it).
    pub redirect_uri: String,
    /// The scopes asked for.
    pub scopes: Vec<String>,
    /// Unix milliseconds.
    pub started_at: f64,
}

/// A login not completed within this time is dropped (codes live 5 minutes).
pub const PENDING_TTL_MS: f64 = 10.0 * 60.0 * 1000.0;

const TEXT: Kind = Kind::Text;
const TEXTS: Kind = Kind::List(&Kind::Text);
const TEXT_OR_NULL: Kind = Kind::Optional(&Kind::Nullable(&Kind::Text));

/// A field under one name, in storage and for JS alike.
const fn field(name: &'static str, kind: Kind) -> Field {
    Field {
        wire: name,
        js: name,
        kind,
        doc: "",
    }
}

/// Unix milliseconds as kept: whole, or with a fraction (dropped).
fn ms(node: Option<Node>) -> Option<f64> {
    let value = Decimal::from_node(node)?;
    // `as`: a timestamp in milliseconds is far within an f64's exact integers.
    i64::try_from(value.trunc()).ok().map(|ms| ms as f64)
}

/// Unix milliseconds, whole, to be written.
fn ms_node(ms: f64) -> Node {
    // `as` saturates; a clock's milliseconds are whole numbers far within range.
    Node::Int(ms as i64)
}

/// A node as JSON text, with the names `kind` gives.
fn to_text(node: &Node, kind: &Kind) -> String {
    let mut out = Vec::new();
    schema::write_node(&mut out, node, kind);
    String::from_utf8(out).unwrap_or_default()
}

impl Session {
    /// The session as kept in storage.
    pub const SCHEMA: &'static Schema = &Schema {
        name: "StoredSession",
        doc: "A session, as kept in storage.",
        fields: &[
            field("provider", TEXT),
            field("access_token", TEXT),
            field("token_type", TEXT),
            field("scopes", TEXTS),
            field(
                "expires_at",
                Kind::Optional(&Kind::Nullable(&Kind::Decimal)),
            ),
            field("refresh_token", TEXT_OR_NULL),
            field("secret_key", TEXT_OR_NULL),
        ],
        closed: false,
    };

    /// The JSON text kept in storage.
    pub fn to_json(&self) -> String {
        to_text(&self.to_node(), &Self::KIND)
    }

    /// A session from the JSON text kept in storage.
    pub fn from_json(bytes: &[u8]) -> Result<Session, Failure> {
        schema::decode(bytes)
    }
}

impl Model for Session {
    const KIND: Kind = Kind::Object(Self::SCHEMA);
}

impl FromNode for Session {
    fn from_node(node: Option<Node>) -> Option<Self> {
        let Node::Object(slots) = node? else {
            return None;
        };
        let mut slots = slots.into_iter();
        Some(Session {
            provider: FromNode::from_node(slots.next()?)?,
            access_token: FromNode::from_node(slots.next()?)?,
            token_type: FromNode::from_node(slots.next()?)?,
            scopes: FromNode::from_node(slots.next()?)?,
            expires_at: match slots.next()? {
                None | Some(Node::Null) => None,
                at => Some(ms(at)?),
            },
            refresh_token: FromNode::from_node(slots.next()?)?,
            secret_key: FromNode::from_node(slots.next()?)?,
        })
    }
}

impl ToNode for Session {
    fn to_node(&self) -> Node {
        Node::Object(vec![
            Some(self.provider.to_node()),
            Some(self.access_token.to_node()),
            Some(self.token_type.to_node()),
            Some(self.scopes.to_node()),
            Some(self.expires_at.map_or(Node::Null, ms_node)),
            Some(self.refresh_token.to_node()),
            Some(self.secret_key.to_node()),
        ])
    }
}

impl SessionView {
    /// The session as JS sees it (the `Session` interface of `types.d.ts`).
    pub const SCHEMA: &'static Schema = &Schema {
        name: "Session",
        doc: "The session as the app sees it.",
        fields: &[
            field("provider", TEXT),
            field("accessToken", TEXT),
            field("tokenType", TEXT),
            field("scopes", TEXTS),
            field("expiresAt", Kind::Nullable(&Kind::Int)),
            field("refreshable", Kind::Bool),
            field("secretKey", Kind::Nullable(&Kind::Text)),
        ],
        closed: false,
    };

    /// Compact JSON text with the JS names, for one `JSON.parse`.
    pub fn to_js_text(&self) -> String {
        to_text(&self.to_node(), &Kind::Object(Self::SCHEMA))
    }
}

impl ToNode for SessionView {
    fn to_node(&self) -> Node {
        Node::Object(vec![
            Some(self.provider.to_node()),
            Some(self.access_token.to_node()),
            Some(self.token_type.to_node()),
            Some(self.scopes.to_node()),
            Some(self.expires_at.map_or(Node::Null, ms_node)),
            Some(self.refreshable.to_node()),
            Some(self.secret_key.to_node()),
        ])
    }
}

impl PendingLogin {
    /// A login in progress, as kept in storage.
    pub const SCHEMA: &'static Schema = &Schema {
        name: "PendingLogin",
        doc: "A login in progress, as kept in storage.",
        fields: &[
            field("state", TEXT),
            field("flow", TEXT),
            field("code_verifier", TEXT_OR_NULL),
            field("redirect_uri", TEXT),
            field("scopes", TEXTS),
            field("started_at", Kind::Decimal),
        ],
        closed: false,
    };

    /// The JSON text kept in storage.
    pub fn to_json(&self) -> String {
        to_text(&self.to_node(), &Self::KIND)
    }

    /// A login in progress from the JSON text kept in storage.
    pub fn from_json(bytes: &[u8]) -> Result<PendingLogin, Failure> {
        schema::decode(bytes)
    }
}

impl Model for PendingLogin {
    const KIND: Kind = Kind::Object(Self::SCHEMA);
}

impl FromNode for PendingLogin {
    fn from_node(node: Option<Node>) -> Option<Self> {
        let Node::Object(slots) = node? else {
            return None;
        };
        let mut slots = slots.into_iter();
        Some(PendingLogin {
            state: FromNode::from_node(slots.next()?)?,
            flow: FromNode::from_node(slots.next()?)?,
            code_verifier: FromNode::from_node(slots.next()?)?,
            redirect_uri: FromNode::from_node(slots.next()?)?,
            scopes: FromNode::from_node(slots.next()?)?,
            started_at: ms(slots.next()?)?,
        })
    }
}

impl ToNode for PendingLogin {
    fn to_node(&self) -> Node {
        Node::Object(vec![
            Some(self.state.to_node()),
            Some(self.flow.to_node()),
            Some(self.code_verifier.to_node()),
            Some(self.redirect_uri.to_node()),
            Some(self.scopes.to_node()),
            Some(ms_node(self.started_at)),
        ])
    }
}
