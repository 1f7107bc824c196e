//! The app in headless Chromium against the sandbox exchange (`SANDBOX_URL` at compile
//! time, started by scripts/consumers.sh with `--pkg pkg`, so the package's widget.js
//! is at `{SANDBOX_URL}/pkg/widget.js`).
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use bitcoin_central::ErrorKind;
use bitcoin_central_rust_app::{Market, run, show_widget};
use gloo_timers::future::sleep;
use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const SANDBOX: &str = env!("SANDBOX_URL");

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// What a page's `<script type="module" src=".../widget.js">` does.
async fn load_widget_script() {
    let import = Function::new_with_args("url", "return import(url)");
    let url = JsValue::from_str(&format!("{SANDBOX}/pkg/widget.js"));
    let promise: Promise = import.call1(&JsValue::NULL, &url).unwrap().into();
    JsFuture::from(promise)
        .await
        .expect("widget.js loads from the sandbox");
}

/// The widget's `lastUpdate` property: when its data was fetched, or `None` before.
fn last_update(widget: &web_sys::Element) -> Option<f64> {
    Reflect::get(widget, &"lastUpdate".into()).unwrap().as_f64()
}

/// Waits (at most `secs` seconds) for the widget's `state` property to be `wanted`.
async fn wait_for_state(widget: &web_sys::Element, wanted: &str, secs: u32) -> String {
    let mut state = String::new();
    for _ in 0..secs * 10 {
        state = Reflect::get(widget, &"state".into())
            .unwrap()
            .as_string()
            .unwrap_or_default();
        if state == wanted {
            break;
        }
        sleep(Duration::from_millis(100)).await;
    }
    state
}

#[wasm_bindgen_test]
async fn reads_the_ticker_and_the_order_book() {
    let market = Market::read(SANDBOX).await.expect("the sandbox answers");
    assert_eq!(market.ticker.currency, "EUR");
    assert!(market.ticker.price.is_some());
    assert!(!market.depth.bids.is_empty() && !market.depth.asks.is_empty());
    let (bid, ask) = (market.best_bid().unwrap(), market.best_ask().unwrap());
    assert!(bid < ask, "bid {bid} below ask {ask}");
    assert_eq!(market.spread(), Some(ask - bid));
    let summary = market.summary();
    assert!(summary.starts_with("EUR "), "{summary}");
    assert!(
        summary.contains(&format!("bid {bid}, ask {ask}")),
        "{summary}"
    );
}

#[wasm_bindgen_test]
async fn a_bad_base_url_is_refused_before_sending() {
    let error = Market::read("not a url").await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidArgument);
}

#[wasm_bindgen_test]
async fn the_widget_comes_alive_with_the_package_widget_script() {
    let parent = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&parent).unwrap();
    let widget = show_widget(&parent, SANDBOX).unwrap();
    assert_eq!(widget.tag_name().to_lowercase(), "bitcoin-central-market");
    assert_eq!(widget.get_attribute("locale").as_deref(), Some("fr"));
    assert_eq!(widget.get_attribute("trades").as_deref(), Some("0"));

    load_widget_script().await;
    assert_eq!(wait_for_state(&widget, "live", 15).await, "live");
    assert!(
        last_update(&widget).is_some_and(|at| at > 0.0),
        "it has data"
    );
    parent.remove();
}

#[wasm_bindgen_test]
async fn run_writes_the_summary_and_mounts_the_widget() {
    load_widget_script().await;
    run(SANDBOX.to_owned()).await.expect("the app runs");
    let body = document().body().unwrap();
    let summary = body
        .query_selector("p.summary")
        .unwrap()
        .expect("a summary");
    assert!(summary.text_content().unwrap().starts_with("EUR "));
    let widget = body
        .query_selector("bitcoin-central-market")
        .unwrap()
        .expect("a widget");
    assert_eq!(wait_for_state(&widget, "live", 15).await, "live");
    widget.remove();
    summary.remove();
}
