//! The browser tiers' login: an `OAuth`'s authorize URL approved on the sandbox's
//! consent form as a person's click would approve it — the consent page fetched (its
//! one-time token read from the form, its cookie kept by the browser), then the form
//! posted with both — and the callback handed to the library. Included with `#[path]`
//! by the browser tests that log in.
//!
//! The test page is on wasm-bindgen-test-runner's origin, not the sandbox's: the
//! sandbox must trust it (`--trust-origin http://<WASM_BINDGEN_TEST_ADDRESS>`, as
//! `scripts/test.sh` starts it), or it neither lets the page read the consent page
//! nor takes its decision.

use bitcoin_central::js::JsOAuth;
use gloo_net::http::Request;
use js_sys::{JSON, Promise};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use web_sys::RequestCredentials;

async fn resolve(promise: Promise) -> JsValue {
    JsFuture::from(promise)
        .await
        .unwrap_or_else(|e| panic!("{:?}", JSON::stringify(&e)))
}

/// Approves `oauth`'s login on the consent form of the sandbox at `sandbox`.
pub async fn approve(oauth: &JsOAuth, sandbox: &str) {
    let url = resolve(oauth.authorize_url()).await.as_string().unwrap();
    let query = url.split_once('?').unwrap().1;
    let page = Request::get(&url)
        .credentials(RequestCredentials::Include)
        .send()
        .await
        .unwrap_or_else(|e| {
            panic!("the consent page (is this page's origin a --trust-origin?): {e}")
        });
    let html = page.text().await.unwrap();
    let field = "name=\"csrf_token\" value=\"";
    let start = html
        .find(field)
        .unwrap_or_else(|| panic!("no consent token on the page: {html}"))
        + field.len();
    let token = html[start..].split('"').next().unwrap();
    let consent = Request::post(&format!("{sandbox}/api/oauth/authorize"))
        .credentials(RequestCredentials::Include)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(format!("{query}&csrf_token={token}&decision=approve"))
        .unwrap()
        .send()
        .await
        .unwrap();
    let callback = consent.url();
    assert!(callback.contains("code="), "approved: {callback}");
    resolve(oauth.handle_redirect(JsValue::from(callback))).await;
}
