//! Server functions for the catalog, service requests and the portal: authorize, call
//! the store, answer. Everyone signed in orders and follows their own requests; the
//! store decides who may approve, cancel or comment on a given one.

use super::domain::ItemInput;
use super::report::ReportInput;
use super::views::{CatalogItem, MyTicket, ReportedIncident, Request, RequestRow};
use crate::error::AppError;
use leptos::prelude::*;
use std::collections::BTreeMap;

/// What can be ordered now.
#[server(prefix = "/api", endpoint = "requests/catalog")]
pub async fn catalog() -> Result<Vec<CatalogItem>, AppError> {
    crate::auth::server::authorize(crate::auth::Action::SelfService).await?;
    let store = crate::store::use_store()?;
    crate::http::respond(super::server::catalog(&store, false).await)
}

/// Every item, those no longer ordered included, for the catalog's admins.
#[server(prefix = "/api", endpoint = "requests/catalog-all")]
pub async fn catalog_all() -> Result<Vec<CatalogItem>, AppError> {
    crate::auth::server::authorize(crate::auth::Action::CatalogManage).await?;
    let store = crate::store::use_store()?;
    crate::http::respond(super::server::catalog(&store, true).await)
}

#[server(prefix = "/api", endpoint = "requests/item")]
pub async fn get_catalog_item(key: String) -> Result<CatalogItem, AppError> {
    crate::auth::server::authorize(crate::auth::Action::SelfService).await?;
    let store = crate::store::use_store()?;
    crate::http::respond(super::server::item(&store, &key).await)
}

/// Adds an item (empty `key`) or rewrites one; answers its key.
#[server(prefix = "/api", endpoint = "requests/save-item")]
pub async fn save_catalog_item(
    #[server(default)] key: String,
    #[server(default)] version: u64,
    #[server(default)] input: ItemInput,
) -> Result<String, AppError> {
    let user = crate::auth::server::authorize(crate::auth::Action::CatalogManage).await?;
    let actor = crate::audit::server::Actor::of(&user).await;
    let store = crate::store::use_store()?;
    let result = async {
        let valid = input.validate()?;
        let key = Some(key.trim()).filter(|k| !k.is_empty());
        super::server::save_item(&store, &actor, key, version, &valid).await
    };
    crate::http::respond(result.await)
}

/// The business services an item can belong to, with the hours their SLAs count in.
#[server(prefix = "/api", endpoint = "requests/item-services")]
pub async fn item_services() -> Result<Vec<crate::sla::report::ServiceHours>, AppError> {
    crate::auth::server::authorize(crate::auth::Action::CatalogManage).await?;
    let store = crate::store::use_store()?;
    let index = crate::cmdb::server::use_index()?;
    crate::http::respond(crate::sla::server::service_hours(&store, &index).await)
}

/// Orders a catalog item with the answers to its form (`answers[<field key>]`);
/// answers the request's number.
#[server(prefix = "/api", endpoint = "requests/order")]
pub async fn order(
    item: String,
    #[server(default)] answers: BTreeMap<String, String>,
) -> Result<String, AppError> {
    let user = crate::auth::server::authorize(crate::auth::Action::SelfService).await?;
    let actor = crate::audit::server::Actor::of(&user).await;
    let store = crate::store::use_store()?;
    crate::http::respond(super::server::submit(&store, &actor, &user, &item, &answers).await)
}

/// The signed-in person's requests and the problems they reported.
#[server(prefix = "/api", endpoint = "requests/mine")]
pub async fn my_requests() -> Result<Vec<MyTicket>, AppError> {
    let user = crate::auth::server::authorize(crate::auth::Action::SelfService).await?;
    let store = crate::store::use_store()?;
    crate::http::respond(super::server::mine(&store, &user).await)
}

#[server(prefix = "/api", endpoint = "requests/list")]
pub async fn list_requests(#[server(default)] state: String) -> Result<Vec<RequestRow>, AppError> {
    crate::auth::server::authorize(crate::auth::Action::RequestRead).await?;
    let store = crate::store::use_store()?;
    crate::http::respond(super::server::list(&store, &state).await)
}

/// A request, for its requester or anyone who reads every request.
#[server(prefix = "/api", endpoint = "requests/get")]
pub async fn get_request(number: String) -> Result<Request, AppError> {
    let user = crate::auth::server::authorize(crate::auth::Action::SelfService).await?;
    let store = crate::store::use_store()?;
    crate::http::respond(super::server::get(&store, &number, &user).await)
}

/// The approver's decision: `approve` or `reject` (with a note saying why).
#[server(prefix = "/api", endpoint = "requests/decide")]
pub async fn decide_request(
    number: String,
    version: u64,
    decision: String,
    #[server(default)] note: String,
) -> Result<(), AppError> {
    let user = crate::auth::server::authorize(crate::auth::Action::SelfService).await?;
    let actor = crate::audit::server::Actor::of(&user).await;
    let store = crate::store::use_store()?;
    let result = async {
        let approve = match decision.as_str() {
            "approve" => true,
            "reject" => false,
            _ => {
                return Err(crate::error::FieldErrors::single(
                    "decision",
                    "Approve or reject.",
                ))
            }
        };
        super::server::decide(&store, &actor, &user, &number, version, approve, &note).await
    };
    crate::http::respond(result.await)
}

#[server(prefix = "/api", endpoint = "requests/finish-task")]
pub async fn finish_task(
    number: String,
    version: u64,
    task: u32,
    #[server(default)] note: String,
) -> Result<(), AppError> {
    let user = crate::auth::server::authorize(crate::auth::Action::RequestFulfil).await?;
    let actor = crate::audit::server::Actor::of(&user).await;
    let store = crate::store::use_store()?;
    crate::http::respond(
        super::server::finish_task(&store, &actor, &number, version, task, &note).await,
    )
}

#[server(prefix = "/api", endpoint = "requests/cancel")]
pub async fn cancel_request(
    number: String,
    version: u64,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    let user = crate::auth::server::authorize(crate::auth::Action::SelfService).await?;
    let actor = crate::audit::server::Actor::of(&user).await;
    let store = crate::store::use_store()?;
    crate::http::respond(
        super::server::cancel(&store, &actor, &user, &number, version, &reason).await,
    )
}

/// A comment, or with `internal` a work note (fulfillers only).
#[server(prefix = "/api", endpoint = "requests/comment")]
pub async fn comment_request(
    number: String,
    #[server(default)] text: String,
    #[server(default)] internal: bool,
) -> Result<(), AppError> {
    let user = crate::auth::server::authorize(crate::auth::Action::SelfService).await?;
    let actor = crate::audit::server::Actor::of(&user).await;
    let store = crate::store::use_store()?;
    crate::http::respond(
        super::server::comment(&store, &actor, &user, &number, &text, internal).await,
    )
}

/// Logs an incident the signed-in person reports for themselves; answers its number.
#[server(prefix = "/api", endpoint = "requests/report")]
pub async fn report_problem(#[server(default)] input: ReportInput) -> Result<String, AppError> {
    let user = crate::auth::server::authorize(crate::auth::Action::SelfService).await?;
    let actor = crate::audit::server::Actor::of(&user).await;
    let store = crate::store::use_store()?;
    let result = async {
        let matrix = use_context::<crate::tickets::priority::Matrix>().unwrap_or_default();
        let valid = input.incident(&user.display_name).validate(&matrix)?;
        let index = crate::cmdb::server::use_index()?;
        super::server::report(&store, &index, &actor, &user, &valid).await
    };
    crate::http::respond(result.await)
}

/// The business services people can say a problem is with.
#[server(prefix = "/api", endpoint = "requests/services")]
pub async fn portal_services() -> Result<Vec<String>, AppError> {
    crate::auth::server::authorize(crate::auth::Action::SelfService).await?;
    let store = crate::store::use_store()?;
    crate::http::respond(super::server::services(&store).await)
}

/// An incident the signed-in person reported, as they see it.
#[server(prefix = "/api", endpoint = "requests/my-incident")]
pub async fn my_incident(number: String) -> Result<ReportedIncident, AppError> {
    let user = crate::auth::server::authorize(crate::auth::Action::SelfService).await?;
    let store = crate::store::use_store()?;
    crate::http::respond(super::server::reported(&store, &number, &user).await)
}

/// A comment on an incident the signed-in person reported.
#[server(prefix = "/api", endpoint = "requests/comment-incident")]
pub async fn comment_my_incident(
    number: String,
    #[server(default)] text: String,
) -> Result<(), AppError> {
    let user = crate::auth::server::authorize(crate::auth::Action::SelfService).await?;
    let actor = crate::audit::server::Actor::of(&user).await;
    let store = crate::store::use_store()?;
    crate::http::respond(
        super::server::comment_reported(&store, &actor, &user, &number, &text).await,
    )
}
