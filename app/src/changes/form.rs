//! The RFC form of a change: what a browser submits, checked field by field into what
//! is stored. Shared by the server and the browser.

use super::domain::Kind;
use super::risk::risk_score;
use crate::error::{AppError, FieldErrors};
use crate::tickets::problem::list_of;
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

/// The form as submitted; times as a browser's `datetime-local` gives them, in UTC.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ChangeInput {
    pub kind: String,
    /// The Standard change template it follows, by key.
    pub template: String,
    pub title: String,
    pub description: String,
    /// Affected CIs and services by name, separated by commas.
    pub cis: String,
    pub implementation_plan: String,
    pub backout_plan: String,
    pub test_plan: String,
    pub starts_at: String,
    pub ends_at: String,
    /// The answer (its index) to each risk question; all empty while not assessed.
    pub risk: Vec<String>,
    pub team: String,
    pub assignee: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidChange {
    pub kind: Kind,
    pub template: Option<String>,
    pub title: String,
    pub description: String,
    pub cis: Vec<String>,
    pub implementation_plan: String,
    pub backout_plan: String,
    pub test_plan: String,
    /// RFC 3339 in UTC.
    pub window: Option<(String, String)>,
    pub risk: Option<Vec<u8>>,
    pub team: Option<String>,
    pub assignee: Option<String>,
}

/// The longest planned window.
pub const MAX_WINDOW_DAYS: i64 = 14;

/// A `datetime-local` value (seconds allowed), in UTC.
pub fn parse_time(text: &str) -> Option<NaiveDateTime> {
    let text = text.trim().trim_end_matches('Z');
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S"))
        .ok()
}

pub fn rfc3339(at: NaiveDateTime) -> String {
    at.format("%Y-%m-%dT%H:%M:00Z").to_string()
}

fn optional(text: &str) -> Option<String> {
    Some(text.trim().to_owned()).filter(|t| !t.is_empty())
}

fn parse_answers(answers: &[String]) -> Option<Vec<u8>> {
    answers
        .iter()
        .map(|a| a.trim().parse::<u8>().ok())
        .collect::<Option<Vec<u8>>>()
        .filter(|a| risk_score(a).is_some())
}

impl ChangeInput {
    /// A new RFC: a Standard one also names its template.
    pub fn validate_new(&self) -> Result<ValidChange, AppError> {
        const TEMPLATE: &str = "A Standard change follows a template; choose one.";
        let untemplated =
            Kind::parse(&self.kind) == Some(Kind::Standard) && self.template.trim().is_empty();
        match self.validate() {
            Err(AppError::Validation(mut errors)) if untemplated => {
                errors.add("template", TEMPLATE);
                Err(AppError::Validation(errors))
            }
            Ok(_) if untemplated => Err(FieldErrors::single("template", TEMPLATE)),
            other => other,
        }
    }

    pub fn validate(&self) -> Result<ValidChange, AppError> {
        let mut errors = FieldErrors::default();
        let kind = Kind::parse(&self.kind);
        if kind.is_none() {
            errors.add("kind", "Choose Standard, Normal or Emergency.");
        }
        let title = self.title.trim().to_owned();
        if title.is_empty() || title.chars().count() > 160 {
            errors.add("title", "Sum it up in at most 160 characters.");
        }
        for (field, text) in [
            ("description", &self.description),
            ("implementation_plan", &self.implementation_plan),
            ("backout_plan", &self.backout_plan),
            ("test_plan", &self.test_plan),
        ] {
            if text.chars().count() > 10_000 {
                errors.add(field, "Keep it under 10,000 characters.");
            }
        }
        let window = match (self.starts_at.trim(), self.ends_at.trim()) {
            ("", "") => None,
            (s, e) => {
                let (starts, ends) = (parse_time(s), parse_time(e));
                if starts.is_none() {
                    errors.add(
                        "starts_at",
                        "Enter when the work starts, as a date and time (UTC).",
                    );
                }
                match (starts, ends) {
                    (_, None) => errors.add(
                        "ends_at",
                        "Enter when the work ends, as a date and time (UTC).",
                    ),
                    (Some(s), Some(e)) if e <= s => {
                        errors.add("ends_at", "The window must end after it starts.")
                    }
                    (Some(s), Some(e)) if (e - s).num_days() >= MAX_WINDOW_DAYS => errors.add(
                        "ends_at",
                        format!(
                            "A window lasts at most {MAX_WINDOW_DAYS} days; split longer work."
                        ),
                    ),
                    _ => {}
                }
                starts.zip(ends).map(|(s, e)| (rfc3339(s), rfc3339(e)))
            }
        };
        let risk = if self.risk.iter().all(|a| a.trim().is_empty()) {
            None
        } else {
            let answers = parse_answers(&self.risk);
            if answers.is_none() {
                errors.add("risk", "Answer every risk question.");
            }
            answers
        };
        errors.into_result()?;
        Ok(ValidChange {
            kind: kind.unwrap_or(Kind::Normal),
            template: optional(&self.template),
            title,
            description: self.description.trim().to_owned(),
            cis: list_of(&self.cis),
            implementation_plan: self.implementation_plan.trim().to_owned(),
            backout_plan: self.backout_plan.trim().to_owned(),
            test_plan: self.test_plan.trim().to_owned(),
            window,
            risk,
            team: optional(&self.team),
            assignee: optional(&self.assignee),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::refused;

    fn input() -> ChangeInput {
        ChangeInput {
            kind: "Normal".into(),
            title: " Upgrade PostgreSQL to 16 ".into(),
            cis: "Primary DB, Primary DB, Web Server".into(),
            starts_at: "2026-12-05T22:00".into(),
            ends_at: "2026-12-06T01:00".into(),
            risk: ["1", "0", "2", "1", "0"].map(String::from).to_vec(),
            ..ChangeInput::default()
        }
    }

    #[test]
    fn a_valid_rfc_keeps_its_window_in_utc() {
        let change = input().validate().unwrap();
        assert_eq!(change.title, "Upgrade PostgreSQL to 16");
        assert_eq!(change.cis, ["Primary DB", "Web Server"]);
        assert_eq!(
            change.window,
            Some(("2026-12-05T22:00:00Z".into(), "2026-12-06T01:00:00Z".into()))
        );
        assert_eq!(change.risk, Some(vec![1, 0, 2, 1, 0]));
    }

    #[test]
    fn a_bad_rfc_is_refused_field_by_field() {
        let e = refused(
            ChangeInput {
                kind: "Urgent".into(),
                title: String::new(),
                starts_at: "2026-12-06T01:00".into(),
                ends_at: "2026-12-05T22:00".into(),
                risk: vec!["1".into(), String::new()],
                ..ChangeInput::default()
            }
            .validate(),
        );
        assert!(e
            .get("kind")
            .unwrap()
            .contains("Standard, Normal or Emergency"));
        assert!(e.get("title").is_some());
        assert_eq!(
            e.get("ends_at"),
            Some("The window must end after it starts.")
        );
        assert_eq!(e.get("risk"), Some("Answer every risk question."));
        let e = refused(
            ChangeInput {
                kind: "standard".into(),
                ends_at: "2026-12-25T00:00".into(),
                ..input()
            }
            .validate_new(),
        );
        assert!(e.get("template").is_some());
        assert!(e.get("ends_at").unwrap().contains("14 days"));
    }
}
