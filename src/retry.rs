//! When a GET is tried again, and after how long.
//!
//! Only GETs are retried: they change nothing on the exchange. A POST or DELETE that
//! got no answer may have been carried out, so it is never resent (its error is
//! `unknown-outcome`). A GET is retried after a network failure, a timeout, a 429 or a
//! 5xx answer; never after a 4xx the server meant (a bad market, a missing order) or a
//! body that does not decode.
//!
//! Waits grow exponentially from [`BASE_DELAY_MS`] with "equal jitter" (half fixed,
//! half random), so that many pages knocked off by the same outage do not come back
//! at the same instant. A `Retry-After` from the server replaces the computed wait.
//! Every wait comes out of one budget per call ([`RetryPolicy::budget_ms`]): when the
//! next wait does not fit, the last error is returned at once, so the caller can show
//! it rather than spin.

/// The first wait, doubled after each further failure.
pub const BASE_DELAY_MS: u32 = 250;
/// The longest computed wait between two attempts (a `Retry-After` may be longer,
/// within the budget).
pub const MAX_DELAY_MS: u32 = 4_000;
/// Retries of a GET by default, after the first attempt.
pub const DEFAULT_RETRIES: u32 = 2;
/// The most retries a client may ask for.
pub const MAX_RETRIES: u32 = 10;
/// The waiting a GET may spend between its attempts, by default.
pub const DEFAULT_RETRY_BUDGET_MS: u32 = 10_000;

/// How a client retries its GETs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt; 0 turns retrying off.
    pub retries: u32,
    /// The total time a call may spend waiting between attempts.
    pub budget_ms: u32,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            retries: DEFAULT_RETRIES,
            budget_ms: DEFAULT_RETRY_BUDGET_MS,
        }
    }
}

/// What the failed attempt was, as far as retrying is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// No answer: the network failed or the timeout fired.
    NoAnswer,
    /// An answer with this status, and its `Retry-After` in seconds, if any.
    Status {
        /// The HTTP status.
        status: u16,
        /// The answer's `Retry-After`, in seconds; `None` when it had none.
        retry_after_secs: Option<u64>,
    },
}

impl Failure {
    /// Whether trying the same GET again can succeed.
    pub fn is_transient(self) -> bool {
        match self {
            Failure::NoAnswer => true,
            Failure::Status { status, .. } => matches!(status, 429 | 500 | 502 | 503 | 504),
        }
    }
}

impl RetryPolicy {
    /// The wait before retry number `retry` (0 for the first retry) after `failure`,
    /// with `spent_ms` of the budget already waited; `None` when the call should give
    /// up. `jitter` is a number in [0, 1).
    pub fn wait_ms(self, retry: u32, failure: Failure, spent_ms: u32, jitter: f64) -> Option<u32> {
        if retry >= self.retries || !failure.is_transient() {
            return None;
        }
        let wait = match failure {
            Failure::Status {
                retry_after_secs: Some(secs),
                ..
            } => u32::try_from(secs.saturating_mul(1000)).unwrap_or(u32::MAX),
            _ => backoff_ms(retry, BASE_DELAY_MS, MAX_DELAY_MS, jitter),
        };
        (spent_ms.saturating_add(wait) <= self.budget_ms).then_some(wait)
    }
}

/// The wait before attempt number `attempt + 1` after a failure: `base_ms` doubled
/// `attempt` times, at most `max_ms`, with "equal jitter" (half of it fixed, half
/// `jitter` of it, a number in [0, 1)). The GETs' retries use it, and so do the
/// streams' reconnections (`crate::stream`), with their own base and cap.
pub fn backoff_ms(attempt: u32, base_ms: u32, max_ms: u32, jitter: f64) -> u32 {
    let exponential = base_ms
        .saturating_mul(1u32.checked_shl(attempt).unwrap_or(u32::MAX))
        .min(max_ms);
    let half = exponential / 2;
    // jitter is in [0, 1): the product is below `half`, and the cast exact.
    half + (f64::from(half) * jitter.clamp(0.0, 1.0)) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    const NO_ANSWER: Failure = Failure::NoAnswer;
    fn status(status: u16) -> Failure {
        Failure::Status {
            status,
            retry_after_secs: None,
        }
    }

    #[test]
    fn waits_double_with_equal_jitter_up_to_the_cap() {
        let policy = RetryPolicy {
            retries: 64,
            budget_ms: u32::MAX,
        };
        let low: Vec<_> = (0..6)
            .map(|n| policy.wait_ms(n, NO_ANSWER, 0, 0.0).unwrap())
            .collect();
        assert_eq!(low, [125, 250, 500, 1000, 2000, 2000]);
        let high: Vec<_> = (0..6)
            .map(|n| policy.wait_ms(n, NO_ANSWER, 0, 0.999_999).unwrap())
            .collect();
        assert_eq!(high, [249, 499, 999, 1999, 3999, 3999]);
        assert_eq!(policy.wait_ms(40, NO_ANSWER, 0, 0.5), Some(3000));
    }

    #[test]
    fn only_transient_failures_are_retried() {
        let policy = RetryPolicy::default();
        for transient in [
            NO_ANSWER,
            status(429),
            status(500),
            status(502),
            status(503),
            status(504),
        ] {
            assert!(
                policy.wait_ms(0, transient, 0, 0.5).is_some(),
                "{transient:?}"
            );
        }
        for meant in [
            status(400),
            status(401),
            status(403),
            status(404),
            status(422),
            status(501),
        ] {
            assert_eq!(policy.wait_ms(0, meant, 0, 0.5), None, "{meant:?}");
        }
    }

    #[test]
    fn the_retry_count_and_the_budget_bound_the_waiting() {
        let policy = RetryPolicy {
            retries: 2,
            budget_ms: 1_000,
        };
        assert!(policy.wait_ms(1, NO_ANSWER, 0, 0.0).is_some());
        assert_eq!(policy.wait_ms(2, NO_ANSWER, 0, 0.0), None, "third retry");
        assert_eq!(
            policy.wait_ms(1, NO_ANSWER, 800, 0.0),
            None,
            "250 ms do not fit"
        );
        let off = RetryPolicy {
            retries: 0,
            ..policy
        };
        assert_eq!(off.wait_ms(0, NO_ANSWER, 0, 0.0), None);
    }

    #[test]
    fn retry_after_replaces_the_computed_wait_if_it_fits() {
        let policy = RetryPolicy::default();
        let after = |secs| Failure::Status {
            status: 429,
            retry_after_secs: Some(secs),
        };
        assert_eq!(policy.wait_ms(0, after(3), 0, 0.9), Some(3_000));
        assert_eq!(policy.wait_ms(0, after(0), 0, 0.9), Some(0));
        assert_eq!(
            policy.wait_ms(0, after(11), 0, 0.0),
            None,
            "past the budget"
        );
        assert_eq!(policy.wait_ms(0, after(u64::MAX), 0, 0.0), None);
    }
}
