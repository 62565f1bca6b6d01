//! Server-only: users and teams in the store, each change audited in its transaction.

mod teams;
mod write;

pub use teams::{create_team, teams};
pub use write::{create, update};

use super::domain::{Person, TeamRef};
use crate::auth::Role;
use crate::error::AppError;
use crate::store::{checked, key_of, Store};
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

/// The names CIs can be owned by: every team, then every active user.
pub async fn owner_names(store: &Store) -> Result<Vec<String>, AppError> {
    Ok(checked(store.db().query(OWNER_NAMES).await?)?.take(0)?)
}

/// Who may own a CI: every team, then every active user, by name.
pub const OWNER_NAMES: &str = "array::concat(\
    (SELECT VALUE name FROM team ORDER BY name_key), \
    (SELECT VALUE display_name FROM user WHERE disabled = false ORDER BY display_name))";
