//! CI classes as data: a name, an icon, a parent, and typed attributes that CIs of the
//! class (and of its subclasses) carry. Configuration Managers change them at run time.

use crate::error::{AppError, FieldErrors};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AttrKind {
    Text,
    Number,
    Date,
    /// One of a fixed list of choices.
    Choice,
    /// The name of another CI.
    Reference,
}

impl AttrKind {
    pub const ALL: &'static [AttrKind] = &[
        AttrKind::Text,
        AttrKind::Number,
        AttrKind::Date,
        AttrKind::Choice,
        AttrKind::Reference,
    ];

    pub fn label(self) -> &'static str {
        match self {
            AttrKind::Text => "Text",
            AttrKind::Number => "Number",
            AttrKind::Date => "Date",
            AttrKind::Choice => "Choice",
            AttrKind::Reference => "Reference to a CI",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            AttrKind::Text => "text",
            AttrKind::Number => "number",
            AttrKind::Date => "date",
            AttrKind::Choice => "choice",
            AttrKind::Reference => "reference",
        }
    }

    pub fn parse(key: &str) -> Option<AttrKind> {
        Self::ALL.iter().copied().find(|k| k.key() == key)
    }
}

/// One attribute a class defines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttributeDef {
    pub label: String,
    pub kind: AttrKind,
    pub required: bool,
    /// No two CIs of the class may have the same value.
    pub unique: bool,
    /// For [`AttrKind::Choice`].
    pub choices: Vec<String>,
}

/// A class with its own attributes and those it inherits, nearest parent last.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassDef {
    pub key: String,
    pub name: String,
    pub icon: String,
    pub parent: Option<String>,
    pub attributes: Vec<AttributeDef>,
    /// How many CIs have this class.
    pub cis: u64,
}

/// Every attribute a CI of `class` carries: inherited ones first.
pub fn effective_attributes(classes: &[ClassDef], class: &str) -> Vec<AttributeDef> {
    let mut chain = Vec::new();
    let mut at = classes.iter().find(|c| c.key == class);
    while let Some(def) = at {
        if chain.iter().any(|c: &&ClassDef| c.key == def.key) {
            break;
        }
        chain.push(def);
        at = def
            .parent
            .as_deref()
            .and_then(|p| classes.iter().find(|c| c.key == p));
    }
    chain
        .iter()
        .rev()
        .flat_map(|c| c.attributes.iter().cloned())
        .collect()
}

/// The form field name of an attribute's error.
pub fn attribute_field(label: &str) -> String {
    format!("attributes.{label}")
}

/// Checks a CI's attribute values against the definitions; returns the values to store
/// (empty ones dropped). Uniqueness and references are the store's to check.
pub fn check_attributes(
    defs: &[AttributeDef],
    values: &BTreeMap<String, String>,
) -> Result<BTreeMap<String, String>, AppError> {
    let mut errors = FieldErrors::default();
    let mut kept = BTreeMap::new();
    for (label, value) in values {
        if !defs.iter().any(|d| &d.label == label) && !value.trim().is_empty() {
            errors.add(
                &attribute_field(label),
                format!("This class has no attribute \u{201c}{label}\u{201d}."),
            );
        }
    }
    for def in defs {
        let value = values.get(&def.label).map(|v| v.trim()).unwrap_or_default();
        if value.is_empty() {
            if def.required {
                errors.add(
                    &attribute_field(&def.label),
                    format!("{} is required.", def.label),
                );
            }
            continue;
        }
        let problem = match def.kind {
            AttrKind::Number if value.parse::<f64>().map_or(true, |n| !n.is_finite()) => {
                Some(format!("{} is a number, like 42 or 2.5.", def.label))
            }
            AttrKind::Date if !is_date(value) => {
                Some(format!("{} is a date like 2026-01-31.", def.label))
            }
            AttrKind::Choice if !def.choices.iter().any(|c| c == value) => {
                Some(format!("Choose one of: {}.", def.choices.join(", ")))
            }
            _ if value.chars().count() > 500 => Some("Use at most 500 characters.".to_owned()),
            _ => None,
        };
        match problem {
            Some(message) => errors.add(&attribute_field(&def.label), message),
            None => {
                kept.insert(def.label.clone(), value.to_owned());
            }
        }
    }
    errors.into_result()?;
    Ok(kept)
}

fn is_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return false;
    };
    let (Ok(y), Ok(m), Ok(d)) = (y.parse::<i32>(), m.parse::<u32>(), d.parse::<u32>()) else {
        return false;
    };
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let days = match m {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        1..=12 => 31,
        _ => 0,
    };
    y > 0 && (1..=days).contains(&d)
}

/// The new-attribute form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttributeInput {
    pub label: String,
    pub kind: String,
    /// The rules ticked: `required`, `unique`.
    #[serde(default)]
    pub flags: Vec<String>,
    /// Comma-separated, for choices.
    #[serde(default)]
    pub choices: String,
}

impl AttributeInput {
    pub fn validate(&self, existing: &[AttributeDef]) -> Result<AttributeDef, AppError> {
        let mut errors = FieldErrors::default();
        let label = self.label.trim().to_owned();
        if label.is_empty() || label.chars().count() > 60 {
            errors.add("label", "Give the attribute a name of 1 to 60 characters.");
        } else if label.contains(['.', '[', ']']) {
            errors.add("label", "A name cannot contain dots or brackets.");
        } else if existing
            .iter()
            .any(|d| d.label.eq_ignore_ascii_case(&label))
        {
            errors.add(
                "label",
                format!("This class already has \u{201c}{label}\u{201d}."),
            );
        }
        let kind = AttrKind::parse(&self.kind);
        if kind.is_none() {
            errors.add("kind", "Choose a type.");
        }
        let choices: Vec<String> = self
            .choices
            .split(',')
            .map(|c| c.trim().to_owned())
            .filter(|c| !c.is_empty())
            .collect();
        if kind == Some(AttrKind::Choice) && choices.len() < 2 {
            errors.add("choices", "List at least two choices, separated by commas.");
        }
        errors.into_result()?;
        Ok(AttributeDef {
            label,
            kind: kind.unwrap_or(AttrKind::Text),
            required: self.flags.iter().any(|f| f == "required"),
            unique: self.flags.iter().any(|f| f == "unique"),
            choices: if kind == Some(AttrKind::Choice) {
                choices
            } else {
                Vec::new()
            },
        })
    }
}

/// The class form: a new class, or a change of name, icon or parent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassInput {
    pub name: String,
    #[serde(default)]
    pub icon: String,
    #[serde(default)]
    pub parent: String,
}

impl ClassInput {
    pub fn validate(&self) -> Result<ClassInput, AppError> {
        let name = self.name.trim();
        if name.is_empty() || name.chars().count() > 60 {
            return Err(FieldErrors::single(
                "name",
                "Give the class a name of 1 to 60 characters.",
            ));
        }
        Ok(ClassInput {
            name: name.to_owned(),
            icon: if self.icon.trim().is_empty() {
                "box".into()
            } else {
                self.icon.trim().to_owned()
            },
            parent: self.parent.trim().to_owned(),
        })
    }
}

/// The record key a class or relation type gets from its name: `Application Server` is
/// `application_server`.
pub fn slug(name: &str) -> String {
    let slug: String = name
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    slug.trim_matches('_').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn def(label: &str, kind: AttrKind, required: bool) -> AttributeDef {
        AttributeDef {
            label: label.into(),
            kind,
            required,
            unique: false,
            choices: if kind == AttrKind::Choice {
                vec!["IPv4".into(), "IPv6".into()]
            } else {
                vec![]
            },
        }
    }

    fn class(key: &str, parent: Option<&str>, attributes: Vec<AttributeDef>) -> ClassDef {
        ClassDef {
            key: key.into(),
            name: key.into(),
            icon: String::new(),
            parent: parent.map(Into::into),
            attributes,
            cis: 0,
        }
    }

    fn values(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn subclasses_inherit_their_parents_attributes_first() {
        let classes = vec![
            class("server", None, vec![def("Serial", AttrKind::Text, true)]),
            class(
                "db_server",
                Some("server"),
                vec![def("Engine", AttrKind::Text, false)],
            ),
            // A loop in the parents does not hang.
            class("a", Some("b"), vec![]),
            class("b", Some("a"), vec![]),
        ];
        let labels: Vec<String> = effective_attributes(&classes, "db_server")
            .into_iter()
            .map(|d| d.label)
            .collect();
        assert_eq!(labels, vec!["Serial", "Engine"]);
        assert!(effective_attributes(&classes, "a").is_empty());
    }

    #[test]
    fn values_are_checked_by_type() {
        let defs = vec![
            def("Serial", AttrKind::Text, true),
            def("Cores", AttrKind::Number, false),
            def("Bought", AttrKind::Date, false),
            def("Protocol", AttrKind::Choice, false),
        ];
        let ok = check_attributes(
            &defs,
            &values(&[
                ("Serial", " X1 "),
                ("Cores", "16"),
                ("Bought", "2024-02-29"),
                ("Protocol", "IPv6"),
            ]),
        );
        assert_eq!(ok.unwrap().get("Serial").map(String::as_str), Some("X1"));
        match check_attributes(
            &defs,
            &values(&[
                ("Cores", "many"),
                ("Bought", "2023-02-29"),
                ("Protocol", "IPX"),
                ("Colour", "red"),
            ]),
        ) {
            Err(AppError::Validation(errors)) => {
                for field in ["Serial", "Cores", "Bought", "Protocol", "Colour"] {
                    assert!(errors.get(&attribute_field(field)).is_some(), "{field}");
                }
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_new_attribute_needs_a_free_name_and_choices_when_it_is_a_choice() {
        let existing = vec![def("Serial", AttrKind::Text, true)];
        let input = |label: &str, kind: &str, choices: &str| AttributeInput {
            label: label.into(),
            kind: kind.into(),
            choices: choices.into(),
            ..AttributeInput::default()
        };
        assert!(input("serial", "text", "").validate(&existing).is_err());
        assert!(input("Tier", "choice", "gold").validate(&existing).is_err());
        let tier = input("Tier", "choice", "gold, silver")
            .validate(&existing)
            .unwrap();
        assert_eq!(tier.choices, vec!["gold", "silver"]);
        assert!(input("Rack.U", "text", "").validate(&existing).is_err());
    }
}
