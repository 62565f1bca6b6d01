//! Changes as the pages show them.

use super::cab::Vote;
use super::domain::{Kind, Risk, State};
use crate::tickets::views::{Entry, Named};
use serde::{Deserialize, Serialize};

/// A row of the change list, and an entry of the calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeRow {
    pub number: String,
    pub title: String,
    pub kind: Kind,
    pub state: State,
    pub risk: Option<Risk>,
    /// `YYYY-MM-DDTHH:MM` in UTC, as a `datetime-local` input takes it.
    pub starts_at: Option<String>,
    pub ends_at: Option<String>,
    pub cis: Vec<String>,
    /// The changes it clashes with, by number.
    pub clashes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CabVote {
    pub voter: String,
    pub vote: Vote,
    pub comment: String,
    pub at: String,
}

/// Another change in an overlapping window on something this one touches too.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClashView {
    pub number: String,
    pub title: String,
    pub shared: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub number: String,
    pub title: String,
    pub description: String,
    pub kind: Kind,
    pub template: Option<String>,
    pub state: State,
    pub cis: Vec<Named>,
    /// The business services affected (impact analysis of its CIs).
    pub services: Vec<Named>,
    /// How many CIs and services its CIs' failure would affect.
    pub affected: u32,
    pub implementation_plan: String,
    pub backout_plan: String,
    pub test_plan: String,
    pub starts_at: Option<String>,
    pub ends_at: Option<String>,
    pub risk: Vec<u8>,
    pub risk_score: Option<u8>,
    pub team: Option<Named>,
    pub assignee: Option<Named>,
    pub review: String,
    pub opened_by: String,
    pub opened_at: String,
    pub version: u64,
    pub votes: Vec<CabVote>,
    /// Approvals needed, and the size of the board.
    pub quorum: usize,
    pub members: usize,
    /// Whether the signed-in person sits on the CAB.
    pub on_board: bool,
    /// Who follows it, and whether the signed-in person does.
    pub watchers: Vec<String>,
    pub watching: bool,
    pub clashes: Vec<ClashView>,
    /// The freeze its window falls in, if any.
    pub frozen: Option<String>,
    pub timeline: Vec<Entry>,
}

/// A Standard change template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Template {
    pub key: String,
    pub name: String,
    pub description: String,
    pub implementation_plan: String,
    pub backout_plan: String,
    pub test_plan: String,
    pub risk: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FreezeView {
    pub key: String,
    pub name: String,
    pub starts_at: String,
    pub ends_at: String,
}

/// What the calendar shows for a span of days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarData {
    /// The day the view is around, `YYYY-MM-DD`, and the view.
    pub date: String,
    pub view: super::calendar::View,
    /// Today, `YYYY-MM-DD` in UTC, marked on the calendar.
    pub today: String,
    pub changes: Vec<ChangeRow>,
    pub freezes: Vec<FreezeView>,
}
