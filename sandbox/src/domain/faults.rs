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
}

impl Queued {
    fn matches(&self, method: &str, path: &str) -> bool {
        self.method.as_deref().is_none_or(|m| m == method)
            && self.path.as_deref().is_none_or(|p| path.starts_with(p))
    }
}

/// The queued faults and the count of calls received, in the sandbox's shared state.
#[derive(Debug, Default)]
pub struct Faults {
    queue: Vec<Queued>,
    /// Per (path, method): calls received.
    requests: BTreeMap<(String, String), u64>,
}

impl Faults {
    /// Counts an API call, and takes the first queued fault it matches, if any.
    pub fn arrived(&mut self, method: &str, path: &str) -> Option<Fault> {
        *self
            .requests
            .entry((path.to_owned(), method.to_owned()))
            .or_default() += 1;
        let index = self.queue.iter().position(|q| q.matches(method, path))?;
        let queued = &mut self.queue[index];
        let fault = queued.fault;
        queued.left -= 1;
        if queued.left == 0 {
            self.queue.remove(index);
        }
        Some(fault)
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
        for bad in [
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
            }
            .check()
            .unwrap(),
        );
        let ticker = "/api/v1/data/eur/ticker";
        let html = Some(Fault::Html(503));
        assert_eq!(faults.arrived("POST", ticker), None);
        assert_eq!(faults.arrived("GET", "/api/v1/data/eur/depth"), None);
        assert_eq!(faults.arrived("GET", ticker), html);
        assert_eq!(faults.arrived("GET", ticker), html);
        assert_eq!(faults.arrived("GET", ticker), None);
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
            }
            .check()
        };
        assert!(request("drop", None, None, None).is_ok());
        assert!(request("explode", None, None, None).is_err());
        assert!(request("drop", Some(0), None, None).is_err());
        assert!(request("drop", Some(MAX_TIMES + 1), None, None).is_err());
        assert!(request("drop", None, Some("api/v1"), None).is_err());
        assert!(request("drop", None, None, Some("GE T")).is_err());
    }
}
