//! The catalog item form as submitted, and its validation.

use super::Approver;
use crate::error::{AppError, FieldErrors};
use crate::requests::form::{form_text, parse_form, FormField};
use crate::sla::terms::{format_minutes, parse_minutes};
use serde::{Deserialize, Serialize};

/// The catalog item form as submitted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ItemInput {
    pub name: String,
    pub category: String,
    pub description: String,
    /// The order form's definition, one field per line.
    pub form: String,
    /// A role's key, or empty for no approval.
    pub approval: String,
    /// The team that fulfils it, by key, or empty.
    pub team: String,
    /// Its fulfilment tasks, one per line, in order.
    pub tasks: String,
    /// The business service it belongs to, by key, or empty.
    pub service: String,
    /// The fulfilment target in the service's SLA hours, such as `16h`, or empty.
    pub fulfilment: String,
    /// "on" while people can order it.
    pub active: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidItem {
    pub name: String,
    pub category: String,
    pub description: String,
    pub fields: Vec<FormField>,
    pub approval: Approver,
    pub team: Option<String>,
    pub tasks: Vec<String>,
    pub service: Option<String>,
    /// Business minutes.
    pub fulfilment: Option<i64>,
    pub active: bool,
}

impl ValidItem {
    pub fn audit_fields(&self) -> crate::audit::Fields {
        vec![
            ("name", self.name.clone()),
            ("category", self.category.clone()),
            ("form", form_text(&self.fields)),
            ("approval", self.approval.label()),
            ("tasks", self.tasks.join("; ")),
            ("service", self.service.clone().unwrap_or_default()),
            (
                "fulfilment target",
                self.fulfilment.map(format_minutes).unwrap_or_default(),
            ),
            ("active", if self.active { "yes" } else { "no" }.to_owned()),
        ]
    }
}

pub const MAX_TASKS: usize = 20;

impl ItemInput {
    pub fn validate(&self) -> Result<ValidItem, AppError> {
        let mut errors = FieldErrors::default();
        let name = self.name.trim().to_owned();
        if name.is_empty() || name.chars().count() > 80 {
            errors.add("name", "Name it in at most 80 characters.");
        }
        let category = self.category.trim().to_owned();
        if category.is_empty() || category.chars().count() > 40 {
            errors.add("category", "Give it a category of at most 40 characters.");
        }
        if self.description.chars().count() > 2_000 {
            errors.add(
                "description",
                "Keep the description under 2,000 characters.",
            );
        }
        let fields = parse_form(&self.form).unwrap_or_else(|problem| {
            errors.add("form", problem);
            Vec::new()
        });
        let approval = Approver::parse(&self.approval).unwrap_or_else(|| {
            errors.add("approval", "Choose a role that approves, or no approval.");
            Approver::Nobody
        });
        let tasks: Vec<String> = self
            .tasks
            .lines()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
            .collect();
        if tasks.is_empty() {
            errors.add("tasks", "List at least one fulfilment task, one per line.");
        } else if tasks.len() > MAX_TASKS {
            errors.add("tasks", format!("Use at most {MAX_TASKS} tasks."));
        } else if tasks.iter().any(|t| t.chars().count() > 120) {
            errors.add("tasks", "Keep each task under 120 characters.");
        }
        let service = Some(self.service.trim())
            .filter(|s| !s.is_empty())
            .map(str::to_owned);
        let fulfilment = match self.fulfilment.trim() {
            "" => None,
            text => parse_minutes(text).or_else(|| {
                errors.add(
                    "fulfilment",
                    "Give the target in business hours and minutes, such as 16h or 1h30m.",
                );
                None
            }),
        };
        if fulfilment.is_some() && service.is_none() {
            errors.add(
                "service",
                "Choose the service whose SLA hours the fulfilment target counts in.",
            );
        }
        errors.into_result()?;
        let team = self.team.trim();
        Ok(ValidItem {
            name,
            category,
            description: self.description.trim().to_owned(),
            fields,
            approval,
            team: (!team.is_empty()).then(|| team.to_owned()),
            tasks,
            service,
            fulfilment,
            active: matches!(self.active.trim(), "on" | "true"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Role;

    #[test]
    fn an_item_needs_a_name_a_form_that_parses_and_tasks() {
        let input = ItemInput {
            name: "New laptop".into(),
            category: "Hardware".into(),
            form: "Model* : choice = A | B".into(),
            approval: "asset_manager".into(),
            team: "infrastructure".into(),
            tasks: "Pick from stock\n\n  Hand over  ".into(),
            active: "on".into(),
            ..ItemInput::default()
        };
        let valid = input.validate().unwrap();
        assert_eq!(valid.tasks, ["Pick from stock", "Hand over"]);
        assert_eq!(valid.approval, Approver::Role(Role::AssetManager));
        assert!(valid.active);
        let AppError::Validation(errors) = ItemInput {
            form: "Model : colour".into(),
            tasks: " \n ".into(),
            approval: "boss".into(),
            ..input
        }
        .validate()
        .unwrap_err() else {
            panic!("not a validation error")
        };
        assert!(errors.get("form").unwrap().starts_with("Line 1:"));
        assert_eq!(
            errors.get("tasks"),
            Some("List at least one fulfilment task, one per line.")
        );
        assert!(errors.get("approval").is_some());
    }

    #[test]
    fn a_fulfilment_target_counts_in_a_services_hours() {
        let input = ItemInput {
            name: "VPN access".into(),
            category: "Access".into(),
            tasks: "Create the account".into(),
            service: "internal_application".into(),
            fulfilment: "2h 30m".into(),
            ..ItemInput::default()
        };
        let valid = input.clone().validate().unwrap();
        assert_eq!(valid.fulfilment, Some(150));
        assert_eq!(valid.service.as_deref(), Some("internal_application"));
        let errors = |input: ItemInput| match input.validate().unwrap_err() {
            AppError::Validation(errors) => errors,
            other => panic!("not a validation error: {other:?}"),
        };
        let no_service = errors(ItemInput {
            service: " ".into(),
            ..input.clone()
        });
        assert_eq!(
            no_service.get("service"),
            Some("Choose the service whose SLA hours the fulfilment target counts in.")
        );
        let unreadable = errors(ItemInput {
            fulfilment: "2 days".into(),
            ..input
        });
        assert!(unreadable
            .get("fulfilment")
            .unwrap()
            .contains("such as 16h"));
    }
}
