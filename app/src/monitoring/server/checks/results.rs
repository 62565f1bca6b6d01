//! Server-only: a check's runs recorded, its results read back, and old results rolled
//! up by hour.

use super::{check_id, small};
use crate::error::AppError;
use crate::monitoring::domain::ResultPoint;
use crate::monitoring::health::Health;
use crate::monitoring::server::maintenance::quiet;
use crate::store::{checked, key_of, Store};
use std::collections::HashMap;
use surrealdb::types::{Datetime, RecordId, SurrealValue};

/// What one run found, and the state change it confirmed, if any.
pub struct Outcome {
    pub seen: Health,
    pub message: String,
    pub latency_ms: Option<u32>,
    pub changed: Option<Health>,
    pub flapping: bool,
    /// Whether a change raises an event (a flapping check raises only its first).
    pub announce: bool,
}

/// Stores one run: its result, the check's last result and, on a confirmed change, the
/// new state and an event (suppressed while the CI is in maintenance). One transaction.
pub async fn record(store: &Store, key: &str, outcome: &Outcome) -> Result<(), AppError> {
    let announce = outcome.changed.is_some() && outcome.announce;
    let suppressed = announce && in_maintenance(store, key).await?;
    let mut request = store
        .db()
        .query("BEGIN")
        .query(
            "CREATE check_result CONTENT { health_check: $id, at: time::now(), health: $seen, \
             latency_ms: $latency, message: $message }",
        )
        .query(
            "UPDATE $id SET message = $message, latency_ms = $latency, checked_at = time::now()",
        );
    if outcome.changed.is_some() {
        request = request.query(
            "LET $check = (SELECT name, ci, ci.name AS ci_name FROM ONLY $id); \
             UPDATE $id SET health = $health, since = time::now(); \
             IF $announce { CREATE monitor_event CONTENT { at: time::now(), source: 'check', ci: $check.ci, \
               title: string::concat($check.ci_name, ': ', $check.name), health: $health, \
               message: $message, suppressed: $suppressed, flapping: $flapping } };",
        );
    }
    checked(
        request
            .query("COMMIT")
            .bind(("id", check_id(key)))
            .bind(("seen", outcome.seen.label()))
            .bind(("health", outcome.changed.map(Health::label)))
            .bind(("latency", outcome.latency_ms.map(i64::from)))
            .bind(("message", outcome.message.clone()))
            .bind(("flapping", outcome.flapping))
            .bind(("announce", announce))
            .bind(("suppressed", suppressed))
            .await?,
    )?;
    Ok(())
}

/// Whether the CI of check `key` is in maintenance now.
async fn in_maintenance(store: &Store, key: &str) -> Result<bool, AppError> {
    let mut response = checked(
        store
            .db()
            .query("SELECT VALUE ci FROM ONLY $id")
            .bind(("id", check_id(key)))
            .await?,
    )?;
    let Some(ci) = response.take::<Option<RecordId>>(0)? else {
        return Ok(false);
    };
    let ci_key = key_of(&ci);
    let quiet = quiet(store, vec![ci], HashMap::new()).await?;
    Ok(quiet.contains(&ci_key))
}

#[derive(SurrealValue)]
struct PointRecord {
    at: Datetime,
    health: String,
    latency_ms: Option<i64>,
}

/// The results of a check over the last `hours`, oldest first.
pub async fn results(store: &Store, key: &str, hours: i64) -> Result<Vec<ResultPoint>, AppError> {
    let mut response = checked(
        store
            .db()
            .query(
                "SELECT at, health, latency_ms FROM check_result \
                 WHERE health_check = $id AND at > time::now() - $span ORDER BY at",
            )
            .bind(("id", check_id(key)))
            .bind((
                "span",
                std::time::Duration::from_secs(3600 * u64::try_from(hours).unwrap_or(1)),
            ))
            .await?,
    )?;
    let found: Vec<PointRecord> = response.take(0)?;
    Ok(found
        .into_iter()
        .map(|p| ResultPoint {
            at: p.at.timestamp(),
            health: Health::parse(&p.health).unwrap_or(Health::Unknown),
            latency_ms: p.latency_ms.map(small),
        })
        .collect())
}

#[derive(SurrealValue)]
struct RawResult {
    health_check: RecordId,
    at: Datetime,
    health: String,
    latency_ms: Option<i64>,
}

/// One check's hour of results, rolled up.
#[derive(SurrealValue)]
struct HourFields {
    health_check: RecordId,
    hour: Datetime,
    runs: i64,
    ok: i64,
    worst: String,
    mean_latency_ms: Option<i64>,
    max_latency_ms: Option<i64>,
}

#[derive(SurrealValue)]
struct HourRow {
    id: RecordId,
    content: HourFields,
}

/// Rolls raw results up by check and hour: runs, OK runs, worst health, mean and slowest
/// latency.
fn hourly(results: Vec<RawResult>) -> Vec<HourRow> {
    let mut hours: HashMap<(String, i64), (RecordId, Vec<RawResult>)> = HashMap::new();
    for result in results {
        let hour = result.at.timestamp().div_euclid(3600) * 3600;
        hours
            .entry((key_of(&result.health_check), hour))
            .or_insert_with(|| (result.health_check.clone(), Vec::new()))
            .1
            .push(result);
    }
    hours
        .into_iter()
        .map(|((check, hour), (health_check, runs))| {
            let latencies: Vec<i64> = runs.iter().filter_map(|r| r.latency_ms).collect();
            let count = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
            let healths = runs
                .iter()
                .map(|r| Health::parse(&r.health).unwrap_or(Health::Unknown));
            HourRow {
                id: RecordId::new(
                    "check_hour",
                    crate::monitoring::server::alerts::token_hash(&format!("{check}\u{0}{hour}")),
                ),
                content: HourFields {
                    health_check,
                    hour: Datetime::from_timestamp(hour, 0).unwrap_or_default(),
                    runs: count(runs.len()),
                    ok: count(
                        runs.iter()
                            .filter(|r| r.health == Health::Ok.label())
                            .count(),
                    ),
                    worst: Health::worst(healths).label().to_owned(),
                    mean_latency_ms: (!latencies.is_empty())
                        .then(|| latencies.iter().sum::<i64>() / count(latencies.len())),
                    max_latency_ms: latencies.iter().max().copied(),
                },
            }
        })
        .collect()
}

/// Rolls the results of whole hours older than `days` into hourly rows and deletes them,
/// in one transaction; returns how many hourly rows were written.
pub async fn compact(store: &Store, days: u64) -> Result<usize, AppError> {
    let now = Datetime::now().timestamp();
    let cutoff = (now - i64::try_from(days * 86_400).unwrap_or(0)).div_euclid(3600) * 3600;
    let cutoff = Datetime::from_timestamp(cutoff, 0).unwrap_or_default();
    let mut response = checked(
        store
            .db()
            .query(
                "SELECT health_check, at, health, latency_ms FROM check_result WHERE at < $cutoff",
            )
            .bind(("cutoff", cutoff))
            .await?,
    )?;
    let rows = hourly(response.take(0)?);
    let written = rows.len();
    if written == 0 {
        return Ok(0);
    }
    checked(
        store
            .db()
            .query("BEGIN")
            .query("FOR $row IN $rows { UPSERT $row.id CONTENT $row.content; }")
            .query("DELETE check_result WHERE at < $cutoff")
            .query("COMMIT")
            .bind(("rows", rows))
            .bind(("cutoff", cutoff))
            .await?,
    )?;
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(minute: i64, health: Health, latency_ms: Option<i64>) -> RawResult {
        RawResult {
            health_check: check_id("c1"),
            at: Datetime::from_timestamp(7200 + minute * 60, 0).unwrap(),
            health: health.label().to_owned(),
            latency_ms,
        }
    }

    #[test]
    fn an_hour_of_results_becomes_one_row() {
        let rows = hourly(vec![
            result(0, Health::Ok, Some(10)),
            result(30, Health::Critical, None),
            result(59, Health::Ok, Some(30)),
            result(60, Health::Ok, Some(5)),
        ]);
        assert_eq!(rows.len(), 2);
        let first = rows
            .iter()
            .find(|r| r.content.hour.timestamp() == 7200)
            .unwrap();
        assert_eq!((first.content.runs, first.content.ok), (3, 2));
        assert_eq!(first.content.worst, "Critical");
        assert_eq!(first.content.mean_latency_ms, Some(20));
        assert_eq!(first.content.max_latency_ms, Some(30));
    }
}
