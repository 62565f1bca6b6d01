//! Monitoring: what checks and alerts say about CIs, and what that means for services.

#[cfg(feature = "ssr")]
pub mod alertmanager;
pub mod health;
pub mod rollup;
