//! Server-only: the inventory list (filtered, searched, sorted, paged), its CSV export,
//! and bulk changes to selected CIs.

use super::ImpactIndex;
use super::{ci_id, criticality_of, environment_of, get, shown, status_of, TABLE};
use crate::audit::server::{Actor, NewEntry};
use crate::audit::FieldChange;
use crate::cmdb::domain::{CiPage, CiRow, CiStatus};
use crate::cmdb::query::ValidQuery;
use crate::error::AppError;
use crate::store::{checked, key_of, Store};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use surrealdb::types::{Datetime, RecordId, SurrealValue};

const ROW_FIELDS: &str = "SELECT id, name, name_key, class.name AS class_name, status, \
     environment, criticality, owner, tags, description, attributes, updated_at FROM";

#[derive(SurrealValue)]
struct RowRecord {
    id: RecordId,
    name: String,
    class_name: String,
    status: String,
    environment: String,
    criticality: i64,
    owner: Option<String>,
    tags: Vec<String>,
    description: String,
    attributes: BTreeMap<String, String>,
    updated_at: Datetime,
}

/// What a list row leaves out and the export adds.
struct Details {
    tags: Vec<String>,
    description: String,
    attributes: BTreeMap<String, String>,
}

impl RowRecord {
    fn into_row(self) -> Result<(CiRow, Details), AppError> {
        Ok((
            CiRow {
                id: key_of(&self.id),
                name: self.name,
                class_name: self.class_name,
                status: status_of(&self.status)?,
                environment: environment_of(&self.environment)?,
                criticality: criticality_of(self.criticality)?,
                owner: self.owner,
                updated_at: shown(&self.updated_at),
            },
            Details {
                tags: self.tags,
                description: self.description,
                attributes: self.attributes,
            },
        ))
    }
}

/// The rows of the CIs `keys`, in that order. A CI deleted since the index saw it is left
/// out.
async fn rows(store: &Store, keys: &[String]) -> Result<Vec<RowRecord>, AppError> {
    let ids: Vec<RecordId> = keys.iter().map(|k| ci_id(k)).collect();
    let mut response = checked(
        store
            .db()
            .query([ROW_FIELDS, " $ids"].concat())
            .bind(("ids", ids))
            .await?,
    )?;
    let mut found: HashMap<String, RowRecord> = response
        .take::<Vec<RowRecord>>(0)?
        .into_iter()
        .map(|r| (key_of(&r.id), r))
        .collect();
    Ok(keys.iter().filter_map(|k| found.remove(k)).collect())
}

/// One page of the inventory: searched, filtered, sorted and paged in the impact index's
/// memory, and the page's rows read from the store.
pub async fn list(
    store: &Store,
    index: &ImpactIndex,
    query: &ValidQuery,
) -> Result<CiPage, AppError> {
    let (keys, total) = index.list(query);
    let rows = rows(store, &keys)
        .await?
        .into_iter()
        .map(|r| r.into_row().map(|(row, _)| row))
        .collect::<Result<_, AppError>>()?;
    Ok(CiPage {
        rows,
        total,
        page: query.page,
        per_page: query.per_page,
    })
}

/// Every CI matching the query, as CSV with a header row of field labels and a column
/// per attribute, the columns the Trellis CSV import reads back.
pub async fn export_csv(
    store: &Store,
    index: &ImpactIndex,
    query: &ValidQuery,
) -> Result<Vec<u8>, AppError> {
    let found = rows(store, &index.list_all(query)).await?;
    let found = found
        .into_iter()
        .map(RowRecord::into_row)
        .collect::<Result<Vec<_>, AppError>>()?;
    let labels: BTreeSet<&str> = found
        .iter()
        .flat_map(|(_, details)| details.attributes.keys().map(String::as_str))
        .collect();
    let mut out = csv::Writer::from_writer(Vec::new());
    let header = ["ID"]
        .into_iter()
        .chain(crate::import::native::CI_COLUMNS.iter().copied())
        .chain(["Updated"]);
    out.write_record(header.chain(labels.iter().copied()))
        .map_err(crate::store::export_failed)?;
    for (row, details) in &found {
        let criticality = row.criticality.to_string();
        let tags = details.tags.join(", ");
        let fixed = [
            row.id.as_str(),
            &row.name,
            &row.class_name,
            row.status.label(),
            row.environment.label(),
            &criticality,
            row.owner.as_deref().unwrap_or_default(),
            &tags,
            &details.description,
            &row.updated_at,
        ];
        let attributes = labels
            .iter()
            .map(|label| details.attributes.get(*label).map_or("", String::as_str));
        out.write_record(fixed.into_iter().chain(attributes))
            .map_err(crate::store::export_failed)?;
    }
    out.into_inner().map_err(crate::store::export_failed)
}

const BULK_CONFLICT: &str = "bulk-conflict";

fn bulk_conflict(error: surrealdb::Error) -> AppError {
    if error.to_string().contains(BULK_CONFLICT) {
        AppError::Conflict(
            "One of the selected CIs was changed or deleted meanwhile, so nothing was changed. The list shows the latest; select again.".into(),
        )
    } else {
        error.into()
    }
}

/// One selected CI as a bulk change sees it.
#[derive(SurrealValue)]
struct BulkItem {
    id: RecordId,
    version: i64,
    entry: NewEntry,
}

/// Sets the status of every selected CI, all or none, each with its audit entry.
/// Returns how many changed (those already in that status are left alone).
pub async fn bulk_status(
    store: &Store,
    actor: &Actor,
    keys: &[String],
    status: CiStatus,
) -> Result<usize, AppError> {
    let mut items = Vec::new();
    for key in keys {
        let ci = get(store, key).await?;
        if ci.status == status {
            continue;
        }
        let change = FieldChange {
            field: "status".into(),
            before: Some(ci.status.label().to_owned()),
            after: Some(status.label().to_owned()),
        };
        items.push(BulkItem {
            id: ci_id(key),
            version: i64::try_from(ci.version).unwrap_or(i64::MAX),
            entry: NewEntry::new(actor, TABLE, key, "update", &[change]),
        });
    }
    let changed = items.len();
    checked(
        store
            .db()
            .query("BEGIN")
            .query(
                "FOR $item IN $items { \
                   LET $id = $item.id; \
                   LET $done = (UPDATE $id SET status = $status, version += 1 WHERE version = $item.version RETURN VALUE id); \
                   IF array::len($done) = 0 { THROW 'bulk-conflict' }; \
                   CREATE audit CONTENT $item.entry; \
                 }",
            )
            .query("COMMIT")
            .bind(("items", items))
            .bind(("status", status.label().to_owned()))
            .await?,
    )
    .map_err(bulk_conflict)?;
    tracing::info!(changed, status = status.label(), "bulk status change");
    Ok(changed)
}

/// Deletes every selected CI with its relations, all or none, each audited.
pub async fn bulk_delete(store: &Store, actor: &Actor, keys: &[String]) -> Result<usize, AppError> {
    let mut items = Vec::new();
    for key in keys {
        let ci = get(store, key).await?;
        let mut changes = crate::audit::diff(&ci.audit_fields(), &Vec::new());
        changes.extend(ci.relations.iter().map(|r| FieldChange {
            field: r.label.clone(),
            before: Some(r.other.name.clone()),
            after: None,
        }));
        items.push(BulkItem {
            id: ci_id(key),
            version: i64::try_from(ci.version).unwrap_or(i64::MAX),
            entry: NewEntry::new(actor, TABLE, key, "delete", &changes),
        });
    }
    let deleted = items.len();
    checked(
        store
            .db()
            .query("BEGIN")
            .query(
                "FOR $item IN $items { \
                   LET $id = $item.id; \
                   LET $gone = (DELETE $id WHERE version = $item.version RETURN BEFORE); \
                   IF array::len($gone) = 0 { THROW 'bulk-conflict' }; \
                   UPDATE asset SET ci = NONE WHERE ci = $id; \
                   UPDATE redundancy_group SET members -= $id WHERE members CONTAINS $id; \
                   CREATE audit CONTENT $item.entry; \
                 }",
            )
            .query("COMMIT")
            .bind(("items", items))
            .await?,
    )
    .map_err(bulk_conflict)?;
    tracing::info!(deleted, "bulk delete");
    Ok(deleted)
}
