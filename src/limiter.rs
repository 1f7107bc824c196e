//! The optional client-side rate limiter: keeps a page under the exchange's limit
//! (86,400 calls a day, one a second on average) instead of finding it with a 429.
//!
//! A token bucket: `burst` calls may go at once, then one every `interval_ms`. Each
//! call *reserves* its slot and waits until it comes, so calls queue in the order
//! they were made and a burst of a hundred concurrent calls goes out at the bucket's
//! pace. What the server says overrides the bucket: `X-Ratelimit-Remaining` caps the
//! calls it holds, and a 429's `Retry-After` holds every call until then.
//!
//! Every client with the same settings shares one bucket ([`Limiter::shared`]): in the
//! browser that is every client and widget of the page (one wasm instance, one
//! thread).

use std::cell::RefCell;
use std::rc::Rc;

/// The documented limit: one call a second on average.
pub const DEFAULT_INTERVAL_MS: u32 = 1_000;
/// Calls that may go at once before the pace applies: a page that has been quiet may
/// refresh everything at once; a busy one settles to the pace.
pub const DEFAULT_BURST: u32 = 30;

/// A limiter's settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct LimiterSettings {
    /// Milliseconds between two calls, on average.
    pub interval_ms: u32,
    /// Calls that may go at once.
    pub burst: u32,
}

impl Default for LimiterSettings {
    fn default() -> Self {
        LimiterSettings {
            interval_ms: DEFAULT_INTERVAL_MS,
            burst: DEFAULT_BURST,
        }
    }
}

/// A token bucket over a caller's clock (Unix milliseconds).
#[derive(Debug, Clone)]
pub struct Limiter {
    settings: LimiterSettings,
    /// Calls available at `updated_ms`; below zero when calls are queued.
    tokens: f64,
    updated_ms: f64,
    /// No call goes before this (a 429's `Retry-After`).
    held_until_ms: f64,
}

thread_local! {
    static SHARED: RefCell<Vec<(LimiterSettings, Rc<RefCell<Limiter>>)>> = const { RefCell::new(Vec::new()) };
}

impl Limiter {
    /// A full bucket.
    pub fn new(settings: LimiterSettings) -> Limiter {
        Limiter {
            settings,
            tokens: f64::from(settings.burst.max(1)),
            updated_ms: f64::NAN,
            held_until_ms: f64::NEG_INFINITY,
        }
    }

    /// The bucket every client with these settings uses on this thread (the page).
    pub fn shared(settings: LimiterSettings) -> Rc<RefCell<Limiter>> {
        SHARED.with(|shared| {
            let mut shared = shared.borrow_mut();
            if let Some((_, limiter)) = shared.iter().find(|(s, _)| *s == settings) {
                return Rc::clone(limiter);
            }
            let limiter = Rc::new(RefCell::new(Limiter::new(settings)));
            shared.push((settings, Rc::clone(&limiter)));
            limiter
        })
    }

    /// The settings the bucket was made with.
    pub fn settings(&self) -> LimiterSettings {
        self.settings
    }

    fn refill(&mut self, now_ms: f64) {
        if self.updated_ms.is_nan() {
            self.updated_ms = now_ms;
        }
        let elapsed = (now_ms - self.updated_ms).max(0.0);
        let capacity = f64::from(self.settings.burst.max(1));
        let rate = 1.0 / f64::from(self.settings.interval_ms.max(1));
        self.tokens = (self.tokens + elapsed * rate).min(capacity);
        self.updated_ms = self.updated_ms.max(now_ms);
    }

    /// Reserves a call's slot: how long to wait before sending it (0: now).
    pub fn reserve(&mut self, now_ms: f64) -> u32 {
        self.refill(now_ms);
        self.tokens -= 1.0;
        let queued = if self.tokens >= 0.0 {
            0.0
        } else {
            -self.tokens * f64::from(self.settings.interval_ms.max(1))
        };
        let held = self.held_until_ms - now_ms;
        // Finite and at most a day or so: the cast saturates in any case.
        queued.max(held).max(0.0).ceil() as u32
    }

    /// How long a 429's `Retry-After` still holds calls (0: it does not). A call that
    /// reserved its slot before the 429 came checks this again before it goes.
    pub fn held_ms(&self, now_ms: f64) -> u32 {
        // At most the longest Retry-After accepted: the cast saturates in any case.
        (self.held_until_ms - now_ms).max(0.0).ceil() as u32
    }

    /// What the server said with an answer: calls `remaining` in its window, and a
    /// 429's `Retry-After`.
    pub fn observe(&mut self, now_ms: f64, remaining: Option<u64>, retry_after_secs: Option<u64>) {
        self.refill(now_ms);
        if let Some(remaining) = remaining {
            // Precision past 2^53 calls does not matter here.
            self.tokens = self.tokens.min(remaining as f64);
        }
        if let Some(secs) = retry_after_secs {
            self.held_until_ms = self.held_until_ms.max(now_ms + secs as f64 * 1000.0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limiter(interval_ms: u32, burst: u32) -> Limiter {
        Limiter::new(LimiterSettings { interval_ms, burst })
    }

    #[test]
    fn a_burst_goes_at_once_then_calls_queue_at_the_pace() {
        let mut bucket = limiter(1000, 3);
        let waits: Vec<u32> = (0..6).map(|_| bucket.reserve(0.0)).collect();
        assert_eq!(waits, [0, 0, 0, 1000, 2000, 3000]);
        // Four seconds on, the queue has drained: one slot came back.
        assert_eq!(bucket.reserve(4000.0), 0);
        assert_eq!(bucket.reserve(4000.0), 1000);
    }

    #[test]
    fn over_any_window_no_more_than_burst_plus_the_pace_go_out() {
        let mut bucket = limiter(200, 5);
        let mut sent_at: Vec<f64> = (0..100).map(|_| f64::from(bucket.reserve(0.0))).collect();
        sent_at.sort_by(f64::total_cmp);
        for (i, start) in sent_at.iter().enumerate() {
            let in_window = sent_at[i..]
                .iter()
                .take_while(|t| **t < start + 1000.0)
                .count();
            assert!(
                in_window <= 5 + 5,
                "{in_window} calls in the second from {start} ms"
            );
        }
    }

    #[test]
    fn the_server_s_remaining_count_caps_the_bucket() {
        let mut bucket = limiter(1000, 10);
        bucket.observe(0.0, Some(1), None);
        assert_eq!(bucket.reserve(0.0), 0);
        assert_eq!(bucket.reserve(0.0), 1000);
    }

    #[test]
    fn retry_after_holds_every_call() {
        let mut bucket = limiter(1000, 10);
        bucket.observe(5_000.0, Some(0), Some(7));
        assert_eq!(bucket.reserve(5_000.0), 7_000);
        assert_eq!(bucket.reserve(10_000.0), 2_000);
        assert_eq!(
            bucket.reserve(12_000.0),
            0,
            "after the hold, the bucket refilled"
        );
    }

    #[test]
    fn clients_with_the_same_settings_share_one_bucket() {
        let settings = LimiterSettings {
            interval_ms: 500,
            burst: 1,
        };
        let a = Limiter::shared(settings);
        let b = Limiter::shared(settings);
        assert!(Rc::ptr_eq(&a, &b));
        let other = Limiter::shared(LimiterSettings::default());
        assert!(!Rc::ptr_eq(&a, &other));
        assert_eq!(a.borrow_mut().reserve(0.0), 0);
        assert_eq!(b.borrow_mut().reserve(0.0), 500);
    }
}
