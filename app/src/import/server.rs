//! Server-only: an import plan against the store. `check` is the dry run: every planned CI,
//! relation and asset is matched to what is stored (by reconciliation key) and classed as create,
//! update, unchanged or refused. `commit` checks again, refuses to write anything while any
//! row is refused, then writes in batches, each batch one transaction with its audit
//! entries. Re-running an import changes nothing that is already there.

mod write;

pub use write::commit;

use super::native::BY_NAME;
use super::plan::{Plan, PlannedCi};
use super::report::{ImportReport, ReportRow, RowAction};
use crate::assets::server::import::AssetWrite;
use crate::audit::{diff, Fields};
use crate::cmdb::domain::{CiStatus, Environment};
use crate::error::AppError;
use crate::store::{checked, key_of, Store};
use std::collections::{BTreeMap, HashMap, HashSet};
use surrealdb::types::{RecordId, SurrealValue};

#[derive(SurrealValue)]
struct Stored {
    id: RecordId,
    name: String,
    name_key: String,
    source_key: Option<String>,
    class: RecordId,
    status: String,
    environment: String,
    criticality: i64,
    owner: Option<String>,
    description: String,
    tags: Vec<String>,
    attributes: BTreeMap<String, String>,
}

#[derive(SurrealValue)]
struct StoredRelation {
    source: Option<String>,
    source_name: String,
    kind: RecordId,
    target: Option<String>,
    target_name: String,
}

/// A CI to write: the stored id when it exists, and the audit changes.
pub(super) struct CiWrite {
    pub ci: PlannedCi,
    pub id: Option<RecordId>,
    pub changes: Vec<crate::audit::FieldChange>,
}

/// What a check found: the report and the writes it implies.
pub struct Checked {
    pub report: ImportReport,
    pub(super) cis: Vec<CiWrite>,
    /// Relations to create, by reconciliation key: (source, kind, target).
    pub(super) relations: Vec<(String, String, String)>,
    pub(super) assets: Vec<AssetWrite>,
}

/// Each planned owner as spelled by the user or team it names; owners that name nobody
/// become new teams (a migration brings its tenants and groups along).
fn resolve_owners(cis: &mut [PlannedCi], known: Vec<String>) -> Vec<String> {
    let mut owners: BTreeMap<String, String> = known
        .into_iter()
        .map(|name| (name.to_lowercase(), name))
        .collect();
    let mut new_teams = Vec::new();
    for ci in cis {
        if let Some(owner) = ci.owner.as_mut() {
            let spelled = owners.entry(owner.to_lowercase()).or_insert_with(|| {
                new_teams.push(owner.clone());
                owner.clone()
            });
            owner.clone_from(spelled);
        }
    }
    new_teams
}

/// The audited fields of a CI, planned or stored.
fn planned_fields(ci: &PlannedCi) -> Fields {
    let mut attributes: Vec<String> = ci
        .attributes
        .iter()
        .map(|(k, v)| format!("{k}: {v}"))
        .collect();
    attributes.sort();
    vec![
        ("name", ci.name.clone()),
        ("class", ci.class.clone()),
        ("status", ci.status.clone()),
        ("environment", ci.environment.clone()),
        ("criticality", ci.criticality.to_string()),
        ("owner", ci.owner.clone().unwrap_or_default()),
        ("description", ci.description.clone()),
        ("tags", ci.tags.join(", ")),
        ("attributes", attributes.join("; ")),
    ]
}

fn stored_fields(ci: &Stored) -> Fields {
    planned_fields(&PlannedCi {
        key: ci.source_key.clone().unwrap_or_default(),
        name: ci.name.clone(),
        class: key_of(&ci.class),
        status: ci.status.clone(),
        environment: ci.environment.clone(),
        criticality: u8::try_from(ci.criticality).unwrap_or(0),
        owner: ci.owner.clone(),
        description: ci.description.clone(),
        tags: ci.tags.clone(),
        attributes: ci.attributes.clone().into_iter().collect(),
        at: super::plan::RowRef {
            file: String::new(),
            line: 0,
        },
    })
}

/// Why a planned CI cannot be written as it is, if it cannot.
fn invalid(ci: &PlannedCi, classes: &HashSet<String>) -> Option<String> {
    if !classes.contains(&ci.class) {
        return Some(format!("there is no class \u{201c}{}\u{201d}", ci.class));
    }
    if CiStatus::parse(&ci.status).is_none() {
        return Some(format!("\u{201c}{}\u{201d} is not a CI status", ci.status));
    }
    if Environment::parse(&ci.environment).is_none() {
        return Some(format!(
            "\u{201c}{}\u{201d} is not an environment",
            ci.environment
        ));
    }
    if !(1..=5).contains(&ci.criticality) {
        return Some("criticality must be 1 to 5".into());
    }
    let name = ci.name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Some("a name needs 1 to 100 characters".into());
    }
    None
}

/// The dry run: what the plan would do to the store.
pub async fn check(store: &Store, plan: Plan) -> Result<Checked, AppError> {
    let mut response = checked(
        store
            .db()
            .query("SELECT VALUE record::id(id) FROM ci_class")
            .query(
                "SELECT id, name, name_key, source_key, class, status, environment, criticality, \
                 owner, description, tags, attributes FROM ci",
            )
            .query(
                "SELECT in.source_key AS source, in.name_key AS source_name, kind, \
                 out.source_key AS target, out.name_key AS target_name FROM rel",
            )
            .query("SELECT VALUE record::id(id) FROM relation_type")
            .query(crate::people::server::OWNER_NAMES)
            .await?,
    )?;
    let classes: HashSet<String> = response.take::<Vec<String>>(0)?.into_iter().collect();
    let stored: Vec<Stored> = response.take(1)?;
    let stored_relations: Vec<StoredRelation> = response.take(2)?;
    let kinds: HashSet<String> = response.take::<Vec<String>>(3)?.into_iter().collect();
    let mut plan = plan;
    let new_teams = resolve_owners(&mut plan.cis, response.take(4)?);

    let mut report = ImportReport {
        files: plan.rows.clone(),
        skipped: plan.skipped.clone(),
        new_teams,
        ..ImportReport::default()
    };
    let by_key: HashMap<&str, &Stored> = stored
        .iter()
        .filter_map(|s| Some((s.source_key.as_deref()?, s)))
        .collect();
    let by_name: HashMap<&str, &Stored> = stored.iter().map(|s| (s.name_key.as_str(), s)).collect();
    let mut names: HashMap<String, String> = HashMap::new();
    let mut cis = Vec::new();
    for mut ci in plan.cis {
        let existing = match ci.key.strip_prefix(BY_NAME) {
            Some(name) => by_name.get(name),
            None => by_key.get(ci.key.as_str()),
        }
        .copied();
        if let (Some(stored), true) = (existing, ci.key.starts_with(BY_NAME)) {
            // A spreadsheet without an attribute's column leaves that attribute alone.
            for (label, value) in &stored.attributes {
                if !ci.attributes.iter().any(|(l, _)| l == label) {
                    ci.attributes.push((label.clone(), value.clone()));
                }
            }
        }
        let clash = by_name
            .get(ci.name.to_lowercase().as_str())
            .filter(|other| existing.is_none_or(|e| e.id != other.id));
        let refusal = invalid(&ci, &classes).or_else(|| {
            clash.map(|_| format!("another CI is already called \u{201c}{}\u{201d}", ci.name))
        });
        let (action, detail, changes) = match (refusal, existing) {
            (Some(why), _) => (RowAction::Refused, why, Vec::new()),
            (None, None) => (
                RowAction::Create,
                ci.class.clone(),
                crate::audit::created(&planned_fields(&ci)),
            ),
            (None, Some(stored)) => {
                let changes = diff(&stored_fields(stored), &planned_fields(&ci));
                let detail: Vec<&str> = changes.iter().map(|c| c.field.as_str()).collect();
                let action = if changes.is_empty() {
                    RowAction::Unchanged
                } else {
                    RowAction::Update
                };
                (action, detail.join(", "), changes)
            }
        };
        names.insert(ci.key.clone(), ci.name.clone());
        report.push(ReportRow {
            at: ci.at.clone(),
            kind: "CI".into(),
            name: ci.name.clone(),
            action,
            detail,
        });
        if matches!(action, RowAction::Create | RowAction::Update) {
            cis.push(CiWrite {
                id: existing.map(|e| e.id.clone()),
                ci,
                changes,
            });
        }
    }
    for stored in &stored {
        let keys = stored.source_key.iter().cloned();
        for key in keys.chain([format!("{BY_NAME}{}", stored.name_key)]) {
            names.entry(key).or_insert_with(|| stored.name.clone());
        }
    }
    let mut existing: HashSet<(String, String, String)> = HashSet::new();
    for r in stored_relations {
        let kind = key_of(&r.kind);
        let by_name = |name: &str| format!("{BY_NAME}{name}");
        existing.insert((
            by_name(&r.source_name),
            kind.clone(),
            by_name(&r.target_name),
        ));
        if let (Some(source), Some(target)) = (r.source, r.target) {
            existing.insert((source, kind, target));
        }
    }
    let mut relations = Vec::new();
    for relation in plan.relations {
        let triple = (
            relation.source.clone(),
            relation.kind.clone(),
            relation.target.clone(),
        );
        let name = |key: &str| names.get(key).cloned().unwrap_or_else(|| key.to_owned());
        let label = format!(
            "{} {} {}",
            name(&relation.source),
            relation.kind.replace('_', " "),
            name(&relation.target)
        );
        let refusal = if !kinds.contains(&relation.kind) {
            Some(format!(
                "there is no relation type \u{201c}{}\u{201d}",
                relation.kind
            ))
        } else if !names.contains_key(&relation.source) || !names.contains_key(&relation.target) {
            Some("it names a CI that is neither imported nor stored".to_owned())
        } else {
            None
        };
        let action = match (&refusal, existing.contains(&triple)) {
            (Some(_), _) => RowAction::Refused,
            (None, true) => RowAction::Unchanged,
            (None, false) => RowAction::Create,
        };
        report.push(ReportRow {
            at: relation.at,
            kind: "Relation".into(),
            name: label,
            action,
            detail: refusal.unwrap_or_default(),
        });
        if action == RowAction::Create {
            relations.push(triple);
        }
    }
    let new_cis: HashSet<String> = cis.iter().map(|w| w.ci.name.to_lowercase()).collect();
    let assets = crate::assets::server::import::check(
        store,
        plan.assets,
        &plan.asset_tags,
        &new_cis,
        &mut report,
    )
    .await?;
    report.finish();
    Ok(Checked {
        report,
        cis,
        relations,
        assets,
    })
}
