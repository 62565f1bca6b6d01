//! The audit trail: every change to a record, field by field, with who and when.

mod api;
pub mod domain;
pub mod log;
mod log_page;
mod pages;
#[cfg(feature = "ssr")]
pub mod server;

pub use api::*;
pub use domain::*;
pub use log_page::AuditLogPage;
pub use pages::History;
