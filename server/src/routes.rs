//! HTTP routes outside Leptos. Each one is declared with who may call it, and the
//! router is built only from this table, so no route can exist without a permission.

pub mod export;
pub mod health;
pub mod integrations;
pub mod live;
pub mod wallboard;

use crate::AppState;
use app::auth::server::current;
use app::auth::Action;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::{from_fn_with_state, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, MethodRouter};
use axum::Router;
use tower_sessions::Session;

/// Who may call a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, such as a load balancer's probe.
    Public,
    /// Any signed-in user; the handler narrows what they see.
    SignedIn,
    /// Signed-in users whose roles allow the action.
    Allowed(Action),
    /// Callers with an integration's bearer token (webhooks; no session, no cookie).
    IntegrationToken,
    /// Signed-in users who may read monitoring, or anyone with the board's `?token=`.
    Board,
}

pub struct Route {
    pub path: &'static str,
    pub access: Access,
    handler: MethodRouter<AppState>,
}

/// Every route outside Leptos.
pub fn all() -> Vec<Route> {
    vec![
        Route {
            path: "/healthz",
            access: Access::Public,
            handler: get(health::healthz),
        },
        Route {
            path: "/readyz",
            access: Access::Public,
            handler: get(health::readyz),
        },
        Route {
            path: "/api/cmdb/export.csv",
            access: Access::Allowed(Action::CmdbRead),
            handler: get(export::cis),
        },
        Route {
            path: "/api/assets/export.csv",
            access: Access::Allowed(Action::AssetRead),
            handler: get(export::assets),
        },
        Route {
            path: "/api/reports/kpis.csv",
            access: Access::Allowed(Action::ReportRead),
            handler: get(export::kpis),
        },
        Route {
            path: "/api/reports/drill.csv",
            access: Access::Allowed(Action::ReportRead),
            handler: get(export::drill),
        },
        Route {
            path: "/api/reports/availability.csv",
            access: Access::Allowed(Action::ReportRead),
            handler: get(export::availability),
        },
        Route {
            path: "/api/live",
            access: Access::SignedIn,
            handler: get(live::events),
        },
        Route {
            path: "/api/v1/integrations/alertmanager",
            access: Access::IntegrationToken,
            handler: post(integrations::alertmanager),
        },
        Route {
            path: "/api/v1/integrations/events",
            access: Access::IntegrationToken,
            handler: post(integrations::events),
        },
        Route {
            path: "/api/wallboard/{board}/live",
            access: Access::Board,
            handler: get(wallboard::live),
        },
    ]
}

/// Adds every route, each behind the check its access asks for.
pub fn mount(router: Router<AppState>, state: &AppState) -> Router<AppState> {
    all().into_iter().fold(router, |router, route| {
        let handler = match route.access {
            Access::Public => route.handler,
            access => route
                .handler
                .route_layer(from_fn_with_state((state.clone(), access), guard)),
        };
        router.route(route.path, handler)
    })
}

/// Refuses callers the route's access does not admit, and hands the signed-in user (or
/// the integration) to the handler as a request extension.
async fn guard(
    State((state, access)): State<(AppState, Access)>,
    session: Session,
    mut request: Request,
    next: Next,
) -> Response {
    match access {
        Access::IntegrationToken => return by_integration(&state, request, next).await,
        Access::Board if opens_board(&state, request.uri().clone()).await => {
            return next.run(request).await
        }
        _ => {}
    }
    let user = match current(&state.store, &state.users, &session, &state.sessions).await {
        Ok(Some(user)) => user,
        Ok(None) => return (StatusCode::UNAUTHORIZED, "Please sign in.").into_response(),
        Err(error) => {
            let status = StatusCode::from_u16(error.status_code())
                .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            return (status, error.to_string()).into_response();
        }
    };
    let needed = match access {
        Access::Allowed(action) => Some(action),
        Access::Board => Some(Action::MonitoringRead),
        _ => None,
    };
    if let Some(action) = needed {
        if !user.can(action) {
            tracing::warn!(user = %user.id, ?action, "permission refused");
            return (StatusCode::FORBIDDEN, "Your role does not allow this.").into_response();
        }
    }
    request.extensions_mut().insert(user);
    next.run(request).await
}

/// Admits a request carrying an integration's bearer token, handing the integration on.
async fn by_integration(state: &AppState, mut request: Request, next: Next) -> Response {
    let token = request
        .headers()
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .unwrap_or_default()
        .to_owned();
    if token.is_empty() {
        return (
            StatusCode::UNAUTHORIZED,
            "Send the integration's token as a Bearer token.",
        )
            .into_response();
    }
    match app::monitoring::server::alerts::by_token(&state.store, &token).await {
        Ok(Some(integration)) => {
            request.extensions_mut().insert(integration);
            next.run(request).await
        }
        Ok(None) => {
            tracing::warn!("webhook with an unknown token refused");
            (
                StatusCode::UNAUTHORIZED,
                "This token belongs to no integration.",
            )
                .into_response()
        }
        Err(error) => {
            let status = StatusCode::from_u16(error.status_code())
                .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            (status, error.to_string()).into_response()
        }
    }
}

/// Whether the request's `?token=` opens the board its path names.
async fn opens_board(state: &AppState, uri: axum::http::Uri) -> bool {
    let Some(board) = uri.path().split('/').nth(3) else {
        return false;
    };
    let token = uri
        .query()
        .and_then(|q| serde_urlencoded::from_str::<Vec<(String, String)>>(q).ok())
        .and_then(|pairs| pairs.into_iter().find(|(k, _)| k == "token"))
        .map(|(_, v)| v)
        .unwrap_or_default();
    app::monitoring::server::boards::token_opens(&state.store, board, &token)
        .await
        .unwrap_or(false)
}
