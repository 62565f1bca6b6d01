//! Server-only: class definitions in the store, and checking a CI's attributes against
//! its class (types, required, unique, references).

use super::ci_id;
use crate::audit::server::{Actor, NewEntry};
use crate::audit::FieldChange;
use crate::cmdb::classes::{
    attribute_field, check_attributes, effective_attributes, AttrKind, AttributeDef, ClassDef,
    ClassInput,
};
use crate::error::{AppError, FieldErrors};
use crate::store::{checked, key_of, Store};
use std::collections::BTreeMap;
use surrealdb::types::{RecordId, SurrealValue};

#[derive(SurrealValue)]
struct AttrRecord {
    label: String,
    kind: String,
    required: bool,
    unique: bool,
    choices: Vec<String>,
}

impl From<&AttributeDef> for AttrRecord {
    fn from(d: &AttributeDef) -> Self {
        AttrRecord {
            label: d.label.clone(),
            kind: d.kind.key().to_owned(),
            required: d.required,
            unique: d.unique,
            choices: d.choices.clone(),
        }
    }
}

#[derive(SurrealValue)]
struct ClassRecord {
    id: RecordId,
    name: String,
    icon: String,
    parent: Option<RecordId>,
    attributes: Vec<AttrRecord>,
}

fn class_id(key: &str) -> RecordId {
    RecordId::new("ci_class", key)
}

/// Every class with its attributes, read by [`take_defs`].
pub(super) const CLASS_DEFS: &str =
    "SELECT id, name, icon, parent, attributes FROM ci_class ORDER BY name";

/// Every class with its attributes; `cis` is left at 0 (the impact index counts them).
pub async fn class_defs(store: &Store) -> Result<Vec<ClassDef>, AppError> {
    take_defs(&mut checked(store.db().query(CLASS_DEFS).await?)?, 0)
}

/// The classes [`CLASS_DEFS`] read, from statement `at` of `response`.
pub(super) fn take_defs(
    response: &mut surrealdb::IndexedResults,
    at: usize,
) -> Result<Vec<ClassDef>, AppError> {
    let rows: Vec<ClassRecord> = response.take(at)?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let key = key_of(&r.id);
            ClassDef {
                cis: 0,
                key,
                name: r.name,
                icon: r.icon,
                parent: r.parent.as_ref().map(key_of),
                attributes: r
                    .attributes
                    .into_iter()
                    .map(|a| AttributeDef {
                        kind: AttrKind::parse(&a.kind).unwrap_or(AttrKind::Text),
                        label: a.label,
                        required: a.required,
                        unique: a.unique,
                        choices: a.choices,
                    })
                    .collect(),
            }
        })
        .collect())
}

/// The attributes a CI of `class` may store, checked; unique values and references are
/// looked up. `except` is the CI being changed.
pub(super) async fn checked_attributes(
    store: &Store,
    classes: &[ClassDef],
    class: &str,
    values: &BTreeMap<String, String>,
    previous: &BTreeMap<String, String>,
    except: Option<&str>,
) -> Result<BTreeMap<String, String>, AppError> {
    let defs = effective_attributes(classes, class);
    let mut kept = check_attributes(&defs, values)?;
    let mut errors = FieldErrors::default();
    for def in &defs {
        let Some(value) = kept.get(&def.label) else {
            continue;
        };
        if def.kind == AttrKind::Reference {
            let mut response = checked(
                store
                    .db()
                    .query("SELECT VALUE id FROM ci WHERE name_key = string::lowercase($name)")
                    .bind(("name", value.clone()))
                    .await?,
            )?;
            if response.take::<Vec<RecordId>>(0)?.is_empty() {
                errors.add(
                    &attribute_field(&def.label),
                    format!("There is no CI named \u{201c}{value}\u{201d}."),
                );
            }
        }
        if def.unique {
            let mut response = checked(
                store
                    .db()
                    .query("SELECT VALUE id FROM ci WHERE class = $class AND attributes[$label] = $value AND id != $except LIMIT 1")
                    .bind(("class", class_id(class)))
                    .bind(("label", def.label.clone()))
                    .bind(("value", value.clone()))
                    .bind(("except", except.map(ci_id)))
                    .await?,
            )?;
            if !response.take::<Vec<RecordId>>(0)?.is_empty() {
                errors.add(
                    &attribute_field(&def.label),
                    format!(
                        "Another CI of this class already has {} {value}.",
                        def.label
                    ),
                );
            }
        }
    }
    errors.into_result()?;
    for (label, value) in previous {
        if !defs.iter().any(|d| &d.label == label) {
            kept.entry(label.clone()).or_insert_with(|| value.clone());
        }
    }
    Ok(kept)
}

/// Creates a class (when `key` is `None`) or changes one's name, icon and parent.
pub async fn save_class(
    store: &Store,
    actor: &Actor,
    key: Option<&str>,
    input: ClassInput,
) -> Result<String, AppError> {
    let classes = class_defs(store).await?;
    let key = match key {
        Some(key) => key.to_owned(),
        None => {
            let key = crate::cmdb::classes::slug(&input.name);
            if key.is_empty() {
                return Err(FieldErrors::single(
                    "name",
                    "Use letters or digits in the name.",
                ));
            }
            key
        }
    };
    let before = classes.iter().find(|c| c.key == key);
    if classes
        .iter()
        .any(|c| c.key != key && c.name.eq_ignore_ascii_case(&input.name))
        || (before.is_none() && classes.iter().any(|c| c.key == key))
    {
        return Err(FieldErrors::single(
            "name",
            format!(
                "A class named \u{201c}{}\u{201d} already exists.",
                input.name
            ),
        ));
    }
    let parent = (!input.parent.is_empty()).then(|| input.parent.clone());
    if let Some(parent) = &parent {
        let ancestors = effective_chain(&classes, parent);
        if !classes.iter().any(|c| &c.key == parent) {
            return Err(FieldErrors::single(
                "parent",
                "There is no such parent class.",
            ));
        }
        if ancestors.iter().any(|a| a == &key) {
            return Err(FieldErrors::single(
                "parent",
                "A class cannot be its own ancestor.",
            ));
        }
    }
    let mut changes = Vec::new();
    let mut note = |field: &str, old: Option<String>, new: Option<String>| {
        if old != new {
            changes.push(FieldChange {
                field: field.into(),
                before: old,
                after: new,
            });
        }
    };
    note(
        "name",
        before.map(|b| b.name.clone()),
        Some(input.name.clone()),
    );
    note(
        "icon",
        before.map(|b| b.icon.clone()),
        Some(input.icon.clone()),
    );
    note(
        "parent",
        before.and_then(|b| b.parent.clone()),
        parent.clone(),
    );
    let action = if before.is_some() { "update" } else { "create" };
    checked(
        store
            .db()
            .query("BEGIN")
            .query("UPSERT $id MERGE { name: $name, icon: $icon, parent: $parent }")
            .query("CREATE audit CONTENT $entry")
            .query("COMMIT")
            .bind(("id", class_id(&key)))
            .bind(("name", input.name))
            .bind(("icon", input.icon))
            .bind(("parent", parent.as_deref().map(class_id)))
            .bind((
                "entry",
                NewEntry::new(actor, "ci_class", &key, action, &changes),
            ))
            .await?,
    )?;
    Ok(key)
}

/// `class` and its ancestors' keys.
fn effective_chain(classes: &[ClassDef], class: &str) -> Vec<String> {
    let mut chain = Vec::new();
    let mut at = classes.iter().find(|c| c.key == class);
    while let Some(def) = at {
        if chain.contains(&def.key) {
            break;
        }
        chain.push(def.key.clone());
        at = def
            .parent
            .as_deref()
            .and_then(|p| classes.iter().find(|c| c.key == p));
    }
    chain
}

/// Replaces a class's own attribute list, auditing what was added or removed.
pub async fn set_attributes(
    store: &Store,
    actor: &Actor,
    class: &str,
    attributes: Vec<AttributeDef>,
    change: FieldChange,
) -> Result<(), AppError> {
    let records: Vec<AttrRecord> = attributes.iter().map(AttrRecord::from).collect();
    checked(
        store
            .db()
            .query("BEGIN")
            .query("UPDATE $id SET attributes = $attributes")
            .query("CREATE audit CONTENT $entry")
            .query("COMMIT")
            .bind(("id", class_id(class)))
            .bind(("attributes", records))
            .bind((
                "entry",
                NewEntry::new(actor, "ci_class", class, "update", &[change]),
            ))
            .await?,
    )?;
    Ok(())
}
