//! Security headers on everything the sandbox serves: `Referrer-Policy: no-referrer`
//! (an OAuth page's address holds `state` and PKCE values, a callback's a code),
//! `X-Content-Type-Options: nosniff` (a JSON answer or a `.js` file is never read as
//! something else), and a `Content-Security-Policy`: [`PAGE_POLICY`] for the sample
//! page, the widget page and the package, [`API_POLICY`] for API answers. An answer
//! that brings its own policy (the OAuth pages of [`crate::handlers::oauth`]) keeps it.

use axum::extract::Request;
use axum::http::HeaderValue;
use axum::http::header::{CONTENT_SECURITY_POLICY, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS};
use axum::middleware::Next;
use axum::response::Response;

/// The policy of the static files (`www/`, `pkg/`), source by source:
/// - `default-src 'self'`: anything not named below (fonts, manifests) from this
///   server only;
/// - `script-src 'self' 'wasm-unsafe-eval'`: the pages' modules and the package's JS
///   are files of this server (no inline script, no `eval`); `'wasm-unsafe-eval'` lets
///   the package compile its `.wasm` and allows nothing else;
/// - `style-src 'self'`: `style.css` and `widget.css`, no inline `<style>` or `style=`
///   (the widget adopts a constructed stylesheet, which CSP does not govern, and the
///   pages set custom properties through the CSSOM);
/// - `img-src 'self'`: the favicon (the widget's chart is inline SVG, not an image);
/// - `connect-src 'self' https://bitcoin-central.net wss://bitcoin-central.net`: the
///   sandbox's own API and its real-time stream, which the pages use by default
///   (`'self'` matches this server's `ws:` and `wss:` addresses too, in current
///   browsers: CSP Level 3), and the real exchange, the library's default base URL
///   (the sample page's "Base URL" can point at it): its API over `https:` and its
///   stream over `wss:`, which `https://bitcoin-central.net` alone does not cover (a
///   host source of scheme `https:` does not match `wss:`);
/// - `base-uri 'none'`, `object-src 'none'`: no `<base>` to redirect relative URLs,
///   no plugins;
/// - `frame-ancestors 'none'`: no page may frame these (clickjacking);
/// - `form-action 'self'`: the sample page's forms are handled by script; should one
///   submit natively, it may only go back to this server.
pub const PAGE_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
     style-src 'self'; img-src 'self'; connect-src 'self' https://bitcoin-central.net \
     wss://bitcoin-central.net; \
     base-uri 'none'; object-src 'none'; frame-ancestors 'none'; form-action 'self'";

/// The policy of API answers (JSON, and the HTML pages of the `html-<status>` fault):
/// opened as a document, they may load and run nothing, and be framed by no page. A
/// `fetch` of them ignores it.
pub const API_POLICY: &str =
    "default-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

/// Adds the headers an answer does not have yet.
pub async fn layer(request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let api = path.starts_with("/api/") || path.starts_with("/_sandbox/");
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers
        .entry(REFERRER_POLICY)
        .or_insert(HeaderValue::from_static("no-referrer"));
    headers
        .entry(X_CONTENT_TYPE_OPTIONS)
        .or_insert(HeaderValue::from_static("nosniff"));
    headers
        .entry(CONTENT_SECURITY_POLICY)
        .or_insert(HeaderValue::from_static(if api {
            API_POLICY
        } else {
            PAGE_POLICY
        }));
    response
}
