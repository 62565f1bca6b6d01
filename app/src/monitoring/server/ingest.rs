//! Server-only: storing delivered alerts. One writer takes every delivery and stores all
//! that arrived while the previous write committed in one transaction, so a storm of
//! deliveries costs one commit per batch instead of one each. A delivery is answered only
//! once its alerts are stored.

use super::alerts::{token_hash, Integration};
use crate::error::AppError;
use crate::monitoring::alertmanager::Received;
use crate::store::{checked, key_of, reference, Store};
use std::collections::{HashMap, HashSet};
use surrealdb::types::{Datetime, RecordId, SurrealValue};
use tokio::sync::{mpsc, oneshot};

/// The most alerts one transaction takes.
const MAX_BATCH: usize = 2_000;
/// Deliveries that may wait for the writer before senders wait too.
const QUEUE: usize = 1_024;

/// One alert as the store takes it.
#[derive(Clone)]
struct Incoming {
    id: RecordId,
    integration: RecordId,
    fingerprint: String,
    group_key: String,
    name: String,
    summary: String,
    target: Option<String>,
    /// The target in lower case, as CI names are matched.
    target_key: Option<String>,
    labels: std::collections::BTreeMap<String, String>,
    firing: bool,
    health: String,
    starts_at: String,
    ends_at: Option<String>,
}

struct Delivery {
    alerts: Vec<Incoming>,
    stored: oneshot::Sender<Result<usize, AppError>>,
}

/// Hands deliveries to the writer.
#[derive(Clone)]
pub struct AlertWriter {
    deliveries: mpsc::Sender<Delivery>,
}

impl AlertWriter {
    pub fn start(store: Store) -> AlertWriter {
        let (deliveries, queue) = mpsc::channel(QUEUE);
        tokio::spawn(write(store, queue));
        AlertWriter { deliveries }
    }

    /// Stores a delivery's alerts: each deduplicated by fingerprint, matched to a CI by a
    /// remembered rule or by name (unmatched ones wait in triage), with an event for each
    /// that started or stopped firing. Returns how many were stored.
    pub async fn ingest(
        &self,
        integration: &Integration,
        alerts: Vec<Received>,
    ) -> Result<usize, AppError> {
        let integration_key = key_of(&integration.id);
        let alerts = alerts
            .into_iter()
            .map(|a| Incoming {
                id: RecordId::new(
                    "alert",
                    token_hash(&format!("{integration_key}\u{0}{}", a.fingerprint)),
                ),
                integration: integration.id.clone(),
                fingerprint: a.fingerprint,
                group_key: a.group_key,
                name: a.name,
                summary: a.summary,
                target_key: a.target.as_deref().map(str::to_lowercase),
                target: a.target,
                labels: a.labels,
                firing: a.firing,
                health: a.health.label().to_owned(),
                starts_at: a.starts_at,
                ends_at: a.ends_at,
            })
            .collect();
        let (stored, answer) = oneshot::channel();
        let stopped = || {
            let reference = reference();
            tracing::error!(%reference, "the alert writer has stopped");
            AppError::Internal(reference)
        };
        self.deliveries
            .send(Delivery { alerts, stored })
            .await
            .map_err(|_| stopped())?;
        answer.await.map_err(|_| stopped())?
    }
}

async fn write(store: Store, mut queue: mpsc::Receiver<Delivery>) {
    while let Some(first) = queue.recv().await {
        let mut size = first.alerts.len();
        let mut batch = vec![first];
        while size < MAX_BATCH {
            match queue.try_recv() {
                Ok(delivery) => {
                    size += delivery.alerts.len();
                    batch.push(delivery);
                }
                Err(_) => break,
            }
        }
        let all: Vec<Incoming> = batch.iter().flat_map(|d| d.alerts.clone()).collect();
        if batch.len() == 1 || store_alerts(&store, all).await.is_err() {
            // Alone, so that one bad delivery cannot fail the others.
            for delivery in batch {
                let count = delivery.alerts.len();
                let result = store_alerts(&store, delivery.alerts).await.map(|()| count);
                let _ = delivery.stored.send(result);
            }
        } else {
            for delivery in batch {
                let _ = delivery.stored.send(Ok(delivery.alerts.len()));
            }
        }
    }
}

/// What the store knew of an alert before this batch.
#[derive(SurrealValue)]
struct Before {
    id: RecordId,
    firing: bool,
    ci: Option<RecordId>,
}

/// A remembered hand mapping: this label value of this integration means this CI.
#[derive(SurrealValue)]
struct Rule {
    integration: RecordId,
    value: String,
    ci: RecordId,
}

#[derive(SurrealValue)]
struct Named {
    id: RecordId,
    name_key: String,
    status: String,
}

/// An alert as stored.
#[derive(SurrealValue)]
struct AlertRow {
    id: RecordId,
    integration: RecordId,
    fingerprint: String,
    group_key: String,
    name: String,
    summary: String,
    target: Option<String>,
    ci: Option<RecordId>,
    labels: std::collections::BTreeMap<String, String>,
    firing: bool,
    health: String,
    starts_at: Datetime,
    ends_at: Option<Datetime>,
    received_at: Datetime,
}

/// An alert that started or stopped firing.
#[derive(SurrealValue)]
struct EventRow {
    at: Datetime,
    source: String,
    ci: Option<RecordId>,
    title: String,
    health: String,
    message: String,
    suppressed: bool,
    flapping: bool,
}

fn datetime(text: &str) -> Result<Datetime, AppError> {
    text.parse().map_err(|error| {
        let reference = reference();
        tracing::error!(%reference, %error, text, "an alert time that passed validation did not parse");
        AppError::Internal(reference)
    })
}

/// Stores alerts in one transaction, in order: a later copy of the same alert wins. What
/// the batch needs to know (earlier states, rules, CI names, maintenance) is read with a
/// few set queries first; the single writer makes that safe, as nothing else writes alerts.
async fn store_alerts(store: &Store, alerts: Vec<Incoming>) -> Result<(), AppError> {
    let ids: Vec<RecordId> = alerts.iter().map(|a| a.id.clone()).collect();
    let integrations = distinct(alerts.iter().map(|a| &a.integration));
    let targets = distinct(alerts.iter().filter_map(|a| a.target.as_ref()));
    let keys = distinct(alerts.iter().filter_map(|a| a.target_key.as_ref()));
    let mut known = checked(
        store
            .db()
            .query("SELECT id, firing, ci FROM $ids")
            .query(
                "SELECT integration, value, ci FROM alert_rule \
                 WHERE integration IN $integrations AND value IN $targets",
            )
            .query("SELECT id, name_key, status FROM ci WHERE name_key IN $keys")
            .bind(("ids", ids))
            .bind(("integrations", integrations))
            .bind(("targets", targets))
            .bind(("keys", keys))
            .await?,
    )?;
    let mut before: HashMap<String, (bool, Option<RecordId>)> = known
        .take::<Vec<Before>>(0)?
        .into_iter()
        .map(|b| (key_of(&b.id), (b.firing, b.ci)))
        .collect();
    let rules: HashMap<(String, String), RecordId> = known
        .take::<Vec<Rule>>(1)?
        .into_iter()
        .map(|r| ((key_of(&r.integration), r.value), r.ci))
        .collect();
    // The status of each CI read, so that most need no second read for maintenance.
    let mut statuses: HashMap<String, String> = HashMap::new();
    let named: HashMap<String, RecordId> = known
        .take::<Vec<Named>>(2)?
        .into_iter()
        .map(|n| {
            statuses.insert(key_of(&n.id), n.status);
            (n.name_key, n.id)
        })
        .collect();

    let now = Datetime::default();
    let mut rows: Vec<AlertRow> = Vec::with_capacity(alerts.len());
    // Where each alert's row is, so that a later copy replaces an earlier one.
    let mut at: HashMap<String, usize> = HashMap::new();
    let mut events: Vec<EventRow> = Vec::new();
    for a in alerts {
        let rule = a
            .target
            .as_ref()
            .and_then(|t| rules.get(&(key_of(&a.integration), t.clone())));
        let by_name = a.target_key.as_ref().and_then(|k| named.get(k));
        let key = key_of(&a.id);
        let earlier = before.get(&key);
        let ci = rule
            .or(by_name)
            .cloned()
            .or_else(|| earlier.and_then(|(_, ci)| ci.clone()));
        let health = if a.firing {
            a.health.clone()
        } else {
            "OK".to_owned()
        };
        if earlier.is_none_or(|(firing, _)| *firing != a.firing) {
            events.push(EventRow {
                at: now,
                source: "alert".into(),
                ci: ci.clone(),
                title: match &a.target {
                    Some(target) => format!("{} on {target}", a.name),
                    None => a.name.clone(),
                },
                health: health.clone(),
                message: if a.firing {
                    a.summary.clone()
                } else {
                    "resolved".into()
                },
                suppressed: false,
                flapping: false,
            });
        }
        before.insert(key.clone(), (a.firing, ci.clone()));
        let row = AlertRow {
            starts_at: datetime(&a.starts_at)?,
            ends_at: a.ends_at.as_deref().map(datetime).transpose()?,
            id: a.id,
            integration: a.integration,
            fingerprint: a.fingerprint,
            group_key: a.group_key,
            name: a.name,
            summary: a.summary,
            target: a.target,
            ci,
            labels: a.labels,
            firing: a.firing,
            health,
            received_at: now,
        };
        match at.get(&key) {
            Some(&i) => rows[i] = row,
            None => {
                at.insert(key, rows.len());
                rows.push(row);
            }
        }
    }
    suppress(store, &mut events, statuses).await?;
    checked(
        store
            .db()
            .query("BEGIN")
            .query(
                "INSERT INTO alert $rows ON DUPLICATE KEY UPDATE \
                   group_key = $input.group_key, name = $input.name, summary = $input.summary, \
                   target = $input.target, ci = $input.ci, labels = $input.labels, \
                   firing = $input.firing, health = $input.health, starts_at = $input.starts_at, \
                   ends_at = $input.ends_at, received_at = $input.received_at RETURN NONE",
            )
            .query("IF array::len($events) > 0 { INSERT INTO monitor_event $events RETURN NONE }")
            .query("COMMIT")
            .bind(("rows", rows))
            .bind(("events", events))
            .await?,
    )?;
    Ok(())
}

/// Marks the events of CIs in maintenance as suppressed. `statuses` holds the CIs whose
/// status is known already.
async fn suppress(
    store: &Store,
    events: &mut [EventRow],
    statuses: HashMap<String, String>,
) -> Result<(), AppError> {
    let cis = distinct(events.iter().filter_map(|e| e.ci.as_ref()));
    let quiet = super::maintenance::quiet(store, cis, statuses).await?;
    for event in events {
        event.suppressed = event
            .ci
            .as_ref()
            .is_some_and(|ci| quiet.contains(&key_of(ci)));
    }
    Ok(())
}

/// Each value once, for a set query.
fn distinct<'a, T: Clone + Eq + std::hash::Hash + 'a>(
    values: impl Iterator<Item = &'a T>,
) -> Vec<T> {
    let mut seen = HashSet::new();
    values.filter(|v| seen.insert(*v)).cloned().collect()
}
