//! Server-only: creating and changing users, each change audited in its transaction.

use super::{get, team_id, user_id, TeamRecord};
use crate::audit;
use crate::audit::server::{Actor, NewEntry};
use crate::auth::server::hash_password;
use crate::auth::Role;
use crate::error::{AppError, FieldErrors};
use crate::people::domain::ValidPerson;
use crate::store::{checked, is_unique_violation, Store};
use surrealdb::types::{RecordId, SurrealValue};

/// The names of the chosen teams, or a field error naming any that do not exist.
async fn team_names(store: &Store, keys: &[String]) -> Result<Vec<String>, AppError> {
    let ids: Vec<RecordId> = keys.iter().map(|k| team_id(k)).collect();
    let mut response = checked(
        store
            .db()
            .query("SELECT id, name FROM $ids ORDER BY name")
            .bind(("ids", ids))
            .await?,
    )?;
    let found: Vec<TeamRecord> = response.take(0)?;
    if found.len() != keys.len() {
        return Err(FieldErrors::single(
            "teams",
            "One of the chosen teams no longer exists.",
        ));
    }
    Ok(found.into_iter().map(|t| t.name).collect())
}

#[derive(SurrealValue)]
struct PersonContent {
    email: String,
    display_name: String,
    roles: Vec<String>,
    teams: Vec<RecordId>,
    manager: Option<RecordId>,
    disabled: bool,
    version: i64,
}

/// A new user: the fields and the first password's hash.
#[derive(SurrealValue)]
struct NewPerson {
    email: String,
    display_name: String,
    roles: Vec<String>,
    teams: Vec<RecordId>,
    manager: Option<RecordId>,
    disabled: bool,
    password_hash: String,
}

impl PersonContent {
    fn new(person: &ValidPerson, version: i64) -> Self {
        PersonContent {
            email: person.email.clone(),
            display_name: person.display_name.clone(),
            roles: person.roles.iter().map(|r| r.key().to_owned()).collect(),
            teams: person.teams.iter().map(|k| team_id(k)).collect(),
            manager: person.manager.as_deref().map(user_id),
            disabled: person.disabled,
            version,
        }
    }
}

fn duplicate_email(error: surrealdb::Error, email: &str) -> AppError {
    if is_unique_violation(&error, "user_email") {
        FieldErrors::single(
            "email",
            format!("Another user already has \u{201c}{email}\u{201d}."),
        )
    } else {
        error.into()
    }
}

/// The name of the chosen manager (empty for none), or a field error when they do not
/// exist or are the person themselves.
async fn manager_name(
    store: &Store,
    manager: Option<&str>,
    own_key: Option<&str>,
) -> Result<String, AppError> {
    let Some(manager) = manager else {
        return Ok(String::new());
    };
    if Some(manager) == own_key {
        return Err(FieldErrors::single(
            "manager",
            "Someone cannot be their own manager.",
        ));
    }
    let mut response = checked(
        store
            .db()
            .query("SELECT VALUE display_name FROM ONLY $id")
            .bind(("id", user_id(manager)))
            .await?,
    )?;
    let name: Option<String> = response.take(0)?;
    name.ok_or_else(|| FieldErrors::single("manager", "The chosen manager no longer exists."))
}

fn with_names(fields: audit::Fields, teams: &[String], manager: &str) -> audit::Fields {
    fields
        .into_iter()
        .map(|(field, value)| match field {
            "teams" => (field, teams.join(", ")),
            "manager" => (field, manager.to_owned()),
            _ => (field, value),
        })
        .collect()
}

/// Creates a user with a first password; returns the new user's key.
pub async fn create(store: &Store, actor: &Actor, person: ValidPerson) -> Result<String, AppError> {
    let names = team_names(store, &person.teams).await?;
    let manager = manager_name(store, person.manager.as_deref(), None).await?;
    let password = person.password.as_deref().unwrap_or_default();
    let hash = hash_password(password)?;
    let key = uuid::Uuid::new_v4().simple().to_string();
    let mut changes = audit::created(&with_names(person.audit_fields(&[], ""), &names, &manager));
    changes.push(password_change());
    let response = store
        .db()
        .query("BEGIN")
        .query("CREATE $id CONTENT $content")
        .query("CREATE audit CONTENT $entry")
        .query("COMMIT")
        .bind(("id", user_id(&key)))
        .bind((
            "content",
            NewPerson {
                email: person.email.clone(),
                display_name: person.display_name.clone(),
                roles: person.roles.iter().map(|r| r.key().to_owned()).collect(),
                teams: person.teams.iter().map(|k| team_id(k)).collect(),
                manager: person.manager.as_deref().map(user_id),
                disabled: person.disabled,
                password_hash: hash,
            },
        ))
        .bind((
            "entry",
            NewEntry::new(actor, "user", &key, "create", &changes),
        ))
        .await?;
    checked(response).map_err(|e| duplicate_email(e, &person.email))?;
    tracing::info!(user = %key, "user created");
    Ok(key)
}

fn password_change() -> audit::FieldChange {
    audit::FieldChange {
        field: "password".into(),
        before: None,
        after: Some("set".into()),
    }
}

/// Changes a user if nobody else did since `version`. Disabling ends their sessions in
/// the same transaction. Admins cannot lock themselves out.
pub async fn update(
    store: &Store,
    actor: &Actor,
    key: &str,
    version: u64,
    person: ValidPerson,
) -> Result<u64, AppError> {
    if key == actor.user_id {
        let mut errors = FieldErrors::default();
        if person.disabled {
            errors.add("disabled", "You cannot disable your own account.");
        }
        if !person.roles.contains(&Role::Admin) {
            errors.add("roles", "You cannot remove your own Admin role.");
        }
        errors.into_result()?;
    }
    let names = team_names(store, &person.teams).await?;
    let manager = manager_name(store, person.manager.as_deref(), Some(key)).await?;
    let before = get(store, key).await?;
    let mut changes = audit::diff(
        &before.audit_fields(),
        &with_names(person.audit_fields(&[], ""), &names, &manager),
    );
    let hash = match &person.password {
        Some(password) => {
            changes.push(password_change());
            Some(hash_password(password)?)
        }
        None => None,
    };
    let version =
        i64::try_from(version).map_err(|_| FieldErrors::single("version", "Invalid version."))?;
    let response = store
        .db()
        .query("BEGIN")
        .query("LET $updated = (UPDATE $id MERGE $content WHERE version = $version RETURN VALUE version)")
        .query(
            "IF array::len($updated) > 0 { \
               CREATE audit CONTENT $entry; \
               IF $hash != NONE { UPDATE $id SET password_hash = $hash }; \
               IF $disabled { DELETE session WHERE user = $id }; \
             }",
        )
        .query("$updated")
        .query("COMMIT")
        .bind(("id", user_id(key)))
        .bind(("content", PersonContent::new(&person, version + 1)))
        .bind(("version", version))
        .bind(("hash", hash))
        .bind(("disabled", person.disabled))
        .bind(("entry", NewEntry::new(actor, "user", key, "update", &changes)))
        .await?;
    let mut response = checked(response).map_err(|e| duplicate_email(e, &person.email))?;
    let updated: Vec<i64> = response.take(3)?;
    match updated.first() {
        Some(new) => {
            tracing::info!(user = %key, disabled = person.disabled, "user changed");
            Ok(u64::try_from(*new).unwrap_or(0))
        }
        None => Err(AppError::Conflict(
            "Someone else changed this user while you were editing. Reload to see their changes."
                .into(),
        )),
    }
}
