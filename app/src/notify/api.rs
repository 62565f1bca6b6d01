//! Server functions for the signed-in user's own notifications.

use super::Inbox;
use crate::error::AppError;
use leptos::prelude::*;

/// The signed-in user's inbox; nothing (not an error) for a visitor who is not signed in.
#[server(prefix = "/api", endpoint = "notifications/inbox")]
pub async fn my_inbox() -> Result<Option<Inbox>, AppError> {
    let Some(user) = crate::auth::server::signed_in().await? else {
        return Ok(None);
    };
    let store = crate::store::use_store()?;
    crate::http::respond(super::server::inbox(&store, &user.id).await.map(Some))
}

/// Marks one of the user's notifications read, or all of them with `id` "all".
#[server(prefix = "/api", endpoint = "notifications/read")]
pub async fn mark_read(id: String) -> Result<(), AppError> {
    let user = crate::auth::server::authorize_signed_in().await?;
    let store = crate::store::use_store()?;
    crate::http::respond(super::server::mark_read(&store, &user.id, &id).await)
}
