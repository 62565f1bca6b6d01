//! CSV exports: `GET /api/cmdb/export.csv`, the inventory's current filtered and sorted
//! view, `GET /api/assets/export.csv`, the asset register's, and the reports'.

use crate::AppState;
use app::assets::costs::PeriodInput;
use app::assets::list::AssetFilter;
use app::cmdb::query::ListQuery;
use app::cmdb::server::export_csv;
use app::error::AppError;
use app::sla::report::DrillQuery;
use app::sla::server::reports;
use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

pub async fn cis(State(state): State<AppState>, Query(query): Query<ListQuery>) -> Response {
    csv_file(
        export_csv(&state.store, &state.impact, &query.clean()).await,
        "configuration-items.csv",
    )
}

fn csv_file(result: Result<Vec<u8>, AppError>, name: &str) -> Response {
    match result {
        Ok(body) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{name}\""),
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

/// `GET /api/assets/export.csv`: the asset register's filtered view as CSV.
pub async fn assets(State(state): State<AppState>, Query(filter): Query<AssetFilter>) -> Response {
    csv_file(
        app::assets::server::export_csv(&state.store, &filter.clean()).await,
        "assets.csv",
    )
}

/// `GET /api/reports/kpis.csv?from=…&to=…`: every KPI with its target and figure.
pub async fn kpis(State(state): State<AppState>, Query(period): Query<PeriodInput>) -> Response {
    csv_file(
        reports::kpis_csv(&state.store, &state.impact, &period).await,
        "kpis.csv",
    )
}

/// `GET /api/reports/drill.csv?kpi=…&from=…&to=…`: the records behind one KPI.
pub async fn drill(State(state): State<AppState>, Query(query): Query<DrillQuery>) -> Response {
    csv_file(
        reports::drill_csv(&state.store, &state.impact, &query.kpi, &query.period).await,
        &format!(
            "kpi-{}.csv",
            query
                .kpi
                .replace(|c: char| !c.is_ascii_alphanumeric() && c != '_', "")
        ),
    )
}

/// `GET /api/reports/availability.csv?from=…&to=…`: availability per service and CI.
pub async fn availability(
    State(state): State<AppState>,
    Query(period): Query<PeriodInput>,
) -> Response {
    csv_file(
        reports::availability_csv(&state.store, &state.impact, &period).await,
        "availability.csv",
    )
}
