//! What monitoring pages show, and the rules for a check's settings.

use super::health::{Health, Thresholds};
use super::rollup::ServiceStatus;
use crate::error::{AppError, FieldErrors};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CheckKind {
    Http,
    Tcp,
}

impl CheckKind {
    pub fn key(self) -> &'static str {
        match self {
            CheckKind::Http => "http",
            CheckKind::Tcp => "tcp",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CheckKind::Http => "HTTP(S)",
            CheckKind::Tcp => "TCP connect",
        }
    }

    pub fn parse(key: &str) -> Option<Self> {
        [CheckKind::Http, CheckKind::Tcp]
            .into_iter()
            .find(|k| k.key() == key)
    }
}

/// A check as its form sends it: every field as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CheckInput {
    pub name: String,
    pub kind: String,
    pub target: String,
    pub expected_status: String,
    pub body_contains: String,
    pub warning_ms: String,
    pub critical_ms: String,
    pub interval_s: String,
    pub timeout_ms: String,
    pub retries: String,
}

/// A check's settings after validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckSettings {
    pub name: String,
    pub kind: CheckKind,
    pub target: String,
    pub expected_status: Option<u16>,
    pub body_contains: Option<String>,
    pub limits: Thresholds,
    pub interval_s: u32,
    pub timeout_ms: u32,
    pub retries: u8,
}

/// A number in `range`, or the default when left empty.
fn number(
    errors: &mut FieldErrors,
    field: &str,
    text: &str,
    default: u32,
    range: std::ops::RangeInclusive<u32>,
) -> u32 {
    let text = text.trim();
    if text.is_empty() {
        return default;
    }
    match text.parse::<u32>() {
        Ok(n) if range.contains(&n) => n,
        _ => {
            errors.add(
                field,
                format!(
                    "Enter a whole number from {} to {}.",
                    range.start(),
                    range.end()
                ),
            );
            default
        }
    }
}

impl CheckInput {
    pub fn validate(&self) -> Result<CheckSettings, AppError> {
        let mut errors = FieldErrors::default();
        let name = self.name.trim().to_owned();
        if name.is_empty() {
            errors.add("name", "Name the check, e.g. \u{201c}Home page\u{201d}.");
        } else if name.chars().count() > 100 {
            errors.add("name", "Use at most 100 characters.");
        }
        let kind = CheckKind::parse(&self.kind);
        if kind.is_none() {
            errors.add("kind", "Choose HTTP(S) or TCP connect.");
        }
        let target = self.target.trim().to_owned();
        match kind {
            Some(CheckKind::Http) if !is_http_url(&target) => errors.add(
                "target",
                "Enter a URL starting with http:// or https://, e.g. https://shop.example.com/health.",
            ),
            Some(CheckKind::Tcp) if !is_host_port(&target) => errors.add(
                "target",
                "Enter a host and port, e.g. db1.example.com:5432.",
            ),
            _ => {}
        }
        let expected_status = match self.expected_status.trim() {
            "" => None,
            text => match text.parse::<u16>() {
                Ok(code) if (100..=599).contains(&code) => Some(code),
                _ => {
                    errors.add(
                        "expected_status",
                        "Enter an HTTP status from 100 to 599, or leave it empty for any 2xx or 3xx.",
                    );
                    None
                }
            },
        };
        let body_contains = Some(self.body_contains.trim().to_owned()).filter(|b| !b.is_empty());
        let warning_ms = number(
            &mut errors,
            "warning_ms",
            &self.warning_ms,
            1000,
            1..=600_000,
        );
        let critical_ms = number(
            &mut errors,
            "critical_ms",
            &self.critical_ms,
            3000,
            1..=600_000,
        );
        if critical_ms < warning_ms {
            errors.add(
                "critical_ms",
                "The critical limit must be at least the warning limit.",
            );
        }
        let interval_s = number(&mut errors, "interval_s", &self.interval_s, 60, 1..=86_400);
        let timeout_ms = number(
            &mut errors,
            "timeout_ms",
            &self.timeout_ms,
            5000,
            100..=120_000,
        );
        if u64::from(timeout_ms) > u64::from(interval_s) * 1000 {
            errors.add(
                "timeout_ms",
                "The timeout must not be longer than the interval.",
            );
        }
        let retries = number(&mut errors, "retries", &self.retries, 2, 0..=10);
        errors.into_result()?;
        Ok(CheckSettings {
            name,
            kind: kind.unwrap_or(CheckKind::Http),
            target,
            expected_status,
            body_contains,
            limits: Thresholds {
                warning_ms,
                critical_ms,
            },
            interval_s,
            timeout_ms,
            retries: u8::try_from(retries).unwrap_or(10),
        })
    }
}

fn is_http_url(target: &str) -> bool {
    let rest = target
        .strip_prefix("http://")
        .or_else(|| target.strip_prefix("https://"));
    rest.is_some_and(|r| !r.is_empty() && !r.starts_with('/') && !r.contains(char::is_whitespace))
}

fn is_host_port(target: &str) -> bool {
    target.rsplit_once(':').is_some_and(|(host, port)| {
        !host.is_empty()
            && !host.contains(char::is_whitespace)
            && port.parse::<u16>().is_ok_and(|p| p > 0)
    })
}

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

    fn http(target: &str) -> CheckInput {
        CheckInput {
            name: "Home page".into(),
            kind: "http".into(),
            target: target.into(),
            ..CheckInput::default()
        }
    }

    fn fields(error: AppError) -> Vec<String> {
        match error {
            AppError::Validation(e) => e.0.into_iter().map(|e| e.field).collect(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn defaults_fill_what_is_left_empty() {
        let check = http("https://shop.example.com/health").validate().unwrap();
        assert_eq!(check.interval_s, 60);
        assert_eq!(check.retries, 2);
        assert_eq!(check.limits.warning_ms, 1000);
        assert_eq!(check.expected_status, None);
    }

    #[test]
    fn targets_must_fit_the_kind() {
        assert_eq!(
            fields(http("shop.example.com").validate().unwrap_err()),
            ["target"]
        );
        let tcp = CheckInput {
            kind: "tcp".into(),
            target: "db1:5432".into(),
            ..http("")
        };
        assert!(tcp.validate().is_ok());
        let no_port = CheckInput {
            target: "db1".into(),
            ..tcp
        };
        assert_eq!(fields(no_port.validate().unwrap_err()), ["target"]);
    }

    #[test]
    fn limits_and_timeouts_must_make_sense() {
        let input = CheckInput {
            warning_ms: "2000".into(),
            critical_ms: "500".into(),
            interval_s: "5".into(),
            timeout_ms: "10000".into(),
            expected_status: "700".into(),
            ..http("http://x")
        };
        assert_eq!(
            fields(input.validate().unwrap_err()),
            ["expected_status", "critical_ms", "timeout_ms"]
        );
    }

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
