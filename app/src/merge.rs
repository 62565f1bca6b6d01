//! Resolving an edit that lost a race, for any form: which fields the two versions disagree
//! on, and the record that results from keeping some of each.

/// A form whose fields can be compared and taken one by one.
pub trait Mergeable: Clone {
    /// The fields, by name, with the labels people see.
    fn labels() -> Vec<(&'static str, &'static str)>;
    /// A field as text.
    fn field(&self, name: &str) -> String;
    /// Sets a field to `other`'s.
    fn take_from(&mut self, other: &Self, name: &str);
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
pub fn conflicts<T: Mergeable>(yours: &T, theirs: &T) -> Vec<Conflict> {
    T::labels()
        .into_iter()
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
pub fn merge<T: Mergeable>(yours: &T, theirs: &T, take_theirs: &[&str]) -> T {
    let mut merged = yours.clone();
    for field in take_theirs {
        merged.take_from(theirs, field);
    }
    merged
}
