//! What monitoring pages show, and the rules for a check's settings.

mod check;

pub use check::{CheckInput, CheckKind, CheckSettings};

use super::health::Health;
use super::rollup::ServiceStatus;
use serde::{Deserialize, Serialize};

/// A check as pages show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckView {
    pub id: String,
    pub ci: String,
    pub ci_name: String,
    pub name: String,
    pub kind: CheckKind,
    pub target: String,
    pub interval_s: u32,
    pub health: Health,
    /// Since when it has had that health (UTC, minutes).
    pub since: String,
    pub message: String,
    pub latency_ms: Option<u32>,
    pub checked_at: Option<String>,
}

/// One result of a check, for its CI's timeline and latency chart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultPoint {
    /// Seconds since the Unix epoch.
    pub at: i64,
    pub health: Health,
    pub latency_ms: Option<u32>,
}

/// A state change of a check, an alert or a service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventView {
    pub id: String,
    pub at: String,
    pub source: String,
    pub ci: Option<String>,
    pub ci_name: Option<String>,
    pub title: String,
    pub health: Health,
    pub message: String,
    pub suppressed: bool,
    pub flapping: bool,
    pub acknowledged_by: Option<String>,
    pub acknowledged_at: Option<String>,
}

/// A business service's tile on the status board and wallboards.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceTile {
    pub id: String,
    pub name: String,
    pub status: ServiceStatus,
    /// Seconds since the Unix epoch when it entered this status.
    pub since: i64,
    /// Share of today (UTC) so far it was Operational, from 0 to 1.
    pub availability_today: f64,
    /// What it needs that is not OK, worst first.
    pub problems: Vec<Problem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub ci: String,
    pub name: String,
    pub health: Health,
}

/// The monitoring overview page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Overview {
    /// How many checks are in each health, in [`Health::ALL`] order.
    pub counts: Vec<(Health, u64)>,
    /// Checks that are not OK, worst first.
    pub problems: Vec<CheckView>,
    pub services: Vec<ServiceTile>,
    pub events: Vec<EventView>,
    /// Seconds since the Unix epoch.
    pub generated_at: i64,
}

/// A CI's monitoring: its checks, each one's results of the last day (same order), and
/// its latest events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CiMonitoring {
    pub checks: Vec<CheckView>,
    pub results: Vec<Vec<ResultPoint>>,
    pub events: Vec<EventView>,
}

/// An alert whose CI label named no CI, waiting to be mapped by hand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TriageAlert {
    pub id: String,
    pub name: String,
    pub target: Option<String>,
    pub summary: String,
    pub firing: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntegrationView {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub match_label: String,
}

/// "3 h 12 min", "45 s": how long something has lasted.
pub fn duration_text(seconds: i64) -> String {
    let s = seconds.max(0);
    match s {
        0..60 => format!("{s} s"),
        60..3600 => format!("{} min", s / 60),
        3600..86_400 => format!("{} h {} min", s / 3600, s % 3600 / 60),
        _ => format!("{} d {} h", s / 86_400, s % 86_400 / 3600),
    }
}

/// At most `most` points for a chart: consecutive results merged into equal slices, each
/// keeping its worst health and its slowest latency (a spike or a failure never vanishes).
pub fn downsample(points: Vec<ResultPoint>, most: usize) -> Vec<ResultPoint> {
    if points.len() <= most || most == 0 {
        return points;
    }
    let per = points.len().div_ceil(most);
    points
        .chunks(per)
        .map(|slice| ResultPoint {
            at: slice[0].at,
            health: Health::worst(slice.iter().map(|p| p.health)),
            latency_ms: slice.iter().filter_map(|p| p.latency_ms).max(),
        })
        .collect()
}

/// The share of `start..end` (Unix seconds) a service was Operational, given its status
/// before `start` (none: not known, counted as Operational) and its changes in the span,
/// oldest first.
pub fn availability(
    before: Option<ServiceStatus>,
    changes: &[(i64, ServiceStatus)],
    start: i64,
    end: i64,
) -> f64 {
    if end <= start {
        return 1.0;
    }
    let mut up = 0;
    let mut status = before.unwrap_or(ServiceStatus::Operational);
    let mut from = start;
    for (at, next) in changes {
        let at = (*at).clamp(start, end);
        if status == ServiceStatus::Operational {
            up += at - from;
        }
        (status, from) = (*next, at);
    }
    if status == ServiceStatus::Operational {
        up += end - from;
    }
    up as f64 / (end - start) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn availability_counts_only_operational_time() {
        use ServiceStatus::*;
        assert_eq!(availability(None, &[], 0, 100), 1.0);
        // Down from 25 to 75 of 100 seconds: half.
        let changes = [(25, Down), (75, Operational)];
        assert_eq!(availability(Some(Operational), &changes, 0, 100), 0.5);
        // Degraded counts as not available; it was already degraded at the start.
        assert_eq!(
            availability(Some(Degraded), &[(60, Operational)], 0, 100),
            0.4
        );
    }

    #[test]
    fn downsampling_keeps_failures_and_spikes() {
        let mut points: Vec<ResultPoint> = (0..1000)
            .map(|i| ResultPoint {
                at: i,
                health: Health::Ok,
                latency_ms: Some(10),
            })
            .collect();
        points[501].health = Health::Critical;
        points[501].latency_ms = None;
        points[777].latency_ms = Some(900);
        let chart = downsample(points, 100);
        assert_eq!(chart.len(), 100);
        assert_eq!(chart[50].health, Health::Critical);
        assert_eq!(chart[77].latency_ms, Some(900));
        assert_eq!(chart[0].at, 0);
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(duration_text(42), "42 s");
        assert_eq!(duration_text(3 * 3600 + 12 * 60), "3 h 12 min");
        assert_eq!(duration_text(2 * 86_400 + 3600), "2 d 1 h");
    }
}
