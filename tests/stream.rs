//! The market stream's state machine, played on the host: the tests are the server
//! (frames), the clock (timers) and the REST calls (snapshots).

use std::collections::BTreeMap;

use bitcoin_central::book::{DepthBook, Side};
use bitcoin_central::model::{Depth, Ticker, Trade};
use bitcoin_central::schema::{self, Model};
use bitcoin_central::stream::{Effect, Input, MarketNotice, MarketStream, Snapshot, Status, Timer};

type Effects = [Effect<MarketNotice>];

#[path = "support/lcg.rs"]
mod lcg;
use bitcoin_central::{Decimal, Error};
use lcg::Lcg;

const OPEN: &str = r#"0{"sid":"s1","upgrades":[],"pingInterval":10000,"pingTimeout":5000}"#;

fn ticker(at: i64, price: &str) -> Ticker {
    schema::decode::<Ticker>(
        format!(
            r#"{{"currency":"EUR","at":{at},"price":"{price}","bid":null,"ask":null,"midpoint":null,"volume":null,"variation":null,"high":null,"low":null,"vwap":null}}"#
        )
        .as_bytes(),
    )
    .unwrap()
}

fn book(json: &str) -> DepthBook {
    DepthBook::from_json(json.as_bytes(), &Depth::KIND).unwrap()
}

fn snapshot(json: &str) -> Snapshot {
    Snapshot {
        book: book(json),
        ticker: ticker(100, "680"),
        trades: Vec::new(),
    }
}

const BOOK: &str = r#"{"bids":[{"timestamp":1,"price":"679.00","amount":"1","currency":"EUR"},{"timestamp":1,"price":"680.00","amount":"2","currency":"EUR"}],
  "asks":[{"timestamp":1,"price":"681.00","amount":"3","currency":"EUR"}]}"#;

/// The levels of a side, best first, as `price=amount` texts.
fn side(stream: &MarketStream, side: Side) -> Vec<String> {
    let book = stream.book();
    (0..book.len(side))
        .map(|i| {
            format!(
                "{}={}",
                book.price(side, i).unwrap(),
                book.amount(side, i).unwrap()
            )
        })
        .collect()
}

fn statuses(effects: &Effects) -> Vec<Status> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Status(s) => Some(*s),
            _ => None,
        })
        .collect()
}

fn errors(effects: &Effects) -> Vec<&'static str> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Error(Error::Stream { code, .. }) => Some(*code),
            Effect::Error(_) => Some("other"),
            _ => None,
        })
        .collect()
}

fn sent(effects: &Effects) -> Vec<&str> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Send(frame) => Some(frame.as_str()),
            _ => None,
        })
        .collect()
}

fn snapshot_epoch(effects: &Effects) -> Option<u32> {
    effects.iter().find_map(|e| match e {
        Effect::TakeSnapshot { epoch } => Some(*epoch),
        _ => None,
    })
}

fn started(effects: &Effects, timer: Timer) -> Option<u32> {
    effects.iter().find_map(|e| match e {
        Effect::Start(t, ms) if *t == timer => Some(*ms),
        _ => None,
    })
}

/// A stream taken to `live` on `BOOK`, with `before` sent between the join and the
/// snapshot's answer.
fn live(before: &[&str]) -> MarketStream {
    let mut stream = MarketStream::new("eur", 42);
    let effects = stream.start();
    assert!(matches!(effects[0], Effect::Connect));
    assert_eq!(started(&effects, Timer::Handshake), Some(10_000));
    stream.on(Input::Opened);
    let effects = stream.on(Input::Frame(OPEN));
    assert_eq!(sent(&effects), ["40/public,"]);
    assert_eq!(
        started(&effects, Timer::Ping),
        Some(10_000),
        "the server's pingInterval"
    );
    assert!(
        stream.on(Input::Frame("40")).is_empty(),
        "the default namespace"
    );
    let effects = stream.on(Input::Frame("40/public,"));
    let epoch = snapshot_epoch(&effects).expect("the snapshot is taken once joined");
    for frame in before {
        assert!(
            stream.on(Input::Frame(frame)).is_empty(),
            "kept until the snapshot"
        );
    }
    let effects = stream.on(Input::Snapshot {
        epoch,
        result: Ok(Box::new(snapshot(BOOK))),
    });
    assert_eq!(statuses(&effects), [Status::Live]);
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::Notice(MarketNotice::Update(None))))
    );
    stream
}

#[test]
fn joins_then_reads_the_snapshot_then_replays_what_came_meanwhile() {
    let stream = live(&[
        r#"42/public,["stream",{"bids":[{"price":"680.00","amount":"2.5"}]}]"#,
        r#"42/public,["stream",{"asks":[{"price":681,"amount":0},{"price":"682.5","amount":"0.1"}]}]"#,
        // Already in the snapshot: removing it again changes nothing.
        r#"42/public,["stream",{"bids":[{"price":"678","amount":null}]}]"#,
    ]);
    assert_eq!(stream.status(), Status::Live);
    assert_eq!(side(&stream, Side::Bids), ["680.00=2.5", "679.00=1"]);
    assert_eq!(side(&stream, Side::Asks), ["682.5=0.1"]);
    assert_eq!(stream.ticker().unwrap().price, Some("680".parse().unwrap()));
}

#[test]
fn live_updates_are_applied_exactly_and_reported() {
    let mut stream = live(&[]);
    let effects = stream.on(Input::Frame(
        r#"42/public,["stream",{"ticker":{"currency":"EUR","at":200,"price":"680.5","bid":"680.00","ask":"681.00","midpoint":"680.5","volume":"1","variation":"0.1","high":"690","low":"670","vwap":"680"},
          "trades":[{"uuid":"t1","currency":"EUR","created_at":"x","created_at_int":199,"price":"680.5","traded_btc":"0.1","traded_currency":"68.05"}],
          "bids":[{"price":"680.10","amount":"0.00000001","timestamp":199,"currency":"EUR"},{"price":"679.00","amount":"0"}],
          "asks":[{"price":"681.00","amount":"3.50000000"}]}]"#,
    ));
    assert!(
        matches!(effects.first(), Some(Effect::Notice(MarketNotice::Trade(t))) if t.uuid == "t1")
    );
    assert!(matches!(
        effects.last(),
        Some(Effect::Notice(MarketNotice::Update(Some(_))))
    ));
    assert_eq!(side(&stream, Side::Bids), ["680.10=0.00000001", "680.00=2"]);
    assert_eq!(
        side(&stream, Side::Asks),
        ["681.00=3.50000000"],
        "the server's digits"
    );
    assert_eq!(stream.ticker().unwrap().at, 200);
    assert_eq!(
        stream.trades().map(|t| t.uuid.as_str()).collect::<Vec<_>>(),
        ["t1"]
    );
    // The same trade again (a replay) is not a new one.
    let effects = stream.on(Input::Frame(
        r#"42/public,["stream",{"trades":[{"uuid":"t1","currency":"EUR","created_at":"x","created_at_int":199,"price":"680.5","traded_btc":"0.1","traded_currency":"68.05"}]}]"#,
    ));
    assert!(
        !effects
            .iter()
            .any(|e| matches!(e, Effect::Notice(MarketNotice::Trade(_))))
    );
}

#[test]
fn a_lost_update_is_reported_and_the_book_read_again() {
    for (frame, code) in [
        (r#"42/public,["stream",{"bids":["#, "malformed-frame"),
        (
            r#"42/public,["stream",{"bids":[{"price":true,"amount":"1"}]}]"#,
            "malformed-frame",
        ),
        ("x", "malformed-frame"),
    ] {
        let mut stream = live(&[]);
        let effects = stream.on(Input::Frame(frame));
        assert_eq!(errors(&effects), [code], "{frame}");
        assert_eq!(statuses(&effects), [Status::Stale], "{frame}");
        let epoch = snapshot_epoch(&effects).expect("read again");
        assert!(
            !effects.iter().any(|e| matches!(e, Effect::Disconnect)),
            "the socket stays"
        );
        let effects = stream.on(Input::Snapshot {
            epoch,
            result: Ok(Box::new(snapshot(r#"{"bids":[],"asks":[{"timestamp":1,"price":"700","amount":"1","currency":"EUR"}]}"#))),
        });
        assert_eq!(statuses(&effects), [Status::Live]);
        assert_eq!(
            side(&stream, Side::Asks),
            ["700=1"],
            "the new snapshot, not a mix"
        );
    }
    let mut stream = live(&[]);
    let huge = format!(r#"42/public,["stream",{{"x":"{}"}}]"#, "y".repeat(1 << 20));
    assert_eq!(errors(&stream.on(Input::Frame(&huge))), ["frame-too-large"]);
    assert_eq!(errors(&stream.on(Input::Binary(10))), ["malformed-frame"]);
}

#[test]
fn removing_an_unknown_level_is_reported_unless_the_snapshot_already_had_it() {
    let mut stream = live(&[]);
    // Timestamped after the snapshot (at 100): the server and the book disagreed.
    let effects = stream.on(Input::Frame(
        r#"42/public,["stream",{"bids":[{"price":"1.23","amount":null,"timestamp":101},{"price":"680.00","amount":"4"}]}]"#,
    ));
    assert_eq!(errors(&effects), ["unknown-level"]);
    assert!(
        statuses(&effects).is_empty() && snapshot_epoch(&effects).is_none(),
        "it goes on"
    );
    assert_eq!(
        side(&stream, Side::Bids),
        ["680.00=4", "679.00=1"],
        "the rest applied"
    );
    // Without a timestamp: the same.
    let effects = stream.on(Input::Frame(
        r#"42/public,["stream",{"asks":[{"price":"9","amount":0}]}]"#,
    ));
    assert_eq!(errors(&effects), ["unknown-level"]);
    // At or before the snapshot: a late copy of a removal the snapshot has. Silent.
    let effects = stream.on(Input::Frame(
        r#"42/public,["stream",{"asks":[{"price":"9","amount":"0","timestamp":100}]}]"#,
    ));
    assert!(errors(&effects).is_empty());
}

#[test]
fn unknown_events_are_reported_known_ones_ignored_and_the_book_kept() {
    let mut stream = live(&[]);
    let effects = stream.on(Input::Frame(r#"42/public,["surprise",{"bids":[]}]"#));
    assert_eq!(errors(&effects), ["unknown-event"]);
    assert!(statuses(&effects).is_empty() && snapshot_epoch(&effects).is_none());
    assert!(
        stream
            .on(Input::Frame(r#"42/public,["prices",{"eur":1}]"#))
            .is_empty()
    );
    assert!(
        stream
            .on(Input::Frame(r#"42/user,["stream",{}]"#))
            .is_empty(),
        "another namespace"
    );
    assert_eq!(side(&stream, Side::Bids), ["680.00=2", "679.00=1"]);
}

#[test]
fn pings_on_the_servers_interval_and_reconnects_when_no_pong_comes() {
    let mut stream = live(&[]);
    let effects = stream.on(Input::Timer(Timer::Ping));
    assert_eq!(sent(&effects), ["2"]);
    assert_eq!(
        started(&effects, Timer::Pong),
        Some(5_000),
        "the server's pingTimeout"
    );
    assert!(
        stream
            .on(Input::Frame("3"))
            .iter()
            .any(|e| matches!(e, Effect::Stop(Timer::Pong)))
    );
    assert!(
        stream.on(Input::Timer(Timer::Pong)).is_empty(),
        "answered: nothing overdue"
    );

    stream.on(Input::Timer(Timer::Ping));
    let effects = stream.on(Input::Timer(Timer::Pong));
    assert_eq!(statuses(&effects), [Status::Stale, Status::Reconnecting]);
    assert_eq!(errors(&effects), ["no-pong"]);
    assert!(effects.iter().any(|e| matches!(e, Effect::Disconnect)));
    let wait = started(&effects, Timer::Reconnect).unwrap();
    assert!((250..500).contains(&wait), "{wait}");
    // The book stays on screen meanwhile.
    assert_eq!(side(&stream, Side::Asks), ["681.00=3"]);

    // Connect again: a new snapshot replaces the book whole.
    let effects = stream.on(Input::Timer(Timer::Reconnect));
    assert!(matches!(effects[0], Effect::Connect));
    stream.on(Input::Frame(OPEN));
    let epoch = snapshot_epoch(&stream.on(Input::Frame("40/public,"))).unwrap();
    let effects = stream.on(Input::Snapshot {
        epoch,
        result: Ok(Box::new(snapshot(r#"{"bids":[],"asks":[]}"#))),
    });
    assert_eq!(statuses(&effects), [Status::Live]);
    assert!(side(&stream, Side::Asks).is_empty());
}

#[test]
fn reconnections_back_off_with_jitter_and_reset_once_live() {
    let mut stream = MarketStream::new("eur", 7);
    stream.start();
    let mut waits = Vec::new();
    for _ in 0..8 {
        let effects = stream.on(Input::Closed);
        assert_eq!(errors(&effects), ["closed"]);
        waits.push(started(&effects, Timer::Reconnect).unwrap());
        stream.on(Input::Timer(Timer::Reconnect));
    }
    for (n, wait) in waits.iter().enumerate() {
        let full = (500u32 << n).min(30_000);
        assert!(
            (full / 2..full).contains(wait),
            "wait {n}: {wait} of {full}"
        );
    }
    // A socket that never opens counts as a failure too.
    let effects = stream.on(Input::Timer(Timer::Handshake));
    assert_eq!(errors(&effects), ["no-handshake"]);
}

#[test]
fn a_snapshot_of_an_older_epoch_is_ignored() {
    let mut stream = MarketStream::new("eur", 1);
    stream.start();
    stream.on(Input::Frame(OPEN));
    let first = snapshot_epoch(&stream.on(Input::Frame("40/public,"))).unwrap();
    let second = snapshot_epoch(&stream.on(Input::Frame("x"))).unwrap();
    assert_ne!(first, second);
    let late = stream.on(Input::Snapshot {
        epoch: first,
        result: Ok(Box::new(snapshot(BOOK))),
    });
    assert!(late.is_empty(), "the answer of a replaced snapshot");
    let effects = stream.on(Input::Snapshot {
        epoch: second,
        result: Ok(Box::new(snapshot(BOOK))),
    });
    assert_eq!(statuses(&effects), [Status::Live]);
}

#[test]
fn a_failed_snapshot_reconnects() {
    let mut stream = MarketStream::new("eur", 1);
    stream.start();
    stream.on(Input::Frame(OPEN));
    let epoch = snapshot_epoch(&stream.on(Input::Frame("40/public,"))).unwrap();
    let effects = stream.on(Input::Snapshot {
        epoch,
        result: Err(Error::Network {
            url: "u".into(),
            reason: "down".into(),
        }),
    });
    assert_eq!(errors(&effects), ["other"]);
    assert_eq!(statuses(&effects), [Status::Reconnecting]);
}

#[test]
fn a_refused_namespace_or_a_server_close_reconnects() {
    for frame in [r#"44/public,"Invalid namespace""#, "41/public,", "1"] {
        let mut stream = live(&[]);
        let effects = stream.on(Input::Frame(frame));
        assert_eq!(statuses(&effects), [Status::Reconnecting], "{frame}");
    }
}

#[test]
fn close_stops_everything_for_good() {
    let mut stream = live(&[]);
    let effects = stream.on(Input::Close);
    assert_eq!(statuses(&effects), [Status::Closed]);
    assert!(effects.iter().any(|e| matches!(e, Effect::Disconnect)));
    assert!(
        stream
            .on(Input::Frame(r#"42/public,["stream",{}]"#))
            .is_empty()
    );
    assert!(stream.on(Input::Closed).is_empty());
    assert!(stream.on(Input::Timer(Timer::Reconnect)).is_empty());
    assert!(stream.start().is_empty());
}

fn poll_epoch(effects: &Effects) -> Option<u32> {
    effects.iter().find_map(|e| match e {
        Effect::Poll { epoch } => Some(*epoch),
        _ => None,
    })
}

fn rate_limited(secs: u64) -> Error {
    Error::RateLimited {
        retry_after_secs: Some(secs),
        messages: Vec::new(),
    }
}

/// A stream whose socket never opens, taken to its first poll: the poll's epoch.
fn polling() -> (MarketStream, u32) {
    let mut stream = MarketStream::new("eur", 3);
    let effects = stream.start();
    assert_eq!(started(&effects, Timer::Fallback), Some(5_000));
    // The socket is refused, again and again (a CSP): the stream reconnects, and
    // the fallback timer, started once, is not pushed back by each failure.
    let effects = stream.on(Input::Closed);
    assert_eq!(statuses(&effects), [Status::Reconnecting]);
    assert_eq!(started(&effects, Timer::Fallback), None);
    stream.on(Input::Timer(Timer::Reconnect));
    stream.on(Input::Closed);
    let effects = stream.on(Input::Timer(Timer::Fallback));
    let epoch = poll_epoch(&effects).expect("a poll once the fallback fires");
    (stream, epoch)
}

#[test]
fn without_a_socket_for_five_seconds_the_stream_polls_the_snapshot() {
    let (mut stream, epoch) = polling();
    assert_eq!(stream.status(), Status::Reconnecting, "nothing read yet");
    let effects = stream.on(Input::Polled {
        epoch,
        result: Ok(Box::new(snapshot(BOOK))),
    });
    assert_eq!(statuses(&effects), [Status::Polling]);
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::Notice(MarketNotice::Update(None))))
    );
    assert_eq!(side(&stream, Side::Bids), ["680.00=2", "679.00=1"]);
    assert_eq!(started(&effects, Timer::Poll), Some(10_000));
    assert_eq!(stream.retry_timer(), None, "nothing failed");
    // A socket failure while polling keeps the status: the data is the poll's.
    stream.on(Input::Timer(Timer::Reconnect));
    let effects = stream.on(Input::Closed);
    assert_eq!(statuses(&effects), []);
    assert_eq!(errors(&effects), ["closed"]);
    // The next poll on the interval; a new interval takes effect at once, once.
    let effects = stream.on(Input::PollInterval(1));
    assert_eq!(started(&effects, Timer::Poll), Some(2_000), "clamped");
    assert!(stream.on(Input::PollInterval(2_000)).is_empty());
    let next = poll_epoch(&stream.on(Input::Timer(Timer::Poll))).unwrap();
    assert_ne!(next, epoch);
    assert!(
        poll_epoch(&stream.on(Input::Timer(Timer::Poll))).is_none(),
        "one poll at a time"
    );
}

#[test]
fn a_failed_poll_waits_out_retry_after_or_backs_off() {
    let (mut stream, epoch) = polling();
    let effects = stream.on(Input::Polled {
        epoch,
        result: Err(rate_limited(7)),
    });
    assert_eq!(errors(&effects), ["other"]);
    assert_eq!(started(&effects, Timer::Poll), Some(7_000), "Retry-After");
    assert_eq!(stream.retry_timer(), Some(Timer::Poll));
    assert!(
        stream
            .on(Input::PollInterval(3_000))
            .iter()
            .all(|e| !matches!(e, Effect::Start(..))),
        "a new interval does not cut Retry-After short"
    );
    let mut waits = Vec::new();
    for _ in 0..4 {
        let epoch = poll_epoch(&stream.on(Input::Timer(Timer::Poll))).unwrap();
        let effects = stream.on(Input::Polled {
            epoch,
            result: Err(Error::Network {
                url: "u".into(),
                reason: "down".into(),
            }),
        });
        waits.push(started(&effects, Timer::Poll).unwrap());
    }
    // The retry policy's back-off from the interval: failures 1, 2, 3, 4 in a row.
    for (n, wait) in waits.iter().enumerate() {
        let full = (3_000u32 << (n + 1)).min(300_000);
        assert!(
            (full / 2..full).contains(wait),
            "wait {n}: {wait} of {full}"
        );
    }
    let epoch = poll_epoch(&stream.on(Input::Timer(Timer::Poll))).unwrap();
    let effects = stream.on(Input::Polled {
        epoch,
        result: Ok(Box::new(snapshot(BOOK))),
    });
    assert_eq!(started(&effects, Timer::Poll), Some(3_000), "steady again");
    assert_eq!(stream.retry_timer(), None);
}

#[test]
fn the_socket_live_again_ends_polling_and_a_late_poll_is_ignored() {
    let (mut stream, epoch) = polling();
    stream.on(Input::Timer(Timer::Reconnect));
    stream.on(Input::Opened);
    stream.on(Input::Frame(OPEN));
    let snap = snapshot_epoch(&stream.on(Input::Frame("40/public,"))).unwrap();
    let effects = stream.on(Input::Snapshot {
        epoch: snap,
        result: Ok(Box::new(snapshot(BOOK))),
    });
    assert_eq!(statuses(&effects), [Status::Live]);
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::Stop(Timer::Poll)))
    );
    let late = stream.on(Input::Polled {
        epoch,
        result: Ok(Box::new(snapshot(r#"{"bids":[],"asks":[]}"#))),
    });
    assert!(late.is_empty(), "a poll's answer after the socket is live");
    assert_eq!(side(&stream, Side::Asks), ["681.00=3"]);
    assert!(stream.on(Input::Timer(Timer::Poll)).is_empty());
    // Lost again: the fallback is armed again.
    let effects = stream.on(Input::Closed);
    assert_eq!(started(&effects, Timer::Fallback), Some(5_000));
}

#[test]
fn a_hidden_tab_pauses_everything_and_showing_it_connects_again() {
    let mut stream = live(&[]);
    let effects = stream.on(Input::Hidden);
    assert_eq!(statuses(&effects), [Status::Paused]);
    assert!(effects.iter().any(|e| matches!(e, Effect::Disconnect)));
    for timer in Timer::ALL {
        assert!(
            effects
                .iter()
                .any(|e| matches!(e, Effect::Stop(t) if *t == timer)),
            "{timer:?} stopped"
        );
        assert!(
            stream.on(Input::Timer(timer)).is_empty(),
            "{timer:?} is silent"
        );
    }
    assert!(stream.on(Input::Closed).is_empty());
    assert!(stream.on(Input::Hidden).is_empty());
    let effects = stream.on(Input::Shown);
    assert_eq!(statuses(&effects), [Status::Reconnecting]);
    assert!(matches!(effects[1], Effect::Connect));
    assert_eq!(started(&effects, Timer::Fallback), Some(5_000));
    assert!(stream.on(Input::Shown).is_empty());

    // Polling when hidden: polls at once when shown, and connects too.
    let (mut stream, epoch) = polling();
    stream.on(Input::Polled {
        epoch,
        result: Ok(Box::new(snapshot(BOOK))),
    });
    let effects = stream.on(Input::Hidden);
    assert_eq!(statuses(&effects), [Status::Paused]);
    let next = poll_epoch(&stream.on(Input::Timer(Timer::Poll)));
    assert_eq!(next, None, "no poll while hidden");
    let effects = stream.on(Input::Shown);
    assert!(effects.iter().any(|e| matches!(e, Effect::Connect)));
    let epoch = poll_epoch(&effects).expect("a poll at once");
    let effects = stream.on(Input::Polled {
        epoch,
        result: Ok(Box::new(snapshot(BOOK))),
    });
    assert_eq!(statuses(&effects), [Status::Polling]);
}

/// The server's book as the depth answer's JSON.
fn depth_json(server: &[BTreeMap<Decimal, String>; 2]) -> String {
    let side = |levels: &BTreeMap<Decimal, String>| {
        levels
            .iter()
            .map(|(p, a)| {
                format!(r#"{{"timestamp":1,"price":"{p}","amount":"{a}","currency":"EUR"}}"#)
            })
            .collect::<Vec<_>>()
            .join(",")
    };
    format!(
        r#"{{"bids":[{}],"asks":[{}]}}"#,
        side(&server[0]),
        side(&server[1])
    )
}

#[test]
fn a_book_from_a_snapshot_and_the_updates_after_the_join_is_the_servers() {
    for seed in 1..40 {
        let mut rng = Lcg(seed);
        let mut server: [BTreeMap<Decimal, String>; 2] = Default::default();
        let step = |rng: &mut Lcg, server: &mut [BTreeMap<Decimal, String>; 2]| {
            let side = rng.next(2) as usize;
            // A removal removes a level the server has (as a real server's would).
            let held: Vec<Decimal> = server[side].keys().copied().collect();
            let (price, wire) = if rng.next(3) == 0 && !held.is_empty() {
                let price = held[rng.next(held.len() as u64) as usize];
                server[side].remove(&price);
                (
                    price,
                    if rng.next(2) == 0 {
                        "null".to_owned()
                    } else {
                        "0".to_owned()
                    },
                )
            } else {
                let price: Decimal = format!("{}.{}", 600 + rng.next(20), rng.next(10))
                    .parse()
                    .unwrap();
                let amount = format!("{}.{:02}", rng.next(9) + 1, rng.next(100));
                server[side].insert(price, amount.clone());
                (price, format!("\"{amount}\""))
            };
            let key = if side == 0 { "bids" } else { "asks" };
            format!(r#"42/public,["stream",{{"{key}":[{{"price":"{price}","amount":{wire}}}]}}]"#)
        };
        for _ in 0..50 {
            step(&mut rng, &mut server);
        }
        let mut stream = MarketStream::new("eur", seed);
        stream.start();
        stream.on(Input::Frame(OPEN));
        let epoch = snapshot_epoch(&stream.on(Input::Frame("40/public,"))).unwrap();
        // Updates after the join; the server's snapshot is taken somewhere among them.
        let at = rng.next(30);
        let mut taken = None;
        for n in 0..30 {
            if n == at {
                taken = Some(depth_json(&server));
            }
            let frame = step(&mut rng, &mut server);
            stream.on(Input::Frame(&frame));
        }
        stream.on(Input::Snapshot {
            epoch,
            result: Ok(Box::new(snapshot(&taken.unwrap()))),
        });
        // Then live updates.
        for _ in 0..100 {
            let frame = step(&mut rng, &mut server);
            let effects = stream.on(Input::Frame(&frame));
            assert_eq!(errors(&effects), Vec::<&str>::new(), "seed {seed}: {frame}");
            assert_eq!(
                snapshot_epoch(&effects),
                None,
                "seed {seed}: no reason to read again"
            );
        }
        assert_eq!(stream.status(), Status::Live, "seed {seed}");
        let server_book = book(&depth_json(&server));
        for s in [Side::Bids, Side::Asks] {
            let got: Vec<_> = stream
                .book()
                .levels(s)
                .map(|l| (l.price, l.amount))
                .collect();
            let want: Vec<_> = server_book.levels(s).map(|l| (l.price, l.amount)).collect();
            assert_eq!(got, want, "seed {seed}");
        }
    }
}

#[test]
fn trades_come_newest_first_and_at_most_fifty() {
    let trade = |n: i64| {
        format!(
            r#"{{"uuid":"t{n}","currency":"EUR","created_at":"x","created_at_int":{n},"price":"1","traded_btc":"1","traded_currency":"1"}}"#
        )
    };
    let mut stream = live(&[]);
    for n in 0..60 {
        stream.on(Input::Frame(&format!(
            r#"42/public,["stream",{{"trades":[{}]}}]"#,
            trade(n)
        )));
    }
    let kept: Vec<_> = stream.trades().map(|t| t.created_at_int).collect();
    assert_eq!(kept.len(), 50);
    assert_eq!(kept[0], 59);
    assert_eq!(kept[49], 10);
    let _ = Trade::KIND;
}

#[test]
fn a_snapshot_of_many_trades_keeps_the_fifty_newest_in_any_order_it_lists_them() {
    let trade = |n: i64| {
        schema::decode::<Trade>(format!(
            r#"{{"uuid":"t{n}","currency":"EUR","created_at":"x","created_at_int":{},"price":"1","traded_btc":"1","traded_currency":"1"}}"#,
            n / 2
        ).as_bytes())
        .unwrap()
    };
    let count = 20_000i64;
    let oldest_first: Vec<i64> = (0..count).collect();
    let newest_first: Vec<i64> = (0..count).rev().collect();
    // A fixed shuffle: every 7919th, wrapping (7919 is prime, so each once).
    let shuffled: Vec<i64> = (0..count).map(|i| i * 7919 % count).collect();
    for (order, numbers) in [
        ("oldest first", oldest_first),
        ("newest first", newest_first),
        ("shuffled", shuffled),
    ] {
        let mut stream = MarketStream::new("eur", 1);
        stream.start();
        stream.on(Input::Opened);
        stream.on(Input::Frame(OPEN));
        let effects = stream.on(Input::Frame("40/public,"));
        let epoch = snapshot_epoch(&effects).unwrap();
        let mut taken = snapshot(BOOK);
        taken.trades = numbers.iter().map(|&n| trade(n)).collect();
        stream.on(Input::Snapshot {
            epoch,
            result: Ok(Box::new(taken)),
        });
        let kept: Vec<i64> = stream.trades().map(|t| t.created_at_int).collect();
        assert_eq!(kept.len(), 50, "{order}");
        // Two trades a second: the 25 newest seconds, newest first.
        let want: Vec<i64> = (0..50).map(|i| (count - 1 - i) / 2).collect();
        assert_eq!(kept, want, "{order}");
    }
}

mod account {
    //! The account stream: the channel sent once the user is read, balances and orders
    //! followed, the channel id never shown.
    use bitcoin_central::model::User;
    use bitcoin_central::schema::{self, Model};
    use bitcoin_central::stream::{
        AccountNotice, AccountSnapshot, AccountStream, Channel, Effect, Input, Status,
    };

    const USER: &str = r#"{"name":"BC-U123456","locale":"en","balance_btc":"1.5","locked_btc":"0","balance_eur":"100.00","locked_eur":"0.00","channel_id":"c0ffee-secret-channel-id"}"#;
    const ORDER: &str = r#"{"uuid":"o1","type":"LimitOrder","currency":"EUR","created_at":"c","updated_at":"u","amount":"0.1","state":"filled","currency_fee":"0","btc_fee":"0"}"#;

    fn live() -> (AccountStream, Vec<Effect<AccountNotice>>) {
        let mut stream = AccountStream::new(3);
        stream.start();
        let effects = stream.on(Input::Frame(super::OPEN));
        assert!(
            effects
                .iter()
                .any(|e| matches!(e, Effect::Send(f) if f == "40/user,"))
        );
        let effects = stream.on(Input::Frame("40/user,"));
        let epoch = super::snapshot_epoch_of(&effects).expect("the user is read once joined");
        let user = schema::decode::<User>(USER.as_bytes()).unwrap();
        let channel = Channel::of_user(USER.as_bytes()).expect("a channel id");
        let effects = stream.on(Input::Snapshot {
            epoch,
            result: Ok(Box::new(AccountSnapshot { user, channel })),
        });
        (stream, effects)
    }

    #[test]
    fn joins_its_channel_once_the_user_is_read_and_follows_the_account() {
        let (mut stream, effects) = live();
        let sent: Vec<_> = effects
            .iter()
            .filter_map(|e| match e {
                Effect::Send(f) => Some(f.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(sent, [r#"42/user,["channel","c0ffee-secret-channel-id"]"#]);
        assert!(
            effects
                .iter()
                .any(|e| matches!(e, Effect::Notice(AccountNotice::Update(None))))
        );
        assert_eq!(stream.status(), Status::Live);

        let effects = stream.on(Input::Frame(&format!(
            r#"42/user,["stream",{{"balance_eur":"90.00","locked_eur":"10.00","orders":[{ORDER}]}}]"#
        )));
        assert!(matches!(&effects[0], Effect::Notice(AccountNotice::Order(o)) if o.uuid == "o1"));
        let user = stream.user().unwrap();
        assert_eq!(user.balance_eur.to_string(), "90.00");
        assert_eq!(user.locked_eur.to_string(), "10.00");
        assert_eq!(user.balance_btc.to_string(), "1.5", "unchanged");
        assert_eq!(stream.orders().count(), 1);
        // The same order again replaces its entry.
        stream.on(Input::Frame(&format!(
            r#"42/user,["stream",{{"orders":[{ORDER}]}}]"#
        )));
        assert_eq!(stream.orders().count(), 1);
    }

    #[test]
    fn the_channel_id_is_in_no_debug_and_no_error() {
        let (mut stream, _) = live();
        assert!(!format!("{stream:?}").contains("c0ffee"), "{stream:?}");
        let effects = stream.on(Input::Frame(r#"44/user,"unknown channel""#));
        assert_eq!(stream.status(), Status::Reconnecting);
        for effect in &effects {
            assert!(!format!("{effect:?}").contains("c0ffee"));
            if let Effect::Error(error) = effect {
                assert!(!error.to_string().contains("c0ffee"), "{error}");
            }
        }
        assert_eq!(Channel::of_user(br#"{"name":"x"}"#), None);
        assert_eq!(Channel::of_user(br#"{"channel_id":""}"#), None);
        let _ = User::KIND;
    }

    #[test]
    fn a_broken_account_event_reads_the_user_again() {
        let (mut stream, _) = live();
        let effects = stream.on(Input::Frame(r#"42/user,["stream",{"balance_eur":true}]"#));
        assert!(super::snapshot_epoch_of(&effects).is_some());
        assert_eq!(stream.status(), Status::Stale);
    }
}

/// The epoch of a `TakeSnapshot` among any stream's effects.
fn snapshot_epoch_of<N>(effects: &[Effect<N>]) -> Option<u32> {
    effects.iter().find_map(|e| match e {
        Effect::TakeSnapshot { epoch } => Some(*epoch),
        _ => None,
    })
}
