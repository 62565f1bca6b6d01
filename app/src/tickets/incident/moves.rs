//! A move as submitted, checked against the table of moves and the fields the new state
//! needs; nothing is written.

use super::{Move, State, HOLD_REASONS, REOPEN_DAYS, RESOLUTION_CODES};
use crate::error::{AppError, FieldErrors};
use crate::tickets::flow::Flow;
use serde::{Deserialize, Serialize};
use State::*;

/// A move as submitted: the state wanted and the fields it may need.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MoveInput {
    pub to: String,
    pub hold_reason: String,
    pub resolution_code: String,
    pub resolution_notes: String,
    /// Why, for a reopening or a cancellation; otherwise optional.
    pub note: String,
    /// "on" when resolved at first contact, without handing it on.
    pub first_contact: String,
}

/// A move the table allows, with what it sets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidMove {
    pub step: &'static Move,
    pub hold_reason: Option<String>,
    pub resolution: Option<(String, String)>,
    pub note: String,
    /// Resolved at first contact; only a resolution sets it.
    pub first_contact: bool,
}

/// What a move needs to know about the incident besides its state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Facts {
    pub has_assignee: bool,
    /// Whole days since it was resolved, if it is.
    pub days_resolved: Option<i64>,
}

impl MoveInput {
    /// The move from `from`, or a field error naming what is wrong; nothing is written.
    pub fn check(&self, from: State, facts: Facts) -> Result<ValidMove, AppError> {
        let step = from.move_to(&self.to)?;
        let mut errors = FieldErrors::default();
        let note = self.note.trim().to_owned();
        let mut hold_reason = None;
        let mut resolution = None;
        match step.to {
            InProgress if !facts.has_assignee => {
                errors.add("to", "Assign it to a person before work starts.")
            }
            OnHold => match HOLD_REASONS
                .iter()
                .find(|r| r.eq_ignore_ascii_case(self.hold_reason.trim()))
            {
                Some(reason) => hold_reason = Some((*reason).to_owned()),
                None => errors.add("hold_reason", "Say what it is waiting for."),
            },
            Resolved => {
                let code = RESOLUTION_CODES
                    .iter()
                    .find(|c| c.eq_ignore_ascii_case(self.resolution_code.trim()));
                let notes = self.resolution_notes.trim();
                if code.is_none() {
                    errors.add("resolution_code", "Choose a resolution code.");
                }
                if notes.is_empty() {
                    errors.add(
                        "resolution_notes",
                        "Say what was done, for the caller and the next agent.",
                    );
                }
                if let Some(code) = code {
                    resolution = Some(((*code).to_owned(), notes.to_owned()));
                }
            }
            Cancelled if note.is_empty() => errors.add("note", "Say why it is cancelled."),
            _ => {}
        }
        if step.from == Resolved && step.to == InProgress {
            if note.is_empty() {
                errors.add("note", "Say why it is reopened.");
            }
            if facts.days_resolved.is_some_and(|d| d > REOPEN_DAYS) {
                errors.add(
                    "to",
                    format!("It was resolved more than {REOPEN_DAYS} days ago; open a new incident instead."),
                );
            }
        }
        errors.into_result()?;
        Ok(ValidMove {
            first_contact: step.to == Resolved
                && matches!(self.first_contact.trim(), "on" | "true"),
            step,
            hold_reason,
            resolution,
            note,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::refused;

    fn facts() -> Facts {
        Facts {
            has_assignee: true,
            days_resolved: None,
        }
    }

    fn to(state: &str) -> MoveInput {
        MoveInput {
            to: state.into(),
            ..MoveInput::default()
        }
    }

    #[test]
    fn the_table_allows_the_seed_flow_and_nothing_else() {
        let path = [New, InProgress, OnHold, InProgress, Resolved, Closed];
        for pair in path.windows(2) {
            assert!(pair[0].moves().any(|m| m.to == pair[1]), "{pair:?}");
        }
        assert_eq!(Closed.moves().count(), 0);
        assert_eq!(Cancelled.moves().count(), 0);
        let e = refused(to("Closed").check(New, facts()));
        assert!(e.get("to").unwrap().contains("cannot become Closed"));
        assert!(e
            .get("to")
            .unwrap()
            .contains("In Progress, On Hold, Resolved, Cancelled"));
    }

    #[test]
    fn each_state_asks_for_its_fields() {
        let e = refused(to("On Hold").check(InProgress, facts()));
        assert!(e.get("hold_reason").is_some());
        let e = refused(to("Resolved").check(InProgress, facts()));
        assert!(e.get("resolution_code").is_some() && e.get("resolution_notes").is_some());
        let unassigned = Facts {
            has_assignee: false,
            ..facts()
        };
        let e = refused(to("In Progress").check(New, unassigned));
        assert!(e.get("to").unwrap().contains("Assign it"));
        let e = refused(to("Cancelled").check(New, facts()));
        assert!(e.get("note").is_some());
        let ok = MoveInput {
            to: "Resolved".into(),
            resolution_code: "solved (workaround)".into(),
            resolution_notes: "Restarted the pool".into(),
            ..MoveInput::default()
        }
        .check(OnHold, facts())
        .unwrap();
        assert_eq!(
            ok.resolution,
            Some(("Solved (workaround)".into(), "Restarted the pool".into()))
        );
        assert!(!ok.first_contact);
        let held = MoveInput {
            to: "On Hold".into(),
            hold_reason: "Awaiting caller".into(),
            first_contact: "on".into(),
            ..MoveInput::default()
        };
        assert!(
            !held.check(New, facts()).unwrap().first_contact,
            "only a resolution is at first contact"
        );
    }

    #[test]
    fn reopening_needs_a_reason_and_a_recent_resolution() {
        let reopen = |days| {
            MoveInput {
                to: "In Progress".into(),
                note: "Back again".into(),
                ..MoveInput::default()
            }
            .check(
                Resolved,
                Facts {
                    has_assignee: true,
                    days_resolved: Some(days),
                },
            )
        };
        assert!(reopen(REOPEN_DAYS).is_ok());
        let e = refused(reopen(REOPEN_DAYS + 1));
        assert!(e.get("to").unwrap().contains("open a new incident"));
    }
}
