//! The sandbox's OAuth2 server: consent page, redirects, token endpoint, rotation,
//! expiry, and the bearer check of `/api/v1/user`.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::http::{HeaderMap, Method, Request, StatusCode};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use bitcoin_central_sandbox::authz::OAuthClient;
use bitcoin_central_sandbox::clock::ManualClock;
use bitcoin_central_sandbox::{Config, app};
use serde_json::Value;
use sha2::{Digest, Sha256};
use tower::ServiceExt;

const ORIGIN: &str = "http://127.0.0.1:8080";
const REDIRECT: &str = "http://127.0.0.1:8080/";
const DEMO: &str = "bitcoin-central-demo";
const BACKEND: &str = "bitcoin-central-backend";
const TEST_URI: &str = "http://127.0.0.1:8080/page/oauth/test";
const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    text: String,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
    fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("{e}: {}", self.text))
    }
    /// The redirect's answer parameters, from its fragment or query.
    fn answer(&self) -> HashMap<String, String> {
        let location = self.header("location").expect("a redirect");
        let part = location
            .split_once('#')
            .map(|(_, f)| f)
            .or_else(|| location.split_once('?').map(|(_, q)| q))
            .unwrap_or("");
        form_urlencoded::parse(part.as_bytes())
            .into_owned()
            .collect()
    }
}

fn sandbox() -> (Router, Arc<ManualClock>) {
    let clock = Arc::new(ManualClock::new(1_700_000_000_000));
    let config = Config {
        clock: clock.clone(),
        origins: vec![ORIGIN.into()],
        clients: vec![OAuthClient {
            id: "bot".into(),
            secret: None,
            redirect_uris: vec!["https://bot.example/cb?x=1".into()],
            loopback: false,
        }],
        ..Config::default()
    };
    (app(config), clock)
}

/// A request; a decision posted to the consent form gets the form's one-time token
/// and its cookie, as a browser's would, unless it brings its own.
async fn call(
    app: &Router,
    method: Method,
    uri: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Answer {
    if method == Method::POST && uri == "/api/oauth/authorize" && !body.contains("csrf_token=") {
        let (token, cookie) = consent_token(app).await;
        let mut headers = headers.to_vec();
        headers.push(("cookie", &cookie));
        let body = format!("{body}&csrf_token={token}");
        return send(app, method, uri, &headers, &body).await;
    }
    send(app, method, uri, headers, body).await
}

/// The consent form's one-time token and the cookie it goes with, from the consent
/// page of a request that has one.
async fn consent_token(app: &Router) -> (String, String) {
    let page = send(
        app,
        Method::GET,
        &format!(
            "/api/oauth/authorize?{}",
            query(&[
                ("client_id", DEMO),
                ("redirect_uri", REDIRECT),
                ("response_type", "token"),
            ])
        ),
        &[],
        "",
    )
    .await;
    form_token(&page)
}

/// The token in a consent page's form, and its `Set-Cookie` as a `Cookie` header.
fn form_token(page: &Answer) -> (String, String) {
    let field = "name=\"csrf_token\" value=\"";
    let start = page.text.find(field).expect("a consent token in the form") + field.len();
    let token = page.text[start..].split('"').next().unwrap().to_owned();
    let cookie = page.header("set-cookie").expect("a consent cookie");
    (token, cookie.split(';').next().unwrap().to_owned())
}

async fn send(
    app: &Router,
    method: Method,
    uri: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Answer {
    let mut request = Request::builder().method(method).uri(uri);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = app
        .clone()
        .oneshot(request.body(Body::from(body.to_owned())).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let text = String::from_utf8(
        to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap()
            .to_vec(),
    )
    .unwrap();
    Answer {
        status,
        headers,
        text,
    }
}

fn query(pairs: &[(&str, &str)]) -> String {
    let mut q = form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        q.append_pair(k, v);
    }
    q.finish()
}

fn challenge() -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(VERIFIER.as_bytes()))
}

async fn authorize(app: &Router, pairs: &[(&str, &str)]) -> Answer {
    call(
        app,
        Method::GET,
        &format!("/api/oauth/authorize?{}", query(pairs)),
        &[],
        "",
    )
    .await
}

async fn decide(app: &Router, pairs: &[(&str, &str)]) -> Answer {
    call(
        app,
        Method::POST,
        "/api/oauth/authorize",
        &[("content-type", "application/x-www-form-urlencoded")],
        &query(pairs),
    )
    .await
}

async fn token(app: &Router, pairs: &[(&str, &str)]) -> Answer {
    call(
        app,
        Method::POST,
        "/api/oauth/token",
        &[("content-type", "application/x-www-form-urlencoded")],
        &query(pairs),
    )
    .await
}

async fn user(app: &Router, token: &str) -> Answer {
    call(
        app,
        Method::GET,
        "/api/v1/user",
        &[("authorization", &format!("Bearer {token}"))],
        "",
    )
    .await
}

/// A code for the demo client with PKCE, as the consent page gives it.
async fn code(app: &Router, scope: &str) -> String {
    let c = challenge();
    let answer = decide(
        app,
        &[
            ("client_id", DEMO),
            ("redirect_uri", REDIRECT),
            ("response_type", "code"),
            ("scope", scope),
            ("state", "S"),
            ("code_challenge", &c),
            ("code_challenge_method", "S256"),
            ("decision", "approve"),
        ],
    )
    .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER);
    assert!(
        answer
            .header("location")
            .unwrap()
            .starts_with(&format!("{REDIRECT}?code="))
    );
    answer.answer()["code"].clone()
}

async fn exchange(app: &Router, code: &str) -> Answer {
    token(
        app,
        &[
            ("grant_type", "authorization_code"),
            ("client_id", DEMO),
            ("code", code),
            ("redirect_uri", REDIRECT),
            ("code_verifier", VERIFIER),
        ],
    )
    .await
}

#[tokio::test]
async fn the_consent_page_lists_the_scopes_with_approve_and_deny() {
    let (app, _) = sandbox();
    for response_type in ["token", "code"] {
        let c = challenge();
        let page = authorize(
            &app,
            &[
                ("client_id", DEMO),
                ("redirect_uri", REDIRECT),
                ("response_type", response_type),
                ("scope", "basic trade"),
                ("state", "a\"<b>"),
                ("code_challenge", &c),
                ("code_challenge_method", "S256"),
            ],
        )
        .await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(
            page.header("content-type")
                .unwrap()
                .starts_with("text/html")
        );
        for text in [
            "id=\"approve\"",
            "id=\"deny\"",
            "BC-U123456",
            "Create and cancel trade orders",
            "bitcoin-central-demo",
        ] {
            assert!(page.text.contains(text), "{text}");
        }
        assert!(
            page.text.contains("a&quot;&lt;b&gt;") && !page.text.contains("a\"<b>"),
            "escaped"
        );
    }
    let french = call(
        &app,
        Method::GET,
        &format!(
            "/api/oauth/authorize?{}",
            query(&[
                ("client_id", DEMO),
                ("redirect_uri", REDIRECT),
                ("response_type", "token")
            ])
        ),
        &[("accept-language", "fr")],
        "",
    )
    .await;
    assert!(french.text.contains("Autoriser"));
}

#[tokio::test]
async fn an_unregistered_redirect_or_client_gets_a_page_never_a_redirect() {
    let (app, _) = sandbox();
    for pairs in [
        vec![
            ("client_id", DEMO),
            ("redirect_uri", "http://evil.example/"),
            ("response_type", "token"),
        ],
        vec![
            ("client_id", DEMO),
            ("redirect_uri", "http://127.0.0.1:8080"),
            ("response_type", "token"),
        ],
        // The demo client takes any loopback URI (RFC 8252 §7.3); the others match
        // exactly.
        vec![
            ("client_id", BACKEND),
            ("redirect_uri", "http://127.0.0.1:8080/?x"),
            ("response_type", "token"),
        ],
        vec![
            ("client_id", "nobody"),
            ("redirect_uri", REDIRECT),
            ("response_type", "token"),
        ],
        vec![("redirect_uri", REDIRECT), ("response_type", "token")],
        vec![("client_id", DEMO), ("response_type", "token")],
        vec![
            ("client_id", DEMO),
            ("client_id", DEMO),
            ("redirect_uri", REDIRECT),
            ("response_type", "token"),
        ],
    ] {
        let answer = authorize(&app, &pairs).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{pairs:?}");
        assert!(answer.header("location").is_none());
        assert!(
            answer
                .header("content-type")
                .unwrap()
                .starts_with("text/html")
        );
    }
    // One registered URI: redirect_uri may be left out (RFC 6749 §3.1.2.3).
    let bot = authorize(&app, &[("client_id", "bot"), ("response_type", "token")]).await;
    assert_eq!(bot.status, StatusCode::OK);
}

#[tokio::test]
async fn request_errors_go_back_to_the_client_with_state() {
    let (app, _) = sandbox();
    let c = challenge();
    for (pairs, error, in_fragment) in [
        (
            vec![("response_type", "id_token")],
            "unsupported_response_type",
            false,
        ),
        (
            vec![("response_type", "token"), ("scope", "basic admin")],
            "invalid_scope",
            true,
        ),
        (
            vec![
                ("response_type", "code"),
                ("scope", "basic admin"),
                ("code_challenge", c.as_str()),
            ],
            "invalid_scope",
            false,
        ),
        (vec![("response_type", "code")], "invalid_request", false),
        (
            vec![
                ("response_type", "code"),
                ("code_challenge", c.as_str()),
                ("code_challenge_method", "plain"),
            ],
            "invalid_request",
            false,
        ),
    ] {
        let mut all = vec![
            ("client_id", DEMO),
            ("redirect_uri", REDIRECT),
            ("state", "st8"),
        ];
        all.extend(pairs);
        let answer = authorize(&app, &all).await;
        assert_eq!(answer.status, StatusCode::SEE_OTHER, "{all:?}");
        let location = answer.header("location").unwrap();
        assert_eq!(
            location.starts_with(&format!("{REDIRECT}#")),
            in_fragment,
            "{location}"
        );
        let params = answer.answer();
        assert_eq!(params["error"], error);
        assert_eq!(params["state"], "st8");
        assert!(!params["error_description"].is_empty());
    }
    // A redirect URI with its own query keeps it.
    let bot = authorize(&app, &[("client_id", "bot"), ("response_type", "nope")]).await;
    assert!(
        bot.header("location")
            .unwrap()
            .starts_with("https://bot.example/cb?x=1&error=unsupported_response_type")
    );
}

#[tokio::test]
async fn deny_and_implicit_approve() {
    let (app, _) = sandbox();
    let base = [
        ("client_id", DEMO),
        ("redirect_uri", REDIRECT),
        ("response_type", "token"),
        ("scope", "basic activity"),
        ("state", "xyz"),
    ];
    let mut denied = base.to_vec();
    denied.push(("decision", "deny"));
    let answer = decide(&app, &denied).await;
    let params = answer.answer();
    assert!(
        answer
            .header("location")
            .unwrap()
            .starts_with(&format!("{REDIRECT}#error=access_denied"))
    );
    assert_eq!(
        params["error_description"],
        "The resource owner or authorization server denied the request."
    );
    assert_eq!(params["state"], "xyz");

    let mut approved = base.to_vec();
    approved.push(("decision", "approve"));
    let answer = decide(&app, &approved).await;
    let location = answer.header("location").unwrap().to_owned();
    assert!(location.contains("&scope=basic+activity&"), "{location}");
    let params = answer.answer();
    assert_eq!(
        (
            params["token_type"].as_str(),
            params["expires_in"].as_str(),
            params["state"].as_str()
        ),
        ("bearer", "1800", "xyz")
    );
    assert!(
        !params.contains_key("refresh_token"),
        "no refresh token in the implicit flow"
    );
    assert!(params["access_token"].len() >= 43);
    assert_eq!(
        user(&app, &params["access_token"]).await.status,
        StatusCode::OK
    );

    let no_state = decide(
        &app,
        &[
            ("client_id", DEMO),
            ("redirect_uri", REDIRECT),
            ("response_type", "token"),
            ("decision", "approve"),
        ],
    )
    .await;
    assert!(!no_state.answer().contains_key("state"));
}

#[tokio::test]
async fn code_with_pkce_is_exchanged_once() {
    let (app, _) = sandbox();
    let code = code(&app, "basic activity").await;
    let granted = exchange(&app, &code).await;
    assert_eq!(granted.status, StatusCode::OK, "{}", granted.text);
    assert_eq!(granted.header("cache-control"), Some("no-store"));
    assert_eq!(granted.header("pragma"), Some("no-cache"));
    let body = granted.json();
    assert_eq!(
        (
            body["token_type"].as_str(),
            body["expires_in"].as_u64(),
            body["scope"].as_str()
        ),
        (Some("bearer"), Some(1800), Some("basic activity"))
    );
    assert!(
        granted.text.starts_with(r#"{"access_token":"#),
        "the spec's field order"
    );
    let access = body["access_token"].as_str().unwrap().to_owned();
    assert_eq!(user(&app, &access).await.status, StatusCode::OK);

    // Reused: refused, and what it gave is revoked.
    let again = exchange(&app, &code).await;
    assert_eq!(
        (again.status, again.json()["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_grant"))
    );
    assert_eq!(user(&app, &access).await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_wrong_or_missing_verifier_is_refused() {
    let (app, _) = sandbox();
    let code = code(&app, "basic").await;
    let wrong = token(
        &app,
        &[
            ("grant_type", "authorization_code"),
            ("client_id", DEMO),
            ("code", &code),
            ("redirect_uri", REDIRECT),
            ("code_verifier", &"x".repeat(43)),
        ],
    )
    .await;
    assert_eq!(wrong.json()["error"], "invalid_grant");
    let missing = token(
        &app,
        &[
            ("grant_type", "authorization_code"),
            ("client_id", DEMO),
            ("code", &code),
            ("redirect_uri", REDIRECT),
        ],
    )
    .await;
    assert_eq!(missing.json()["error"], "invalid_request");
    let other_redirect = token(
        &app,
        &[
            ("grant_type", "authorization_code"),
            ("client_id", DEMO),
            ("code", &code),
            ("redirect_uri", "http://127.0.0.1:8080/index.html"),
            ("code_verifier", VERIFIER),
        ],
    )
    .await;
    assert_eq!(other_redirect.json()["error"], "invalid_grant");
}

#[tokio::test]
async fn codes_expire_after_five_minutes() {
    let (app, clock) = sandbox();
    let code = code(&app, "basic").await;
    clock.advance_ms(5 * 60 * 1000 + 1);
    let late = exchange(&app, &code).await;
    assert_eq!(late.json()["error"], "invalid_grant");
    assert!(
        late.json()["error_description"]
            .as_str()
            .unwrap()
            .contains("expired")
    );
}

#[tokio::test]
async fn a_confidential_client_needs_its_secret() {
    let (app, _) = sandbox();
    let answer = decide(
        &app,
        &[
            ("client_id", "bitcoin-central-backend"),
            ("redirect_uri", REDIRECT),
            ("response_type", "code"),
            ("decision", "approve"),
        ],
    )
    .await;
    let code = answer.answer()["code"].clone();
    let wrong = token(
        &app,
        &[
            ("grant_type", "authorization_code"),
            ("client_id", "bitcoin-central-backend"),
            ("client_secret", "guess"),
            ("code", &code),
            ("redirect_uri", REDIRECT),
        ],
    )
    .await;
    assert_eq!(
        (wrong.status, wrong.json()["error"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("invalid_client"))
    );
    let basic = base64::engine::general_purpose::STANDARD.encode("bitcoin-central-backend:guess");
    let wrong_basic = call(
        &app,
        Method::POST,
        "/api/oauth/token",
        &[
            ("content-type", "application/x-www-form-urlencoded"),
            ("authorization", &format!("Basic {basic}")),
        ],
        &query(&[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", REDIRECT),
        ]),
    )
    .await;
    assert_eq!(
        wrong_basic.header("www-authenticate"),
        Some("Basic realm=\"sandbox\"")
    );
    let right = token(
        &app,
        &[
            ("grant_type", "authorization_code"),
            ("client_id", "bitcoin-central-backend"),
            ("client_secret", "sandbox-secret"),
            ("code", &code),
            ("redirect_uri", REDIRECT),
        ],
    )
    .await;
    assert_eq!(right.status, StatusCode::OK, "{}", right.text);
}

#[tokio::test]
async fn refresh_rotates_both_tokens() {
    let (app, _) = sandbox();
    let first = exchange(&app, &code(&app, "basic").await).await.json();
    let (access1, refresh1) = (
        first["access_token"].as_str().unwrap(),
        first["refresh_token"].as_str().unwrap(),
    );
    let second = token(
        &app,
        &[
            ("grant_type", "refresh_token"),
            ("client_id", DEMO),
            ("refresh_token", refresh1),
        ],
    )
    .await;
    assert_eq!(second.status, StatusCode::OK, "{}", second.text);
    let second = second.json();
    let (access2, refresh2) = (
        second["access_token"].as_str().unwrap(),
        second["refresh_token"].as_str().unwrap(),
    );
    assert_ne!(access1, access2);
    assert_ne!(refresh1, refresh2);
    assert_eq!(
        user(&app, access1).await.status,
        StatusCode::UNAUTHORIZED,
        "the old access token is dead"
    );
    assert_eq!(user(&app, access2).await.status, StatusCode::OK);
    let reused = token(
        &app,
        &[
            ("grant_type", "refresh_token"),
            ("client_id", DEMO),
            ("refresh_token", refresh1),
        ],
    )
    .await;
    assert_eq!(
        reused.json()["error"],
        "invalid_grant",
        "the old refresh token is dead"
    );
    let unsupported = token(&app, &[("grant_type", "password"), ("client_id", DEMO)]).await;
    assert_eq!(unsupported.json()["error"], "unsupported_grant_type");
    // Neither a form nor JSON (JSON bodies have their own test).
    let text_body = call(
        &app,
        Method::POST,
        "/api/oauth/token",
        &[("content-type", "text/plain")],
        "grant_type=refresh_token",
    )
    .await;
    assert_eq!(text_body.json()["error"], "invalid_request");
}

#[tokio::test]
async fn tokens_expire_after_thirty_minutes() {
    let (app, clock) = sandbox();
    let access = exchange(&app, &code(&app, "basic").await).await.json()["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    clock.advance_ms(29 * 60 * 1000);
    assert_eq!(user(&app, &access).await.status, StatusCode::OK);
    clock.advance_ms(60 * 1000);
    let expired = user(&app, &access).await;
    assert_eq!(expired.status, StatusCode::UNAUTHORIZED);
    assert!(
        expired
            .header("www-authenticate")
            .unwrap()
            .contains("invalid_token")
    );
}

#[tokio::test]
async fn the_user_endpoint_checks_token_and_scope() {
    let (app, _) = sandbox();
    let access = exchange(&app, &code(&app, "basic").await).await.json()["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let answer = user(&app, &access).await;
    // The channel id is random: 128 bits, as 32 hex digits, the last field.
    let (fields, channel) = answer.text.rsplit_once(r#","channel_id":""#).unwrap();
    assert_eq!(
        fields,
        r#"{"name":"BC-U123456","locale":"en","balance_btc":25.78866278,"locked_btc":0.0,"balance_eur":1893.96,"locked_eur":0.0"#
    );
    let channel = channel.strip_suffix(r#""}"#).unwrap();
    assert_eq!(channel.len(), 32);
    assert!(
        channel
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
    );
    assert_eq!(user(&app, &access).await.text, answer.text, "stable");
    assert!(answer.header("x-ratelimit-remaining").is_some());

    let activity_only = exchange(&app, &code(&app, "activity").await).await.json()["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let forbidden = call(
        &app,
        Method::GET,
        "/api/v1/user",
        &[
            ("authorization", &format!("Bearer {activity_only}")),
            ("accept-language", "fr"),
        ],
        "",
    )
    .await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN);
    assert!(
        forbidden.json()["errors"][0]
            .as_str()
            .unwrap()
            .contains("basic")
    );
    assert!(
        forbidden
            .header("www-authenticate")
            .unwrap()
            .contains("insufficient_scope")
    );

    let missing = call(&app, Method::GET, "/api/v1/user", &[], "").await;
    assert_eq!(missing.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        missing.header("www-authenticate"),
        Some("Bearer realm=\"bitcoin-central\"")
    );
    let bogus = user(&app, "not-a-token").await;
    assert_eq!(bogus.status, StatusCode::UNAUTHORIZED);
    assert!(
        !bogus.text.contains("not-a-token"),
        "tokens are never echoed"
    );
}

#[tokio::test]
async fn pkce_matches_rfc_7636_appendix_b() {
    // A known answer, so the test does not only agree with itself.
    assert_eq!(challenge(), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
}

/// Every `error_description` must be printable ASCII without `"` or `\` (RFC 6749
/// §4.1.2.1, §5.2).
fn legal_description(text: &str) -> bool {
    text.chars()
        .all(|c| matches!(c, ' '..='~') && !matches!(c, '"' | '\\'))
}

#[tokio::test]
async fn repeated_parameters_go_back_as_invalid_request() {
    let (app, _) = sandbox();
    let c = challenge();
    let answer = authorize(
        &app,
        &[
            ("client_id", DEMO),
            ("redirect_uri", REDIRECT),
            ("response_type", "code"),
            ("scope", "basic"),
            ("scope", "trade"),
            ("state", "st8"),
            ("code_challenge", &c),
            ("code_challenge_method", "S256"),
        ],
    )
    .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER);
    let params = answer.answer();
    assert_eq!(params["error"], "invalid_request");
    assert_eq!(params["state"], "st8");
    assert!(params["error_description"].contains("scope"));

    let twice = decide(
        &app,
        &[
            ("client_id", DEMO),
            ("redirect_uri", REDIRECT),
            ("response_type", "token"),
            ("state", "st8"),
            ("decision", "deny"),
            ("decision", "approve"),
        ],
    )
    .await;
    assert!(
        twice
            .header("location")
            .unwrap()
            .starts_with(&format!("{REDIRECT}#error=invalid_request")),
        "no token when the decision is ambiguous"
    );

    let repeated = token(
        &app,
        &[
            ("grant_type", "authorization_code"),
            ("client_id", DEMO),
            ("code", "a"),
            ("code", "b"),
        ],
    )
    .await;
    assert_eq!(repeated.status, StatusCode::BAD_REQUEST);
    assert_eq!(repeated.json()["error"], "invalid_request");
}

#[tokio::test]
async fn pkce_is_s256_only_and_only_for_the_code_flow() {
    let (app, _) = sandbox();
    let c = challenge();
    for pkce in [
        // Without a method the challenge is plain (RFC 7636 §4.3), which is refused.
        vec![("code_challenge", c.as_str())],
        vec![("code_challenge_method", "S256")],
        vec![
            ("code_challenge", VERIFIER),
            ("code_challenge_method", "plain"),
        ],
        vec![
            ("code_challenge", "short"),
            ("code_challenge_method", "S256"),
        ],
    ] {
        let mut pairs = vec![
            ("client_id", "bitcoin-central-backend"),
            ("redirect_uri", REDIRECT),
            ("response_type", "code"),
        ];
        pairs.extend(pkce);
        let answer = authorize(&app, &pairs).await;
        assert_eq!(answer.answer()["error"], "invalid_request", "{pairs:?}");
    }
    // The implicit flow has no code to bind a challenge to: it is ignored.
    let implicit = authorize(
        &app,
        &[
            ("client_id", DEMO),
            ("redirect_uri", REDIRECT),
            ("response_type", "token"),
            ("code_challenge", "whatever"),
            ("code_challenge_method", "plain"),
        ],
    )
    .await;
    assert_eq!(implicit.status, StatusCode::OK);
}

#[tokio::test]
async fn error_descriptions_never_carry_quotes_or_raw_input() {
    let (app, _) = sandbox();
    for pairs in [
        vec![("response_type", "to\"k\\en")],
        vec![("response_type", "token"), ("scope", "basic \"admin\"")],
    ] {
        let mut all = vec![("client_id", DEMO), ("redirect_uri", REDIRECT)];
        all.extend(pairs);
        let answer = authorize(&app, &all).await;
        let description = answer.answer()["error_description"].clone();
        assert!(legal_description(&description), "{description}");
    }
    let grant = token(&app, &[("grant_type", "pass\"word"), ("client_id", DEMO)]).await;
    assert_eq!(grant.json()["error"], "unsupported_grant_type");
    let description = grant.json()["error_description"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(legal_description(&description), "{description}");
}

#[tokio::test]
async fn a_reused_code_revokes_the_tokens_refreshed_from_it() {
    let (app, _) = sandbox();
    let code = code(&app, "basic").await;
    let first = exchange(&app, &code).await.json();
    let refreshed = token(
        &app,
        &[
            ("grant_type", "refresh_token"),
            ("client_id", DEMO),
            ("refresh_token", first["refresh_token"].as_str().unwrap()),
        ],
    )
    .await
    .json();
    let access = refreshed["access_token"].as_str().unwrap();
    assert_eq!(user(&app, access).await.status, StatusCode::OK);

    assert_eq!(exchange(&app, &code).await.json()["error"], "invalid_grant");
    assert_eq!(user(&app, access).await.status, StatusCode::UNAUTHORIZED);
    let again = token(
        &app,
        &[
            ("grant_type", "refresh_token"),
            ("client_id", DEMO),
            (
                "refresh_token",
                refreshed["refresh_token"].as_str().unwrap(),
            ),
        ],
    )
    .await;
    assert_eq!(again.json()["error"], "invalid_grant");
}

#[tokio::test]
async fn another_client_can_neither_use_nor_use_up_a_refresh_token() {
    let (app, _) = sandbox();
    let first = exchange(&app, &code(&app, "basic").await).await.json();
    let refresh = first["refresh_token"].as_str().unwrap();
    let stolen = token(
        &app,
        &[
            ("grant_type", "refresh_token"),
            ("client_id", "bot"),
            ("refresh_token", refresh),
        ],
    )
    .await;
    assert_eq!(stolen.json()["error"], "invalid_grant");
    let owner = token(
        &app,
        &[
            ("grant_type", "refresh_token"),
            ("client_id", DEMO),
            ("refresh_token", refresh),
        ],
    )
    .await;
    assert_eq!(owner.status, StatusCode::OK, "{}", owner.text);
}

#[tokio::test]
async fn a_verifier_without_a_challenge_is_refused() {
    let (app, _) = sandbox();
    let approved = decide(
        &app,
        &[
            ("client_id", "bitcoin-central-backend"),
            ("redirect_uri", REDIRECT),
            ("response_type", "code"),
            ("decision", "approve"),
        ],
    )
    .await;
    let code = approved.answer()["code"].clone();
    let answer = token(
        &app,
        &[
            ("grant_type", "authorization_code"),
            ("client_id", "bitcoin-central-backend"),
            ("client_secret", "sandbox-secret"),
            ("code", &code),
            ("redirect_uri", REDIRECT),
            ("code_verifier", VERIFIER),
        ],
    )
    .await;
    assert_eq!(answer.json()["error"], "invalid_grant");
}

#[tokio::test]
async fn pages_are_neither_cached_nor_framed() {
    let (app, _) = sandbox();
    let consent = authorize(
        &app,
        &[
            ("client_id", DEMO),
            ("redirect_uri", REDIRECT),
            ("response_type", "token"),
        ],
    )
    .await;
    let refused = authorize(&app, &[("client_id", "nobody")]).await;
    for page in [consent, refused] {
        assert_eq!(
            page.header("content-type"),
            Some("text/html; charset=utf-8")
        );
        assert_eq!(page.header("cache-control"), Some("no-store"));
        assert_eq!(page.header("x-frame-options"), Some("DENY"));
        assert!(
            page.header("content-security-policy")
                .unwrap()
                .contains("frame-ancestors 'none'")
        );
    }
}

#[tokio::test]
async fn extra_redirect_uris_for_a_built_in_client() {
    let config = Config {
        clock: Arc::new(ManualClock::new(1_700_000_000_000)),
        origins: vec![ORIGIN.into()],
        clients: vec![OAuthClient {
            id: DEMO.into(),
            secret: None,
            redirect_uris: vec!["https://app.example/callback".into()],
            loopback: false,
        }],
        ..Config::default()
    };
    let app = app(config);
    for redirect in [REDIRECT, "https://app.example/callback"] {
        let answer = authorize(
            &app,
            &[
                ("client_id", DEMO),
                ("redirect_uri", redirect),
                ("response_type", "token"),
            ],
        )
        .await;
        assert_eq!(answer.status, StatusCode::OK, "{redirect}");
    }
}

#[tokio::test]
async fn bearer_refusals_speak_french() {
    let (app, _) = sandbox();
    let missing = call(
        &app,
        Method::GET,
        "/api/v1/user",
        &[("accept-language", "fr-FR,fr;q=0.9")],
        "",
    )
    .await;
    assert_eq!(missing.status, StatusCode::UNAUTHORIZED);
    assert!(
        missing.json()["errors"][0]
            .as_str()
            .unwrap()
            .starts_with("Cet appel demande un jeton d'accès")
    );
    let activity_only = exchange(&app, &code(&app, "activity").await).await.json()["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let forbidden = call(
        &app,
        Method::GET,
        "/api/v1/user",
        &[
            ("authorization", &format!("Bearer {activity_only}")),
            ("accept-language", "fr"),
        ],
        "",
    )
    .await;
    assert_eq!(
        forbidden.json()["errors"][0],
        "Ce jeton n'a pas la portée basic"
    );
    assert_eq!(
        forbidden.header("www-authenticate"),
        Some(r#"Bearer realm="bitcoin-central", error="insufficient_scope", scope="basic""#)
    );
}

/// The code, token or error a test page shows in `<code id="value">`.
fn shown_value(page: &Answer) -> String {
    let start = page.text.find("<code id=\"value\">").expect("a value") + 17;
    let end = start + page.text[start..].find("</code>").unwrap();
    page.text[start..end].to_owned()
}

#[tokio::test]
async fn the_test_redirect_uri_shows_the_code_on_a_page_to_copy() {
    let (app, _) = sandbox();
    let c = challenge();
    let mut pairs = vec![
        ("client_id", DEMO),
        ("redirect_uri", TEST_URI),
        ("response_type", "code"),
        ("scope", "basic activity"),
        ("state", "st8"),
        ("code_challenge", c.as_str()),
        ("code_challenge_method", "S256"),
    ];
    assert_eq!(authorize(&app, &pairs).await.status, StatusCode::OK);
    pairs.push(("decision", "approve"));
    let page = decide(&app, &pairs).await;
    assert_eq!(page.status, StatusCode::OK, "shown, not redirected");
    assert!(page.header("location").is_none());
    assert_eq!(
        page.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(page.header("cache-control"), Some("no-store"));
    for text in [
        "Authorization code",
        "id=\"copy\"",
        ">Copy</button>",
        "<script src=\"/page/oauth/test/copy.js\"></script>",
        "<dt>state</dt><dd>st8</dd>",
    ] {
        assert!(page.text.contains(text), "{text}: {}", page.text);
    }
    let policy = page.header("content-security-policy").unwrap();
    assert!(policy.contains("script-src 'self';"), "{policy}");
    assert!(policy.contains("form-action 'none'") && policy.contains("frame-ancestors 'none'"));
    assert!(!policy.contains("unsafe"), "{policy}");
    assert!(!page.text.contains("<script>"), "no inline script");
    // The code shown is the code: the app exchanges it with the same redirect URI.
    let code = shown_value(&page);
    let granted = token(
        &app,
        &[
            ("grant_type", "authorization_code"),
            ("client_id", DEMO),
            ("code", &code),
            ("redirect_uri", TEST_URI),
            ("code_verifier", VERIFIER),
        ],
    )
    .await;
    assert_eq!(granted.status, StatusCode::OK, "{}", granted.text);
    assert_eq!(granted.json()["scope"], "basic activity");

    // The copy button's script is a file of the sandbox.
    let script = call(&app, Method::GET, "/page/oauth/test/copy.js", &[], "").await;
    assert_eq!(script.status, StatusCode::OK);
    assert_eq!(
        script.header("content-type"),
        Some("text/javascript; charset=utf-8")
    );
    assert!(script.text.contains("navigator.clipboard.writeText"));
    // The URI itself, opened, says what it is for.
    let itself = call(
        &app,
        Method::GET,
        "/page/oauth/test",
        &[("accept-language", "fr")],
        "",
    )
    .await;
    assert_eq!(itself.status, StatusCode::OK);
    assert!(itself.text.contains("URI de redirection de test"));

    // The spec's own test URI, for the confidential client as in its Ruby example, in
    // French.
    let approved = call(
        &app,
        Method::POST,
        "/api/oauth/authorize",
        &[
            ("content-type", "application/x-www-form-urlencoded"),
            ("accept-language", "fr-FR,fr;q=0.9"),
        ],
        &query(&[
            ("client_id", BACKEND),
            (
                "redirect_uri",
                "https://bitcoin-central.net/page/oauth/test",
            ),
            ("response_type", "code"),
            ("scope", "basic activity trade withdraw"),
            ("decision", "approve"),
        ]),
    )
    .await;
    assert_eq!(approved.status, StatusCode::OK);
    assert!(
        approved.text.contains("Code d'autorisation") && approved.text.contains(">Copier</button>")
    );
    let granted = token(
        &app,
        &[
            ("grant_type", "authorization_code"),
            ("client_id", BACKEND),
            ("client_secret", "sandbox-secret"),
            ("code", &shown_value(&approved)),
            (
                "redirect_uri",
                "https://bitcoin-central.net/page/oauth/test",
            ),
        ],
    )
    .await;
    assert_eq!(granted.status, StatusCode::OK, "{}", granted.text);

    // Denied, or refused: shown too, never redirected to the test URI.
    let mut denied = pairs.clone();
    denied.pop();
    denied.push(("decision", "deny"));
    let page = decide(&app, &denied).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.header("location").is_none());
    assert!(
        page.text.contains("<dt>error</dt><dd>access_denied</dd>"),
        "{}",
        page.text
    );
    assert!(!page.text.contains("id=\"copy\""));
    let bad_scope = authorize(
        &app,
        &[
            ("client_id", DEMO),
            ("redirect_uri", TEST_URI),
            ("response_type", "token"),
            ("scope", "admin"),
        ],
    )
    .await;
    assert!(bad_scope.header("location").is_none());
    assert!(bad_scope.text.contains("<dd>invalid_scope</dd>"));
    // The implicit flow's token is shown the same way.
    let implicit = decide(
        &app,
        &[
            ("client_id", DEMO),
            ("redirect_uri", TEST_URI),
            ("response_type", "token"),
            ("decision", "approve"),
        ],
    )
    .await;
    assert!(implicit.text.contains("Access token"));
    assert_eq!(
        user(&app, &shown_value(&implicit)).await.status,
        StatusCode::OK
    );
    // Another client has not registered it.
    let bot = authorize(
        &app,
        &[
            ("client_id", "bot"),
            ("redirect_uri", TEST_URI),
            ("response_type", "token"),
        ],
    )
    .await;
    assert_eq!(bot.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn scope_trading_is_read_as_trade_and_the_consent_page_says_so() {
    let (app, _) = sandbox();
    let asked = [
        ("client_id", DEMO),
        ("redirect_uri", REDIRECT),
        ("response_type", "token"),
        ("scope", "basic trading"),
    ];
    let page = authorize(&app, &asked).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert!(page.text.contains("Create and cancel trade orders"));
    assert!(page.text.contains("id=\"trading-alias\""));
    assert!(page.text.contains("Asked for as “trading”"));
    let french = call(
        &app,
        Method::GET,
        &format!("/api/oauth/authorize?{}", query(&asked)),
        &[("accept-language", "fr")],
        "",
    )
    .await;
    assert!(french.text.contains("Demandée sous le nom « trading »"));
    let plain = authorize(
        &app,
        &[
            ("client_id", DEMO),
            ("redirect_uri", REDIRECT),
            ("response_type", "token"),
            ("scope", "basic trade"),
        ],
    )
    .await;
    assert!(!plain.text.contains("trading-alias"), "no note without it");

    let mut approved = asked.to_vec();
    approved[3] = ("scope", "basic trading trade");
    approved.push(("decision", "approve"));
    let params = decide(&app, &approved).await.answer();
    assert_eq!(params["scope"], "basic trade", "granted as trade, once");
    let placed = call(
        &app,
        Method::POST,
        "/api/v1/user/orders",
        &[
            (
                "authorization",
                &format!("Bearer {}", params["access_token"]),
            ),
            ("content-type", "application/json"),
        ],
        r#"{"type": "LimitOrder", "direction": "buy", "price": "100", "amount": "0.01"}"#,
    )
    .await;
    assert_eq!(placed.status, StatusCode::CREATED, "{}", placed.text);
}

async fn token_json(app: &Router, body: &str) -> Answer {
    call(
        app,
        Method::POST,
        "/api/oauth/token",
        &[("content-type", "application/json; charset=utf-8")],
        body,
    )
    .await
}

#[tokio::test]
async fn the_token_endpoint_takes_json_as_well_as_forms() {
    let (app, _) = sandbox();
    let code = code(&app, "basic").await;
    let body = serde_json::json!({
        "grant_type": "authorization_code",
        "client_id": DEMO,
        "code": code,
        "redirect_uri": REDIRECT,
        "code_verifier": VERIFIER,
        "client_secret": null,
    });
    let granted = token_json(&app, &body.to_string()).await;
    assert_eq!(granted.status, StatusCode::OK, "{}", granted.text);
    let refresh = granted.json()["refresh_token"].as_str().unwrap().to_owned();
    let refreshed = token_json(
        &app,
        &serde_json::json!({"grant_type": "refresh_token", "client_id": DEMO, "refresh_token": refresh}).to_string(),
    )
    .await;
    assert_eq!(refreshed.status, StatusCode::OK, "{}", refreshed.text);
    let access = refreshed.json()["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(user(&app, &access).await.status, StatusCode::OK);

    for (body, description) in [
        (
            r#"{"grant_type": "refresh_token", "client_id": "bitcoin-central-demo", "refresh_token": "a", "refresh_token": "b"}"#,
            "The parameter refresh_token is given more than once.",
        ),
        (
            r#"{"grant_type": "refresh_token", "client_id": "bitcoin-central-demo", "refresh_token": 7}"#,
            "The parameter refresh_token must be a string.",
        ),
        (r#"{"grant_type": "#, "The body is not a valid JSON object."),
        (r#"["grant_type"]"#, "The body is not a valid JSON object."),
    ] {
        let refused = token_json(&app, body).await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(refused.json()["error"], "invalid_request", "{body}");
        assert_eq!(refused.json()["error_description"], description, "{body}");
    }
    // Without a Content-Type, a JSON object is still recognised.
    let unlabelled = call(
        &app,
        Method::POST,
        "/api/oauth/token",
        &[],
        r#"{"grant_type": "password", "client_id": "bitcoin-central-demo"}"#,
    )
    .await;
    assert_eq!(unlabelled.json()["error"], "unsupported_grant_type");
}

#[tokio::test]
async fn what_the_oauth_endpoints_say_is_in_the_users_language() {
    let (app, _) = sandbox();
    let fr = [("accept-language", "fr-FR,fr;q=0.9,en;q=0.5")];
    // The authorization answer's error_description: French, in RFC 6749's ASCII.
    let refused = call(
        &app,
        Method::GET,
        &format!(
            "/api/oauth/authorize?{}",
            query(&[
                ("client_id", DEMO),
                ("redirect_uri", REDIRECT),
                ("response_type", "token"),
                ("scope", "basic admin"),
            ])
        ),
        &fr,
        "",
    )
    .await;
    let description = refused.answer()["error_description"].clone();
    assert_eq!(
        description,
        "La portee admin n'existe pas ; les portees sont basic, activity, trade et withdraw."
    );
    assert!(legal_description(&description));
    let denied = call(
        &app,
        Method::POST,
        "/api/oauth/authorize",
        &[fr[0], ("content-type", "application/x-www-form-urlencoded")],
        &query(&[
            ("client_id", DEMO),
            ("redirect_uri", REDIRECT),
            ("response_type", "token"),
            ("decision", "deny"),
        ]),
    )
    .await;
    assert_eq!(
        denied.answer()["error_description"],
        "Le titulaire du compte ou le serveur d'autorisation a refuse la demande."
    );
    // The refused-request page: its reason too.
    let page = call(
        &app,
        Method::GET,
        &format!(
            "/api/oauth/authorize?{}",
            query(&[("client_id", "nobody"), ("response_type", "token")])
        ),
        &fr,
        "",
    )
    .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(page.text.contains("lang=\"fr\""));
    assert!(
        page.text
            .contains("Aucune application n&#39;est enregistrée sous le nom « nobody ».")
    );
    let english = authorize(&app, &[("client_id", "nobody"), ("response_type", "token")]).await;
    assert!(
        english
            .text
            .contains("No application is registered as &quot;nobody&quot;.")
    );
    // The consent page, badge included.
    let consent = call(
        &app,
        Method::GET,
        &format!(
            "/api/oauth/authorize?{}",
            query(&[
                ("client_id", DEMO),
                ("redirect_uri", REDIRECT),
                ("response_type", "token")
            ])
        ),
        &fr,
        "",
    )
    .await;
    assert!(
        consent.text.contains("bac à sable") && consent.text.contains("Autoriser l'application")
    );
    assert!(!consent.text.contains(">sandbox<"));
    // The token endpoint's descriptions.
    let missing = call(
        &app,
        Method::POST,
        "/api/oauth/token",
        &[fr[0], ("content-type", "application/x-www-form-urlencoded")],
        &query(&[("client_id", DEMO)]),
    )
    .await;
    assert_eq!(
        missing.json()["error_description"],
        "Le grant_type est absent."
    );
    let unknown = call(
        &app,
        Method::POST,
        "/api/oauth/token",
        &[fr[0], ("content-type", "application/json")],
        r#"{"grant_type": "refresh_token", "client_id": "nobody"}"#,
    )
    .await;
    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.json()["error_description"], "Client inconnu.");
}

#[tokio::test]
async fn the_demo_client_takes_loopback_redirects_on_any_port() {
    let (app, _) = sandbox();
    let c = challenge();
    let ask = |client: &'static str, redirect: &'static str| {
        let c = c.clone();
        let app = app.clone();
        async move {
            authorize(
                &app,
                &[
                    ("client_id", client),
                    ("redirect_uri", redirect),
                    ("response_type", "code"),
                    ("code_challenge", &c),
                    ("code_challenge_method", "S256"),
                ],
            )
            .await
        }
    };
    for (redirect, origin) in [
        ("http://127.0.0.1:5173/", "http://127.0.0.1:5173"),
        (
            "http://localhost:5173/callback?from=vite",
            "http://localhost:5173",
        ),
        ("http://[::1]:3000/auth", "http://[::1]:3000"),
    ] {
        let page = ask(DEMO, redirect).await;
        assert_eq!(page.status, StatusCode::OK, "{redirect}: {}", page.text);
        assert!(
            page.header("content-security-policy")
                .unwrap()
                .contains(&format!("form-action 'self' {origin};")),
            "{redirect}"
        );
    }
    // Approved, the code goes to that port, and is exchanged with that URI only.
    let vite = "http://127.0.0.1:5173/";
    let approved = decide(
        &app,
        &[
            ("client_id", DEMO),
            ("redirect_uri", vite),
            ("response_type", "code"),
            ("code_challenge", &c),
            ("code_challenge_method", "S256"),
            ("decision", "approve"),
        ],
    )
    .await;
    assert!(
        approved
            .header("location")
            .unwrap()
            .starts_with("http://127.0.0.1:5173/?code=")
    );
    let code = approved.answer()["code"].clone();
    let exchange_at = |redirect: &'static str| {
        let (app, code) = (app.clone(), code.clone());
        async move {
            token(
                &app,
                &[
                    ("grant_type", "authorization_code"),
                    ("client_id", DEMO),
                    ("code", &code),
                    ("redirect_uri", redirect),
                    ("code_verifier", VERIFIER),
                ],
            )
            .await
        }
    };
    assert_eq!(
        exchange_at("http://127.0.0.1:5174/").await.json()["error"],
        "invalid_grant"
    );
    assert_eq!(exchange_at(vite).await.status, StatusCode::OK);

    // Nothing else that merely looks local, and no other client.
    for redirect in [
        "https://127.0.0.1:5173/",
        "http://127.0.0.1:5173",
        "http://127.0.0.1.evil.example:5173/",
        "http://localhost.evil.example/",
        "http://evil.example@127.0.0.1:5173/",
        "http://127.0.0.1:5173@evil.example/",
        "http://127.0.0.1:5173/#fragment",
        "http://192.168.1.2:5173/",
    ] {
        let page = ask(DEMO, redirect).await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{redirect}");
        assert!(page.header("location").is_none());
    }
    let unregistered = ask(DEMO, "https://evil.example/").await;
    assert!(
        unregistered
            .text
            .contains("or be a loopback URI on any port"),
        "{}",
        unregistered.text
    );
    for client in [BACKEND, "bot"] {
        let page = ask(client, vite).await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{client}");
        assert!(
            page.text
                .contains("it must match a registered one exactly.")
        );
        assert!(!page.text.contains("loopback"), "{client}");
    }
}

/// A code-flow decision for the demo client, with this token, cookie and headers.
async fn decide_with(app: &Router, token: &str, cookie: &str, headers: &[(&str, &str)]) -> Answer {
    let c = challenge();
    let mut all = vec![
        ("content-type", "application/x-www-form-urlencoded"),
        ("cookie", cookie),
    ];
    all.extend_from_slice(headers);
    let body = query(&[
        ("client_id", DEMO),
        ("redirect_uri", REDIRECT),
        ("response_type", "code"),
        ("code_challenge", &c),
        ("code_challenge_method", "S256"),
        ("csrf_token", token),
        ("decision", "approve"),
    ]);
    call(app, Method::POST, "/api/oauth/authorize", &all, &body).await
}

fn refused_without_redirect(answer: &Answer, why: &str) {
    assert_eq!(answer.status, StatusCode::FORBIDDEN, "{why}");
    assert_eq!(answer.header("location"), None, "{why}");
    assert!(
        answer
            .header("content-type")
            .unwrap()
            .starts_with("text/html")
    );
    assert!(!answer.text.contains("code="), "{why}");
}

#[tokio::test]
async fn the_consent_form_carries_a_one_time_token_bound_to_a_strict_cookie() {
    let (app, _) = sandbox();
    let page = authorize(
        &app,
        &[
            ("client_id", DEMO),
            ("redirect_uri", REDIRECT),
            ("response_type", "token"),
        ],
    )
    .await;
    let cookie = page.header("set-cookie").unwrap();
    for attribute in ["Path=/api/oauth", "HttpOnly", "SameSite=Strict"] {
        assert!(cookie.contains(attribute), "{cookie}");
    }
    let (token, cookie) = form_token(&page);
    assert_eq!(token.len(), 43);
    // The same browser keeps its session: a second page's token goes with it too.
    let again = call(
        &app,
        Method::GET,
        &format!(
            "/api/oauth/authorize?{}",
            query(&[
                ("client_id", DEMO),
                ("redirect_uri", REDIRECT),
                ("response_type", "token")
            ])
        ),
        &[("cookie", &cookie)],
        "",
    )
    .await;
    let (second, same) = form_token(&again);
    assert_eq!(same, cookie);
    assert_ne!(second, token);

    let approved = decide_with(&app, &token, &cookie, &[]).await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER);
    assert!(approved.answer().contains_key("code"));
    let replayed = decide_with(&app, &token, &cookie, &[]).await;
    refused_without_redirect(&replayed, "a token used twice");
    let other_browser = decide_with(&app, &second, "bc_consent=someone-else", &[]).await;
    refused_without_redirect(&other_browser, "another browser's cookie");
    let (token, cookie) = consent_token(&app).await;
    let no_cookie = decide_with(&app, &token, "", &[]).await;
    refused_without_redirect(&no_cookie, "no cookie");
    let none = decide_with(&app, "", &cookie, &[]).await;
    refused_without_redirect(&none, "no token");
    assert!(none.text.contains("authorization page"), "{}", none.text);
}

#[tokio::test]
async fn a_decision_posted_from_another_origin_is_refused_even_with_a_token() {
    const TRUSTED: &str = "http://127.0.0.1:9999";
    let config = Config {
        origins: vec![ORIGIN.into()],
        trusted_origins: vec![TRUSTED.into()],
        ..Config::default()
    };
    let app = app(config);
    for (headers, why) in [
        (
            vec![("origin", "http://evil.example")],
            "another origin, no fetch metadata",
        ),
        (vec![("sec-fetch-site", "cross-site")], "cross-site"),
        (
            vec![("origin", "null"), ("sec-fetch-site", "cross-site")],
            "an opaque origin",
        ),
        (
            vec![
                ("origin", "http://127.0.0.1:7777"),
                ("sec-fetch-site", "same-site"),
            ],
            "same site, untrusted origin",
        ),
        (
            vec![("origin", ORIGIN), ("sec-fetch-site", "cross-site")],
            "an own origin said to be cross-site",
        ),
    ] {
        let (token, cookie) = consent_token(&app).await;
        let answer = decide_with(&app, &token, &cookie, &headers).await;
        refused_without_redirect(&answer, why);
        assert!(answer.text.contains("another site"), "{why}");
    }
    for (headers, why) in [
        (
            vec![("origin", ORIGIN), ("sec-fetch-site", "same-origin")],
            "the sandbox's own page",
        ),
        (
            vec![
                ("origin", "http://localhost:8080"),
                ("host", "localhost:8080"),
            ],
            "the sandbox asked for by another name",
        ),
        (
            vec![("origin", TRUSTED), ("sec-fetch-site", "same-site")],
            "a trusted origin",
        ),
        (
            vec![("origin", "null"), ("sec-fetch-site", "same-origin")],
            "the consent page's own form, its origin hidden by no-referrer",
        ),
        (
            vec![
                ("origin", "http://127.0.0.1:5173"),
                ("sec-fetch-site", "same-origin"),
            ],
            "the sandbox reached through a proxy (a dev server's)",
        ),
        (
            vec![("origin", "null")],
            "the consent page's own form through a proxy that drops fetch metadata",
        ),
        (vec![], "no browser (curl, Node)"),
    ] {
        let (token, cookie) = consent_token(&app).await;
        let answer = decide_with(&app, &token, &cookie, &headers).await;
        assert_eq!(
            answer.status,
            StatusCode::SEE_OTHER,
            "{why}: {}",
            answer.text
        );
    }
    // The trusted origin reads the page with credentials (CORS); another cannot.
    let page = |origin: &'static str| {
        let app = app.clone();
        async move {
            call(
                &app,
                Method::GET,
                &format!(
                    "/api/oauth/authorize?{}",
                    query(&[
                        ("client_id", DEMO),
                        ("redirect_uri", REDIRECT),
                        ("response_type", "token")
                    ])
                ),
                &[("origin", origin)],
                "",
            )
            .await
        }
    };
    let trusted = page(TRUSTED).await;
    assert_eq!(trusted.header("access-control-allow-origin"), Some(TRUSTED));
    assert_eq!(
        trusted.header("access-control-allow-credentials"),
        Some("true")
    );
    let other = page("http://evil.example").await;
    assert_eq!(other.header("access-control-allow-origin"), None);
}

#[tokio::test]
async fn a_rotated_refresh_token_used_again_revokes_its_whole_chain() {
    let (app, _) = sandbox();
    let refresh = async |app: &Router, refresh_token: &str| {
        token(
            app,
            &[
                ("grant_type", "refresh_token"),
                ("client_id", DEMO),
                ("refresh_token", refresh_token),
            ],
        )
        .await
    };
    let first = exchange(&app, &code(&app, "basic").await).await.json();
    let refresh1 = first["refresh_token"].as_str().unwrap().to_owned();
    let second = refresh(&app, &refresh1).await.json();
    let refresh2 = second["refresh_token"].as_str().unwrap().to_owned();
    let third = refresh(&app, &refresh2).await.json();
    let (access3, refresh3) = (
        third["access_token"].as_str().unwrap().to_owned(),
        third["refresh_token"].as_str().unwrap().to_owned(),
    );
    // Another login's chain, untouched by what follows.
    let other = exchange(&app, &code(&app, "basic").await).await.json();
    let other_access = other["access_token"].as_str().unwrap().to_owned();
    assert_eq!(user(&app, &access3).await.status, StatusCode::OK);

    // refresh1 was rotated two generations ago: an attacker's copy, or the client's.
    let reused = refresh(&app, &refresh1).await;
    assert_eq!(reused.status, StatusCode::BAD_REQUEST);
    assert_eq!(reused.json()["error"], "invalid_grant");
    assert!(
        reused.json()["error_description"]
            .as_str()
            .unwrap()
            .contains("revoked"),
        "{}",
        reused.text
    );
    // Every token descended from that grant is dead: the latest access token...
    let dead = user(&app, &access3).await;
    assert_eq!(dead.status, StatusCode::UNAUTHORIZED);
    assert!(dead.header("www-authenticate").is_some());
    // ...and the latest refresh token, which had never been used.
    let latest = refresh(&app, &refresh3).await;
    assert_eq!(latest.status, StatusCode::BAD_REQUEST);
    assert_eq!(latest.json()["error"], "invalid_grant");
    // The other login still works.
    assert_eq!(user(&app, &other_access).await.status, StatusCode::OK);
}
