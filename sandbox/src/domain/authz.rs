//! The OAuth2 authorization server's state and rules (RFC 6749, with PKCE from
//! RFC 7636), as the spec's "Authentication" section describes Bitcoin-Central's: the
//! registered clients, 5-minute single-use codes, 30-minute access tokens and rotated
//! refresh tokens, each chain of tokens revocable at once. Its endpoints are
//! [`crate::handlers::oauth`]; the bearer check of user endpoints is
//! [`crate::handlers::bearer`].
//!
//! Tokens, codes and secrets never reach a log line or an error message.

use std::collections::HashMap;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::Rng;

/// The scopes of the spec's scope table, with their descriptions.
pub const SCOPES: [(&str, &str, &str); 4] = [
    (
        "basic",
        "Read account number, language, and balances",
        "Lire le numéro de compte, la langue et les soldes",
    ),
    (
        "activity",
        "Read trade orders, deposits, withdrawals, and other operations",
        "Lire les ordres, dépôts, retraits et autres opérations",
    ),
    (
        "trade",
        "Create and cancel trade orders",
        "Créer et annuler des ordres",
    ),
    (
        "withdraw",
        "Request EUR and BTC withdrawals",
        "Demander des retraits en EUR et en BTC",
    ),
];
/// Codes live 5 minutes (the spec).
pub(crate) const CODE_TTL_MS: i64 = 5 * 60 * 1000;

/// A registered application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuthClient {
    pub id: String,
    /// `None` for a public client (a page, which must use PKCE).
    pub secret: Option<String>,
    /// Matched exactly.
    pub redirect_uris: Vec<String>,
}

impl OAuthClient {
    /// The clients every sandbox has, for the pages served at `origins`: the sample
    /// page's public client, and a confidential one for trying a backend exchange.
    pub fn built_in(origins: &[String]) -> Vec<OAuthClient> {
        let uris: Vec<String> = origins
            .iter()
            .flat_map(|o| [format!("{o}/"), format!("{o}/index.html")])
            .collect();
        vec![
            OAuthClient {
                id: "bitcoin-central-demo".into(),
                secret: None,
                redirect_uris: uris.clone(),
            },
            OAuthClient {
                id: "bitcoin-central-backend".into(),
                secret: Some("sandbox-secret".into()),
                redirect_uris: uris,
            },
        ]
    }

    /// The built-in clients, then `extra`. An extra client with a built-in id adds its
    /// redirect URIs (and its secret, if it has one) to that client.
    pub fn registry(origins: &[String], extra: &[OAuthClient]) -> Vec<OAuthClient> {
        let mut clients = OAuthClient::built_in(origins);
        for client in extra {
            match clients.iter_mut().find(|c| c.id == client.id) {
                Some(known) => {
                    known
                        .redirect_uris
                        .extend(client.redirect_uris.iter().cloned());
                    if client.secret.is_some() {
                        known.secret.clone_from(&client.secret);
                    }
                }
                None => clients.push(client.clone()),
            }
        }
        clients
    }
}

pub(crate) struct CodeGrant {
    pub(crate) client_id: String,
    pub(crate) redirect_uri: String,
    pub(crate) scopes: Vec<String>,
    pub(crate) challenge: Option<String>,
    pub(crate) expires_ms: i64,
    pub(crate) account: usize,
    /// Set once exchanged, to the chain of tokens it started; a second exchange
    /// revokes the whole chain (RFC 6749 §4.1.2), refreshed tokens included.
    pub(crate) issued: Option<u64>,
}

pub(crate) struct AccessGrant {
    pub(crate) scopes: Vec<String>,
    pub(crate) expires_ms: i64,
    pub(crate) account: usize,
    pub(crate) chain: u64,
}

pub(crate) struct RefreshGrant {
    pub(crate) client_id: String,
    pub(crate) scopes: Vec<String>,
    pub(crate) account: usize,
    /// The access token issued with it, revoked when it is used.
    pub(crate) access_token: String,
    pub(crate) chain: u64,
}

/// Clients, and everything they were granted.
pub struct AuthServer {
    pub(crate) clients: Vec<OAuthClient>,
    pub(crate) token_ttl_secs: u64,
    pub(crate) codes: HashMap<String, CodeGrant>,
    pub(crate) access: HashMap<String, AccessGrant>,
    pub(crate) refresh: HashMap<String, RefreshGrant>,
    /// The last chain id given: one chain per approval, kept through refreshes.
    pub(crate) chains: u64,
}

impl AuthServer {
    pub fn new(clients: Vec<OAuthClient>, token_ttl_secs: u64) -> Self {
        AuthServer {
            clients,
            token_ttl_secs,
            codes: HashMap::new(),
            access: HashMap::new(),
            refresh: HashMap::new(),
            chains: 0,
        }
    }

    pub(crate) fn new_chain(&mut self) -> u64 {
        self.chains += 1;
        self.chains
    }

    /// Kills every token of a chain.
    pub(crate) fn revoke(&mut self, chain: u64) {
        self.access.retain(|_, g| g.chain != chain);
        self.refresh.retain(|_, g| g.chain != chain);
    }

    pub(crate) fn client(&self, id: &str) -> Option<&OAuthClient> {
        self.clients.iter().find(|c| c.id == id)
    }

    pub(crate) fn ttl_ms(&self) -> i64 {
        i64::try_from(self.token_ttl_secs.saturating_mul(1000)).unwrap_or(i64::MAX)
    }

    /// A fresh access token (and refresh token, unless `implicit`) in `chain`.
    pub(crate) fn issue(
        &mut self,
        client_id: &str,
        scopes: &[String],
        account: usize,
        now_ms: i64,
        chain: u64,
        implicit: bool,
    ) -> (String, Option<String>) {
        // Expired access tokens and codes nobody exchanged are of no more use; an
        // exchanged code is kept so that its reuse is recognised.
        self.access.retain(|_, g| g.expires_ms > now_ms);
        self.codes
            .retain(|_, c| c.issued.is_some() || c.expires_ms > now_ms);
        let access_token = random_token();
        self.access.insert(
            access_token.clone(),
            AccessGrant {
                scopes: scopes.to_vec(),
                expires_ms: now_ms.saturating_add(self.ttl_ms()),
                account,
                chain,
            },
        );
        let refresh_token = (!implicit).then(|| {
            let token = random_token();
            self.refresh.insert(
                token.clone(),
                RefreshGrant {
                    client_id: client_id.to_owned(),
                    scopes: scopes.to_vec(),
                    account,
                    access_token: access_token.clone(),
                    chain,
                },
            );
            token
        });
        (access_token, refresh_token)
    }
}

impl AuthServer {
    /// An access token for any account, without a login: how tests reach the second
    /// account, which no consent page logs in as. Not reachable over HTTP.
    #[doc(hidden)]
    pub fn issue_for_tests(&mut self, account: usize, scopes: &[&str], now_ms: i64) -> String {
        let scopes: Vec<String> = scopes.iter().map(|s| (*s).to_owned()).collect();
        let chain = self.new_chain();
        self.issue("tests", &scopes, account, now_ms, chain, true).0
    }
}

/// 256 random bits from the OS-seeded generator, URL-safe.
pub(crate) fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}
