//! Reading incidents: the list, one with its timeline, and who can be assigned.

use super::{all_named, incident_id, named, priority_of, record, state_of, EntryRecord};
use crate::cmdb::server::shown;
use crate::error::AppError;
use crate::store::{checked, key_of, Store};
use crate::tickets::flow::Flow;
use crate::tickets::incident::State;
use crate::tickets::priority::Level;
use crate::tickets::views::{Entry, Incident, IncidentFilter, IncidentRow, Named};
use surrealdb::types::{Datetime, RecordId, SurrealValue};

#[derive(SurrealValue)]
struct RowRecord {
    number: String,
    title: String,
    priority: i64,
    state: String,
    caller: String,
    team: Option<String>,
    assignee: Option<String>,
    major: bool,
    opened_at: Datetime,
    updated_at: Datetime,
}

/// Incidents matching the filter, most urgent first, then oldest first; at most 200.
pub async fn list(
    store: &Store,
    filter: &IncidentFilter,
    me: &str,
) -> Result<Vec<IncidentRow>, AppError> {
    let mut conditions = vec!["true"];
    let state = match filter.state.trim() {
        "" | "open" => {
            conditions.push("state IN ['New', 'In Progress', 'On Hold']");
            None
        }
        "all" => None,
        label => {
            conditions.push("state = $state");
            Some(State::parse(label).map_or(label.to_owned(), |s| s.label().to_owned()))
        }
    };
    if filter.mine {
        conditions.push("assignee = $me");
    }
    let q = filter.q.trim().to_lowercase();
    if !q.is_empty() {
        conditions.push(
            "(string::contains(string::lowercase(title), $q) OR string::lowercase(number) = $q \
             OR string::contains(string::lowercase(caller), $q))",
        );
    }
    // Only static pieces are joined; every value is a bound parameter.
    let query = [
        "SELECT number, title, priority, state, caller, team.name AS team, \
         assignee.display_name AS assignee, major, opened_at, updated_at FROM incident WHERE ",
        &conditions.join(" AND "),
        " ORDER BY priority, opened_at LIMIT 200",
    ]
    .concat();
    let mut response = checked(
        store
            .db()
            .query(query)
            .bind(("state", state))
            .bind(("me", RecordId::new("user", me)))
            .bind(("q", q))
            .await?,
    )?;
    let rows: Vec<RowRecord> = response.take(0)?;
    Ok(rows
        .into_iter()
        .map(|r| IncidentRow {
            number: r.number,
            title: r.title,
            priority: priority_of(r.priority),
            state: state_of(&r.state),
            caller: r.caller,
            team: r.team,
            assignee: r.assignee,
            major: r.major,
            opened_at: shown(&r.opened_at),
            updated_at: shown(&r.updated_at),
        })
        .collect())
}

/// An incident with its timeline, oldest first, as `me` (a user key) sees it.
pub async fn get(store: &Store, number: &str, me: &str) -> Result<Incident, AppError> {
    let found = record(store, number).await?;
    let mut response = checked(
        store
            .db()
            .query(
                "SELECT at, by, kind, text, from, to FROM incident_entry \
                 WHERE incident = $id ORDER BY at",
            )
            .bind(("id", incident_id(number)))
            .await?,
    )?;
    let entries: Vec<EntryRecord> = response.take(0)?;
    let now = Datetime::now();
    Ok(Incident {
        team: named(&found.team, &found.team_name),
        assignee: named(&found.assignee, &found.assignee_name),
        cis: all_named(&found.cis, &found.ci_names),
        services: all_named(&found.services, &found.service_names),
        raised: found.source.is_some(),
        watching: found.watchers.iter().any(|w| key_of(w) == me),
        watchers: found.watcher_names.clone(),
        days_resolved: found
            .resolved_at
            .as_ref()
            .map(|at| (now.date_naive() - at.date_naive()).num_days()),
        number: found.number,
        title: found.title,
        description: found.description,
        caller: found.caller,
        category: found.category,
        impact: Level::from_number(found.impact).unwrap_or(Level::Low),
        urgency: Level::from_number(found.urgency).unwrap_or(Level::Low),
        priority: priority_of(found.priority),
        state: state_of(&found.state),
        major: found.major,
        escalated: found.escalated,
        first_contact: found.first_contact,
        review: found.review,
        hold_reason: found.hold_reason,
        resolution_code: found.resolution_code,
        resolution_notes: found.resolution_notes,
        opened_by: found.opened_by,
        opened_at: shown(&found.opened_at),
        version: u64::try_from(found.version).unwrap_or(0),
        entries: entries.into_iter().map(Entry::from).collect(),
    })
}

/// Teams and people an incident can be assigned to, by name.
pub async fn assignable(store: &Store) -> Result<(Vec<Named>, Vec<Named>), AppError> {
    let mut response = checked(
        store
            .db()
            .query("SELECT record::id(id) AS key, name FROM team ORDER BY name")
            .query(
                "SELECT record::id(id) AS key, display_name AS name FROM user \
                 WHERE disabled = false ORDER BY display_name",
            )
            .await?,
    )?;
    #[derive(SurrealValue)]
    struct Row {
        key: String,
        name: String,
    }
    let to_named = |rows: Vec<Row>| {
        rows.into_iter()
            .map(|r| Named {
                key: r.key,
                name: r.name,
            })
            .collect()
    };
    Ok((to_named(response.take(0)?), to_named(response.take(1)?)))
}
