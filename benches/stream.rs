//! `make bench`'s stream figures, on the host (release build): how many level updates
//! a 10,000-level book takes per second, through `DepthBook::apply` alone and through
//! the whole frame path of a market stream (Engine.IO/socket.io parse, the schema
//! decode of the event, the book update), and the worst one frame can cost (the
//! largest a server may send, all new levels deep in the book). Prints a table;
//! asserts nothing (figures are read, not timed by tests).

use std::hint::black_box;
use std::time::Instant;

use bitcoin_central::book::{DepthBook, LevelUpdate, Side};
use bitcoin_central::model::Depth;
use bitcoin_central::schema::Model;
use bitcoin_central::stream::packet::MAX_FRAME_BYTES;
use bitcoin_central::stream::{Input, MarketStream, Snapshot};
use bitcoin_central::{Decimal, schema};

#[path = "../tests/support/lcg.rs"]
mod lcg;
use lcg::Lcg;

const LEVELS: usize = 10_000;
const UPDATES: usize = 200_000;

/// A book of 10,000 levels a side: bids 500.00..599.99, asks 600.01..700.00.
fn book_json() -> String {
    let level = |p: String| {
        format!(r#"{{"timestamp":1,"price":"{p}","amount":"1.00000000","currency":"EUR"}}"#)
    };
    let bids: Vec<String> = (0..LEVELS)
        .map(|i| level(format!("{}.{:02}", 500 + i / 100, i % 100)))
        .collect();
    let asks: Vec<String> = (1..=LEVELS)
        .map(|i| level(format!("{}.{:02}", 600 + i / 100, i % 100)))
        .collect();
    format!(
        r#"{{"bids":[{}],"asks":[{}]}}"#,
        bids.join(","),
        asks.join(",")
    )
}

/// Updates near the best prices, as markets make them: a new total (70 %), a removal
/// (15 %) or a new level (15 %), within 2 euros of the spread.
fn updates(rng: &mut Lcg) -> Vec<(Side, String, Option<String>)> {
    (0..UPDATES)
        .map(|_| {
            let side = if rng.next(2) == 0 {
                Side::Bids
            } else {
                Side::Asks
            };
            let cents = rng.next(200);
            let price = match side {
                Side::Bids => format!("{}.{:02}", 597 + cents / 100 + 1, cents % 100),
                Side::Asks => format!("{}.{:02}", 600 + cents / 100, cents % 100),
            };
            let amount = match rng.next(20) {
                0..=2 => None,
                _ => Some(format!("{}.{:08}", rng.next(10), rng.next(100_000_000))),
            };
            (side, price, amount)
        })
        .collect()
}

/// An update with its decimals read: side, price, its text, the new amount and its text.
type Parsed<'a> = (Side, Decimal, &'a str, Option<(Decimal, &'a str)>);

fn per_second(count: usize, start: Instant) -> f64 {
    count as f64 / start.elapsed().as_secs_f64()
}

fn main() {
    let json = book_json();
    let mut rng = Lcg(11);
    let work = updates(&mut rng);
    let parsed: Vec<Parsed<'_>> = work
        .iter()
        .map(|(side, p, a)| {
            (
                *side,
                p.parse().unwrap(),
                p.as_str(),
                a.as_ref().map(|a| (a.parse().unwrap(), a.as_str())),
            )
        })
        .collect();

    // 1. DepthBook::apply alone.
    let mut book = DepthBook::from_json(json.as_bytes(), &Depth::KIND).unwrap();
    let start = Instant::now();
    for (side, price, price_text, amount) in &parsed {
        black_box(book.apply(
            *side,
            LevelUpdate {
                price: *price,
                price_text,
                amount: *amount,
                timestamp: 2,
                currency: "EUR",
            },
        ));
    }
    let apply = per_second(parsed.len(), start);

    // 2. Whole frames through a live market stream, one level each.
    let frames: Vec<String> = work
        .iter()
        .map(|(side, p, a)| {
            let key = if *side == Side::Bids { "bids" } else { "asks" };
            let amount = a.as_deref().map_or("0".to_owned(), |a| format!("\"{a}\""));
            format!(r#"42/public,["stream",{{"{key}":[{{"price":"{p}","amount":{amount},"timestamp":2}}]}}]"#)
        })
        .collect();
    let mut stream = MarketStream::new("eur", 1);
    stream.start();
    stream.on(Input::Frame(
        r#"0{"sid":"s","upgrades":[],"pingInterval":25000,"pingTimeout":60000}"#,
    ));
    stream.on(Input::Frame("40/public,"));
    let ticker = schema::decode(br#"{"currency":"EUR","at":1,"price":"600","bid":null,"ask":null,"midpoint":null,"volume":null,"variation":null,"high":null,"low":null,"vwap":null}"#).unwrap();
    stream.on(Input::Snapshot {
        epoch: 1,
        result: Ok(Box::new(Snapshot {
            book: DepthBook::from_json(json.as_bytes(), &Depth::KIND).unwrap(),
            ticker,
            trades: Vec::new(),
        })),
    });
    assert_eq!(stream.status().as_str(), "live");
    let start = Instant::now();
    for frame in &frames {
        black_box(stream.on(Input::Frame(frame)));
    }
    let whole = per_second(frames.len(), start);

    // 3. The largest frame a server may send (MAX_FRAME_BYTES), all new levels deep
    // in the book (each insert moves most of a side): the worst one frame can cost.
    let mut levels = Vec::new();
    let mut length = 0;
    for i in 0.. {
        let level = format!(
            r#"{{"price":"{}.{:02}5","amount":"1","timestamp":3}}"#,
            500 + i / 100 % 90,
            i % 100
        );
        length += level.len() + 1;
        if length + 64 > MAX_FRAME_BYTES {
            break;
        }
        levels.push(level);
    }
    let big = format!(r#"42/public,["stream",{{"bids":[{}]}}]"#, levels.join(","));
    let before = stream.book().len(Side::Bids);
    let start = Instant::now();
    black_box(stream.on(Input::Frame(&big)));
    let worst = start.elapsed().as_secs_f64() * 1000.0;
    let added = stream.book().len(Side::Bids) - before;

    println!(
        "stream (host, release; a book of {LEVELS} levels a side, {UPDATES} updates near the best)"
    );
    println!("  DepthBook::apply             {:>12.0} updates/s", apply);
    println!(
        "  frame → parse → decode → book {:>11.0} frames/s (one level each)",
        whole
    );
    println!(
        "  one frame of {} KiB ({} new levels deep in the bids)  {worst:.1} ms ({added} levels added)",
        big.len() / 1024,
        levels.len()
    );
    println!(
        "  book after: {} bids, {} asks",
        stream.book().len(Side::Bids),
        stream.book().len(Side::Asks)
    );
}
