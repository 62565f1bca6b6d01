//! Server-only: users and teams in the store, each change audited in its transaction.

use super::domain::{Person, Team, TeamInput, TeamRef, ValidPerson};
use crate::audit;
use crate::audit::server::{Actor, NewEntry};
use crate::auth::server::hash_password;
use crate::auth::Role;
use crate::error::{AppError, FieldErrors};
use crate::store::{checked, is_unique_violation, key_of, Store};
use surrealdb::types::{Datetime, RecordId, SurrealValue};

fn user_id(key: &str) -> RecordId {
    RecordId::new("user", key)
}

fn team_id(key: &str) -> RecordId {
    RecordId::new("team", key)
}

#[derive(SurrealValue)]
struct TeamRecord {
    id: RecordId,
    name: String,
}

#[derive(SurrealValue)]
struct PersonRecord {
    id: RecordId,
    email: String,
    display_name: String,
    roles: Vec<String>,
    teams: Vec<TeamRecord>,
    manager: Option<RecordId>,
    manager_name: Option<String>,
    disabled: bool,
    version: i64,
    created_at: Datetime,
}

impl From<PersonRecord> for Person {
    fn from(r: PersonRecord) -> Self {
        let mut roles: Vec<Role> = r.roles.iter().filter_map(|k| Role::from_key(k)).collect();
        roles.sort();
        Person {
            id: key_of(&r.id),
            email: r.email,
            display_name: r.display_name,
            roles,
            teams: r
                .teams
                .into_iter()
                .map(|t| TeamRef {
                    id: key_of(&t.id),
                    name: t.name,
                })
                .collect(),
            manager: r.manager.map(|id| TeamRef {
                name: r.manager_name.unwrap_or_else(|| key_of(&id)),
                id: key_of(&id),
            }),
            disabled: r.disabled,
            version: u64::try_from(r.version).unwrap_or(0),
            created_at: r.created_at.format("%Y-%m-%d").to_string(),
        }
    }
}

/// The fields of a [`PersonRecord`], for the queries below.
macro_rules! person_fields {
    () => {
        "SELECT id, email, display_name, roles, disabled, version, created_at, manager, \
         manager.display_name AS manager_name, \
         (SELECT id, name FROM $parent.teams ORDER BY name) AS teams "
    };
}

pub async fn list(store: &Store) -> Result<Vec<Person>, AppError> {
    let mut response = checked(
        store
            .db()
            .query(concat!(person_fields!(), "FROM user ORDER BY email_key"))
            .await?,
    )?;
    let rows: Vec<PersonRecord> = response.take(0)?;
    Ok(rows.into_iter().map(Person::from).collect())
}

pub async fn get(store: &Store, key: &str) -> Result<Person, AppError> {
    let mut response = checked(
        store
            .db()
            .query(concat!(person_fields!(), "FROM $id"))
            .bind(("id", user_id(key)))
            .await?,
    )?;
    let found: Vec<PersonRecord> = response.take(0)?;
    found
        .into_iter()
        .next()
        .map(Person::from)
        .ok_or_else(|| AppError::NotFound("This user".into()))
}

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

#[derive(SurrealValue)]
struct TeamRow {
    id: RecordId,
    name: String,
    description: String,
    members: Vec<String>,
}

pub async fn teams(store: &Store) -> Result<Vec<Team>, AppError> {
    let mut response = checked(
        store
            .db()
            .query(
                "SELECT id, name, description, \
                 (SELECT VALUE display_name FROM user WHERE teams CONTAINS $parent.id ORDER BY display_name) AS members \
                 FROM team ORDER BY name_key",
            )
            .await?,
    )?;
    let rows: Vec<TeamRow> = response.take(0)?;
    Ok(rows
        .into_iter()
        .map(|r| Team {
            id: key_of(&r.id),
            name: r.name,
            description: r.description,
            members: r.members,
        })
        .collect())
}

/// Creates a team and returns a link to it.
pub async fn create_team(
    store: &Store,
    actor: &Actor,
    team: TeamInput,
) -> Result<TeamRef, AppError> {
    let key = uuid::Uuid::new_v4().simple().to_string();
    let changes = audit::created(&team.audit_fields());
    let response = store
        .db()
        .query("BEGIN")
        .query("CREATE $id CONTENT { name: $name, description: $description }")
        .query("CREATE audit CONTENT $entry")
        .query("COMMIT")
        .bind(("id", team_id(&key)))
        .bind(("name", team.name.clone()))
        .bind(("description", team.description.clone()))
        .bind((
            "entry",
            NewEntry::new(actor, "team", &key, "create", &changes),
        ))
        .await?;
    checked(response).map_err(|error| {
        if is_unique_violation(&error, "team_name_key") {
            FieldErrors::single(
                "name",
                format!("A team named \u{201c}{}\u{201d} already exists.", team.name),
            )
        } else {
            error.into()
        }
    })?;
    Ok(TeamRef {
        id: key,
        name: team.name,
    })
}

/// The names CIs can be owned by: every team, then every active user.
pub async fn owner_names(store: &Store) -> Result<Vec<String>, AppError> {
    Ok(checked(store.db().query(OWNER_NAMES).await?)?.take(0)?)
}

/// Who may own a CI: every team, then every active user, by name.
pub const OWNER_NAMES: &str = "array::concat(\
    (SELECT VALUE name FROM team ORDER BY name_key), \
    (SELECT VALUE display_name FROM user WHERE disabled = false ORDER BY display_name))";
