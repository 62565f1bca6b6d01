//! Maintenance windows: a time span in which a CI's checks and alerts still run and show,
//! but raise no events; their events are marked suppressed instead. A window is planned on
//! a CI, or on an asset (and then on the CI the asset is, if it is one); while it is open
//! its CI's status is Maintenance.

use crate::error::{AppError, FieldErrors};
use serde::{Deserialize, Serialize};

/// The longest window; longer work is a change to plan, not a window to forget.
pub const MAX_DAYS: i64 = 31;

/// The form as submitted: times as a browser's `datetime-local` gives them, in UTC.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct WindowInput {
    /// The CI's key, for a window on a CI.
    pub ci: String,
    /// The asset's key, for a window on an asset.
    pub asset: String,
    pub starts_at: String,
    pub ends_at: String,
    pub reason: String,
}

/// A window after validation, its times as RFC 3339 in UTC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Window {
    pub ci: String,
    pub asset: String,
    pub starts_at: String,
    pub ends_at: String,
    pub reason: String,
}

/// A window as the CI page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WindowView {
    pub id: String,
    pub starts_at: String,
    pub ends_at: String,
    pub reason: String,
    pub by: String,
    /// The asset's tag, for a window planned on an asset.
    pub asset: Option<String>,
    /// Open now: the CI's events are suppressed.
    pub active: bool,
    pub ended: bool,
}

/// Minutes since 1970 of `YYYY-MM-DDTHH:MM` (seconds allowed and ignored), or `None`.
fn minutes(text: &str) -> Option<i64> {
    let text = text.trim();
    let (date, time) = text.split_once('T')?;
    let mut date = date.splitn(3, '-').map(|p| p.parse::<i64>().ok());
    let (y, m, d) = (date.next()??, date.next()??, date.next()??);
    let mut time = time.split(':').map(|p| p.parse::<i64>().ok());
    let (h, mi) = (time.next()??, time.next()??);
    let days_in_month = match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        1..=12 => 31,
        _ => return None,
    };
    if !(1970..=9999).contains(&y) || !(1..=days_in_month).contains(&d) || h > 23 || mi > 59 {
        return None;
    }
    // Days since the epoch (Howard Hinnant's days_from_civil).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some((days * 24 + h) * 60 + mi)
}

fn rfc3339(text: &str) -> String {
    let (date, time) = text.trim().split_once('T').unwrap_or_default();
    format!("{date}T{}:00Z", &time[..5.min(time.len())])
}

impl WindowInput {
    pub fn validate(&self) -> Result<Window, AppError> {
        let mut errors = FieldErrors::default();
        let starts = minutes(&self.starts_at);
        let ends = minutes(&self.ends_at);
        if starts.is_none() {
            errors.add(
                "starts_at",
                "Enter when the window starts, as a date and time (UTC).",
            );
        }
        match (starts, ends) {
            (_, None) => errors.add(
                "ends_at",
                "Enter when the window ends, as a date and time (UTC).",
            ),
            (Some(s), Some(e)) if e <= s => {
                errors.add("ends_at", "The window must end after it starts.")
            }
            (Some(s), Some(e)) if e - s > MAX_DAYS * 24 * 60 => errors.add(
                "ends_at",
                format!("A window lasts at most {MAX_DAYS} days; plan longer work as a change."),
            ),
            _ => {}
        }
        let reason = self.reason.trim().to_owned();
        if reason.is_empty() || reason.chars().count() > 200 {
            errors.add(
                "reason",
                "Say why, in at most 200 characters, e.g. \u{201c}Kernel patching\u{201d}.",
            );
        }
        errors.into_result()?;
        Ok(Window {
            ci: self.ci.clone(),
            asset: self.asset.clone(),
            starts_at: rfc3339(&self.starts_at),
            ends_at: rfc3339(&self.ends_at),
            reason,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_count_minutes_from_the_epoch() {
        assert_eq!(minutes("1970-01-01T00:00"), Some(0));
        assert_eq!(minutes("1970-01-02T01:30"), Some(24 * 60 + 90));
        // 2024 is a leap year: 1 March is 60 days after 1 January.
        let jan = minutes("2024-01-01T00:00").unwrap();
        assert_eq!(minutes("2024-03-01T00:00").unwrap() - jan, 60 * 24 * 60);
        assert_eq!(minutes("2026-11-30T10:05:59"), minutes("2026-11-30T10:05"));
        assert_eq!(minutes("2026-02-29T10:00"), None);
        assert_eq!(minutes("2026-11-30 10:00"), None);
        assert_eq!(minutes("tomorrow"), None);
    }

    fn input(starts_at: &str, ends_at: &str, reason: &str) -> WindowInput {
        WindowInput {
            ci: "web_server".into(),
            asset: String::new(),
            starts_at: starts_at.into(),
            ends_at: ends_at.into(),
            reason: reason.into(),
        }
    }

    #[test]
    fn a_window_is_stored_in_utc() {
        let window = input("2026-12-01T22:00", "2026-12-02T01:30", " Kernel patching ")
            .validate()
            .unwrap();
        assert_eq!(window.starts_at, "2026-12-01T22:00:00Z");
        assert_eq!(window.ends_at, "2026-12-02T01:30:00Z");
        assert_eq!(window.reason, "Kernel patching");
    }

    #[test]
    fn a_window_must_end_after_it_starts_last_a_month_at_most_and_say_why() {
        let errors = |i: WindowInput| match i.validate() {
            Err(AppError::Validation(e)) => e,
            other => panic!("expected field errors, got {other:?}"),
        };
        let e = errors(input("2026-12-02T01:00", "2026-12-02T01:00", ""));
        assert!(e.get("ends_at").unwrap().contains("after it starts"));
        assert!(e.get("reason").unwrap().contains("Say why"));
        let e = errors(input("2026-12-01T00:00", "2027-01-05T00:00", "Move"));
        assert!(e.get("ends_at").unwrap().contains("31 days"));
        let e = errors(input("soon", "", "x"));
        assert!(e.get("starts_at").is_some() && e.get("ends_at").is_some());
    }
}
