//! Server-only: checks in the store, their results, and the state changes they record.

mod results;

pub use results::{compact, record, results, Outcome};

use crate::audit::server::{Actor, NewEntry};
use crate::audit::Fields;
use crate::cmdb::server::{ci_id, shown};
use crate::error::AppError;
use crate::monitoring::domain::{CheckKind, CheckSettings, CheckView};
use crate::monitoring::health::{Health, Thresholds};
use crate::store::{checked, key_of, Store};
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
