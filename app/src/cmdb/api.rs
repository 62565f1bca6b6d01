//! Server functions for configuration items: thin wrappers over the store.

use super::domain::{Ci, CiClass, CiInput, CiLink, CiPage};
use super::relations::{Impact, Relation, RelationInput, RelationType};
use crate::error::AppError;
use leptos::prelude::*;

#[server(prefix = "/api", endpoint = "cmdb/classes")]
pub async fn list_classes() -> Result<Vec<CiClass>, AppError> {
    crate::auth::server::authorize(crate::auth::Action::CmdbRead).await?;
    let store = crate::store::use_store()?;
    crate::http::respond(super::server::classes(&store).await)
}

#[server(prefix = "/api", endpoint = "cmdb/list")]
pub async fn list_cis(page: u32, per_page: u32) -> Result<CiPage, AppError> {
    crate::auth::server::authorize(crate::auth::Action::CmdbRead).await?;
    let store = crate::store::use_store()?;
    crate::http::respond(super::server::list(&store, page, per_page).await)
}

#[server(prefix = "/api", endpoint = "cmdb/get")]
pub async fn get_ci(id: String) -> Result<Ci, AppError> {
    crate::auth::server::authorize(crate::auth::Action::CmdbRead).await?;
    let store = crate::store::use_store()?;
    crate::http::respond(super::server::get(&store, &id).await)
}

#[server(prefix = "/api", endpoint = "cmdb/create")]
pub async fn create_ci(input: CiInput) -> Result<CiLink, AppError> {
    let user = crate::auth::server::authorize(crate::auth::Action::CmdbWrite).await?;
    let actor = crate::audit::server::Actor::of(&user).await;
    let store = crate::store::use_store()?;
    let result = match input.validate() {
        Ok(ci) => super::server::create(&store, &actor, ci).await,
        Err(error) => Err(error),
    };
    crate::http::respond(refreshed(&store, result).await)
}

#[server(prefix = "/api", endpoint = "cmdb/update")]
pub async fn update_ci(id: String, version: u64, input: CiInput) -> Result<u64, AppError> {
    let user = crate::auth::server::authorize(crate::auth::Action::CmdbWrite).await?;
    let actor = crate::audit::server::Actor::of(&user).await;
    let store = crate::store::use_store()?;
    let result = match input.validate() {
        Ok(ci) => super::server::update(&store, &actor, &id, version, ci).await,
        Err(error) => Err(error),
    };
    crate::http::respond(refreshed(&store, result).await)
}

#[server(prefix = "/api", endpoint = "cmdb/relation-types")]
pub async fn list_relation_types() -> Result<Vec<RelationType>, AppError> {
    crate::auth::server::authorize(crate::auth::Action::CmdbRead).await?;
    let store = crate::store::use_store()?;
    crate::http::respond(super::server::relation_types(&store).await)
}

/// Up to ten CIs whose name contains `text`, for typeahead suggestions.
#[server(prefix = "/api", endpoint = "cmdb/search")]
pub async fn search_cis(text: String) -> Result<Vec<CiLink>, AppError> {
    crate::auth::server::authorize(crate::auth::Action::CmdbRead).await?;
    let store = crate::store::use_store()?;
    crate::http::respond(super::server::search(&store, &text).await)
}

#[server(prefix = "/api", endpoint = "cmdb/relate")]
pub async fn relate_cis(input: RelationInput) -> Result<Relation, AppError> {
    let user = crate::auth::server::authorize(crate::auth::Action::CmdbWrite).await?;
    let actor = crate::audit::server::Actor::of(&user).await;
    let store = crate::store::use_store()?;
    let result = match input.validate() {
        Ok(relation) => super::server::relate(&store, &actor, relation).await,
        Err(error) => Err(error),
    };
    crate::http::respond(refreshed(&store, result).await)
}

#[server(prefix = "/api", endpoint = "cmdb/unrelate")]
pub async fn unrelate_cis(ci: String, relation: String) -> Result<(), AppError> {
    let user = crate::auth::server::authorize(crate::auth::Action::CmdbWrite).await?;
    let actor = crate::audit::server::Actor::of(&user).await;
    let store = crate::store::use_store()?;
    let result = super::server::unrelate(&store, &actor, &ci, &relation).await;
    crate::http::respond(refreshed(&store, result).await)
}

/// Deletes a CI and its relations, if it is still at `version`.
#[server(prefix = "/api", endpoint = "cmdb/delete")]
pub async fn delete_ci(id: String, version: u64) -> Result<(), AppError> {
    let user = crate::auth::server::authorize(crate::auth::Action::CmdbWrite).await?;
    let actor = crate::audit::server::Actor::of(&user).await;
    let store = crate::store::use_store()?;
    let result = super::server::delete(&store, &actor, &id, version)
        .await
        .map(|_| ());
    crate::http::respond(refreshed(&store, result).await)
}

/// What is affected if all the CIs in `failed` (ids, comma-separated) fail.
#[server(prefix = "/api", endpoint = "cmdb/impact")]
pub async fn impact_of(failed: String) -> Result<Impact, AppError> {
    crate::auth::server::authorize(crate::auth::Action::CmdbRead).await?;
    let ids: Vec<String> = failed
        .split(',')
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .map(str::to_owned)
        .collect();
    crate::http::respond(super::server::use_index().and_then(|index| index.impact(&ids)))
}

/// Everything the CI `id` needs, transitively.
#[server(prefix = "/api", endpoint = "cmdb/needs")]
pub async fn needs_of(id: String) -> Result<Impact, AppError> {
    crate::auth::server::authorize(crate::auth::Action::CmdbRead).await?;
    crate::http::respond(super::server::use_index().and_then(|index| index.needs(&id)))
}

/// After a successful write, the impact index is rebuilt before answering, so the
/// writer's next analysis sees the change.
#[cfg(feature = "ssr")]
async fn refreshed<T>(
    store: &crate::store::Store,
    result: Result<T, AppError>,
) -> Result<T, AppError> {
    let value = result?;
    super::server::use_index()?.rebuild(store).await?;
    Ok(value)
}
