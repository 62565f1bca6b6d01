//! Request body limits: small for forms, larger for file imports.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Any request body.
pub const BODY_LIMIT: usize = 2 * 1024 * 1024;
/// The files of a browser import.
pub const IMPORT_LIMIT: usize = 64 * 1024 * 1024;

fn limit_for(path: &str) -> usize {
    if path.starts_with("/api/import/") {
        IMPORT_LIMIT
    } else {
        BODY_LIMIT
    }
}

/// Refuses a body declared larger than its path allows before reading it (413), and cuts
/// off a body without a declared length once it passes the limit.
pub async fn by_path(request: Request, next: Next) -> Response {
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    let limit = limit_for(request.uri().path());
    match declared {
        Some(length) if length > limit => (
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "The request is larger than the {} MiB allowed here.",
                limit / (1024 * 1024)
            ),
        )
            .into_response(),
        _ => {
            let (parts, body) = request.into_parts();
            let body = Body::new(http_body_util::Limited::new(body, limit));
            next.run(Request::from_parts(parts, body)).await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn imports_may_send_more_than_forms() {
        assert_eq!(limit_for("/api/import/check"), IMPORT_LIMIT);
        assert_eq!(limit_for("/api/cmdb/create"), BODY_LIMIT);
        assert_eq!(limit_for("/api/importx"), BODY_LIMIT);
    }
}
