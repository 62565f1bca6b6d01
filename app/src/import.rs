//! Importing CIs, relations and assets: one plan shape for every source format, checked
//! row by row.

pub mod api;
#[cfg(all(test, feature = "ssr"))]
mod fuzz;
#[cfg(feature = "ssr")]
pub mod jobs;
#[cfg(feature = "ssr")]
pub mod native;
#[cfg(feature = "ssr")]
pub mod netbox;
mod page;
pub mod plan;
pub mod report;
#[cfg(feature = "ssr")]
pub mod server;
#[cfg(feature = "ssr")]
pub mod synthetic;

pub use page::{AssetImportPage, ImportPage};
