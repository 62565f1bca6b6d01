//! A catalog item's order form, defined as data: one field per line, written as
//! `Label* : kind = option | option`, where `*` marks a required field and only a
//! choice lists options. The same parser checks the definition when an admin saves it,
//! previews the form while they type, and checks each order's answers.

use crate::error::{AppError, FieldErrors};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FieldKind {
    Text,
    LongText,
    Number,
    Date,
    Choice,
    YesNo,
}

impl FieldKind {
    pub const ALL: &'static [FieldKind] = &[
        FieldKind::Text,
        FieldKind::LongText,
        FieldKind::Number,
        FieldKind::Date,
        FieldKind::Choice,
        FieldKind::YesNo,
    ];

    pub fn label(self) -> &'static str {
        match self {
            FieldKind::Text => "text",
            FieldKind::LongText => "long text",
            FieldKind::Number => "number",
            FieldKind::Date => "date",
            FieldKind::Choice => "choice",
            FieldKind::YesNo => "yes/no",
        }
    }

    fn parse(text: &str) -> Option<FieldKind> {
        let text = text.trim().to_lowercase();
        FieldKind::ALL.iter().copied().find(|k| k.label() == text)
    }

    fn longest(self) -> usize {
        match self {
            FieldKind::LongText => 5_000,
            _ => 200,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormField {
    /// Made from the label: lower case letters, digits and underscores.
    pub key: String,
    pub label: String,
    pub kind: FieldKind,
    pub required: bool,
    pub options: Vec<String>,
}

/// One answer on an order, with the question as it was asked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    pub key: String,
    pub label: String,
    pub value: String,
}

pub const MAX_FIELDS: usize = 30;

fn key_of(label: &str) -> String {
    let mut key = String::new();
    for c in label.chars() {
        if c.is_ascii_alphanumeric() {
            key.push(c.to_ascii_lowercase());
        } else if !key.is_empty() && !key.ends_with('_') {
            key.push('_');
        }
    }
    key.trim_end_matches('_').to_owned()
}

fn field(line: &str) -> Result<FormField, String> {
    let (label, rest) = line
        .split_once(':')
        .ok_or("write it as Label : kind, e.g. \u{201c}Needed by : date\u{201d}")?;
    let label = label.trim();
    let (label, required) = match label.strip_suffix('*') {
        Some(label) => (label.trim(), true),
        None => (label, false),
    };
    if label.is_empty() || label.chars().count() > 80 {
        return Err("give the field a label of at most 80 characters".into());
    }
    let key = key_of(label);
    if key.is_empty() {
        return Err("the label needs at least one letter or digit".into());
    }
    let (kind, options) = rest.split_once('=').unwrap_or((rest, ""));
    let kind = FieldKind::parse(kind).ok_or_else(|| {
        let kinds: Vec<&str> = FieldKind::ALL.iter().map(|k| k.label()).collect();
        format!(
            "\u{201c}{}\u{201d} is not a kind; use one of {}",
            kind.trim(),
            kinds.join(", ")
        )
    })?;
    let options: Vec<String> = options
        .split('|')
        .map(str::trim)
        .filter(|o| !o.is_empty())
        .map(str::to_owned)
        .collect();
    match kind {
        FieldKind::Choice if options.len() < 2 => {
            return Err("a choice lists at least two options: choice = One | Two".into())
        }
        FieldKind::Choice => {}
        _ if !options.is_empty() => return Err("only a choice has options".into()),
        _ => {}
    }
    Ok(FormField {
        key,
        label: label.to_owned(),
        kind,
        required,
        options,
    })
}

/// The fields a definition describes, or what is wrong with it, line by line.
pub fn parse_form(text: &str) -> Result<Vec<FormField>, String> {
    let mut fields: Vec<FormField> = Vec::new();
    let mut problems = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match field(line) {
            Ok(f) if fields.iter().any(|o| o.key == f.key) => {
                problems.push(format!("Line {}: another field is called that.", n + 1));
            }
            Ok(f) => fields.push(f),
            Err(problem) => problems.push(format!("Line {}: {problem}.", n + 1)),
        }
    }
    if fields.len() > MAX_FIELDS {
        problems.push(format!("Use at most {MAX_FIELDS} fields."));
    }
    if problems.is_empty() {
        Ok(fields)
    } else {
        Err(problems.join(" "))
    }
}

/// The definition written back in its canonical form.
pub fn form_text(fields: &[FormField]) -> String {
    fields
        .iter()
        .map(|f| {
            let star = if f.required { "*" } else { "" };
            let options = if f.options.is_empty() {
                String::new()
            } else {
                format!(" = {}", f.options.join(" | "))
            };
            format!("{}{star} : {}{options}", f.label, f.kind.label())
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn ticked(value: &str) -> bool {
    matches!(value.trim(), "on" | "true" | "yes" | "Yes")
}

/// The answers to a form, each checked against its field; field errors are keyed by the
/// field's key.
pub fn check_answers(
    fields: &[FormField],
    given: &BTreeMap<String, String>,
) -> Result<Vec<Answer>, AppError> {
    let mut errors = FieldErrors::default();
    let mut answers = Vec::new();
    for f in fields {
        let value = given.get(&f.key).map(|v| v.trim()).unwrap_or_default();
        let lower = f.label.to_lowercase();
        let value = match f.kind {
            FieldKind::YesNo => {
                if f.required && !ticked(value) {
                    errors.add(
                        &f.key,
                        format!("Tick \u{201c}{}\u{201d} to go on.", f.label),
                    );
                }
                if ticked(value) { "Yes" } else { "No" }.to_owned()
            }
            _ if value.is_empty() => {
                if f.required {
                    let verb = if f.kind == FieldKind::Choice {
                        "Choose"
                    } else {
                        "Enter"
                    };
                    errors.add(&f.key, format!("{verb} {lower}."));
                }
                String::new()
            }
            FieldKind::Number if !value.parse::<f64>().is_ok_and(f64::is_finite) => {
                errors.add(&f.key, format!("Enter {lower} as a number, like 2 or 2.5."));
                String::new()
            }
            FieldKind::Date if NaiveDate::parse_from_str(value, "%Y-%m-%d").is_err() => {
                errors.add(&f.key, format!("Enter {lower} as a date, YYYY-MM-DD."));
                String::new()
            }
            FieldKind::Choice if !f.options.iter().any(|o| o == value) => {
                errors.add(&f.key, format!("Choose one of: {}.", f.options.join(", ")));
                String::new()
            }
            kind if value.chars().count() > kind.longest() => {
                errors.add(
                    &f.key,
                    format!("Use at most {} characters.", kind.longest()),
                );
                String::new()
            }
            _ => value.to_owned(),
        };
        answers.push(Answer {
            key: f.key.clone(),
            label: f.label.clone(),
            value,
        });
    }
    errors.into_result()?;
    Ok(answers)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LAPTOP: &str = "Model* : choice = Standard 14-inch | Developer 16-inch\n\
                          Needed by : date\n\n\
                          Reason* : long text\n\
                          Monitors : number\n\
                          I will return my old laptop* : yes/no";

    fn answers(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn a_definition_gives_its_fields_and_round_trips() {
        let fields = parse_form(LAPTOP).unwrap();
        assert_eq!(fields.len(), 5);
        assert_eq!(fields[0].key, "model");
        assert!(fields[0].required);
        assert_eq!(fields[0].options, ["Standard 14-inch", "Developer 16-inch"]);
        assert_eq!(fields[1].key, "needed_by");
        assert_eq!(fields[1].kind, FieldKind::Date);
        assert!(!fields[1].required);
        assert_eq!(fields[4].key, "i_will_return_my_old_laptop");
        assert_eq!(parse_form(&form_text(&fields)).unwrap(), fields);
        assert_eq!(parse_form("").unwrap(), []);
    }

    #[test]
    fn a_bad_definition_is_refused_line_by_line() {
        let problem = parse_form("Model : colour\nSize\nOS : choice = Linux").unwrap_err();
        assert!(
            problem.contains("Line 1: \u{201c}colour\u{201d} is not a kind"),
            "{problem}"
        );
        assert!(
            problem.contains("Line 2: write it as Label : kind"),
            "{problem}"
        );
        assert!(
            problem.contains("Line 3: a choice lists at least two options"),
            "{problem}"
        );
        let problem = parse_form("Name : text\nname* : long text").unwrap_err();
        assert_eq!(problem, "Line 2: another field is called that.");
        assert!(parse_form("Name : text = a | b")
            .unwrap_err()
            .contains("only a choice"));
        assert!(parse_form("* : text").is_err());
    }

    #[test]
    fn answers_are_checked_against_their_fields() {
        let fields = parse_form(LAPTOP).unwrap();
        let AppError::Validation(errors) = check_answers(
            &fields,
            &answers(&[
                ("model", "Gaming rig"),
                ("needed_by", "next week"),
                ("monitors", "two"),
            ]),
        )
        .unwrap_err() else {
            panic!("not a validation error")
        };
        assert_eq!(
            errors.get("model"),
            Some("Choose one of: Standard 14-inch, Developer 16-inch.")
        );
        assert_eq!(
            errors.get("needed_by"),
            Some("Enter needed by as a date, YYYY-MM-DD.")
        );
        assert_eq!(errors.get("reason"), Some("Enter reason."));
        assert_eq!(
            errors.get("monitors"),
            Some("Enter monitors as a number, like 2 or 2.5.")
        );
        assert_eq!(
            errors.get("i_will_return_my_old_laptop"),
            Some("Tick \u{201c}I will return my old laptop\u{201d} to go on.")
        );
        let given = answers(&[
            ("model", "Developer 16-inch"),
            ("reason", "  New starter  "),
            ("i_will_return_my_old_laptop", "on"),
            ("unknown", "ignored"),
        ]);
        let checked = check_answers(&fields, &given).unwrap();
        let values: Vec<&str> = checked.iter().map(|a| a.value.as_str()).collect();
        assert_eq!(values, ["Developer 16-inch", "", "New starter", "", "Yes"]);
        assert_eq!(checked[0].label, "Model");
    }

    proptest::proptest! {
        /// Any definition is read or refused with its lines named; what is read writes
        /// back to the same fields.
        #[test]
        fn any_definition_is_read_or_refused_and_round_trips(text in "[a-zA-Z *:=|/?\n-]{0,200}") {
            if let Ok(fields) = parse_form(&text) {
                proptest::prop_assert_eq!(parse_form(&form_text(&fields)), Ok(fields));
            }
        }
    }
}
