//! Server-only: SLAs in the store, the clocks of incidents, the watcher that warns and
//! escalates, and the reports measured from the store.

mod clocks;
mod contracts;
mod facts;
pub mod improvements;
pub mod maturity;
pub mod reports;
mod slas;
mod watch;

pub use clocks::of_incident;
pub use slas::{list, save};
pub use watch::{keep_watching, round};
