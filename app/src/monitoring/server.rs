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

pub use firing::FiringAlerts;
pub use scheduler::Scheduler;

use crate::error::AppError;

/// The firing alerts this server keeps, from the request context.
pub fn use_firing() -> Result<FiringAlerts, AppError> {
    leptos::prelude::use_context::<FiringAlerts>().ok_or_else(|| {
        tracing::error!("no firing alerts in context");
        AppError::Internal(crate::store::reference())
    })
}

/// The check scheduler of this server, from the request context.
pub fn use_scheduler() -> Result<Scheduler, AppError> {
    leptos::prelude::use_context::<Scheduler>().ok_or_else(|| {
        tracing::error!("no check scheduler in context");
        AppError::Internal(crate::store::reference())
    })
}
