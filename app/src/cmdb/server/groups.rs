//! Server-only: relation types and redundancy groups in the store, audited.

use super::LinkRecord;
use crate::audit::server::{Actor, NewEntry};
use crate::audit::FieldChange;
use crate::cmdb::graph::Propagation;
use crate::cmdb::groups::{Group, ValidGroup};
use crate::error::{AppError, FieldErrors};
use crate::store::{checked, is_unique_violation, key_of, Store};
use surrealdb::types::{RecordId, SurrealValue};

fn created(fields: &[(&str, String)]) -> Vec<FieldChange> {
    fields
        .iter()
        .map(|(field, value)| FieldChange {
            field: (*field).into(),
            before: None,
            after: Some(value.clone()),
        })
        .collect()
}

/// Adds a relation type; its key is made from the name (`replicates to` → `replicates_to`).
pub async fn add_relation_type(
    store: &Store,
    actor: &Actor,
    name: String,
    reverse: String,
    how: Propagation,
) -> Result<String, AppError> {
    let key = crate::cmdb::classes::slug(&name);
    if key.is_empty() {
        return Err(FieldErrors::single(
            "name",
            "Use letters or digits in the name.",
        ));
    }
    let changes = created(&[
        ("name", name.clone()),
        ("reverse", reverse.clone()),
        ("propagation", how.key().into()),
    ]);
    let response = store
        .db()
        .query("BEGIN")
        .query("CREATE $id CONTENT { name: $name, reverse: $reverse, propagation: $propagation }")
        .query("CREATE audit CONTENT $entry")
        .query("COMMIT")
        .bind(("id", RecordId::new("relation_type", key.as_str())))
        .bind(("name", name.clone()))
        .bind(("reverse", reverse))
        .bind(("propagation", how.key().to_owned()))
        .bind((
            "entry",
            NewEntry::new(actor, "relation_type", &key, "create", &changes),
        ))
        .await?;
    checked(response).map_err(|error| {
        let message = error.to_string();
        if is_unique_violation(&error, "relation_type_name") || message.contains("already exists") {
            FieldErrors::single(
                "name",
                format!("There already is a relation type \u{201c}{name}\u{201d}."),
            )
        } else {
            error.into()
        }
    })?;
    Ok(key)
}

#[derive(SurrealValue)]
struct GroupRecord {
    id: RecordId,
    name: String,
    members: Vec<LinkRecord>,
    failures_to_propagate: Option<i64>,
}

pub async fn groups(store: &Store) -> Result<Vec<Group>, AppError> {
    let mut response = checked(
        store
            .db()
            .query("SELECT id, name, members.{id, name, status} AS members, failures_to_propagate FROM redundancy_group ORDER BY name")
            .await?,
    )?;
    let rows: Vec<GroupRecord> = response.take(0)?;
    rows.into_iter()
        .map(|r| {
            Ok(Group {
                id: key_of(&r.id),
                name: r.name,
                members: r
                    .members
                    .into_iter()
                    .map(LinkRecord::into_link)
                    .collect::<Result<_, _>>()?,
                failures_to_propagate: r.failures_to_propagate.and_then(|n| u32::try_from(n).ok()),
            })
        })
        .collect()
}

/// Creates a group, or replaces the one with the same name; members are CIs by name.
pub async fn save_group(
    store: &Store,
    actor: &Actor,
    group: ValidGroup,
) -> Result<String, AppError> {
    let mut ids = Vec::new();
    let mut errors = FieldErrors::default();
    for name in &group.members {
        let mut response = checked(
            store
                .db()
                .query("SELECT VALUE id FROM ci WHERE name_key = string::lowercase($name)")
                .bind(("name", name.clone()))
                .await?,
        )?;
        match response.take::<Vec<RecordId>>(0)?.into_iter().next() {
            Some(id) => ids.push(id),
            None => errors.add(
                "members",
                format!("There is no CI named \u{201c}{name}\u{201d}."),
            ),
        }
    }
    errors.into_result()?;
    let mut response = checked(
        store
            .db()
            .query("SELECT VALUE id FROM redundancy_group WHERE name = $name")
            .bind(("name", group.name.clone()))
            .await?,
    )?;
    let existing: Option<RecordId> = response.take::<Vec<RecordId>>(0)?.into_iter().next();
    let action = if existing.is_some() {
        "update"
    } else {
        "create"
    };
    let id = existing.unwrap_or_else(|| {
        RecordId::new(
            "redundancy_group",
            uuid::Uuid::new_v4().simple().to_string(),
        )
    });
    let key = key_of(&id);
    let needed = group.needed.map(i64::from);
    let changes = created(&[
        ("name", group.name.clone()),
        ("members", group.members.join(", ")),
        (
            "failures to propagate",
            needed.map_or_else(|| "all".to_owned(), |n| n.to_string()),
        ),
    ]);
    let response = store
        .db()
        .query("BEGIN")
        .query(
            "UPSERT $id CONTENT { name: $name, members: $members, failures_to_propagate: $needed }",
        )
        .query("CREATE audit CONTENT $entry")
        .query("COMMIT")
        .bind(("id", id))
        .bind(("name", group.name.clone()))
        .bind(("members", ids))
        .bind(("needed", needed))
        .bind((
            "entry",
            NewEntry::new(actor, "redundancy_group", &key, action, &changes),
        ))
        .await?;
    checked(response).map_err(|error| {
        if is_unique_violation(&error, "redundancy_group_name") {
            FieldErrors::single("name", "Someone else just created a group with this name.")
        } else {
            error.into()
        }
    })?;
    Ok(key)
}

pub async fn delete_group(store: &Store, actor: &Actor, id: &str) -> Result<(), AppError> {
    let change = FieldChange {
        field: "group".into(),
        before: Some(id.to_owned()),
        after: None,
    };
    checked(
        store
            .db()
            .query("BEGIN")
            .query("DELETE $id")
            .query("CREATE audit CONTENT $entry")
            .query("COMMIT")
            .bind(("id", RecordId::new("redundancy_group", id)))
            .bind((
                "entry",
                NewEntry::new(actor, "redundancy_group", id, "delete", &[change]),
            ))
            .await?,
    )?;
    Ok(())
}
