//! Configuration items: the shared types and the rules both the browser and the server apply.

use crate::audit::Fields;
use crate::error::{AppError, FieldErrors};
use serde::{Deserialize, Serialize};

pub use super::vocabulary::{CiStatus, Environment};

pub const NAME_MAX: usize = 100;
pub const DESCRIPTION_MAX: usize = 4000;
pub const OWNER_MAX: usize = 100;
pub const TAG_MAX: usize = 40;
pub const TAGS_MAX: usize = 20;
pub const PAGE_SIZE_MAX: u32 = 200;

/// A CI class as listed in forms and filters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CiClass {
    /// The record key, e.g. `server`.
    pub key: String,
    pub name: String,
    pub icon: String,
}

/// What a person types into the CI form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CiInput {
    pub name: String,
    pub class: String,
    pub status: String,
    pub environment: String,
    pub criticality: String,
    pub owner: String,
    pub description: String,
    /// Comma-separated.
    pub tags: String,
    /// The class's attributes by label, as `input[attributes][Label]`.
    #[serde(default)]
    pub attributes: std::collections::BTreeMap<String, String>,
}

/// A CI input that passed validation, ready to store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidCi {
    pub name: String,
    pub class: String,
    pub status: CiStatus,
    pub environment: Environment,
    pub criticality: u8,
    pub owner: Option<String>,
    pub description: String,
    pub tags: Vec<String>,
    /// Checked against the class by the store.
    pub attributes: std::collections::BTreeMap<String, String>,
}

impl CiInput {
    /// Checks every field at once, so the form can show all problems together.
    /// Whether the class exists and the name is free is the store's to say.
    pub fn validate(&self) -> Result<ValidCi, AppError> {
        let mut errors = FieldErrors::default();
        let name = self.name.trim();
        if name.is_empty() {
            errors.add("name", "Name is required.");
        } else if name.chars().count() > NAME_MAX {
            errors.add(
                "name",
                format!("Name must be at most {NAME_MAX} characters."),
            );
        } else if name.chars().any(char::is_control) {
            errors.add("name", "Name must not contain control characters.");
        }
        let class = self.class.trim();
        if class.is_empty() {
            errors.add("class", "Choose a class.");
        }
        let status = CiStatus::parse_lenient(&self.status);
        if status.is_none() {
            errors.add("status", "Choose a valid status.");
        }
        let environment = Environment::parse(&self.environment);
        if environment.is_none() {
            errors.add("environment", "Choose a valid environment.");
        }
        let criticality = match self.criticality.trim().parse::<u8>() {
            Ok(c @ 1..=5) => c,
            _ => {
                errors.add("criticality", "Criticality is a number from 1 to 5.");
                0
            }
        };
        if self.description.chars().count() > DESCRIPTION_MAX {
            errors.add(
                "description",
                format!("Description must be at most {DESCRIPTION_MAX} characters."),
            );
        }
        let owner = self.owner.trim();
        if owner.chars().count() > OWNER_MAX {
            errors.add(
                "owner",
                format!("Owner must be at most {OWNER_MAX} characters."),
            );
        }
        let tags = parse_tags(&self.tags).unwrap_or_else(|message| {
            errors.add("tags", message);
            Vec::new()
        });
        errors.into_result()?;
        Ok(ValidCi {
            name: name.to_owned(),
            class: class.to_owned(),
            status: status.expect("checked above"),
            environment: environment.expect("checked above"),
            criticality,
            owner: (!owner.is_empty()).then(|| owner.to_owned()),
            description: self.description.trim().to_owned(),
            tags,
            attributes: self.attributes.clone(),
        })
    }
}

fn parse_tags(text: &str) -> Result<Vec<String>, String> {
    let mut tags: Vec<String> = Vec::new();
    for tag in text.split(',').map(str::trim).filter(|t| !t.is_empty()) {
        if tag.chars().count() > TAG_MAX {
            return Err(format!("Each tag must be at most {TAG_MAX} characters."));
        }
        let tag = tag.to_lowercase();
        if !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    if tags.len() > TAGS_MAX {
        return Err(format!("At most {TAGS_MAX} tags."));
    }
    Ok(tags)
}

impl ValidCi {
    /// The fields the audit log compares, in display form.
    pub fn audit_fields(&self, class_name: &str) -> Fields {
        vec![
            ("name", self.name.clone()),
            ("class", class_name.to_owned()),
            ("status", self.status.label().to_owned()),
            ("environment", self.environment.label().to_owned()),
            ("criticality", self.criticality.to_string()),
            ("owner", self.owner.clone().unwrap_or_default()),
            ("description", self.description.clone()),
            ("tags", self.tags.join(", ")),
            ("attributes", attributes_text(&self.attributes)),
        ]
    }
}

/// Attributes as one audited text, `Label: value; ...`, matching imports.
pub fn attributes_text(attributes: &std::collections::BTreeMap<String, String>) -> String {
    let parts: Vec<String> = attributes
        .iter()
        .map(|(k, v)| format!("{k}: {v}"))
        .collect();
    parts.join("; ")
}

/// A CI as shown on its page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ci {
    pub id: String,
    pub name: String,
    pub class: CiClass,
    pub status: CiStatus,
    pub environment: Environment,
    pub criticality: u8,
    pub owner: Option<String>,
    pub description: String,
    pub tags: Vec<String>,
    pub attributes: std::collections::BTreeMap<String, String>,
    pub version: u64,
    pub created_at: String,
    pub updated_at: String,
    /// Relations in both directions, sorted by label and then the other CI's name.
    pub relations: Vec<super::relations::Relation>,
}

impl Ci {
    pub fn audit_fields(&self) -> Fields {
        let valid = ValidCi {
            name: self.name.clone(),
            class: self.class.key.clone(),
            status: self.status,
            environment: self.environment,
            criticality: self.criticality,
            owner: self.owner.clone(),
            description: self.description.clone(),
            tags: self.tags.clone(),
            attributes: self.attributes.clone(),
        };
        valid.audit_fields(&self.class.name)
    }

    /// The form's starting values when editing this CI.
    pub fn to_input(&self) -> CiInput {
        CiInput {
            name: self.name.clone(),
            class: self.class.key.clone(),
            status: self.status.label().to_owned(),
            environment: self.environment.label().to_owned(),
            criticality: self.criticality.to_string(),
            owner: self.owner.clone().unwrap_or_default(),
            description: self.description.clone(),
            tags: self.tags.join(", "),
            attributes: self.attributes.clone(),
        }
    }
}

/// A reference to another CI, for dependency lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CiLink {
    pub id: String,
    pub name: String,
    pub status: CiStatus,
}

/// One row of the inventory list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CiRow {
    pub id: String,
    pub name: String,
    pub class_name: String,
    pub status: CiStatus,
    pub environment: Environment,
    pub criticality: u8,
    pub owner: Option<String>,
    pub updated_at: String,
}

/// One page of the inventory list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CiPage {
    pub rows: Vec<CiRow>,
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
}

impl CiPage {
    pub fn page_count(&self) -> u32 {
        let per_page = u64::from(self.per_page.max(1));
        u32::try_from(self.total.div_ceil(per_page).max(1)).unwrap_or(u32::MAX)
    }
}

/// Clamps a requested page and page size to what the server serves.
pub fn paging(page: u32, per_page: u32) -> (u32, u32) {
    (page.max(1), per_page.clamp(1, PAGE_SIZE_MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> CiInput {
        CiInput {
            name: "  web-01 ".into(),
            class: "server".into(),
            status: "Active".into(),
            environment: "Production".into(),
            criticality: "2".into(),
            owner: String::new(),
            description: "Front web node".into(),
            tags: "Web, dmz, web".into(),
            attributes: Default::default(),
        }
    }

    fn errors_of(input: &CiInput) -> FieldErrors {
        input
            .validate()
            .unwrap_err()
            .field_errors()
            .unwrap()
            .clone()
    }

    #[test]
    fn a_complete_input_is_trimmed_and_normalised() {
        let ci = input().validate().unwrap();
        assert_eq!(ci.name, "web-01");
        assert_eq!(ci.status, CiStatus::Active);
        assert_eq!(ci.environment, Environment::Production);
        assert_eq!(ci.criticality, 2);
        assert_eq!(ci.owner, None);
        assert_eq!(ci.tags, vec!["web", "dmz"]);
    }

    #[test]
    fn an_empty_name_is_refused() {
        let errors = errors_of(&CiInput {
            name: "   ".into(),
            ..input()
        });
        assert_eq!(errors.get("name"), Some("Name is required."));
    }

    #[test]
    fn a_name_over_the_limit_is_refused_but_the_limit_itself_is_fine() {
        let at_limit = CiInput {
            name: "x".repeat(NAME_MAX),
            ..input()
        };
        assert!(at_limit.validate().is_ok());
        let over = CiInput {
            name: "x".repeat(NAME_MAX + 1),
            ..input()
        };
        assert!(errors_of(&over)
            .get("name")
            .unwrap()
            .contains("at most 100"));
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let bad = CiInput {
            name: String::new(),
            class: String::new(),
            status: "Exploded".into(),
            environment: "Moon".into(),
            criticality: "9".into(),
            ..input()
        };
        let errors = errors_of(&bad);
        for field in ["name", "class", "status", "environment", "criticality"] {
            assert!(errors.get(field).is_some(), "no error for {field}");
        }
    }

    #[test]
    fn too_many_tags_are_refused() {
        let tags = (0..=TAGS_MAX)
            .map(|i| format!("t{i}"))
            .collect::<Vec<_>>()
            .join(",");
        assert!(errors_of(&CiInput { tags, ..input() })
            .get("tags")
            .is_some());
    }

    #[test]
    fn page_count_rounds_up_and_is_never_zero() {
        let page = |total| CiPage {
            rows: vec![],
            total,
            page: 1,
            per_page: 50,
        };
        assert_eq!(page(0).page_count(), 1);
        assert_eq!(page(50).page_count(), 1);
        assert_eq!(page(51).page_count(), 2);
    }

    #[test]
    fn paging_is_clamped() {
        assert_eq!(paging(0, 0), (1, 1));
        assert_eq!(paging(3, 10_000), (3, PAGE_SIZE_MAX));
    }

    #[test]
    fn an_edit_shows_up_as_exactly_the_fields_it_changed() {
        let before = input().validate().unwrap();
        let after = CiInput {
            status: "Maintenance".into(),
            owner: "Ops".into(),
            ..input()
        }
        .validate()
        .unwrap();
        let changes = crate::audit::diff(
            &before.audit_fields("Server"),
            &after.audit_fields("Server"),
        );
        let fields: Vec<&str> = changes.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(fields, vec!["status", "owner"]);
    }
}
