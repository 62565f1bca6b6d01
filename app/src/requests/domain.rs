//! Service requests: their states and moves, who approves them, their fulfilment tasks,
//! and the catalog item form. Shared by the server and the browser.

use super::form::{form_text, parse_form, FormField};
use crate::auth::Role;
use crate::error::{AppError, FieldErrors};
use crate::sla::terms::{format_minutes, parse_minutes};
use crate::status::Tone;
use crate::tickets::flow::{step, Flow};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum State {
    #[default]
    Approval,
    Fulfilment,
    Closed,
    Rejected,
    Cancelled,
}

use State::*;

impl Flow for State {
    const NOUN: &'static str = "A request";
    const ALL: &'static [State] = &[Approval, Fulfilment, Closed, Rejected, Cancelled];
    const MOVES: &'static [Move] = MOVES;

    fn label(self) -> &'static str {
        match self {
            Approval => "Awaiting approval",
            Fulfilment => "In fulfilment",
            Closed => "Closed",
            Rejected => "Rejected",
            Cancelled => "Cancelled",
        }
    }
}

impl State {
    pub fn tone(self) -> Tone {
        match self {
            Approval => Tone::Unknown,
            Fulfilment => Tone::Warning,
            Closed => Tone::Ok,
            Rejected => Tone::Critical,
            Cancelled => Tone::Unknown,
        }
    }

    pub fn is_open(self) -> bool {
        matches!(self, Approval | Fulfilment)
    }
}

pub type Move = crate::tickets::flow::Move<State>;

/// Every move. Approving and rejecting are the approver's decision; closing happens
/// when the last fulfilment task is finished; cancelling is open to the requester and
/// to fulfillers while the request is open.
pub const MOVES: &[Move] = &[
    step("Approve", Approval, Fulfilment),
    step("Reject", Approval, Rejected),
    step("Cancel", Approval, Cancelled),
    step("Close", Fulfilment, Closed),
    step("Cancel", Fulfilment, Cancelled),
];

/// Where a new request starts: waiting for its approver, or straight to fulfilment.
pub fn first_state(approver: Approver) -> State {
    match approver {
        Approver::Nobody => Fulfilment,
        Approver::Manager | Approver::Role(_) => Approval,
    }
}

/// Who approves an item's requests.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Approver {
    #[default]
    Nobody,
    /// The requester's manager, as their user record names them when they order.
    Manager,
    /// Anyone holding the role, except the requester.
    Role(Role),
}

impl Approver {
    /// The stored key: empty for none, a role's key otherwise.
    pub fn key(self) -> &'static str {
        match self {
            Approver::Nobody => "",
            Approver::Manager => "manager",
            Approver::Role(role) => role.key(),
        }
    }

    pub fn parse(key: &str) -> Option<Approver> {
        match key.trim() {
            "" | "none" => Some(Approver::Nobody),
            "manager" => Some(Approver::Manager),
            key => Role::from_key(key)
                .filter(|r| *r != Role::Requester)
                .map(Approver::Role),
        }
    }

    pub fn label(self) -> String {
        match self {
            Approver::Nobody => "No approval".to_owned(),
            Approver::Manager => "The requester's manager".to_owned(),
            Approver::Role(role) => format!("Any {}", role.label()),
        }
    }

    /// Whether `me`, with `roles`, may decide a request of `requester` whose approving
    /// manager is `manager` (never one's own request).
    pub fn may_decide(
        self,
        roles: &[Role],
        me: &str,
        requester: &str,
        manager: Option<&str>,
    ) -> bool {
        me != requester
            && match self {
                Approver::Nobody => false,
                Approver::Manager => manager == Some(me),
                Approver::Role(role) => roles.contains(&role),
            }
    }
}

/// A fulfilment task: waiting for approval, open, done, or cancelled with its request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TaskState {
    Pending,
    Open,
    Done,
    Cancelled,
}

impl TaskState {
    pub fn label(self) -> &'static str {
        match self {
            TaskState::Pending => "Pending",
            TaskState::Open => "Open",
            TaskState::Done => "Done",
            TaskState::Cancelled => "Cancelled",
        }
    }

    pub fn parse(text: &str) -> TaskState {
        [TaskState::Open, TaskState::Done, TaskState::Cancelled]
            .into_iter()
            .find(|t| t.label() == text)
            .unwrap_or(TaskState::Pending)
    }

    pub fn tone(self) -> Tone {
        match self {
            TaskState::Done => Tone::Ok,
            TaskState::Open => Tone::Warning,
            TaskState::Pending | TaskState::Cancelled => Tone::Unknown,
        }
    }
}

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

    #[test]
    fn requests_move_only_along_the_table() {
        assert_eq!(Approval.move_to("In fulfilment").unwrap().action, "Approve");
        assert_eq!(Fulfilment.move_to("closed").unwrap().action, "Close");
        assert!(Fulfilment.move_to("Cancelled").is_ok());
        let AppError::Validation(errors) = Closed.move_to("Cancelled").unwrap_err() else {
            panic!("not a validation error")
        };
        assert_eq!(
            errors.get("to"),
            Some("A request that is Closed cannot become Cancelled; it can become none: it is final.")
        );
        assert!(Rejected.move_to("In fulfilment").is_err());
        assert!(Fulfilment.move_to("Awaiting approval").is_err());
        for m in MOVES {
            assert!(m.from.is_open(), "{m:?}");
        }
    }

    #[test]
    fn approval_by_role_never_by_the_requester_themselves() {
        assert_eq!(first_state(Approver::Nobody), Fulfilment);
        let managers = Approver::parse("asset_manager").unwrap();
        assert_eq!(first_state(managers), Approval);
        assert!(managers.may_decide(&[Role::AssetManager], "asha", "rory", None));
        assert!(!managers.may_decide(&[Role::AssetManager], "asha", "asha", None));
        assert!(!managers.may_decide(&[Role::Admin], "ada", "rory", None));
        assert!(!Approver::Nobody.may_decide(&[Role::Admin], "ada", "rory", None));
        let manager = Approver::parse("manager").unwrap();
        assert_eq!(first_state(manager), Approval);
        assert!(manager.may_decide(&[Role::Viewer], "olga", "rory", Some("olga")));
        assert!(!manager.may_decide(&[Role::Admin], "ada", "rory", Some("olga")));
        assert!(!manager.may_decide(&[Role::Viewer], "olga", "olga", Some("olga")));
        assert_eq!(Approver::parse(""), Some(Approver::Nobody));
        assert_eq!(Approver::parse("requester"), None);
        assert_eq!(Approver::parse("boss"), None);
        assert_eq!(managers.label(), "Any Asset Manager");
    }

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
