//! Server functions for assets: thin wrappers over the store.

use super::costs::{CostReport, PeriodInput};
use super::domain::{Asset, AssetInput, Holder};
use super::list::{AssetFilter, AssetPage};
use super::suppliers::{ContractInput, Expiring, SupplierInput, SupplierView};
use crate::error::AppError;
use leptos::prelude::*;

#[server(prefix = "/api", endpoint = "assets/list")]
pub async fn list_assets(#[server(default)] filter: AssetFilter) -> Result<AssetPage, AppError> {
    let user = crate::auth::server::authorize(crate::auth::Action::AssetRead).await?;
    let store = crate::store::use_store()?;
    let mut valid = filter.clean();
    // "Mine" is the signed-in user; the browser never names whose assets it gets.
    valid.holder = filter.mine.then_some(user.id);
    crate::http::respond(super::server::list(&store, &valid).await)
}

#[server(prefix = "/api", endpoint = "assets/get")]
pub async fn get_asset(id: String) -> Result<Asset, AppError> {
    crate::auth::server::authorize(crate::auth::Action::AssetRead).await?;
    let store = crate::store::use_store()?;
    let fiscal_year = use_context().unwrap_or_default();
    crate::http::respond(super::server::get(&store, &id, fiscal_year).await)
}

/// Registers an asset and answers its key.
#[server(prefix = "/api", endpoint = "assets/create")]
pub async fn create_asset(input: AssetInput, state: String) -> Result<String, AppError> {
    let user = crate::auth::server::authorize(crate::auth::Action::AssetWrite).await?;
    let actor = crate::audit::server::Actor::of(&user).await;
    let store = crate::store::use_store()?;
    let result = async {
        let valid = input.validate()?;
        let state = super::lifecycle::AssetState::initial(&state).ok_or_else(|| {
            crate::error::FieldErrors::single("state", "A new asset is either Ordered or In Stock.")
        })?;
        let pattern = super::server::use_tag_pattern()?;
        super::server::create(&store, &actor, &valid, state, &pattern).await
    };
    crate::http::respond(result.await)
}

#[server(prefix = "/api", endpoint = "assets/update")]
pub async fn update_asset(id: String, version: u64, input: AssetInput) -> Result<(), AppError> {
    let user = crate::auth::server::authorize(crate::auth::Action::AssetWrite).await?;
    let actor = crate::audit::server::Actor::of(&user).await;
    let store = crate::store::use_store()?;
    let result = async {
        let valid = input.validate()?;
        super::server::update(&store, &actor, &id, version, &valid).await
    };
    crate::http::respond(result.await)
}

/// Moves an asset along its lifecycle, e.g. to "In Use" or "Retired".
#[server(prefix = "/api", endpoint = "assets/move")]
pub async fn move_asset(
    id: String,
    version: u64,
    to: String,
    #[server(default)] note: String,
    #[server(default)] confirmed: bool,
) -> Result<(), AppError> {
    let user = crate::auth::server::authorize(crate::auth::Action::AssetWrite).await?;
    let actor = crate::audit::server::Actor::of(&user).await;
    let store = crate::store::use_store()?;
    let result = async {
        let to = super::lifecycle::AssetState::parse(&to).ok_or_else(|| {
            crate::error::FieldErrors::single("to", "There is no such lifecycle state.")
        })?;
        let index = crate::cmdb::server::use_index()?;
        let request = super::server::Request {
            key: &id,
            version,
            to,
            note: &note,
            confirmed,
        };
        super::server::transition(&store, &index, &actor, request).await
    };
    crate::http::respond(result.await)
}

/// The business services retiring this asset would affect (empty when its CI is not Active).
#[server(prefix = "/api", endpoint = "assets/retire-impact")]
pub async fn retire_impact(id: String) -> Result<Vec<String>, AppError> {
    crate::auth::server::authorize(crate::auth::Action::AssetRead).await?;
    let store = crate::store::use_store()?;
    let result = async {
        let index = crate::cmdb::server::use_index()?;
        super::server::retire_impact(&store, &index, &id).await
    };
    crate::http::respond(result.await)
}

#[server(prefix = "/api", endpoint = "assets/people")]
pub async fn asset_people() -> Result<Vec<Holder>, AppError> {
    crate::auth::server::authorize(crate::auth::Action::AssetWrite).await?;
    let store = crate::store::use_store()?;
    crate::http::respond(super::server::people(&store).await)
}

#[server(prefix = "/api", endpoint = "assets/check-out")]
pub async fn check_out_asset(
    id: String,
    version: u64,
    person: String,
    #[server(default)] note: String,
) -> Result<(), AppError> {
    let user = crate::auth::server::authorize(crate::auth::Action::AssetWrite).await?;
    let actor = crate::audit::server::Actor::of(&user).await;
    let store = crate::store::use_store()?;
    crate::http::respond(
        super::server::check_out(&store, &actor, &id, version, &person, &note).await,
    )
}

#[server(prefix = "/api", endpoint = "assets/check-in")]
pub async fn check_in_asset(
    id: String,
    version: u64,
    #[server(default)] note: String,
) -> Result<(), AppError> {
    let user = crate::auth::server::authorize(crate::auth::Action::AssetWrite).await?;
    let actor = crate::audit::server::Actor::of(&user).await;
    let store = crate::store::use_store()?;
    crate::http::respond(super::server::check_in(&store, &actor, &id, version, &note).await)
}

/// What the assets cost in a period: showback by business service, totals by owner and
/// by category. The period defaults to this calendar year.
#[server(prefix = "/api", endpoint = "assets/costs")]
pub async fn asset_costs(#[server(default)] period: PeriodInput) -> Result<CostReport, AppError> {
    crate::auth::server::authorize(crate::auth::Action::AssetRead).await?;
    let store = crate::store::use_store()?;
    let result = async {
        let period = period.validate(surrealdb::types::Datetime::now().date_naive())?;
        let index = crate::cmdb::server::use_index()?;
        super::server::costs(&store, &index, period).await
    };
    crate::http::respond(result.await)
}

#[server(prefix = "/api", endpoint = "assets/suppliers")]
pub async fn list_suppliers() -> Result<Vec<SupplierView>, AppError> {
    crate::auth::server::authorize(crate::auth::Action::AssetRead).await?;
    let store = crate::store::use_store()?;
    crate::http::respond(super::server::suppliers(&store).await)
}

/// Adds a supplier (empty `id`) or saves one edited from `version`; answers its key.
#[server(prefix = "/api", endpoint = "assets/save-supplier")]
pub async fn save_supplier(
    #[server(default)] id: String,
    #[server(default)] version: u64,
    input: SupplierInput,
) -> Result<String, AppError> {
    let user = crate::auth::server::authorize(crate::auth::Action::AssetWrite).await?;
    let actor = crate::audit::server::Actor::of(&user).await;
    let store = crate::store::use_store()?;
    let result = async {
        let valid = input.validate()?;
        let key = Some(id.as_str()).filter(|k| !k.is_empty());
        super::server::save_supplier(&store, &actor, key, version, &valid).await
    };
    crate::http::respond(result.await)
}

/// Adds a contract (empty `id`) or saves one edited from `version`; answers its key.
#[server(prefix = "/api", endpoint = "assets/save-contract")]
pub async fn save_contract(
    #[server(default)] id: String,
    #[server(default)] version: u64,
    input: ContractInput,
) -> Result<String, AppError> {
    let user = crate::auth::server::authorize(crate::auth::Action::AssetWrite).await?;
    let actor = crate::audit::server::Actor::of(&user).await;
    let store = crate::store::use_store()?;
    let result = async {
        let valid = input.validate()?;
        let key = Some(id.as_str()).filter(|k| !k.is_empty());
        super::server::save_contract(&store, &actor, key, version, &valid).await
    };
    crate::http::respond(result.await)
}

/// Warranties, ends of life and contracts running out in the next 30, 60 or 90 days.
#[server(prefix = "/api", endpoint = "assets/expiring")]
pub async fn expiring_soon(#[server(default)] days: u32) -> Result<Vec<Expiring>, AppError> {
    crate::auth::server::authorize(crate::auth::Action::AssetRead).await?;
    let store = crate::store::use_store()?;
    let days = super::suppliers::horizon(days);
    crate::http::respond(super::server::expiring(&store, days).await)
}
