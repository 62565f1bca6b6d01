//! Freezes (blackout windows) on the change calendar.

use crate::audit::server::{Actor, NewEntry};
use crate::changes::form::{parse_time, rfc3339};
use crate::error::{AppError, FieldErrors};
use crate::store::{checked, Store};
use surrealdb::types::RecordId;

/// Plans a freeze: no Normal or Standard change may be scheduled in it.
pub async fn add_freeze(
    store: &Store,
    actor: &Actor,
    name: &str,
    starts_at: &str,
    ends_at: &str,
) -> Result<(), AppError> {
    let mut errors = FieldErrors::default();
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 120 {
        errors.add(
            "name",
            "Name the freeze, e.g. \u{201c}Year-end close\u{201d}.",
        );
    }
    let (starts, ends) = (parse_time(starts_at), parse_time(ends_at));
    if starts.is_none() {
        errors.add(
            "starts_at",
            "Enter when the freeze starts, as a date and time (UTC).",
        );
    }
    match (starts, ends) {
        (_, None) => errors.add(
            "ends_at",
            "Enter when the freeze ends, as a date and time (UTC).",
        ),
        (Some(s), Some(e)) if e <= s => {
            errors.add("ends_at", "The freeze must end after it starts.")
        }
        _ => {}
    }
    errors.into_result()?;
    let (Some(starts), Some(ends)) = (starts, ends) else {
        return Ok(());
    };
    let key = uuid::Uuid::new_v4().simple().to_string();
    let window = format!("{} to {}", rfc3339(starts), rfc3339(ends));
    checked(
        store
            .db()
            .query("BEGIN")
            .query(
                "CREATE $id CONTENT { name: $name, starts_at: <datetime> $starts, \
                 ends_at: <datetime> $ends, created_by: $by }; \
                 CREATE audit CONTENT $entry;",
            )
            .query("COMMIT")
            .bind(("id", RecordId::new("change_freeze", key.as_str())))
            .bind(("name", name.to_owned()))
            .bind(("starts", rfc3339(starts)))
            .bind(("ends", rfc3339(ends)))
            .bind(("by", actor.name.clone()))
            .bind((
                "entry",
                NewEntry::new(
                    actor,
                    "change_freeze",
                    &key,
                    "create",
                    &crate::audit::created(&vec![("name", name.to_owned()), ("window", window)]),
                ),
            ))
            .await?,
    )?;
    Ok(())
}

pub async fn remove_freeze(store: &Store, actor: &Actor, key: &str) -> Result<(), AppError> {
    let id = RecordId::new("change_freeze", key);
    let done = store
        .db()
        .query("BEGIN")
        .query("IF $id.name = NONE { THROW 'freeze-missing' }; DELETE $id;")
        .query("CREATE audit CONTENT $entry")
        .query("COMMIT")
        .bind(("id", id))
        .bind((
            "entry",
            NewEntry::new(actor, "change_freeze", key, "delete", &[]),
        ))
        .await
        .and_then(checked);
    match done {
        Err(error) if error.to_string().contains("freeze-missing") => {
            Err(AppError::NotFound("This freeze".into()))
        }
        done => done.map(|_| ()).map_err(AppError::from),
    }
}
