//! Server-only: writing audit entries (always inside the caller's transaction) and
//! reading a record's history.

use super::domain::{AuditEntry, FieldChange};
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
            actor: Some(RecordId::new("user", actor.user_id.as_str())),
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

/// A record's history, newest first.
pub async fn history(store: &Store, table: &str, key: &str) -> Result<Vec<AuditEntry>, AppError> {
    let mut response = checked(
        store
            .db()
            .query(
                "SELECT at, actor_name, action, request_id, changes FROM audit \
                 WHERE table_name = $table AND record_key = $key ORDER BY at DESC LIMIT 200",
            )
            .bind(("table", table.to_owned()))
            .bind(("key", key.to_owned()))
            .await?,
    )?;
    let rows: Vec<Row> = response.take(0)?;
    Ok(rows
        .into_iter()
        .map(|row| AuditEntry {
            at: row.at.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
            actor_name: row.actor_name,
            action: row.action,
            request_id: row.request_id,
            changes: serde_json::from_str(&row.changes).unwrap_or_default(),
        })
        .collect())
}
