//! Money as whole minor units (cents) and a currency code; never a float.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Money {
    /// Hundredths of the currency's unit.
    pub minor: i64,
    pub currency: String,
}

/// Why an amount was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AmountError {
    NotANumber,
    Negative,
    TooPrecise,
    TooLarge,
}

impl AmountError {
    pub fn message(self) -> &'static str {
        match self {
            AmountError::NotANumber => "Enter an amount such as 1299.00.",
            AmountError::Negative => "A cost cannot be negative.",
            AmountError::TooPrecise => "Use at most two decimals, e.g. 1299.99.",
            AmountError::TooLarge => "That amount is too large.",
        }
    }
}

/// Reads "1299", "1,299.5" or "1299.99" as minor units: 129900, 129950, 129999.
pub fn parse_amount(text: &str) -> Result<i64, AmountError> {
    let text: String = text.trim().chars().filter(|c| *c != ',').collect();
    if let Some(rest) = text.strip_prefix('-') {
        return match parse_amount(rest) {
            Ok(0) => Ok(0),
            Ok(_) => Err(AmountError::Negative),
            Err(e) => Err(e),
        };
    }
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if !digits(whole) || !(fraction.is_empty() || digits(fraction)) {
        return Err(AmountError::NotANumber);
    }
    if fraction.len() > 2 {
        return Err(AmountError::TooPrecise);
    }
    let whole: i64 = whole.parse().map_err(|_| AmountError::TooLarge)?;
    let cents: i64 = format!("{fraction:0<2}").parse().unwrap_or(0);
    whole
        .checked_mul(100)
        .and_then(|w| w.checked_add(cents))
        .filter(|v| *v <= 100_000_000_000_000)
        .ok_or(AmountError::TooLarge)
}

/// `129999` as "1299.99": the form's and the audit's plain text.
pub fn plain_amount(minor: i64) -> String {
    format!("{}.{:02}", minor / 100, minor % 100)
}

/// `129999` as "1,299.99".
pub fn format_amount(minor: i64) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    let minor = minor.unsigned_abs();
    let whole = (minor / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}{grouped}.{:02}", minor % 100)
}

impl Money {
    /// "EUR 1,299.99".
    pub fn shown(&self) -> String {
        format!("{} {}", self.currency, format_amount(self.minor))
    }
}

/// An ISO 4217-style code: three capital letters.
pub fn valid_currency(code: &str) -> bool {
    code.len() == 3 && code.chars().all(|c| c.is_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_become_whole_cents() {
        assert_eq!(parse_amount("1299"), Ok(129_900));
        assert_eq!(parse_amount(" 1,299.5 "), Ok(129_950));
        assert_eq!(parse_amount("1299.99"), Ok(129_999));
        assert_eq!(parse_amount("0.07"), Ok(7));
        assert_eq!(parse_amount("-0"), Ok(0));
        assert_eq!(parse_amount("-5"), Err(AmountError::Negative));
        assert_eq!(parse_amount("12.345"), Err(AmountError::TooPrecise));
        assert_eq!(parse_amount("12a"), Err(AmountError::NotANumber));
        assert_eq!(parse_amount(""), Err(AmountError::NotANumber));
        assert_eq!(parse_amount("1e5"), Err(AmountError::NotANumber));
        assert_eq!(
            parse_amount("99999999999999999999"),
            Err(AmountError::TooLarge)
        );
    }

    #[test]
    fn amounts_are_shown_grouped_with_two_decimals() {
        assert_eq!(format_amount(129_999), "1,299.99");
        assert_eq!(format_amount(7), "0.07");
        assert_eq!(format_amount(12_345_678_900), "123,456,789.00");
        assert_eq!(format_amount(-150), "-1.50");
        let price = Money {
            minor: 100_000,
            currency: "EUR".into(),
        };
        assert_eq!(price.shown(), "EUR 1,000.00");
    }

    #[test]
    fn currencies_are_three_capitals() {
        assert!(valid_currency("EUR"));
        assert!(!valid_currency("eur") && !valid_currency("EURO") && !valid_currency(""));
    }
}
