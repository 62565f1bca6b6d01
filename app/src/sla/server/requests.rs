//! SLA clocks of service requests: each counts the target its item had when it was
//! ordered, in the hours of the SLA of the item's service. The watcher notes each new
//! warning on the request's timeline and tells the fulfilling team and the Service
//! Level Managers; a clock's first warning also goes to the managers of that team.

use super::slas::SlaRecord;
use crate::error::AppError;
use crate::sla::clock::ClockState;
use crate::sla::ticket::{fulfilment, Clock, History, TicketClocks};
use crate::store::{checked, group_by_record, key_of, Store};
use chrono::{DateTime, NaiveDateTime, Utc};
use chrono_tz::Tz;
use surrealdb::types::{Datetime, RecordId, SurrealValue};

#[derive(SurrealValue)]
struct Ordered {
    id: RecordId,
    number: String,
    item_name: String,
    service: RecordId,
    fulfilment: i64,
    opened_at: Datetime,
    team: Option<RecordId>,
    sla_alerts: Vec<String>,
}

const ORDERED: &str = "SELECT id, number, item_name, service, fulfilment, opened_at, team, \
     sla_alerts FROM service_request WHERE service != NONE AND fulfilment != NONE";

#[derive(SurrealValue)]
struct Entry {
    request: RecordId,
    at: Datetime,
    kind: String,
    from: Option<String>,
    to: Option<String>,
}

/// Each request's SLA and clock at `now`, in the order given (none: its service has no
/// SLA any more).
async fn judge<'a>(
    store: &Store,
    slas: &'a [SlaRecord],
    ordered: &[Ordered],
    now: DateTime<Utc>,
) -> Result<Vec<Option<(&'a SlaRecord, Clock)>>, AppError> {
    let ids: Vec<RecordId> = ordered.iter().map(|o| o.id.clone()).collect();
    let mut response = checked(
        store
            .db()
            .query(
                "SELECT request, at, kind, from, to FROM request_entry \
                 WHERE request IN $ids AND kind IN ['opened', 'move'] ORDER BY at",
            )
            .bind(("ids", ids))
            .await?,
    )?;
    let entries: Vec<Entry> = response.take(0)?;
    let by_request = group_by_record(entries, |entry| &entry.request);
    Ok(ordered
        .iter()
        .map(|o| {
            let sla = slas.iter().find(|s| s.service == o.service)?;
            let terms = sla.terms();
            let tz: Tz = terms.time_zone.parse().unwrap_or(Tz::UTC);
            let local =
                |at: &DateTime<Utc>| -> NaiveDateTime { at.with_timezone(&tz).naive_local() };
            let entries = by_request
                .get(&key_of(&o.id))
                .map(Vec::as_slice)
                .unwrap_or(&[]);
            let awaits = entries
                .iter()
                .any(|e| e.kind == "opened" && e.to.as_deref() == Some("Awaiting approval"));
            let moves: Vec<(NaiveDateTime, String, String)> = entries
                .iter()
                .filter(|e| e.kind == "move")
                .map(|e| {
                    (
                        local(&e.at),
                        e.from.clone().unwrap_or_default(),
                        e.to.clone().unwrap_or_default(),
                    )
                })
                .collect();
            let history = History::of_request(local(&o.opened_at), awaits, &moves);
            Some((sla, fulfilment(&terms, o.fulfilment, &history, local(&now))))
        })
        .collect())
}

/// The clock of one request as its page shows it; none when it has none.
pub async fn of_request(store: &Store, number: &str) -> Result<Option<TicketClocks>, AppError> {
    let mut response = checked(
        store
            .db()
            .query([ORDERED, " AND id = $id"].concat())
            .bind((
                "id",
                RecordId::new("service_request", number.trim().to_lowercase().as_str()),
            ))
            .await?,
    )?;
    let found: Vec<Ordered> = response.take(0)?;
    if found.is_empty() {
        return Ok(None);
    }
    let slas = super::slas::records(store).await?;
    let judged = judge(store, &slas, &found, Utc::now()).await?;
    Ok(judged.into_iter().next().flatten().map(|(sla, clock)| {
        let tz = sla.terms().time_zone;
        TicketClocks {
            service: key_of(&sla.service),
            service_name: sla.name(),
            clocks: vec![clock.view(&tz)],
        }
    }))
}

/// One round over the open requests at `now`; answers how many warnings it gave.
pub(super) async fn round(
    store: &Store,
    slas: &[SlaRecord],
    managers: &[RecordId],
    now: DateTime<Utc>,
) -> Result<usize, AppError> {
    let mut response = checked(
        store
            .db()
            .query(
                [
                    ORDERED,
                    " AND state IN ['Awaiting approval', 'In fulfilment'] \
                     AND service IN $services",
                ]
                .concat(),
            )
            .bind((
                "services",
                slas.iter().map(|s| s.service.clone()).collect::<Vec<_>>(),
            ))
            .await?,
    )?;
    let ordered: Vec<Ordered> = response.take(0)?;
    let judged = judge(store, slas, &ordered, now).await?;
    let mut given = 0;
    for (request, judged) in ordered.iter().zip(judged) {
        let Some((_, clock)) = judged else { continue };
        if !matches!(clock.state, ClockState::AtRisk | ClockState::Breached) {
            continue;
        }
        let key = format!("{}:{:?}", clock.kind.key(), clock.state);
        if request.sla_alerts.contains(&key) {
            continue;
        }
        let first = request.sla_alerts.is_empty();
        if let Err(error) = warn(store, request, &clock, &key, first, managers).await {
            // Not noted, so the next round tries again.
            tracing::warn!(%error, number = request.number, "SLA warning not given");
            continue;
        }
        given += 1;
    }
    Ok(given)
}

async fn warn(
    store: &Store,
    request: &Ordered,
    clock: &Clock,
    key: &str,
    first: bool,
    managers: &[RecordId],
) -> Result<(), AppError> {
    let text = clock.warning();
    checked(
        store
            .db()
            .query("BEGIN")
            .query(
                "UPDATE $id SET sla_alerts = array::union(sla_alerts, [$key]); \
                 CREATE request_entry CONTENT { request: $id, by: $by, kind: 'work_note', text: $text };",
            )
            .query("COMMIT")
            .bind(("id", request.id.clone()))
            .bind(("key", key.to_owned()))
            .bind(("by", super::watch::ACTOR.to_owned()))
            .bind(("text", text.clone()))
            .await?,
    )?;
    let (team, escalated_to) = team_and_managers(store, request.team.as_ref()).await?;
    let mut to: Vec<RecordId> = managers.to_vec();
    to.extend(team);
    if first {
        to.extend(escalated_to);
    }
    to.sort_by_key(key_of);
    to.dedup();
    crate::notify::server::send(
        store,
        &to,
        &format!("request:{}:sla:{key}", request.number),
        &format!("{}: {text} {}", request.number, request.item_name),
        &format!("/requests/{}", request.number),
    )
    .await?;
    Ok(())
}

/// The enabled members of `team`, and their managers.
async fn team_and_managers(
    store: &Store,
    team: Option<&RecordId>,
) -> Result<(Vec<RecordId>, Vec<RecordId>), AppError> {
    let Some(team) = team else {
        return Ok((Vec::new(), Vec::new()));
    };
    let mut response = checked(
        store
            .db()
            .query("SELECT VALUE id FROM user WHERE disabled = false AND teams CONTAINS $team")
            .query(
                "SELECT VALUE manager FROM user WHERE disabled = false AND teams CONTAINS $team \
                 AND manager != NONE",
            )
            .bind(("team", team.clone()))
            .await?,
    )?;
    Ok((response.take(0)?, response.take(1)?))
}
