//! Service levels: SLA terms per business service, the SLA clocks on tickets (business
//! hours only, On Hold left out), availability from monitoring's status history, and the
//! KPI reports.

pub mod api;
pub mod availability;
pub mod clock;
pub mod improvement;
pub mod kpi;
pub mod maturity;
mod pages;
pub mod report;
#[cfg(feature = "ssr")]
pub mod server;
pub mod terms;
pub mod ticket;

pub use pages::{
    AvailabilityPage, ImprovementPage, ImprovementsPage, KpiDrillPage, MaturityPage, ReportsPage,
    SlaPage, TicketClocksPanel,
};
