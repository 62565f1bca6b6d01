//! Server functions for configuration items: thin wrappers over the store.

use super::domain::{Ci, CiClass, CiInput, CiLink, CiPage};
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
    crate::http::respond(result)
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
    crate::http::respond(result)
}
