//! PKCE (RFC 7636) and the random values of a login. The hashing itself is the
//! platform's (Web Crypto's `SHA-256` in the browser); this module only shapes bytes.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// Bytes of randomness in a `state` and in a code verifier (256 bits).
pub const RANDOM_BYTES: usize = 32;

/// Base64url without padding (RFC 7636 §3, "BASE64URL-ENCODE").
pub fn base64url(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A code verifier (43 characters) or a `state`, from fresh random bytes.
pub fn from_random(bytes: &[u8; RANDOM_BYTES]) -> String {
    base64url(bytes)
}

/// The S256 challenge for a verifier's SHA-256 digest.
pub fn challenge(verifier_digest: &[u8]) -> String {
    base64url(verifier_digest)
}

/// RFC 7636 §4.1: 43 to 128 characters of `[A-Za-z0-9-._~]`.
pub fn is_valid_verifier(verifier: &str) -> bool {
    (43..=128).contains(&verifier.len())
        && verifier
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b))
}
