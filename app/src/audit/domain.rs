//! Audit entries and the field-by-field difference between two versions of a record.

use serde::{Deserialize, Serialize};

/// One field that changed; `None` means the field was absent or empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// One entry of a record's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub at: String,
    pub actor_name: String,
    pub action: String,
    pub request_id: String,
    pub changes: Vec<FieldChange>,
}

/// A record's fields as shown to people: name and display value, in a stable order.
pub type Fields = Vec<(&'static str, String)>;

/// The fields whose values differ between `before` and `after`. Fields present on one
/// side only count as changed from or to nothing.
pub fn diff(before: &Fields, after: &Fields) -> Vec<FieldChange> {
    let value = |fields: &Fields, name: &str| {
        fields
            .iter()
            .find(|(field, _)| *field == name)
            .map(|(_, v)| v.clone())
            .filter(|v| !v.is_empty())
    };
    let mut names: Vec<&'static str> = before.iter().map(|(f, _)| *f).collect();
    for (field, _) in after {
        if !names.contains(field) {
            names.push(field);
        }
    }
    names
        .into_iter()
        .filter_map(|name| {
            let (old, new) = (value(before, name), value(after, name));
            (old != new).then(|| FieldChange {
                field: name.to_owned(),
                before: old,
                after: new,
            })
        })
        .collect()
}

/// Every field of a new record, as changed from nothing.
pub fn created(after: &Fields) -> Vec<FieldChange> {
    diff(&Vec::new(), after)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(pairs: &[(&'static str, &str)]) -> Fields {
        pairs.iter().map(|(f, v)| (*f, (*v).to_owned())).collect()
    }

    #[test]
    fn only_changed_fields_are_reported() {
        let before = fields(&[("name", "db-01"), ("status", "Active"), ("owner", "DBA")]);
        let after = fields(&[
            ("name", "db-01"),
            ("status", "Maintenance"),
            ("owner", "DBA"),
        ]);
        assert_eq!(
            diff(&before, &after),
            vec![FieldChange {
                field: "status".into(),
                before: Some("Active".into()),
                after: Some("Maintenance".into()),
            }]
        );
    }

    #[test]
    fn emptied_and_filled_fields_are_changes_from_or_to_nothing() {
        let before = fields(&[("owner", "DBA"), ("tags", "")]);
        let after = fields(&[("owner", ""), ("tags", "db")]);
        let changes = diff(&before, &after);
        assert_eq!(changes[0].after, None);
        assert_eq!(changes[1].before, None);
        assert_eq!(changes[1].after.as_deref(), Some("db"));
    }

    #[test]
    fn a_new_record_lists_every_filled_field() {
        let changes = created(&fields(&[("name", "x"), ("owner", "")]));
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].field, "name");
    }

    #[test]
    fn identical_records_have_no_changes() {
        let same = fields(&[("name", "x")]);
        assert!(diff(&same, &same).is_empty());
    }
}
