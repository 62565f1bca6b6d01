//! The Trellis server: opens the store and serves the app.

#![recursion_limit = "256"]

mod auth;
pub mod cli;
pub mod config;
mod limits;
pub mod routes;
pub mod security;
mod stalls;

use app::assets::fiscal::FiscalYear;
use app::assets::tags::TagPattern;
use app::auth::server::{ActiveUsers, LoginLimits, SessionSettings, SessionStore};
use app::cmdb::server::ImpactIndex;
use app::import::jobs::ImportJobs;
use app::live::server::{Changes, Presence};
use app::monitoring::server::ingest::AlertWriter;
use app::monitoring::server::{FiringAlerts, Scheduler};
use app::store::{DbSettings, Store};
use axum::extract::FromRef;
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::net::SocketAddr;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

pub use config::Config;

pub type StartError = Box<dyn std::error::Error + Send + Sync>;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub store: Store,
    pub limits: LoginLimits,
    pub sessions: SessionSettings,
    pub users: ActiveUsers,
    pub session_store: SessionStore,
    pub changes: Changes,
    pub presence: Presence,
    pub impact: ImpactIndex,
    pub firing: FiringAlerts,
    pub imports: ImportJobs,
    pub asset_tags: TagPattern,
    pub fiscal_year: FiscalYear,
    pub priority_matrix: app::tickets::priority::Matrix,
    pub checks: Scheduler,
    pub alerts: AlertWriter,
}

/// How long requests in flight (and open event streams) get after SIGTERM.
const DRAIN: std::time::Duration = std::time::Duration::from_secs(5);

/// Opens the database (migrating it, creating the first admin and loading the demo
/// estate if asked) and builds the router.
pub async fn app(config: &Config) -> Result<Router, StartError> {
    Ok(start(config).await?.0)
}

/// As [`app`], and hands back the state too, for tools that drive the store and the
/// impact index beside the server (the benchmark).
pub async fn start(config: &Config) -> Result<(Router, AppState), StartError> {
    let https = config.https()?;
    let store = Store::open(&DbSettings {
        url: config.db.clone(),
        username: config.db_user.clone(),
        password: config.db_pass.clone(),
    })
    .await?;
    let generated = app::auth::server::bootstrap_admin(
        &store,
        config.admin_email.as_deref(),
        config.admin_password.as_deref(),
    )
    .await?;
    if let Some(password) = generated {
        // Shown once: it is stored only as a hash.
        tracing::warn!(
            email = config.admin_email.as_deref().unwrap_or("admin@trellis.local"),
            %password,
            "first admin created with a generated password; change it after signing in"
        );
    }
    if !config.no_demo {
        app::auth::server::seed_demo_users(&store).await?;
        if store.seed_demo().await? {
            tracing::info!("demo estate loaded");
        }
    }
    let leptos_options = LeptosOptions::builder()
        .output_name("trellis")
        .site_root(config.site_root.to_string_lossy().as_ref())
        .site_pkg_dir("pkg")
        .site_addr(config.addr)
        .build();
    let changes = Changes::watch(&store);
    let impact = ImpactIndex::start(&store, &changes).await?;
    let firing = FiringAlerts::follow(&changes);
    app::monitoring::server::status::keep_current(
        store.clone(),
        impact.clone(),
        firing.clone(),
        &changes,
    );
    app::monitoring::server::maintenance::keep(store.clone());
    app::tickets::server::raise_incidents(
        store.clone(),
        impact.clone(),
        firing.clone(),
        &changes,
        app::tickets::server::RaiseSettings {
            matrix: config.priority_matrix,
            auto_resolve: config.incident_auto_resolve,
        },
    );
    app::assets::server::remind_ahead(store.clone(), &changes);
    app::sla::server::keep_watching(store.clone());
    if let Some(url) = &config.smtp_url {
        let site = config
            .public_url
            .clone()
            .unwrap_or_else(|| format!("http://{}", config.addr));
        let mail = app::notify::server::Mail::new(url, &config.smtp_from, &site)?;
        app::notify::server::keep_mailing(store.clone(), mail, &changes);
    }
    let state = AppState {
        checks: Scheduler::start(store.clone()),
        alerts: AlertWriter::start(store.clone()),
        leptos_options,
        impact,
        firing,
        imports: ImportJobs::default(),
        asset_tags: config.asset_tags.clone(),
        priority_matrix: config.priority_matrix,
        fiscal_year: FiscalYear {
            start_month: config.fiscal_year_start,
        },
        users: ActiveUsers::follow(&changes),
        session_store: {
            let sessions = SessionStore::new(store.clone());
            sessions.follow(&changes);
            sessions
        },
        changes,
        presence: Presence::default(),
        store,
        limits: LoginLimits::new(config.login_limit, config.login_limit.saturating_mul(6)),
        sessions: SessionSettings::default(),
    };
    Ok((router(state.clone(), https), state))
}

fn router(state: AppState, https: bool) -> Router {
    let routes = generate_route_list(app::App);
    let context = {
        let state = state.clone();
        move || {
            provide_context(state.store.clone());
            provide_context(state.limits.clone());
            provide_context(state.sessions);
            provide_context(state.users.clone());
            provide_context(state.session_store.clone());
            provide_context(state.changes.clone());
            provide_context(state.presence.clone());
            provide_context(state.impact.clone());
            provide_context(state.firing.clone());
            provide_context(state.imports.clone());
            provide_context(state.checks.clone());
            provide_context(state.asset_tags.clone());
            provide_context(state.fiscal_year);
            provide_context(state.priority_matrix);
        }
    };
    let sessions = SessionManagerLayer::new(state.session_store.clone())
        .with_name(if https { "__Host-trellis" } else { "trellis" })
        .with_secure(https)
        .with_http_only(true)
        .with_same_site(SameSite::Strict)
        .with_path("/")
        .with_expiry(Expiry::OnInactivity(state.sessions.idle_timeout));
    let router = routes::mount(Router::new(), &state)
        .leptos_routes_with_context(&state, routes, context.clone(), {
            let options = state.leptos_options.clone();
            move || app::shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(
            context,
            app::shell,
        ))
        .layer(axum::middleware::from_fn(|request, next| {
            stalls::render_again(stalls::DEADLINE, request, next)
        }))
        .layer(axum::middleware::from_fn_with_state(state.clone(), auth::require_sign_in))
        .layer(sessions)
        .layer(axum::middleware::from_fn(security::same_origin))
        .layer(axum::extract::DefaultBodyLimit::max(limits::IMPORT_LIMIT))
        .layer(axum::middleware::from_fn(limits::by_path))
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
        .with_state(state);
    security::with_headers(router)
}

/// Serves until SIGTERM or Ctrl-C, then lets requests in flight finish.
pub async fn serve(config: Config) -> Result<(), StartError> {
    // Listen for SIGTERM before anything can send it.
    let terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    let router = app(&config).await?;
    let listener = tokio::net::TcpListener::bind(config.addr).await?;
    let addr = listener.local_addr()?;
    tracing::info!("listening on http://{addr}");
    let (stop, mut stopping) = tokio::sync::watch::channel(());
    let server = axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async move {
        let _ = stopping.changed().await;
    });
    // Event streams never end by themselves, so after SIGTERM connections get DRAIN
    // to finish; whatever is still open then is closed.
    tokio::select! {
        result = server => result?,
        () = async {
            shutdown_signal(terminate).await;
            let _ = stop.send(());
            tokio::time::sleep(DRAIN).await;
        } => tracing::warn!("connections still open after {DRAIN:?}; closing them"),
    }
    // The router, and with it the last database handle, is gone now. An embedded engine
    // then stops its maintenance tasks in a task of its own that the SDK gives no handle
    // to; let it finish before the runtime goes away. 300 ms was not always enough on a
    // busy machine (the shutdown test saw the tasks cancelled during `make test`).
    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    tracing::info!("stopped");
    Ok(())
}

async fn shutdown_signal(mut terminate: tokio::signal::unix::Signal) {
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {},
        _ = terminate.recv() => {},
    }
    tracing::info!("shutting down");
}
