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

/// Sets the Content-Security-Policy of a rendered page. Scripts need the per-request nonce
/// Leptos puts on its hydration script; wasm needs `wasm-unsafe-eval`.
pub fn set_page_security_headers() {
    use axum::http::header::CONTENT_SECURITY_POLICY;
    use axum::http::HeaderValue;

    let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() else {
        return;
    };
    let nonce = leptos::nonce::use_nonce()
        .map(|n| format!(" 'nonce-{n}'"))
        .unwrap_or_default();
    // `cargo leptos watch` reloads the page over a WebSocket on its reload port.
    let reload = match std::env::var("LEPTOS_WATCH") {
        Ok(_) => " ws://127.0.0.1:* ws://localhost:*",
        Err(_) => "",
    };
    let policy = format!(
        "default-src 'self'; script-src 'self'{nonce} 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; connect-src 'self'{reload}; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'"
    );
    if let Ok(value) = HeaderValue::from_str(&policy) {
        response.insert_header(CONTENT_SECURITY_POLICY, value);
    }
}
