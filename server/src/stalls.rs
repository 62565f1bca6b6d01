//! A page whose server render stalls is rendered again.
//!
//! Leptos 0.8 can, rarely, lose the wake-up that tells a `<Suspense>` its data have
//! arrived (leptos-rs/leptos#4851 and #4698 describe the kind); that render then waits for
//! ever, and so does the browser. Pages render in well under a second, so one that has
//! not answered within the deadline is abandoned, logged, and rendered once more.

use axum::body::Body;
use axum::extract::Request;
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;
use std::time::Duration;

/// How long a page may take to render before it is rendered again.
pub const DEADLINE: Duration = Duration::from_secs(8);

/// Renders a stalled page again, once. Only pages: server functions and routes that
/// change things, stream or serve files run exactly once, however long they take.
pub async fn render_again(deadline: Duration, request: Request, next: Next) -> Response {
    if !is_page(&request) {
        return next.run(request).await;
    }
    let (parts, _) = request.into_parts();
    let first = Request::from_parts(parts.clone(), Body::empty());
    match tokio::time::timeout(deadline, next.clone().run(first)).await {
        Ok(response) => response,
        Err(_) => {
            tracing::error!(uri = %parts.uri, ?deadline, "page render stalled; rendering it again");
            next.run(Request::from_parts(parts, Body::empty())).await
        }
    }
}

fn is_page(request: &Request) -> bool {
    let path = request.uri().path();
    let last = path.rsplit('/').next().unwrap_or_default();
    matches!(*request.method(), Method::GET | Method::HEAD)
        && !path.starts_with("/api/")
        && !matches!(path, "/healthz" | "/readyz")
        && !last.contains('.')
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::routing::get;
    use axum::Router;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    /// A server whose every route stalls on its first call and answers on the next.
    async fn stalling_once() -> (String, Arc<AtomicUsize>) {
        let calls = Arc::new(AtomicUsize::new(0));
        let handler = {
            let calls = calls.clone();
            move || async move {
                if calls.fetch_add(1, Ordering::SeqCst) == 0 {
                    std::future::pending::<()>().await;
                }
                "rendered"
            }
        };
        let router = Router::new()
            .route("/cis/{id}", get(handler.clone()))
            .route("/api/cmdb/get", get(handler))
            .layer(axum::middleware::from_fn(|request, next| {
                render_again(Duration::from_millis(200), request, next)
            }));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
        (base, calls)
    }

    #[tokio::test]
    async fn a_stalled_page_is_rendered_again() {
        let (base, calls) = stalling_once().await;
        let response = reqwest::get(format!("{base}/cis/web")).await.unwrap();
        assert_eq!(response.text().await.unwrap(), "rendered");
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn server_functions_run_once() {
        let (base, calls) = stalling_once().await;
        let client = reqwest::Client::builder()
            .timeout(Duration::from_millis(600))
            .build()
            .unwrap();
        assert!(client
            .get(format!("{base}/api/cmdb/get"))
            .send()
            .await
            .is_err());
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn only_pages_count_as_pages() {
        let request = |method: Method, path: &str| {
            Request::builder()
                .method(method)
                .uri(path)
                .body(Body::empty())
                .unwrap()
        };
        assert!(is_page(&request(Method::GET, "/cis/web?tab=map")));
        assert!(is_page(&request(Method::GET, "/")));
        assert!(!is_page(&request(Method::POST, "/login")));
        assert!(!is_page(&request(Method::GET, "/api/live")));
        assert!(!is_page(&request(Method::GET, "/pkg/trellis.wasm")));
        assert!(!is_page(&request(Method::GET, "/healthz")));
    }
}
