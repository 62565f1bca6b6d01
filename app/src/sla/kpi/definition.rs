//! The KPIs themselves: their names, areas, units and targets.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Kpi {
    Availability,
    Mttr,
    Mtbf,
    SlaCompliance,
    FirstContact,
    ResolutionTime,
    IncidentBacklog,
    EscalationRate,
    ChangeSuccess,
    EmergencyRate,
    LeadTime,
    ChangeBacklog,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Area {
    ServiceLevel,
    Incidents,
    Changes,
}

impl Area {
    pub const ALL: [Area; 3] = [Area::ServiceLevel, Area::Incidents, Area::Changes];

    pub fn label(self) -> &'static str {
        match self {
            Area::ServiceLevel => "Service level",
            Area::Incidents => "Incidents",
            Area::Changes => "Changes",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Unit {
    Percent,
    Hours,
    Days,
    Count,
}

/// A target: the figure must be at least, or at most, this (in the KPI's unit).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum Target {
    AtLeast(f64),
    Below(f64),
}

impl Target {
    pub fn met(self, value: f64) -> bool {
        match self {
            Target::AtLeast(t) => value >= t,
            Target::Below(t) => value < t,
        }
    }
}

use Kpi::*;

impl Kpi {
    pub const ALL: [Kpi; 12] = [
        Availability,
        Mttr,
        Mtbf,
        SlaCompliance,
        FirstContact,
        ResolutionTime,
        IncidentBacklog,
        EscalationRate,
        ChangeSuccess,
        EmergencyRate,
        LeadTime,
        ChangeBacklog,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Availability => "availability",
            Mttr => "mttr",
            Mtbf => "mtbf",
            SlaCompliance => "sla_compliance",
            FirstContact => "first_contact",
            ResolutionTime => "resolution_time",
            IncidentBacklog => "incident_backlog",
            EscalationRate => "escalation_rate",
            ChangeSuccess => "change_success",
            EmergencyRate => "emergency_rate",
            LeadTime => "lead_time",
            ChangeBacklog => "change_backlog",
        }
    }

    pub fn parse(key: &str) -> Option<Kpi> {
        Self::ALL.into_iter().find(|k| k.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            Availability => "Availability",
            Mttr => "Mean time to repair (MTTR)",
            Mtbf => "Mean time between failures (MTBF)",
            SlaCompliance => "SLA compliance",
            FirstContact => "First-contact resolution",
            ResolutionTime => "Average resolution time",
            IncidentBacklog => "Incident backlog",
            EscalationRate => "Escalation rate",
            ChangeSuccess => "Change success rate",
            EmergencyRate => "Emergency change rate",
            LeadTime => "Change lead time",
            ChangeBacklog => "Change backlog",
        }
    }

    /// What is measured, in a sentence.
    pub fn means(self) -> &'static str {
        match self {
            Availability => "Mean share of the period the business services were up, planned maintenance left out.",
            Mttr => "Mean time from a CI failing (a check or alert Critical) to its repair, for repairs in the period.",
            Mtbf => "Mean operating time between unplanned service outages.",
            SlaCompliance => "Share of incidents resolved in the period within their SLA's response and resolution targets.",
            FirstContact => "Share of incidents resolved in the period at first contact.",
            ResolutionTime => "Mean time from logging to resolution, for incidents resolved in the period.",
            IncidentBacklog => "Incidents open at the end of the period.",
            EscalationRate => "Share of incidents logged in the period that were escalated.",
            ChangeSuccess => "Share of changes implemented in the period that succeeded.",
            EmergencyRate => "Share of changes raised in the period that were emergencies.",
            LeadTime => "Mean time from raising to finishing, for changes implemented in the period.",
            ChangeBacklog => "Changes still to be done at the end of the period.",
        }
    }

    pub fn area(self) -> Area {
        match self {
            Availability | Mttr | Mtbf | SlaCompliance => Area::ServiceLevel,
            FirstContact | ResolutionTime | IncidentBacklog | EscalationRate => Area::Incidents,
            _ => Area::Changes,
        }
    }

    pub fn unit(self) -> Unit {
        match self {
            Mttr | Mtbf | ResolutionTime => Unit::Hours,
            LeadTime => Unit::Days,
            IncidentBacklog | ChangeBacklog => Unit::Count,
            _ => Unit::Percent,
        }
    }

    /// The seed's targets.
    pub fn target(self) -> Target {
        match self {
            Availability => Target::AtLeast(99.9),
            Mttr => Target::Below(4.0),
            Mtbf => Target::AtLeast(720.0),
            SlaCompliance => Target::AtLeast(95.0),
            FirstContact => Target::AtLeast(70.0),
            ResolutionTime => Target::Below(8.0),
            IncidentBacklog => Target::Below(50.0),
            EscalationRate => Target::Below(20.0),
            ChangeSuccess => Target::AtLeast(95.0),
            EmergencyRate => Target::Below(5.0),
            LeadTime => Target::Below(5.0),
            ChangeBacklog => Target::Below(100.0),
        }
    }

    /// A value in this KPI's unit, as people read it.
    pub fn show(self, value: f64) -> String {
        match self.unit() {
            Unit::Percent if self == Availability => format!("{value:.2} %"),
            Unit::Percent => format!("{value:.1} %"),
            Unit::Hours => format!("{value:.1} h"),
            Unit::Days => format!("{value:.1} days"),
            Unit::Count => format!("{value:.0}"),
        }
    }

    pub fn show_target(self) -> String {
        match self.target() {
            Target::AtLeast(t) => format!("≥ {}", self.show(t)),
            Target::Below(t) => format!("< {}", self.show(t)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_judge_the_figures() {
        assert!(Availability.target().met(99.95));
        assert!(!Availability.target().met(99.8));
        assert!(Mttr.target().met(3.9));
        assert!(!Mttr.target().met(4.0));
        assert_eq!(Availability.show_target(), "≥ 99.90 %");
        assert_eq!(LeadTime.show_target(), "< 5.0 days");
        assert_eq!(IncidentBacklog.show(12.0), "12");
    }
}
