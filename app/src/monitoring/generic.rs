//! The generic JSON event webhook, for tools other than Alertmanager:
//!
//! ```json
//! { "events": [ { "key": "disk-web01", "ci": "web01", "status": "critical",
//!                 "title": "Disk almost full", "message": "/var at 97%",
//!                 "at": "2026-11-30T10:00:00Z" } ] }
//! ```
//!
//! `key` identifies the problem (events with the same key update one alert), `ci` names
//! the CI, `status` is `ok`, `warning` or `critical` (`ok` resolves it); `message` and
//! `at` (RFC 3339, default now) are optional.

use super::alertmanager::Received;
use super::health::Health;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Body {
    events: Vec<Event>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Event {
    key: String,
    ci: Option<String>,
    status: String,
    title: String,
    #[serde(default)]
    message: String,
    at: Option<String>,
}

/// Reads a body into alerts; the error names the event and what is wrong.
pub fn parse(body: &[u8]) -> Result<Vec<Received>, String> {
    let body: Body =
        serde_json::from_slice(body).map_err(|e| format!("not a Trellis events body: {e}"))?;
    let now = chrono::Utc::now().to_rfc3339();
    body.events
        .into_iter()
        .enumerate()
        .map(|(i, event)| {
            let at = |field: &str| format!("events[{i}].{field}");
            if event.key.trim().is_empty() {
                return Err(format!("{}: must not be empty", at("key")));
            }
            if event.title.trim().is_empty() {
                return Err(format!("{}: must not be empty", at("title")));
            }
            let health = match event.status.to_lowercase().as_str() {
                "ok" | "resolved" => Health::Ok,
                "warning" => Health::Warning,
                "critical" => Health::Critical,
                other => {
                    return Err(format!(
                        "{}: expected \"ok\", \"warning\" or \"critical\", got \"{other}\"",
                        at("status")
                    ))
                }
            };
            let when = match event.at {
                Some(t) => chrono::DateTime::parse_from_rfc3339(&t)
                    .map(|_| t.clone())
                    .map_err(|_| format!("{}: \"{t}\" is not an RFC 3339 time", at("at")))?,
                None => now.clone(),
            };
            let firing = health != Health::Ok;
            Ok(Received {
                fingerprint: event.key,
                group_key: "events".into(),
                firing,
                health: if firing { health } else { Health::Critical },
                target: event.ci,
                name: event.title,
                summary: event.message,
                ends_at: (!firing).then(|| when.clone()),
                starts_at: when,
                labels: Default::default(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_become_alerts_and_ok_resolves() {
        let body = br#"{"events":[
            {"key":"disk-web01","ci":"web01","status":"critical","title":"Disk almost full"},
            {"key":"cpu-db","ci":"db","status":"ok","title":"CPU","at":"2026-11-30T10:00:00Z"}]}"#;
        let alerts = parse(body).unwrap();
        assert!(alerts[0].firing);
        assert_eq!(alerts[0].health, Health::Critical);
        assert_eq!(alerts[0].target.as_deref(), Some("web01"));
        assert!(!alerts[1].firing);
        assert_eq!(alerts[1].ends_at.as_deref(), Some("2026-11-30T10:00:00Z"));
    }

    #[test]
    fn bad_events_are_refused_with_their_place() {
        let wrong = br#"{"events":[{"key":"k","status":"bad","title":"t"}]}"#;
        assert_eq!(
            parse(wrong).unwrap_err(),
            "events[0].status: expected \"ok\", \"warning\" or \"critical\", got \"bad\""
        );
        let unknown = br#"{"events":[{"key":"k","status":"ok","title":"t","colour":1}]}"#;
        assert!(parse(unknown)
            .unwrap_err()
            .contains("unknown field `colour`"));
        assert!(parse(b"[]")
            .unwrap_err()
            .starts_with("not a Trellis events body"));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

        /// A body damaged anywhere, or any bytes at all, is refused with a message or
        /// read; never a panic.
        #[test]
        fn any_body_is_read_or_refused_without_panic(
            edits in proptest::collection::vec((0..80usize, proptest::prelude::any::<u8>()), 0..6),
            raw in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..300),
        ) {
            let mut body = br#"{"events":[{"key":"disk-web01","ci":"web01","status":"critical","title":"Disk"}]}"#.to_vec();
            for (at, byte) in edits {
                let at = at % body.len();
                body[at] = byte;
            }
            let _ = parse(&body);
            let _ = parse(&raw);
        }
    }
}
