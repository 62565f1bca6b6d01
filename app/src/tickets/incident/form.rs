//! The new-incident form as submitted, and the incident it makes once checked.

use crate::error::{AppError, FieldErrors};
use crate::tickets::priority::{Level, Matrix, Priority};
use serde::{Deserialize, Serialize};

/// The new-incident form as submitted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct IncidentInput {
    pub title: String,
    pub description: String,
    pub caller: String,
    pub category: String,
    pub impact: String,
    pub urgency: String,
    /// Affected CIs and services by name, separated by commas.
    pub cis: String,
    /// A team's key, or empty.
    pub team: String,
    /// A user's key, or empty.
    pub assignee: String,
    /// "on" when ticked.
    pub major: String,
}

pub const CATEGORIES: &[&str] = &[
    "Hardware", "Software", "Network", "Database", "Access", "Inquiry",
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidIncident {
    pub title: String,
    pub description: String,
    pub caller: String,
    pub category: String,
    pub impact: Level,
    pub urgency: Level,
    pub priority: Priority,
    pub cis: Vec<String>,
    pub team: Option<String>,
    pub assignee: Option<String>,
    pub major: bool,
}

fn optional(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

impl IncidentInput {
    pub fn validate(&self, matrix: &Matrix) -> Result<ValidIncident, AppError> {
        let mut errors = FieldErrors::default();
        let title = self.title.trim().to_owned();
        if title.is_empty() || title.chars().count() > 160 {
            errors.add("title", "Sum it up in at most 160 characters.");
        }
        let caller = self.caller.trim().to_owned();
        if caller.is_empty() {
            errors.add("caller", "Who reported it?");
        }
        let category = self.category.trim().to_owned();
        if category.is_empty() {
            errors.add("category", "Choose a category.");
        }
        let impact = Level::parse(&self.impact);
        if impact.is_none() {
            errors.add(
                "impact",
                "Choose how widely it hurts: 1 High, 2 Medium or 3 Low.",
            );
        }
        let urgency = Level::parse(&self.urgency);
        if urgency.is_none() {
            errors.add(
                "urgency",
                "Choose how soon it hurts: 1 High, 2 Medium or 3 Low.",
            );
        }
        if self.description.chars().count() > 10_000 {
            errors.add(
                "description",
                "Keep the description under 10,000 characters.",
            );
        }
        errors.into_result()?;
        let (impact, urgency) = (impact.unwrap_or(Level::Low), urgency.unwrap_or(Level::Low));
        let mut cis: Vec<String> = Vec::new();
        for name in self.cis.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            if !cis.iter().any(|c| c.eq_ignore_ascii_case(name)) {
                cis.push(name.to_owned());
            }
        }
        Ok(ValidIncident {
            title,
            description: self.description.trim().to_owned(),
            caller,
            category,
            impact,
            urgency,
            priority: matrix.priority(impact, urgency),
            cis,
            team: optional(&self.team),
            assignee: optional(&self.assignee),
            major: matches!(self.major.trim(), "on" | "true"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_incident_takes_its_priority_from_the_matrix() {
        let input = IncidentInput {
            title: " Mail is down ".into(),
            caller: "Rory Requester".into(),
            category: "Software".into(),
            impact: "1".into(),
            urgency: "2 - Medium".into(),
            cis: "Mail, mail , Exchange".into(),
            ..IncidentInput::default()
        };
        let valid = input.validate(&Matrix::default()).unwrap();
        assert_eq!(valid.priority, Priority(2));
        assert_eq!(valid.title, "Mail is down");
        assert_eq!(valid.cis, ["Mail", "Exchange"]);
        let e = match IncidentInput::default().validate(&Matrix::default()) {
            Err(AppError::Validation(e)) => e,
            other => panic!("{other:?}"),
        };
        for field in ["title", "caller", "category", "impact", "urgency"] {
            assert!(e.get(field).is_some(), "{field}");
        }
    }
}
