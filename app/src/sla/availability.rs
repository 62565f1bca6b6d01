//! Availability from the status history monitoring records: outages of a business
//! service (any time not Operational), the part of each inside maintenance windows
//! (planned) or not (unplanned), and the figures ITIL asks for. Times are Unix seconds.

use crate::monitoring::health::Health;
use crate::monitoring::rollup::ServiceStatus;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// One stretch a service was not Operational, within the period asked about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outage {
    pub start: i64,
    pub end: i64,
    /// How much of it fell in a maintenance window.
    pub planned_s: i64,
    /// Ongoing at the end of the period.
    pub open: bool,
}

impl Outage {
    pub fn length(&self) -> i64 {
        self.end - self.start
    }

    pub fn unplanned_s(&self) -> i64 {
        self.length() - self.planned_s
    }

    /// A failure: some of it was not planned.
    pub fn is_failure(&self) -> bool {
        self.unplanned_s() > 0
    }
}

/// Total overlap of `start..end` with the windows (which may overlap each other).
fn overlap(start: i64, end: i64, windows: &[(i64, i64)]) -> i64 {
    let mut cut: Vec<(i64, i64)> = windows
        .iter()
        .map(|&(a, b)| (a.max(start), b.min(end)))
        .filter(|(a, b)| b > a)
        .collect();
    cut.sort_unstable();
    let (mut total, mut reach) = (0, start);
    for (a, b) in cut {
        let a = a.max(reach);
        if b > a {
            total += b - a;
            reach = b;
        }
    }
    total
}

/// The outages in `from..to`, given the status before `from` (none: Operational) and the
/// changes in the period, oldest first, and the maintenance windows of what it rests on.
pub fn outages(
    before: Option<ServiceStatus>,
    changes: &[(i64, ServiceStatus)],
    from: i64,
    to: i64,
    windows: &[(i64, i64)],
) -> Vec<Outage> {
    let mut found = Vec::new();
    let mut down_since = match before {
        Some(status) if status != ServiceStatus::Operational => Some(from),
        _ => None,
    };
    let close = |start: i64, end: i64, open: bool, found: &mut Vec<Outage>| {
        if end > start {
            found.push(Outage {
                start,
                end,
                planned_s: overlap(start, end, windows),
                open,
            });
        }
    };
    for &(at, status) in changes {
        let at = at.clamp(from, to);
        match (down_since, status == ServiceStatus::Operational) {
            (Some(start), true) => {
                close(start, at, false, &mut found);
                down_since = None;
            }
            (None, false) => down_since = Some(at),
            _ => {}
        }
    }
    if let Some(start) = down_since {
        close(start, to, true, &mut found);
    }
    found
}

/// The availability figures of one service (or CI) over a period.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Figures {
    /// Share of the period without unplanned downtime, 0 to 1.
    pub availability: f64,
    pub planned_s: i64,
    pub unplanned_s: i64,
    pub failures: u32,
    /// Mean time to restore service after a failure; none without a finished failure.
    pub mtrs_s: Option<i64>,
    /// Mean operating time between failures; none without a failure.
    pub mtbf_s: Option<i64>,
}

pub fn figures(outages: &[Outage], from: i64, to: i64) -> Figures {
    let span = (to - from).max(1);
    let planned_s: i64 = outages.iter().map(|o| o.planned_s).sum();
    let unplanned_s: i64 = outages.iter().map(Outage::unplanned_s).sum();
    let failures: Vec<&Outage> = outages.iter().filter(|o| o.is_failure()).collect();
    let restored: Vec<i64> = failures
        .iter()
        .filter(|o| !o.open)
        .map(|o| o.length())
        .collect();
    let down: i64 = outages.iter().map(Outage::length).sum();
    Figures {
        availability: (span - unplanned_s) as f64 / span as f64,
        planned_s,
        unplanned_s,
        failures: failures.len() as u32,
        mtrs_s: mean(&restored),
        mtbf_s: (!failures.is_empty()).then(|| (span - down) / failures.len() as i64),
    }
}

pub fn mean(values: &[i64]) -> Option<i64> {
    (!values.is_empty()).then(|| values.iter().sum::<i64>() / values.len() as i64)
}

/// A CI's stretch of failure (some check or alert of it Critical) and its repair.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Repair {
    pub ci: String,
    pub start: i64,
    /// None: not repaired yet.
    pub end: Option<i64>,
}

/// CI failures from monitoring's state changes `(ci, signal, at, health)`, oldest first;
/// the signal is the check or alert that changed. A CI has failed while any of its
/// signals is Critical, and is repaired when none is.
pub fn repairs(events: &[(String, String, i64, Health)]) -> Vec<Repair> {
    let mut critical: HashMap<&str, BTreeMap<&str, bool>> = HashMap::new();
    let mut open: HashMap<&str, i64> = HashMap::new();
    let mut found = Vec::new();
    for (ci, signal, at, health) in events {
        let signals = critical.entry(ci).or_default();
        signals.insert(signal, *health == Health::Critical);
        let failing = signals.values().any(|c| *c);
        match (open.get(ci.as_str()).copied(), failing) {
            (None, true) => {
                open.insert(ci, *at);
            }
            (Some(start), false) => {
                open.remove(ci.as_str());
                found.push(Repair {
                    ci: ci.clone(),
                    start,
                    end: Some(*at),
                });
            }
            _ => {}
        }
    }
    let mut still: Vec<Repair> = open
        .into_iter()
        .map(|(ci, start)| Repair {
            ci: ci.to_owned(),
            start,
            end: None,
        })
        .collect();
    still.sort_by(|a, b| (a.start, &a.ci).cmp(&(b.start, &b.ci)));
    found.extend(still);
    found
}

/// Mean time to repair: over the repairs finished in `from..to`.
pub fn mttr(repairs: &[Repair], from: i64, to: i64) -> Option<i64> {
    let times: Vec<i64> = repairs
        .iter()
        .filter_map(|r| {
            r.end
                .filter(|e| (from..to).contains(e))
                .map(|e| e - r.start)
        })
        .collect();
    mean(&times)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ServiceStatus::*;

    const H: i64 = 3600;
    // A 30-day month: 720 hours.
    const MONTH: i64 = 720 * H;

    #[test]
    fn a_month_with_one_failure_and_one_planned_outage() {
        // Down 2 h on day 3 (unplanned); Degraded 1 h on day 10 inside a 4 h window.
        let changes = [
            (50 * H, Down),
            (52 * H, Operational),
            (230 * H, Degraded),
            (231 * H, Operational),
        ];
        let windows = [(229 * H, 233 * H)];
        let found = outages(None, &changes, 0, MONTH, &windows);
        assert_eq!(found.len(), 2);
        assert_eq!(found[1].planned_s, H);
        let f = figures(&found, 0, MONTH);
        // (720 - 2) / 720 = 99.7222…%
        assert!((f.availability - 718.0 / 720.0).abs() < 1e-12);
        assert_eq!((f.planned_s, f.unplanned_s), (H, 2 * H));
        assert_eq!(f.failures, 1);
        assert_eq!(f.mtrs_s, Some(2 * H));
        // Operating time 720 - 3 = 717 h over one failure.
        assert_eq!(f.mtbf_s, Some(717 * H));
    }

    #[test]
    fn an_outage_running_over_the_edges_is_cut_to_the_period() {
        // Down before the period, up at 3 h, down again at 700 h and still down.
        let changes = [(3 * H, Operational), (700 * H, Down)];
        let found = outages(Some(Down), &changes, 0, MONTH, &[]);
        assert_eq!(
            found,
            vec![
                Outage {
                    start: 0,
                    end: 3 * H,
                    planned_s: 0,
                    open: false
                },
                Outage {
                    start: 700 * H,
                    end: MONTH,
                    planned_s: 0,
                    open: true
                },
            ]
        );
        let f = figures(&found, 0, MONTH);
        assert!((f.availability - 697.0 / 720.0).abs() < 1e-12);
        // Only the restored one counts towards the mean time to restore.
        assert_eq!(f.mtrs_s, Some(3 * H));
        assert_eq!(f.mtbf_s, Some((720 - 23) * H / 2));
    }

    #[test]
    fn no_outage_is_full_availability_and_no_means() {
        let f = figures(&outages(Some(Operational), &[], 0, MONTH, &[]), 0, MONTH);
        assert_eq!(f.availability, 1.0);
        assert_eq!((f.failures, f.mtrs_s, f.mtbf_s), (0, None, None));
    }

    #[test]
    fn overlapping_windows_count_once() {
        assert_eq!(overlap(0, 10, &[(2, 6), (4, 8), (9, 20)]), 7);
        assert_eq!(overlap(0, 10, &[(20, 30)]), 0);
    }

    #[test]
    fn a_ci_is_repaired_when_none_of_its_signals_is_critical() {
        let e = |ci: &str, signal: &str, at: i64, h| (ci.to_owned(), signal.to_owned(), at, h);
        let events = [
            e("db", "ping", 10, Health::Critical),
            e("db", "port", 20, Health::Critical),
            e("db", "ping", 30, Health::Ok),
            // Still failing on the port check until 70.
            e("db", "port", 70, Health::Warning),
            e("web", "http", 40, Health::Critical),
            e("web", "http", 100, Health::Ok),
            e("app", "http", 90, Health::Critical),
        ];
        let found = repairs(&events);
        assert_eq!(
            found,
            vec![
                Repair {
                    ci: "db".into(),
                    start: 10,
                    end: Some(70)
                },
                Repair {
                    ci: "web".into(),
                    start: 40,
                    end: Some(100)
                },
                Repair {
                    ci: "app".into(),
                    start: 90,
                    end: None
                },
            ]
        );
        // (60 + 60) / 2; a repair finished outside the period does not count.
        assert_eq!(mttr(&found, 0, 200), Some(60));
        assert_eq!(mttr(&found, 0, 80), Some(60));
        assert_eq!(mttr(&found, 0, 50), None);
    }
}
