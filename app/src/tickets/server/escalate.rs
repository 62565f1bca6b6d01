//! Escalating an incident, by a person or (when an SLA is at risk) by Trellis itself:
//! the incident, its timeline entry and audit row in one transaction, then the people it
//! now concerns are told.

use super::{incident_id, record, refused, stale, state_of, IncidentRecord};
use crate::audit::server::{Actor, NewEntry};
use crate::audit::FieldChange;
use crate::auth::Role;
use crate::error::{AppError, FieldErrors};
use crate::store::{checked, Store};
use crate::tickets::escalation::Escalation;
use crate::tickets::flow::Flow;
use surrealdb::types::{RecordId, SurrealValue};

#[derive(SurrealValue)]
struct Person {
    id: RecordId,
    display_name: String,
}

/// Who a hierarchical escalation goes to: the manager of the assignee (or, with nobody
/// assigned, of whoever escalates), else every enabled Incident Manager.
async fn managers(
    store: &Store,
    found: &IncidentRecord,
    actor: &Actor,
) -> Result<Vec<Person>, AppError> {
    let worker = found.assignee.clone().or_else(|| {
        (!actor.user_id.is_empty()).then(|| RecordId::new("user", actor.user_id.as_str()))
    });
    let mut response = checked(
        store
            .db()
            .query(
                "IF $worker != NONE AND $worker.manager != NONE AND $worker.manager.disabled = false \
                 { RETURN SELECT id, display_name FROM $worker.manager } \
                 ELSE { RETURN SELECT id, display_name FROM user WHERE disabled = false \
                   AND roles CONTAINS $role ORDER BY display_name }",
            )
            .bind(("worker", worker))
            .bind(("role", Role::IncidentManager.key()))
            .await?,
    )?;
    Ok(response.take(0)?)
}

/// Escalates an open incident still at `version`, saying why.
pub async fn escalate(
    store: &Store,
    actor: &Actor,
    number: &str,
    version: u64,
    how: &Escalation,
    reason: &str,
) -> Result<(), AppError> {
    let found = record(store, number).await?;
    if i64::try_from(version).ok() != Some(found.version) {
        return Err(stale());
    }
    let state = state_of(&found.state);
    if !state.is_open() {
        return Err(FieldErrors::single(
            "to",
            format!("An incident that is {} is not escalated.", state.label()),
        ));
    }
    let (team, to, text, change) = match how {
        Escalation::Functional { team } => {
            let mut response = checked(
                store
                    .db()
                    .query("SELECT VALUE name FROM ONLY $team")
                    .query("SELECT id, display_name FROM user WHERE disabled = false AND teams CONTAINS $team")
                    .bind(("team", RecordId::new("team", team.as_str())))
                    .await?,
            )?;
            let name: Option<String> = response.take(0)?;
            let name = name.ok_or_else(|| FieldErrors::single("team", "There is no such team."))?;
            if found.team.as_ref().map(crate::store::key_of).as_deref() == Some(team.as_str()) {
                return Err(FieldErrors::single(
                    "team",
                    format!("It is with {name} already; escalate to a manager instead."),
                ));
            }
            let members: Vec<Person> = response.take(1)?;
            let change = FieldChange {
                field: "team".into(),
                before: found.team_name.clone(),
                after: Some(name.clone()),
            };
            (
                Some(RecordId::new("team", team.as_str())),
                members,
                format!("Functional escalation to {name}: {reason}"),
                change,
            )
        }
        Escalation::Hierarchical => {
            let to = managers(store, &found, actor).await?;
            let names: Vec<&str> = to.iter().map(|p| p.display_name.as_str()).collect();
            let text = format!("Hierarchical escalation to {}: {reason}", names.join(", "));
            let change = FieldChange {
                field: "escalated to".into(),
                before: None,
                after: Some(names.join(", ")),
            };
            (None, to, text, change)
        }
    };
    let ids: Vec<RecordId> = to.iter().map(|p| p.id.clone()).collect();
    checked(
        store
            .db()
            .query("BEGIN")
            .query(
                "IF $id.version != $version { THROW 'incident-stale' }; \
                 IF $team != NONE { UPDATE $id SET team = $team, assignee = NONE } \
                 ELSE { UPDATE $id SET watchers = array::union(watchers, $managers) }; \
                 UPDATE $id SET escalated = true, version += 1; \
                 CREATE incident_entry CONTENT { incident: $id, by: $by, kind: 'escalated', text: $text }; \
                 CREATE audit CONTENT $entry;",
            )
            .query("COMMIT")
            .bind(("id", incident_id(number)))
            .bind(("version", found.version))
            .bind(("team", team))
            .bind(("managers", ids.clone()))
            .bind(("by", actor.name.clone()))
            .bind(("text", text.clone()))
            .bind((
                "entry",
                NewEntry::new(actor, "incident", &number.to_lowercase(), "update", &[change]),
            ))
            .await?,
    )
    .map_err(refused)?;
    let number = found.number.clone();
    let title = format!("{number} escalated to you: {}", found.title);
    let mine = RecordId::new("user", actor.user_id.as_str());
    let ids: Vec<RecordId> = ids.into_iter().filter(|p| *p != mine).collect();
    if let Err(error) = crate::notify::server::send(
        store,
        &ids,
        &format!("incident:{number}:escalated:{}", found.version),
        &title,
        &format!("/incidents/{number}"),
    )
    .await
    {
        tracing::warn!(%error, number, "escalation notification not sent");
    }
    Ok(())
}
