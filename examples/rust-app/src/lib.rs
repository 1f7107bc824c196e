//! A minimal Rust web app over the `bitcoin-central` crate: it reads one market with
//! the async Rust API ([`bitcoin_central::Client`]) and shows it with the market
//! widget ([`bitcoin_central::web::widget::mount_market`]).
//!
//! What a Yew or Leptos app would do in its components, without the framework. Built
//! with `wasm-bindgen --target web`, a page runs it with
//! `import init, { run } from "./bitcoin_central_rust_app.js"; await init(); await run(base);`
//! after loading the package's `widget.js`. The tests (`tests/app.rs`) run it in
//! headless Chromium against the sandbox exchange.
#![cfg(target_arch = "wasm32")]

use bitcoin_central::web::widget::{MarketWidget, mount_market};
use bitcoin_central::{Client, Config, Decimal, Depth, Error, Locale, Ticker};
use wasm_bindgen::prelude::*;

/// One market at one moment: its ticker and its order book.
#[derive(Debug, Clone)]
pub struct Market {
    pub ticker: Ticker,
    pub depth: Depth,
}

impl Market {
    /// Reads the ticker and the order book of the default market (EUR) of the
    /// exchange at `base_url`, one request after the other.
    pub async fn read(base_url: &str) -> Result<Market, Error> {
        let client = Client::new(Config::default().with_base_url(base_url)?);
        let ticker = client.ticker().await?;
        let depth = client.depth().await?;
        Ok(Market { ticker, depth })
    }

    /// The highest bid of the book, if any.
    pub fn best_bid(&self) -> Option<Decimal> {
        self.depth.bids.iter().map(|level| level.price).max()
    }

    /// The lowest ask of the book, if any.
    pub fn best_ask(&self) -> Option<Decimal> {
        self.depth.asks.iter().map(|level| level.price).min()
    }

    /// Best ask minus best bid, exact.
    pub fn spread(&self) -> Option<Decimal> {
        Some(self.best_ask()? - self.best_bid()?)
    }

    /// One line for the page: `"EUR 680.0 (bid 676.01, ask 680.5)"`, the server's digits.
    pub fn summary(&self) -> String {
        let show = |value: Option<Decimal>| value.map_or_else(|| "-".to_owned(), |v| v.to_string());
        format!(
            "{} {} (bid {}, ask {})",
            self.ticker.currency,
            show(self.ticker.price),
            show(self.best_bid()),
            show(self.best_ask())
        )
    }
}

/// Shows the live market widget of the exchange at `base_url` at the end of `parent`,
/// in French, without the trades list. The page must load the package's `widget.js`
/// for the element to come alive.
pub fn show_widget(parent: &web_sys::Element, base_url: &str) -> Result<web_sys::Element, Error> {
    let options = MarketWidget {
        base_url: Some(base_url.to_owned()),
        locale: Some(Locale::Fr),
        interval_secs: Some(2),
        trades: Some(0),
        ..MarketWidget::default()
    };
    mount_market(parent, &options)
}

/// The app: a `<p class="summary">` with the market's summary, then the widget, at the
/// end of the page's `<body>`. Rejects with the error's message.
#[wasm_bindgen]
pub async fn run(base_url: String) -> Result<(), JsError> {
    let document = web_sys::window()
        .and_then(|window| window.document())
        .ok_or_else(|| JsError::new("no document"))?;
    let body = document.body().ok_or_else(|| JsError::new("no <body>"))?;
    let market = Market::read(&base_url).await?;
    let line = document
        .create_element("p")
        .map_err(|_| JsError::new("cannot create <p>"))?;
    line.set_class_name("summary");
    line.set_text_content(Some(&market.summary()));
    body.append_child(&line)
        .map_err(|_| JsError::new("cannot append the summary"))?;
    show_widget(&body, &base_url)?;
    Ok(())
}
