//! A check's kind and settings, and the rules for them.

use crate::error::{AppError, FieldErrors};
use crate::monitoring::health::Thresholds;
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
}
