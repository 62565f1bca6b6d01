//! Changes: their kinds, the states of the seed's change flow and the moves between
//! them, with what each move needs. Shared by the server and the browser.

pub use super::risk::{risk_score, Risk, QUESTIONS};
use crate::error::{AppError, FieldErrors};
use crate::status::Tone;
use crate::tickets::flow::{step, Flow};
use serde::{Deserialize, Serialize};

/// Standard changes are pre-approved from a template; Normal ones go to the CAB;
/// Emergency ones to the emergency CAB, and may be scheduled in a freeze.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Kind {
    Standard,
    #[default]
    Normal,
    Emergency,
}

impl Kind {
    pub const ALL: &'static [Kind] = &[Kind::Standard, Kind::Normal, Kind::Emergency];

    pub fn label(self) -> &'static str {
        match self {
            Kind::Standard => "Standard",
            Kind::Normal => "Normal",
            Kind::Emergency => "Emergency",
        }
    }

    pub fn parse(text: &str) -> Option<Kind> {
        Kind::ALL
            .iter()
            .copied()
            .find(|k| k.label().eq_ignore_ascii_case(text.trim()))
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum State {
    #[default]
    Draft,
    Assessment,
    CabApproval,
    Scheduled,
    Implementing,
    Review,
    Successful,
    Failed,
    BackedOut,
    Rejected,
    Cancelled,
}

use State::*;

impl Flow for State {
    const NOUN: &'static str = "A change";
    const ALL: &'static [State] = &[
        Draft,
        Assessment,
        CabApproval,
        Scheduled,
        Implementing,
        Review,
        Successful,
        Failed,
        BackedOut,
        Rejected,
        Cancelled,
    ];
    const MOVES: &'static [Move] = MOVES;

    fn label(self) -> &'static str {
        match self {
            Draft => "Draft",
            Assessment => "Assessment",
            CabApproval => "CAB Approval",
            Scheduled => "Scheduled",
            Implementing => "Implementing",
            Review => "Review",
            Successful => "Successful",
            Failed => "Failed",
            BackedOut => "Backed out",
            Rejected => "Rejected",
            Cancelled => "Cancelled",
        }
    }
}

impl State {
    pub fn tone(self) -> Tone {
        match self {
            Draft | Assessment | CabApproval | Review => Tone::Unknown,
            Scheduled | Implementing => Tone::Warning,
            Successful => Tone::Ok,
            Failed | BackedOut | Rejected => Tone::Critical,
            Cancelled => Tone::Unknown,
        }
    }

    /// Still to be done: it holds its place on the calendar.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            Draft | Assessment | CabApproval | Scheduled | Implementing
        )
    }
}

pub type Move = crate::tickets::flow::Move<State>;

/// Every move of the flow. Leaving CAB Approval is the CAB's votes, not a button.
pub const MOVES: &[Move] = &[
    step("Submit for assessment", Draft, Assessment),
    step("Schedule", Draft, Scheduled),
    step("Send to emergency CAB", Draft, CabApproval),
    step("Cancel", Draft, Cancelled),
    step("Send to CAB", Assessment, CabApproval),
    step("Back to draft", Assessment, Draft),
    step("Cancel", Assessment, Cancelled),
    step("Approve", CabApproval, Scheduled),
    step("Reject", CabApproval, Rejected),
    step("Withdraw", CabApproval, Cancelled),
    step("Start implementation", Scheduled, Implementing),
    step("Cancel", Scheduled, Cancelled),
    step("Finish implementation", Implementing, Review),
    step("Close as successful", Review, Successful),
    step("Close as failed", Review, Failed),
    step("Close as backed out", Review, BackedOut),
];

/// Whether people may take this move on a change of this kind (the CAB's decision is
/// taken by votes, and only a Standard change skips assessment).
pub fn allowed(kind: Kind, m: &Move) -> bool {
    match (m.from, m.to) {
        (CabApproval, Scheduled | Rejected) => false,
        (Draft, Scheduled) => kind == Kind::Standard,
        (Draft, Assessment) => kind == Kind::Normal,
        (Draft, CabApproval) => kind == Kind::Emergency,
        _ => true,
    }
}

/// The moves a person can take now.
pub fn open_moves(kind: Kind, state: State) -> Vec<&'static Move> {
    state.moves().filter(|m| allowed(kind, m)).collect()
}

/// What a change holds when it moves, for the checks of [`ready`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    pub has_cis: bool,
    pub has_plans: bool,
    pub has_window: bool,
    pub has_risk: bool,
    /// Text for the move, e.g. the post-implementation review.
    pub note: String,
}

/// Refuses a move when the change lacks what its new state needs, naming each gap.
pub fn ready(to: State, facts: &Facts) -> Result<(), AppError> {
    let mut errors = FieldErrors::default();
    let planning = matches!(to, Assessment | CabApproval | Scheduled);
    if planning && !facts.has_cis {
        errors.add("cis", "Name the CIs or services the change touches.");
    }
    if planning && !facts.has_plans {
        errors.add(
            "plans",
            "Write the implementation, backout and test plans first.",
        );
    }
    if planning && !facts.has_window {
        errors.add("window", "Plan the window first.");
    }
    if matches!(to, CabApproval | Scheduled) && !facts.has_risk {
        errors.add("risk", "Assess the risk first.");
    }
    if matches!(to, Successful | Failed | BackedOut) && facts.note.trim().is_empty() {
        errors.add(
            "note",
            "Write the post-implementation review: what happened and what was learnt.",
        );
    }
    errors.into_result()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::refused;

    #[test]
    fn each_kind_takes_its_own_road_to_scheduled() {
        let actions = |kind, state| -> Vec<&str> {
            open_moves(kind, state).iter().map(|m| m.action).collect()
        };
        assert_eq!(actions(Kind::Standard, Draft), ["Schedule", "Cancel"]);
        assert_eq!(
            actions(Kind::Normal, Draft),
            ["Submit for assessment", "Cancel"]
        );
        assert_eq!(
            actions(Kind::Emergency, Draft),
            ["Send to emergency CAB", "Cancel"]
        );
        // Only the CAB's votes approve or reject.
        assert_eq!(actions(Kind::Normal, CabApproval), ["Withdraw"]);
        assert_eq!(
            actions(Kind::Normal, Review),
            [
                "Close as successful",
                "Close as failed",
                "Close as backed out"
            ]
        );
        for end in [Successful, Failed, BackedOut, Rejected, Cancelled] {
            assert!(actions(Kind::Normal, end).is_empty(), "{end:?} is final");
            assert!(!end.is_open());
        }
    }

    #[test]
    fn a_move_outside_the_table_names_the_open_ones() {
        let refusal = refused(Draft.move_to("Implementing"));
        assert_eq!(
            refusal.get("to"),
            Some(
                "A change that is Draft cannot become Implementing; it can become \
                 Assessment, Scheduled, CAB Approval, Cancelled."
            )
        );
        assert_eq!(Scheduled.move_to("implementing").unwrap().to, Implementing);
    }

    #[test]
    fn each_state_asks_for_what_it_needs() {
        let complete = Facts {
            has_cis: true,
            has_plans: true,
            has_window: true,
            has_risk: true,
            note: String::new(),
        };
        assert!(ready(CabApproval, &complete).is_ok());
        let e = refused(ready(Assessment, &Facts::default()));
        assert!(e.get("cis").is_some() && e.get("plans").is_some() && e.get("window").is_some());
        assert!(
            e.get("risk").is_none(),
            "risk is assessed during assessment"
        );
        let e = refused(ready(
            CabApproval,
            &Facts {
                has_risk: false,
                ..complete.clone()
            },
        ));
        assert_eq!(e.get("risk"), Some("Assess the risk first."));
        assert!(refused(ready(Successful, &complete)).get("note").is_some());
        let reviewed = Facts {
            note: "Went to plan".into(),
            ..complete
        };
        assert!(ready(Successful, &reviewed).is_ok());
    }
}
