//! The fault admin endpoints: `/_sandbox/faults` (`POST` queues a fault, `GET` lists
//! the queue, `DELETE` clears it) and `/_sandbox/requests` (`GET` counts the API calls
//! received, `DELETE` starts again from zero). What the faults do is described in
//! [`crate::router::faults`], which applies them.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{Value, json};

use crate::domain::faults::{Fault, FaultRequest, Queued};
use crate::domain::i18n::Message;
use crate::domain::sandbox::Sandbox;
use crate::http::lang;
use crate::http::respond::{errors, json};

/// A queued fault as `GET /_sandbox/faults` lists it.
fn queued_json(queued: &Queued) -> Value {
    let mut listed = json!({
        "fault": queued.name,
        "times": queued.left,
        "path": queued.path,
        "method": queued.method,
    });
    if let (Fault::Stream(_), Value::Object(fields)) = (queued.fault, &mut listed) {
        fields.insert("namespace".into(), json!(queued.namespace));
    }
    listed
}

/// `POST /_sandbox/faults`: queues a fault; 201 with it, or 400.
pub async fn queue(State(sandbox): State<Sandbox>, headers: HeaderMap, body: Bytes) -> Response {
    let lang = lang::negotiate(&headers);
    let checked = serde_json::from_slice::<FaultRequest>(&body)
        .map_err(|e| e.to_string())
        .and_then(FaultRequest::check);
    let queued = match checked {
        Ok(queued) => queued,
        Err(why) => {
            return errors(
                StatusCode::BAD_REQUEST,
                lang,
                &[Message::BadFaultRequest(why)],
            );
        }
    };
    let answer = queued_json(&queued);
    if let Err(why) = sandbox.faults().enqueue(queued) {
        return errors(
            StatusCode::BAD_REQUEST,
            lang,
            &[Message::BadFaultRequest(why)],
        );
    }
    json(StatusCode::CREATED, &answer)
}

/// `GET /_sandbox/faults`: the queue, first to apply first.
pub async fn list(State(sandbox): State<Sandbox>) -> Response {
    let faults: Vec<Value> = sandbox.faults().queued().iter().map(queued_json).collect();
    json(StatusCode::OK, &json!({ "faults": faults }))
}

/// `DELETE /_sandbox/faults`: empties the queue.
pub async fn clear(State(sandbox): State<Sandbox>) -> StatusCode {
    sandbox.faults().clear_queue();
    StatusCode::NO_CONTENT
}

/// `GET /_sandbox/requests[?path=/api/...][&method=GET]`: the calls received, per
/// method and path (`path` exact), and their total.
pub async fn requests(
    State(sandbox): State<Sandbox>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    if let Some(unknown) = query.keys().find(|k| *k != "path" && *k != "method") {
        return errors(
            StatusCode::BAD_REQUEST,
            lang::negotiate(&headers),
            &[Message::BadParameter {
                name: "query",
                value: unknown.clone(),
            }],
        );
    }
    let path = query.get("path");
    let method = query.get("method").map(|m| m.to_ascii_uppercase());
    let faults = sandbox.faults();
    let rows: Vec<(&(String, String), &u64)> = faults
        .requests()
        .iter()
        .filter(|((p, m), _)| {
            path.is_none_or(|path| p == path) && method.as_ref().is_none_or(|method| m == method)
        })
        .collect();
    let total: u64 = rows.iter().map(|(_, count)| **count).sum();
    let requests: Vec<Value> = rows
        .into_iter()
        .map(|((path, method), count)| json!({ "method": method, "path": path, "count": count }))
        .collect();
    json(
        StatusCode::OK,
        &json!({ "total": total, "requests": requests }),
    )
}

/// `DELETE /_sandbox/requests`: starts counting again from zero.
pub async fn forget(State(sandbox): State<Sandbox>) -> StatusCode {
    sandbox.faults().forget_requests();
    StatusCode::NO_CONTENT
}
