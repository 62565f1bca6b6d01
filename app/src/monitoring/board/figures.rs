//! The key figures a board shows: which KPIs there are, and how each is computed and judged.

use crate::monitoring::domain::ServiceTile;
use crate::monitoring::health::Health;
use crate::monitoring::rollup::ServiceStatus;
use crate::sla::kpi::Kpi as ReportKpi;
use crate::sla::report::KpiFigure;
use serde::{Deserialize, Serialize};

/// A figure a board can show on its KPI view: monitoring's own, or one of the service
/// level reports' KPIs measured over this month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Kpi {
    ServicesDown,
    ServicesDegraded,
    AvailabilityToday,
    ChecksFailing,
    ChecksWarning,
    AlertsFiring,
    OpenEvents,
    Report(ReportKpi),
}

const MONITORING: [Kpi; 7] = [
    Kpi::ServicesDown,
    Kpi::ServicesDegraded,
    Kpi::AvailabilityToday,
    Kpi::ChecksFailing,
    Kpi::ChecksWarning,
    Kpi::AlertsFiring,
    Kpi::OpenEvents,
];

impl Kpi {
    /// Every KPI a board can show, monitoring's first.
    pub fn all() -> impl Iterator<Item = Kpi> {
        MONITORING
            .into_iter()
            .chain(ReportKpi::ALL.into_iter().map(Kpi::Report))
    }

    pub fn key(self) -> &'static str {
        match self {
            Kpi::ServicesDown => "services_down",
            Kpi::ServicesDegraded => "services_degraded",
            Kpi::AvailabilityToday => "availability_today",
            Kpi::ChecksFailing => "checks_failing",
            Kpi::ChecksWarning => "checks_warning",
            Kpi::AlertsFiring => "alerts_firing",
            Kpi::OpenEvents => "open_events",
            Kpi::Report(kpi) => kpi.key(),
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Kpi::ServicesDown => "Services down",
            Kpi::ServicesDegraded => "Services degraded",
            Kpi::AvailabilityToday => "Availability today",
            Kpi::ChecksFailing => "Checks failing",
            Kpi::ChecksWarning => "Checks in warning",
            Kpi::AlertsFiring => "Alerts firing",
            Kpi::OpenEvents => "Open events",
            Kpi::Report(kpi) => kpi.label(),
        }
    }

    pub fn parse(key: &str) -> Option<Kpi> {
        Kpi::all().find(|k| k.key() == key)
    }
}

/// One KPI as a board shows it: the figure, and how it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figure {
    pub kpi: Kpi,
    pub value: String,
    pub health: Health,
}

/// What the KPIs are computed from, besides the board's service tiles.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Facts {
    /// Checks per health.
    pub checks: Vec<(Health, u64)>,
    pub alerts_firing: u64,
    /// Events not OK and not yet acknowledged.
    pub open_events: u64,
    /// The reports' KPIs over this month, when the board shows any.
    pub reports: Vec<KpiFigure>,
}

/// Availability below these (as a share of the day) is a warning, then critical.
const AVAILABILITY_WARNING: f64 = 0.999;
const AVAILABILITY_CRITICAL: f64 = 0.99;

/// The figures for `kpis`, in that order. Services count only the board's own.
pub fn figures(kpis: &[Kpi], tiles: &[ServiceTile], facts: &Facts) -> Vec<Figure> {
    let services = |status| tiles.iter().filter(|t| t.status == status).count() as u64;
    let checks = |health| {
        facts
            .checks
            .iter()
            .find(|(h, _)| *h == health)
            .map_or(0, |(_, n)| *n)
    };
    // Zero is good; any is as bad as the KPI says.
    let count = |kpi, n: u64, bad| Figure {
        kpi,
        value: n.to_string(),
        health: if n == 0 { Health::Ok } else { bad },
    };
    kpis.iter()
        .map(|&kpi| match kpi {
            Kpi::ServicesDown => count(kpi, services(ServiceStatus::Down), Health::Critical),
            Kpi::ServicesDegraded => count(kpi, services(ServiceStatus::Degraded), Health::Warning),
            Kpi::ChecksFailing => count(kpi, checks(Health::Critical), Health::Critical),
            Kpi::ChecksWarning => count(kpi, checks(Health::Warning), Health::Warning),
            Kpi::AlertsFiring => count(kpi, facts.alerts_firing, Health::Warning),
            Kpi::OpenEvents => count(kpi, facts.open_events, Health::Warning),
            Kpi::AvailabilityToday => availability(tiles),
            Kpi::Report(report) => {
                let found = facts.reports.iter().find(|f| f.kpi == report);
                Figure {
                    kpi,
                    value: found.map_or_else(|| "No data".to_owned(), KpiFigure::shown),
                    health: match found.and_then(KpiFigure::met) {
                        Some(true) => Health::Ok,
                        Some(false) => Health::Critical,
                        None => Health::Unknown,
                    },
                }
            }
        })
        .collect()
}

/// The board's services' mean share of today in Operational.
fn availability(tiles: &[ServiceTile]) -> Figure {
    let kpi = Kpi::AvailabilityToday;
    if tiles.is_empty() {
        return Figure {
            kpi,
            value: "—".into(),
            health: Health::Unknown,
        };
    }
    let mean = tiles.iter().map(|t| t.availability_today).sum::<f64>() / tiles.len() as f64;
    let health = if mean >= AVAILABILITY_WARNING {
        Health::Ok
    } else if mean >= AVAILABILITY_CRITICAL {
        Health::Warning
    } else {
        Health::Critical
    };
    Figure {
        kpi,
        value: format!("{:.2} %", mean * 100.0),
        health,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tile(status: ServiceStatus, availability_today: f64) -> ServiceTile {
        ServiceTile {
            id: "s".into(),
            name: "S".into(),
            status,
            since: 0,
            availability_today,
            problems: Vec::new(),
        }
    }

    #[test]
    fn figures_count_the_boards_services_and_the_estates_checks() {
        let tiles = [
            tile(ServiceStatus::Down, 0.5),
            tile(ServiceStatus::Operational, 1.0),
            tile(ServiceStatus::Degraded, 1.0),
            tile(ServiceStatus::Down, 0.9),
        ];
        let facts = Facts {
            checks: vec![
                (Health::Ok, 40),
                (Health::Warning, 0),
                (Health::Critical, 3),
            ],
            alerts_firing: 2,
            open_events: 0,
            reports: Vec::new(),
        };
        let shown: Vec<(String, Health)> = figures(&MONITORING, &tiles, &facts)
            .into_iter()
            .map(|f| (f.value, f.health))
            .collect();
        assert_eq!(
            shown,
            vec![
                ("2".into(), Health::Critical),
                ("1".into(), Health::Warning),
                // (0.5 + 1 + 1 + 0.9) / 4 = 0.85
                ("85.00 %".into(), Health::Critical),
                ("3".into(), Health::Critical),
                ("0".into(), Health::Ok),
                ("2".into(), Health::Warning),
                ("0".into(), Health::Ok),
            ]
        );
    }

    #[test]
    fn availability_is_judged_against_three_and_two_nines() {
        let at = |a| availability(&[tile(ServiceStatus::Operational, a)]).health;
        assert_eq!(at(1.0), Health::Ok);
        assert_eq!(at(0.999), Health::Ok);
        assert_eq!(at(0.995), Health::Warning);
        assert_eq!(at(0.98), Health::Critical);
        assert_eq!(availability(&[]).health, Health::Unknown);
    }
}
