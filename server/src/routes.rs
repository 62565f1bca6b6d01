//! HTTP routes outside Leptos. Each one is declared with who may call it, and the
//! router is built only from this table, so no route can exist without a permission.

pub mod export;
pub mod health;
pub mod live;

use crate::AppState;
use app::auth::server::current;
use app::auth::Action;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::{from_fn_with_state, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, MethodRouter};
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
            path: "/api/live",
            access: Access::SignedIn,
            handler: get(live::events),
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

/// Refuses callers the route's access does not admit, and hands the signed-in user
/// to the handler as a request extension.
async fn guard(
    State((state, access)): State<(AppState, Access)>,
    session: Session,
    mut request: Request,
    next: Next,
) -> Response {
    let user = match current(&state.store, &session, &state.sessions).await {
        Ok(Some(user)) => user,
        Ok(None) => return (StatusCode::UNAUTHORIZED, "Please sign in.").into_response(),
        Err(error) => {
            let status = StatusCode::from_u16(error.status_code())
                .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            return (status, error.to_string()).into_response();
        }
    };
    if let Access::Allowed(action) = access {
        if !user.can(action) {
            tracing::warn!(user = %user.id, ?action, "permission refused");
            return (StatusCode::FORBIDDEN, "Your role does not allow this.").into_response();
        }
    }
    request.extensions_mut().insert(user);
    next.run(request).await
}
