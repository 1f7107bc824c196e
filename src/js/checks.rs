//! The library's checks, callable before anything is sent: a form can show them
//! inline as the user types (`checkOrder`, `checkWithdrawal`).

use wasm_bindgen::prelude::*;

use super::{JsonObject, json_of};
use crate::config::Locale;
use crate::error::Error;
use crate::orders::{PlaceOrder, Withdraw};

/// `{ argument, message }` (`CheckProblem`).
fn problem_of(argument: &str, message: &str) -> JsValue {
    JsonObject::new()
        .text("argument", argument)
        .text("message", message)
        .into_js()
        .unwrap_or(JsValue::NULL)
}

fn locale(tag: Option<String>) -> Locale {
    tag.as_deref()
        .and_then(Locale::from_tag)
        .unwrap_or_else(crate::web::preferred_locale)
}

fn problem<T>(result: Result<T, Error>) -> JsValue {
    match result {
        Ok(_) => JsValue::NULL,
        Err(Error::InvalidArgument { name, reason }) => problem_of(name, &reason),
        Err(other) => problem_of("params", &other.to_string()),
    }
}

fn parse<T>(params: &JsValue, read: fn(&[u8]) -> Result<T, Error>) -> Result<T, Error> {
    read(&json_of(params, "params")?)
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
    problem(parse(&params, PlaceOrder::from_json).and_then(|order| order.check(locale)))
}

/// The first problem `withdraw(params)` would refuse (amount, address checksum...),
/// or `null`.
#[wasm_bindgen(js_name = checkWithdrawal, unchecked_return_type = "CheckProblem | null")]
pub fn check_withdrawal(
    #[wasm_bindgen(unchecked_param_type = "WithdrawParams")] params: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Locale")] locale_tag: Option<String>,
) -> JsValue {
    let locale = locale(locale_tag);
    problem(parse(&params, Withdraw::from_json).and_then(|w| w.check(locale)))
}
