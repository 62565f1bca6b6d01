//! Measuring a KPI over a period from the facts.

use super::{ChangeFact, Facts, IncidentFact, Kpi};
use crate::sla::availability::mean;
use Kpi::*;

fn share(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| 100.0 * part as f64 / whole as f64)
}

pub(super) fn hours(seconds: i64) -> f64 {
    seconds as f64 / 3600.0
}

pub(super) fn within(at: i64, from: i64, to: i64) -> bool {
    (from..to).contains(&at)
}

pub(super) fn resolved_in(
    facts: &Facts,
    from: i64,
    to: i64,
) -> impl Iterator<Item = &IncidentFact> {
    facts
        .incidents
        .iter()
        .filter(move |i| !i.cancelled && i.resolved.is_some_and(|r| within(r, from, to)))
}

pub(super) fn implemented_in(
    facts: &Facts,
    from: i64,
    to: i64,
) -> impl Iterator<Item = &ChangeFact> {
    facts
        .changes
        .iter()
        .filter(move |c| c.succeeded.is_some() && c.closed.is_some_and(|at| within(at, from, to)))
}

pub(super) fn open_incidents_at(facts: &Facts, at: i64) -> impl Iterator<Item = &IncidentFact> {
    facts
        .incidents
        .iter()
        .filter(move |i| i.opened <= at && !i.cancelled && i.resolved.is_none_or(|r| r > at))
}

pub(super) fn open_changes_at(facts: &Facts, at: i64) -> impl Iterator<Item = &ChangeFact> {
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
        Mttr => crate::sla::availability::mttr(&facts.repairs, from, to).map(hours),
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
