//! Pages need a signed-in user; anyone else is sent to the sign-in page.
//! Server functions check permissions themselves (`app::auth::server::authorize`).

use crate::AppState;
use app::auth::server::current;
use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

/// Paths anyone may fetch: the sign-in page, the built site, probes and the API
/// (which answers 401 itself).
fn is_public(path: &str) -> bool {
    path == "/login"
        || path == "/healthz"
        || path == "/readyz"
        || path == "/favicon.svg"
        || path.starts_with("/pkg/")
        || path.starts_with("/api/")
        // A wallboard opens with a board token instead of a session; its server function
        // checks one or the other.
        || path.starts_with("/wallboard/")
}

pub async fn require_sign_in(
    State(state): State<AppState>,
    session: Session,
    request: Request,
    next: Next,
) -> Response {
    let page = matches!(*request.method(), Method::GET | Method::HEAD);
    if !page || is_public(request.uri().path()) {
        return next.run(request).await;
    }
    match current(&state.store, &state.users, &session, &state.sessions).await {
        Ok(Some(_)) => next.run(request).await,
        Ok(None) => {
            let here = request
                .uri()
                .path_and_query()
                .map_or("/", |p| p.as_str())
                .to_owned();
            let query = serde_urlencoded::to_string([("next", here)]).unwrap_or_default();
            Redirect::to(&format!("/login?{query}")).into_response()
        }
        Err(error) => {
            let status = axum::http::StatusCode::from_u16(error.status_code())
                .unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR);
            (status, error.to_string()).into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_sign_in_assets_probes_and_api_are_public() {
        for path in [
            "/login",
            "/pkg/trellis.js",
            "/healthz",
            "/readyz",
            "/api/auth/login",
        ] {
            assert!(is_public(path), "{path}");
        }
        for path in ["/", "/cis", "/cis/x/edit", "/logins", "/pkgx"] {
            assert!(!is_public(path), "{path}");
        }
    }
}
