//! Server functions for configuration items: thin wrappers over the store.

use super::domain::{Ci, CiClass, CiInput, CiLink, CiPage};
use super::query::ListQuery;
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
pub async fn list_cis(#[server(default)] query: ListQuery) -> Result<CiPage, AppError> {
    crate::auth::server::authorize(crate::auth::Action::CmdbRead).await?;
    let store = crate::store::use_store()?;
    let result = async {
        let index = super::server::use_index()?;
        super::server::list(&store, &index, &query.clean()).await
    };
    crate::http::respond(result.await)
}

/// Sets the status of the selected CIs (ids, comma-separated): all of them or none.
#[server(prefix = "/api", endpoint = "cmdb/bulk-status")]
pub async fn bulk_status(ids: String, status: String) -> Result<usize, AppError> {
    let user = crate::auth::server::authorize(crate::auth::Action::CmdbWrite).await?;
    let actor = crate::audit::server::Actor::of(&user).await;
    let store = crate::store::use_store()?;
    let result = match super::domain::CiStatus::parse(&status) {
        Some(status) => super::server::bulk_status(&store, &actor, &split_ids(&ids), status).await,
        None => Err(crate::error::FieldErrors::single(
            "status",
            "Choose a status.",
        )),
    };
    crate::http::respond(patched(&store, result, &split_ids(&ids), &[]).await)
}

/// Deletes the selected CIs (ids, comma-separated) with their relations: all or none.
#[server(prefix = "/api", endpoint = "cmdb/bulk-delete")]
pub async fn bulk_delete(ids: String) -> Result<usize, AppError> {
    let user = crate::auth::server::authorize(crate::auth::Action::CmdbWrite).await?;
    let actor = crate::audit::server::Actor::of(&user).await;
    let store = crate::store::use_store()?;
    let result = super::server::bulk_delete(&store, &actor, &split_ids(&ids)).await;
    crate::http::respond(patched(&store, result, &split_ids(&ids), &[]).await)
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
    let created: Vec<String> = result.iter().map(|link| link.id.clone()).collect();
    crate::http::respond(patched(&store, result, &created, &[]).await)
}

#[server(prefix = "/api", endpoint = "cmdb/update")]
pub async fn update_ci(id: String, version: u64, input: CiInput) -> Result<u64, AppError> {
    let user = crate::auth::server::authorize(crate::auth::Action::CmdbWrite).await?;
    let actor = crate::audit::server::Actor::of(&user).await;
    let store = crate::store::use_store()?;
    let result = async {
        let ci = input.validate()?;
        let version = super::server::update(&store, &actor, &id, version, ci).await?;
        // Its relations did not change.
        super::server::use_index()?
            .reload_fields(&store, &id)
            .await?;
        Ok(version)
    };
    crate::http::respond(result.await)
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
    let index = super::server::use_index()?;
    Ok(index.suggest(&text))
}

#[server(prefix = "/api", endpoint = "cmdb/relate")]
pub async fn relate_cis(input: RelationInput) -> Result<Relation, AppError> {
    let user = crate::auth::server::authorize(crate::auth::Action::CmdbWrite).await?;
    let actor = crate::audit::server::Actor::of(&user).await;
    let store = crate::store::use_store()?;
    let ci = input.ci.clone();
    let result = match input.validate() {
        Ok(relation) => super::server::relate(&store, &actor, relation).await,
        Err(error) => Err(error),
    };
    crate::http::respond(patched(&store, result, &[ci], &[]).await)
}

#[server(prefix = "/api", endpoint = "cmdb/unrelate")]
pub async fn unrelate_cis(ci: String, relation: String) -> Result<(), AppError> {
    let user = crate::auth::server::authorize(crate::auth::Action::CmdbWrite).await?;
    let actor = crate::audit::server::Actor::of(&user).await;
    let store = crate::store::use_store()?;
    let result = super::server::unrelate(&store, &actor, &ci, &relation).await;
    crate::http::respond(patched(&store, result, &[ci], &[relation]).await)
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
    crate::http::respond(patched(&store, result, &[id], &[]).await)
}

/// What is affected if all the CIs in `failed` (ids, comma-separated) fail: page
/// `services_page` (from 1) of the affected services and page `page` of the affected CIs.
#[server(prefix = "/api", endpoint = "cmdb/impact")]
pub async fn impact_of(
    failed: String,
    page: usize,
    services_page: usize,
) -> Result<Impact, AppError> {
    crate::auth::server::authorize(crate::auth::Action::CmdbRead).await?;
    let ids = split_ids(&failed);
    let pages = super::relations::ImpactPages {
        services: services_page,
        cis: page,
    };
    crate::http::respond(super::server::use_index().and_then(|index| index.impact(&ids, pages)))
}

/// The service portfolio: every business service with what it needs.
#[server(prefix = "/api", endpoint = "cmdb/services")]
pub async fn list_services() -> Result<Vec<super::relations::ServiceSummary>, AppError> {
    crate::auth::server::authorize(crate::auth::Action::CmdbRead).await?;
    crate::http::respond(super::server::use_index().map(|index| index.services()))
}

/// The layered map around the CI `id`: what it needs and what needs it, with what the
/// failure of `failed` (ids, comma-separated; may be empty) would affect.
#[server(prefix = "/api", endpoint = "cmdb/map")]
pub async fn map_of(id: String, failed: String) -> Result<super::map::ServiceMap, AppError> {
    crate::auth::server::authorize(crate::auth::Action::CmdbRead).await?;
    let failed = split_ids(&failed);
    crate::http::respond(super::server::use_index().and_then(|index| index.map(&id, &failed)))
}

/// Everything the CI `id` needs, transitively: the first page of services it needs and
/// page `page` (from 1) of the needed CIs.
#[server(prefix = "/api", endpoint = "cmdb/needs")]
pub async fn needs_of(id: String, page: usize) -> Result<Impact, AppError> {
    crate::auth::server::authorize(crate::auth::Action::CmdbRead).await?;
    let pages = super::relations::ImpactPages {
        services: 1,
        cis: page,
    };
    crate::http::respond(super::server::use_index().and_then(|index| index.needs(&id, pages)))
}

/// `a, b,c` as `["a", "b", "c"]`.
pub fn split_ids(ids: &str) -> Vec<String> {
    ids.split(',')
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .map(str::to_owned)
        .collect()
}

/// After a successful write to relation types or groups, the impact index reloads
/// before answering, so the writer's next analysis sees the change.
#[cfg(feature = "ssr")]
async fn refreshed<T>(
    store: &crate::store::Store,
    result: Result<T, AppError>,
) -> Result<T, AppError> {
    let value = result?;
    super::server::use_index()?.rebuild(store).await?;
    Ok(value)
}

/// After a successful write to CIs or relations, the impact index re-reads them (and
/// the ends of the relations) before answering.
#[cfg(feature = "ssr")]
async fn patched<T>(
    store: &crate::store::Store,
    result: Result<T, AppError>,
    cis: &[String],
    rels: &[String],
) -> Result<T, AppError> {
    let value = result?;
    super::server::use_index()?.reload(store, cis, rels).await?;
    Ok(value)
}

/// Every class with its attributes and, when `counted`, how many CIs it has.
#[server(prefix = "/api", endpoint = "cmdb/class-defs")]
pub async fn list_class_defs(counted: bool) -> Result<Vec<super::classes::ClassDef>, AppError> {
    crate::auth::server::authorize(crate::auth::Action::CmdbRead).await?;
    let store = crate::store::use_store()?;
    let result = async {
        let mut defs = super::server::class_defs(&store).await?;
        if counted {
            let counts = super::server::use_index()?.class_counts();
            for def in &mut defs {
                def.cis = counts.get(&def.key).copied().unwrap_or(0);
            }
        }
        Ok(defs)
    };
    crate::http::respond(result.await)
}

/// Creates a class (no `key`) or changes its name, icon or parent.
#[server(prefix = "/api", endpoint = "cmdb/save-class")]
pub async fn save_class(
    #[server(default)] key: String,
    input: super::classes::ClassInput,
) -> Result<String, AppError> {
    let user = crate::auth::server::authorize(crate::auth::Action::CmdbSchema).await?;
    let actor = crate::audit::server::Actor::of(&user).await;
    let store = crate::store::use_store()?;
    let key = (!key.is_empty()).then_some(key);
    let result = match input.validate() {
        Ok(input) => super::server::save_class(&store, &actor, key.as_deref(), input).await,
        Err(error) => Err(error),
    };
    crate::http::respond(refreshed(&store, result).await)
}

/// Adds an attribute to a class.
#[server(prefix = "/api", endpoint = "cmdb/add-attribute")]
pub async fn add_attribute(
    class: String,
    input: super::classes::AttributeInput,
) -> Result<(), AppError> {
    let user = crate::auth::server::authorize(crate::auth::Action::CmdbSchema).await?;
    let actor = crate::audit::server::Actor::of(&user).await;
    let store = crate::store::use_store()?;
    let result = async {
        let def = class_def(&store, &class).await?;
        let attribute = input.validate(&def.attributes)?;
        let change = crate::audit::FieldChange {
            field: "attributes".into(),
            before: None,
            after: Some(format!("{} ({})", attribute.label, attribute.kind.label())),
        };
        let mut attributes = def.attributes;
        attributes.push(attribute);
        super::server::set_attributes(&store, &actor, &class, attributes, change).await
    };
    crate::http::respond(result.await)
}

/// Removes an attribute from a class; CIs keep the values they had.
#[server(prefix = "/api", endpoint = "cmdb/remove-attribute")]
pub async fn remove_attribute(class: String, label: String) -> Result<(), AppError> {
    let user = crate::auth::server::authorize(crate::auth::Action::CmdbSchema).await?;
    let actor = crate::audit::server::Actor::of(&user).await;
    let store = crate::store::use_store()?;
    let result = async {
        let def = class_def(&store, &class).await?;
        if !def.attributes.iter().any(|a| a.label == label) {
            return Err(AppError::NotFound("This attribute".into()));
        }
        let change = crate::audit::FieldChange {
            field: "attributes".into(),
            before: Some(label.clone()),
            after: None,
        };
        let attributes = def
            .attributes
            .into_iter()
            .filter(|a| a.label != label)
            .collect();
        super::server::set_attributes(&store, &actor, &class, attributes, change).await
    };
    crate::http::respond(result.await)
}

#[cfg(feature = "ssr")]
async fn class_def(
    store: &crate::store::Store,
    class: &str,
) -> Result<super::classes::ClassDef, AppError> {
    super::server::class_defs(store)
        .await?
        .into_iter()
        .find(|c| c.key == class)
        .ok_or_else(|| AppError::NotFound("This class".into()))
}

/// Adds a relation type, with how a failure travels along it.
#[server(prefix = "/api", endpoint = "cmdb/add-relation-type")]
pub async fn add_relation_type(
    input: super::groups::RelationTypeInput,
) -> Result<String, AppError> {
    let user = crate::auth::server::authorize(crate::auth::Action::CmdbSchema).await?;
    let actor = crate::audit::server::Actor::of(&user).await;
    let store = crate::store::use_store()?;
    let result = match input.validate() {
        Ok((name, reverse, how)) => {
            super::server::add_relation_type(&store, &actor, name, reverse, how).await
        }
        Err(error) => Err(error),
    };
    crate::http::respond(refreshed(&store, result).await)
}

#[server(prefix = "/api", endpoint = "cmdb/groups")]
pub async fn list_groups() -> Result<Vec<super::groups::Group>, AppError> {
    crate::auth::server::authorize(crate::auth::Action::CmdbRead).await?;
    let store = crate::store::use_store()?;
    crate::http::respond(super::server::groups(&store).await)
}

/// Creates a redundancy group, or replaces the one with the same name.
#[server(prefix = "/api", endpoint = "cmdb/save-group")]
pub async fn save_group(input: super::groups::GroupInput) -> Result<String, AppError> {
    let user = crate::auth::server::authorize(crate::auth::Action::CmdbWrite).await?;
    let actor = crate::audit::server::Actor::of(&user).await;
    let store = crate::store::use_store()?;
    let result = match input.validate() {
        Ok(group) => super::server::save_group(&store, &actor, group).await,
        Err(error) => Err(error),
    };
    crate::http::respond(refreshed(&store, result).await)
}

#[server(prefix = "/api", endpoint = "cmdb/delete-group")]
pub async fn delete_group(id: String) -> Result<(), AppError> {
    let user = crate::auth::server::authorize(crate::auth::Action::CmdbWrite).await?;
    let actor = crate::audit::server::Actor::of(&user).await;
    let store = crate::store::use_store()?;
    let result = super::server::delete_group(&store, &actor, &id).await;
    crate::http::respond(refreshed(&store, result).await)
}
