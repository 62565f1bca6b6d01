//! Changes: the RFC form, its kinds, the states of the seed's change flow and the moves
//! between them, with what each move needs. Shared by the server and the browser.

pub use super::risk::{risk_score, Risk, QUESTIONS};
use crate::error::{AppError, FieldErrors};
use crate::status::Tone;
use crate::tickets::flow::{step, Flow};
use crate::tickets::problem::list_of;
use chrono::NaiveDateTime;
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

/// The form as submitted; times as a browser's `datetime-local` gives them, in UTC.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ChangeInput {
    pub kind: String,
    /// The Standard change template it follows, by key.
    pub template: String,
    pub title: String,
    pub description: String,
    /// Affected CIs and services by name, separated by commas.
    pub cis: String,
    pub implementation_plan: String,
    pub backout_plan: String,
    pub test_plan: String,
    pub starts_at: String,
    pub ends_at: String,
    /// The answer (its index) to each risk question; all empty while not assessed.
    pub risk: Vec<String>,
    pub team: String,
    pub assignee: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidChange {
    pub kind: Kind,
    pub template: Option<String>,
    pub title: String,
    pub description: String,
    pub cis: Vec<String>,
    pub implementation_plan: String,
    pub backout_plan: String,
    pub test_plan: String,
    /// RFC 3339 in UTC.
    pub window: Option<(String, String)>,
    pub risk: Option<Vec<u8>>,
    pub team: Option<String>,
    pub assignee: Option<String>,
}

/// The longest planned window.
pub const MAX_WINDOW_DAYS: i64 = 14;

/// A `datetime-local` value (seconds allowed), in UTC.
pub fn parse_time(text: &str) -> Option<NaiveDateTime> {
    let text = text.trim().trim_end_matches('Z');
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S"))
        .ok()
}

pub fn rfc3339(at: NaiveDateTime) -> String {
    at.format("%Y-%m-%dT%H:%M:00Z").to_string()
}

fn optional(text: &str) -> Option<String> {
    Some(text.trim().to_owned()).filter(|t| !t.is_empty())
}

fn parse_answers(answers: &[String]) -> Option<Vec<u8>> {
    answers
        .iter()
        .map(|a| a.trim().parse::<u8>().ok())
        .collect::<Option<Vec<u8>>>()
        .filter(|a| risk_score(a).is_some())
}

impl ChangeInput {
    /// A new RFC: a Standard one also names its template.
    pub fn validate_new(&self) -> Result<ValidChange, AppError> {
        const TEMPLATE: &str = "A Standard change follows a template; choose one.";
        let untemplated =
            Kind::parse(&self.kind) == Some(Kind::Standard) && self.template.trim().is_empty();
        match self.validate() {
            Err(AppError::Validation(mut errors)) if untemplated => {
                errors.add("template", TEMPLATE);
                Err(AppError::Validation(errors))
            }
            Ok(_) if untemplated => Err(FieldErrors::single("template", TEMPLATE)),
            other => other,
        }
    }

    pub fn validate(&self) -> Result<ValidChange, AppError> {
        let mut errors = FieldErrors::default();
        let kind = Kind::parse(&self.kind);
        if kind.is_none() {
            errors.add("kind", "Choose Standard, Normal or Emergency.");
        }
        let title = self.title.trim().to_owned();
        if title.is_empty() || title.chars().count() > 160 {
            errors.add("title", "Sum it up in at most 160 characters.");
        }
        for (field, text) in [
            ("description", &self.description),
            ("implementation_plan", &self.implementation_plan),
            ("backout_plan", &self.backout_plan),
            ("test_plan", &self.test_plan),
        ] {
            if text.chars().count() > 10_000 {
                errors.add(field, "Keep it under 10,000 characters.");
            }
        }
        let window = match (self.starts_at.trim(), self.ends_at.trim()) {
            ("", "") => None,
            (s, e) => {
                let (starts, ends) = (parse_time(s), parse_time(e));
                if starts.is_none() {
                    errors.add(
                        "starts_at",
                        "Enter when the work starts, as a date and time (UTC).",
                    );
                }
                match (starts, ends) {
                    (_, None) => errors.add(
                        "ends_at",
                        "Enter when the work ends, as a date and time (UTC).",
                    ),
                    (Some(s), Some(e)) if e <= s => {
                        errors.add("ends_at", "The window must end after it starts.")
                    }
                    (Some(s), Some(e)) if (e - s).num_days() >= MAX_WINDOW_DAYS => errors.add(
                        "ends_at",
                        format!(
                            "A window lasts at most {MAX_WINDOW_DAYS} days; split longer work."
                        ),
                    ),
                    _ => {}
                }
                starts.zip(ends).map(|(s, e)| (rfc3339(s), rfc3339(e)))
            }
        };
        let risk = if self.risk.iter().all(|a| a.trim().is_empty()) {
            None
        } else {
            let answers = parse_answers(&self.risk);
            if answers.is_none() {
                errors.add("risk", "Answer every risk question.");
            }
            answers
        };
        errors.into_result()?;
        Ok(ValidChange {
            kind: kind.unwrap_or(Kind::Normal),
            template: optional(&self.template),
            title,
            description: self.description.trim().to_owned(),
            cis: list_of(&self.cis),
            implementation_plan: self.implementation_plan.trim().to_owned(),
            backout_plan: self.backout_plan.trim().to_owned(),
            test_plan: self.test_plan.trim().to_owned(),
            window,
            risk,
            team: optional(&self.team),
            assignee: optional(&self.assignee),
        })
    }
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

    fn errors(result: Result<impl std::fmt::Debug, AppError>) -> crate::error::FieldErrors {
        match result {
            Err(AppError::Validation(e)) => e,
            other => panic!("expected field errors, got {other:?}"),
        }
    }

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
        let refusal = errors(Draft.move_to("Implementing"));
        assert_eq!(
            refusal.get("to"),
            Some(
                "A change that is Draft cannot become Implementing; it can become \
                 Assessment, Scheduled, CAB Approval, Cancelled."
            )
        );
        assert_eq!(Scheduled.move_to("implementing").unwrap().to, Implementing);
    }

    fn input() -> ChangeInput {
        ChangeInput {
            kind: "Normal".into(),
            title: " Upgrade PostgreSQL to 16 ".into(),
            cis: "Primary DB, Primary DB, Web Server".into(),
            starts_at: "2026-12-05T22:00".into(),
            ends_at: "2026-12-06T01:00".into(),
            risk: ["1", "0", "2", "1", "0"].map(String::from).to_vec(),
            ..ChangeInput::default()
        }
    }

    #[test]
    fn a_valid_rfc_keeps_its_window_in_utc() {
        let change = input().validate().unwrap();
        assert_eq!(change.title, "Upgrade PostgreSQL to 16");
        assert_eq!(change.cis, ["Primary DB", "Web Server"]);
        assert_eq!(
            change.window,
            Some(("2026-12-05T22:00:00Z".into(), "2026-12-06T01:00:00Z".into()))
        );
        assert_eq!(change.risk, Some(vec![1, 0, 2, 1, 0]));
    }

    #[test]
    fn a_bad_rfc_is_refused_field_by_field() {
        let e = errors(
            ChangeInput {
                kind: "Urgent".into(),
                title: String::new(),
                starts_at: "2026-12-06T01:00".into(),
                ends_at: "2026-12-05T22:00".into(),
                risk: vec!["1".into(), String::new()],
                ..ChangeInput::default()
            }
            .validate(),
        );
        assert!(e
            .get("kind")
            .unwrap()
            .contains("Standard, Normal or Emergency"));
        assert!(e.get("title").is_some());
        assert_eq!(
            e.get("ends_at"),
            Some("The window must end after it starts.")
        );
        assert_eq!(e.get("risk"), Some("Answer every risk question."));
        let e = errors(
            ChangeInput {
                kind: "standard".into(),
                ends_at: "2026-12-25T00:00".into(),
                ..input()
            }
            .validate_new(),
        );
        assert!(e.get("template").is_some());
        assert!(e.get("ends_at").unwrap().contains("14 days"));
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
        let e = errors(ready(Assessment, &Facts::default()));
        assert!(e.get("cis").is_some() && e.get("plans").is_some() && e.get("window").is_some());
        assert!(
            e.get("risk").is_none(),
            "risk is assessed during assessment"
        );
        let e = errors(ready(
            CabApproval,
            &Facts {
                has_risk: false,
                ..complete.clone()
            },
        ));
        assert_eq!(e.get("risk"), Some("Assess the risk first."));
        assert!(errors(ready(Successful, &complete)).get("note").is_some());
        let reviewed = Facts {
            note: "Went to plan".into(),
            ..complete
        };
        assert!(ready(Successful, &reviewed).is_ok());
    }
}
