//! The library's checks, callable before anything is sent: a form can show them
//! inline as the user types (`checkOrder`, `checkWithdrawal`).

use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::to_plain;
use crate::config::Locale;
use crate::error::Error;
use crate::orders::{PlaceOrder, Withdraw};

#[derive(Serialize)]
struct Problem {
    argument: &'static str,
    message: String,
}

fn locale(tag: Option<String>) -> Locale {
    tag.as_deref()
        .and_then(Locale::from_tag)
        .unwrap_or_else(crate::web::preferred_locale)
}

fn problem<T>(result: Result<T, Error>) -> JsValue {
    match result {
        Ok(_) => JsValue::NULL,
        Err(Error::InvalidArgument { name, reason }) => to_plain(&Problem {
            argument: name,
            message: reason,
        })
        .unwrap_or(JsValue::NULL),
        Err(other) => to_plain(&Problem {
            argument: "params",
            message: other.to_string(),
        })
        .unwrap_or(JsValue::NULL),
    }
}

fn parse<T: serde::de::DeserializeOwned>(params: &JsValue) -> Result<T, Error> {
    js_sys::JSON::stringify(params)
        .ok()
        .and_then(|text| text.as_string())
        .ok_or_else(|| "not representable as JSON".to_owned())
        .and_then(|text| serde_json::from_str::<T>(&text).map_err(|e| e.to_string()))
        .map_err(|reason| Error::InvalidArgument {
            name: "params",
            reason,
        })
}

/// The first problem `placeOrder(params)` would refuse, without sending anything:
/// `{ argument, message }` in the locale asked for (default: the browser's), or
/// `null` when the order would be sent.
#[wasm_bindgen(js_name = checkOrder, unchecked_return_type = "CheckProblem | null")]
pub fn check_order(
    #[wasm_bindgen(unchecked_param_type = "PlaceOrderParams")] params: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Locale")] locale_tag: Option<String>,
) -> JsValue {
    let locale = locale(locale_tag);
    problem(parse::<PlaceOrder>(&params).and_then(|order| order.check(locale)))
}

/// The first problem `withdraw(params)` would refuse (amount, address checksum...),
/// or `null`.
#[wasm_bindgen(js_name = checkWithdrawal, unchecked_return_type = "CheckProblem | null")]
pub fn check_withdrawal(
    #[wasm_bindgen(unchecked_param_type = "WithdrawParams")] params: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Locale")] locale_tag: Option<String>,
) -> JsValue {
    let locale = locale(locale_tag);
    problem(parse::<Withdraw>(&params).and_then(|w| w.check(locale)))
}
