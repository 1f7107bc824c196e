//! Where a response becomes a model, JS-ready JSON, or an [`Error`].
//!
//! [`check`] reads an [`HttpResponse`]'s status the way the spec describes: 200/201
//! carry the entity; 400/422 carry `{"errors": [...]}`, localized; 429 is the rate
//! limit. The body of a good answer is then read once by the schema walk
//! (`schema.rs`): into a Rust model ([`decode`]) or into the tape JS makes its
//! objects from ([`decode_js`], `tape.rs`). Money never passes through an `f64`.
//!
//! The client's own calls read a body in slices of [`SLICE_BYTES`], pausing between
//! them ([`node_sliced`], [`decode_js_sliced`], [`depth_book_sliced`]): in a browser, a body of megabytes
//! never holds the page's thread for longer than a slice.

use crate::book::{BookSink, DepthBook};
use crate::error::{Error, Text};
use crate::http::{HttpResponse, Transport};
use crate::json;
use crate::json::Syntax;
use crate::model::Depth;
use crate::schema::{self, Failure, Kind, Model, Node, NodeSink, Problem, Sink, Walker};
use crate::send::Sender;
use crate::tape::{self, Tape};

/// The error an unsuccessful status stands for, if it is one.
pub fn check(response: &HttpResponse) -> Result<(), Error> {
    let status = response.status;
    match status {
        200..=299 => Ok(()),
        429 => Err(Error::RateLimited {
            retry_after_secs: response.retry_after_secs(),
            messages: error_messages(&response.body),
        }),
        400 | 422 => Err(Error::Api {
            status,
            messages: error_messages(&response.body),
        }),
        _ => Err(Error::Http {
            status,
            messages: error_messages(&response.body),
        }),
    }
}

/// Decodes a successful body into `T`, naming the failing field on error.
pub fn decode<T: Model>(response: &HttpResponse) -> Result<T, Error> {
    json_body(response)?;
    schema::decode::<T>(&response.body).map_err(|failure| failed(response, &failure))
}

/// Decodes a successful body as `kind` into the tape JS makes its objects from (see
/// `tape.rs`): texts are offsets into the body, every decimal the server's digits.
pub fn decode_js(response: &HttpResponse, kind: &Kind) -> Result<Tape, Error> {
    json_body(response)?;
    tape::tape(&response.body, kind).map_err(|failure| failed(response, &failure))
}

/// The bytes of a body read, and walked, between two pauses. A slice of a depth answer
/// walks in about 0.6 ms in Chromium (113 MB/s); the widget's longest task while it
/// reads answers of megabytes is in `make bench` ("the widget's main thread").
pub const SLICE_BYTES: usize = 64 * 1024;

/// [`schema::walk`] of `bytes` in slices of [`SLICE_BYTES`], the transport's pause
/// awaited between two: the same values reach `sink`, and the same failure.
pub async fn walk_sliced<T: Transport>(
    bytes: &[u8],
    kind: &Kind,
    sink: &mut impl Sink,
    sender: &Sender<T>,
) -> Result<(), Failure> {
    let mut walker = Walker::new(kind);
    while !walker.resume(bytes, SLICE_BYTES, sink)? {
        sender.pause().await;
    }
    Ok(())
}

/// [`decode_js`], read in slices ([`walk_sliced`]): the JS client's public calls.
#[cfg(all(target_arch = "wasm32", feature = "js"))]
pub async fn decode_js_sliced<T: Transport>(
    response: &HttpResponse,
    kind: &Kind,
    sender: &Sender<T>,
) -> Result<Tape, Error> {
    json_body(response)?;
    let mut writer = tape::TapeWriter::new(&response.body);
    match walk_sliced(&response.body, kind, &mut writer, sender).await {
        Ok(()) => Ok(writer.finish()),
        Err(failure) => Err(failed(response, &failure)),
    }
}

/// The [`Node`] of a successful body read as `kind` in slices ([`walk_sliced`]); then
/// [`model`] makes the model of it. (Two steps, so that the sliced walk is compiled
/// once, not once per model.)
pub async fn node_sliced<T: Transport>(
    response: &HttpResponse,
    kind: &Kind,
    sender: &Sender<T>,
) -> Result<Node, Error> {
    json_body(response)?;
    let mut sink = NodeSink::default();
    let read = match walk_sliced(&response.body, kind, &mut sink, sender).await {
        Ok(()) => sink.finish(),
        Err(failure) => Err(failure),
    };
    read.map_err(|failure| failed(response, &failure))
}

/// A successful list answer read in slices ([`walk_sliced`]), each item made into a
/// `T` as soon as it ends: the list's nodes are never all held at once, and no pass
/// over the whole list follows the walk (a list of 40,000 trades made its models in
/// one go in 10 to 40 ms of the page's thread).
pub async fn list_sliced<T: Model, Tr: Transport>(
    response: &HttpResponse,
    sender: &Sender<Tr>,
) -> Result<Vec<T>, Error> {
    let mut items = Vec::new();
    items_sliced(response, sender, |item| items.push(item)).await?;
    Ok(items)
}

/// [`list_sliced`], each item handed to `each` as soon as it is made.
pub async fn items_sliced<T: Model, Tr: Transport>(
    response: &HttpResponse,
    sender: &Sender<Tr>,
    mut each: impl FnMut(T),
) -> Result<(), Error> {
    json_body(response)?;
    let kind = <Vec<T> as Model>::KIND;
    let mut made = true;
    let mut take = |node| match T::from_node(Some(node)) {
        Some(item) => each(item),
        None => made = false,
    };
    let mut sink = NodeSink::items(&mut take);
    let read = walk_sliced(&response.body, &kind, &mut sink, sender).await;
    drop(sink);
    match read {
        Err(failure) => Err(failed(response, &failure)),
        // Every item the walk accepted is a `T`: a library bug otherwise, said so.
        Ok(()) if !made => model::<Vec<T>>(response, Node::Null).map(drop),
        Ok(()) => Ok(()),
    }
}

/// The model `R` of the node [`node_sliced`] read of `response` as `R::KIND`.
pub fn model<R: Model>(response: &HttpResponse, node: Node) -> Result<R, Error> {
    schema::model_from::<R>(node).map_err(|failure| failed(response, &failure))
}

/// A successful depth answer as a [`DepthBook`] kept in memory (the checks and errors
/// of `depth()`), read in slices ([`walk_sliced`]).
pub async fn depth_book_sliced<T: Transport>(
    response: HttpResponse,
    sender: &Sender<T>,
) -> Result<DepthBook, Error> {
    json_body(&response)?;
    let mut sink = BookSink::new(&response.body, &Depth::KIND);
    match walk_sliced(&response.body, &Depth::KIND, &mut sink, sender).await {
        Ok(()) => {
            let levels = sink.finish();
            Ok(levels.into_book(response.body))
        }
        Err(failure) => Err(failed(&response, &failure)),
    }
}

/// A body labelled as something else is not the API's answer, even if it parses (a
/// captive portal, a proxy, a misrouted request).
fn json_body(response: &HttpResponse) -> Result<(), Error> {
    match response.header("content-type") {
        Some(content_type) if !is_json(content_type) => Err(Error::Decode {
            status: Some(response.status),
            path: String::new(),
            reason: Text::NotJsonContent(content_type.to_owned()),
        }),
        _ => Ok(()),
    }
}

pub(crate) fn failed(response: &HttpResponse, failure: &Failure) -> Error {
    let content_type = response.header("content-type").unwrap_or("no content type");
    let first = response
        .body
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .copied();
    let looks_like_json = content_type.contains("json") || matches!(first, Some(b'{' | b'['));
    let reason = if looks_like_json {
        failure_text(failure, response.body.len())
    } else {
        Text::NotJsonContent(content_type.to_owned())
    };
    Error::Decode {
        status: Some(response.status),
        path: failure.path(),
        reason,
    }
}

/// `application/json`, with or without parameters, or any `+json` type.
/// What the walk found wrong, as a text of the catalogue. `input_len` is the body's
/// length (a truncated body says where it ends).
pub fn failure_text(failure: &Failure, input_len: usize) -> Text {
    match &failure.problem {
        Problem::Syntax(Syntax::Eof) => Text::Truncated { len: input_len },
        Problem::Syntax(Syntax::Unexpected { at, expected }) => Text::BadJson { at: *at, expected },
        Problem::Syntax(Syntax::BadString { at }) => Text::BadString { at: *at },
        Problem::Syntax(Syntax::TooDeep { at }) => Text::TooDeep {
            at: *at,
            max: json::MAX_DEPTH,
        },
        Problem::Type { expected, found } => Text::WrongType { expected, found },
        Problem::Missing => Text::Missing,
        Problem::Duplicate => Text::GivenTwice,
        Problem::Unknown { known } => Text::UnknownField {
            known: known.iter().map(|f| f.js).collect::<Vec<_>>().join(", "),
        },
        // The value's own words (a number's text and what is wrong with it).
        Problem::Decimal(reason) | Problem::Int(reason) | Problem::Other(reason) => {
            Text::Given(reason.clone())
        }
        Problem::Name { found, names } => Text::NotOneOf {
            found: found.clone(),
            names: names.join(", "),
        },
        Problem::TooLong { max } => Text::TextTooLong { max: *max },
        Problem::Length { expected } => Text::WrongLength {
            expected: *expected,
        },
    }
}

fn is_json(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or_default().trim();
    let essence = essence.to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json")
}

/// The messages of the spec's error body, `{"errors": ["...", ...]}` or
/// `{"errors": "..."}`. A body that is not one gives no messages (the status alone
/// still tells what happened).
pub(crate) fn error_messages(body: &[u8]) -> Vec<String> {
    let Some(errors) = json::field(body, "errors") else {
        return Vec::new();
    };
    match json::items(errors) {
        Some(items) => items
            .into_iter()
            .map(json::string)
            .collect::<Option<Vec<String>>>()
            .unwrap_or_default(),
        None => json::string(errors).into_iter().collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::error_messages;

    #[test]
    fn error_bodies_give_their_messages() {
        assert_eq!(error_messages(br#"{"errors": ["a", "b"]}"#), ["a", "b"]);
        assert_eq!(error_messages(br#"{"errors": "one", "x": 1}"#), ["one"]);
        for none in [
            &br#"["a"]"#[..],
            br#"{"errors": [1]}"#,
            br#"{"errors": null}"#,
            b"<html>",
            b"",
            br#"{}"#,
        ] {
            assert!(
                error_messages(none).is_empty(),
                "{}",
                String::from_utf8_lossy(none)
            );
        }
    }
}
