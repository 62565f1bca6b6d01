//! Sign-in server functions. Everything else calls `server::authorize` first.

use super::domain::CurrentUser;
use crate::error::AppError;
use leptos::prelude::*;

/// Signs in and sends the browser on to `next` (a path on this site).
#[server(prefix = "/api", endpoint = "auth/login")]
pub async fn login(email: String, password: String, next: String) -> Result<(), AppError> {
    use axum::extract::ConnectInfo;
    use std::net::SocketAddr;

    let store = crate::store::use_store()?;
    let limits = use_context::<super::server::LoginLimits>().unwrap_or_default();
    let session: tower_sessions::Session = leptos_axum::extract()
        .await
        .map_err(|_| AppError::Internal(crate::store::reference()))?;
    let client = leptos_axum::extract::<ConnectInfo<SocketAddr>>()
        .await
        .map(|ConnectInfo(addr)| addr.ip().to_string())
        .unwrap_or_else(|_| "unknown".into());
    let result = super::server::login(&store, &session, &limits, &client, &email, &password).await;
    if result.is_ok() {
        leptos_axum::redirect(super::domain::safe_next(&next));
    }
    crate::http::respond(result.map(|_| ()))
}

/// Ends the current session.
#[server(prefix = "/api", endpoint = "auth/logout")]
pub async fn logout() -> Result<(), AppError> {
    let session: tower_sessions::Session = leptos_axum::extract()
        .await
        .map_err(|_| AppError::Internal(crate::store::reference()))?;
    let result = super::server::logout(&session).await;
    if result.is_ok() {
        leptos_axum::redirect("/login");
    }
    crate::http::respond(result)
}

/// The signed-in user, or `None`.
#[server(prefix = "/api", endpoint = "auth/me")]
pub async fn me() -> Result<Option<CurrentUser>, AppError> {
    crate::http::respond(super::server::signed_in().await)
}

/// The signed-in user's own sessions.
#[server(prefix = "/api", endpoint = "auth/sessions")]
pub async fn my_sessions() -> Result<Vec<super::domain::SessionInfo>, AppError> {
    let user = super::server::authorize_signed_in().await?;
    let store = crate::store::use_store()?;
    let session = super::server::request_session().await?;
    crate::http::respond(super::server::list_for(&store, &user.id, session.id()).await)
}

/// Ends one of the signed-in user's own sessions, such as a forgotten browser.
#[server(prefix = "/api", endpoint = "auth/end-session")]
pub async fn end_my_session(handle: String) -> Result<(), AppError> {
    let user = super::server::authorize_signed_in().await?;
    let store = crate::store::use_store()?;
    let result = match super::server::end(&store, &user.id, &handle).await {
        Ok(true) => Ok(()),
        Ok(false) => Err(AppError::NotFound("That session".into())),
        Err(error) => Err(error),
    };
    super::server::forget_sessions(&user.id);
    crate::http::respond(result)
}

/// Ends every session of any user (admins only), e.g. when a laptop was stolen.
#[server(prefix = "/api", endpoint = "auth/end-user-sessions")]
pub async fn end_user_sessions(user: String) -> Result<(), AppError> {
    let admin = super::server::authorize(super::domain::Action::UsersManage).await?;
    let store = crate::store::use_store()?;
    let result = super::server::end_all(&store, &user).await;
    if result.is_ok() {
        tracing::info!(admin = %admin.id, %user, "ended all sessions of a user");
    }
    super::server::forget_sessions(&user);
    crate::http::respond(result)
}
