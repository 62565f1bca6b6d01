//! Server functions for the signed-in user's own notifications.

use super::Inbox;
use crate::error::AppError;
use leptos::prelude::*;

#[server(prefix = "/api", endpoint = "notifications/inbox")]
pub async fn my_inbox() -> Result<Inbox, AppError> {
    let user = crate::auth::server::authorize_signed_in().await?;
    let store = crate::store::use_store()?;
    crate::http::respond(super::server::inbox(&store, &user.id).await)
}

/// Marks one of the user's notifications read, or all of them with `id` "all".
#[server(prefix = "/api", endpoint = "notifications/read")]
pub async fn mark_read(id: String) -> Result<(), AppError> {
    let user = crate::auth::server::authorize_signed_in().await?;
    let store = crate::store::use_store()?;
    crate::http::respond(super::server::mark_read(&store, &user.id, &id).await)
}
