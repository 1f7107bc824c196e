//! The browser tiers' way to queue a sandbox fault (`POST /_sandbox/faults`) and to
//! count what the sandbox received (`GET /_sandbox/requests`). Included with `#[path]`
//! by the browser tests that use them.

use gloo_net::http::Request;

/// Queues the fault `body` describes (the admin endpoint's JSON) on the sandbox at
/// `sandbox`; the sandbox must take it (201).
pub async fn queue(sandbox: &str, body: String) {
    let response = Request::post(&format!("{sandbox}/_sandbox/faults"))
        .header("Content-Type", "application/json")
        .body(body)
        .unwrap()
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201, "{}", response.text().await.unwrap());
}

/// Queues `fault` for the next `times` GETs of `path`.
#[allow(
    dead_code,
    reason = "not every file that includes this queues GET faults"
)]
pub async fn queue_get(sandbox: &str, fault: &str, times: u32, path: &str) {
    queue(
        sandbox,
        format!(r#"{{"fault":"{fault}","times":{times},"path":"{path}","method":"GET"}}"#),
    )
    .await;
}

/// The GETs of `path` the sandbox at `sandbox` has received.
#[allow(
    dead_code,
    reason = "not every file that includes this counts requests"
)]
pub async fn received(sandbox: &str, path: &str) -> f64 {
    received_as(sandbox, "GET", path).await
}

/// The `method` requests of `path` the sandbox at `sandbox` has received.
#[allow(
    dead_code,
    reason = "not every file that includes this counts requests"
)]
pub async fn received_as(sandbox: &str, method: &str, path: &str) -> f64 {
    let text = Request::get(&format!(
        "{sandbox}/_sandbox/requests?path={path}&method={method}"
    ))
    .send()
    .await
    .unwrap()
    .text()
    .await
    .unwrap();
    let counts = js_sys::JSON::parse(&text).unwrap();
    js_sys::Reflect::get(&counts, &"total".into())
        .unwrap()
        .as_f64()
        .unwrap()
}
