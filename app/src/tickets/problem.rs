//! Problems: the cause behind incidents. The form, the root cause analysis (five whys, the
//! cause, a workaround, the fix), the states and the moves between them. A problem whose
//! cause and workaround are known is a known error, and the Known Error DB lists it.

use super::flow::{step, Flow};
use super::number::TicketKind;
use crate::error::{AppError, FieldErrors};
use crate::status::Tone;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum State {
    New,
    Investigating,
    KnownError,
    Resolved,
    Closed,
    Cancelled,
}

use State::*;

impl Flow for State {
    const NOUN: &'static str = "A problem";
    const ALL: &'static [State] = &[New, Investigating, KnownError, Resolved, Closed, Cancelled];
    const MOVES: &'static [Move] = MOVES;

    fn label(self) -> &'static str {
        match self {
            New => "New",
            Investigating => "Investigating",
            KnownError => "Known Error",
            Resolved => "Resolved",
            Closed => "Closed",
            Cancelled => "Cancelled",
        }
    }
}

impl State {
    pub fn tone(self) -> Tone {
        match self {
            New | Investigating | KnownError => Tone::Warning,
            Resolved | Closed => Tone::Ok,
            Cancelled => Tone::Unknown,
        }
    }

    pub fn is_open(self) -> bool {
        matches!(self, New | Investigating | KnownError)
    }
}

pub type Move = super::flow::Move<State>;

pub const MOVES: &[Move] = &[
    step("Investigate", New, Investigating),
    step("Cancel", New, Cancelled),
    step("Publish known error", Investigating, KnownError),
    step("Resolve", Investigating, Resolved),
    step("Cancel", Investigating, Cancelled),
    step("Resolve", KnownError, Resolved),
    step("Reopen", Resolved, Investigating),
    step("Close", Resolved, Closed),
];

/// The new-problem form as submitted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProblemInput {
    pub title: String,
    pub description: String,
    /// Affected CIs and services by name, separated by commas.
    pub cis: String,
    /// The incidents it explains, by number, separated by commas.
    pub incidents: String,
    pub team: String,
    pub assignee: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidProblem {
    pub title: String,
    pub description: String,
    pub cis: Vec<String>,
    pub incidents: Vec<String>,
    pub team: Option<String>,
    pub assignee: Option<String>,
}

/// Distinct non-empty items of a comma-separated list, in order, compared without case.
pub fn list_of(text: &str) -> Vec<String> {
    let mut items: Vec<String> = Vec::new();
    for item in text.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        if !items.iter().any(|c| c.eq_ignore_ascii_case(item)) {
            items.push(item.to_owned());
        }
    }
    items
}

fn optional(text: &str) -> Option<String> {
    Some(text.trim().to_owned()).filter(|t| !t.is_empty())
}

impl ProblemInput {
    pub fn validate(&self) -> Result<ValidProblem, AppError> {
        let mut errors = FieldErrors::default();
        let title = self.title.trim().to_owned();
        if title.is_empty() || title.chars().count() > 160 {
            errors.add("title", "Sum it up in at most 160 characters.");
        }
        if self.description.chars().count() > 10_000 {
            errors.add(
                "description",
                "Keep the description under 10,000 characters.",
            );
        }
        let mut incidents = Vec::new();
        let mut malformed = Vec::new();
        for text in list_of(&self.incidents) {
            match super::number::parse(&text) {
                Some((TicketKind::Incident, n)) => {
                    let number = super::number::number(TicketKind::Incident, n);
                    if !incidents.contains(&number) {
                        incidents.push(number);
                    }
                }
                _ => malformed.push(text),
            }
        }
        if !malformed.is_empty() {
            errors.add(
                "incidents",
                format!(
                    "Incident numbers look like INC0000001; not {}.",
                    malformed.join(", ")
                ),
            );
        }
        errors.into_result()?;
        Ok(ValidProblem {
            title,
            description: self.description.trim().to_owned(),
            cis: list_of(&self.cis),
            incidents,
            team: optional(&self.team),
            assignee: optional(&self.assignee),
        })
    }
}

/// The root cause analysis as submitted: five whys, then the cause, the workaround that
/// helps until the fix, and the fix.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Analysis {
    pub whys: Vec<String>,
    pub root_cause: String,
    pub workaround: String,
    pub fix: String,
}

/// How many whys the form asks.
pub const WHYS: usize = 5;

impl Analysis {
    /// Trimmed, with at most five whys and no text over 10,000 characters.
    pub fn validate(&self) -> Result<Analysis, AppError> {
        let mut errors = FieldErrors::default();
        let whys: Vec<String> = self.whys.iter().map(|w| w.trim().to_owned()).collect();
        if whys.len() > WHYS {
            errors.add("whys", "Five whys are enough.");
        }
        for (field, text) in [
            ("root_cause", &self.root_cause),
            ("workaround", &self.workaround),
            ("fix", &self.fix),
        ] {
            if text.chars().count() > 10_000 {
                errors.add(field, "Keep it under 10,000 characters.");
            }
        }
        if whys.iter().any(|w| w.chars().count() > 1_000) {
            errors.add("whys", "Keep each why under 1,000 characters.");
        }
        errors.into_result()?;
        let mut whys = whys;
        while whys.last().is_some_and(String::is_empty) {
            whys.pop();
        }
        Ok(Analysis {
            whys,
            root_cause: self.root_cause.trim().to_owned(),
            workaround: self.workaround.trim().to_owned(),
            fix: self.fix.trim().to_owned(),
        })
    }
}

/// A move as submitted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProblemMove {
    pub to: String,
    /// Why, for a reopening or a cancellation.
    pub note: String,
}

/// What a move needs to know about the problem besides its state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Facts<'a> {
    pub has_assignee: bool,
    pub analysis: &'a Analysis,
}

impl ProblemMove {
    /// The move from `from`, or field errors naming what is missing; nothing is written.
    pub fn check(&self, from: State, facts: Facts) -> Result<&'static Move, AppError> {
        let step = from.move_to(&self.to)?;
        let mut errors = FieldErrors::default();
        let analysis = facts.analysis;
        match step.to {
            Investigating if !facts.has_assignee && from == New => errors.add(
                "to",
                "Assign it to a person before the investigation starts.",
            ),
            KnownError => {
                if analysis.root_cause.is_empty() {
                    errors.add(
                        "root_cause",
                        "Record the root cause before publishing the known error.",
                    );
                }
                if analysis.workaround.is_empty() {
                    errors.add(
                        "workaround",
                        "Record the workaround before publishing the known error.",
                    );
                }
            }
            Resolved if analysis.fix.is_empty() => {
                errors.add("fix", "Record the fix before resolving the problem.")
            }
            Cancelled if self.note.trim().is_empty() => {
                errors.add("note", "Say why it is cancelled.")
            }
            Investigating if from == Resolved && self.note.trim().is_empty() => {
                errors.add("note", "Say why it is reopened.")
            }
            _ => {}
        }
        errors.into_result()?;
        Ok(step)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn analysis(root_cause: &str, workaround: &str, fix: &str) -> Analysis {
        Analysis {
            whys: Vec::new(),
            root_cause: root_cause.into(),
            workaround: workaround.into(),
            fix: fix.into(),
        }
    }

    fn try_move(from: State, to: &str, analysis: &Analysis) -> Result<State, AppError> {
        let input = ProblemMove {
            to: to.into(),
            note: String::new(),
        };
        let facts = Facts {
            has_assignee: true,
            analysis,
        };
        input.check(from, facts).map(|m| m.to)
    }

    fn refused_fields(result: Result<State, AppError>) -> Vec<String> {
        match result {
            Err(AppError::Validation(errors)) => errors.0.into_iter().map(|e| e.field).collect(),
            other => panic!("expected field errors, got {other:?}"),
        }
    }

    #[test]
    fn the_table_leads_from_new_to_closed_through_a_known_error() {
        let path = [New, Investigating, KnownError, Resolved, Closed];
        for pair in path.windows(2) {
            assert!(pair[0].moves().any(|m| m.to == pair[1]), "{pair:?}");
        }
        assert_eq!(Closed.moves().count(), 0);
        assert_eq!(Cancelled.moves().count(), 0);
        assert!(
            !KnownError.moves().any(|m| m.to == Cancelled),
            "a known error is resolved, not dropped"
        );
    }

    #[test]
    fn a_move_outside_the_table_is_refused_with_the_open_ones_named() {
        let err = try_move(New, "Resolved", &analysis("", "", "")).unwrap_err();
        assert!(err.to_string().contains("A problem that is New cannot become Resolved; it can become Investigating, Cancelled."), "{err}");
    }

    #[test]
    fn a_known_error_needs_its_cause_and_workaround_and_a_resolution_its_fix() {
        assert_eq!(
            refused_fields(try_move(
                Investigating,
                "Known Error",
                &analysis("", "", "")
            )),
            ["root_cause", "workaround"]
        );
        let known = analysis("Pool too small", "Restart the app server", "");
        assert_eq!(
            try_move(Investigating, "known error", &known).unwrap(),
            KnownError
        );
        assert_eq!(
            refused_fields(try_move(KnownError, "Resolved", &known)),
            ["fix"]
        );
        let fixed = analysis("Pool too small", "Restart", "Pool raised to 200");
        assert_eq!(try_move(KnownError, "Resolved", &fixed).unwrap(), Resolved);
    }

    #[test]
    fn investigating_needs_an_assignee_and_cancelling_a_reason() {
        let none = analysis("", "", "");
        let unassigned = Facts {
            has_assignee: false,
            analysis: &none,
        };
        let start = ProblemMove {
            to: "Investigating".into(),
            note: String::new(),
        };
        assert!(start.check(New, unassigned).is_err());
        assert_eq!(refused_fields(try_move(New, "Cancelled", &none)), ["note"]);
    }

    #[test]
    fn the_form_takes_incident_numbers_and_refuses_anything_else() {
        let input = ProblemInput {
            title: "Checkout times out".into(),
            incidents: "inc0000001, INC1, INC0000002".into(),
            cis: "Database, database".into(),
            ..Default::default()
        };
        let valid = input.validate().unwrap();
        assert_eq!(valid.incidents, ["INC0000001", "INC0000002"]);
        assert_eq!(valid.cis, ["Database"]);
        let bad = ProblemInput {
            title: "x".into(),
            incidents: "INC-1, PRB0000001".into(),
            ..Default::default()
        };
        let err = bad.validate().unwrap_err();
        assert!(err.to_string().contains("not INC-1, PRB0000001"), "{err}");
    }

    #[test]
    fn the_analysis_drops_trailing_empty_whys() {
        let input = Analysis {
            whys: vec![
                " Slow queries ".into(),
                "No index".into(),
                String::new(),
                " ".into(),
            ],
            ..Default::default()
        };
        assert_eq!(input.validate().unwrap().whys, ["Slow queries", "No index"]);
    }
}
