//! A stream's connection as a state machine without I/O: [`Stream`], over one
//! namespace's [`Feed`] (the market's, the account's).
//!
//! It is told what happened ([`Input`]: the socket opened, a frame came, a timer fired,
//! the REST snapshot came back) and answers with what to do ([`Effect`]: open a socket,
//! send a frame, start a timer, take a snapshot, tell the listeners). The browser skin
//! (`src/web/stream.rs`) carries the effects out with a `WebSocket`, `setTimeout` and
//! the client's own REST calls; the host tests play the server and the clock.
//!
//! The state is never a mix of two epochs: after the socket has joined the namespace,
//! its `stream` events are kept while the REST snapshot is read, then replayed over it
//! (each is a new state — a level's new total, a balance — so one the snapshot already
//! has changes nothing). Every reconnection, and every sign that an event was lost (a
//! malformed or oversized frame), takes the snapshot again.
//!
//! When the socket cannot be had for [`FALLBACK_MS`] (refused by a CSP, a proxy that
//! drops WebSockets, a long outage) the stream polls: it reads the same REST snapshot
//! every `poll_interval` (status `polling`), backing off after a failure (a 429's
//! `Retry-After` first), while the socket keeps being tried; the first time it is live
//! again, polling stops. A hidden tab pauses everything (status `paused`: no socket,
//! no timer, no call) and showing it connects again, through a new snapshot.

use super::packet::{self, Frame, Handshake, MAX_FRAME_BYTES, Malformed, Packet};
use crate::error::{Error, Text};
use crate::retry::backoff_ms;

/// How long a new socket may take to open (its Engine.IO open packet).
pub const HANDSHAKE_MS: u32 = 10_000;
/// The first wait before reconnecting, doubled after each failure in a row.
pub const RECONNECT_BASE_MS: u32 = 500;
/// The longest wait before reconnecting.
pub const RECONNECT_MAX_MS: u32 = 30_000;
/// How long a stream may be without a live socket before it polls instead.
pub const FALLBACK_MS: u32 = 5_000;
/// How often a stream polls by default.
pub const POLL_INTERVAL_MS: u32 = 10_000;
/// The shortest and longest poll intervals a stream may be given.
pub const POLL_INTERVAL_RANGE_MS: (u32, u32) = (2_000, 86_400_000);
/// The longest computed wait after failed polls (a `Retry-After` may be longer).
pub const POLL_BACKOFF_MAX_MS: u32 = 300_000;
/// Events kept while a snapshot is on its way; past this, they are dropped and the
/// snapshot is taken again once it lands.
pub const BUFFER_MAX: usize = 10_000;
/// Pings before the server says how often (Engine.IO's defaults).
const DEFAULT_HANDSHAKE: Handshake = Handshake {
    ping_interval_ms: 25_000,
    ping_timeout_ms: 60_000,
};

/// What one namespace's stream keeps and tells: the market's book, the account's
/// balances.
pub trait Feed {
    /// What the REST calls give as the start.
    type Snapshot;
    /// What the feed tells its listeners.
    type Notice;
    /// The namespace, `/public` or `/user`.
    const NAMESPACE: &'static str;
    /// Events of the namespace the feed does not need, ignored without a word (any
    /// other unknown event is reported).
    const QUIET: &'static [&'static str];

    /// The snapshot came: it replaces what the feed held.
    fn install(&mut self, snapshot: Self::Snapshot);

    /// One `stream` event's object (its JSON text), `live` or replayed over the
    /// snapshot. `Err`: it could not be read, so an event may have been lost.
    fn apply(
        &mut self,
        object: &str,
        live: bool,
        out: &mut Vec<Effect<Self::Notice>>,
    ) -> Result<(), Error>;

    /// The feed is live on a snapshot and the events since: what it sends and tells
    /// (the account's `channel`; "read whole").
    fn live(&mut self, out: &mut Vec<Effect<Self::Notice>>);

    /// A poll's snapshot was installed: what it tells ("read whole").
    fn polled(&mut self, out: &mut Vec<Effect<Self::Notice>>);
}

/// Where a stream is, as its `status` says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// The first connection is being made.
    Connecting,
    /// Joined, and the state is the server's.
    Live,
    /// The state may be behind: a pong is overdue, or an event was lost and the
    /// snapshot is being read again.
    Stale,
    /// The connection was lost; waiting to connect again, or connecting.
    Reconnecting,
    /// No socket to be had: the state is the latest poll's, while the socket is tried
    /// again.
    Polling,
    /// The tab is hidden: no socket, no poll, until it is shown.
    Paused,
    /// Closed by `close()`.
    Closed,
}

impl Status {
    /// As JS sees it.
    pub const fn as_str(self) -> &'static str {
        match self {
            Status::Connecting => "connecting",
            Status::Live => "live",
            Status::Stale => "stale",
            Status::Reconnecting => "reconnecting",
            Status::Polling => "polling",
            Status::Paused => "paused",
            Status::Closed => "closed",
        }
    }
}

/// The stream's timers: at most one of each runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Timer {
    /// The open packet is overdue.
    Handshake,
    /// Time to ping.
    Ping,
    /// The pong is overdue.
    Pong,
    /// Time to connect again.
    Reconnect,
    /// The socket has not been live for [`FALLBACK_MS`]: time to poll.
    Fallback,
    /// Time for the next poll.
    Poll,
}

impl Timer {
    /// Every timer, each once.
    pub const ALL: [Timer; 6] = [
        Timer::Handshake,
        Timer::Ping,
        Timer::Pong,
        Timer::Reconnect,
        Timer::Fallback,
        Timer::Poll,
    ];
    /// The socket's timers: a lost socket stops them, not the polling.
    const SOCKET: [Timer; 4] = [Timer::Handshake, Timer::Ping, Timer::Pong, Timer::Reconnect];

    /// Its place in [`Timer::ALL`].
    pub const fn index(self) -> usize {
        self as usize
    }
}

/// What happened to a stream.
#[derive(Debug)]
pub enum Input<'a, S> {
    /// The socket opened (its open packet comes next).
    Opened,
    /// A text frame came.
    Frame(&'a str),
    /// A binary frame came (the stream sends none): its size.
    Binary(usize),
    /// The socket closed or failed.
    Closed,
    /// A timer fired.
    Timer(Timer),
    /// The answer to [`Effect::TakeSnapshot`] of this epoch.
    Snapshot {
        /// The epoch the snapshot was asked for.
        epoch: u32,
        /// The REST calls' answers, or the first error.
        result: Result<S, Error>,
    },
    /// The answer to [`Effect::Poll`] of this poll epoch.
    Polled {
        /// The poll epoch the snapshot was asked for.
        epoch: u32,
        /// The REST calls' answers, or the first error.
        result: Result<S, Error>,
    },
    /// Poll this often (clamped to [`POLL_INTERVAL_RANGE_MS`]).
    PollInterval(u32),
    /// The tab was hidden.
    Hidden,
    /// The tab was shown.
    Shown,
    /// `close()`.
    Close,
}

/// What a stream asks its skin to do, in order.
#[derive(Debug)]
pub enum Effect<N> {
    /// Open a socket to the stream's URL (closing any other first).
    Connect,
    /// Send a text frame.
    Send(String),
    /// Close the socket.
    Disconnect,
    /// Read the REST snapshot; answer with [`Input::Snapshot`].
    TakeSnapshot {
        /// To give back with the answer.
        epoch: u32,
    },
    /// Read the REST snapshot for a poll; answer with [`Input::Polled`].
    Poll {
        /// To give back with the answer.
        epoch: u32,
    },
    /// Start (or restart) a timer; it fires [`Input::Timer`].
    Start(Timer, u32),
    /// Cancel a timer.
    Stop(Timer),
    /// The `status` changed: tell the `status` listeners.
    Status(Status),
    /// Tell the feed's listeners.
    Notice(N),
    /// Tell the `error` listeners; the stream recovers on its own.
    Error(Error),
}

#[derive(Debug)]
enum Phase {
    /// Not started, or closed.
    Idle,
    /// A socket asked for; waiting for its open packet.
    Opening,
    /// Open; waiting for the namespace to be joined.
    Joining,
    /// Joined; the snapshot of `epoch` is on its way, the events since kept.
    Syncing {
        epoch: u32,
        buffer: Vec<String>,
        overflowed: bool,
    },
    Live,
    /// Waiting to reconnect.
    Waiting,
}

/// A stream of one namespace, its state kept by its feed.
#[derive(Debug)]
pub struct Stream<F: Feed> {
    feed: F,
    status: Status,
    phase: Phase,
    handshake: Handshake,
    awaiting_pong: bool,
    /// Failures in a row since the stream was last live.
    failures: u32,
    /// The epoch of the latest snapshot asked for.
    epoch: u32,
    /// For the jitter of reconnections.
    rng: u64,
    poll: Polls,
    effects: Vec<Effect<F::Notice>>,
}

/// The fallback to polling.
#[derive(Debug)]
struct Polls {
    /// Polling, until the socket is live.
    on: bool,
    /// The fallback timer runs.
    armed: bool,
    /// The poll of this epoch is on its way.
    in_flight: bool,
    /// The epoch of the latest poll asked for.
    epoch: u32,
    /// Failed polls in a row.
    failures: u32,
    interval_ms: u32,
    /// Polling when the tab was hidden: poll at once when it is shown.
    resume: bool,
}

impl<F: Feed> Stream<F> {
    /// A stream over `feed`; `seed` feeds the jitter of its reconnections (any number;
    /// the skin gives a random one).
    pub fn over(feed: F, seed: u64) -> Stream<F> {
        Stream {
            feed,
            status: Status::Connecting,
            phase: Phase::Idle,
            handshake: DEFAULT_HANDSHAKE,
            awaiting_pong: false,
            failures: 0,
            epoch: 0,
            rng: seed | 1,
            poll: Polls {
                on: false,
                armed: false,
                in_flight: false,
                epoch: 0,
                failures: 0,
                interval_ms: POLL_INTERVAL_MS,
                resume: false,
            },
            effects: Vec::new(),
        }
    }

    /// Starts the first connection.
    pub fn start(&mut self) -> Vec<Effect<F::Notice>> {
        if matches!(self.phase, Phase::Idle) && self.status == Status::Connecting {
            self.connect();
            self.arm_fallback();
        }
        std::mem::take(&mut self.effects)
    }

    /// Where the stream is.
    pub fn status(&self) -> Status {
        self.status
    }

    /// The timer that will try again after a failure, while one is waited for: the
    /// next poll after a failed one, or the next connection (when not polling).
    pub fn retry_timer(&self) -> Option<Timer> {
        if self.poll.on {
            (self.poll.failures > 0 && !self.poll.in_flight).then_some(Timer::Poll)
        } else {
            matches!(self.phase, Phase::Waiting).then_some(Timer::Reconnect)
        }
    }

    /// How often the stream polls when it has to.
    pub fn poll_interval_ms(&self) -> u32 {
        self.poll.interval_ms
    }

    /// What the feed holds.
    pub fn feed(&self) -> &F {
        &self.feed
    }

    /// What the feed holds, for caches it keeps (the book's running sums).
    pub fn feed_mut(&mut self) -> &mut F {
        &mut self.feed
    }

    /// Takes in what happened; gives back what to do.
    pub fn on(&mut self, input: Input<'_, F::Snapshot>) -> Vec<Effect<F::Notice>> {
        if self.status == Status::Closed {
            return Vec::new();
        }
        match input {
            Input::Opened => {}
            Input::Frame(text) => self.frame(text),
            Input::Binary(bytes) => {
                let code = if bytes > MAX_FRAME_BYTES {
                    "frame-too-large"
                } else {
                    "malformed-frame"
                };
                self.lost(stream_error(code, too_large_or_binary(bytes)));
            }
            Input::Closed => {
                if !matches!(self.phase, Phase::Idle | Phase::Waiting) {
                    self.fail(stream_error("closed", Text::SocketClosed));
                }
            }
            Input::Timer(timer) => self.timer(timer),
            Input::Snapshot { epoch, result } => self.snapshot(epoch, result),
            Input::Polled { epoch, result } => self.polled(epoch, result),
            Input::PollInterval(ms) => self.set_poll_interval(ms),
            Input::Hidden if self.status != Status::Paused => {
                self.poll.resume = self.poll.on;
                self.halt();
                self.set_status(Status::Paused);
            }
            Input::Shown if self.status == Status::Paused => {
                self.failures = 0;
                self.set_status(Status::Reconnecting);
                self.connect();
                if std::mem::take(&mut self.poll.resume) {
                    self.poll.on = true;
                    self.poll_now();
                } else {
                    self.arm_fallback();
                }
            }
            Input::Hidden | Input::Shown => {}
            Input::Close => {
                self.halt();
                self.set_status(Status::Closed);
            }
        }
        std::mem::take(&mut self.effects)
    }

    fn set_status(&mut self, status: Status) {
        if self.status != status {
            self.status = status;
            self.effects.push(Effect::Status(status));
        }
    }

    /// Stops the socket's timers (not the polling's).
    fn stop_socket(&mut self) {
        for timer in Timer::SOCKET {
            self.effects.push(Effect::Stop(timer));
        }
        self.awaiting_pong = false;
    }

    /// No socket, no timer, no poll: closed or paused. Answers still on their way are
    /// of epochs gone by.
    fn halt(&mut self) {
        self.phase = Phase::Idle;
        self.stop_socket();
        self.effects.push(Effect::Stop(Timer::Fallback));
        self.effects.push(Effect::Stop(Timer::Poll));
        self.effects.push(Effect::Disconnect);
        self.stop_polling();
        self.poll.armed = false;
    }

    /// Polling ends (the socket is live, or the stream halts): a poll on its way is
    /// of an epoch gone by.
    fn stop_polling(&mut self) {
        if self.poll.on || self.poll.in_flight {
            self.effects.push(Effect::Stop(Timer::Poll));
        }
        self.poll.on = false;
        self.poll.in_flight = false;
        self.poll.failures = 0;
        self.poll.epoch = self.poll.epoch.wrapping_add(1);
    }

    /// Starts the fallback timer, unless it runs or the stream polls already.
    fn arm_fallback(&mut self) {
        if !self.poll.armed && !self.poll.on {
            self.poll.armed = true;
            self.effects
                .push(Effect::Start(Timer::Fallback, FALLBACK_MS));
        }
    }

    fn poll_now(&mut self) {
        self.poll.epoch = self.poll.epoch.wrapping_add(1);
        self.poll.in_flight = true;
        self.effects.push(Effect::Poll {
            epoch: self.poll.epoch,
        });
    }

    fn polled(&mut self, epoch: u32, result: Result<F::Snapshot, Error>) {
        if !self.poll.on || !self.poll.in_flight || epoch != self.poll.epoch {
            return; // polling stopped, or the answer of a poll since replaced
        }
        self.poll.in_flight = false;
        let wait = match result {
            Ok(snapshot) => {
                self.poll.failures = 0;
                self.feed.install(snapshot);
                self.feed.polled(&mut self.effects);
                self.set_status(Status::Polling);
                self.poll.interval_ms
            }
            Err(error) => {
                let wait = match error {
                    Error::RateLimited {
                        retry_after_secs: Some(secs),
                        ..
                    } => secs.clamp(1, u64::from(u32::MAX / 1000)) as u32 * 1000,
                    _ => backoff_ms(
                        self.poll.failures,
                        self.poll.interval_ms,
                        POLL_BACKOFF_MAX_MS,
                        self.jitter(),
                    ),
                };
                self.poll.failures = self.poll.failures.saturating_add(1);
                self.effects.push(Effect::Error(error));
                wait
            }
        };
        self.effects.push(Effect::Start(Timer::Poll, wait));
    }

    fn set_poll_interval(&mut self, ms: u32) {
        let (min, max) = POLL_INTERVAL_RANGE_MS;
        let ms = ms.clamp(min, max);
        if ms == self.poll.interval_ms {
            return;
        }
        self.poll.interval_ms = ms;
        // The next poll of a steady polling comes at the new pace, from now.
        if self.poll.on && !self.poll.in_flight && self.poll.failures == 0 {
            self.effects.push(Effect::Start(Timer::Poll, ms));
        }
    }

    fn connect(&mut self) {
        self.phase = Phase::Opening;
        self.handshake = DEFAULT_HANDSHAKE;
        self.effects.push(Effect::Connect);
        self.effects
            .push(Effect::Start(Timer::Handshake, HANDSHAKE_MS));
    }

    /// The connection is lost: report it, close the socket, wait, connect again.
    fn fail(&mut self, error: Error) {
        self.effects.push(Effect::Error(error));
        self.stop_socket();
        self.effects.push(Effect::Disconnect);
        self.phase = Phase::Waiting;
        let wait = backoff_ms(
            self.failures,
            RECONNECT_BASE_MS,
            RECONNECT_MAX_MS,
            self.jitter(),
        );
        self.failures = self.failures.saturating_add(1);
        self.effects.push(Effect::Start(Timer::Reconnect, wait));
        if !self.poll.on {
            self.set_status(Status::Reconnecting);
            self.arm_fallback();
        }
    }

    /// An event may have been lost on a socket still open: report it and read the
    /// snapshot again.
    fn lost(&mut self, error: Error) {
        self.effects.push(Effect::Error(error));
        if matches!(self.phase, Phase::Live | Phase::Syncing { .. }) {
            self.resync();
        }
    }

    fn resync(&mut self) {
        self.epoch = self.epoch.wrapping_add(1);
        self.phase = Phase::Syncing {
            epoch: self.epoch,
            buffer: Vec::new(),
            overflowed: false,
        };
        self.effects
            .push(Effect::TakeSnapshot { epoch: self.epoch });
        if self.status == Status::Live {
            self.set_status(Status::Stale);
        }
    }

    /// A number in [0, 1) (xorshift64*).
    fn jitter(&mut self) -> f64 {
        self.rng ^= self.rng >> 12;
        self.rng ^= self.rng << 25;
        self.rng ^= self.rng >> 27;
        let bits = self.rng.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11;
        bits as f64 / (1u64 << 53) as f64
    }

    fn timer(&mut self, timer: Timer) {
        match timer {
            Timer::Handshake if matches!(self.phase, Phase::Opening) => {
                self.fail(stream_error(
                    "no-handshake",
                    Text::NoHandshake { ms: HANDSHAKE_MS },
                ));
            }
            Timer::Ping
                if matches!(
                    self.phase,
                    Phase::Joining | Phase::Syncing { .. } | Phase::Live
                ) =>
            {
                self.effects.push(Effect::Send(packet::PING.to_owned()));
                if !self.awaiting_pong {
                    self.awaiting_pong = true;
                    self.effects
                        .push(Effect::Start(Timer::Pong, self.handshake.ping_timeout_ms));
                }
                self.effects
                    .push(Effect::Start(Timer::Ping, self.handshake.ping_interval_ms));
            }
            Timer::Pong if self.awaiting_pong => {
                if !self.poll.on {
                    self.set_status(Status::Stale);
                }
                let ms = self.handshake.ping_timeout_ms;
                self.fail(stream_error("no-pong", Text::NoPong { ms }));
            }
            Timer::Reconnect if matches!(self.phase, Phase::Waiting) => self.connect(),
            Timer::Fallback if self.poll.armed => {
                self.poll.armed = false;
                if self.status != Status::Live && !self.poll.on {
                    self.poll.on = true;
                    self.poll_now();
                }
            }
            Timer::Poll if self.poll.on && !self.poll.in_flight => self.poll_now(),
            _ => {}
        }
    }

    fn frame(&mut self, text: &str) {
        let frame = match packet::parse(text) {
            Ok(frame) => frame,
            Err(Malformed::TooLarge(bytes)) => {
                return self.lost(stream_error("frame-too-large", too_large_or_binary(bytes)));
            }
            Err(Malformed::Why(why)) => {
                return self.lost(stream_error("malformed-frame", Text::MalformedFrame(why)));
            }
        };
        match frame {
            Frame::Open(handshake) if matches!(self.phase, Phase::Opening) => {
                self.handshake = handshake;
                self.phase = Phase::Joining;
                self.effects.push(Effect::Stop(Timer::Handshake));
                self.effects
                    .push(Effect::Send(packet::connect(F::NAMESPACE)));
                self.effects
                    .push(Effect::Start(Timer::Ping, handshake.ping_interval_ms));
            }
            Frame::Close => self.fail(stream_error("closed", Text::SocketClosed)),
            Frame::Pong(_) => {
                self.awaiting_pong = false;
                self.effects.push(Effect::Stop(Timer::Pong));
            }
            Frame::Message(packet) => self.packet(packet),
            Frame::Open(_) | Frame::Ping(_) | Frame::Upgrade | Frame::Noop => {}
        }
    }

    fn packet(&mut self, packet: Packet<'_>) {
        match packet {
            Packet::Connect { namespace } if namespace == F::NAMESPACE => {
                if matches!(self.phase, Phase::Joining) {
                    self.resync();
                }
            }
            Packet::Disconnect { namespace } if namespace == F::NAMESPACE => {
                self.fail(stream_error("closed", Text::SocketClosed));
            }
            Packet::Error { namespace, said } if namespace == F::NAMESPACE => {
                self.fail(stream_error(
                    "namespace-refused",
                    Text::NamespaceRefused {
                        namespace: F::NAMESPACE,
                        said,
                    },
                ));
            }
            Packet::Event {
                namespace,
                name,
                mut args,
            } if namespace == F::NAMESPACE => match name.as_str() {
                "stream" if args.is_empty() => self.lost(stream_error(
                    "malformed-frame",
                    Text::MalformedFrame("a stream event without its object"),
                )),
                "stream" => self.event(args.swap_remove(0)),
                quiet if F::QUIET.contains(&quiet) => {}
                _ => self.effects.push(Effect::Error(stream_error(
                    "unknown-event",
                    Text::UnknownEvent(name),
                ))),
            },
            _ => {}
        }
    }

    fn event(&mut self, object: String) {
        match &mut self.phase {
            Phase::Syncing {
                buffer, overflowed, ..
            } => {
                if buffer.len() < BUFFER_MAX {
                    buffer.push(object);
                } else {
                    *overflowed = true;
                }
            }
            Phase::Live => {
                if let Err(error) = self.feed.apply(&object, true, &mut self.effects) {
                    self.lost(error);
                }
            }
            _ => {}
        }
    }

    fn snapshot(&mut self, epoch: u32, result: Result<F::Snapshot, Error>) {
        let Phase::Syncing {
            epoch: wanted,
            buffer,
            overflowed,
        } = &mut self.phase
        else {
            return;
        };
        if epoch != *wanted {
            return; // the answer of a snapshot since replaced
        }
        let buffer = std::mem::take(buffer);
        let mut lost = *overflowed;
        match result {
            Err(error) => self.fail(error),
            Ok(snapshot) => {
                self.feed.install(snapshot);
                for object in &buffer {
                    // Errors replaying are not told: the snapshot is read again.
                    let mut quiet = Vec::new();
                    lost |= self.feed.apply(object, false, &mut quiet).is_err();
                }
                if lost {
                    return self.resync();
                }
                self.phase = Phase::Live;
                self.failures = 0;
                self.stop_polling();
                if std::mem::take(&mut self.poll.armed) {
                    self.effects.push(Effect::Stop(Timer::Fallback));
                }
                self.feed.live(&mut self.effects);
                self.set_status(Status::Live);
            }
        }
    }
}

/// A `stream` error.
pub(crate) fn stream_error(code: &'static str, reason: Text) -> Error {
    Error::Stream { code, reason }
}

/// A `stream` event's object that does not decode: its field, and what is wrong.
pub(crate) fn undecodable(failure: &crate::schema::Failure, len: usize) -> Error {
    stream_error(
        "malformed-frame",
        Text::Within {
            path: failure.path(),
            inner: Box::new(crate::decode::failure_text(failure, len)),
        },
    )
}

fn too_large_or_binary(bytes: usize) -> Text {
    if bytes > MAX_FRAME_BYTES {
        Text::FrameTooLarge {
            bytes,
            max: MAX_FRAME_BYTES,
        }
    } else {
        Text::MalformedFrame("a binary frame, which this stream does not use")
    }
}
