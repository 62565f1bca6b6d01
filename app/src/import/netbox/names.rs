//! Making CI names unique case-insensitively, deterministically and readably.

use super::builder::Draft;
use super::vocab;
use crate::import::plan::{PlannedCi, RowError};
use std::collections::{HashMap, HashSet};

/// The longest CI name Trellis stores.
const MAX_NAME: usize = 100;

/// Final names: repeats within a file get their qualifier (`Comms closet (DM-Akron)`),
/// clashes across classes their class label, and anything left a number.
pub(super) fn assign(drafts: Vec<Draft>, errors: &mut Vec<RowError>) -> Vec<PlannedCi> {
    let mut names: Vec<String> = drafts.iter().map(|draft| draft.ci.name.clone()).collect();
    qualify_repeats(&drafts, &mut names);
    label_classes(&drafts, &mut names);
    number_the_rest(&mut names);
    drafts
        .into_iter()
        .zip(names)
        .map(|(draft, name)| finish(draft, name, errors))
        .collect()
}

fn fold(name: &str) -> String {
    name.to_lowercase()
}

fn qualify_repeats(drafts: &[Draft], names: &mut [String]) {
    let mut counts: HashMap<(&str, String), usize> = HashMap::new();
    for (draft, name) in drafts.iter().zip(names.iter()) {
        *counts.entry((draft.group, fold(name))).or_default() += 1;
    }
    for (draft, name) in drafts.iter().zip(names.iter_mut()) {
        let repeated = counts[&(draft.group, fold(name))] > 1;
        if repeated && !draft.qualifier.is_empty() {
            *name = format!("{name} ({})", draft.qualifier);
        }
    }
}

fn label_classes(drafts: &[Draft], names: &mut [String]) {
    let mut classes: HashMap<String, HashSet<&str>> = HashMap::new();
    for (draft, name) in drafts.iter().zip(names.iter()) {
        classes
            .entry(fold(name))
            .or_default()
            .insert(&draft.ci.class);
    }
    for (draft, name) in drafts.iter().zip(names.iter_mut()) {
        if classes[&fold(name)].len() > 1 {
            *name = format!("{name} ({})", vocab::class_label(&draft.ci.class));
        }
    }
}

/// The first of equal names keeps it; the others get ` (2)`, ` (3)`, ...
fn number_the_rest(names: &mut [String]) {
    let mut taken: HashSet<String> = names.iter().map(|name| fold(name)).collect();
    let mut seen = HashSet::new();
    for name in names.iter_mut() {
        if seen.insert(fold(name)) {
            continue;
        }
        let numbered = (2..)
            .map(|n| format!("{name} ({n})"))
            .find(|candidate| !taken.contains(&fold(candidate)))
            .unwrap_or_default();
        taken.insert(fold(&numbered));
        seen.insert(fold(&numbered));
        *name = numbered;
    }
}

fn finish(draft: Draft, name: String, errors: &mut Vec<RowError>) -> PlannedCi {
    let mut ci = draft.ci;
    if name.chars().count() > MAX_NAME {
        let message = format!("name {name} is longer than {MAX_NAME} characters");
        errors.push(RowError::new(
            &ci.at.file,
            ci.at.line,
            Some(draft.name_column),
            message,
        ));
    }
    if !draft.netbox_name.is_empty() && name != draft.netbox_name {
        ci.attributes
            .push(("NetBox name".to_string(), draft.netbox_name));
    }
    ci.name = name;
    ci
}
