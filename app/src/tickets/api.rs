//! Server functions for incidents: authorize, call the store, answer.

use super::incident::{IncidentInput, MoveInput};
use super::views::{Incident, IncidentFilter, IncidentRow, Named};
use crate::error::AppError;
use leptos::prelude::*;

#[server(prefix = "/api", endpoint = "incidents/list")]
pub async fn list_incidents(
    #[server(default)] filter: IncidentFilter,
) -> Result<Vec<IncidentRow>, AppError> {
    let user = crate::auth::server::authorize(crate::auth::Action::IncidentRead).await?;
    let store = crate::store::use_store()?;
    crate::http::respond(super::server::list(&store, &filter, &user.id).await)
}

#[server(prefix = "/api", endpoint = "incidents/get")]
pub async fn get_incident(number: String) -> Result<Incident, AppError> {
    let user = crate::auth::server::authorize(crate::auth::Action::IncidentRead).await?;
    let store = crate::store::use_store()?;
    crate::http::respond(super::server::get(&store, &number, &user.id).await)
}

/// Starts (or with `watching` false, stops) following an incident.
#[server(prefix = "/api", endpoint = "incidents/watch")]
pub async fn watch_incident(number: String, watching: bool) -> Result<(), AppError> {
    let user = crate::auth::server::authorize(crate::auth::Action::IncidentRead).await?;
    let store = crate::store::use_store()?;
    crate::http::respond(
        super::server::watch(&store, super::server::INCIDENT, &number, &user.id, watching).await,
    )
}

/// Logs an incident; its priority comes from the impact × urgency matrix. Answers its number.
#[server(prefix = "/api", endpoint = "incidents/open")]
pub async fn open_incident(input: IncidentInput) -> Result<String, AppError> {
    let user = crate::auth::server::authorize(crate::auth::Action::IncidentWrite).await?;
    let actor = crate::audit::server::Actor::of(&user).await;
    let store = crate::store::use_store()?;
    let result = async {
        let matrix = use_context::<super::priority::Matrix>().unwrap_or_default();
        let valid = input.validate(&matrix)?;
        let index = crate::cmdb::server::use_index()?;
        super::server::open(&store, &index, &actor, &valid, None, None).await
    };
    crate::http::respond(result.await)
}

#[server(prefix = "/api", endpoint = "incidents/move")]
pub async fn move_incident(number: String, version: u64, input: MoveInput) -> Result<(), AppError> {
    let user = crate::auth::server::authorize(crate::auth::Action::IncidentWrite).await?;
    let actor = crate::audit::server::Actor::of(&user).await;
    let store = crate::store::use_store()?;
    let result = async {
        super::server::transition(&store, &actor, &number, version, &input).await?;
        let what = format!("moved to {}", input.to.trim());
        super::server::tell_watchers(&store, super::server::INCIDENT, &actor, &number, &what).await;
        Ok(())
    };
    crate::http::respond(result.await)
}

#[server(prefix = "/api", endpoint = "incidents/assign")]
pub async fn assign_incident(
    number: String,
    version: u64,
    #[server(default)] team: String,
    #[server(default)] assignee: String,
) -> Result<(), AppError> {
    let user = crate::auth::server::authorize(crate::auth::Action::IncidentWrite).await?;
    let actor = crate::audit::server::Actor::of(&user).await;
    let store = crate::store::use_store()?;
    let some = |text: String| Some(text.trim().to_owned()).filter(|t| !t.is_empty());
    let result = async {
        super::server::assign(&store, &actor, &number, version, some(team), some(assignee)).await?;
        super::server::tell_watchers(
            &store,
            super::server::INCIDENT,
            &actor,
            &number,
            "reassigned",
        )
        .await;
        Ok(())
    };
    crate::http::respond(result.await)
}

/// Escalates to another team (functional) or to a manager (hierarchical), saying why.
#[server(prefix = "/api", endpoint = "incidents/escalate")]
pub async fn escalate_incident(
    number: String,
    version: u64,
    #[server(default)] input: super::escalation::EscalateInput,
) -> Result<(), AppError> {
    let user = crate::auth::server::authorize(crate::auth::Action::IncidentWrite).await?;
    let actor = crate::audit::server::Actor::of(&user).await;
    let store = crate::store::use_store()?;
    let result = async {
        let (how, reason) = input.validate()?;
        super::server::escalate(&store, &actor, &number, version, &how, &reason).await?;
        super::server::tell_watchers(
            &store,
            super::server::INCIDENT,
            &actor,
            &number,
            "escalated",
        )
        .await;
        Ok(())
    };
    crate::http::respond(result.await)
}

/// The post-incident review of a resolved P1.
#[server(prefix = "/api", endpoint = "incidents/review")]
pub async fn review_incident(number: String, version: u64, text: String) -> Result<(), AppError> {
    let user = crate::auth::server::authorize(crate::auth::Action::IncidentWrite).await?;
    let actor = crate::audit::server::Actor::of(&user).await;
    let store = crate::store::use_store()?;
    crate::http::respond(super::server::review(&store, &actor, &number, version, &text).await)
}

/// A comment, or with `internal` a work note, on an incident's timeline.
#[server(prefix = "/api", endpoint = "incidents/note")]
pub async fn note_incident(
    number: String,
    text: String,
    #[server(default)] internal: bool,
) -> Result<(), AppError> {
    let user = crate::auth::server::authorize(crate::auth::Action::IncidentWrite).await?;
    let actor = crate::audit::server::Actor::of(&user).await;
    let store = crate::store::use_store()?;
    let result = async {
        super::server::note(&store, &actor, &number, &text, internal).await?;
        let what = if internal {
            "work note added"
        } else {
            "comment added"
        };
        super::server::tell_watchers(&store, super::server::INCIDENT, &actor, &number, what).await;
        Ok(())
    };
    crate::http::respond(result.await)
}

/// Teams and people to assign incidents to.
#[server(prefix = "/api", endpoint = "incidents/assignable")]
pub async fn assignable() -> Result<(Vec<Named>, Vec<Named>), AppError> {
    crate::auth::server::authorize(crate::auth::Action::IncidentRead).await?;
    let store = crate::store::use_store()?;
    crate::http::respond(super::server::assignable(&store).await)
}
