//! Changing incidents: opening, moving, assigning, reviewing and noting.

use super::{
    affected_services, incident_id, links, priority_of, record, refused, stale, state_of,
    IncidentRecord, TABLE,
};
use crate::audit::server::{Actor, NewEntry};
use crate::audit::FieldChange;
use crate::cmdb::server::ImpactIndex;
use crate::error::{AppError, FieldErrors};
use crate::store::{checked, key_of, Store};
use crate::tickets::flow::Flow;
use crate::tickets::incident::{Facts, MoveInput, ValidIncident};
use surrealdb::types::{Datetime, RecordId};

/// Logs an incident, with the business services its CIs affect, and answers its number.
/// `source` is the alert group of an incident monitoring raised: a second one for a group
/// that still fires is refused in the same transaction. `reporter` is the user who
/// reported it for themselves from the portal.
pub async fn open(
    store: &Store,
    index: &ImpactIndex,
    actor: &Actor,
    incident: &ValidIncident,
    source: Option<&str>,
    reporter: Option<&str>,
) -> Result<String, AppError> {
    let (cis, team, assignee) = links(
        store,
        &incident.cis,
        incident.team.as_deref(),
        incident.assignee.as_deref(),
    )
    .await?;
    let services = affected_services(index, &cis);
    let changes = crate::audit::created(&vec![
        ("title", incident.title.clone()),
        ("caller", incident.caller.clone()),
        ("category", incident.category.clone()),
        ("priority", incident.priority.label()),
        ("CIs", incident.cis.join(", ")),
    ]);
    let mut response = checked(
        store
            .db()
            .query("BEGIN")
            .query(
                "LET $n = (UPSERT ticket_counter:incident SET n += 1 RETURN VALUE n)[0]; \
                 LET $number = fn::ticket_number('INC', $n); \
                 LET $id = type::record('incident', string::lowercase($number)); \
                 CREATE incident_entry CONTENT { incident: $id, by: $by, kind: 'opened', \
                   text: $description, to: 'New' }; \
                 CREATE audit CONTENT object::extend($entry, { record_key: string::lowercase($number) }); \
                 IF $source != NONE { \
                   IF $source.firing = true { THROW 'incident-raised' }; \
                   UPSERT $source CONTENT { signal: $signal, incident: $id, firing: true, since: time::now() }; \
                 };",
            )
            .query(
                "CREATE ONLY $id CONTENT { number: $number, title: $title, description: $description, \
                   caller: $caller, category: $category, impact: $impact, urgency: $urgency, \
                   priority: $priority, state: 'New', team: $team, assignee: $assignee, cis: $cis, \
                   major: $major, opened_by: $by, services: $services, source: $signal, \
                   reporter: $reporter } RETURN VALUE number",
            )
            .query("COMMIT")
            .bind(("title", incident.title.clone()))
            .bind(("description", incident.description.clone()))
            .bind(("caller", incident.caller.clone()))
            .bind(("category", incident.category.clone()))
            .bind(("impact", incident.impact.number()))
            .bind(("urgency", incident.urgency.number()))
            .bind(("priority", i64::from(incident.priority.0)))
            .bind(("team", team))
            .bind(("assignee", assignee))
            .bind(("cis", cis))
            .bind(("services", services))
            .bind(("source", source.map(|g| RecordId::new("incident_source", g))))
            .bind(("signal", source.map(str::to_owned)))
            .bind(("major", incident.major))
            .bind(("reporter", reporter.map(|r| RecordId::new("user", r))))
            .bind(("by", actor.name.clone()))
            .bind(("entry", NewEntry::new(actor, TABLE, "", "create", &changes)))
            .await?,
    )?;
    // The CREATE of the incident is the statement before COMMIT.
    let number: Option<String> = response.take(response.num_statements() - 2)?;
    number.ok_or_else(|| AppError::Internal(crate::store::reference()))
}

/// Refuses a change that started from an older version than the stored one.
fn unchanged_since(found: &IncidentRecord, version: u64) -> Result<(), AppError> {
    if i64::try_from(version).ok() == Some(found.version) {
        Ok(())
    } else {
        Err(stale())
    }
}

/// The audit row of a change to an incident.
pub(super) fn update_entry(actor: &Actor, number: &str, changes: &[FieldChange]) -> NewEntry {
    NewEntry::new(actor, TABLE, &number.to_lowercase(), "update", changes)
}

/// Moves an incident along, if the table allows it from its state and nobody changed it
/// since `version`.
pub async fn transition(
    store: &Store,
    actor: &Actor,
    number: &str,
    version: u64,
    input: &MoveInput,
) -> Result<(), AppError> {
    let found = record(store, number).await?;
    unchanged_since(&found, version)?;
    let from = state_of(&found.state);
    let facts = Facts {
        has_assignee: found.assignee.is_some(),
        days_resolved: found
            .resolved_at
            .as_ref()
            .map(|at| (Datetime::now().date_naive() - at.date_naive()).num_days()),
    };
    let step = input.check(from, facts)?;
    let to = step.step.to;
    let mut changes = vec![FieldChange {
        field: "state".into(),
        before: Some(from.label().to_owned()),
        after: Some(to.label().to_owned()),
    }];
    let (code, notes) = step.resolution.clone().unzip();
    if let Some(code) = &code {
        changes.push(FieldChange {
            field: "resolution".into(),
            before: None,
            after: Some(code.clone()),
        });
    }
    let text = [
        step.hold_reason.clone().unwrap_or_default(),
        notes.clone().unwrap_or_default(),
        step.note.clone(),
    ]
    .into_iter()
    .filter(|t| !t.is_empty())
    .collect::<Vec<_>>()
    .join(" · ");
    checked(
        store
            .db()
            .query("BEGIN")
            .query(
                "LET $done = (UPDATE $id SET state = $to, hold_reason = $hold_reason, \
                   resolution_code = IF $to = 'Resolved' { $code } ELSE { resolution_code }, \
                   resolution_notes = IF $to = 'Resolved' { $notes } ELSE { resolution_notes }, \
                   resolved_at = IF $to = 'Resolved' { time::now() } ELSE IF $to = 'In Progress' { NONE } ELSE { resolved_at }, \
                   first_contact = IF $to = 'Resolved' { $first_contact } ELSE IF $to = 'In Progress' { false } ELSE { first_contact }, \
                   closed_at = IF $to IN ['Closed', 'Cancelled'] { time::now() } ELSE { NONE }, \
                   version += 1 \
                 WHERE version = $version RETURN VALUE id); \
                 IF array::len($done) = 0 { THROW 'incident-stale' }; \
                 CREATE incident_entry CONTENT { incident: $id, by: $by, kind: 'move', text: $text, \
                   from: $from, to: $to }; \
                 CREATE audit CONTENT $entry;",
            )
            .query("COMMIT")
            .bind(("id", incident_id(number)))
            .bind(("to", to.label().to_owned()))
            .bind(("from", from.label().to_owned()))
            .bind(("hold_reason", step.hold_reason.clone()))
            .bind(("first_contact", step.first_contact))
            .bind(("code", code))
            .bind(("notes", notes))
            .bind(("text", text))
            .bind(("version", found.version))
            .bind(("by", actor.name.clone()))
            .bind(("entry", update_entry(actor, number, &changes)))
            .await?,
    )
    .map_err(refused)?;
    Ok(())
}

/// Assigns an incident to a team and a person (either may be empty).
pub async fn assign(
    store: &Store,
    actor: &Actor,
    number: &str,
    version: u64,
    team: Option<String>,
    assignee: Option<String>,
) -> Result<(), AppError> {
    let found = record(store, number).await?;
    unchanged_since(&found, version)?;
    let (_, team, assignee) = links(store, &[], team.as_deref(), assignee.as_deref()).await?;
    let mut response = checked(
        store
            .db()
            .query("IF $team = NONE { NONE } ELSE { $team.name }")
            .query("IF $assignee = NONE { NONE } ELSE { $assignee.display_name }")
            .bind(("team", team.clone()))
            .bind(("assignee", assignee.clone()))
            .await?,
    )?;
    let team_name: Option<String> = response.take(0)?;
    let person: Option<String> = response.take(1)?;
    let before = |name: &Option<String>| name.clone().filter(|n| !n.is_empty());
    let changes = crate::audit::diff(
        &vec![
            ("team", found.team_name.clone().unwrap_or_default()),
            ("assignee", found.assignee_name.clone().unwrap_or_default()),
        ],
        &vec![
            ("team", team_name.clone().unwrap_or_default()),
            ("assignee", person.clone().unwrap_or_default()),
        ],
    );
    if changes.is_empty() {
        return Ok(());
    }
    let text = [before(&team_name), before(&person)]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ");
    checked(
        store
            .db()
            .query("BEGIN")
            .query(
                "LET $done = (UPDATE $id SET team = $team, assignee = $assignee, version += 1 \
                   WHERE version = $version RETURN VALUE id); \
                 IF array::len($done) = 0 { THROW 'incident-stale' }; \
                 CREATE incident_entry CONTENT { incident: $id, by: $by, kind: 'assigned', text: $text }; \
                 CREATE audit CONTENT $entry; \
                 IF $notify != NONE { \
                   INSERT IGNORE INTO notification { user: $notify, key: $key, title: $title, href: $href }; \
                 };",
            )
            .query("COMMIT")
            .bind(("id", incident_id(number)))
            // The new assignee hears of it, unless they assigned it to themselves.
            .bind((
                "notify",
                assignee
                    .clone()
                    .filter(|a| Some(a) != found.assignee.as_ref() && key_of(a) != actor.user_id),
            ))
            .bind(("key", format!("incident:{}:assigned:{}", number.to_uppercase(), found.version + 1)))
            .bind(("title", format!("{} assigned to you: {}", number.to_uppercase(), found.title)))
            .bind(("href", format!("/incidents/{}", number.to_uppercase())))
            .bind(("team", team))
            .bind(("assignee", assignee))
            .bind(("version", found.version))
            .bind(("text", text))
            .bind(("by", actor.name.clone()))
            .bind(("entry", update_entry(actor, number, &changes)))
            .await?,
    )
    .map_err(refused)?;
    Ok(())
}

/// Saves the post-incident review of a resolved P1, if nobody saved it since `version`.
pub async fn review(
    store: &Store,
    actor: &Actor,
    number: &str,
    version: u64,
    text: &str,
) -> Result<(), AppError> {
    let found = record(store, number).await?;
    if !crate::tickets::incident::reviewable(priority_of(found.priority), state_of(&found.state)) {
        return Err(FieldErrors::single(
            "review",
            "Only a P1 gets a post-incident review, once it is resolved.",
        ));
    }
    let text = text.trim();
    if text.is_empty() || text.chars().count() > 10_000 {
        return Err(FieldErrors::single(
            "review",
            "Write the review: what happened, why, and what changes; at most 10,000 characters.",
        ));
    }
    unchanged_since(&found, version)?;
    let changes = crate::audit::diff(
        &vec![("review", found.review.clone().unwrap_or_default())],
        &vec![("review", text.to_owned())],
    );
    checked(
        store
            .db()
            .query("BEGIN")
            .query(
                "LET $done = (UPDATE $id SET review = $text, version += 1 \
                   WHERE version = $version RETURN VALUE id); \
                 IF array::len($done) = 0 { THROW 'incident-stale' }; \
                 CREATE incident_entry CONTENT { incident: $id, by: $by, kind: 'review', text: $text }; \
                 CREATE audit CONTENT $entry;",
            )
            .query("COMMIT")
            .bind(("id", incident_id(number)))
            .bind(("text", text.to_owned()))
            .bind(("version", found.version))
            .bind(("by", actor.name.clone()))
            .bind(("entry", update_entry(actor, number, &changes)))
            .await?,
    )
    .map_err(refused)?;
    Ok(())
}

/// Adds a comment, or an internal work note, to an incident's timeline.
pub async fn note(
    store: &Store,
    actor: &Actor,
    number: &str,
    text: &str,
    internal: bool,
) -> Result<(), AppError> {
    let text = text.trim();
    if text.is_empty() || text.chars().count() > 10_000 {
        return Err(FieldErrors::single(
            "text",
            "Write something, in at most 10,000 characters.",
        ));
    }
    record(store, number).await?;
    checked(
        store
            .db()
            .query(
                "CREATE incident_entry CONTENT { incident: $id, by: $by, kind: $kind, text: $text }",
            )
            .bind(("id", incident_id(number)))
            .bind(("by", actor.name.clone()))
            .bind(("kind", if internal { "work_note" } else { "comment" }))
            .bind(("text", text.to_owned()))
            .await?,
    )?;
    Ok(())
}
