//! Incidents: the form, its states and the moves between them, with the fields each
//! state needs. One table of moves serves the page (which offers only these) and the
//! server (which refuses anything else).

use super::flow::{step, Flow};
use super::priority::{Level, Matrix, Priority};
use crate::error::{AppError, FieldErrors};
use crate::status::Tone;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum State {
    New,
    InProgress,
    OnHold,
    Resolved,
    Closed,
    Cancelled,
}

use State::*;

/// A resolved incident may be reopened for this many days; then only a new one will do.
pub const REOPEN_DAYS: i64 = 7;

pub const HOLD_REASONS: &[&str] = &[
    "Awaiting caller",
    "Awaiting change",
    "Awaiting problem",
    "Awaiting vendor",
];

pub const RESOLUTION_CODES: &[&str] = &[
    "Solved (permanently)",
    "Solved (workaround)",
    "Not solved (not reproducible)",
    "Not solved (too costly)",
    "Closed by caller",
];

impl Flow for State {
    const NOUN: &'static str = "An incident";
    const ALL: &'static [State] = &[New, InProgress, OnHold, Resolved, Closed, Cancelled];
    const MOVES: &'static [Move] = MOVES;

    fn label(self) -> &'static str {
        match self {
            New => "New",
            InProgress => "In Progress",
            OnHold => "On Hold",
            Resolved => "Resolved",
            Closed => "Closed",
            Cancelled => "Cancelled",
        }
    }
}

impl State {
    pub fn tone(self) -> Tone {
        match self {
            New => Tone::Warning,
            InProgress | OnHold => Tone::Warning,
            Resolved | Closed => Tone::Ok,
            Cancelled => Tone::Unknown,
        }
    }

    /// Still being worked on.
    pub fn is_open(self) -> bool {
        matches!(self, New | InProgress | OnHold)
    }
}

pub type Move = super::flow::Move<State>;

pub const MOVES: &[Move] = &[
    step("Start work", New, InProgress),
    step("Put on hold", New, OnHold),
    step("Resolve", New, Resolved),
    step("Cancel", New, Cancelled),
    step("Put on hold", InProgress, OnHold),
    step("Resolve", InProgress, Resolved),
    step("Cancel", InProgress, Cancelled),
    step("Resume", OnHold, InProgress),
    step("Resolve", OnHold, Resolved),
    step("Cancel", OnHold, Cancelled),
    step("Reopen", Resolved, InProgress),
    step("Close", Resolved, Closed),
];

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

/// Whether a post-incident review can be written: for P1s once they are resolved.
pub fn reviewable(priority: Priority, state: State) -> bool {
    priority == Priority(1) && matches!(state, Resolved | Closed)
}

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

    #[test]
    fn only_a_resolved_p1_gets_a_review() {
        assert!(reviewable(Priority(1), Closed));
        assert!(reviewable(Priority(1), Resolved));
        assert!(!reviewable(Priority(1), InProgress));
        assert!(!reviewable(Priority(2), Closed));
    }

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
