//! Incidents: the form, its states and the moves between them, with the fields each
//! state needs. One table of moves serves the page (which offers only these) and the
//! server (which refuses anything else).

use super::flow::{step, Flow};
use super::priority::Priority;
use crate::status::Tone;
use serde::{Deserialize, Serialize};

mod form;
mod moves;
pub use form::{IncidentInput, ValidIncident, CATEGORIES};
pub use moves::{Facts, MoveInput, ValidMove};

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

/// Whether a post-incident review can be written: for P1s once they are resolved.
pub fn reviewable(priority: Priority, state: State) -> bool {
    priority == Priority(1) && matches!(state, Resolved | Closed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_resolved_p1_gets_a_review() {
        assert!(reviewable(Priority(1), Closed));
        assert!(reviewable(Priority(1), Resolved));
        assert!(!reviewable(Priority(1), InProgress));
        assert!(!reviewable(Priority(2), Closed));
    }
}
