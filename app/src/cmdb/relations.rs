//! Typed relations between CIs and what impact analysis returns, as the browser sees them.

use super::domain::CiLink;
use super::graph::Propagation;
use super::vocabulary::CiStatus;
use crate::error::{AppError, FieldErrors};
use serde::{Deserialize, Serialize};

/// A relation type: data, so admins can add their own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelationType {
    pub key: String,
    /// Read from the source: "depends on".
    pub name: String,
    /// Read from the target: "is needed by".
    pub reverse: String,
    pub propagation: Propagation,
}

/// One relation as seen from a CI's page: `label` reads from this CI to `other`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Relation {
    pub id: String,
    pub kind: String,
    pub label: String,
    pub outgoing: bool,
    pub other: CiLink,
}

/// The add-relation form: this CI, `kind:out` or `kind:in` (this CI as source or
/// target), and the other CI by name, as typed or picked from the suggestions.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelationInput {
    pub ci: String,
    pub relation: String,
    pub other: String,
}

/// The form after validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidRelation {
    pub ci: String,
    pub kind: String,
    pub outgoing: bool,
    pub other_name: String,
}

impl RelationInput {
    pub fn validate(&self) -> Result<ValidRelation, AppError> {
        let mut errors = FieldErrors::default();
        let (kind, direction) = self.relation.rsplit_once(':').unwrap_or(("", ""));
        let outgoing = direction == "out";
        if kind.is_empty() || !matches!(direction, "out" | "in") {
            errors.add("relation", "Choose how the CIs relate.");
        }
        let other_name = self.other.trim().to_owned();
        if other_name.is_empty() {
            errors.add("other", "Name the other CI.");
        }
        errors.into_result()?;
        Ok(ValidRelation {
            ci: self.ci.clone(),
            kind: kind.to_owned(),
            outgoing,
            other_name,
        })
    }
}

/// The choices of the relation select: each type in both directions.
pub fn relation_choices(types: &[RelationType]) -> Vec<(String, String)> {
    types
        .iter()
        .flat_map(|t| {
            [
                (format!("{}:out", t.key), t.name.clone()),
                (format!("{}:in", t.key), t.reverse.clone()),
            ]
        })
        .collect()
}

/// A CI as listed in an impact or dependency analysis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImpactedCi {
    pub id: String,
    pub name: String,
    pub class_name: String,
    pub status: CiStatus,
    pub criticality: u8,
    pub is_service: bool,
}

/// One hop of an explanation: `name` `relation` the previous one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PathStep {
    pub id: String,
    pub name: String,
    pub relation: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Affected {
    pub ci: ImpactedCi,
    pub depth: u32,
    /// The failed (or needed) CI the path starts from.
    pub from: PathStep,
    pub path: Vec<PathStep>,
}

/// How many affected CIs one page of an impact analysis lists.
pub const IMPACT_PAGE_SIZE: usize = 100;

/// The answer to "what breaks if these fail?" or "what does this need?".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Impact {
    pub starts: Vec<ImpactedCi>,
    /// Every affected business service, most critical first.
    pub services: Vec<Affected>,
    /// How many CIs are affected in all, services included.
    pub total: usize,
    /// The page asked for (from 1) of the affected CIs, nearest first.
    pub page: usize,
    pub affected: Vec<Affected>,
}

impl Impact {
    pub fn page_count(&self) -> usize {
        self.total.div_ceil(IMPACT_PAGE_SIZE).max(1)
    }
}

/// Business services, most critical first (1 is the highest), then nearest.
pub fn rank_services(mut services: Vec<Affected>) -> Vec<Affected> {
    services.sort_by(|a, b| {
        a.ci.criticality
            .cmp(&b.ci.criticality)
            .then_with(|| a.depth.cmp(&b.depth))
            .then_with(|| a.ci.name.cmp(&b.ci.name))
    });
    services
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_relation_needs_a_direction_and_another_ci() {
        let ok = RelationInput {
            ci: "database".into(),
            relation: "depends_on:out".into(),
            other: " Web Server ".into(),
        }
        .validate()
        .unwrap();
        assert!(ok.outgoing);
        assert_eq!(
            (ok.kind.as_str(), ok.other_name.as_str()),
            ("depends_on", "Web Server")
        );
        let bad = RelationInput {
            ci: "database".into(),
            relation: "depends_on".into(),
            other: "".into(),
        };
        match bad.validate() {
            Err(AppError::Validation(errors)) => {
                assert!(errors.get("relation").is_some() && errors.get("other").is_some())
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn services_are_ranked_by_criticality() {
        let ci = |name: &str, criticality, is_service| ImpactedCi {
            id: name.into(),
            name: name.into(),
            class_name: String::new(),
            status: CiStatus::Active,
            criticality,
            is_service,
        };
        let affected = |ci, depth| Affected {
            ci,
            depth,
            from: PathStep {
                id: "x".into(),
                name: "x".into(),
                relation: String::new(),
            },
            path: vec![],
        };
        let ranked = rank_services(vec![
            affected(ci("Intranet", 3, true), 1),
            affected(ci("Shop", 1, true), 4),
            affected(ci("Billing", 1, true), 2),
        ]);
        let names: Vec<&str> = ranked.iter().map(|a| a.ci.name.as_str()).collect();
        assert_eq!(names, vec!["Billing", "Shop", "Intranet"]);
    }
}

/// A business service in the portfolio, with what it rests on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceSummary {
    pub ci: ImpactedCi,
    pub owner: Option<String>,
    /// How many CIs it needs, transitively.
    pub needs: usize,
    /// Of those, how many are not Active (in maintenance, degraded, planned or retired).
    pub attention: usize,
}

/// Where a service is in the portfolio (service portfolio management): Pipeline, Live
/// or Retired, read from its CI status.
pub fn lifecycle(status: CiStatus) -> &'static str {
    match status {
        CiStatus::Planned => "Pipeline",
        CiStatus::Retired => "Retired",
        CiStatus::Active | CiStatus::Maintenance | CiStatus::Degraded => "Live",
    }
}
