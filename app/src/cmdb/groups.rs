//! Relation types and redundancy groups as people define them: the form inputs and
//! their rules. Both are data the impact analysis reads.

use super::domain::CiLink;
use super::graph::Propagation;
use crate::error::{AppError, FieldErrors};
use serde::{Deserialize, Serialize};

/// A new relation type, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelationTypeInput {
    pub name: String,
    pub reverse: String,
    /// `to_source`, `both` or `none`.
    pub propagation: String,
}

impl RelationTypeInput {
    pub fn validate(&self) -> Result<(String, String, Propagation), AppError> {
        let mut errors = FieldErrors::default();
        let (name, reverse) = (
            self.name.trim().to_lowercase(),
            self.reverse.trim().to_lowercase(),
        );
        for (field, value) in [("name", &name), ("reverse", &reverse)] {
            if value.is_empty() || value.chars().count() > 60 {
                errors.add(
                    field,
                    "Use 1 to 60 characters, like \u{201c}replicates to\u{201d}.",
                );
            }
        }
        let propagation = Propagation::parse(&self.propagation);
        if propagation.is_none() {
            errors.add("propagation", "Choose how a failure travels.");
        }
        errors.into_result()?;
        Ok((name, reverse, propagation.unwrap_or(Propagation::None)))
    }
}

/// How each propagation reads in a form.
pub const PROPAGATIONS: &[(&str, &str)] = &[
    (
        "to_source",
        "From target to source (A depends on B: B failing impacts A)",
    ),
    ("both", "Both ways"),
    ("none", "Not at all"),
];

/// A redundancy group as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group {
    pub id: String,
    pub name: String,
    pub members: Vec<CiLink>,
    /// Failed members needed before the failure passes on; all of them when `None`.
    pub failures_to_propagate: Option<u32>,
}

/// A new or changed redundancy group: members by name, one per line or comma-separated.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupInput {
    pub name: String,
    pub members: String,
    /// Empty for "all members".
    #[serde(default)]
    pub needed: String,
}

/// A group input that passed validation; member names still need resolving.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidGroup {
    pub name: String,
    pub members: Vec<String>,
    pub needed: Option<u32>,
}

impl GroupInput {
    pub fn validate(&self) -> Result<ValidGroup, AppError> {
        let mut errors = FieldErrors::default();
        let name = self.name.trim().to_owned();
        if name.is_empty() || name.chars().count() > 100 {
            errors.add("name", "Give the group a name of 1 to 100 characters.");
        }
        let mut members: Vec<String> = Vec::new();
        for member in self
            .members
            .split([',', '\n'])
            .map(str::trim)
            .filter(|m| !m.is_empty())
        {
            if !members.iter().any(|m| m.eq_ignore_ascii_case(member)) {
                members.push(member.to_owned());
            }
        }
        if members.len() < 2 {
            errors.add("members", "A redundancy group needs at least two CIs.");
        }
        let needed = match self.needed.trim() {
            "" => None,
            text => match text.parse::<u32>() {
                Ok(n) if n >= 1 && (n as usize) <= members.len().max(1) => Some(n),
                _ => {
                    errors.add(
                        "needed",
                        format!(
                            "A number from 1 to {}, or empty for all.",
                            members.len().max(1)
                        ),
                    );
                    None
                }
            },
        };
        errors.into_result()?;
        Ok(ValidGroup {
            name,
            members,
            needed,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_group_needs_two_distinct_members_and_a_sensible_threshold() {
        let input = |members: &str, needed: &str| GroupInput {
            name: "Web pool".into(),
            members: members.into(),
            needed: needed.into(),
        };
        let ok = input("web1, web2\nWEB1", "1").validate().unwrap();
        assert_eq!(ok.members, vec!["web1", "web2"]);
        assert_eq!(ok.needed, Some(1));
        assert!(input("web1", "").validate().is_err());
        assert!(input("web1, web2", "3").validate().is_err());
        assert_eq!(input("a, b, c", "").validate().unwrap().needed, None);
    }

    #[test]
    fn a_relation_type_needs_both_readings_and_a_propagation() {
        let input = RelationTypeInput {
            name: "Replicates to".into(),
            reverse: "replica of".into(),
            propagation: "none".into(),
        };
        assert_eq!(input.validate().unwrap().0, "replicates to");
        let bad = RelationTypeInput {
            propagation: "sideways".into(),
            ..input
        };
        assert!(bad.validate().is_err());
    }
}
