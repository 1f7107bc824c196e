//! The market widget for Rust web apps (Yew, Leptos, ...): [`mount_market`] creates a
//! `<bitcoin-central-market>` element with the attributes of a [`MarketWidget`].
//!
//! The widget itself is the npm package's `widget.js` (`bitcoin-central/widget`): the
//! page must load it, e.g. in `index.html`:
//!
//! ```html
//! <script type="module" src="/pkg/widget.js"></script>
//! ```
//!
//! Before or after mounting: a custom element comes alive when its definition loads.
//! All the widgets of a page that show the same market share one poll.

use crate::config::Locale;
use crate::error::{Error, Text};
use crate::messages::Lack;

/// The widget's tag name.
pub const TAG_NAME: &str = "bitcoin-central-market";

/// The widget's options, one per attribute; `None` leaves the widget's default.
///
/// ```ignore
/// let options = MarketWidget {
///     base_url: Some("http://127.0.0.1:8080".into()),
///     locale: Some(Locale::Fr),
///     ..MarketWidget::default()
/// };
/// let widget = bitcoin_central::web::widget::mount_market(&container, &options)?;
/// // Later: widget.remove() stops its polling.
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MarketWidget {
    /// The exchange's address (`base-url`), resolved against the page like an href.
    /// Default: the real exchange, `https://bitcoin-central.net`.
    pub base_url: Option<String>,
    /// The market (`currency`). Default `eur`.
    pub currency: Option<String>,
    /// The language of the texts (`locale`). Default: the browser's.
    pub locale: Option<Locale>,
    /// Seconds between polls (`interval`). Default 10; the widget polls at most every 2.
    pub interval_secs: Option<u32>,
    /// How many latest trades to list (`trades`); 0 hides the list. Default 8.
    pub trades: Option<u32>,
    /// Order book levels per side on the depth chart (`levels`); 0 hides it. Default 20.
    pub levels: Option<u32>,
}

impl MarketWidget {
    /// The element's attributes for these options, in a fixed order; options left at
    /// `None` are absent.
    pub fn attributes(&self) -> Vec<(&'static str, String)> {
        let MarketWidget {
            base_url,
            currency,
            locale,
            interval_secs,
            trades,
            levels,
        } = self;
        [
            ("base-url", base_url.clone()),
            ("currency", currency.clone()),
            ("locale", locale.map(|l| l.tag().to_owned())),
            ("interval", interval_secs.map(|n| n.to_string())),
            ("trades", trades.map(|n| n.to_string())),
            ("levels", levels.map(|n| n.to_string())),
        ]
        .into_iter()
        .filter_map(|(name, value)| Some((name, value?)))
        .collect()
    }
}

/// Appends a `<bitcoin-central-market>` with these options to `parent` and returns it.
/// Removing the element (`element.remove()`) stops its polling. Fails with an
/// `invalid-argument` error only when the DOM refuses (e.g. `parent` has no document).
pub fn mount_market(
    parent: &web_sys::Element,
    options: &MarketWidget,
) -> Result<web_sys::Element, Error> {
    // The DOM's exception says no more than which step refused: name the step.
    let refused = |what: Lack, _: wasm_bindgen::JsValue| Error::InvalidArgument {
        name: "parent",
        reason: Text::Unavailable(what),
    };
    let document = parent
        .owner_document()
        .ok_or_else(|| Error::InvalidArgument {
            name: "parent",
            reason: Text::Unavailable(Lack::Document),
        })?;
    let element = document
        .create_element(TAG_NAME)
        .map_err(|e| refused(Lack::CreateElement, e))?;
    for (name, value) in options.attributes() {
        element
            .set_attribute(name, &value)
            .map_err(|e| refused(Lack::SetAttribute, e))?;
    }
    parent
        .append_child(&element)
        .map_err(|e| refused(Lack::AppendChild, e))?;
    Ok(element)
}
