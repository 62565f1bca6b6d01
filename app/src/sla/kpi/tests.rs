//! The KPIs measured by hand over ten days of incidents and changes, and their
//! drill-down.

use super::*;
use crate::sla::availability::Repair;
use Kpi::*;

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
