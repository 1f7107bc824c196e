//! `new OAuth({...})`: the options bag, checked into an [`OAuthConfig`].

use crate::config::{Bag, bag_field};
use crate::error::{Error, Text};
use crate::oauth::provider::{CUSTOM, Quirks, ResponseType};
use crate::schema::{Kind, Node, Schema};

/// Where sessions are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StorageKind {
    /// `sessionStorage`: this tab, until it closes (the default).
    #[default]
    Session,
    /// `localStorage`: every tab of the origin, across restarts.
    Local,
    /// Memory only: gone on reload.
    Memory,
}

/// The options of `new OAuth(options)`, as JS passes them (see
/// [`OAuthOptions::from_json`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OAuthOptions {
    /// `provider`: a preset's id (`"bitcoin-central"`, `"coins-ph"`, `"f1cx"`,
    /// `"bitport"`); `None` for a provider given by `authorizeUrl` and `tokenUrl`.
    pub provider: Option<String>,
    /// `clientId`: the id the provider gave the app. Required.
    pub client_id: Option<String>,
    /// `redirectUri`: the URL registered with the provider, where the login comes
    /// back. Required.
    pub redirect_uri: Option<String>,
    /// `scopes`: the scopes to ask for, each one the provider has; `None`: none.
    pub scopes: Option<Vec<String>>,
    /// `flow`: `"code"` (with PKCE) or `"token"` (implicit); `None`: the provider's
    /// default.
    pub flow: Option<String>,
    /// `baseUrl`: the provider's address, in place of the preset's (for the
    /// sandbox).
    pub base_url: Option<String>,
    /// `authorizeUrl`: the authorization endpoint, in place of the preset's.
    pub authorize_url: Option<String>,
    /// `tokenUrl`: the token endpoint, in place of the preset's (a backend of the
    /// app's own, say).
    pub token_url: Option<String>,
    /// `storage`: where the session is kept, `"session"`, `"local"` or `"memory"`;
    /// `None`: `"session"`.
    pub storage: Option<String>,
    /// `resourceUrl`: the API the session's tokens are for (its origin is what
    /// counts); `None`: the provider's `baseUrl`, or for explicit endpoints the token
    /// endpoint's (else the authorization endpoint's).
    pub resource_url: Option<String>,
    /// Whether a `clientSecret` was given, only so it can be refused with an
    /// explanation (its value is never kept).
    pub client_secret: bool,
}

const TEXT: Kind = Kind::Optional(&Kind::Nullable(&Kind::Text));

impl OAuthOptions {
    /// What `new OAuth({...})` accepts: the keys above, and no others.
    pub const SCHEMA: &'static Schema = &Schema {
        name: "OAuthOptions",
        doc: "The options of `new OAuth({...})`.",
        fields: &[
            bag_field("provider", TEXT),
            bag_field("clientId", TEXT),
            bag_field("redirectUri", TEXT),
            bag_field(
                "scopes",
                Kind::Optional(&Kind::Nullable(&Kind::List(&Kind::Text))),
            ),
            bag_field("flow", TEXT),
            bag_field("baseUrl", TEXT),
            bag_field("authorizeUrl", TEXT),
            bag_field("tokenUrl", TEXT),
            bag_field("storage", TEXT),
            bag_field("resourceUrl", TEXT),
            bag_field("clientSecret", Kind::Optional(&Kind::Nullable(&Kind::Any))),
        ],
        closed: true,
    };

    /// Reads the options from their JSON text (JS: `JSON.stringify(options)`); a bad
    /// shape is an `invalid-argument` error on `options` naming the key. The values
    /// are checked by [`OAuthConfig::from_options`].
    pub fn from_json(bytes: &[u8]) -> Result<OAuthOptions, Error> {
        Self::from_bag(Bag::read(bytes, Self::SCHEMA, "options")?)
    }

    /// The same from a [`Node`] read against [`Self::SCHEMA`] (a JS value, by
    /// [`crate::args::read`]).
    pub fn from_node(node: Node) -> Result<OAuthOptions, Error> {
        Self::from_bag(Bag::of(node, Self::SCHEMA, "options"))
    }

    fn from_bag(mut bag: Bag) -> Result<OAuthOptions, Error> {
        Ok(OAuthOptions {
            provider: bag.text(),
            client_id: bag.text(),
            redirect_uri: bag.text(),
            scopes: bag.texts(),
            flow: bag.text(),
            base_url: bag.text(),
            authorize_url: bag.text(),
            token_url: bag.text(),
            storage: bag.text(),
            resource_url: bag.text(),
            client_secret: bag.raw().is_some(),
        })
    }
}

/// A checked OAuth configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuthConfig {
    /// The provider's dialect: a preset's, or [`crate::oauth::provider::CUSTOM`].
    pub quirks: Quirks,
    /// The app's client id at the provider.
    pub client_id: String,
    /// Where the login comes back.
    pub redirect_uri: String,
    /// The scopes asked for, each once, in the order given; empty for none.
    pub scopes: Vec<String>,
    /// The flow a login uses.
    pub flow: ResponseType,
    /// The authorization endpoint, without the login's parameters.
    pub authorize_url: String,
    /// The token endpoint; `None` when a custom provider was given none (then only
    /// the implicit flow can log in).
    pub token_url: Option<String>,
    /// Where the session is kept.
    pub storage: StorageKind,
    /// The origin the session's tokens may be sent to (`https://bitcoin-central.net`):
    /// a client on another origin is refused the session before it sends anything.
    pub resource_origin: String,
}

fn invalid(name: &'static str, reason: Text) -> Error {
    Error::InvalidArgument { name, reason }
}

fn http_url(name: &'static str, url: &str) -> Result<String, Error> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| invalid(name, Text::NotHttpUrl(url.to_owned())))?;
    if rest.is_empty() || rest.starts_with('/') || url.contains(char::is_whitespace) {
        return Err(invalid(name, Text::NoHost(url.to_owned())));
    }
    Ok(url.to_owned())
}

impl OAuthConfig {
    /// Checks the options: a known preset (or explicit endpoints), a client id, an
    /// http(s) redirect URI, a flow and scopes the provider has. A bad one is an
    /// `invalid-argument` error naming the option; so is a `clientSecret`.
    pub fn from_options(options: OAuthOptions) -> Result<OAuthConfig, Error> {
        if options.client_secret {
            return Err(invalid("clientSecret", Text::ClientSecret));
        }
        let quirks = match options.provider.as_deref() {
            Some(id) => *Quirks::preset(id).ok_or_else(|| {
                invalid(
                    "provider",
                    Text::NotAPreset {
                        id: id.to_owned(),
                        presets: Quirks::preset_names(),
                    },
                )
            })?,
            None if options.authorize_url.is_some() => CUSTOM,
            None => {
                return Err(invalid(
                    "provider",
                    Text::ProviderOrEndpoints {
                        presets: Quirks::preset_names(),
                    },
                ));
            }
        };
        let client_id = options
            .client_id
            .filter(|id| !id.trim().is_empty())
            .ok_or_else(|| invalid("clientId", Text::ClientIdRequired))?;
        let redirect_uri = http_url(
            "redirectUri",
            options
                .redirect_uri
                .as_deref()
                .ok_or_else(|| invalid("redirectUri", Text::RedirectUriRequired))?,
        )?;
        let base = match options.base_url.as_deref() {
            Some(url) => http_url("baseUrl", url)?.trim_end_matches('/').to_owned(),
            None => quirks.base_url.to_owned(),
        };
        let authorize_url = match options.authorize_url.as_deref() {
            Some(url) => http_url("authorizeUrl", url)?,
            None => format!("{base}{}", quirks.authorize_path),
        };
        let token_url = match options.token_url.as_deref() {
            Some(url) => Some(http_url("tokenUrl", url)?),
            None if quirks.token_path.is_empty() => None,
            None => Some(format!("{base}{}", quirks.token_path)),
        };
        let flow = match options.flow.as_deref() {
            None => quirks.default_flow,
            Some(text) => ResponseType::parse(text)
                .ok_or_else(|| invalid("flow", Text::NotAFlow(text.to_owned())))?,
        };
        if flow == ResponseType::Token && !quirks.implicit {
            return Err(invalid(
                "flow",
                Text::NoImplicitFlow {
                    provider: quirks.name,
                },
            ));
        }
        let mut scopes: Vec<String> = Vec::new();
        for scope in options.scopes.unwrap_or_default() {
            if !quirks.has_scope(&scope) {
                return Err(invalid(
                    "scopes",
                    Text::NoSuchScope {
                        provider: quirks.name,
                        scope,
                        known: quirks.scopes.join(", "),
                    },
                ));
            }
            if !scopes.contains(&scope) {
                scopes.push(scope);
            }
        }
        let storage = match options.storage.as_deref() {
            None | Some("session") => StorageKind::Session,
            Some("local") => StorageKind::Local,
            Some("memory") => StorageKind::Memory,
            Some(other) => {
                return Err(invalid("storage", Text::NotAStorage(other.to_owned())));
            }
        };
        let resource = match options.resource_url.as_deref() {
            Some(url) => http_url("resourceUrl", url)?,
            None if options.provider.is_some() => base,
            None => token_url.clone().unwrap_or_else(|| authorize_url.clone()),
        };
        let resource_origin = crate::config::origin(&resource)
            .ok_or_else(|| invalid("resourceUrl", Text::NotHttpUrl(resource.clone())))?;
        Ok(OAuthConfig {
            quirks,
            client_id,
            redirect_uri,
            scopes,
            flow,
            authorize_url,
            token_url,
            storage,
            resource_origin,
        })
    }

    /// This configuration's storage key for `what`: by provider, client id and the
    /// origin the session is for, so that the sandbox's session and the real
    /// exchange's never mix.
    pub fn storage_key(&self, what: &str) -> String {
        format!(
            "bitcoin-central.oauth.{}.{}.{}.{what}",
            self.quirks.id, self.client_id, self.resource_origin
        )
    }

    /// The authorization URL for a login.
    pub fn authorize_url(&self, state: &str, code_challenge: Option<&str>) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        query
            .append_pair("response_type", self.flow.as_str())
            .append_pair("client_id", &self.client_id)
            .append_pair("redirect_uri", &self.redirect_uri);
        if !self.scopes.is_empty() {
            // Space-separated, which form encoding writes as `+`: the `a+b+c` the
            // providers' docs show.
            query.append_pair("scope", &self.scopes.join(" "));
        }
        query.append_pair("state", state);
        if let Some(challenge) = code_challenge {
            query
                .append_pair("code_challenge", challenge)
                .append_pair("code_challenge_method", "S256");
        }
        let separator = if self.authorize_url.contains('?') {
            '&'
        } else {
            '?'
        };
        format!("{}{separator}{}", self.authorize_url, query.finish())
    }
}
