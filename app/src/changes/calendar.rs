//! The change calendar: which changes clash (they touch the same CI or service in
//! overlapping windows), whether a window falls in a freeze, and the days of a month or
//! week view.

use chrono::{Datelike, Duration, Months, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

/// A change's place on the calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    pub number: String,
    pub starts: NaiveDateTime,
    pub ends: NaiveDateTime,
    /// What it touches: its CIs and the services they affect, by key.
    pub touches: Vec<String>,
}

/// Two changes in overlapping windows on something they share.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Clash {
    pub one: String,
    pub other: String,
    /// The keys of what both touch.
    pub shared: Vec<String>,
}

fn overlap(a: &Planned, b: &Planned) -> bool {
    a.starts < b.ends && b.starts < a.ends
}

/// Every pair of clashing changes, each pair once, in the order given.
pub fn clashes(changes: &[Planned]) -> Vec<Clash> {
    let mut found = Vec::new();
    for (i, a) in changes.iter().enumerate() {
        for b in &changes[i + 1..] {
            if !overlap(a, b) {
                continue;
            }
            let shared: Vec<String> = a
                .touches
                .iter()
                .filter(|k| b.touches.contains(k))
                .cloned()
                .collect();
            if !shared.is_empty() {
                found.push(Clash {
                    one: a.number.clone(),
                    other: b.number.clone(),
                    shared,
                });
            }
        }
    }
    found
}

/// A freeze (blackout) window: only Emergency changes may be scheduled in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Freeze {
    pub name: String,
    pub starts: NaiveDateTime,
    pub ends: NaiveDateTime,
}

/// The first freeze the window overlaps, if any.
pub fn frozen(freezes: &[Freeze], starts: NaiveDateTime, ends: NaiveDateTime) -> Option<&Freeze> {
    freezes.iter().find(|f| f.starts < ends && starts < f.ends)
}

/// The weeks (Monday first) a month view shows: every week with a day of the month.
pub fn month_weeks(year: i32, month: u32) -> Vec<[NaiveDate; 7]> {
    let Some(first) = NaiveDate::from_ymd_opt(year, month, 1) else {
        return Vec::new();
    };
    let mut monday = week_of(first)[0];
    let mut weeks = Vec::new();
    while monday.year() < year || (monday.year() == year && monday.month() <= month) {
        weeks.push(week_of(monday));
        monday += Duration::days(7);
    }
    weeks
}

/// The week (Monday to Sunday) a day is in.
pub fn week_of(day: NaiveDate) -> [NaiveDate; 7] {
    let monday = day - Duration::days(i64::from(day.weekday().num_days_from_monday()));
    std::array::from_fn(|i| monday + Duration::days(i as i64))
}

/// A month or a week of the calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum View {
    Month,
    Week,
}

impl View {
    pub fn parse(text: &str) -> View {
        if text.eq_ignore_ascii_case("week") {
            View::Week
        } else {
            View::Month
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            View::Month => "month",
            View::Week => "week",
        }
    }

    /// The weeks shown around a day.
    pub fn weeks(self, day: NaiveDate) -> Vec<[NaiveDate; 7]> {
        match self {
            View::Month => month_weeks(day.year(), day.month()),
            View::Week => vec![week_of(day)],
        }
    }

    /// The first day shown and the day after the last.
    pub fn span(self, day: NaiveDate) -> (NaiveDate, NaiveDate) {
        let weeks = self.weeks(day);
        let first = weeks.first().map_or(day, |w| w[0]);
        let last = weeks.last().map_or(day, |w| w[6]);
        (first, last + Duration::days(1))
    }

    /// The same view one step earlier (`-1`) or later (`1`).
    pub fn step(self, day: NaiveDate, by: i32) -> NaiveDate {
        match self {
            View::Week => day + Duration::days(7 * i64::from(by)),
            View::Month => {
                let months = Months::new(by.unsigned_abs());
                let first = day.with_day(1).unwrap_or(day);
                if by < 0 {
                    first.checked_sub_months(months)
                } else {
                    first.checked_add_months(months)
                }
                .unwrap_or(first)
            }
        }
    }
}

/// Whether a window touches a day (any part of it).
pub fn on_day(starts: NaiveDateTime, ends: NaiveDateTime, day: NaiveDate) -> bool {
    let begin = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    starts < begin + Duration::days(1) && begin < ends
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::changes::form::parse_time;

    fn at(text: &str) -> NaiveDateTime {
        parse_time(text).unwrap()
    }

    fn planned(number: &str, starts: &str, ends: &str, touches: &[&str]) -> Planned {
        Planned {
            number: number.into(),
            starts: at(starts),
            ends: at(ends),
            touches: touches.iter().map(|t| t.to_string()).collect(),
        }
    }

    #[test]
    fn changes_clash_on_a_shared_ci_in_overlapping_windows() {
        let changes = [
            planned(
                "CHG1",
                "2026-12-05T22:00",
                "2026-12-06T01:00",
                &["db", "payroll"],
            ),
            planned("CHG2", "2026-12-06T00:30", "2026-12-06T02:00", &["payroll"]),
            // Same CI, but it starts when the first ends: no clash.
            planned("CHG3", "2026-12-06T01:00", "2026-12-06T03:00", &["db"]),
            // Overlapping, but nothing shared.
            planned("CHG4", "2026-12-05T23:00", "2026-12-06T00:00", &["mail"]),
        ];
        assert_eq!(
            clashes(&changes),
            [Clash {
                one: "CHG1".into(),
                other: "CHG2".into(),
                shared: vec!["payroll".into()]
            },]
        );
        let later = [
            planned(
                "CHG2",
                "2026-12-06T00:30",
                "2026-12-06T02:00",
                &["payroll", "db"],
            ),
            planned("CHG3", "2026-12-06T01:00", "2026-12-06T03:00", &["db"]),
        ];
        assert_eq!(clashes(&later)[0].shared, ["db"]);
    }

    #[test]
    fn a_window_touching_a_freeze_is_frozen() {
        let freezes = [Freeze {
            name: "Year-end close".into(),
            starts: at("2026-12-20T00:00"),
            ends: at("2027-01-04T00:00"),
        }];
        assert_eq!(
            frozen(&freezes, at("2026-12-19T22:00"), at("2026-12-20T02:00")).map(|f| &f.name[..]),
            Some("Year-end close")
        );
        assert!(frozen(&freezes, at("2026-12-19T20:00"), at("2026-12-20T00:00")).is_none());
        assert!(frozen(&freezes, at("2027-01-04T00:00"), at("2027-01-04T02:00")).is_none());
    }

    #[test]
    fn a_month_view_shows_whole_weeks_from_monday() {
        let december = month_weeks(2026, 12);
        // 1 December 2026 is a Tuesday; 31 December a Thursday.
        assert_eq!(december.len(), 5);
        assert_eq!(
            december[0][0],
            NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
        );
        assert_eq!(december[4][6], NaiveDate::from_ymd_opt(2027, 1, 3).unwrap());
        // February 2027 starts on a Monday and has exactly four weeks.
        assert_eq!(month_weeks(2027, 2).len(), 4);
        assert!(month_weeks(2026, 13).is_empty());
    }

    #[test]
    fn the_views_step_by_a_month_or_a_week() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(View::Month.step(day(2026, 12, 15), 1), day(2027, 1, 1));
        assert_eq!(View::Month.step(day(2026, 3, 31), -1), day(2026, 2, 1));
        assert_eq!(View::Week.step(day(2026, 12, 15), -1), day(2026, 12, 8));
        assert_eq!(
            View::Week.span(day(2026, 12, 15)),
            (day(2026, 12, 14), day(2026, 12, 21))
        );
        assert_eq!(
            View::Month.span(day(2026, 12, 15)),
            (day(2026, 11, 30), day(2027, 1, 4))
        );
        assert_eq!(View::parse("WEEK"), View::Week);
        assert_eq!(View::parse("anything"), View::Month);
    }

    #[test]
    fn a_window_shows_on_every_day_it_touches() {
        let (s, e) = (at("2026-12-05T22:00"), at("2026-12-06T01:00"));
        let day = |d| NaiveDate::from_ymd_opt(2026, 12, d).unwrap();
        assert!(on_day(s, e, day(5)) && on_day(s, e, day(6)));
        assert!(!on_day(s, e, day(4)) && !on_day(s, e, day(7)));
        // 6 December 2026 is a Sunday: its week began on Monday 30 November.
        assert_eq!(
            week_of(day(6))[0],
            NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
        );
    }
}
