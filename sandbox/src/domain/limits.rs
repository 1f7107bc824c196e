//! Per-IP rate limiting, as the spec's "Rate-limiting" section describes: a fixed
//! window of calls per address. [`crate::router::limits`] counts every API call here
//! and reports the verdict in `X-Ratelimit-Limit` and `X-Ratelimit-Remaining`.

use std::collections::HashMap;
use std::net::IpAddr;

/// The outcome of counting one call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Allowed { limit: u64, remaining: u64 },
    Refused { limit: u64, retry_after_secs: u64 },
}

#[derive(Debug)]
pub struct RateLimiter {
    limit: u64,
    window_ms: i64,
    /// Per address: when its window started, and calls counted in it.
    windows: HashMap<Option<IpAddr>, (i64, u64)>,
}

impl RateLimiter {
    pub fn new(limit: u64, window_secs: u64) -> Self {
        let window_ms = i64::try_from(window_secs.saturating_mul(1000)).unwrap_or(i64::MAX);
        Self {
            limit,
            window_ms: window_ms.max(1),
            windows: HashMap::new(),
        }
    }

    pub fn count(&mut self, ip: Option<IpAddr>, now_ms: i64) -> Verdict {
        if self.windows.len() > 10_000 {
            let window_ms = self.window_ms;
            self.windows
                .retain(|_, (start, _)| now_ms - *start < window_ms);
        }
        let (start, calls) = self.windows.entry(ip).or_insert((now_ms, 0));
        if now_ms - *start >= self.window_ms {
            (*start, *calls) = (now_ms, 0);
        }
        if *calls >= self.limit {
            let left_ms = (*start + self.window_ms - now_ms).max(1);
            let retry_after_secs = u64::try_from((left_ms + 999) / 1000).unwrap_or(1);
            return Verdict::Refused {
                limit: self.limit,
                retry_after_secs,
            };
        }
        *calls += 1;
        Verdict::Allowed {
            limit: self.limit,
            remaining: self.limit - *calls,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_down_refuses_then_resets_with_the_window() {
        let ip = Some(IpAddr::from([127, 0, 0, 1]));
        let other = Some(IpAddr::from([127, 0, 0, 2]));
        let mut limiter = RateLimiter::new(2, 60);
        assert_eq!(
            limiter.count(ip, 0),
            Verdict::Allowed {
                limit: 2,
                remaining: 1
            }
        );
        assert_eq!(
            limiter.count(ip, 1_000),
            Verdict::Allowed {
                limit: 2,
                remaining: 0
            }
        );
        assert_eq!(
            limiter.count(ip, 10_500),
            Verdict::Refused {
                limit: 2,
                retry_after_secs: 50
            }
        );
        assert_eq!(
            limiter.count(other, 10_500),
            Verdict::Allowed {
                limit: 2,
                remaining: 1
            }
        );
        assert_eq!(
            limiter.count(ip, 60_000),
            Verdict::Allowed {
                limit: 2,
                remaining: 1
            }
        );
    }
}
