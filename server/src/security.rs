//! Browser-facing protections: same-origin checks on state-changing requests, and
//! headers every response carries.

use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Router;
use tower_http::set_header::SetResponseHeaderLayer;

/// Refuses a state-changing request whose Origin (or, failing that, Referer) is not
/// this site. Server functions do no such check themselves.
pub async fn same_origin(request: Request, next: Next) -> Response {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    // Webhooks authenticate with a bearer token only, never a cookie: nothing to forge.
    let webhook = request.uri().path().starts_with("/api/v1/integrations/");
    if safe || webhook || is_same_origin(request.headers()) {
        next.run(request).await
    } else {
        tracing::warn!(uri = %request.uri(), "cross-site request refused");
        (StatusCode::FORBIDDEN, "Cross-site request refused.").into_response()
    }
}

/// True when the request says it comes from a page of the host it was sent to.
pub fn is_same_origin(headers: &HeaderMap) -> bool {
    let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else {
        return false;
    };
    let source = headers
        .get(header::ORIGIN)
        .or_else(|| headers.get(header::REFERER))
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<Uri>().ok());
    match source.as_ref().and_then(Uri::authority) {
        Some(authority) => authority.as_str().eq_ignore_ascii_case(host),
        None => false,
    }
}

/// Adds the headers every response carries. Pages set a stricter Content-Security-Policy
/// with a nonce; everything else gets one that allows nothing.
pub fn with_headers(router: Router) -> Router {
    router
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'"),
        ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(header::HeaderName, &'static str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(name, value)| (name.clone(), HeaderValue::from_static(value)))
            .collect()
    }

    #[test]
    fn same_host_origin_is_accepted() {
        let h = headers(&[
            (header::HOST, "127.0.0.1:3000"),
            (header::ORIGIN, "http://127.0.0.1:3000"),
        ]);
        assert!(is_same_origin(&h));
    }

    #[test]
    fn referer_stands_in_for_a_missing_origin() {
        let h = headers(&[
            (header::HOST, "trellis.example"),
            (header::REFERER, "https://trellis.example/cis?page=2"),
        ]);
        assert!(is_same_origin(&h));
    }

    #[test]
    fn other_hosts_ports_and_missing_sources_are_refused() {
        for (origin, host) in [
            ("https://evil.example", "trellis.example"),
            ("http://127.0.0.1:4000", "127.0.0.1:3000"),
            ("null", "trellis.example"),
        ] {
            let h = headers(&[(header::HOST, host), (header::ORIGIN, origin)]);
            assert!(!is_same_origin(&h), "{origin} for {host}");
        }
        assert!(!is_same_origin(&headers(&[(
            header::HOST,
            "trellis.example"
        )])));
    }
}
