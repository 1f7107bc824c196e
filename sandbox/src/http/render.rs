//! Decimals written as the sandbox was told to ([`DecimalStyle`]), and times as the
//! exchange writes them.

use rust_decimal::Decimal;
use serde_json::{Number, Value};

use crate::domain::sandbox::DecimalStyle;

/// Writes decimals as the sandbox was told to: JSON numbers with the Decimal's exact
/// digits, or strings.
#[derive(Clone, Copy)]
pub struct Render(pub DecimalStyle);

impl Render {
    pub fn dec(self, value: Decimal) -> Value {
        let text = value.to_string();
        match self.0 {
            DecimalStyle::String => Value::String(text),
            DecimalStyle::Number => text
                .parse::<Number>()
                .map_or(Value::String(text), Value::Number),
        }
    }

    pub fn opt(self, value: Option<Decimal>) -> Value {
        value.map_or(Value::Null, |v| self.dec(v))
    }

    /// An account's amount as the spec's user answers write them: without trailing
    /// zeros, but with at least one decimal (`1.0`, `0.0`, `-300.0`, `25.78866278`).
    pub fn money(self, value: Decimal) -> Value {
        let mut value = value.normalize();
        if value.scale() == 0 {
            value.rescale(1);
        }
        self.dec(value)
    }
}

/// `2014-01-07T11:30:59Z`, as the exchange writes a trade's `created_at`.
pub fn rfc3339(unix_secs: i64) -> String {
    let secs = u64::try_from(unix_secs).unwrap_or(0);
    let time = std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs);
    humantime::format_rfc3339_seconds(time).to_string()
}
