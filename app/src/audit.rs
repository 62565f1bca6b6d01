//! The audit trail: every change to a record, field by field, with who and when.

mod api;
pub mod domain;
mod pages;
#[cfg(feature = "ssr")]
pub mod server;

pub use api::*;
pub use domain::*;
pub use pages::History;
