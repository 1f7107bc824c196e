//! Browser tier, market widget: the Rust API that mounts `<bitcoin-central-market>`
//! (the widget's own behaviour, from widget.js, is in the end-to-end tier).
#![cfg(target_arch = "wasm32")]

use bitcoin_central::Locale;
use bitcoin_central::web::widget::{MarketWidget, TAG_NAME, mount_market};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn all_options() -> MarketWidget {
    MarketWidget {
        base_url: Some("http://127.0.0.1:8080".to_owned()),
        currency: Some("eur".to_owned()),
        locale: Some(Locale::Fr),
        interval_secs: Some(2),
        trades: Some(0),
        levels: Some(30),
    }
}

#[wasm_bindgen_test]
fn attributes_are_the_options_set_in_a_fixed_order() {
    assert_eq!(MarketWidget::default().attributes(), Vec::new());
    let owned = |pairs: &[(&'static str, &str)]| -> Vec<(&'static str, String)> {
        pairs.iter().map(|&(k, v)| (k, v.to_owned())).collect()
    };
    assert_eq!(
        all_options().attributes(),
        owned(&[
            ("base-url", "http://127.0.0.1:8080"),
            ("currency", "eur"),
            ("locale", "fr"),
            ("interval", "2"),
            ("trades", "0"),
            ("levels", "30"),
        ])
    );
    let some = MarketWidget {
        locale: Some(Locale::En),
        interval_secs: Some(30),
        ..MarketWidget::default()
    };
    assert_eq!(
        some.attributes(),
        owned(&[("locale", "en"), ("interval", "30")])
    );
}

#[wasm_bindgen_test]
fn mount_market_appends_the_element_with_its_attributes() {
    let document = web_sys::window().unwrap().document().unwrap();
    let parent = document.create_element("div").unwrap();
    document
        .document_element()
        .unwrap()
        .append_child(&parent)
        .unwrap();

    let widget = mount_market(&parent, &all_options()).unwrap();
    assert_eq!(widget.tag_name().to_lowercase(), TAG_NAME);
    assert_eq!(parent.child_element_count(), 1);
    for (name, value) in all_options().attributes() {
        assert_eq!(widget.get_attribute(name), Some(value), "{name}");
    }

    let bare = mount_market(&parent, &MarketWidget::default()).unwrap();
    assert_eq!(parent.child_element_count(), 2);
    assert_eq!(bare.get_attribute_names().length(), 0);
    parent.remove();
}
