//! The Trellis server: opens the store and serves the app.

pub mod config;
mod routes;

use app::store::{DbSettings, Store, StoreError};
use axum::extract::FromRef;
use axum::routing::get;
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

pub use config::Config;

/// Request bodies larger than this are refused.
const BODY_LIMIT: usize = 2 * 1024 * 1024;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub store: Store,
}

/// Opens the database (migrating it, and loading the demo estate if asked) and builds the router.
pub async fn app(config: &Config) -> Result<Router, StoreError> {
    let store = Store::open(&DbSettings {
        url: config.db.clone(),
        username: config.db_user.clone(),
        password: config.db_pass.clone(),
    })
    .await?;
    if !config.no_demo && store.seed_demo().await? {
        tracing::info!("demo estate loaded");
    }
    let leptos_options = LeptosOptions::builder()
        .output_name("trellis")
        .site_root(config.site_root.to_string_lossy().as_ref())
        .site_pkg_dir("pkg")
        .site_addr(config.addr)
        .build();
    Ok(router(AppState {
        leptos_options,
        store,
    }))
}

fn router(state: AppState) -> Router {
    let routes = generate_route_list(app::App);
    let store = state.store.clone();
    Router::new()
        .route("/healthz", get(routes::health::healthz))
        .route("/readyz", get(routes::health::readyz))
        .leptos_routes_with_context(
            &state,
            routes,
            move || provide_context(store.clone()),
            {
                let options = state.leptos_options.clone();
                move || app::shell(options.clone())
            },
        )
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(app::shell))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(BODY_LIMIT))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(TraceLayer::new_for_http().make_span_with(|request: &axum::http::Request<_>| {
            let id = request
                .headers()
                .get("x-request-id")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("-");
            tracing::info_span!("request", method = %request.method(), uri = %request.uri(), request_id = %id)
        }))
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .with_state(state)
}

/// Serves until SIGTERM or Ctrl-C, then lets requests in flight finish.
pub async fn serve(config: Config) -> Result<(), Box<dyn std::error::Error>> {
    let router = app(&config).await?;
    let listener = tokio::net::TcpListener::bind(config.addr).await?;
    let addr = listener.local_addr()?;
    tracing::info!("listening on http://{addr}");
    axum::serve(listener, router)
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    // The router, and with it the last database handle, is gone now. An embedded engine
    // then stops its maintenance tasks in a task of its own that the SDK gives no handle
    // to; let it finish before the runtime goes away.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    tracing::info!("stopped");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::warn!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
