//! Service requests: their states and moves, who approves them, their fulfilment tasks,
//! and the catalog item form. Shared by the server and the browser.

mod item;

pub use item::{ItemInput, ValidItem, MAX_TASKS};

use crate::auth::Role;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::AppError;

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
}
