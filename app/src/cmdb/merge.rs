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
];

impl CiInput {
    fn field(&self, name: &str) -> &str {
        match name {
            "name" => &self.name,
            "class" => &self.class,
            "status" => &self.status,
            "environment" => &self.environment,
            "criticality" => &self.criticality,
            "owner" => &self.owner,
            "description" => &self.description,
            _ => &self.tags,
        }
    }

    fn field_mut(&mut self, name: &str) -> &mut String {
        match name {
            "name" => &mut self.name,
            "class" => &mut self.class,
            "status" => &mut self.status,
            "environment" => &mut self.environment,
            "criticality" => &mut self.criticality,
            "owner" => &mut self.owner,
            "description" => &mut self.description,
            _ => &mut self.tags,
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
        *merged.field_mut(field) = theirs.field(field).to_owned();
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
        };
        assert_eq!(conflicts(&a, &b).len(), FIELDS.len());
    }
}
