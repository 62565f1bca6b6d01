//! Server-only: the monitoring events (checks, alerts and services changing state) as the
//! console lists and acknowledges them, and the counts and key figures boards show.

use crate::cmdb::server::{ci_id, shown};
use crate::error::AppError;
use crate::monitoring::board::Facts;
use crate::monitoring::domain::EventView;
use crate::monitoring::health::Health;
use crate::store::{checked, key_of, Store};
use surrealdb::types::{Datetime, RecordId, SurrealValue};

#[derive(SurrealValue)]
struct EventRecord {
    id: RecordId,
    at: Datetime,
    source: String,
    ci: Option<RecordId>,
    ci_name: Option<String>,
    title: String,
    health: String,
    message: String,
    suppressed: bool,
    flapping: bool,
    acknowledged_by: Option<String>,
    acknowledged_at: Option<Datetime>,
}

impl From<EventRecord> for EventView {
    fn from(r: EventRecord) -> Self {
        EventView {
            id: key_of(&r.id),
            at: shown(&r.at),
            source: r.source,
            ci: r.ci.as_ref().map(key_of),
            ci_name: r.ci_name,
            title: r.title,
            health: Health::parse(&r.health).unwrap_or(Health::Unknown),
            message: r.message,
            suppressed: r.suppressed,
            flapping: r.flapping,
            acknowledged_by: r.acknowledged_by,
            acknowledged_at: r.acknowledged_at.as_ref().map(shown),
        }
    }
}

/// The latest events, newest first: of one CI if given, only unacknowledged ones if
/// asked, at most `limit`.
pub async fn events(
    store: &Store,
    ci: Option<&str>,
    open_only: bool,
    limit: u32,
) -> Result<Vec<EventView>, AppError> {
    let filter = match (ci.is_some(), open_only) {
        (false, false) => "",
        (true, false) => " WHERE ci = $ci",
        (false, true) => " WHERE acknowledged_at = NONE AND health != 'OK'",
        (true, true) => " WHERE ci = $ci AND acknowledged_at = NONE AND health != 'OK'",
    };
    // Only static pieces are joined; values are bound.
    let query = [
        "SELECT id, at, source, ci, ci.name AS ci_name, title, health, message, suppressed, \
         flapping, acknowledged_by, acknowledged_at FROM monitor_event",
        filter,
        " ORDER BY at DESC LIMIT $limit",
    ]
    .concat();
    let mut response = checked(
        store
            .db()
            .query(query)
            .bind(("ci", ci.map(ci_id)))
            .bind(("limit", i64::from(limit)))
            .await?,
    )?;
    let rows: Vec<EventRecord> = response.take(0)?;
    Ok(rows.into_iter().map(EventView::from).collect())
}

/// Records who acknowledged an event and when; acknowledging twice keeps the first.
pub async fn acknowledge(store: &Store, who: &str, key: &str) -> Result<(), AppError> {
    let mut response = checked(
        store
            .db()
            .query(
                "UPDATE $id SET acknowledged_by = acknowledged_by ?? $who, \
                 acknowledged_at = acknowledged_at ?? time::now() RETURN VALUE id",
            )
            .bind(("id", RecordId::new("monitor_event", key)))
            .bind(("who", who.to_owned()))
            .await?,
    )?;
    let done: Vec<RecordId> = response.take(0)?;
    if done.is_empty() {
        return Err(AppError::NotFound("This event".into()));
    }
    Ok(())
}

#[derive(SurrealValue)]
struct Counted {
    health: String,
    n: i64,
}

/// How many checks are in each health, in [`Health::ALL`] order.
pub async fn counts(store: &Store) -> Result<Vec<(Health, u64)>, AppError> {
    let mut response = checked(
        store
            .db()
            .query("SELECT health, count() AS n FROM health_check GROUP BY health")
            .await?,
    )?;
    let rows: Vec<Counted> = response.take(0)?;
    Ok(Health::ALL
        .into_iter()
        .map(|h| {
            let n = rows
                .iter()
                .find(|r| r.health == h.label())
                .map_or(0, |r| u64::try_from(r.n).unwrap_or(0));
            (h, n)
        })
        .collect())
}

/// What a wallboard's KPIs are computed from, besides its services.
pub async fn facts(store: &Store) -> Result<Facts, AppError> {
    let mut response = checked(
        store
            .db()
            .query("(SELECT count() AS n FROM alert WHERE firing GROUP ALL)[0].n ?? 0")
            .query(
                "(SELECT count() AS n FROM monitor_event \
                 WHERE acknowledged_at = NONE AND health != 'OK' AND !suppressed GROUP ALL)[0].n ?? 0",
            )
            .await?,
    )?;
    let firing: Option<i64> = response.take(0)?;
    let open: Option<i64> = response.take(1)?;
    let count = |n: Option<i64>| u64::try_from(n.unwrap_or(0)).unwrap_or(0);
    Ok(Facts {
        checks: counts(store).await?,
        alerts_firing: count(firing),
        open_events: count(open),
        reports: Vec::new(),
    })
}
