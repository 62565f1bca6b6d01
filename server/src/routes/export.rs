//! `GET /api/cmdb/export.csv`: the inventory's current filtered and sorted view as CSV.

use crate::AppState;
use app::cmdb::query::ListQuery;
use app::cmdb::server::export_csv;
use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

pub async fn cis(State(state): State<AppState>, Query(query): Query<ListQuery>) -> Response {
    match export_csv(&state.store, &query.clean()).await {
        Ok(body) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"configuration-items.csv\"",
                ),
            ],
            body,
        )
            .into_response(),
        Err(error) => {
            let status = StatusCode::from_u16(error.status_code())
                .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            (status, error.to_string()).into_response()
        }
    }
}
