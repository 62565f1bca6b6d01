//! Wallboards: what a board shows, and how it turns between its views. Shared: the
//! server builds a board's content, and the browser turns its views on the clock.

use super::domain::{EventView, ServiceTile};
use super::health::Health;
use super::rollup::ServiceStatus;
use crate::error::{AppError, FieldErrors};
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

/// One of a board's views.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Panel {
    Services,
    Kpis,
    Events,
}

impl Panel {
    pub fn label(self) -> &'static str {
        match self {
            Panel::Services => "Services",
            Panel::Kpis => "Key figures",
            Panel::Events => "Latest events",
        }
    }
}

/// A wallboard's content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoardView {
    pub key: String,
    pub name: String,
    /// Seconds each view stays on screen; 0 shows them all at once.
    pub rotate_s: u32,
    pub tiles: Vec<ServiceTile>,
    pub figures: Vec<Figure>,
    /// The latest events, when the board shows them.
    pub events: Option<Vec<EventView>>,
    /// Seconds since the Unix epoch.
    pub generated_at: i64,
}

impl BoardView {
    pub fn panels(&self) -> Vec<Panel> {
        let mut panels = vec![Panel::Services];
        if !self.figures.is_empty() {
            panels.push(Panel::Kpis);
        }
        if self.events.is_some() {
            panels.push(Panel::Events);
        }
        panels
    }
}

/// Which of `count` views is on screen at `now_s`: `None` shows them all at once. Every
/// screen turns in step, as the view follows the clock.
pub fn showing(count: usize, rotate_s: u32, now_s: i64) -> Option<usize> {
    if rotate_s == 0 || count < 2 {
        return None;
    }
    let turns = now_s.max(0) / i64::from(rotate_s);
    Some(usize::try_from(turns).unwrap_or(0) % count)
}

/// A wallboard as its admin page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardSummary {
    pub key: String,
    pub name: String,
    pub services: Vec<String>,
    pub kpis: Vec<Kpi>,
    pub events: bool,
    pub rotate_s: u32,
    pub has_token: bool,
}

/// The new-board form as submitted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BoardInput {
    pub name: String,
    /// Service CI keys; none means all of them.
    pub services: Vec<String>,
    pub kpis: Vec<String>,
    /// Ticked to show the latest events.
    pub events: Option<String>,
    pub rotate_s: String,
}

/// A board's settings after validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoardSettings {
    pub key: String,
    pub name: String,
    pub services: Vec<String>,
    pub kpis: Vec<Kpi>,
    pub events: bool,
    pub rotate_s: u32,
}

/// The shortest and longest time a view may stay on screen when a board turns.
pub const ROTATE_MIN_S: u32 = 5;
pub const ROTATE_MAX_S: u32 = 3600;

impl BoardInput {
    pub fn validate(&self) -> Result<BoardSettings, AppError> {
        let mut errors = FieldErrors::default();
        let name = self.name.trim().to_owned();
        let key = crate::cmdb::classes::slug(&name);
        if name.is_empty() || name.chars().count() > 100 {
            errors.add(
                "name",
                "Name the board (at most 100 characters), e.g. \u{201c}Operations\u{201d}.",
            );
        } else if key.is_empty() {
            errors.add("name", "Use at least one letter or digit.");
        }
        let mut kpis = Vec::new();
        for text in &self.kpis {
            match Kpi::parse(text) {
                Some(kpi) if !kpis.contains(&kpi) => kpis.push(kpi),
                Some(_) => {}
                None => errors.add("kpis", format!("There is no KPI \u{201c}{text}\u{201d}.")),
            }
        }
        let rotate_s = match self.rotate_s.trim() {
            "" | "0" => 0,
            text => match text.parse::<u32>() {
                Ok(s) if (ROTATE_MIN_S..=ROTATE_MAX_S).contains(&s) => s,
                _ => {
                    errors.add(
                        "rotate_s",
                        format!(
                            "Enter seconds from {ROTATE_MIN_S} to {ROTATE_MAX_S}, or leave it empty to show every view at once."
                        ),
                    );
                    0
                }
            },
        };
        errors.into_result()?;
        Ok(BoardSettings {
            key,
            name,
            services: self.services.clone(),
            kpis,
            events: self.events.is_some(),
            rotate_s,
        })
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

    #[test]
    fn views_turn_with_the_clock_in_step_on_every_screen() {
        assert_eq!(showing(3, 0, 1_000), None, "no rotation: all at once");
        assert_eq!(showing(1, 10, 1_000), None, "one view does not turn");
        assert_eq!(showing(3, 10, 1_000), Some(1)); // turn 100
        assert_eq!(showing(3, 10, 1_009), Some(1));
        assert_eq!(showing(3, 10, 1_010), Some(2));
        assert_eq!(showing(3, 10, 1_020), Some(0));
    }

    #[test]
    fn a_board_needs_a_name_known_kpis_and_a_sensible_turn() {
        let input = BoardInput {
            name: " Ops floor ".into(),
            kpis: vec![
                "services_down".into(),
                "alerts_firing".into(),
                "services_down".into(),
            ],
            events: Some("on".into()),
            rotate_s: "20".into(),
            ..BoardInput::default()
        };
        let board = input.validate().unwrap();
        assert_eq!(board.key, "ops_floor");
        assert_eq!(board.kpis, vec![Kpi::ServicesDown, Kpi::AlertsFiring]);
        assert!(board.events);
        assert_eq!(board.rotate_s, 20);

        let errors = |input: BoardInput| match input.validate() {
            Err(AppError::Validation(e)) => e,
            other => panic!("expected field errors, got {other:?}"),
        };
        let bad = errors(BoardInput {
            name: "!!".into(),
            kpis: vec!["uptime".into()],
            rotate_s: "2".into(),
            ..BoardInput::default()
        });
        assert!(bad.get("name").unwrap().contains("letter or digit"));
        assert!(bad.get("kpis").unwrap().contains("uptime"));
        assert!(bad.get("rotate_s").unwrap().contains("5 to 3600"));
    }
}
