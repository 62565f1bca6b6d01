//! Server-only: assets in an import. `check` matches each planned asset to a stored one by
//! tag and says what would happen to it; `write` writes the checked assets in batches, each
//! one transaction with its timeline entries and audit rows.

use super::{asset_id, content_with, state_of, AssetRecord, Content, FIELDS, TABLE};
use crate::assets::columns::column_of;
use crate::assets::domain::ValidAsset;
use crate::assets::lifecycle::AssetState;
use crate::audit::server::{Actor, NewEntry};
use crate::audit::FieldChange;
use crate::error::{AppError, FieldErrors};
use crate::import::plan::PlannedAsset;
use crate::import::report::{ImportReport, ReportRow, RowAction};
use crate::store::{checked, key_of, Store};
use std::collections::{HashMap, HashSet};
use surrealdb::types::{RecordId, SurrealValue};

/// Assets per transaction.
const BATCH: usize = 500;

/// A checked asset to create or update.
pub struct AssetWrite {
    key: String,
    /// The stored version an update starts from; `None` for a new asset.
    version: Option<i64>,
    state: AssetState,
    asset: ValidAsset,
    changes: Vec<FieldChange>,
}

/// Why a row cannot be imported as it is, column by column.
fn refusal(error: AppError) -> String {
    match error {
        AppError::Validation(errors) => errors
            .0
            .iter()
            .map(|e| format!("{}: {}", column_of(&e.field), e.message))
            .collect::<Vec<_>>()
            .join(" "),
        other => other.to_string(),
    }
}

fn states() -> String {
    let labels: Vec<&str> = AssetState::ALL.iter().map(|s| s.label()).collect();
    labels.join(", ")
}

/// What importing `planned` would do. `new_cis` are the names (lower case) of CIs the
/// same import creates, which an asset may link to.
pub async fn check(
    store: &Store,
    planned: Vec<PlannedAsset>,
    pattern: &crate::assets::tags::TagPattern,
    new_cis: &HashSet<String>,
    report: &mut ImportReport,
) -> Result<Vec<AssetWrite>, AppError> {
    if planned.is_empty() {
        return Ok(Vec::new());
    }
    let linked: Vec<String> = planned
        .iter()
        .map(|p| p.input.ci.trim().to_lowercase())
        .filter(|name| !name.is_empty())
        .collect();
    let mut response = checked(
        store
            .db()
            .query([FIELDS, " asset"].concat())
            .query("SELECT VALUE name_key FROM ci WHERE name_key IN $names")
            .bind(("names", linked))
            .await?,
    )?;
    let stored: Vec<AssetRecord> = response.take(0)?;
    let known_cis: HashSet<String> = response.take::<Vec<String>>(1)?.into_iter().collect();
    let by_tag: HashMap<String, &AssetRecord> =
        stored.iter().map(|a| (a.tag.to_uppercase(), a)).collect();
    let keys: HashSet<String> = stored.iter().map(|a| key_of(&a.id)).collect();
    let untagged = planned
        .iter()
        .filter(|p| p.input.tag.trim().is_empty())
        .count();
    let taken = stored
        .iter()
        .map(|a| a.tag.as_str())
        .chain(planned.iter().map(|p| p.input.tag.trim()));
    let mut free = pattern.following(taken, untagged).into_iter();
    let mut writes = Vec::new();
    for row in planned {
        let mut input = row.input;
        if input.tag.trim().is_empty() {
            input.tag = free.next().unwrap_or_default();
        }
        let existing = by_tag.get(&input.tag.trim().to_uppercase()).copied();
        let outcome = judge(&input, &row.state, existing, &known_cis, new_cis);
        let (action, detail) = match &outcome {
            Err(why) => (RowAction::Refused, why.clone()),
            Ok((_, _, changes)) if existing.is_some() && changes.is_empty() => {
                (RowAction::Unchanged, String::new())
            }
            Ok((_, _, changes)) if existing.is_some() => {
                let fields: Vec<&str> = changes.iter().map(|c| c.field.as_str()).collect();
                (RowAction::Update, fields.join(", "))
            }
            Ok((_, state, _)) => (RowAction::Create, state.label().to_owned()),
        };
        report.push(ReportRow {
            at: row.at,
            kind: "Asset".into(),
            name: format!("{} {}", input.tag.trim().to_uppercase(), input.name.trim()),
            action,
            detail,
        });
        if let (Ok((asset, state, changes)), RowAction::Create | RowAction::Update) =
            (outcome, action)
        {
            let key = match existing {
                Some(stored) => key_of(&stored.id),
                None if keys.contains(&asset.tag.to_lowercase()) => {
                    uuid::Uuid::new_v4().simple().to_string()
                }
                None => asset.tag.to_lowercase(),
            };
            writes.push(AssetWrite {
                key,
                version: existing.map(|e| e.version),
                state,
                asset,
                changes,
            });
        }
    }
    Ok(writes)
}

type Judged = (ValidAsset, AssetState, Vec<FieldChange>);

/// The asset as it would be written, or why it cannot be.
fn judge(
    input: &crate::assets::domain::AssetInput,
    state: &str,
    existing: Option<&AssetRecord>,
    known_cis: &HashSet<String>,
    new_cis: &HashSet<String>,
) -> Result<Judged, String> {
    let asset = input.validate().map_err(refusal)?;
    if let Some(ci) = &asset.ci {
        let name = ci.to_lowercase();
        if !known_cis.contains(&name) && !new_cis.contains(&name) {
            return Err(format!("CI: no CI is called \u{201c}{ci}\u{201d}."));
        }
    }
    let wanted = match state.trim() {
        "" => None,
        text => Some(AssetState::parse(text).ok_or_else(|| {
            format!(
                "State: \u{201c}{text}\u{201d} is not a state; use one of {}.",
                states()
            )
        })?),
    };
    let after = asset.to_input();
    match existing {
        None => {
            let state = wanted.unwrap_or(AssetState::InStock);
            let mut changes = crate::audit::diff(&Vec::new(), &after.audit_fields());
            changes.push(FieldChange {
                field: "state".into(),
                before: None,
                after: Some(state.label().to_owned()),
            });
            Ok((asset, state, changes))
        }
        Some(stored) => {
            let current = state_of(&stored.state).map_err(|e| e.to_string())?;
            if let Some(wanted) = wanted.filter(|w| *w != current) {
                return Err(format!(
                    "State: {} is {}; states change by lifecycle moves on the asset's page, not by import ({} asked).",
                    stored.tag,
                    current.label(),
                    wanted.label()
                ));
            }
            let changes =
                crate::audit::diff(&stored.fields().audit_fields(), &after.audit_fields());
            Ok((asset, current, changes))
        }
    }
}

#[derive(SurrealValue)]
struct NewAsset {
    id: RecordId,
    data: Content,
    state: String,
}

#[derive(SurrealValue)]
struct ChangedAsset {
    id: RecordId,
    data: Content,
    version: i64,
}

/// Writes checked assets after the CIs they link to; `progress` hears after every batch.
pub async fn write(
    store: &Store,
    actor: &Actor,
    writes: Vec<AssetWrite>,
    progress: impl Fn(usize),
) -> Result<(), AppError> {
    let names: Vec<String> = writes
        .iter()
        .filter_map(|w| w.asset.ci.as_ref().map(|n| n.to_lowercase()))
        .collect();
    let mut response = checked(
        store
            .db()
            .query("SELECT id, name_key FROM ci WHERE name_key IN $names")
            .bind(("names", names))
            .await?,
    )?;
    #[derive(SurrealValue)]
    struct Named {
        id: RecordId,
        name_key: String,
    }
    let cis: HashMap<String, RecordId> = response
        .take::<Vec<Named>>(0)?
        .into_iter()
        .map(|c| (c.name_key, c.id))
        .collect();
    let mut writes = writes.into_iter().peekable();
    let mut done = 0;
    while writes.peek().is_some() {
        let mut creates = Vec::new();
        let mut updates = Vec::new();
        let mut entries = Vec::new();
        for write in writes.by_ref().take(BATCH) {
            let ci = write
                .asset
                .ci
                .as_ref()
                .map(|name| cis.get(&name.to_lowercase()).cloned().ok_or_else(vanished))
                .transpose()?;
            let data = content_with(&write.asset, write.asset.tag.clone(), ci);
            let id = asset_id(&write.key);
            let action = if write.version.is_some() {
                "update"
            } else {
                "create"
            };
            entries.push(NewEntry::new(
                actor,
                TABLE,
                &write.key,
                action,
                &write.changes,
            ));
            match write.version {
                Some(version) => updates.push(ChangedAsset { id, data, version }),
                None => creates.push(NewAsset {
                    id,
                    data,
                    state: write.state.label().to_owned(),
                }),
            }
            done += 1;
        }
        checked(
            store
                .db()
                .query("BEGIN")
                .query(
                    "FOR $a IN $creates { \
                       CREATE $a.id CONTENT object::extend($a.data, { state: $a.state }); \
                       CREATE asset_event CONTENT { asset: $a.id, by: $by, what: 'Imported', to: $a.state }; \
                     }",
                )
                .query(
                    "FOR $a IN $updates { \
                       LET $done = (UPDATE $a.id MERGE $a.data WHERE version = $a.version RETURN VALUE id); \
                       IF array::len($done) = 0 { THROW 'asset-stale' }; \
                       UPDATE $a.id SET version += 1; \
                     }",
                )
                .query("INSERT INTO audit $entries")
                .query("COMMIT")
                .bind(("creates", creates))
                .bind(("updates", updates))
                .bind(("entries", entries))
                .bind(("by", actor.name.clone()))
                .await?,
        )
        .map_err(|error| {
            if error.to_string().contains("asset-stale") {
                AppError::Conflict(
                    "An asset in the file was changed while it was imported, so that batch was not written. Check the file again.".into(),
                )
            } else if crate::store::is_unique_violation(&error, "asset_tag") {
                FieldErrors::single("files", "A tag in the file was taken while it was imported; check the file again.")
            } else {
                error.into()
            }
        })?;
        progress(done);
    }
    Ok(())
}

fn vanished() -> AppError {
    FieldErrors::single(
        "files",
        "A CI an asset links to was removed during the import; check the file again.",
    )
}
