//! What fails now, as signals to raise incidents from, and the incidents monitoring has
//! already raised.

use crate::cmdb::domain::CiStatus;
use crate::cmdb::server::ImpactIndex;
use crate::error::AppError;
use crate::monitoring::health::Health;
use crate::monitoring::server::FiringAlerts;
use crate::store::{checked, key_of, Store};
use crate::tickets::raise::{Signal, Source};
use crate::tickets::server::affected;
use std::collections::BTreeMap;
use surrealdb::types::{RecordId, SurrealValue};

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
pub(super) async fn signals(
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

pub(super) async fn sources(store: &Store, groups: Vec<String>) -> Result<Vec<Source>, AppError> {
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
