//! What the reports are measured from, read once per report: incidents (with whether
//! they met their SLA), changes, the business services' status history and the
//! maintenance windows of what they rest on, and the CIs' failures.

use super::clocks::{judge, Subject, SUBJECT};
use super::slas::{records, SlaRecord};
use crate::cmdb::server::ImpactIndex;
use crate::error::AppError;
use crate::monitoring::health::Health;
use crate::monitoring::rollup::ServiceStatus;
use crate::sla::availability::{figures, outages, repairs, Repair};
use crate::sla::kpi::{ChangeFact, Facts, IncidentFact, Kpi, ServiceFact};
use crate::sla::ticket::met;
use crate::store::{checked, key_of, Store};
use chrono::{DateTime, Utc};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use surrealdb::types::{Datetime, RecordId, SurrealValue};

/// How far back a CI's failures are read to know its state when a period starts.
const LOOK_BACK_DAYS: i64 = 30;

#[derive(SurrealValue)]
struct ChangeRow {
    number: String,
    title: String,
    kind: String,
    state: String,
    opened_at: Datetime,
    closed_at: Option<Datetime>,
    updated_at: Datetime,
}

#[derive(SurrealValue)]
struct StatusRow {
    service: RecordId,
    status: String,
    at: Datetime,
}

#[derive(SurrealValue)]
struct WindowRow {
    ci: RecordId,
    starts_at: Datetime,
    ends_at: Datetime,
}

#[derive(SurrealValue)]
struct EventRow {
    ci: RecordId,
    title: String,
    at: Datetime,
    health: String,
}

/// One business service's history and windows.
pub(crate) struct ServiceRaw {
    pub(crate) key: String,
    pub(crate) name: String,
    history: Vec<(i64, ServiceStatus)>,
    windows: Vec<(i64, i64)>,
}

/// Everything read for a report; services are measured per period from it.
pub(crate) struct Raw {
    pub(crate) facts: Facts,
    pub(crate) services: Vec<ServiceRaw>,
    pub(crate) slas: Vec<SlaRecord>,
    /// The SLA (service key) each judged incident fell under, by number.
    pub(crate) covered_by: HashMap<String, String>,
    pub(crate) ci_names: HashMap<String, String>,
}

impl Raw {
    /// What `kpi` is measured from over `from..to`: the services measured over that span
    /// for the KPIs that read them, the rest as read.
    pub(crate) fn facts_for(&self, kpi: Kpi, from: i64, to: i64) -> Cow<'_, Facts> {
        if matches!(kpi, Kpi::Availability | Kpi::Mtbf) {
            Cow::Owned(Facts {
                services: self.services.iter().map(|s| s.measure(from, to)).collect(),
                ..Facts::default()
            })
        } else {
            Cow::Borrowed(&self.facts)
        }
    }
}

impl ServiceRaw {
    pub(crate) fn measure(&self, from: i64, to: i64) -> ServiceFact {
        let before = self
            .history
            .iter()
            .rfind(|(at, _)| *at < from)
            .map(|(_, s)| *s);
        let changes: Vec<(i64, ServiceStatus)> = self
            .history
            .iter()
            .filter(|(at, _)| (from..to).contains(at))
            .copied()
            .collect();
        ServiceFact {
            key: self.key.clone(),
            name: self.name.clone(),
            figures: figures(
                &outages(before, &changes, from, to, &self.windows),
                from,
                to,
            ),
        }
    }
}

/// Reads what a report over `from..to` needs, with `now` capping what has not happened.
pub(crate) async fn read(
    store: &Store,
    index: &ImpactIndex,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Raw, AppError> {
    let end = to.min(now);
    let mut response = checked(
        store
            .db()
            .query(
                [
                    SUBJECT,
                    " incident WHERE opened_at < $to AND (resolved_at = NONE OR resolved_at >= $from) ORDER BY number",
                ]
                .concat(),
            )
            .query(
                "SELECT number, title, kind, state, opened_at, closed_at, updated_at FROM change_request \
                 WHERE opened_at < $to AND (closed_at = NONE OR closed_at >= $from) ORDER BY number",
            )
            .query("SELECT service, status, at FROM service_history WHERE at < $end ORDER BY at")
            .query(
                "SELECT ci, starts_at, ends_at FROM maintenance_window \
                 WHERE starts_at < $end AND ends_at > $from",
            )
            .query(
                "SELECT ci, title, at, health FROM monitor_event \
                 WHERE source IN ['check', 'alert'] AND ci != NONE AND at >= $early AND at < $end ORDER BY at",
            )
            .bind(("from", Datetime::from(from)))
            .bind(("to", Datetime::from(to)))
            .bind(("end", Datetime::from(end)))
            .bind(("early", Datetime::from(from - chrono::Duration::days(LOOK_BACK_DAYS))))
            .await?,
    )?;
    let subjects: Vec<Subject> = response.take(0)?;
    let changes: Vec<ChangeRow> = response.take(1)?;
    let history: Vec<StatusRow> = response.take(2)?;
    let windows: Vec<WindowRow> = response.take(3)?;
    let events: Vec<EventRow> = response.take(4)?;

    let slas = records(store).await?;
    let judged = judge(store, &slas, &subjects, now).await?;
    let mut covered_by = HashMap::new();
    let incidents = subjects
        .iter()
        .zip(judged)
        .map(|(s, judged)| {
            let resolved = matches!(s.state.as_str(), "Resolved" | "Closed");
            let sla_met = judged.and_then(|(sla, clocks)| {
                covered_by.insert(s.number.clone(), key_of(&sla.service));
                met(&clocks).filter(|_| resolved)
            });
            IncidentFact {
                number: s.number.clone(),
                title: s.title.clone(),
                opened: s.opened_at.timestamp(),
                resolved: s
                    .resolved_at
                    .as_ref()
                    .filter(|_| resolved)
                    .map(|r| r.timestamp()),
                cancelled: s.state == "Cancelled",
                first_contact: s.first_contact,
                escalated: s.escalated,
                sla_met,
            }
        })
        .collect();
    let changes = changes
        .into_iter()
        .map(|c| ChangeFact {
            succeeded: match c.state.as_str() {
                "Successful" => Some(true),
                "Failed" | "Backed out" => Some(false),
                _ => None,
            },
            number: c.number,
            title: c.title,
            emergency: c.kind == "Emergency",
            opened: c.opened_at.timestamp(),
            // Rejected and cancelled changes have no closing time; their last change is it.
            closed: c.closed_at.map(|at| at.timestamp()).or_else(|| {
                matches!(c.state.as_str(), "Rejected" | "Cancelled")
                    .then(|| c.updated_at.timestamp())
            }),
        })
        .collect();
    let mut ci_names = HashMap::new();
    let services = index.read(|graph, cis| {
        for (id, ci) in cis {
            ci_names.insert(id.clone(), ci.name.clone());
        }
        cis.values()
            .filter(|ci| ci.is_service)
            .map(|ci| {
                let mut rests_on: HashSet<String> =
                    graph.needs(&ci.id).ids().map(str::to_owned).collect();
                rests_on.insert(ci.id.clone());
                ServiceRaw {
                    key: ci.id.clone(),
                    name: ci.name.clone(),
                    history: Vec::new(),
                    windows: windows
                        .iter()
                        .filter(|w| rests_on.contains(&key_of(&w.ci)))
                        .map(|w| (w.starts_at.timestamp(), w.ends_at.timestamp()))
                        .collect(),
                }
            })
            .collect::<Vec<_>>()
    });
    let mut services = services;
    services.sort_by_key(|s| s.name.to_lowercase());
    for row in history {
        let key = key_of(&row.service);
        if let (Some(service), Some(status)) = (
            services.iter_mut().find(|s| s.key == key),
            ServiceStatus::parse(&row.status),
        ) {
            service.history.push((row.at.timestamp(), status));
        }
    }
    let signals: Vec<(String, String, i64, Health)> = events
        .into_iter()
        .map(|e| {
            let health = Health::ALL
                .into_iter()
                .find(|h| h.label() == e.health)
                .unwrap_or(Health::Unknown);
            (key_of(&e.ci), e.title, e.at.timestamp(), health)
        })
        .collect();
    let repairs: Vec<Repair> = repairs(&signals);
    Ok(Raw {
        facts: Facts {
            incidents,
            changes,
            services: Vec::new(),
            repairs,
        },
        services,
        slas,
        covered_by,
        ci_names,
    })
}
