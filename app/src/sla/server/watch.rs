//! Watching the SLA clocks of open incidents and requests. Each new at-risk or breached
//! incident clock is noted on the incident's timeline and told to its assignee and the
//! Service Level Managers, and the first warning of each clock escalates the incident to
//! a manager; requests are watched in `requests`.

use super::clocks::{judge, Subject, SUBJECT};
use super::slas::records;
use crate::audit::server::Actor;
use crate::auth::Role;
use crate::error::AppError;
use crate::sla::clock::ClockState;
use crate::store::{checked, Store};
use crate::tickets::escalation::Escalation;
use chrono::{DateTime, Utc};
use std::time::Duration;
use surrealdb::types::RecordId;

/// Who Trellis says did what it does by itself here.
pub(super) const ACTOR: &str = "Trellis (SLA)";

/// One round over the open incidents and requests at `now`; answers how many warnings
/// it gave.
pub async fn round(store: &Store, now: DateTime<Utc>) -> Result<usize, AppError> {
    let slas = records(store).await?;
    if slas.is_empty() {
        return Ok(0);
    }
    let services: Vec<RecordId> = slas.iter().map(|s| s.service.clone()).collect();
    let mut response = checked(
        store
            .db()
            .query(
                [
                    SUBJECT,
                    " incident WHERE state IN ['New', 'In Progress', 'On Hold'] \
                     AND services CONTAINSANY $services",
                ]
                .concat(),
            )
            .query("SELECT VALUE id FROM user WHERE disabled = false AND roles CONTAINS $role")
            .bind(("services", services))
            .bind(("role", Role::ServiceLevelManager.key()))
            .await?,
    )?;
    let subjects: Vec<Subject> = response.take(0)?;
    let managers: Vec<RecordId> = response.take(1)?;
    let judged = judge(store, &slas, &subjects, now).await?;
    let mut given = super::requests::round(store, &slas, &managers, now).await?;
    for (subject, judged) in subjects.iter().zip(judged) {
        let Some((_, clocks)) = judged else { continue };
        for clock in clocks {
            if !matches!(clock.state, ClockState::AtRisk | ClockState::Breached) {
                continue;
            }
            let key = format!("{}:{:?}", clock.kind.key(), clock.state);
            if subject.sla_alerts.contains(&key) {
                continue;
            }
            let text = clock.warning();
            let first = !subject
                .sla_alerts
                .iter()
                .any(|a| a.starts_with(clock.kind.key()));
            if let Err(error) = warn(store, subject, &key, &text, first, &managers).await {
                // Not noted, so the next round tries again.
                tracing::warn!(%error, number = subject.number, "SLA warning not given");
                continue;
            }
            given += 1;
        }
    }
    Ok(given)
}

async fn warn(
    store: &Store,
    subject: &Subject,
    key: &str,
    text: &str,
    escalate: bool,
    managers: &[RecordId],
) -> Result<(), AppError> {
    if escalate {
        let version = u64::try_from(subject.version).unwrap_or(0);
        crate::tickets::server::escalate::escalate(
            store,
            &Actor::system(ACTOR),
            &subject.number,
            version,
            &Escalation::Hierarchical,
            text,
        )
        .await?;
    }
    checked(
        store
            .db()
            .query("BEGIN")
            .query(
                // An escalation's own entry already says why.
                "UPDATE $id SET sla_alerts = array::union(sla_alerts, [$key]); \
                 IF !$escalated { CREATE incident_entry CONTENT { incident: $id, by: $by, kind: 'work_note', text: $text } };",
            )
            .query("COMMIT")
            .bind(("id", subject.id.clone()))
            .bind(("key", key.to_owned()))
            .bind(("by", ACTOR.to_owned()))
            .bind(("text", text.to_owned()))
            .bind(("escalated", escalate))
            .await?,
    )?;
    let mut to: Vec<RecordId> = managers.to_vec();
    to.extend(subject.assignee.clone());
    to.dedup();
    crate::notify::server::send(
        store,
        &to,
        &format!("incident:{}:sla:{key}", subject.number),
        &format!("{}: {text} {}", subject.number, subject.title),
        &format!("/incidents/{}", subject.number),
    )
    .await?;
    Ok(())
}

/// Watches the clocks every minute, for as long as the server runs.
pub fn keep_watching(store: Store) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(60));
        loop {
            tick.tick().await;
            match round(&store, Utc::now()).await {
                Ok(0) => {}
                Ok(given) => tracing::info!(given, "SLA warnings given"),
                Err(error) => tracing::warn!(%error, "SLA clocks could not be watched"),
            }
        }
    });
}
