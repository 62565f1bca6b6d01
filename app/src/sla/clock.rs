//! SLA clocks: how much of a target has run, counted in business hours only, with the
//! time a ticket spent On Hold left out, and whether it is running, at risk, breached or
//! met. Times are local to the SLA's calendar (the server converts them from UTC).

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime};
use serde::{Deserialize, Serialize};

/// When the clock runs: a coverage window per weekday (Monday first) and the holidays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    pub days: [Option<(NaiveTime, NaiveTime)>; 7],
    pub holidays: Vec<NaiveDate>,
}

impl Calendar {
    /// Around the clock, every day.
    pub fn always() -> Calendar {
        let all_day = Some((NaiveTime::MIN, NaiveTime::MIN));
        Calendar {
            days: [all_day; 7],
            holidays: Vec::new(),
        }
    }

    /// The same window Monday to Friday, closed at weekends.
    pub fn weekdays(opens: NaiveTime, closes: NaiveTime) -> Calendar {
        let mut days = [None; 7];
        for day in days.iter_mut().take(5) {
            *day = Some((opens, closes));
        }
        Calendar {
            days,
            holidays: Vec::new(),
        }
    }

    /// The covered span of `date`; a window closing at midnight (00:00) runs to the end
    /// of the day.
    fn span(&self, date: NaiveDate) -> Option<(NaiveDateTime, NaiveDateTime)> {
        if self.holidays.contains(&date) {
            return None;
        }
        let (opens, closes) = self.days[date.weekday().num_days_from_monday() as usize]?;
        let start = date.and_time(opens);
        let end = if closes == NaiveTime::MIN {
            date.succ_opt()?.and_time(NaiveTime::MIN)
        } else {
            date.and_time(closes)
        };
        (end > start).then_some((start, end))
    }

    /// The business time between two moments.
    pub fn worked(&self, from: NaiveDateTime, to: NaiveDateTime) -> Duration {
        let mut total = Duration::zero();
        let mut date = from.date();
        while date <= to.date() {
            if let Some((start, end)) = self.span(date) {
                let (start, end) = (start.max(from), end.min(to));
                if end > start {
                    total += end - start;
                }
            }
            let Some(next) = date.succ_opt() else { break };
            date = next;
        }
        total
    }

    /// The moment `target` of business time has run from `from` (a year at most).
    pub fn deadline(&self, from: NaiveDateTime, target: Duration) -> Option<NaiveDateTime> {
        let mut left = target;
        let mut date = from.date();
        for _ in 0..366 {
            if let Some((start, end)) = self.span(date) {
                let start = start.max(from);
                if end > start {
                    if end - start >= left {
                        return Some(start + left);
                    }
                    left -= end - start;
                }
            }
            date = date.succ_opt()?;
        }
        None
    }
}

/// A stretch the clock stood still (On Hold); an open one has no end yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pause {
    pub from: NaiveDateTime,
    pub to: Option<NaiveDateTime>,
}

/// Business time run from `started` to `now`, pauses left out.
pub fn elapsed(
    calendar: &Calendar,
    started: NaiveDateTime,
    now: NaiveDateTime,
    pauses: &[Pause],
) -> Duration {
    let held: Duration = pauses
        .iter()
        .map(|p| {
            let (from, to) = (p.from.max(started), p.to.unwrap_or(now).min(now));
            if to > from {
                calendar.worked(from, to)
            } else {
                Duration::zero()
            }
        })
        .sum();
    calendar.worked(started, now) - held
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ClockState {
    Running,
    AtRisk,
    Breached,
    /// Stopped within its target.
    Met,
}

impl ClockState {
    pub fn label(self) -> &'static str {
        match self {
            ClockState::Running => "On track",
            ClockState::AtRisk => "At risk",
            ClockState::Breached => "Breached",
            ClockState::Met => "Met",
        }
    }

    pub fn tone(self) -> crate::status::Tone {
        use crate::status::Tone;
        match self {
            ClockState::Running | ClockState::Met => Tone::Ok,
            ClockState::AtRisk => Tone::Warning,
            ClockState::Breached => Tone::Critical,
        }
    }
}

/// Where a clock stands with `elapsed` of `target` run; `stopped` once the ticket is
/// resolved (or responded to, for a response clock). At risk from `risk_percent`.
pub fn state(elapsed: Duration, target: Duration, risk_percent: u8, stopped: bool) -> ClockState {
    if elapsed > target {
        ClockState::Breached
    } else if stopped {
        ClockState::Met
    } else if elapsed * 100 >= target * i32::from(risk_percent) {
        ClockState::AtRisk
    } else {
        ClockState::Running
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
    }

    fn office() -> Calendar {
        let mut calendar = Calendar::weekdays(
            NaiveTime::from_hms_opt(8, 0, 0).unwrap(),
            NaiveTime::from_hms_opt(18, 0, 0).unwrap(),
        );
        // Thursday 2026-12-24 and Friday 2026-12-25.
        calendar.holidays = vec![
            NaiveDate::from_ymd_opt(2026, 12, 24).unwrap(),
            NaiveDate::from_ymd_opt(2026, 12, 25).unwrap(),
        ];
        calendar
    }

    #[test]
    fn only_business_hours_count() {
        let office = office();
        // Friday 2026-12-04 16:00 to Monday 09:30: 2 h Friday, 1.5 h Monday.
        assert_eq!(
            office.worked(at("2026-12-04 16:00"), at("2026-12-07 09:30")),
            Duration::minutes(210)
        );
        // Logged at night: nothing runs until 08:00.
        assert_eq!(
            office.worked(at("2026-12-08 22:00"), at("2026-12-09 08:45")),
            Duration::minutes(45)
        );
        // Across the holidays: Wednesday 17:00 to Monday 28th 10:00 is 1 h + 2 h.
        assert_eq!(
            office.worked(at("2026-12-23 17:00"), at("2026-12-28 10:00")),
            Duration::hours(3)
        );
        assert_eq!(
            Calendar::always().worked(at("2026-12-04 16:00"), at("2026-12-07 09:30")),
            Duration::minutes(65 * 60 + 30)
        );
    }

    #[test]
    fn a_deadline_skips_nights_weekends_and_holidays() {
        let office = office();
        // 4 business hours from Friday 16:00: 2 h Friday, 2 h Monday.
        assert_eq!(
            office.deadline(at("2026-12-04 16:00"), Duration::hours(4)),
            Some(at("2026-12-07 10:00"))
        );
        // 8 h from Wednesday 23 at 12:00: 6 h that day, then 2 h on Monday the 28th.
        assert_eq!(
            office.deadline(at("2026-12-23 12:00"), Duration::hours(8)),
            Some(at("2026-12-28 10:00"))
        );
        assert_eq!(
            Calendar::always().deadline(at("2026-12-04 16:00"), Duration::hours(4)),
            Some(at("2026-12-04 20:00"))
        );
    }

    #[test]
    fn on_hold_time_is_left_out() {
        let office = office();
        let started = at("2026-12-07 09:00");
        let pauses = [
            // On Hold 10:00 to 13:00 Monday: 3 h left out.
            Pause {
                from: at("2026-12-07 10:00"),
                to: Some(at("2026-12-07 13:00")),
            },
            // On Hold again from 17:00 Monday, still: Tuesday does not count.
            Pause {
                from: at("2026-12-07 17:00"),
                to: None,
            },
        ];
        // Monday 09:00-18:00 is 9 h, minus 3 h and minus 1 h (17-18): 5 h.
        assert_eq!(
            elapsed(&office, started, at("2026-12-08 15:00"), &pauses),
            Duration::hours(5)
        );
    }

    #[test]
    fn a_clock_is_at_risk_from_its_threshold_then_breached() {
        let target = Duration::hours(8);
        assert_eq!(
            state(Duration::hours(5), target, 75, false),
            ClockState::Running
        );
        assert_eq!(
            state(Duration::hours(6), target, 75, false),
            ClockState::AtRisk
        );
        assert_eq!(
            state(Duration::hours(8), target, 75, false),
            ClockState::AtRisk
        );
        assert_eq!(
            state(Duration::minutes(481), target, 75, false),
            ClockState::Breached
        );
        assert_eq!(state(Duration::hours(7), target, 75, true), ClockState::Met);
        assert_eq!(
            state(Duration::hours(9), target, 75, true),
            ClockState::Breached
        );
    }
}
