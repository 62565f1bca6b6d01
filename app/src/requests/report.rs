//! "Report a problem" from the portal: a person's own words, turned into an incident
//! they are the caller of. It hurts one person, so its impact is Low; they say how
//! urgent it is.

use crate::tickets::incident::IncidentInput;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReportInput {
    pub title: String,
    pub description: String,
    pub category: String,
    /// A business service by name, or empty when they do not know.
    pub service: String,
    /// 1 "I cannot work", 2 "I can work around it", 3 "It is a nuisance".
    pub urgency: String,
}

/// How urgent it is, in the reporter's words, by the urgency it stands for.
pub const URGENCIES: &[(&str, &str)] = &[
    ("1", "I cannot work"),
    ("2", "I can work around it"),
    ("3", "It is a nuisance"),
];

impl ReportInput {
    /// The incident form it amounts to, with `caller` as the caller.
    pub fn incident(&self, caller: &str) -> IncidentInput {
        IncidentInput {
            title: self.title.clone(),
            description: self.description.clone(),
            caller: caller.to_owned(),
            category: self.category.clone(),
            impact: "3".into(),
            urgency: self.urgency.clone(),
            cis: self.service.clone(),
            ..IncidentInput::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::AppError;
    use crate::tickets::priority::Matrix;

    #[test]
    fn a_report_becomes_a_low_impact_incident_of_the_reporter() {
        let report = ReportInput {
            title: "Cannot print".into(),
            category: "Hardware".into(),
            service: "Internal Application".into(),
            urgency: "1".into(),
            ..ReportInput::default()
        };
        let valid = report
            .incident("Rory Requester")
            .validate(&Matrix::default())
            .unwrap();
        assert_eq!(valid.caller, "Rory Requester");
        assert_eq!(valid.cis, ["Internal Application"]);
        // Low impact and high urgency: the default matrix's P3.
        assert_eq!(valid.priority.label(), "P3");
        let AppError::Validation(errors) = ReportInput::default()
            .incident("Rory Requester")
            .validate(&Matrix::default())
            .unwrap_err()
        else {
            panic!("not a validation error")
        };
        assert!(errors.get("title").is_some());
        assert!(errors.get("urgency").is_some());
    }
}
