//! The maturity self-assessment: each level's checklist scored from what this instance
//! has configured and measured, never from what someone ticks. The level reached is the
//! highest whose checks, and every lower level's, are all met.

use serde::{Deserialize, Serialize};

/// What the assessment reads from the instance.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Readings {
    pub incidents: u64,
    pub changes: u64,
    pub cis: u64,
    pub relations: u64,
    pub services: u64,
    pub services_with_sla: u64,
    pub services_monitored: u64,
    pub catalog_items: u64,
    pub articles_published: u64,
    pub known_errors: u64,
    pub change_templates: u64,
    /// KPIs with a figure this year, and of those, the ones meeting their target.
    pub kpis: u64,
    pub kpis_measured: u64,
    pub kpis_met: u64,
    pub improvements: u64,
    pub improvements_closed: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    pub label: String,
    /// What was found, such as "SLAs defined for 3 of 4 services".
    pub evidence: String,
    pub met: bool,
    /// Where to act on it.
    pub href: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Level {
    pub number: u8,
    pub name: String,
    pub checks: Vec<Check>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assessment {
    pub reached: u8,
    pub levels: Vec<Level>,
}

fn check(label: &str, evidence: String, met: bool, href: &str) -> Check {
    Check {
        label: label.to_owned(),
        evidence,
        met,
        href: href.to_owned(),
    }
}

/// "1 incident", "2 incidents".
fn plural(n: u64, one: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {one}s")
    }
}

fn of(part: u64, whole: u64, what: &str) -> String {
    format!("{part} of {whole} {what}")
}

pub fn assess(r: &Readings) -> Assessment {
    let levels = vec![
        Level {
            number: 2,
            name: "Repeatable".into(),
            checks: vec![
                check(
                    "Incidents are logged and worked",
                    format!("{} logged", plural(r.incidents, "incident")),
                    r.incidents > 0,
                    "/incidents",
                ),
                check(
                    "Changes follow the change process",
                    format!("{} raised", plural(r.changes, "change")),
                    r.changes > 0,
                    "/changes",
                ),
                check(
                    "The CMDB holds the CIs and how they depend on each other",
                    format!(
                        "{}, {}",
                        plural(r.cis, "CI"),
                        plural(r.relations, "relation")
                    ),
                    r.cis > 0 && r.relations > 0,
                    "/cis",
                ),
            ],
        },
        Level {
            number: 3,
            name: "Defined".into(),
            checks: vec![
                check(
                    "SLAs are defined for every business service",
                    format!(
                        "SLAs defined for {}",
                        of(r.services_with_sla, r.services, "services")
                    ),
                    r.services > 0 && r.services_with_sla == r.services,
                    "/reports/slas",
                ),
                check(
                    "A service catalog people order from",
                    plural(r.catalog_items, "catalog item"),
                    r.catalog_items > 0,
                    "/requests/catalog",
                ),
                check(
                    "Known errors and knowledge are published",
                    format!(
                        "{}, {}",
                        plural(r.known_errors, "known error"),
                        plural(r.articles_published, "published article")
                    ),
                    r.known_errors > 0 && r.articles_published > 0,
                    "/kb",
                ),
                check(
                    "Standard changes are pre-approved templates",
                    plural(r.change_templates, "template"),
                    r.change_templates > 0,
                    "/changes",
                ),
            ],
        },
        Level {
            number: 4,
            name: "Managed".into(),
            checks: vec![
                check(
                    "Every business service is monitored",
                    format!(
                        "{} have a checked or alerting CI beneath them",
                        of(r.services_monitored, r.services, "services")
                    ),
                    r.services > 0 && r.services_monitored == r.services,
                    "/monitoring",
                ),
                check(
                    "Every KPI is measured against its target",
                    format!("{} measured this year", of(r.kpis_measured, r.kpis, "KPIs")),
                    r.kpis > 0 && r.kpis_measured == r.kpis,
                    "/reports",
                ),
            ],
        },
        Level {
            number: 5,
            name: "Optimizing".into(),
            checks: vec![
                check(
                    "The KPIs meet their targets",
                    format!(
                        "{} meet their target",
                        of(r.kpis_met, r.kpis_measured, "measured KPIs")
                    ),
                    r.kpis_measured > 0 && r.kpis_met == r.kpis_measured,
                    "/reports",
                ),
                check(
                    "Improvements are planned and their outcome measured",
                    format!(
                        "{} recorded, {} closed with a measured outcome",
                        plural(r.improvements, "improvement"),
                        r.improvements_closed
                    ),
                    r.improvements_closed > 0,
                    "/reports/improvements",
                ),
            ],
        },
    ];
    let reached = levels
        .iter()
        .take_while(|l| l.checks.iter().all(|c| c.met))
        .last()
        .map_or(1, |l| l.number);
    Assessment { reached, levels }
}

pub fn level_name(number: u8) -> &'static str {
    match number {
        1 => "Initial",
        2 => "Repeatable",
        3 => "Defined",
        4 => "Managed",
        _ => "Optimizing",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn defined() -> Readings {
        Readings {
            incidents: 12,
            changes: 3,
            cis: 40,
            relations: 60,
            services: 4,
            services_with_sla: 4,
            services_monitored: 2,
            catalog_items: 4,
            articles_published: 5,
            known_errors: 1,
            change_templates: 3,
            kpis: 12,
            kpis_measured: 12,
            kpis_met: 9,
            improvements: 1,
            improvements_closed: 1,
        }
    }

    #[test]
    fn the_level_is_the_highest_with_every_check_met_below_it_too() {
        let found = assess(&defined());
        assert_eq!(found.reached, 3);
        let monitored = &found.levels[2].checks[0];
        assert!(!monitored.met);
        assert_eq!(
            monitored.evidence,
            "2 of 4 services have a checked or alerting CI beneath them"
        );
        // Level 5's improvements check is met, but level 4 is not: still 3.
        assert!(found.levels[3].checks[1].met);

        let no_slas = Readings {
            services_with_sla: 3,
            ..defined()
        };
        let found = assess(&no_slas);
        assert_eq!(found.reached, 2);
        assert_eq!(
            found.levels[1].checks[0].evidence,
            "SLAs defined for 3 of 4 services"
        );

        assert_eq!(assess(&Readings::default()).reached, 1);
        let all = Readings {
            services_monitored: 4,
            kpis_met: 12,
            ..defined()
        };
        assert_eq!(assess(&all).reached, 5);
    }
}
