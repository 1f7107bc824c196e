//! Exact decimals from JSON text.
//!
//! The exchange sends money as JSON numbers (`679.9999999`) in API v1 and as JSON
//! strings (`"679.9999999"`) in later versions. Either way we take the *text* the
//! server sent and parse it with [`Decimal::from_str_exact`], so the value keeps every
//! digit and its trailing zeros (`680.0` stays `680.0`), and a value that would need
//! rounding (more than 28 significant digits) is a decode error, never a silent change.
//!
//! The schema walk (`schema.rs`) hands a number's text here straight from the bytes,
//! so no price ever passes through an `f64`.

use rust_decimal::Decimal;

/// Parses decimal text exactly: JSON number syntax (`-5.5556`, `680.0`, `1.5e-7`).
pub fn parse_exact(text: &str) -> Result<Decimal, String> {
    if !is_number_syntax(text) {
        return Err(format!("{text:?} is not a decimal number"));
    }
    let parsed = match text.split_once(['e', 'E']) {
        Some((base, exponent)) => scientific(base, exponent),
        None => Decimal::from_str_exact(text).ok(),
    };
    parsed.ok_or_else(|| format!("{text:?} does not fit an exact decimal (28 significant digits)"))
}

/// `base` × 10^`exponent`, exactly. (`Decimal::from_scientific` rounds a base of more
/// than 28 decimals: `0.00000000000000000000000000001e24` became `0.0000`.)
fn scientific(base: &str, exponent: &str) -> Option<Decimal> {
    let mut value = Decimal::from_str_exact(base).ok()?;
    let scale = i64::from(value.scale()) - exponent.parse::<i64>().ok()?;
    if scale >= 0 {
        // Same digits, the point moved: an error beyond 28 decimals.
        value.set_scale(u32::try_from(scale).ok()?).ok()?;
        return Some(value);
    }
    let zeros = u32::try_from(-scale)
        .ok()
        .filter(|&z| z <= Decimal::MAX_SCALE)?;
    value.set_scale(0).ok()?;
    value.checked_mul(Decimal::from_i128_with_scale(10i128.pow(zeros), 0))
}

/// `-?digits(.digits)?([eE][+-]?digits)?`, the JSON number grammar (leading zeros
/// allowed, as some servers send them inside strings).
fn is_number_syntax(text: &str) -> bool {
    fn digits(s: &[u8]) -> usize {
        s.iter().take_while(|b| b.is_ascii_digit()).count()
    }
    let mut s = text.as_bytes();
    if let [b'-', rest @ ..] = s {
        s = rest;
    }
    let n = digits(s);
    if n == 0 {
        return false;
    }
    s = &s[n..];
    if let [b'.', rest @ ..] = s {
        let n = digits(rest);
        if n == 0 {
            return false;
        }
        s = &rest[n..];
    }
    if let [b'e' | b'E', rest @ ..] = s {
        let rest = match rest {
            [b'+' | b'-', r @ ..] => r,
            r => r,
        };
        let n = digits(rest);
        if n == 0 {
            return false;
        }
        s = &rest[n..];
    }
    s.is_empty()
}

#[cfg(test)]
mod tests {
    use super::parse_exact;

    #[test]
    fn exact_text_round_trips() {
        for text in [
            "0",
            "680.0",
            "679.9999999",
            "-5.5556",
            "0.00000001",
            "198.16844745",
            "1389092410",
            "7922816251426433759354395033.5",
            "0.0000000000000000000000000001",
            "680.000000",
        ] {
            assert_eq!(
                parse_exact(text).map(|d| d.to_string()),
                Ok(text.to_owned()),
                "{text}"
            );
        }
    }

    #[test]
    fn scientific_notation_is_read_exactly() {
        assert_eq!(parse_exact("1.5e-7").unwrap().to_string(), "0.00000015");
        assert_eq!(parse_exact("25E2").unwrap().to_string(), "2500");
        assert_eq!(parse_exact("1.50e+3").unwrap().to_string(), "1500");
        assert_eq!(
            parse_exact("0.0000000000000000000000000001e24")
                .unwrap()
                .to_string(),
            "0.0001"
        );
        // A base of more than 28 decimals is refused, not rounded (it was read as 0.0000).
        for text in [
            "0.00000000000000000000000000001e24",
            "1e-29",
            "0.5e-28",
            "8e28",
            "1e99999999999999999999",
        ] {
            let error = parse_exact(text).unwrap_err();
            assert!(error.contains("does not fit"), "{text}: {error}");
        }
    }

    #[test]
    fn malformed_text_is_refused() {
        for text in [
            "", "-", ".5", "5.", "1_000", "12,5", " 1", "1 ", "+1", "0x10", "NaN", "Infinity",
            "1e", "--1", "1.2.3",
        ] {
            let error = parse_exact(text).unwrap_err();
            assert!(
                error.contains("is not a decimal number"),
                "{text:?}: {error}"
            );
        }
    }

    #[test]
    fn digits_beyond_28_are_refused_not_rounded() {
        for text in [
            "0.12345678901234567890123456789",
            "79228162514264337593543950336",
        ] {
            let error = parse_exact(text).unwrap_err();
            assert!(
                error.contains("does not fit an exact decimal"),
                "{text}: {error}"
            );
        }
    }
}
