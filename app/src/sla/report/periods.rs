//! The periods a report is cut into: an SLA's own months, quarters or years, and the
//! stretches a trend is shown in.

use crate::sla::terms::Period;
use chrono::{Datelike, Duration, NaiveDate};

/// The SLA periods (calendar months, quarters or years) that overlap `from..to`, cut to it.
pub fn sla_periods(period: Period, from: NaiveDate, to: NaiveDate) -> Vec<(NaiveDate, NaiveDate)> {
    let months = match period {
        Period::Monthly => 1,
        Period::Quarterly => 3,
        Period::Yearly => 12,
    };
    let first_month = (from.month0() / months) * months + 1;
    let Some(mut start) = NaiveDate::from_ymd_opt(from.year(), first_month, 1) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    while start < to {
        let Some(next) = start.checked_add_months(chrono::Months::new(months)) else {
            break;
        };
        found.push((start.max(from), next.min(to)));
        start = next;
    }
    found
}

/// The stretches a trend over `from..to` is cut into: months for two months or more,
/// weeks (from Monday) for two weeks or more, days otherwise; at most 24, the latest.
pub fn buckets(from: NaiveDate, to: NaiveDate) -> Vec<(String, NaiveDate, NaiveDate)> {
    let days = (to - from).num_days();
    let mut found = Vec::new();
    let mut start = from;
    while start < to {
        let next = if days >= 60 {
            let (y, m) = if start.month() == 12 {
                (start.year() + 1, 1)
            } else {
                (start.year(), start.month() + 1)
            };
            NaiveDate::from_ymd_opt(y, m, 1)
        } else if days >= 14 {
            start.checked_add_signed(Duration::days(
                7 - i64::from(start.weekday().num_days_from_monday()),
            ))
        } else {
            start.succ_opt()
        };
        let Some(next) = next else { break };
        let end = next.min(to);
        let label = if days >= 60 {
            start.format("%b %Y").to_string()
        } else {
            start.format("%-d %b").to_string()
        };
        found.push((label, start, end));
        start = end;
    }
    let skip = found.len().saturating_sub(24);
    found.split_off(skip)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_year_is_cut_into_months_a_month_into_weeks_a_week_into_days() {
        let months = buckets(date("2026-01-01"), date("2027-01-01"));
        assert_eq!(months.len(), 12);
        assert_eq!(months[0].0, "Jan 2026");
        assert_eq!(months[11].2, date("2027-01-01"));
        // December 2026 starts on a Tuesday: a short first week, then Mondays.
        let weeks = buckets(date("2026-12-01"), date("2027-01-01"));
        assert_eq!(
            weeks[0],
            ("1 Dec".into(), date("2026-12-01"), date("2026-12-07"))
        );
        assert_eq!(weeks[1].1, date("2026-12-07"));
        assert_eq!(weeks.last().unwrap().2, date("2027-01-01"));
        assert_eq!(buckets(date("2026-12-01"), date("2026-12-08")).len(), 7);
        // Three years keep the latest 24 months.
        let long = buckets(date("2024-01-01"), date("2027-01-01"));
        assert_eq!(long.len(), 24);
        assert_eq!(long[0].0, "Jan 2025");
    }

    #[test]
    fn an_sla_is_judged_over_its_own_periods() {
        let months = sla_periods(Period::Monthly, date("2026-10-15"), date("2026-12-10"));
        assert_eq!(
            months,
            vec![
                (date("2026-10-15"), date("2026-11-01")),
                (date("2026-11-01"), date("2026-12-01")),
                (date("2026-12-01"), date("2026-12-10")),
            ]
        );
        let quarters = sla_periods(Period::Quarterly, date("2026-01-01"), date("2027-01-01"));
        assert_eq!(quarters.len(), 4);
        assert_eq!(quarters[3], (date("2026-10-01"), date("2027-01-01")));
        assert_eq!(
            sla_periods(Period::Yearly, date("2026-03-01"), date("2026-04-01")),
            vec![(date("2026-03-01"), date("2026-04-01"))]
        );
    }
}
