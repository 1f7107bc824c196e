//! The scripted server both fuzz bodies (`lib.rs`, `differential.rs`) call the client
//! through: every request gets the same answer, at once, on a clock its timer moves.
//! Included by each with `#[path]`, as they are included by the tests.

use std::cell::Cell;
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use bitcoin_central::http::{HttpRequest, HttpResponse, Transport, TransportError};
use bitcoin_central::{Config, GenericClient};

/// A server that gives the same answer to every request (a retried GET meets it
/// again), on a clock that its timer moves at once.
pub struct Server {
    answer: HttpResponse,
    now_ms: Cell<f64>,
}

impl Transport for Server {
    async fn send(&self, _request: HttpRequest) -> Result<HttpResponse, TransportError> {
        Ok(self.answer.clone())
    }

    async fn sleep(&self, ms: u32) {
        self.now_ms.set(self.now_ms.get() + f64::from(ms));
    }

    fn now_ms(&self) -> f64 {
        self.now_ms.get()
    }

    fn jitter(&self) -> f64 {
        0.5
    }
}

/// A client of the default config whose every request gets `answer`.
pub fn client(answer: HttpResponse) -> GenericClient<Server> {
    let server = Server {
        answer,
        now_ms: Cell::new(1_700_000_000_000.0),
    };
    GenericClient::with_transport(Config::default(), server)
}

/// Runs a future of the client to its end: the transport answers at once, so one poll
/// is enough.
pub fn run<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    match future
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    {
        Poll::Ready(output) => output,
        Poll::Pending => panic!("the client waited, though its transport answers at once"),
    }
}
