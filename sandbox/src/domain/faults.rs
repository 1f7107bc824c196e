//! The faults a test can ask for, and the sandbox's bookkeeping of them: the queue of
//! faults waiting for the API calls they match, and the count of the calls received.
//! [`crate::router::faults`] applies them to answers (and lists what each one does);
//! [`crate::handlers::faults`] serves the queue and the count at `/_sandbox/faults` and
//! `/_sandbox/requests`.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::Deserialize;

/// The longest delay (or slow body) a fault may ask for, and how long `hang-after`
/// hangs.
pub const MAX_DELAY_MS: u64 = 60_000;
/// Retry-After of the plain `rate-limited` fault.
const RETRY_AFTER_SECS: u64 = 7;
/// The longest Retry-After `rate-limited-<secs>` may ask for: a day.
const MAX_RETRY_AFTER_SECS: u64 = 86_400;
/// The most calls one queued fault may apply to.
const MAX_TIMES: u32 = 1_000;
/// The most faults the queue holds.
const MAX_QUEUED: usize = 100;
/// The longest body `oversized-<bytes>` may ask for: 1 GiB (it is made as it is sent,
/// never held).
pub const MAX_OVERSIZED_BYTES: u64 = 1 << 30;
/// The longest string `huge-currency-<bytes>` may ask for: 64 MiB (it is held).
pub const MAX_HUGE_CURRENCY_BYTES: usize = 64 << 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    Delay(Duration),
    SlowBody(Duration),
    /// An HTML page with this status (100 to 999).
    Html(u16),
    Truncate,
    ContentType,
    RateLimited {
        retry_after_secs: u64,
    },
    HangAfter,
    Drop,
    /// `oversized-<bytes>` (`declared: false`, sent chunked, no `Content-Length`) and
    /// `oversized-declared-<bytes>` (with it): the real answer padded to `bytes`.
    Oversized {
        bytes: u64,
        declared: bool,
    },
    /// `endless-body`: the head, then a body that trickles and never ends.
    EndlessBody,
    /// `huge-currency-<bytes>`: the real answer, its first `currency` a string of
    /// `bytes` letters.
    HugeCurrency(usize),
    /// A fault of the real-time stream: never applied to an HTTP call.
    Stream(StreamFault),
}

/// What a stream fault does to the next frame a stream socket would send (in the
/// fault's namespace, if it names one): see [`crate::handlers::stream`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamFault {
    /// `stream-drop`: the TCP connection is closed, no close frame, no `1`.
    Drop,
    /// `stream-silent`: the socket sends nothing more (no pong, no event) while it
    /// stays open.
    Silent,
    /// `stream-malformed`: the frame is replaced by a broken socket.io packet.
    Malformed,
    /// `stream-oversized`: the frame is replaced by a valid `stream` event of 1.5 MiB.
    Oversized,
}

impl Fault {
    pub fn parse(text: &str) -> Option<Fault> {
        let millis = |ms: &str| {
            let ms = ms.parse::<u64>().ok()?;
            Some(Duration::from_millis(ms.min(MAX_DELAY_MS)))
        };
        if let Some(ms) = text.strip_prefix("delay-") {
            return millis(ms).map(Fault::Delay);
        }
        if let Some(ms) = text.strip_prefix("slow-body-") {
            return millis(ms).map(Fault::SlowBody);
        }
        if let Some(status) = text.strip_prefix("html-") {
            return status
                .parse::<u16>()
                .ok()
                .filter(|s| (100..1000).contains(s))
                .map(Fault::Html);
        }
        for (prefix, declared) in [("oversized-declared-", true), ("oversized-", false)] {
            if let Some(bytes) = text.strip_prefix(prefix) {
                return bytes
                    .parse::<u64>()
                    .ok()
                    .filter(|b| *b <= MAX_OVERSIZED_BYTES)
                    .map(|bytes| Fault::Oversized { bytes, declared });
            }
        }
        if let Some(bytes) = text.strip_prefix("huge-currency-") {
            return bytes
                .parse::<usize>()
                .ok()
                .filter(|b| *b <= MAX_HUGE_CURRENCY_BYTES)
                .map(Fault::HugeCurrency);
        }
        if let Some(secs) = text.strip_prefix("rate-limited-") {
            return secs
                .parse::<u64>()
                .ok()
                .filter(|secs| *secs <= MAX_RETRY_AFTER_SECS)
                .map(|retry_after_secs| Fault::RateLimited { retry_after_secs });
        }
        match text {
            "truncate" => Some(Fault::Truncate),
            "content-type" => Some(Fault::ContentType),
            "rate-limited" => Some(Fault::RateLimited {
                retry_after_secs: RETRY_AFTER_SECS,
            }),
            "hang-after" => Some(Fault::HangAfter),
            "drop" => Some(Fault::Drop),
            "endless-body" => Some(Fault::EndlessBody),
            "stream-drop" => Some(Fault::Stream(StreamFault::Drop)),
            "stream-silent" => Some(Fault::Stream(StreamFault::Silent)),
            "stream-malformed" => Some(Fault::Stream(StreamFault::Malformed)),
            "stream-oversized" => Some(Fault::Stream(StreamFault::Oversized)),
            _ => None,
        }
    }
}

/// A fault waiting for the calls it applies to.
#[derive(Debug, Clone)]
pub struct Queued {
    /// As it was asked for (`html-503`), for the listing.
    pub name: String,
    pub fault: Fault,
    /// Calls it still applies to.
    pub left: u32,
    /// Only calls whose path starts with this.
    pub path: Option<String>,
    /// Only calls with this method (as asked for, upper-cased).
    pub method: Option<String>,
    /// Stream faults only: only frames of this socket.io namespace (`/public`).
    pub namespace: Option<String>,
}

impl Queued {
    fn matches(&self, method: &str, path: &str) -> bool {
        !matches!(self.fault, Fault::Stream(_))
            && self.method.as_deref().is_none_or(|m| m == method)
            && self.path.as_deref().is_none_or(|p| path.starts_with(p))
    }
}

/// What `/_sandbox/requests` counts a path that is no API route's under (and
/// [`OTHER_METHOD`], a method that is no standard one).
pub const OTHER: &str = "other";
pub const OTHER_METHOD: &str = "OTHER";
/// Distinct (path, method) counts kept before new paths are counted by route.
pub const MAX_COUNTED_PATHS: usize = 1024;

/// The queued faults and the count of calls received, in the sandbox's shared state.
#[derive(Debug, Default)]
pub struct Faults {
    queue: Vec<Queued>,
    /// Per (path, method): calls received.
    requests: BTreeMap<(String, String), u64>,
}

impl Faults {
    /// Counts an API call, and takes the first queued fault it matches, if any.
    ///
    /// `route` is the API route the path is one of (`/api/v1/data/{currency}/ticker`),
    /// if any. The count stays bounded whatever paths arrive: a call is counted under
    /// its path if that is a route's and already counted or fewer than
    /// [`MAX_COUNTED_PATHS`] counts are kept, else under its route
    /// (`/api/v1/data/{currency}/ticker`), and under [`OTHER`] if it is no route's;
    /// under its method if that is a standard one, else [`OTHER_METHOD`].
    pub fn arrived(&mut self, method: &str, path: &str, route: Option<&str>) -> Option<Fault> {
        const STANDARD: [&str; 9] = [
            "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "CONNECT", "TRACE",
        ];
        let method = if STANDARD.contains(&method) {
            method
        } else {
            OTHER_METHOD
        };
        let exact = (path.to_owned(), method.to_owned());
        let key = match route {
            None => (OTHER.to_owned(), method.to_owned()),
            Some(_)
                if self.requests.contains_key(&exact)
                    || self.requests.len() < MAX_COUNTED_PATHS =>
            {
                exact
            }
            Some(route) => (route.to_owned(), method.to_owned()),
        };
        *self.requests.entry(key).or_default() += 1;
        let index = self.queue.iter().position(|q| q.matches(method, path))?;
        let queued = &mut self.queue[index];
        let fault = queued.fault;
        queued.left -= 1;
        if queued.left == 0 {
            self.queue.remove(index);
        }
        Some(fault)
    }

    /// Takes the first queued stream fault for a frame of `namespace` (`None`: an
    /// Engine.IO frame of no namespace, a pong or the opening), if any.
    pub fn take_stream(&mut self, namespace: Option<&str>) -> Option<StreamFault> {
        let index = self.queue.iter().position(|q| {
            matches!(q.fault, Fault::Stream(_))
                && q.namespace
                    .as_deref()
                    .is_none_or(|wanted| Some(wanted) == namespace)
        })?;
        let queued = &mut self.queue[index];
        let Fault::Stream(fault) = queued.fault else {
            return None;
        };
        queued.left -= 1;
        if queued.left == 0 {
            self.queue.remove(index);
        }
        Some(fault)
    }

    /// Whether a stream fault is waiting (a socket checks before each frame).
    pub fn has_stream(&self) -> bool {
        self.queue
            .iter()
            .any(|q| matches!(q.fault, Fault::Stream(_)))
    }

    /// Queues a fault behind the others, unless the queue is full.
    pub fn enqueue(&mut self, queued: Queued) -> Result<(), String> {
        if self.queue.len() >= MAX_QUEUED {
            return Err(format!("the queue holds {MAX_QUEUED} faults already"));
        }
        self.queue.push(queued);
        Ok(())
    }

    /// The queue, first to apply first.
    pub fn queued(&self) -> &[Queued] {
        &self.queue
    }

    pub fn clear_queue(&mut self) {
        self.queue.clear();
    }

    /// Per (path, method): the calls received.
    pub fn requests(&self) -> &BTreeMap<(String, String), u64> {
        &self.requests
    }

    /// Starts counting again from zero.
    pub fn forget_requests(&mut self) {
        self.requests.clear();
    }
}

/// The body of `POST /_sandbox/faults`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultRequest {
    pub fault: String,
    pub times: Option<u32>,
    pub path: Option<String>,
    pub method: Option<String>,
    /// Stream faults only.
    pub namespace: Option<String>,
}

impl FaultRequest {
    /// The fault to queue, or why it cannot be.
    pub fn check(self) -> Result<Queued, String> {
        let fault =
            Fault::parse(&self.fault).ok_or_else(|| format!("unknown fault \"{}\"", self.fault))?;
        let times = self.times.unwrap_or(1);
        if !(1..=MAX_TIMES).contains(&times) {
            return Err(format!("times must be from 1 to {MAX_TIMES}"));
        }
        if matches!(fault, Fault::Stream(_)) {
            if self.path.is_some() || self.method.is_some() {
                return Err(format!(
                    "{} is a stream fault: it takes a namespace, not a path or a method",
                    self.fault
                ));
            }
            if let Some(namespace) = self.namespace.as_deref() {
                if !namespace.starts_with('/') || namespace.len() > 100 {
                    return Err(format!("namespace \"{namespace}\" must start with /"));
                }
            }
        } else if self.namespace.is_some() {
            return Err(format!(
                "only stream faults take a namespace, not {}",
                self.fault
            ));
        }
        if let Some(path) = self.path.as_deref().filter(|p| !p.starts_with('/')) {
            return Err(format!("path \"{path}\" must start with /"));
        }
        let method = match self.method {
            None => None,
            Some(text) => Some(
                Some(text.to_ascii_uppercase())
                    .filter(|method| is_method(method))
                    .ok_or_else(|| format!("method \"{text}\" is not an HTTP method"))?,
            ),
        };
        Ok(Queued {
            name: self.fault,
            fault,
            left: times,
            path: self.path,
            method,
            namespace: self.namespace,
        })
    }
}

/// Whether `text` can be an HTTP method: a token (RFC 9110 §9.1, §5.6.2), as the
/// `http` crate checks a method.
fn is_method(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_faults() {
        assert_eq!(
            Fault::parse("delay-250"),
            Some(Fault::Delay(Duration::from_millis(250)))
        );
        assert_eq!(
            Fault::parse("delay-999999"),
            Some(Fault::Delay(Duration::from_secs(60)))
        );
        assert_eq!(
            Fault::parse("slow-body-800"),
            Some(Fault::SlowBody(Duration::from_millis(800)))
        );
        assert_eq!(Fault::parse("html-502"), Some(Fault::Html(502)));
        assert_eq!(Fault::parse("truncate"), Some(Fault::Truncate));
        assert_eq!(Fault::parse("content-type"), Some(Fault::ContentType));
        assert_eq!(
            Fault::parse("rate-limited"),
            Some(Fault::RateLimited {
                retry_after_secs: 7
            })
        );
        assert_eq!(
            Fault::parse("rate-limited-30"),
            Some(Fault::RateLimited {
                retry_after_secs: 30
            })
        );
        assert_eq!(Fault::parse("hang-after"), Some(Fault::HangAfter));
        assert_eq!(Fault::parse("drop"), Some(Fault::Drop));
        assert_eq!(
            Fault::parse("oversized-9437184"),
            Some(Fault::Oversized {
                bytes: 9_437_184,
                declared: false
            })
        );
        assert_eq!(
            Fault::parse("oversized-declared-9437184"),
            Some(Fault::Oversized {
                bytes: 9_437_184,
                declared: true
            })
        );
        assert_eq!(Fault::parse("endless-body"), Some(Fault::EndlessBody));
        assert_eq!(
            Fault::parse("huge-currency-1048576"),
            Some(Fault::HugeCurrency(1_048_576))
        );
        for bad in [
            "oversized-",
            "oversized-1073741825",
            "oversized-declared-x",
            "huge-currency-67108865",
            "endless-body-1",
            "delay-",
            "delay-x",
            "slow-body-",
            "html-99",
            "html-1000",
            "rate-limited-",
            "rate-limited--1",
            "rate-limited-86401",
            "explode",
            "",
        ] {
            assert_eq!(Fault::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn queued_faults_apply_to_matching_calls_then_run_out() {
        let mut faults = Faults::default();
        faults.queue.push(
            FaultRequest {
                fault: "html-503".into(),
                times: Some(2),
                path: Some("/api/v1/data/eur/ticker".into()),
                method: Some("get".into()),
                namespace: None,
            }
            .check()
            .unwrap(),
        );
        let ticker = "/api/v1/data/eur/ticker";
        let html = Some(Fault::Html(503));
        assert_eq!(faults.arrived("POST", ticker, Some(ticker)), None);
        assert_eq!(
            faults.arrived("GET", "/api/v1/data/eur/depth", Some("x")),
            None
        );
        assert_eq!(faults.arrived("GET", ticker, Some(ticker)), html);
        assert_eq!(faults.arrived("GET", ticker, Some(ticker)), html);
        assert_eq!(faults.arrived("GET", ticker, Some(ticker)), None);
        assert!(faults.queue.is_empty());
        assert_eq!(faults.requests[&(ticker.to_owned(), "GET".to_owned())], 3);
    }

    #[test]
    fn refuses_bad_fault_requests() {
        let request = |fault: &str, times, path: Option<&str>, method: Option<&str>| {
            FaultRequest {
                fault: fault.into(),
                times,
                path: path.map(Into::into),
                method: method.map(Into::into),
                namespace: None,
            }
            .check()
        };
        assert!(request("drop", None, None, None).is_ok());
        assert!(request("explode", None, None, None).is_err());
        assert!(request("drop", Some(0), None, None).is_err());
        assert!(request("drop", Some(MAX_TIMES + 1), None, None).is_err());
        assert!(request("drop", None, Some("api/v1"), None).is_err());
        assert!(request("drop", None, None, Some("GE T")).is_err());
        assert!(request("stream-drop", None, Some("/api"), None).is_err());
    }

    #[test]
    fn stream_faults_wait_for_stream_frames_of_their_namespace() {
        let mut faults = Faults::default();
        for (fault, namespace) in [("stream-silent", Some("/user")), ("stream-drop", None)] {
            let queued = FaultRequest {
                fault: fault.into(),
                times: Some(1),
                path: None,
                method: None,
                namespace: namespace.map(Into::into),
            }
            .check()
            .unwrap();
            faults.enqueue(queued).unwrap();
        }
        assert_eq!(
            faults.arrived("GET", "/api/v1/data/eur/ticker", Some("x")),
            None
        );
        assert!(faults.has_stream());
        assert_eq!(faults.take_stream(Some("/public")), Some(StreamFault::Drop));
        assert_eq!(faults.take_stream(Some("/public")), None);
        assert_eq!(faults.take_stream(Some("/user")), Some(StreamFault::Silent));
        assert!(!faults.has_stream());
        assert_eq!(
            Fault::parse("stream-oversized"),
            Some(Fault::Stream(StreamFault::Oversized))
        );
        assert_eq!(
            Fault::parse("stream-malformed"),
            Some(Fault::Stream(StreamFault::Malformed))
        );
        let http_with_namespace = FaultRequest {
            fault: "drop".into(),
            times: None,
            path: None,
            method: None,
            namespace: Some("/public".into()),
        };
        assert!(http_with_namespace.check().is_err());
    }
}
