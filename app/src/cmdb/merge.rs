//! Resolving an edit that lost a race: which fields the two versions disagree on,
//! and the record that results from keeping some of each.

use super::domain::CiInput;

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

impl CiInput {
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

/// One field where your edit and the saved record disagree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub field: &'static str,
    pub label: &'static str,
    pub yours: String,
    pub theirs: String,
}

/// The fields where `yours` differs from `theirs`, ignoring surrounding spaces.
pub fn conflicts(yours: &CiInput, theirs: &CiInput) -> Vec<Conflict> {
    FIELDS
        .iter()
        .filter(|(field, _)| yours.field(field).trim() != theirs.field(field).trim())
        .map(|(field, label)| Conflict {
            field,
            label,
            yours: yours.field(field).trim().to_owned(),
            theirs: theirs.field(field).trim().to_owned(),
        })
        .collect()
}

/// Your edit, with the named fields taken from theirs instead.
pub fn merge(yours: &CiInput, theirs: &CiInput, take_theirs: &[&str]) -> CiInput {
    let mut merged = yours.clone();
    for field in take_theirs {
        merged.take_from(theirs, field);
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

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
