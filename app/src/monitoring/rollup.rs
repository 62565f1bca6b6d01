//! A business service's status from the health of what it rests on, by the CMDB's
//! propagation rules and redundancy groups.

use super::health::Health;
use crate::cmdb::graph::Graph;
use crate::status::Tone;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ServiceStatus {
    Operational,
    Degraded,
    Down,
}

impl ServiceStatus {
    pub fn label(self) -> &'static str {
        match self {
            ServiceStatus::Operational => "Operational",
            ServiceStatus::Degraded => "Degraded",
            ServiceStatus::Down => "Down",
        }
    }

    pub fn parse(label: &str) -> Option<Self> {
        [
            ServiceStatus::Operational,
            ServiceStatus::Degraded,
            ServiceStatus::Down,
        ]
        .into_iter()
        .find(|s| s.label() == label)
    }

    pub fn tone(self) -> Tone {
        match self {
            ServiceStatus::Operational => Tone::Ok,
            ServiceStatus::Degraded => Tone::Warning,
            ServiceStatus::Down => Tone::Critical,
        }
    }
}

/// The status of each of `services`, given the CIs that are not OK:
/// - Down when it is Critical itself or a Critical CI's failure reaches it (a plain
///   dependency needs everything below it to work; a redundancy group holds a failure back
///   until enough members fail);
/// - Degraded when anything not OK (Warning, Unknown, or Critical but held back by
///   redundancy) reaches it;
/// - Operational otherwise.
pub fn rollup(
    graph: &Graph,
    unhealthy: &[(&str, Health)],
    services: &[&str],
) -> Vec<ServiceStatus> {
    let critical: Vec<&str> = unhealthy
        .iter()
        .filter(|(_, h)| *h == Health::Critical)
        .map(|(id, _)| *id)
        .collect();
    let all: Vec<&str> = unhealthy.iter().map(|(id, _)| *id).collect();
    let down = graph.impact(&critical);
    let touched = graph.touched(&all);
    let (critical, all): (HashSet<&str>, HashSet<&str>) =
        (critical.into_iter().collect(), all.into_iter().collect());
    services
        .iter()
        .map(|service| {
            if critical.contains(service) || down.contains(service) {
                ServiceStatus::Down
            } else if all.contains(service) || touched.contains(service) {
                ServiceStatus::Degraded
            } else {
                ServiceStatus::Operational
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cmdb::graph::Propagation::*;
    use Health::*;
    use ServiceStatus::*;

    /// The shop needs both web servers (a redundant pair) and the database; the
    /// database sits on a host; a rack only holds things.
    fn estate() -> Graph {
        let mut g = Graph::default();
        for (a, b) in [
            ("shop", "web1"),
            ("shop", "web2"),
            ("shop", "db"),
            ("intranet", "db"),
        ] {
            g.relate(a, b, "depends on", "is needed by", ToSource);
        }
        g.relate("db", "host", "runs on", "runs", ToSource);
        g.relate("host", "rack", "located in", "contains", None);
        g.group(&["web1", "web2"], Option::None);
        g
    }

    fn status(unhealthy: &[(&str, Health)]) -> Vec<ServiceStatus> {
        rollup(&estate(), unhealthy, &["shop", "intranet"])
    }

    #[test]
    fn everything_healthy_is_operational() {
        assert_eq!(status(&[]), vec![Operational, Operational]);
        assert_eq!(
            status(&[("rack", Critical)]),
            vec![Operational, Operational],
            "placement does not propagate"
        );
    }

    #[test]
    fn a_critical_dependency_takes_its_services_down() {
        assert_eq!(status(&[("host", Critical)]), vec![Down, Down]);
        assert_eq!(status(&[("shop", Critical)]), vec![Down, Operational]);
    }

    #[test]
    fn redundancy_degrades_until_every_member_fails() {
        assert_eq!(status(&[("web1", Critical)]), vec![Degraded, Operational]);
        assert_eq!(
            status(&[("web1", Critical), ("web2", Critical)]),
            vec![Down, Operational]
        );
    }

    #[test]
    fn warnings_and_unknowns_degrade() {
        assert_eq!(status(&[("db", Warning)]), vec![Degraded, Degraded]);
        assert_eq!(status(&[("web2", Unknown)]), vec![Degraded, Operational]);
        assert_eq!(
            status(&[("db", Warning), ("web1", Critical), ("web2", Critical)]),
            vec![Down, Degraded]
        );
    }
}
