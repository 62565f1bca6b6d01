//! The steps of a round carried out, each in one transaction: an incident opened, added
//! to, or noted as cleared (and resolved).

use crate::audit::server::Actor;
use crate::audit::FieldChange;
use crate::cmdb::server::{ci_id, ImpactIndex};
use crate::error::AppError;
use crate::store::{checked, key_of, Store};
use crate::tickets::incident::ValidIncident;
use crate::tickets::priority::Matrix;
use crate::tickets::raise::{self, Signal, CALLER, CLEARED};
use crate::tickets::server::write::{open, update_entry};
use crate::tickets::server::{incident_id, refused};
use surrealdb::types::RecordId;

fn source_id(group: &str) -> RecordId {
    RecordId::new("incident_source", group)
}

/// Opens the incident of a failure, assigned to the owning team of its first CI, and
/// tells the CIs' owners.
pub(super) async fn raised(
    store: &Store,
    index: &ImpactIndex,
    actor: &Actor,
    matrix: &Matrix,
    signal: &Signal,
) -> Result<(), AppError> {
    let ids: Vec<RecordId> = signal.cis.iter().map(|k| ci_id(k)).collect();
    let mut response = checked(
        store
            .db()
            .query("SELECT VALUE name FROM ci WHERE id IN $cis")
            .query(
                "array::distinct((SELECT VALUE owner FROM ci WHERE id IN $cis AND owner != NONE))",
            )
            .bind(("cis", ids.clone()))
            .await?,
    )?;
    let names: Vec<String> = response.take(0)?;
    let owners: Vec<String> = response.take(1)?;
    let owner_keys: Vec<String> = owners.iter().map(|o| o.to_lowercase()).collect();
    let mut response = checked(
        store
            .db()
            .query("SELECT VALUE id FROM team WHERE name_key IN $owners")
            .query(
                "SELECT VALUE id FROM user WHERE disabled = false AND \
                 (string::lowercase(display_name) IN $owners OR teams ANYINSIDE \
                  (SELECT VALUE id FROM team WHERE name_key IN $owners))",
            )
            .bind(("owners", owner_keys))
            .await?,
    )?;
    let teams: Vec<RecordId> = response.take(0)?;
    let people: Vec<RecordId> = response.take(1)?;
    let (impact, urgency, priority) = raise::priority(matrix, signal);
    let incident = ValidIncident {
        title: signal.title.chars().take(160).collect(),
        description: signal.detail.chars().take(10_000).collect(),
        caller: CALLER.to_owned(),
        category: raise::CATEGORY.to_owned(),
        impact,
        urgency,
        priority,
        cis: names,
        team: teams.first().map(key_of),
        assignee: None,
        major: priority.0 == 1,
    };
    let number = open(store, index, actor, &incident, Some(&signal.group), None).await?;
    tracing::info!(%number, group = %signal.group, "incident raised from monitoring");
    crate::notify::server::send(
        store,
        &people,
        &format!("incident:{number}:raised"),
        &format!("{number} raised: {} ({})", signal.title, priority.label()),
        &format!("/incidents/{number}"),
    )
    .await?;
    Ok(())
}

/// Adds CIs and services to a raised incident with a work note, and marks its group firing.
pub(super) async fn update(
    store: &Store,
    actor: &Actor,
    number: &str,
    group: &str,
    cis: &[String],
    services: &[String],
    note: &str,
) -> Result<(), AppError> {
    let changes = vec![FieldChange {
        field: "affected".into(),
        before: None,
        after: Some([cis, services].concat().join(", ")).filter(|t| !t.is_empty()),
    }];
    checked(
        store
            .db()
            .query("BEGIN")
            .query(
                "UPDATE $id SET cis = array::union(cis, $cis), \
                   services = array::union(services, $services), version += 1; \
                 CREATE incident_entry CONTENT { incident: $id, by: $by, kind: 'work_note', text: $note }; \
                 UPDATE $source SET firing = true, since = time::now(); \
                 CREATE audit CONTENT $entry;",
            )
            .query("COMMIT")
            .bind(("id", incident_id(number)))
            .bind(("cis", cis.iter().map(|k| ci_id(k)).collect::<Vec<_>>()))
            .bind(("services", services.iter().map(|k| ci_id(k)).collect::<Vec<_>>()))
            .bind(("note", note.to_owned()))
            .bind(("source", source_id(group)))
            .bind(("by", actor.name.clone()))
            .bind(("entry", update_entry(actor, number, &changes)))
            .await?,
    )
    .map_err(refused)?;
    Ok(())
}

/// Notes that a raised incident's failure ended, and resolves it if asked and still open.
pub(super) async fn cleared(
    store: &Store,
    actor: &Actor,
    number: &str,
    group: &str,
    resolve: bool,
) -> Result<(), AppError> {
    let note = if group.starts_with("check:") {
        "Monitoring: the checks are no longer Critical."
    } else {
        "Monitoring: the alerts have resolved."
    };
    let changes = if resolve {
        vec![FieldChange {
            field: "state".into(),
            before: None,
            after: Some("Resolved".into()),
        }]
    } else {
        Vec::new()
    };
    checked(
        store
            .db()
            .query("BEGIN")
            .query(
                "UPDATE $source SET firing = false, since = time::now(); \
                 CREATE incident_entry CONTENT { incident: $id, by: $by, kind: 'work_note', text: $note }; \
                 IF $resolve { \
                   LET $from = $id.state; \
                   UPDATE $id SET state = 'Resolved', resolution_code = $code, resolution_notes = $note, \
                     resolved_at = time::now(), hold_reason = NONE, version += 1 \
                     WHERE state IN ['New', 'In Progress', 'On Hold']; \
                   CREATE incident_entry CONTENT { incident: $id, by: $by, kind: 'move', text: $code, \
                     from: $from, to: 'Resolved' }; \
                   CREATE audit CONTENT $entry; \
                 };",
            )
            .query("COMMIT")
            .bind(("id", incident_id(number)))
            .bind(("source", source_id(group)))
            .bind(("note", note))
            .bind(("resolve", resolve))
            .bind(("code", CLEARED))
            .bind(("by", actor.name.clone()))
            .bind(("entry", update_entry(actor, number, &changes)))
            .await?,
    )?;
    Ok(())
}
