//! Changes: RFCs of three kinds through the seed's change flow, the CAB's votes and
//! quorum, impact from the CMDB, and the calendar with its clashes and freezes.

pub mod api;
pub mod cab;
pub mod calendar;
pub mod domain;
pub mod form;
mod pages;
pub mod risk;
#[cfg(feature = "ssr")]
pub mod server;
pub mod views;

pub use pages::{ChangeCalendarPage, ChangeListPage, ChangePage, NewChangePage};
