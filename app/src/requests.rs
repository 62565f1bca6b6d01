//! Service requests and self-service: a catalog of items, each with its own order form
//! defined as data, approval by role, fulfilment tasks, and the portal where people
//! order, follow their requests live, report problems and search the knowledge base.

pub mod api;
pub mod domain;
pub mod form;
mod pages;
pub mod report;
#[cfg(feature = "ssr")]
pub mod server;
pub mod views;

pub use pages::{
    CatalogAdminPage, CatalogItemPage, MyIncidentPage, OrderPage, PortalPage, RequestListPage,
    RequestPage,
};
