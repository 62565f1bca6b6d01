//! Server-only: business service status, rolled up from the health of what each service
//! needs, stored with its history (availability reads it) and kept current from the
//! change stream; and the views built on it.

use super::firing::{worst_by_ci, FiringAlerts};
use crate::cmdb::server::{ci_id, ImpactIndex};
use crate::error::AppError;
use crate::live::server::Changes;
use crate::monitoring::domain::{availability, Problem, ServiceTile};
use crate::monitoring::health::Health;
use crate::monitoring::rollup::{rollup, ServiceStatus};
use crate::store::{checked, key_of, Store};
use std::cmp::Reverse;
use std::collections::HashMap;
use std::time::Duration;
use surrealdb::types::{Datetime, RecordId, SurrealValue};

/// Changes to these tables can change a service's status.
const INPUTS: &[&str] = &[
    "monitor_event",
    "alert",
    "ci",
    "rel",
    "relation_type",
    "redundancy_group",
];

/// The least time between two recomputations, well inside the 2 s in which a change must
/// reach open pages.
const MIN_GAP: Duration = Duration::from_millis(1000);

/// Keeps service status current: after any change that could move it, once the burst
/// settles (a tenth of a second, and a second since the last time), and every minute
/// regardless.
pub fn keep_current(store: Store, index: ImpactIndex, firing: FiringAlerts, changes: &Changes) {
    let mut stream = changes.subscribe();
    tokio::spawn(async move {
        // A storm of alerts would otherwise recompute every service back to back.
        let mut last = tokio::time::Instant::now();
        loop {
            let woke = tokio::time::timeout(Duration::from_secs(60), stream.recv()).await;
            match woke {
                Ok(Ok(change)) if !INPUTS.contains(&change.table.as_str()) => continue,
                Ok(Err(tokio::sync::broadcast::error::RecvError::Closed)) => return,
                _ => {}
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
            tokio::time::sleep_until(last + MIN_GAP).await;
            while stream.try_recv().is_ok() {}
            last = tokio::time::Instant::now();
            if let Err(error) = update(&store, &index, &firing).await {
                tracing::warn!(%error, "service status update failed");
            }
        }
    });
}

#[derive(SurrealValue)]
struct Unhealthy {
    ci: RecordId,
    health: String,
}

/// The worst health of each CI that is not OK, from its checks and firing alerts.
async fn unhealthy(
    store: &Store,
    firing: &FiringAlerts,
) -> Result<HashMap<String, Health>, AppError> {
    let mut response = checked(
        store
            .db()
            .query("SELECT ci, health FROM health_check WHERE health != 'OK'")
            .await?,
    )?;
    let checks: Vec<Unhealthy> = response.take(0)?;
    let mut worst = firing.with(store, worst_by_ci).await?;
    for row in checks {
        let health = Health::parse(&row.health).unwrap_or(Health::Unknown);
        let entry = worst.entry(key_of(&row.ci)).or_insert(Health::Ok);
        *entry = Health::worst([*entry, health]);
    }
    Ok(worst)
}

/// A service's status now, with what it needs that is not OK.
struct Reckoned {
    id: String,
    name: String,
    status: ServiceStatus,
    problems: Vec<Problem>,
}

/// Every service's status now; what each needs that is not OK only for the services
/// `explain` picks, as that walk is the costly part at scale.
fn reckon(
    index: &ImpactIndex,
    unhealthy: &HashMap<String, Health>,
    explain: impl Fn(&str, ServiceStatus) -> bool,
) -> Vec<Reckoned> {
    index.read(|graph, cis| {
        let mut services: Vec<_> = cis.values().filter(|c| c.is_service).collect();
        services.sort_by_key(|s| (s.criticality, s.name.to_lowercase()));
        let bad: Vec<(&str, Health)> = unhealthy
            .iter()
            .filter(|(id, _)| cis.contains_key(*id))
            .map(|(id, h)| (id.as_str(), *h))
            .collect();
        let ids: Vec<&str> = services.iter().map(|s| s.id.as_str()).collect();
        let statuses = rollup(graph, &bad, &ids);
        let explained: Vec<&str> = ids
            .iter()
            .zip(&statuses)
            .filter(|(id, status)| !bad.is_empty() && explain(id, **status))
            .map(|(id, _)| *id)
            .collect();
        let mut needed: HashMap<&str, Vec<&str>> = explained
            .iter()
            .copied()
            .zip(graph.needed_among(&explained, |id| unhealthy.contains_key(id)))
            .collect();
        services
            .into_iter()
            .zip(statuses)
            .map(|(service, status)| {
                let mut problems: Vec<Problem> = needed
                    .remove(service.id.as_str())
                    .unwrap_or_default()
                    .into_iter()
                    .map(|id| Problem {
                        ci: id.to_owned(),
                        name: cis.get(id).map(|c| c.name.clone()).unwrap_or_default(),
                        health: unhealthy[id],
                    })
                    .collect();
                problems.sort_by_key(|p| (Reverse(p.health.severity()), p.name.to_lowercase()));
                Reckoned {
                    id: service.id.clone(),
                    name: service.name.clone(),
                    status,
                    problems,
                }
            })
            .collect()
    })
}

#[derive(SurrealValue)]
struct StateRecord {
    id: RecordId,
    status: String,
    since: Datetime,
}

async fn stored(store: &Store) -> Result<HashMap<String, (String, Datetime)>, AppError> {
    let mut response = checked(
        store
            .db()
            .query("SELECT id, status, since FROM service_state")
            .await?,
    )?;
    let rows: Vec<StateRecord> = response.take(0)?;
    Ok(rows
        .into_iter()
        .map(|r| (key_of(&r.id), (r.status, r.since)))
        .collect())
}

#[derive(SurrealValue)]
struct Moved {
    state: RecordId,
    service: RecordId,
    status: String,
    /// The event to raise: none for a service first seen Operational.
    event: Option<String>,
    health: String,
    message: String,
}

fn health_of(status: ServiceStatus) -> Health {
    match status {
        ServiceStatus::Operational => Health::Ok,
        ServiceStatus::Degraded => Health::Warning,
        ServiceStatus::Down => Health::Critical,
    }
}

/// Recomputes every service's status and stores the ones that moved, each with a
/// history row and an event, in one transaction.
async fn update(store: &Store, index: &ImpactIndex, firing: &FiringAlerts) -> Result<(), AppError> {
    let before = stored(store).await?;
    // Only a service that moved needs its cause.
    let now = reckon(index, &unhealthy(store, firing).await?, |id, status| {
        before
            .get(id)
            .is_none_or(|(stored, _)| stored != status.label())
    });
    let moved: Vec<Moved> = now
        .iter()
        .filter(|s| {
            before
                .get(&s.id)
                .is_none_or(|(status, _)| status != s.status.label())
        })
        .map(|s| {
            let first = !before.contains_key(&s.id);
            let cause = s
                .problems
                .first()
                .map(|p| format!(" ({} is {})", p.name, p.health.label()))
                .unwrap_or_default();
            Moved {
                state: RecordId::new("service_state", s.id.as_str()),
                service: ci_id(&s.id),
                status: s.status.label().to_owned(),
                event: (!first || s.status != ServiceStatus::Operational)
                    .then(|| format!("{} is {}", s.name, s.status.label())),
                health: health_of(s.status).label().to_owned(),
                message: format!("{}{cause}", s.status.label()),
            }
        })
        .collect();
    if moved.is_empty() {
        return Ok(());
    }
    tracing::info!(services = moved.len(), "service status changed");
    checked(
        store
            .db()
            .query("BEGIN")
            .query(
                "FOR $m IN $moved { \
                   UPSERT $m.state CONTENT { status: $m.status, since: time::now() }; \
                   CREATE service_history CONTENT { service: $m.service, status: $m.status, at: time::now() }; \
                   IF $m.event != NONE { \
                     CREATE monitor_event CONTENT { at: time::now(), source: 'service', ci: $m.service, \
                       title: $m.event, health: $m.health, message: $m.message, \
                       suppressed: false, flapping: false }; \
                   }; \
                 }",
            )
            .query("COMMIT")
            .bind(("moved", moved))
            .await?,
    )?;
    Ok(())
}

#[derive(SurrealValue)]
struct HistoryRecord {
    service: RecordId,
    status: String,
    at: Datetime,
}

/// The tiles of the given services (every service when `only` is empty), in the
/// index's order: most critical first.
pub async fn tiles(
    store: &Store,
    index: &ImpactIndex,
    firing: &FiringAlerts,
    only: &[String],
) -> Result<Vec<ServiceTile>, AppError> {
    let shown = |id: &str| only.is_empty() || only.iter().any(|o| o == id);
    let mut now = reckon(index, &unhealthy(store, firing).await?, |id, _| shown(id));
    if !only.is_empty() {
        now.retain(|s| only.contains(&s.id));
    }
    let states = stored(store).await?;
    let ids: Vec<RecordId> = now.iter().map(|s| ci_id(&s.id)).collect();
    let mut response = checked(
        store
            .db()
            .query(
                "SELECT service, status, at FROM service_history \
                 WHERE service IN $ids AND at >= time::floor(time::now(), 1d) ORDER BY at",
            )
            .query(
                "SELECT service, status, at FROM service_history \
                 WHERE service IN $ids AND at < time::floor(time::now(), 1d) ORDER BY at",
            )
            .bind(("ids", ids))
            .await?,
    )?;
    let today: Vec<HistoryRecord> = response.take(0)?;
    let earlier: Vec<HistoryRecord> = response.take(1)?;
    let now_s = Datetime::now().timestamp();
    let day_start = now_s - now_s.rem_euclid(86_400);
    Ok(now
        .into_iter()
        .map(|s| {
            let id = ci_id(&s.id);
            let before = earlier
                .iter()
                .rfind(|h| h.service == id)
                .and_then(|h| ServiceStatus::parse(&h.status));
            let changes: Vec<(i64, ServiceStatus)> = today
                .iter()
                .filter(|h| h.service == id)
                .filter_map(|h| Some((h.at.timestamp(), ServiceStatus::parse(&h.status)?)))
                .collect();
            let since = states
                .get(&s.id)
                .filter(|(status, _)| status == s.status.label())
                .map_or(now_s, |(_, since)| since.timestamp());
            ServiceTile {
                availability_today: availability(before, &changes, day_start, now_s),
                id: s.id,
                name: s.name,
                status: s.status,
                since,
                problems: s.problems,
            }
        })
        .collect())
}
