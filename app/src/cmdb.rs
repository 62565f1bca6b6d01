//! The CMDB: configuration items, their classes, typed relations and impact analysis.

mod api;
pub mod classes;
pub mod domain;
pub mod graph;
pub mod groups;
pub mod map;
pub mod merge;
mod pages;
pub mod query;
pub mod relations;
#[cfg(feature = "ssr")]
pub mod server;
mod vocabulary;

pub use api::*;
pub use domain::*;
pub use pages::{
    CiDetailPage, CiEditPage, CiListPage, CiPicker, ClassesPage, GroupsPage, ImpactPage, MapPage,
    ServicesPage,
};
