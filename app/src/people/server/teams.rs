//! Server-only: teams, their members, and new teams, audited.

use super::team_id;
use crate::audit;
use crate::audit::server::{Actor, NewEntry};
use crate::error::{AppError, FieldErrors};
use crate::people::domain::{Team, TeamInput, TeamRef};
use crate::store::{checked, is_unique_violation, key_of, Store};
use surrealdb::types::{RecordId, SurrealValue};

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
