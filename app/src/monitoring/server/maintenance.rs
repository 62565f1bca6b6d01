//! Server-only: maintenance windows, audited in the CI's own history.

use crate::audit::server::{Actor, NewEntry};
use crate::audit::FieldChange;
use crate::cmdb::server::{ci_id, shown};
use crate::error::AppError;
use crate::monitoring::maintenance::{Window, WindowView};
use crate::store::{checked, key_of, Store};
use surrealdb::types::{Datetime, RecordId, SurrealValue};

#[derive(SurrealValue)]
struct WindowRecord {
    id: RecordId,
    ci: RecordId,
    starts_at: Datetime,
    ends_at: Datetime,
    reason: String,
    created_by: String,
}

fn summary(starts_at: &str, ends_at: &str, reason: &str) -> String {
    format!("{starts_at} to {ends_at}: {reason}")
}

fn entry(actor: &Actor, ci: &str, before: Option<String>, after: Option<String>) -> NewEntry {
    let changes = [FieldChange {
        field: "Maintenance window".into(),
        before,
        after,
    }];
    NewEntry::new(actor, "ci", ci, "update", &changes)
}

/// Schedules a window on a CI that exists.
pub async fn schedule(store: &Store, actor: &Actor, window: &Window) -> Result<(), AppError> {
    crate::cmdb::server::get(store, &window.ci).await?;
    let key = uuid::Uuid::new_v4().simple().to_string();
    let after = summary(&window.starts_at, &window.ends_at, &window.reason);
    checked(
        store
            .db()
            .query("BEGIN")
            .query(
                "CREATE $id CONTENT { ci: $ci, starts_at: <datetime> $starts_at, \
                 ends_at: <datetime> $ends_at, reason: $reason, created_by: $by }",
            )
            .query("CREATE audit CONTENT $entry")
            .query("COMMIT")
            .bind(("id", RecordId::new("maintenance_window", key.as_str())))
            .bind(("ci", ci_id(&window.ci)))
            .bind(("starts_at", window.starts_at.clone()))
            .bind(("ends_at", window.ends_at.clone()))
            .bind(("reason", window.reason.clone()))
            .bind(("by", actor.name.clone()))
            .bind(("entry", entry(actor, &window.ci, None, Some(after))))
            .await?,
    )?;
    Ok(())
}

/// Removes a window, ending it at once if it is open.
pub async fn remove(store: &Store, actor: &Actor, key: &str) -> Result<(), AppError> {
    let id = RecordId::new("maintenance_window", key);
    let mut response = checked(
        store
            .db()
            .query("SELECT id, ci, starts_at, ends_at, reason, created_by FROM ONLY $id")
            .bind(("id", id.clone()))
            .await?,
    )?;
    let found: Option<WindowRecord> = response.take(0)?;
    let window = found.ok_or_else(|| AppError::NotFound("This maintenance window".into()))?;
    let before = summary(
        &shown(&window.starts_at),
        &shown(&window.ends_at),
        &window.reason,
    );
    checked(
        store
            .db()
            .query("BEGIN")
            .query("DELETE $id")
            .query("CREATE audit CONTENT $entry")
            .query("COMMIT")
            .bind(("id", id))
            .bind((
                "entry",
                entry(actor, &key_of(&window.ci), Some(before), None),
            ))
            .await?,
    )?;
    Ok(())
}

/// A CI's windows that are open, ahead, or ended in the last week; soonest first.
pub async fn of_ci(store: &Store, ci: &str) -> Result<Vec<WindowView>, AppError> {
    let mut response = checked(
        store
            .db()
            .query(
                "SELECT id, ci, starts_at, ends_at, reason, created_by FROM maintenance_window \
                 WHERE ci = $ci AND ends_at > time::now() - 7d ORDER BY starts_at",
            )
            .bind(("ci", ci_id(ci)))
            .await?,
    )?;
    let rows: Vec<WindowRecord> = response.take(0)?;
    let now = Datetime::now();
    Ok(rows
        .into_iter()
        .map(|w| WindowView {
            id: key_of(&w.id),
            active: w.starts_at <= now && now < w.ends_at,
            ended: w.ends_at <= now,
            starts_at: shown(&w.starts_at),
            ends_at: shown(&w.ends_at),
            reason: w.reason,
            by: w.created_by,
        })
        .collect())
}
