//! Monitoring: what checks and alerts say about CIs, and what that means for services.

#[cfg(feature = "ssr")]
pub mod alertmanager;
pub mod api;
pub mod board;
pub mod domain;
#[cfg(feature = "ssr")]
pub mod generic;
pub mod health;
pub mod maintenance;
mod pages;
pub mod rollup;
#[cfg(feature = "ssr")]
pub mod server;
mod wallboard;

pub use pages::{
    AlertsPage, BoardsPage, CiChecks, CiMonitoringState, EventsPage, MaintenanceState,
    MaintenanceWindows, MonitoringPage, PlannedOn,
};
pub use wallboard::WallboardPage;
