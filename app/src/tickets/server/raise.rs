//! Incidents raised by monitoring: after alerts or checks change, what fails now is read,
//! each failure's affected services found in the impact index, and the plan of
//! [`crate::tickets::raise`] carried out, each step in one transaction.

use super::write::{open, update_entry};
use super::{affected, incident_id, refused};
use crate::audit::server::Actor;
use crate::audit::FieldChange;
use crate::cmdb::domain::CiStatus;
use crate::cmdb::server::{ci_id, ImpactIndex};
use crate::error::AppError;
use crate::live::server::Changes;
use crate::monitoring::health::Health;
use crate::monitoring::server::FiringAlerts;
use crate::store::{checked, key_of, Store};
use crate::tickets::incident::ValidIncident;
use crate::tickets::priority::Matrix;
use crate::tickets::raise::{self, plan, Signal, Source, Step, CALLER, CLEARED};
use std::collections::BTreeMap;
use std::time::Duration;
use surrealdb::types::{RecordId, SurrealValue};

/// How raising behaves: the priority matrix, and whether an incident whose alerts all
/// ended is resolved without a person.
#[derive(Debug, Clone, Copy, Default)]
pub struct RaiseSettings {
    pub matrix: Matrix,
    pub auto_resolve: bool,
}

/// Changes to these tables can start or end a failure. Check results are not broadcast:
/// a check changing state raises a `monitor_event`, and adding or removing one is audited.
const INPUTS: &[&str] = &[
    "alert",
    "monitor_event",
    "audit",
    "ci",
    "rel",
    "redundancy_group",
];

/// The least time between two rounds. A round goes through every firing alert (tens of
/// thousands in an alert storm), so during a storm it runs at this pace, not after each
/// delivery.
const MIN_GAP: Duration = Duration::from_secs(2);

/// Raises incidents soon after alerts or checks change (once a burst settles), and every
/// minute regardless.
pub fn keep(
    store: Store,
    index: ImpactIndex,
    firing: FiringAlerts,
    changes: &Changes,
    settings: RaiseSettings,
) {
    let mut stream = changes.subscribe();
    tokio::spawn(async move {
        loop {
            let last = tokio::time::Instant::now();
            if let Err(error) = round(&store, &index, &firing, settings).await {
                tracing::warn!(%error, "raising incidents from monitoring failed");
            }
            let woke = tokio::time::timeout(Duration::from_secs(60), async {
                loop {
                    match stream.recv().await {
                        Ok(change) if !INPUTS.contains(&change.table.as_str()) => continue,
                        Err(tokio::sync::broadcast::error::RecvError::Closed) => return false,
                        _ => return true,
                    }
                }
            })
            .await;
            if woke == Ok(false) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(300)).await;
            tokio::time::sleep_until(last + MIN_GAP).await;
            while stream.try_recv().is_ok() {}
        }
    });
}

#[derive(SurrealValue)]
struct Failing {
    group: String,
    name: String,
    summary: String,
    ci: RecordId,
    health: String,
}

/// What fails now: firing alerts matched to a CI, by alert group, and Critical checks, by
/// CI. CIs in maintenance do not count.
async fn signals(
    store: &Store,
    index: &ImpactIndex,
    firing: &FiringAlerts,
) -> Result<Vec<Signal>, AppError> {
    let mut rows: Vec<Failing> = checked(
        store
            .db()
            .query(
                "SELECT 'check:' + record::id(ci) AS group, name, message AS summary, ci, health \
                 FROM health_check WHERE health = 'Critical'",
            )
            .await?,
    )?
    .take(0)?;
    let alerts = firing.with(store, |alerts| {
        alerts
            .values()
            .map(|a| Failing {
                group: a.group.clone(),
                name: a.name.clone(),
                summary: a.summary.clone(),
                ci: a.ci.clone(),
                health: a.health.clone(),
            })
            .collect::<Vec<_>>()
    });
    let mut alerts = alerts.await?;
    // The same text for the same alerts, round after round.
    alerts.sort_by(|a, b| (&a.group, &a.name, &a.summary).cmp(&(&b.group, &b.name, &b.summary)));
    rows.extend(alerts);
    let mut groups: BTreeMap<String, Vec<Failing>> = BTreeMap::new();
    for row in rows {
        groups.entry(row.group.clone()).or_default().push(row);
    }
    Ok(index.read(|graph, cis| {
        groups
            .into_iter()
            .filter_map(|(group, rows)| {
                let mut keys: Vec<String> = Vec::new();
                for row in &rows {
                    let key = key_of(&row.ci);
                    let live = cis
                        .get(&key)
                        .is_some_and(|c| c.status != CiStatus::Maintenance);
                    if live && !keys.contains(&key) {
                        keys.push(key);
                    }
                }
                if keys.is_empty() {
                    return None;
                }
                let names: Vec<&str> = keys
                    .iter()
                    .filter_map(|k| cis.get(k))
                    .map(|c| c.name.as_str())
                    .collect();
                let health = Health::worst(
                    rows.iter()
                        .map(|r| Health::parse(&r.health).unwrap_or(Health::Unknown)),
                );
                let starts: Vec<&str> = keys.iter().map(String::as_str).collect();
                let services = affected(graph, cis, &starts);
                let (title, detail) = if group.starts_with("check:") {
                    (
                        format!("{} is {}", names.join(", "), health.label()),
                        rows.iter()
                            .map(|r| format!("Check {}: {}", r.name, r.summary))
                            .collect::<Vec<_>>()
                            .join("\n"),
                    )
                } else {
                    let mut alerts: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
                    alerts.dedup();
                    (
                        format!("{} on {}", alerts.join(", "), names.join(", ")),
                        rows.iter()
                            .map(|r| format!("{}: {}", r.name, r.summary))
                            .collect::<Vec<_>>()
                            .join("\n"),
                    )
                };
                let names = keys
                    .iter()
                    .filter_map(|k| cis.get(k))
                    .chain(services.iter().copied())
                    .map(|c| (c.id.clone(), c.name.clone()))
                    .collect();
                Some(Signal {
                    names,
                    criticality: services.first().map_or(5, |s| s.criticality),
                    services: services.iter().map(|s| s.id.clone()).collect(),
                    group,
                    title,
                    detail,
                    cis: keys,
                    health,
                })
            })
            .collect()
    }))
}

#[derive(SurrealValue)]
struct SourceRecord {
    signal: String,
    number: String,
    state: String,
    firing: bool,
    cis: Vec<RecordId>,
    services: Vec<RecordId>,
}

async fn sources(store: &Store, groups: Vec<String>) -> Result<Vec<Source>, AppError> {
    let mut response = checked(
        store
            .db()
            .query(
                "SELECT signal, incident.number AS number, incident.state AS state, firing, \
                 incident.cis AS cis, incident.services AS services FROM incident_source \
                 WHERE firing = true OR signal IN $groups",
            )
            .bind(("groups", groups))
            .await?,
    )?;
    let rows: Vec<SourceRecord> = response.take(0)?;
    Ok(rows
        .into_iter()
        .map(|r| Source {
            group: r.signal,
            incident: r.number,
            firing: r.firing,
            open: ["New", "In Progress", "On Hold"].contains(&r.state.as_str()),
            cis: r.cis.iter().map(key_of).collect(),
            services: r.services.iter().map(key_of).collect(),
        })
        .collect())
}

fn source_id(group: &str) -> RecordId {
    RecordId::new("incident_source", group)
}

/// One round: reads what fails, and opens, adds to or notes incidents as planned.
/// Answers how many steps it took.
pub async fn round(
    store: &Store,
    index: &ImpactIndex,
    firing: &FiringAlerts,
    settings: RaiseSettings,
) -> Result<usize, AppError> {
    let signals = signals(store, index, firing).await?;
    let groups = signals.iter().map(|s| s.group.clone()).collect();
    let sources = sources(store, groups).await?;
    let steps = plan(&signals, &sources, settings.auto_resolve);
    tracing::debug!(signals = ?signals.iter().map(|s| &s.group).collect::<Vec<_>>(), ?sources, ?steps, "raising round");
    let actor = Actor::system(CALLER);
    for step in &steps {
        let done = match step {
            Step::Open(i) => raised(store, index, &actor, &settings.matrix, &signals[*i]).await,
            Step::Update {
                incident,
                group,
                cis,
                services,
                note,
            } => update(store, &actor, incident, group, cis, services, note).await,
            Step::Cleared {
                incident,
                group,
                resolve,
            } => cleared(store, &actor, incident, group, *resolve).await,
        };
        // A step another server took first is not a failure of this round.
        if let Err(error) = done {
            tracing::warn!(%error, ?step, "raising an incident: step not taken");
        }
    }
    Ok(steps.len())
}

/// Opens the incident of a failure, assigned to the owning team of its first CI, and
/// tells the CIs' owners.
async fn raised(
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
async fn update(
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
async fn cleared(
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
