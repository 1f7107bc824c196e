//! The library's checks, callable before anything is sent: a form can show them
//! inline as the user types (`checkOrder`, `checkWithdrawal`).

use wasm_bindgen::prelude::*;

use super::error::{self, BitcoinCentralError};
use super::value::{JsonObject, optional_text, read_or_refuse};
use crate::config::Locale;
use crate::error::Error;
use crate::orders::{PlaceOrder, Withdraw};
use crate::schema::{Kind, Node, Schema};

/// The locale asked for (`undefined` or `null`: the browser's).
pub(crate) fn locale(tag: &JsValue) -> Result<Locale, BitcoinCentralError> {
    let tag = optional_text(tag, "locale", crate::web::preferred_locale())?;
    Ok(tag
        .as_deref()
        .and_then(Locale::from_tag)
        .unwrap_or_else(crate::web::preferred_locale))
}

/// `{ argument, message }` (`CheckProblem`) for what the check refused, or `null`.
/// The parameters themselves must be an object: anything else throws, as a wrong
/// argument does everywhere; a member of the wrong type is a problem to show.
fn check<T>(
    params: &JsValue,
    tag: &JsValue,
    schema: &'static Schema,
    from_node: fn(Node) -> Result<T, Error>,
    check: fn(&T, Locale) -> Result<(), Error>,
) -> Result<JsValue, BitcoinCentralError> {
    let locale = locale(tag)?;
    let node = match read_or_refuse(params, &Kind::Object(schema), "params", locale) {
        Ok(node) => node,
        Err(refused) => match refused.argument.strip_prefix("params.") {
            Some(member) => return problem(member, &refused.reason),
            None => return Err(error::refused(refused)),
        },
    };
    match from_node(node).and_then(|value| check(&value, locale)) {
        Ok(()) => Ok(JsValue::NULL),
        Err(Error::InvalidArgument { name, reason }) => problem(name, &reason.text(locale)),
        Err(other) => problem("params", &other.message(locale)),
    }
}

fn problem(argument: &str, message: &str) -> Result<JsValue, BitcoinCentralError> {
    JsonObject::new()
        .text("argument", argument)
        .text("message", message)
        .into_js()
}

/// The first problem `placeOrder(params)` would refuse, without sending anything:
/// `{ argument, message }` in the locale asked for (default: the browser's), or
/// `null` when the order would be sent. Throws an `"invalid-argument"` error when
/// `params` is not an object or `locale` not a string.
#[wasm_bindgen(js_name = checkOrder, unchecked_return_type = "CheckProblem | null")]
pub fn check_order(
    #[wasm_bindgen(unchecked_param_type = "PlaceOrderParams")] params: JsValue,
    #[wasm_bindgen(js_name = locale, unchecked_optional_param_type = "Locale | null")]
    locale_tag: JsValue,
) -> Result<JsValue, BitcoinCentralError> {
    check(
        &params,
        &locale_tag,
        PlaceOrder::SCHEMA,
        PlaceOrder::from_node,
        |order, locale| order.check(locale).map(drop),
    )
}

/// The first problem `withdraw(params)` would refuse (amount, address checksum...),
/// or `null`. Throws like `checkOrder()`.
#[wasm_bindgen(js_name = checkWithdrawal, unchecked_return_type = "CheckProblem | null")]
pub fn check_withdrawal(
    #[wasm_bindgen(unchecked_param_type = "WithdrawParams")] params: JsValue,
    #[wasm_bindgen(js_name = locale, unchecked_optional_param_type = "Locale | null")]
    locale_tag: JsValue,
) -> Result<JsValue, BitcoinCentralError> {
    check(
        &params,
        &locale_tag,
        Withdraw::SCHEMA,
        Withdraw::from_node,
        |w, locale| w.check(locale).map(drop),
    )
}
