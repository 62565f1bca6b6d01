//! What a check or an alert says about a CI, and the rules that turn raw results into
//! state changes: thresholds, retries before a change, and flapping.

use crate::status::Tone;
use serde::{Deserialize, Serialize};

/// The state of a check, an alert or a CI as monitoring sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Health {
    Ok,
    Warning,
    Critical,
    Unknown,
}

impl Health {
    pub const ALL: [Health; 4] = [
        Health::Ok,
        Health::Warning,
        Health::Critical,
        Health::Unknown,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Health::Ok => "OK",
            Health::Warning => "Warning",
            Health::Critical => "Critical",
            Health::Unknown => "Unknown",
        }
    }

    pub fn parse(label: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|h| h.label().eq_ignore_ascii_case(label))
    }

    pub fn tone(self) -> Tone {
        match self {
            Health::Ok => Tone::Ok,
            Health::Warning => Tone::Warning,
            Health::Critical => Tone::Critical,
            Health::Unknown => Tone::Unknown,
        }
    }

    /// How bad it is, for picking the worst of several: Unknown ranks between Warning
    /// and Critical (nobody knows, so somebody should look).
    pub fn severity(self) -> u8 {
        match self {
            Health::Ok => 0,
            Health::Warning => 1,
            Health::Unknown => 2,
            Health::Critical => 3,
        }
    }

    /// The worst of `all`; OK when there is nothing.
    pub fn worst(all: impl IntoIterator<Item = Health>) -> Health {
        all.into_iter()
            .max_by_key(|h| h.severity())
            .unwrap_or(Health::Ok)
    }
}

/// Latency limits of a check, in milliseconds: slower than `warning` is Warning, slower
/// than `critical` is Critical.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Thresholds {
    pub warning_ms: u32,
    pub critical_ms: u32,
}

/// What one run of a check saw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Observation {
    /// The target answered: its HTTP status (none for TCP), how long it took, and
    /// whether the expected text was in the body (true when none is expected).
    Answered {
        status: Option<u16>,
        latency_ms: u32,
        body_matched: bool,
    },
    /// No answer within the check's timeout.
    TimedOut { after_ms: u32 },
    /// The connection failed: refused, reset, name not found, TLS, ...
    Failed { reason: String },
}

/// The health one observation shows, with a message for people.
pub fn judge(
    observation: &Observation,
    expected_status: Option<u16>,
    limits: Thresholds,
) -> (Health, String) {
    match observation {
        Observation::TimedOut { after_ms } => {
            (Health::Critical, format!("no answer within {after_ms} ms"))
        }
        Observation::Failed { reason } => (Health::Critical, reason.clone()),
        Observation::Answered {
            status,
            latency_ms,
            body_matched,
        } => {
            if let (Some(expected), Some(got)) = (expected_status, status) {
                if expected != *got {
                    return (Health::Critical, format!("HTTP {got}, expected {expected}"));
                }
            }
            if !body_matched {
                return (
                    Health::Critical,
                    "the expected text is not in the answer".into(),
                );
            }
            let answered = match status {
                Some(code) => format!("HTTP {code} in {latency_ms} ms"),
                None => format!("connected in {latency_ms} ms"),
            };
            if *latency_ms > limits.critical_ms {
                (
                    Health::Critical,
                    format!("{answered}, slower than {} ms", limits.critical_ms),
                )
            } else if *latency_ms > limits.warning_ms {
                (
                    Health::Warning,
                    format!("{answered}, slower than {} ms", limits.warning_ms),
                )
            } else {
                (Health::Ok, answered)
            }
        }
    }
}

/// A check's confirmed state: a new health counts only once it has been seen
/// `retries + 1` times in a row, so one lost packet does not page anyone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Confirmed {
    pub health: Health,
    /// A different health seen lately, and how many times in a row.
    pub pending: Option<(Health, u8)>,
}

impl Confirmed {
    pub fn new() -> Self {
        Confirmed {
            health: Health::Unknown,
            pending: None,
        }
    }

    /// Takes one result; returns the new health when it changes.
    pub fn observe(&mut self, seen: Health, retries: u8) -> Option<Health> {
        if seen == self.health {
            self.pending = None;
            return None;
        }
        let count = match self.pending {
            Some((health, n)) if health == seen => n.saturating_add(1),
            _ => 1,
        };
        // The first result of a new check is taken at once: there is nothing to confirm.
        if count > retries || self.health == Health::Unknown {
            self.health = seen;
            self.pending = None;
            Some(seen)
        } else {
            self.pending = Some((seen, count));
            None
        }
    }
}

impl Default for Confirmed {
    fn default() -> Self {
        Self::new()
    }
}

/// Whether state changes at these times (seconds, any order) flap: at least `changes`
/// of them within the `window` seconds before `now`.
pub fn is_flapping(change_times: &[i64], now: i64, window: i64, changes: usize) -> bool {
    change_times
        .iter()
        .filter(|&&t| t <= now && now - t <= window)
        .count()
        >= changes
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: Thresholds = Thresholds {
        warning_ms: 500,
        critical_ms: 2000,
    };

    fn answered(status: u16, latency_ms: u32) -> Observation {
        Observation::Answered {
            status: Some(status),
            latency_ms,
            body_matched: true,
        }
    }

    #[test]
    fn latency_status_and_body_decide_the_health() {
        assert_eq!(judge(&answered(200, 120), Some(200), LIMITS).0, Health::Ok);
        assert_eq!(
            judge(&answered(200, 800), Some(200), LIMITS).0,
            Health::Warning
        );
        let (health, message) = judge(&answered(200, 2500), Some(200), LIMITS);
        assert_eq!(health, Health::Critical);
        assert_eq!(message, "HTTP 200 in 2500 ms, slower than 2000 ms");
        let (health, message) = judge(&answered(503, 10), Some(200), LIMITS);
        assert_eq!(
            (health, message.as_str()),
            (Health::Critical, "HTTP 503, expected 200")
        );
        let wrong_body = Observation::Answered {
            status: Some(200),
            latency_ms: 5,
            body_matched: false,
        };
        assert_eq!(judge(&wrong_body, Some(200), LIMITS).0, Health::Critical);
        let (health, message) = judge(&Observation::TimedOut { after_ms: 3000 }, None, LIMITS);
        assert_eq!(
            (health, message.as_str()),
            (Health::Critical, "no answer within 3000 ms")
        );
        let tcp = Observation::Answered {
            status: None,
            latency_ms: 3,
            body_matched: true,
        };
        assert_eq!(judge(&tcp, None, LIMITS).1, "connected in 3 ms");
    }

    #[test]
    fn a_change_counts_only_after_the_retries() {
        let mut state = Confirmed::new();
        assert_eq!(
            state.observe(Health::Ok, 2),
            Some(Health::Ok),
            "first result at once"
        );
        assert_eq!(state.observe(Health::Critical, 2), None);
        assert_eq!(state.observe(Health::Critical, 2), None);
        assert_eq!(state.observe(Health::Critical, 2), Some(Health::Critical));
        assert_eq!(state.observe(Health::Ok, 2), None);
        assert_eq!(
            state.observe(Health::Critical, 2),
            None,
            "an interruption resets the count"
        );
        assert_eq!(state.health, Health::Critical);
        assert_eq!(
            state.observe(Health::Ok, 0),
            Some(Health::Ok),
            "no retries: at once"
        );
    }

    #[test]
    fn many_changes_in_a_short_window_are_flapping() {
        let changes = [100, 160, 220, 280, 340];
        assert!(is_flapping(&changes, 400, 600, 5));
        assert!(
            !is_flapping(&changes, 400, 250, 5),
            "only four in the last 250 s"
        );
        assert!(!is_flapping(&changes[..2], 400, 600, 5));
    }

    #[test]
    fn the_worst_health_wins_and_unknown_needs_a_look() {
        assert_eq!(
            Health::worst([Health::Ok, Health::Warning]),
            Health::Warning
        );
        assert_eq!(
            Health::worst([Health::Unknown, Health::Warning]),
            Health::Unknown
        );
        assert_eq!(
            Health::worst([Health::Unknown, Health::Critical]),
            Health::Critical
        );
        assert_eq!(Health::worst([]), Health::Ok);
        assert_eq!(Health::parse("critical"), Some(Health::Critical));
    }
}
