//! Incidents and problems as the pages show them.

use super::incident::State;
use super::priority::{Level, Priority};
use super::problem::{Analysis, State as ProblemState};
use serde::{Deserialize, Serialize};

/// One row of the incident list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncidentRow {
    pub number: String,
    pub title: String,
    pub priority: Priority,
    pub state: State,
    pub caller: String,
    pub team: Option<String>,
    pub assignee: Option<String>,
    pub major: bool,
    pub opened_at: String,
    pub updated_at: String,
}

/// The list's filter as the address bar carries it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct IncidentFilter {
    /// "open" (the default), "all", or a state's label.
    pub state: String,
    pub q: String,
    /// Only what is assigned to the signed-in user.
    pub mine: bool,
}

/// One entry of an incident's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub at: String,
    pub by: String,
    /// "opened", "comment", "work_note", "move" or "assigned".
    pub kind: String,
    pub text: String,
    pub from: Option<String>,
    pub to: Option<String>,
}

/// A person or team by key and name, for pickers and for showing an assignment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Named {
    pub key: String,
    pub name: String,
}

/// An incident with everything its page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Incident {
    pub number: String,
    pub title: String,
    pub description: String,
    pub caller: String,
    pub category: String,
    pub impact: Level,
    pub urgency: Level,
    pub priority: Priority,
    pub state: State,
    pub team: Option<Named>,
    pub assignee: Option<Named>,
    /// Affected CIs and services: key and name.
    pub cis: Vec<Named>,
    /// The business services affected through the CMDB, most critical first.
    pub services: Vec<Named>,
    /// Raised by monitoring rather than logged by a person.
    pub raised: bool,
    /// Who follows it, by name, and whether the reader does.
    pub watchers: Vec<String>,
    pub watching: bool,
    pub major: bool,
    /// Escalated at least once, to another team or to a manager.
    pub escalated: bool,
    /// Resolved at first contact.
    pub first_contact: bool,
    /// The post-incident review, for a P1.
    pub review: Option<String>,
    pub hold_reason: Option<String>,
    pub resolution_code: Option<String>,
    pub resolution_notes: Option<String>,
    pub opened_by: String,
    pub opened_at: String,
    /// Whole days since it was resolved, if it is.
    pub days_resolved: Option<i64>,
    pub version: u64,
    pub entries: Vec<Entry>,
}

/// One row of the problem list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProblemRow {
    pub number: String,
    pub title: String,
    pub state: ProblemState,
    pub assignee: Option<String>,
    pub incidents: usize,
    pub opened_at: String,
}

/// An incident a problem explains.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkedIncident {
    pub number: String,
    pub title: String,
    pub state: State,
}

/// A problem with everything its page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub number: String,
    pub title: String,
    pub description: String,
    pub state: ProblemState,
    pub team: Option<Named>,
    pub assignee: Option<Named>,
    pub cis: Vec<Named>,
    pub incidents: Vec<LinkedIncident>,
    pub analysis: Analysis,
    pub opened_by: String,
    pub opened_at: String,
    pub version: u64,
    /// Who follows it, and whether the signed-in person does.
    pub watchers: Vec<String>,
    pub watching: bool,
    pub entries: Vec<Entry>,
}

/// A known error as the Known Error DB and the incident form's suggestions show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KnownError {
    pub number: String,
    pub title: String,
    pub state: ProblemState,
    pub root_cause: String,
    pub workaround: String,
    pub cis: Vec<String>,
    /// Why it is suggested: "CI" when it shares a CI, and the words that match.
    pub matched: Vec<String>,
    /// When the problem was recorded.
    pub since: String,
}
