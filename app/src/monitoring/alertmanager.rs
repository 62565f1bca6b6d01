//! Prometheus Alertmanager's webhook body (version 4), read strictly: a body that is not
//! exactly that is refused with the place and the reason, and nothing of it is kept.

use super::health::Health;
use serde::Deserialize;
use std::collections::BTreeMap;

pub type Labels = BTreeMap<String, String>;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Payload {
    pub version: String,
    pub group_key: String,
    pub status: String,
    pub receiver: String,
    pub group_labels: Labels,
    pub common_labels: Labels,
    pub common_annotations: Labels,
    #[serde(rename = "externalURL")]
    pub external_url: String,
    pub alerts: Vec<Alert>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Alert {
    pub status: String,
    pub labels: Labels,
    pub annotations: Labels,
    pub starts_at: String,
    /// `0001-01-01T00:00:00Z` while the alert fires.
    pub ends_at: String,
    #[serde(rename = "generatorURL")]
    pub generator_url: String,
    pub fingerprint: String,
}

/// One alert as Trellis keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Received {
    pub fingerprint: String,
    pub group_key: String,
    pub firing: bool,
    pub health: Health,
    /// The value of the integration's matching label (e.g. `instance`), if present.
    pub target: Option<String>,
    pub name: String,
    pub summary: String,
    pub starts_at: String,
    pub ends_at: Option<String>,
    pub labels: Labels,
}

/// Reads a webhook body; the error names the JSON path and what is wrong.
pub fn parse(body: &[u8]) -> Result<Payload, String> {
    let payload: Payload = serde_json::from_slice(body)
        .map_err(|e| format!("not an Alertmanager webhook body: {e}"))?;
    if payload.version != "4" {
        return Err(format!(
            "version: expected \"4\", got \"{}\"",
            payload.version
        ));
    }
    state("status", &payload.status)?;
    for (i, alert) in payload.alerts.iter().enumerate() {
        let at = |field: &str| format!("alerts[{i}].{field}");
        state(&at("status"), &alert.status)?;
        if alert.fingerprint.trim().is_empty() {
            return Err(format!("{}: must not be empty", at("fingerprint")));
        }
        timestamp(&at("startsAt"), &alert.starts_at)?;
        timestamp(&at("endsAt"), &alert.ends_at)?;
    }
    Ok(payload)
}

fn state(path: &str, value: &str) -> Result<(), String> {
    match value {
        "firing" | "resolved" => Ok(()),
        other => Err(format!(
            "{path}: expected \"firing\" or \"resolved\", got \"{other}\""
        )),
    }
}

/// RFC 3339 as Alertmanager writes it: `2026-11-29T10:00:00.123Z` or with an offset.
fn timestamp(path: &str, value: &str) -> Result<(), String> {
    chrono::DateTime::parse_from_rfc3339(value)
        .map(|_| ())
        .map_err(|_| format!("{path}: \"{value}\" is not an RFC 3339 time"))
}

/// Alertmanager's "not ended yet".
const NOT_ENDED: &str = "0001-01-01T00:00:00Z";

/// `info`, `low` and the like are warnings; `critical`, `page`, a missing severity and
/// anything else are critical: an alert that fired wants attention.
pub fn health_of(labels: &Labels) -> Health {
    match labels.get("severity").map(|s| s.to_lowercase()).as_deref() {
        Some("warning" | "warn" | "info" | "informational" | "low" | "minor" | "notice") => {
            Health::Warning
        }
        _ => Health::Critical,
    }
}

/// The alerts of a payload, matched to CIs by the label `match_label`.
pub fn received(payload: &Payload, match_label: &str) -> Vec<Received> {
    payload
        .alerts
        .iter()
        .map(|alert| {
            let label = |key: &str| {
                alert
                    .labels
                    .get(key)
                    .or_else(|| payload.common_labels.get(key))
                    .cloned()
            };
            let note = |key: &str| {
                alert
                    .annotations
                    .get(key)
                    .or_else(|| payload.common_annotations.get(key))
                    .cloned()
            };
            Received {
                fingerprint: alert.fingerprint.clone(),
                group_key: payload.group_key.clone(),
                firing: alert.status == "firing",
                health: health_of(&alert.labels),
                target: label(match_label),
                name: label("alertname").unwrap_or_else(|| "Alert".into()),
                summary: note("summary")
                    .or_else(|| note("description"))
                    .unwrap_or_default(),
                starts_at: alert.starts_at.clone(),
                ends_at: Some(alert.ends_at.clone()).filter(|e| !e.starts_with(NOT_ENDED)),
                labels: alert.labels.clone(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A body as Alertmanager 0.27 sends it: one group, two alerts.
    const FIRING: &str = r#"{
      "version": "4", "groupKey": "{}:{alertname=\"HostDown\"}", "truncatedAlerts": 0,
      "status": "firing", "receiver": "trellis",
      "groupLabels": {"alertname": "HostDown"},
      "commonLabels": {"alertname": "HostDown", "job": "node"},
      "commonAnnotations": {"summary": "Host is down"},
      "externalURL": "http://alertmanager:9093",
      "alerts": [
        {"status": "firing", "labels": {"alertname": "HostDown", "instance": "SRV-A002", "severity": "critical"},
         "annotations": {}, "startsAt": "2026-11-29T10:00:00.123Z", "endsAt": "0001-01-01T00:00:00Z",
         "generatorURL": "http://prometheus:9090/graph", "fingerprint": "a1b2c3"},
        {"status": "resolved", "labels": {"alertname": "HostDown", "instance": "db-01", "severity": "warning"},
         "annotations": {"summary": "db-01 unreachable"}, "startsAt": "2026-11-29T09:00:00Z", "endsAt": "2026-11-29T09:30:00+01:00",
         "generatorURL": "", "fingerprint": "d4e5f6"}
      ]
    }"#;

    #[test]
    fn a_group_of_alerts_becomes_one_record_per_fingerprint() {
        let payload = parse(FIRING.as_bytes()).unwrap();
        let alerts = received(&payload, "instance");
        assert_eq!(alerts.len(), 2);
        let first = &alerts[0];
        assert!(first.firing);
        assert_eq!(first.health, Health::Critical);
        assert_eq!(first.target.as_deref(), Some("SRV-A002"));
        assert_eq!(
            first.summary, "Host is down",
            "common annotation as fallback"
        );
        assert_eq!(first.ends_at, None, "still firing");
        let second = &alerts[1];
        assert!(!second.firing);
        assert_eq!(second.health, Health::Warning);
        assert_eq!(second.summary, "db-01 unreachable");
        assert_eq!(second.ends_at.as_deref(), Some("2026-11-29T09:30:00+01:00"));
        assert_eq!(received(&payload, "service")[0].target, None);
    }

    #[test]
    fn a_malformed_body_is_refused_with_the_place_and_reason() {
        let broken = parse(b"{\"version\": \"4\",").unwrap_err();
        assert!(
            broken.starts_with("not an Alertmanager webhook body: EOF"),
            "{broken}"
        );
        let old = FIRING.replacen("\"version\": \"4\"", "\"version\": \"3\"", 1);
        assert_eq!(
            parse(old.as_bytes()).unwrap_err(),
            "version: expected \"4\", got \"3\""
        );
        let state = FIRING.replacen("\"status\": \"resolved\"", "\"status\": \"gone\"", 1);
        assert_eq!(
            parse(state.as_bytes()).unwrap_err(),
            "alerts[1].status: expected \"firing\" or \"resolved\", got \"gone\""
        );
        let time = FIRING.replacen("2026-11-29T10:00:00.123Z", "yesterday", 1);
        assert_eq!(
            parse(time.as_bytes()).unwrap_err(),
            "alerts[0].startsAt: \"yesterday\" is not an RFC 3339 time"
        );
        let missing = FIRING.replacen("\"fingerprint\": \"a1b2c3\"", "\"fp\": \"a1b2c3\"", 1);
        assert!(parse(missing.as_bytes())
            .unwrap_err()
            .contains("missing field `fingerprint`"));
    }

    #[test]
    fn severities_map_onto_warning_or_critical() {
        let of = |severity: Option<&str>| {
            let mut labels = Labels::new();
            if let Some(s) = severity {
                labels.insert("severity".into(), s.into());
            }
            health_of(&labels)
        };
        assert_eq!(of(Some("warning")), Health::Warning);
        assert_eq!(of(Some("info")), Health::Warning);
        assert_eq!(of(Some("CRITICAL")), Health::Critical);
        assert_eq!(of(Some("page")), Health::Critical);
        assert_eq!(of(None), Health::Critical);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

        /// A body damaged anywhere, or any bytes at all, is refused with a message or
        /// read; never a panic.
        #[test]
        fn any_body_is_read_or_refused_without_panic(
            edits in proptest::collection::vec((0..FIRING.len(), proptest::prelude::any::<u8>()), 0..8),
            cut in 0..FIRING.len(),
            raw in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..300),
        ) {
            let mut body = FIRING.as_bytes().to_vec();
            for (at, byte) in edits {
                body[at] = byte;
            }
            let _ = parse(&body);
            let _ = parse(&FIRING.as_bytes()[..cut]);
            let _ = parse(&raw);
        }
    }
}
