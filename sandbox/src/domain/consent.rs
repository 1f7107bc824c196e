//! The consent form's one-time tokens (CSRF): the consent page gives the browser a
//! session (a random value in a `SameSite=Strict`, `HttpOnly` cookie, kept if it
//! has one) and a random token in the form, bound to that session here. The
//! decision is taken only with a token given for the session of its cookie, once,
//! within [`TOKEN_TTL_MS`]: a page on another site can neither read the form nor send
//! the cookie, so it cannot forge an approval.

use std::collections::VecDeque;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::Rng;

/// How long a consent form may be left open: 10 minutes.
pub const TOKEN_TTL_MS: i64 = 10 * 60 * 1000;
/// Forms open at once, at most: beyond, the oldest token is forgotten.
pub const MAX_PENDING: usize = 1024;

struct Pending {
    token: String,
    session: String,
    expires_ms: i64,
}

/// The tokens given and not yet used, oldest first, at most [`MAX_PENDING`].
#[derive(Default)]
pub struct ConsentTokens {
    pending: VecDeque<Pending>,
}

impl ConsentTokens {
    /// A new token for a form shown to `session`.
    pub fn issue(&mut self, session: &str, now_ms: i64) -> String {
        self.pending.retain(|p| p.expires_ms > now_ms);
        while self.pending.len() >= MAX_PENDING {
            self.pending.pop_front();
        }
        let token = random_value();
        self.pending.push_back(Pending {
            token: token.clone(),
            session: session.to_owned(),
            expires_ms: now_ms + TOKEN_TTL_MS,
        });
        token
    }

    /// Whether `token` was given to `session`, not used and not expired; it is used
    /// up either way (a wrong session spends it too: a forger gets one guess).
    pub fn redeem(&mut self, token: &str, session: &str, now_ms: i64) -> bool {
        let Some(at) = self.pending.iter().position(|p| p.token == token) else {
            return false;
        };
        let pending = self.pending.remove(at);
        pending.is_some_and(|p| p.session == session && p.expires_ms > now_ms)
    }

    pub fn len(&self) -> usize {
        self.pending.len()
    }

    pub fn is_empty(&self) -> bool {
        self.pending.is_empty()
    }
}

/// Whether `value` looks like a session this module made (so a cookie can be kept).
pub fn is_session(value: &str) -> bool {
    value.len() == 43
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// 256 random bits from the OS-seeded generator, URL-safe: a consent session or
/// token, an authorization code, an access or refresh token.
pub fn random_value() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_works_once_for_its_session_before_it_expires() {
        let mut tokens = ConsentTokens::default();
        let session = random_value();
        assert!(is_session(&session));
        let token = tokens.issue(&session, 0);
        assert!(tokens.redeem(&token, &session, 1));
        assert!(!tokens.redeem(&token, &session, 2), "used");
        let other = tokens.issue(&session, 0);
        assert!(!tokens.redeem(&other, "another-session", 1));
        assert!(
            !tokens.redeem(&other, &session, 1),
            "spent by the wrong guess"
        );
        let late = tokens.issue(&session, 0);
        assert!(!tokens.redeem(&late, &session, TOKEN_TTL_MS));
        assert!(!tokens.redeem("", &session, 0));
    }

    #[test]
    fn pending_tokens_are_bounded() {
        let mut tokens = ConsentTokens::default();
        let first = tokens.issue("s", 0);
        for _ in 0..MAX_PENDING * 2 {
            tokens.issue("s", 0);
        }
        assert_eq!(tokens.len(), MAX_PENDING);
        assert!(!tokens.redeem(&first, "s", 0), "the oldest was forgotten");
    }
}
