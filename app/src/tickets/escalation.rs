//! Escalating an incident: functionally, to another team that can fix it, or
//! hierarchically, to the manager of whoever works it. People escalate by hand; the SLA
//! clock will call the same store function when an SLA is at risk.

use crate::error::{AppError, FieldErrors};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Escalation {
    /// To another team, by key: the incident becomes theirs, unassigned.
    Functional { team: String },
    /// To the manager of the assignee (or, unassigned, of whoever escalates), or to the
    /// Incident Managers when there is none: they are told and follow it.
    Hierarchical,
}

/// The escalation form as submitted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct EscalateInput {
    /// `team` or `manager`.
    pub to: String,
    pub team: String,
    pub reason: String,
}

impl EscalateInput {
    pub fn validate(&self) -> Result<(Escalation, String), AppError> {
        let mut errors = FieldErrors::default();
        let reason = self.reason.trim().to_owned();
        if reason.is_empty() || reason.chars().count() > 2_000 {
            errors.add(
                "reason",
                "Say why it is escalated, in at most 2,000 characters.",
            );
        }
        let how = match self.to.as_str() {
            "team" if self.team.trim().is_empty() => {
                errors.add("team", "Choose the team to escalate to.");
                None
            }
            "team" => Some(Escalation::Functional {
                team: self.team.trim().to_owned(),
            }),
            "manager" => Some(Escalation::Hierarchical),
            _ => {
                errors.add("to", "Escalate to another team or to a manager.");
                None
            }
        };
        errors.into_result()?;
        Ok((how.unwrap_or(Escalation::Hierarchical), reason))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(to: &str, team: &str, reason: &str) -> EscalateInput {
        EscalateInput {
            to: to.into(),
            team: team.into(),
            reason: reason.into(),
        }
    }

    #[test]
    fn an_escalation_says_where_to_and_why() {
        assert_eq!(
            input("team", " network ", " Needs a firewall change ")
                .validate()
                .unwrap(),
            (
                Escalation::Functional {
                    team: "network".into()
                },
                "Needs a firewall change".into()
            )
        );
        assert_eq!(
            input("manager", "", "Customer is waiting")
                .validate()
                .unwrap()
                .0,
            Escalation::Hierarchical
        );
        let AppError::Validation(errors) = input("team", "", " ").validate().unwrap_err() else {
            panic!("not a validation error")
        };
        assert_eq!(errors.get("team"), Some("Choose the team to escalate to."));
        assert!(errors.get("reason").is_some());
        assert!(input("boss", "", "x").validate().is_err());
    }
}
