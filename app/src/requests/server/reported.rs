//! Incidents people reported for themselves from the portal: what they see of one (no
//! work notes, no assignment) and their comments on it. Anyone else's is not found.

use super::user_id;
use crate::audit::server::Actor;
use crate::auth::CurrentUser;
use crate::cmdb::server::shown;
use crate::error::{AppError, FieldErrors};
use crate::requests::views::ReportedIncident;
use crate::store::{checked, Store};
use crate::tickets::flow::Flow;
use crate::tickets::server::{incident_id, EntryRecord};
use crate::tickets::views::Entry;
use surrealdb::types::{Datetime, SurrealValue};

#[derive(SurrealValue)]
struct IncidentRecord {
    number: String,
    title: String,
    description: String,
    state: String,
    priority: i64,
    opened_at: Datetime,
    resolution_notes: Option<String>,
}

/// An incident `me` reported: its opening, comments and moves, not its work notes.
pub async fn reported(
    store: &Store,
    number: &str,
    me: &CurrentUser,
) -> Result<ReportedIncident, AppError> {
    let mut response = checked(
        store
            .db()
            .query(
                "SELECT number, title, description, state, priority, opened_at, resolution_notes \
                 FROM $id WHERE reporter = $me",
            )
            .query(
                "SELECT at, by, kind, text, from, to FROM incident_entry \
                 WHERE incident = $id AND kind IN ['opened', 'comment', 'move'] ORDER BY at",
            )
            .bind(("id", incident_id(number)))
            .bind(("me", user_id(&me.id)))
            .await?,
    )?;
    let found: Vec<IncidentRecord> = response.take(0)?;
    let found = found
        .into_iter()
        .next()
        .ok_or_else(|| AppError::NotFound("This incident".into()))?;
    let timeline: Vec<EntryRecord> = response.take(1)?;
    Ok(ReportedIncident {
        state: crate::tickets::incident::State::parse(&found.state)
            .unwrap_or(crate::tickets::incident::State::New),
        priority: crate::tickets::priority::Priority(u8::try_from(found.priority).unwrap_or(5))
            .label(),
        opened_at: shown(&found.opened_at),
        timeline: timeline.into_iter().map(Entry::from).collect(),
        number: found.number,
        title: found.title,
        description: found.description,
        resolution_notes: found.resolution_notes,
    })
}

/// A comment by its reporter; the incident's watchers hear of it.
pub async fn comment_reported(
    store: &Store,
    actor: &Actor,
    me: &CurrentUser,
    number: &str,
    text: &str,
) -> Result<(), AppError> {
    let incident = reported(store, number, me).await?;
    if !incident.state.is_open() {
        return Err(FieldErrors::single(
            "text",
            format!(
                "This incident is {}; report a new problem if it is back.",
                incident.state.label()
            ),
        ));
    }
    let text = text.trim().to_owned();
    if text.is_empty() || text.chars().count() > 10_000 {
        return Err(FieldErrors::single(
            "text",
            "Write something, in at most 10,000 characters.",
        ));
    }
    checked(
        store
            .db()
            .query("CREATE incident_entry CONTENT { incident: $id, by: $by, kind: 'comment', text: $text }")
            .bind(("id", incident_id(number)))
            .bind(("by", actor.name.clone()))
            .bind(("text", text))
            .await?,
    )?;
    let kind = crate::tickets::server::INCIDENT;
    crate::tickets::server::tell_watchers(
        store,
        kind,
        actor,
        &incident.number,
        "comment by the caller",
    )
    .await;
    Ok(())
}
