use super::domain::AuditEntry;
use crate::error::AppError;
use leptos::prelude::*;

/// The history of one CI.
#[server(prefix = "/api", endpoint = "audit/ci")]
pub async fn ci_history(id: String) -> Result<Vec<AuditEntry>, AppError> {
    crate::auth::server::authorize(crate::auth::Action::CmdbRead).await?;
    let store = crate::store::use_store()?;
    crate::http::respond(super::server::history(&store, "ci", &id).await)
}
