//! Server-only: HTTP details of server function responses.

use crate::error::AppError;
use axum::http::StatusCode;

/// Passes a server function's result through, giving a failure the status code it stands for.
pub fn respond<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(error) = &result {
        if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            let code = StatusCode::from_u16(error.status_code())
                .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            response.set_status(code);
        }
    }
    result
}
