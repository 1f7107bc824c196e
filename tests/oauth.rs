//! OAuth on the host: callback parsing (every case the issue names, and hostile ones),
//! provider token shapes and errors, options, and whole flows over a scripted
//! transport with a fake platform.

mod support;

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use bitcoin_central::http::{HttpRequest, HttpResponse, Transport, TransportError};
use bitcoin_central::oauth::provider::CUSTOM;
use bitcoin_central::oauth::token::{read_error, read_grant};
use bitcoin_central::oauth::{
    Authenticator, Callback, MemoryStore, OAuth, OAuthConfig, OAuthOptions, Platform, Quirks,
    ResponseType, has_response, parse_callback,
};
use bitcoin_central::{Config, Error};
use sha2::{Digest, Sha256};
use support::{Scripted, block_on, json};

fn preset(id: &str) -> &'static Quirks {
    Quirks::preset(id).unwrap()
}

fn kind_and_code(error: &Error) -> (&'static str, Option<String>) {
    (error.kind().as_str(), error.code().map(str::to_owned))
}

// --- callback parsing -----------------------------------------------------------

const STATE: &str = "s7Yq0_x-Ab";

/// (case, provider, flow, url, expected: Ok(access token or code) | Err((kind, code)))
type Case = (
    &'static str,
    &'static str,
    ResponseType,
    String,
    Result<&'static str, (&'static str, &'static str)>,
);

fn cases() -> Vec<Case> {
    use ResponseType::{Code, Token};
    let cb = "https://app.example/callback";
    vec![
        (
            "implicit, bearer",
            "bitcoin-central",
            Token,
            format!(
                "{cb}#access_token=AT1&token_type=bearer&expires_in=1800&scope=basic+trade&state={STATE}"
            ),
            Ok("AT1"),
        ),
        (
            "token_type in any case",
            "bitcoin-central",
            Token,
            format!("{cb}#access_token=AT2&token_type=BeArEr&state={STATE}"),
            Ok("AT2"),
        ),
        (
            "Coins.ph example: state= empty, + between scopes",
            "coins-ph",
            Token,
            format!(
                "{cb}#access_token=someaccesstoken&token_type=Bearer&state=&scope=buyorder+sellorder+history"
            ),
            Ok("someaccesstoken"),
        ),
        (
            "Coins.ph: state absent",
            "coins-ph",
            Token,
            format!("{cb}#access_token=AT3&token_type=Bearer"),
            Ok("AT3"),
        ),
        (
            "Coins.ph: state holding the scopes, as its docs describe",
            "coins-ph",
            Token,
            format!("{cb}#access_token=AT4&token_type=Bearer&state=buyorder+history"),
            Ok("AT4"),
        ),
        (
            "Coins.ph: a foreign non-empty state is still refused",
            "coins-ph",
            Token,
            format!("{cb}#access_token=AT5&token_type=Bearer&state=forged"),
            Err(("csrf", "state-mismatch")),
        ),
        (
            "empty state where the provider echoes it",
            "bitcoin-central",
            Token,
            format!("{cb}#access_token=AT&token_type=bearer&state="),
            Err(("csrf", "state-missing")),
        ),
        (
            "missing state",
            "bitcoin-central",
            Token,
            format!("{cb}#access_token=AT&token_type=bearer"),
            Err(("csrf", "state-missing")),
        ),
        (
            "mismatched state",
            "bitcoin-central",
            Token,
            format!("{cb}#access_token=AT&token_type=bearer&state=other"),
            Err(("csrf", "state-mismatch")),
        ),
        (
            "state differing in case",
            "bitcoin-central",
            Token,
            format!(
                "{cb}#access_token=AT&token_type=bearer&state={}",
                STATE.to_uppercase()
            ),
            Err(("csrf", "state-mismatch")),
        ),
        (
            "error without state",
            "bitcoin-central",
            Token,
            format!("{cb}#error=access_denied"),
            Err(("csrf", "state-missing")),
        ),
        (
            "no access token",
            "bitcoin-central",
            Token,
            format!(
                "{cb}#token_type=bearer&state={STATE}&expires_in=10&error_uri=x&scope=basic&refresh_token=r"
            ),
            Err(("callback", "no-answer")),
        ),
        (
            "empty access token",
            "bitcoin-central",
            Token,
            format!("{cb}#access_token=&token_type=bearer&state={STATE}"),
            Err(("callback", "missing-access-token")),
        ),
        (
            "mac token",
            "bitcoin-central",
            Token,
            format!("{cb}#access_token=AT&token_type=mac&state={STATE}"),
            Err(("callback", "not-bearer")),
        ),
        (
            "no token_type",
            "bitcoin-central",
            Token,
            format!("{cb}#access_token=AT&state={STATE}"),
            Err(("callback", "not-bearer")),
        ),
        (
            "duplicate access_token",
            "bitcoin-central",
            Token,
            format!("{cb}#access_token=AT&access_token=EVIL&token_type=bearer&state={STATE}"),
            Err(("callback", "duplicate-parameter")),
        ),
        (
            "duplicate state",
            "bitcoin-central",
            Token,
            format!("{cb}#access_token=AT&token_type=bearer&state={STATE}&state={STATE}"),
            Err(("callback", "duplicate-parameter")),
        ),
        (
            "percent-encoded value with &, = and #",
            "bitcoin-central",
            Token,
            format!("{cb}#access_token=a%26b%3Dc%23d&token_type=bearer&state={STATE}"),
            Ok("a&b=c#d"),
        ),
        (
            "a second # inside the fragment belongs to the value",
            "bitcoin-central",
            Token,
            format!("{cb}#access_token=ab#cd&token_type=bearer&state={STATE}"),
            Ok("ab#cd"),
        ),
        (
            "percent-encoded state",
            "bitcoin-central",
            Token,
            format!("{cb}#access_token=AT&token_type=bearer&state=s7Yq0%5Fx%2DAb"),
            Ok("AT"),
        ),
        (
            "the app's own query is left alone",
            "bitcoin-central",
            Token,
            format!("{cb}?tab=orders&lang=fr#access_token=AT6&token_type=bearer&state={STATE}"),
            Ok("AT6"),
        ),
        (
            "huge value",
            "bitcoin-central",
            Token,
            format!(
                "{cb}#access_token={}&token_type=bearer&state={STATE}",
                "A".repeat(20_000)
            ),
            Err(("callback", "too-large")),
        ),
        (
            "no answer at all",
            "bitcoin-central",
            Token,
            format!("{cb}?x=1"),
            Err(("callback", "no-answer")),
        ),
        (
            "answers in both query and fragment",
            "bitcoin-central",
            Code,
            format!("{cb}?code=C1&state={STATE}#access_token=AT&state={STATE}"),
            Err(("callback", "ambiguous")),
        ),
        (
            "code in the query",
            "bitcoin-central",
            Code,
            format!("{cb}?code=C2&state={STATE}"),
            Ok("C2"),
        ),
        (
            "Coins.ph server-side flow: #code=",
            "coins-ph",
            Code,
            format!("{cb}#code=somecode&state={STATE}"),
            Ok("somecode"),
        ),
        (
            "a token where a code was asked for",
            "bitcoin-central",
            Code,
            format!("{cb}#access_token=AT&token_type=bearer&state={STATE}"),
            Err(("callback", "unexpected-token")),
        ),
        (
            "a code where a token was asked for",
            "bitcoin-central",
            Token,
            format!("{cb}?code=C&state={STATE}"),
            Err(("callback", "unexpected-code")),
        ),
        (
            "empty code",
            "bitcoin-central",
            Code,
            format!("{cb}?code=&state={STATE}"),
            Err(("callback", "missing-code")),
        ),
        (
            "expires_in not a number",
            "bitcoin-central",
            Token,
            format!("{cb}#access_token=AT&token_type=bearer&expires_in=soon&state={STATE}"),
            Err(("callback", "invalid-expires-in")),
        ),
        (
            "expires_in negative",
            "bitcoin-central",
            Token,
            format!("{cb}#access_token=AT&token_type=bearer&expires_in=-5&state={STATE}"),
            Err(("callback", "invalid-expires-in")),
        ),
    ]
}

#[test]
fn callbacks_parse_or_fail_with_the_right_error() {
    for (case, provider, flow, url, expected) in cases() {
        let got = parse_callback(&url, STATE, flow, preset(provider));
        match (got, expected) {
            (Ok(Callback::Token { access_token, .. }), Ok(want)) => {
                assert_eq!(access_token, want, "{case}")
            }
            (Ok(Callback::Code { code }), Ok(want)) => assert_eq!(code, want, "{case}"),
            (Err(error), Err((kind, code))) => {
                assert_eq!(
                    kind_and_code(&error),
                    (kind, Some(code.to_owned())),
                    "{case}: {error}"
                );
                assert!(
                    !error.to_string().contains("AT"),
                    "{case}: a token in a message: {error}"
                );
            }
            (got, want) => panic!("{case}: got {got:?}, want {want:?}"),
        }
    }
}

#[test]
fn all_rfc_6749_error_codes_and_unknown_ones_are_typed() {
    for code in [
        "invalid_request",
        "unauthorized_client",
        "access_denied",
        "unsupported_response_type",
        "invalid_scope",
        "server_error",
        "temporarily_unavailable",
        "something_new",
    ] {
        for (flow, url) in [
            (
                ResponseType::Token,
                format!(
                    "https://app/#error={code}&error_description=The+user+said+no%21&state={STATE}"
                ),
            ),
            (
                ResponseType::Code,
                format!(
                    "https://app/?error={code}&error_description=The+user+said+no%21&state={STATE}"
                ),
            ),
        ] {
            let error = parse_callback(&url, STATE, flow, preset("bitcoin-central")).unwrap_err();
            assert_eq!(
                error,
                Error::OAuth {
                    code: code.into(),
                    description: Some("The user said no!".into()),
                    status: None
                }
            );
            assert_eq!(error.kind().as_str(), "oauth");
            assert!(error.to_string().contains(code));
        }
    }
    // An error with a forged state is not believed.
    let forged = parse_callback(
        "https://app/#error=access_denied&state=x",
        STATE,
        ResponseType::Token,
        preset("bitcoin-central"),
    );
    assert_eq!(forged.unwrap_err().kind().as_str(), "csrf");
}

#[test]
fn what_a_token_callback_says() {
    let parsed = |provider, url: &str| {
        parse_callback(url, STATE, ResponseType::Token, preset(provider)).unwrap()
    };
    let with = |expires: &str| {
        format!("https://app/#access_token=T&token_type=Bearer&state={STATE}{expires}")
    };
    for (suffix, want) in [
        ("&expires_in=3600", Some(3600)),
        ("&expires_in=%223600%22", Some(3600)),
        ("", None),
        ("&expires_in=", None),
    ] {
        let Callback::Token { expires_in, .. } = parsed("bitcoin-central", &with(suffix)) else {
            panic!()
        };
        assert_eq!(
            expires_in, want,
            "{suffix}: absent means unknown, never invented"
        );
    }
    let Callback::Token {
        scopes, token_type, ..
    } = parsed(
        "coins-ph",
        "https://app/#access_token=T&token_type=Bearer&state=&scope=buyorder+sellorder+history",
    )
    else {
        panic!()
    };
    assert_eq!(scopes.unwrap(), ["buyorder", "sellorder", "history"]);
    assert_eq!(token_type, "Bearer");
    let Callback::Token { scopes, .. } = parsed(
        "bitcoin-central",
        &format!("https://app/#access_token=T&token_type=bearer&state={STATE}&scope=basic%2Btrade"),
    ) else {
        panic!()
    };
    assert_eq!(
        scopes.unwrap(),
        ["basic", "trade"],
        "a literal + separates too"
    );
    let Callback::Token { scopes, .. } = parsed(
        "bitcoin-central",
        &format!("https://app/#access_token=T&token_type=bearer&state={STATE}"),
    ) else {
        panic!()
    };
    assert_eq!(scopes, None);
}

#[test]
fn debug_output_never_shows_a_token() {
    let callback = parse_callback(
        &format!("https://app/#access_token=SECRET1&token_type=bearer&state={STATE}"),
        STATE,
        ResponseType::Token,
        preset("bitcoin-central"),
    )
    .unwrap();
    assert!(!format!("{callback:?}").contains("SECRET1"));
}

#[test]
fn detects_a_url_that_carries_an_answer() {
    assert!(has_response("https://app/#access_token=x"));
    assert!(has_response("https://app/?code=x&state=y"));
    assert!(has_response("https://app/?error=access_denied"));
    assert!(!has_response("https://app/?page=2#section"));
    assert!(!has_response("https://app/"));
}

// --- options --------------------------------------------------------------------

fn options(json: &str) -> Result<OAuthConfig, Error> {
    OAuthConfig::from_options(OAuthOptions::from_json(json.as_bytes())?)
}

#[test]
fn presets_build_each_providers_authorize_url() {
    let cases = [
        (
            r#"{"provider":"bitcoin-central","clientId":"app","redirectUri":"https://app.example/cb","scopes":["basic","activity","trade"]}"#,
            "https://bitcoin-central.net/api/oauth/authorize?response_type=code&client_id=app&redirect_uri=https%3A%2F%2Fapp.example%2Fcb&scope=basic+activity+trade&state=ST&code_challenge=CH&code_challenge_method=S256",
        ),
        (
            r#"{"provider":"coins-ph","clientId":"yourclientid","redirectUri":"https://app.example/cb","scopes":["buyorder","sellorder","history"]}"#,
            "https://coins.ph/user/api/authorize?response_type=token&client_id=yourclientid&redirect_uri=https%3A%2F%2Fapp.example%2Fcb&scope=buyorder+sellorder+history&state=ST",
        ),
        (
            r#"{"provider":"f1cx","clientId":"c","redirectUri":"https://app.example/cb","scopes":["profile","history","trade"]}"#,
            "https://f1cx.com/oauth/authorize?response_type=code&client_id=c&redirect_uri=https%3A%2F%2Fapp.example%2Fcb&scope=profile+history+trade&state=ST&code_challenge=CH&code_challenge_method=S256",
        ),
        (
            r#"{"provider":"bitport","clientId":"YOUR_APPLICATION_ID","redirectUri":"https://app.example/cb"}"#,
            "https://api.bitport.io/v2/oauth2/authorize?response_type=code&client_id=YOUR_APPLICATION_ID&redirect_uri=https%3A%2F%2Fapp.example%2Fcb&state=ST&code_challenge=CH&code_challenge_method=S256",
        ),
        (
            r#"{"provider":"bitcoin-central","baseUrl":"http://127.0.0.1:8080/","clientId":"demo","redirectUri":"http://127.0.0.1:8080/","flow":"token"}"#,
            "http://127.0.0.1:8080/api/oauth/authorize?response_type=token&client_id=demo&redirect_uri=http%3A%2F%2F127.0.0.1%3A8080%2F&state=ST",
        ),
        (
            r#"{"authorizeUrl":"https://id.example/authorize?tenant=7","tokenUrl":"https://id.example/token","clientId":"c","redirectUri":"https://app/","scopes":["anything"]}"#,
            "https://id.example/authorize?tenant=7&response_type=code&client_id=c&redirect_uri=https%3A%2F%2Fapp%2F&scope=anything&state=ST&code_challenge=CH&code_challenge_method=S256",
        ),
    ];
    for (json, url) in cases {
        let config = options(json).unwrap();
        let challenge = (config.flow == ResponseType::Code).then_some("CH");
        assert_eq!(config.authorize_url("ST", challenge), url, "{json}");
    }
    let custom = options(cases[5].0).unwrap();
    assert_eq!(custom.quirks, CUSTOM);
    assert_eq!(
        custom.token_url.as_deref(),
        Some("https://id.example/token")
    );
}

#[test]
fn bad_options_are_refused_before_any_redirect() {
    for (json, argument, says) in [
        (
            r#"{"provider":"coins-ph","clientId":"c","redirectUri":"https://a/","scopes":["trade"]}"#,
            "scopes",
            "Coins.ph has no scope \"trade\"",
        ),
        (
            r#"{"provider":"bitport","clientId":"c","redirectUri":"https://a/","scopes":["basic"]}"#,
            "scopes",
            "it has no scopes",
        ),
        (
            r#"{"provider":"bitcoin-central","clientId":"c","redirectUri":"https://a/","clientSecret":"s3cr3t"}"#,
            "clientSecret",
            "cannot keep a client secret",
        ),
        (
            r#"{"provider":"kraken","clientId":"c","redirectUri":"https://a/"}"#,
            "provider",
            "\"bitcoin-central\"",
        ),
        (
            r#"{"clientId":"c","redirectUri":"https://a/"}"#,
            "provider",
            "explicit endpoints",
        ),
        (
            r#"{"provider":"bitcoin-central","redirectUri":"https://a/"}"#,
            "clientId",
            "required",
        ),
        (
            r#"{"provider":"bitcoin-central","clientId":"c","redirectUri":"javascript:alert(1)"}"#,
            "redirectUri",
            "not an http(s) URL",
        ),
        (
            r#"{"provider":"f1cx","clientId":"c","redirectUri":"https://a/","flow":"token"}"#,
            "flow",
            "no implicit",
        ),
        (
            r#"{"provider":"bitcoin-central","clientId":"c","redirectUri":"https://a/","storage":"cookie"}"#,
            "storage",
            "cookie",
        ),
    ] {
        let error = options(json).unwrap_err();
        let Error::InvalidArgument { name, reason } = &error else {
            panic!("{json}: {error:?}")
        };
        assert_eq!(*name, argument, "{json}");
        assert!(reason.to_string().contains(says), "{json}: {reason}");
        assert!(
            !reason.to_string().contains("s3cr3t"),
            "the secret is not repeated"
        );
    }
    for (json, says) in [
        (
            r#"{"clientID":"c"}"#,
            "unknown option `clientID`; did you mean `clientId`?",
        ),
        (
            r#"{"scopes":"basic"}"#,
            "scopes: expected a list, got a string",
        ),
        (
            r#"{"scopes":["basic",1]}"#,
            "scopes[1]: expected a string, got a number",
        ),
        ("null", "expected an object, got null"),
    ] {
        let Err(Error::InvalidArgument { name, reason }) = OAuthOptions::from_json(json.as_bytes())
        else {
            panic!("{json} is refused")
        };
        // A field's problem is on the field (`scopes`), the bag's own on `options`.
        let argument = match says.split_once(": ") {
            Some((path, _)) => path.split('[').next().unwrap_or(path),
            None => "options",
        };
        assert_eq!(name, argument, "{json}");
        assert!(
            reason
                .to_string()
                .contains(says.trim_start_matches("scopes: ")),
            "{json}: {reason}"
        );
    }
    // `null` is absent: no secret given.
    let config = options(
        r#"{"provider":"bitcoin-central","clientId":"c","redirectUri":"https://a/","clientSecret":null,"scopes":null}"#,
    )
    .unwrap();
    assert!(config.scopes.is_empty());
    // Any value of `clientSecret` is refused, whatever its type.
    let error = options(
        r#"{"provider":"bitcoin-central","clientId":"c","redirectUri":"https://a/","clientSecret":{"k":1}}"#,
    )
    .unwrap_err();
    assert!(
        error.to_string().starts_with("invalid clientSecret"),
        "{error}"
    );
}

// --- token endpoint answers -----------------------------------------------------

#[test]
fn provider_token_shapes() {
    let bc = read_grant(preset("bitcoin-central"), &json(200, r#"{"access_token":"ACCESS_TOKEN","token_type":"bearer","expires_in":1800,"refresh_token":"REFRESH_TOKEN","scope":"basic"}"#)).unwrap();
    assert_eq!(
        (
            bc.access_token.as_str(),
            bc.expires_in,
            bc.refresh_token.as_deref()
        ),
        ("ACCESS_TOKEN", Some(1800), Some("REFRESH_TOKEN"))
    );
    assert_eq!(bc.scopes.unwrap(), ["basic"]);
    assert!(
        !format!(
            "{:?}",
            read_grant(
                preset("bitcoin-central"),
                &json(
                    200,
                    r#"{"access_token":"ACCESS_TOKEN","token_type":"bearer"}"#
                )
            )
            .unwrap()
        )
        .contains("ACCESS_TOKEN")
    );

    let as_string = read_grant(
        preset("coins-ph"),
        &json(
            200,
            r#"{"access_token":"t","token_type":"Bearer","expires_in":"3600"}"#,
        ),
    )
    .unwrap();
    assert_eq!(as_string.expires_in, Some(3600));
    let absent = read_grant(
        preset("coins-ph"),
        &json(
            200,
            r#"{"access_token":"t","token_type":"Bearer","refresh_token":"r"}"#,
        ),
    )
    .unwrap();
    assert_eq!(absent.expires_in, None);

    let f1cx = read_grant(
        preset("f1cx"),
        &json(
            200,
            r#"{"access_token":"AK123:SK456","refresh_token":"R","expires_in":14400}"#,
        ),
    )
    .unwrap();
    assert_eq!(
        (f1cx.access_token.as_str(), f1cx.secret_key.as_deref()),
        ("AK123", Some("SK456"))
    );
    let broken =
        read_grant(preset("f1cx"), &json(200, r#"{"access_token":"no-colon"}"#)).unwrap_err();
    assert_eq!(broken.kind().as_str(), "decode");

    let bitport = read_grant(preset("bitport"), &json(200, r#"{"access_token":"BP"}"#)).unwrap();
    assert_eq!(
        (
            bitport.access_token.as_str(),
            bitport.token_type.as_str(),
            bitport.expires_in
        ),
        ("BP", "bearer", None)
    );
    let enveloped = read_grant(
        preset("bitport"),
        &json(
            200,
            r#"{"status":"success","data":[{"access_token":"BP2"}],"errors":null}"#,
        ),
    )
    .unwrap();
    assert_eq!(enveloped.access_token, "BP2");

    let mac = read_grant(
        preset("bitcoin-central"),
        &json(200, r#"{"access_token":"t","token_type":"mac"}"#),
    )
    .unwrap_err();
    assert_eq!(kind_and_code(&mac), ("callback", Some("not-bearer".into())));
    let html = read_grant(
        preset("bitcoin-central"),
        &support::response(200, "text/html", "<html>"),
    )
    .unwrap_err();
    assert_eq!(html.kind().as_str(), "decode");
}

#[test]
fn provider_errors_become_one_error_type() {
    let rfc = read_grant(
        preset("bitcoin-central"),
        &json(
            400,
            r#"{"error":"invalid_grant","error_description":"The code has expired"}"#,
        ),
    )
    .unwrap_err();
    assert_eq!(
        rfc,
        Error::OAuth {
            code: "invalid_grant".into(),
            description: Some("The code has expired".into()),
            status: Some(400)
        }
    );

    let expired = read_error(
        preset("f1cx"),
        &json(
            401,
            r#"{"error":{"code":2010,"message":"The access key xxxxx has expired."}}"#,
        ),
    );
    assert_eq!(kind_and_code(&expired), ("session", Some("expired".into())));
    let other = read_error(
        preset("f1cx"),
        &json(
            400,
            r#"{"error":{"code":2002,"message":"Failed to create order."}}"#,
        ),
    );
    assert_eq!(
        other,
        Error::OAuth {
            code: "2002".into(),
            description: Some("Failed to create order.".into()),
            status: Some(400)
        }
    );

    let envelope = read_grant(
        preset("bitport"),
        &json(
            200,
            r#"{"status":"error","data":null,"errors":[{"message":"Invalid code","code":101}]}"#,
        ),
    )
    .unwrap_err();
    assert_eq!(
        envelope,
        Error::OAuth {
            code: "101".into(),
            description: Some("Invalid code".into()),
            status: Some(200)
        }
    );

    let unauthorized = read_error(
        preset("bitcoin-central"),
        &json(401, r#"{"errors":["Invalid token"]}"#),
    );
    assert_eq!(
        kind_and_code(&unauthorized),
        ("session", Some("invalid".into()))
    );
    let gateway = read_error(
        preset("bitcoin-central"),
        &support::response(502, "text/html", "<html>"),
    );
    assert_eq!(
        gateway,
        Error::Http {
            status: 502,
            messages: vec![]
        }
    );
}

// --- flows ----------------------------------------------------------------------

/// The browser's clock, randomness and Web Crypto, played on the host.
#[derive(Clone)]
struct FakePlatform {
    now: Rc<Cell<f64>>,
    counter: Rc<Cell<u8>>,
}

impl FakePlatform {
    fn new() -> Self {
        FakePlatform {
            now: Rc::new(Cell::new(1_700_000_000_000.0)),
            counter: Rc::default(),
        }
    }
}

impl Platform for FakePlatform {
    fn now_ms(&self) -> f64 {
        self.now.get()
    }
    fn random_bytes(&self, buffer: &mut [u8]) -> Result<(), Error> {
        self.counter.set(self.counter.get() + 1);
        buffer.fill(self.counter.get());
        Ok(())
    }
    async fn sha256(&self, data: &[u8]) -> Result<Vec<u8>, Error> {
        Ok(Sha256::digest(data).to_vec())
    }
}

/// A scripted transport shared with the test (it keeps the request log).
#[derive(Clone)]
struct Shared(Rc<Scripted>);

impl Transport for Shared {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        self.0.send(request).await
    }
    async fn sleep(&self, ms: u32) {
        self.0.sleep(ms).await
    }
    fn now_ms(&self) -> f64 {
        self.0.now_ms()
    }
    fn jitter(&self) -> f64 {
        self.0.jitter()
    }
}

fn oauth(
    json_options: &str,
    answers: Vec<Result<HttpResponse, TransportError>>,
) -> (
    OAuth<Shared, FakePlatform>,
    Rc<RefCell<Vec<HttpRequest>>>,
    FakePlatform,
) {
    let (transport, sent) = Scripted::new(answers);
    let platform = FakePlatform::new();
    let flow = OAuth::new(
        options(json_options).unwrap(),
        Shared(Rc::new(transport)),
        platform.clone(),
        Box::new(MemoryStore::default()),
        Box::new(MemoryStore::default()),
    );
    (flow, sent, platform)
}

fn query_param(url: &str, key: &str) -> Option<String> {
    form_pairs(url.split_once('?')?.1)
        .into_iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v)
}

fn form_pairs(text: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(text.as_bytes())
        .into_owned()
        .collect()
}

const BC_CODE: &str = r#"{"provider":"bitcoin-central","clientId":"app","redirectUri":"https://app.example/","scopes":["basic","trade"]}"#;
const BC_TOKEN: &str = r#"{"provider":"bitcoin-central","clientId":"app","redirectUri":"https://app.example/","scopes":["basic"],"flow":"token"}"#;

#[test]
fn implicit_login_keeps_a_session_and_a_callback_works_once() {
    let (flow, sent, platform) = oauth(BC_TOKEN, vec![]);
    let url = block_on(flow.start_login()).unwrap();
    let state = query_param(&url, "state").unwrap();
    assert_eq!(state.len(), 43, "256 random bits, base64url");
    assert_eq!(query_param(&url, "code_challenge"), None);

    let callback = format!(
        "https://app.example/#access_token=AT&token_type=bearer&expires_in=1800&state={state}"
    );
    let session = block_on(flow.complete_login(&callback)).unwrap();
    assert_eq!(session.access_token, "AT");
    assert_eq!(
        session.scopes,
        ["basic"],
        "as requested when the callback does not say"
    );
    assert_eq!(session.expires_at, Some(platform.now_ms() + 1_800_000.0));
    assert_eq!(flow.session(), Some(session));
    assert!(sent.borrow().is_empty(), "the implicit flow sends nothing");

    let replay = block_on(flow.complete_login(&callback)).unwrap_err();
    assert_eq!(
        kind_and_code(&replay),
        ("csrf", Some("no-login-in-progress".into()))
    );
    assert!(
        flow.session().is_some(),
        "a replay does not touch the session"
    );
}

#[test]
fn a_failed_callback_still_uses_up_the_login() {
    let (flow, _, _) = oauth(BC_TOKEN, vec![]);
    let url = block_on(flow.start_login()).unwrap();
    let state = query_param(&url, "state").unwrap();
    let denied = block_on(flow.complete_login(&format!(
        "https://app.example/#error=access_denied&state={state}"
    )))
    .unwrap_err();
    assert_eq!(
        kind_and_code(&denied),
        ("oauth", Some("access_denied".into()))
    );
    let again = block_on(flow.complete_login(&format!(
        "https://app.example/#access_token=AT&token_type=bearer&state={state}"
    )))
    .unwrap_err();
    assert_eq!(again.kind().as_str(), "csrf");
    assert_eq!(flow.session(), None);
}

#[test]
fn a_login_left_too_long_is_dropped() {
    let (flow, _, platform) = oauth(BC_TOKEN, vec![]);
    let url = block_on(flow.start_login()).unwrap();
    let state = query_param(&url, "state").unwrap();
    platform.now.set(platform.now.get() + 11.0 * 60_000.0);
    let late = block_on(flow.complete_login(&format!(
        "https://app.example/#access_token=AT&token_type=bearer&state={state}"
    )))
    .unwrap_err();
    assert_eq!(late.kind().as_str(), "csrf");
}

#[test]
fn code_flow_with_pkce_exchanges_the_code() {
    let grant = r#"{"access_token":"AT","token_type":"bearer","expires_in":1800,"refresh_token":"RT","scope":"basic trade"}"#;
    let (flow, sent, _) = oauth(BC_CODE, vec![Ok(json(200, grant))]);
    let url = block_on(flow.start_login()).unwrap();
    let (state, challenge) = (
        query_param(&url, "state").unwrap(),
        query_param(&url, "code_challenge").unwrap(),
    );
    assert_eq!(
        query_param(&url, "code_challenge_method").as_deref(),
        Some("S256")
    );
    assert_eq!(query_param(&url, "scope").as_deref(), Some("basic trade"));

    let session =
        block_on(flow.complete_login(&format!("https://app.example/?code=C0DE&state={state}")))
            .unwrap();
    assert_eq!(session.scopes, ["basic", "trade"]);
    assert_eq!(session.refresh_token.as_deref(), Some("RT"));

    let sent = sent.borrow();
    let request = &sent[0];
    assert_eq!(request.url, "https://bitcoin-central.net/api/oauth/token");
    assert!(
        request
            .headers
            .contains(&("Content-Type", "application/x-www-form-urlencoded".into()))
    );
    let form = form_pairs(request.body.as_deref().unwrap());
    let field = |k: &str| {
        form.iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
    };
    assert_eq!(field("grant_type").as_deref(), Some("authorization_code"));
    assert_eq!(field("code").as_deref(), Some("C0DE"));
    assert_eq!(
        field("redirect_uri").as_deref(),
        Some("https://app.example/")
    );
    assert_eq!(field("client_secret"), None, "never a secret");
    let verifier = field("code_verifier").unwrap();
    assert!((43..=128).contains(&verifier.len()));
    // S256: the challenge sent at login is BASE64URL(SHA256(verifier)).
    assert_eq!(
        challenge,
        bitcoin_central::oauth::pkce::base64url(&Sha256::digest(verifier.as_bytes()))
    );
}

#[test]
fn rfc_7636_appendix_b_challenge() {
    let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    assert!(bitcoin_central::oauth::pkce::is_valid_verifier(verifier));
    assert_eq!(
        bitcoin_central::oauth::pkce::challenge(&Sha256::digest(verifier.as_bytes())),
        "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
    );
}

#[test]
fn a_refused_code_exchange_is_an_oauth_error_and_keeps_no_session() {
    let (flow, _, _) = oauth(
        BC_CODE,
        vec![Ok(json(
            400,
            r#"{"error":"invalid_grant","error_description":"code expired"}"#,
        ))],
    );
    let url = block_on(flow.start_login()).unwrap();
    let state = query_param(&url, "state").unwrap();
    let error =
        block_on(flow.complete_login(&format!("https://app.example/?code=OLD&state={state}")))
            .unwrap_err();
    assert_eq!(
        kind_and_code(&error),
        ("oauth", Some("invalid_grant".into()))
    );
    assert_eq!(error.status(), Some(400));
    assert_eq!(flow.session(), None);
}

fn logged_in(
    answers: Vec<Result<HttpResponse, TransportError>>,
) -> (
    OAuth<Shared, FakePlatform>,
    Rc<RefCell<Vec<HttpRequest>>>,
    FakePlatform,
) {
    let mut all = vec![Ok(json(
        200,
        r#"{"access_token":"AT1","token_type":"bearer","expires_in":1800,"refresh_token":"RT1","scope":"basic"}"#,
    ))];
    all.extend(answers);
    let (flow, sent, platform) = oauth(BC_CODE, all);
    let url = block_on(flow.start_login()).unwrap();
    let state = query_param(&url, "state").unwrap();
    block_on(flow.complete_login(&format!("https://app.example/?code=C&state={state}"))).unwrap();
    sent.borrow_mut().clear();
    (flow, sent, platform)
}

#[test]
fn an_expired_session_is_refreshed_before_use_with_rotation() {
    let (flow, sent, platform) = logged_in(vec![Ok(json(
        200,
        r#"{"access_token":"AT2","token_type":"bearer","expires_in":1800,"refresh_token":"RT2","scope":"basic"}"#,
    ))]);
    assert_eq!(block_on(flow.valid_session()).unwrap().access_token, "AT1");
    assert!(sent.borrow().is_empty());

    // Within the 30 s margin of expiry: renewed first.
    platform.now.set(platform.now.get() + 1_780_000.0);
    let renewed = block_on(flow.valid_session()).unwrap();
    assert_eq!(
        (
            renewed.access_token.as_str(),
            renewed.refresh_token.as_deref()
        ),
        ("AT2", Some("RT2"))
    );
    let body = sent.borrow()[0].body.clone().unwrap();
    assert!(body.contains("grant_type=refresh_token") && body.contains("refresh_token=RT1"));
    assert_eq!(flow.session().unwrap().access_token, "AT2", "kept");
}

#[test]
fn a_rejected_refresh_ends_the_session() {
    let (flow, _, platform) = logged_in(vec![Ok(json(400, r#"{"error":"invalid_grant"}"#))]);
    platform.now.set(platform.now.get() + 3_600_000.0);
    let error = block_on(flow.valid_session()).unwrap_err();
    assert_eq!(kind_and_code(&error), ("session", Some("invalid".into())));
    assert_eq!(flow.session(), None);
    let again = block_on(flow.valid_session()).unwrap_err();
    assert_eq!(kind_and_code(&again), ("session", Some("missing".into())));
}

#[test]
fn an_expired_implicit_session_is_refused_not_used() {
    let (flow, _, platform) = oauth(BC_TOKEN, vec![]);
    let url = block_on(flow.start_login()).unwrap();
    let state = query_param(&url, "state").unwrap();
    block_on(flow.complete_login(&format!(
        "https://app.example/#access_token=AT&token_type=bearer&expires_in=60&state={state}"
    )))
    .unwrap();
    platform.now.set(platform.now.get() + 31_000.0);
    let error = block_on(flow.valid_session()).unwrap_err();
    assert_eq!(kind_and_code(&error), ("session", Some("expired".into())));
}

/// A memory store the test keeps a hand on after giving it to a flow.
#[derive(Clone, Default)]
struct SharedStore(Rc<MemoryStore>);

impl bitcoin_central::oauth::Store for SharedStore {
    fn get(&self, key: &str) -> Option<String> {
        self.0.get(key)
    }
    fn set(&self, key: &str, value: &str) -> Result<(), Error> {
        self.0.set(key, value)
    }
    fn remove(&self, key: &str) {
        self.0.remove(key)
    }
}

#[test]
fn what_the_previous_version_stored_still_loads_and_is_kept_the_same_way() {
    use bitcoin_central::oauth::Store;
    let (sessions, pending) = (SharedStore::default(), SharedStore::default());
    // As serde_json wrote them: times as floats, absent values as null.
    pending
        .set(
            "bitcoin-central.oauth.bitcoin-central.app.https://bitcoin-central.net.pending",
            r#"{"state":"ST","flow":"code","code_verifier":"VERIFIER","redirect_uri":"https://app.example/","scopes":["basic","trade"],"started_at":1699999990000.0}"#,
        )
        .unwrap();
    let (transport, sent) = Scripted::new(vec![Ok(json(
        200,
        r#"{"access_token":"AT","token_type":"bearer","expires_in":1800,"refresh_token":"RT"}"#,
    ))]);
    let flow = OAuth::new(
        options(BC_CODE).unwrap(),
        Shared(Rc::new(transport)),
        FakePlatform::new(),
        Box::new(sessions.clone()),
        Box::new(pending.clone()),
    );
    let session = block_on(flow.complete_login("https://app.example/?code=C&state=ST")).unwrap();
    let form = form_pairs(sent.borrow()[0].body.as_deref().unwrap());
    assert!(
        form.contains(&("code_verifier".into(), "VERIFIER".into())),
        "{form:?}"
    );
    assert_eq!(session.scopes, ["basic", "trade"]);
    let key = "bitcoin-central.oauth.bitcoin-central.app.https://bitcoin-central.net.session";
    assert_eq!(
        sessions.get(key).as_deref(),
        Some(
            r#"{"provider":"bitcoin-central","access_token":"AT","token_type":"bearer","scopes":["basic","trade"],"expires_at":1700001800000,"refresh_token":"RT","secret_key":null}"#
        ),
        "whole milliseconds, the same field names"
    );
    assert_eq!(
        session.view().to_js_text(),
        r#"{"provider":"bitcoin-central","accessToken":"AT","tokenType":"bearer","scopes":["basic","trade"],"expiresAt":1700001800000,"refreshable":true,"secretKey":null}"#
    );

    // A session the previous version kept, read by a fresh flow.
    sessions
        .set(
            key,
            r#"{"provider":"bitcoin-central","access_token":"OLD","token_type":"bearer","scopes":["basic"],"expires_at":1700000001800.5,"refresh_token":null,"secret_key":null}"#,
        )
        .unwrap();
    let (transport, _) = Scripted::new(vec![]);
    let fresh = OAuth::new(
        options(BC_CODE).unwrap(),
        Shared(Rc::new(transport)),
        FakePlatform::new(),
        Box::new(sessions.clone()),
        Box::new(pending),
    );
    let old = fresh.session().expect("the stored session loads");
    assert_eq!(
        (old.access_token.as_str(), old.expires_at, old.refresh_token),
        ("OLD", Some(1_700_000_001_800.0), None)
    );
    // What is not a session is no session.
    for bad in [
        "",
        "{}",
        "[1]",
        r#"{"provider":"x","access_token":"T","token_type":"b","scopes":"basic"}"#,
    ] {
        sessions.set(key, bad).unwrap();
        fresh.forget_cached();
        assert!(fresh.session().is_none(), "{bad}");
    }
}

/// A transport whose answers wait until the test opens the gate.
struct Gate {
    open: Rc<Cell<bool>>,
    inner: Shared,
}

impl Transport for Gate {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        std::future::poll_fn(|_| {
            if self.open.get() {
                Poll::Ready(())
            } else {
                Poll::Pending
            }
        })
        .await;
        self.inner.send(request).await
    }
    async fn sleep(&self, ms: u32) {
        self.inner.sleep(ms).await
    }
    fn now_ms(&self) -> f64 {
        self.inner.now_ms()
    }
    fn jitter(&self) -> f64 {
        self.inner.jitter()
    }
}

#[test]
fn concurrent_refreshes_share_one_request() {
    let (transport, sent) = Scripted::new(vec![Ok(json(
        200,
        r#"{"access_token":"AT2","token_type":"bearer","expires_in":1800,"refresh_token":"RT2"}"#,
    ))]);
    let open = Rc::new(Cell::new(false));
    // A stored session, expired, with a refresh token.
    let sessions = MemoryStore::default();
    let stored = r#"{"provider":"bitcoin-central","access_token":"AT1","token_type":"bearer","scopes":["basic"],"expires_at":0,"refresh_token":"RT1","secret_key":null}"#;
    bitcoin_central::oauth::Store::set(
        &sessions,
        "bitcoin-central.oauth.bitcoin-central.app.https://bitcoin-central.net.session",
        stored,
    )
    .unwrap();
    let flow = OAuth::new(
        options(BC_CODE).unwrap(),
        Gate {
            open: open.clone(),
            inner: Shared(Rc::new(transport)),
        },
        FakePlatform::new(),
        Box::new(sessions),
        Box::new(MemoryStore::default()),
    );

    let mut cx = Context::from_waker(Waker::noop());
    let mut calls = [
        Box::pin(flow.valid_session()) as std::pin::Pin<Box<dyn Future<Output = _>>>,
        Box::pin(flow.refresh()),
        Box::pin(flow.valid_session()),
    ];
    for call in &mut calls {
        assert!(call.as_mut().poll(&mut cx).is_pending());
    }
    open.set(true);
    let mut results: Vec<Option<Result<_, Error>>> = vec![None, None, None];
    for _ in 0..10 {
        for (call, result) in calls.iter_mut().zip(&mut results) {
            if result.is_none() {
                if let Poll::Ready(r) = call.as_mut().poll(&mut cx) {
                    *result = Some(r);
                }
            }
        }
    }
    for result in results {
        let session: bitcoin_central::oauth::Session =
            result.expect("every caller got an answer").unwrap();
        assert_eq!(session.access_token, "AT2");
    }
    assert_eq!(
        sent.borrow().len(),
        1,
        "one refresh request for three callers"
    );
}

#[test]
fn coins_ph_requests_carry_a_strictly_increasing_nonce() {
    let (flow, _, platform) = oauth(
        r#"{"provider":"coins-ph","clientId":"c","redirectUri":"https://app/"}"#,
        vec![],
    );
    let session = bitcoin_central::oauth::Session {
        provider: "coins-ph".into(),
        access_token: "T".into(),
        token_type: "Bearer".into(),
        scopes: vec![],
        expires_at: None,
        refresh_token: None,
        secret_key: None,
    };
    let nonces: Vec<u64> = (0..5)
        .map(|_| {
            let headers = flow.auth_headers(&session);
            assert_eq!(headers[0], ("Authorization", "Bearer T".to_owned()));
            headers[1].1.parse().unwrap()
        })
        .collect();
    assert!(
        nonces.windows(2).all(|w| w[0] < w[1]),
        "{nonces:?} (same clock tick)"
    );
    platform.now.set(platform.now.get() - 5_000.0);
    let after_clock_went_back: u64 = flow.auth_headers(&session)[1].1.parse().unwrap();
    assert!(after_clock_went_back > nonces[4]);
    let (bc, _, _) = oauth(BC_TOKEN, vec![]);
    assert_eq!(bc.auth_headers(&session).len(), 1, "no nonce elsewhere");
}

#[test]
fn bitport_user_code_grant() {
    let (flow, sent, _) = oauth(
        r#"{"provider":"bitport","clientId":"YOUR_APPLICATION_ID","redirectUri":"https://app/"}"#,
        vec![Ok(json(200, r#"{"access_token":"BPT"}"#))],
    );
    let session = block_on(flow.exchange_user_code(" USER_CODE ")).unwrap();
    assert_eq!(
        (session.access_token.as_str(), session.expires_at),
        ("BPT", None)
    );
    let body = sent.borrow()[0].body.clone().unwrap();
    assert_eq!(
        body,
        "grant_type=code&code=USER_CODE&client_id=YOUR_APPLICATION_ID"
    );
    assert_eq!(
        sent.borrow()[0].url,
        "https://api.bitport.io/v2/oauth2/access-token"
    );
    let (bc, _, _) = oauth(BC_CODE, vec![]);
    assert_eq!(
        block_on(bc.exchange_user_code("x"))
            .unwrap_err()
            .kind()
            .as_str(),
        "invalid-argument"
    );
}

#[test]
fn logout_forgets_everything() {
    let (flow, _, _) = logged_in(vec![]);
    assert!(flow.session().is_some());
    flow.logout();
    assert_eq!(flow.session(), None);
    assert_eq!(
        kind_and_code(&block_on(flow.valid_session()).unwrap_err()),
        ("session", Some("missing".into()))
    );
}

#[test]
fn the_address_bar_keeps_no_answer() {
    use bitcoin_central::oauth::clean_url;
    for (url, clean) in [
        (
            "https://app/cb#access_token=T&token_type=bearer&state=S",
            "https://app/cb",
        ),
        ("https://app/cb?code=C&state=S", "https://app/cb"),
        (
            "https://app/cb?tab=2&code=C&state=S&lang=fr",
            "https://app/cb?tab=2&lang=fr",
        ),
        (
            "https://app/cb?tab=2#access_token=T",
            "https://app/cb?tab=2",
        ),
        ("https://app/cb?%63ode=C", "https://app/cb"),
        ("https://app/", "https://app/"),
    ] {
        assert_eq!(clean_url(url), clean, "{url}");
    }
}

// --- authenticated calls through the client --------------------------------------

const USER: &str = r#"{"name":"BC-U123456","locale":"en","balance_btc":25.78866278,"locked_btc":1.0,"balance_eur":1893.96,"locked_eur":300.00743886}"#;

fn logged_in_with_scopes(scopes: &str) -> OAuth<Shared, FakePlatform> {
    let sessions = MemoryStore::default();
    let stored = format!(
        r#"{{"provider":"bitcoin-central","access_token":"AT","token_type":"bearer","scopes":{scopes},"expires_at":null,"refresh_token":null,"secret_key":null}}"#
    );
    bitcoin_central::oauth::Store::set(
        &sessions,
        "bitcoin-central.oauth.bitcoin-central.app.https://bitcoin-central.net.session",
        &stored,
    )
    .unwrap();
    OAuth::new(
        options(BC_CODE).unwrap(),
        Shared(Rc::new(Scripted::new(vec![]).0)),
        FakePlatform::new(),
        Box::new(sessions),
        Box::new(MemoryStore::default()),
    )
}

#[test]
fn user_sends_the_bearer_token_and_decodes_exactly() {
    let (client, sent) = support::client_logging(vec![Ok(json(200, USER))]);
    let auth = logged_in_with_scopes(r#"["basic"]"#);
    let user = block_on(client.user(&auth)).unwrap();
    assert_eq!(user.name, "BC-U123456");
    assert_eq!(user.locked_btc.to_string(), "1.0");
    assert_eq!(user.locked_eur.to_string(), "300.00743886");
    let request = &sent.borrow()[0];
    assert!(request.url.ends_with("/api/v1/user"));
    assert!(
        request
            .headers
            .contains(&("Authorization", "Bearer AT".to_owned()))
    );
}

#[test]
fn a_session_is_sent_to_its_own_origin_only() {
    // Logged in at bitcoin-central.net; a client pointed at another exchange (a
    // hostile one, or the sandbox) gets the session refused before anything is sent.
    for elsewhere in [
        "http://127.0.0.1:8080",
        "https://bitcoin-central.net.evil.example",
        "http://bitcoin-central.net",
        "https://bitcoin-central.net:8443",
    ] {
        let config = Config::default().with_base_url(elsewhere).unwrap();
        let (client, sent) = support::client_logging_with_config(config, vec![]);
        let auth = logged_in_with_scopes(r#"["basic"]"#);
        let error = block_on(client.user(&auth)).unwrap_err();
        assert_eq!(
            kind_and_code(&error),
            ("session", Some("wrong-origin".into())),
            "{elsewhere}"
        );
        let said = error.to_string();
        assert!(said.contains("https://bitcoin-central.net"), "{said}");
        assert!(!said.contains("AT"), "no token in {said}");
        assert!(sent.borrow().is_empty(), "nothing sent to {elsewhere}");
    }
    // The same origin written differently is the same origin.
    let config = Config::default()
        .with_base_url("https://Bitcoin-Central.net:443")
        .unwrap();
    let (client, sent) = support::client_logging_with_config(config, vec![Ok(json(200, USER))]);
    block_on(client.user(&logged_in_with_scopes(r#"["basic"]"#))).unwrap();
    assert_eq!(sent.borrow().len(), 1);
}

#[test]
fn a_session_is_for_the_providers_api_or_the_resource_url() {
    let origin = |json: &str| options(json).unwrap().resource_origin;
    let common = r#""clientId":"app","redirectUri":"https://app.example/""#;
    assert_eq!(
        origin(&format!(r#"{{"provider":"bitcoin-central",{common}}}"#)),
        "https://bitcoin-central.net"
    );
    assert_eq!(
        origin(&format!(
            r#"{{"provider":"bitcoin-central","baseUrl":"http://127.0.0.1:8080/",{common}}}"#
        )),
        "http://127.0.0.1:8080"
    );
    // A token endpoint of the app's own does not move where the tokens are valid.
    assert_eq!(
        origin(&format!(
            r#"{{"provider":"bitcoin-central","tokenUrl":"https://app.example/token",{common}}}"#
        )),
        "https://bitcoin-central.net"
    );
    // Explicit endpoints: the token endpoint's origin, else the authorization one's.
    assert_eq!(
        origin(&format!(
            r#"{{"authorizeUrl":"https://id.example/authorize","tokenUrl":"https://API.example:443/token",{common}}}"#
        )),
        "https://api.example"
    );
    assert_eq!(
        origin(&format!(
            r#"{{"authorizeUrl":"https://id.example/authorize","flow":"token",{common}}}"#
        )),
        "https://id.example"
    );
    assert_eq!(
        origin(&format!(
            r#"{{"authorizeUrl":"https://id.example/authorize","resourceUrl":"https://api.example/v1",{common}}}"#
        )),
        "https://api.example"
    );
    let error = options(&format!(
        r#"{{"provider":"bitcoin-central","resourceUrl":"ftp://x",{common}}}"#
    ))
    .unwrap_err();
    assert_eq!(kind_and_code(&error), ("invalid-argument", None), "{error}");
    // Stored sessions are keyed by that origin: the sandbox's and the exchange's
    // never mix.
    let real = options(&format!(r#"{{"provider":"bitcoin-central",{common}}}"#)).unwrap();
    let sandbox = options(&format!(
        r#"{{"provider":"bitcoin-central","baseUrl":"http://127.0.0.1:8080",{common}}}"#
    ))
    .unwrap();
    assert_ne!(real.storage_key("session"), sandbox.storage_key("session"));
    assert_eq!(
        sandbox.storage_key("session"),
        "bitcoin-central.oauth.bitcoin-central.app.http://127.0.0.1:8080.session"
    );
}

#[test]
fn a_missing_scope_fails_before_sending() {
    let (client, sent) = support::client_logging(vec![]);
    let auth = logged_in_with_scopes(r#"["activity"]"#);
    let error = block_on(client.user(&auth)).unwrap_err();
    assert_eq!(
        kind_and_code(&error),
        ("session", Some("missing-scope".into()))
    );
    assert!(error.to_string().contains("basic"), "{error}");
    assert!(sent.borrow().is_empty());
}

#[test]
fn http_401_ends_the_session() {
    let (client, _) =
        support::client_logging(vec![Ok(json(401, r#"{"errors":["Invalid token"]}"#))]);
    let auth = logged_in_with_scopes(r#"["basic"]"#);
    let error = block_on(client.user(&auth)).unwrap_err();
    assert_eq!(kind_and_code(&error), ("session", Some("invalid".into())));
    assert_eq!(error.status(), Some(401));
    assert_eq!(auth.session(), None);
}

#[test]
fn no_token_reaches_a_url_an_error_or_debug_output() {
    const ACCESS: &str = "tok-access-5f1c9e2b7d";
    const REFRESH: &str = "tok-refresh-8a3d6b0c4e";
    let grant = format!(
        r#"{{"access_token":"{ACCESS}","token_type":"bearer","expires_in":1800,"refresh_token":"{REFRESH}","scope":"basic activity"}}"#
    );
    // The provider echoes the refresh token when it refuses it.
    let refused = format!(
        r#"{{"error":"invalid_grant","error_description":"refresh token {REFRESH} was revoked"}}"#
    );
    let (flow, sent, platform) = oauth(
        BC_CODE,
        vec![Ok(json(200, &grant)), Ok(json(400, &refused))],
    );
    let url = block_on(flow.start_login()).unwrap();
    let state = query_param(&url, "state").unwrap();
    let session =
        block_on(flow.complete_login(&format!("https://app.example/?code=C&state={state}")))
            .unwrap();
    let shown = [
        format!("{session:?}"),
        format!("{:?}", flow.session()),
        format!("{:?}", block_on(flow.authorize()).unwrap()),
    ];

    // An API answer that echoes the token in its messages, and a 401.
    let echo = format!(r#"{{"errors":["token {ACCESS} lacks rights"]}}"#);
    let (client, api_sent) =
        support::client_logging(vec![Ok(json(422, &echo)), Ok(json(401, &echo))]);
    let api_error = block_on(client.user(&flow)).unwrap_err();
    let unauthorized = block_on(client.user(&flow)).unwrap_err();

    // The refresh, refused with the refresh token in the description.
    let (flow2, _, platform2) = oauth(
        BC_CODE,
        vec![Ok(json(200, &grant)), Ok(json(400, &refused))],
    );
    let url = block_on(flow2.start_login()).unwrap();
    let state = query_param(&url, "state").unwrap();
    block_on(flow2.complete_login(&format!("https://app.example/?code=C&state={state}"))).unwrap();
    platform2.now.set(platform2.now.get() + 3_600_000.0);
    let refresh_error = block_on(flow2.valid_session()).unwrap_err();
    let _ = platform;

    let errors = [api_error, unauthorized, refresh_error];
    for error in &errors {
        for text in [error.to_string(), format!("{error:?}")] {
            assert!(!text.contains(ACCESS) && !text.contains(REFRESH), "{text}");
        }
    }
    assert!(
        errors[0].to_string().contains("<redacted>"),
        "{}",
        errors[0]
    );
    assert!(
        errors[2].to_string().contains("<redacted>"),
        "{}",
        errors[2]
    );
    for text in &shown {
        assert!(!text.contains(ACCESS) && !text.contains(REFRESH), "{text}");
    }
    // Tokens travel in headers and POST bodies, never in a URL.
    for request in sent.borrow().iter().chain(api_sent.borrow().iter()) {
        assert!(
            !request.url.contains(ACCESS) && !request.url.contains(REFRESH),
            "{}",
            request.url
        );
    }
    assert!(
        api_sent.borrow()[0]
            .headers
            .contains(&("Authorization", format!("Bearer {ACCESS}")))
    );
}

// --- token requests through the client's send path -------------------------------

const RT_GRANT: &str = r#"{"access_token":"AT1","token_type":"bearer","expires_in":1800,"refresh_token":"RT1","scope":"basic"}"#;
const RENEWED: &str = r#"{"access_token":"AT2","token_type":"bearer","expires_in":1800,"refresh_token":"RT2","scope":"basic"}"#;

fn with_rate_limit(mut response: HttpResponse, limit: u32, remaining: u32) -> HttpResponse {
    response
        .headers
        .push(("x-ratelimit-limit".into(), limit.to_string()));
    response
        .headers
        .push(("x-ratelimit-remaining".into(), remaining.to_string()));
    response
}

/// A logged-in flow (its code exchange already sent, untied) and a client over the
/// same scripted transport, with a 2.5 s timeout and a limiter of one call at once,
/// then one a second. The request log is cleared after the login.
struct Tied {
    flow: OAuth<Shared, FakePlatform>,
    client: bitcoin_central::GenericClient<Shared>,
    transport: Rc<Scripted>,
    sent: Rc<RefCell<Vec<HttpRequest>>>,
    platform: FakePlatform,
}

fn flow_and_client(
    base_url: &str,
    login_answer: HttpResponse,
    answers: Vec<Result<HttpResponse, TransportError>>,
) -> Tied {
    use bitcoin_central::limiter::LimiterSettings;
    let mut all = vec![Ok(login_answer)];
    all.extend(answers);
    let (transport, sent) = Scripted::new(all);
    let transport = Rc::new(transport);
    let platform = FakePlatform::new();
    // The tokens are for the API at `base_url`, wherever they are exchanged.
    let with_resource = BC_CODE.replace('}', &format!(r#","resourceUrl":"{base_url}"}}"#));
    let flow = OAuth::new(
        options(&with_resource).unwrap(),
        Shared(Rc::clone(&transport)),
        platform.clone(),
        Box::new(MemoryStore::default()),
        Box::new(MemoryStore::default()),
    );
    let config = Config::default()
        .with_base_url(base_url)
        .unwrap()
        .with_timeout_ms(2500)
        .unwrap()
        // Settings no other test of this binary uses: a bucket of its own.
        .with_limiter(Some(LimiterSettings {
            interval_ms: 1000,
            burst: 1,
        }));
    let client =
        bitcoin_central::GenericClient::with_transport(config, Shared(Rc::clone(&transport)));
    let url = block_on(flow.start_login()).unwrap();
    let state = query_param(&url, "state").unwrap();
    block_on(flow.complete_login(&format!("https://app.example/?code=C&state={state}"))).unwrap();
    let login = sent.borrow_mut().remove(0);
    assert_eq!(
        login.timeout_ms,
        bitcoin_central::DEFAULT_TIMEOUT_MS,
        "untied, a token request has the default config's timeout"
    );
    assert!(sent.borrow().is_empty());
    Tied {
        flow,
        client,
        transport,
        sent,
        platform,
    }
}

#[test]
fn a_refresh_tied_to_a_client_goes_through_its_timeout_limiter_and_rate_limit_status() {
    let Tied {
        flow,
        client,
        transport,
        sent,
        platform,
    } = flow_and_client(
        "https://bitcoin-central.net",
        // The untied login's answer carries the headers too: it is not the client's.
        with_rate_limit(json(200, RT_GRANT), 100, 99),
        vec![
            Ok(with_rate_limit(json(200, RENEWED), 100, 42)),
            Ok(json(200, USER)),
        ],
    );
    assert_eq!(
        client.rate_limit(),
        None,
        "an untied token answer is not the client's"
    );

    flow.send_through(client.sender());
    platform.now.set(platform.now.get() + 3_600_000.0);
    let user = block_on(client.user(&flow)).unwrap();
    assert_eq!(user.name, "BC-U123456");

    let sent = sent.borrow();
    assert_eq!(sent.len(), 2, "the refresh, then the call");
    assert!(sent[0].url.ends_with("/api/oauth/token"));
    assert_eq!(sent[0].timeout_ms, 2500, "the client's timeout");
    assert!(
        sent[1]
            .headers
            .contains(&("Authorization", "Bearer AT2".to_owned()))
    );
    // The refresh took the limiter's one slot: the call after it waited its turn.
    assert_eq!(*transport.slept.borrow(), [1000]);
    // The call's answer had no rate-limit headers: the status is the token answer's.
    assert_eq!(
        client.rate_limit(),
        Some(bitcoin_central::RateLimit {
            limit: 100,
            remaining: 42
        })
    );
}

#[test]
fn a_token_endpoint_on_another_server_keeps_the_timeout_but_not_the_api_s_limiter() {
    // The API on the sandbox, the provider's token endpoint at bitcoin-central.net.
    let Tied {
        flow,
        client,
        transport,
        sent,
        platform,
    } = flow_and_client(
        "http://127.0.0.1:8080",
        json(200, RT_GRANT),
        vec![
            // That server's own status, which says nothing of the API's.
            Ok(with_rate_limit(json(200, RENEWED), 100, 0)),
            Ok(json(200, USER)),
        ],
    );
    flow.send_through(client.sender());
    platform.now.set(platform.now.get() + 3_600_000.0);
    block_on(client.user(&flow)).unwrap();
    let sent = sent.borrow();
    assert_eq!(sent[0].url, "https://bitcoin-central.net/api/oauth/token");
    assert_eq!(sent[0].timeout_ms, 2500, "the client's timeout still");
    assert!(sent[1].url.starts_with("http://127.0.0.1:8080/"));
    assert_eq!(
        *transport.slept.borrow(),
        [] as [u32; 0],
        "the refresh took no slot of the API's bucket"
    );
    assert_eq!(client.rate_limit(), None);
}

#[test]
fn a_token_request_without_an_answer_is_network_or_timeout_and_never_resent() {
    // A refresh through a client that retries its GETs (the default): the timeout
    // is the client's, the error says so, and the POST went once.
    let Tied {
        flow,
        client,
        sent,
        platform,
        ..
    } = flow_and_client(
        "https://bitcoin-central.net",
        json(200, RT_GRANT),
        vec![Err(TransportError::Timeout)],
    );
    flow.send_through(client.sender());
    platform.now.set(platform.now.get() + 3_600_000.0);
    let error = block_on(client.user(&flow)).unwrap_err();
    assert_eq!(
        error,
        Error::Timeout {
            url: "https://bitcoin-central.net/api/oauth/token".into(),
            after_ms: 2500,
        }
    );
    assert_eq!(error.kind().as_str(), "timeout", "not unknown-outcome");
    assert_eq!(sent.borrow().len(), 1, "sent once, and no call after it");
    assert_eq!(
        flow.session().map(|s| s.access_token),
        Some("AT1".into()),
        "no answer is no refusal: the session stays"
    );

    // A code exchange, untied: the default timeout's path, the same mapping.
    let (flow, sent, _) = oauth(
        BC_CODE,
        vec![Err(TransportError::Network("Failed to fetch".into()))],
    );
    let url = block_on(flow.start_login()).unwrap();
    let state = query_param(&url, "state").unwrap();
    let error =
        block_on(flow.complete_login(&format!("https://app.example/?code=C&state={state}")))
            .unwrap_err();
    assert_eq!(
        error,
        Error::Network {
            url: "https://bitcoin-central.net/api/oauth/token".into(),
            reason: "Failed to fetch".into(),
        }
    );
    assert_eq!(sent.borrow().len(), 1);
    assert_eq!(flow.session(), None);
}
