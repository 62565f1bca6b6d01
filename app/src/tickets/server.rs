//! Server-only: incidents in the store. Opening one counts its number up in the same
//! transaction; every change names the version it started from and writes its timeline
//! entry and audit row with it.

pub mod escalate;
mod known;
pub mod problems;
mod raise;
mod read;
mod watchers;
mod write;

pub use escalate::escalate;
pub use known::{get as get_problem, known_errors, list as list_problems, suggest};
pub use raise::{keep as raise_incidents, round as raise_round, RaiseSettings};
pub use read::{assignable, get, list};
pub use watchers::{tell_watchers, watch, Watched, CHANGE, INCIDENT, PROBLEM};
pub use write::{assign, note, open, review, transition};

use super::incident::State;
use super::priority::Priority;
use super::views::{Entry, Named};
use crate::cmdb::graph::Graph;
use crate::cmdb::relations::ImpactedCi;
use crate::cmdb::server::ImpactIndex;
use crate::error::{AppError, FieldErrors};
use crate::store::{checked, key_of, Store};
use crate::tickets::flow::Flow;
use std::collections::HashMap;
use surrealdb::types::{Datetime, RecordId, SurrealValue};

const TABLE: &str = "incident";
const STALE: &str = "incident-stale";

pub(crate) fn incident_id(number: &str) -> RecordId {
    RecordId::new(TABLE, number.trim().to_lowercase().as_str())
}

fn stale() -> AppError {
    AppError::Conflict(
        "Someone changed this incident after you opened it, so nothing was changed. The page shows the latest; try again.".into(),
    )
}

fn refused(error: surrealdb::Error) -> AppError {
    if error.to_string().contains(STALE) {
        stale()
    } else {
        error.into()
    }
}

/// The records a form names, found: CIs by name, team and assignee by key.
pub(crate) async fn links(
    store: &Store,
    cis: &[String],
    team: Option<&str>,
    assignee: Option<&str>,
) -> Result<(Vec<RecordId>, Option<RecordId>, Option<RecordId>), AppError> {
    let names: Vec<String> = cis.iter().map(|n| n.to_lowercase()).collect();
    let team = team.map(|t| RecordId::new("team", t));
    let assignee = assignee.map(|u| RecordId::new("user", u));
    let mut response = checked(
        store
            .db()
            .query("SELECT id, name_key FROM ci WHERE name_key IN $names")
            .query("IF $team = NONE { [] } ELSE { SELECT VALUE id FROM $team }")
            .query("IF $assignee = NONE { [] } ELSE { SELECT VALUE id FROM $assignee }")
            .bind(("names", names))
            .bind(("team", team.clone()))
            .bind(("assignee", assignee.clone()))
            .await?,
    )?;
    #[derive(SurrealValue)]
    struct Found {
        id: RecordId,
        name_key: String,
    }
    let found: Vec<Found> = response.take(0)?;
    let mut errors = FieldErrors::default();
    let unknown: Vec<&str> = cis
        .iter()
        .filter(|n| !found.iter().any(|f| f.name_key == n.to_lowercase()))
        .map(String::as_str)
        .collect();
    if !unknown.is_empty() {
        errors.add(
            "cis",
            format!("No CI or service is called {}.", unknown.join(", ")),
        );
    }
    if team.is_some() && response.take::<Vec<RecordId>>(1)?.is_empty() {
        errors.add("team", "Choose a team that exists.");
    }
    if assignee.is_some() && response.take::<Vec<RecordId>>(2)?.is_empty() {
        errors.add("assignee", "Choose a person who exists.");
    }
    errors.into_result()?;
    Ok((found.into_iter().map(|f| f.id).collect(), team, assignee))
}

/// The business services that the failure of `starts` affects, services among them
/// included, most critical first.
fn affected<'a>(
    graph: &Graph,
    cis: &'a HashMap<String, ImpactedCi>,
    starts: &[&str],
) -> Vec<&'a ImpactedCi> {
    let reach = graph.impact(starts);
    let mut services: Vec<&ImpactedCi> = starts
        .iter()
        .copied()
        .chain(reach.ids())
        .filter_map(|id| cis.get(id))
        .filter(|c| c.is_service)
        .collect();
    services.sort_by_key(|s| (s.criticality, s.name.to_lowercase()));
    services
}

/// The business services that the failure of `cis` affects, services among them included.
pub(crate) fn affected_services(index: &ImpactIndex, cis: &[RecordId]) -> Vec<RecordId> {
    let keys: Vec<String> = cis.iter().map(key_of).collect();
    let starts: Vec<&str> = keys.iter().map(String::as_str).collect();
    index.read(|graph, known| {
        affected(graph, known, &starts)
            .iter()
            .map(|s| crate::cmdb::server::ci_id(&s.id))
            .collect()
    })
}

/// A timeline entry as stored, for every ticket kind.
#[derive(SurrealValue)]
pub(crate) struct EntryRecord {
    at: Datetime,
    by: String,
    kind: String,
    text: String,
    from: Option<String>,
    to: Option<String>,
}

impl From<EntryRecord> for Entry {
    fn from(e: EntryRecord) -> Entry {
        Entry {
            at: crate::cmdb::server::shown(&e.at),
            by: e.by,
            kind: e.kind,
            text: e.text,
            from: e.from,
            to: e.to,
        }
    }
}

/// A linked team or person with its name (its key when it has none).
pub(crate) fn named(id: &Option<RecordId>, name: &Option<String>) -> Option<Named> {
    id.as_ref().map(|id| Named {
        key: key_of(id),
        name: name.clone().unwrap_or_else(|| key_of(id)),
    })
}

/// Linked records with their names, in order.
pub(crate) fn all_named(ids: &[RecordId], names: &[String]) -> Vec<Named> {
    ids.iter()
        .zip(names)
        .map(|(id, name)| Named {
            key: key_of(id),
            name: name.clone(),
        })
        .collect()
}

fn state_of(text: &str) -> State {
    State::parse(text).unwrap_or(State::New)
}

fn priority_of(n: i64) -> Priority {
    Priority(u8::try_from(n).unwrap_or(5))
}

#[derive(SurrealValue)]
struct IncidentRecord {
    number: String,
    title: String,
    description: String,
    caller: String,
    category: String,
    impact: i64,
    urgency: i64,
    priority: i64,
    state: String,
    team: Option<RecordId>,
    team_name: Option<String>,
    assignee: Option<RecordId>,
    assignee_name: Option<String>,
    cis: Vec<RecordId>,
    ci_names: Vec<String>,
    services: Vec<RecordId>,
    service_names: Vec<String>,
    source: Option<String>,
    watchers: Vec<RecordId>,
    watcher_names: Vec<String>,
    major: bool,
    escalated: bool,
    first_contact: bool,
    review: Option<String>,
    hold_reason: Option<String>,
    resolution_code: Option<String>,
    resolution_notes: Option<String>,
    opened_by: String,
    opened_at: Datetime,
    resolved_at: Option<Datetime>,
    version: i64,
}

async fn record(store: &Store, number: &str) -> Result<IncidentRecord, AppError> {
    let mut response = checked(
        store
            .db()
            .query(
                "SELECT number, title, description, caller, category, impact, urgency, priority, \
                 state, team, team.name AS team_name, assignee, assignee.display_name AS assignee_name, \
                 cis, cis.name AS ci_names, services, services.name AS service_names, source, watchers, watchers.display_name AS watcher_names, major, escalated, first_contact, review, hold_reason, resolution_code, resolution_notes, \
                 opened_by, opened_at, resolved_at, version FROM ONLY $id",
            )
            .bind(("id", incident_id(number)))
            .await?,
    )?;
    let found: Option<IncidentRecord> = response.take(0)?;
    found.ok_or_else(|| AppError::NotFound("This incident".into()))
}
