//! Server-only: storing delivered alerts. One writer takes every delivery and stores all
//! that arrived while the previous write committed in one transaction, so a storm of
//! deliveries costs one commit per batch instead of one each. A delivery is answered only
//! once its alerts are stored.

use super::alerts::{token_hash, Integration};
use crate::error::AppError;
use crate::monitoring::alertmanager::Received;
use crate::store::{checked, key_of, reference, Store};
use surrealdb::types::{RecordId, SurrealValue};
use tokio::sync::{mpsc, oneshot};

/// The most alerts one transaction takes.
const MAX_BATCH: usize = 2_000;
/// Deliveries that may wait for the writer before senders wait too.
const QUEUE: usize = 1_024;

/// One alert as the store takes it.
#[derive(Clone, SurrealValue)]
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

/// Stores alerts in one transaction, in order: a later copy of the same alert wins.
async fn store_alerts(store: &Store, alerts: Vec<Incoming>) -> Result<(), AppError> {
    checked(
        store
            .db()
            .query("BEGIN")
            .query(
                "FOR $a IN $alerts { \
                   LET $before = (SELECT firing, ci FROM ONLY $a.id); \
                   LET $rule = (SELECT VALUE ci FROM alert_rule \
                     WHERE integration = $a.integration AND value = $a.target LIMIT 1)[0]; \
                   LET $named = IF $a.target_key = NONE { NONE } ELSE { \
                     (SELECT VALUE id FROM ci WHERE name_key = $a.target_key LIMIT 1)[0] }; \
                   LET $ci = $rule ?? $named ?? $before.ci; \
                   UPSERT $a.id CONTENT { integration: $a.integration, fingerprint: $a.fingerprint, \
                     group_key: $a.group_key, name: $a.name, summary: $a.summary, target: $a.target, \
                     ci: $ci, labels: $a.labels, firing: $a.firing, \
                     health: IF $a.firing { $a.health } ELSE { 'OK' }, \
                     starts_at: <datetime> $a.starts_at, \
                     ends_at: IF $a.ends_at = NONE { NONE } ELSE { <datetime> $a.ends_at }, \
                     received_at: time::now() }; \
                   IF $before = NONE OR $before.firing != $a.firing { \
                     CREATE monitor_event CONTENT { at: time::now(), source: 'alert', ci: $ci, \
                       title: string::concat($a.name, IF $a.target = NONE { '' } ELSE { string::concat(' on ', $a.target) }), \
                       health: IF $a.firing { $a.health } ELSE { 'OK' }, \
                       message: IF $a.firing { $a.summary } ELSE { 'resolved' }, \
                       suppressed: fn::in_maintenance($ci), \
                       flapping: false }; \
                   }; \
                 }",
            )
            .query("COMMIT")
            .bind(("alerts", alerts))
            .await?,
    )?;
    Ok(())
}
