//! The CI form as a [`Mergeable`]: which of its fields an edit that lost a race can keep
//! or take from the saved record.

use super::domain::CiInput;
use crate::merge::Mergeable;

/// The form fields, with the labels people see.
pub const FIELDS: &[(&str, &str)] = &[
    ("name", "Name"),
    ("class", "Class"),
    ("status", "Status"),
    ("environment", "Environment"),
    ("criticality", "Criticality"),
    ("owner", "Owner"),
    ("description", "Description"),
    ("tags", "Tags"),
    ("attributes", "Attributes"),
];

impl Mergeable for CiInput {
    fn labels() -> Vec<(&'static str, &'static str)> {
        FIELDS.to_vec()
    }

    /// A field as text; the attributes as one `Label: value; ...` text.
    fn field(&self, name: &str) -> String {
        match name {
            "name" => self.name.clone(),
            "class" => self.class.clone(),
            "status" => self.status.clone(),
            "environment" => self.environment.clone(),
            "criticality" => self.criticality.clone(),
            "owner" => self.owner.clone(),
            "description" => self.description.clone(),
            "attributes" => super::domain::attributes_text(&self.attributes),
            _ => self.tags.clone(),
        }
    }

    fn take_from(&mut self, other: &CiInput, name: &str) {
        match name {
            "name" => self.name.clone_from(&other.name),
            "class" => self.class.clone_from(&other.class),
            "status" => self.status.clone_from(&other.status),
            "environment" => self.environment.clone_from(&other.environment),
            "criticality" => self.criticality.clone_from(&other.criticality),
            "owner" => self.owner.clone_from(&other.owner),
            "description" => self.description.clone_from(&other.description),
            "attributes" => self.attributes.clone_from(&other.attributes),
            _ => self.tags.clone_from(&other.tags),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::merge::{conflicts, merge};

    fn input(status: &str, owner: &str) -> CiInput {
        CiInput {
            name: "db".into(),
            class: "database".into(),
            status: status.into(),
            environment: "Production".into(),
            criticality: "1".into(),
            owner: owner.into(),
            description: String::new(),
            tags: String::new(),
            attributes: Default::default(),
        }
    }

    #[test]
    fn only_disagreeing_fields_conflict() {
        let found = conflicts(&input("Retired", "Ops"), &input("Maintenance", "Ops "));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].field, "status");
        assert_eq!(found[0].yours, "Retired");
        assert_eq!(found[0].theirs, "Maintenance");
    }

    #[test]
    fn merging_takes_the_chosen_fields_from_theirs_and_keeps_the_rest() {
        let yours = input("Retired", "Mine");
        let theirs = input("Maintenance", "Theirs");
        let merged = merge(&yours, &theirs, &["status"]);
        assert_eq!(merged.status, "Maintenance");
        assert_eq!(merged.owner, "Mine");
    }

    #[test]
    fn every_field_of_the_form_can_conflict() {
        let a = CiInput::default();
        let b = CiInput {
            name: "n".into(),
            class: "c".into(),
            status: "s".into(),
            environment: "e".into(),
            criticality: "1".into(),
            owner: "o".into(),
            description: "d".into(),
            tags: "t".into(),
            attributes: [("Serial number".to_owned(), "X1".to_owned())].into(),
        };
        assert_eq!(conflicts(&a, &b).len(), FIELDS.len());
    }
}
