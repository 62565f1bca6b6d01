//! Server functions for monitoring: thin wrappers over the store.

use super::board::{BoardInput, BoardSummary, BoardView};
use super::domain::{CheckInput, CiMonitoring, EventView, IntegrationView, Overview, TriageAlert};
use super::maintenance::{WindowInput, WindowView};
use crate::error::AppError;
use leptos::prelude::*;

#[server(prefix = "/api", endpoint = "monitoring/overview")]
pub async fn monitoring_overview() -> Result<Overview, AppError> {
    crate::auth::server::authorize(crate::auth::Action::MonitoringRead).await?;
    let store = crate::store::use_store()?;
    let result = async {
        let index = crate::cmdb::server::use_index()?;
        use super::server::{checks, events, status};
        Ok(Overview {
            counts: events::counts(&store).await?,
            problems: checks::problems(&store).await?,
            services: status::tiles(&store, &index, &super::server::use_firing()?, &[]).await?,
            events: events::events(&store, None, false, 15).await?,
            generated_at: surrealdb::types::Datetime::now().timestamp(),
        })
    };
    crate::http::respond(result.await)
}

/// A CI's checks, each with its last day of results, and the CI's latest events.
#[server(prefix = "/api", endpoint = "monitoring/ci")]
pub async fn monitoring_of_ci(ci: String) -> Result<CiMonitoring, AppError> {
    crate::auth::server::authorize(crate::auth::Action::MonitoringRead).await?;
    let store = crate::store::use_store()?;
    // How many points a latency chart gets: about one per pixel.
    const CHART_POINTS: usize = 240;
    let result = async {
        use super::server::{checks, events};
        let found = checks::of_ci(&store, &ci).await?;
        let mut results = Vec::with_capacity(found.len());
        for check in &found {
            let points = checks::results(&store, &check.id, 24).await?;
            results.push(super::domain::downsample(points, CHART_POINTS));
        }
        Ok(CiMonitoring {
            checks: found,
            results,
            events: events::events(&store, Some(&ci), false, 10).await?,
        })
    };
    crate::http::respond(result.await)
}

#[server(prefix = "/api", endpoint = "monitoring/add-check")]
pub async fn add_check(ci: String, input: CheckInput) -> Result<String, AppError> {
    let user = crate::auth::server::authorize(crate::auth::Action::MonitoringManage).await?;
    let actor = crate::audit::server::Actor::of(&user).await;
    let store = crate::store::use_store()?;
    let result = async {
        let check = input.validate()?;
        let key = super::server::checks::create(&store, &actor, &ci, check).await?;
        super::server::use_scheduler()?.nudge();
        Ok(key)
    };
    crate::http::respond(result.await)
}

#[server(prefix = "/api", endpoint = "monitoring/delete-check")]
pub async fn delete_check(id: String) -> Result<String, AppError> {
    let user = crate::auth::server::authorize(crate::auth::Action::MonitoringManage).await?;
    let actor = crate::audit::server::Actor::of(&user).await;
    let store = crate::store::use_store()?;
    let result = async {
        let ci = super::server::checks::delete(&store, &actor, &id).await?;
        super::server::use_scheduler()?.nudge();
        Ok(ci)
    };
    crate::http::respond(result.await)
}

#[server(prefix = "/api", endpoint = "monitoring/events")]
pub async fn list_events(#[server(default)] open_only: bool) -> Result<Vec<EventView>, AppError> {
    crate::auth::server::authorize(crate::auth::Action::MonitoringRead).await?;
    let store = crate::store::use_store()?;
    crate::http::respond(super::server::events::events(&store, None, open_only, 200).await)
}

#[server(prefix = "/api", endpoint = "monitoring/acknowledge")]
pub async fn acknowledge(id: String) -> Result<(), AppError> {
    let user = crate::auth::server::authorize(crate::auth::Action::MonitoringOperate).await?;
    let store = crate::store::use_store()?;
    crate::http::respond(super::server::events::acknowledge(&store, &user.display_name, &id).await)
}

#[server(prefix = "/api", endpoint = "monitoring/triage")]
pub async fn list_triage() -> Result<Vec<TriageAlert>, AppError> {
    crate::auth::server::authorize(crate::auth::Action::MonitoringRead).await?;
    let store = crate::store::use_store()?;
    crate::http::respond(super::server::alerts::triage(&store).await)
}

/// Maps an alert in triage to the CI called `ci`, and with `remember` every later one
/// like it.
#[server(prefix = "/api", endpoint = "monitoring/map-alert")]
pub async fn map_alert(
    alert: String,
    ci: String,
    #[server(default)] remember: bool,
) -> Result<(), AppError> {
    crate::auth::server::authorize(crate::auth::Action::MonitoringOperate).await?;
    let store = crate::store::use_store()?;
    crate::http::respond(super::server::alerts::map_alert(&store, &alert, &ci, remember).await)
}

#[server(prefix = "/api", endpoint = "monitoring/integrations")]
pub async fn list_integrations() -> Result<Vec<IntegrationView>, AppError> {
    crate::auth::server::authorize(crate::auth::Action::MonitoringManage).await?;
    let store = crate::store::use_store()?;
    crate::http::respond(super::server::alerts::list(&store).await)
}

/// Creates an integration and returns its token, shown this once.
#[server(prefix = "/api", endpoint = "monitoring/create-integration")]
pub async fn create_integration(
    name: String,
    kind: String,
    match_label: String,
) -> Result<String, AppError> {
    let user = crate::auth::server::authorize(crate::auth::Action::MonitoringManage).await?;
    let actor = crate::audit::server::Actor::of(&user).await;
    let store = crate::store::use_store()?;
    crate::http::respond(
        super::server::alerts::create(&store, &actor, &name, &kind, &match_label).await,
    )
}

#[server(prefix = "/api", endpoint = "monitoring/boards")]
pub async fn list_boards() -> Result<Vec<BoardSummary>, AppError> {
    crate::auth::server::authorize(crate::auth::Action::MonitoringRead).await?;
    let store = crate::store::use_store()?;
    crate::http::respond(super::server::boards::list(&store).await)
}

/// Creates a board of the chosen services (by key; none: all of them), KPIs and events.
#[server(prefix = "/api", endpoint = "monitoring/create-board")]
pub async fn create_board(input: BoardInput) -> Result<String, AppError> {
    let user = crate::auth::server::authorize(crate::auth::Action::MonitoringManage).await?;
    let actor = crate::audit::server::Actor::of(&user).await;
    let store = crate::store::use_store()?;
    let result = async {
        let board = input.validate()?;
        super::server::boards::create(&store, &actor, &board).await
    };
    crate::http::respond(result.await)
}

/// Issues a new read-only token for a board (the old one stops working) and returns the
/// board's link with it, shown once.
#[server(prefix = "/api", endpoint = "monitoring/board-token")]
pub async fn board_token(key: String) -> Result<String, AppError> {
    let user = crate::auth::server::authorize(crate::auth::Action::MonitoringManage).await?;
    let actor = crate::audit::server::Actor::of(&user).await;
    let store = crate::store::use_store()?;
    let result = super::server::boards::new_board_token(&store, &actor, &key).await;
    crate::http::respond(result.map(|token| format!("/wallboard/{key}?token={token}")))
}

#[server(prefix = "/api", endpoint = "monitoring/revoke-board-token")]
pub async fn revoke_board_token(key: String) -> Result<(), AppError> {
    let user = crate::auth::server::authorize(crate::auth::Action::MonitoringManage).await?;
    let actor = crate::audit::server::Actor::of(&user).await;
    let store = crate::store::use_store()?;
    crate::http::respond(super::server::boards::revoke_token(&store, &actor, &key).await)
}

/// A wallboard's content, for a signed-in user who may read monitoring or for anyone
/// with the board's token.
#[server(prefix = "/api", endpoint = "monitoring/wallboard")]
pub async fn wallboard(
    key: String,
    #[server(default)] token: String,
) -> Result<BoardView, AppError> {
    let store = crate::store::use_store()?;
    let result = async {
        if !super::server::boards::token_opens(&store, &key, &token).await? {
            crate::auth::server::authorize(crate::auth::Action::MonitoringRead).await?;
        }
        let index = crate::cmdb::server::use_index()?;
        let firing = super::server::use_firing()?;
        super::server::boards::view(&store, &index, &firing, &key).await
    };
    crate::http::respond(result.await)
}

/// The maintenance windows of a CI or of an asset: open, ahead, and ended in the last week.
#[server(prefix = "/api", endpoint = "monitoring/windows")]
pub async fn maintenance_windows(
    #[server(default)] ci: String,
    #[server(default)] asset: String,
) -> Result<Vec<WindowView>, AppError> {
    use crate::auth::Action;
    let store = crate::store::use_store()?;
    let result = if asset.is_empty() {
        crate::auth::server::authorize(Action::MonitoringRead).await?;
        super::server::maintenance::of_ci(&store, &ci).await
    } else {
        crate::auth::server::authorize(Action::AssetRead).await?;
        super::server::maintenance::of_asset(&store, &asset).await
    };
    crate::http::respond(result)
}

/// Schedules a maintenance window on a CI (monitoring managers) or on an asset (asset
/// managers); the CI is in Maintenance while it is open, and its events are suppressed.
#[server(prefix = "/api", endpoint = "monitoring/schedule-window")]
pub async fn schedule_window(input: WindowInput) -> Result<(), AppError> {
    use crate::auth::Action;
    let action = if input.asset.is_empty() {
        Action::MonitoringManage
    } else {
        Action::AssetWrite
    };
    let user = crate::auth::server::authorize(action).await?;
    let actor = crate::audit::server::Actor::of(&user).await;
    let store = crate::store::use_store()?;
    let result = async {
        let window = input.validate()?;
        super::server::maintenance::schedule(&store, &actor, &window).await
    };
    crate::http::respond(result.await)
}

/// Removes a window; asset managers may remove the windows planned on assets.
#[server(prefix = "/api", endpoint = "monitoring/remove-window")]
pub async fn remove_window(id: String) -> Result<(), AppError> {
    use crate::auth::Action;
    let user = crate::auth::server::authorize_signed_in().await?;
    let of_asset = if user.can(Action::MonitoringManage) {
        false
    } else if user.can(Action::AssetWrite) {
        true
    } else {
        return crate::http::respond(Err(AppError::Forbidden(
            "Your role does not allow this.".into(),
        )));
    };
    let actor = crate::audit::server::Actor::of(&user).await;
    let store = crate::store::use_store()?;
    crate::http::respond(super::server::maintenance::remove(&store, &actor, &id, of_asset).await)
}
