//! A scripted transport and a tiny executor, so the client runs on the host.
#![allow(dead_code)] // Each test binary uses a different part of this module.

use std::cell::RefCell;
use std::future::Future;
use std::pin::pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use bitcoin_central::http::{HttpRequest, HttpResponse, Transport, TransportError};
use bitcoin_central::{Config, GenericClient};

/// Answers each request with the next scripted result and records what was sent.
/// Its clock starts at 0 and moves only when the client sleeps, which it records.
#[derive(Default)]
pub struct Scripted {
    answers: RefCell<Vec<Result<HttpResponse, TransportError>>>,
    sent: Rc<RefCell<Vec<HttpRequest>>>,
    pub slept: Rc<RefCell<Vec<u32>>>,
    clock_ms: std::cell::Cell<f64>,
}

impl Scripted {
    /// A transport giving these answers in order, and the log of what it was sent.
    pub fn new(
        answers: Vec<Result<HttpResponse, TransportError>>,
    ) -> (Scripted, Rc<RefCell<Vec<HttpRequest>>>) {
        let sent = Rc::default();
        let transport = Scripted {
            answers: RefCell::new(answers),
            sent: Rc::clone(&sent),
            ..Scripted::default()
        };
        (transport, sent)
    }
}

impl Transport for Scripted {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        self.sent.borrow_mut().push(request);
        let mut answers = self.answers.borrow_mut();
        assert!(
            !answers.is_empty(),
            "the test scripted no answer for this request"
        );
        answers.remove(0)
    }

    async fn sleep(&self, ms: u32) {
        self.slept.borrow_mut().push(ms);
        self.clock_ms.set(self.clock_ms.get() + f64::from(ms));
    }

    fn now_ms(&self) -> f64 {
        self.clock_ms.get()
    }

    fn jitter(&self) -> f64 {
        0.5
    }
}

pub fn response(status: u16, content_type: &str, body: &str) -> HttpResponse {
    HttpResponse {
        status,
        headers: vec![("content-type".into(), content_type.into())],
        body: body.into(),
    }
}

pub fn json(status: u16, body: &str) -> HttpResponse {
    response(status, "application/json; charset=utf-8", body)
}

/// A client whose transport gives these answers in order.
pub fn client_answering(
    answers: Vec<Result<HttpResponse, TransportError>>,
) -> GenericClient<Scripted> {
    client_with(Config::default(), answers)
}

pub fn client_with(
    config: Config,
    answers: Vec<Result<HttpResponse, TransportError>>,
) -> GenericClient<Scripted> {
    client_logging_with(config, answers).0
}

/// A client, and the log of the requests it sends.
pub fn client_logging(
    answers: Vec<Result<HttpResponse, TransportError>>,
) -> (GenericClient<Scripted>, Rc<RefCell<Vec<HttpRequest>>>) {
    client_logging_with(Config::default(), answers)
}

/// A client with this configuration, and the log of the requests it sends.
pub fn client_logging_with_config(
    config: Config,
    answers: Vec<Result<HttpResponse, TransportError>>,
) -> (GenericClient<Scripted>, Rc<RefCell<Vec<HttpRequest>>>) {
    client_logging_with(config, answers)
}

fn client_logging_with(
    config: Config,
    answers: Vec<Result<HttpResponse, TransportError>>,
) -> (GenericClient<Scripted>, Rc<RefCell<Vec<HttpRequest>>>) {
    let sent = Rc::default();
    let transport = Scripted {
        answers: RefCell::new(answers),
        sent: Rc::clone(&sent),
        ..Scripted::default()
    };
    (GenericClient::with_transport(config, transport), sent)
}

/// Runs a future that never waits on real I/O (the scripted transport answers at once).
pub fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return output;
        }
    }
}
