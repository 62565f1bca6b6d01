//! Server-only: password hashing, users, sessions and the one authorization check.

mod active;
mod limits;
mod sessions;
mod users;

pub use active::ActiveUsers;
pub use limits::LoginLimits;
pub use sessions::{end, end_all, list_for, SessionSettings, SessionStore};
pub use users::{bootstrap_admin, hash_password, seed_demo_users, DEMO_PASSWORD};

use super::domain::{Action, CurrentUser};
use crate::error::AppError;
use crate::store::{use_store, Store};
use tower_sessions::Session;

/// The session key holding the signed-in user's id.
const USER_KEY: &str = "user";
/// The session key holding when the user signed in (Unix seconds).
const SIGNED_IN_KEY: &str = "signed_in";

/// Signs in: checks the password, then starts a fresh session (a new id, so a
/// session id planted before sign-in is worthless).
pub async fn login(
    store: &Store,
    session: &Session,
    limits: &LoginLimits,
    client: &str,
    email: &str,
    password: &str,
) -> Result<CurrentUser, AppError> {
    limits.check(email, client)?;
    let user = users::verify(store, email, password).await?;
    session.cycle_id().await.map_err(internal)?;
    session.insert(USER_KEY, &user.id).await.map_err(internal)?;
    session
        .insert(
            SIGNED_IN_KEY,
            time::OffsetDateTime::now_utc().unix_timestamp(),
        )
        .await
        .map_err(internal)?;
    tracing::info!(user = %user.id, "signed in");
    Ok(user)
}

pub async fn logout(session: &Session) -> Result<(), AppError> {
    session.flush().await.map_err(internal)
}

/// The signed-in user, if the session holds a live one.
pub async fn current(
    store: &Store,
    users: &ActiveUsers,
    session: &Session,
    settings: &SessionSettings,
) -> Result<Option<CurrentUser>, AppError> {
    let Some(id) = session.get::<String>(USER_KEY).await.map_err(internal)? else {
        return Ok(None);
    };
    let signed_in = session
        .get::<i64>(SIGNED_IN_KEY)
        .await
        .map_err(internal)?
        .unwrap_or(0);
    if time::OffsetDateTime::now_utc().unix_timestamp() - signed_in
        > settings.absolute_timeout.whole_seconds()
    {
        session.flush().await.map_err(internal)?;
        return Ok(None);
    }
    let user = users.get(store, &id).await?;
    if user.is_none() {
        session.flush().await.map_err(internal)?;
    }
    Ok(user)
}

/// The one authorization check every server function makes: a signed-in user whose
/// roles allow `action`, or 401/403.
pub async fn authorize(action: Action) -> Result<CurrentUser, AppError> {
    let result = match signed_in().await {
        Ok(Some(user)) if user.can(action) => Ok(user),
        Ok(Some(user)) => {
            tracing::warn!(user = %user.id, ?action, "permission refused");
            Err(AppError::Forbidden("Your role does not allow this.".into()))
        }
        Ok(None) => Err(AppError::Unauthorized("Please sign in.".into())),
        Err(error) => Err(error),
    };
    crate::http::respond(result)
}

/// Any signed-in user, whatever their roles, or 401.
pub async fn authorize_signed_in() -> Result<CurrentUser, AppError> {
    let result = match signed_in().await {
        Ok(Some(user)) => Ok(user),
        Ok(None) => Err(AppError::Unauthorized("Please sign in.".into())),
        Err(error) => Err(error),
    };
    crate::http::respond(result)
}

/// Forgets the remembered sessions of `user` after some ended: the change stream would
/// too, but the next request must not wait for it.
pub fn forget_sessions(user: &str) {
    if let Some(sessions) = leptos::prelude::use_context::<SessionStore>() {
        sessions.forget_user(user);
    }
}

/// The session of the current request.
pub async fn request_session() -> Result<Session, AppError> {
    leptos_axum::extract().await.map_err(|e| {
        tracing::error!(error = %e, "no session layer");
        AppError::Internal(crate::store::reference())
    })
}

/// The signed-in user of the current request, if any.
pub async fn signed_in() -> Result<Option<CurrentUser>, AppError> {
    let store = use_store()?;
    let session = request_session().await?;
    let settings = leptos::prelude::use_context::<SessionSettings>().unwrap_or_default();
    let users = leptos::prelude::use_context::<ActiveUsers>().ok_or_else(|| {
        tracing::error!("no active users in the request context");
        AppError::Internal(crate::store::reference())
    })?;
    current(&store, &users, &session, &settings).await
}

fn internal(error: impl std::fmt::Display) -> AppError {
    let reference = crate::store::reference();
    tracing::error!(%reference, %error, "session error");
    AppError::Internal(reference)
}
