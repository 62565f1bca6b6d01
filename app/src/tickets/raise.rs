//! Incidents raised by monitoring. An alert group (or a CI whose checks are Critical) that
//! affects business services gets one open incident; repeating the alert adds nothing,
//! more affected CIs or services are added to it, and its end is written down.

use super::priority::{Level, Matrix, Priority};
use crate::monitoring::health::Health;
use std::collections::BTreeMap;

/// Who is named as the caller of a raised incident, and who writes its notes.
pub const CALLER: &str = "Monitoring";
pub const CATEGORY: &str = "Monitoring";
/// The resolution code of an incident resolved because its alerts ended.
pub const CLEARED: &str = "Cleared by monitoring";

/// Something monitoring sees failing now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signal {
    /// `alert:<integration>:<group key>`, or `check:<ci>` for a CI's failing checks.
    pub group: String,
    pub title: String,
    pub detail: String,
    /// The failing CIs, by key.
    pub cis: Vec<String>,
    pub health: Health,
    /// The business services it affects, by key, most critical first.
    pub services: Vec<String>,
    /// The criticality (1 highest) of the most critical of them.
    pub criticality: u8,
    /// The names of its CIs and services, by key.
    pub names: BTreeMap<String, String>,
}

/// An alert group's incident, as the last round left it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub group: String,
    pub incident: String,
    pub firing: bool,
    /// Whether the incident is still open (New, In Progress or On Hold).
    pub open: bool,
    pub cis: Vec<String>,
    pub services: Vec<String>,
}

/// What one round does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Opens an incident for the signal at this index.
    Open(usize),
    /// Adds to the open incident of a group: CIs and services not yet on it, and a note.
    Update {
        incident: String,
        group: String,
        cis: Vec<String>,
        services: Vec<String>,
        note: String,
    },
    /// The group stopped: a note, and the incident resolved if `resolve`.
    Cleared {
        incident: String,
        group: String,
        resolve: bool,
    },
}

/// Impact from the most critical affected service (criticality 1 is High, 2 and 3
/// Medium, 4 and 5 Low); urgency from how bad it is.
pub fn levels(criticality: u8, health: Health) -> (Level, Level) {
    let impact = match criticality {
        0 | 1 => Level::High,
        2 | 3 => Level::Medium,
        _ => Level::Low,
    };
    let urgency = match health {
        Health::Critical => Level::High,
        Health::Warning => Level::Medium,
        Health::Ok | Health::Unknown => Level::Low,
    };
    (impact, urgency)
}

pub fn priority(matrix: &Matrix, signal: &Signal) -> (Level, Level, Priority) {
    let (impact, urgency) = levels(signal.criticality, signal.health);
    (impact, urgency, matrix.priority(impact, urgency))
}

fn missing(have: &[String], now: &[String]) -> Vec<String> {
    now.iter().filter(|k| !have.contains(k)).cloned().collect()
}

/// The steps that bring incidents in line with what is failing now. Signals that affect
/// no service are left alone; an incident a person closed while its alert still fires is
/// not opened again until the alert has stopped and fires anew.
pub fn plan(signals: &[Signal], sources: &[Source], auto_resolve: bool) -> Vec<Step> {
    let mut steps = Vec::new();
    for (i, signal) in signals.iter().enumerate() {
        if signal.services.is_empty() {
            continue;
        }
        let source = sources.iter().find(|s| s.group == signal.group);
        match source {
            Some(s) if s.open => {
                let cis = missing(&s.cis, &signal.cis);
                let services = missing(&s.services, &signal.services);
                let note = if !s.firing {
                    format!("Failing again: {}.", signal.title)
                } else if !cis.is_empty() || !services.is_empty() {
                    let added: Vec<&str> = cis
                        .iter()
                        .chain(&services)
                        .map(|k| signal.names.get(k).map_or(k.as_str(), String::as_str))
                        .collect();
                    format!("Now also affected: {}.", added.join(", "))
                } else {
                    continue;
                };
                steps.push(Step::Update {
                    incident: s.incident.clone(),
                    group: s.group.clone(),
                    cis,
                    services,
                    note,
                });
            }
            Some(s) if s.firing => {}
            _ => steps.push(Step::Open(i)),
        }
    }
    for source in sources.iter().filter(|s| s.firing) {
        if !signals
            .iter()
            .any(|s| s.group == source.group && !s.services.is_empty())
        {
            steps.push(Step::Cleared {
                incident: source.incident.clone(),
                group: source.group.clone(),
                resolve: auto_resolve && source.open,
            });
        }
    }
    steps
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signal(group: &str, cis: &[&str], services: &[&str]) -> Signal {
        Signal {
            group: group.into(),
            title: format!("{group} failing"),
            detail: String::new(),
            cis: cis.iter().map(|s| s.to_string()).collect(),
            health: Health::Critical,
            services: services.iter().map(|s| s.to_string()).collect(),
            criticality: 1,
            names: [("web", "Web Server")]
                .into_iter()
                .map(|(k, n)| (k.to_owned(), n.to_owned()))
                .collect(),
        }
    }

    fn source(group: &str, firing: bool, open: bool) -> Source {
        Source {
            group: group.into(),
            incident: "INC0000001".into(),
            firing,
            open,
            cis: vec!["db".into()],
            services: vec!["shop".into()],
        }
    }

    #[test]
    fn a_new_failure_that_affects_a_service_opens_one_incident() {
        let signals = [
            signal("a", &["db"], &["shop"]),
            signal("b", &["laptop"], &[]),
        ];
        assert_eq!(plan(&signals, &[], false), [Step::Open(0)]);
    }

    #[test]
    fn repeating_the_alert_changes_nothing() {
        let signals = [signal("a", &["db"], &["shop"])];
        assert!(plan(&signals, &[source("a", true, true)], false).is_empty());
    }

    #[test]
    fn more_of_the_estate_failing_is_added_to_the_open_incident() {
        let signals = [signal("a", &["db", "web"], &["shop", "intranet"])];
        let steps = plan(&signals, &[source("a", true, true)], false);
        assert_eq!(
            steps,
            [Step::Update {
                incident: "INC0000001".into(),
                group: "a".into(),
                cis: vec!["web".into()],
                services: vec!["intranet".into()],
                note: "Now also affected: Web Server, intranet.".into(),
            }]
        );
    }

    #[test]
    fn failing_again_while_the_incident_is_open_is_noted_on_it() {
        let steps = plan(
            &[signal("a", &["db"], &["shop"])],
            &[source("a", false, true)],
            false,
        );
        assert!(
            matches!(&steps[..], [Step::Update { note, .. }] if note.starts_with("Failing again"))
        );
    }

    #[test]
    fn a_closed_incident_stays_closed_while_its_alert_fires_and_a_new_one_follows_a_new_firing() {
        let signals = [signal("a", &["db"], &["shop"])];
        assert!(plan(&signals, &[source("a", true, false)], false).is_empty());
        assert_eq!(
            plan(&signals, &[source("a", false, false)], false),
            [Step::Open(0)]
        );
    }

    #[test]
    fn an_ended_failure_is_noted_and_resolves_only_when_configured() {
        let sources = [source("a", true, true)];
        let cleared = |resolve| Step::Cleared {
            incident: "INC0000001".into(),
            group: "a".into(),
            resolve,
        };
        assert_eq!(plan(&[], &sources, false), [cleared(false)]);
        assert_eq!(plan(&[], &sources, true), [cleared(true)]);
        // Already resolved by a person: noted, not resolved again.
        assert_eq!(
            plan(&[], &[source("a", true, false)], true),
            [cleared(false)]
        );
        // Nothing to say about a group that had already stopped.
        assert!(plan(&[], &[source("a", false, true)], true).is_empty());
    }

    #[test]
    fn priority_follows_the_most_critical_service_and_the_health() {
        let matrix = Matrix::default();
        let mut s = signal("a", &["db"], &["shop"]);
        assert_eq!(priority(&matrix, &s).2, Priority(1));
        s.criticality = 2;
        assert_eq!(priority(&matrix, &s).2, Priority(2));
        s.health = Health::Warning;
        assert_eq!(priority(&matrix, &s).2, Priority(3));
        s.criticality = 5;
        assert_eq!(priority(&matrix, &s).2, Priority(4));
    }
}
