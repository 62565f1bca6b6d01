//! The KPIs of the service level, incident and change tables, each with its target,
//! measured over any period from plain facts, with the records behind each figure.
//! Times are Unix seconds.

mod behind;
mod definition;
mod facts;
mod measure;

pub use behind::behind;
pub use definition::{Area, Kpi, Target, Unit};
pub use facts::{ChangeFact, Facts, IncidentFact, Row, ServiceFact};
pub use measure::measure;

#[cfg(test)]
mod tests;
