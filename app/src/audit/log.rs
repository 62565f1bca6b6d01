//! The audit log across all records: which tables are audited, who may read each, and
//! the filters of the admin log page.

use super::domain::AuditEntry;
use crate::auth::Action;
use crate::error::{AppError, FieldErrors};
use serde::{Deserialize, Serialize};

/// Every audited table: its name, what people call it, and the permission to read its
/// history.
pub const AUDITED: &[(&str, &str, Action)] = &[
    ("ci", "Configuration items", Action::CmdbRead),
    ("ci_class", "CI classes", Action::CmdbRead),
    ("relation_type", "Relation types", Action::CmdbRead),
    ("redundancy_group", "Redundancy groups", Action::CmdbRead),
    ("user", "Users", Action::UsersManage),
    ("team", "Teams", Action::UsersManage),
    ("health_check", "Monitoring checks", Action::MonitoringRead),
    ("integration", "Integrations", Action::MonitoringManage),
    ("wallboard", "Wallboards", Action::MonitoringRead),
    ("asset", "Assets", Action::AssetRead),
    ("supplier", "Suppliers", Action::AssetRead),
    ("contract", "Contracts", Action::AssetRead),
    ("incident", "Incidents", Action::IncidentRead),
    ("problem", "Problems", Action::IncidentRead),
    ("article", "Knowledge articles", Action::KnowledgeWrite),
    ("change_request", "Changes", Action::ChangeRead),
    ("service_request", "Service requests", Action::RequestRead),
    ("catalog_item", "Catalog items", Action::CatalogManage),
    ("sla", "SLAs", Action::ReportRead),
    ("improvement", "Improvements", Action::ReportRead),
];

/// The permission needed to read a table's history; unknown tables need the audit log's.
pub fn read_permission(table: &str) -> Action {
    AUDITED
        .iter()
        .find(|(name, _, _)| *name == table)
        .map_or(Action::AuditRead, |(_, _, action)| *action)
}

/// Where a record of `table` is shown, if it has a page.
pub fn record_href(table: &str, key: &str) -> Option<String> {
    match table {
        "ci" => Some(format!("/cis/{key}")),
        "user" => Some(format!("/admin/users/{key}")),
        "asset" => Some(format!("/assets/{key}")),
        "incident" => Some(format!("/incidents/{}", key.to_uppercase())),
        "problem" => Some(format!("/problems/{}", key.to_uppercase())),
        "article" => Some(format!("/kb/{}", key.to_uppercase())),
        "change_request" => Some(format!("/changes/{}", key.to_uppercase())),
        "service_request" => Some(format!("/requests/{}", key.to_uppercase())),
        "catalog_item" => Some(format!("/requests/catalog/{key}")),
        "sla" => Some("/reports/slas".to_owned()),
        "improvement" => Some(format!("/reports/improvements/{}", key.to_uppercase())),
        _ => None,
    }
}

/// The log page's filters, as they appear in its URL. Empty means "any".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditFilter {
    #[serde(default)]
    pub who: String,
    #[serde(default)]
    pub table: String,
    #[serde(default)]
    pub record: String,
    /// First day, `YYYY-MM-DD`, inclusive.
    #[serde(default)]
    pub from: String,
    /// Last day, `YYYY-MM-DD`, inclusive.
    #[serde(default)]
    pub to: String,
    #[serde(default)]
    pub page: u32,
}

/// The filters after validation: bounds as RFC 3339 instants (end exclusive).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidFilter {
    pub who: Option<String>,
    pub table: Option<String>,
    pub record: Option<String>,
    pub from: String,
    pub until: String,
    pub page: u32,
}

pub const LOG_PAGE_SIZE: u32 = 50;

impl AuditFilter {
    pub fn validate(&self) -> Result<ValidFilter, AppError> {
        let mut errors = FieldErrors::default();
        let text = |value: &str| {
            let value = value.trim();
            (!value.is_empty()).then(|| value.to_owned())
        };
        let table = text(&self.table);
        if let Some(table) = &table {
            if !AUDITED.iter().any(|(name, _, _)| name == table) {
                errors.add(
                    "table",
                    format!("Records of \u{201c}{table}\u{201d} are not audited."),
                );
            }
        }
        let from = match day(&self.from) {
            Ok(Some((y, m, d))) => format!("{y:04}-{m:02}-{d:02}T00:00:00Z"),
            Ok(None) => "1970-01-01T00:00:00Z".to_owned(),
            Err(message) => {
                errors.add("from", message);
                String::new()
            }
        };
        let until = match day(&self.to) {
            Ok(Some(day)) => format!("{}T00:00:00Z", next_day(day)),
            Ok(None) => "9999-12-31T00:00:00Z".to_owned(),
            Err(message) => {
                errors.add("to", message);
                String::new()
            }
        };
        if errors.is_empty() && from >= until {
            errors.add("to", "The last day comes before the first.");
        }
        errors.into_result()?;
        Ok(ValidFilter {
            who: text(&self.who).map(|w| w.to_lowercase()),
            table,
            record: text(&self.record),
            from,
            until,
            page: self.page.max(1),
        })
    }
}

/// A calendar day as `(year, month, day)`, checked.
type Day = (i32, u8, u8);

fn day(text: &str) -> Result<Option<Day>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let bad = || format!("\u{201c}{text}\u{201d} is not a date like 2026-01-31.");
    let mut parts = text.splitn(3, '-');
    let mut next = || parts.next().and_then(|p| p.parse::<i32>().ok());
    let (Some(y), Some(m), Some(d)) = (next(), next(), next()) else {
        return Err(bad());
    };
    let (Ok(m), Ok(d)) = (u8::try_from(m), u8::try_from(d)) else {
        return Err(bad());
    };
    if !(1970..=9998).contains(&y) || m == 0 || m > 12 || d == 0 || d > days_in(y, m) {
        return Err(bad());
    }
    Ok(Some((y, m, d)))
}

fn days_in(year: i32, month: u8) -> u8 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn next_day((y, m, d): Day) -> String {
    let (y, m, d) = if d < days_in(y, m) {
        (y, m, d + 1)
    } else if m < 12 {
        (y, m + 1, 1)
    } else {
        (y + 1, 1, 1)
    };
    format!("{y:04}-{m:02}-{d:02}")
}

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogEntry {
    pub table: String,
    pub record: String,
    /// The record's current name, when it still exists.
    pub label: Option<String>,
    pub entry: AuditEntry,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogPage {
    pub entries: Vec<LogEntry>,
    pub total: u64,
    pub page: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filter(from: &str, to: &str) -> AuditFilter {
        AuditFilter {
            from: from.into(),
            to: to.into(),
            ..AuditFilter::default()
        }
    }

    #[test]
    fn days_become_an_inclusive_range() {
        let valid = filter("2026-02-27", "2026-02-28").validate().unwrap();
        assert_eq!(valid.from, "2026-02-27T00:00:00Z");
        assert_eq!(valid.until, "2026-03-01T00:00:00Z");
        let leap = filter("", "2028-02-29").validate().unwrap();
        assert_eq!(leap.until, "2028-03-01T00:00:00Z");
        let new_year = filter("", "2026-12-31").validate().unwrap();
        assert_eq!(new_year.until, "2027-01-01T00:00:00Z");
    }

    #[test]
    fn bad_dates_and_reversed_ranges_are_refused() {
        for (from, to, field) in [
            ("2026-02-30", "", "from"),
            ("yesterday", "", "from"),
            ("", "2026-13-01", "to"),
            ("2026-05-02", "2026-05-01", "to"),
        ] {
            match filter(from, to).validate() {
                Err(AppError::Validation(errors)) => {
                    assert!(errors.get(field).is_some(), "{from} {to}")
                }
                other => panic!("{from}..{to} gave {other:?}"),
            }
        }
    }

    #[test]
    fn unknown_tables_are_refused_and_histories_need_the_table_permission() {
        let bad = AuditFilter {
            table: "session".into(),
            ..AuditFilter::default()
        };
        assert!(bad.validate().is_err());
        assert_eq!(read_permission("ci"), Action::CmdbRead);
        assert_eq!(read_permission("user"), Action::UsersManage);
        assert_eq!(read_permission("session"), Action::AuditRead);
    }
}
