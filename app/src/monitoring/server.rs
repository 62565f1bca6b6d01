//! Server-only: checks and their scheduler, inbound alerts, events, service status and
//! wallboards.

pub mod alerts;
pub mod boards;
pub mod checks;
pub mod events;
mod firing;
pub mod ingest;
pub mod maintenance;
mod probe;
mod scheduler;
pub mod status;

pub use scheduler::Scheduler;

use crate::error::AppError;

/// The check scheduler of this server, from the request context.
pub fn use_scheduler() -> Result<Scheduler, AppError> {
    leptos::prelude::use_context::<Scheduler>().ok_or_else(|| {
        tracing::error!("no check scheduler in context");
        AppError::Internal(crate::store::reference())
    })
}
