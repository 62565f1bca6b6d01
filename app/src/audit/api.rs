use super::domain::AuditEntry;
use super::log::{AuditFilter, LogPage};
use crate::error::AppError;
use leptos::prelude::*;

/// The history of one record, for anyone who may read records of its table.
#[server(prefix = "/api", endpoint = "audit/history")]
pub async fn record_history(table: String, id: String) -> Result<Vec<AuditEntry>, AppError> {
    crate::auth::server::authorize(super::log::read_permission(&table)).await?;
    let store = crate::store::use_store()?;
    crate::http::respond(super::server::history(&store, &table, &id).await)
}

/// The audit log of every record, filtered, newest first.
#[server(prefix = "/api", endpoint = "audit/log")]
pub async fn audit_log(#[server(default)] filter: AuditFilter) -> Result<LogPage, AppError> {
    crate::auth::server::authorize(crate::auth::Action::AuditRead).await?;
    let store = crate::store::use_store()?;
    let result = match filter.validate() {
        Ok(filter) => super::server::log(&store, &filter).await,
        Err(error) => Err(error),
    };
    crate::http::respond(result)
}
