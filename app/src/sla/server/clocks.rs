//! SLA clocks of incidents, from their timelines: which SLA covers an incident (the
//! strictest of its services'), and its clocks converted to the SLA's time zone.

use super::slas::{records, SlaRecord};
use crate::error::AppError;
use crate::sla::ticket::{clocks, Clock, History, TicketClocks};
use crate::store::{checked, group_by_record, key_of, Store};
use chrono::{DateTime, NaiveDateTime, Utc};
use chrono_tz::Tz;
use surrealdb::types::{Datetime, RecordId, SurrealValue};

/// An incident as its clocks need it.
#[derive(SurrealValue, Clone)]
pub(crate) struct Subject {
    pub(crate) id: RecordId,
    pub(crate) number: String,
    pub(crate) title: String,
    pub(crate) priority: i64,
    pub(crate) opened_at: Datetime,
    pub(crate) services: Vec<RecordId>,
    pub(crate) assignee: Option<RecordId>,
    pub(crate) sla_alerts: Vec<String>,
    pub(crate) version: i64,
    pub(crate) state: String,
    pub(crate) resolved_at: Option<Datetime>,
    pub(crate) first_contact: bool,
    pub(crate) escalated: bool,
}

pub(crate) const SUBJECT: &str = "SELECT id, number, title, priority, opened_at, services, \
     assignee, sla_alerts, version, state, resolved_at, first_contact, escalated FROM";

#[derive(SurrealValue)]
struct Entry {
    incident: RecordId,
    at: Datetime,
    kind: String,
    from: Option<String>,
    to: Option<String>,
}

fn zone(record: &SlaRecord) -> Tz {
    record.terms().time_zone.parse().unwrap_or(Tz::UTC)
}

fn local(tz: Tz, at: &DateTime<Utc>) -> NaiveDateTime {
    at.with_timezone(&tz).naive_local()
}

/// The SLA that covers a ticket of `priority` on `services`: of theirs, the one with the
/// shortest resolution target, then the shortest response, then the highest availability.
fn covering<'a>(
    slas: &'a [SlaRecord],
    services: &[RecordId],
    priority: i64,
) -> Option<&'a SlaRecord> {
    slas.iter()
        .filter(|r| services.contains(&r.service))
        .min_by_key(|r| {
            let (response, resolution) = r.terms().targets(priority);
            let availability = (r.terms().availability * 1000.0) as i64;
            (
                resolution.unwrap_or(i64::MAX),
                response.unwrap_or(i64::MAX),
                std::cmp::Reverse(availability),
            )
        })
}

/// Each subject's SLA and clocks at `now`, in the order given (none: no SLA covers it).
pub(crate) async fn judge<'a>(
    store: &Store,
    slas: &'a [SlaRecord],
    subjects: &[Subject],
    now: DateTime<Utc>,
) -> Result<Vec<Option<(&'a SlaRecord, Vec<Clock>)>>, AppError> {
    let covered: Vec<RecordId> = subjects
        .iter()
        .filter(|s| covering(slas, &s.services, s.priority).is_some())
        .map(|s| s.id.clone())
        .collect();
    let mut response = checked(
        store
            .db()
            .query(
                "SELECT incident, at, kind, from, to FROM incident_entry \
                 WHERE incident IN $ids AND kind IN ['move', 'assigned'] ORDER BY at",
            )
            .bind(("ids", covered))
            .await?,
    )?;
    let entries: Vec<Entry> = response.take(0)?;
    let by_incident = group_by_record(entries, |entry| &entry.incident);
    Ok(subjects
        .iter()
        .map(|s| {
            let sla = covering(slas, &s.services, s.priority)?;
            let tz = zone(sla);
            let entries = by_incident
                .get(&key_of(&s.id))
                .map(Vec::as_slice)
                .unwrap_or(&[]);
            let moves: Vec<(NaiveDateTime, String, String)> = entries
                .iter()
                .filter(|e| e.kind == "move")
                .map(|e| {
                    (
                        local(tz, &e.at),
                        e.from.clone().unwrap_or_default(),
                        e.to.clone().unwrap_or_default(),
                    )
                })
                .collect();
            let assigned = entries
                .iter()
                .find(|e| e.kind == "assigned")
                .map(|e| local(tz, &e.at));
            let history = History::of(local(tz, &s.opened_at), &moves, assigned);
            Some((
                sla,
                clocks(&sla.terms(), s.priority, &history, local(tz, &now)),
            ))
        })
        .collect())
}

/// The clocks of one incident as its page shows them; none when no SLA covers it.
pub async fn of_incident(store: &Store, number: &str) -> Result<Option<TicketClocks>, AppError> {
    let mut response = checked(
        store
            .db()
            .query([SUBJECT, " incident WHERE number = $number"].concat())
            .bind(("number", number.trim().to_uppercase()))
            .await?,
    )?;
    let found: Vec<Subject> = response.take(0)?;
    if found.is_empty() {
        return Err(AppError::NotFound("This incident".into()));
    }
    let slas = records(store).await?;
    let judged = judge(store, &slas, &found, Utc::now()).await?;
    Ok(judged.into_iter().next().flatten().map(|(sla, clocks)| {
        let tz = sla.terms().time_zone;
        TicketClocks {
            service: key_of(&sla.service),
            service_name: sla.name(),
            clocks: clocks.iter().map(|c| c.view(&tz)).collect(),
        }
    }))
}
