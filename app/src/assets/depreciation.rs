//! Book value at any date, by straight-line or declining-balance depreciation, in whole
//! cents. The value falls to zero at the end of the useful life (no salvage value).

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Method {
    /// The same amount every day of the useful life.
    StraightLine,
    /// Double declining balance: each year loses twice the straight-line rate of what
    /// is left, until the straight line over the remaining years loses more; from then
    /// on the straight line, so the value reaches zero at the end of the life.
    DecliningBalance,
}

impl Method {
    pub const ALL: &'static [Method] = &[Method::StraightLine, Method::DecliningBalance];

    pub fn key(self) -> &'static str {
        match self {
            Method::StraightLine => "straight_line",
            Method::DecliningBalance => "declining_balance",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Method::StraightLine => "Straight line",
            Method::DecliningBalance => "Declining balance (double)",
        }
    }

    pub fn from_key(key: &str) -> Option<Method> {
        Self::ALL.iter().copied().find(|m| m.key() == key)
    }

    /// A method by its key or its label, as a spreadsheet may spell it.
    pub fn parse(text: &str) -> Option<Method> {
        let text = text.trim().to_lowercase();
        Self::ALL.iter().copied().find(|m| {
            m.key() == text
                || m.label().to_lowercase() == text
                || m.label().to_lowercase().starts_with(&format!("{text} ("))
        })
    }
}

/// What depreciation needs to know about an asset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Basis {
    pub cost: i64,
    pub purchased: NaiveDate,
    pub life_months: u32,
    pub method: Method,
}

/// `a * b / c`, rounded half away from zero, without overflow for any cost.
fn scale(a: i64, b: i64, c: i64) -> i64 {
    let (n, c) = (i128::from(a) * i128::from(b), i128::from(c));
    let rounded = (2 * n + n.signum() * c) / (2 * c);
    i64::try_from(rounded).unwrap_or(i64::MAX)
}

fn days(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days()
}

fn after(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

/// One year (or the last, shorter part) of a declining-balance schedule.
struct Period {
    start: NaiveDate,
    end: NaiveDate,
    opening: i64,
    loss: i64,
}

fn declining_periods(basis: &Basis) -> Vec<Period> {
    let life = i64::from(basis.life_months);
    let mut periods = Vec::new();
    let (mut month, mut value) = (0_u32, basis.cost);
    while month < basis.life_months {
        let length = (basis.life_months - month).min(12);
        let remaining = i64::from(basis.life_months - month);
        let declining = scale(value, 2 * i64::from(length), life);
        let straight = scale(value, i64::from(length), remaining);
        let loss = declining.max(straight).min(value);
        periods.push(Period {
            start: after(basis.purchased, month),
            end: after(basis.purchased, month + length),
            opening: value,
            loss,
        });
        value -= loss;
        month += length;
    }
    periods
}

impl Basis {
    fn end_of_life(&self) -> NaiveDate {
        after(self.purchased, self.life_months)
    }

    /// The book value at the start of `on` (cents).
    pub fn value_on(&self, on: NaiveDate) -> i64 {
        if on <= self.purchased || self.life_months == 0 {
            return if self.life_months == 0 && on > self.purchased {
                0
            } else {
                self.cost
            };
        }
        if on >= self.end_of_life() {
            return 0;
        }
        match self.method {
            Method::StraightLine => {
                let life = days(self.purchased, self.end_of_life());
                self.cost - scale(self.cost, days(self.purchased, on), life)
            }
            Method::DecliningBalance => declining_periods(self)
                .into_iter()
                .find(|p| on < p.end)
                .map_or(0, |p| {
                    let through = days(p.start, on);
                    p.opening - scale(p.loss, through, days(p.start, p.end))
                }),
        }
    }

    /// The value at purchase and at each anniversary to the end of the life: the points
    /// of the depreciation chart.
    pub fn schedule(&self) -> Vec<(NaiveDate, i64)> {
        let mut points = vec![(self.purchased, self.cost)];
        let mut month = 0;
        while month < self.life_months {
            month = (month + 12).min(self.life_months);
            let date = after(self.purchased, month);
            points.push((date, self.value_on(date)));
        }
        points
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn basis(method: Method) -> Basis {
        // 1,000.00 bought on 1 January 2024, over five years.
        Basis {
            cost: 100_000,
            purchased: date("2024-01-01"),
            life_months: 60,
            method,
        }
    }

    #[test]
    fn straight_line_loses_the_same_each_day() {
        let b = basis(Method::StraightLine);
        // The life runs to 2029-01-01: 1,827 days (2024 and 2028 are leap years).
        assert_eq!(b.value_on(date("2024-01-01")), 100_000);
        // After 366 days: 1000 - 1000 * 366 / 1827 = 799.67 (799.6716...).
        assert_eq!(b.value_on(date("2025-01-01")), 79_967);
        // Halfway, 913.5 days in: day 913 is 2026-07-02; 1000 * (1 - 913/1827) = 500.27.
        assert_eq!(b.value_on(date("2026-07-02")), 50_027);
        assert_eq!(b.value_on(date("2029-01-01")), 0);
        assert_eq!(b.value_on(date("2031-06-30")), 0);
        // Before the purchase the asset is worth what it cost.
        assert_eq!(b.value_on(date("2023-06-01")), 100_000);
    }

    #[test]
    fn declining_balance_doubles_the_rate_then_switches_to_the_straight_line() {
        let b = basis(Method::DecliningBalance);
        // 40% a year of what is left: 600, 360, 216; then the straight line over the
        // last two years (108 a year) loses more than 40% of 216 (86.40): 108, 0.
        let values: Vec<i64> = b.schedule().into_iter().map(|(_, v)| v).collect();
        assert_eq!(values, [100_000, 60_000, 36_000, 21_600, 10_800, 0]);
        // Within a year the loss is spread by day: 2026 loses 144.00 over 365 days, and
        // 1 July is day 181: 360 - 144 * 181 / 365 = 288.59 (288.5917...).
        assert_eq!(b.value_on(date("2026-07-01")), 28_859);
    }

    #[test]
    fn a_life_that_is_not_whole_years_ends_with_a_short_period() {
        let b = Basis {
            life_months: 30,
            ..basis(Method::DecliningBalance)
        };
        // Over 2.5 years the rate is 2 / 2.5 = 80% a year: 1000 loses 800, then 200
        // loses 160; the last six months lose the 40 left (the straight line over what
        // remains loses all of it).
        let values: Vec<i64> = b.schedule().into_iter().map(|(_, v)| v).collect();
        assert_eq!(values, [100_000, 20_000, 4_000, 0]);
        assert_eq!(b.schedule()[3].0, date("2026-07-01"));
    }

    #[test]
    fn nothing_to_spread_when_there_is_no_life() {
        let b = Basis {
            life_months: 0,
            ..basis(Method::StraightLine)
        };
        assert_eq!(b.value_on(date("2024-01-01")), 100_000);
        assert_eq!(b.value_on(date("2024-01-02")), 0);
    }

    #[test]
    fn methods_round_trip_through_their_keys() {
        for method in Method::ALL {
            assert_eq!(Method::from_key(method.key()), Some(*method));
        }
    }
}
