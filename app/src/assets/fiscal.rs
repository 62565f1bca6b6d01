//! The fiscal year: which month it starts in (a setting), and the year ends book values are
//! asked for.

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// The month (1 to 12) a fiscal year starts in: 1 for the calendar year, 4 for April.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FiscalYear {
    pub start_month: u32,
}

impl Default for FiscalYear {
    fn default() -> Self {
        FiscalYear { start_month: 1 }
    }
}

impl FiscalYear {
    /// The first day of the fiscal year that `day` falls in.
    pub fn start_of(self, day: NaiveDate) -> NaiveDate {
        let month = self.start_month.clamp(1, 12);
        let year = if day.month() >= month {
            day.year()
        } else {
            day.year() - 1
        };
        NaiveDate::from_ymd_opt(year, month, 1).unwrap_or(day)
    }

    /// The last day of the fiscal year that `day` falls in.
    pub fn end_of(self, day: NaiveDate) -> NaiveDate {
        let next = self.start_of(day) + Months::new(12);
        next.pred_opt().unwrap_or(next)
    }

    /// The last day of the fiscal year before the one `day` falls in.
    pub fn end_before(self, day: NaiveDate) -> NaiveDate {
        let start = self.start_of(day);
        start.pred_opt().unwrap_or(start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_calendar_fiscal_year_ends_on_31_december() {
        let year = FiscalYear::default();
        assert_eq!(year.end_of(day("2026-11-30")), day("2026-12-31"));
        assert_eq!(year.end_before(day("2026-11-30")), day("2025-12-31"));
        assert_eq!(year.end_of(day("2026-01-01")), day("2026-12-31"));
    }

    #[test]
    fn an_april_fiscal_year_ends_on_31_march() {
        let april = FiscalYear { start_month: 4 };
        assert_eq!(april.start_of(day("2026-11-30")), day("2026-04-01"));
        assert_eq!(april.end_of(day("2026-11-30")), day("2027-03-31"));
        assert_eq!(april.end_of(day("2026-03-31")), day("2026-03-31"));
        assert_eq!(april.end_before(day("2026-02-10")), day("2025-03-31"));
    }
}
