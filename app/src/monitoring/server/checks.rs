//! Server-only: checks in the store, their results, and the state changes they record.

use crate::audit::server::{Actor, NewEntry};
use crate::audit::Fields;
use crate::cmdb::server::{ci_id, shown};
use crate::error::AppError;
use crate::monitoring::domain::{CheckKind, CheckSettings, CheckView, ResultPoint};
use crate::monitoring::health::{Health, Thresholds};
use crate::store::{checked, key_of, Store};
use std::collections::HashMap;
use surrealdb::types::{Datetime, RecordId, SurrealValue};

pub const TABLE: &str = "health_check";

pub fn check_id(key: &str) -> RecordId {
    RecordId::new(TABLE, key)
}

#[derive(SurrealValue)]
pub(super) struct CheckRecord {
    id: RecordId,
    ci: RecordId,
    ci_name: String,
    name: String,
    kind: String,
    target: String,
    expected_status: Option<i64>,
    body_contains: Option<String>,
    warning_ms: i64,
    critical_ms: i64,
    interval_s: i64,
    timeout_ms: i64,
    retries: i64,
    health: String,
    since: Datetime,
    message: String,
    latency_ms: Option<i64>,
    checked_at: Option<Datetime>,
}

const FIELDS: &str = "SELECT id, ci, ci.name AS ci_name, name, kind, target, expected_status, \
     body_contains, warning_ms, critical_ms, interval_s, timeout_ms, retries, health, since, \
     message, latency_ms, checked_at FROM";

fn small(n: i64) -> u32 {
    u32::try_from(n).unwrap_or(0)
}

impl CheckRecord {
    pub fn key(&self) -> String {
        key_of(&self.id)
    }

    pub fn ci_key(&self) -> String {
        key_of(&self.ci)
    }

    pub fn health(&self) -> Health {
        Health::parse(&self.health).unwrap_or(Health::Unknown)
    }

    pub fn settings(&self) -> CheckSettings {
        CheckSettings {
            name: self.name.clone(),
            kind: CheckKind::parse(&self.kind).unwrap_or(CheckKind::Tcp),
            target: self.target.clone(),
            expected_status: self.expected_status.and_then(|s| u16::try_from(s).ok()),
            body_contains: self.body_contains.clone(),
            limits: Thresholds {
                warning_ms: small(self.warning_ms),
                critical_ms: small(self.critical_ms),
            },
            interval_s: small(self.interval_s).max(1),
            timeout_ms: small(self.timeout_ms).max(1),
            retries: u8::try_from(self.retries).unwrap_or(0),
        }
    }

    pub fn view(&self) -> CheckView {
        CheckView {
            id: self.key(),
            ci: self.ci_key(),
            ci_name: self.ci_name.clone(),
            name: self.name.clone(),
            kind: CheckKind::parse(&self.kind).unwrap_or(CheckKind::Tcp),
            target: self.target.clone(),
            interval_s: small(self.interval_s),
            health: self.health(),
            since: shown(&self.since),
            message: self.message.clone(),
            latency_ms: self.latency_ms.map(small),
            checked_at: self.checked_at.as_ref().map(shown),
        }
    }
}

/// Every check, for the scheduler.
pub(super) async fn all(store: &Store) -> Result<Vec<CheckRecord>, AppError> {
    Ok(checked(store.db().query([FIELDS, " health_check"].concat()).await?)?.take(0)?)
}

/// The checks of one CI, by name.
pub async fn of_ci(store: &Store, ci: &str) -> Result<Vec<CheckView>, AppError> {
    let mut response = checked(
        store
            .db()
            .query([FIELDS, " health_check WHERE ci = $ci ORDER BY name"].concat())
            .bind(("ci", ci_id(ci)))
            .await?,
    )?;
    let found: Vec<CheckRecord> = response.take(0)?;
    Ok(found.iter().map(CheckRecord::view).collect())
}

/// Every check that is not OK, worst first.
pub async fn problems(store: &Store) -> Result<Vec<CheckView>, AppError> {
    let mut response = checked(
        store
            .db()
            .query([FIELDS, " health_check WHERE health != 'OK'"].concat())
            .await?,
    )?;
    let found: Vec<CheckRecord> = response.take(0)?;
    let mut views: Vec<CheckView> = found.iter().map(CheckRecord::view).collect();
    views.sort_by(|a, b| {
        (b.health.severity(), &a.ci_name, &a.name).cmp(&(a.health.severity(), &b.ci_name, &b.name))
    });
    Ok(views)
}

fn audit_fields(ci_name: &str, check: &CheckSettings) -> Fields {
    vec![
        ("CI", ci_name.to_owned()),
        ("Name", check.name.clone()),
        ("Kind", check.kind.label().into()),
        ("Target", check.target.clone()),
        ("Interval", format!("{} s", check.interval_s)),
    ]
}

/// Adds a check to a CI, audited; returns its key.
pub async fn create(
    store: &Store,
    actor: &Actor,
    ci: &str,
    check: CheckSettings,
) -> Result<String, AppError> {
    let ci_name = crate::cmdb::server::get(store, ci).await?.name;
    let key = uuid::Uuid::new_v4().simple().to_string();
    let changes = crate::audit::created(&audit_fields(&ci_name, &check));
    checked(
        store
            .db()
            .query("BEGIN")
            .query(
                "CREATE $id CONTENT { ci: $ci, name: $name, kind: $kind, target: $target, \
                 expected_status: $expected_status, body_contains: $body_contains, \
                 warning_ms: $warning_ms, critical_ms: $critical_ms, interval_s: $interval_s, \
                 timeout_ms: $timeout_ms, retries: $retries }",
            )
            .query("CREATE audit CONTENT $entry")
            .query("COMMIT")
            .bind(("id", check_id(&key)))
            .bind(("ci", ci_id(ci)))
            .bind(("name", check.name))
            .bind(("kind", check.kind.key()))
            .bind(("target", check.target))
            .bind(("expected_status", check.expected_status.map(i64::from)))
            .bind(("body_contains", check.body_contains))
            .bind(("warning_ms", i64::from(check.limits.warning_ms)))
            .bind(("critical_ms", i64::from(check.limits.critical_ms)))
            .bind(("interval_s", i64::from(check.interval_s)))
            .bind(("timeout_ms", i64::from(check.timeout_ms)))
            .bind(("retries", i64::from(check.retries)))
            .bind((
                "entry",
                NewEntry::new(actor, TABLE, &key, "create", &changes),
            ))
            .await?,
    )?;
    tracing::info!(check = %key, ci, "check added");
    Ok(key)
}

/// Removes a check with its results, audited; returns its CI's key.
pub async fn delete(store: &Store, actor: &Actor, key: &str) -> Result<String, AppError> {
    let mut response = checked(
        store
            .db()
            .query([FIELDS, " ONLY $id"].concat())
            .bind(("id", check_id(key)))
            .await?,
    )?;
    let found: Option<CheckRecord> = response.take(0)?;
    let check = found.ok_or_else(|| AppError::NotFound("This check".into()))?;
    let changes = crate::audit::diff(
        &audit_fields(&check.ci_name, &check.settings()),
        &Vec::new(),
    );
    checked(
        store
            .db()
            .query("BEGIN")
            .query("DELETE check_result WHERE health_check = $id")
            .query("DELETE check_hour WHERE health_check = $id")
            .query("DELETE $id")
            .query("CREATE audit CONTENT $entry")
            .query("COMMIT")
            .bind(("id", check_id(key)))
            .bind((
                "entry",
                NewEntry::new(actor, TABLE, key, "delete", &changes),
            ))
            .await?,
    )?;
    tracing::info!(check = %key, "check removed");
    Ok(check.ci_key())
}

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
               message: $message, suppressed: fn::in_maintenance($check.ci), flapping: $flapping } };",
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
            .bind(("announce", outcome.announce))
            .await?,
    )?;
    Ok(())
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
                    super::alerts::token_hash(&format!("{check}\u{0}{hour}")),
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
