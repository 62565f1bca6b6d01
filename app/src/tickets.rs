//! ITIL processes on one ticket machinery: numbers, states with the moves between them and
//! the fields each needs, priority from impact and urgency. Incidents first.

pub mod incident;
pub mod number;
pub mod priority;
