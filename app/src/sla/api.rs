//! Server functions for SLAs, clocks and reports: thin wrappers over the store.

use super::improvement::{Improvement, ImprovementInput};
use super::maturity::Assessment;
use super::report::{AvailabilityReport, Drill, KpiReport, SlaList};
use super::terms::SlaInput;
use super::ticket::TicketClocks;
use crate::assets::costs::PeriodInput;
use crate::error::AppError;
use leptos::prelude::*;

#[server(prefix = "/api", endpoint = "slas/list")]
pub async fn list_slas() -> Result<SlaList, AppError> {
    crate::auth::server::authorize(crate::auth::Action::ReportRead).await?;
    let store = crate::store::use_store()?;
    let index = crate::cmdb::server::use_index()?;
    crate::http::respond(super::server::list(&store, &index).await)
}

/// Saves a service's SLA: new (`version` 0) or edited from `version`.
#[server(prefix = "/api", endpoint = "slas/save")]
pub async fn save_sla(#[server(default)] version: u64, input: SlaInput) -> Result<(), AppError> {
    let user = crate::auth::server::authorize(crate::auth::Action::SlaManage).await?;
    let actor = crate::audit::server::Actor::of(&user).await;
    let store = crate::store::use_store()?;
    let index = crate::cmdb::server::use_index()?;
    let result = async {
        let terms = input.validate()?;
        super::server::save(&store, &index, &actor, version, &terms).await
    };
    crate::http::respond(result.await)
}

/// An incident's SLA clocks; none when no SLA covers it.
#[server(prefix = "/api", endpoint = "slas/incident-clocks")]
pub async fn incident_clocks(number: String) -> Result<Option<TicketClocks>, AppError> {
    crate::auth::server::authorize(crate::auth::Action::IncidentRead).await?;
    let store = crate::store::use_store()?;
    crate::http::respond(super::server::of_incident(&store, &number).await)
}

/// A request's fulfilment clock, for those who work requests; none when it has none.
#[server(prefix = "/api", endpoint = "slas/request-clocks")]
pub async fn request_clocks(number: String) -> Result<Option<TicketClocks>, AppError> {
    crate::auth::server::authorize(crate::auth::Action::RequestRead).await?;
    let store = crate::store::use_store()?;
    crate::http::respond(super::server::of_request(&store, &number).await)
}

/// Every KPI over the period (this calendar year by default), with trends.
#[server(prefix = "/api", endpoint = "reports/kpis")]
pub async fn kpi_figures(#[server(default)] period: PeriodInput) -> Result<KpiReport, AppError> {
    crate::auth::server::authorize(crate::auth::Action::ReportRead).await?;
    let store = crate::store::use_store()?;
    let index = crate::cmdb::server::use_index()?;
    let result = async {
        let period = super::server::reports::period_of(&period, chrono::Utc::now())?;
        super::server::reports::kpis(&store, &index, period, chrono::Utc::now()).await
    };
    crate::http::respond(result.await)
}

/// One KPI over the period and the records behind it.
#[server(prefix = "/api", endpoint = "reports/drill")]
pub async fn kpi_drill(
    kpi: String,
    #[server(default)] period: PeriodInput,
) -> Result<Drill, AppError> {
    crate::auth::server::authorize(crate::auth::Action::ReportRead).await?;
    let store = crate::store::use_store()?;
    let index = crate::cmdb::server::use_index()?;
    let result = async {
        let kpi =
            super::kpi::Kpi::parse(&kpi).ok_or_else(|| AppError::NotFound("This KPI".into()))?;
        let period = super::server::reports::period_of(&period, chrono::Utc::now())?;
        super::server::reports::drill(&store, &index, kpi, period, chrono::Utc::now()).await
    };
    crate::http::respond(result.await)
}

/// Availability per service and per failed CI over the period.
#[server(prefix = "/api", endpoint = "reports/availability")]
pub async fn availability_figures(
    #[server(default)] period: PeriodInput,
) -> Result<AvailabilityReport, AppError> {
    crate::auth::server::authorize(crate::auth::Action::ReportRead).await?;
    let store = crate::store::use_store()?;
    let index = crate::cmdb::server::use_index()?;
    let result = async {
        let period = super::server::reports::period_of(&period, chrono::Utc::now())?;
        super::server::reports::availability(&store, &index, period, chrono::Utc::now()).await
    };
    crate::http::respond(result.await)
}

/// The improvement register, open items first.
#[server(prefix = "/api", endpoint = "improvements/list")]
pub async fn list_improvements() -> Result<Vec<Improvement>, AppError> {
    crate::auth::server::authorize(crate::auth::Action::ReportRead).await?;
    let store = crate::store::use_store()?;
    crate::http::respond(super::server::improvements::list(&store).await)
}

#[server(prefix = "/api", endpoint = "improvements/get")]
pub async fn get_improvement(number: String) -> Result<Improvement, AppError> {
    crate::auth::server::authorize(crate::auth::Action::ReportRead).await?;
    let store = crate::store::use_store()?;
    crate::http::respond(super::server::improvements::get(&store, &number).await)
}

/// Records an improvement (empty `number`) or saves one edited from `version`; answers
/// its number.
#[server(prefix = "/api", endpoint = "improvements/save")]
pub async fn save_improvement(
    #[server(default)] number: String,
    #[server(default)] version: u64,
    input: ImprovementInput,
) -> Result<String, AppError> {
    let user = crate::auth::server::authorize(crate::auth::Action::SlaManage).await?;
    let actor = crate::audit::server::Actor::of(&user).await;
    let store = crate::store::use_store()?;
    let result = async {
        let item = input.validate()?;
        let number = Some(number.trim()).filter(|n| !n.is_empty());
        super::server::improvements::save(&store, &actor, number, version, &item).await
    };
    crate::http::respond(result.await)
}

/// Moves an improvement one stage on or back; closing takes the measured outcome.
#[server(prefix = "/api", endpoint = "improvements/move")]
pub async fn move_improvement(
    number: String,
    version: u64,
    to: String,
    #[server(default)] outcome: String,
) -> Result<(), AppError> {
    let user = crate::auth::server::authorize(crate::auth::Action::SlaManage).await?;
    let actor = crate::audit::server::Actor::of(&user).await;
    let store = crate::store::use_store()?;
    crate::http::respond(
        super::server::improvements::move_stage(&store, &actor, &number, version, &to, &outcome)
            .await,
    )
}

/// The maturity self-assessment, scored from this instance.
#[server(prefix = "/api", endpoint = "reports/maturity")]
pub async fn maturity() -> Result<Assessment, AppError> {
    crate::auth::server::authorize(crate::auth::Action::ReportRead).await?;
    let store = crate::store::use_store()?;
    let index = crate::cmdb::server::use_index()?;
    crate::http::respond(super::server::maturity::assessment(&store, &index).await)
}
