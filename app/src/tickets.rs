//! ITIL processes on one ticket machinery: numbers, states with the moves between them and
//! the fields each needs, priority from impact and urgency. Incidents first.

pub mod api;
pub mod escalation;
pub mod flow;
pub mod incident;
pub mod number;
mod pages;
pub mod priority;
pub mod problem;
pub mod problems_api;
pub mod raise;
#[cfg(feature = "ssr")]
pub mod server;
pub mod views;

pub use pages::{
    IncidentListPage, IncidentPage, KnownErrorsPage, NewIncidentPage, NewProblemPage,
    ProblemListPage, ProblemPage,
};
pub(crate) use pages::{People, Timeline};
