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

/// How many rows one page of an impact analysis lists, of services as of CIs.
pub const IMPACT_PAGE_SIZE: usize = 100;

/// Which page (from 1) of the affected services and of the affected CIs to explain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImpactPages {
    pub services: usize,
    pub cis: usize,
}

impl ImpactPages {
    pub const FIRST: ImpactPages = ImpactPages {
        services: 1,
        cis: 1,
    };
}

/// One page of affected CIs (or services), each with the path that explains it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AffectedPage {
    /// The page shown, from 1.
    pub page: usize,
    /// How many there are on all pages.
    pub total: usize,
    pub rows: Vec<Affected>,
}

impl AffectedPage {
    /// `page` (from 1, clamped to the pages there are) of `total` rows.
    pub fn clamp(page: usize, total: usize) -> usize {
        page.clamp(1, total.div_ceil(IMPACT_PAGE_SIZE).max(1))
    }

    /// Where the page starts in the whole list.
    pub fn skip(page: usize) -> usize {
        (page - 1) * IMPACT_PAGE_SIZE
    }

    pub fn page_count(&self) -> usize {
        self.total.div_ceil(IMPACT_PAGE_SIZE).max(1)
    }
}

/// The answer to "what breaks if these fail?" or "what does this need?".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Impact {
    pub starts: Vec<ImpactedCi>,
    /// The affected business services, most critical first.
    pub services: AffectedPage,
    /// Every affected CI, services included, nearest first.
    pub affected: AffectedPage,
}

/// The order affected business services are listed in: most critical first (1 is the
/// highest), then nearest, then by name.
pub fn service_rank(ci: &ImpactedCi, depth: u32) -> (u8, u32, &str) {
    (ci.criticality, depth, &ci.name)
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
    fn services_are_ranked_by_criticality_then_depth() {
        let ci = |name: &str, criticality| ImpactedCi {
            id: name.into(),
            name: name.into(),
            class_name: String::new(),
            status: CiStatus::Active,
            criticality,
            is_service: true,
        };
        let mut hit = [
            (ci("Intranet", 3), 1),
            (ci("Shop", 1), 4),
            (ci("Billing", 1), 2),
            (ci("Archive", 3), 1),
        ];
        hit.sort_by(|a, b| service_rank(&a.0, a.1).cmp(&service_rank(&b.0, b.1)));
        let names: Vec<&str> = hit.iter().map(|(ci, _)| ci.name.as_str()).collect();
        assert_eq!(names, vec!["Billing", "Shop", "Archive", "Intranet"]);
    }

    #[test]
    fn pages_are_clamped_to_those_there_are() {
        assert_eq!(AffectedPage::clamp(0, 250), 1);
        assert_eq!(AffectedPage::clamp(3, 250), 3);
        assert_eq!(AffectedPage::clamp(4, 250), 3);
        assert_eq!(AffectedPage::clamp(2, 0), 1);
        assert_eq!(AffectedPage::skip(3), 200);
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
