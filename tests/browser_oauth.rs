//! Browser tier, OAuth: what only a browser has — sessionStorage and localStorage, the
//! address bar and its history, Web Crypto — exercised through the JS `OAuth` class.
//! (Logins through the sandbox's consent page are in the end-to-end tier.)
#![cfg(target_arch = "wasm32")]

use bitcoin_central::js::{JsClient, JsOAuth};
use js_sys::{JSON, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn window() -> web_sys::Window {
    web_sys::window().unwrap()
}

fn session_storage() -> web_sys::Storage {
    window().session_storage().unwrap().unwrap()
}

fn local_storage() -> web_sys::Storage {
    window().local_storage().unwrap().unwrap()
}

fn oauth(extra: &str) -> JsOAuth {
    let options = format!(
        r#"{{"provider":"bitcoin-central","baseUrl":"http://127.0.0.1:9","clientId":"browser-test","redirectUri":"http://127.0.0.1:9/","scopes":["basic"]{extra}}}"#
    );
    JsOAuth::new(JSON::parse(&options).unwrap())
        .unwrap_or_else(|e| panic!("{:?}", JsValue::from(e)))
}

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &key.into()).unwrap()
}

async fn resolve(promise: Promise) -> Result<JsValue, JsValue> {
    JsFuture::from(promise).await
}

fn param(url: &str, key: &str) -> Option<String> {
    let query = url.split_once('?')?.1;
    form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.into_owned())
}

const PENDING: &str =
    "bitcoin-central.oauth.bitcoin-central.browser-test.http://127.0.0.1:9.pending";
const SESSION: &str =
    "bitcoin-central.oauth.bitcoin-central.browser-test.http://127.0.0.1:9.session";

fn clear() {
    for storage in [session_storage(), local_storage()] {
        storage.remove_item(PENDING).unwrap();
        storage.remove_item(SESSION).unwrap();
    }
}

#[wasm_bindgen_test]
async fn a_login_keeps_a_fresh_state_and_pkce_verifier_in_session_storage() {
    clear();
    let oauth = oauth("");
    let first = resolve(oauth.authorize_url())
        .await
        .unwrap()
        .as_string()
        .unwrap();
    let pending = session_storage()
        .get_item(PENDING)
        .unwrap()
        .expect("kept for the callback");
    let state = param(&first, "state").unwrap();
    assert_eq!(state.len(), 43);
    assert!(pending.contains(&state));
    assert!(pending.contains("code_verifier"));
    assert_eq!(
        param(&first, "code_challenge").map(|c| c.len()),
        Some(43),
        "S256 via Web Crypto"
    );
    assert!(first.starts_with(
        "http://127.0.0.1:9/api/oauth/authorize?response_type=code&client_id=browser-test"
    ));

    let second = resolve(oauth.authorize_url())
        .await
        .unwrap()
        .as_string()
        .unwrap();
    assert_ne!(
        param(&second, "state"),
        Some(state),
        "a new state per login"
    );
    assert_ne!(
        param(&second, "code_challenge"),
        param(&first, "code_challenge")
    );
}

#[wasm_bindgen_test]
async fn handle_redirect_clears_the_address_bar_and_works_once() {
    clear();
    let oauth = oauth(r#","flow":"token""#);
    let url = resolve(oauth.authorize_url())
        .await
        .unwrap()
        .as_string()
        .unwrap();
    let state = param(&url, "state").unwrap();
    let history = window().history().unwrap();
    let before = history.length().unwrap();
    let page = window().location().href().unwrap();
    let base = page.split('#').next().unwrap().to_owned();
    let callback = format!(
        "{base}#access_token=TOKEN-123&token_type=Bearer&expires_in=1800&scope=basic&state={state}"
    );
    history
        .replace_state_with_url(&JsValue::NULL, "", Some(&callback))
        .unwrap();

    let session = resolve(oauth.handle_redirect(JsValue::UNDEFINED))
        .await
        .unwrap();
    assert_eq!(
        get(&session, "accessToken").as_string().as_deref(),
        Some("TOKEN-123")
    );
    assert_eq!(
        get(&session, "provider").as_string().as_deref(),
        Some("bitcoin-central")
    );
    let expires_at = get(&session, "expiresAt").as_f64().unwrap();
    assert!((expires_at - js_sys::Date::now() - 1_800_000.0).abs() < 5_000.0);

    let now = window().location().href().unwrap();
    assert!(!now.contains("TOKEN-123") && !now.contains('#'), "{now}");
    assert_eq!(
        history.length().unwrap(),
        before,
        "replaced, not pushed: back does not return to it"
    );
    assert!(
        session_storage().get_item(PENDING).unwrap().is_none(),
        "the login is used up"
    );
    assert!(session_storage().get_item(SESSION).unwrap().is_some());

    // A reload: the address bar has no answer any more.
    assert!(
        resolve(oauth.handle_redirect(JsValue::UNDEFINED))
            .await
            .unwrap()
            .is_null()
    );
    // The back button onto the used callback URL: refused, and no second session.
    let replay = resolve(oauth.handle_redirect(JsValue::from(callback)))
        .await
        .unwrap_err();
    assert_eq!(get(&replay, "kind").as_string().as_deref(), Some("csrf"));
    assert_eq!(
        get(&replay, "code").as_string().as_deref(),
        Some("no-login-in-progress")
    );
    assert!(
        !get(&replay, "message")
            .as_string()
            .unwrap()
            .contains("TOKEN-123")
    );
    assert_eq!(
        get(&oauth.session(), "accessToken").as_string().as_deref(),
        Some("TOKEN-123")
    );
    history
        .replace_state_with_url(&JsValue::NULL, "", Some(&page))
        .unwrap();
}

#[wasm_bindgen_test]
async fn a_forged_callback_is_refused_and_clears_the_address_bar_too() {
    clear();
    let oauth = oauth(r#","flow":"token""#);
    resolve(oauth.authorize_url()).await.unwrap();
    let page = window().location().href().unwrap();
    let history = window().history().unwrap();
    let base = page.split('#').next().unwrap().to_owned();
    history
        .replace_state_with_url(
            &JsValue::NULL,
            "",
            Some(&format!(
                "{base}#access_token=EVIL&token_type=bearer&state=forged"
            )),
        )
        .unwrap();
    let error = resolve(oauth.handle_redirect(JsValue::UNDEFINED))
        .await
        .unwrap_err();
    assert_eq!(get(&error, "kind").as_string().as_deref(), Some("csrf"));
    assert_eq!(
        get(&error, "code").as_string().as_deref(),
        Some("state-mismatch")
    );
    assert!(!window().location().href().unwrap().contains("EVIL"));
    assert!(oauth.session().is_null());
    history
        .replace_state_with_url(&JsValue::NULL, "", Some(&page))
        .unwrap();
}

async fn login_with(oauth: &JsOAuth) {
    let url = resolve(oauth.authorize_url())
        .await
        .unwrap()
        .as_string()
        .unwrap();
    let state = param(&url, "state").unwrap();
    resolve(oauth.handle_redirect(JsValue::from(format!(
        "http://127.0.0.1:9/#access_token=T&token_type=bearer&state={state}"
    ))))
    .await
    .unwrap();
}

#[wasm_bindgen_test]
async fn storage_is_chosen_by_option_and_logout_clears_it() {
    clear();
    let local = oauth(r#","flow":"token","storage":"local""#);
    login_with(&local).await;
    assert!(local_storage().get_item(SESSION).unwrap().is_some());
    assert!(session_storage().get_item(SESSION).unwrap().is_none());
    local.logout();
    assert!(local_storage().get_item(SESSION).unwrap().is_none());
    assert!(local.session().is_null());

    let memory = oauth(r#","flow":"token","storage":"memory""#);
    login_with(&memory).await;
    assert!(!memory.session().is_null());
    assert!(session_storage().get_item(SESSION).unwrap().is_none());
    assert!(local_storage().get_item(SESSION).unwrap().is_none());
    // A new instance (a reload) does not see a memory session.
    assert!(
        oauth(r#","flow":"token","storage":"memory""#)
            .session()
            .is_null()
    );

    let default = oauth(r#","flow":"token""#);
    login_with(&default).await;
    assert!(
        !oauth(r#","flow":"token""#).session().is_null(),
        "sessionStorage survives a reload"
    );
    clear();
}

#[wasm_bindgen_test]
async fn calls_that_need_a_session_fail_before_sending_without_one() {
    clear();
    let client =
        JsClient::new(JSON::parse(r#"{"baseUrl":"http://127.0.0.1:9"}"#).unwrap()).unwrap();
    let error = resolve(client.user()).await.unwrap_err();
    assert_eq!(get(&error, "kind").as_string().as_deref(), Some("session"));
    assert_eq!(get(&error, "code").as_string().as_deref(), Some("missing"));

    let oauth = oauth(r#","flow":"token""#);
    client.use_auth(&oauth);
    let error = resolve(client.user()).await.unwrap_err();
    assert_eq!(
        get(&error, "code").as_string().as_deref(),
        Some("missing"),
        "not logged in"
    );
}

#[wasm_bindgen_test]
fn a_client_secret_is_refused() {
    let options = JSON::parse(
        r#"{"provider":"bitcoin-central","clientId":"c","redirectUri":"https://a/","clientSecret":"s"}"#,
    )
    .unwrap();
    let error: JsValue = JsOAuth::new(options).err().unwrap().into();
    assert_eq!(
        get(&error, "kind").as_string().as_deref(),
        Some("invalid-argument")
    );
    assert_eq!(
        get(&error, "argument").as_string().as_deref(),
        Some("options.clientSecret")
    );
    assert!(error.is_instance_of::<js_sys::Error>());
}

#[wasm_bindgen_test]
fn parse_callback_is_exported_and_pure() {
    let parsed = bitcoin_central::js::parse_callback(
        "https://app/#access_token=X&token_type=Bearer&state=&scope=buyorder+history".into(),
        "S".into(),
        JSON::parse(r#"{"provider":"coins-ph"}"#).unwrap(),
    )
    .unwrap();
    assert_eq!(get(&parsed, "type").as_string().as_deref(), Some("token"));
    assert_eq!(
        get(&parsed, "accessToken").as_string().as_deref(),
        Some("X")
    );
    assert!(get(&parsed, "expiresIn").is_null());
    let error: JsValue = bitcoin_central::js::parse_callback(
        "https://app/#error=access_denied&state=S".into(),
        "S".into(),
        JsValue::UNDEFINED,
    )
    .err()
    .unwrap()
    .into();
    assert_eq!(get(&error, "kind").as_string().as_deref(), Some("oauth"));
    assert_eq!(
        get(&error, "code").as_string().as_deref(),
        Some("access_denied")
    );
}

// --- the Rust API: token requests through the client's send path -----------------

const SANDBOX: &str = env!("SANDBOX_URL");

/// POSTs to the sandbox's token endpoint since it started.
async fn token_posts() -> f64 {
    let url = format!("{SANDBOX}/_sandbox/requests?path=/api/oauth/token&method=POST");
    let response = gloo_net::http::Request::get(&url).send().await.unwrap();
    let counts = JSON::parse(&response.text().await.unwrap()).unwrap();
    get(&counts, "total").as_f64().unwrap()
}

#[wasm_bindgen_test]
async fn a_refresh_tied_to_a_client_is_aborted_at_the_client_s_timeout() {
    use bitcoin_central::oauth::{OAuthConfig, OAuthOptions};
    use bitcoin_central::{Config, Error};
    const KEY: &str = concat!(
        "bitcoin-central.oauth.bitcoin-central.browser-tie.",
        env!("SANDBOX_URL"),
        ".session"
    );
    // The next token POST answers after 3 s; the client gives up after 300 ms.
    let fault = r#"{"fault":"delay-3000","times":1,"path":"/api/oauth/token","method":"POST"}"#;
    let queued = gloo_net::http::Request::post(&format!("{SANDBOX}/_sandbox/faults"))
        .header("Content-Type", "application/json")
        .body(fault)
        .unwrap()
        .send()
        .await
        .unwrap();
    assert_eq!(queued.status(), 201, "{}", queued.text().await.unwrap());
    // An expired session that can be refreshed.
    session_storage()
        .set_item(
            KEY,
            r#"{"provider":"bitcoin-central","access_token":"AT-old","token_type":"bearer","scopes":["basic"],"expires_at":0,"refresh_token":"RT-old","secret_key":null}"#,
        )
        .unwrap();
    let oauth = bitcoin_central::web::oauth::web_oauth(
        OAuthConfig::from_options(OAuthOptions {
            provider: Some("bitcoin-central".into()),
            client_id: Some("browser-tie".into()),
            redirect_uri: Some(format!("{SANDBOX}/")),
            scopes: Some(vec!["basic".into()]),
            base_url: Some(SANDBOX.into()),
            ..OAuthOptions::default()
        })
        .unwrap(),
    );
    let config = Config::default()
        .with_base_url(SANDBOX)
        .unwrap()
        .with_timeout_ms(300)
        .unwrap();
    let client = bitcoin_central::Client::new(config);
    oauth.send_through(client.sender());

    let before = token_posts().await;
    let started = js_sys::Date::now();
    let error = client.user(&oauth).await.unwrap_err();
    let took = js_sys::Date::now() - started;
    assert_eq!(
        error,
        Error::Timeout {
            url: format!("{SANDBOX}/api/oauth/token"),
            after_ms: 300,
        }
    );
    assert!(
        took < 2_000.0,
        "aborted at the timeout, not after the delay: {took} ms"
    );
    assert_eq!(
        token_posts().await - before,
        1.0,
        "sent once, never retried"
    );
    assert!(
        oauth.session().is_some(),
        "no answer is no refusal: the session stays"
    );
    session_storage().remove_item(KEY).unwrap();
}
