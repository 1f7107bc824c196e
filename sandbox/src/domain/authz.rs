//! The OAuth2 authorization server's state and rules (RFC 6749, with PKCE from
//! RFC 7636), as the spec's "Authentication" section describes Bitcoin-Central's: the
//! registered clients, 5-minute single-use codes, 30-minute access tokens and rotated
//! refresh tokens, each chain of tokens revocable at once. Its endpoints are
//! [`crate::handlers::oauth`]; the bearer check of user endpoints is
//! [`crate::handlers::bearer`].
//!
//! Tokens, codes and secrets never reach a log line or an error message.

use std::collections::{HashMap, VecDeque};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

use crate::domain::consent::{ConsentTokens, random_value};
use crate::domain::i18n::AuthText;

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
const CODE_TTL_MS: i64 = 5 * 60 * 1000;

/// The spec's test redirect URI ("set redirect URI to
/// `https://bitcoin-central.net/page/oauth/test` when testing"): an answer for it is
/// shown on a page of the exchange, the code ready to copy, instead of being sent to
/// an application. The sandbox has it at this path on each of its origins, and takes
/// the spec's own URI as the same page.
pub const TEST_PATH: &str = "/page/oauth/test";
pub const SPEC_TEST_URI: &str = "https://bitcoin-central.net/page/oauth/test";

/// The test redirect URIs of a sandbox reached at `origins`.
pub fn test_uris(origins: &[String]) -> Vec<String> {
    origins
        .iter()
        .map(|o| format!("{o}{TEST_PATH}"))
        .chain([SPEC_TEST_URI.to_owned()])
        .collect()
}

/// A loopback redirect URI as RFC 8252 §7.3 describes a native app's (and §8.3 the
/// `localhost` name): `http`, the host `127.0.0.1`, `[::1]` or `localhost`, any port
/// (or none), and a path; no user info, no fragment, printable ASCII without `\`.
pub fn is_loopback_uri(uri: &str) -> bool {
    let Some(rest) = uri.strip_prefix("http://") else {
        return false;
    };
    if !uri.bytes().all(|b| b.is_ascii_graphic() && b != b'\\') || uri.contains('#') {
        return false;
    }
    let Some(slash) = rest.find('/') else {
        return false;
    };
    let authority = &rest[..slash];
    if authority.contains(['@', '?']) {
        return false;
    }
    let (host, port) = match authority.strip_prefix("[::1]") {
        Some(port) => ("[::1]", port),
        None => authority.split_at(authority.find(':').unwrap_or(authority.len())),
    };
    let port_ok = match port.strip_prefix(':') {
        None => port.is_empty(),
        Some(digits) => {
            (1..=5).contains(&digits.len())
                && digits.bytes().all(|b| b.is_ascii_digit())
                && digits
                    .parse::<u32>()
                    .is_ok_and(|p| (1..=65_535).contains(&p))
        }
    };
    matches!(host, "127.0.0.1" | "[::1]" | "localhost") && port_ok
}

/// A registered application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuthClient {
    pub id: String,
    /// `None` for a public client (a page, which must use PKCE).
    pub secret: Option<String>,
    /// Matched exactly.
    pub redirect_uris: Vec<String>,
    /// Also takes any loopback redirect URI, whatever its port ([`is_loopback_uri`],
    /// RFC 8252 §7.3): a developer's own app on `http://127.0.0.1:5173/`.
    pub loopback: bool,
}

impl OAuthClient {
    /// The clients every sandbox has, for the pages served at `origins`: the sample
    /// page's public client, which also takes any loopback redirect URI (a
    /// developer's dev server), and a confidential one for trying a backend exchange.
    /// Both have the test redirect URIs ([`test_uris`]).
    pub fn built_in(origins: &[String]) -> Vec<OAuthClient> {
        let uris: Vec<String> = origins
            .iter()
            .flat_map(|o| [format!("{o}/"), format!("{o}/index.html")])
            .chain(test_uris(origins))
            .collect();
        vec![
            OAuthClient {
                id: "bitcoin-central-demo".into(),
                secret: None,
                redirect_uris: uris.clone(),
                loopback: true,
            },
            OAuthClient {
                id: "bitcoin-central-backend".into(),
                secret: Some("sandbox-secret".into()),
                redirect_uris: uris,
                loopback: false,
            },
        ]
    }

    /// Whether `uri` is one of this client's redirect URIs: a registered one exactly,
    /// or, for a client that takes them, a loopback one on any port.
    pub fn accepts(&self, uri: &str) -> bool {
        self.redirect_uris.iter().any(|u| u == uri) || (self.loopback && is_loopback_uri(uri))
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

struct CodeGrant {
    client_id: String,
    redirect_uri: String,
    scopes: Vec<String>,
    challenge: Option<String>,
    expires_ms: i64,
    account: usize,
    /// Set once exchanged, to the chain of tokens it started; a second exchange
    /// revokes the whole chain (RFC 6749 §4.1.2), refreshed tokens included.
    issued: Option<u64>,
}

struct AccessGrant {
    scopes: Vec<String>,
    expires_ms: i64,
    account: usize,
    chain: u64,
}

struct RefreshGrant {
    client_id: String,
    scopes: Vec<String>,
    account: usize,
    /// The access token issued with it, revoked when it is used.
    access_token: String,
    chain: u64,
}

/// An approved authorization request of the code flow, for [`AuthServer::grant_code`].
pub struct Approval<'a> {
    pub client_id: &'a str,
    pub redirect_uri: &'a str,
    pub scopes: &'a [String],
    /// The PKCE S256 challenge, if the request had one.
    pub challenge: Option<&'a str>,
    pub account: usize,
}

/// Tokens given at the token endpoint, and the scopes they carry.
#[derive(Debug)]
pub struct Issued {
    pub access_token: String,
    pub refresh_token: String,
    pub scopes: Vec<String>,
}

/// Why the token endpoint does not give tokens (RFC 6749 §5.2): the error code, and
/// its description.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenRefusal {
    pub error: &'static str,
    pub description: AuthText,
}

const fn invalid_request(description: AuthText) -> TokenRefusal {
    TokenRefusal {
        error: "invalid_request",
        description,
    }
}

const fn invalid_grant(description: AuthText) -> TokenRefusal {
    TokenRefusal {
        error: "invalid_grant",
        description,
    }
}

/// Clients, and everything they were granted.
pub struct AuthServer {
    clients: Vec<OAuthClient>,
    /// Redirect URIs answered on the test page ([`test_uris`]).
    test_uris: Vec<String>,
    token_ttl_secs: u64,
    codes: HashMap<String, CodeGrant>,
    access: HashMap<String, AccessGrant>,
    refresh: HashMap<String, RefreshGrant>,
    /// The last chain id given: one chain per approval, kept through refreshes.
    chains: u64,
    /// The consent forms' one-time tokens.
    consent: ConsentTokens,
    /// Refresh tokens already rotated, and their chain: one used again was stolen, or
    /// its client's copy was (RFC 9700 §4.14.2), and its whole chain is revoked.
    /// Oldest first, at most [`MAX_ROTATED`].
    rotated: HashMap<String, u64>,
    rotated_order: VecDeque<String>,
}

/// Rotated refresh tokens remembered, at most: a reuse older than that is only
/// refused, its chain kept.
pub const MAX_ROTATED: usize = 4096;

impl AuthServer {
    pub fn new(clients: Vec<OAuthClient>, test_uris: Vec<String>, token_ttl_secs: u64) -> Self {
        AuthServer {
            clients,
            test_uris,
            token_ttl_secs,
            codes: HashMap::new(),
            access: HashMap::new(),
            refresh: HashMap::new(),
            chains: 0,
            consent: ConsentTokens::default(),
            rotated: HashMap::new(),
            rotated_order: VecDeque::new(),
        }
    }

    /// The consent forms' one-time tokens.
    pub fn consent_tokens(&mut self) -> &mut ConsentTokens {
        &mut self.consent
    }

    /// The registered client with this id.
    pub fn client(&self, id: &str) -> Option<&OAuthClient> {
        self.clients.iter().find(|c| c.id == id)
    }

    /// Whether an answer for this redirect URI is shown on the test page rather than
    /// sent to it.
    pub fn is_test_uri(&self, uri: &str) -> bool {
        self.test_uris.iter().any(|u| u == uri)
    }

    /// How long an access token lives.
    pub fn token_ttl_secs(&self) -> u64 {
        self.token_ttl_secs
    }

    /// A code for an approved request of the code flow, valid for 5 minutes.
    pub fn grant_code(&mut self, approval: Approval<'_>, now_ms: i64) -> String {
        let code = random_value();
        self.codes.insert(
            code.clone(),
            CodeGrant {
                client_id: approval.client_id.to_owned(),
                redirect_uri: approval.redirect_uri.to_owned(),
                scopes: approval.scopes.to_vec(),
                challenge: approval.challenge.map(str::to_owned),
                expires_ms: now_ms + CODE_TTL_MS,
                account: approval.account,
                issued: None,
            },
        );
        code
    }

    /// An access token for an approved request of the implicit flow (no refresh
    /// token), starting a chain of its own.
    pub fn grant_implicit(
        &mut self,
        client_id: &str,
        scopes: &[String],
        account: usize,
        now_ms: i64,
    ) -> String {
        let chain = self.new_chain();
        self.issue(client_id, scopes, account, now_ms, chain, true)
            .0
    }

    /// Exchanges a code for tokens (RFC 6749 §4.1.3), for the client it was issued to,
    /// with the redirect URI it was asked with and, if it had a PKCE challenge, the
    /// verifier of it. A code used twice revokes what it gave (RFC 6749 §4.1.2).
    pub fn redeem_code(
        &mut self,
        client_id: &str,
        code: &str,
        redirect_uri: Option<&str>,
        verifier: Option<&str>,
        now_ms: i64,
    ) -> Result<Issued, TokenRefusal> {
        let grant = self
            .codes
            .get(code)
            .ok_or(invalid_grant(AuthText::CodeInvalid))?;
        if let Some(chain) = grant.issued {
            self.revoke(chain);
            return Err(invalid_grant(AuthText::CodeUsed));
        }
        if grant.expires_ms <= now_ms {
            self.codes.remove(code);
            return Err(invalid_grant(AuthText::CodeExpired));
        }
        if grant.client_id != client_id {
            return Err(invalid_grant(AuthText::CodeOtherClient));
        }
        if redirect_uri != Some(grant.redirect_uri.as_str()) {
            return Err(invalid_grant(AuthText::RedirectMismatch));
        }
        verify_pkce(grant.challenge.as_deref(), verifier)?;
        let (scopes, account) = (grant.scopes.clone(), grant.account);
        let chain = self.new_chain();
        if let Some(grant) = self.codes.get_mut(code) {
            grant.issued = Some(chain);
        }
        let (access, refresh) = self.issue(client_id, &scopes, account, now_ms, chain, false);
        Ok(Issued {
            access_token: access,
            refresh_token: refresh.unwrap_or_default(),
            scopes,
        })
    }

    /// Exchanges a refresh token for new tokens in the same chain, for the client it
    /// was issued to. Rotation: the old access and refresh tokens stop working, and
    /// the old refresh token used again revokes every token of its chain (RFC 9700
    /// §4.14.2: the legitimate client and an attacker cannot be told apart).
    pub fn redeem_refresh_token(
        &mut self,
        client_id: &str,
        token: &str,
        now_ms: i64,
    ) -> Result<Issued, TokenRefusal> {
        let Some(old) = self.refresh.remove(token) else {
            if let Some(chain) = self.rotated.get(token).copied() {
                self.revoke(chain);
                return Err(invalid_grant(AuthText::RefreshReused));
            }
            return Err(invalid_grant(AuthText::RefreshInvalid));
        };
        if old.client_id != client_id {
            // Another client cannot use it, nor use it up.
            self.refresh.insert(token.to_owned(), old);
            return Err(invalid_grant(AuthText::RefreshOtherClient));
        }
        self.access.remove(&old.access_token);
        self.remember_rotated(token, old.chain);
        let (access, refresh) = self.issue(
            client_id,
            &old.scopes,
            old.account,
            now_ms,
            old.chain,
            false,
        );
        Ok(Issued {
            access_token: access,
            refresh_token: refresh.unwrap_or_default(),
            scopes: old.scopes,
        })
    }

    /// The account behind a valid, unexpired access token, and the token's scopes.
    pub fn bearer(&self, token: &str, now_ms: i64) -> Option<(usize, &[String])> {
        self.access
            .get(token)
            .filter(|g| g.expires_ms > now_ms)
            .map(|g| (g.account, g.scopes.as_slice()))
    }

    fn new_chain(&mut self) -> u64 {
        self.chains += 1;
        self.chains
    }

    /// Kills every token of a chain.
    fn revoke(&mut self, chain: u64) {
        self.access.retain(|_, g| g.chain != chain);
        self.refresh.retain(|_, g| g.chain != chain);
    }

    fn remember_rotated(&mut self, token: &str, chain: u64) {
        while self.rotated_order.len() >= MAX_ROTATED {
            if let Some(oldest) = self.rotated_order.pop_front() {
                self.rotated.remove(&oldest);
            }
        }
        self.rotated.insert(token.to_owned(), chain);
        self.rotated_order.push_back(token.to_owned());
    }

    fn ttl_ms(&self) -> i64 {
        i64::try_from(self.token_ttl_secs.saturating_mul(1000)).unwrap_or(i64::MAX)
    }

    /// A fresh access token (and refresh token, unless `implicit`) in `chain`.
    fn issue(
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
        let access_token = random_value();
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
            let token = random_value();
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

/// PKCE (RFC 7636 §4.6): a code with a challenge needs the verifier that hashes to it
/// (43 to 128 unreserved characters); a code without one takes no verifier (downgrade
/// protection).
fn verify_pkce(challenge: Option<&str>, verifier: Option<&str>) -> Result<(), TokenRefusal> {
    match (challenge, verifier) {
        (None, None) => Ok(()),
        (None, Some(_)) => Err(invalid_grant(AuthText::VerifierWithoutChallenge)),
        (Some(_), None) => Err(invalid_request(AuthText::VerifierMissing)),
        (Some(challenge), Some(verifier)) => {
            let valid = (43..=128).contains(&verifier.len())
                && verifier
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b));
            if valid && URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes())) == challenge {
                Ok(())
            } else {
                Err(invalid_grant(AuthText::VerifierMismatch))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_redirect_uris_on_any_port() {
        for uri in [
            "http://127.0.0.1:5173/",
            "http://localhost:5173/callback?x=1",
            "http://[::1]:8000/cb",
            "http://127.0.0.1/",
            "http://localhost:65535/",
        ] {
            assert!(is_loopback_uri(uri), "{uri}");
        }
        for uri in [
            "https://127.0.0.1:5173/",
            "http://127.0.0.1:5173",
            "http://127.0.0.2:5173/",
            "http://localhost.evil.example:5173/",
            "http://127.0.0.1.evil.example/",
            "http://evil.example@127.0.0.1:5173/",
            "http://127.0.0.1:5173@evil.example/",
            "http://127.0.0.1:5173\\@evil.example/",
            "http://127.0.0.1:0/",
            "http://127.0.0.1:65536/",
            "http://127.0.0.1:+80/",
            "http://127.0.0.1:/",
            "http://127.0.0.1:5173/#x",
            "http://127.0.0.1:5173/ x",
            "http://[::1]x:80/",
            "http://LOCALHOST:5173/",
        ] {
            assert!(!is_loopback_uri(uri), "{uri}");
        }
    }
}
