//! The KPIs of the service level, incident and change tables, each with its target,
//! measured over any period from plain facts, with the records behind each figure.
//! Times are Unix seconds.

use super::availability::{mean, Figures, Repair};
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

fn share(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| 100.0 * part as f64 / whole as f64)
}

fn hours(seconds: i64) -> f64 {
    seconds as f64 / 3600.0
}

fn within(at: i64, from: i64, to: i64) -> bool {
    (from..to).contains(&at)
}

fn resolved_in(facts: &Facts, from: i64, to: i64) -> impl Iterator<Item = &IncidentFact> {
    facts
        .incidents
        .iter()
        .filter(move |i| !i.cancelled && i.resolved.is_some_and(|r| within(r, from, to)))
}

fn implemented_in(facts: &Facts, from: i64, to: i64) -> impl Iterator<Item = &ChangeFact> {
    facts
        .changes
        .iter()
        .filter(move |c| c.succeeded.is_some() && c.closed.is_some_and(|at| within(at, from, to)))
}

fn open_incidents_at(facts: &Facts, at: i64) -> impl Iterator<Item = &IncidentFact> {
    facts
        .incidents
        .iter()
        .filter(move |i| i.opened <= at && !i.cancelled && i.resolved.is_none_or(|r| r > at))
}

fn open_changes_at(facts: &Facts, at: i64) -> impl Iterator<Item = &ChangeFact> {
    facts
        .changes
        .iter()
        .filter(move |c| c.opened <= at && c.closed.is_none_or(|closed| closed > at))
}

/// The figure for `from..to`, or none when nothing in the period measures it. Backlogs are
/// counted at `to`, or at `now` for a period not over yet.
pub fn measure(kpi: Kpi, facts: &Facts, from: i64, to: i64, now: i64) -> Option<f64> {
    let end = to.min(now);
    match kpi {
        Availability => {
            let all: Vec<f64> = facts
                .services
                .iter()
                .map(|s| s.figures.availability)
                .collect();
            (!all.is_empty()).then(|| 100.0 * all.iter().sum::<f64>() / all.len() as f64)
        }
        Mttr => super::availability::mttr(&facts.repairs, from, to).map(hours),
        Mtbf => {
            let failures: u32 = facts.services.iter().map(|s| s.figures.failures).sum();
            let operating: i64 = facts
                .services
                .iter()
                .map(|s| (end - from) - s.figures.planned_s - s.figures.unplanned_s)
                .sum();
            (failures > 0).then(|| hours(operating / i64::from(failures)))
        }
        SlaCompliance => {
            let judged: Vec<bool> = resolved_in(facts, from, to)
                .filter_map(|i| i.sla_met)
                .collect();
            share(judged.iter().filter(|m| **m).count(), judged.len())
        }
        FirstContact => {
            let all: Vec<&IncidentFact> = resolved_in(facts, from, to).collect();
            share(all.iter().filter(|i| i.first_contact).count(), all.len())
        }
        ResolutionTime => {
            let times: Vec<i64> = resolved_in(facts, from, to)
                .filter_map(|i| i.resolved.map(|r| r - i.opened))
                .collect();
            mean(&times).map(hours)
        }
        IncidentBacklog => Some(open_incidents_at(facts, end).count() as f64),
        EscalationRate => {
            let logged: Vec<&IncidentFact> = facts
                .incidents
                .iter()
                .filter(|i| within(i.opened, from, to))
                .collect();
            share(logged.iter().filter(|i| i.escalated).count(), logged.len())
        }
        ChangeSuccess => {
            let done: Vec<&ChangeFact> = implemented_in(facts, from, to).collect();
            share(
                done.iter().filter(|c| c.succeeded == Some(true)).count(),
                done.len(),
            )
        }
        EmergencyRate => {
            let raised: Vec<&ChangeFact> = facts
                .changes
                .iter()
                .filter(|c| within(c.opened, from, to))
                .collect();
            share(raised.iter().filter(|c| c.emergency).count(), raised.len())
        }
        LeadTime => {
            let times: Vec<i64> = implemented_in(facts, from, to)
                .filter_map(|c| c.closed.map(|at| at - c.opened))
                .collect();
            mean(&times).map(|s| s as f64 / 86_400.0)
        }
        ChangeBacklog => Some(open_changes_at(facts, end).count() as f64),
    }
}

fn incident_row(i: &IncidentFact, value: String) -> Row {
    Row {
        href: format!("/incidents/{}", i.number),
        label: i.number.clone(),
        title: i.title.clone(),
        value,
    }
}

fn change_row(c: &ChangeFact, value: String) -> Row {
    Row {
        href: format!("/changes/{}", c.number),
        label: c.number.clone(),
        title: c.title.clone(),
        value,
    }
}

fn yes(b: bool) -> String {
    if b { "Yes" } else { "No" }.to_owned()
}

/// The records a figure is measured from, each with what it adds.
pub fn behind(kpi: Kpi, facts: &Facts, from: i64, to: i64, now: i64) -> Vec<Row> {
    let end = to.min(now);
    let duration = |s: i64| format!("{:.1} h", hours(s));
    match kpi {
        Availability | Mtbf => facts
            .services
            .iter()
            .map(|s| Row {
                href: format!("/cis/{}", s.key),
                label: s.name.clone(),
                title: format!(
                    "{} failure(s), {} unplanned, {} planned",
                    s.figures.failures,
                    duration(s.figures.unplanned_s),
                    duration(s.figures.planned_s)
                ),
                value: format!("{:.3} %", 100.0 * s.figures.availability),
            })
            .collect(),
        Mttr => facts
            .repairs
            .iter()
            .filter_map(|r| {
                let end = r.end.filter(|e| within(*e, from, to))?;
                Some(Row {
                    href: format!("/cis/{}", r.ci),
                    label: r.ci.clone(),
                    title: "Repaired".into(),
                    value: duration(end - r.start),
                })
            })
            .collect(),
        SlaCompliance => resolved_in(facts, from, to)
            .filter_map(|i| {
                i.sla_met
                    .map(|met| incident_row(i, if met { "Met" } else { "Breached" }.into()))
            })
            .collect(),
        FirstContact => resolved_in(facts, from, to)
            .map(|i| incident_row(i, yes(i.first_contact)))
            .collect(),
        ResolutionTime => resolved_in(facts, from, to)
            .map(|i| incident_row(i, duration(i.resolved.unwrap_or(i.opened) - i.opened)))
            .collect(),
        IncidentBacklog => open_incidents_at(facts, end)
            .map(|i| incident_row(i, duration(end - i.opened)))
            .collect(),
        EscalationRate => facts
            .incidents
            .iter()
            .filter(|i| within(i.opened, from, to))
            .map(|i| incident_row(i, yes(i.escalated)))
            .collect(),
        ChangeSuccess => implemented_in(facts, from, to)
            .map(|c| {
                change_row(
                    c,
                    if c.succeeded == Some(true) {
                        "Successful"
                    } else {
                        "Failed"
                    }
                    .into(),
                )
            })
            .collect(),
        EmergencyRate => facts
            .changes
            .iter()
            .filter(|c| within(c.opened, from, to))
            .map(|c| change_row(c, yes(c.emergency)))
            .collect(),
        LeadTime => implemented_in(facts, from, to)
            .map(|c| {
                let days = (c.closed.unwrap_or(c.opened) - c.opened) as f64 / 86_400.0;
                change_row(c, format!("{days:.1} days"))
            })
            .collect(),
        ChangeBacklog => open_changes_at(facts, end)
            .map(|c| change_row(c, format!("{:.1} days", (end - c.opened) as f64 / 86_400.0)))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: i64 = 3600;
    const D: i64 = 24 * H;

    fn incident(n: u32, opened: i64, resolved: Option<i64>) -> IncidentFact {
        IncidentFact {
            number: format!("INC{n:07}"),
            title: format!("Incident {n}"),
            opened,
            resolved,
            cancelled: false,
            first_contact: false,
            escalated: false,
            sla_met: None,
        }
    }

    fn change(n: u32, opened: i64, closed: Option<i64>, succeeded: Option<bool>) -> ChangeFact {
        ChangeFact {
            number: format!("CHG{n:07}"),
            title: format!("Change {n}"),
            emergency: false,
            opened,
            closed,
            succeeded,
        }
    }

    /// Ten days; five incidents and five changes with figures worked out by hand.
    fn facts() -> Facts {
        let mut incidents = vec![
            incident(1, 0, Some(2 * H)),
            incident(2, D, Some(D + 10 * H)),
            incident(3, 2 * D, Some(2 * D + 6 * H)),
            incident(4, 3 * D, None),
            incident(5, 4 * D, Some(11 * D)),
        ];
        incidents[0].first_contact = true;
        incidents[0].sla_met = Some(true);
        incidents[1].sla_met = Some(false);
        incidents[1].escalated = true;
        incidents[2].sla_met = Some(true);
        let mut changes = vec![
            change(1, 0, Some(3 * D), Some(true)),
            change(2, D, Some(8 * D), Some(false)),
            change(3, 2 * D, Some(4 * D), None),
            change(4, 3 * D, None, None),
            change(5, 20 * D, None, None),
        ];
        changes[1].emergency = true;
        Facts {
            incidents,
            changes,
            services: Vec::new(),
            repairs: vec![
                Repair {
                    ci: "db".into(),
                    start: 0,
                    end: Some(3 * H),
                },
                Repair {
                    ci: "web".into(),
                    start: D,
                    end: Some(D + 5 * H),
                },
            ],
        }
    }

    fn at(kpi: Kpi) -> Option<f64> {
        measure(kpi, &facts(), 0, 10 * D, 100 * D)
    }

    #[test]
    fn incident_kpis_by_hand() {
        // Resolved in the period: 1, 2, 3 (5 is resolved after it).
        assert_eq!(at(FirstContact), Some(100.0 / 3.0));
        // (2 + 10 + 6) / 3 = 6 h.
        assert_eq!(at(ResolutionTime), Some(6.0));
        // Open at day 10: 4 and 5.
        assert_eq!(at(IncidentBacklog), Some(2.0));
        // 1 of the 5 logged was escalated.
        assert_eq!(at(EscalationRate), Some(20.0));
        // 2 of the 3 judged met their SLA.
        assert_eq!(at(SlaCompliance), Some(200.0 / 3.0));
        // (3 + 5) / 2 h.
        assert_eq!(at(Mttr), Some(4.0));
    }

    #[test]
    fn change_kpis_by_hand() {
        // Implemented in the period: 1 (successful) and 2 (failed); 3 was cancelled.
        assert_eq!(at(ChangeSuccess), Some(50.0));
        // 1 of 4 raised in the period was an emergency.
        assert_eq!(at(EmergencyRate), Some(25.0));
        // (3 + 7) / 2 days.
        assert_eq!(at(LeadTime), Some(5.0));
        // Open at day 10: 4 only (5 was raised later).
        assert_eq!(at(ChangeBacklog), Some(1.0));
    }

    #[test]
    fn nothing_measured_is_no_figure_not_zero() {
        let empty = Facts::default();
        for kpi in [
            Availability,
            Mttr,
            Mtbf,
            SlaCompliance,
            FirstContact,
            ChangeSuccess,
        ] {
            assert_eq!(measure(kpi, &empty, 0, D, D), None, "{kpi:?}");
        }
        assert_eq!(measure(IncidentBacklog, &empty, 0, D, D), Some(0.0));
    }

    #[test]
    fn a_backlog_is_counted_now_while_the_period_runs() {
        // At day 3.5 (now) 1 to 3 are resolved, 4 is open and 5 not yet logged.
        assert_eq!(
            measure(IncidentBacklog, &facts(), 0, 30 * D, 3 * D + 12 * H),
            Some(1.0)
        );
    }

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

    #[test]
    fn the_drill_down_lists_what_the_figure_counts() {
        let rows = behind(ResolutionTime, &facts(), 0, 10 * D, 100 * D);
        let labels: Vec<&str> = rows.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(labels, ["INC0000001", "INC0000002", "INC0000003"]);
        assert_eq!(rows[1].value, "10.0 h");
        assert_eq!(rows[1].href, "/incidents/INC0000002");
        let backlog = behind(ChangeBacklog, &facts(), 0, 10 * D, 100 * D);
        assert_eq!(backlog.len(), 1);
        assert_eq!(backlog[0].value, "7.0 days");
        for kpi in Kpi::ALL {
            assert_eq!(Kpi::parse(kpi.key()), Some(kpi));
        }
    }
}
