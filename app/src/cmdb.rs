//! The CMDB: configuration items, their classes and dependencies.

mod api;
pub mod domain;
pub mod merge;
mod pages;
#[cfg(feature = "ssr")]
mod server;
mod vocabulary;

pub use api::*;
pub use domain::*;
pub use pages::{CiDetailPage, CiEditPage, CiListPage};
