//! Server functions for users and teams: admins only.

use super::domain::{Person, PersonInput, Team, TeamInput, TeamRef};
use crate::error::AppError;
use leptos::prelude::*;

#[server(prefix = "/api", endpoint = "people/list")]
pub async fn list_people() -> Result<Vec<Person>, AppError> {
    crate::auth::server::authorize(crate::auth::Action::UsersManage).await?;
    let store = crate::store::use_store()?;
    crate::http::respond(super::server::list(&store).await)
}

#[server(prefix = "/api", endpoint = "people/get")]
pub async fn get_person(id: String) -> Result<Person, AppError> {
    crate::auth::server::authorize(crate::auth::Action::UsersManage).await?;
    let store = crate::store::use_store()?;
    crate::http::respond(super::server::get(&store, &id).await)
}

/// Creates a user and returns their id.
#[server(prefix = "/api", endpoint = "people/create")]
pub async fn create_person(input: PersonInput) -> Result<String, AppError> {
    let user = crate::auth::server::authorize(crate::auth::Action::UsersManage).await?;
    let actor = crate::audit::server::Actor::of(&user).await;
    let store = crate::store::use_store()?;
    let result = match input.validate(true) {
        Ok(person) => super::server::create(&store, &actor, person).await,
        Err(error) => Err(error),
    };
    crate::http::respond(result)
}

/// Changes a user based on `version`; returns the new version.
#[server(prefix = "/api", endpoint = "people/update")]
pub async fn update_person(id: String, version: u64, input: PersonInput) -> Result<u64, AppError> {
    let user = crate::auth::server::authorize(crate::auth::Action::UsersManage).await?;
    let actor = crate::audit::server::Actor::of(&user).await;
    let store = crate::store::use_store()?;
    let result = match input.validate(false) {
        Ok(person) => super::server::update(&store, &actor, &id, version, person).await,
        Err(error) => Err(error),
    };
    // The change stream says so too, but a request right after this one must not wait.
    if result.is_ok() {
        if let Some(users) = leptos::prelude::use_context::<crate::auth::server::ActiveUsers>() {
            users.forget();
        }
        // Disabling ended their sessions.
        crate::auth::server::forget_sessions(&id);
    }
    crate::http::respond(result)
}

#[server(prefix = "/api", endpoint = "people/teams")]
pub async fn list_teams() -> Result<Vec<Team>, AppError> {
    crate::auth::server::authorize(crate::auth::Action::UsersManage).await?;
    let store = crate::store::use_store()?;
    crate::http::respond(super::server::teams(&store).await)
}

#[server(prefix = "/api", endpoint = "people/create-team")]
pub async fn create_team(input: TeamInput) -> Result<TeamRef, AppError> {
    let user = crate::auth::server::authorize(crate::auth::Action::UsersManage).await?;
    let actor = crate::audit::server::Actor::of(&user).await;
    let store = crate::store::use_store()?;
    let result = match input.validate() {
        Ok(team) => super::server::create_team(&store, &actor, team).await,
        Err(error) => Err(error),
    };
    crate::http::respond(result)
}

/// Team and user names, for suggesting a CI's owner. Anyone who may read the CMDB.
#[server(prefix = "/api", endpoint = "people/owners")]
pub async fn owner_names() -> Result<Vec<String>, AppError> {
    crate::auth::server::authorize(crate::auth::Action::CmdbRead).await?;
    let store = crate::store::use_store()?;
    crate::http::respond(super::server::owner_names(&store).await)
}
