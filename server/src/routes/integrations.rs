//! Inbound webhooks, authenticated by an integration's bearer token:
//! `POST /api/v1/integrations/alertmanager` (Alertmanager's webhook, version 4) and
//! `POST /api/v1/integrations/events` (Trellis's generic JSON events). They answer 2xx
//! only once the alerts are stored, 400 with the reason for a body they cannot read
//! (storing nothing), and 5xx when storing failed, so the sender retries.

use crate::AppState;
use app::monitoring::server::alerts::Integration;
use app::monitoring::{alertmanager, generic};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};

pub async fn alertmanager(
    State(state): State<AppState>,
    Extension(integration): Extension<Integration>,
    body: Bytes,
) -> Response {
    if integration.kind != "alertmanager" {
        return wrong_kind("/api/v1/integrations/events");
    }
    let alerts = match alertmanager::parse(&body) {
        Ok(payload) => alertmanager::received(&payload, &integration.match_label),
        Err(reason) => return (StatusCode::BAD_REQUEST, reason).into_response(),
    };
    store(&state, &integration, alerts).await
}

pub async fn events(
    State(state): State<AppState>,
    Extension(integration): Extension<Integration>,
    body: Bytes,
) -> Response {
    if integration.kind != "generic" {
        return wrong_kind("/api/v1/integrations/alertmanager");
    }
    match generic::parse(&body) {
        Ok(alerts) => store(&state, &integration, alerts).await,
        Err(reason) => (StatusCode::BAD_REQUEST, reason).into_response(),
    }
}

fn wrong_kind(right: &str) -> Response {
    (
        StatusCode::BAD_REQUEST,
        format!("This token belongs to an integration of another kind; post to {right}."),
    )
        .into_response()
}

async fn store(
    state: &AppState,
    integration: &Integration,
    alerts: Vec<alertmanager::Received>,
) -> Response {
    match state.alerts.ingest(integration, alerts).await {
        Ok(stored) => Json(serde_json::json!({ "stored": stored })).into_response(),
        Err(error) => {
            let status = StatusCode::from_u16(error.status_code())
                .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            (status, error.to_string()).into_response()
        }
    }
}
