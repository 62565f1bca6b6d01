//! The records behind a KPI's figure, for the drill-down.

use super::measure::{
    hours, implemented_in, open_changes_at, open_incidents_at, resolved_in, within,
};
use super::{ChangeFact, Facts, IncidentFact, Kpi, Row};
use Kpi::*;

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
