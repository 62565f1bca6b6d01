//! An SLA's terms for one business service, as an SLA manager writes them: the
//! availability target and its period, response and resolution targets per priority, the
//! business hours and holidays the clocks count in, and the service credit per breach.

use super::clock::Calendar;
use crate::error::{AppError, FieldErrors};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

mod text;
pub use text::{format_minutes, parse_hours, parse_minutes, write_hours};

/// Incident priorities P1 to P5, as the targets are listed.
pub const PRIORITIES: usize = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Period {
    Monthly,
    Quarterly,
    Yearly,
}

impl Period {
    pub const ALL: [Period; 3] = [Period::Monthly, Period::Quarterly, Period::Yearly];

    pub fn key(self) -> &'static str {
        match self {
            Period::Monthly => "monthly",
            Period::Quarterly => "quarterly",
            Period::Yearly => "yearly",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Period::Monthly => "Monthly",
            Period::Quarterly => "Quarterly",
            Period::Yearly => "Yearly",
        }
    }

    pub fn parse(key: &str) -> Option<Period> {
        Self::ALL.into_iter().find(|p| p.key() == key)
    }
}

/// The SLA form as submitted; every field is text so that errors can name what was typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SlaInput {
    /// The business service's key.
    pub service: String,
    /// Percent, such as `99.9`.
    pub availability: String,
    pub period: String,
    /// Business time per priority, P1 first, such as `30m`, `4h` or `1h30m`; empty: none.
    pub response: Vec<String>,
    pub resolution: Vec<String>,
    /// Coverage windows, such as `Mon-Fri 08:00-18:00` or `24x7`.
    pub hours: String,
    /// An IANA time zone, such as `Europe/Berlin`; the server checks it.
    pub time_zone: String,
    /// One date (YYYY-MM-DD) per line or comma.
    pub holidays: String,
    /// Percent of the target run at which a clock is at risk.
    pub risk_percent: String,
    /// Service credit per breach, percent of the monthly charge; empty: none.
    pub credit_percent: String,
}

/// Checked terms, as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Terms {
    pub service: String,
    pub availability: f64,
    pub period: Period,
    /// Minutes per priority, P1 first.
    pub response: Vec<Option<i64>>,
    pub resolution: Vec<Option<i64>>,
    /// The windows as written back in canonical form.
    pub hours: String,
    pub time_zone: String,
    /// YYYY-MM-DD, in order.
    pub holidays: Vec<String>,
    pub risk_percent: u8,
    pub credit_percent: Option<f64>,
}

impl Terms {
    /// The calendar the clocks count in (the hours were checked when saved).
    pub fn calendar(&self) -> Calendar {
        let mut calendar = parse_hours(&self.hours).unwrap_or_else(|_| Calendar::always());
        calendar.holidays = self
            .holidays
            .iter()
            .filter_map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .collect();
        calendar
    }

    /// The targets in minutes for a priority (1 to 5): response, resolution.
    pub fn targets(&self, priority: i64) -> (Option<i64>, Option<i64>) {
        let at = |list: &[Option<i64>]| {
            usize::try_from(priority - 1)
                .ok()
                .and_then(|i| list.get(i).copied().flatten())
        };
        (at(&self.response), at(&self.resolution))
    }
}

impl SlaInput {
    /// Checks the form; the time zone is checked by the server, which knows them all.
    pub fn validate(&self) -> Result<Terms, AppError> {
        let mut errors = FieldErrors::default();
        let service = self.service.trim().to_owned();
        if service.is_empty() {
            errors.add("service", "Choose the business service the SLA is for.");
        }
        let availability = match self
            .availability
            .trim()
            .trim_end_matches('%')
            .trim()
            .parse::<f64>()
        {
            Ok(a) if a > 0.0 && a <= 100.0 => a,
            _ => {
                errors.add(
                    "availability",
                    "Enter a percentage above 0 and at most 100, such as 99.9.",
                );
                0.0
            }
        };
        let period = Period::parse(self.period.trim()).unwrap_or_else(|| {
            errors.add("period", "Choose monthly, quarterly or yearly.");
            Period::Monthly
        });
        let mut targets = |name: &str, list: &[String]| -> Vec<Option<i64>> {
            (0..PRIORITIES)
                .map(|i| {
                    let text = list.get(i).map(|t| t.trim()).unwrap_or("");
                    if text.is_empty() {
                        return None;
                    }
                    let minutes = parse_minutes(text);
                    if minutes.is_none() {
                        errors.add(
                            &format!("{name}{}", i + 1),
                            "Enter business time such as 30m, 4h or 1h30m.",
                        );
                    }
                    minutes
                })
                .collect()
        };
        let response = targets("response", &self.response);
        let resolution = targets("resolution", &self.resolution);
        for i in 0..PRIORITIES {
            if let (Some(r), Some(f)) = (response[i], resolution[i]) {
                if r > f {
                    errors.add(
                        &format!("response{}", i + 1),
                        format!(
                            "P{}'s response cannot take longer than its resolution.",
                            i + 1
                        ),
                    );
                }
            }
        }
        let hours = match parse_hours(&self.hours) {
            Ok(calendar) => write_hours(&calendar),
            Err(message) => {
                errors.add("hours", message);
                String::new()
            }
        };
        let time_zone = self.time_zone.trim().to_owned();
        if time_zone.is_empty() {
            errors.add(
                "time_zone",
                "Enter a time zone, such as Europe/Berlin or UTC.",
            );
        }
        let mut holidays = Vec::new();
        for part in self
            .holidays
            .split([',', '\n'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            match NaiveDate::parse_from_str(part, "%Y-%m-%d") {
                Ok(date) => holidays.push(date),
                Err(_) => errors.add("holidays", format!("“{part}” is not a date as YYYY-MM-DD.")),
            }
        }
        holidays.sort();
        holidays.dedup();
        let holidays: Vec<String> = holidays
            .iter()
            .map(|d| d.format("%Y-%m-%d").to_string())
            .collect();
        let risk_percent = match self.risk_percent.trim() {
            "" => 75,
            text => match text.trim_end_matches('%').trim().parse::<u8>() {
                Ok(p) if (1..=99).contains(&p) => p,
                _ => {
                    errors.add("risk_percent", "Enter a whole percentage from 1 to 99.");
                    75
                }
            },
        };
        let credit_percent = match self.credit_percent.trim().trim_end_matches('%').trim() {
            "" => None,
            text => match text.parse::<f64>() {
                Ok(c) if (0.0..=100.0).contains(&c) => Some(c),
                _ => {
                    errors.add(
                        "credit_percent",
                        "Enter a percentage from 0 to 100, or leave it empty.",
                    );
                    None
                }
            },
        };
        errors.into_result()?;
        Ok(Terms {
            service,
            availability,
            period,
            response,
            resolution,
            hours,
            time_zone,
            holidays,
            risk_percent,
            credit_percent,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> SlaInput {
        SlaInput {
            service: "webshop".into(),
            availability: "99.9".into(),
            period: "monthly".into(),
            response: vec![
                "15m".into(),
                "30m".into(),
                "2h".into(),
                "8h".into(),
                String::new(),
            ],
            resolution: vec![
                "4h".into(),
                "8h".into(),
                "16h".into(),
                "40h".into(),
                String::new(),
            ],
            hours: "mon-fri 08:00-18:00, Sat 09:00-13:00".into(),
            time_zone: "Europe/Berlin".into(),
            holidays: "2026-12-25\n2026-12-24, 2026-12-25".into(),
            risk_percent: String::new(),
            credit_percent: "5".into(),
        }
    }

    #[test]
    fn a_good_form_gives_terms() {
        let terms = form().validate().unwrap();
        assert_eq!(terms.availability, 99.9);
        assert_eq!(terms.response[0], Some(15));
        assert_eq!(terms.resolution[3], Some(40 * 60));
        assert_eq!(terms.resolution[4], None);
        assert_eq!(terms.holidays.len(), 2);
        assert_eq!(terms.risk_percent, 75);
        assert_eq!(terms.credit_percent, Some(5.0));
        assert_eq!(terms.hours, "Mon-Fri 08:00-18:00, Sat 09:00-13:00");
        assert_eq!(terms.targets(2), (Some(30), Some(8 * 60)));
        assert_eq!(terms.targets(5), (None, None));
        assert_eq!(terms.targets(9), (None, None));
    }

    #[test]
    fn each_bad_field_is_named() {
        let bad = SlaInput {
            availability: "101".into(),
            period: "weekly".into(),
            hours: "always".into(),
            holidays: "Christmas".into(),
            risk_percent: "100".into(),
            time_zone: " ".into(),
            ..form()
        };
        let Err(AppError::Validation(errors)) = bad.validate() else {
            panic!("accepted")
        };
        for field in [
            "availability",
            "period",
            "hours",
            "holidays",
            "risk_percent",
            "time_zone",
        ] {
            assert!(errors.get(field).is_some(), "{field} not named");
        }
        let mut slow = form();
        slow.response[2] = "20h".into();
        slow.response[0] = "soon".into();
        let Err(AppError::Validation(errors)) = slow.validate() else {
            panic!("accepted")
        };
        assert!(errors.get("response1").is_some());
        assert_eq!(
            errors.get("response3"),
            Some("P3's response cannot take longer than its resolution.")
        );
    }
}
