//! The catalog and requests as the pages show them.

use super::domain::{Approver, State, TaskState};
use super::form::{Answer, FormField};
use crate::tickets::views::{Entry, Named};
use serde::{Deserialize, Serialize};

/// A catalog item, with its form parsed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogItem {
    pub key: String,
    pub name: String,
    pub category: String,
    pub description: String,
    pub fields: Vec<FormField>,
    pub approval: Approver,
    pub team: Option<Named>,
    pub tasks: Vec<String>,
    /// The business service it belongs to, and its fulfilment target in that
    /// service's SLA hours (such as `16h`).
    pub service: Option<Named>,
    pub fulfilment: Option<String>,
    pub active: bool,
    pub version: u64,
}

/// A row of the request list and of "my requests".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestRow {
    pub number: String,
    pub item: String,
    pub requester: String,
    pub state: State,
    pub opened_at: String,
    pub tasks_done: u32,
    pub tasks: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Task {
    pub n: u32,
    pub title: String,
    pub team: Option<String>,
    pub state: TaskState,
    pub done_by: Option<String>,
    pub note: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Request {
    pub number: String,
    pub item: String,
    pub item_key: String,
    pub requester: String,
    pub answers: Vec<Answer>,
    pub state: State,
    pub approval: Approver,
    /// The manager who approves it, when its item asks for the requester's manager.
    pub approver: Option<String>,
    /// Who decided, and what they said.
    pub decided_by: Option<String>,
    pub decision_note: String,
    pub team: Option<Named>,
    pub opened_at: String,
    pub version: u64,
    pub tasks: Vec<Task>,
    /// Whether the signed-in person works requests: sees work notes and SLA clocks.
    pub staff: bool,
    /// What the signed-in person may do with it now.
    pub may_decide: bool,
    pub may_fulfil: bool,
    pub may_cancel: bool,
    /// Comments, and work notes for the people who work it.
    pub timeline: Vec<Entry>,
}

/// Something a person asked for or reported, as their portal lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyTicket {
    pub number: String,
    pub title: String,
    /// The state's label, and its tone.
    pub state: String,
    pub tone: crate::status::Tone,
    pub opened_at: String,
    /// Where it is shown, when the person may open it.
    pub href: Option<String>,
    pub tasks_done: u32,
    pub tasks: u32,
}

/// An incident as the person who reported it sees it: no work notes, no assignment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportedIncident {
    pub number: String,
    pub title: String,
    pub description: String,
    pub state: crate::tickets::incident::State,
    pub priority: String,
    pub opened_at: String,
    pub resolution_notes: Option<String>,
    pub timeline: Vec<Entry>,
}
