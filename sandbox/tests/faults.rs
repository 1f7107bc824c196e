//! Faults, the admin endpoints and the security headers, over a real socket: a
//! fault is about what reaches the client (or does not), so these tests speak
//! HTTP/1.1 by hand and look at the bytes and when they arrive.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use bitcoin_central_sandbox::authz::OAuthClient;
use bitcoin_central_sandbox::clock::ManualClock;
use bitcoin_central_sandbox::{Config, Sandbox, app_and_sandbox};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const NOW_MS: i64 = 1_389_092_410_000;
const TICKER: &str = "/api/v1/data/eur/ticker";
const DEPTH: &str = "/api/v1/data/eur/depth";
const ORDERS: &str = "/api/v1/user/orders";

struct Server {
    addr: SocketAddr,
    sandbox: Sandbox,
}

/// A sandbox listening on a free port, its market standing still.
async fn server(tweak: impl FnOnce(&mut Config)) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let mut config = Config {
        clock: Arc::new(ManualClock::new(NOW_MS)),
        tick_ms: 0,
        origins: vec![format!("http://{addr}")],
        ..Config::default()
    };
    tweak(&mut config);
    let (app, sandbox) = app_and_sandbox(config);
    tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
    });
    Server { addr, sandbox }
}

/// What came back on the socket, and when each piece arrived.
struct Raw {
    bytes: Vec<u8>,
    /// (time since the request was sent, bytes received so far)
    reads: Vec<(Duration, usize)>,
    /// The connection ended with an error (a reset) rather than a clean close.
    reset: bool,
}

/// Sends one request (`Connection: close`) and reads until the server closes, or
/// until `wait` has passed.
async fn raw(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
    wait: Duration,
) -> Raw {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let mut request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    request.push_str(body);
    stream.write_all(request.as_bytes()).await.unwrap();
    let started = Instant::now();
    let mut answer = Raw {
        bytes: Vec::new(),
        reads: Vec::new(),
        reset: false,
    };
    let mut buffer = [0u8; 4096];
    loop {
        let left = wait.saturating_sub(started.elapsed());
        match tokio::time::timeout(left, stream.read(&mut buffer)).await {
            Err(_) | Ok(Ok(0)) => break,
            Ok(Ok(n)) => {
                answer.bytes.extend_from_slice(&buffer[..n]);
                answer.reads.push((started.elapsed(), answer.bytes.len()));
            }
            Ok(Err(_)) => {
                answer.reset = true;
                break;
            }
        }
    }
    answer
}

struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }

    fn errors(&self) -> Vec<String> {
        serde_json::from_value(self.json()["errors"].clone()).expect("an errors array")
    }
}

/// Where the head ends in an answer's bytes.
fn head_end(bytes: &[u8]) -> Option<usize> {
    bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|i| i + 4)
}

/// An HTTP/1.1 answer: status line, headers, body (chunked or not).
fn parse(bytes: &[u8]) -> Answer {
    let end = head_end(bytes)
        .unwrap_or_else(|| panic!("no complete head in {:?}", String::from_utf8_lossy(bytes)));
    let head = std::str::from_utf8(&bytes[..end]).unwrap();
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap();
    let status = status_line.split(' ').nth(1).unwrap().parse().unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let mut rest = &bytes[end..];
    let chunked = headers
        .iter()
        .any(|(n, v)| n == "transfer-encoding" && v.contains("chunked"));
    let body = if chunked {
        let mut body = Vec::new();
        loop {
            let line_end = rest.windows(2).position(|w| w == b"\r\n").unwrap();
            let size =
                usize::from_str_radix(std::str::from_utf8(&rest[..line_end]).unwrap(), 16).unwrap();
            rest = &rest[line_end + 2..];
            if size == 0 {
                break;
            }
            body.extend_from_slice(&rest[..size]);
            rest = &rest[size + 2..];
        }
        body
    } else {
        rest.to_vec()
    };
    Answer {
        status,
        headers,
        body: String::from_utf8(body).unwrap(),
    }
}

const WAIT: Duration = Duration::from_secs(10);

async fn send(
    server: &Server,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Answer {
    parse(
        &raw(server.addr, method, path, headers, body, WAIT)
            .await
            .bytes,
    )
}

async fn get(server: &Server, path: &str) -> Answer {
    send(server, "GET", path, &[], "").await
}

async fn queue(server: &Server, body: Value) -> Answer {
    send(
        server,
        "POST",
        "/_sandbox/faults",
        &[("content-type", "application/json")],
        &body.to_string(),
    )
    .await
}

/// How many `method` calls of `path` the sandbox counted.
async fn count(server: &Server, method: &str, path: &str) -> u64 {
    let answer = get(
        server,
        &format!("/_sandbox/requests?path={path}&method={method}"),
    )
    .await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    answer.json()["total"].as_u64().unwrap()
}

#[tokio::test]
async fn drop_closes_the_connection_before_a_byte_of_answer() {
    let server = server(|_| {}).await;
    let started = Instant::now();
    let answer = raw(
        server.addr,
        "GET",
        &format!("/_sandbox/fault/drop{TICKER}"),
        &[],
        "",
        WAIT,
    )
    .await;
    assert!(
        answer.bytes.is_empty(),
        "no status line: {:?}",
        String::from_utf8_lossy(&answer.bytes)
    );
    assert!(
        answer.reads.is_empty(),
        "the connection ended without data (reset: {})",
        answer.reset
    );
    // The connection was closed, not left hanging until the wait ran out.
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(count(&server, "GET", TICKER).await, 1, "it did arrive");
    // The sandbox goes on serving.
    assert_eq!(get(&server, TICKER).await.status, 200);
}

/// `Authorization` for the demo user, allowed to trade and read its activity.
fn demo_bearer(server: &Server) -> String {
    let token = server.sandbox.issue_token_for_tests(
        bitcoin_central_sandbox::accounts::DEMO,
        &["trade", "activity"],
    );
    format!("Bearer {token}")
}

#[tokio::test]
async fn a_dropped_order_is_not_placed() {
    let server = server(|_| {}).await;
    let bearer = demo_bearer(&server);
    let headers = [
        ("authorization", bearer.as_str()),
        ("content-type", "application/json"),
    ];
    let before = send(&server, "GET", ORDERS, &headers, "").await.json();
    assert!(before.is_array(), "{before}");
    let order = json!({"type": "LimitOrder", "direction": "buy", "price": "100", "amount": "0.01"});
    let started = Instant::now();
    let dropped = raw(
        server.addr,
        "POST",
        &format!("/_sandbox/fault/drop{ORDERS}"),
        &headers,
        &order.to_string(),
        WAIT,
    )
    .await;
    assert!(dropped.bytes.is_empty());
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "closed, not hung"
    );
    let after = send(&server, "GET", ORDERS, &headers, "").await.json();
    assert_eq!(after, before, "no order was placed");
    assert_eq!(count(&server, "POST", ORDERS).await, 1);
}

#[tokio::test]
async fn hang_after_carries_the_call_out_and_never_answers() {
    let server = server(|_| {}).await;
    let bearer = demo_bearer(&server);
    let headers = [
        ("authorization", bearer.as_str()),
        ("content-type", "application/json"),
    ];
    let order = json!({"type": "LimitOrder", "direction": "buy", "price": "100", "amount": "0.01"});
    let hung = raw(
        server.addr,
        "POST",
        &format!("/_sandbox/fault/hang-after{ORDERS}"),
        &headers,
        &order.to_string(),
        Duration::from_millis(700),
    )
    .await;
    assert!(hung.bytes.is_empty() && !hung.reset, "still waiting");
    let orders = send(&server, "GET", ORDERS, &headers, "").await.json();
    assert_eq!(orders.as_array().unwrap().len(), 1, "the order was placed");
}

#[tokio::test]
async fn content_type_sends_the_real_json_as_html() {
    let server = server(|_| {}).await;
    let real = get(&server, TICKER).await;
    let faulted = get(&server, &format!("/_sandbox/fault/content-type{TICKER}")).await;
    assert_eq!(faulted.status, 200);
    assert_eq!(
        faulted.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(faulted.json(), real.json());
    assert_eq!(faulted.header("x-content-type-options"), Some("nosniff"));
}

#[tokio::test]
async fn slow_body_sends_the_head_at_once_then_trickles_the_body() {
    let server = server(|_| {}).await;
    let real = get(&server, DEPTH).await;
    let slow = raw(
        server.addr,
        "GET",
        &format!("/_sandbox/fault/slow-body-1000{DEPTH}"),
        &[],
        "",
        WAIT,
    )
    .await;
    let head = head_end(&slow.bytes).unwrap();
    let (head_at, _) = *slow
        .reads
        .iter()
        .find(|(_, seen)| *seen >= head)
        .expect("the head arrived");
    let (done_at, _) = *slow.reads.last().unwrap();
    assert!(
        head_at < Duration::from_millis(300),
        "head after {head_at:?}"
    );
    assert!(
        done_at - head_at >= Duration::from_millis(800),
        "body over {:?}",
        done_at - head_at
    );
    assert!(
        slow.reads.len() >= 10,
        "in pieces: {} reads",
        slow.reads.len()
    );
    let answer = parse(&slow.bytes);
    assert_eq!(answer.status, 200);
    assert_eq!(answer.json(), real.json(), "the whole body, in the end");
}

#[tokio::test]
async fn delay_and_truncate_over_a_socket() {
    let server = server(|_| {}).await;
    let started = Instant::now();
    assert_eq!(
        get(&server, &format!("/_sandbox/fault/delay-300{TICKER}"))
            .await
            .status,
        200
    );
    assert!(started.elapsed() >= Duration::from_millis(300));
    let whole = get(&server, DEPTH).await.body;
    let truncated = get(&server, &format!("/_sandbox/fault/truncate{DEPTH}")).await;
    assert_eq!(truncated.status, 200);
    assert_eq!(truncated.body, whole[..whole.len() / 2]);
}

#[tokio::test]
async fn rate_limited_faults_answer_like_the_limiter() {
    let server = server(|c| c.rate_limit = 500).await;
    for (fault, retry_after) in [("rate-limited", "7"), ("rate-limited-30", "30")] {
        let answer = send(
            &server,
            "GET",
            &format!("/_sandbox/fault/{fault}{TICKER}"),
            &[("accept-language", "fr")],
            "",
        )
        .await;
        assert_eq!(answer.status, 429, "{fault}");
        assert_eq!(answer.header("retry-after"), Some(retry_after), "{fault}");
        assert_eq!(answer.header("x-ratelimit-limit"), Some("500"));
        assert_eq!(answer.header("x-ratelimit-remaining"), Some("0"));
        assert!(
            answer
                .header("content-type")
                .unwrap()
                .starts_with("application/json")
        );
        let errors = answer.errors();
        assert_eq!(errors.len(), 1);
        assert!(errors[0].contains(retry_after), "{errors:?}");
    }
    let too_long = get(
        &server,
        &format!("/_sandbox/fault/rate-limited-999999{TICKER}"),
    )
    .await;
    assert_eq!(too_long.status, 404);
    assert!(too_long.errors()[0].contains("rate-limited-<secs>"));
}

#[tokio::test]
async fn html_faults_carry_html_pages() {
    let server = server(|_| {}).await;
    for (status, title) in [
        (500, "500 Internal Server Error"),
        (502, "502 Bad Gateway"),
        (503, "503 Service Unavailable"),
    ] {
        let answer = get(&server, &format!("/_sandbox/fault/html-{status}{TICKER}")).await;
        assert_eq!(answer.status, status);
        assert_eq!(
            answer.header("content-type"),
            Some("text/html; charset=utf-8")
        );
        assert!(
            answer.body.starts_with("<!DOCTYPE html>"),
            "{}",
            answer.body
        );
        assert!(answer.body.contains(&format!("<h1>{title}</h1>")));
        assert!(serde_json::from_str::<Value>(&answer.body).is_err());
    }
}

#[tokio::test]
async fn queued_faults_hit_the_next_matching_calls_then_service_resumes() {
    let server = server(|_| {}).await;
    let queued = queue(
        &server,
        json!({"fault": "html-503", "times": 2, "path": TICKER, "method": "GET"}),
    )
    .await;
    assert_eq!(queued.status, 201, "{}", queued.body);
    assert_eq!(
        queued.json(),
        json!({"fault": "html-503", "times": 2, "path": TICKER, "method": "GET"})
    );
    assert_eq!(
        get(&server, "/_sandbox/faults").await.json(),
        json!({"faults": [{"fault": "html-503", "times": 2, "path": TICKER, "method": "GET"}]})
    );

    assert_eq!(get(&server, DEPTH).await.status, 200, "another path");
    assert_eq!(
        send(&server, "POST", TICKER, &[], "").await.status,
        405,
        "another method"
    );
    let first = get(&server, TICKER).await;
    assert_eq!(first.status, 503);
    assert!(first.body.contains("503 Service Unavailable"));
    assert_eq!(
        get(&server, "/_sandbox/faults").await.json()["faults"][0]["times"],
        1
    );
    assert_eq!(get(&server, TICKER).await.status, 503);
    assert_eq!(get(&server, TICKER).await.status, 200, "service resumes");
    assert_eq!(
        get(&server, "/_sandbox/faults").await.json(),
        json!({"faults": []})
    );
}

#[tokio::test]
async fn queued_faults_apply_in_order_and_can_be_cleared() {
    let server = server(|_| {}).await;
    // No filter: any API call; `times` defaults to 1.
    assert_eq!(
        queue(&server, json!({"fault": "rate-limited-3"}))
            .await
            .status,
        201
    );
    assert_eq!(
        queue(&server, json!({"fault": "drop", "path": "/api/v1/data/"}))
            .await
            .status,
        201
    );
    assert_eq!(
        queue(
            &server,
            json!({"fault": "html-502", "times": 5, "method": "post"})
        )
        .await
        .json()["method"],
        "POST"
    );
    let limited = get(&server, DEPTH).await;
    assert_eq!(limited.status, 429);
    assert_eq!(limited.header("retry-after"), Some("3"));
    let dropped = raw(server.addr, "GET", DEPTH, &[], "", WAIT).await;
    assert!(dropped.bytes.is_empty(), "dropped");
    assert_eq!(send(&server, "POST", ORDERS, &[], "").await.status, 502);
    let cleared = send(&server, "DELETE", "/_sandbox/faults", &[], "").await;
    assert_eq!(cleared.status, 204);
    assert_eq!(
        get(&server, "/_sandbox/faults").await.json(),
        json!({"faults": []})
    );
    assert_eq!(send(&server, "POST", ORDERS, &[], "").await.status, 401);
    // Only API calls are faulted.
    assert_eq!(
        queue(&server, json!({"fault": "html-500"})).await.status,
        201
    );
    assert_eq!(get(&server, "/_sandbox/requests").await.status, 200);
    assert_eq!(get(&server, TICKER).await.status, 500);
}

#[tokio::test]
async fn bad_fault_requests_get_the_specs_errors() {
    let server = server(|_| {}).await;
    for (body, needle) in [
        ("not json", "expected"),
        (r#"{"times": 2}"#, "missing field `fault`"),
        (r#"{"fault": "explode"}"#, "unknown fault \"explode\""),
        (r#"{"fault": "drop", "times": 0}"#, "times must be from 1"),
        (r#"{"fault": "drop", "times": -1}"#, "invalid value"),
        (
            r#"{"fault": "drop", "path": "api/v1"}"#,
            "must start with /",
        ),
        (
            r#"{"fault": "drop", "method": "G T"}"#,
            "not an HTTP method",
        ),
        (
            r#"{"fault": "drop", "paths": "/api"}"#,
            "unknown field `paths`",
        ),
    ] {
        let answer = send(
            &server,
            "POST",
            "/_sandbox/faults",
            &[("content-type", "application/json")],
            body,
        )
        .await;
        assert_eq!(answer.status, 400, "{body}");
        assert!(
            answer
                .header("content-type")
                .unwrap()
                .starts_with("application/json")
        );
        let errors = answer.errors();
        assert_eq!(errors.len(), 1, "{body}");
        assert!(errors[0].contains(needle), "{body}: {errors:?}");
    }
    let french = send(
        &server,
        "POST",
        "/_sandbox/faults",
        &[("accept-language", "fr")],
        r#"{"fault": "explode"}"#,
    )
    .await;
    assert!(french.errors()[0].starts_with("Impossible de programmer cette panne"));
    assert_eq!(
        get(&server, "/_sandbox/faults").await.json(),
        json!({"faults": []}),
        "nothing was queued"
    );
    let wrong_method = send(&server, "PUT", "/_sandbox/faults", &[], "{}").await;
    assert_eq!(wrong_method.status, 405);
    assert_eq!(wrong_method.errors().len(), 1);
}

#[tokio::test]
async fn the_admin_endpoints_answer_cors_to_trusted_origins_only() {
    const TRUSTED: &str = "http://localhost:3000";
    let trusting = server(|config| config.trusted_origins = vec![TRUSTED.into()]).await;
    let preflight = async |origin: &'static str| {
        send(
            &trusting,
            "OPTIONS",
            "/_sandbox/faults",
            &[
                ("origin", origin),
                ("access-control-request-method", "POST"),
                ("access-control-request-headers", "content-type"),
            ],
            "",
        )
        .await
    };
    let trusted = preflight(TRUSTED).await;
    assert!((200..300).contains(&trusted.status), "{}", trusted.status);
    assert_eq!(trusted.header("access-control-allow-origin"), Some(TRUSTED));
    assert_eq!(
        trusted.header("access-control-allow-credentials"),
        Some("true")
    );
    assert_eq!(trusted.header("vary"), Some("origin"));
    let methods = trusted
        .header("access-control-allow-methods")
        .unwrap()
        .to_ascii_uppercase();
    for method in ["GET", "POST", "DELETE"] {
        assert!(methods.contains(method), "{methods}");
    }
    assert!(
        trusted
            .header("access-control-allow-headers")
            .unwrap()
            .to_ascii_lowercase()
            .contains("content-type")
    );
    // Any other origin's preflight fails: its page cannot queue a fault.
    let other = preflight("http://evil.example").await;
    assert!(!(200..300).contains(&other.status), "{}", other.status);
    assert_eq!(other.header("access-control-allow-origin"), None);

    let queued = send(
        &trusting,
        "POST",
        "/_sandbox/faults",
        &[("origin", TRUSTED), ("content-type", "application/json")],
        r#"{"fault": "drop"}"#,
    )
    .await;
    assert_eq!(queued.status, 201);
    assert_eq!(queued.header("access-control-allow-origin"), Some(TRUSTED));
    for origin in [TRUSTED, "http://evil.example"] {
        let counted = send(
            &trusting,
            "GET",
            "/_sandbox/requests",
            &[("origin", origin)],
            "",
        )
        .await;
        let allowed = (origin == TRUSTED).then_some(origin);
        assert_eq!(counted.header("access-control-allow-origin"), allowed);
    }
    // Without --trust-origin, no other origin reads them.
    let untrusting = server(|_| {}).await;
    let counted = send(
        &untrusting,
        "GET",
        "/_sandbox/requests",
        &[("origin", TRUSTED)],
        "",
    )
    .await;
    assert_eq!(counted.status, 200);
    assert_eq!(counted.header("access-control-allow-origin"), None);
    assert_eq!(counted.header("vary"), None);
}

#[tokio::test]
async fn requests_are_counted_per_method_and_path_until_reset() {
    let server = server(|_| {}).await;
    for _ in 0..3 {
        get(&server, TICKER).await;
    }
    get(&server, &format!("/_sandbox/fault/html-503{TICKER}?x=1")).await;
    send(&server, "POST", ORDERS, &[], "").await;
    get(&server, DEPTH).await;
    // Neither a preflight nor a page nor an admin call is an API call.
    send(
        &server,
        "OPTIONS",
        TICKER,
        &[
            ("origin", "http://localhost:3000"),
            ("access-control-request-method", "GET"),
        ],
        "",
    )
    .await;
    get(&server, "/_sandbox/faults").await;

    let ticker = get(&server, &format!("/_sandbox/requests?path={TICKER}")).await;
    assert_eq!(
        ticker.json(),
        json!({"total": 4, "requests": [{"method": "GET", "path": TICKER, "count": 4}]})
    );
    assert_eq!(count(&server, "POST", ORDERS).await, 1);
    assert_eq!(count(&server, "get", ORDERS).await, 0);
    let all = get(&server, "/_sandbox/requests").await.json();
    assert_eq!(all["total"], 6);
    assert_eq!(all["requests"].as_array().unwrap().len(), 3);

    let typo = get(&server, "/_sandbox/requests?paht=/api").await;
    assert_eq!(typo.status, 400);
    assert!(typo.errors()[0].contains("paht"));

    let reset = send(&server, "DELETE", "/_sandbox/requests", &[], "").await;
    assert_eq!(reset.status, 204);
    assert_eq!(
        get(&server, "/_sandbox/requests").await.json(),
        json!({"total": 0, "requests": []})
    );
    get(&server, TICKER).await;
    assert_eq!(count(&server, "GET", TICKER).await, 1);
}

/// A directory with a page and a package file, removed when dropped.
struct Files(std::path::PathBuf);

impl Files {
    fn new(name: &str) -> Self {
        let root = std::env::temp_dir().join(format!("bc-sandbox-{name}-{}", std::process::id()));
        std::fs::create_dir_all(root.join("www")).unwrap();
        std::fs::create_dir_all(root.join("pkg")).unwrap();
        std::fs::write(
            root.join("www/index.html"),
            "<!DOCTYPE html><title>page</title>",
        )
        .unwrap();
        std::fs::write(root.join("pkg/widget.js"), "export {};").unwrap();
        Files(root)
    }
}

impl Drop for Files {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

const PAGE_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
     style-src 'self'; img-src 'self'; connect-src 'self' https://bitcoin-central.net \
     wss://bitcoin-central.net; \
     base-uri 'none'; object-src 'none'; frame-ancestors 'none'; form-action 'self'";

#[tokio::test]
async fn pages_files_and_answers_carry_security_headers() {
    let files = Files::new("headers");
    let server = server(|c| {
        c.www = Some(files.0.join("www"));
        c.pkg = Some(files.0.join("pkg"));
    })
    .await;
    for path in ["/", "/index.html", "/pkg/widget.js"] {
        let answer = get(&server, path).await;
        assert_eq!(answer.status, 200, "{path}");
        assert_eq!(
            answer.header("content-security-policy"),
            Some(PAGE_POLICY),
            "{path}"
        );
        assert_eq!(
            answer.header("referrer-policy"),
            Some("no-referrer"),
            "{path}"
        );
        assert_eq!(
            answer.header("x-content-type-options"),
            Some("nosniff"),
            "{path}"
        );
    }
    for path in [TICKER, "/api/v1/nothing", "/_sandbox/faults"] {
        let answer = get(&server, path).await;
        assert!(
            answer
                .header("content-type")
                .unwrap()
                .starts_with("application/json")
        );
        assert_eq!(
            answer.header("referrer-policy"),
            Some("no-referrer"),
            "{path}"
        );
        assert_eq!(
            answer.header("x-content-type-options"),
            Some("nosniff"),
            "{path}"
        );
        let policy = answer.header("content-security-policy").unwrap();
        assert!(policy.starts_with("default-src 'none'"), "{path}: {policy}");
    }
}

/// The `<style>` of a page and the `style-src` hash its policy allows.
fn style_and_hash(answer: &Answer) -> (String, String) {
    let style = answer.body.split("<style>").nth(1).unwrap();
    let style = style.split("</style>").next().unwrap();
    let computed = format!("'sha256-{}'", STANDARD.encode(Sha256::digest(style)));
    (
        computed,
        answer.header("content-security-policy").unwrap().to_owned(),
    )
}

#[tokio::test]
async fn oauth_pages_allow_their_style_and_their_forms_redirect() {
    let server = server(|c| {
        c.clients.push(OAuthClient {
            id: "elsewhere".into(),
            secret: None,
            redirect_uris: vec!["https://app.example:8443/callback?x=1".into()],
            loopback: false,
        });
    })
    .await;
    let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(
        b"a-verifier-of-at-least-43-characters-long-enough",
    ));
    let consent = |client: &str, redirect: &str| {
        let mut q = form_urlencoded::Serializer::new(String::new());
        q.append_pair("response_type", "code")
            .append_pair("client_id", client)
            .append_pair("redirect_uri", redirect)
            .append_pair("scope", "basic")
            .append_pair("state", "s")
            .append_pair("code_challenge", &challenge)
            .append_pair("code_challenge_method", "S256");
        format!("/api/oauth/authorize?{}", q.finish())
    };
    let origin = format!("http://{}", server.addr);

    let own = get(
        &server,
        &consent("bitcoin-central-demo", &format!("{origin}/")),
    )
    .await;
    assert_eq!(own.status, 200, "{}", own.body);
    let (hash, policy) = style_and_hash(&own);
    assert_eq!(
        policy,
        format!(
            "default-src 'none'; style-src {hash}; img-src 'self'; base-uri 'none'; \
             form-action 'self' {origin}; frame-ancestors 'none'"
        )
    );
    assert_eq!(own.header("referrer-policy"), Some("no-referrer"));
    assert_eq!(own.header("x-content-type-options"), Some("nosniff"));
    // Its icon is named, and served: a browser asks for none the policy refuses.
    assert!(
        own.body
            .contains("<link rel=\"icon\" href=\"/favicon.ico\" type=\"image/svg+xml\">")
    );
    let icon = get(&server, "/favicon.ico").await;
    assert_eq!(icon.status, 200);
    assert_eq!(icon.header("content-type"), Some("image/svg+xml"));
    assert!(icon.body.starts_with("<svg "), "{}", icon.body);

    let other = get(
        &server,
        &consent("elsewhere", "https://app.example:8443/callback?x=1"),
    )
    .await;
    assert_eq!(other.status, 200, "{}", other.body);
    assert!(
        other
            .header("content-security-policy")
            .unwrap()
            .contains("; form-action 'self' https://app.example:8443;"),
        "the redirect after the form's post is allowed"
    );

    let refused = get(&server, &consent("nobody", "https://evil.example/")).await;
    assert_eq!(refused.status, 400);
    let (hash, policy) = style_and_hash(&refused);
    assert_eq!(
        policy,
        format!(
            "default-src 'none'; style-src {hash}; img-src 'self'; base-uri 'none'; \
             form-action 'none'; frame-ancestors 'none'"
        )
    );
    assert_eq!(refused.header("referrer-policy"), Some("no-referrer"));
}
