//! Server-only: SLAs in the store, the clocks of incidents and requests, the watcher that warns and
//! escalates, and the reports measured from the store.

mod clocks;
mod contracts;
mod facts;
pub mod improvements;
pub mod maturity;
pub mod reports;
mod requests;
mod slas;
mod watch;

pub use clocks::of_incident;
pub use requests::of_request;
pub use slas::{list, save, service_hours};
pub use watch::{keep_watching, round};
