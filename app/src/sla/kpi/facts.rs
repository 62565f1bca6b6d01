//! The plain facts the KPIs are measured from, and the rows behind a figure.

use crate::sla::availability::{Figures, Repair};
use serde::{Deserialize, Serialize};

/// An incident as the KPIs see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncidentFact {
    pub number: String,
    pub title: String,
    pub opened: i64,
    pub resolved: Option<i64>,
    pub cancelled: bool,
    pub first_contact: bool,
    pub escalated: bool,
    /// Met its SLA's targets; none when no SLA covers it or it is not resolved.
    pub sla_met: Option<bool>,
}

/// A change as the KPIs see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeFact {
    pub number: String,
    pub title: String,
    pub emergency: bool,
    pub opened: i64,
    /// When it left the open states (implemented, rejected or cancelled).
    pub closed: Option<i64>,
    /// Implemented: Some(true) when successful, Some(false) when failed or backed out.
    pub succeeded: Option<bool>,
}

/// A business service's availability over the period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceFact {
    pub key: String,
    pub name: String,
    pub figures: Figures,
}

/// Everything the KPIs are measured from. Services' figures are for one period, so they
/// are measured again for each trend point.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Facts {
    pub incidents: Vec<IncidentFact>,
    pub changes: Vec<ChangeFact>,
    pub services: Vec<ServiceFact>,
    pub repairs: Vec<Repair>,
}

/// One record behind a figure, for the drill-down.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Row {
    pub href: String,
    pub label: String,
    pub title: String,
    pub value: String,
}
