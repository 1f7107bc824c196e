//! What the authorization server has handed out: authorization codes, access tokens
//! and refresh tokens, with their lifetimes on the sandbox's clock.
//!
//! Every code and token belongs to a *grant*: one approval on the consent page and the
//! chain of tokens issued from it. Revoking a grant kills all of them at once, which
//! is what a replayed code (RFC 6749 §4.1.2) or a replayed refresh token (RFC 9700
//! §4.14.2) calls for. Secrets are 256 bits from the operating system's generator
//! (through `rand`'s thread generator, which it seeds), base64url-encoded.

use std::collections::HashMap;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use sha2::{Digest, Sha256};

use super::Scopes;

/// How long an authorization code is valid: the spec's 5 minutes.
pub const CODE_TTL_MS: i64 = 5 * 60 * 1000;

/// One approval and the tokens issued from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct GrantId(u64);

/// An authorization code and what it is bound to.
#[derive(Debug, Clone)]
pub struct Code {
    pub grant: GrantId,
    pub account: usize,
    pub client_id: String,
    pub redirect_uri: String,
    /// Whether the authorization request named the redirect URI (then the token
    /// request must name it too, RFC 6749 §4.1.3).
    pub redirect_uri_sent: bool,
    pub scopes: Scopes,
    /// The PKCE S256 challenge, if the request had one.
    pub challenge: Option<String>,
    expires_at_ms: i64,
    /// Set once the code has been exchanged; a second exchange is a replay.
    redeemed: bool,
}

/// What an access token lets its bearer do.
#[derive(Debug, Clone)]
pub struct Access {
    pub grant: GrantId,
    pub account: usize,
    pub client_id: String,
    pub scopes: Scopes,
    expires_at_ms: i64,
}

/// A refresh token. Rotated ones stay known (`live: false`) so a replay is noticed.
#[derive(Debug, Clone)]
pub struct Refresh {
    pub grant: GrantId,
    pub account: usize,
    pub client_id: String,
    pub scopes: Scopes,
    pub live: bool,
}

/// Tokens just issued.
#[derive(Debug)]
pub struct Issued {
    pub access_token: String,
    pub expires_in_secs: u64,
    pub refresh_token: Option<String>,
    pub scopes: Scopes,
}

/// Why a code cannot be exchanged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeProblem {
    Unknown,
    Expired,
    /// Already exchanged: the tokens issued from it have just been revoked.
    Replayed,
}

#[derive(Debug)]
pub struct Grants {
    token_ttl_secs: u64,
    next_grant: u64,
    codes: HashMap<String, Code>,
    access: HashMap<String, Access>,
    refresh: HashMap<String, Refresh>,
}

impl Grants {
    pub fn new(token_ttl_secs: u64) -> Self {
        Grants {
            token_ttl_secs,
            next_grant: 0,
            codes: HashMap::new(),
            access: HashMap::new(),
            refresh: HashMap::new(),
        }
    }

    /// Starts a grant: one approval on the consent page.
    pub fn approve(&mut self) -> GrantId {
        self.next_grant += 1;
        GrantId(self.next_grant)
    }

    /// Issues a code for an approval; it is valid [`CODE_TTL_MS`].
    #[allow(clippy::too_many_arguments)]
    pub fn issue_code(
        &mut self,
        grant: GrantId,
        account: usize,
        client_id: &str,
        redirect_uri: &str,
        redirect_uri_sent: bool,
        scopes: Scopes,
        challenge: Option<&str>,
        now_ms: i64,
    ) -> String {
        self.forget_expired(now_ms);
        let code = secret();
        self.codes.insert(
            code.clone(),
            Code {
                grant,
                account,
                client_id: client_id.to_owned(),
                redirect_uri: redirect_uri.to_owned(),
                redirect_uri_sent,
                scopes,
                challenge: challenge.map(str::to_owned),
                expires_at_ms: now_ms.saturating_add(CODE_TTL_MS),
                redeemed: false,
            },
        );
        code
    }

    /// The code, if it can still be exchanged. A replayed code revokes its grant.
    pub fn code(&mut self, code: &str, now_ms: i64) -> Result<&Code, CodeProblem> {
        let Some(found) = self.codes.get(code) else {
            return Err(CodeProblem::Unknown);
        };
        if found.redeemed {
            let grant = found.grant;
            self.revoke(grant);
            return Err(CodeProblem::Replayed);
        }
        if now_ms >= found.expires_at_ms {
            return Err(CodeProblem::Expired);
        }
        self.codes.get(code).ok_or(CodeProblem::Unknown)
    }

    /// Exchanges a code [`Grants::code`] accepted: an access and a refresh token.
    pub fn redeem(&mut self, code: &str, now_ms: i64) -> Option<Issued> {
        let found = self.codes.get_mut(code)?;
        found.redeemed = true;
        let found = found.clone();
        Some(self.issue(
            found.grant,
            found.account,
            &found.client_id,
            found.scopes,
            true,
            now_ms,
        ))
    }

    /// Issues an access token (valid the configured time) and, if asked, a refresh
    /// token, for a grant.
    pub fn issue(
        &mut self,
        grant: GrantId,
        account: usize,
        client_id: &str,
        scopes: Scopes,
        with_refresh: bool,
        now_ms: i64,
    ) -> Issued {
        self.forget_expired(now_ms);
        let ttl_ms = i64::try_from(self.token_ttl_secs.saturating_mul(1000)).unwrap_or(i64::MAX);
        let access_token = secret();
        self.access.insert(
            access_token.clone(),
            Access {
                grant,
                account,
                client_id: client_id.to_owned(),
                scopes,
                expires_at_ms: now_ms.saturating_add(ttl_ms),
            },
        );
        let refresh_token = with_refresh.then(|| {
            let token = secret();
            self.refresh.insert(
                token.clone(),
                Refresh {
                    grant,
                    account,
                    client_id: client_id.to_owned(),
                    scopes,
                    live: true,
                },
            );
            token
        });
        Issued {
            access_token,
            expires_in_secs: self.token_ttl_secs,
            refresh_token,
            scopes,
        }
    }

    /// A live access token's rights.
    pub fn access(&self, token: &str, now_ms: i64) -> Option<&Access> {
        self.access
            .get(token)
            .filter(|access| now_ms < access.expires_at_ms)
    }

    /// A refresh token, live or rotated.
    pub fn refresh(&self, token: &str) -> Option<&Refresh> {
        self.refresh.get(token)
    }

    /// Rotates a live refresh token: the grant's access tokens and this refresh token
    /// stop working, and a new pair is issued.
    pub fn rotate(&mut self, token: &str, now_ms: i64) -> Option<Issued> {
        let old = self.refresh.get_mut(token).filter(|r| r.live)?;
        old.live = false;
        let old = old.clone();
        self.access.retain(|_, access| access.grant != old.grant);
        Some(self.issue(
            old.grant,
            old.account,
            &old.client_id,
            old.scopes,
            true,
            now_ms,
        ))
    }

    /// Kills every token of a grant.
    pub fn revoke(&mut self, grant: GrantId) {
        self.access.retain(|_, access| access.grant != grant);
        for refresh in self.refresh.values_mut().filter(|r| r.grant == grant) {
            refresh.live = false;
        }
    }

    /// Drops expired access tokens and expired codes nobody exchanged. Exchanged
    /// codes and rotated refresh tokens stay, so replays are still recognised.
    fn forget_expired(&mut self, now_ms: i64) {
        self.access.retain(|_, access| now_ms < access.expires_at_ms);
        self.codes
            .retain(|_, code| code.redeemed || now_ms < code.expires_at_ms);
    }
}

/// 256 unguessable bits, URL-safe (43 characters of base64url).
fn secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Whether `text` is a PKCE code verifier or challenge: 43 to 128 characters of
/// `[A-Za-z0-9-._~]` (RFC 7636 §4.1, §4.2).
pub fn is_pkce_text(text: &str) -> bool {
    (43..=128).contains(&text.len())
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'))
}

/// The S256 challenge of a verifier: BASE64URL-NOPAD(SHA256(verifier)).
pub fn s256(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// Compares secrets without stopping at the first difference.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a
            .bytes()
            .zip(b.bytes())
            .fold(0u8, |diff, (x, y)| diff | (x ^ y))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn basic() -> Scopes {
        Scopes::parse(None).unwrap()
    }

    #[test]
    fn secrets_are_url_safe_and_distinct() {
        let (a, b) = (secret(), secret());
        assert_eq!(a.len(), 43);
        assert_ne!(a, b);
        assert!(
            a.bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
        );
    }

    #[test]
    fn s256_matches_rfc_7636_appendix_b() {
        assert_eq!(
            s256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URcW2wQtgMHRq6Y"
        );
        assert!(is_pkce_text("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"));
        assert!(!is_pkce_text("too-short"));
        assert!(!is_pkce_text(&"a".repeat(129)));
        assert!(!is_pkce_text(&format!("{}+", "a".repeat(42))));
    }

    #[test]
    fn same_secret_compares_whole_strings() {
        assert!(same_secret("sandbox-secret", "sandbox-secret"));
        assert!(!same_secret("sandbox-secret", "sandbox-secreT"));
        assert!(!same_secret("sandbox-secret", "sandbox"));
    }

    #[test]
    fn codes_expire_and_a_replay_revokes_the_grant() {
        let mut grants = Grants::new(1800);
        let grant = grants.approve();
        let code = grants.issue_code(grant, 0, "c", "http://x/", true, basic(), None, 0);
        assert!(grants.code(&code, CODE_TTL_MS - 1).is_ok());
        let issued = grants.redeem(&code, 1).unwrap();
        assert!(grants.access(&issued.access_token, 2).is_some());
        assert_eq!(grants.code(&code, 3).err(), Some(CodeProblem::Replayed));
        assert!(grants.access(&issued.access_token, 4).is_none());
        let refresh = issued.refresh_token.unwrap();
        assert!(!grants.refresh(&refresh).unwrap().live);

        let late = grants.issue_code(grant, 0, "c", "http://x/", true, basic(), None, 0);
        assert_eq!(
            grants.code(&late, CODE_TTL_MS).err(),
            Some(CodeProblem::Expired)
        );
        assert_eq!(grants.code("nope", 0).err(), Some(CodeProblem::Unknown));
    }

    #[test]
    fn rotation_kills_the_old_pair() {
        let mut grants = Grants::new(60);
        let grant = grants.approve();
        let first = grants.issue(grant, 0, "c", basic(), true, 0);
        let old_refresh = first.refresh_token.unwrap();
        let second = grants.rotate(&old_refresh, 1).unwrap();
        assert!(grants.access(&first.access_token, 2).is_none());
        assert!(grants.access(&second.access_token, 2).is_some());
        assert!(grants.rotate(&old_refresh, 3).is_none());
        assert!(grants.access(&second.access_token, 60_001).is_none());
    }
}
