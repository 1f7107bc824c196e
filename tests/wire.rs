//! The wire format through the public API: the tape JS makes its objects from, and the
//! book view, on the exchange's own models.

use bitcoin_central::book::{DepthBook, Side};
use bitcoin_central::model::{Depth, Order, Trade};
use bitcoin_central::schema::{self, Kind, Model};
use bitcoin_central::tape::{root_name, tape};

#[path = "support/lcg.rs"]
mod lcg;

fn js(text: &str, kind: &Kind) -> String {
    tape(text.as_bytes(), kind).unwrap().to_json(text, kind)
}

#[test]
fn texts_point_into_the_body_and_new_texts_into_extra() {
    let text = r#"{"bids": [{"timestamp": 1, "price": 680.10, "amount": "0.5", "currency": "EUR"}], "asks": [{"amount": 1e-2, "price": "007", "timestamp": 2, "currency": "E\u0055R", "x": [1]}]}"#;
    let tape = tape(text.as_bytes(), &Depth::KIND).unwrap();
    assert_eq!(tape.extra, "0.017EUR");
    assert_eq!(
        tape.to_json(text, &Depth::KIND),
        r#"{"bids":[{"timestamp":1,"price":"680.10","amount":"0.5","currency":"EUR"}],"asks":[{"timestamp":2,"price":"7","amount":"0.01","currency":"EUR"}]}"#
    );
}

#[test]
fn offsets_count_utf16_units_after_non_ascii_text() {
    let text = r#"[{"uuid": "é😀x", "currency": "EUR", "created_at": "t", "created_at_int": 1, "price": 1.5, "traded_btc": 2, "traded_currency": 3}]"#;
    let kind = Vec::<Trade>::KIND;
    assert_eq!(
        js(text, &kind),
        r#"[{"uuid":"é😀x","currency":"EUR","createdAt":"t","createdAtInt":1,"price":"1.5","tradedBtc":"2","tradedCurrency":"3"}]"#
    );
}

#[test]
fn missing_optional_fields_are_null_or_empty_lists() {
    let text = r#"{"uuid": "u", "type": "LimitOrder", "currency": "EUR", "created_at": "c", "updated_at": "u", "amount": 1, "state": "active", "currency_fee": 0, "btc_fee": 0}"#;
    let kind = Option::<Order>::KIND;
    let json = js(text, &kind);
    assert!(json.ends_with(r#""comment":null,"accountOperations":[],"direction":null,"price":null,"tradedBtc":null,"tradedCurrency":null}"#), "{json}");
    assert_eq!(js("null", &kind), "null");
    assert_eq!(root_name(&kind), "Order|null");
    assert_eq!(root_name(&Vec::<Trade>::KIND), "Trade[]");
}

const BOOK: &str = r#"{"bids": [
    {"timestamp": 1, "price": 679.9, "amount": "0.5", "currency": "EUR"},
    {"timestamp": 2, "price": 680.00, "amount": 1.25, "currency": "EUR"}
], "asks": [
    {"timestamp": 3, "price": "681.5", "amount": 2, "currency": "EUR"},
    {"timestamp": 4, "price": 682, "amount": "0.00000001", "currency": "E\u0055R"}
]}"#;

#[test]
fn levels_come_best_first_with_the_server_digits() {
    let book = DepthBook::from_json(BOOK.as_bytes(), &Depth::KIND).unwrap();
    assert_eq!(book.price(Side::Bids, 0), Some("680.00"));
    assert_eq!(book.price(Side::Bids, 1), Some("679.9"));
    assert_eq!(book.price(Side::Asks, 0), Some("681.5"));
    assert_eq!(book.amount(Side::Asks, 1), Some("0.00000001"));
    assert_eq!(book.price(Side::Asks, 2), None);
    assert_eq!(
        book.levels_js(Side::Bids, 1),
        r#"[{"timestamp":2,"price":"680.00","amount":"1.25","currency":"EUR"}]"#
    );
    assert_eq!(
        book.level_js(Side::Asks, 1),
        r#"{"timestamp":4,"price":"682","amount":"0.00000001","currency":"EUR"}"#
    );
    assert_eq!(book.level_js(Side::Asks, 9), "null");
}

#[test]
fn sums_spread_and_mid_are_exact() {
    let mut book = DepthBook::from_json(BOOK.as_bytes(), &Depth::KIND).unwrap();
    assert_eq!(
        book.cumulative(Side::Bids, 0).unwrap().unwrap().to_string(),
        "1.25"
    );
    assert_eq!(
        book.cumulative(Side::Bids, 1).unwrap().unwrap().to_string(),
        "1.75"
    );
    assert_eq!(book.cumulative(Side::Bids, 2), Ok(None));
    assert_eq!(book.total(Side::Asks).unwrap().to_string(), "2.00000001");
    assert_eq!(book.spread().unwrap().to_string(), "1.50");
    assert_eq!(book.mid().unwrap().to_string(), "680.75");
    let empty = DepthBook::from_json(br#"{"bids": [], "asks": []}"#, &Depth::KIND).unwrap();
    assert_eq!(empty.spread(), None);
    assert_eq!(empty.mid(), None);
}

#[test]
fn unsorted_sides_are_sorted_and_bad_books_refused_like_depth() {
    let book = DepthBook::from_json(
        br#"{"bids": [{"timestamp": 1, "price": 5, "amount": 1, "currency": "EUR"},
                      {"timestamp": 1, "price": 7, "amount": 1, "currency": "EUR"},
                      {"timestamp": 1, "price": 6, "amount": 1, "currency": "EUR"}],
             "asks": []}"#,
        &Depth::KIND,
    )
    .unwrap();
    let prices: Vec<_> = (0..3).map(|i| book.price(Side::Bids, i).unwrap()).collect();
    assert_eq!(prices, ["7", "6", "5"]);
    let error = DepthBook::from_json(
        br#"{"bids": [{"timestamp": 1, "price": true}], "asks": []}"#,
        &Depth::KIND,
    )
    .unwrap_err();
    assert_eq!(error.path(), "bids[0].price");
    let plain = schema::to_js_json(
        br#"{"bids": [{"timestamp": 1, "price": true}], "asks": []}"#,
        &Depth::KIND,
    )
    .unwrap_err();
    assert_eq!(plain.path(), error.path());
}

#[test]
fn a_sum_beyond_28_digits_is_refused_not_rounded() {
    let huge = r#"{"timestamp": 1, "price": 1, "amount": "79228162514264337593543950335", "currency": "EUR"}"#;
    let text = format!(r#"{{"bids": [{huge}, {huge}], "asks": []}}"#);
    let mut book = DepthBook::from_json(text.as_bytes(), &Depth::KIND).unwrap();
    assert!(book.cumulative(Side::Bids, 0).unwrap().is_some());
    assert!(book.cumulative(Side::Bids, 1).is_err());
    assert!(book.total(Side::Bids).is_err());
    assert_eq!(book.total(Side::Asks).unwrap().to_string(), "0");
}

mod updates {
    //! `DepthBook::apply`: a stream's levels (new totals, zero or null removing)
    //! applied to a book, against a plain sorted map as the reference.
    use std::collections::BTreeMap;

    use bitcoin_central::Decimal;
    use bitcoin_central::book::{Applied, DepthBook, LevelUpdate, Side};
    use bitcoin_central::model::Depth;
    use bitcoin_central::schema::Model;

    use super::lcg::Lcg;

    fn update<'a>(price: &'a str, amount: Option<&'a str>) -> LevelUpdate<'a> {
        LevelUpdate {
            price: price.parse().unwrap(),
            price_text: price,
            amount: amount.map(|a| (a.parse::<Decimal>().unwrap(), a)),
            timestamp: 9,
            currency: "EUR",
        }
    }

    #[test]
    fn a_level_is_added_changed_and_removed_in_its_place() {
        let mut book = DepthBook::from_json(super::BOOK.as_bytes(), &Depth::KIND).unwrap();
        assert_eq!(
            book.cumulative(Side::Bids, 1).unwrap().unwrap().to_string(),
            "1.75"
        );
        assert_eq!(
            book.apply(Side::Bids, update("680.50", Some("2"))),
            Applied::Added
        );
        assert_eq!(book.price(Side::Bids, 0), Some("680.50"));
        assert_eq!(
            book.cumulative(Side::Bids, 1).unwrap().unwrap().to_string(),
            "3.25",
            "sums redone"
        );
        assert_eq!(
            book.apply(Side::Bids, update("679.9", Some("0.70"))),
            Applied::Changed
        );
        assert_eq!(
            book.amount(Side::Bids, 2),
            Some("0.70"),
            "the server's digits"
        );
        assert_eq!(book.total(Side::Bids).unwrap().to_string(), "3.95");
        assert_eq!(
            book.apply(Side::Asks, update("681.5", Some("0"))),
            Applied::Removed
        );
        assert_eq!(
            book.apply(Side::Asks, update("681.50", None)),
            Applied::Missing,
            "already gone"
        );
        assert_eq!(book.price(Side::Asks, 0), Some("682"));
        assert_eq!(
            book.apply(Side::Asks, update("681", Some("0.1"))),
            Applied::Added
        );
        assert_eq!(book.spread().unwrap().to_string(), "0.50");
        assert_eq!(
            book.levels_js(Side::Asks, 1),
            r#"[{"timestamp":9,"price":"681","amount":"0.1","currency":"EUR"}]"#
        );
    }

    #[test]
    fn levels_come_with_their_running_totals_exactly() {
        let mut book = DepthBook::from_json(super::BOOK.as_bytes(), &Depth::KIND).unwrap();
        assert_eq!(
            book.levels_with_totals_js(Side::Bids, 5).unwrap(),
            r#"[{"timestamp":2,"price":"680.00","amount":"1.25","currency":"EUR","total":"1.25"},{"timestamp":1,"price":"679.9","amount":"0.5","currency":"EUR","total":"1.75"}]"#
        );
        book.apply(Side::Bids, update("680.50", Some("0.00000001")));
        assert_eq!(
            book.levels_with_totals_js(Side::Bids, 2).unwrap(),
            r#"[{"timestamp":9,"price":"680.50","amount":"0.00000001","currency":"EUR","total":"0.00000001"},{"timestamp":2,"price":"680.00","amount":"1.25","currency":"EUR","total":"1.25000001"}]"#,
            "sums redone from the changed level"
        );
        assert_eq!(book.levels_with_totals_js(Side::Asks, 0).unwrap(), "[]");
    }

    #[test]
    fn many_updates_leave_the_book_a_sorted_map_would_hold() {
        let mut book = DepthBook::from_json(br#"{"bids": [], "asks": []}"#, &Depth::KIND).unwrap();
        let mut reference: [BTreeMap<Decimal, String>; 2] = Default::default();
        let mut rng = Lcg(7);
        for step in 0..20_000 {
            let side = if rng.next(2) == 0 {
                Side::Bids
            } else {
                Side::Asks
            };
            let price = format!("{}.{:02}", 600 + rng.next(200), rng.next(100));
            let amount = match rng.next(4) {
                0 => None,
                1 => Some("0".to_owned()),
                _ => Some(format!("{}.{:08}", rng.next(5), rng.next(100_000_000))),
            };
            let applied = book.apply(side, update(&price, amount.as_deref()));
            let map = &mut reference[side as usize];
            let key: Decimal = price.parse().unwrap();
            let expected = match amount.filter(|a| !a.parse::<Decimal>().unwrap().is_zero()) {
                None if map.remove(&key).is_some() => Applied::Removed,
                None => Applied::Missing,
                Some(a) => match map.insert(key, a) {
                    Some(_) => Applied::Changed,
                    None => Applied::Added,
                },
            };
            assert_eq!(applied, expected, "step {step}");
            if step % 1000 == 0 || step == 19_999 {
                for side in [Side::Bids, Side::Asks] {
                    let map = &reference[side as usize];
                    let want: Vec<(String, String)> = match side {
                        Side::Bids => map
                            .iter()
                            .rev()
                            .map(|(p, a)| (p.to_string(), a.clone()))
                            .collect(),
                        Side::Asks => map
                            .iter()
                            .map(|(p, a)| (p.to_string(), a.clone()))
                            .collect(),
                    };
                    // The texts, which the arena's compactions have moved.
                    let got: Vec<(String, String)> = (0..book.len(side))
                        .map(|i| {
                            (
                                book.price(side, i).unwrap().to_owned(),
                                book.amount(side, i).unwrap().to_owned(),
                            )
                        })
                        .collect();
                    assert!(
                        book.levels(side)
                            .zip(&got)
                            .all(|(l, (p, a))| l.price.to_string() == *p
                                && l.amount.to_string() == *a)
                    );
                    assert_eq!(got, want, "step {step}");
                    let total = map
                        .values()
                        .map(|a| a.parse::<Decimal>().unwrap())
                        .sum::<Decimal>();
                    assert_eq!(book.total(side).unwrap(), total);
                    if let Some(last) = book.len(side).checked_sub(1) {
                        assert_eq!(book.cumulative(side, last).unwrap().unwrap(), total);
                    }
                }
            }
        }
    }
}
