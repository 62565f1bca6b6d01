//! Server-only: writing audit entries (always inside the caller's transaction) and
//! reading a record's history.

use super::domain::{AuditEntry, FieldChange};
use super::log::{LogEntry, LogPage, ValidFilter, LOG_PAGE_SIZE};
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::store::{checked, Store};
use surrealdb::types::{Datetime, RecordId, SurrealValue};

/// Who is making a change, and in which request.
#[derive(Debug, Clone)]
pub struct Actor {
    pub user_id: String,
    pub name: String,
    pub request_id: String,
}

impl Actor {
    /// A change made by Trellis itself or from the command line, not by a signed-in user.
    pub fn system(name: &str) -> Actor {
        Actor {
            user_id: String::new(),
            name: name.to_owned(),
            request_id: String::new(),
        }
    }

    /// The signed-in user of the current request.
    pub async fn of(user: &CurrentUser) -> Actor {
        let request_id = leptos_axum::extract::<axum::http::HeaderMap>()
            .await
            .ok()
            .and_then(|headers| {
                headers
                    .get("x-request-id")?
                    .to_str()
                    .ok()
                    .map(str::to_owned)
            })
            .unwrap_or_default();
        Actor {
            user_id: user.id.clone(),
            name: user.display_name.clone(),
            request_id,
        }
    }
}

/// An audit row, bound as `$entry` into the statement that makes the change.
#[derive(SurrealValue)]
pub struct NewEntry {
    actor: Option<RecordId>,
    actor_name: String,
    request_id: String,
    table_name: String,
    record_key: String,
    action: String,
    changes: String,
}

impl NewEntry {
    pub fn new(
        actor: &Actor,
        table: &str,
        key: &str,
        action: &str,
        changes: &[FieldChange],
    ) -> Self {
        NewEntry {
            actor: (!actor.user_id.is_empty())
                .then(|| RecordId::new("user", actor.user_id.as_str())),
            actor_name: actor.name.clone(),
            request_id: actor.request_id.clone(),
            table_name: table.to_owned(),
            record_key: key.to_owned(),
            action: action.to_owned(),
            changes: serde_json::to_string(changes).unwrap_or_else(|_| "[]".into()),
        }
    }
}

#[derive(SurrealValue)]
struct Row {
    at: Datetime,
    actor_name: String,
    action: String,
    request_id: String,
    changes: String,
}

impl From<Row> for AuditEntry {
    fn from(row: Row) -> Self {
        AuditEntry {
            at: row.at.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
            actor_name: row.actor_name,
            action: row.action,
            request_id: row.request_id,
            changes: serde_json::from_str(&row.changes).unwrap_or_default(),
        }
    }
}

#[derive(SurrealValue)]
struct LogRow {
    table_name: String,
    record_key: String,
    label: Option<String>,
    at: Datetime,
    actor_name: String,
    action: String,
    request_id: String,
    changes: String,
}

#[derive(SurrealValue)]
struct Count {
    total: i64,
}

/// The audit log filter; every bound value is optional but the time range.
macro_rules! log_filter {
    () => {
        "WHERE at >= <datetime>$from AND at < <datetime>$until \
         AND ($table = NONE OR table_name = $table) \
         AND ($record = NONE OR record_key = $record) \
         AND ($who = NONE OR string::contains(string::lowercase(actor_name), $who))"
    };
}

/// Entries of every record matching the filter, newest first, a page at a time.
pub async fn log(store: &Store, filter: &ValidFilter) -> Result<LogPage, AppError> {
    let start = i64::from(filter.page - 1) * i64::from(LOG_PAGE_SIZE);
    let mut response = checked(
        store
            .db()
            .query(concat!(
                "SELECT table_name, record_key, at, actor_name, action, request_id, changes, \
                 (type::record(table_name, record_key).name \
                  ?? type::record(table_name, record_key).display_name) AS label \
                 FROM audit ",
                log_filter!(),
                " ORDER BY at DESC LIMIT $limit START $start"
            ))
            .query(concat!(
                "SELECT count() AS total FROM audit ",
                log_filter!(),
                " GROUP ALL"
            ))
            .bind(("from", filter.from.clone()))
            .bind(("until", filter.until.clone()))
            .bind(("table", filter.table.clone()))
            .bind(("record", filter.record.clone()))
            .bind(("who", filter.who.clone()))
            .bind(("limit", i64::from(LOG_PAGE_SIZE)))
            .bind(("start", start))
            .await?,
    )?;
    let rows: Vec<LogRow> = response.take(0)?;
    let counts: Vec<Count> = response.take(1)?;
    Ok(LogPage {
        entries: rows
            .into_iter()
            .map(|r| LogEntry {
                table: r.table_name,
                record: r.record_key,
                label: r.label,
                entry: Row {
                    at: r.at,
                    actor_name: r.actor_name,
                    action: r.action,
                    request_id: r.request_id,
                    changes: r.changes,
                }
                .into(),
            })
            .collect(),
        total: counts
            .first()
            .map_or(0, |c| u64::try_from(c.total).unwrap_or(0)),
        page: filter.page,
    })
}

/// A record's history, newest first.
pub async fn history(store: &Store, table: &str, key: &str) -> Result<Vec<AuditEntry>, AppError> {
    let mut response = checked(
        store
            .db()
            .query(
                // Read forwards and sorted here: SurrealKV walks an index backwards slowly
                // (90 ms with 7,000 audit rows in the table, none of them this record's).
                "SELECT at, actor_name, action, request_id, changes FROM audit \
                 WHERE table_name = $table AND record_key = $key",
            )
            .bind(("table", table.to_owned()))
            .bind(("key", key.to_owned()))
            .await?,
    )?;
    let mut rows: Vec<Row> = response.take(0)?;
    rows.sort_by_key(|row| std::cmp::Reverse(row.at));
    rows.truncate(200);
    Ok(rows.into_iter().map(AuditEntry::from).collect())
}
